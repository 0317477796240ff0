"""The `WorkFilter` input of the works and authors lists and the facet counts of any such list
(`facets(groupBy:)` on WorkConnection and AuthorConnection), as OpenAlex's `filter` and
`group_by` (api.data.filters)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from api.data import filters

FACETS_FIRST = 20  # facets' default `first`: the groups listed (OpenAlex lists 200 per page)


@strawberry.enum(description="The property a list's facet counts group by.")
class FacetGroupBy(Enum):
    TYPE = strawberry.enum_value("TYPE", description="The work's type as its source names it (article, "
                                                     "preprint, …); key and display name alike.")
    YEAR = strawberry.enum_value("YEAR", description="The publication year; key and display name: the year "
                                                     "(\"2021\").")
    TOPIC = strawberry.enum_value("TOPIC", description="The work's own topics (OpenAlex topics, arXiv "
                                                       "categories; not their broader topics): a work counts "
                                                       "in each; key: the Topic id.")
    INSTITUTION = strawberry.enum_value("INSTITUTION", description="Its authors' institutions in the work's "
                                                                   "year (an authorship showed it): a work counts "
                                                                   "once in each; key: the Institution id.")
    SOURCE = strawberry.enum_value("SOURCE", description="Where it was published; key: the Source id.")


@strawberry.input(description="Conditions on works; all given must hold, a null or absent one is no condition. "
                              "A list holds when any of its values does (at most 50 values, none empty). On "
                              "an authors list: the authors with at least one work that passes.")
class WorkFilter:
    year_from: int | None = strawberry.field(default=None, description="Published in this year or later.")
    year_to: int | None = strawberry.field(default=None, description="Published in this year or earlier (not "
                                                                     "before yearFrom).")
    types: list[str] | None = strawberry.field(default=None, description="Its type is one of these (article, "
                                                                         "preprint, review, …).")
    topics: list[strawberry.ID] | None = strawberry.field(
        default=None, description="One of its topics is one of these or under one (a field, a domain, an arXiv "
                                  "archive: every topic below it).")
    institutions: list[strawberry.ID] | None = strawberry.field(
        default=None, description="One of its authors was affiliated with one of these in the work's year.")
    sources: list[strawberry.ID] | None = strawberry.field(default=None, description="Published in one of these "
                                                                                    "(Source ids).")
    has_code: bool | None = strawberry.field(default=None, description="true: it has a codeUrl; false: it has "
                                                                       "none.")
    has_abstract: bool | None = strawberry.field(default=None, description="true: it has a non-empty abstract; "
                                                                           "false: it has none.")
    open_access: bool | None = strawberry.field(
        default=None, description="true: free to read somewhere (OpenAlex's open_access.is_oa, Semantic Scholar's "
                                  "isOpenAccess, every arXiv work); false: its source says it is not. A work "
                                  "whose sources do not say passes neither.")

    def to_data(self) -> filters.WorkFilter:
        def listed(values: list[str] | list[strawberry.ID] | None) -> tuple[str, ...] | None:
            return tuple(str(v) for v in values) if values is not None else None

        return filters.WorkFilter(year_from=self.year_from, year_to=self.year_to, types=listed(self.types),
                                  topics=listed(self.topics), institutions=listed(self.institutions),
                                  sources=listed(self.sources), has_code=self.has_code,
                                  has_abstract=self.has_abstract, open_access=self.open_access)


FilterArg = Annotated[WorkFilter | None, strawberry.argument(
    name="filter", description="Only the works (on an authors list: the authors with a work) that pass; the "
                               "cursors of a filtered list hold only for that filter.")]


def to_data(value: WorkFilter | None) -> filters.WorkFilter | None:
    """The filter the queries take; None where nothing is asked (the unfiltered queries run)."""
    if value is None:
        return None
    data = value.to_data()
    return None if data.empty else data


@strawberry.type(description="One value of the grouped property and how many items of the list have it.")
class Facet:
    key: str = strawberry.field(description="The value: a node id (TOPIC, INSTITUTION, SOURCE), a type or a year.")
    display_name: str = strawberry.field(description="The value as shown to a person (the node's name, else "
                                                     "its id).")
    count: int = strawberry.field(description="Items of the list with this value.")


@strawberry.type(description="A list's counts by one property, as OpenAlex's group_by: the most frequent values "
                             "first, those without a value counted apart.")
class Facets:
    group_by: FacetGroupBy = strawberry.field(description="The property grouped by.")
    total: int = strawberry.field(description="Items in the list (its totalCount).")
    unknown: int = strawberry.field(description="Items without any value for the property (no type, no source, "
                                                "…); on an authors list, authors none of whose works has one.")
    group_count: int = strawberry.field(description="Distinct values in the whole list (`groups` lists the "
                                                    "first `first`).")
    groups: list[Facet] = strawberry.field(description="Most items first, ties by key. An item with several "
                                                       "values (topics, institutions) counts in each, so the "
                                                       "counts may add up to more than total.")

    @classmethod
    def from_data(cls, group_by: FacetGroupBy, data: filters.Facets) -> Facets:
        return cls(group_by=group_by, total=data.total, unknown=data.unknown, group_count=data.group_count,
                   groups=[Facet(key=str(g["key"]), display_name=str(g["name"]), count=int(g["count"]))
                           for g in data.groups])
