"""Works and citations by year (api.data.years)."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.data.years import CountsByYear as CountsByYearData


@strawberry.type(description="Works published and citations received in one year.")
class YearCount:
    year: int = strawberry.field(description="The calendar year.")
    works: int = strawberry.field(description="Works published that year (for a work: 1 in its own year).")
    citations: int = strawberry.field(description="Citations received that year from works in the graph, by the "
                                                  "citing work's year. The sources' reported totals can be larger: "
                                                  "CountsByYear.citationsWithoutYear says by how much.")


@strawberry.type(description="The full history by year, from the first year with a work or a citation to the "
                             "last, years without any kept as zeros.")
class CountsByYear:
    years: list[YearCount] = strawberry.field(description="One entry per year, oldest first.")
    citations_without_year: int = strawberry.field(
        description="Citations known only as a total: the reported citedByCount (summed over the works) minus "
                    "the citations placed in a year above (the citing works not loaded, or without a year).")
    works_without_year: int = strawberry.field(description="Works left out of `years` for want of a year.")

    @classmethod
    def from_data(cls, data: CountsByYearData) -> CountsByYear:
        return cls(years=[YearCount(year=y.year, works=y.works, citations=y.citations) for y in data.years],
                   citations_without_year=data.citations_without_year, works_without_year=data.works_without_year)


async def load(info: Info, node_id: str, kind: str) -> CountsByYear:
    data = await info.context.loaders.counts_by_year.load((node_id, kind))
    if data is None:  # the node vanished between two queries
        raise LookupError(f"{kind.lower()} {node_id} not found")
    return CountsByYear.from_data(data)
