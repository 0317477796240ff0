"""Pages of long lists (an author's works, a topic's works, …), batched over many parents.

Each query returns, per parent id, the total and one page; parents without any item get
an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphdb.aio import AsyncGraph


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)


async def _pages(graph: AsyncGraph, query: str, column: str, ids: list[str], skip: int, limit: int,
           **params: Any) -> dict[str, Page]:
    rows = (await graph.query(query, {"ids": sorted(set(ids)), "skip": skip, "limit": limit, **params})).rows
    found = {row["id"]: Page(row["total"], skip, row[column]) for row in rows}
    return {i: found.get(i, Page(0, skip)) for i in ids}


async def author_works(graph: AsyncGraph, ids: list[str], order: str, skip: int, limit: int) -> dict[str, Page]:
    return await _pages(graph, "api/author_works", "works", ids, skip, limit, order=order)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a page's selection shows of its works (api.types.lookahead): the maps the query
    returns are cut to it. Full maps are what the per-field loaders return; cut ones may only
    serve the selection they were fetched for."""

    full_authors: bool = True  # a byline author's every property, else id and display_name
    full_topics: bool = True  # a topic's every property and parent, else id and name
    abstracts: bool = True  # the works' abstracts, else null

    @property
    def full(self) -> bool:
        return self.full_authors and self.full_topics and self.abstracts


@dataclass(frozen=True, slots=True)
class WorksDetail:
    """An author's page of works with, per work, what the Work fields' own queries return:
    `bylines` as `work_authors` (the first `byline_limit` authors, total: all of them) and
    `topics` as `relations.work_topics`; each empty where the query was not asked for it, and
    the maps cut to `shape`."""

    page: Page
    byline_limit: int | None = None
    bylines: dict[str, Page] = field(default_factory=dict)
    topics: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    shape: Shape = Shape()
    author: dict[str, Any] | None = None  # the author's map (api/authors_by_ids'); None: no such author


async def author_works_detail(graph: AsyncGraph, ids: list[str], order: str, skip: int, limit: int,
                              byline_limit: int | None, topics: bool, shape: Shape) -> dict[str, WorksDetail]:
    """`author_works` and, in the same query, each listed work's first `byline_limit` authors
    (None: no bylines) and, if `topics`, its topics, and the author's own map: one round trip
    instead of four."""
    rows = (await graph.query("api/author_works_detail", {
        "ids": sorted(set(ids)), "order": order, "skip": skip, "limit": limit,
        "bylines": byline_limit is not None, "authors": byline_limit or 0, "topics": topics,
        "full_authors": shape.full_authors, "full_topics": shape.full_topics, "abstracts": shape.abstracts})).rows
    found: dict[str, WorksDetail] = {}
    for row in rows:
        works = row["works"]
        found[row["id"]] = WorksDetail(
            page=Page(row["total"], skip, [w["work"] for w in works]),
            byline_limit=byline_limit,
            bylines={w["work"]["id"]: Page(w["author_total"], 0, w["authors"]) for w in works}
            if byline_limit is not None else {},
            topics={w["work"]["id"]: w["topics"] for w in works} if topics else {},
            shape=shape, author=row["author"])
    return {i: found.get(i, WorksDetail(Page(0, skip), byline_limit, shape=shape)) for i in ids}


async def topic_works(graph: AsyncGraph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return await _pages(graph, "api/topic_works", "works", ids, skip, limit)


async def institution_authors(graph: AsyncGraph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return await _pages(graph, "api/institution_authors", "authors", ids, skip, limit)


async def work_references(graph: AsyncGraph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return await _pages(graph, "api/work_references", "works", ids, skip, limit)


async def work_cited_by(graph: AsyncGraph, ids: list[str], skip: int, limit: int) -> dict[str, Page]:
    return await _pages(graph, "api/work_cited_by", "works", ids, skip, limit)


async def work_authors(graph: AsyncGraph, ids: list[str], limit: int) -> dict[str, Page]:
    """Byline pages: {author, position, order, corresponding} items."""
    rows = (await graph.query("api/work_authors", {"ids": sorted(set(ids)), "limit": limit})).rows
    found = {row["id"]: Page(row["total"], 0, row["authors"]) for row in rows}
    return {i: found.get(i, Page(0, 0)) for i in ids}
