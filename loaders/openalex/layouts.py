"""Reading an OpenAlex file's stream: which layout it has (JSON lines, one entity, an API
response's results, a bare array), and each layout read record by record with exact
JSON errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import loaders.openalex.scanner as scanner
from loaders import ids
from loaders.openalex.fields import _is_ascii_number, _show
from loaders.openalex.identify import _HIERARCHY, _ids_openalex
from loaders.openalex.mapping import _convert
from loaders.openalex.scanner import _Malformed, _Reader, _Truncated
from loaders.records import (
    FormatError,
    Parsed,
)
from loaders.source_files import BOM, open_source, reject


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
            elif c is None and (damaged := fh.damage_reject(reader.line)) is not None:
                yield damaged
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
        return scanner._fast_loads(data), None
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
