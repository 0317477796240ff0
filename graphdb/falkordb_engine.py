"""FalkorDB over the Redis protocol (never Bolt: its Bolt port crashed on large UNWINDs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import falkordb
import redis
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath
from falkordb.query_result import QueryResult

from graphdb.base import ConstraintError, Graph, GraphError, Idle, ReadOnlyError, Result, Stats, UnavailableError
from graphdb.falkordb_busy import BUSY_WAIT_S, is_busy, until_not_busy
from graphdb.falkordb_params import falkordb_params
from graphdb.falkordb_result import decode, stats_of

# Query texts whose parameters' map keys the encoder remembers (bounded: cleared when full).
PARAM_KEY_CACHE = 1024

QUERY, RO_QUERY = "GRAPH.QUERY", "GRAPH.RO_QUERY"

_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Engine values to plain Python: nodes and edges become property maps."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Node):
        return {"_labels": list(value.labels or []), **{k: plain(v) for k, v in value.properties.items()}}
    if isinstance(value, Edge):
        return {"_type": value.relation, **{k: plain(v) for k, v in value.properties.items()}}
    if isinstance(value, FPath):
        return {"nodes": [plain(n) for n in value.nodes()], "relationships": [plain(e) for e in value.edges()]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        # Vectors and id lists are long lists of scalars: returned as they are, not walked.
        if all(type(v) in _SCALARS for v in value):
            return value
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def bind(cypher: str, params: dict[str, Any], keys: dict[str, dict[str, set[bytes]]]) -> str:
    """The query text with its parameters bound (`CYPHER …` prefix), by our encoder: the
    client's own is pure Python and slow on big rows. `keys` (query text -> parameter -> map
    keys) is a connection's cache of each query's map keys, learnt here."""
    if not params:
        return cypher
    if len(keys) >= PARAM_KEY_CACHE:
        keys.clear()
    return falkordb_params(params, keys.setdefault(cypher, {})) + cypher


def converted(res: Any) -> Result:
    """A client's query result (sync or asyncio: the same attributes) as a Result."""
    columns = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
    rows = [dict(zip(columns, (plain(v) for v in row), strict=True)) for row in res.result_set]
    stats = Stats(
        nodes_created=int(res.nodes_created),
        nodes_deleted=int(res.nodes_deleted),
        relationships_created=int(res.relationships_created),
        relationships_deleted=int(res.relationships_deleted),
        properties_set=int(res.properties_set),
    )
    return Result(columns, rows, stats)


def unavailable(address: str, exc: Exception) -> UnavailableError:
    return UnavailableError(f"FalkorDB at {address} is not answering: {exc}")


def is_empty_key(exc: redis.ResponseError) -> bool:
    """A read-only query on a graph that was never written: it does not exist yet, and
    read-only queries refuse to create it; an empty graph is what the caller means."""
    return "empty key" in str(exc)


def is_transient(exc: Exception) -> bool:
    return isinstance(exc, UnavailableError | redis.BusyLoadingError)


class FalkorGraph(Graph):
    engine = "falkordb"

    def __init__(self, host: str, port: int, graph: str, password: str | None = None, *,
                 timeout: float | None = None) -> None:
        """`timeout`: seconds a call may wait for the server's reply (None: no limit, for
        loads whose batches take long); past it, UnavailableError."""
        super().__init__()
        self.name = graph  # the graph's key on the server
        self.address = f"{host}:{port}/{graph}"
        # With a timeout, no retries inside redis-py (its default: 3 more waits of `timeout`);
        # Graph retries transient failures itself.
        limits = {} if timeout is None else {"socket_timeout": timeout, "retry": None}
        try:  # the client talks to the server as it starts (it asks for the server's version)
            self._db = falkordb.FalkorDB(host=host, port=port, password=password, **limits)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise self._unavailable(exc) from exc
        self._graph = self._db.select_graph(graph)
        self._param_keys: dict[str, dict[str, set[bytes]]] = {}  # query text -> parameter -> map keys

    @property
    def redis(self) -> redis.Redis:
        """The raw connection, for FalkorDB commands that are not Cypher (constraints)."""
        return self._db.connection

    def forget_names(self) -> None:
        """The client caches the graph's label and property names by position; after the graph
        was deleted and rebuilt under it (a bulk load), that cache is stale."""
        self._graph.schema.clear()

    def _bind(self, cypher: str, params: dict[str, Any]) -> str:
        return bind(cypher, params, self._param_keys)

    def _unavailable(self, exc: Exception) -> UnavailableError:
        return unavailable(self.address, exc)

    def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Result:
        reply = self._reply((RO_QUERY if read_only else QUERY, self.name, self._bind(cypher, params), "--compact"))
        try:
            result = decode(reply)
        except redis.ResponseError as exc:
            raise refused(exc) from exc
        return result if result is not None else converted(QueryResult(self._graph, reply))

    def _reply(self, command: tuple[str, ...]) -> Any:
        """The server's reply to one command, sent again while it is refused as busy."""
        try:
            return until_not_busy(lambda: self._send(command))
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise self._unavailable(exc) from exc
        except redis.ResponseError as exc:
            raise refused(exc) from exc

    def _send(self, command: tuple[str, ...]) -> Any:
        try:
            return self._graph.execute_command(*command)
        except redis.ResponseError as exc:
            if not is_empty_key(exc):
                raise
            self._graph.query("RETURN 1")  # creates the graph
            return self._graph.execute_command(*command)

    def write_pipeline(self) -> WritePipeline:
        return WritePipeline(self)

    def list_constraints(self) -> list[dict[str, Any]]:
        self.round_trips += 1
        return self._graph.list_constraints()

    def create_unique_constraint(self, label: str, prop: str) -> None:
        """FalkorDB's unique constraints are a Redis command (GRAPH.CONSTRAINT), not Cypher."""
        self.round_trips += 1
        try:
            self._graph.create_node_unique_constraint(label, prop)
        except redis.ResponseError as exc:
            if "already exists" not in str(exc):
                raise GraphError(str(exc)) from exc

    def drop_unique_constraint(self, label: str, prop: str) -> None:
        self.round_trips += 1
        self._graph.drop_node_unique_constraint(label, prop)

    def checkpoint(self) -> None:
        """Fold the server's append-only log (every write query since the last rewrite) into
        an RDB snapshot, BGREWRITEAOF, and wait until it is written: a restart then loads the
        snapshot instead of replaying the queries. Nothing to do on a server that keeps no
        append-only file; a server that refuses the command (a managed one) is left alone."""
        from graphdb.embedded import rewrite_aof

        self.round_trips += 1
        try:
            rewrite_aof(self.redis)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise self._unavailable(exc) from exc
        except redis.ResponseError:
            pass

    def _is_transient(self, exc: Exception) -> bool:
        return is_transient(exc)

    def close(self) -> None:
        self._db.connection.close()


def refused(exc: redis.ResponseError) -> GraphError:
    """The engine's refusal of a query as this package's error."""
    message = str(exc)
    if is_busy(exc):
        # not UnavailableError: the wait is over, a retry of the whole wait would be too long
        return GraphError(f"FalkorDB stayed busy for {BUSY_WAIT_S:g} s ({message}); try again later")
    if "unique constraint violation" in message:
        return ConstraintError(message)
    if "only on read-only queries" in message:
        return ReadOnlyError("refused: this query writes to the graph; run it with --write to allow writes")
    return GraphError(message.replace("errMsg: ", ""))


def _refused_in_flight(exc: redis.ResponseError) -> GraphError:
    """A pipelined write refused as busy that cannot be sent again (see WritePipeline.replies)."""
    return GraphError(f"FalkorDB refused a write as busy ({exc}) while others were in flight, and took one sent "
                      "after it; that write did not run: run the load again (loads are idempotent)")


class WritePipeline:
    """Named write queries sent on one connection without waiting for their replies, which
    `replies` reads later. The server runs a connection's commands one after the other, so
    the graph goes through the same states as when each write waits; the sender prepares
    its next query while the engine runs this one (the loader's background writer)."""

    def __init__(self, graph: FalkorGraph) -> None:
        self._graph = graph
        self._conn: Any = None
        self._sent: list[tuple[str, str]] = []  # (name, query text) of the writes whose replies are not read yet

    @property
    def pending(self) -> list[str]:
        return [name for name, _ in self._sent]

    def send(self, name: str, params: dict[str, Any]) -> None:
        text = self._graph._bind(self._graph.named(name).text, params)
        if self._conn is None:
            self._conn = self._graph.redis.connection_pool.get_connection()
        try:
            self._conn.send_command(QUERY, self._graph.name, text, "--compact")
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise self._graph._unavailable(exc) from exc
        self._graph.round_trips += 1
        self._sent.append((name, text))

    def _answered(self) -> bool:
        """Whether the server has begun the next reply (a poll of the socket, no waiting)."""
        return bool(self._conn.can_read(timeout=0))

    def replies(self, idle: Idle | None = None) -> Iterator[tuple[str, Stats]]:
        """(name, statistics) of each pending write, in order; the first error is raised once
        every reply is read, so the connection stays in step. `idle(ready)` runs before each
        reply is read, until `ready()` says the reply has come (PipelinedWrites.replies).

        A write refused with BUSY did not run. When every write after it was refused too (the
        server is busy for a while: seconds, against microseconds between pipelined writes),
        none of them ran, so they are sent again in order once the server takes them, and the
        graph goes through the same states. When a later write ran, sending the refused one
        again would change the order: that is an error."""
        error: GraphError | None = None
        pending = list(self._sent)  # each leaves _sent once its reply is read
        busy: tuple[int, redis.ResponseError] | None = None  # the first refusal as busy, while all after it are too
        for i, (name, _) in enumerate(pending):
            try:
                if idle is not None:
                    idle(self._answered)
                reply = self._conn.read_response()
            except redis.ResponseError as exc:
                reply = exc
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                self._conn.disconnect()
                self._sent = []  # a new connection: no reply is coming on it
                raise self._graph._unavailable(exc) from exc
            del self._sent[0]
            if error is None and busy is not None and not is_busy(reply):  # taken after a refused write
                error, busy = _refused_in_flight(busy[1]), None
            if isinstance(reply, redis.ResponseError):
                if error is None and is_busy(reply):
                    busy = busy or (i, reply)
                else:
                    error = error or refused(reply)
                continue
            yield name, stats_of(reply[-1])
        if error is None and busy is not None:
            for name, text in pending[busy[0]:]:
                self._graph.round_trips += 1
                yield name, stats_of(self._graph._reply((QUERY, self._graph.name, text, "--compact"))[-1])
        if error is not None:
            raise error

    def close(self) -> None:
        if self._conn is not None:
            if self._sent:  # replies still to come (a `replies` cut short): the next user would read them
                self._conn.disconnect()
            self._graph.redis.connection_pool.release(self._conn)
            self._conn = None
