"""Storing vectors: how fast `embed`'s writes make vectors queryable, beside each engine's floor.

    .venv/bin/python benchmarks/embed_store_bench.py                          # 10k and 100k works, FalkorDB and Neo4j
    .venv/bin/python benchmarks/embed_store_bench.py --sizes 10000 --db falkordb

For each engine (--db: `falkordb` starts an embedded FalkorDB, `neo4j` a local Neo4j, as
benchmarks/load_bench.py does) and size, N synthetic OpenAlex works (scholargraph.synthetic,
cached as load_bench caches them) loaded by the loader into a fresh graph with the whole schema
(`db init`: full-text, range and vector indexes), and one synthetic 384-d unit vector per
titled work, made in advance (clustered like MiniLM vectors, benchmarks/knn_bench.py). Rows,
each in the same run:

  as before       the write as `embed` made it until now: Python float lists, 500 rows a query
                  (and on Neo4j db.create.setNodeVectorProperty)
  embed           similarity.store.store_vectors, as `embed` stores them now
  engine floor    the engine building its vector index over the same vectors already in place
                  (drop the index, create it, wait until it is online): what storing vectors
                  cannot beat, since every vector must end up in that index
  HNSW in process hnswlib (or faiss's HNSW when hnswlib is not installed) building an index with
                  the engines' settings (M 16, efConstruction 200) over the same vectors, for
                  reference: the index alone, no database

"as before" and "embed" write into the graph with its vector index in place and end when the
last write returns (both engines index a vector as it is written, so it is queryable then); a
sample of vectors is then checked to find itself as its own nearest neighbour. x floor: vectors/s
over the floor's vectors/s. The target (issue 22) is >= 0.8x the floor.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from knn_bench import clustered_unit_vectors  # noqa: E402
from load_bench import Target, fresh_graph, works_file  # noqa: E402

from graphdb import Graph, schema  # noqa: E402
from loaders.pipeline import load  # noqa: E402
from similarity.store import store_vectors  # noqa: E402

DIM = 384
BEFORE_ROWS = 500
CHECK = 200
# The Neo4j write until this issue, kept here to measure against.
BEFORE_NEO4J = ("UNWIND $rows AS r MATCH (w:Work {id: r.id}) "
                "CALL db.create.setNodeVectorProperty(w, 'embedding', r.vector) "
                "SET w.embedding_model = $model, w.content_hash = r.hash RETURN count(w) AS rows")


def fill(graph: Graph, works: Path, scratch: Path) -> list[str]:
    """The works loaded as `scholargraph load` loads them; returns the titled works' ids."""
    load(graph, [works], "openalex", rejects_path=scratch / "rejects.jsonl", progress=False)
    schema.init(graph, DIM)
    return [r["id"] for r in graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN w.id AS id "
                                        "ORDER BY id").rows]


def store_before(graph: Graph, ids: list[str], vectors: np.ndarray) -> None:
    for s in range(0, len(vectors), BEFORE_ROWS):
        rows = [{"id": ids[i], "vector": [float(x) for x in vectors[i]], "hash": "h"}
                for i in range(s, min(len(vectors), s + BEFORE_ROWS))]
        params = {"rows": rows, "model": "bench"}
        if graph.engine == "neo4j":
            graph.write(BEFORE_NEO4J, params)
        else:
            graph.execute("similar/set_embeddings", params)


def store_now(graph: Graph, ids: list[str], vectors: np.ndarray) -> None:
    store_vectors(graph, ids, ["h"] * len(ids), vectors, "bench")


def rebuild_index(graph: Graph) -> None:
    """Drop the vector index and build it again over the vectors in place; returns when online."""
    if graph.engine == "neo4j":
        graph.write(f"DROP INDEX {schema.VECTOR_INDEX} IF EXISTS")
    else:
        graph.write("DROP VECTOR INDEX FOR (n:Work) ON (n.embedding)")
        schema.await_online(graph, timeout=3600)  # the drop rebuilds the label's index
    schema.set_vector_dimension(graph, DIM)
    schema.await_online(graph, timeout=3600)


def misses(graph: Graph, ids: list[str], vectors: np.ndarray) -> int:
    """Sampled vectors that do not find their own work among the 10 nearest through the index."""
    step = max(1, len(vectors) // CHECK)
    bad = 0
    for i in range(0, len(vectors), step):
        rows = graph.query("similar/semantic_search", {"vector": vectors[i].tolist(), "k": 10}).rows
        bad += ids[i] not in {r["id"] for r in rows}
    return bad


def hnsw_build(vectors: np.ndarray) -> tuple[str, float]:
    if importlib.util.find_spec("hnswlib"):
        import hnswlib

        index = hnswlib.Index(space="cosine", dim=vectors.shape[1])
        started = time.perf_counter()
        index.init_index(max_elements=len(vectors), M=16, ef_construction=200)
        index.add_items(vectors, num_threads=os.cpu_count() or 1)
        return "hnswlib", time.perf_counter() - started
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 200
    started = time.perf_counter()
    index.add(vectors)
    return "faiss HNSW (hnswlib not installed)", time.perf_counter() - started


@contextlib.contextmanager
def graph_of(spec: dict[str, Any], works: Path, scratch: Path) -> Iterator[tuple[Graph, list[str]]]:
    with fresh_graph(spec) as graph:
        yield graph, fill(graph, works, scratch)


def timed(fn: Callable[[], None]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="works per graph, comma-separated")
    parser.add_argument("--db", action="append", help="falkordb and/or neo4j (both by default)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=Path(platformdirs.user_cache_dir("scholargraph")) / "bench",
                        help="where the synthetic works files are kept between runs")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    table: list[tuple[str, int, str, float, int]] = []
    counts: dict[int, int] = {}  # works -> titled works (vectors)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="scholargraph-store-bench-"))
    for db in args.db or ["falkordb", "neo4j"]:
        target = Target(db)
        with target.running():
            spec = target.spec_for_child()
            for n in sizes:
                works = works_file(args.cache, n, args.seed)
                with graph_of(spec, works, scratch) as (graph, ids):
                    vectors = clustered_unit_vectors(len(ids), DIM, seed=args.seed).astype(np.float32)
                    counts[n] = len(ids)
                    seconds = timed(lambda: store_before(graph, ids, vectors))  # noqa: B023
                    table.append((target.engine, n, "as before", seconds, misses(graph, ids, vectors)))
                    print(f"  {target.engine} {n:,}: as before {seconds:.1f} s", flush=True)
                    seconds = timed(lambda: rebuild_index(graph))  # noqa: B023
                    table.append((target.engine, n, "engine floor (index over vectors in place)", seconds,
                                  misses(graph, ids, vectors)))
                    print(f"  {target.engine} {n:,}: floor {seconds:.1f} s", flush=True)
                with graph_of(spec, works, scratch) as (graph, ids):
                    seconds = timed(lambda: store_now(graph, ids, vectors))  # noqa: B023
                    table.append((target.engine, n, "embed (similarity.store)", seconds, misses(graph, ids, vectors)))
                    print(f"  {target.engine} {n:,}: embed {seconds:.1f} s", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    refs = {}
    for n in sizes:
        vectors = clustered_unit_vectors(counts.get(n, n), DIM, seed=args.seed).astype(np.float32)
        refs[n] = hnsw_build(vectors)
    print(f"\nload average {os.getloadavg()[0]:.1f} at end\n")
    print(f"{'engine':9s} {'works':>8s} {'vectors':>8s}  {'row':44s} {'seconds':>8s} {'vectors/s':>10s} "
          f"{'x floor':>8s} {'misses':>7s}")
    for engine in dict.fromkeys(e for e, *_ in table):
        for n in sizes:
            rows = [r for r in table if r[0] == engine and r[1] == n]
            floor = next(s for _, _, name, s, _ in rows if name.startswith("engine floor"))
            for _, _, name, seconds, missed in rows:
                m = counts[n]
                print(f"{engine:9s} {n:8,d} {m:8,d}  {name:44s} {seconds:8.1f} {m / seconds:10,.0f} "
                      f"{floor / seconds:8.2f} {missed:>5d}/{len(range(0, m, max(1, m // CHECK)))}")
    for n, (name, seconds) in refs.items():
        m = counts.get(n, n)
        print(f"{'-':9s} {n:8,d} {m:8,d}  {name:44s} {seconds:8.1f} {m / seconds:10,.0f}")
    print("\n(misses: sampled vectors whose own work is not among their 10 nearest through the engine's index)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
