"""Pick the engine from a URL (engine_of: the one place that reads it from the URL); the only
place that constructs an engine client."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from graphdb.aio import DEFAULT_TIMEOUT, AsyncGraph
from graphdb.base import Graph, UnavailableError
from graphdb.config import DEFAULT_GRAPH, Settings, default_port

FALKORDB_SCHEMES = {"falkordb", "redis"}
FALKORDB_PORT = 6379  # Redis's own, for a falkordb:// URL that names no port
NEO4J_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}
Engine = Literal["falkordb", "neo4j"]


class BadURLError(ValueError):
    pass


def engine_of(url: str) -> Engine:
    """The engine a database URL names, from its scheme (case-insensitive); BadURLError for
    a scheme neither engine speaks."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in FALKORDB_SCHEMES:
        return "falkordb"
    if scheme in NEO4J_SCHEMES:
        return "neo4j"
    raise BadURLError(
        f"unsupported database URL {url!r}: use falkordb://HOST:PORT/GRAPH, bolt://, neo4j:// or neo4j+s://"
    )


def open_graph(url: str, *, timeout: float | None = None) -> Graph:
    """`falkordb://HOST:PORT/GRAPH` or `bolt://`, `neo4j://`, `neo4j+s://` (user, password
    from the URL or NEO4J_USER / NEO4J_PASSWORD, none for a server with authentication off
    such as `scholargraph db start --engine neo4j`; an optional /DATABASE path).

    `timeout`: on FalkorDB, seconds a call waits for a reply before UnavailableError (None:
    no limit; the loaders' batches may take minutes). The Neo4j driver has no such read
    timeout: its connection timeout and bounded retries report a server that is down."""
    engine, args = _target(url)
    graph: Graph
    if engine == "falkordb":
        from graphdb.falkordb_engine import FalkorGraph

        graph = FalkorGraph(**args, timeout=timeout)
    else:
        from graphdb.neo4j_engine import Neo4jGraph

        graph = Neo4jGraph(**args)
    graph.url = url
    return graph


def open_async_graph(url: str, *, timeout: float | None = DEFAULT_TIMEOUT, max_connections: int = 16) -> AsyncGraph:
    """The asyncio face of `open_graph(url)` (same URLs). Every call gives up after `timeout`
    seconds (None: never) with UnavailableError; at most `max_connections` connections to the
    server. Does no I/O: an unreachable server is reported by the first call."""
    engine, args = _target(url)
    graph: AsyncGraph
    if engine == "falkordb":
        from graphdb.falkordb_async import AsyncFalkorGraph

        graph = AsyncFalkorGraph(**args, timeout=timeout, max_connections=max_connections)
    else:
        from graphdb.neo4j_async import AsyncNeo4jGraph

        graph = AsyncNeo4jGraph(**args, timeout=timeout, max_connections=max_connections)
    graph.url = url
    return graph


def _target(url: str) -> tuple[Engine, dict[str, Any]]:
    """The engine a URL names and its constructor's arguments (both faces take the same)."""
    engine = engine_of(url)
    parts = urlsplit(url)
    if engine == "falkordb":
        return engine, {
            "host": parts.hostname or "127.0.0.1", "port": parts.port or FALKORDB_PORT,
            "graph": parts.path.strip("/") or DEFAULT_GRAPH,
            "password": unquote(parts.password) if parts.password else None,
        }
    user = unquote(parts.username) if parts.username else os.environ.get("NEO4J_USER", "neo4j")
    password = unquote(parts.password) if parts.password else os.environ.get("NEO4J_PASSWORD")
    host = parts.hostname or "localhost"
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    return engine, {
        "uri": f"{parts.scheme.lower()}://{host}:{parts.port or 7687}",
        "auth": (user, password) if password else None,
        "database": parts.path.strip("/") or None,
    }


def connect(settings: Settings | None = None, *, autostart: bool = True,
            progress: Callable[[str], None] | None = None, timeout: float | None = None) -> Graph:
    """Open the configured graph, starting the embedded server first when the URL is
    the embedded default and none runs (`progress` gets its loading lines)."""
    settings = settings or Settings.from_env()
    if settings.embedded and autostart:
        # Its own module, not `from graphdb import embedded`: the package root imports this one.
        from graphdb.embedded import start as start_embedded

        port = urlsplit(settings.db_url).port or default_port(settings.data_dir)
        start_embedded(settings.data_dir, port, progress=progress)
    graph = open_graph(settings.db_url, timeout=timeout)
    try:
        graph.read("RETURN 1")
    except UnavailableError:
        graph.close()
        raise
    return graph
