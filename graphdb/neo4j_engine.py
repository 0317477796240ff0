"""Neo4j 5 through the official driver; the driver's managed transactions retry.

Reads run as read transactions and writes as write transactions, so against a cluster or Aura
(`neo4j+s://`) the driver routes reads to followers and writes to the leader.
"""

from __future__ import annotations

from typing import Any, TypedDict

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError
from neo4j.exceptions import ConstraintError as Neo4jConstraintError
from neo4j.graph import Node, Path, Relationship

from graphdb.base import ConstraintError, Graph, GraphError, ReadOnlyError, Result, Stats, UnavailableError


def plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


class Neo4jGraph(Graph):
    engine = "neo4j"

    # An outage must reach a caller in seconds (the API answers "database unavailable" within
    # 5 s), not after the driver's default 30 s of retries and 60 s of connection waits.
    CONNECTION_TIMEOUT = 2.0
    RETRY_TIME = 1.0

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None = None) -> None:
        super().__init__()
        self.address = uri
        self._database = database
        # Each query runs in a session of its own; one bookmark manager chains them, so that on
        # a cluster a read routed to a follower still sees this process's earlier writes.
        self._bookmarks = GraphDatabase.bookmark_manager()
        self._driver = GraphDatabase.driver(uri, auth=auth, **driver_options())

    def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Result:
        params = unlogged(params)

        def work(tx: neo4j.ManagedTransaction) -> Result:
            res = tx.run(cypher, params)
            records = list(res)
            return converted(list(res.keys()), records, res.consume().counters)

        try:
            with self._driver.session(database=self._database, bookmark_manager=self._bookmarks,
                                      **(NAMED if named else {})) as session:
                if read_only:
                    return session.execute_read(work)
                if is_schema(cypher):
                    # Schema commands cannot run inside a managed transaction with data writes.
                    session.run(cypher, params).consume()
                    return Result([], [])
                return session.execute_write(work)
        except (Neo4jError, DriverError) as exc:
            raise mapped(exc, self.address) from exc

    def _is_transient(self, exc: Exception) -> bool:
        return False  # execute_read/execute_write already retry transient failures

    def forget_bookmarks(self) -> None:
        """The bookmarks name transactions of the store served so far; after a new store was
        imported under the server (a bulk load), no transaction of it reaches them."""
        self._bookmarks = GraphDatabase.bookmark_manager()

    def close(self) -> None:
        self._driver.close()


class DriverOptions(TypedDict):
    """The driver keyword arguments driver_options() sets: named, so that `**` checks each."""

    connection_timeout: float
    connection_acquisition_timeout: float
    max_transaction_retry_time: float


def driver_options() -> DriverOptions:
    """The timeouts both faces' drivers run with (see Neo4jGraph.CONNECTION_TIMEOUT)."""
    return DriverOptions(
        connection_timeout=Neo4jGraph.CONNECTION_TIMEOUT,
        connection_acquisition_timeout=Neo4jGraph.CONNECTION_TIMEOUT * 2,
        max_transaction_retry_time=Neo4jGraph.RETRY_TIME,
    )


class _Unlogged(list[Any]):
    """A list parameter that the driver's debug log shows by its length."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<list of {len(self)}>"


class _UnloggedMap(dict[str, Any]):
    """A map parameter that the driver's debug log shows by its size."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<map of {len(self)}>"


def unlogged(params: dict[str, Any]) -> dict[str, Any]:
    """`params` with its lists and maps wrapped so that their repr is short; sent the same.

    The driver formats every RUN's parameters for its debug log with repr() whether debug
    logging is on or not (neo4j 6.4, io/_bolt/_bolt5.py: `" ".join(map(repr, fields))`), before
    the logger can decline. A store of 500 vectors spent 0.14 s there, more than packing and
    sending them: half the client's time in storing vectors (0.4 client CPU-s for 10k vectors
    now, 2.1 before). A batched load's rows are small beside vectors: no change measured."""
    return {k: _Unlogged(v) if type(v) is list else _UnloggedMap(v) if type(v) is dict else v
            for k, v in params.items()}


def converted(columns: list[str], records: list[neo4j.Record], counters: neo4j.SummaryCounters) -> Result:
    """One query's records and counters (from the sync or the async driver) as a Result."""
    rows = [{k: plain(rec[k]) for k in columns} for rec in records]
    stats = Stats(
        nodes_created=counters.nodes_created,
        nodes_deleted=counters.nodes_deleted,
        relationships_created=counters.relationships_created,
        relationships_deleted=counters.relationships_deleted,
        properties_set=counters.properties_set,
    )
    return Result(columns, rows, stats)


def mapped(exc: Neo4jError | DriverError, address: str) -> GraphError:
    """The driver's error (either face) as this package's error."""
    if isinstance(exc, ServiceUnavailable | SessionExpired | TransientError):
        # TransientError covers DatabaseUnavailable and a leader switch: still failing after
        # the driver's retries, the database is unavailable to this caller.
        return UnavailableError(f"Neo4j at {address} is not answering: {_message(exc)}")
    if isinstance(exc, Neo4jConstraintError):
        return ConstraintError(exc.message or str(exc))
    if isinstance(exc, ClientError):
        if exc.code and ".Security." in exc.code:
            return UnavailableError(f"Neo4j at {address} refused the credentials: {exc.message} "
                                    "(set NEO4J_USER / NEO4J_PASSWORD or put them in the URL)")
        if exc.code and "AccessMode" in exc.code:
            return ReadOnlyError("refused: this query writes to the graph; run it with --write to allow writes")
        return GraphError(exc.message or str(exc))
    if isinstance(exc, Neo4jError):
        return GraphError(exc.message or str(exc))
    return UnavailableError(f"Neo4j at {address} is not answering: {_message(exc)}")


# A named query reads optional properties that a given graph may not hold yet (`novelty` before
# link-similar ran, `code_url` where no abstract links code): Neo4j's "property key does not
# exist" warnings are noise there, on every request. The names themselves are checked statically
# (tests/test_cypher_lint.py lints every file against the graph model's labels and types). An
# analyst's own query (`scholargraph cypher`) still gets every notification.
NAMED: dict[str, Any] = {
    "notifications_disabled_classifications": [neo4j.NotificationDisabledClassification.UNRECOGNIZED],
}


def _message(exc: Exception) -> str:
    """The driver's message on one line (its connection errors span two)."""
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(text.split())


def is_schema(cypher: str) -> bool:
    head = cypher.lstrip().split(None, 2)[:2]
    return len(head) == 2 and head[0].upper() in {"CREATE", "DROP"} and head[1].upper() in {
        "CONSTRAINT", "INDEX", "VECTOR", "FULLTEXT", "RANGE", "TEXT", "POINT", "LOOKUP",
    }
