"""Records out of JSON API responses and JSON lines, one at a time (Crossref, Semantic Scholar).

`json_items(src, wrapper_keys, list_keys)` yields (line, raw bytes, parsed object or error) for
every record of a file that is either

- JSON lines: every line one JSON value (the first line parses on its own), each a record or a
  small wrapper that is expanded in memory (the line is in memory anyway), or
- one JSON document, possibly pretty-printed and huge: a record, an array of records, or a
  wrapper object, recognised by its FIRST key being one of `wrapper_keys` (an API envelope such
  as Crossref's `{"status": …, "message": {"items": [...]}}` or Semantic Scholar's
  `{"total": …, "data": [...]}`). Inside a wrapper, members named in `list_keys` are streamed
  element by element and nested wrappers are entered; everything else is skipped unread.

`json_records(path, wrapper_keys, list_keys, build)` is what a JSON parser (Crossref, Semantic
Scholar) reads a file with: `build` maps one record's object to its records (raising
source_files.BadRecord for one it cannot map), and every problem is a reject by line.

Only one record is held at a time: a 10 GB `items` array costs one item's memory. A file
whose JSON structure breaks (truncated, damaged) ends with one error at the line where the
structure broke; every record before it has been yielded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from loaders.records import Parsed, Record
from loaders.source_files import BOM, RAW_BYTES, BadRecord, SourceFile, accept, open_source, reject

__all__ = ["STRING", "SKIP", "Broken", "Damaged", "json_items", "json_records", "skip_run", "unwrap"]

# A run of anything but brackets and quotes, or a whole string: what a bracket scan skips.
# (The OpenAlex scanner, loaders/openalex/scanner.py, skips with the same two.)
SKIP = re.compile(rb'(?:[^"{}\[\]]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.S)
STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def skip_run(buf: bytes, pos: int) -> int:
    """Where the run of SKIP at `pos` ends (`pos` itself when there is none)."""
    m = SKIP.match(buf, pos)
    return pos if m is None else m.end()  # never None: SKIP matches the empty string too

_SCALAR_END = re.compile(rb"[,}\]\s]")
_WS = b" \t\r\n"


class Broken(Exception):
    """The JSON structure of the file is broken at `line`: nothing after it can be read."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class Damaged(Exception):
    """The file's content could not be read on from here (SourceFile.damage says why)."""


# line, raw bytes, parsed value; the value is a ValueError for a record that is not JSON, and a
# Broken or Damaged as the last item of a file that could not be read to its end.
Item = tuple[int, bytes, Any]


class _Scanner:
    """A forward-only window on the file's bytes that knows the line of any position."""

    def __init__(self, src: SourceFile) -> None:
        self.src = src
        self.buf = b""
        self.pos = 0
        self.eof = False
        self._line = 1  # line number at self._counted
        self._counted = 0

    def line_at(self, p: int) -> int:
        if p >= self._counted:
            self._line += self.buf.count(b"\n", self._counted, p)
        else:
            self._line -= self.buf.count(b"\n", p, self._counted)
        self._counted = p
        return self._line

    def compact(self) -> None:
        """Forget what was read before the current position. Offsets held elsewhere go stale,
        so only the walkers call this, between two members."""
        if self.pos > (1 << 20):
            self.line_at(self.pos)
            self.buf = self.buf[self.pos:]
            self._counted -= self.pos
            self.pos = 0

    def fill(self) -> bool:
        """Read more; False at the end of the file (or at damage)."""
        if self.eof:
            return False
        chunk = self.src.read()
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def peek(self) -> int | None:
        """The next non-blank byte (not consumed), None at the end."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None

    def expect(self, char: bytes, what: str) -> None:
        got = self.peek()
        if got != char[0]:
            found = "the end of the file" if got is None else repr(chr(got))
            raise Broken(f"invalid JSON: expected {what}, found {found}", self.line_at(self.pos))
        self.pos += 1

    def string(self) -> str:
        self.expect(b'"', "a key")
        start = self.pos - 1
        while True:
            m = STRING.match(self.buf, start)
            if m:
                self.pos = m.end()
                key: str = orjson.loads(m.group())  # a JSON string parses to a str
                return key
            if not self.fill():
                raise Broken("invalid JSON: the file ends inside a string", self.line_at(start))

    def value_end(self, start: int) -> int:
        """End offset of the value at `start` (an object, array, string or scalar), reading on as needed."""
        first = self.buf[start]
        if first in b"{[":
            return self._container_end(start)
        if first == ord('"'):
            while True:
                m = STRING.match(self.buf, start)
                if m:
                    return m.end()
                if not self.fill():
                    raise Broken("invalid JSON: the file ends inside a string", self.line_at(start))
        while True:
            m = _SCALAR_END.search(self.buf, start)
            if m:
                return m.start()
            if not self.fill():
                return len(self.buf)

    def _container_end(self, start: int) -> int:
        depth, i = 0, start
        while True:
            i = skip_run(self.buf, i)
            if i >= len(self.buf):
                if not self.fill():
                    raise Broken("invalid JSON: the file ends inside a value", self.line_at(start))
                continue
            c = self.buf[i]
            if c in b"{[":
                depth += 1
            elif c in b"}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            elif not self.fill():  # a string not closed in the buffer yet
                raise Broken("invalid JSON: the file ends inside a string", self.line_at(start))
            else:
                continue
            i += 1

    def cut(self) -> tuple[int, bytes]:
        """The next value, whole: its line and bytes."""
        start = self.pos
        line = self.line_at(start)
        end = self.value_end(start)
        self.pos = end
        return line, self.buf[start:end]

    def skip(self) -> None:
        self.pos = self.value_end(self.pos)

    def comma_or(self, close: bytes, where: str) -> bool:
        """After a member: True if another follows, False at the closing bracket."""
        c = self.peek()
        if c == ord(","):
            self.pos += 1
            return True
        self.expect(close, f"',' or {close.decode()!r} in {where}")
        return False


def _parse(line: int, raw: bytes) -> Item:
    try:
        return line, raw, orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return line, raw, ValueError(f"invalid JSON: {exc}")


def unwrap(obj: Any, is_wrapper: Callable[[dict[str, Any]], bool], list_keys: tuple[str, ...]) -> Iterator[Any]:
    """The records of an already parsed value: an array's elements, a wrapper's lists, or itself."""
    if isinstance(obj, list):
        for x in obj:
            yield from unwrap(x, is_wrapper, list_keys) if isinstance(x, list) else [x]
        return
    if isinstance(obj, dict) and is_wrapper(obj):
        for key, value in obj.items():
            if key in list_keys and isinstance(value, list):
                yield from value
            elif isinstance(value, dict) and is_wrapper(value):
                yield from unwrap(value, is_wrapper, list_keys)
            elif isinstance(value, dict) and key == "message":  # Crossref's single-record envelope
                yield value
        return
    yield obj


def _looks_like_lines(head: bytes) -> bool:
    """JSON lines if the first line is an object and one of the first five lines parses alone
    (a pretty-printed document's lines do not; a JSON-lines file whose first record is broken
    still reads as lines)."""
    lines = [x for x in head.split(b"\n")[:6] if x.strip()][:5]
    if not lines or not lines[0].lstrip().startswith(b"{"):
        return False
    for line in lines:
        try:
            if isinstance(orjson.loads(line), dict | list):
                return True
        except orjson.JSONDecodeError:
            continue
    return False


def json_items(src: SourceFile, wrapper_keys: frozenset[str], list_keys: tuple[str, ...]) -> Iterator[Item]:
    """See the module docstring."""

    def is_wrapper(obj: dict[str, Any]) -> bool:
        return bool(obj) and next(iter(obj)) in wrapper_keys

    scanner = _Scanner(src)
    scanner.buf = src.head(1 << 20).removeprefix(BOM)
    if _looks_like_lines(scanner.buf):
        yield from _lines(scanner, is_wrapper, list_keys)
        return
    try:
        yield from _document(scanner, wrapper_keys, list_keys)
    except Broken as exc:
        if src.damage is None:
            yield exc.line, b"", exc
            return
    if src.damage is not None:
        yield scanner.line_at(len(scanner.buf)), b"", Damaged(src.damage)


def _lines(scanner: _Scanner, is_wrapper: Callable[[dict[str, Any]], bool],
           list_keys: tuple[str, ...]) -> Iterator[Item]:
    rest = scanner.buf
    lineno = 0
    while True:
        parts = rest.split(b"\n")
        rest = parts.pop()
        for raw in parts:
            lineno += 1
            if raw.strip():
                yield from _line_records(lineno, raw, is_wrapper, list_keys)
        chunk = scanner.src.read()
        if not chunk:
            break
        rest += chunk
    if scanner.src.damage is not None:  # the line cut by the damage is where its reject points
        yield lineno + 1, b"", Damaged(scanner.src.damage)
    elif rest.strip():  # a last line without "\n"
        yield from _line_records(lineno + 1, rest, is_wrapper, list_keys)


def _line_records(lineno: int, raw: bytes, is_wrapper: Callable[[dict[str, Any]], bool],
                  list_keys: tuple[str, ...]) -> Iterator[Item]:
    line, raw, obj = _parse(lineno, raw)
    if isinstance(obj, Exception):
        yield line, raw, obj
        return
    for record in unwrap(obj, is_wrapper, list_keys):
        # A record out of a one-line envelope: its own text, not the envelope's, for a reject.
        yield line, raw if record is obj else orjson.dumps(record), record


def _document(scanner: _Scanner, wrapper_keys: frozenset[str], list_keys: tuple[str, ...]) -> Iterator[Item]:
    while (c := scanner.peek()) is not None:
        if c == ord("["):
            yield from _array(scanner, wrapper_keys, list_keys, "the top-level array")
        elif c == ord("{"):
            yield from _object(scanner, wrapper_keys, list_keys)
        else:
            raise Broken(f"invalid JSON: expected an object or an array, found {chr(c)!r}",
                         scanner.line_at(scanner.pos))
        scanner.compact()


def _array(scanner: _Scanner, wrapper_keys: frozenset[str], list_keys: tuple[str, ...],
           where: str) -> Iterator[Item]:
    scanner.expect(b"[", "'['")
    if scanner.peek() == ord("]"):
        scanner.pos += 1
        return
    while True:
        c = scanner.peek()
        if c is None:
            raise Broken(f"invalid JSON: the file ends inside {where}", scanner.line_at(scanner.pos))
        if c == ord("n"):  # a batch response's null: an id the API did not find
            scanner.skip()
        else:
            yield _parse(*scanner.cut())
        scanner.compact()
        if not scanner.comma_or(b"]", where):
            return


def _object(scanner: _Scanner, wrapper_keys: frozenset[str], list_keys: tuple[str, ...]) -> Iterator[Item]:
    """A wrapper (first key in wrapper_keys) is walked; anything else is one record."""
    start = scanner.pos
    scanner.pos += 1
    c = scanner.peek()  # never compacts: `start` stays valid to cut the record whole
    if c is None:
        raise Broken("invalid JSON: the file ends inside an object", scanner.line_at(start))
    if c == ord("}"):
        scanner.pos += 1
        return
    key = scanner.string()
    if key not in wrapper_keys:
        scanner.pos = start
        yield _parse(*scanner.cut())
        return
    while True:
        scanner.expect(b":", "':'")
        c = scanner.peek()
        if key in list_keys and c == ord("["):
            yield from _array(scanner, wrapper_keys, list_keys, repr(key))
        elif key == "message" and c == ord("{"):
            yield from _object(scanner, wrapper_keys, list_keys)
        elif c is None:
            raise Broken("invalid JSON: the file ends inside an object", scanner.line_at(scanner.pos))
        else:
            scanner.skip()
        scanner.compact()
        if not scanner.comma_or(b"}", "an object"):
            return
        key = scanner.string()


def json_records(path: Path, wrapper_keys: frozenset[str], list_keys: tuple[str, ...],
                 build: Callable[[Any], list[Record]]) -> Iterator[Parsed]:
    """See the module docstring. A record object that gives several records (a paper with its
    citations) is each one's raw text, cut to RAW_BYTES."""
    with open_source(path) as src:
        for line, raw, obj in json_items(src, wrapper_keys, list_keys):
            if isinstance(obj, Damaged):
                rejected = src.damage_reject(line)
                if rejected is not None:
                    yield rejected
                continue
            if isinstance(obj, Exception):
                yield reject(path, line, str(obj), raw)
                continue
            try:
                records = build(obj)
            except BadRecord as exc:
                yield reject(path, line, str(exc), raw)
                continue
            except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a shape no rule foresaw
                yield reject(path, line, f"unreadable record ({type(exc).__name__}: {exc})", raw)
                continue
            for record in records:
                yield accept(path, line, record, raw if len(records) == 1 else orjson.dumps(obj)[:RAW_BYTES])
