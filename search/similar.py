"""A work's similar works: its SIMILAR_TO neighbours (`scholargraph link-similar` writes them)."""

from __future__ import annotations

from graphdb import Graph
from graphdb.aio import AsyncGraph
from search.hit import Hit
from search.semantic import work_hit


def similar_works(graph: Graph, work_id: str, k: int = 10) -> list[Hit]:
    """The work's k most similar works, most similar first; [] for a work without any, or no work."""
    return [work_hit(r) for r in graph.query("similar/similar_works", {"id": work_id, "k": k}).rows]


async def similar_works_async(graph: AsyncGraph, work_id: str, k: int = 10) -> list[Hit]:
    """similar_works on the graph's async face (the API's)."""
    return [work_hit(r) for r in (await graph.query("similar/similar_works", {"id": work_id, "k": k})).rows]
