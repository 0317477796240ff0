"""Neo4j 5 through the official driver's asyncio API; the same sessions, transactions, timeouts
and errors as graphdb.neo4j_engine (which holds the shared pieces)."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import AsyncGraphDatabase
from neo4j.exceptions import DriverError, Neo4jError

from graphdb.aio import DEFAULT_TIMEOUT, AsyncGraph
from graphdb.base import Result
from graphdb.neo4j_engine import NAMED, converted, driver_options, is_schema, mapped


class AsyncNeo4jGraph(AsyncGraph):
    engine = "neo4j"
    product = "Neo4j"

    def __init__(self, uri: str, auth: tuple[str, str] | None, database: str | None = None, *,
                 timeout: float | None = DEFAULT_TIMEOUT, max_connections: int = 16) -> None:
        super().__init__(uri, timeout)
        self._database = database
        # As in Neo4jGraph: a session per query, chained by one bookmark manager so that a read
        # routed to a follower sees this process's earlier writes.
        self._bookmarks = AsyncGraphDatabase.bookmark_manager()
        self._driver = AsyncGraphDatabase.driver(uri, auth=auth, max_connection_pool_size=max_connections,
                                                 **driver_options())

    async def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Result:
        async def work(tx: neo4j.AsyncManagedTransaction) -> Result:
            res = await tx.run(cypher, params)
            records = [record async for record in res]
            return converted(list(res.keys()), records, (await res.consume()).counters)

        try:
            async with self._driver.session(database=self._database, bookmark_manager=self._bookmarks,
                                            **(NAMED if named else {})) as session:
                if read_only:
                    return await session.execute_read(work)
                if is_schema(cypher):
                    # Schema commands cannot run inside a managed transaction with data writes.
                    await (await session.run(cypher, params)).consume()
                    return Result([], [])
                return await session.execute_write(work)
        except (Neo4jError, DriverError) as exc:
            raise mapped(exc, self.address) from exc

    def _is_transient(self, exc: Exception) -> bool:
        return False  # execute_read/execute_write already retry transient failures

    async def close(self) -> None:
        await self._driver.close()
