"""Search results."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.types.enums import SearchKind
from api.types.nodes import Author, Institution, Source, Topic, Work
from search import Hit

SearchNode = Annotated[Author | Work, strawberry.union("SearchNode", description="What a search hit found: an "
                                                                                 "Author or a Work.")]


AutocompleteNode = Annotated[Author | Work | Topic | Institution | Source, strawberry.union(
    "AutocompleteNode", description="What the typeahead suggests: an Author, Work, Topic, Institution or Source, "
                                    "each with its `hint`.")]


@strawberry.type(description="A full-text match.")
class SearchHit:
    kind: SearchKind = strawberry.field(description="Whether `node` is an author or a work.")
    score: float = strawberry.field(description="The engine's relevance divided by the best match of the same "
                                                "kind, rounded to 4 decimals: (0-1], 1 for the best.")
    node: SearchNode = strawberry.field(description="The author or work found.")

    @classmethod
    def from_hit(cls, hit: Hit) -> SearchHit:
        """A full-text hit (search.fulltext), whose node holds the author's or work's full map."""
        node: Author | Work = Author.from_row(hit.node) if hit.kind == "AUTHOR" else Work.from_row(hit.node)
        return cls(kind=SearchKind(hit.kind), score=hit.score, node=node)


@strawberry.type(description="A work and its similarity score.")
class ScoredWork:
    score: float = strawberry.field(description="Cosine similarity of the two embeddings, at most 1 (higher is "
                                                "closer).")
    work: Work = strawberry.field(description="The work.")
