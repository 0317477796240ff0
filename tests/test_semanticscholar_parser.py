"""loaders.semanticscholar: written Graph API objects (papers, authors, search, batch, citation
objects) and the real samples in ../shared/data/semanticscholar, counted from the raw JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loaders.records import AuthorRecord, FormatError, Parsed, WorkRecord
from loaders.semanticscholar import parse_semanticscholar
from tests.support.source_records import paper


def parse(path: Path) -> tuple[list[Any], list[Parsed]]:
    items = list(parse_semanticscholar(path))
    return [i.record for i in items if i.record], [i for i in items if i.rejected]


def write(tmp_path: Path, name: str, obj: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(obj, indent=2))
    return path


def test_a_paper_with_its_citations_and_references(tmp_path: Path) -> None:
    obj = paper("p0", doi="10.1000/P0", references=[paper("r1", doi="10.1000/r1"), {"paperId": "r2", "title": None},
                                                    {"paperId": None, "title": "unknown"}],
                citations=[paper("c1", arxiv="2101.00001v2"), paper("c2")])
    records, rejected = parse(write(tmp_path, "p.json", obj))
    assert rejected == []
    main, *others = records
    assert (main.key, main.doi, main.title, main.year, main.publication_date, main.type, main.cited_by_count) == (
        "s2:p0", "10.1000/p0", "Paper p0", 2020, "2020-05-01", "article", 3)
    assert main.source is not None and (main.source.id, main.source.type) == ("issn:1234-5678", "journal")
    assert [(a.author.display_name, a.position, a.author.id, a.author.orcid) for a in main.authorships] == [
        ("Ada Lovelace", "first", None, None), ("Charles Babbage", "last", None, None)]  # name-only
    assert main.cites == ["doi:10.1000/r1", "s2:r2"]  # by DOI, else the S2 key (an untitled stub)
    assert [(w.key, w.arxiv_id, w.cites) for w in others] == [
        ("s2:r1", None, []), ("s2:c1", "2101.00001", ["doi:10.1000/p0"]), ("s2:c2", None, ["doi:10.1000/p0"])]


def test_search_batch_and_citation_endpoints(tmp_path: Path) -> None:
    search = write(tmp_path, "search.json", {"total": 2, "offset": 0, "next": 2, "data": [paper("a"), paper("b")]})
    batch = write(tmp_path, "batch.json", [paper("a"), None, paper("b")])  # null: an id the API did not find
    cites = write(tmp_path, "citations.json", {"offset": 0, "data": [
        {"contexts": [], "intents": [], "isInfluential": False, "citingPaper": paper("a")},
        {"citingPaper": {"paperId": "x", "title": None}}]})
    lines = tmp_path / "papers.jsonl"
    lines.write_text(json.dumps(paper("a")) + "\n" + json.dumps(paper("b")) + "\n")
    for path, keys in ((search, ["s2:a", "s2:b"]), (batch, ["s2:a", "s2:b"]), (cites, ["s2:a"]),
                       (lines, ["s2:a", "s2:b"])):
        records, rejected = parse(path)
        assert [r.key for r in records] == keys and rejected == [], path.name


def test_authors(tmp_path: Path) -> None:
    with_orcid = {"authorId": "9", "name": "Ada Lovelace", "externalIds": {"ORCID": "0000-0002-1825-0097"},
                  "paperCount": 2, "citationCount": 5, "papers": [paper("a"), paper("b", authors=[])]}
    records, rejected = parse(write(tmp_path, "author.json", with_orcid))
    person, a, b = records
    # no graph id: the writer finds the author holding the ORCID, else the authorId
    assert isinstance(person, AuthorRecord) and (person.id, person.orcid, person.s2_id, person.works_count) == (
        None, "0000-0002-1825-0097", "9", 2)
    assert isinstance(a, WorkRecord) and isinstance(b, WorkRecord)
    assert [x.author.orcid for x in a.authorships] == [None, None]  # author ids differ from "9"
    assert [(x.author.display_name, x.author.orcid) for x in b.authorships] == [("Ada Lovelace", "0000-0002-1825-0097")]
    assert [x.author.s2_id for x in a.authorships] == ["1", "2"] == [p["authorId"] for p in paper("a")["authors"]]
    just_an_id = write(tmp_path, "just_an_id.json", {"total": 1, "data": [{"authorId": "7", "name": "N. N."}]})
    records, rejected = parse(just_an_id)
    assert [(r.display_name, r.s2_id) for r in records if isinstance(r, AuthorRecord)] == [("N. N.", "7")]
    nobody = write(tmp_path, "nobody.json", {"total": 1, "data": [{"authorId": None, "name": "N. N.", "papers": []}]})
    records, rejected = parse(nobody)
    assert records == [] and rejected[0].rejected is not None
    assert "neither an ORCID, an authorId nor papers" in rejected[0].rejected.reason


def test_bad_records_by_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([json.dumps(paper("a")), "{nope", json.dumps({"foo": 1}),
                               json.dumps(paper("c", citationCount=-1)), json.dumps(paper("d"))]) + "\n")
    records, rejected = parse(path)
    assert [r.key for r in records] == ["s2:a", "s2:d"]
    assert [r.line for r in rejected] == [2, 3, 4]
    assert rejected[2].rejected is not None and rejected[2].rejected.reason.startswith(
        "cited_by_count: -1 is negative")


def test_not_semanticscholar(tmp_path: Path) -> None:
    for name, data in {"empty.json": b"", "x.xml": b"<a/>", "cr.json": b'{"status": "ok", "message": {}}'}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(FormatError, match="not a Semantic Scholar file"):
            parse_semanticscholar(tmp_path / name)


def test_real_samples(shared_data: Path) -> None:
    turing = json.loads((shared_data / "semanticscholar" / "paper_turing1950_with_citations.json").read_text())
    records, rejected = parse(shared_data / "semanticscholar" / "paper_turing1950_with_citations.json")
    refs = [r for r in turing["references"] if r.get("paperId")]
    citing = [c for c in turing["citations"] if c.get("paperId") and c.get("title")]
    assert rejected == []
    # the paper, its titled references and the titled papers citing it
    assert len(records) == 1 + sum(1 for r in refs if r.get("title")) + len(citing)
    assert len(records[0].cites) == len({(r.get("externalIds") or {}).get("DOI", "").lower() or r["paperId"]
                                         for r in refs})
    assert sum(r.doi is not None for r in records) == (
        1 + sum(1 for r in refs if r.get("title") and (r.get("externalIds") or {}).get("DOI"))
        + sum(1 for c in citing if (c.get("externalIds") or {}).get("DOI")))

    author = json.loads((shared_data / "semanticscholar" / "author_with_papers.json").read_text())
    records, rejected = parse(shared_data / "semanticscholar" / "author_with_papers.json")
    assert rejected == []
    # no ORCID in the record: the author by authorId, then the papers, their authors by authorId
    assert "ORCID" not in (author.get("externalIds") or {})
    person, *records = records
    assert isinstance(person, AuthorRecord) and (person.s2_id, person.orcid) == (author["authorId"], None)
    assert [r.key for r in records] == [f"s2:{p['paperId']}" for p in author["papers"]]
    assert [r.open_access for r in records] == [p["isOpenAccess"] for p in author["papers"]]
    assert {r.open_access for r in records} == {True, False}  # the sample holds both
    assert sum(len(r.authorships) for r in records) == sum(len(p["authors"]) for p in author["papers"])
    assert [a.author.s2_id for r in records for a in r.authorships] == [
        x.get("authorId") for p in author["papers"] for x in p["authors"]]
