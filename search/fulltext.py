"""Full-text search over author names and work titles and abstracts: every word must match,
the last one as a prefix (graphdb.fulltext makes user text safe for either engine)."""

from __future__ import annotations

from graphdb.aio import AsyncGraph
from graphdb.fulltext import search_terms
from search.hit import Hit

KIND_ORDER = ("AUTHOR", "WORK")
# kind -> (named query, the column holding the node's map)
QUERIES = {"AUTHOR": ("api/search_authors", "author"), "WORK": ("api/search_works", "work")}


async def search(graph: AsyncGraph, text: str, kinds: list[str], first: int) -> list[Hit]:
    """The best `first` hits of the kinds asked, best first. Each engine scores relevance its
    own way, so a score is divided by the best of its kind (rounded to 4 decimals): 1.0 is the
    best match; ties go to authors before works, then to the smaller id."""
    terms = search_terms(text)
    if not terms or first == 0:
        return []
    hits: list[Hit] = []
    for kind in sorted(set(kinds), key=KIND_ORDER.index):
        query, column = QUERIES[kind]
        rows = (await graph.query(query, {"terms": terms, "k": first})).rows
        best = max((r["score"] for r in rows), default=0) or 1.0
        hits += [Hit(kind, r[column]["id"], round(r["score"] / best, 4), r[column]) for r in rows]
    hits.sort(key=lambda h: (-h.score, KIND_ORDER.index(h.kind), h.id))
    return hits[:first]
