"""The latency mode of benchmarks/api_bench.py (the default): per operation, each sampled author
timed through HTTP (POST /graphql, one keep-alive client) and as the raw named queries, in turn;
the table of p50 and p99 side by side, and the targets."""

from __future__ import annotations

import argparse
import http.client
import os
import time
from collections.abc import Callable

import orjson

from benchmarks.api_bench_setup import (
    OPERATIONS,
    Named,
    counts,
    ensure_graph,
    percentile,
    process_cpu_s,
    raw_named,
    sample_authors,
    start_api,
    stop_process,
)
from graphdb import open_graph


def measure(raw: Callable[[str], None], http: Callable[[str], None], authors: list[str],
            rounds: int) -> tuple[list[float], list[float]]:
    """Raw and HTTP timings, interleaved author by author (first one, then the other, then the
    other way round) so that both see the same load and the same caches."""
    raw_ms: list[float] = []
    http_ms: list[float] = []
    pair = [(raw, raw_ms), (http, http_ms)]
    for r in range(rounds):
        for a in authors:
            for fn, out in (pair if r % 2 == 0 else pair[::-1]):
                t = time.perf_counter()
                fn(a)
                out.append((time.perf_counter() - t) * 1000)
    return raw_ms, http_ms


def measure_engine(engine: str, db_url: str, args: argparse.Namespace) -> tuple[list[str], list[str]]:
    """The table rows of one engine, and the targets it missed."""
    graph = open_graph(db_url)
    api = None
    try:
        ensure_graph(graph, args.works, args.seed, args.cache)
        works, authors_total = counts(graph)
        authors = sample_authors(graph, args.authors, args.seed)
        api, base = start_api(db_url)
        host, port_text = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port_text), timeout=30)  # a lean keep-alive client

        def via_http(query: str) -> Callable[[str], None]:
            def call(a: str) -> None:
                conn.request("POST", "/graphql", orjson.dumps({"query": query, "variables": {"id": a}}),
                             {"Content-Type": "application/json"})
                res = conn.getresponse()
                body = orjson.loads(res.read())
                if res.status != 200 or body.get("errors"):
                    raise SystemExit(f"GraphQL error for {a}: {res.status} {body.get('errors')}")
            return call

        def raw(named: Named) -> Callable[[str], None]:
            return lambda a: raw_named(named)(graph, a)

        print(f"{engine}: {works} works, {authors_total} authors; {len(authors)} sampled authors x {args.rounds} "
              "rounds per operation (after one warm-up round)", flush=True)
        rows, failures = [], []
        for label, query, named in OPERATIONS:
            measure(raw(named), via_http(query), authors, 1)  # warm-up: plans, caches, connections
            cpu_before = process_cpu_s(api.pid)
            raw_ms, http_ms = measure(raw(named), via_http(query), authors, args.rounds)
            cpu_after = process_cpu_s(api.pid)
            r50, r99 = percentile(raw_ms, 50), percentile(raw_ms, 99)
            h50, h99 = percentile(http_ms, 50), percentile(http_ms, 99)
            cpu = (f"{1000 * (cpu_after - cpu_before) / len(http_ms):8.2f}"
                   if cpu_before is not None and cpu_after is not None else f"{'-':>8}")
            rate = 1000 * len(http_ms) / sum(http_ms)
            rows.append(f"{engine:<10} {label:<20} {r50:8.2f} {r99:8.2f} {h50:9.2f} {h99:9.2f} {h50 / r50:6.2f} "
                        f"{h99 / r99:6.2f} {rate:8.0f} {cpu}")
            print("  " + rows[-1], flush=True)
            if h50 > 1.5 * r50 or h99 > 1.5 * r99:
                failures.append(f"{engine}: {label}: GraphQL over 1.5x the raw query time")
            if label == "researcherContext" and h99 >= 50:
                failures.append(f"{engine}: researcherContext p99 {h99:.1f} ms, target under 50 ms")
        return rows, failures
    finally:
        if api is not None:
            stop_process(api)
        graph.close()


def print_latency_report(rows: list[str], failures: list[str]) -> int:
    """The table of every engine's rows, the load average, and the targets: 1 when one is missed."""
    header = (f"{'engine':<10} {'operation':<20} {'raw p50':>8} {'raw p99':>8} {'HTTP p50':>9} {'HTTP p99':>9} "
              f"{'x p50':>6} {'x p99':>6} {'HTTP/s':>8} {'API CPU':>8}")
    print()
    print(header)
    print("-" * len(header))
    for line in rows:
        print(line)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print("\n(milliseconds; raw: graph.query on the named query, from this process; HTTP: POST /graphql "
          "to the API process, keep-alive; each author timed both ways in turn; HTTP/s: requests per second "
          "of that one keep-alive client; API CPU: the API process's CPU time per request; load average "
          f"{load:.1f} on {os.cpu_count()} cores)")
    print("targets met" if not failures else "targets missed:\n  " + "\n  ".join(failures))
    return 0 if not failures else 1
