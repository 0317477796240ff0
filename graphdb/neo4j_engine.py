"""Neo4j 5 through the official driver; the driver's managed transactions retry."""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable
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

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        super().__init__()
        self.address = uri
        self._database = database
        self._driver = GraphDatabase.driver(uri, auth=(user, password))

    def _execute(self, cypher: str, params: dict[str, Any], read_only: bool) -> Result:
        def work(tx: neo4j.ManagedTransaction) -> Result:
            res = tx.run(cypher, params)
            records = list(res)
            counters = res.consume().counters
            columns = list(res.keys())
            rows = [{k: plain(rec[k]) for k in columns} for rec in records]
            stats = Stats(
                nodes_created=counters.nodes_created,
                nodes_deleted=counters.nodes_deleted,
                relationships_created=counters.relationships_created,
                relationships_deleted=counters.relationships_deleted,
                properties_set=counters.properties_set,
            )
            return Result(columns, rows, stats)

        try:
            with self._driver.session(database=self._database) as session:
                if read_only:
                    return session.execute_read(work)
                if _is_schema(cypher):
                    # Schema commands cannot run inside a managed transaction with data writes.
                    session.run(cypher, params).consume()
                    return Result([], [])
                return session.execute_write(work)
        except ServiceUnavailable as exc:
            raise UnavailableError(f"Neo4j at {self.address} is not answering: {exc}") from exc
        except Neo4jConstraintError as exc:
            raise ConstraintError(exc.message or str(exc)) from exc
        except ClientError as exc:
            if exc.code and "AccessMode" in exc.code:
                raise ReadOnlyError(
                    "refused: this query writes to the graph; run it with --write to allow writes"
                ) from exc
            raise GraphError(exc.message or str(exc)) from exc
        except Neo4jError as exc:
            raise GraphError(exc.message or str(exc)) from exc

    def _is_transient(self, exc: Exception) -> bool:
        return False  # execute_read/execute_write already retry transient failures

    def close(self) -> None:
        self._driver.close()


def _is_schema(cypher: str) -> bool:
    head = cypher.lstrip().split(None, 2)[:2]
    return len(head) == 2 and head[0].upper() in {"CREATE", "DROP"} and head[1].upper() in {
        "CONSTRAINT", "INDEX", "VECTOR", "FULLTEXT", "RANGE", "TEXT", "POINT", "LOOKUP",
    }
