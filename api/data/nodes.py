"""Nodes by id, batched: one query per label for any number of ids."""

from __future__ import annotations

from typing import Any

from graphdb import Graph

Row = dict[str, Any]


def _by_ids(graph: Graph, query: str, column: str, ids: list[str]) -> dict[str, Row]:
    rows = graph.query(query, {"ids": sorted(set(ids))}).rows
    return {row[column]["id"]: row[column] for row in rows}


def authors_by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return _by_ids(graph, "api/authors_by_ids", "author", ids)


def works_by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return _by_ids(graph, "api/works_by_ids", "work", ids)


def topics_by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return _by_ids(graph, "api/topics_by_ids", "topic", ids)


def institutions_by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return _by_ids(graph, "api/institutions_by_ids", "institution", ids)


def sources_by_ids(graph: Graph, ids: list[str]) -> dict[str, Row]:
    return _by_ids(graph, "api/sources_by_ids", "source", ids)


def node_kinds(graph: Graph, node_id: str) -> list[str]:
    """The kinds (AUTHOR, WORK, …) of the nodes with this id: ids are unique per label."""
    return [row["kind"] for row in graph.query("api/node_kind", {"id": node_id}).rows]
