"""Graph engines behind one small interface: `connect()` then `read`, `write`, `query`."""

from graphdb.base import ConstraintError, Graph, GraphError, ReadOnlyError, Result, Stats, UnavailableError
from graphdb.connect import BadURLError, connect, open_graph

__all__ = [
    "BadURLError",
    "ConstraintError",
    "Graph",
    "GraphError",
    "ReadOnlyError",
    "Result",
    "Stats",
    "UnavailableError",
    "connect",
    "open_graph",
]
