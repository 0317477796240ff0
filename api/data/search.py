"""Full-text search over works and authors, and the embedding-based work searches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from api.data.nodes import works_by_ids
from graphdb.aio import AsyncGraph
from graphdb.fulltext import search_terms

if TYPE_CHECKING:
    from similarity.search import Hit as SimilarityHit

Row = dict[str, Any]
KIND_ORDER = ("AUTHOR", "WORK")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # AUTHOR | WORK
    score: float  # the engine's relevance divided by the best of its kind: 1.0 is the best match
    node: Row


async def search(graph: AsyncGraph, text: str, kinds: list[str], first: int) -> list[Hit]:
    terms = search_terms(text)
    if not terms or first == 0:
        return []
    hits: list[Hit] = []
    for kind in sorted(set(kinds), key=KIND_ORDER.index):
        query, column = ("api/search_authors", "author") if kind == "AUTHOR" else ("api/search_works", "work")
        rows = (await graph.query(query, {"terms": terms, "k": first})).rows
        best = max((r["score"] for r in rows), default=0) or 1.0
        hits += [Hit(kind, round(r["score"] / best, 4), r[column]) for r in rows]
    hits.sort(key=lambda h: (-h.score, KIND_ORDER.index(h.kind), h.node["id"]))
    return hits[:first]


@dataclass(frozen=True, slots=True)
class ScoredWork:
    score: float
    work: Row


async def scored_works(graph: AsyncGraph, hits: list[SimilarityHit], exclude: str | None = None) -> list[ScoredWork]:
    """The works of similarity hits (similarity.search.Hit), in the hits' order."""
    works = await works_by_ids(graph, [h.id for h in hits])
    return [ScoredWork(float(h.score), works[h.id]) for h in hits if h.id in works and h.id != exclude]


async def similar_works(graph: AsyncGraph, work_id: str, k: int) -> list[ScoredWork] | None:
    """The work's SIMILAR_TO neighbours, best first; None when there is no such work."""
    from similarity.search import similar_hits  # the similarity package is optional: its error names the extra

    if work_id not in await works_by_ids(graph, [work_id]):
        return None
    rows = (await graph.query("similar/similar_works", {"id": work_id, "k": k})).rows
    return await scored_works(graph, similar_hits(rows), exclude=work_id)
