"""The coherence analysis of a batch of authors for the API: one api/author_coherence query,
asked only when a request selects a profile's trust or possibleMerge (the analysis itself is
analytics/coherence.py)."""

from __future__ import annotations

from analytics.coherence_input import NO_WORKS, MergeData, merge_data
from graphdb.aio import AsyncGraph


async def author_coherence(graph: AsyncGraph, ids: list[str]) -> dict[str, MergeData]:
    """The analysis of each author; an id no longer in the graph (deleted since its profile was
    read) gets the analysis of no works, not an error in the middle of a response."""
    rows = (await graph.query("api/author_coherence", {"ids": sorted(set(ids))})).rows
    found = {row["id"]: merge_data(row) for row in rows}
    return {i: found.get(i) or merge_data(NO_WORKS) for i in ids}
