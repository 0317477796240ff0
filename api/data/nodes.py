"""Nodes by id, batched: one query per label for any number of ids."""

from __future__ import annotations

from typing import Any

from graphdb.aio import AsyncGraph

Row = dict[str, Any]


async def _by_ids(graph: AsyncGraph, query: str, column: str, ids: list[str]) -> dict[str, Row]:
    rows = (await graph.query(query, {"ids": sorted(set(ids))})).rows
    # `key`: the id asked for, which differs from the node's own for an OpenAlex id merged into it
    return {row.get("key") or row[column]["id"]: row[column] for row in rows}


async def authors_by_ids(graph: AsyncGraph, ids: list[str]) -> dict[str, Row]:
    return await _by_ids(graph, "api/authors_by_ids", "author", ids)


async def works_by_ids(graph: AsyncGraph, ids: list[str]) -> dict[str, Row]:
    return await _by_ids(graph, "api/works_by_ids", "work", ids)


async def topics_by_ids(graph: AsyncGraph, ids: list[str]) -> dict[str, Row]:
    return await _by_ids(graph, "api/topics_by_ids", "topic", ids)


async def institutions_by_ids(graph: AsyncGraph, ids: list[str]) -> dict[str, Row]:
    return await _by_ids(graph, "api/institutions_by_ids", "institution", ids)


async def sources_by_ids(graph: AsyncGraph, ids: list[str]) -> dict[str, Row]:
    return await _by_ids(graph, "api/sources_by_ids", "source", ids)


async def node_kinds(graph: AsyncGraph, node_id: str) -> list[str]:
    """The kinds (AUTHOR, WORK, …) of the nodes with this id: ids are unique per label."""
    return [row["kind"] for row in (await graph.query("api/node_kind", {"id": node_id})).rows]


async def most_connected_authors(graph: AsyncGraph, limit: int) -> list[Row]:
    """The authors with the most coauthors, most first (ties by id)."""
    return [row["author"] for row in (await graph.query("api/most_connected_authors", {"limit": limit})).rows]
