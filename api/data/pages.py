"""Pages of long lists (an author's works, a topic's works, …), batched over many parents.

Each query returns, per parent id, the total and one page; parents without any item get
an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphdb import Graph


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)


def _pages(graph: Graph, query: str, column: str, ids: list[str], skip: int, limit: int,
           **params: Any) -> dict[str, Page]:
    rows = graph.query(query, {"ids": sorted(set(ids)), "skip": skip, "limit": limit, **params}).rows
    found = {row["id"]: Page(row["total"], skip, row[column]) for row in rows}
    return {i: found.get(i, Page(0, skip)) for i in ids}


def author_works(graph: Graph, ids: list[str], order: str, skip: int, limit: int) -> dict[str, Page]:
    return _pages(graph, "api/author_works", "works", ids, skip, limit, order=order)


def topic_works(graph: Graph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return _pages(graph, "api/topic_works", "works", ids, skip, limit)


def institution_authors(graph: Graph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return _pages(graph, "api/institution_authors", "authors", ids, skip, limit)


def work_references(graph: Graph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return _pages(graph, "api/work_references", "works", ids, skip, limit)


def work_cited_by(graph: Graph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return _pages(graph, "api/work_cited_by", "works", ids, skip, limit)


def work_authors(graph: Graph, ids: list[str], limit: int) -> dict[str, Page]:
    """Byline pages: {author, position, order, corresponding} items."""
    rows = graph.query("api/work_authors", {"ids": sorted(set(ids)), "limit": limit}).rows
    found = {row["id"]: Page(row["total"], 0, row["authors"]) for row in rows}
    return {i: found.get(i, Page(0, 0)) for i in ids}
