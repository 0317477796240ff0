"""A query text's admission: read, parsed and validated once, before any request runs it, without
holding the event loop for long.

graphql-core parses and validates in pure Python, synchronously: a 17 kB text of 999 aliases
took 10 ms to parse and 25 ms to validate, 5,000 aliases in 89 kB 50-115 ms to parse. On the
event loop that time is taken from every other request (normal clients' p99 went from 11 ms to
1.3 s while four attackers sent such texts). So a text not seen before:

- up to INLINE_CHARS characters (every query the explorer sends; 5 ms of work at most) is prepared
  on the event loop;
- longer, in one worker thread (the "lane"), one text at a time: its fields are counted from the
  text first (`api.prescan`: milliseconds, and most of the hostile texts stop there), then it is
  parsed and validated. Attackers wait for the lane behind each other while cached queries and
  short texts go straight through. The lane's thread shares the interpreter (and this machine's
  CPU) with the event loop: after each text it rests three times as long as the text took, so it
  never takes more than a quarter of the interpreter, and at most LANE_QUEUE texts wait for it
  (more are refused at once, with an error that says to try again).

What is prepared (the document, or the errors that refuse it) is kept in a TextCache, and handed
to strawberry's extensions (`handed`) for a request that goes through strawberry's view, so no
text is parsed or validated twice.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError, parse
from strawberry.schema.schema import validate_document

from api.depth import fields_error, text_fields_error
from api.errors import LimitError
from api.identity_cache import TextCache
from api.limits import MAX_FIELDS, MAX_SAME_NAME
from api.prescan import fields_in_text

# A longer text not seen before is prepared in the lane. The explorer's queries are under 900
# characters; 1,000 characters of the costliest kinds (hundreds of arguments, inline fragments
# nested 50 deep) take 4-5 ms to validate.
INLINE_CHARS = 1_000
# After preparing a text, the lane rests this many times the CPU time it took before taking the next
# one: under a stream of long texts it holds the interpreter at most 1 / (1 + LANE_REST) of the time
# (hostile_bench on a shared 2-core machine: normal clients' p99 under attack 118 ms at 1, 57 ms at 3).
LANE_REST = 3.0
# Texts waiting for the lane (besides the one it prepares); more are refused at once, so that none
# waits long: the costliest text admitted (999 fields) takes 35 ms and the lane rests 105 ms after.
LANE_QUEUE = 4


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query text, its document (None when it does not parse or the pre-scan refused it) and
    what refuses it: a syntax error (`syntax`), a limit, or the validation's errors."""

    text: str
    rules: tuple[Any, ...]
    document: DocumentNode | None
    errors: list[GraphQLError] = field(default_factory=list)
    syntax: bool = False

    def syntax_error(self) -> GraphQLSyntaxError:
        """A fresh copy of the syntax error, to raise (raising the kept one again would grow its traceback)."""
        error = self.errors[0]
        assert isinstance(error, GraphQLSyntaxError) and error.source is not None and error.positions
        position = next(iter(error.positions))  # graphql-core types positions as a Collection
        return GraphQLSyntaxError(error.source, position, error.description)


def busy_error() -> LimitError:
    return LimitError(f"{LANE_QUEUE} long query texts (over {INLINE_CHARS:,} characters, not seen recently) are "
                      "already waiting to be read; try again shortly, or send a shorter text")


_HANDED: ContextVar[Prepared | None] = ContextVar("handed", default=None)


def handed(text: str | None) -> Prepared | None:
    """What the endpoint prepared for this request's query text, if it is `text`."""
    found = _HANDED.get()
    return found if found is not None and found.text == text else None


@contextmanager
def handing(prepared: Prepared | None) -> Iterator[None]:
    token = _HANDED.set(prepared)
    try:
        yield
    finally:
        _HANDED.reset(token)


class Admission:
    """Query text -> Prepared, with the rules the schema validates with (graphql-core's specified
    ones and the extensions'); bounded as api.identity_cache.TextCache."""

    def __init__(self, schema: Any, rules: tuple[Any, ...], size: int = 256) -> None:
        self.schema = schema
        self.rules = rules
        self._prepared: TextCache[Prepared] = TextCache(size)
        self._lane = asyncio.Semaphore(1)
        self._rest_until = 0.0  # time.monotonic() before which the lane takes no new text
        self._waiting = 0  # texts waiting for the lane

    async def admit(self, text: str) -> Prepared:
        prepared = self._prepared.get(text)
        if prepared is not None:
            return prepared
        if len(text) <= INLINE_CHARS:
            prepared = self.prepare(text)
        elif self._waiting >= LANE_QUEUE:
            return Prepared(text, self.rules, None, [busy_error()])  # not kept: it may be admitted later
        else:
            prepared = await self._prepare_in_lane(text)
        self._prepared.put(text, prepared)
        return prepared

    async def _prepare_in_lane(self, text: str) -> Prepared:
        """A long text prepared in the one lane, after the rest the previous one earned."""
        self._waiting += 1
        try:
            await self._lane.acquire()
        finally:
            self._waiting -= 1
        try:
            rest = self._rest_until - time.monotonic()
            if rest > 0:
                await asyncio.sleep(rest)
            prepared, took = await asyncio.to_thread(self._timed_prepare, text)
            self._rest_until = time.monotonic() + took * LANE_REST
        finally:
            self._lane.release()
        return prepared

    def _timed_prepare(self, text: str) -> tuple[Prepared, float]:
        """prepare(text, prescan=True) and the CPU time it took (this thread's, not the time spent waiting for the
        interpreter)."""
        start = time.thread_time()
        return self.prepare(text, True), time.thread_time() - start

    def prepare(self, text: str, prescan: bool = False) -> Prepared:
        """Parse and validate `text` (blocking); with `prescan`, count its fields from the text first."""
        if prescan and fields_in_text(text) > MAX_FIELDS:
            return Prepared(text, self.rules, None, [text_fields_error(MAX_FIELDS)])
        try:
            document = parse(text)
        except GraphQLSyntaxError as exc:  # kept without its traceback (the parser's frames)
            return Prepared(text, self.rules, None, [exc.with_traceback(None)], syntax=True)
        error = fields_error(document, MAX_FIELDS, MAX_SAME_NAME)
        if error is not None:
            return Prepared(text, self.rules, document, [error])
        return Prepared(text, self.rules, document, validate_document(self.schema, document, self.rules))
