"""Entity nodes stay true to their own record (issue 15): an entity's own record, and the
newer `updated_date`, win over the copies embedded in other records, whatever the order the
files are loaded in; author records' affiliation history becomes AFFILIATED_WITH years.
Inputs are written by the tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphdb import Graph, schema
from loaders.pipeline import load
from tests.support.engines import empty_beside

OA = "https://openalex.org/"


def write(tmp_path: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(graph: Graph, paths: list[Path], tmp_path: Path) -> None:
    schema.init(graph, 384)
    summary = load(graph, paths, "openalex", rejects_path=tmp_path / "rejects.jsonl", progress=False)
    assert summary.rejected == 0 and not summary.failed_files


def stale_work(n: int, updated: str, source_name: str) -> dict[str, Any]:
    """A work whose embedded copies name everything by its old names."""
    return {
        "id": f"{OA}W{n}", "title": f"Work {n}", "publication_year": 2020, "updated_date": updated,
        "primary_location": {"source": {"id": f"{OA}S1", "display_name": source_name}},
        "topics": [{"id": f"{OA}T1", "display_name": "Old topic name", "score": 0.9,
                    "subfield": {"id": f"{OA}subfields/1702", "display_name": "Old subfield"}}],
        "authorships": [{"author": {"id": f"{OA}A1", "display_name": "J. Old"},
                         "institutions": [{"id": f"{OA}I1", "display_name": "Old Institute", "country_code": "us"}]}],
    }


def entity_files(tmp_path: Path) -> list[Path]:
    """Own records (newest first in the topics file, so file order inside a file is tested too)."""
    topics = write(tmp_path, "topics.jsonl", [
        {"id": f"{OA}T1", "display_name": "Topic name", "description": "own", "updated_date": "2025-03-01",
         "subfield": {"id": f"{OA}subfields/1702", "display_name": "Artificial Intelligence"}},
        {"id": f"{OA}T1", "display_name": "Older own topic name", "updated_date": "2024-01-01"},
    ])
    institutions = write(tmp_path, "institutions.jsonl", [
        {"id": f"{OA}I1", "display_name": "New Institute", "ror": "https://ror.org/02nr0ka47",
         "country_code": "CA", "type": "education", "updated_date": "2025-01-01"},
    ])
    authors = write(tmp_path, "authors.jsonl", [
        {"id": f"{OA}A1", "display_name": "Jane New", "works_count": 3, "updated_date": "2025-01-01"},
    ])
    return [topics, institutions, authors]


def names(graph: Graph) -> dict[str, Any]:
    one = graph.read
    return {
        "topic": one("MATCH (t:Topic {id: 'T1'}) RETURN t.name AS v, t.description AS d").rows[0],
        "subfield": one("MATCH (t:Topic {id: 'openalex:subfield:1702'}) RETURN t.name AS v").value(),
        "institution": one("MATCH (i:Institution {id: 'I1'}) RETURN [i.name, i.country, i.ror] AS v").value(),
        "author": one("MATCH (a:Author {id: 'A1'}) RETURN [a.display_name, a.name_key] AS v").value(),
        "source": one("MATCH (s:Source {id: 'S1'}) RETURN s.name AS v").value(),
    }


EXPECTED = {
    "topic": {"v": "Topic name", "d": "own"},
    "subfield": "Artificial Intelligence",
    "institution": ["New Institute", "CA", "02nr0ka47"],
    "author": ["Jane New", "jane new"],
    "source": "Journal (new name)",
}


def test_own_records_and_newer_dates_win_in_either_order(graph: Graph, tmp_path: Path) -> None:
    own = entity_files(tmp_path)
    # Two copies of the source: the newer work's name wins, the older work comes later.
    works = write(tmp_path, "works.jsonl", [
        stale_work(1, "2025-02-01", "Journal (new name)"),
        stale_work(2, "2023-01-01", "Journal (old name)"),
    ])
    run(graph, [*own, works], tmp_path)
    first = names(graph)
    other = empty_beside(graph, "stale")
    try:
        run(other, [works, *reversed(own)], tmp_path)
        second = names(other)
    finally:
        if other is not graph:
            other.close()
    assert first == second == EXPECTED


def test_a_stale_copy_in_a_later_batch_fills_only_what_is_missing(graph: Graph, tmp_path: Path) -> None:
    own = write(tmp_path, "inst.jsonl",
                [{"id": f"{OA}I1", "display_name": "New Institute", "updated_date": "2025-01-01"}])
    works = write(tmp_path, "works.jsonl", [stale_work(1, "2024-01-01", "J")])
    run(graph, [own, works], tmp_path)
    got = graph.read("MATCH (i:Institution {id: 'I1'}) RETURN [i.name, i.country] AS v").value()
    assert got == ["New Institute", "US"]  # the name stays, the missing country comes from the copy


def test_author_affiliation_history_gives_affiliated_with_years(graph: Graph, tmp_path: Path) -> None:
    author = write(tmp_path, "authors.jsonl", [{
        "id": f"{OA}A1", "display_name": "Jane New",
        "affiliations": [
            {"institution": {"id": f"{OA}I1", "display_name": "New Institute"}, "years": [2021, 2019]},
            {"institution": {"id": f"{OA}I2", "display_name": "Second Place"}, "years": [2015]},
        ],
    }])
    works = write(tmp_path, "works.jsonl", [stale_work(1, "2024-01-01", "J")])  # A1 at I1 in 2020
    run(graph, [author, works], tmp_path)
    run(graph, [author, works], tmp_path)  # idempotent
    rows = graph.read(
        "MATCH (:Author {id: 'A1'})-[f:AFFILIATED_WITH]->(i:Institution) "
        "RETURN i.id AS i, f.years AS years, f.first_year AS first, f.last_year AS last ORDER BY i"
    ).rows
    assert [(r["i"], r["years"], r["first"], r["last"]) for r in rows] == [  # years in order
        ("I1", [2019, 2020, 2021], 2019, 2021),
        ("I2", [2015], 2015, 2015),
    ]
