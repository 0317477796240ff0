"""Loading the real sample files: counts that follow from the files, computed here
from the raw JSON independently of the loader, and idempotent re-loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphdb import Graph, schema
from loaders.pipeline import load
from tests.support.graphdump import counts, dump
from tests.support.openalex_ids import short

WORK_FILES = ["works_author_A5023888391.json", "work_W2741809807.json", "works_cites_W2741809807.json"]


@pytest.fixture
def graph(graph: Graph) -> Graph:
    """The schema first, as `scholargraph load` does: without the id indexes every
    lookup is a label scan and a load is quadratic in the graph's size."""
    schema.init(graph, 384)
    return graph


def raw_works(data: Path) -> list[dict]:
    works = []
    for name in WORK_FILES:
        doc = json.loads((data / "openalex" / name).read_text())
        works += doc.get("results", [doc])
    return works


def test_openalex_counts_follow_from_the_files(graph: Graph, shared_data: Path, tmp_path: Path) -> None:
    summary = load(graph, [shared_data / "openalex" / n for n in WORK_FILES], "openalex",
                   rejects_path=tmp_path / "rejects.jsonl", progress=False)
    works = {short(w["id"]): w for w in raw_works(shared_data)}  # later duplicates win, as in the loader
    assert summary.rejected == 0
    assert summary.kinds["works"] == len(raw_works(shared_data))

    cited = {short(r) for w in works.values() for r in w["referenced_works"]}
    authored = {(short(a["author"]["id"]), wid) for wid, w in works.items() for a in w["authorships"]}
    authors = {a for a, _ in authored}
    cites = {(wid, short(r)) for wid, w in works.items() for r in w["referenced_works"] if short(r) != wid}
    topics = {(wid, short(t["id"])) for wid, w in works.items() for t in w.get("topics") or []}
    sources = {wid for wid, w in works.items() if (w.get("primary_location") or {}).get("source")}

    got = counts(graph)
    assert got["Work"] == len(set(works) | cited)
    assert graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n").value() == len(works)
    assert got["Author"] == len(authors)
    assert got["AUTHORED"] == len(authored)
    assert got["CITES"] == len(cites)
    assert got["HAS_TOPIC"] == len(topics)
    assert got["PUBLISHED_IN"] == len(sources)

    # Jason Priem's coauthor count: distinct people sharing one of his works.
    priem = "A5023888391"
    coauthors = {a for a, w in authored if (priem, w) in authored and a != priem}
    n = graph.read("MATCH (:Author {id: $id})-[:COAUTHOR]-(c:Author) RETURN count(c) AS n", {"id": priem}).value()
    assert n == len(coauthors)


def test_reload_changes_nothing(graph: Graph, shared_data: Path, tmp_path: Path) -> None:
    files = sorted((shared_data / "openalex").glob("*.json"))
    arxiv = sorted((shared_data / "arxiv").rglob("*.*"))
    load(graph, files, "openalex", rejects_path=tmp_path / "r1.jsonl", progress=False)
    load(graph, arxiv, "arxiv", rejects_path=tmp_path / "r2.jsonl", progress=False)
    first = dump(graph)
    again = load(graph, files, "openalex", rejects_path=tmp_path / "r3.jsonl", progress=False)
    load(graph, arxiv, "arxiv", rejects_path=tmp_path / "r4.jsonl", progress=False)
    assert again.stats.nodes_created == 0
    assert again.stats.relationships_created == 0
    assert dump(graph) == first
