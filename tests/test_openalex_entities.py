"""loaders.openalex maps OpenAlex authors, institutions and topics (real samples in
../shared/data/openalex, skipped without them; the legacy author shape written here), with
expected values computed from the raw JSON, not the parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.openalex import parse_openalex
from loaders.records import (
    AuthorRecord,
    InstitutionRecord,
    TopicRecord,
)
from tests.support.openalex_files import (
    OA,
    chain,
    needs_data,
    raw_results,
    records,
)
from tests.support.openalex_ids import short


@needs_data
@pytest.mark.parametrize(
    "name", ["author_A5023888391.json", "authors_page1.json", "authors_search_machine_learning.json"]
)
def test_authors_match_raw(name: str) -> None:
    raw = raw_results(name)
    authors = records(OA / name)
    assert len(authors) == len(raw)
    for a, r in zip(authors, raw, strict=True):
        assert isinstance(a, AuthorRecord)
        assert a.id == a.openalex_id == short(r["id"])
        assert a.display_name == r["display_name"]
        assert a.orcid == (short(r["orcid"]).upper() if r["orcid"] else None)
        assert (a.works_count, a.cited_by_count) == (r["works_count"], r["cited_by_count"])
        assert [i.id for i in a.last_known_institutions] == [
            short(i["id"]) for i in r["last_known_institutions"]
        ]


@needs_data
def test_known_author() -> None:
    [a] = records(OA / "author_A5023888391.json")
    assert (a.id, a.display_name, a.orcid, a.works_count) == (
        "A5023888391",
        "Jason Priem",
        "0000-0001-6187-6610",
        62,
    )
    assert [(i.id, i.name, i.ror, i.country, i.type) for i in a.last_known_institutions] == [
        ("I4200000001", "OpenAlex", "02nr0ka47", "CA", "nonprofit")
    ]


def test_author_with_legacy_singular_last_known_institution(tmp_path: Path) -> None:
    # Written here (the generator makes works only); the same shape as the real author record.
    institution = {"id": "https://openalex.org/I4200000001", "ror": "https://ror.org/02nr0ka47",
                   "display_name": "OpenAlex", "country_code": "CA", "type": "nonprofit"}
    legacy = {"id": "https://openalex.org/A5023888391", "display_name": "Jason Priem",
              "orcid": "https://orcid.org/0000-0001-6187-6610", "works_count": 62,
              "last_known_institution": institution}
    path = tmp_path / "legacy.jsonl"
    path.write_text(json.dumps(legacy) + "\n")
    [a] = records(path)
    assert [i.id for i in a.last_known_institutions] == ["I4200000001"]


@needs_data
def test_institutions_match_raw() -> None:
    raw = raw_results("institutions_page1.json")
    insts = records(OA / "institutions_page1.json")
    assert len(insts) == len(raw) == 50
    for i, r in zip(insts, raw, strict=True):
        assert isinstance(i, InstitutionRecord)
        assert i.id == i.openalex_id == short(r["id"])
        assert (i.name, i.country, i.type) == (r["display_name"], r["country_code"], r["type"])
        assert i.ror == (short(r["ror"]) if r["ror"] else None)
    assert (insts[0].id, insts[0].ror, insts[0].country) == ("I1294671590", "02feahw73", "FR")


@needs_data
def test_topics_match_raw() -> None:
    raw = raw_results("topics_page1.json")
    topics = records(OA / "topics_page1.json")
    assert len(topics) == len(raw) == 50
    for t, r in zip(topics, raw, strict=True):
        assert isinstance(t, TopicRecord)
        assert (t.id, t.level, t.scheme) == (short(r["id"]), "topic", "openalex")
        assert t.description == r["description"]
        assert t.keywords == r["keywords"]
        assert [x[1] for x in chain(t)[1:]] == [
            "openalex:subfield:" + short(r["subfield"]["id"]),
            "openalex:field:" + short(r["field"]["id"]),
            "openalex:domain:" + short(r["domain"]["id"]),
        ]
    assert chain(topics[0]) == [
        ("topic", "T11881", "Crystallization and Solubility Studies"),
        ("subfield", "openalex:subfield:2505", "Materials Chemistry"),
        ("field", "openalex:field:25", "Materials Science"),
        ("domain", "openalex:domain:3", "Physical Sciences"),
    ]


@needs_data
def test_pretty_printed_results_report_start_lines() -> None:
    """topics_top200_select.json is pretty-printed (indent 2): each element's line
    is where its '{' stands, found here by reading the text."""
    path = OA / "topics_top200_select.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [n for n, text in enumerate(lines, start=1) if text == "    {"]
    parsed = list(parse_openalex(path))
    assert [p.line for p in parsed] == starts
    assert len(parsed) == 200
    assert all(p.record.parent is None for p in parsed)  # select= dropped the hierarchy
    assert parsed[0].record.id == "T14087"
