"""Waiting out a BUSY refusal from FalkorDB.

Redis answers `BUSY …` instead of running a command while the server is held by other work:
FalkorDB syncs every graph's matrices before it forks for a save or an append-only-file
rewrite (`BUSY preparing to fork`, seconds on a big graph; a bulk load grows the file fast
enough to set off rewrites), and a script runs past `busy-reply-threshold`. The command did
not run, so sending it again is safe, writes included. Without this, one such moment failed
a 1,000,000-work bulk load in its write phase, and fails any query that meets it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import redis

T = TypeVar("T")

BUSY_WAIT_S = 60.0  # how long a command refused with BUSY is tried again before the refusal is raised
_FIRST_DELAY_S, _MAX_DELAY_S = 0.05, 1.0


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, redis.ResponseError) and str(exc).startswith("BUSY")


def _delays() -> Iterator[float]:
    """The waits between tries, BUSY_WAIT_S in all."""
    delay, waited = _FIRST_DELAY_S, 0.0
    while waited + delay <= BUSY_WAIT_S:
        yield delay
        waited += delay
        delay = min(delay * 2, _MAX_DELAY_S)


def until_not_busy(call: Callable[[], T]) -> T:
    """`call()`, tried again while the server refuses it with BUSY (BUSY_WAIT_S at most)."""
    for delay in _delays():
        try:
            return call()
        except redis.ResponseError as exc:
            if not is_busy(exc):
                raise
        time.sleep(delay)
    return call()


async def until_not_busy_async(call: Callable[[], Awaitable[T]]) -> T:
    """`await call()`, tried again while the server refuses it with BUSY (BUSY_WAIT_S at most)."""
    for delay in _delays():
        try:
            return await call()
        except redis.ResponseError as exc:
            if not is_busy(exc):
                raise
        await asyncio.sleep(delay)
    return await call()
