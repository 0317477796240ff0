"""Where the engine waits during a batched load: one pipelined load of a works file into a fresh
embedded FalkorDB, the engine's CPU sampled every 2 ms, the loader's named queries logged, and
the engine's idle time printed by what the loader had last done before it.

    .venv/bin/python benchmarks/load_timeline.py                  # the 10,000-work benchmark file
    .venv/bin/python benchmarks/load_timeline.py --works 100000
    .venv/bin/python benchmarks/load_timeline.py --file works.jsonl.gz

The file is load_bench.py's (synthetic OpenAlex works, seed 0, cached in the same place). A child
process reads the CPU time of every thread of the server and of the loader (/proc/PID/task/*/
schedstat, nanoseconds) every 2 ms; the loader logs each named query it sends ("send X"), each
reply it waited for ("after X") and each wait for its pipelined writes ("drain", "drained").
A 2 ms slice in which the server's threads ran less than 2 ms is idle time for the engine, put
down to the last event before the slice ("start" is the parse of the first batch). The sampler
takes CPU itself, so the load runs slower than in load_bench.py: read the shares, not the seconds.
A label's idle time is its slices' time less the server's CPU in them: where two server threads
ran at once (the main thread reading the next query while a worker runs one), that nets out
against the idle slices of the same label.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import glob
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load_bench import CACHE, free_port, works_file  # noqa: E402
from graphdb import embedded, open_graph, schema  # noqa: E402
from loaders import query_sender  # noqa: E402
from loaders.pipeline import load  # noqa: E402

SAMPLE_S = 0.002


def _cpu_ns(pid: int) -> int:
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that ended since the glob
            total += int(Path(path).read_text().split()[0])
    return total


def _sample(server: int, loader: int, out: Any, stop: Any) -> None:
    samples = []
    while not stop.is_set():
        samples.append((time.perf_counter(), _cpu_ns(server), _cpu_ns(loader)))
        time.sleep(SAMPLE_S)
    out.put(samples)


def _log_queries(events: list[tuple[float, str]]) -> None:
    """Log the writer's queries: QuerySender's _send and _drain, wrapped."""
    send, drain = query_sender.QuerySender._send, query_sender.QuerySender._drain

    def logged_send(self: query_sender.QuerySender, name: str, params: dict[str, Any], *,
                    read: bool = False, wait: bool = True, after_writes: bool = True) -> Any:
        events.append((time.perf_counter(), f"send {name}"))
        result = send(self, name, params, read=read, wait=wait, after_writes=after_writes)
        if wait or self._pipe is None:
            events.append((time.perf_counter(), f"after {name}"))
        return result

    def logged_drain(self: query_sender.QuerySender) -> None:
        events.append((time.perf_counter(), "drain"))
        drain(self)
        events.append((time.perf_counter(), "drained"))

    query_sender.QuerySender._send = logged_send  # type: ignore[method-assign]
    query_sender.QuerySender._drain = logged_drain  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=10_000, help="works in load_bench.py's file (10000)")
    parser.add_argument("--file", type=Path, help="another OpenAlex works file")
    parser.add_argument("--top", type=int, default=12, help="events to list (12)")
    args = parser.parse_args()
    if args.file is None:
        CACHE.mkdir(parents=True, exist_ok=True)
    path = args.file or works_file(CACHE, args.works, 0)

    events: list[tuple[float, str]] = []
    _log_queries(events)
    data = Path(tempfile.mkdtemp(prefix="scholargraph-timeline-"))
    port = free_port()
    server = embedded.start(data, port)
    try:
        graph = open_graph(f"falkordb://127.0.0.1:{port}/timeline")
        schema.init(graph, 384)
        ctx = multiprocessing.get_context("spawn")
        out, stop = ctx.Queue(), ctx.Event()
        sampler = ctx.Process(target=_sample, args=(server.pid, os.getpid(), out, stop), daemon=True)
        sampler.start()
        time.sleep(0.3)
        started = time.perf_counter()
        events.append((started, "start"))
        load(graph, [path], "openalex", progress=False, rejects_path=data / "rejects.jsonl")
        ended = time.perf_counter()
        time.sleep(0.05)
        stop.set()
        samples = out.get()
        sampler.join()
    finally:
        embedded.stop(data, port)

    times = [t for t, _ in events]
    idle: Counter[str] = Counter()
    busy: Counter[str] = Counter()
    loader: Counter[str] = Counter()
    for (t0, e0, l0), (t1, e1, l1) in zip(samples, samples[1:], strict=False):
        if t0 < started or t1 > ended:
            continue
        k = bisect.bisect_right(times, t0) - 1
        label = events[k][1] if k >= 0 else "start"
        engine = (e1 - e0) / 1e9
        busy[label] += engine
        idle[label] += (t1 - t0) - engine  # less than nothing where two server threads ran at once
        loader[label] += (l1 - l0) / 1e9
    wall = ended - started
    print(f"{path.name}: {wall:.2f} s with the sampler; the engine ran {sum(busy.values()):.2f} CPU-s and "
          f"waited {sum(idle.values()):.2f} s; the loader ran {sum(loader.values()):.2f} CPU-s")
    print(f"{'engine idle s':>14} {'engine CPU s':>13} {'loader CPU s':>13}  after the loader's")
    for label, seconds in sorted(idle.items(), key=lambda item: -item[1])[:args.top]:
        print(f"{seconds:14.3f} {busy[label]:13.3f} {loader[label]:13.3f}  {label}")


if __name__ == "__main__":
    main()
