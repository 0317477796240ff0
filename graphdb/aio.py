"""The asyncio face of the graph interface, for the GraphQL API (`await graph.query(...)`).

It mirrors graphdb.base.Graph (same methods, results and errors); the CLI and the loaders keep
the sync face. An AsyncGraph belongs to the event loop that first uses it: its connections are
that loop's.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphdb.base import RETRY_DELAY, Graph, Result, UnavailableError
from graphdb.queries import NamedQuery, load_query

T = TypeVar("T")

# A frozen server (one that accepts connections and never answers) must not hold a request
# forever: every call gives up after this many seconds unless the caller says otherwise.
DEFAULT_TIMEOUT = 10.0


class AsyncGraph(ABC):
    """A connection to one graph on one engine, awaited.

    `read` runs in the engine's read-only mode, `write` as a write transaction; transient
    failures are retried as in Graph. Every call (its retries included) is bounded by `timeout`
    seconds (None: unbounded); past it, UnavailableError. Opening does no I/O: an unreachable
    server is reported by the first call.
    """

    engine: str  # "falkordb" | "neo4j"
    product: str  # the engine's name in messages: "FalkorDB" | "Neo4j"
    url: str = ""  # the URL it was opened with; set by graphdb.open_async_graph
    retries: int = Graph.retries

    def __init__(self, address: str, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be positive seconds or None, not {timeout!r}")
        self.address = address
        self.timeout = timeout
        self.round_trips = 0

    @abstractmethod
    async def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Result:
        """Run one query; `named` says it is a named query from cypher/ (not an analyst's)."""

    @abstractmethod
    def _is_transient(self, exc: Exception) -> bool: ...

    @abstractmethod
    async def close(self) -> None: ...

    async def _run(self, cypher: str, params: dict[str, Any] | None, read_only: bool, named: bool = False) -> Result:
        call = self._retrying(lambda: self._execute(cypher, params or {}, read_only, named=named))
        try:
            async with asyncio.timeout(self.timeout) as deadline:
                return await call
        except TimeoutError as exc:
            if not deadline.expired():  # a client's own timeout error, not ours
                raise
            raise UnavailableError(
                f"{self.product} at {self.address} did not answer within {self.timeout:g} s"
            ) from exc

    async def _retrying(self, fn: Callable[[], Awaitable[T]]) -> T:
        delay = RETRY_DELAY
        for attempt in range(self.retries + 1):
            try:
                self.round_trips += 1
                return await fn()
            except Exception as exc:
                if attempt == self.retries or not self._is_transient(exc):
                    raise
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    async def read(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return await self._run(cypher, params, read_only=True)

    async def write(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return await self._run(cypher, params, read_only=False)

    def named(self, name: str) -> NamedQuery:
        return load_query(name, self.engine)

    async def query(self, name: str, params: dict[str, Any] | None = None) -> Result:
        """Run a named read query from cypher/ (the engine's variant where one exists)."""
        return await self._run(self.named(name).text, params, read_only=True, named=True)

    async def execute(self, name: str, params: dict[str, Any] | None = None) -> Result:
        """Run a named write query from cypher/."""
        return await self._run(self.named(name).text, params, read_only=False, named=True)

    async def __aenter__(self) -> AsyncGraph:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
