"""What one app holds for its lifetime: the settings, the graph connection, the embedder, and
what it knows of an outage.

No module globals: `create_app` builds one ApiState and keeps it in `app.state.api`.
The graph opens at start-up; when the database cannot be reached then, the app still
starts (health says 503 with the reason) and the next request tries again.

The graph has two faces (graphdb): resolvers and DataLoaders await the async one
(`ApiState.acall`); the accounts code, shared with the CLI, and the embedding searches run on
the sync one in a worker thread (`ApiState.call`). The async face is opened from the sync
one's URL once that answers, so both reach the same server.

Every database call goes through `call` or `acall`, which keeps an outage from queueing requests:
finding the database down takes an engine seconds (its retries: about 1.5 s on FalkorDB, 3 s on
Neo4j, and as long for each connection attempt), and each waiting call holds one of the few
worker threads (or a pooled connection), so under load the answers came after 6 to 60 s. Once a call finds the database
down, one request at a time still tries it (a probe; /healthz is one too) and the others are
answered "not answering" at once; the first call that gets an answer ends the outage.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from api.limits import DB_CONNECTIONS, DB_TIMEOUT_S
from graphdb import AsyncGraph, BadURLError, Graph, GraphError, UnavailableError, connect, engine_of, open_async_graph
from graphdb import schema as graph_schema
from graphdb.config import Settings
from graphdb.embedded import ServerError

log = logging.getLogger(__name__)
T = TypeVar("T")


def _redacted(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class GraphUnavailable(Exception):
    """The graph could not be opened; the message says why."""


class Outage:
    """Whether the database is known to be down, and whether a probe is already trying it."""

    # After a call finds the database down, this long before a probe tries it again: the calls
    # that queued behind the failing ones answer at once rather than each probing in turn.
    PROBE_INTERVAL_S = 1.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None  # time.monotonic() when a call found it down; None: up
        self._next_probe = 0.0
        self._reason = ""
        self._probing = False

    @property
    def down(self) -> bool:
        return self._since is not None

    def mark_down(self, reason: str) -> None:
        with self._lock:
            now = time.monotonic()
            if self._since is None:
                self._since = now
                log.warning("graph database not answering: %s", reason)
            self._reason = reason
            self._next_probe = now + self.PROBE_INTERVAL_S

    def _mark_up(self) -> None:
        with self._lock:
            if self._since is not None:
                log.warning("graph database answering again after %.1f s", time.monotonic() - self._since)
            self._since = None

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Around one database call (blocking: in a worker thread). During an outage, while
        another call is probing or within PROBE_INTERVAL_S of the last failure, raises
        UnavailableError at once instead of trying."""
        with self._lock:
            probe = self._since is not None
            if probe:
                if self._probing or time.monotonic() < self._next_probe:
                    raise UnavailableError(self._reason)
                self._probing = True
        try:
            yield
        except (UnavailableError, GraphUnavailable) as exc:
            self.mark_down(str(exc))
            raise
        except GraphError:  # the database answered (it refused the query)
            self._mark_up()
            raise
        else:
            self._mark_up()
        finally:
            if probe:
                with self._lock:
                    self._probing = False


class ApiState:
    def __init__(self, settings: Settings, graph: Graph | None = None) -> None:
        self.settings = settings
        self._graph = graph
        self._owns_graph = graph is None
        self._lock = threading.Lock()
        self._agraph: AsyncGraph | None = None
        self._embedder: Any = None
        self.outage = Outage()

    @property
    def engine(self) -> str | None:
        """The engine the graph runs on (from its URL while it is not open); None for a URL
        that no engine speaks (health then says why: the URL's error)."""
        if self._graph is not None:
            return self._graph.engine
        try:
            return engine_of(self.settings.db_url)
        except BadURLError:
            return None

    def graph(self) -> Graph:
        """The open graph, opened on first use; GraphUnavailable when it cannot be (at once
        while another request is trying to, during an outage)."""
        if self._graph is not None:
            return self._graph
        try:
            with self.outage.guard():
                return self._open()
        except UnavailableError as exc:  # the outage's guard: not tried this time
            raise GraphUnavailable(str(exc)) from exc

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(graph, *args)` through the outage guard (blocking: call it in a worker thread).
        GraphUnavailable or UnavailableError when the database cannot be reached."""
        graph = self.graph()
        with self.outage.guard():
            return fn(graph, *args)

    def agraph(self) -> AsyncGraph:
        """The async face of the graph, opened on first use from the sync face's URL (opening it
        does no I/O); GraphUnavailable as `graph`."""
        if self._agraph is None:
            url = self.graph().url
            with self._lock:
                if self._agraph is None:
                    self._agraph = open_async_graph(url, timeout=DB_TIMEOUT_S, max_connections=DB_CONNECTIONS)
        return self._agraph

    @property
    def round_trips(self) -> int:
        """Queries sent through both faces (tests bound N+1 patterns with it)."""
        return (self._graph.round_trips if self._graph else 0) + (self._agraph.round_trips if self._agraph else 0)

    async def acall(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """`await fn(agraph, *args)` through the outage guard. GraphUnavailable or
        UnavailableError when the database cannot be reached."""
        graph = self.agraph()
        with self.outage.guard():
            return await fn(graph, *args)

    def _open(self) -> Graph:
        with self._lock:
            if self._graph is None:
                try:
                    graph = connect(self.settings, timeout=DB_TIMEOUT_S)
                except (GraphError, ServerError, BadURLError, OSError) as exc:
                    raise GraphUnavailable(str(exc)) from exc
                except Exception as exc:  # a client's own connection error (FalkorDB: redis.ConnectionError)
                    raise GraphUnavailable(f"cannot open {_redacted(self.settings.db_url)}: {exc}") from exc
                self._graph = self._init_schema(graph)
            return self._graph

    def _init_schema(self, graph: Graph) -> Graph:
        """graphdb.schema.init on a graph the state opened, before any request uses it (at
        start-up, or when the database first answers after being down then): the accounts
        mutations rely on the relationship types it registers (docs/accounts.md, Concurrency).
        Idempotent and quick on an initialised graph; the database going away meanwhile leaves
        the graph unopened, for the next request to try again."""
        try:
            created = graph_schema.init(graph, self.settings.embed_dim)
        except UnavailableError as exc:
            graph.close()
            raise GraphUnavailable(str(exc)) from exc
        except GraphError as exc:  # a constraint the data prevents: reported, the rest is in place
            log.warning("graph schema incomplete: %s", exc)
        else:
            if created:
                log.info("graph schema: created %s", ", ".join(f"{i.kind} {i.label}" for i in created))
        return graph

    def open(self) -> None:
        try:
            self.graph()
        except GraphUnavailable as exc:
            log.warning("graph database not available at start-up: %s", exc)

    async def aclose(self) -> None:
        """Close the async face (it belongs to the app's event loop), then the sync one."""
        if self._agraph is not None:
            await self._agraph.close()
            self._agraph = None
        await asyncio.to_thread(self.close)

    def close(self) -> None:
        if self._owns_graph and self._graph is not None:
            self._graph.close()
            self._graph = None

    def embedder(self) -> Any:
        """The sentence embedder, loaded on first use (seconds) and kept for the app's life."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    from similarity.embedder import Embedder  # heavy: torch, the model

                    self._embedder = Embedder.load()
        return self._embedder
