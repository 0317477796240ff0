"""Full-text search over works and authors, and the embedding-based work searches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.data.nodes import works_by_ids
from graphdb import Graph
from graphdb.fulltext import search_terms

Row = dict[str, Any]
KIND_ORDER = ("AUTHOR", "WORK")


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # AUTHOR | WORK
    score: float  # the engine's relevance divided by the best of its kind: 1.0 is the best match
    node: Row


def search(graph: Graph, text: str, kinds: list[str], first: int) -> list[Hit]:
    terms = search_terms(text)
    if not terms or first == 0:
        return []
    hits: list[Hit] = []
    for kind in sorted(set(kinds), key=KIND_ORDER.index):
        query, column = ("api/search_authors", "author") if kind == "AUTHOR" else ("api/search_works", "work")
        rows = graph.query(query, {"terms": terms, "k": first}).rows
        best = max((r["score"] for r in rows), default=0) or 1.0
        hits += [Hit(kind, round(r["score"] / best, 4), r[column]) for r in rows]
    hits.sort(key=lambda h: (-h.score, KIND_ORDER.index(h.kind), h.node["id"]))
    return hits[:first]


@dataclass(frozen=True, slots=True)
class ScoredWork:
    score: float
    work: Row


def _with_works(graph: Graph, hits: list[Any], exclude: str | None = None) -> list[ScoredWork]:
    works = works_by_ids(graph, [h.id for h in hits])
    return [ScoredWork(float(h.score), works[h.id]) for h in hits if h.id in works and h.id != exclude]


def semantic_search(graph: Graph, embedder: Any, text: str, k: int) -> list[ScoredWork]:
    """Works nearest to the text (similarity.search: cosine similarity, exact titles first)."""
    from similarity.search import semantic_search as nearest

    return _with_works(graph, nearest(graph, embedder, text, k))


def similar_works(graph: Graph, work_id: str, k: int) -> list[ScoredWork] | None:
    """The work's SIMILAR_TO neighbours, best first; None when there is no such work."""
    from similarity.search import similar_works as neighbours

    if work_id not in works_by_ids(graph, [work_id]):
        return None
    return _with_works(graph, neighbours(graph, work_id, k), exclude=work_id)
