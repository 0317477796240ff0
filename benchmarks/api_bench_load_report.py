"""The concurrency mode's table and targets (benchmarks/api_bench.py --concurrency): the rows of
every engine, query by query and client count by client count, and PASS or FAIL per target."""

from __future__ import annotations

import os
from collections.abc import Callable

from benchmarks.api_bench_load import FAST_OFF, FLOOR, LOAD_HEADER, LOAD_QUERIES, PEER_NAME, PEER_QUERIES, LoadRow


def load_targets(rows: list[LoadRow], kinds: dict[str, str]) -> list[tuple[str, str]]:
    """(PASS | FAIL | SKIP, the target with its numbers), per engine (`kinds`: engine -> neo4j or
    falkordb), for the queries driven (--queries); ScholarGraph is the 1-worker API (as
    `scholargraph serve` runs it). A target that uses a run with errors fails."""
    out: list[tuple[str, str]] = []
    find = {(r.engine, r.query, r.clients, r.server): r for r in rows}
    sg, raw_server = "ScholarGraph 1w", "raw named queries"

    def check(name: str, ours: LoadRow | None, other: LoadRow | None, ok: Callable[[LoadRow, LoadRow], bool],
              numbers: Callable[[LoadRow, LoadRow], str]) -> None:
        if ours is None or other is None:
            out.append(("SKIP", f"{name}: not measured"))
            return
        flagged = " (runs with errors)" if ours.errors or other.errors else ""
        out.append(("FAIL" if flagged or not ok(ours, other) else "PASS", f"{name}: {numbers(ours, other)}{flagged}"))

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("inf")

    for engine, kind in kinds.items():
        driven = {r.query for r in rows if r.engine == engine}  # --queries may leave some out
        if kind == "neo4j":
            for q in (q for q in PEER_QUERIES if q in driven):
                check(f"{engine}: {q}: 16 clients, ScholarGraph >= 1.0x {PEER_NAME}'s req/s",
                      find.get((engine, q, 16, sg)), find.get((engine, q, 16, PEER_NAME)),
                      lambda o, p: ratio(o.rps, p.rps) >= 1.0,
                      lambda o, p: f"{o.rps:.0f} vs {p.rps:.0f} = {ratio(o.rps, p.rps):.2f}x")
                check(f"{engine}: {q}: 1 client, ScholarGraph p50 <= {PEER_NAME}'s",
                      find.get((engine, q, 1, sg)), find.get((engine, q, 1, PEER_NAME)),
                      lambda o, p: o.p50 <= p.p50, lambda o, p: f"{o.p50:.2f} vs {p.p50:.2f} ms")
        else:
            for q in (q for q in LOAD_QUERIES if q in driven):
                check(f"{engine}: {q}: 16 clients, GraphQL >= 0.8x raw req/s, p99 < 50 ms",
                      find.get((engine, q, 16, sg)), find.get((engine, q, 16, raw_server)),
                      lambda o, r: ratio(o.rps, r.rps) >= 0.8 and o.p99 < 50,
                      lambda o, r: f"{ratio(o.rps, r.rps):.2f}x ({o.rps:.0f} vs {r.rps:.0f}), p99 {o.p99:.1f} ms")
        if "trivial" in driven:
            check(f"{engine}: trivial: 16 clients >= 1.5x 1 client's req/s",
                  find.get((engine, "trivial", 16, sg)), find.get((engine, "trivial", 1, sg)),
                  lambda s, o: ratio(s.rps, o.rps) >= 1.5,
                  lambda s, o: f"{s.rps:.0f} vs {o.rps:.0f} = {ratio(s.rps, o.rps):.2f}x")
    return out


def print_load_report(rows: list[LoadRow], kinds: dict[str, str], problems: list[str], duration: int) -> int:
    raw = {(r.engine, r.query, r.clients): r for r in rows if r.server == "raw named queries"}
    order = {"ScholarGraph 1w": 0, "ScholarGraph 2w": 1, FAST_OFF: 1, FLOOR: 2, "raw named queries": 3, PEER_NAME: 4}
    queries = list(LOAD_QUERIES)
    peers = any(r.server == PEER_NAME for r in rows)
    print()
    print(LOAD_HEADER)
    print("-" * len(LOAD_HEADER))
    engines = list(kinds)
    for key in sorted({(r.engine, r.query, r.clients) for r in rows},
                      key=lambda k: (engines.index(k[0]), queries.index(k[1]), k[2])):
        for r in sorted((r for r in rows if (r.engine, r.query, r.clients) == key), key=lambda r: order[r.server]):
            print(r.line(raw.get(key)))
        print()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"(wrk: min(clients, 2) threads, one keep-alive connection per client, {duration:g} s per run, "
          "POST /graphql cycling over the sampled authors; p50/p99 from wrk --latency; errors: non-2xx, bodies "
          "with \"errors\", socket errors and timeouts; ! marks a run with errors, whose req/s is not a "
          "throughput. ScholarGraph 1w/2w: uvicorn with 1 or 2 worker processes; "
          f"{FAST_OFF}: 1 worker with SCHOLARGRAPH_API_FAST_PATH=off. {FLOOR}: benchmarks/api_floor.py, "
          "uvicorn serving the same named queries' rows as JSON with no GraphQL, the bound of any API in "
          "Python over this engine client. raw named queries: as many "
          "threads as clients calling graph.query on the named queries behind the query, each with its own "
          "connection, in a process of their own; x raw: req/s / raw req/s; CPU ms: the 1-worker API "
          "process's CPU time (user + system) per request. "
          f"{PEER_NAME + ': the Neo4j GraphQL Library over the same Neo4j (benchmarks/peers). ' if peers else ''}"
          f"Load average {load:.1f} on {os.cpu_count()} cores: wrk, the API, the database"
          f"{', the raw load process and the peer' if peers else ' and the raw load process'} share them.)")
    targets = load_targets(rows, kinds)
    print("\ntargets (ScholarGraph = 1 worker):")
    for verdict, text in targets:
        print(f"  {verdict}  {text}")
    for problem in problems:
        print(f"  FAIL  {problem}")
    failed = problems or any(v == "FAIL" for v, _ in targets)
    return 1 if failed else 0

