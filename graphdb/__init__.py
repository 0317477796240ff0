"""Graph engines behind one small interface: `connect()` then `read`, `write`, `query`;
`open_async_graph()` gives the same interface awaited (the GraphQL API's)."""

from graphdb.aio import AsyncGraph
from graphdb.base import ConstraintError, Graph, GraphError, ReadOnlyError, Result, Stats, UnavailableError
from graphdb.connect import BadURLError, Engine, connect, engine_of, open_async_graph, open_graph

__all__ = [
    "AsyncGraph",
    "BadURLError",
    "ConstraintError",
    "Engine",
    "Graph",
    "GraphError",
    "ReadOnlyError",
    "Result",
    "Stats",
    "UnavailableError",
    "connect",
    "engine_of",
    "open_async_graph",
    "open_graph",
]
