"""Embeddings, SIMILAR_TO edges, semantic search and novelty on the real sample, on each
engine; and every similar/* write query on a small graph with known vectors, on each engine."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from graphdb import Graph, schema
from loaders.pipeline import load
from search.semantic import semantic_search
from search.similar import similar_works
from search.titles import title_key
from similarity.embed_works import embed_works
from similarity.embedder import Embedder
from similarity.linking import link_similar, novelty
from tests.support.engines import ENGINES, SHARED_DATA, empty_graph

K = 10
# The whole sample: every OpenAlex file (works, authors, institutions) and every arXiv file.
FILES = [("openalex", "openalex/*.json*"), ("arxiv", "arxiv/*/*")]


class OnceEmbedder:
    """The real embedder, each text embedded once per module: the second engine's graph gets
    the very vectors the first got (the model runs on CPU; a second pass would double the
    module's time) through the same embed_works, search and linking code."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id, self.dimension = inner.model_id, inner.dimension
        self._seen: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self._seen))
        if new:
            for text, vector in zip(new, self.inner.embed(new, batch_size=batch_size), strict=True):
                self._seen[text] = vector
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return np.stack([self._seen[t] for t in texts])


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return OnceEmbedder(Embedder.load())  # type: ignore[return-value]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def linked(engine: str, embedder: Embedder, request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (../shared/data beside the repo)")
    graph = empty_graph(engine, request, "similar")
    schema.init(graph, embedder.dimension)
    rejects = tmp_path_factory.mktemp("rejects") / "r.jsonl"
    for source, pattern in FILES:
        load(graph, sorted(SHARED_DATA.glob(pattern)), source, rejects_path=rejects, progress=False)
    embed_works(graph, embedder, progress=False)
    link_similar(graph, k=K, progress=False)
    yield graph
    graph.close()


def test_every_titled_work_is_embedded_and_linked(linked: Graph, embedder: Embedder) -> None:
    titled = linked.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n").value()
    assert titled > 1000  # the whole sample: ~1,200 titled works
    missing = linked.read("MATCH (w:Work) WHERE w.title IS NOT NULL AND w.embedding IS NULL RETURN count(w) AS n")
    assert missing.value() == 0
    few = linked.read(
        "MATCH (w:Work) WHERE w.embedding IS NOT NULL "
        "OPTIONAL MATCH (w)-[s:SIMILAR_TO]-() WITH w, count(s) AS n WHERE n < $k RETURN count(w) AS bad",
        {"k": K},
    ).value()
    assert few == 0
    bad = linked.read(
        "MATCH (a:Work)-[s:SIMILAR_TO]->(b:Work) WHERE a = b OR s.score < -1.0 OR s.score > 1.0001 "
        "OR s.model <> $model RETURN count(s) AS n", {"model": embedder.model_id}
    ).value()
    assert bad == 0
    twice = linked.read(
        "MATCH (a:Work)-[s:SIMILAR_TO]-(b:Work) WITH a, b, count(s) AS n WHERE n > 1 RETURN count(*) AS pairs"
    ).value()
    assert twice == 0


def test_exact_title_finds_its_work_first(linked: Graph, embedder: Embedder) -> None:
    works = linked.read("MATCH (w:Work) WHERE w.embedding IS NOT NULL RETURN w.id AS id, w.title AS title").rows
    by_title: dict[str, set[str]] = {}
    for w in works:
        by_title.setdefault(title_key(w["title"]), set()).add(w["id"])
    misses = []
    for w in works:
        hits = semantic_search(linked, embedder, w["title"], k=3)
        if not hits or hits[0].id not in by_title[title_key(w["title"])]:
            misses.append((w["id"], w["title"], hits[0].id if hits else None))
    assert misses == []


def test_similar_works_are_the_stored_neighbours(linked: Graph) -> None:
    wid = linked.read("MATCH (w:Work)-[:SIMILAR_TO]-() RETURN w.id AS id ORDER BY id LIMIT 1").value()
    hits = similar_works(linked, wid, k=K)
    expected = linked.read(
        "MATCH (:Work {id: $id})-[s:SIMILAR_TO]-(o:Work) RETURN o.id AS id, s.score AS score "
        "ORDER BY score DESC, id LIMIT $k", {"id": wid, "k": K}
    ).rows
    assert [h.id for h in hits] == [r["id"] for r in expected]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


def test_embed_again_embeds_nothing_and_an_edit_re_embeds_one(linked: Graph, embedder: Embedder) -> None:
    assert embed_works(linked, embedder, progress=False).embedded == 0
    wid = linked.read("MATCH (w:Work) WHERE w.abstract IS NOT NULL RETURN w.id AS id ORDER BY id LIMIT 1").value()
    linked.write("MATCH (w:Work {id: $id}) SET w.abstract = 'Quantum chromodynamics on the lattice: "
                 "tetraquark masses from first principles.'", {"id": wid})
    again = embed_works(linked, embedder, progress=False)
    assert (again.embedded, again.reembedded) == (1, 1)
    assert linked.read("MATCH (:Work {id: $id})-[s:SIMILAR_TO]-() RETURN count(s) AS n", {"id": wid}).value() == 0
    summary = link_similar(linked, k=K, progress=False)
    assert summary.added > 0
    n = linked.read("MATCH (:Work {id: $id})-[s:SIMILAR_TO]-() RETURN count(s) AS n", {"id": wid}).value()
    assert n >= K


def test_novelty_is_one_minus_the_best_earlier_similarity() -> None:
    import numpy as np

    v = np.array([[1, 0, 0], [0.6, 0.8, 0], [0, 0, 1], [0.8, 0.6, 0]], dtype=np.float32)
    dates = ["2001-01-01", "2002-01-01", "2002-01-01", None]
    got = novelty(v, dates)
    assert got[0] is None and got[3] is None  # the first work, and one with no date
    assert got[1] == pytest.approx(1 - 0.6)  # earlier: work 0 only (work 2 shares its date)
    assert got[2] == pytest.approx(1.0)


def test_novelty_stays_in_0_1_when_every_earlier_work_points_away() -> None:
    """1 minus a negative best similarity would exceed 1: a negative best counts as 0."""
    import numpy as np

    from similarity.knn import knn
    from similarity.linking import novelty_from_neighbours

    v = np.array([[1, 0], [-1, 0], [-0.6, -0.8]], dtype=np.float32)
    dates = ["2001-01-01", "2002-01-01", "2003-01-01"]
    # work 1's only earlier work has similarity -1; work 2's best earlier one is 0.6 (work 1)
    assert novelty(v, dates) == [None, 1.0, pytest.approx(1 - 0.6)]
    idx, scores = knn(v, 2, "exact")
    assert novelty_from_neighbours(idx, scores, dates) == [None, 1.0, pytest.approx(1 - 0.6)]


def test_novelty_of_every_work_and_author_lies_in_0_1(graph: Graph, embedder: Embedder, tmp_path: Path) -> None:
    """On a generated graph (no sample data needed): every stored novelty is within [0, 1]."""
    from scholargraph.synthetic import write_jsonl

    data = tmp_path / "works.jsonl"
    write_jsonl(data, 80, seed=3)
    schema.init(graph, embedder.dimension)
    load(graph, [data], "openalex", rejects_path=tmp_path / "r.jsonl", progress=False)
    embed_works(graph, embedder, progress=False)
    summary = link_similar(graph, k=K, progress=False)
    assert summary.novelty > 0
    for label in ("Work", "Author"):
        found = graph.read(f"MATCH (n:{label}) WHERE n.novelty IS NOT NULL RETURN n.novelty AS v")
        values = [row["v"] for row in found]
        assert values, label
        assert all(0.0 <= v <= 1.0 for v in values), (label, min(values), max(values))


def test_sample_files_exist() -> None:
    if SHARED_DATA.is_dir():
        assert all(sorted(SHARED_DATA.glob(pattern)) for _, pattern in FILES), FILES
    else:
        pytest.skip(f"real sample data not found at {SHARED_DATA}")


def test_novelty_from_neighbours_matches_the_exact_definition() -> None:
    """Large graphs take novelty from each work's nearest neighbours: with every other work
    as a neighbour it is the exact value; with 20 it is exact wherever an earlier work is
    among them and a lower bound elsewhere, never above the exact value."""
    import numpy as np

    from similarity.knn import knn
    from similarity.linking import novelty_from_neighbours

    rng = np.random.default_rng(0)
    v = rng.standard_normal((600, 16)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    dates = [None if i % 37 == 0 else f"{2000 + i % 20}-0{1 + i % 9}-01" for i in range(600)]
    exact = novelty(v, dates)
    idx, scores = knn(v, 599, "exact")
    assert novelty_from_neighbours(idx, scores, dates) == pytest.approx(exact)
    idx, scores = knn(v, 20, "exact")
    near = novelty_from_neighbours(idx, scores, dates)
    assert [x is None for x in near] == [x is None for x in exact]
    pairs = [(a, b) for a, b in zip(exact, near, strict=True) if a is not None]
    assert all(b <= a + 1e-6 for a, b in pairs)
    assert sum(abs(a - b) < 1e-6 for a, b in pairs) > 0.9 * len(pairs)


def test_cli_link_again_changes_nothing_and_search_finds_a_title(linked: Graph) -> None:
    import json

    from click.testing import CliRunner

    from scholargraph.cli import cli

    url = linked.url
    works = linked.read("MATCH (w:Work) WHERE w.embedding IS NOT NULL RETURN count(w) AS n").value()
    pairs = linked.read("MATCH (:Work)-[s:SIMILAR_TO]->(:Work) RETURN count(s) AS n").value()
    dated = linked.read("MATCH (w:Work) WHERE w.novelty IS NOT NULL RETURN count(w) AS n").value()
    res = CliRunner().invoke(cli, ["link-similar", "--no-progress", "--db", url])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == (f"{works} embedded works, {pairs} similar pairs: 0 added, 0 updated, "
                                          f"0 removed; novelty for {dated} works")
    assert res.stdout.splitlines()[1].startswith("in ")
    work = linked.read("MATCH (w:Work) WHERE w.embedding IS NOT NULL RETURN w.id AS id, w.title AS title "
                       "ORDER BY id LIMIT 1").rows[0]
    res = CliRunner().invoke(cli, ["search", work["title"], "-k", "3", "--json", "--db", url])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["id"] == work["id"]


# -- every similar/* write query on a small graph with known vectors --------------------------

DIM = 4


def unit(*xs: float) -> list[float]:
    norm = math.sqrt(sum(x * x for x in xs))
    return [x / norm for x in xs]


def edges(graph: Graph) -> dict[tuple[str, str], tuple[float, str]]:
    return {(r["a"], r["b"]): (r["score"], r["model"]) for r in graph.query("similar/similar_edges").rows}


def works(graph: Graph) -> dict[str, dict[str, Any]]:
    """Each work's embedding state and novelty (from its property map: on Neo4j, naming a
    property no node has yet draws a notification)."""
    rows = graph.read("MATCH (w:Work) RETURN w.id AS id, w.embedding IS NOT NULL AS embedded, "
                      "properties(w) AS props").rows
    return {r["id"]: {"embedded": r["embedded"], "model": r["props"].get("embedding_model"),
                      "hash": r["props"].get("content_hash"), "novelty": r["props"].get("novelty")}
            for r in rows}


def test_similar_write_queries_on_each_engine(graph: Graph) -> None:
    """set_embedding_meta, set_embeddings, merge_similar (insert, then update), delete_similar,
    clear_embeddings (the vector and its edges go), set_novelty (a value, and null) and
    author_novelty leave the same graph on both engines, read back through the named reads
    (embedding_meta, works_to_embed, vectors, similar_edges, similar_works, semantic_search)."""
    schema.init(graph, DIM)
    graph.write("UNWIND ['W1', 'W2', 'W3', 'W4'] AS id CREATE (:Work {id: id, title: 'Work ' + id, year: 2020})")
    graph.write("CREATE (a:Author {id: 'A1'}) WITH a MATCH (w:Work) WHERE w.id IN ['W1', 'W2'] "
                "CREATE (a)-[:AUTHORED]->(w)")

    assert graph.query("similar/embedding_meta").rows == []
    graph.execute("similar/set_embedding_meta", {"model": "m1", "dimension": DIM})
    assert graph.query("similar/embedding_meta").rows == [{"model": "m1", "dimension": DIM}]

    vectors = {"W1": unit(1, 0, 0, 0), "W2": unit(1, 1, 0, 0), "W3": unit(0, 1, 0, 0), "W4": unit(0, 0, 1, 0)}
    rows = [{"id": wid, "vector": v, "hash": f"h{wid}"} for wid, v in vectors.items()]
    written = graph.execute("similar/set_embeddings", {"rows": rows, "model": "m1"})
    assert written.value() == 4
    assert {w: (r["embedded"], r["model"], r["hash"]) for w, r in works(graph).items()} == {
        w: (True, "m1", f"h{w}") for w in vectors}
    to_embed = graph.query("similar/works_to_embed", {"after": "", "limit": 10}).rows
    assert [(r["id"], r["has_vector"], r["hash"], r["model"]) for r in to_embed] == [
        (w, True, f"h{w}", "m1") for w in sorted(vectors)]
    stored = graph.query("similar/vectors", {"after": "W1", "limit": 2}).rows
    assert [r["id"] for r in stored] == ["W2", "W3"]
    for r in stored:
        assert r["vector"] == pytest.approx(vectors[r["id"]], abs=1e-6)
        assert (r["year"], r["novelty"]) == (2020, None)
    hits = graph.query("similar/semantic_search", {"vector": unit(1, 0.1, 0, 0), "k": 2}).rows
    assert [h["id"] for h in hits] == ["W1", "W2"]  # both engines: a cosine, higher is closer
    assert hits[0]["score"] == pytest.approx(float(np.dot(unit(1, 0.1, 0, 0), vectors["W1"])), abs=1e-3)

    pairs = [{"a": "W1", "b": "W2", "score": 0.71}, {"a": "W2", "b": "W3", "score": 0.7},
             {"a": "W1", "b": "W4", "score": 0.0}]
    assert graph.execute("similar/merge_similar", {"pairs": pairs, "model": "m1"}).value() == 3
    again = [{"a": "W1", "b": "W2", "score": 0.75}]
    assert graph.execute("similar/merge_similar", {"pairs": again, "model": "m2"}).value() == 1
    assert edges(graph) == {("W1", "W2"): (0.75, "m2"), ("W2", "W3"): (0.7, "m1"), ("W1", "W4"): (0.0, "m1")}
    assert [(r["id"], r["score"]) for r in graph.query("similar/similar_works", {"id": "W2", "k": 5}).rows] == [
        ("W1", 0.75), ("W3", 0.7)]

    gone = graph.execute("similar/delete_similar", {"pairs": [{"a": "W1", "b": "W4"}, {"a": "W3", "b": "W4"}]})
    assert gone.value() == 1
    assert set(edges(graph)) == {("W1", "W2"), ("W2", "W3")}

    assert graph.execute("similar/clear_embeddings", {"ids": ["W2", "W404"]}).value() == 1
    assert {w for w, r in works(graph).items() if r["embedded"]} == {"W1", "W3", "W4"}
    assert edges(graph) == {}  # W2's edges went with its vector
    hits = graph.query("similar/semantic_search", {"vector": unit(1, 1, 0, 0), "k": 4}).rows
    assert "W2" not in [h["id"] for h in hits]

    novelty_rows = [{"id": "W1", "novelty": 0.25}, {"id": "W2", "novelty": 0.75}, {"id": "W3", "novelty": None}]
    assert graph.execute("similar/set_novelty", {"rows": novelty_rows}).value() == 3
    graph.execute("similar/author_novelty")
    assert {w: r["novelty"] for w, r in works(graph).items()} == {"W1": 0.25, "W2": 0.75, "W3": None, "W4": None}
    assert graph.read("MATCH (a:Author {id: 'A1'}) RETURN a.novelty AS n").value() == pytest.approx(0.5)
    graph.execute("similar/set_novelty", {"rows": [{"id": "W1", "novelty": None}]})
    assert works(graph)["W1"]["novelty"] is None
