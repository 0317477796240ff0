"""ISSN-keyed sources (Crossref, Semantic Scholar: "issn:…") and OpenAlex's S… source of the
same journal are one Source when OpenAlex's record names the ISSN (issn_l, issn), whichever
is loaded first (issue 15). Inputs are written by the tests; both engines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphdb import Graph, schema
from loaders.pipeline import load
from tests.support.engines import empty_beside
from tests.support.graphdump import counts, dump
from tests.support.source_records import api_list, paper
from tests.support.source_records import item as crossref_item

OA = "https://openalex.org/"


def files(tmp_path: Path) -> dict[str, Path]:
    """One journal: OpenAlex's S1 (linking ISSN 1234-5678, also 8765-432X), a Crossref work
    keyed by its print ISSN 1234-5678 and a Semantic Scholar paper by its ISSN; and a Crossref
    work in a journal OpenAlex does not name (9999-9999)."""
    oa = tmp_path / "oa.jsonl"
    oa.write_text(json.dumps({
        "id": f"{OA}W1", "title": "OA paper", "publication_year": 2020, "updated_date": "2024-01-01",
        "primary_location": {"source": {"id": f"{OA}S1", "display_name": "Journal of Tests (OpenAlex)",
                                        "type": "journal", "issn_l": "1234-5678",
                                        "issn": ["8765-432X", "1234-5678"]}}}) + "\n")
    cr = tmp_path / "cr.json"
    other: dict[str, Any] = {"ISSN": ["9999-9999"], "issn-type": [{"value": "9999-9999", "type": "print"}],
                             "container-title": ["Another Journal"]}
    cr.write_text(json.dumps(api_list([crossref_item("10.1000/cr", author=[], reference=[]),
                                       crossref_item("10.1000/other", author=[], reference=[], **other)])))
    s2 = tmp_path / "s2.json"
    s2.write_text(json.dumps(paper("p1", doi="10.1000/s2", authors=[])))
    return {"openalex": oa, "crossref": cr, "semanticscholar": s2}


def run(graph: Graph, order: list[str], paths: dict[str, Path], tmp_path: Path) -> None:
    schema.init(graph, 384)
    for source in order:
        summary = load(graph, [paths[source]], source, rejects_path=tmp_path / "rejects.jsonl", progress=False)
        assert summary.rejected == 0 and not summary.failed_files, summary.lines()


def sources(graph: Graph) -> list[dict[str, Any]]:
    return graph.read("MATCH (s:Source) OPTIONAL MATCH (w:Work)-[:PUBLISHED_IN]->(s) "
                      "RETURN s.id AS id, s.name AS name, s.issn_l AS issn_l, count(w) AS works ORDER BY id").rows


def test_issn_keyed_sources_are_openalex_sources_in_either_order(graph: Graph, tmp_path: Path) -> None:
    paths = files(tmp_path)
    run(graph, ["openalex", "crossref", "semanticscholar"], paths, tmp_path)
    first, first_dump, first_counts = sources(graph), dump(graph), counts(graph)
    with empty_beside(graph, "issn_first") as other:
        run(other, ["crossref", "semanticscholar", "openalex"], paths, tmp_path)
        assert sources(other) == first == [
            {"id": "S1", "name": "Journal of Tests (OpenAlex)", "issn_l": "1234-5678", "works": 3},
            {"id": "issn:9999-9999", "name": "Another Journal", "issn_l": None, "works": 1},
        ]
        assert counts(other) == first_counts and first_counts["PUBLISHED_IN"] == 4
        assert dump(other) == first_dump
