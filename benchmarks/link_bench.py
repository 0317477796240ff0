"""Link benchmark: `link-similar` end to end (read vectors from the graph, kNN, write the
SIMILAR_TO edges, novelty) on already-embedded works, exact kNN beside the approximate
search that `auto` picks, in the same run, with recall@k of the approximate edges.

    .venv/bin/python benchmarks/link_bench.py                    # 10k and 100k works
    .venv/bin/python benchmarks/link_bench.py --sizes 10000 --k 10

For each size it starts from an empty graph in its own embedded FalkorDB, writes that many
Work nodes (id, title, date) with synthetic 384-d vectors clustered like MiniLM vectors of
real abstracts (benchmarks/knn_bench.py: clustered_unit_vectors), and runs
`similarity.linking.link_similar` twice on fresh graphs: with the approximate search
(faiss HNSW, the default) and with exact search (`auto` picks exact up to 12k works, faiss HNSW above).
Recall@k compares the approximate run's edges with the
exact top k of a fixed sample of works (all of them at 10k). At 100k the exact run links
the whole graph too unless --no-exact-at is given a size (it takes minutes, which is the
point of the approximate search).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.knn_bench import clustered_unit_vectors, exact_for_rows, recall  # noqa: E402
from benchmarks.load_bench import free_port  # noqa: E402
from graphdb import Graph, embedded, open_graph, schema  # noqa: E402
from similarity.knn import AUTO_APPROX, AUTO_EXACT_MAX  # noqa: E402
from similarity.linking import link_similar  # noqa: E402

WRITE = 2000


def fill(graph: Graph, vectors: np.ndarray, seed: int) -> float:
    """Works with ids, titles, dates and embeddings, as `embed` leaves them."""
    started = time.perf_counter()
    schema.init(graph, vectors.shape[1])
    graph.execute("similar/set_embedding_meta", {"model": "synthetic", "dimension": int(vectors.shape[1])})
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 30 * 365, len(vectors))
    for s in range(0, len(vectors), WRITE):
        rows = [{"id": f"W{i:07d}", "title": f"Work {i}",
                 "date": str(np.datetime64("1995-01-01") + np.timedelta64(int(days[i]), "D")),
                 "vector": [float(x) for x in vectors[i]], "hash": "h"}
                for i in range(s, min(s + WRITE, len(vectors)))]
        graph.write("UNWIND $rows AS r CREATE (:Work {id: r.id, title: r.title, publication_date: r.date, "
                    "year: toInteger(left(r.date, 4))})", {"rows": rows})
        graph.execute("similar/set_embeddings", {"rows": rows, "model": "synthetic"})
    return time.perf_counter() - started


def edges_by_work(graph: Graph, n: int) -> list[set[int]]:
    out: list[set[int]] = [set() for _ in range(n)]
    for r in graph.query("similar/similar_edges").rows:
        a, b = int(r["a"][1:]), int(r["b"][1:])
        out[a].add(b)
        out[b].add(a)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--recall-sample", type=int, default=2000)
    ap.add_argument("--no-exact-at", type=int, default=0,
                    help="skip the exact run for sizes at least this (0: run it everywhere)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="scholargraph-link-bench-db-"))
    port = free_port()
    embedded.start(data_dir, port)
    print(f"embedded FalkorDB on port {port}; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start", flush=True)
    table = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            v = clustered_unit_vectors(n, seed=args.seed)
            rng = np.random.default_rng(1)
            sample = np.arange(n) if n <= args.recall_sample else np.sort(
                rng.choice(n, args.recall_sample, replace=False))
            truth = exact_for_rows(v, sample, args.k)
            methods = ["faiss-hnsw"] + ([] if args.no_exact_at and n >= args.no_exact_at else ["exact"])
            for method in methods:
                graph = open_graph(f"falkordb://127.0.0.1:{port}/link_{uuid.uuid4().hex[:8]}")
                filled = fill(graph, v, args.seed)
                started = time.perf_counter()
                summary = link_similar(graph, k=args.k, progress=False, method=method)
                total = time.perf_counter() - started
                linked = edges_by_work(graph, n)
                # Each work's own top k are among its edges (a pair is stored once, so a work
                # can have more than k edges: others' top k that it is in).
                found = [sorted(linked[i], key=lambda j: -float(v[i] @ v[j]))[: args.k] for i in sample]
                r = recall(np.array(found), truth)
                phases = "  ".join(f"{p} {s:.1f}s" for p, s in summary.seconds.items())
                print(f"n={n:,} {method:7s}: {total:6.1f} s ({phases}); recall@{args.k} {r:.4f}; "
                      f"{summary.pairs:,} pairs; novelty for {summary.novelty:,} (graph filled in {filled:.0f} s)",
                      flush=True)
                table.append((n, method, total, summary.seconds, r, summary.pairs))
                if method == "faiss-hnsw":  # a second run over unchanged vectors: what a re-link costs
                    started = time.perf_counter()
                    again = link_similar(graph, k=args.k, progress=False, method=method)
                    total = time.perf_counter() - started
                    print(f"n={n:,} {method:7s} again: {total:6.1f} s; {again.added} added, {again.updated} updated, "
                          f"{again.removed} removed", flush=True)
                    table.append((n, f"{method}, run again", total, again.seconds, r, again.pairs))
                graph.write("MATCH (n) DETACH DELETE n")
                graph.close()
    finally:
        embedded.stop(data_dir, port)

    print(f"\n| works | kNN | link-similar total (s) | read | kNN | write edges | novelty | write novelty "
          f"| recall@{args.k} | pairs |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, method, total, sec, r, pairs in table:
        auto = "exact" if n <= AUTO_EXACT_MAX else AUTO_APPROX
        name = f"{method} (auto's choice)" if method.split(",")[0] == auto else method
        cells = [sec.get(p, 0.0) for p in ("read vectors", "knn", "write edges", "novelty", "write novelty")]
        row = f"| {n:,} | {name} | {total:.1f} | " + " | ".join(f"{c:.1f}" for c in cells)
        print(row + f" | {r:.4f} | {pairs:,} |")


if __name__ == "__main__":
    main()
