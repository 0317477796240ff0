"""The concurrency mode of benchmarks/api_bench.py (--concurrency, or --clients): wrk against the
API (1 and 2 uvicorn workers), threads against the graph (the raw named queries, in a process of
their own: api_bench.py --raw-load) and, on Neo4j, the Neo4j GraphQL Library peer; one engine's
rows at a time (concurrency_engine). The table and the targets: benchmarks/api_bench_load_report.py."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks.api_bench_setup import (
    OPERATIONS,
    ROOT,
    Named,
    counts,
    ensure_graph,
    free_port,
    is_neo4j,
    percentile,
    process_cpu_s,
    raw_named,
    sample_authors,
    start_api,
    stop_process,
)
from graphdb import Graph, open_graph

# The one command: the raw load process is api_bench.py --raw-load (main hands it to raw_load_main).
BENCH_SCRIPT = Path(__file__).resolve().with_name("api_bench.py")

NESTED = """query($id: ID!) { author(id: $id) { id name works(first: 20, orderBy: DATE) { edges { node {
  id title year authors(first: 10) { author { id name } } topics { topic { id name } } } } } } }"""
TRIVIAL = """query($id: ID!) { author(id: $id) { id name } }"""

LOADGEN = Path(__file__).resolve().parent / "loadgen"
WRK_SCRIPT = LOADGEN / "graphql.lua"
PEER_DIR = Path(__file__).resolve().parent / "peers" / "neo4j-graphql"
PEER_NAME = "neo4j-graphql"
PEER_QUERIES = ("nested", "trivial")  # the queries the peer is driven with (names in its queries.json)
WRK_TIMEOUT_S = 5  # wrk --timeout: a request unanswered after it is an error
CHECK_AUTHORS = 5  # authors whose answers are compared with the peer's before it is measured


# label -> the named queries one request of it runs, one after the other, each with its parameters
# for an author id: those the resolvers run, with the parameters they pass. Nested: Query.author
# reads its selection ahead, so the works page comes in one query with the bylines' authors and the
# topics as id and name, and the works without their abstract.
NAMED: dict[str, Named] = {
    "trivial": [("api/authors_by_ids", lambda a: {"ids": [a]})],
    "nested": [("api/author_works_detail", lambda a: {
        "ids": [a], "order": "DATE", "skip": 0, "limit": 20, "bylines": True, "authors": 10, "topics": True,
        "full_authors": False, "full_topics": False, "abstracts": False})],
    **{label: named for label, _, named in OPERATIONS},
}

FAST_OFF = "1w fast path off"  # the server row of --fast-path-off
FLOOR = "HTTP floor 1w"  # benchmarks/api_floor.py: HTTP, the named queries and JSON, no GraphQL

# label -> (GraphQL text, what graph.query runs for one request): the queries driven under load.
LOAD_QUERIES: dict[str, tuple[str, Callable[[Graph, str], None]]] = {
    "trivial": (TRIVIAL, raw_named(NAMED["trivial"])),
    "nested": (NESTED, raw_named(NAMED["nested"])),
    **{label: (query, raw_named(NAMED[label])) for label, query, _ in OPERATIONS},
}


@dataclasses.dataclass
class LoadRow:
    engine: str
    query: str
    clients: int
    server: str  # "ScholarGraph 1w", "ScholarGraph 2w", "raw named queries", PEER_NAME
    rps: float
    p50: float  # ms
    p99: float  # ms
    requests: int
    errors: int
    first_error: str = ""
    cpu_ms: float | None = None  # the API process's CPU time per request (1-worker servers)

    def line(self, raw: LoadRow | None) -> str:
        share = f"{self.rps / raw.rps:6.2f}" if raw is not None and raw.rps and self.server != raw.server else f"{'':6}"
        flag = "!" if self.errors else " "
        cpu = f"{self.cpu_ms:8.2f}" if self.cpu_ms is not None else f"{'':8}"
        return (f"{self.engine:<10} {self.query:<19} {self.clients:>7} {self.server:<18} {self.rps:9.1f}{flag} "
                f"{self.p50:8.2f} {self.p99:8.2f} {self.errors:>7} {share} {cpu}")


LOAD_HEADER = (f"{'engine':<10} {'query':<19} {'clients':>7} {'server':<18} {'req/s':>9}  {'p50 ms':>8} "
               f"{'p99 ms':>8} {'errors':>7} {'x raw':>6} {'CPU ms':>8}")


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("--concurrency needs wrk, the HTTP load generator: `apt-get install wrk` (Debian, Ubuntu; "
                         "`brew install wrk` on macOS)")
    return wrk


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(text: str) -> dict[str, Any]:
    """req/s, p50 and p99 (ms, from --latency's distribution), requests, and errors: socket errors
    (connect, read, write, timeout) plus what graphql.lua counted (non-2xx, bodies with "errors")."""
    def grab(pattern: str) -> re.Match[str]:
        found = re.search(pattern, text, re.MULTILINE)
        if found is None:
            raise SystemExit(f"wrk's output has no {pattern!r}:\n{text}")
        return found

    pct = {int(m[1]): float(m[2]) * _UNITS_MS[m[3]]
           for m in re.finditer(r"^\s+(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.MULTILINE)}
    if 50 not in pct or 99 not in pct:
        raise SystemExit(f"wrk's output has no latency distribution (--latency):\n{text}")
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    lua = grab(r"^graphql\.lua: non2xx=(\d+) body_errors=(\d+)")
    example = re.search(r"^graphql\.lua: first error: (.*)$", text, re.MULTILINE)
    return {"rps": float(grab(r"^Requests/sec:\s+([\d.]+)")[1]), "p50": pct[50], "p99": pct[99],
            "requests": int(grab(r"^\s+(\d+) requests in")[1]),
            "errors": int(lua[1]) + int(lua[2]) + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
            "first_error": example[1] if example else (socket_errors[0] if socket_errors else "")}


def run_wrk(url: str, bodies: Path, clients: int, duration: int) -> dict[str, Any]:
    """One wrk run: min(clients, 2) threads, `clients` keep-alive connections, `duration` seconds,
    a request unanswered after WRK_TIMEOUT_S counted as an error (wrk --timeout), POSTing the lines of
    `bodies`."""
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit(f"the load generator stays on the loopback interface, not {url}")
    timeout = WRK_TIMEOUT_S
    cmd = [require_wrk(), "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{duration}s",
           "--timeout", f"{timeout}s", "--latency", "-s", str(WRK_SCRIPT), url, "--", str(bodies)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + timeout + 30)
    except subprocess.TimeoutExpired as exc:
        raise SystemExit(f"wrk did not finish in {duration + timeout + 30:g} s: {' '.join(cmd)}") from exc
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout}{done.stderr}")
    return parse_wrk(done.stdout + done.stderr)


def write_bodies(path: Path, query: str, authors: list[str], variables: Callable[[str], dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps({"query": query, "variables": variables(a)}) + b"\n" for a in authors))
    return path


def post_graphql(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """One request; the parsed body, or SystemExit on a transport error, a non-200 or GraphQL errors."""
    try:
        res = httpx.post(url, json={"query": query, "variables": variables}, timeout=60)
        body = res.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SystemExit(f"POST {url} failed: {exc}") from exc
    if res.status_code != 200 or not isinstance(body, dict) or body.get("errors") or body.get("data") is None:
        raise SystemExit(f"POST {url} {variables}: {res.status_code} {str(body)[:500]}")
    return body


def raw_load(db_url: str, engine: str, label: str, authors: list[str], clients: int, duration: int,
             tmp: Path) -> LoadRow:
    """`clients` threads calling graph.query on the named queries behind `label`, each with its own
    connection (graphdb.open_graph), in a process of their own (this script, --raw-load)."""
    spec = tmp / f"raw_{label}_{clients}.json"
    spec.write_bytes(orjson.dumps({"url": db_url, "query": label, "authors": authors, "clients": clients,
                                   "duration": duration}))
    limit = duration + 120 + clients  # connecting and warming up take a while with many clients
    try:
        done = subprocess.run([sys.executable, str(BENCH_SCRIPT), "--raw-load", str(spec)], cwd=ROOT,
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired as exc:
        raise SystemExit(f"the raw load process ({label}, {clients} clients) did not finish in {limit:g} s") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"the raw load process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    got = orjson.loads(done.stdout.strip().splitlines()[-1])
    return LoadRow(engine, label, clients, "raw named queries", got["rps"], got["p50"], got["p99"], got["requests"],
                   got["errors"], got["first_error"])


def raw_load_main(spec_file: Path) -> int:
    """The process raw_load starts: prints one JSON line {rps, p50, p99, requests, errors, first_error}."""
    spec = orjson.loads(spec_file.read_bytes())
    call = LOAD_QUERIES[spec["query"]][1]
    authors: list[str] = spec["authors"]
    clients: int = spec["clients"]
    graphs = [open_graph(spec["url"]) for _ in range(clients)]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    first_error: list[str] = []
    ends = [0.0] * clients
    barrier = threading.Barrier(clients + 1)
    window = {"end": 0.0}

    def client(i: int) -> None:
        graph, k, out = graphs[i], (i * 101) % len(authors), latencies[i]
        with contextlib.suppress(Exception):
            call(graph, authors[k])  # warm-up: the connection, the plan
        barrier.wait()
        end = window["end"]
        while (t := time.perf_counter()) < end:
            k = (k + 1) % len(authors)
            try:
                call(graph, authors[k])
            except Exception as exc:  # noqa: BLE001 -- counted and reported, the run goes on
                errors[i] += 1
                if not first_error:
                    first_error.append(f"{type(exc).__name__}: {exc}"[:300])
                continue
            out.append((time.perf_counter() - t) * 1000)
        ends[i] = time.perf_counter()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        while barrier.n_waiting < clients:  # every client warmed up
            time.sleep(0.01)
        start = time.perf_counter()
        window["end"] = start + spec["duration"]
        barrier.wait()
        for thread in threads:
            thread.join()
    finally:
        for graph in graphs:
            with contextlib.suppress(Exception):
                graph.close()
    merged = [ms for out in latencies for ms in out]
    elapsed = max(ends) - start
    print(orjson.dumps({"rps": len(merged) / elapsed if elapsed > 0 else 0.0,
                        "p50": percentile(merged, 50) if merged else 0.0,
                        "p99": percentile(merged, 99) if merged else 0.0,
                        "requests": len(merged), "errors": sum(errors),
                        "first_error": first_error[0] if first_error else ""}).decode())
    return 0


def scholargraph_queries() -> dict[str, str]:
    """The GraphQL text per label: nested and trivial from the peer's queries.json when it is there
    (the very queries compared with the peer), the script's own otherwise."""
    texts = {label: query for label, (query, _) in LOAD_QUERIES.items()}
    for entry in peer_entries().values():
        if entry["name"] in texts and entry.get("scholargraph_query"):
            texts[entry["name"]] = entry["scholargraph_query"]
    return texts


def peer_entries() -> dict[str, dict[str, Any]]:
    path = PEER_DIR / "queries.json"
    if not path.is_file():
        return {}
    return {e["name"]: e for e in orjson.loads(path.read_bytes()) if e.get("name") in PEER_QUERIES}


def load_same_data() -> Callable[[str, Any, Any], list[str]]:
    spec = importlib.util.spec_from_file_location("neo4j_graphql_check", PEER_DIR / "check.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {PEER_DIR / 'check.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.same_data  # type: ignore[no-any-return]


@contextlib.contextmanager
def peer_server(bolt_url: str) -> Iterator[str]:
    """The Neo4j GraphQL Library (benchmarks/peers/neo4j-graphql/server.mjs) over `bolt_url`: its
    /graphql URL; `npm ci` there first when its node_modules are missing; stopped on the way out."""
    if not (PEER_DIR / "node_modules").is_dir():
        print(f"npm ci --prefix {PEER_DIR}", flush=True)
        npm = subprocess.run(["npm", "ci", "--prefix", str(PEER_DIR)], capture_output=True, text=True, timeout=900)
        if npm.returncode != 0:
            raise RuntimeError(f"npm ci failed ({npm.returncode}): {(npm.stdout + npm.stderr)[-2000:]}")
    port = free_port()
    proc = subprocess.Popen(["node", str(PEER_DIR / "server.mjs"), "--bolt", bolt_url, "--port", str(port)],
                            cwd=PEER_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str | None] = queue.Queue()
    tail: list[str] = []

    def drain() -> None:  # reads all its output, so that it never blocks on a full pipe
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"{PEER_NAME} did not say it was listening within 60 s: {''.join(tail)}") from None
            if line is None:
                raise RuntimeError(f"{PEER_NAME} exited ({proc.wait()}): {''.join(tail)[-2000:]}")
            tail.append(line)
            found = re.search(r"listening on (http://127\.0\.0\.1:\d+/graphql)", line)
            url = found[1] if found else None
        yield url
    finally:
        stop_process(proc, 10)


def measure_one(engine: str, server: str, url: str, label: str, bodies: Path, clients: int, duration: int,
                pid: int | None = None) -> LoadRow:
    """One wrk run; with `pid` (a 1-worker API), also its CPU time per request, which a busy
    machine disturbs less than req/s (only the process's own work counts)."""
    before = process_cpu_s(pid) if pid is not None else None
    got = run_wrk(url, bodies, clients, duration)
    after = process_cpu_s(pid) if pid is not None else None
    cpu = (after - before) * 1000 / got["requests"] if before is not None and after is not None and got["requests"] \
        else None
    return LoadRow(engine, label, clients, server, got["rps"], got["p50"], got["p99"], got["requests"],
                   got["errors"], got["first_error"], cpu)


def show(row: LoadRow) -> None:
    print("  " + row.line(None), flush=True)
    if row.errors:
        print(f"  !! {row.errors} errors, first: {row.first_error}", flush=True)


def warm_up(url: str, bodies: Path, args: argparse.Namespace) -> None:
    """Load before the measured runs (plans, caches, a JIT, every worker's connections): up to 3 s at
    up to 16 connections; errors here stop the benchmark."""
    got = run_wrk(url, bodies, min(max(args.clients), 16), min(args.duration, 3))
    if got["errors"]:
        raise SystemExit(f"errors while warming up {url} ({bodies.stem}): {got['errors']}, first: {got['first_error']}")


def concurrency_engine(engine: str, db_url: str, args: argparse.Namespace) -> tuple[list[LoadRow], list[str]]:
    """The rows of one engine under load, and the problems to report loudly (peer mismatches, a peer
    that did not start). Every server is started first and the runs go query by query, client count
    by client count, one server after the other: the database keeps getting faster for minutes
    (Neo4j's JIT), and measuring one server entirely before the next favoured whichever came last."""
    graph = open_graph(db_url)
    try:
        ensure_graph(graph, args.works, args.seed, args.cache)
        works, authors_total = counts(graph)
        authors = sample_authors(graph, args.authors, args.seed)
    finally:
        graph.close()
    texts = {label: text for label, text in scholargraph_queries().items() if label in args.queries}
    print(f"{engine}: {works} works, {authors_total} authors; {len(authors)} sampled authors; queries "
          f"{', '.join(texts)}; clients {args.clients}; {args.duration:g} s per run", flush=True)
    rows: list[LoadRow] = []
    problems: list[str] = []
    peer: dict[str, dict[str, Any]] = {}
    if is_neo4j(db_url):
        missing = [f for f in ("server.mjs", "queries.json", "check.py") if not (PEER_DIR / f).is_file()]
        if missing:
            print(f"  (no {PEER_NAME} rows: {PEER_DIR.relative_to(ROOT)} lacks {', '.join(missing)})", flush=True)
        else:
            peer = {label: entry for label, entry in peer_entries().items() if label in texts}
    with tempfile.TemporaryDirectory(prefix="api_bench_") as tmp_name, contextlib.ExitStack() as stack:
        tmp = Path(tmp_name)
        bodies = {label: write_bodies(tmp / f"{label}.jsonl", text, authors, lambda a: {"id": a})
                  for label, text in texts.items()}
        servers: list[tuple[str, str, dict[str, Path]]] = []  # (server, URL of /graphql, bodies per query)
        pids: dict[str, int] = {}  # 1-worker API servers: their process, for CPU time per request
        # (label, workers, fast path): 1 and 2 workers, or with --fast-path-off 1 worker with the
        # endpoint's fast path and 1 without it (same run, same database)
        for name, workers, fast in ((("ScholarGraph 1w", 1, True), (FAST_OFF, 1, False)) if args.fast_path_off
                                    else (("ScholarGraph 1w", 1, True), ("ScholarGraph 2w", 2, True))):
            api, base = start_api(db_url, workers, fast)
            stack.callback(stop_process, api)
            if workers == 1:
                pids[name] = api.pid
            servers.append((name, base + "/graphql", bodies))
        for text in texts.values():  # a clear message for a query that fails, before any load
            for _, url, _ in servers:
                post_graphql(url, text, {"id": authors[0]})
        floor, floor_base = start_api(db_url, factory="benchmarks.api_floor:create_app")
        stack.callback(stop_process, floor)
        pids[FLOOR] = floor.pid
        servers.append((FLOOR, floor_base + "/", {label: write_bodies(tmp / f"floor_{label}.jsonl", label, authors,
                                                                      lambda a: {"id": a}) for label in texts}))
        for label in texts:
            post_graphql(floor_base + "/", label, {"id": authors[0]})
        if peer:
            try:
                url = stack.enter_context(peer_server(db_url))
                print(f"  {PEER_NAME} at {url}", flush=True)
                peer_bodies, mismatches = check_peer(url, servers[0][1], peer, texts, authors, tmp)
            except (RuntimeError, SystemExit, OSError, subprocess.TimeoutExpired) as exc:
                peer_bodies, mismatches = {}, [f"{engine}: {PEER_NAME} not measured: {exc}"]
            for problem in mismatches:
                problems.append(problem if problem.startswith(engine) else f"{engine}: {problem}")
                print("\n  !!!! " + problems[-1] + "\n", flush=True)
            if peer_bodies:
                servers.append((PEER_NAME, url, peer_bodies))
        # The database warms up first (page cache, plans, Neo4j's JIT): the named queries of each query.
        warm_s = min(args.duration, 5)
        print(f"  warming up the database: the named queries of each query, {warm_s} s each", flush=True)
        for label in texts:
            warm = raw_load(db_url, engine, label, authors, min(max(args.clients), 16), warm_s, tmp)
            if warm.errors:
                raise SystemExit(f"errors while warming up the database ({label}): {warm.errors}, "
                                 f"first: {warm.first_error}")
        for label in texts:
            driven = [(server, url, server_bodies[label]) for server, url, server_bodies in servers
                      if label in server_bodies]
            for _, url, query_bodies in driven:
                warm_up(url, query_bodies, args)
            for c in args.clients:  # ScholarGraph 1w, 2w, the HTTP floor, the raw named queries, the peer
                for server, url, query_bodies in driven:
                    if server == PEER_NAME:
                        continue
                    rows.append(measure_one(engine, server, url, label, query_bodies, c, args.duration,
                                            pids.get(server)))
                    show(rows[-1])
                rows.append(raw_load(db_url, engine, label, authors, c, args.duration, tmp))
                show(rows[-1])
                for server, url, query_bodies in driven:
                    if server == PEER_NAME:
                        rows.append(measure_one(engine, server, url, label, query_bodies, c, args.duration))
                        show(rows[-1])
    return rows, problems


def check_peer(peer_url: str, api_url: str, peer: dict[str, dict[str, Any]], texts: dict[str, str],
               authors: list[str], tmp: Path) -> tuple[dict[str, Path], list[str]]:
    """For each peer query, whether the peer and ScholarGraph give the same data for the first
    CHECK_AUTHORS authors (check.py's same_data): the request bodies of the queries that do, and a
    line per query that does not (its peer rows are then left out)."""
    same_data = load_same_data()
    bodies: dict[str, Path] = {}
    problems: list[str] = []
    for label, entry in peer.items():
        differ = []
        for a in authors[:CHECK_AUTHORS]:
            ours = post_graphql(api_url, texts[label], {"id": a})
            theirs = post_graphql(peer_url, entry["peer_query"], {"id": a})
            differ += [f"{a}: {d}" for d in same_data(label, theirs, ours)]
        if differ:
            problems.append(f"{PEER_NAME} and ScholarGraph answer {label} differently, the peer's rows are left "
                            f"out: " + "; ".join(differ[:5]))
        else:
            bodies[label] = write_bodies(tmp / f"peer_{label}.jsonl", entry["peer_query"], authors,
                                         lambda a: {"id": a})
    return bodies, problems


