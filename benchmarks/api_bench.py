"""API benchmark: researcherContext, profile and closeCollaborators through HTTP, against the
raw time of the named queries behind them, on a synthetic graph, on each engine asked for (--db).

    .venv/bin/python benchmarks/api_bench.py                 # 100k works (generated and loaded once)
    .venv/bin/python benchmarks/api_bench.py --works 10000   # smaller, while developing
    .venv/bin/python benchmarks/api_bench.py --works 10000 --db falkordb --db neo4j   # both engines, one table

The graph is generated with scholargraph.synthetic and loaded with loaders.pipeline.load. --db,
once per engine (default: falkordb): `falkordb` is an embedded FalkorDB in a cache directory
(graph `bench_<works>_s<seed>`); `neo4j` is a local Neo4j started with graphdb.neo4j_local in a
cache directory of its own per graph (`neo4j_<works>_s<seed>`; the launcher's heap and page
cache unless `neo4j:heap=MB:pagecache=MB` says otherwise); either is kept there, so a second run
skips straight to measuring, and stopped at the end (--keep-server leaves it running); a URL
(`falkordb://HOST:PORT/GRAPH`, `bolt://HOST:PORT`) is a running server, loaded first when it
holds fewer works. Engines are measured one after the other, each server started for its own
measurements. The API runs as its own uvicorn process (as `scholargraph serve` does), queried
over HTTP with keep-alive; the raw times are graph.query(...) on the same named queries with
the same parameters, from this process. Prints p50 and p99 side by side and the requests per
second of one keep-alive client, per engine, and whether the targets hold on each: researcherContext
p99 under 50 ms, GraphQL at most 1.5x the raw query time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import platformdirs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphdb import Graph, embedded, neo4j_local, open_graph, schema  # noqa: E402
from loaders.pipeline import load  # noqa: E402
from scholargraph.synthetic import write_jsonl  # noqa: E402

CONTEXT = """query($id: ID!) { researcherContext(authorId: $id) {
  nodes { id kind label weight center year citedByCount subtitle community }
  edges { id source target kind weight } } }"""
PROFILE = """query($id: ID!) { author(id: $id) { id name orcid profile {
  counts { works citations topics collaborators followers } hIndex i10Index
  topTopics { topic { id name } works share }
  currentAffiliations { institution { id name country } firstYear lastYear }
  pastAffiliations { institution { id name } lastYear }
  novelty community pagerank betweenness claimStatus claimed
  trust { score band label verificationLevel signals { name value weight contribution detail } } } } }"""
COLLABORATORS = """query($id: ID!) { closeCollaborators(authorId: $id) {
  author { id name } sharedWorks firstYear lastYear sharedTopics { topic { id name } works share } } }"""

# (label, GraphQL query, named query, its parameters for an author id): the same parameters
# the resolvers pass (the API's defaults).
OPERATIONS: list[tuple[str, str, str, Callable[[str], dict[str, Any]]]] = [
    ("researcherContext", CONTEXT, "api/researcher_context",
     lambda a: {"id": a, "works": 10, "collaborators": 10, "topics": 5, "institutions": 3}),
    ("profile", PROFILE, "api/author_profile", lambda a: {"ids": [a], "topics": 5}),
    ("closeCollaborators", COLLABORATORS, "api/close_collaborators",
     lambda a: {"id": a, "first": 20, "topics": 5}),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def counts(graph: Graph) -> tuple[int, int]:
    rows = graph.query("api/graph_counts").rows
    return (rows[0]["works"], rows[0]["authors"]) if rows else (0, 0)


def ensure_graph(graph: Graph, works: int, seed: int, cache: Path) -> None:
    have, _ = counts(graph)
    if have >= works:
        print(f"graph ready: {have} works (cached)")
        return
    data = cache / f"synthetic_{works}_s{seed}.jsonl"
    if not data.exists():
        print(f"generating {works} works -> {data}")
        tmp = data.with_suffix(".part")
        write_jsonl(tmp, works, seed)
        tmp.rename(data)
    print(f"loading {data} (idempotent; minutes at 100k works)")
    schema.init(graph, 384)
    summary = load(graph, [data], "openalex", progress=True, rejects_path=cache / "rejects.jsonl")
    for line in summary.lines():
        print("  " + line)


def sample_authors(graph: Graph, n: int, seed: int) -> list[str]:
    """Authors drawn uniformly among those with at least one coauthor (the pages the UI shows)."""
    ids: list[str] = []
    degree: dict[str, int] = {}
    after = ""
    while True:
        rows = graph.query("api/analyze_coauthor_network", {"after": after, "limit": 20000}).rows
        for row in rows:
            ids.append(row["id"])
            degree[row["id"]] = degree.get(row["id"], 0) + len(row["edges"])
            for e in row["edges"]:
                degree[e["target"]] = degree.get(e["target"], 0) + 1
        if len(rows) < 20000:
            break
        after = rows[-1]["id"]
    connected = sorted(a for a in ids if degree.get(a))
    return random.Random(seed).sample(connected, min(n, len(connected)))


def start_api(db_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "SCHOLARGRAPH_DB_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the API did not come up within 60 s")


def process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


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


@contextlib.contextmanager
def database(spec: str, args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """(engine column, URL of the graph) for one --db: a server this benchmark starts in the cache
    directory (and stops after, unless --keep-server), or a URL as given."""
    if "://" in spec:
        yield spec, spec
        return
    head, *opts = spec.split(":")
    if head == "falkordb" and not opts:
        db_dir, port = args.cache / "falkordb", args.port
        embedded.start(db_dir, port, timeout=600)
        try:
            yield "falkordb", f"falkordb://127.0.0.1:{port}/bench_{args.works}_s{args.seed}"
        finally:
            if not args.keep_server:
                embedded.stop(db_dir, port)
        return
    memory = {"heap": 2048, "pagecache": 2048}
    for opt in opts:
        key, _, value = opt.partition("=")
        if head != "neo4j" or key not in memory or not value.isdigit():
            raise SystemExit(f"--db {spec}: expected falkordb, neo4j[:heap=MB:pagecache=MB] or a URL")
        memory[key] = int(value)
    if head != "neo4j":
        raise SystemExit(f"--db {spec}: expected falkordb, neo4j[:heap=MB:pagecache=MB] or a URL")
    data_dir = args.cache / f"neo4j_{args.works}_s{args.seed}"
    print(f"starting Neo4j {neo4j_local.DEFAULT_VERSION} in {data_dir} (heap {memory['heap']} MB, "
          f"page cache {memory['pagecache']} MB)", flush=True)
    status = neo4j_local.start(data_dir, args.neo4j_port, http_port=free_port(), heap_mb=memory["heap"],
                               page_cache_mb=memory["pagecache"])
    try:
        yield spec, str(status.bolt_url)
    finally:
        if not args.keep_server:
            neo4j_local.stop(data_dir)


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

        def raw(qname: str, params: Callable[[str], dict[str, Any]]) -> Callable[[str], None]:
            return lambda a: graph.query(qname, params(a)) and None

        print(f"{engine}: {works} works, {authors_total} authors; {len(authors)} sampled authors x {args.rounds} "
              "rounds per operation (after one warm-up round)", flush=True)
        rows, failures = [], []
        for label, query, qname, params in OPERATIONS:
            measure(raw(qname, params), via_http(query), authors, 1)  # warm-up: plans, caches, connections
            cpu_before = process_cpu_s(api.pid)
            raw_ms, http_ms = measure(raw(qname, params), via_http(query), authors, args.rounds)
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
            api.terminate()
            api.wait(10)
        graph.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=100_000, help="synthetic works in the graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", action="append", metavar="ENGINE",
                        help="engine to measure, repeatable: falkordb (default; embedded, in --cache), neo4j "
                             "(a local Neo4j in --cache; neo4j:heap=MB:pagecache=MB for other memory settings), "
                             "or a URL: falkordb://HOST:PORT/GRAPH, bolt://HOST:PORT")
    parser.add_argument("--authors", type=int, default=200, help="sampled authors (each measured once per round)")
    parser.add_argument("--rounds", type=int, default=4, help="measured rounds over the sampled authors")
    parser.add_argument("--cache", type=Path, default=Path(platformdirs.user_cache_dir("scholargraph")) / "bench",
                        help="where the data file and the databases live")
    parser.add_argument("--port", type=int, default=6391, help="port of the embedded database")
    parser.add_argument("--neo4j-port", type=int, default=7697, help="Bolt port of the local Neo4j (Browser: +1)")
    parser.add_argument("--keep-server", action="store_true", help="leave the databases running")
    args = parser.parse_args(argv)

    args.cache.mkdir(parents=True, exist_ok=True)
    rows: list[str] = []
    failures: list[str] = []
    for spec in args.db or ["falkordb"]:
        with database(spec, args) as (engine, db_url):
            got, missed = measure_engine(engine, db_url, args)
        rows += got
        failures += missed

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


if __name__ == "__main__":
    raise SystemExit(main())
