"""The shared part of benchmarks/api_bench.py: the three operations it measures (CONTEXT, PROFILE,
COLLABORATORS and the named queries behind them), the synthetic graph (generated and loaded once,
kept in the cache directory), the databases it starts (--db) and the API process, and the small
helpers both modes use (percentiles, a process's CPU time). benchmarks/hostile_bench.py and
benchmarks/autocomplete_bench.py use them too (through benchmarks.api_bench)."""

from __future__ import annotations

import argparse
import contextlib
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

from benchmarks.process_stats import process_cpu_s  # noqa: F401 (api_bench_latency, hostile_bench and api_bench import it from here)
from graphdb import BadURLError, Graph, embedded, engine_of, neo4j_local, schema
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl

ROOT = Path(__file__).resolve().parents[1]

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


def start_api(db_url: str, workers: int = 1, fast_path: bool = True,
              factory: str = "api.app:create_app") -> tuple[subprocess.Popen[bytes], str]:
    """The API as `scholargraph serve` runs it (uvicorn, create_app), with `workers` uvicorn worker
    processes (--workers, beyond one: what `scholargraph serve` does not offer); `fast_path` False
    sets SCHOLARGRAPH_API_FAST_PATH=off (every request through strawberry's view); `factory` another
    app served the same way (benchmarks.api_floor's)."""
    port = free_port()
    env = {**os.environ, "SCHOLARGRAPH_DB_URL": db_url,
           "SCHOLARGRAPH_API_FAST_PATH": "on" if fast_path else "off"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1",
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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


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


def raw_named(named: Named) -> Callable[[Graph, str], None]:
    """graph.query on each named query of `named`, one after the other, for an author id."""
    def run(graph: Graph, a: str) -> None:
        for qname, params in named:
            graph.query(qname, params(a))
    return run


def is_neo4j(db_url: str) -> bool:
    try:
        return engine_of(db_url) == "neo4j"
    except BadURLError:
        return False
