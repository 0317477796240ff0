"""The per-request context: the app's state, the signed-in user, the request's DataLoaders, and
`run` / `run_blocking`, the only places where resolvers reach the database (outages turned
into a clear GraphQL error), at most DB_CALLS_PER_REQUEST of them in flight at once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from strawberry.types import Info as StrawberryInfo

from accounts.models import User
from api.auth import authenticate
from api.dataloaders import Loaders
from api.errors import DatabaseUnavailable
from api.limits import DB_CALLS_PER_REQUEST
from api.state import ApiState, GraphUnavailable
from graphdb import Graph, UnavailableError

T = TypeVar("T")


class Context:
    def __init__(self, state: ApiState, user: User | None = None, auth_failed: bool = False) -> None:
        self.state = state
        self.request: Any = None  # the Starlette request and response, set by the endpoint
        self.response: Any = None
        self._user = user
        self._auth_failed = auth_failed
        # the process has DB_CONNECTIONS connections: without this, one request with a hundred
        # aliased root fields queued a hundred calls ahead of every other request's
        self._db_slots = asyncio.Semaphore(DB_CALLS_PER_REQUEST)
        self.loaders: Loaders = Loaders(self)

    @property
    def graph(self) -> Graph:
        """The open graph; DatabaseUnavailable when it cannot be reached."""
        try:
            return self.state.graph()
        except GraphUnavailable as exc:
            raise DatabaseUnavailable(self.state.engine) from exc

    @property
    def user(self) -> User | None:
        """The user the request's bearer token belongs to (api.auth), or None."""
        if self._auth_failed:
            raise DatabaseUnavailable(self.state.engine)
        return self._user

    async def run(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`await fn(agraph, *args)`: a query function of api.data on the graph's async face."""
        async with self._db_slots:
            try:
                return await self.state.acall(fn, *args)
            except (GraphUnavailable, UnavailableError) as exc:
                raise DatabaseUnavailable(self.state.engine) from exc

    async def run_blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(graph, *args)` on the sync face, in a worker thread: the accounts code (shared
        with the CLI) and the work that is CPU-bound besides (embedding a text)."""
        async with self._db_slots:
            return await asyncio.to_thread(self.call, fn, *args)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(graph, *args)` through the state's outage guard (blocking)."""
        try:
            return self.state.call(fn, *args)
        except (GraphUnavailable, UnavailableError) as exc:
            raise DatabaseUnavailable(self.state.engine) from exc


async def request_context(state: ApiState, authorization: str | None) -> Context:
    """The context for one request, its bearer token (if any) resolved to a user."""
    if not authorization:
        return Context(state)
    try:
        return Context(state, await authenticate(state, authorization))
    except (GraphUnavailable, UnavailableError):
        return Context(state, auth_failed=True)


Info = StrawberryInfo[Context, None]
