"""A work that citations made a placeholder (a stub) before its own record came has no links
of its own: when the record comes, its links are CREATEd as for a work the batch created
(load/upsert_works reports both as `unlinked`), and they come out exactly once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph
from loaders.pipeline import load
from tests.support.source_records import write

OA = "https://openalex.org/"


def work(wid: str, refs: list[str], authors: list[str]) -> str:
    return json.dumps({
        "id": OA + wid, "title": f"Title of {wid}", "publication_year": 2021,
        "updated_date": "2024-01-01T00:00:00",
        "authorships": [{"author": {"id": OA + a, "display_name": f"Author {a}"}, "author_position": "middle",
                         "institutions": []} for a in authors],
        "topics": [{"id": OA + "T10001", "display_name": "Topic", "score": 0.9}],
        "referenced_works": [OA + r for r in refs]})


def load_spied(graph: Graph, monkeypatch: pytest.MonkeyPatch, path: Path, tmp_path: Path) -> list[tuple[str, Any]]:
    """Load `path` one record a batch, unpipelined; the named writes sent, with their parameters."""
    sent: list[tuple[str, Any]] = []
    execute = graph.execute

    def spy(name: str, params: dict[str, Any], **kw: Any) -> Any:
        sent.append((name, params))
        return execute(name, params, **kw)

    monkeypatch.setattr(graph, "execute", spy)
    summary = load(graph, [path], "openalex", rejects_path=tmp_path / "r.jsonl", progress=False,
                   batch_size=1, pipelined=False)
    monkeypatch.undo()
    assert summary.rejected == 0
    return sent


def edges(graph: Graph) -> list[tuple[str, str, str]]:
    rows = graph.read("MATCH (a)-[e]->(b) WHERE type(e) IN ['CITES', 'AUTHORED', 'HAS_TOPIC', 'COAUTHOR'] "
                      "RETURN a.id AS a, type(e) AS t, b.id AS b").rows
    return sorted((r["a"], r["t"], r["b"]) for r in rows)


def test_a_placeholder_completed_by_its_record_gets_its_links_created_once(
        graph: Graph, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # W2 cites W1 before W1's record comes; W1's record then cites W3 (new) and W2 (complete).
    path = write(tmp_path, "w.jsonl", [work("W2", ["W1"], ["A1"]), work("W1", ["W3", "W2"], ["A1", "A2"])])
    sent = load_spied(graph, monkeypatch, path, tmp_path)
    upserts = [p for name, p in sent if name == "load/upsert_works"]
    citations = [p for name, p in sent if name == "load/link_citations"]
    # W1, a placeholder when its record came, took the CREATE path like the new W2
    assert [(p["new"], p["rows"]) for p in citations] == [([["W2", ["W1"]]], []), ([["W1", ["W3", "W2"]]], [])]
    assert [r["id"] for p in upserts for r in p["rows"]] == ["W2", "W1"]
    assert "load/authors_of_works" not in [name for name, _ in sent]  # a placeholder has no authors to read
    expected = [
        ("A1", "AUTHORED", "W1"), ("A1", "AUTHORED", "W2"), ("A1", "COAUTHOR", "A2"), ("A2", "AUTHORED", "W1"),
        ("W1", "CITES", "W2"), ("W1", "CITES", "W3"), ("W1", "HAS_TOPIC", "T10001"), ("W2", "CITES", "W1"),
        ("W2", "HAS_TOPIC", "T10001")]
    assert edges(graph) == expected
    stubs = graph.read("MATCH (w:Work) RETURN w.id AS id, w.stub AS stub ORDER BY id").rows
    assert stubs == [{"id": "W1", "stub": None}, {"id": "W2", "stub": None}, {"id": "W3", "stub": True}]
    # Loaded again, W1 is a complete work: its links are MERGEd, and nothing doubles.
    again = load_spied(graph, monkeypatch, path, tmp_path)
    assert [(p["new"], p["rows"]) for name, p in again if name == "load/link_citations"] == [
        ([], [["W2", ["W1"]]]), ([], [["W1", ["W3", "W2"]]])]
    assert edges(graph) == expected


def test_upsert_works_reports_created_works_and_placeholders_as_unlinked(graph: Graph) -> None:
    graph.write("CREATE (:Work {id: 'W9', openalex_id: 'W9', stub: true}), "
                "(:Work {id: 'W5', openalex_id: 'W5', title: 'Complete', record_rank: '1|2020'})")
    rows = [{"id": wid, "rank": "1|2024", "props": {"title": f"T {wid}"}, "fill": {}, "sources": ["openalex"]}
            for wid in ("W1", "W9", "W5")]
    result = graph.execute("load/upsert_works", {"rows": rows, "changed": [], "source_names": ["openalex"]})
    assert sorted((r["id"], r["unlinked"]) for r in result.rows) == [("W1", True), ("W5", False), ("W9", True)]
