"""`embed` as a pipeline on each engine: an interrupted run and a second run embed every work
exactly once; vectors are stored exactly; a new dimension gives a working vector index."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from graphdb import Graph, schema
from similarity.embed_works import embed_works
from similarity.embedder import Embedder
from similarity.store import store_vectors

WORKS = 330
CHUNK = 128  # chunks of 128 + 128 + 74 texts


class Interrupted(KeyboardInterrupt):
    pass


class Counting:
    """The real embedder, counting the texts it embeds; Ctrl-C (KeyboardInterrupt) on call `stop_at`."""

    def __init__(self, inner: Embedder, stop_at: int | None = None) -> None:
        self.inner, self.stop_at = inner, stop_at
        self.model_id, self.dimension = inner.model_id, inner.dimension
        self.calls = 0
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        self.calls += 1
        if self.calls == self.stop_at:
            raise Interrupted
        self.texts += texts
        return self.inner.embed(texts, batch_size=batch_size)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load()


def add_works(graph: Graph, n: int) -> None:
    rows = [{"id": f"W{i:05d}", "title": f"Work number {i} on graph topic {i % 37}"} for i in range(n)]
    for s in range(0, n, 1000):
        graph.write("UNWIND $rows AS r CREATE (:Work {id: r.id, title: r.title})", {"rows": rows[s : s + 1000]})


def embedded_count(graph: Graph) -> int:
    return int(graph.read("MATCH (w:Work) WHERE w.embedding IS NOT NULL RETURN count(w) AS n").value())


def test_interrupted_embed_then_again_embeds_every_work_once(graph: Graph, embedder: Embedder) -> None:
    schema.init(graph, embedder.dimension)
    add_works(graph, WORKS)
    first = Counting(embedder, stop_at=2)
    with pytest.raises(Interrupted):
        embed_works(graph, first, batch_size=8, progress=False, chunk_size=CHUNK)  # type: ignore[arg-type]
    # The chunk embedded before Ctrl-C is stored whole; nothing else is.
    assert len(first.texts) == CHUNK
    assert embedded_count(graph) == CHUNK
    second = Counting(embedder)
    summary = embed_works(graph, second, batch_size=8, progress=False, chunk_size=CHUNK)  # type: ignore[arg-type]
    assert (summary.works, summary.embedded, summary.reembedded) == (WORKS, WORKS - CHUNK, 0)
    assert embedded_count(graph) == WORKS
    assert len(first.texts) + len(second.texts) == WORKS
    assert len(set(first.texts) | set(second.texts)) == WORKS  # no work embedded twice
    assert set(summary.seconds) == {"read", "embed", "store", "index"}
    assert summary.seconds["embed"] > 0 and summary.wall >= summary.seconds["embed"]
    assert embed_works(graph, Counting(embedder), progress=False).embedded == 0  # type: ignore[arg-type]


def test_stored_vectors_read_back_exactly(graph: Graph) -> None:
    schema.init(graph, 16)
    add_works(graph, 300)
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((300, 16)).astype(np.float32) * np.float32(0.37)
    ids = [f"W{i:05d}" for i in range(300)]
    assert store_vectors(graph, ids, ["h"] * 300, vectors, "m", rows_per_query=128) == 300
    rows = graph.query("similar/vectors", {"after": "", "limit": 1000}).rows
    assert [r["id"] for r in rows] == ids
    assert np.array_equal(np.array([r["vector"] for r in rows], dtype=np.float32), vectors)


def test_a_new_dimension_gives_a_working_vector_index(graph: Graph) -> None:
    schema.init(graph, 384)
    add_works(graph, 40)
    ids = [f"W{i:05d}" for i in range(40)]
    rng = np.random.default_rng(4)
    old = rng.standard_normal((40, 384)).astype(np.float32)
    store_vectors(graph, ids, ["h"] * 40, old / np.linalg.norm(old, axis=1, keepdims=True), "old")
    schema.set_vector_dimension(graph, 16)  # a model of another size: the index is rebuilt
    graph.execute("similar/clear_embeddings", {"ids": ids})
    new = rng.standard_normal((40, 16)).astype(np.float32)
    new /= np.linalg.norm(new, axis=1, keepdims=True)
    store_vectors(graph, ids, ["h"] * 40, new, "new")
    assert schema.vector_dimension(graph) == 16
    for i in (0, 17, 39):
        hits = graph.query("similar/semantic_search", {"vector": new[i].tolist(), "k": 1}).rows
        assert [h["id"] for h in hits] == [ids[i]]
