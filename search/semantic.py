"""Semantic search: the works nearest in meaning to a text, a work titled exactly as the text first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphdb import Graph
from graphdb.fulltext import search_terms
from search.hit import Hit, Row
from search.titles import title_key

if TYPE_CHECKING:  # the embedder brings torch and the model; a caller that searches has loaded it already
    from similarity.embedder import Embedder

# Approximate indexes can miss, most often near the end of what was asked (Neo4j's quantised
# HNSW left out the 60th nearest of 300 works when asked for exactly 60); re-ranking a wider
# candidate set costs little: at least OVERFETCH candidates, and twice the works wanted.
OVERFETCH = 50
TITLE_CANDIDATES = 20


def work_hit(row: Row) -> Hit:
    """A row of the similar/ queries (id, title, year, score) as a hit."""
    return Hit("WORK", row["id"], float(row["score"]), {"id": row["id"], "title": row["title"], "year": row["year"]})


def semantic_search(graph: Graph, embedder: Embedder, text: str, k: int = 10) -> list[Hit]:
    """Works nearest to the text by cosine similarity; a work whose title is exactly the
    text (ignoring case, accents and punctuation) comes first.

    A title embeds close to, not onto, its work's title + abstract vector: with a long
    abstract, other works can be nearer. When none of the vector candidates has the exact
    title, the full-text index supplies the works holding the text's words (scored by the
    same cosine), so a pasted title finds its paper."""
    vector = [float(x) for x in embedder.embed([text])[0]]
    rows = nearest(graph, vector, max(2 * k, OVERFETCH))
    wanted = title_key(text)

    def exact(row: Row) -> bool:
        return title_key(row["title"] or "") == wanted

    exact_ids = {r["id"] for r in rows if exact(r)}  # each title normalised once
    if not exact_ids and (terms := search_terms(text)):
        seen = {r["id"] for r in rows}
        extra = graph.query("similar/title_candidates",
                            {"terms": terms, "vector": vector, "k": TITLE_CANDIDATES}).rows
        found = [r for r in extra if r["id"] not in seen and exact(r)]
        rows += found
        exact_ids.update(r["id"] for r in found)
    rows.sort(key=lambda r: (r["id"] not in exact_ids, -r["score"], r["id"]))
    return [work_hit(r) for r in rows[:k]]


def nearest(graph: Graph, vector: list[float], k: int) -> list[dict[str, Any]]:
    """The vector index's k nearest works (fewer only when fewer works have a vector), best first.

    FalkorDB 4.16 keeps a stale copy of a work's vector in its index each time the work is
    written to, whatever the property (`link-similar` setting novelty, a re-load): the copies
    count towards k and each node comes back once, so after one write k=50 gave 25 works, and
    fewer after each later one (FalkorDB pull request #2197 fixes it upstream). When fewer
    than k come back, k is doubled until k works come back or no more do."""
    asked = k
    rows = graph.query("similar/semantic_search", {"vector": vector, "k": asked}).rows
    while len(rows) < k:
        asked *= 2
        more = graph.query("similar/semantic_search", {"vector": vector, "k": asked}).rows
        if len(more) <= len(rows):
            break
        rows = more
    return rows[:k]
