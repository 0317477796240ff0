"""An author's primary category and AI score (api.data.categories)."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.data import categories


@strawberry.type(description="The category with most of the author's works: their primary arXiv category, or for "
                             "an author with no arXiv works the OpenAlex subfield of their primary topic. Ties: "
                             "more citations of those works, then the smaller code (docs/api.md).")
class PrimaryCategory:
    code: str = strawberry.field(description="An arXiv category (cs.CV) or an OpenAlex subfield id "
                                             "(openalex:subfield:1702).")
    label: str = strawberry.field(description="What a profile header shows: the arXiv subject (CV), or the "
                                              "subfield's name.")
    name: str = strawberry.field(description="The category's full name.")
    scheme: str = strawberry.field(description="The scheme: arxiv or openalex.")
    works: int = strawberry.field(description="The author's works counted for it.")
    share: float = strawberry.field(description="The share of the author's works: works / counts.works, 0-1.")


@strawberry.type(description="One AI category or subfield among the author's works.")
class AiCategory:
    code: str = strawberry.field(description="One of the arXiv categories cs.AI, cs.LG, cs.CL, cs.CV, cs.NE, "
                                             "stat.ML, or an OpenAlex subfield id (1702 Artificial Intelligence, "
                                             "1707 Computer Vision).")
    name: str = strawberry.field(description="Its name.")
    works: int = strawberry.field(description="The author's works in it (a work can be in several).")


@strawberry.type(description="How much of the author's work is in AI: 0-100, with what it was computed from.")
class AiScore:
    score: int = strawberry.field(description="Round(100 × aiWorks / works), halves up; 0 without works.")
    ai_works: int = strawberry.field(description="Works with an AI arXiv category (cross-lists count) or an "
                                                 "OpenAlex topic in an AI subfield.")
    works: int = strawberry.field(description="The author's works in the graph.")
    formula: str = strawberry.field(description="The computation with this author's numbers.")
    categories: list[AiCategory] = strawberry.field(description="The AI categories met, most works first.")


async def load(info: Info, author_id: str) -> categories.AuthorCategories:
    data = await info.context.loaders.author_categories.load((author_id,))
    if data is None:  # the author vanished between two queries
        raise LookupError(f"author {author_id} not found")
    return data


def primary_of(data: categories.AuthorCategories) -> PrimaryCategory | None:
    p = data.primary
    return None if p is None else PrimaryCategory(code=p.code, label=p.label, name=p.name, scheme=p.scheme,
                                                  works=p.works, share=p.share)


def ai_of(data: categories.AuthorCategories) -> AiScore:
    ai = data.ai
    return AiScore(score=ai.score, ai_works=ai.ai_works, works=ai.works,
                   formula=f"round(100 × {ai.ai_works} / {ai.works}) = {ai.score}" if ai.works else "no works: 0",
                   categories=[AiCategory(code=c, name=n, works=k) for c, n, k in ai.by_category])
