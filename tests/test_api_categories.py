"""profile.primaryCategory and profile.aiScore through the API, on arXiv and OpenAlex records the
test writes: the expected values are computed here from those records, on each engine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from api.data.categories import AI_ARXIV
from graphdb import Graph, schema
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl
from tests.support.api import Api, api_for
from tests.support.engines import ENGINES, empty_graph

# Three people, each the only author of their papers: all cs.LG; none in AI; half in AI (cs.CV
# primary, or only cross-listed to cs.LG), the other half in math. Each paper is written twice:
# an OpenAlex record (which identifies the author) and the arXiv record (its categories), the
# same work by its arXiv DOI.
PEOPLE = {
    "Ada Learner": [["cs.LG"], ["cs.LG", "stat.ML"], ["cs.LG"], ["cs.LG"]],
    "Bob Algebra": [["math.AG"], ["math.AG", "math.NT"], ["math.NT"]],
    "Cy Half": [["cs.CV"], ["math.OC", "cs.LG"], ["math.OC"], ["math.PR"]],
}
QUERY = """query($id: ID!) { author(id: $id) { profile {
    primaryCategory { code label name scheme works share }
    aiScore { score aiWorks works formula categories { code works } } } } }"""


def author_ids() -> dict[str, str]:
    return {name: f"A90000000{i}" for i, name in enumerate(sorted(PEOPLE), start=1)}


def openalex_records() -> list[dict[str, Any]]:
    records = []
    n = 0
    ids = author_ids()
    for name, papers in PEOPLE.items():
        for _ in papers:
            n += 1
            records.append({
                "id": f"https://openalex.org/W9{n:09d}", "doi": f"https://doi.org/10.48550/arxiv.2401.{n:05d}",
                "title": f"Paper {n} by {name}", "publication_year": 2024, "publication_date": "2024-01-08",
                "type": "preprint", "cited_by_count": 0, "topics": [], "referenced_works": [],
                "authorships": [{"author_position": "first", "institutions": [],
                                 "author": {"id": f"https://openalex.org/{ids[name]}", "display_name": name}}],
            })
    return records


def kaggle_records() -> list[dict[str, Any]]:
    records = []
    n = 0
    for name, papers in PEOPLE.items():
        first, last = name.split()
        for cats in papers:
            n += 1
            records.append({
                "id": f"2401.{n:05d}", "submitter": name, "authors": name, "title": f"Paper {n} by {name}",
                "comments": None, "journal-ref": None, "doi": None, "report-no": None,
                "categories": " ".join(cats), "license": None, "abstract": f"An abstract for paper {n}.",
                "versions": [{"version": "v1", "created": "Mon, 8 Jan 2024 10:00:00 GMT"}],
                "update_date": "2024-01-09", "authors_parsed": [[last, first, ""]],
            })
    return records


def expected(papers: list[list[str]]) -> dict[str, Any]:
    """Primary: the most frequent first-listed category (ties: the smaller code; no citations here)."""
    counts: dict[str, int] = {}
    for cats in papers:
        counts[cats[0]] = counts.get(cats[0], 0) + 1
    code = min(counts, key=lambda c: (-counts[c], c))
    ai = sum(any(c in AI_ARXIV for c in cats) for cats in papers)
    score = int(100 * ai / len(papers) + 0.5)
    return {"code": code, "label": code.split(".", 1)[1], "works": counts[code],
            "share": counts[code] / len(papers), "ai": ai, "score": score, "total": len(papers)}


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def api(engine: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    graph: Graph = empty_graph(engine, request, "categories")
    schema.init(graph, 384)
    folder = tmp_path_factory.mktemp("categories")
    people = folder / "people-openalex.jsonl"
    people.write_text("".join(json.dumps(r) + "\n" for r in openalex_records()), encoding="utf-8")
    arxiv = folder / "people-arxiv.jsonl"
    arxiv.write_text("".join(json.dumps(r) + "\n" for r in kaggle_records()), encoding="utf-8")
    openalex = folder / "openalex.jsonl.gz"
    write_jsonl(openalex, 60, seed=4)
    for path, source in ((people, "openalex"), (arxiv, "arxiv"), (openalex, "openalex")):
        summary = load(graph, [path], source, rejects_path=folder / f"{path.stem}.rejects", progress=False)
        assert summary.rejected == 0, path
    with api_for(graph) as client:
        client.graph = graph  # type: ignore[attr-defined]
        yield client
    graph.close()


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_arxiv_authors(api: Api, name: str) -> None:
    want = expected(PEOPLE[name])
    got = api.data(QUERY, id=author_ids()[name])["author"]["profile"]
    primary = got["primaryCategory"]
    assert (primary["code"], primary["label"], primary["scheme"], primary["works"]) == (
        want["code"], want["label"], "arxiv", want["works"])
    assert primary["share"] == pytest.approx(want["share"])
    ai = got["aiScore"]
    assert (ai["score"], ai["aiWorks"], ai["works"]) == (want["score"], want["ai"], want["total"])
    assert ai["formula"] == f"round(100 × {want['ai']} / {want['total']}) = {want['score']}"


def test_the_three_kinds_of_author() -> None:
    assert [expected(PEOPLE[n])["score"] for n in ("Ada Learner", "Bob Algebra", "Cy Half")] == [100, 0, 50]


def test_openalex_author_falls_back_to_the_primary_topics_subfield(api: Api, engine: str) -> None:
    graph: Graph = api.graph  # type: ignore[attr-defined]
    rows = graph.read("""MATCH (a:Author)-[:AUTHORED]->(w:Work)-[h:HAS_TOPIC]->(:Topic)-[:SUBTOPIC_OF]->(s:Topic)
                         WHERE h.primary = true AND s.level = 'subfield' AND a.id STARTS WITH 'A5'
                         RETURN a.id AS a, w.id AS w, s.id AS s, s.name AS name, coalesce(w.cited_by_count, 0) AS c
                         ORDER BY a, w""").rows
    by_author: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_author.setdefault(r["a"], []).append(r)
    author = min(by_author, key=lambda a: (-len(by_author[a]), a))
    counts: dict[str, int] = {}
    cited: dict[str, int] = {}
    for r in by_author[author]:
        counts[r["s"]] = counts.get(r["s"], 0) + 1
        cited[r["s"]] = cited.get(r["s"], 0) + r["c"]
    code = min(counts, key=lambda s: (-counts[s], -cited[s], s))
    primary = api.data(QUERY, id=author)["author"]["profile"]["primaryCategory"]
    name = next(r["name"] for r in rows if r["s"] == code)
    assert (primary["code"], primary["scheme"], primary["works"], primary["label"]) == (code, "openalex",
                                                                                        counts[code], name)
