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

Under load (--concurrency, or --clients): needs wrk (`apt-get install wrk`).

    .venv/bin/python benchmarks/api_bench.py --works 10000 --concurrency --db falkordb --db neo4j
    .venv/bin/python benchmarks/api_bench.py --works 2000 --clients 1,16 --duration 3 --db neo4j   # quick

Five queries, each POSTed by wrk with every sampled author in turn (benchmarks/loadgen/graphql.lua
reads the JSON bodies from a file): trivial (`author(id) { id name }`), nested (an author, their 20
newest works, each work's first 10 authors and its topics), profile, researcherContext and
closeCollaborators. For each client count of --clients (default 1,16,64), one wrk run of --duration
seconds (default 10): min(clients, 2) threads, one keep-alive connection per client, loopback only,
--latency for p50 and p99; non-2xx answers, bodies with "errors", socket errors and requests
unanswered after 5 s (--timeout) are errors, reported per run (a run with errors is marked ! and
fails the targets it is used in). Rows:
- ScholarGraph 1w and 2w: the API under uvicorn with one worker process (as `scholargraph serve`)
  and with two (`uvicorn --workers 2`), each warmed up before its runs (up to 3 s a query), after
  the database's own warm-up (the raw named queries, up to 5 s a query);
- raw named queries: as many threads as clients, each with its own connection (open_graph), calling
  graph.query on the named queries behind the query (nested: the two the resolvers run, one after
  the other) for the same time, in a process of their own; `x raw` is req/s over raw req/s;
- neo4j-graphql, on a Neo4j engine when benchmarks/peers/neo4j-graphql is there (`npm ci` run in it
  when its node_modules are missing): the Neo4j GraphQL Library served over the same Neo4j, driven
  with the same settings on nested and trivial (queries.json, whose scholargraph_query texts are then
  the ones ScholarGraph is driven with too) once check.py's same_data says that both answer the same
  for a few authors (a mismatch is printed loudly and leaves the peer's rows out).
All the servers run side by side and the runs go query by query, each client count on every row in
turn (the database keeps getting faster for minutes: Neo4j's JIT), so that drift does not favour one.
Then the targets, PASS or FAIL (ScholarGraph = 1 worker): Neo4j, at 16 clients ScholarGraph >= 1.0x
the peer's req/s on nested and trivial, and a 1-client p50 no higher than the peer's; FalkorDB, at 16
clients GraphQL >= 0.8x the raw req/s with p99 under 50 ms, per query; both, trivial at 16 clients
>= 1.5x its 1-client req/s. Exit status 1 when one fails. wrk, the API, the database, the raw load
process and the peer share this machine's cores: the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import http.client
import importlib.util
import os
import queue
import random
import re
import shutil
import signal
import socket
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
import platformdirs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphdb import BadURLError, Graph, embedded, engine_of, neo4j_local, open_graph, schema  # noqa: E402
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

Named = list[tuple[str, Callable[[str], dict[str, Any]]]]

# (label, GraphQL query, the named queries its resolvers run one after the other, each with its
# parameters for an author id): the same parameters the resolvers pass (the API's defaults).
# The profile's trust score reads the coherence analysis, a query of its own.
OPERATIONS: list[tuple[str, str, Named]] = [
    ("researcherContext", CONTEXT, [("api/researcher_context",
     lambda a: {"id": a, "works": 10, "collaborators": 10, "topics": 5, "institutions": 3})]),
    ("profile", PROFILE, [("api/author_profile", lambda a: {"ids": [a], "topics": 5}),
                          ("api/author_coherence", lambda a: {"ids": [a]})]),
    ("closeCollaborators", COLLABORATORS, [("api/close_collaborators",
     lambda a: {"id": a, "first": 20, "topics": 5})]),
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
        rows = graph.query("analyze/coauthor_network", {"after": after, "limit": 20000}).rows
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


def start_api(db_url: str, workers: int = 1, fast_path: bool = True) -> tuple[subprocess.Popen[bytes], str]:
    """The API as `scholargraph serve` runs it (uvicorn, create_app), with `workers` uvicorn worker
    processes (--workers, beyond one: what `scholargraph serve` does not offer); `fast_path` False
    sets SCHOLARGRAPH_API_FAST_PATH=off (every request through strawberry's view)."""
    port = free_port()
    env = {**os.environ, "SCHOLARGRAPH_DB_URL": db_url,
           "SCHOLARGRAPH_API_FAST_PATH": "on" if fast_path else "off"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         *(["--workers", str(workers)] if workers > 1 else [])], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the API exited at start (status {proc.returncode})")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_process(proc)
    raise SystemExit("the API did not come up within 60 s")


def stop_process(proc: subprocess.Popen[Any], timeout: float = 30) -> None:
    """SIGTERM (uvicorn stops its workers on it), SIGKILL after `timeout` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


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

        def raw(named: Named) -> Callable[[str], None]:
            return lambda a: _raw_named(named)(graph, a)

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


# --- concurrency mode (--concurrency / --clients): wrk against the API, threads against the graph ---

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


def _raw_nested(graph: Graph, a: str) -> None:
    """The named queries the resolvers run for NESTED, one after the other: the author, then
    its works page with the works' bylines and topics (Author.works reads its selection ahead)."""
    graph.query("api/authors_by_ids", {"ids": [a]})
    graph.query("api/author_works_detail", {"ids": [a], "order": "DATE", "skip": 0, "limit": 20,
                                            "bylines": True, "authors": 10, "topics": True})


def _raw_named(named: Named) -> Callable[[Graph, str], None]:
    def run(graph: Graph, a: str) -> None:
        for qname, params in named:
            graph.query(qname, params(a))
    return run


FAST_OFF = "1w fast path off"  # the server row of --fast-path-off

# label -> (GraphQL text, what graph.query runs for one request): the queries driven under load.
LOAD_QUERIES: dict[str, tuple[str, Callable[[Graph, str], None]]] = {
    "trivial": (TRIVIAL, _raw_named([("api/authors_by_ids", lambda a: {"ids": [a]})])),
    "nested": (NESTED, _raw_nested),
    **{label: (query, _raw_named(named)) for label, query, named in OPERATIONS},
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
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--raw-load", str(spec)], cwd=ROOT,
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


def is_neo4j(db_url: str) -> bool:
    try:
        return engine_of(db_url) == "neo4j"
    except BadURLError:
        return False


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
    texts = scholargraph_queries()
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
            peer = peer_entries()
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
            for c in args.clients:  # ScholarGraph 1w, 2w, the raw named queries, the peer
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


def load_targets(rows: list[LoadRow], kinds: dict[str, str]) -> list[tuple[str, str]]:
    """(PASS | FAIL | SKIP, the target with its numbers), per engine (`kinds`: engine -> neo4j or
    falkordb); ScholarGraph is the 1-worker API (as `scholargraph serve` runs it). A target that
    uses a run with errors fails."""
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
        if kind == "neo4j":
            for q in PEER_QUERIES:
                check(f"{engine}: {q}: 16 clients, ScholarGraph >= 1.0x {PEER_NAME}'s req/s",
                      find.get((engine, q, 16, sg)), find.get((engine, q, 16, PEER_NAME)),
                      lambda o, p: ratio(o.rps, p.rps) >= 1.0,
                      lambda o, p: f"{o.rps:.0f} vs {p.rps:.0f} = {ratio(o.rps, p.rps):.2f}x")
                check(f"{engine}: {q}: 1 client, ScholarGraph p50 <= {PEER_NAME}'s",
                      find.get((engine, q, 1, sg)), find.get((engine, q, 1, PEER_NAME)),
                      lambda o, p: o.p50 <= p.p50, lambda o, p: f"{o.p50:.2f} vs {p.p50:.2f} ms")
        else:
            for q in LOAD_QUERIES:
                check(f"{engine}: {q}: 16 clients, GraphQL >= 0.8x raw req/s, p99 < 50 ms",
                      find.get((engine, q, 16, sg)), find.get((engine, q, 16, raw_server)),
                      lambda o, r: ratio(o.rps, r.rps) >= 0.8 and o.p99 < 50,
                      lambda o, r: f"{ratio(o.rps, r.rps):.2f}x ({o.rps:.0f} vs {r.rps:.0f}), p99 {o.p99:.1f} ms")
        check(f"{engine}: trivial: 16 clients >= 1.5x 1 client's req/s",
              find.get((engine, "trivial", 16, sg)), find.get((engine, "trivial", 1, sg)),
              lambda s, o: ratio(s.rps, o.rps) >= 1.5,
              lambda s, o: f"{s.rps:.0f} vs {o.rps:.0f} = {ratio(s.rps, o.rps):.2f}x")
    return out


def print_load_report(rows: list[LoadRow], kinds: dict[str, str], problems: list[str], duration: int) -> int:
    raw = {(r.engine, r.query, r.clients): r for r in rows if r.server == "raw named queries"}
    order = {"ScholarGraph 1w": 0, "ScholarGraph 2w": 1, FAST_OFF: 1, "raw named queries": 2, PEER_NAME: 3}
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
          f"{FAST_OFF}: 1 worker with SCHOLARGRAPH_API_FAST_PATH=off. raw named queries: as many "
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
    parser.add_argument("--concurrency", action="store_true",
                        help="measure under load with wrk (the concurrency mode; implied by --clients)")
    parser.add_argument("--clients", help="concurrent clients per run, comma-separated (default 1,16,64)")
    parser.add_argument("--duration", type=int, default=10,
                        help="seconds per run in the concurrency mode (whole seconds, as wrk -d takes them)")
    parser.add_argument("--fast-path-off", action="store_true",
                        help="in the concurrency mode, measure 1 worker with SCHOLARGRAPH_API_FAST_PATH=off "
                             "instead of 2 workers (the fast path's worth, in the same run)")
    parser.add_argument("--raw-load", type=Path, help=argparse.SUPPRESS)  # the raw load process (raw_load)
    args = parser.parse_args(argv)
    if args.raw_load:
        return raw_load_main(args.raw_load)

    args.cache.mkdir(parents=True, exist_ok=True)
    if args.concurrency or args.clients is not None:
        try:
            args.clients = sorted({int(c) for c in (args.clients or "1,16,64").split(",") if c.strip()})
        except ValueError:
            raise SystemExit(f"--clients {args.clients}: expected numbers separated by commas, e.g. 1,16,64") from None
        if not args.clients or min(args.clients) < 1 or args.duration <= 0:
            raise SystemExit("--clients needs counts of at least 1 and --duration a positive number of seconds")
        require_wrk()
        load_rows: list[LoadRow] = []
        kinds: dict[str, str] = {}
        problems: list[str] = []
        for spec in args.db or ["falkordb"]:
            with database(spec, args) as (engine, db_url):
                kinds[engine] = "neo4j" if is_neo4j(db_url) else "falkordb"
                got_rows, got_problems = concurrency_engine(engine, db_url, args)
            load_rows += got_rows
            problems += got_problems
        return print_load_report(load_rows, kinds, problems, args.duration)

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
    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the servers this run started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    raise SystemExit(main())
