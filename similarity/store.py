"""Writing works' vectors into the graph, in the parameter shape each engine reads fastest.

FalkorDB reads parameters as Cypher text: a float32 row of the array goes in as is, and the
encoder writes it in the shortest digits that read back as the same float32 (see
graphdb/falkordb_params.py), half the text of the same values as Python floats. Neo4j's
driver packs Python floats; `ndarray.tolist()` makes them in C. Neo4j writes different nodes
in parallel transactions, and the driver's work in this process overlaps the server's, so its
queries go out on a few threads (1,479 -> 2,001 -> 2,306 vectors/s with 1, 2 and 3 on this
2-core machine while the driver still formatted every parameter for its log, see
graphdb.neo4j_engine.unlogged; since then the client is a tenth of the work and 1 to 3 threads
are within the noise at 10k works, 3,600-4,300/s); FalkorDB runs one write at a time per graph,
so one thread there.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from graphdb import Graph

ROWS_PER_QUERY = 500
NEO4J_WRITERS = 3


def vector_rows(graph: Graph, ids: Sequence[str], hashes: Sequence[str], vectors: np.ndarray) -> list[dict[str, Any]]:
    """The `$rows` of similar/set_embeddings for these works."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if graph.engine == "neo4j":
        return [{"id": i, "vector": v, "hash": h} for i, v, h in zip(ids, vectors.tolist(), hashes, strict=True)]
    return [{"id": i, "vector": v, "hash": h} for i, v, h in zip(ids, vectors, hashes, strict=True)]


def store_vectors(graph: Graph, ids: Sequence[str], hashes: Sequence[str], vectors: np.ndarray, model: str,
                  rows_per_query: int = ROWS_PER_QUERY) -> int:
    """Set `embedding`, `embedding_model` and `content_hash` on these works; returns how many
    works were found (a work deleted since its text was read is skipped). Each query is a
    transaction of its own, retried on transient errors."""
    rows = vector_rows(graph, ids, hashes, vectors)
    batches = [rows[i : i + rows_per_query] for i in range(0, len(rows), rows_per_query)]

    def write(batch: list[dict[str, Any]]) -> int:
        return int(graph.execute("similar/set_embeddings", {"rows": batch, "model": model}).value(0))

    writers = NEO4J_WRITERS if graph.engine == "neo4j" else 1
    if writers == 1 or len(batches) == 1:
        return sum(write(b) for b in batches)
    with ThreadPoolExecutor(min(writers, len(batches)), thread_name_prefix="store") as pool:
        return sum(pool.map(write, batches))
