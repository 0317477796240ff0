"""FalkorDB over the Redis protocol, asyncio face: the falkordb package's asyncio client on a
bounded pool of connections. Binding, results and errors are graphdb.falkordb_engine's."""

from __future__ import annotations

import asyncio
from typing import Any

import redis
import redis.asyncio
from falkordb.asyncio import FalkorDB
from falkordb.asyncio.graph import AsyncGraph as FalkorAsyncGraph
from falkordb.asyncio.query_result import QueryResult

from graphdb.aio import DEFAULT_TIMEOUT, AsyncGraph
from graphdb.base import Result
from graphdb.falkordb_busy import until_not_busy_async
from graphdb.falkordb_engine import QUERY, RO_QUERY, bind, converted, is_empty_key, is_transient, refused, unavailable
from graphdb.falkordb_result import decode

CONNECT_TIMEOUT = 2.0  # seconds to open a TCP connection: a refused one fails at once anyway


class AsyncFalkorGraph(AsyncGraph):
    engine = "falkordb"
    product = "FalkorDB"

    def __init__(self, host: str, port: int, graph: str, password: str | None = None, *,
                 timeout: float | None = DEFAULT_TIMEOUT, max_connections: int = 16) -> None:
        super().__init__(f"{host}:{port}/{graph}", timeout)
        self._name = graph
        # A query past `timeout` is cancelled (its connection dropped) by AsyncGraph; the socket
        # timeout is a backstop a little later, for the client's cluster probe, which is
        # synchronous and so out of reach of the cancellation (see _connected).
        backstop = None if timeout is None else timeout + 1.0
        # Blocking: a burst of requests waits for a free connection (within the call's timeout)
        # instead of opening a connection each.
        self._pool = redis.asyncio.BlockingConnectionPool(
            host=host, port=port, password=password, max_connections=max_connections,
            timeout=None, socket_timeout=backstop,
            socket_connect_timeout=CONNECT_TIMEOUT if backstop is None else min(CONNECT_TIMEOUT, backstop),
            decode_responses=True,  # as the falkordb client's own connections: it parses str
            # No retries inside redis-py: AsyncGraph retries transient failures itself. Left
            # unset, the cluster probe (which copies these arguments) would take redis-py's
            # default, 3 retries with 1-10 s backoff: seconds before a refused connection fails.
            retry=None,
        )
        self._db: FalkorDB | None = None
        self._graph: FalkorAsyncGraph | None = None
        self._opening = asyncio.Lock()
        self._param_keys: dict[str, dict[str, set[bytes]]] = {}  # query text -> parameter -> map keys

    async def _connected(self) -> FalkorAsyncGraph:
        """The client's graph, made on first use. falkordb.asyncio.FalkorDB asks the server
        whether it is a cluster as it starts, with a synchronous Redis call: run in a worker
        thread, so that the event loop never waits on it."""
        if self._graph is None:
            async with self._opening:
                if self._graph is None:
                    try:
                        db = await asyncio.to_thread(FalkorDB, connection_pool=self._pool)
                    except (redis.ConnectionError, redis.TimeoutError) as exc:
                        raise unavailable(self.address, exc) from exc
                    self._db = db
                    self._graph = db.select_graph(self._name)
        return self._graph

    async def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Result:
        graph = await self._connected()
        command = (RO_QUERY if read_only else QUERY, self._name, bind(cypher, params, self._param_keys), "--compact")
        try:
            reply = await until_not_busy_async(lambda: _send(graph, command))
            result = decode(reply)
            if result is None:  # nodes, edges or temporal values: the client's parser knows their names
                parsed = QueryResult(graph)
                await parsed.parse(reply)
                result = converted(parsed)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise unavailable(self.address, exc) from exc
        except redis.ResponseError as exc:
            raise refused(exc) from exc
        return result

    def _is_transient(self, exc: Exception) -> bool:
        return is_transient(exc)

    async def close(self) -> None:
        if self._db is not None:
            await self._db.connection.aclose()
        await self._pool.disconnect()


async def _send(graph: FalkorAsyncGraph, command: tuple[str, ...]) -> Any:
    try:
        return await graph.execute_command(*command)
    except redis.ResponseError as exc:
        if not is_empty_key(exc):
            raise
        await graph.query("RETURN 1")  # creates the graph
        return await graph.execute_command(*command)
