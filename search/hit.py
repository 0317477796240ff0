"""The one result type of every search (full text, semantic, similar works)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Hit:
    """A node a search found, and how well it matched.

    `score` is the search's own measure, higher is better: for full-text search, the engine's
    relevance divided by the best of its kind (1.0 the best match); for semantic search and
    similar works, the cosine similarity of two embeddings (at most 1).
    """

    kind: str  # AUTHOR | WORK
    id: str
    score: float
    node: Row  # the node's map as its query returned it: the full map (full text), id/title/year (embeddings)

    @property
    def title(self) -> str | None:
        title: str | None = self.node.get("title")
        return title

    @property
    def year(self) -> int | None:
        year: int | None = self.node.get("year")
        return year
