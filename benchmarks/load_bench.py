"""Load benchmark: the batched loader beside a one-record-per-transaction baseline, in
the same run, on synthetic OpenAlex works (scholargraph.synthetic), into the embedded
FalkorDB.

    .venv/bin/python benchmarks/load_bench.py                          # 10k and 100k works
    .venv/bin/python benchmarks/load_bench.py --sizes 10000 --batch-size 5000

What it does:
- generates the works files once (gzip JSON lines, cached in --cache, by default
  $TMPDIR/scholargraph-load-bench) with `write_jsonl(path, n_works, seed)`;
- starts its own embedded FalkorDB (a temporary data directory, a free port; the same
  persistence settings as `scholargraph db start`) and stops it at the end;
- runs every measurement in a fresh child process (so its peak RSS is its own) that
  loads into a fresh, empty graph with the schema in place, exactly as
  `scholargraph load openalex` does (`loaders.pipeline.load`);
- batched: the whole file with --batch-size records per batch;
- batched, no writer thread: the same, each batch written before parsing on; the
  per-query breakdown comes from this run (the pipelined writer sends its writes
  without waiting for their replies, so its engine time cannot be split by query);
- baseline: the same loader with batch_size=1 (one record per write transaction, each
  of its queries a transaction of its own) on the first --baseline-records records of
  the same file, its rate extrapolated to the whole file (a full baseline at 100k would
  take hours; its rate only falls as the graph grows, so the extrapolation flatters the
  baseline, not the batched loader);
- engine floor (10k works by default, --floor-sizes): the graph the loader made, written
  again into a fresh graph with the same schema by the simplest Cypher there is (CREATE only,
  no MERGE, no lookups but the endpoints' ids, UNWIND batches of --batch-size, no parsing):
  the fastest any Cypher loader could write this graph on this engine and machine;
- prints works/s, relationships/s, nodes and relationships created, seconds, the peak
  RSS of the loading process, the CPU seconds of the loader and of the server, the
  speedup, and where the batched loader's time goes, query by query.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphdb import embedded, open_graph, schema  # noqa: E402
from loaders.openalex import parse_openalex  # noqa: E402
from loaders.pipeline import load  # noqa: E402
from scholargraph.synthetic import write_jsonl  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
EMBED_DIM = 384


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds_of(pid: int) -> float:
    """User + system CPU seconds a process has used (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


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
    server_pid = spec["server_pid"]
    name = f"bench_{uuid.uuid4().hex[:10]}"
    graph = open_graph(f"falkordb://127.0.0.1:{spec['port']}/{name}")
    if spec["mode"] == "floor":
        return floor_child(spec)
    if spec["mode"] == "parse":
        started, cpu0 = time.perf_counter(), own_cpu()
        n = sum(1 for _ in parse_openalex(Path(spec["path"])))
        return {"records": n, "seconds": time.perf_counter() - started, "client_cpu": own_cpu() - cpu0,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    schema.init(graph, EMBED_DIM)
    # Server CPU per named query: the server's CPU clock read around each query.
    server_cpu: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    execute = graph._execute  # type: ignore[attr-defined]

    def timed(cypher: str, params: dict[str, Any], read_only: bool) -> Any:
        at = cypher.find("// name: ")
        query = cypher[at + 9:cypher.find("\n", at)] if at >= 0 else "other"
        before = cpu_seconds_of(server_pid)
        try:
            return execute(cypher, params, read_only)
        finally:
            server_cpu[query] += cpu_seconds_of(server_pid) - before
            calls[query] += 1

    graph._execute = timed  # type: ignore[method-assign]
    rejects = Path(tempfile.mkdtemp()) / "rejects.jsonl"
    server0, cpu0 = cpu_seconds_of(server_pid), own_cpu()
    summary = load(graph, [Path(spec["path"])], "openalex", batch_size=spec["batch_size"],
                   rejects_path=rejects, progress=False, pipelined=spec.get("pipelined", True))
    result = {
        "records": summary.records,
        "rejected": summary.rejected,
        "seconds": summary.seconds,
        "nodes": summary.stats.nodes_created,
        "rels": summary.stats.relationships_created,
        "client_cpu": own_cpu() - cpu0,
        "server_cpu": cpu_seconds_of(server_pid) - server0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "queries": {q: {"calls": calls[q], "writer_s": summary.query_seconds.get(q, 0.0),
                        "server_cpu_s": server_cpu[q]} for q in calls},
    }
    graph.redis.execute_command("GRAPH.DELETE", name)  # type: ignore[attr-defined]
    graph.close()
    return result


def engine_floor(source: Any, target: Any, server_pid: int, batch: int) -> dict[str, Any]:
    """Write `source`'s nodes and relationships into the empty `target` (schema in place) with
    CREATE only; the engine's time and CPU for that. Labels and types come from the graph."""
    labels = [r["label"] for r in source.read("CALL db.labels() YIELD label RETURN label").rows]
    nodes = {label: [r["p"] for r in source.read(f"MATCH (n:{label}) RETURN properties(n) AS p").rows]
             for label in labels}
    types = [r["t"] for r in source.read(
        "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t").rows]
    rels: dict[tuple[str, str, str], list[list[Any]]] = {}
    for t in types:
        for r in source.read(f"MATCH (a)-[e:{t}]->(b) RETURN labels(a)[0] AS la, a.id AS a, labels(b)[0] AS lb, "
                             "b.id AS b, properties(e) AS p").rows:
            rels.setdefault((r["la"], t, r["lb"]), []).append([r["a"], r["b"], r["p"]])
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
    """Load the file (untimed), then time engine_floor into a second graph."""
    names = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    source, target = (open_graph(f"falkordb://127.0.0.1:{spec['port']}/{n}") for n in names)
    schema.init(source, EMBED_DIM)
    schema.init(target, EMBED_DIM)
    summary = load(source, [Path(spec["path"])], "openalex", batch_size=spec["batch_size"],
                   rejects_path=Path(tempfile.mkdtemp()) / "rejects.jsonl", progress=False)
    cpu0 = own_cpu()
    got = engine_floor(source, target, spec["server_pid"], spec["batch_size"])
    for graph, name in ((source, names[0]), (target, names[1])):
        graph.redis.execute_command("GRAPH.DELETE", name)  # type: ignore[attr-defined]
        graph.close()
    return {**got, "records": summary.records, "client_cpu": own_cpu() - cpu0,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"measurement failed ({spec['mode']}, {spec['path']}):\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the report ---------------------------------------------------------------------------


def row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="works per file, comma-separated (10000,100000)")
    parser.add_argument("--seed", type=int, default=0, help="synthetic data seed (0)")
    parser.add_argument("--batch-size", default="2000",
                        help="records per batch for the batched loader (2000); more sizes after a comma "
                             "are measured too, e.g. 2000,1000,5000,10000")
    parser.add_argument("--baseline-records", type=int, default=2000,
                        help="records the one-per-transaction baseline loads (its rate is extrapolated)")
    parser.add_argument("--sequential", action="store_true",
                        help="(always on now: the per-query breakdown comes from that run)")
    parser.add_argument("--floor-sizes", default="10000",
                        help="sizes at which to measure the engine floor (comma-separated; empty: none)")
    parser.add_argument("--parse-only", action="store_true", help="also measure parsing alone (no database)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "scholargraph-load-bench",
                        help="where generated files are kept between runs")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    batch_sizes = [int(b) for b in args.batch_size.split(",") if b.strip()]
    args.batch_size = batch_sizes[0]
    args.cache.mkdir(parents=True, exist_ok=True)
    files = {n: works_file(args.cache, n, args.seed) for n in sizes}

    data_dir = Path(tempfile.mkdtemp(prefix="scholargraph-load-bench-db-"))
    port = free_port()
    status = embedded.start(data_dir, port)
    assert status.pid is not None
    base = {"port": port, "server_pid": status.pid}
    print(f"embedded FalkorDB pid {status.pid} on port {port}, data in {data_dir}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    results: list[tuple[int, str, dict[str, Any], str]] = []
    try:
        for n in sizes:
            runs = [("batched", {"mode": "load", "path": str(files[n]), "batch_size": args.batch_size}, "")]
            runs += [(f"batched, batch {b:,}", {"mode": "load", "path": str(files[n]), "batch_size": b}, "")
                     for b in batch_sizes[1:]]
            # The per-query breakdown: the pipelined writer sends writes without waiting for them.
            runs.append(("batched, no writer thread", {"mode": "load", "path": str(files[n]),
                                                       "batch_size": args.batch_size, "pipelined": False}, ""))
            sub = min(args.baseline_records, n)
            runs.append(("baseline (batch 1)", {"mode": "load", "path": str(head_file(files[n], sub)),
                                                "batch_size": 1},
                         f"first {sub:,} records, extrapolated" if sub < n else ""))
            if str(n) in args.floor_sizes.split(","):
                runs.append(("engine floor (CREATE only)", {"mode": "floor", "path": str(files[n]),
                                                            "batch_size": args.batch_size},
                             "the loaded graph rewritten, no parsing"))
            if args.parse_only:
                runs.append(("parse only", {"mode": "parse", "path": str(files[n])}, "no database"))
            for label, spec, note in runs:
                print(f"  {n:,} works: {label} ...", end="", flush=True)
                got = measure({**base, **spec})
                print(f" {got['seconds']:.1f}s", flush=True)
                results.append((n, label, got, note))
    finally:
        embedded.stop(data_dir, port)

    print()
    print(f"Load benchmark: synthetic OpenAlex works (seed {args.seed}), embedded FalkorDB, "
          f"batch size {args.batch_size}")
    header = ["works", "loader", "records", "seconds", "works/s", "rels/s", "nodes", "rels",
              "peak RSS MB", "loader CPU s", "server CPU s", "note"]
    table = []
    for n, label, got, note in results:
        secs = got["seconds"]
        rate = got["records"] / secs if secs else 0.0
        rels = got.get("rels")
        cells = [f"{n:,}", label, f"{got['records']:,}", f"{secs:.1f}", f"{rate:,.0f}",
                 f"{rels / secs:,.0f}" if rels is not None and secs else "-",
                 f"{got['nodes']:,}" if "nodes" in got else "-", f"{rels:,}" if rels is not None else "-",
                 f"{got['peak_rss_mb']:.0f}", f"{got['client_cpu']:.1f}",
                 f"{got['server_cpu']:.1f}" if "server_cpu" in got else "-", note]
        if note.endswith("extrapolated"):
            cells[3] = f"{secs:.1f} (~{n / rate:,.0f} for {n:,})" if rate else cells[3]
        table.append(cells)
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    print(row(header, widths))
    for cells in table:
        print(row(cells, widths))
    print()
    for n in sizes:
        got = {label: r for m, label, r, _ in results if m == n}
        fast, slow = got.get("batched"), got.get("baseline (batch 1)")
        if fast and slow and slow["seconds"]:
            speed = (fast["records"] / fast["seconds"]) / (slow["records"] / slow["seconds"])
            print(f"{n:,} works: batched is {speed:.1f}x the one-record-per-transaction baseline "
                  f"({fast['records'] / fast['seconds']:,.0f} vs {slow['records'] / slow['seconds']:,.0f} works/s)")
        floor = got.get("engine floor (CREATE only)")
        if floor and floor["seconds"]:
            print(f"{n:,} works: the engine alone, writing this graph with CREATE only, takes {floor['seconds']:.1f}s "
                  f"({floor['server_cpu']:.1f} CPU-s): no Cypher loader can pass "
                  f"{floor['records'] / floor['seconds']:,.0f} works/s here")
    batched = [(n, r) for n, label, r, _ in results if label == "batched"]
    sequential = {n: r for n, label, r, _ in results if label == "batched, no writer thread"}
    if len(batched) > 1:
        print("peak RSS of the batched loader: " + ", ".join(f"{r['peak_rss_mb']:.0f} MB at {n:,} works"
                                                             for n, r in batched))
    for n, r in batched:
        print()
        print(f"Where the batched loader's time goes at {n:,} works ({r['seconds']:.1f}s wall; the engine "
              f"used {r['server_cpu']:.1f} CPU-s, the loader process {r['client_cpu']:.1f} CPU-s):")
        bound = max(r["server_cpu"], r["client_cpu"], (r["server_cpu"] + r["client_cpu"]) / (os.cpu_count() or 1))
        print(f"  with the machine to itself, this CPU work allows at most {r['records'] / bound:,.0f} works/s "
              f"(engine and loader overlapping perfectly on {os.cpu_count()} cores)")
        seq = sequential[n]
        print(f"  per query, from the run without the writer thread ({seq['seconds']:.1f}s wall, engine "
              f"{seq['server_cpu']:.1f} CPU-s, loader {seq['client_cpu']:.1f} CPU-s; the pipelined writer sends "
              f"its writes without waiting for them, so its engine time cannot be split by query):")
        qs = sorted(seq["queries"].items(), key=lambda kv: -kv[1]["server_cpu_s"])
        w = max(len(q) for q, _ in qs)
        print(f"  {'query'.ljust(w)}  calls  server CPU s  writer s")
        for q, v in qs:
            print(f"  {q.ljust(w)}  {v['calls']:5d}  {v['server_cpu_s']:12.2f}  {v['writer_s']:8.2f}")
        print("  (server CPU: the engine's CPU time during the query; writer s: the wall time in it, encoding, "
              "sending, engine and reply)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
