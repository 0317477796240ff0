"""Typeahead over authors, works, topics, institutions and sources: prefix matches from each
kind's full-text index, ranked by match quality, then weight (citations for authors and works,
works for topics and sources, authors for institutions), with the hint a person needs to choose.

Match quality: 3 the name is the text; 2 the name starts with the text's words in order; 1 every
word of the text starts a word of the name (any order); 0 the index matched a form of the word
(stemming). A work is matched on its title only, never its abstract. The engines' relevance scores
only pick the candidates.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from graphdb.aio import AsyncGraph
from graphdb.fulltext import search_terms

# kind -> (label, Neo4j full-text index, hints query)
KINDS = {
    "AUTHOR": ("Author", "author_name", "api/hints_authors"),
    "WORK": ("Work", "work_text", "api/hints_works"),
    "TOPIC": ("Topic", "topic_name", "api/hints_topics"),
    "INSTITUTION": ("Institution", "institution_name", "api/hints_institutions"),
    "SOURCE": ("Source", "source_name", "api/hints_sources"),
}
MAX_FIRST = 10
# Candidates read per kind: enough that a strong match with a weak engine score is not cut.
POOL = 30


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    id: str
    name: str
    quality: int
    weight: int


def quality(terms: list[str], name: str) -> int:
    words = search_terms(name)
    if words == terms:
        return 3
    if words[: len(terms) - 1] == terms[:-1] and len(words) >= len(terms) and words[len(terms) - 1].startswith(
            terms[-1]):
        return 2
    if all(any(w.startswith(t) for w in words) for t in terms):
        return 1
    return 0


async def autocomplete(graph: AsyncGraph, text: str, kinds: list[str], first: int) -> list[Suggestion]:
    terms = search_terms(text)
    if not terms or first <= 0:
        return []
    wanted = [k for k in KINDS if k in kinds]
    # The engines match a prefix of two letters or more: a last word of one letter ("Discrete M")
    # is left to the quality check below.
    short_last = len(terms) > 1 and len(terms[-1]) < 2
    asked = terms[:-1] if short_last else terms
    found = await asyncio.gather(*(
        graph.query("api/autocomplete_candidates", {"label": KINDS[k][0], "index": KINDS[k][1], "terms": asked,
                                                    "k": POOL}) for k in wanted))
    out = [Suggestion(kind, row["id"], row["name"] or row["id"], quality(terms, row["name"] or ""), int(row["weight"]))
           for kind, result in zip(wanted, found, strict=True) for row in result.rows]
    if short_last:
        out = [s for s in out if s.quality > 0]
    order = list(KINDS)
    out.sort(key=lambda s: (-s.quality, -s.weight, order.index(s.kind), s.id))
    return out[:first]


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def hint(kind: str, row: dict[str, Any]) -> str:
    """One line that tells this node from its namesakes."""
    if kind == "AUTHOR":
        return f"{row['institution'] or 'affiliation not imported'} · {_count(int(row['works']), 'work', 'works')}"
    if kind == "WORK":
        authors = int(row["authors"])
        who = row["first_author"] or "no authors"
        if authors > 1:
            who = f"{who} et al."
        return f"{row['year'] or 'year unknown'} · {who}"
    if kind == "TOPIC":
        level = row["level"] or "topic"
        where = f"{level} in {row['parent']}" if row["parent"] else str(level)
        return f"{where} · {_count(int(row['works']), 'work', 'works')}"
    if kind == "INSTITUTION":
        parts = [str(row[k]) for k in ("type", "country") if row[k]]
        return " · ".join([*parts, _count(int(row["authors"]), "author", "authors")])
    parts = [str(row[k]) for k in ("type", "publisher") if row[k]]
    return " · ".join([*parts, _count(int(row["works"]), "work", "works")])


async def hints(graph: AsyncGraph, ids: list[str], kind: str) -> dict[str, str | None]:
    rows = (await graph.query(KINDS[kind][2], {"ids": sorted(set(ids))})).rows
    found: dict[str, str | None] = {i: None for i in ids}
    found.update({row["id"]: hint(kind, row) for row in rows})
    return found
