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
    .venv/bin/python benchmarks/api_bench.py --clients 16 --duration 5 --queries nested   # one query's rows

Five queries, each POSTed by wrk with every sampled author in turn (benchmarks/loadgen/graphql.lua
reads the JSON bodies from a file): trivial (`author(id) { id name }`), nested (an author, their 20
newest works, each work's first 10 authors and its topics), profile, researcherContext and
closeCollaborators (--queries: some of them, comma-separated). For each client count of --clients
(default 1,16,64), one wrk run of --duration seconds (default 10): min(clients, 2) threads, one
keep-alive connection per client, loopback only, --latency for p50 and p99; non-2xx answers,
bodies with "errors", socket errors and requests unanswered after 5 s (--timeout) are errors,
reported per run (a run with errors is marked ! and fails the targets it is used in). Rows:
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

This file is the command (its options, main); the work lives beside it: api_bench_setup.py (the
operations, the graph, the databases, the API process), api_bench_latency.py (the default mode),
api_bench_load.py and api_bench_load_report.py (the concurrency mode).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.api_bench_latency import measure_engine, print_latency_report  # noqa: E402
from benchmarks.api_bench_load import (  # noqa: E402
    LOAD_QUERIES,
    LoadRow,
    concurrency_engine,
    raw_load_main,
    require_wrk,
)
from benchmarks.api_bench_load_report import print_load_report  # noqa: E402
from benchmarks.api_bench_setup import (  # noqa: E402  (the names other benchmarks and tests import from here)
    COLLABORATORS,
    CONTEXT,
    OPERATIONS,
    PROFILE,
    database,
    ensure_graph,
    is_neo4j,
    percentile,
    process_cpu_s,
    sample_authors,
    start_api,
    stop_process,
)

__all__ = ["COLLABORATORS", "CONTEXT", "OPERATIONS", "PROFILE", "database", "ensure_graph", "main", "percentile",
           "process_cpu_s", "sample_authors", "start_api", "stop_process"]


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
    parser.add_argument("--queries", help="in the concurrency mode, the queries to drive, comma-separated "
                                          f"(default all: {','.join(LOAD_QUERIES)})")
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
        args.queries = [q.strip() for q in (args.queries or ",".join(LOAD_QUERIES)).split(",") if q.strip()]
        unknown = [q for q in args.queries if q not in LOAD_QUERIES]
        if unknown or not args.queries:
            raise SystemExit(f"--queries: {', '.join(unknown) or 'none given'}: choose among {', '.join(LOAD_QUERIES)}")
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

    if args.queries is not None:
        raise SystemExit("--queries is for the concurrency mode (--concurrency or --clients)")
    rows: list[str] = []
    failures: list[str] = []
    for spec in args.db or ["falkordb"]:
        with database(spec, args) as (engine, db_url):
            got, missed = measure_engine(engine, db_url, args)
        rows += got
        failures += missed
    return print_latency_report(rows, failures)


if __name__ == "__main__":
    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the servers this run started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    raise SystemExit(main())
