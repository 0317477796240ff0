"""loaders.source_files and the damaged-file behaviour it gives every loader.

All inputs are written by the tests, so a fresh clone without ../shared/data runs them.
Expected counts follow from the bytes: what zlib itself can decompress from a damaged
file is what must come out as records.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import struct
import zlib
from pathlib import Path

import pytest

from loaders.arxiv import parse_arxiv
from loaders.openalex import parse_openalex
from loaders.records import (
    AuthorRecord,
    Authorship,
    InstitutionRecord,
    Parsed,
    SourceRecord,
    TopicLink,
    TopicRecord,
    WorkRecord,
)
from loaders.source_files import FIELD_LIMITS, MAX_COUNT, RAW_LIMIT, check_record, check_shared, open_source, reject


def oa_work(n: int) -> dict[str, object]:
    # A padded abstract makes the file big enough to span several gzip read blocks.
    return {
        "id": f"https://openalex.org/W{n}",
        "title": f"Work number {n}",
        "publication_year": 2000 + n % 20,
        "abstract_inverted_index": {f"word{n}x{i}": [i] for i in range(40)},
    }


def kaggle(n: int) -> dict[str, object]:
    return {
        "id": f"0704.{n:04d}", "title": f"Paper {n}", "abstract": "x" * 200,
        "authors": "A. Author", "categories": "cs.LG", "versions": [], "update_date": "2007-05-23",
    }


def jsonl(objs: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objs)


def readable(damaged: bytes) -> bytes:
    """Every byte zlib can get out of a damaged gzip file."""
    return zlib.decompressobj(wbits=31).decompress(damaged)


def bad_crc(data: bytes) -> bytes:
    crc, size = struct.unpack("<II", data[-8:])
    return data[:-8] + struct.pack("<II", crc ^ 0xFFFF, size)


def split(items: list[Parsed]) -> tuple[list[WorkRecord], list[tuple[int, str]]]:
    works = [p.record for p in items if isinstance(p.record, WorkRecord)]
    rejects = [(p.rejected.line, p.rejected.reason) for p in items if p.rejected]
    return works, rejects


TRUNCATED = (
    "unreadable file content (EOFError: Compressed file ended before the end-of-stream marker "
    "was reached); the rest of the file could not be read"
)


def crc_reason(good: bytes) -> str:
    """The reason for `good` with its CRC damaged by bad_crc."""
    crc, _ = struct.unpack("<II", bad_crc(good)[-8:])
    actual = zlib.crc32(gzip.decompress(good))
    return (
        f"unreadable file content (BadGzipFile: CRC check failed {hex(crc)} != {hex(actual)}); "
        "the rest of the file could not be read"
    )


# --- the module itself -------------------------------------------------------------------------


def test_plain_and_gzip_read_the_same_lines(tmp_path: Path) -> None:
    data = b"one\r\n\ntwo\nthree"
    for name, content in (("plain.gz", data), ("packed.txt", gzip.compress(data))):
        path = tmp_path / name  # names lie on purpose: the magic bytes decide
        path.write_bytes(content)
        with open_source(path) as src:
            assert list(src.lines()) == [(1, b"one\r"), (2, b""), (3, b"two"), (4, b"three")]
            assert src.damage is None and src.damage_reject(5) is None


def test_lines_longer_than_a_read_come_back_whole(tmp_path: Path) -> None:
    long = b"y" * (3 * (1 << 20) + 17)
    path = tmp_path / "long.gz"
    path.write_bytes(gzip.compress(b"a\n" + long + b"\nb\n"))
    with open_source(path) as src:
        assert [(n, len(line)) for n, line in src.lines()] == [(1, 1), (2, len(long)), (3, 1)]


def test_damage_ends_the_stream_after_everything_readable(tmp_path: Path) -> None:
    data = gzip.compress(jsonl([kaggle(n) for n in range(3000)]))
    cut = data[: len(data) // 2]
    path = tmp_path / "cut.gz"
    path.write_bytes(cut)
    with open_source(path) as src:
        got = b"".join(iter(src.read, b""))
        assert got == readable(cut)
        assert src.damage == TRUNCATED
        rej = src.damage_reject(7)
    assert rej is not None and rej.rejected is not None
    assert (rej.rejected.path, rej.rejected.line, rej.rejected.reason) == (str(path), 7, TRUNCATED)


def test_reject_cuts_raw_to_the_limit() -> None:
    out = reject("f.jsonl", 3, "why", b"z" * (RAW_LIMIT * 3))
    assert out.rejected is not None and len(out.rejected.raw) == RAW_LIMIT


def test_check_record_names_the_field_at_fault_wherever_it_is_nested() -> None:
    long_keyword = "k" * (FIELD_LIMITS["keyword"] + 1)
    field = TopicRecord("openalex:field:17", "Computer science", "field", "openalex",
                        keywords=["fine", long_keyword])
    topic = TopicRecord("T1", "Vision", "topic", "openalex", parent=field)
    inst = InstitutionRecord(id="I1", name="Uni\ud800versity")
    author = AuthorRecord(id="A1", display_name="Ada", works_count=MAX_COUNT + 1)

    def work(**kw: object) -> WorkRecord:
        return WorkRecord(key="W1", title="A title", source_name="openalex", **kw)  # type: ignore[arg-type]

    assert check_record(work()) is None
    assert check_record(work(topics=[TopicLink(topic)])) == (
        f"topics[0].parent.keywords[1]: {len(long_keyword):,} characters, over the limit of "
        f"{FIELD_LIMITS['keyword']:,}")
    assert check_record(work(authorships=[Authorship(AuthorRecord(id="A0", display_name="Bo"), 0, "first"),
                                          Authorship(AuthorRecord(id="A2", display_name="Cy"), 1, "last",
                                                     institutions=[inst])])) == (
        "authorships[1].institutions[0].name: lone surrogate \\ud800 at character 3, not valid Unicode text")
    assert check_record(author) == "works_count: 9223372036854775808 is over the largest storable count (2^63-1)"
    assert check_record(work(categories=["cs.CV", "x" * 2001])) == (
        "categories[1]: 2,001 characters, over the limit of 2,000")
    assert check_record(work(source=SourceRecord(id="S1", name="J", publisher="P\udfff"))) == (
        "source.publisher: lone surrogate \\udfff at character 1, not valid Unicode text")


# --- damaged gzip in the OpenAlex loader (it raised EOFError / BadGzipFile before) ----------------


def test_openalex_truncated_gzip_lines_keep_every_readable_record(tmp_path: Path) -> None:
    data = gzip.compress(jsonl([oa_work(n) for n in range(1, 3001)]))
    cut = data[: len(data) // 2]
    path = tmp_path / "part_000.gz"
    path.write_bytes(cut)
    complete = readable(cut).count(b"\n")

    works, rejects = split(list(parse_openalex(path)))

    assert 0 < complete < 3000
    assert [w.key for w in works] == [f"W{n}" for n in range(1, complete + 1)]
    assert rejects == [(complete + 1, TRUNCATED)]


def test_openalex_crc_error_keeps_every_record(tmp_path: Path) -> None:
    data = gzip.compress(jsonl([oa_work(n) for n in range(1, 501)]))
    path = tmp_path / "part_001.gz"
    path.write_bytes(bad_crc(data))

    works, rejects = split(list(parse_openalex(path)))

    assert len(works) == 500
    assert rejects == [(501, crc_reason(data))]


def test_openalex_truncated_api_response_rejects_the_cut_element(tmp_path: Path) -> None:
    results = [oa_work(n) for n in range(1, 3001)]
    text = json.dumps({"meta": {"count": 3000}, "results": results}, indent=1).encode()
    data = gzip.compress(text)
    cut = data[: len(data) // 2]
    path = tmp_path / "page.json.gz"
    path.write_bytes(cut)
    got = readable(cut)
    # Elements complete in the readable bytes are records; the next one is cut.
    starts = [i for i in range(len(text)) if text.startswith(b'\n  {\n   "id"', i)]
    whole = sum(1 for k, s in enumerate(starts[:-1]) if starts[k + 1] <= len(got))
    cut_line = text[: starts[whole]].count(b"\n") + 2

    works, rejects = split(list(parse_openalex(path)))

    assert [w.key for w in works] == [f"W{n}" for n in range(1, whole + 1)]
    assert rejects == [(cut_line, TRUNCATED)]


def test_openalex_single_entity_cut_is_one_reject(tmp_path: Path) -> None:
    data = gzip.compress(json.dumps(oa_work(1), indent=2).encode())
    path = tmp_path / "W1.json.gz"
    path.write_bytes(data[:-30])
    assert split(list(parse_openalex(path))) == ([], [(1, TRUNCATED)])


def test_openalex_damage_in_the_first_bytes_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "broken.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"\xff" * 40)
    works, rejects = split(list(parse_openalex(path)))
    assert works == []
    assert len(rejects) == 1 and rejects[0][0] == 1
    assert rejects[0][1].startswith("unreadable file content (")


# --- damaged gzip in the arXiv loader ----------------------------------------------------------


def test_arxiv_crc_error_keeps_every_record(tmp_path: Path) -> None:
    data = gzip.compress(jsonl([kaggle(n) for n in range(1, 301)]))
    path = tmp_path / "kaggle.gz"
    path.write_bytes(bad_crc(data))
    works, rejects = split(list(parse_arxiv(path)))
    assert len(works) == 300
    assert rejects == [(301, crc_reason(data))]


def test_arxiv_truncated_xml_blames_the_cut_record(tmp_path: Path) -> None:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/0704.{n:04d}v1</id><title>T{n}</title>"
        f"<summary>{'s' * 300}</summary><published>2007-04-02T00:00:00Z</published>"
        f"<author><name>A. B</name></author></entry>\n"
        for n in range(1, 2001)
    )
    text = f'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n{entries}</feed>\n'
    data = gzip.compress(text.encode())
    cut = data[: len(data) // 2]
    path = tmp_path / "atom.gz"
    path.write_bytes(cut)
    whole = readable(cut).count(b"</entry>")

    works, rejects = split(list(parse_arxiv(path)))

    assert [w.arxiv_id for w in works] == [f"0704.{n:04d}" for n in range(1, whole + 1)]
    assert rejects == [(whole + 3, TRUNCATED)]


@pytest.mark.parametrize("parse", [parse_openalex, parse_arxiv])
def test_plain_file_is_never_damaged(tmp_path: Path, parse: object) -> None:
    path = tmp_path / "x.jsonl"
    objs = [oa_work(1)] if parse is parse_openalex else [kaggle(1)]
    path.write_bytes(jsonl(objs))
    assert split(list(parse(path)))[1] == []  # type: ignore[operator]


def _shared_work(**changes: object) -> WorkRecord:
    """A work as the OpenAlex parser makes them: an institution and a topic shared with other
    records and checked once (check_shared), authors without counts; each field within its limit."""
    inst = InstitutionRecord(id="I1", name="University", ror="05dxps055", country="GB", type="education")
    topic = TopicRecord("T1", "Vision", "topic", "openalex",
                        parent=TopicRecord("openalex:field:17", "Computer science", "field", "openalex"))
    check_shared(inst)
    check_shared(topic)
    author = AuthorRecord(id="A1", display_name="Ada Lovelace", openalex_id="A1", orcid="0000-0002-1825-0097")
    fields: dict[str, object] = dict(
        key="W1", title="A title", source_name="openalex", abstract="An abstract.", publication_date="2020-01-02",
        year=2020, type="article", doi="10.1/x", language="en", cited_by_count=3, categories=["cs.CV"],
        source=SourceRecord(id="S1", name="Journal", type="journal", issn_l="1234-5678", publisher="Press"),
        authorships=[Authorship(author, 0, "first", institutions=[inst])], topics=[TopicLink(topic)])
    fields.update(changes)
    return WorkRecord(**fields)  # type: ignore[arg-type]


def _author(**changes: object) -> list[Authorship]:
    base = _shared_work().authorships[0]
    return [Authorship(dataclasses.replace(base.author, **changes), 0, "first", institutions=base.institutions)]


def _source(**changes: object) -> SourceRecord:
    source = _shared_work().source
    assert source is not None
    return dataclasses.replace(source, **changes)


LONG_OTHER, LONG_NAME = "x" * (FIELD_LIMITS["other"] + 1), "n" * (FIELD_LIMITS["name"] + 1)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"title": "t" * (FIELD_LIMITS["title"] + 1)}, "title: 5,001 characters, over the limit of 5,000"),
    ({"abstract": "a" * (FIELD_LIMITS["abstract"] + 1)}, "abstract: 100,001 characters, over the limit of 100,000"),
    ({"doi": LONG_OTHER}, "doi: 2,001 characters, over the limit of 2,000"),
    ({"categories": ["cs.CV", LONG_OTHER]}, "categories[1]: 2,001 characters, over the limit of 2,000"),
    ({"cited_by_count": -1}, "cited_by_count: -1 is negative, expected a count"),
    ({"year": 10_000}, "year: 10000 is not a year (-9999 to 9999)"),
    ({"title": "Ti\udc80tle"}, "title: lone surrogate \\udc80 at character 2, not valid Unicode text"),
    ({"abstract": "é\ud800"}, "abstract: lone surrogate \\ud800 at character 1, not valid Unicode text"),
    ({"authorships": _author(display_name=LONG_NAME)},
     "authorships[0].author.display_name: 1,001 characters, over the limit of 1,000"),
    ({"authorships": _author(orcid="0000\udfff")},
     "authorships[0].author.orcid: lone surrogate \\udfff at character 4, not valid Unicode text"),
    ({"authorships": _author(id=LONG_OTHER)}, "authorships[0].author.id: 2,001 characters, over the limit of 2,000"),
    ({"authorships": _author(works_count=MAX_COUNT + 1)},
     "authorships[0].author.works_count: 9223372036854775808 is over the largest storable count (2^63-1)"),
    ({"source": _source(name=LONG_NAME)}, "source.name: 1,001 characters, over the limit of 1,000"),
    ({"source": _source(issn_l=LONG_OTHER)}, "source.issn_l: 2,001 characters, over the limit of 2,000"),
    ({"source": _source(publisher="P\ud800")},
     "source.publisher: lone surrogate \\ud800 at character 1, not valid Unicode text"),
])
def test_a_record_of_shared_parts_is_checked_field_by_field(changes: dict[str, object], reason: str) -> None:
    """Records whose institutions and topics passed already take a quicker check
    (source_files._work_fits); a field at fault still gets its own reason."""
    assert check_record(_shared_work()) is None
    assert check_record(_shared_work(**changes)) == reason


def test_a_shared_part_that_fails_is_checked_in_every_record() -> None:
    long_topic = TopicRecord("T2", "t" * (FIELD_LIMITS["name"] + 1), "topic", "openalex")
    check_shared(long_topic)  # fails: not taken as checked
    reason = "topics[0].name: 1,001 characters, over the limit of 1,000"
    assert [check_record(_shared_work(topics=[TopicLink(long_topic)])) for _ in range(2)] == [reason, reason]
