"""Load benchmark: the batched loader beside a one-record-per-transaction baseline and the
engine's own CREATE-only floor, in the same run, on synthetic OpenAlex works
(scholargraph.synthetic), on each engine asked for (--db).

    .venv/bin/python benchmarks/load_bench.py                          # 10k and 100k works, embedded FalkorDB
    .venv/bin/python benchmarks/load_bench.py --sizes 10000 --batch-size 5000
    .venv/bin/python benchmarks/load_bench.py --sizes 10000 --db falkordb --db neo4j   # both engines, one table
    .venv/bin/python benchmarks/load_bench.py --rows bulk,batched,parse --parse-only   # --bulk beside batched

What it does:
- generates the works files once (gzip JSON lines, cached in --cache, by default
  $TMPDIR/scholargraph-load-bench) with `write_jsonl(path, n_works, seed)`;
- --db, once per engine (default: falkordb): `falkordb` starts its own embedded FalkorDB
  (a temporary data directory, a free port; the same persistence settings as `scholargraph
  db start`); `neo4j` starts its own local Neo4j with graphdb.neo4j_local (a temporary data
  directory, free ports, the launcher's heap and page cache unless `neo4j:heap=MB:pagecache=MB`
  says otherwise); a URL (`falkordb://HOST:PORT`, `bolt://HOST:PORT`) uses a running server
  (on Neo4j its database must be empty: each measurement deletes what it wrote). Engines run
  one after the other, each server started for its own measurements and stopped after them,
  so each has the machine to itself; a server it did not start gets no server CPU column;
- before an engine's measurements, one untimed warm-up load of the first --warmup-records
  records (5000: Neo4j plans its queries and the JVM compiles the hot code then, which took
  more server CPU than the load itself when measured cold);
- runs every measurement in a fresh child process (so its peak RSS is its own) that
  loads into a fresh, empty graph with the schema in place, exactly as
  `scholargraph load openalex` does (`loaders.pipeline.load`); on FalkorDB a new graph,
  on Neo4j its one database emptied (it has one database per server);
- batched: the whole file with --batch-size records per batch;
- bulk (unless --no-bulk; on FalkorDB, and on a Neo4j the benchmark started itself):
  `load openalex --bulk` (loaders.bulk.run.bulk_load) into the same kind of fresh graph, parse to
  indexed graph, with its phases' seconds; on Neo4j that includes neo4j-admin's import and the
  server's restart on the new store (its server CPU not known: the server it started is gone);
- batched, not pipelined: the same, each batch written before parsing on; the
  per-query breakdown comes from this run (the pipelined writer sends its writes
  without waiting for their replies, so its engine time cannot be split by query);
- baseline: the same loader with batch_size=1 (one record per write transaction, each of its
  queries a transaction of its own) on the first --baseline-records records of the same file,
  its rate extrapolated to the whole file (a full baseline at 100k would take hours; its rate
  only falls as the graph grows, so the extrapolation flatters the baseline, not the batched
  loader);
- engine floor (10k works by default, --floor-sizes): the graph the loader made, read back,
  then written again into a fresh graph with the same schema by the simplest Cypher there is
  (CREATE only, no MERGE, no lookups but the endpoints' ids, UNWIND batches of --batch-size
  rows, one transaction each, no parsing), through the same client: the fastest any Cypher
  loader could write this graph on this engine and machine;
- --rows picks the rows (bulk,batched,parse ...; a 100k run of every row takes most of an hour);
  --repeat N measures each N times, in rounds, and reports the median run with the spread;
- prints, per engine, works/s, relationships/s, nodes and relationships created, seconds, the
  peak RSS of the loading process and of a server it started (the server's peak over the row:
  reset when the row starts, its RSS then in brackets; after a Neo4j --bulk, the restarted
  server's since its start), the CPU seconds of the loader and of the server, the speedup,
  the batched loader as a share of the engine floor, and where its time goes, query by query
  and batch by batch as the graph grows (benchmarks/load_bench_report.py).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load_bench_report import print_time_report  # noqa: E402
from benchmarks.process_stats import children_cpu, cpu_seconds_of, own_cpu, start_peak_rss, status_mb  # noqa: E402
from graphdb import BadURLError, Graph, embedded, engine_of, neo4j_local, open_graph, schema  # noqa: E402
from loaders.bulk.run import bulk_load  # noqa: E402
from loaders.openalex import parse_openalex  # noqa: E402
from loaders.pipeline import load  # noqa: E402
from scholargraph.synthetic import write_jsonl  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "scholargraph-load-bench"  # the generated files, between runs
EMBED_DIM = 384
# Relationships, then nodes, a Neo4j wipe deletes per transaction.
WIPE_BATCH = 20_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


BULK_FALKORDB, BULK_NEO4J = "bulk (--bulk, GRAPH.BULK)", "bulk (--bulk, neo4j-admin import)"
# --rows: a short name for each row (the batch-size rows are "batched" too)
ROW_KEYS = {"batched": "batched", BULK_FALKORDB: "bulk", BULK_NEO4J: "bulk", "batched, not pipelined": "sequential",
            "baseline (batch 1)": "baseline", "engine floor (CREATE only)": "floor", "parse only": "parse"}


# -- the engines ----------------------------------------------------------------------------


@dataclass
class Target:
    """One engine the benchmark measures: a server it starts (`spec` is "falkordb" or
    "neo4j[:heap=MB][:pagecache=MB]") or one already running (`spec` is its URL)."""

    spec: str
    engine: str = ""
    name: str = ""  # the engine column: apart from another configuration of the same engine
    url: str = ""  # falkordb://HOST:PORT (graphs are added per measurement) or bolt://HOST:PORT
    server_pid: int | None = None  # the server's pid where this benchmark started it
    data_dir: Path | None = None  # the local Neo4j's, where this benchmark started it
    label: str = ""
    heap_mb: int = 2048  # the launcher's defaults
    page_cache_mb: int = 2048

    def __post_init__(self) -> None:
        head, *opts = self.spec.split(":") if "://" not in self.spec else (self.spec,)
        self.name = self.spec
        if head in {"falkordb", "neo4j"}:
            self.engine = head
            for opt in opts:
                key, _, value = opt.partition("=")
                if head != "neo4j" or key not in {"heap", "pagecache"} or not value.isdigit():
                    raise SystemExit(f"--db {self.spec}: expected neo4j:heap=MB:pagecache=MB")
                setattr(self, "heap_mb" if key == "heap" else "page_cache_mb", int(value))
            if opts:
                self.name = f"neo4j {self.heap_mb}/{self.page_cache_mb}"
        else:
            try:
                self.engine = engine_of(self.spec)
            except BadURLError:
                raise SystemExit(
                    f"--db {self.spec}: expected falkordb, neo4j[:heap=MB:pagecache=MB] or a URL") from None
            self.url = self.spec.rstrip("/") if self.engine == "falkordb" else self.spec
            self.label = self.spec

    @contextlib.contextmanager
    def running(self) -> Iterator[Target]:
        if self.url:  # a server someone else runs
            if self.engine == "neo4j":
                with contextlib.closing(open_graph(self.url)) as graph:
                    if graph.read("MATCH (n) RETURN count(n) AS n").value():
                        raise SystemExit(f"{self.url}: the database is not empty; the benchmark deletes "
                                         "everything in it between measurements, so give it an empty one")
            yield self
            return
        data_dir = Path(tempfile.mkdtemp(prefix=f"scholargraph-load-bench-{self.engine}-"))
        port = free_port()
        try:
            if self.engine == "falkordb":
                status = embedded.start(data_dir, port)
                self.url, self.server_pid = f"falkordb://127.0.0.1:{port}", status.pid
                self.label = f"embedded FalkorDB pid {status.pid} on port {port}"
            else:
                started = time.perf_counter()
                n4 = neo4j_local.start(data_dir, port, http_port=free_port(), heap_mb=self.heap_mb,
                                       page_cache_mb=self.page_cache_mb)
                self.url, self.server_pid, self.data_dir = str(n4.bolt_url), n4.pid, data_dir
                self.label = (f"local Neo4j {neo4j_local.DEFAULT_VERSION} pid {n4.pid} on port {port}, "
                              f"heap {self.heap_mb} MB, page cache {self.page_cache_mb} MB "
                              f"(started in {time.perf_counter() - started:.0f}s)")
            print(f"{self.label}, data in {data_dir}; {os.cpu_count()} CPUs, load average "
                  f"{os.getloadavg()[0]:.1f} at start", flush=True)
            yield self
        finally:
            if self.engine == "falkordb":
                embedded.stop(data_dir, port)
            else:
                neo4j_local.stop(data_dir)
            shutil.rmtree(data_dir, ignore_errors=True)

    def spec_for_child(self) -> dict[str, Any]:
        if self.data_dir is not None:  # a Neo4j bulk load restarts the server: its pid changes
            self.server_pid = neo4j_local.status(self.data_dir).pid
        return {"engine": self.engine, "url": self.url, "server_pid": self.server_pid}

    @property
    def bulk_label(self) -> str | None:
        """The bulk row's label, or None where `--bulk` cannot be measured (a Neo4j someone
        else runs: the bulk path prints the import command for it)."""
        if self.engine == "falkordb":
            return BULK_FALKORDB
        return BULK_NEO4J if self.data_dir is not None else None


def wipe(graph: Graph) -> None:
    """Delete every relationship, then every node, of a Neo4j database, some thousands per
    transaction (one transaction for all, or for the nodes of a dense graph with their
    relationships, passes the server's memory limit for a transaction)."""
    while graph.write(f"MATCH ()-[r]->() WITH r LIMIT {WIPE_BATCH} DELETE r RETURN count(*) AS n").value():
        pass
    while graph.write(f"MATCH (n) WITH n LIMIT {WIPE_BATCH} DETACH DELETE n RETURN count(*) AS n").value():
        pass


@contextlib.contextmanager
def fresh_graph(spec: dict[str, Any]) -> Iterator[Graph]:
    """An empty graph with the schema in place: a new graph on FalkorDB, removed again on the
    way out; on Neo4j the one database, emptied first. Neo4j's is left as it is on the way out,
    for the next row (or run) to empty: the measurement reports only once this exits, and
    deleting the 45 million relationships of a million-work graph outlasted the session that
    waited for that report."""
    if spec["engine"] == "falkordb":
        name = f"bench_{uuid.uuid4().hex[:10]}"
        graph = open_graph(f"{spec['url']}/{name}")
    else:
        graph = open_graph(spec["url"])
        wipe(graph)
    try:
        schema.init(graph, EMBED_DIM)
        yield graph
    finally:
        if spec["engine"] == "falkordb":
            with contextlib.suppress(Exception):
                graph.redis.execute_command("GRAPH.DELETE", name)  # type: ignore[attr-defined]
        graph.close()


# -- the data ---------------------------------------------------------------------------


def works_file(cache: Path, n: int, seed: int) -> Path:
    path = cache / f"works_{n}_s{seed}.jsonl.gz"
    if not path.exists():
        started = time.perf_counter()
        tmp = path.with_name(f".{path.name.removesuffix('.jsonl.gz')}.part.jsonl.gz")  # gzip: by the suffix
        write_jsonl(tmp, n, seed)
        tmp.rename(path)
        print(f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f}s",
              flush=True)
    return path


def head_file(path: Path, records: int) -> Path:
    """The first `records` lines of a works file, cached beside it."""
    out = path.with_name(path.name.replace(".jsonl.gz", f"_head{records}.jsonl.gz"))
    if not out.exists():
        tmp = out.with_name(f".{out.name}.part")
        with gzip.open(path, "rb") as src, gzip.open(tmp, "wb", compresslevel=1) as dst:
            for i, line in enumerate(src):
                if i >= records:
                    break
                dst.write(line)
        tmp.rename(out)
    return out


# -- one measurement, in a child process ---------------------------------------------------


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Load `spec["path"]` into a fresh graph; report what it took."""
    if spec["mode"] == "floor":
        return floor_child(spec)
    if spec["mode"] == "parse":
        started, cpu0 = time.perf_counter(), own_cpu()
        n = sum(1 for _ in parse_openalex(Path(spec["path"])))
        return {"records": n, "seconds": time.perf_counter() - started, "client_cpu": own_cpu() - cpu0,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if spec["mode"] == "bulk":
        return bulk_child(spec)
    server_pid = spec["server_pid"]
    with fresh_graph(spec) as graph:
        # Server CPU per named query: the server's CPU clock read around each query.
        server_cpu: Counter[str] = Counter()
        calls: Counter[str] = Counter()
        execute = graph._execute  # type: ignore[attr-defined]

        # Per batch (each starts with load/any_merged_ids): server CPU and wall seconds in its
        # queries, to show whether a batch costs more as the graph grows (load_bench_report.py).
        batches: list[list[float]] = []

        def timed(cypher: str, params: dict[str, Any], read_only: bool, **kw: Any) -> Any:
            at = cypher.find("// name: ")
            query = cypher[at + 9:cypher.find("\n", at)] if at >= 0 else "other"
            if query == "load/any_merged_ids" or not batches:
                batches.append([0.0, 0.0])
            before, started = cpu_seconds_of(server_pid), time.perf_counter()
            try:
                return execute(cypher, params, read_only, **kw)
            finally:
                spent = cpu_seconds_of(server_pid) - before
                server_cpu[query] += spent
                batches[-1][0] += spent
                batches[-1][1] += time.perf_counter() - started
                calls[query] += 1

        graph._execute = timed  # type: ignore[method-assign]
        rejects = Path(tempfile.mkdtemp()) / "rejects.jsonl"
        server0, cpu0 = cpu_seconds_of(server_pid), own_cpu()
        summary = load(graph, [Path(spec["path"])], "openalex", batch_size=spec["batch_size"],
                       rejects_path=rejects, progress=False, pipelined=spec.get("pipelined", True))
        return {
            "records": summary.records,
            "rejected": summary.rejected,
            "seconds": summary.seconds,
            "nodes": summary.stats.nodes_created,
            "rels": summary.stats.relationships_created,
            "client_cpu": own_cpu() - cpu0,
            "server_cpu": cpu_seconds_of(server_pid) - server0,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "parsed_ahead": summary.parsed_ahead,
            "queries": {q: {"calls": calls[q], "writer_s": summary.query_seconds.get(q, 0.0),
                            "server_cpu_s": server_cpu[q]} for q in calls},
            "batches": batches,
        }


def bulk_child(spec: dict[str, Any]) -> dict[str, Any]:
    """`scholargraph load openalex --bulk` into a fresh graph: parse to indexed graph."""
    with fresh_graph(spec) as graph:
        server0, cpu0 = cpu_seconds_of(spec["server_pid"]), own_cpu() + children_cpu()
        result = bulk_load(graph, [Path(spec["path"])], "openalex", dimension=EMBED_DIM,
                           batch_size=spec["batch_size"], rejects_path=Path(tempfile.mkdtemp()) / "rejects.jsonl",
                           progress=False)
        summary = result.summary
        got = {
            "records": summary.records, "rejected": summary.rejected, "seconds": summary.seconds,
            "nodes": summary.stats.nodes_created, "rels": summary.stats.relationships_created,
            # children (CPU: the parsing process, bulk/child_parse.py, and neo4j-admin's import tool;
            # RSS: the parser's peak added, FalkorDB's only child, alive through parse+resolve)
            "client_cpu": own_cpu() + children_cpu() - cpu0, "phases": result.phases,
            "peak_rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + (resource.getrusage(
                resource.RUSAGE_CHILDREN).ru_maxrss if spec["engine"] == "falkordb" else 0)) / 1024,
        }
        if spec["engine"] == "falkordb":  # Neo4j's server was restarted: the one measured is gone
            got["server_cpu"] = cpu_seconds_of(spec["server_pid"]) - server0
        return got


Snapshot = tuple[dict[str, list[dict[str, Any]]], dict[tuple[str, str, str], list[list[Any]]]]


def snapshot(source: Graph) -> Snapshot:
    """Every node's properties by label, and every relationship as [from id, to id, properties]
    by (from label, type, to label). Labels and types come from the graph."""
    labels = [r["label"] for r in source.read("CALL db.labels() YIELD label RETURN label").rows]
    nodes = {label: [r["p"] for r in source.read(f"MATCH (n:{label}) RETURN properties(n) AS p").rows]
             for label in labels}
    nodes = {label: rows for label, rows in nodes.items() if rows}  # Neo4j keeps labels nothing holds
    types = [r["t"] for r in source.read(
        "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t").rows]
    rels: dict[tuple[str, str, str], list[list[Any]]] = {}
    for t in types:
        for r in source.read(f"MATCH (a)-[e:{t}]->(b) RETURN labels(a)[0] AS la, a.id AS a, labels(b)[0] AS lb, "
                             "b.id AS b, properties(e) AS p").rows:
            rels.setdefault((r["la"], t, r["lb"]), []).append([r["a"], r["b"], r["p"]])
    return nodes, rels


def engine_floor(data: Snapshot, target: Any, server_pid: int | None, batch: int) -> dict[str, Any]:
    """Write a snapshot into the empty `target` (schema in place) with CREATE only, UNWIND
    batches of `batch` rows, one transaction each; the engine's time and CPU for that."""
    nodes, rels = data
    server0, started = cpu_seconds_of(server_pid), time.perf_counter()
    for label, rows in nodes.items():
        for i in range(0, len(rows), batch):
            target.write(f"UNWIND $rows AS r CREATE (n:{label}) SET n = r", {"rows": rows[i:i + batch]})
    for (la, t, lb), rows in rels.items():
        cypher = (f"UNWIND $rows AS r MATCH (a:{la} {{id: r[0]}}) MATCH (b:{lb} {{id: r[1]}}) "
                  f"CREATE (a)-[e:{t}]->(b) SET e = r[2]")
        for i in range(0, len(rows), batch):
            target.write(cypher, {"rows": rows[i:i + batch]})
    return {"seconds": time.perf_counter() - started, "server_cpu": cpu_seconds_of(server_pid) - server0,
            "nodes": sum(map(len, nodes.values())), "rels": sum(map(len, rels.values()))}


def floor_child(spec: dict[str, Any]) -> dict[str, Any]:
    """Load the file and read the graph back (untimed), then time engine_floor into a fresh graph."""
    with fresh_graph(spec) as source:
        summary = load(source, [Path(spec["path"])], "openalex", batch_size=spec["batch_size"],
                       rejects_path=Path(tempfile.mkdtemp()) / "rejects.jsonl", progress=False)
        data = snapshot(source)
    with fresh_graph(spec) as target:
        cpu0 = own_cpu()
        got = engine_floor(data, target, spec["server_pid"], spec["batch_size"])
    return {**got, "records": summary.records, "client_cpu": own_cpu() - cpu0,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed ({spec['engine']}, {spec['mode']}, {spec['path']}):\n"
                         f"{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the report ---------------------------------------------------------------------------


def server_rss(peak: float | None, start: float | None, restarted: bool) -> str:
    """The server's peak RSS over a row, with its RSS when the row began: what the graphs of
    earlier rows left with the server's allocator (their graphs deleted) is in both. A server
    the row restarted (Neo4j's --bulk): its peak since then."""
    if peak is None:
        return "-"
    if restarted:
        return f"{peak:,.0f} (restarted)"
    return f"{peak:,.0f} ({start:,.0f})" if start is not None else f"{peak:,.0f} (lifetime)"


def row(cells: list[str], widths: list[int]) -> str:
    """Engine, loader and note left-aligned, the figures right-aligned."""
    return "  ".join(c.ljust(w) if i in (0, 2, len(cells) - 1) else c.rjust(w)
                     for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()


def runs_for(n: int, path: Path, args: argparse.Namespace, batch_sizes: list[int],
             head: Callable[[int], Path],
             bulk_label: str | None = BULK_FALKORDB) -> list[tuple[str, dict[str, Any], str]]:
    runs = [("batched", {"mode": "load", "path": str(path), "batch_size": args.batch_size}, "")]
    if bulk_label and not args.no_bulk:
        runs.append((bulk_label, {"mode": "bulk", "path": str(path), "batch_size": args.batch_size},
                     "parse to indexed graph"))
    runs += [(f"batched, batch {b:,}", {"mode": "load", "path": str(path), "batch_size": b}, "")
             for b in batch_sizes[1:]]
    # The per-query breakdown: the pipelined writer sends writes without waiting for them.
    runs.append(("batched, not pipelined", {"mode": "load", "path": str(path),
                                            "batch_size": args.batch_size, "pipelined": False}, ""))
    if args.baseline_records:
        sub = min(args.baseline_records, n)
        runs.append(("baseline (batch 1)", {"mode": "load", "path": str(head(sub)), "batch_size": 1},
                     f"first {sub:,} records, extrapolated" if sub < n else ""))
    if str(n) in args.floor_sizes.split(","):
        runs.append(("engine floor (CREATE only)", {"mode": "floor", "path": str(path),
                                                    "batch_size": args.batch_size},
                     "the loaded graph rewritten, no parsing"))
    if args.parse_only:
        runs.append(("parse only", {"mode": "parse", "path": str(path)}, "no database"))
    if args.rows:  # only the rows asked for (a 100k run of every row takes the better part of an hour)
        wanted = {w.strip() for w in args.rows.split(",")}
        runs = [r for r in runs if ROW_KEYS.get(r[0], "batched") in wanted]
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="works per file, comma-separated (10000,100000)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic data seed (0)")
    parser.add_argument("--db", action="append", metavar="ENGINE",
                        help="engine to measure, repeatable: falkordb (default; its own embedded server), "
                             "neo4j (its own local Neo4j; neo4j:heap=MB:pagecache=MB for other memory "
                             "settings), or a URL: falkordb://HOST:PORT, bolt://HOST:PORT (an empty database)")
    parser.add_argument("--batch-size", default="2000",
                        help="records per batch for the batched loader (2000); more sizes after a comma "
                             "are measured too, e.g. 2000,1000,5000,10000")
    parser.add_argument("--baseline-records", type=int, default=2000,
                        help="records the one-per-transaction baseline loads (its rate is extrapolated; "
                             "0: no baseline)")
    parser.add_argument("--warmup-records", type=int, default=5000,
                        help="records of the first file loaded, untimed, before an engine's measurements (5000)")
    parser.add_argument("--sequential", action="store_true",
                        help="(always on now: the per-query breakdown comes from that run)")
    parser.add_argument("--floor-sizes", default="10000",
                        help="sizes at which to measure the engine floor (comma-separated; empty: none)")
    parser.add_argument("--parse-only", action="store_true", help="also measure parsing alone (no database)")
    parser.add_argument("--no-bulk", action="store_true",
                        help="leave out the `load --bulk` row (measured by default on FalkorDB and on a "
                             "Neo4j the benchmark starts)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure every row this many times, in rounds, and report the median run "
                             "(on a shared machine whose load changes)")
    parser.add_argument("--rows", default="",
                        help="only these rows, comma-separated, of: " + ", ".join(dict.fromkeys(ROW_KEYS.values()))
                             + " (default: every row the other options ask for)")
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="where generated files are kept between runs")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    batch_sizes = [int(b) for b in args.batch_size.split(",") if b.strip()]
    args.batch_size = batch_sizes[0]
    targets = [Target(spec) for spec in (args.db or ["falkordb"])]
    args.cache.mkdir(parents=True, exist_ok=True)
    files = {n: works_file(args.cache, n, args.seed) for n in sizes}
    warmup = head_file(files[sizes[0]], max(1, min(args.warmup_records, sizes[0])))

    results: list[tuple[Target, int, str, dict[str, Any], str]] = []
    for target in targets:
        with target.running():
            base = target.spec_for_child()
            print(f"  {target.name}: warm-up load of {warmup.name} ...", end="", flush=True)
            got = measure({**base, "mode": "load", "path": str(warmup), "batch_size": args.batch_size})
            print(f" {got['seconds']:.1f}s", flush=True)
            for n in sizes:
                runs = runs_for(n, files[n], args, batch_sizes, lambda sub, n=n: head_file(files[n], sub),
                                target.bulk_label)
                seen: dict[str, list[dict[str, Any]]] = {label: [] for label, _, _ in runs}
                # Rounds: every row once, then again, so that a change in the machine's load
                # falls on all the rows alike.
                for r in range(args.repeat):
                    for label, spec, _ in runs:
                        print(f"  {target.name}: {n:,} works: {label}"
                              f"{f' (round {r + 1}/{args.repeat})' if args.repeat > 1 else ''} ...",
                              end="", flush=True)
                        pid, rss0 = base["server_pid"], start_peak_rss(base["server_pid"])
                        got = measure({**base, **spec})
                        base = target.spec_for_child()  # the server's pid, after a Neo4j --bulk
                        got["server_rss"] = server_rss(status_mb(base["server_pid"], "VmHWM"), rss0,
                                                       restarted=base["server_pid"] != pid)
                        print(f" {got['seconds']:.1f}s", flush=True)
                        seen[label].append(got)
                for label, _, note in runs:
                    got = sorted(seen[label], key=lambda g: g["seconds"])[(len(seen[label]) - 1) // 2]
                    if args.repeat > 1:
                        secs = [g["seconds"] for g in seen[label]]
                        spread = f"median of {len(secs)} ({min(secs):.1f}-{max(secs):.1f}s)"
                        note = f"{spread}; {note}" if note else spread
                    results.append((target, n, label, got, note))

    print()
    print(f"Load benchmark: synthetic OpenAlex works (seed {args.seed}), batch size {args.batch_size}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
    for target in targets:
        print(f"  {target.name}: {target.label}")
    header = ["engine", "works", "loader", "records", "seconds", "works/s", "rels/s", "nodes", "rels",
              "loader peak RSS MB", "server peak RSS MB (at start)", "loader CPU s", "server CPU s", "note"]
    table = []
    for target, n, label, got, note in results:
        secs = got["seconds"]
        rate = got["records"] / secs if secs else 0.0
        rels = got.get("rels")
        cells = [target.name, f"{n:,}", label, f"{got['records']:,}", f"{secs:.1f}", f"{rate:,.0f}",
                 f"{rels / secs:,.0f}" if rels is not None and secs else "-",
                 f"{got['nodes']:,}" if "nodes" in got else "-", f"{rels:,}" if rels is not None else "-",
                 f"{got['peak_rss_mb']:.0f}", got["server_rss"], f"{got['client_cpu']:.1f}",
                 f"{got['server_cpu']:.1f}" if "server_cpu" in got and target.server_pid else "-", note]
        if "extrapolated" in note:
            cells[4] = f"{secs:.1f} (~{n / rate:,.0f} for {n:,})" if rate else cells[4]
        table.append(cells)
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    print(row(header, widths))
    for cells in table:
        print(row(cells, widths))
    print()
    for target in targets:
        for n in sizes:
            got = {label: r for t, m, label, r, _ in results if t is target and m == n}
            fast, slow = got.get("batched"), got.get("baseline (batch 1)")
            who = f"{target.name}, {n:,} works"
            if fast and slow and slow["seconds"]:
                speed = (fast["records"] / fast["seconds"]) / (slow["records"] / slow["seconds"])
                print(f"{who}: batched is {speed:.1f}x the one-record-per-transaction baseline "
                      f"({fast['records'] / fast['seconds']:,.0f} vs {slow['records'] / slow['seconds']:,.0f} works/s)")
            bulk = got.get(BULK_FALKORDB) or got.get(BULK_NEO4J)
            if bulk and fast and bulk["seconds"] and fast["seconds"]:
                phases = ", ".join(f"{k} {v:.1f}s" for k, v in bulk["phases"].items())
                print(f"{who}: --bulk is {fast['seconds'] / bulk['seconds']:.2f}x the batched loader end to end "
                      f"({bulk['records'] / bulk['seconds']:,.0f} vs {fast['records'] / fast['seconds']:,.0f} works/s; "
                      f"bulk phases: {phases})")
            floor = got.get("engine floor (CREATE only)")
            if floor and floor["seconds"]:
                floor_rate = floor["records"] / floor["seconds"]
                print(f"{who}: the engine alone, writing this graph with CREATE only, takes {floor['seconds']:.1f}s"
                      + (f" ({floor['server_cpu']:.1f} CPU-s)" if target.server_pid else "")
                      + f": no Cypher loader can pass {floor_rate:,.0f} works/s here")
                if fast and fast["seconds"]:
                    print(f"{who}: the batched loader runs at {fast['records'] / fast['seconds'] / floor_rate:.2f}x "
                          "the engine floor")
    print_time_report(targets, results)
    return 0


if __name__ == "__main__":
    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the servers this run started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    raise SystemExit(main())
