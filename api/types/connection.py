"""Relay-style cursor connections: edges { cursor node }, pageInfo (strawberry.relay's, shared with
the accounts types), totalCount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

from api.data.pages import Page
from api.limits import MAX_FIRST
from api.pagination import encode_cursor

T = TypeVar("T")

# The paging arguments of every connection field (the default `first` is each field's own).
First = Annotated[int, strawberry.argument(
    description=f"How many items to return, 0-{MAX_FIRST} (more is a LIMIT_EXCEEDED error).")]
After = Annotated[str | None, strawberry.argument(
    description="Start after this cursor (an edge's `cursor` or `pageInfo.endCursor` of this list); "
                "null: from the first item.")]


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


def connection(page: Page, make: Callable[[dict[str, Any]], T]) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(page.offset + i), node=make(row)) for i, row in enumerate(page.items)]
    info = PageInfo(
        has_next_page=page.offset + len(edges) < page.total,
        has_previous_page=page.offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, total_count=page.total)
