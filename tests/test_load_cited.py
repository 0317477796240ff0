"""Citations name the node that holds the cited OpenAlex id, even when that node's own
id is not the OpenAlex id (an arXiv-first work that OpenAlex matched later); the lookup
(load/cited_work_ids) reports only such ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, Result
from loaders.pipeline import load
from tests.support.source_records import kaggle_line, load_quiet, write

OA = "https://openalex.org/"


def oa_line(wid: str, title: str, refs: list[str], doi: str | None = None) -> str:
    return json.dumps({"id": OA + wid, "doi": f"https://doi.org/{doi}" if doi else None, "title": title,
                       "publication_year": 2022, "authorships": [], "referenced_works": [OA + r for r in refs]})


def test_cited_work_ids_reports_only_ids_held_by_another_node(graph: Graph, tmp_path: Path) -> None:
    load_quiet(graph, [write(tmp_path, "a.jsonl", [kaggle_line("2205.01833", "OpenAlex", [["Priem", "Jason"]])])],
               "arxiv", tmp_path)
    load_quiet(graph, [write(tmp_path, "o.jsonl", [
        oa_line("W4229010617", "OpenAlex", [], doi="10.48550/arxiv.2205.01833"),
        oa_line("W1", "Plain", []),
    ])], "openalex", tmp_path)
    rows = graph.query("load/cited_work_ids", {"values": ["W4229010617", "W1", "W404"]}).rows
    assert [(r["key"], r["id"], r["stub"]) for r in rows] == [("W4229010617", "arxiv:2205.01833", False)]


def test_a_citation_reaches_the_arxiv_first_node(graph: Graph, tmp_path: Path) -> None:
    load_quiet(graph, [write(tmp_path, "a.jsonl", [kaggle_line("2205.01833", "OpenAlex", [["Priem", "Jason"]])])],
               "arxiv", tmp_path)
    summary = load(graph, [write(tmp_path, "o.jsonl", [
        oa_line("W4229010617", "OpenAlex", [], doi="10.48550/arxiv.2205.01833"),
        oa_line("W2", "Citing", ["W4229010617", "W9"]),
    ])], "openalex", rejects_path=tmp_path / "r.jsonl", progress=False, batch_size=1)
    assert summary.rejected == 0
    cites = graph.read("MATCH (:Work {id: 'W2'})-[:CITES]->(c:Work) RETURN c.id AS id, c.stub AS stub "
                       "ORDER BY id").rows
    assert cites == [{"id": "W9", "stub": True}, {"id": "arxiv:2205.01833", "stub": None}]


def test_cited_work_ids_reports_every_node_of_an_id_held_by_several(graph: Graph) -> None:
    # A cited-only stub under its own id, and the arXiv-first work OpenAlex later gave that id:
    # both are reported (the loader cites the complete one); an id held by its own node only is not.
    graph.write("CREATE (:Work {id: 'W5', openalex_id: 'W5', stub: true}), "
                "(:Work {id: 'arxiv:2205.01833', openalex_id: 'W5', title: 'OpenAlex'}), "
                "(:Work {id: 'W6', openalex_id: 'W6', title: 'Plain'})")
    rows = graph.query("load/cited_work_ids", {"values": ["W6", "W5", "W404"]}).rows
    assert sorted((r["key"], r["id"], r["stub"]) for r in rows) == [
        ("W5", "W5", True), ("W5", "arxiv:2205.01833", False)]


def test_an_id_found_on_its_own_node_is_not_asked_again_in_the_same_load(
        graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    query = graph.query

    def noting(name: str, params: dict[str, Any] | None = None) -> Result:
        if name == "load/cited_work_ids":
            asked.append((params or {})["values"])
        return query(name, params)

    monkeypatch.setattr(graph, "query", noting)
    summary = load(graph, [write(tmp_path, "o.jsonl", [
        oa_line("W1", "First", ["W9"]),
        oa_line("W2", "Second", ["W9", "W8"]),
        oa_line("W3", "Third", ["W1", "W8", "W9"]),
    ])], "openalex", rejects_path=tmp_path / "r.jsonl", progress=False, batch_size=1)
    assert summary.rejected == 0
    assert asked == [["W9"], ["W8"], ["W1"]]
    cites = graph.read("MATCH (w:Work)-[:CITES]->(c:Work) RETURN w.id AS w, c.id AS c, c.stub AS stub "
                       "ORDER BY w, c").rows
    assert [(r["w"], r["c"], r["stub"]) for r in cites] == [
        ("W1", "W9", True), ("W2", "W8", True), ("W2", "W9", True),
        ("W3", "W1", None), ("W3", "W8", True), ("W3", "W9", True)]
