"""What every loader does with its input files, in one place.

API (all a source parser needs besides its own format):

- `open_source(path) -> SourceFile`: a context manager reading the file's bytes, plain or gzip
  (recognised by the magic bytes 1f 8b, never by the name). Reading never raises for damaged
  gzip content (a truncated member, a CRC error, corrupt deflate data): the stream just ends
  where the damage starts and `SourceFile.damage` says why. Everything before the damage is
  read, byte for byte.
  - `SourceFile.read(n)`: up to n bytes, b"" at the end or at the damage.
  - `SourceFile.lines()`: (line number, line without "\\n") for each complete line; a line cut
    by the damage is not yielded (the damage reject stands for it).
  - `SourceFile.head(limit)`: up to `limit` bytes from the start, for sniffing the format.
  - `SourceFile.damage_reject(line)`: the ONE reject for the damage (None when the file read
    whole), naming the file, the line where reading stopped and the reason.
- `reject(path, line, reason, raw) -> Parsed`: a rejected record; `raw` (bytes or text) is cut
  to RAW_LIMIT characters so one huge bad record cannot bloat the rejects file.
- `check_record(record) -> str | None`: the checks every source's record must pass before it
  is written: text fields within FIELD_LIMITS, no lone surrogate (text that cannot be encoded
  as UTF-8 and would fail the whole batch at the database), counts within 0..MAX_COUNT, years
  within -MAX_YEAR..MAX_YEAR. Returns the reason naming the field, or None.
- `check_shared(obj)`: checks an institution or topic that a parser shares between records,
  once; check_record then takes it as checked.
- `accept(path, line, record, raw) -> Parsed`: the record, or its reject when check_record
  objects.
- `sniff(path, limit)`: the file's first bytes without a BOM, and its damage (None when the
  start read whole), for a parser to recognise its format before any record is read;
  `nothing_found(damage)` words what a blank start holds ("an empty file", or "nothing
  readable (<damage>)") for the FormatError.
- `BadRecord`: the exception a parser raises for a record it cannot map; its message is the
  reject's reason.
- `CHUNK`, `BOM`, `RAW_LIMIT`, `RAW_BYTES`, `FIELD_LIMITS`, `MAX_COUNT`, `MAX_YEAR`: the shared constants.
"""

from __future__ import annotations

import gzip
import operator
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from loaders.records import (
    AuthorRecord,
    InstitutionRecord,
    Parsed,
    Record,
    Rejected,
    SourceRecord,
    TopicRecord,
    WorkRecord,
)

__all__ = [
    "BOM",
    "BadRecord",
    "CHUNK",
    "FIELD_LIMITS",
    "MAX_COUNT",
    "MAX_YEAR",
    "RAW_BYTES",
    "RAW_LIMIT",
    "SourceFile",
    "accept",
    "check_record",
    "check_shared",
    "nothing_found",
    "open_source",
    "reject",
    "sniff",
]

# Characters of a rejected record kept in the rejects file.
RAW_LIMIT = 10_000
# Bytes of a record's raw text kept for its reject: enough for RAW_LIMIT characters of UTF-8.
RAW_BYTES = RAW_LIMIT * 4
# Bytes per read: big enough that a gzip file is not searched in small pieces.
CHUNK = 1 << 20
BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"

# Longest text accepted per field, in characters (docs/loading.md). Real records stay far
# below: the longest title in the samples is under 500 characters, the longest abstract
# under 10,000; a field over its limit is a broken record, not a long paper.
FIELD_LIMITS: dict[str, int] = {
    "title": 5_000,
    "abstract": 100_000,
    "name": 1_000,  # people, institutions, topics, sources
    "description": 10_000,
    "keyword": 500,
    "other": 2_000,  # ids, dates, types, URLs, languages, countries
}
# Counts are stored as 64-bit integers by both engines.
MAX_COUNT = 2**63 - 1
# Years are compared and shown as calendar years; beyond four digits a year is noise.
MAX_YEAR = 9999

# What reading damaged gzip content raises.
_DAMAGE = (EOFError, gzip.BadGzipFile, zlib.error)


class SourceFile:
    """The bytes of one input file; see the module docstring."""

    def __init__(self, path: str | Path) -> None:
        self.name = str(path)
        self.damage: str | None = None
        self._raw = open(path, "rb")  # noqa: SIM115 - closed by close()/__exit__
        magic = self._raw.read(2)
        self._raw.seek(0)
        self.compressed = magic == _GZIP_MAGIC
        self._gz = gzip.GzipFile(fileobj=self._raw) if self.compressed else None

    def read(self, n: int = CHUNK) -> bytes:
        if self.damage is not None:
            return b""
        if self._gz is None:
            return self._raw.read(n)
        # read1, one decompression step at a time, so that what was decompressed before
        # the step that meets the damage is kept (read(n) would drop it with the error).
        parts: list[bytes] = []
        size = 0
        while size < n:
            try:
                part = self._gz.read1(n - size)
            except _DAMAGE as exc:
                self.damage = (
                    f"unreadable file content ({type(exc).__name__}: {exc}); "
                    "the rest of the file could not be read"
                )
                break
            if not part:
                break
            parts.append(part)
            size += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def head(self, limit: int) -> bytes:
        parts: list[bytes] = []
        size = 0
        while size < limit:
            chunk = self.read(min(CHUNK, limit - size))
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)

    def lines(self) -> Iterator[tuple[int, bytes]]:
        """Complete lines, 1-based, without their b"\\n" (a b"\\r" before it is kept)."""
        # Lines are sliced out of each chunk in place (no list of them, no copy of the
        # chunk), so memory is one chunk plus one line.
        pending: list[bytes] = []  # the start of the line that the next chunk ends
        lineno = 0
        while True:
            chunk = self.read(CHUNK)
            if not chunk:
                break
            end = chunk.find(b"\n")
            if end < 0:
                pending.append(chunk)
                continue
            lineno += 1
            if pending:
                pending.append(chunk[:end])
                yield lineno, b"".join(pending)
                pending.clear()
            else:
                yield lineno, chunk[:end]
            start = end + 1
            while (end := chunk.find(b"\n", start)) >= 0:
                lineno += 1
                yield lineno, chunk[start:end]
                start = end + 1
            if start < len(chunk):
                pending.append(chunk[start:])
        if self.damage is not None:
            return  # the cut line is where the damage reject points
        if pending:
            yield lineno + 1, b"".join(pending)

    def damage_reject(self, line: int) -> Parsed | None:
        if self.damage is None:
            return None
        return reject(self.name, line, self.damage, b"")

    def close(self) -> None:
        try:
            if self._gz is not None:
                self._gz.close()
        finally:
            self._raw.close()

    def __enter__(self) -> SourceFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_source(path: str | Path) -> SourceFile:
    return SourceFile(path)


def sniff(path: str | Path, limit: int = 1 << 16) -> tuple[bytes, str | None]:
    with open_source(path) as src:
        return src.head(limit).removeprefix(BOM), src.damage


def nothing_found(damage: str | None) -> str:
    return f"nothing readable ({damage})" if damage else "an empty file"


class BadRecord(Exception):
    """A record-level problem; its message becomes the reject's reason."""


def reject(path: str | Path, line: int, reason: str, raw: bytes | str) -> Parsed:
    if isinstance(raw, bytes):
        raw = raw[:RAW_BYTES].decode("utf-8", errors="replace")
    name = str(path)
    rejected = Rejected(path=name, line=line, reason=reason, raw=raw[:RAW_LIMIT])
    return Parsed(path=name, line=line, rejected=rejected)


def accept(path: str | Path, line: int, record: Record, raw: bytes | str = b"") -> Parsed:
    problem = check_record(record)
    if problem is not None:
        return reject(path, line, problem, raw)
    return Parsed(path=str(path), line=line, record=record)


# =============================================================================
# Record checks
# =============================================================================

_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str | None, where: str, name: str, kind: str, index: int | None = None) -> str | None:
    """The problem with a text field (`where` + `name`, `[index]` for a list item), or None.
    The field's name is only spelled out for a problem: a record has dozens of text fields."""
    if value is None:
        return None
    limit = FIELD_LIMITS[kind]
    if len(value) <= limit and (value.isascii() or not _SURROGATE.search(value)):
        return None
    field = f"{where}{name}" if index is None else f"{where}{name}[{index}]"
    if len(value) > limit:
        return f"{field}: {len(value):,} characters, over the limit of {limit:,}"
    bad = _SURROGATE.search(value)
    assert bad is not None
    return (
        f"{field}: lone surrogate \\u{ord(bad.group()):04x} at character {bad.start()}, "
        "not valid Unicode text"
    )


def _count(value: int | None, where: str, name: str) -> str | None:
    if value is None or 0 <= value <= MAX_COUNT:
        return None
    if value < 0:
        return f"{where}{name}: {value} is negative, expected a count"
    return f"{where}{name}: {value} is over the largest storable count (2^63-1)"


def _year(value: int | None) -> str | None:
    if value is None or -MAX_YEAR <= value <= MAX_YEAR:
        return None
    return f"year: {value} is not a year (-{MAX_YEAR} to {MAX_YEAR})"


def _first(*problems: str | None) -> str | None:
    return next((p for p in problems if p is not None), None)


# Parsers share institution and topic objects between records (loaders/openalex/nested.py
# caches them), and records are never changed after parsing: a shared one is checked once,
# when it is made (`check_shared`), not again in every record that names it. Held with the
# object itself, so that its id() is not reused; cleared when full.
_PASSED: dict[int, object] = {}
_PASSED_MAX = 1 << 15


def check_shared(obj: InstitutionRecord | TopicRecord) -> None:
    """Check an institution or topic (with its parents) that records will share; when it
    passes, check_record takes it as checked wherever it appears."""
    problem = _institution(obj, "") if isinstance(obj, InstitutionRecord) else _topic(obj, "")
    if problem is None:
        if len(_PASSED) >= _PASSED_MAX:
            _PASSED.clear()
        _PASSED[id(obj)] = obj


def _institution(i: InstitutionRecord, where: str) -> str | None:
    if id(i) in _PASSED:
        return None
    return _first(
        _text(i.name, where, "name", "name"),
        *(_text(v, where, k, "other") for k, v in (("id", i.id), ("ror", i.ror),
                                                   ("country", i.country), ("type", i.type))),
    )


def _topic(t: TopicRecord | None, where: str) -> str | None:
    if id(t) in _PASSED:  # checked with its parents
        return None
    while t is not None:
        problem = _first(
            _text(t.id, where, "id", "other"),
            _text(t.name, where, "name", "name"),
            _text(t.description, where, "description", "description"),
            *(_text(k, where, "keywords", "keyword", n) for n, k in enumerate(t.keywords)),
        )
        if problem:
            return problem
        t, where = t.parent, f"{where}parent."
    return None


def _author(a: AuthorRecord, where: str) -> str | None:
    return _first(
        _text(a.display_name, where, "display_name", "name"),
        _text(a.id, where, "id", "other"),
        _text(a.orcid, where, "orcid", "other"),
        _count(a.works_count, where, "works_count"),
        _count(a.cited_by_count, where, "cited_by_count"),
        *(_institution(i, f"{where}last_known_institutions[{n}].")
          for n, i in enumerate(a.last_known_institutions)),
        *(_institution(aff.institution, f"{where}affiliations[{n}].institution.")
          for n, aff in enumerate(a.affiliations)),
    )


# The fields checked against the "other" limit (ids, dates, types, ...), read by _work and
# _work_fits alike.
_WORK_OTHER = ("key", "publication_date", "type", "doi", "arxiv_id", "language", "code_url")
_SOURCE_OTHER = ("id", "type", "issn_l")
_work_other = operator.attrgetter(*_WORK_OTHER)
_source_other = operator.attrgetter(*_SOURCE_OTHER)


def _source(s: SourceRecord | None) -> str | None:
    if s is None:
        return None
    return _first(
        _text(s.name, "source.", "name", "name"),
        *(_text(v, "source.", k, "other") for k, v in zip(_SOURCE_OTHER, _source_other(s), strict=True)),
        _text(s.publisher, "source.", "publisher", "name"),
    )


def _work_fits(w: WorkRecord) -> bool:
    """The common record, checked in a few passes over its text instead of a call per field:
    every text field within its limit and valid Unicode, its count and year in range, every
    institution and topic one that passed already, and its authors as works embed them (no
    counts, no institutions of their own). False sends it through the checks that name the
    field at fault (_work)."""
    authors = [a.author for a in w.authorships]
    if any(a.works_count is not None or a.cited_by_count is not None or a.last_known_institutions
           or a.affiliations for a in authors):
        return False
    if not all(id(i) in _PASSED for a in w.authorships for i in a.institutions):
        return False
    if not all(id(link.topic) in _PASSED for link in w.topics):
        return False
    if _count(w.cited_by_count, "", "") or _year(w.year):
        return False
    texts: list[str | None] = [*_work_other(w), *w.categories, *[a.id for a in authors], *[a.orcid for a in authors]]
    named: list[str | None] = [a.display_name for a in authors]
    if w.source is not None:
        texts += _source_other(w.source)
        named += (w.source.name, w.source.publisher)
    others = [t for t in texts if t]
    names = [t for t in named if t]
    title, abstract = w.title or "", w.abstract or ""
    if (max(map(len, others), default=0) > FIELD_LIMITS["other"] or max(map(len, names), default=0) >
            FIELD_LIMITS["name"] or len(title) > FIELD_LIMITS["title"] or len(abstract) > FIELD_LIMITS["abstract"]):
        return False
    text = "".join([*others, *names, title, abstract])
    return text.isascii() or not _SURROGATE.search(text)


def _work(w: WorkRecord) -> str | None:
    if _work_fits(w):
        return None
    problem = _first(
        _text(w.title, "", "title", "title"),
        _text(w.abstract, "", "abstract", "abstract"),
        _count(w.cited_by_count, "", "cited_by_count"),
        _year(w.year),
        *(_text(v, "", k, "other") for k, v in zip(_WORK_OTHER, _work_other(w), strict=True)),
        *(_text(c, "", "categories", "other", n) for n, c in enumerate(w.categories)),
        _source(w.source),
    )
    if problem:
        return problem
    for n, a in enumerate(w.authorships):
        where = f"authorships[{n}]."
        problem = _first(
            _author(a.author, f"{where}author."),
            *(_institution(i, f"{where}institutions[{m}].") for m, i in enumerate(a.institutions)),
        )
        if problem:
            return problem
    for n, link in enumerate(w.topics):
        problem = _topic(link.topic, f"topics[{n}].")
        if problem:
            return problem
    return None


def check_record(record: Record) -> str | None:
    if isinstance(record, WorkRecord):
        return _work(record)
    if isinstance(record, AuthorRecord):
        return _author(record, "")
    if isinstance(record, InstitutionRecord):
        return _institution(record, "")
    if isinstance(record, TopicRecord):
        return _topic(record, "")
    return None
