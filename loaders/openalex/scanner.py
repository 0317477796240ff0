"""A forward-only structural scanner over an OpenAlex file's bytes: it cuts one JSON value
at a time out of a stream read in 1 MiB chunks, so memory stays flat whatever the file size."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from loaders.json_stream import STRING, skip_run
from loaders.source_files import BOM, CHUNK, SourceFile


def _stdlib_loads(data: bytes | memoryview) -> Any:
    return json.loads(bytes(data))


try:  # orjson is 3-10x faster on the big works pages; the stdlib is the fallback.
    import orjson

    # orjson parses a memoryview in place: the scanner's probes are views of its buffer.
    _fast_loads: Callable[[bytes | memoryview], Any] = orjson.loads
    _HAVE_ORJSON = True
except ImportError:  # pragma: no cover - exercised only without orjson
    _fast_loads = _stdlib_loads
    _HAVE_ORJSON = False


_PROBE_WINDOW = 1 << 16


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
# (so brackets inside strings are skipped), all matched in C: json_stream.SKIP / skip_run.
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
            m = STRING.match(self.buf, self.pos)
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
            self.advance(skip_run(self.buf, self.pos))
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
