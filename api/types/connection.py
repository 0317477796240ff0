"""Relay-style cursor connections: edges { cursor node }, pageInfo (strawberry.relay's, shared with
the accounts types), totalCount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

from api.data.pages import Page
from api.pagination import encode_cursor

T = TypeVar("T")


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
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
