"""The works of search hits (search.Hit), as the API serves them: each hit's full work map."""

from __future__ import annotations

from dataclasses import dataclass

from api.data.nodes import Row, works_by_ids
from graphdb.aio import AsyncGraph
from search import Hit
from search.similar import similar_works_async


@dataclass(frozen=True, slots=True)
class ScoredWork:
    score: float
    work: Row


async def scored_works(graph: AsyncGraph, hits: list[Hit], exclude: str | None = None) -> list[ScoredWork]:
    """The works of the hits, in the hits' order (a work gone since the search is left out)."""
    works = await works_by_ids(graph, [h.id for h in hits])
    return [ScoredWork(float(h.score), works[h.id]) for h in hits if h.id in works and h.id != exclude]


async def similar_works(graph: AsyncGraph, work_id: str, k: int) -> list[ScoredWork] | None:
    """The work's SIMILAR_TO neighbours, best first; None when there is no such work."""
    if work_id not in await works_by_ids(graph, [work_id]):
        return None
    return await scored_works(graph, await similar_works_async(graph, work_id, k), exclude=work_id)
