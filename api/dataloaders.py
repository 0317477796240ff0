"""The request's DataLoaders: every nested field batches its keys into one query per tick.

Keys are tuples (id, *arguments); one batch groups its keys by arguments and runs one
query per group, so a query for 50 authors with their works and topics makes the same
handful of round trips as a query for one.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from functools import cached_property
from typing import Any, Protocol, TypeVar

from strawberry.dataloader import DataLoader

from api.data import categories, filters, nodes, pages, possible_merge, profile, relations, years
from search import autocomplete

T = TypeVar("T")
V = TypeVar("V")
Key = tuple[Hashable, ...]
Row = dict[str, Any]


class Runner(Protocol):
    """What the loaders need of the request: `run`, its one way to the database (api.context.Context
    is one; the context makes the loaders, so this module names no context)."""

    async def run(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T: ...


def _loader(ctx: Runner, fetch: Callable[..., Awaitable[dict[str, V]]]) -> DataLoader[Key, V]:
    """A loader over keys (id, *args): one `fetch(graph, ids, *args)` per distinct args, the
    groups' queries in flight together (aliases asking for different pages, say)."""

    async def load(keys: Sequence[Key]) -> list[V]:
        groups: dict[tuple[Hashable, ...], list[str]] = defaultdict(list)
        for key in keys:
            groups[tuple(key[1:])].append(str(key[0]))
        found = await asyncio.gather(*(ctx.run(fetch, ids, *args) for args, ids in groups.items()))
        results: dict[Key, V] = {}
        for (args, ids), rows in zip(groups.items(), found, strict=True):
            for i in ids:
                results[(i, *args)] = rows[i]
        return [results[tuple(k)] for k in keys]

    return DataLoader(load_fn=load)


def _node_loader(ctx: Runner, fetch: Callable[[Any, list[str]], Awaitable[dict[str, Row]]]
                 ) -> DataLoader[str, Row | None]:
    async def load(keys: Sequence[str]) -> list[Row | None]:
        found = await ctx.run(fetch, list(keys))
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The request's loaders, each made on first use (most requests need two or three)."""

    def __init__(self, ctx: Runner) -> None:
        self._ctx = ctx

    @cached_property
    def author(self) -> DataLoader[str, Row | None]:
        return _node_loader(self._ctx, nodes.authors_by_ids)

    @cached_property
    def work(self) -> DataLoader[str, Row | None]:
        return _node_loader(self._ctx, nodes.works_by_ids)

    @cached_property
    def topic(self) -> DataLoader[str, Row | None]:
        return _node_loader(self._ctx, nodes.topics_by_ids)

    @cached_property
    def institution(self) -> DataLoader[str, Row | None]:
        return _node_loader(self._ctx, nodes.institutions_by_ids)

    @cached_property
    def source(self) -> DataLoader[str, Row | None]:
        return _node_loader(self._ctx, nodes.sources_by_ids)

    @cached_property
    def author_works(self) -> DataLoader[Key, pages.Page]:  # (id, order, skip, limit)
        return _loader(self._ctx, pages.author_works)

    @cached_property
    def author_works_detail(self) -> DataLoader[Key, pages.WorksDetail]:
        # key (id, order, skip, limit, byline_limit, topics, shape)
        return _loader(self._ctx, pages.author_works_detail)

    @cached_property
    def author_works_filtered(self) -> DataLoader[Key, pages.Page]:  # (id, order, skip, limit, filter)
        return _loader(self._ctx, filters.author_works)

    @cached_property
    def topic_works_filtered(self) -> DataLoader[Key, pages.Page]:  # (id, skip, limit, filter)
        return _loader(self._ctx, filters.topic_works)

    @cached_property
    def institution_authors_filtered(self) -> DataLoader[Key, pages.Page]:  # (id, skip, limit, filter)
        return _loader(self._ctx, filters.institution_authors)

    @cached_property
    def facets(self) -> DataLoader[Key, filters.Facets]:  # (id, list kind, group, limit, filter)
        return _loader(self._ctx, filters.facets)

    @cached_property
    def topic_works(self) -> DataLoader[Key, pages.Page]:  # (id, skip, limit)
        return _loader(self._ctx, pages.topic_works)

    @cached_property
    def institution_authors(self) -> DataLoader[Key, pages.Page]:  # (id, skip, limit)
        return _loader(self._ctx, pages.institution_authors)

    @cached_property
    def work_references(self) -> DataLoader[Key, pages.Page]:  # (id, skip, limit)
        return _loader(self._ctx, pages.work_references)

    @cached_property
    def work_cited_by(self) -> DataLoader[Key, pages.Page]:  # (id, skip, limit)
        return _loader(self._ctx, pages.work_cited_by)

    @cached_property
    def work_authors(self) -> DataLoader[Key, pages.Page]:  # (id, limit)
        return _loader(self._ctx, pages.work_authors)

    @cached_property
    def work_topics(self) -> DataLoader[Key, list[Row]]:  # (id,)
        return _loader(self._ctx, relations.work_topics)

    @cached_property
    def work_source(self) -> DataLoader[Key, Row | None]:  # (id,)
        return _loader(self._ctx, relations.work_sources)

    @cached_property
    def topic_children(self) -> DataLoader[Key, list[Row]]:  # (id,)
        return _loader(self._ctx, relations.topic_children)

    @cached_property
    def author_topics(self) -> DataLoader[Key, tuple[int, list[Row]]]:  # (id, limit)
        return _loader(self._ctx, relations.author_topics)

    @cached_property
    def counts_by_year(self) -> DataLoader[Key, years.CountsByYear | None]:
        # key (id, kind), kind AUTHOR, WORK, TOPIC or INSTITUTION
        return _loader(self._ctx, years.counts_by_year_of)

    @cached_property
    def hints(self) -> DataLoader[Key, str | None]:  # (id, kind)
        return _loader(self._ctx, autocomplete.hints)

    @cached_property
    def author_categories(self) -> DataLoader[Key, categories.AuthorCategories | None]:  # (id,)
        return _loader(self._ctx, categories.author_categories_of)

    @cached_property
    def profile(self) -> DataLoader[Key, profile.ProfileData | None]:  # (id, top_topics)
        return _loader(self._ctx, profile.author_profiles)

    @cached_property
    def coherence(self) -> DataLoader[Key, possible_merge.MergeData]:  # (id,): trust and possibleMerge share it
        return _loader(self._ctx, possible_merge.author_coherence)

    def prime_works(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.work.prime(row["id"], row)

    def prime_authors(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.author.prime(row["id"], row)
