"""Search results."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.types.enums import SearchKind
from api.types.nodes import Author, Work

SearchNode = Annotated[Author | Work, strawberry.union("SearchNode")]


@strawberry.type(description="A full-text match.")
class SearchHit:
    kind: SearchKind
    score: float = strawberry.field(description="Relevance divided by the best match of the same kind (0-1].")
    node: SearchNode


@strawberry.type(description="A work and its similarity score.")
class ScoredWork:
    score: float = strawberry.field(description="Cosine similarity of the two embeddings (higher is closer).")
    work: Work
