"""Hostile-request benchmark (issue 18): normal clients' latency while attackers send the probes of
docs/api.md "Limits", beside the same clients alone, and the API process's memory after 1,000 bodies
of ~1 MB of distinct query text and 1,000 distinct texts just under the query text limit.

    .venv/bin/python benchmarks/hostile_bench.py                              # 5k works, 10 s per phase
    .venv/bin/python benchmarks/hostile_bench.py --works 2000 --duration 5    # quick

The graph (synthetic, --works) is generated and loaded into an embedded FalkorDB in the cache
directory as benchmarks/api_bench.py does (its functions are imported from there: ensure_graph,
sample_authors, start_api, database), and the API runs as its own uvicorn process (one worker).
1. --clients threads (default 4), each with its own keep-alive httpx client, loop for --duration
   seconds over researcherContext and profile for sampled authors: first alone (the baseline), then
   while --attackers threads (default 4, in a process of their own) loop over hostile requests: a
   fragment bomb (30 fragments, each spreading the previous one twice), 5,000 aliases of __typename,
   two operations of 600 aliases, 300 copies of one field, 999 fields (under the limit: executed), a
   99,000-character text of one field and a comment (parsed and executed), a 1 MB body (413),
   malformed JSON bodies (400), a query nested past the depth limit and 100 unknown arguments in under
   1,000 characters (validated on the event loop: the costliest short text); each hostile text is
   made distinct by a comment (no cache helps).
   Target: the normal clients' p99 under attack under 50 ms.
2. The API process's RSS (VmRSS of /proc/PID/status) before and after 1,000 POSTs each carrying a
   distinct query text just under MAX_BODY_BYTES (refused with 413: over MAX_QUERY_CHARS), then
   1,000 of texts just under MAX_QUERY_CHARS (parsed and run: no cache keeps them). Target: it grows
   by less than 200 MB each time.
Prints a table (with the API process's CPU use, in cores, per phase); exit status 1 when a target
fails. Every server started is stopped at the end, on Ctrl-C and on SIGTERM (--keep-server leaves
the database running). The clients, attackers, API and database share this machine's cores: the
load average is printed with the table.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import httpx
import orjson
import platformdirs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from api.limits import MAX_BODY_BYTES, MAX_QUERY_CHARS  # noqa: E402
from benchmarks.api_bench import (  # noqa: E402
    CONTEXT,
    PROFILE,
    database,
    ensure_graph,
    percentile,
    process_cpu_s,
    sample_authors,
    start_api,
    stop_process,
)
from benchmarks.process_stats import status_mb  # noqa: E402
from graphdb import open_graph  # noqa: E402

Attacked = tuple[collections.Counter[tuple[str, str]], dict[str, list[float]]]  # (kind, status) counts, ms by kind
P99_TARGET_MS = 50.0
RSS_TARGET_MB = 200.0
JSON_HEADERS = {"Content-Type": "application/json"}


def fragment_bomb(n: int, tag: str) -> str:
    """n fragments, each spreading the previous one twice: 2^(n-1) copies of a field, ~40 bytes each."""
    fragments = ["fragment F0 on Author { name }"]
    fragments += [f"fragment F{i} on Author {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n)]
    return f'{{ author(id: "A1") {{ ...F{n - 1} }} }} ' + " ".join(fragments) + f"\n# {tag}"


def deep_query(levels: int, tag: str) -> str:
    """An author's works' authors' works ... nested `levels` times (4 fields deep each): past MAX_DEPTH."""
    inner = "id"
    for _ in range(levels):
        inner = f"works(first: 1) {{ edges {{ node {{ authors(first: 1) {{ author {{ {inner} }} }} }} }} }}"
    return f'{{ author(id: "A1") {{ {inner} }} }}\n# {tag}'


def hostile_requests() -> list[tuple[str, Callable[[str], bytes]]]:
    """(kind, body for a tag): each body a distinct text for each tag."""
    big = "{ __typename }\n#" + "x" * (MAX_BODY_BYTES + 100)

    def gql(make: Callable[[str], str]) -> Callable[[str], bytes]:
        return lambda tag: orjson.dumps({"query": make(tag)})

    return [
        ("fragment bomb", gql(lambda t: fragment_bomb(30, t))),
        ("5000 aliases", gql(lambda t: "{ " + " ".join(f"a{i}: __typename" for i in range(5000)) + f" }}\n# {t}")),
        ("300 same field", gql(lambda t: "{ " + "__typename " * 300 + f"}}\n# {t}")),
        ("999 fields", gql(lambda t: "{ " + " ".join(f"a{i}: __typename" for i in range(999)) + f" }}\n# {t}")),
        ("2 x 600 fields", gql(lambda t: " ".join(f"query Q{q} {{ " + " ".join(f"a{i}: __typename" for i in range(600))
                                                  + " }" for q in range(2)) + f"\n# {t}")),
        ("99k-char text", gql(lambda t: f"{{ __typename }}\n# {t} " + "z" * (MAX_QUERY_CHARS - 1_100))),
        ("1 MB body", gql(lambda t: big + t)),
        ("malformed JSON", lambda t: b'{"query": "{ __typename }", "variables": {' + t.encode()),
        ("deep query", gql(lambda t: deep_query(8, t))),
        ("1 kB of args", gql(lambda t: '{ author(id: "A1") { works(' + ", ".join(f"x{i}: {i}" for i in range(100))
                             + f") {{ totalCount }} }} }}\n# {t}")),
    ]


class Normal(threading.Thread):
    """One normal client: researcherContext and profile in turn for random sampled authors."""

    def __init__(self, base: str, authors: list[str], seed: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.authors, self.stop = base, authors, stop
        self.rng = random.Random(seed)
        self.ms: list[float] = []
        self.errors = 0

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            i = 0
            while not self.stop.is_set():
                query = CONTEXT if i % 2 == 0 else PROFILE
                body = orjson.dumps({"query": query, "variables": {"id": self.rng.choice(self.authors)}})
                t = time.perf_counter()
                try:
                    res = client.post("/graphql", content=body, headers=JSON_HEADERS)
                    ok = res.status_code == 200 and not orjson.loads(res.content).get("errors")
                except httpx.HTTPError:
                    ok = False
                self.ms.append((time.perf_counter() - t) * 1000)
                self.errors += not ok
                i += 1


_MARK = "TAG1234567890"


class Attacker(threading.Thread):
    """One attacker: the hostile requests in turn, each text distinct; counts (kind, status)."""

    def __init__(self, base: str, requests: list[tuple[str, Callable[[str], bytes]]], n: int,
                 stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base, self.requests, self.n, self.stop = base, requests, n, stop
        self.statuses: collections.Counter[tuple[str, str]] = collections.Counter()
        self.ms: dict[str, list[float]] = collections.defaultdict(list)

    def run(self) -> None:
        # each body built once around a marker, then made distinct by splicing a tag in: cheap, so that
        # the attackers take little of the CPU the API needs (real ones would be elsewhere)
        templates = [(kind, make(_MARK).split(_MARK.encode())) for kind, make in self.requests]
        with httpx.Client(base_url=self.base, timeout=60) as client:
            i = 0
            while not self.stop.is_set():
                kind, parts = templates[i % len(templates)]
                body = f"{self.n}-{i}".encode().join(parts)
                t = time.perf_counter()
                try:
                    status = str(client.post("/graphql", content=body,
                                             headers=JSON_HEADERS).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                self.ms[kind].append((time.perf_counter() - t) * 1000)
                self.statuses[(kind, status)] += 1
                i += 1


def attack(base: str, n: int, conn: Connection) -> None:
    """The attackers' process: n Attacker threads from the "go" message to the "stop" one, then
    their (statuses, ms) back through `conn`. A process of their own, so that building and
    sending their texts does not hold the interpreter the normal clients measure with."""
    stop = threading.Event()
    bad = [Attacker(base, hostile_requests(), i, stop) for i in range(n)]
    conn.send("ready")
    conn.recv()
    for t in bad:
        t.start()
    conn.recv()
    stop.set()
    for t in bad:
        t.join(90)
    statuses: collections.Counter[tuple[str, str]] = collections.Counter()
    ms: dict[str, list[float]] = collections.defaultdict(list)
    for t in bad:
        statuses.update(t.statuses)
        for kind, values in t.ms.items():
            ms[kind] += values
    conn.send((statuses, dict(ms)))


def run_phase(base: str, authors: list[str], args: argparse.Namespace, attackers: int
              ) -> tuple[list[Normal], Attacked, float]:
    stop = threading.Event()
    normals = [Normal(base, authors, args.seed + i, stop) for i in range(args.clients)]
    attacked: Attacked = (collections.Counter(), {})
    conn, child_conn = multiprocessing.get_context("spawn").Pipe()
    child = None
    if attackers:
        child = multiprocessing.get_context("spawn").Process(target=attack, args=(base, attackers, child_conn))
        child.start()
        conn.recv()  # imported and ready
        conn.send("go")
    for t in normals:
        t.start()
    start = time.monotonic()
    try:
        time.sleep(args.duration)
    finally:
        stop.set()
        if child is not None:
            conn.send("stop")
    for t in normals:
        t.join(90)
    if child is not None:
        attacked = conn.recv()
        child.join(30)
    return normals, attacked, time.monotonic() - start


def rss_mb(pid: int) -> float:
    mb = status_mb(pid, "VmRSS")
    if mb is None:
        raise SystemExit(f"no VmRSS for process {pid}")
    return mb


def big_bodies(base: str, n: int, chars: int) -> collections.Counter[int]:
    """n POSTs, each a distinct query text of `chars` characters (a comment pads it)."""
    statuses: collections.Counter[int] = collections.Counter()
    with httpx.Client(base_url=base, timeout=60) as client:
        for i in range(n):
            head = f"{{ __typename }}\n# {i} "
            body = orjson.dumps({"query": head + "y" * (chars - len(head))})
            statuses[client.post("/graphql", content=body, headers=JSON_HEADERS).status_code] += 1
    return statuses


# The memory phase's two kinds of body: refused before parsing (413), and parsed (just under the limit)
BIG_KINDS = {"~1 MB bodies": MAX_BODY_BYTES - 100,
             f"{MAX_QUERY_CHARS - 1_000:,}-character texts": MAX_QUERY_CHARS - 1_000}


def memory_phase(pid: int, base: str, n: int) -> list[tuple[str, float, float, collections.Counter[int]]]:
    """(kind, RSS before, RSS after, statuses) for n distinct bodies of each kind in BIG_KINDS."""
    rows = []
    for kind, chars in BIG_KINDS.items():
        print(f"memory: {n} {kind}", flush=True)
        big_bodies(base, 5, chars)  # buffers and allocator arenas once
        before = rss_mb(pid)
        statuses = big_bodies(base, n, chars)
        rows.append((kind, before, rss_mb(pid), statuses))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=5000, help="synthetic works in the graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--authors", type=int, default=200, help="sampled authors")
    parser.add_argument("--clients", type=int, default=4, help="normal client threads")
    parser.add_argument("--attackers", type=int, default=4, help="attacker threads")
    parser.add_argument("--duration", type=float, default=10, help="seconds per phase (alone, under attack)")
    parser.add_argument("--big", type=int, default=1000, help="bodies of each kind sent in the memory phase")
    parser.add_argument("--cache", type=Path, default=Path(platformdirs.user_cache_dir("scholargraph")) / "bench",
                        help="where the data file and the database live")
    parser.add_argument("--port", type=int, default=6391, help="port of the embedded database")
    parser.add_argument("--keep-server", action="store_true", help="leave the database running")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)

    with database("falkordb", args) as (_, db_url):
        graph = open_graph(db_url)
        try:
            ensure_graph(graph, args.works, args.seed, args.cache)
            authors = sample_authors(graph, args.authors, args.seed)
        finally:
            graph.close()
        api, base = start_api(db_url)
        try:
            print(f"{len(authors)} sampled authors; API pid {api.pid}; warming up", flush=True)
            run_phase(base, authors, argparse.Namespace(**{**vars(args), "duration": 2}), 0)
            print(f"baseline: {args.clients} clients alone for {args.duration:g} s", flush=True)
            cpu = [process_cpu_s(api.pid)]
            alone, _, t_alone = run_phase(base, authors, args, 0)
            cpu.append(process_cpu_s(api.pid))
            print(f"under attack: {args.clients} clients, {args.attackers} attackers for {args.duration:g} s",
                  flush=True)
            attacked, (counted, kind_ms), t_attacked = run_phase(base, authors, args, args.attackers)
            cpu.append(process_cpu_s(api.pid))
            memory = memory_phase(api.pid, base, args.big)
        finally:
            stop_process(api)

    failures: list[str] = []
    header = (f"{'normal clients':<16} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} "
              f"{'API CPU':>8}")
    print("\n" + header + "\n" + "-" * len(header))
    figures = {}
    api_cpu = [(b - a) if a is not None and b is not None else float("nan") for a, b in zip(cpu, cpu[1:], strict=False)]
    for (label, threads, took), used in zip((("alone", alone, t_alone), ("under attack", attacked, t_attacked)),
                                            api_cpu, strict=True):
        ms = [m for t in threads for m in t.ms]
        errors = sum(t.errors for t in threads)
        p50, p99 = (percentile(ms, 50), percentile(ms, 99)) if ms else (float("nan"),) * 2
        figures[label] = p99
        print(f"{label:<16} {len(ms):9d} {errors:7d} {p50:8.2f} {p99:8.2f} {len(ms) / took:8.0f} "
              f"{used / took:7.0%}")
        if errors:
            failures.append(f"{label}: {errors} normal requests failed")
    print(f"\nattackers: {sum(counted.values())} requests in {t_attacked:.1f} s (status x count, p50, slowest)")
    by_kind: dict[str, list[str]] = collections.defaultdict(list)
    for (kind, status), n in sorted(counted.items()):
        by_kind[kind].append(f"{status} x{n}")
    for kind, parts in by_kind.items():
        print(f"  {kind:<16} {', '.join(parts):<12} p50 {percentile(kind_ms[kind], 50):7.1f} ms, "
              f"max {max(kind_ms[kind]):7.1f} ms")
    ratio = figures["under attack"] / figures["alone"]
    ok_p99 = figures["under attack"] < P99_TARGET_MS
    print()
    for kind, before, after, statuses in memory:
        print(f"memory: API RSS {before:.0f} MB -> {after:.0f} MB (+{after - before:.0f} MB) after {args.big} distinct "
              f"{kind}; statuses {dict(sorted(statuses.items()))}")
    grown = max(after - before for _, before, after, _ in memory)
    ok_rss = grown < RSS_TARGET_MB
    load = os.getloadavg()[0]
    print(f"\n{'PASS' if ok_p99 else 'FAIL'}  normal clients' p99 under attack {figures['under attack']:.1f} ms "
          f"< {P99_TARGET_MS:.0f} ms ({ratio:.2f}x the baseline's {figures['alone']:.1f} ms)")
    print(f"{'PASS' if ok_rss else 'FAIL'}  API RSS grows by at most {grown:.0f} MB < {RSS_TARGET_MB:.0f} MB")
    print(f"(clients, attackers, API and database on this machine's {os.cpu_count()} cores; load average {load:.1f})")
    for f in failures:
        print(f"FAIL  {f}")
    return 1 if failures or not ok_p99 or not ok_rss else 0


if __name__ == "__main__":
    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the servers this run started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    raise SystemExit(main())
