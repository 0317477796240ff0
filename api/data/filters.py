"""Filtered pages and facet counts of the works and authors lists (Author.works, Topic.works,
Institution.authors), batched over many parents as api.data.pages does.

`WorkFilter` is the filter as the queries take it: one hashable value (a DataLoader key part),
validated when built; `params()` gives the named queries' parameters, null meaning "no
condition". Every api/*_filtered and api/*_facets query applies the same WHERE block to each
work (tests/test_api_filters.py checks that the files hold it unchanged).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from api.data.pages import Page
from api.errors import ArgumentError
from api.limits import MAX_FILTER_IDS, bounded
from graphdb.aio import AsyncGraph

GROUPS = ("TYPE", "YEAR", "TOPIC", "INSTITUTION", "SOURCE")


@dataclass(frozen=True, slots=True)
class WorkFilter:
    """Conditions on a work, all of which must hold; None: no condition. A list holds when any
    of its values does (types: the work's type is one of them; topics: one of the work's topics
    is one of them or under one; institutions: one of its authors was affiliated with one in the
    work's year; sources: it was published in one)."""

    year_from: int | None = None
    year_to: int | None = None
    types: tuple[str, ...] | None = None
    topics: tuple[str, ...] | None = None
    institutions: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    has_code: bool | None = None
    has_abstract: bool | None = None
    open_access: bool | None = None  # works whose sources do not say pass neither value

    def __post_init__(self) -> None:
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise ArgumentError(f"filter: yearFrom ({self.year_from}) is after yearTo ({self.year_to})")
        for name, values in (("types", self.types), ("topics", self.topics),
                             ("institutions", self.institutions), ("sources", self.sources)):
            if values is None:
                continue
            if not values:  # an empty list would match nothing: a client's mistake more likely than a wish
                raise ArgumentError(f"filter.{name}: give at least one value, or leave it out")
            bounded(len(values), f"filter.{name}", MAX_FILTER_IDS)

    @property
    def empty(self) -> bool:
        return self == _NO_FILTER

    def fingerprint(self) -> str:
        """Stable across processes: the cursors of a filtered list carry it (api.pagination)."""
        text = json.dumps(self.params(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def params(self) -> dict[str, Any]:
        def listed(values: tuple[str, ...] | None) -> list[str] | None:
            return sorted(set(values)) if values is not None else None

        return {"year_from": self.year_from, "year_to": self.year_to, "types": listed(self.types),
                "topics": listed(self.topics), "institutions": listed(self.institutions),
                "sources": listed(self.sources), "has_code": self.has_code, "has_abstract": self.has_abstract,
                "open_access": self.open_access}


_NO_FILTER = WorkFilter()


@dataclass(frozen=True, slots=True)
class Facets:
    """One list's counts by one property: `groups` the first few (key, name, count), most first."""

    total: int
    unknown: int
    group_count: int
    groups: list[dict[str, Any]] = field(default_factory=list)


async def _pages(graph: AsyncGraph, query: str, column: str, ids: list[str], skip: int, limit: int,
                 flt: WorkFilter, **params: Any) -> dict[str, Page]:
    rows = (await graph.query(query, {"ids": sorted(set(ids)), "skip": skip, "limit": limit,
                                      **flt.params(), **params})).rows
    found = {row["id"]: Page(row["total"], skip, row[column]) for row in rows}
    return {i: found.get(i, Page(0, skip)) for i in ids}


async def author_works(graph: AsyncGraph, ids: list[str], order: str, skip: int, limit: int,
                       flt: WorkFilter) -> dict[str, Page]:
    return await _pages(graph, "api/author_works_filtered", "works", ids, skip, limit, flt, order=order)


async def topic_works(graph: AsyncGraph, ids: list[str], skip: int, limit: int, flt: WorkFilter) -> dict[str, Page]:
    return await _pages(graph, "api/topic_works_filtered", "works", ids, skip, limit, flt)


async def institution_authors(graph: AsyncGraph, ids: list[str], skip: int, limit: int,
                              flt: WorkFilter) -> dict[str, Page]:
    return await _pages(graph, "api/institution_authors_filtered", "authors", ids, skip, limit, flt)


# The list a connection holds -> the query counting it (every one takes the filter's parameters).
FACET_QUERIES = {"AUTHOR_WORKS": "api/author_works_facets", "TOPIC_WORKS": "api/topic_works_facets",
                 "INSTITUTION_AUTHORS": "api/institution_authors_facets",
                 "WORK_REFERENCES": "api/work_references_facets", "WORK_CITED_BY": "api/work_cited_by_facets"}


async def facets(graph: AsyncGraph, ids: list[str], scope: str, group: str, limit: int,
                 flt: WorkFilter) -> dict[str, Facets]:
    """Per parent id, its list's counts by `group` (one of GROUPS); `scope` names the list (a
    key of FACET_QUERIES)."""
    params: dict[str, Any] = {"ids": sorted(set(ids)), "group": group, "limit": limit, **flt.params()}
    if scope == "INSTITUTION_AUTHORS":  # without a filter, every affiliated author (as the list shows)
        params["filtered"] = not flt.empty
    rows = (await graph.query(FACET_QUERIES[scope], params)).rows
    found = {row["id"]: Facets(int(row["total"]), int(row["unknown"]), int(row["group_count"]), row["groups"])
             for row in rows}
    return {i: found.get(i, Facets(0, 0, 0)) for i in ids}
