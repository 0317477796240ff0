"""The one interface the rest of ScholarGraph uses to talk to a graph engine."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from graphdb.queries import NamedQuery, load_query

T = TypeVar("T")

# Seconds before the first retry of a transient failure, doubled before each next one: both
# faces (Graph, graphdb.aio.AsyncGraph) wait the same.
RETRY_DELAY = 0.1


class GraphError(Exception):
    """A query the engine refused (syntax, semantics, constraint), with the engine's message."""


class ReadOnlyError(GraphError):
    """A write was attempted through a read-only call."""


class UnavailableError(GraphError):
    """The database cannot be reached."""


class ConstraintError(GraphError):
    """A write that would break a unique constraint (graphdb.schema.UNIQUE); nothing of it
    was written."""


@dataclass(slots=True)
class Stats:
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0

    def add(self, other: Stats) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class Result:
    columns: list[str]
    rows: list[dict[str, Any]]
    stats: Stats = field(default_factory=Stats)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def value(self, default: Any = None) -> Any:
        """The first column of the first row, or `default` when there is none."""
        if not self.rows or not self.columns:
            return default
        return self.rows[0][self.columns[0]]


# Work done while waiting for the engine: called with `ready`, it works in small steps until
# ready() is true (the engine has answered) or it has nothing left to do.
Idle = Callable[[Callable[[], bool]], None]


class PipelinedWrites(Protocol):
    """Named writes sent on one connection without waiting for their replies (what
    `Graph.write_pipeline` gives on an engine that can do it)."""

    @property
    def pending(self) -> list[str]:
        """Names of the writes whose replies are not read yet."""
        ...

    def send(self, name: str, params: dict[str, Any]) -> None: ...

    def replies(self, idle: Idle | None = None) -> Iterator[tuple[str, Stats]]:
        """(name, statistics) of each pending write, in order; raises the first error once
        every reply is read. `idle(ready)`, where given, is called before each reply is read
        (while the engine may still be running that write), to do other work until
        `ready()` says the reply has come."""
        ...

    def close(self) -> None: ...


class Graph(ABC):
    """A connection to one graph on one engine.

    `read` runs in the engine's read-only mode (a write is refused, not performed);
    `write` runs as a write transaction, retried on transient errors.
    `round_trips` counts queries sent, so tests can bound N+1 patterns.
    """

    engine: str  # "falkordb" | "neo4j"
    url: str = ""  # the URL it was opened with (what `--db` takes); set by graphdb.open_graph
    retries: int = 4

    def __init__(self) -> None:
        self.round_trips = 0

    @abstractmethod
    def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Result:
        """Run one query; `named` says it is a named query from cypher/ (not an analyst's)."""

    @abstractmethod
    def _is_transient(self, exc: Exception) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...

    def _run(self, cypher: str, params: dict[str, Any] | None, read_only: bool, named: bool = False) -> Result:
        return self._retrying(lambda: self._execute(cypher, params or {}, read_only, named=named))

    def _retrying(self, fn: Callable[[], T]) -> T:
        delay = RETRY_DELAY
        for attempt in range(self.retries + 1):
            try:
                self.round_trips += 1
                return fn()
            except Exception as exc:
                if attempt == self.retries or not self._is_transient(exc):
                    raise
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def read(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return self._run(cypher, params, read_only=False)

    def checkpoint(self) -> None:
        """Make what was written so far quick to load when the server restarts; call it
        after a big write, such as a load. Does nothing by default: Neo4j checkpoints its
        transaction log by itself. FalkorDB logs every write query and a restart replays
        them one by one (minutes after a big load), so its engine folds that log into a
        snapshot here."""
        return None

    def write_pipeline(self) -> PipelinedWrites | None:
        """Writes sent without waiting for each reply, for a loader that prepares its next
        query while the engine runs this one; None (the default) where the engine has no
        such thing, and every write waits for its reply (Neo4j: a driver session runs one
        transaction at a time). FalkorDB pipelines on one Redis connection."""
        return None

    def named(self, name: str) -> NamedQuery:
        return load_query(name, self.engine)

    def query(self, name: str, params: dict[str, Any] | None = None) -> Result:
        """Run a named read query from cypher/ (the engine's variant where one exists)."""
        return self._run(self.named(name).text, params, read_only=True, named=True)

    def execute(self, name: str, params: dict[str, Any] | None = None) -> Result:
        """Run a named write query from cypher/."""
        return self._run(self.named(name).text, params, read_only=False, named=True)

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
