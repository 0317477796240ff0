"""Pick the engine from a URL; the only place that constructs an engine client."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from graphdb.base import Graph, UnavailableError
from scholargraph.config import Settings

NEO4J_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


class BadURLError(ValueError):
    pass


def open_graph(url: str) -> Graph:
    """`falkordb://HOST:PORT/GRAPH` or `bolt://`, `neo4j://`, `neo4j+s://` (user, password
    from the URL or NEO4J_USER / NEO4J_PASSWORD, none for a server with authentication off
    such as `scholargraph db start --engine neo4j`; an optional /DATABASE path)."""
    graph = _open(url)
    graph.url = url
    return graph


def _open(url: str) -> Graph:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"falkordb", "redis"}:
        from graphdb.falkordb_engine import FalkorGraph

        graph = parts.path.strip("/") or "scholar"
        return FalkorGraph(parts.hostname or "127.0.0.1", parts.port or 6379, graph,
                           password=unquote(parts.password) if parts.password else None)
    if scheme in NEO4J_SCHEMES:
        from graphdb.neo4j_engine import Neo4jGraph

        user = unquote(parts.username) if parts.username else os.environ.get("NEO4J_USER", "neo4j")
        password = unquote(parts.password) if parts.password else os.environ.get("NEO4J_PASSWORD")
        host = parts.hostname or "localhost"
        if ":" in host:  # an IPv6 literal keeps its brackets
            host = f"[{host}]"
        uri = f"{scheme}://{host}:{parts.port or 7687}"
        return Neo4jGraph(uri, (user, password) if password else None, database=parts.path.strip("/") or None)
    raise BadURLError(
        f"unsupported database URL {url!r}: use falkordb://HOST:PORT/GRAPH, bolt://, neo4j:// or neo4j+s://"
    )


def connect(settings: Settings | None = None, *, autostart: bool = True,
            progress: Callable[[str], None] | None = None) -> Graph:
    """Open the configured graph, starting the embedded server first when the URL is
    the embedded default and none runs (`progress` gets its loading lines)."""
    settings = settings or Settings.from_env()
    if settings.embedded and autostart:
        from graphdb import embedded

        port = urlsplit(settings.db_url).port or 6390
        embedded.start(settings.data_dir, port, progress=progress)
    graph = open_graph(settings.db_url)
    try:
        graph.read("RETURN 1")
    except UnavailableError:
        graph.close()
        raise
    return graph
