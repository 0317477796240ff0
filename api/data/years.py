"""Works and citations by year, for an author, a work, a topic or an institution.

Citations by year need the citing work's year, so they count the citations the graph holds
(CITES from loaded works); a source's reported total (cited_by_count) is often larger, and the
difference is known only as a total: `citations_without_year` says how much of it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graphdb.aio import AsyncGraph

QUERIES = {"AUTHOR": "api/years_author", "WORK": "api/years_work", "TOPIC": "api/years_topic",
           "INSTITUTION": "api/years_institution"}


@dataclass(frozen=True, slots=True)
class YearCount:
    year: int
    works: int
    citations: int


@dataclass(frozen=True, slots=True)
class CountsByYear:
    years: list[YearCount]  # every year from the first to the last seen, zero years kept
    citations_without_year: int  # the reported total not placed in a year
    works_without_year: int


def counts_by_year(work_years: list[int], citing_years: list[int], reported: int, undated_works: int) -> CountsByYear:
    """Every year from the earliest to the latest of both lists, zeros kept."""
    works, citations = Counter(work_years), Counter(citing_years)
    seen = works.keys() | citations.keys()
    years = [YearCount(y, works[y], citations[y]) for y in range(min(seen), max(seen) + 1)] if seen else []
    return CountsByYear(years, max(0, reported - len(citing_years)), undated_works)


async def counts_by_year_of(graph: AsyncGraph, ids: list[str], kind: str) -> dict[str, CountsByYear | None]:
    """`kind` is AUTHOR, WORK, TOPIC or INSTITUTION; unknown ids map to None."""
    rows = (await graph.query(QUERIES[kind], {"ids": sorted(set(ids))})).rows
    found: dict[str, CountsByYear | None] = {i: None for i in ids}
    for row in rows:
        found[row["id"]] = counts_by_year([int(y) for y in row["work_years"]], [int(y) for y in row["citing_years"]],
                                          int(row["reported"]), int(row["undated_works"]))
    return found
