"""Parsing in a child process, so that `--bulk` uses both cores: the parser (a third of the
load's CPU at 100k works) runs there while this process resolves and stages what it sent.

The child runs the source's own parser (loaders.pipeline.parser_for) over the paths in order
and sends its items (records and rejects) in pickled chunks through a bounded queue; the
parent's `parse(path)` yields them in the same order, and raises, at the same point of the
file's stream, the exception the parser raised there (a FormatError, an OSError, …), so
loaders.pipeline.load handles a bad file exactly as it does with the parser in-process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from loaders.pipeline import GC_THRESHOLD, parser_for
from loaders.records import Parsed

# Items per chunk sent, and chunks the child may run ahead (bounds memory: a chunk of
# OpenAlex works pickles to ~1.5 MB); ahead by more than a batch, so the child keeps parsing
# while the parent writes one.
CHUNK = 500
AHEAD = 12
# Seconds between checks that the child is still alive while the parent waits for a chunk.
POLL_S = 1.0


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Pickling and unpickling make millions of small objects and no cyclic garbage: the cycle
    # collector run on each allocation threshold was two thirds of their cost.
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _quiet_gc_pickle(items: list[Parsed]) -> bytes:
    with _gc_paused():
        return pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)


def _quiet_gc_unpickle(blob: bytes) -> list[Parsed]:
    with _gc_paused():
        items: list[Parsed] = pickle.loads(blob)
        return items


def _picklable(exc: BaseException) -> BaseException:
    """The exception itself if it crosses a process boundary intact, else one that says the same."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any exception that does not round-trip is re-said plainly
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _put(out: Any, item: tuple[str, Any]) -> None:
    """Put `item` on the queue, waiting while it is full, but not for a parent that has died
    (a kill -9 of the load): the child then ends instead of waiting for ever."""
    while True:
        try:
            out.put(item, timeout=POLL_S)
            return
        except queue.Full:
            parent = multiprocessing.parent_process()
            if parent is None or not parent.is_alive():
                # at once: a normal exit would wait for the queue's thread, blocked on a full pipe
                os._exit(1)


def _child(source: str, paths: list[str], out: Any) -> None:
    """The child: each path's items in chunks, then ("end", None) or ("error", exception)."""
    gc.set_threshold(max(gc.get_threshold()[0], GC_THRESHOLD), *gc.get_threshold()[1:])
    parse = parser_for(source)
    for path in paths:
        chunk: list[Parsed] = []
        try:
            for item in parse(Path(path)):
                chunk.append(item)
                if len(chunk) == CHUNK:
                    _put(out, ("items", _quiet_gc_pickle(chunk)))
                    chunk = []
        except Exception as exc:  # noqa: BLE001 - handed to the parent, raised there at the same point
            _put(out, ("items", _quiet_gc_pickle(chunk)))
            _put(out, ("error", _picklable(exc)))
            continue
        _put(out, ("items", _quiet_gc_pickle(chunk)))
        _put(out, ("end", None))
    out.close()
    out.join_thread()


class ChildParser:
    """`parse(path)` for loaders.pipeline.load, fed by a child process parsing `paths` in order.
    A context manager: leaving it stops the child (a load cut short does not leave it running)."""

    def __init__(self, source: str, paths: list[Path]) -> None:
        parser_for(source)  # an unknown source fails here, in this process
        # spawn: a fresh interpreter, nothing of this process's threads or sockets in it
        ctx = multiprocessing.get_context("spawn")
        self.queue: Any = ctx.Queue(maxsize=AHEAD)
        self.paths = [str(p) for p in paths]
        self.next = 0
        self.process = ctx.Process(target=_child, args=(source, self.paths, self.queue),
                                   name="scholargraph-parse", daemon=True)

    def __enter__(self) -> ChildParser:
        self.process.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.queue.close()
        self.queue.cancel_join_thread()

    def __call__(self, path: Path) -> Iterator[Parsed]:
        if self.next >= len(self.paths) or self.paths[self.next] != str(path):
            raise AssertionError(f"{path} asked for out of order: the child parses {self.paths} in order")
        self.next += 1
        while True:
            kind, payload = self._get()
            if kind == "items":
                yield from _quiet_gc_unpickle(payload)
            elif kind == "error":
                raise payload
            else:
                return

    def _get(self) -> tuple[str, Any]:
        while True:
            try:
                got: tuple[str, Any] = self.queue.get(timeout=POLL_S)
                return got
            except queue.Empty:
                if not self.process.is_alive():
                    raise RuntimeError(f"the parsing process died (exit code {self.process.exitcode})") from None
