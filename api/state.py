"""What one app holds for its lifetime: the settings, the graph connection, the embedder.

No module globals: `create_app` builds one ApiState and keeps it in `app.state.api`.
The graph opens at start-up; when the database cannot be reached then, the app still
starts (health says 503 with the reason) and the next request tries again.
"""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from graphdb import BadURLError, Graph, GraphError, connect
from graphdb.embedded import ServerError
from scholargraph.config import Settings

log = logging.getLogger(__name__)


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


class ApiState:
    def __init__(self, settings: Settings, graph: Graph | None = None) -> None:
        self.settings = settings
        self._graph = graph
        self._owns_graph = graph is None
        self._lock = threading.Lock()
        self._embedder: Any = None

    @property
    def engine(self) -> str:
        if self._graph is not None:
            return self._graph.engine
        return "neo4j" if not self.settings.db_url.startswith(("falkordb:", "redis:")) else "falkordb"

    def graph(self) -> Graph:
        """The open graph, opened on first use; GraphUnavailable when it cannot be."""
        if self._graph is not None:
            return self._graph
        with self._lock:
            if self._graph is None:
                try:
                    self._graph = connect(self.settings)
                except (GraphError, ServerError, BadURLError, OSError) as exc:
                    raise GraphUnavailable(str(exc)) from exc
                except Exception as exc:  # a client's own connection error (FalkorDB: redis.ConnectionError)
                    raise GraphUnavailable(f"cannot open {_redacted(self.settings.db_url)}: {exc}") from exc
            return self._graph

    def open(self) -> None:
        try:
            self.graph()
        except GraphUnavailable as exc:
            log.warning("graph database not available at start-up: %s", exc)

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
