"""OpenAlex parser: snapshot JSON lines (plain or gzip), API list responses and single
API entities -> normalised records (loaders/records.py).

`parse_openalex(path)` streams: memory stays at about one record plus a 1 MiB read
buffer whatever the file size, including a multi-gigabyte API response on one line,
because `results` elements are cut out of the byte stream by a small structural
scanner (_Reader) and parsed one at a time.

Bad records never stop the stream; they come out as Parsed(rejected=...) with the
1-based line where the record starts and an exact reason. Only a file that is not
OpenAlex JSON at all raises FormatError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from loaders import ids
from loaders.merged_ids import is_merged_ids, parse_merged_ids
from loaders.records import (
    Affiliation,
    AuthorRecord,
    Authorship,
    FormatError,
    InstitutionRecord,
    Parsed,
    Position,
    Record,
    SourceRecord,
    TopicLink,
    TopicRecord,
    WorkRecord,
)
from loaders.source_files import BOM, CHUNK, MAX_COUNT, SourceFile, accept, open_source, reject

try:  # orjson is 3-10x faster on the big works pages; the stdlib is the fallback.
    import orjson

    _fast_loads: Callable[[bytes], Any] = orjson.loads
    _HAVE_ORJSON = True
except ImportError:  # pragma: no cover - exercised only without orjson
    _fast_loads = json.loads
    _HAVE_ORJSON = False

__all__ = ["parse_openalex"]

_PROBE_WINDOW = 1 << 16


# =============================================================================
# Public entry point
# =============================================================================


def parse_openalex(path: str | Path) -> Iterator[Parsed]:
    """One Parsed per record of an OpenAlex file, as a lazy iterator.

    Accepts JSON lines (one entity per line, the snapshot layout), an API list
    response `{"meta": ..., "results": [...]}` (or a bare JSON array of entities),
    a single API entity, and the snapshot's merged_ids CSV (loaders/merged_ids.py),
    plain or gzip-compressed (detected from the content, not the file name). Not
    itself a generator, so that a file that is none of these raises FormatError
    at the call, before the caller starts iterating.
    """
    name = str(path)
    with open_source(path) as fh:
        merged = is_merged_ids(fh.head(256))
    if merged:  # the snapshot's merged_ids/<entity>/<date>.csv(.gz)
        return parse_merged_ids(path)
    layout, damage = _detect_layout(path, name)
    if layout == "empty":
        # Damage before the first byte leaves nothing to read but the damage itself.
        return iter(() if damage is None else (reject(name, 1, damage, b""),))
    if layout == "lines":
        return _parse_json_lines(path, name)
    if layout == "single":
        return _parse_single(path, name)
    return _parse_results(path, name, layout)  # "results" or "array"


# =============================================================================
# Reading bytes: gzip detection and a forward-only structural scanner
# =============================================================================


class _Truncated(Exception):
    """The file ended inside a JSON value."""


class _Malformed(Exception):
    """The JSON structure is broken in a way the scanner cannot step over."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_NON_WS = re.compile(rb"[^ \t\r\n]")
# A run of anything that is not a bracket, with complete strings swallowed whole
# (so brackets inside strings are skipped), all matched in C.
_SKIP = re.compile(rb'(?:[^"{}\[\]]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR_END = re.compile(rb"[,\]} \t\r\n]")


class _Reader:
    """Forward-only view of a byte stream in 1 MiB chunks, tracking line numbers.

    `mark` pins the start of the value being cut out so a refill keeps it; without a
    mark the buffer holds only unread bytes, which keeps memory flat.
    """

    def __init__(self, fh: SourceFile) -> None:
        self.fh = fh
        self.buf = b""
        self.pos = 0
        self.line = 1
        self.base = 0  # absolute offset of buf[0]
        self.line_start = 0  # absolute offset where the current line starts
        self.mark: int | None = None
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        data = self.fh.read(CHUNK)
        if not data:
            self.eof = True
            return False
        keep = self.pos if self.mark is None else min(self.mark, self.pos)
        self.buf = self.buf[keep:] + data
        self.base += keep
        self.pos -= keep
        if self.mark is not None:
            self.mark -= keep
        return True

    def advance(self, new_pos: int) -> None:
        newlines = self.buf.count(b"\n", self.pos, new_pos)
        if newlines:
            self.line += newlines
            self.line_start = self.base + self.buf.rfind(b"\n", self.pos, new_pos) + 1
        self.pos = new_pos

    def column(self) -> int:
        """1-based byte column of pos (equals the character column for ASCII lines)."""
        return self.base + self.pos - self.line_start + 1

    def peek(self) -> int | None:
        """The next non-whitespace byte (pos left on it), None at end of file."""
        while True:
            m = _NON_WS.search(self.buf, self.pos)
            if m:
                self.advance(m.start())
                return self.buf[self.pos]
            self.advance(len(self.buf))
            if not self.more():
                return None

    def skip_bom(self) -> None:
        self.more()
        if self.buf.startswith(BOM):
            self.pos = len(BOM)

    def read_string(self) -> bytes:
        """The JSON string at pos, quotes included."""
        while True:
            m = _STRING.match(self.buf, self.pos)
            if m:
                self.advance(m.end())
                return m.group(0)
            if not self.more():
                raise _Truncated

    def skip_value(self) -> None:
        """Step over one JSON value; validity is left to the real parser later."""
        c = self.peek()
        if c is None:
            raise _Truncated
        if c == ord('"'):
            self.read_string()
        elif c in b"{[":
            self._skip_container()
        else:
            self._skip_scalar()

    def _skip_container(self) -> None:
        depth = 0
        while True:
            self.advance(_SKIP.match(self.buf, self.pos).end())  # type: ignore[union-attr]
            if self.pos >= len(self.buf) or self.buf[self.pos] == ord('"'):
                # End of buffer, or a string cut by the chunk boundary: read on.
                if not self.more():
                    raise _Truncated
                continue
            depth += 1 if self.buf[self.pos] in b"{[" else -1
            self.advance(self.pos + 1)
            if depth == 0:
                return

    def _skip_scalar(self) -> None:
        while True:
            m = _SCALAR_END.search(self.buf, self.pos)
            if m:
                self.advance(m.start())
                return
            if not self.more():
                self.advance(len(self.buf))
                return

    def cut_object(self) -> tuple[Any, int] | None:
        """Fast path for the object at pos: (value, end offset), found by orjson itself.

        A window of the buffer starting at the object goes to orjson, which stops at
        the first character past the object and says where that is. The window
        starts at 64 KiB and grows, because orjson checks the UTF-8 of all it is
        given. The byte-by-byte scanner is ~20x slower, so it only runs when this
        fails (an object cut by the chunk end, a malformed object, no orjson).
        """
        if not _HAVE_ORJSON:
            return None
        window = _PROBE_WINDOW
        while True:
            limit = min(self.pos + window, len(self.buf))
            # Cut at a '}' so the probe is whole UTF-8 (it is ASCII).
            last = self.buf.rfind(b"}", self.pos, limit)
            if last >= 0:
                found = self._probe(last + 1)
                if found is not None:
                    return found
            if limit == len(self.buf):
                return None
            window *= 4

    def _probe(self, probe_end: int) -> tuple[Any, int] | None:
        start = self.pos
        probe = memoryview(self.buf)[start:probe_end]
        try:
            return _fast_loads(probe), probe_end
        except ValueError as err:
            chars = getattr(err, "pos", None)
        if not chars:
            return None
        # orjson counts characters; the buffer needs bytes.
        prefix = bytes(probe[: chars * 4]).decode("utf-8", errors="ignore")[:chars]
        end = start + len(prefix.encode("utf-8").rstrip(b" \t\r\n"))
        try:
            # Confirms the cut: an incomplete or malformed object fails here.
            return _fast_loads(memoryview(self.buf)[start:end]), end
        except ValueError:
            return None

    def expect(self, char: bytes, message: str) -> None:
        if self.peek() != char[0]:
            raise _Malformed(message, self.line)
        self.advance(self.pos + 1)


# =============================================================================
# Layout detection
# =============================================================================


def _detect_layout(path: str | Path, name: str) -> tuple[str, str | None]:
    """('lines' | 'single' | 'results' | 'array' | 'empty', damage), from the content;
    damage is set when the file is damaged before its first byte (layout 'empty').

    An API response has `results` at the top level; a file holding one object and
    nothing else is a single entity; anything else starting with an object is JSON
    lines. Only the first object is scanned (never loaded), so this stays cheap.
    """
    with open_source(path) as fh:
        reader = _Reader(fh)
        reader.skip_bom()
        first = reader.peek()
        if first is None:
            return "empty", fh.damage
        if first == ord("["):
            return "array", None
        if first != ord("{"):
            raise FormatError(
                f"{name} is not OpenAlex JSON: expected JSON lines or an API response, "
                f"found {_show_byte(first)}"
            )
        try:
            found_results = _walk_top_object(reader)
        except (_Truncated, _Malformed) as err:
            # A broken first line of a JSON-lines file breaks the walk on line 1 or 2;
            # a broken pretty-printed document breaks deeper and is one bad record.
            line = err.line if isinstance(err, _Malformed) else reader.line
            return ("lines" if line <= 2 else "single"), None
        if found_results:
            return "results", None
        # One object and nothing after it is a single entity, on one line or many.
        return ("single" if reader.peek() is None else "lines"), None


def _walk_top_object(reader: _Reader) -> bool:
    """Walk the members of the object at pos. True leaves pos on the `[` of a
    top-level "results" array; False means the object ended without one."""
    reader.advance(reader.pos + 1)
    if reader.peek() == ord("}"):
        reader.advance(reader.pos + 1)
        return False
    while True:
        if reader.peek() != ord('"'):
            raise _Malformed("Expecting property name enclosed in double quotes", reader.line)
        key = reader.read_string()
        reader.expect(b":", "Expecting ':' delimiter")
        if key == b'"results"' and reader.peek() == ord("["):
            return True
        reader.skip_value()
        c = reader.peek()
        if c == ord("}"):
            reader.advance(reader.pos + 1)
            return False
        if c != ord(","):
            raise _Malformed("Expecting ',' delimiter", reader.line)
        reader.advance(reader.pos + 1)


def _show_byte(b: int) -> str:
    return repr(chr(b)) if 32 <= b < 127 else f"byte 0x{b:02x}"


# =============================================================================
# The three layouts
# =============================================================================


def _parse_json_lines(path: str | Path, name: str) -> Iterator[Parsed]:
    checked = False
    last = 0
    with open_source(path) as fh:
        for lineno, raw_line in fh.lines():
            last = lineno
            line = raw_line.rstrip(b"\r\n")
            if lineno == 1 and line.startswith(BOM):
                line = line[len(BOM) :]
            if not line.strip():
                continue  # blank lines (e.g. a trailing one) are not records
            obj, error = _loads(line)
            if error is not None:
                yield reject(name, lineno, f"invalid JSON: {error}", line)
                continue
            if not checked and isinstance(obj, dict):
                _check_first_id(obj, name, lineno)
                checked = True
            yield _convert(obj, name, lineno, line, prefix="")
        damaged = fh.damage_reject(last + 1)
    if damaged is not None:
        yield damaged


def _check_first_id(obj: dict[str, Any], name: str, lineno: int) -> None:
    """Another source's JSON lines (the arXiv Kaggle dump also has "id") would give a
    rejection per line; a first record whose id is plainly not OpenAlex fails the file
    instead. Only the first record is judged, so one odd record later is just rejected."""
    raw_id = obj.get("id")
    if not isinstance(raw_id, str) or _ids_openalex(obj) is not None:
        return
    if ids.openalex_id(raw_id) or _HIERARCHY.search(raw_id) or _is_ascii_number(raw_id):
        return
    raise FormatError(
        f"{name} is not OpenAlex JSON: the record on line {lineno} has id "
        f"{_show(raw_id)}, not an OpenAlex id"
    )


def _parse_single(path: str | Path, name: str) -> Iterator[Parsed]:
    """A single (usually pretty-printed) entity; by definition one record, so it is
    read whole."""
    with open_source(path) as fh:
        parts = list(iter(fh.read, b""))
        damaged = fh.damage_reject(1)
    data = b"".join(parts)
    if damaged is not None:
        yield damaged  # the one record is cut: nothing of it can be read
        return
    if data.startswith(BOM):
        data = data[len(BOM) :]
    obj, error = _loads(data, multiline=True)
    if error is not None:
        yield reject(name, 1, f"invalid JSON: {error}", data)
        return
    if isinstance(obj, dict) and "results" in obj:
        raise FormatError(
            f'{name} is not OpenAlex JSON: "results" is {_show(obj["results"])}, expected a list'
        )
    if isinstance(obj, dict) and "id" not in obj and not _ids_openalex(obj):
        # One object with no id at all is another source's JSON (Crossref,
        # Semantic Scholar, ...), not one bad OpenAlex record.
        raise FormatError(
            f"{name} is not OpenAlex JSON: one JSON object with neither "
            f'"results" nor an OpenAlex "id"'
        )
    yield _convert(obj, name, 1, data, prefix="")


def _parse_results(path: str | Path, name: str, layout: str) -> Iterator[Parsed]:
    """Cut each element of the results array (or top-level array) out of the stream
    and convert it; the line of each element is where it starts in the file."""
    label = "results" if layout == "results" else ""
    with open_source(path) as fh:
        reader = _Reader(fh)
        reader.skip_bom()
        reader.peek()
        if layout == "results":
            _walk_top_object(reader)
        reader.advance(reader.pos + 1)  # past '['
        if reader.peek() == ord("]"):
            return
        index = 0
        while True:
            where = f"{label}[{index}]"
            c = reader.peek()
            if c is None:
                yield fh.damage_reject(reader.line) or reject(
                    name, reader.line, f"{where}: invalid JSON: unexpected end of file", b""
                )
                return
            line, col = reader.line, reader.column()
            fast = reader.cut_object() if c == ord("{") else None
            if fast is not None:
                obj, end = fast
                text = reader.buf[reader.pos : end]
                reader.advance(end)
                yield _convert(obj, name, line, text, prefix=f"{where}: ")
            else:
                parsed, truncated = _cut_slow(reader, name, line, col, where)
                # An element cut by damaged gzip content is the damage, not bad JSON.
                yield (fh.damage_reject(line) if truncated else None) or parsed
                if truncated:
                    return
            index += 1
            c = reader.peek()
            if c == ord(","):
                reader.advance(reader.pos + 1)
            elif c == ord("]"):
                return
            elif c == ord("{"):
                # Missing comma between elements: report it, then read on, since the
                # next element is plainly there.
                yield reject(
                    name,
                    reader.line,
                    f"{label or 'array'}: invalid JSON: Expecting ',' delimiter "
                    f"(line {reader.line}, col {reader.column()})",
                    b"",
                )
            elif c is None and fh.damage is not None:
                yield fh.damage_reject(reader.line)  # type: ignore[misc]
                return
            else:
                found = "end of file" if c is None else _show_byte(c)
                yield reject(
                    name,
                    reader.line,
                    f"{label or 'array'}: invalid JSON: expected ',' or ']' after {where}, "
                    f"found {found}",
                    b"",
                )
                return


def _cut_slow(
    reader: _Reader, name: str, line: int, col: int, where: str
) -> tuple[Parsed, bool]:
    """Cut the element at pos with the structural scanner and parse it.
    Returns (parsed, True) when the file ended inside the element."""
    reader.mark = reader.pos
    try:
        reader.skip_value()
        truncated = False
    except _Truncated:
        truncated = True
    # Read the mark back only now: refills inside skip_value shift the buffer.
    start, reader.mark = reader.mark, None
    if truncated:
        text = reader.buf[start:]
        return reject(name, line, f"{where}: invalid JSON: unexpected end of file", text), True
    text = reader.buf[start : reader.pos]
    obj, error = _loads(text, multiline=True, first_col=col, first_line=line)
    if error is not None:
        return reject(name, line, f"{where}: invalid JSON: {error}", text), False
    return _convert(obj, name, line, text, prefix=f"{where}: "), False


# =============================================================================
# JSON decoding with exact, human-readable errors
# =============================================================================


def _loads(
    data: bytes, *, multiline: bool = False, first_line: int = 1, first_col: int = 1
) -> tuple[Any, str | None]:
    """(value, None) or (None, reason). orjson does the work; on failure the stdlib
    re-parses only to word the error the familiar way ("Expecting ',' delimiter")."""
    try:
        return _fast_loads(data), None
    except ValueError:
        pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, f"invalid UTF-8 at byte {err.start}"
    try:
        # The stdlib accepts a few things orjson refuses (NaN, integers over 64 bits);
        # such records are still usable.
        return json.loads(text), None
    except RecursionError:
        # orjson stops at 1,024 levels and the stdlib at the interpreter's stack: no
        # OpenAlex entity is nested more than a few levels, so this is one bad record.
        return None, "nested too deeply (over 1,024 levels of arrays and objects)"
    except json.JSONDecodeError as err:
        line = first_line + err.lineno - 1
        col = err.colno + (first_col - 1 if err.lineno == 1 else 0)
        where = f"line {line}, col {col}" if multiline else f"col {col}"
        return None, f"{err.msg} ({where})"


# =============================================================================
# Typed field access: wrong types become one exact rejection reason
# =============================================================================


class _Invalid(Exception):
    """A record that parsed as JSON but cannot become a Record; str(self) is the reason."""


def _show(v: Any) -> str:
    """A value as a reason shows it: strings quoted, JSON words for the rest."""
    if isinstance(v, str):
        return repr(v if len(v) <= 60 else v[:57] + "...")
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "an object"
    if isinstance(v, list):
        return "a list"
    return repr(v)


def _str(obj: dict[str, Any], key: str, where: str = "") -> str | None:
    v = obj.get(key)
    if v is None or isinstance(v, str):
        return v
    raise _Invalid(f"{where}{key}: expected a string, got {_show(v)}")


def _int(obj: dict[str, Any], key: str, where: str = "") -> int | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    # Tools that round-trip OpenAlex through dataframes write 2018.0 or "2018".
    if isinstance(v, float) and v.is_integer():
        if abs(v) > MAX_COUNT:  # int() would make up digits the file never had
            raise _Invalid(f"{where}{key}: {v!r} is over the largest storable integer (2^63-1)")
        return int(v)
    if isinstance(v, str) and _is_ascii_number(v):
        return int(v)
    raise _Invalid(f"{where}{key}: expected an integer, got {_show(v)}")


def _float(obj: dict[str, Any], key: str, where: str = "") -> float | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    raise _Invalid(f"{where}{key}: expected a number, got {_show(v)}")


def _bool(obj: dict[str, Any], key: str, where: str = "") -> bool | None:
    v = obj.get(key)
    if v is None or isinstance(v, bool):
        return v
    raise _Invalid(f"{where}{key}: expected true or false, got {_show(v)}")


def _dict(obj: dict[str, Any], key: str, where: str = "") -> dict[str, Any] | None:
    v = obj.get(key)
    if v is None or isinstance(v, dict):
        return v
    raise _Invalid(f"{where}{key}: expected an object, got {_show(v)}")


def _list(obj: dict[str, Any], key: str, where: str = "") -> list[Any]:
    v = obj.get(key)
    if v is None:
        return []
    if isinstance(v, list):
        return v
    raise _Invalid(f"{where}{key}: expected a list, got {_show(v)}")


def _dicts(obj: dict[str, Any], key: str, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """A list of objects, each paired with its path for nested reasons."""
    out = []
    for i, item in enumerate(_list(obj, key, where)):
        if not isinstance(item, dict):
            raise _Invalid(f"{where}{key}[{i}]: expected an object, got {_show(item)}")
        out.append((f"{where}{key}[{i}].", item))
    return out


def _date(obj: dict[str, Any], key: str, where: str = "") -> str | None:
    v = _str(obj, key, where)
    if v is None or _ISO_DATE.fullmatch(v):
        return v
    raise _Invalid(f"{where}{key}: expected a date yyyy-mm-dd, got {_show(v)}")


_ISO_DATE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])", re.ASCII)


# =============================================================================
# Entity detection
# =============================================================================

_LETTER_KIND = {"W": "work", "A": "author", "I": "institution", "T": "topic"}
_UNSUPPORTED = {"S": "source", "P": "publisher", "F": "funder", "C": "concept"}
_HIERARCHY = re.compile(r"(?:^|/)(domain|field|subfield)s/(\d+)$", re.ASCII)


def _ids_openalex(obj: dict[str, Any]) -> Any:
    id_map = obj.get("ids")
    return id_map.get("openalex") if isinstance(id_map, dict) else None


def _identify(obj: dict[str, Any]) -> tuple[str, str]:
    """(kind, id) of an entity: kind from the id's letter, or for hierarchy levels
    from the URL path; a bare number (MAG-era id) is typed by the record's shape."""
    raw_id = given = obj.get("id")
    alias = _ids_openalex(obj)
    if raw_id is None:
        raw_id = alias
    if raw_id is None or raw_id == "":
        raise _Invalid("missing id" if "id" not in obj else "id: null, and no ids.openalex")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if alias is not None and raw_id is not alias:
        _check_alias(raw_id, given, alias)
    if not isinstance(raw_id, str):
        raise _Invalid(f"id: expected a string, got {_show(raw_id)}")
    hierarchy = _HIERARCHY.search(raw_id.strip())
    if hierarchy:
        return hierarchy.group(1), f"openalex:{hierarchy.group(1)}:{hierarchy.group(2)}"
    if _is_ascii_number(raw_id):
        letter = _letter_from_shape(obj)
        if letter:
            return _LETTER_KIND[letter], letter + raw_id.strip()
    short = ids.openalex_id(raw_id)
    if short is None:
        raise _Invalid(f"id: not an OpenAlex id: {_show(raw_id)}")
    if short[0] in _UNSUPPORTED:
        raise _Invalid(f"unsupported OpenAlex entity type: {_UNSUPPORTED[short[0]]} ({short})")
    return _LETTER_KIND[short[0]], short


def _check_alias(raw_id: Any, given: Any, alias: Any) -> None:
    """`id` and `ids.openalex` must name one entity: a bare number (MAG-era id) must be the
    digits of the OpenAlex id, anything else the same id. Which one is right cannot be
    told, so a conflict rejects the record rather than letting one silently win."""
    short = ids.openalex_id(alias) if isinstance(alias, str) else None
    if short is None:
        raise _Invalid(f"ids.openalex: not an OpenAlex id: {_show(alias)}")
    if isinstance(raw_id, str) and _is_ascii_number(raw_id):
        same = short[1:] == raw_id.strip()
    else:
        same = isinstance(raw_id, str) and ids.openalex_id(raw_id) == short
    if not same:
        raise _Invalid(f"id {_show(given)} conflicts with ids.openalex {_show(alias)}")


def _is_ascii_number(s: str) -> bool:
    s = s.strip()
    return s.isascii() and s.isdigit()


def _letter_from_shape(obj: dict[str, Any]) -> str | None:
    if any(k in obj for k in ("authorships", "referenced_works", "abstract_inverted_index")):
        return "W"
    if any(k in obj for k in ("last_known_institutions", "last_known_institution", "orcid")):
        return "A"
    if any(k in obj for k in ("ror", "geo", "lineage")):
        return "I"
    if "subfield" in obj:
        return "T"
    return None


# =============================================================================
# Conversion: JSON object -> Record
# =============================================================================


def _convert(obj: Any, name: str, line: int, raw: bytes | str, prefix: str) -> Parsed:
    """One parsed JSON value -> Parsed(record) or Parsed(rejected); `prefix` names the
    results element ("results[17]: ") in reasons."""
    try:
        if not isinstance(obj, dict):
            raise _Invalid(f"expected a JSON object, got {_show(obj)}")
        kind, key = _identify(obj)
        record = _BUILDERS[kind](obj, key)
    except _Invalid as err:
        return reject(name, line, f"{prefix}{err}", raw)
    return accept(name, line, record, raw)


def _work(w: dict[str, Any], key: str) -> WorkRecord:
    abstract = _abstract(w)
    work_doi = _str(w, "doi")
    id_map = _dict(w, "ids") or {}
    doi = ids.doi(work_doi) or ids.doi(_str(id_map, "doi", "ids."))
    title = _str(w, "title")
    return WorkRecord(
        key=key,
        title=title if title is not None else _str(w, "display_name"),
        source_name="openalex",
        abstract=abstract,
        publication_date=_date(w, "publication_date"),
        year=_int(w, "publication_year"),
        type=_str(w, "type"),
        doi=doi,
        arxiv_id=_arxiv_of(w, doi, id_map),
        openalex_id=key,
        language=_str(w, "language"),
        cited_by_count=_int(w, "cited_by_count"),
        code_url=ids.find_code_url(abstract),
        open_access=_bool(oa, "is_oa", "open_access.") if (oa := _dict(w, "open_access")) else None,
        source=_primary_source(w),
        authorships=_authorships(w),
        topics=_topic_links(w),
        references=_references(w),
        updated_date=_str(w, "updated_date"),
    )


def _abstract(w: dict[str, Any]) -> str | None:
    """Rebuild the abstract from the inverted index (word -> positions).

    `abstract_inverted_index_v3` is used only when the classic field is empty; in
    the sample data it is always null, so both the plain mapping and the MAG-style
    {"IndexLength": n, "InvertedIndex": {...}} wrapper are accepted.
    """
    for key in ("abstract_inverted_index", "abstract_inverted_index_v3"):
        index = _dict(w, key)
        if index and isinstance(index.get("InvertedIndex"), dict):
            index = index["InvertedIndex"]
        if index:
            return _rebuild(index, key)
    return None


def _rebuild(index: dict[str, Any], key: str) -> str | None:
    # A dict keyed by position, not a list sized by the largest one, so a corrupt
    # position like 10**9 cannot allocate a huge list. The types are checked in C
    # (map(type, ...)); only an index that fails the check takes the loop that says why.
    if set(map(type, index.values())) == {list}:
        flat = list(chain.from_iterable(index.values()))
        if not flat or set(map(type, flat)) == {int}:
            fast = {p: word for word, positions in index.items() for p in positions}
            return " ".join([fast[p] for p in sorted(fast)]) or None
    words: dict[int, str] = {}
    for word, positions in index.items():
        if type(positions) is not list:
            raise _Invalid(f"{key}[{word!r}]: expected a list of integers, got {_show(positions)}")
        for p in positions:
            if type(p) is not int:  # `type is`, not isinstance: True is not a position
                raise _Invalid(f"{key}[{word!r}]: expected a list of integers, got {_show(p)}")
            words[p] = word
    return " ".join([words[p] for p in sorted(words)]) or None


_ARXIV_IN_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/([^\s?#]+)|10\.48550/arxiv\.([^\s?#]+)", re.IGNORECASE
)


def _arxiv_of(w: dict[str, Any], doi: str | None, id_map: dict[str, Any]) -> str | None:
    """arXiv id from the DataCite DOI (10.48550/arxiv.X) or any location URL pointing
    at arxiv.org; OpenAlex has no arXiv id field of its own."""
    candidates: list[Any] = [doi, id_map.get("arxiv")]
    locations = [
        loc
        for key in ("primary_location", "best_oa_location")
        if (loc := _dict(w, key)) is not None
    ]
    locations += [loc for _, loc in _dicts(w, "locations")]
    for loc in locations:
        candidates += [loc.get("landing_page_url"), loc.get("pdf_url")]
    for text in candidates:
        # The substring test skips the regex for the ~15 URLs per work that are not arXiv.
        if not isinstance(text, str) or "arxiv" not in text.lower():
            continue
        found = _ARXIV_IN_URL.search(text)
        if found:
            arxiv = ids.arxiv_id(found.group(1) or found.group(2))
            if arxiv:
                return arxiv
    return None


def _primary_source(w: dict[str, Any]) -> SourceRecord | None:
    location = _dict(w, "primary_location")
    if location is None:
        return None
    source = _dict(location, "source", "primary_location.")
    if source is None:
        return None
    where = "primary_location.source."
    _null_id(source, where)
    source_id = ids.openalex_id(_str(source, "id", where))
    if source_id is None:
        return None
    return SourceRecord(
        id=source_id,
        name=_str(source, "display_name", where) or "",
        type=_str(source, "type", where),
        issn_l=_str(source, "issn_l", where),
        publisher=_str(source, "host_organization_name", where),
        issns=list(dict.fromkeys(i for i in map(ids.issn, [source.get("issn_l"), *_issn_list(source)]) if i)),
    )


def _issn_list(source: dict[str, Any]) -> list[Any]:
    listed = source.get("issn")
    return listed if isinstance(listed, list) else []


_POSITIONS: frozenset[str] = frozenset({"first", "middle", "last"})


def _authorships(w: dict[str, Any]) -> list[Authorship]:
    items = _dicts(w, "authorships")
    corresponding_ids = {ids.openalex_id(x) for x in _list(w, "corresponding_author_ids")}
    return [
        _authorship(item, where, order, len(items), corresponding_ids)
        for order, (where, item) in enumerate(items)
    ]


def _authorship(
    a: dict[str, Any], where: str, order: int, total: int, corresponding_ids: set[str | None]
) -> Authorship:
    author = _author_ref(a, where)
    is_corresponding = _bool(a, "is_corresponding", where)
    if is_corresponding is None:  # older records only list corresponding_author_ids
        is_corresponding = author.openalex_id is not None and author.openalex_id in corresponding_ids
    institutions = [_institution_ref(i, w) for w, i in _dicts(a, "institutions", where)]
    return Authorship(
        author=author,
        order=order,
        position=_position(a, where, order, total),
        corresponding=is_corresponding,
        institutions=[i for i in institutions if i is not None],
    )


def _position(a: dict[str, Any], where: str, order: int, total: int) -> Position:
    given = _str(a, "author_position", where)
    if given in _POSITIONS:
        return given  # type: ignore[return-value]
    # Missing or unknown: derive it from the order, as OpenAlex itself does.
    if order == 0:
        return "first"
    return "last" if order == total - 1 else "middle"


def _author_ref(a: dict[str, Any], where: str) -> AuthorRecord:
    author = _dict(a, "author", where)
    if author is None:
        raise _Invalid(f"{where}author: expected an object, got null")
    inner = f"{where}author."
    _null_id(author, inner, "orcid")
    openalex = ids.openalex_id(_str(author, "id", inner))
    orcid = ids.orcid(_str(author, "orcid", inner))
    name = _str(author, "display_name", inner) or _str(a, "raw_author_name", where) or ""
    return AuthorRecord(
        display_name=name,
        id=openalex or (f"orcid:{orcid}" if orcid else None),
        openalex_id=openalex,
        orcid=orcid,
    )


# An authorship's institution, by its fields: the same few institutions recur in every
# work. Shared, so never changed after it is built. Cleared when full (flat memory).
_INSTITUTIONS: dict[tuple[Any, ...], InstitutionRecord | None] = {}
_INSTITUTIONS_MAX = 1 << 14


def _institution_ref(i: dict[str, Any], where: str) -> InstitutionRecord | None:
    key = (i.get("id"), i.get("ror"), i.get("display_name"), i.get("country_code"), i.get("type"))
    try:
        return _INSTITUTIONS[key]
    except KeyError:
        pass
    except TypeError:  # a list or an object where a string belongs: _institution says so
        return _institution(i, where)
    found = _institution(i, where)
    if len(_INSTITUTIONS) >= _INSTITUTIONS_MAX:
        _INSTITUTIONS.clear()
    _INSTITUTIONS[key] = found
    return found


def _institution(i: dict[str, Any], where: str) -> InstitutionRecord | None:
    """An institution (dehydrated in authorships, full as an entity); None when it
    carries neither id nor ror nor name, since then it identifies nothing."""
    _null_id(i, where, "ror")
    openalex = ids.openalex_id(_str(i, "id", where))
    ror = ids.ror(_str(i, "ror", where))
    name = _str(i, "display_name", where)
    if not (openalex or ror or name):
        return None
    country = _str(i, "country_code", where)
    return InstitutionRecord(
        id=ids.institution_id(openalex, ror, name),
        name=name or "",
        ror=ror,
        country=country.upper() if country else None,
        type=_str(i, "type", where),
        openalex_id=openalex,
    )


def _null_id(obj: dict[str, Any], where: str, *others: str) -> None:
    """An embedded entity whose `id` is there but null is broken, unless another identifier
    (`others`) names it; one without the key at all is a dehydrated copy and fine."""
    if "id" in obj and obj["id"] is None and not any(obj.get(k) for k in others):
        alternatives = f", and no {' or '.join(others)}" if others else ""
        raise _Invalid(f"{where}id: null{alternatives}")


def _topic_links(w: dict[str, Any]) -> list[TopicLink]:
    primary = _dict(w, "primary_topic")
    primary_id = ids.openalex_id(_str(primary, "id", "primary_topic.")) if primary else None
    links = []
    for where, t in _dicts(w, "topics"):
        topic = _topic_chain(t, where)
        if topic is not None:
            links.append(TopicLink(topic, _float(t, "score", where), topic.id == primary_id))
    if primary and primary_id and not any(link.primary for link in links):
        # primary_topic is normally one of `topics`; keep it even when it is not.
        topic = _topic_chain(primary, "primary_topic.")
        if topic is not None:
            links.append(TopicLink(topic, _float(primary, "score", "primary_topic."), True))
    return links


_LEVELS = ("domain", "field", "subfield")


def _topic_chain(t: dict[str, Any], where: str) -> TopicRecord | None:
    """A topic with its subfield > field > domain parents; None without a topic id."""
    _null_id(t, where)
    topic_id = ids.openalex_id(_str(t, "id", where))
    if topic_id is None:
        return None
    return TopicRecord(
        id=topic_id,
        name=_str(t, "display_name", where) or "",
        level="topic",
        scheme="openalex",
        parent=_hierarchy_parent(t, where, _LEVELS),
    )


def _hierarchy_parent(
    obj: dict[str, Any], where: str, levels: tuple[str, ...]
) -> TopicRecord | None:
    """Chain the given levels (top first) found on `obj`; a missing level is skipped
    so a subfield still hangs off the domain if the field is absent."""
    parent: TopicRecord | None = None
    for level in levels:
        node = _dict(obj, level, where)
        if node is None:
            continue
        node_id = _hierarchy_id(node.get("id"), level)
        if node_id is None:
            continue
        name = _str(node, "display_name", f"{where}{level}.") or ""
        parent = TopicRecord(node_id, name, level, "openalex", parent)
    return parent


_TRAILING_NUMBER = re.compile(r"(\d+)$", re.ASCII)


def _hierarchy_id(raw: Any, level: str) -> str | None:
    """'https://openalex.org/fields/17' (or 17, or '17') -> 'openalex:field:17'."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return f"openalex:{level}:{raw}"
    if not isinstance(raw, str):
        return None
    m = _TRAILING_NUMBER.search(raw.strip())
    return f"openalex:{level}:{m.group(1)}" if m else None


# Reference URL -> short work id: works cite the same works over and over. Cleared when
# full, so memory stays flat whatever the file size.
_REF_IDS: dict[str, str] = {}
_REF_IDS_MAX = 1 << 16


def _references(w: dict[str, Any]) -> list[str]:
    refs: dict[str, None] = {}  # ordered set: a work cites another once
    raw = _list(w, "referenced_works")
    cache = _REF_IDS
    try:
        for ref in raw:
            refs[cache[ref]] = None
        return list(refs)
    except (KeyError, TypeError):  # an id not seen yet (or not a string): the checking loop
        refs.clear()
    if len(cache) > _REF_IDS_MAX:
        cache.clear()
    for i, ref in enumerate(raw):
        short = cache.get(ref) if isinstance(ref, str) else None
        if short is not None:
            refs[short] = None
            continue
        short = ids.openalex_id(ref) if isinstance(ref, str) else None
        if short is None or short[0] != "W":
            raise _Invalid(f"referenced_works[{i}]: expected an OpenAlex work id, got {_show(ref)}")
        refs[short] = None
        cache[ref] = short
    return list(refs)


def _author(a: dict[str, Any], key: str) -> AuthorRecord:
    id_map = _dict(a, "ids") or {}
    orcid = ids.orcid(_str(a, "orcid")) or ids.orcid(_str(id_map, "orcid", "ids."))
    return AuthorRecord(
        display_name=_str(a, "display_name") or "",
        id=key,
        openalex_id=key,
        orcid=orcid,
        last_known_institutions=_last_known(a),
        works_count=_int(a, "works_count"),
        cited_by_count=_int(a, "cited_by_count"),
        affiliations=_affiliations(a),
        updated_date=_str(a, "updated_date"),
    )


def _affiliations(a: dict[str, Any]) -> list[Affiliation]:
    """`affiliations[]`: each institution with the years the author was there."""
    out = []
    for where, item in _dicts(a, "affiliations"):
        inst = _dict(item, "institution", where)
        found = _institution(inst, f"{where}institution.") if inst is not None else None
        if found is None:
            continue
        years = []
        for n, y in enumerate(_list(item, "years", where)):
            if type(y) is not int or not 0 < y < 10_000:  # `type is`: True is not a year
                raise _Invalid(f"{where}years[{n}]: expected a year, got {_show(y)}")
            years.append(y)
        out.append(Affiliation(found, sorted(set(years))))
    return out


def _last_known(a: dict[str, Any]) -> list[InstitutionRecord]:
    """`last_known_institutions` (list, current) or `last_known_institution` (one
    object, records before 2024)."""
    if a.get("last_known_institutions") is not None:
        found = [_institution(i, w) for w, i in _dicts(a, "last_known_institutions")]
    else:
        single = _dict(a, "last_known_institution")
        found = [_institution(single, "last_known_institution.")] if single else []
    return [i for i in found if i is not None]


def _institution_entity(i: dict[str, Any], key: str) -> InstitutionRecord:
    # The entity's own id is already checked (it may even be a bare MAG number).
    record = _institution({k: v for k, v in i.items() if k != "id"}, "")
    if record is None or not record.name:
        raise _Invalid("display_name: missing")
    record.id = record.openalex_id = key
    record.updated_date = _str(i, "updated_date")
    return record


def _topic_entity(t: dict[str, Any], key: str) -> TopicRecord:
    keywords = []
    for i, k in enumerate(_list(t, "keywords")):
        # Topic keywords are strings; other entities' keywords are objects.
        word = k.get("display_name") if isinstance(k, dict) else k
        if not isinstance(word, str):
            raise _Invalid(f"keywords[{i}]: expected a string, got {_show(k)}")
        keywords.append(word)
    return TopicRecord(
        id=key,
        name=_str(t, "display_name") or "",
        level="topic",
        scheme="openalex",
        parent=_hierarchy_parent(t, "", _LEVELS),
        description=_str(t, "description"),
        keywords=keywords,
        updated_date=_str(t, "updated_date"),
    )


def _level_entity(level: str) -> Callable[[dict[str, Any], str], TopicRecord]:
    """Builder for /domains, /fields, /subfields entities: parents are the levels above."""
    above = _LEVELS[: _LEVELS.index(level)]

    def build(obj: dict[str, Any], key: str) -> TopicRecord:
        return TopicRecord(
            id=key,
            name=_str(obj, "display_name") or "",
            level=level,
            scheme="openalex",
            parent=_hierarchy_parent(obj, "", above),
            description=_str(obj, "description"),
            updated_date=_str(obj, "updated_date"),
        )

    return build


_BUILDERS: dict[str, Callable[[dict[str, Any], str], Record]] = {
    "work": _work,
    "author": _author,
    "institution": _institution_entity,
    "topic": _topic_entity,
    "domain": _level_entity("domain"),
    "field": _level_entity("field"),
    "subfield": _level_entity("subfield"),
}
