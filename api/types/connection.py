"""Relay-style cursor connections: edges { cursor node }, pageInfo (strawberry.relay's, shared with
the accounts types), totalCount, and the list's facet counts (api.types.filters)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

from api.context import Info
from api.data.filters import WorkFilter as FilterData
from api.data.pages import Page
from api.limits import MAX_FIRST, page_size
from api.pagination import encode_cursor
from api.types.filters import FACETS_FIRST, FacetGroupBy, Facets

T = TypeVar("T")

# The paging arguments of every connection field (the default `first` is each field's own).
First = Annotated[int, strawberry.argument(
    description=f"How many items to return, 0-{MAX_FIRST} (more is a LIMIT_EXCEEDED error).")]
After = Annotated[str | None, strawberry.argument(
    description="Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` of this list); "
                "null: from the first item.")]
FacetsFirst = Annotated[int, strawberry.argument(description=f"How many groups to list, 0-{MAX_FIRST}.")]
GroupBy = Annotated[FacetGroupBy, strawberry.argument(description="The property to count the items by.")]


@dataclass(frozen=True, slots=True)
class ListScope:
    """Which list a connection pages through: its parent, the list (a key of
    api.data.filters.FACET_QUERIES) and its filter (None: unfiltered)."""

    parent_id: str
    kind: str
    filter: FilterData | None = None

    @property
    def cursor_scope(self) -> str | None:
        return self.filter.fingerprint() if self.filter is not None else None


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="The item's position in the list (opaque): pass it as `after` "
                                               "for the items that follow.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="One page of a longer list (a Relay cursor connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items, in the list's order.")
    page_info: PageInfo = strawberry.field(description="Whether there are items before or after this page, "
                                                       "and the cursors to get them.")
    total_count: int = strawberry.field(description="Items in the whole list, not only this page.")
    scope: strawberry.Private[ListScope | None] = None

    @strawberry.field(description="Counts of the whole list's items (all pages, the filter applied) by one "
                                  "property, as OpenAlex's group_by.")
    async def facets(self, info: Info, group_by: GroupBy, first: FacetsFirst = FACETS_FIRST) -> Facets:
        if self.scope is None:  # every connection field of the schema sets its scope
            raise LookupError("facets: this list has no scope")
        scope = self.scope
        data = await info.context.loaders.facets.load(
            (scope.parent_id, scope.kind, group_by.value, page_size(first), scope.filter or FilterData()))
        return Facets.from_data(group_by, data)


def connection(page: Page, make: Callable[[dict[str, Any]], T], scope: ListScope | None = None) -> Connection[T]:
    cursor_scope = scope.cursor_scope if scope is not None else None
    edges = [Edge(cursor=encode_cursor(page.offset + i, cursor_scope), node=make(row))
             for i, row in enumerate(page.items)]
    info = PageInfo(
        has_next_page=page.offset + len(edges) < page.total,
        has_previous_page=page.offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total, scope=scope)
