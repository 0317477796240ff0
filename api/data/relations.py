"""Short per-node lists that need no paging (a work's topics and source, a topic's
subtopics, an author's top topics), batched over many nodes."""

from __future__ import annotations

from typing import Any

from graphdb.aio import AsyncGraph

Row = dict[str, Any]


async def work_topics(graph: AsyncGraph, ids: list[str]) -> dict[str, list[Row]]:
    rows = (await graph.query("api/work_topics", {"ids": sorted(set(ids))})).rows
    found = {row["id"]: row["topics"] for row in rows}
    return {i: found.get(i, []) for i in ids}


async def work_sources(graph: AsyncGraph, ids: list[str]) -> dict[str, Row | None]:
    rows = (await graph.query("api/work_sources", {"ids": sorted(set(ids))})).rows
    found = {row["id"]: row["source"] for row in rows}
    return {i: found.get(i) for i in ids}


async def topic_children(graph: AsyncGraph, ids: list[str]) -> dict[str, list[Row]]:
    rows = (await graph.query("api/topic_children", {"ids": sorted(set(ids))})).rows
    found = {row["id"]: row["children"] for row in rows}
    return {i: found.get(i, []) for i in ids}


async def author_topics(graph: AsyncGraph, ids: list[str], limit: int) -> dict[str, tuple[int, list[Row]]]:
    """(the author's works, their top topics as {topic, works}) per author id."""
    rows = (await graph.query("api/author_topics", {"ids": sorted(set(ids)), "limit": limit})).rows
    found = {row["id"]: (row["total"], row["topics"]) for row in rows}
    return {i: found.get(i, (0, [])) for i in ids}
