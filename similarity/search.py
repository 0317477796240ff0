"""Semantic search and a work's similar works: the functions the CLI and API share."""

from __future__ import annotations

from dataclasses import dataclass

from graphdb import Graph
from graphdb.fulltext import search_terms
from loaders.ids import normalise_name
from similarity.embedder import Embedder

OVERFETCH = 50  # approximate indexes can miss; re-ranking a wider candidate set costs little
TITLE_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str | None
    year: int | None
    score: float


def semantic_search(graph: Graph, embedder: Embedder, text: str, k: int = 10) -> list[Hit]:
    """Works nearest to the text by cosine similarity; a work whose title is exactly the
    text (ignoring case, accents and punctuation) comes first.

    A title embeds close to, not onto, its work's title + abstract vector: with a long
    abstract, other works can be nearer. When none of the vector candidates has the exact
    title, the full-text index supplies the works holding the text's words (scored by the
    same cosine), so a pasted title finds its paper."""
    vector = [float(x) for x in embedder.embed([text])[0]]
    rows = graph.query("similar/semantic_search", {"vector": vector, "k": max(k, OVERFETCH)}).rows
    wanted = normalise_name(text)

    def exact(row: dict) -> bool:
        return normalise_name(row["title"] or "") == wanted

    exact_ids = {r["id"] for r in rows if exact(r)}  # each title normalised once
    if not exact_ids and (terms := search_terms(text)):
        seen = {r["id"] for r in rows}
        extra = graph.query("similar/title_candidates",
                            {"terms": terms, "vector": vector, "k": TITLE_CANDIDATES}).rows
        found = [r for r in extra if r["id"] not in seen and exact(r)]
        rows += found
        exact_ids.update(r["id"] for r in found)
    rows.sort(key=lambda r: (r["id"] not in exact_ids, -r["score"], r["id"]))
    return [Hit(r["id"], r["title"], r["year"], float(r["score"])) for r in rows[:k]]


def similar_works(graph: Graph, work_id: str, k: int = 10) -> list[Hit]:
    rows = graph.query("similar/similar_works", {"id": work_id, "k": k}).rows
    return [Hit(r["id"], r["title"], r["year"], float(r["score"])) for r in rows]
