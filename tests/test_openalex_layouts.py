"""loaders.openalex reads every layout OpenAlex ships (JSON lines, gzip by content, a
pretty-printed response or entity, one huge line in flat memory) and handles bad input: a
bad line or element is rejected with its line and reason and the stream goes on; a file that
is not OpenAlex JSON raises FormatError at once. On works written by the project's own
generator (scholargraph/synthetic/, so a fresh clone runs these tests) and, where present,
the real samples in ../shared/data/openalex (an extra layer; those tests skip without it).
The files are tests/support/openalex_files.py's.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from loaders import openalex
from loaders.openalex import parse_openalex
from loaders.records import (
    FormatError,
    Parsed,
)
from tests.support.openalex_files import (
    DATA,
    OA,
    needs_data,
    page_and,
    path_of,
    raw_results,
    records,
)
from tests.support.openalex_ids import short


@pytest.mark.parametrize("name", page_and("openalexpro_page_200_works.json"))
def test_json_lines_gzip_and_pretty_single_give_same_records(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)
    api = records(path_of(name))
    gz = tmp_path / "part_000.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        for r in raw:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    assert records(gz) == api
    assert [p.line for p in parse_openalex(gz)] == list(range(1, len(raw) + 1))
    # gzip is recognised by content, not by the name.
    renamed = tmp_path / "part_000.json"
    renamed.write_bytes(gz.read_bytes())
    assert records(renamed) == api
    # One pretty-printed entity.
    single = tmp_path / "work.json"
    single.write_text(json.dumps(raw[0], indent=2, ensure_ascii=False))
    assert records(single) == api[:1]


@pytest.mark.parametrize("name", page_and("works_cites_W2741809807.json"))
def test_fast_and_slow_element_cutting_agree(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The byte scanner (used without orjson and for elements cut by a chunk end)
    gives the same stream as the orjson fast path."""
    path = path_of(name)
    fast = list(parse_openalex(path))
    monkeypatch.setattr(openalex.scanner, "_HAVE_ORJSON", False)
    monkeypatch.setattr(openalex.scanner, "_fast_loads", json.loads)
    assert list(parse_openalex(path)) == fast


def test_large_single_line_response_streams_in_flat_memory(tmp_path: Path) -> None:
    """A ~24 MB API response on one line (chunk boundaries fall inside elements, some
    elements exceed the 64 KiB probe window, non-ASCII text shifts byte offsets)."""
    path = tmp_path / "big.json"
    n = 6000
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f'{{"meta": {{"count": {n}}}, "results": [')
        for i in range(n):
            pad = "é😀x" * (30_000 if i % 1000 == 7 else 1000)
            rec = {"id": f"https://openalex.org/W{i}", "title": f"T{i} {{[]}}\"", "pad": pad}
            fh.write(("," if i else "") + json.dumps(rec, ensure_ascii=False))
        fh.write("]}")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        keys = [p.record.key for p in parse_openalex(path)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert keys == [f"W{i}" for i in range(n)]
    assert peak < 8_000_000


def outcome(items: list[Parsed]) -> list[tuple[int, str]]:
    """(line, work key or 'REJECT: reason') for each item, in order."""
    result = []
    for p in items:
        if p.rejected:
            assert p.rejected.line == p.line
            result.append((p.line, f"REJECT: {p.rejected.reason}"))
        else:
            result.append((p.line, p.record.key))  # type: ignore[union-attr]
    return result


@pytest.mark.parametrize("name", page_and("works_author_A5023888391.json"))
def test_bad_lines_are_rejected_and_the_stream_goes_on(tmp_path: Path, name: str) -> None:
    good = raw_results(name)[:4]
    keys = [short(r["id"]) for r in good]
    no_id = {k: v for k, v in good[1].items() if k not in ("id", "ids")}
    bad_year = dict(good[2], publication_year="abc")
    bad_auth = dict(good[2], authorships={"author": "x"})
    bad_inst = json.loads(json.dumps(good[0]))
    bad_inst["authorships"][1]["institutions"] = "MIT"
    lines = [
        json.dumps(good[0]),  # 1
        '{"id": "https://openalex.org/W1", "title": "a" "b"}',  # 2
        json.dumps(no_id),  # 3
        "",  # 4 blank: skipped, not a record
        json.dumps(bad_year),  # 5
        json.dumps(good[1]),  # 6
        json.dumps(bad_auth),  # 7
        "[1, 2]",  # 8
        json.dumps(bad_inst),  # 9
        '{"id": "https://openalex.org/W2", "title": "cut off',  # 10
        json.dumps(good[2]),  # 11
        json.dumps({"id": "https://openalex.org/S1983995261", "display_name": "PeerJ"}),  # 12
        json.dumps(good[3]),  # 13
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = list(parse_openalex(path))
    missing_comma_col = lines[1].index('"b"') + 1
    assert outcome(parsed) == [
        (1, keys[0]),
        (2, f"REJECT: invalid JSON: Expecting ',' delimiter (col {missing_comma_col})"),
        (3, "REJECT: missing id"),
        (5, "REJECT: publication_year: expected an integer, got 'abc'"),
        (6, keys[1]),
        (7, "REJECT: authorships: expected a list, got an object"),
        (8, "REJECT: expected a JSON object, got a list"),
        (9, "REJECT: authorships[1].institutions: expected a list, got 'MIT'"),
        (10, "REJECT: invalid JSON: Unterminated string starting at (col 44)"),
        (11, keys[2]),
        (12, "REJECT: unsupported OpenAlex entity type: source (S1983995261)"),
        (13, keys[3]),
    ]
    rejects = {p.line: p.rejected for p in parsed if p.rejected}
    assert rejects[2].raw == lines[1]
    assert rejects[3].raw == lines[2][:10_000]
    assert all(r.path == str(path) for r in rejects.values())


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_id_falls_back_to_ids_openalex(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)[0]
    path = tmp_path / "ids_only.jsonl"
    path.write_text(json.dumps({k: v for k, v in raw.items() if k != "id"}) + "\n")
    assert [w.key for w in records(path)] == [short(raw["ids"]["openalex"])]


def test_rejected_raw_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    good = json.dumps({"id": "https://openalex.org/W1", "title": "ok"})
    path.write_text(good + "\n" + json.dumps({"title": "x" * 50_000}) + "\n")
    [_, p] = list(parse_openalex(path))
    assert p.rejected is not None and p.rejected.reason == "missing id"
    assert len(p.rejected.raw) == 10_000


@pytest.mark.parametrize("name", page_and("openalexpro_snowball_keypaper_works.json"))
def test_bad_elements_of_a_pretty_printed_response(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)[:2]
    doc = {"meta": {"count": 4}, "results": [raw[0], {"title": "no id"}, {"id": 5}, raw[1]]}
    text = json.dumps(doc, indent=2)
    # Break the element at results[2] ("id": 5) with a missing comma.
    text = text.replace('"id": 5', '"id": 5 "x": 1')
    path = tmp_path / "page.json"
    path.write_text(text)
    lines = text.splitlines()
    starts = [n for n, t in enumerate(lines, start=1) if t == "    {"]
    bad_line = next(n for n, t in enumerate(lines, start=1) if '"id": 5 "x"' in t)
    assert outcome(list(parse_openalex(path))) == [
        (starts[0], short(raw[0]["id"])),
        (starts[1], "REJECT: results[1]: missing id"),
        (starts[2], f"REJECT: results[2]: invalid JSON: Expecting ',' delimiter (line {bad_line}, col 15)"),
        (starts[3], short(raw[1]["id"])),
    ]


@needs_data
def test_truncated_response_keeps_the_complete_elements(tmp_path: Path) -> None:
    text = (OA / "openalexpro_snowball_citing_works.json").read_text(encoding="utf-8")
    raw = raw_results("openalexpro_snowball_citing_works.json")
    cut = text.index('"id":"' + raw[2]["id"])  # inside the third element
    path = tmp_path / "cut.json"
    path.write_text(text[:cut])
    assert outcome(list(parse_openalex(path))) == [
        (1, short(raw[0]["id"])),
        (1, short(raw[1]["id"])),
        (1, "REJECT: results[2]: invalid JSON: unexpected end of file"),
    ]


def test_xml_raises_format_error(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text('<?xml version="1.0"?>\n<feed/>\n')
    with pytest.raises(FormatError) as err:
        list(parse_openalex(path))
    assert str(err.value) == (
        f"{path} is not OpenAlex JSON: expected JSON lines or an API response, found '<'"
    )
    atom = DATA / "arxiv" / "atom" / "query_all_testing_start0_max100.xml"
    if atom.exists():
        with pytest.raises(FormatError, match=r"found '<'$"):
            parse_openalex(atom)  # raised at the call, before any iteration


@pytest.mark.parametrize(
    ("content", "found"),
    [(b"id,title\nW1,x\n", "'i'"), (b"\x89PNG\r\n\x1a\n", "byte 0x89")],
)
def test_csv_and_binary_raise_format_error(tmp_path: Path, content: bytes, found: str) -> None:
    path = tmp_path / "file.dat"
    path.write_bytes(content)
    with pytest.raises(FormatError) as err:
        list(parse_openalex(path))
    assert str(err.value) == (
        f"{path} is not OpenAlex JSON: expected JSON lines or an API response, found {found}"
    )


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        (
            "crossref/works_query_ecology_author_boettiger.json",
            'one JSON object with neither "results" nor an OpenAlex "id"',
        ),
        (
            "semanticscholar/author_with_papers.json",
            'one JSON object with neither "results" nor an OpenAlex "id"',
        ),
        (
            "arxiv/kaggle/arxiv-metadata-oai-snapshot.head160.jsonl",
            "the record on line 1 has id '0704.0001', not an OpenAlex id",
        ),
    ],
)
@needs_data
def test_other_sources_json_raises_format_error(relative: str, message: str) -> None:
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"{relative} not in the sample data")
    with pytest.raises(FormatError) as err:
        list(parse_openalex(path))
    assert str(err.value) == f"{path} is not OpenAlex JSON: {message}"


def test_empty_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    assert list(parse_openalex(path)) == []
