"""Embeddings, SIMILAR_TO edges, semantic search and novelty on the real sample."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from graphdb import Graph, open_graph, schema
from loaders.ids import normalise_name
from loaders.pipeline import load
from similarity.embed_works import embed_works
from similarity.embedder import Embedder
from similarity.linking import link_similar, novelty
from similarity.search import semantic_search, similar_works
from tests.conftest import SHARED_DATA

K = 10
# The whole sample: every OpenAlex file (works, authors, institutions) and every arXiv file.
FILES = [("openalex", "openalex/*.json*"), ("arxiv", "arxiv/*/*")]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load()


@pytest.fixture(scope="module")
def linked(falkordb_server: str, embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (../shared/data beside the repo)")
    graph = open_graph(f"{falkordb_server}/similar_{uuid.uuid4().hex[:8]}")
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
        by_title.setdefault(normalise_name(w["title"]), set()).add(w["id"])
    misses = []
    for w in works:
        hits = semantic_search(linked, embedder, w["title"], k=3)
        if not hits or hits[0].id not in by_title[normalise_name(w["title"])]:
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

    url = "falkordb://" + linked.address  # type: ignore[attr-defined]
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
