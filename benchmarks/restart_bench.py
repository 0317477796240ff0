"""Restart benchmark: how long the embedded FalkorDB takes to come back after `db stop` and
after kill -9, beside the load that made the graph and beside the old persistence set-up's
restart, in the same run, on synthetic OpenAlex works (scholargraph.synthetic).

    .venv/bin/python benchmarks/restart_bench.py                      # 10k and 100k works
    .venv/bin/python benchmarks/restart_bench.py --sizes 10000
    .venv/bin/python benchmarks/restart_bench.py --sizes 100000 --baseline-timeout 300

What it does, per size:
- generates the works file once (gzip JSON lines, cached in --cache, by default
  $TMPDIR/scholargraph-load-bench, shared with load_bench.py) with `write_jsonl(path, n, seed)`;
- the set-up `scholargraph db start` uses (graphdb.embedded): a fresh embedded server in a
  temporary data directory on a free port; the load as `scholargraph load openalex` runs it
  (schema.init, `loaders.pipeline.load` with --batch-size, then `Graph.checkpoint()`, which
  folds the append-only log into an RDB base); node and relationship counts read;
  - kill -9 of the server right after the load (its checkpoint has run), then
    `embedded.start` timed until it answers; counts read again and checked equal;
  - `embedded.stop` (what `db stop` does: a rewrite onto an RDB base, SHUTDOWN NOSAVE)
    timed, then `embedded.start` timed; counts checked equal again;
- the baseline, the old set-up (before issue 21): the same server and module with the old
  persistence settings (the append-only log with redis's default 64 MB rewrite threshold,
  RDB save points, no checkpoint after the load, SHUTDOWN SAVE at stop: the RDB it writes
  is ignored on start, because the append-only file wins), the same load into a fresh data
  directory, a stop, and a start timed until the server answers PING, capped at
  --baseline-timeout (">N s (stopped)" then: the server is killed, its directory deleted).
  After a kill -9 the old set-up replays the very same files, so that restart is measured
  once. Below 64 MB of log (10k-20k works) the old set-up never rewrote: its restart replays
  every query of the load on an empty base, schema commands first (the CRITICAL lines), and
  that replay is far slower than the load was. Past it (100k works) redis had rewritten the
  log onto an RDB base on its own, so the old restart replays only the queries since the
  last rewrite, on a base that holds the indexes: that baseline is fast too;
- the restart times include launching the process (a daemonised redis-server, as `db start`
  does) and end when the server answers; the rows give what the server loaded (RDB base,
  logged queries replayed) and how many CRITICAL lines the restart wrote to its log;
- prints the table and, per size, the restarts as a share of the load time, beside the
  issue's target (at most a fifth of the load).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphdb import Graph, embedded, open_graph, schema  # noqa: E402
from loaders.pipeline import load  # noqa: E402
from scholargraph.synthetic import write_jsonl  # noqa: E402

EMBED_DIM = 384
TARGET = 0.2  # the target: a restart takes at most a fifth of the load
# The old set-up (graphdb/embedded.py before issue 21): redis's default rewrite threshold and
# these save points; no shutdown-on-sigterm settings; SHUTDOWN SAVE at stop, no checkpoint.
OLD_SAVE = "900 1 300 100 60 10000"
OLD_REWRITE_MIN = "64mb"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def works_file(cache: Path, n: int, seed: int) -> Path:
    path = cache / f"works_{n}_s{seed}.jsonl.gz"  # the name load_bench.py gives it
    if not path.exists():
        started = time.perf_counter()
        tmp = path.with_name(f".{path.name.removesuffix('.jsonl.gz')}.part.jsonl.gz")  # gzip: by the suffix
        write_jsonl(tmp, n, seed)
        tmp.rename(path)
        print(f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f}s",
              flush=True)
    return path


def graph_counts(graph: Graph) -> tuple[int, int]:
    return (int(graph.read("MATCH (n) RETURN count(n) AS n").value()),
            int(graph.read("MATCH ()-[r]->() RETURN count(r) AS n").value()))


def aof_parts(data_dir: Path) -> str:
    """What a start loads: the RDB base (or a base of logged queries) and the logged queries."""
    folder = data_dir / embedded.AOF_DIR
    base = incr = 0.0
    kind_of_base = "RDB"
    for name, kind in embedded.aof_files(data_dir):
        size = (folder / name).stat().st_size / 1e6
        if kind == "b":
            base, kind_of_base = size, "RDB" if name.endswith(".rdb") else "query log"
        elif kind == "i":
            incr += size
    return f"{kind_of_base} base {base:.1f} MB + {incr:.1f} MB of logged queries"


def log_size(data_dir: Path) -> int:
    log = data_dir / embedded.LOG_FILE
    return log.stat().st_size if log.exists() else 0


def critical_lines(data_dir: Path, offset: int) -> int:
    text = (data_dir / embedded.LOG_FILE).read_bytes()[offset:].decode(errors="replace")
    return sum("CRITICAL" in line for line in text.splitlines())


def kill_9(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while embedded._is_server(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def timed_load(url: str, path: Path, batch_size: int, workdir: Path, checkpoint: bool) -> dict[str, Any]:
    """`scholargraph load openalex PATH` into a fresh graph: schema, load, checkpoint."""
    with open_graph(url) as graph:
        started = time.perf_counter()
        schema.init(graph, EMBED_DIM)
        summary = load(graph, [path], "openalex", batch_size=batch_size, rejects_path=workdir / "rejects.jsonl",
                       progress=False)
        loaded = time.perf_counter()
        if checkpoint:
            graph.checkpoint()
        done = time.perf_counter()
        nodes, rels = graph_counts(graph)
    return {"seconds": done - started, "checkpoint": done - loaded, "records": summary.records,
            "rejected": summary.rejected, "nodes": nodes, "rels": rels}


@dataclass
class Row:
    works: int
    what: str
    seconds: float | None  # None: stopped at the cap
    load: float | None = None  # the load this restart is compared with
    counts: str = ""
    loaded: str = ""
    critical: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def measure_new(n: int, path: Path, args: argparse.Namespace, rows: list[Row]) -> None:
    """The current set-up: load + checkpoint, kill -9 and start, stop and start."""
    data_dir = Path(tempfile.mkdtemp(prefix="scholargraph-restart-bench-"))
    port = free_port()
    url = f"falkordb://127.0.0.1:{port}/scholar"
    try:
        st = embedded.start(data_dir, port)
        print(f"  {n:,} works: embedded FalkorDB pid {st.pid} on port {port}, data in {data_dir}: load ...",
              end="", flush=True)
        got = timed_load(url, path, args.batch_size, data_dir, checkpoint=True)
        print(f" {got['seconds']:.1f}s", flush=True)
        load_s, want = got["seconds"], (got["nodes"], got["rels"])
        rows.append(Row(n, "load (scholargraph load: schema, load, checkpoint)", load_s,
                        counts=f"{want[0]:,} / {want[1]:,}", loaded=aof_parts(data_dir),
                        note=f"{got['records']:,} records, {got['rejected']} rejected; "
                             f"checkpoint {got['checkpoint']:.1f}s of it"))

        def restart(what: str, note: str) -> None:
            loaded, offset = aof_parts(data_dir), log_size(data_dir)
            print(f"  {n:,} works: {what} ...", end="", flush=True)
            started = time.perf_counter()
            embedded.start(data_dir, port)
            seconds = time.perf_counter() - started
            with open_graph(url) as graph:
                back = graph_counts(graph)
            print(f" {seconds:.2f}s", flush=True)
            same = "equal" if back == want else f"DIFFERENT: {back[0]:,} / {back[1]:,}"
            rows.append(Row(n, what, seconds, load_s, counts=same, loaded=loaded,
                            critical=str(critical_lines(data_dir, offset)), note=note))
            if back != want:
                raise SystemExit(f"{n:,} works, {what}: {back} nodes/relationships after, {want} before")

        kill_9(embedded.status(data_dir, port).pid or 0)
        restart("restart after kill -9 (right after the load)", "embedded.start, until it answers")
        started = time.perf_counter()
        embedded.stop(data_dir, port)
        rows.append(Row(n, "db stop (rewrite onto an RDB base, SHUTDOWN)", time.perf_counter() - started,
                        note="nothing new to fold after the load's checkpoint"))
        restart("restart after db stop", "embedded.start, until it answers")
    finally:
        embedded.stop(data_dir, port)
        shutil.rmtree(data_dir, ignore_errors=True)


def old_args(data_dir: Path, port: int) -> list[str]:
    """redis-server's arguments in the old set-up: today's, less the persistence changes."""
    server, module = embedded._binaries()
    args = embedded._server_args(server, module, data_dir, port)
    out = args[:1]
    for key, value in zip(args[1::2], args[2::2], strict=True):
        if key in {"--shutdown-on-sigterm", "--shutdown-on-sigint", "--aof-use-rdb-preamble"}:
            continue  # not set then (the preamble was redis's default, yes: the same)
        out += [key, {"--save": OLD_SAVE, "--auto-aof-rewrite-min-size": OLD_REWRITE_MIN}.get(key, value)]
    return out


def launch_old(data_dir: Path, port: int) -> int:
    (data_dir / embedded.PID_FILE).unlink(missing_ok=True)
    proc = subprocess.run(old_args(data_dir, port), capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"redis-server failed to start: {proc.stderr or proc.stdout}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid = embedded._read_pid(data_dir)
        if pid is not None:
            return pid
        time.sleep(0.01)
    raise SystemExit(f"no pid file in {data_dir}")


def await_answer(port: int, pid: int, cap: float) -> bool:
    """Until the server answers PING (True), or `cap` seconds (False)."""
    client = embedded._client(port, timeout=0.5)
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        if not embedded._is_server(pid):
            raise SystemExit(f"the old set-up's server (pid {pid}) exited while starting")
        if embedded._probe(client).state == "ready":
            return True
        time.sleep(0.05)
    return False


def measure_old(n: int, path: Path, args: argparse.Namespace, rows: list[Row]) -> None:
    """The baseline: the old settings, load without checkpoint, SHUTDOWN SAVE, start."""
    data_dir = Path(tempfile.mkdtemp(prefix="scholargraph-restart-bench-old-"))
    port = free_port()
    url = f"falkordb://127.0.0.1:{port}/scholar"
    pid = None
    try:
        pid = launch_old(data_dir, port)
        if not await_answer(port, pid, 60):
            raise SystemExit("the old set-up's server did not answer")
        print(f"  {n:,} works: old set-up, pid {pid} on port {port}: load ...", end="", flush=True)
        got = timed_load(url, path, args.batch_size, data_dir, checkpoint=False)
        print(f" {got['seconds']:.1f}s", flush=True)
        load_s, want = got["seconds"], (got["nodes"], got["rels"])
        rows.append(Row(n, "old set-up: load (no checkpoint)", load_s, counts=f"{want[0]:,} / {want[1]:,}",
                        loaded=aof_parts(data_dir), note="save points, 64 MB rewrite threshold"))
        with contextlib.suppress(Exception):
            embedded._client(port, 600).shutdown(save=True)  # the old `db stop`
        while embedded._is_server(pid):
            time.sleep(0.05)
        loaded, offset = aof_parts(data_dir), log_size(data_dir)
        print(f"  {n:,} works: old set-up: restart after db stop (cap {args.baseline_timeout:.0f}s) ...",
              end="", flush=True)
        started = time.perf_counter()
        pid = launch_old(data_dir, port)
        answered = await_answer(port, pid, args.baseline_timeout)
        seconds = time.perf_counter() - started
        if not answered:
            print(f" >{seconds:.0f}s (stopped)", flush=True)
            rows.append(Row(n, "old set-up: restart after db stop (baseline)", None, load_s,
                            counts="not answering", loaded=loaded, critical=str(critical_lines(data_dir, offset)),
                            note="after kill -9: the same files, the same replay", extra={"cap": seconds}))
            return
        with open_graph(url) as graph:
            back = graph_counts(graph)
        print(f" {seconds:.1f}s", flush=True)
        rows.append(Row(n, "old set-up: restart after db stop (baseline)", seconds, load_s,
                        counts="equal" if back == want else f"DIFFERENT: {back[0]:,} / {back[1]:,}",
                        loaded=loaded, critical=str(critical_lines(data_dir, offset)),
                        note="after kill -9: the same files, the same replay"))
    finally:
        if pid is not None and embedded._is_server(pid):
            kill_9(pid)  # a temporary directory, deleted next: nothing to keep
        shutil.rmtree(data_dir, ignore_errors=True)


def fmt_seconds(r: Row) -> str:
    if r.seconds is None:
        return f">{r.extra['cap']:.0f} (stopped)"
    return f"{r.seconds:.2f}" if r.seconds < 10 else f"{r.seconds:.1f}"


def table(rows: list[Row], out: Callable[[str], None] = print) -> None:
    header = ["works", "measurement", "seconds", "/ load", "nodes / rels", "what it loaded", "CRITICAL",
              "note"]
    cells = [[f"{r.works:,}", r.what, fmt_seconds(r),
              f"{r.seconds / r.load:.3f}" if r.load and r.seconds is not None else
              (f">{r.extra['cap'] / r.load:.2f}" if r.load else ""),
              r.counts, r.loaded, r.critical, r.note] for r in rows]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]
    for line in [header, *cells]:
        out("  ".join(c.rjust(w) if i in (0, 2, 3, 6) else c.ljust(w)
                      for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="works per file, comma-separated (10000,100000)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic data seed (0)")
    parser.add_argument("--batch-size", type=int, default=2000, help="records per batch, as `load` (2000)")
    parser.add_argument("--baseline-timeout", type=float, default=600.0,
                        help="seconds the old set-up's restart may take before it is stopped (600)")
    parser.add_argument("--no-baseline", action="store_true", help="measure the current set-up only")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "scholargraph-load-bench",
                        help="where generated files are kept between runs")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.cache.mkdir(parents=True, exist_ok=True)
    files = {n: works_file(args.cache, n, args.seed) for n in sizes}
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start", flush=True)

    rows: list[Row] = []
    for n in sizes:
        measure_new(n, files[n], args, rows)
        if not args.no_baseline:
            measure_old(n, files[n], args, rows)

    print()
    print(f"Restart benchmark: synthetic OpenAlex works (seed {args.seed}), batch size {args.batch_size}, "
          f"embedded FalkorDB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
    print("  current set-up: graphdb.embedded (append-only file with an RDB preamble, rewrite from 16 MB, "
          "no save points, checkpoint after the load, rewrite at stop, shutdown-on-sigterm nosave)")
    print(f"  old set-up (baseline): append-only file, rewrite from {OLD_REWRITE_MIN}, save points "
          f"\"{OLD_SAVE}\", no checkpoint, SHUTDOWN SAVE at stop")
    table(rows)
    print()
    for n in sizes:
        load_s = next(r.seconds for r in rows if r.works == n and r.what.startswith("load"))
        assert load_s is not None
        verdicts = []
        for r in rows:
            if r.works != n or not r.what.startswith("restart"):
                continue
            share = (r.seconds or 0.0) / load_s
            verdicts.append(f"{r.what.split(' (')[0]} {r.seconds:.2f}s = {share:.3f} of the load "
                            f"({'met' if share <= TARGET else 'NOT met'})")
        print(f"{n:,} works, load {load_s:.1f}s; target: a restart at most {TARGET:.2f} of the load: "
              + "; ".join(verdicts))
        old = next((r for r in rows if r.works == n and r.what.startswith("old set-up: restart")), None)
        new = next((r for r in rows if r.works == n and r.what == "restart after db stop"), None)
        if old and new and new.seconds:
            print(f"{n:,} works: the old set-up's restart "
                  + (f"took {old.seconds:.1f}s, {old.seconds / new.seconds:.0f}x this one"
                     if old.seconds is not None else f"had not answered after {old.extra['cap']:.0f}s "
                     f"(more than {old.extra['cap'] / new.seconds:.0f}x this one)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
