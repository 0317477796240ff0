"""loaders.crossref: written inputs (every layout, bad records, damage) and the real samples in
../shared/data/crossref, whose expected counts are computed here from the raw JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from loaders import ids
from loaders.crossref import parse_crossref
from loaders.records import FormatError, Parsed, WorkRecord
from tests.support.engines import SHARED_DATA
from tests.support.source_records import api_list, expected_source, item


def parse(path: Path) -> tuple[list[WorkRecord], list[Parsed]]:
    items = list(parse_crossref(path))
    works = [i.record for i in items if isinstance(i.record, WorkRecord)]
    return works, [i for i in items if i.rejected]


def test_a_work_and_everything_it_says(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(api_list([item("10.1000/ABC")]), indent=2))
    (w,), rejected = parse(path)
    assert rejected == []
    assert (w.key, w.doi, w.title, w.abstract) == (
        "doi:10.1000/abc", "10.1000/abc", "On 10.1000/ABC", "What it & says.")
    assert (w.year, w.publication_date, w.type, w.cited_by_count, w.source_name) == (
        2021, "2021-03-04", "article", 7, "crossref")
    assert w.source is not None
    assert (w.source.id, w.source.name, w.source.type, w.source.publisher) == (
        "issn:1234-5678", "Journal of Tests", "journal", "Test Press")  # the print ISSN keys it
    assert [(a.author.display_name, a.author.orcid, a.position, a.order) for a in w.authorships] == [
        ("Ada Lovelace", "0000-0002-1825-0097", "first", 0), ("Charles Babbage", None, "middle", 1),
        ("The Engine Consortium", None, "last", 2)]
    assert [(i.id, i.name, i.ror) for i in w.authorships[0].institutions] == [
        ("ror:05dxps055", "Analytical Society", "05dxps055")]
    assert w.authorships[1].institutions[0].id == ids.institution_id(None, None, "Difference Lab")
    assert w.cites == ["doi:10.1000/cited.1", "doi:10.1000/cited.2"]  # DOIs compared case-blind, once each
    assert (w.funders, w.funder_dois) == (["Royal Society", "A foundation"], ["10.13039/501100000288"])
    assert w.authorships[0].author.id is None  # resolved by ORCID in the graph, never by name alone


def test_every_layout_reads_the_same_works(tmp_path: Path) -> None:
    items = [item(f"10.1000/{n}") for n in range(3)]
    layouts = {
        "pretty.json": json.dumps(api_list(items), indent=2).encode(),
        "oneline.json": json.dumps(api_list(items)).encode(),
        "lines.jsonl": b"".join(json.dumps(i).encode() + b"\n" for i in items),
        "lines.jsonl.gz": gzip.compress(b"".join(json.dumps(i).encode() + b"\n" for i in items)),
        "datafile.json": json.dumps({"items": items}).encode(),  # the older public data file's layout
        "array.json": json.dumps(items, indent=1).encode(),
    }
    for name, data in layouts.items():
        (tmp_path / name).write_bytes(data)
        works, rejected = parse(tmp_path / name)
        assert [w.doi for w in works] == ["10.1000/0", "10.1000/1", "10.1000/2"], name
        assert rejected == [], name
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"status": "ok", "message-type": "work", "message": items[1]}, indent=2))
    assert [w.doi for w in parse(single)[0]] == ["10.1000/1"]


def test_bad_records_are_rejected_by_line(tmp_path: Path) -> None:
    lines = [json.dumps(item("10.1000/1")), '{"DOI": "10.1000/2", "title": [', json.dumps({"title": ["no DOI"]}),
             json.dumps(item("10.1000/3", **{"is-referenced-by-count": "many"})), json.dumps(item("10.1000/4"))]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    works, rejected = parse(path)
    assert [w.doi for w in works] == ["10.1000/1", "10.1000/4"]
    assert [(r.line, r.rejected.reason.split(":")[0]) for r in rejected if r.rejected] == [
        (2, "invalid JSON"), (3, "no valid DOI (found none)"), (4, "is-referenced-by-count")]


def test_a_pretty_printed_response_rejects_at_the_record_line(tmp_path: Path) -> None:
    text = json.dumps(api_list([item("10.1000/1"), item("10.1000/2", DOI=None)]), indent=2)
    path = tmp_path / "r.json"
    path.write_text(text)
    works, rejected = parse(path)
    assert [w.doi for w in works] == ["10.1000/1"]
    starts = [n + 1 for n, line in enumerate(text.splitlines()) if line == "      {"]  # each item's "{"
    assert [r.line for r in rejected] == [starts[1]]


def test_damage_keeps_what_was_read(tmp_path: Path) -> None:
    items = [item(f"10.1000/{n}") for n in range(200)]
    data = gzip.compress(b"".join(json.dumps(i).encode() + b"\n" for i in items))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    works, rejected = parse(path)
    assert 0 < len(works) < 200 and [w.doi for w in works] == [f"10.1000/{n}" for n in range(len(works))]
    assert len(rejected) == 1 and rejected[0].line == len(works) + 1
    assert rejected[0].rejected is not None and "unreadable file content" in rejected[0].rejected.reason
    truncated = tmp_path / "cut.json"
    text = json.dumps(api_list(items[:3]), indent=2)
    truncated.write_text(text[: len(text) * 2 // 3])
    works, rejected = parse(truncated)
    assert len(works) == 2 and len(rejected) == 1 and "invalid JSON" in str(rejected[0].rejected)


def test_not_crossref_fails_the_file(tmp_path: Path) -> None:
    for name, data in {"empty.json": b"", "feed.xml": b"<feed/>", "oa.json": b'{"id": "https://openalex.org/W1"}'}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(FormatError, match="not a Crossref file"):
            parse_crossref(tmp_path / name)


# --- the real samples ---------------------------------------------------------------------------


def test_real_samples(shared_data: Path) -> None:
    for path in sorted((shared_data / "crossref").glob("*.json")):
        raw = json.loads(path.read_text())["message"]["items"]
        works, rejected = parse(path)
        assert rejected == [], path
        assert [w.doi for w in works] == [i["DOI"].lower() for i in raw]
        assert [len(w.authorships) for w in works] == [len(i.get("author", [])) for i in raw]
        assert sum(a.author.orcid is not None for w in works for a in w.authorships) == sum(
            "ORCID" in a for i in raw for a in i.get("author", []))
        assert [w.cites for w in works] == [
            list(dict.fromkeys(f"doi:{r['DOI'].lower()}" for r in i.get("reference", []) if "DOI" in r)) for i in raw]
        assert [w.funders for w in works] == [
            list(dict.fromkeys(f["name"] for f in i.get("funder", []))) for i in raw]
        assert [w.source.id if w.source else None for w in works] == [expected_source(i) for i in raw]
        assert [w.cited_by_count for w in works] == [i["is-referenced-by-count"] for i in raw]


def test_real_sample_counts() -> None:
    """The numbers docs/loading.md quotes, from the raw files."""
    path = SHARED_DATA / "crossref" / "journal_2167-8359_works_query_ecology.json"
    if not path.exists():
        pytest.skip(f"real sample data not found at {path.parent} (../shared/data beside the repo)")
    raw = json.loads(path.read_text())["message"]["items"]
    works, _ = parse(path)
    assert len(works) == len(raw) == 20
    assert {w.source.id for w in works if w.source} == {"issn:2167-8359"}  # PeerJ, the journal asked for
