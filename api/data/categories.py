"""An author's primary category and AI score, from their works' topics (docs/api.md, "Primary
category and AI score").

Primary category: each work counts once, for its primary arXiv category (the one the record
states, else the first listed); an author with no arXiv works counts the OpenAlex subfield of
each work's primary topic instead. The category with the most works wins; ties go to the one
whose works have more citations, then to the smaller code.

AI score: 0-100, the share of the author's works in AI, rounded: a work is in AI when one of its
arXiv categories is cs.AI, cs.LG, cs.CL, cs.CV, cs.NE or stat.ML, or one of its OpenAlex topics
lies in the subfields Artificial Intelligence (1702) or Computer Vision and Pattern Recognition
(1707). Cross-lists count: a math.OC paper cross-listed in cs.LG is in AI.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graphdb.aio import AsyncGraph
from loaders.arxiv_taxonomy import category_name

AI_ARXIV = ("cs.AI", "cs.LG", "cs.CL", "cs.CV", "cs.NE", "stat.ML")
AI_SUBFIELDS = {"openalex:subfield:1702": "Artificial Intelligence",
                "openalex:subfield:1707": "Computer Vision and Pattern Recognition"}
ARXIV_PREFIX = "arxiv:"


@dataclass(frozen=True, slots=True)
class Category:
    code: str  # cs.CV, or an OpenAlex subfield id
    label: str  # what a profile header shows: CV; the subfield's name
    name: str
    scheme: str  # arxiv | openalex
    works: int
    share: float  # of the author's works


@dataclass(frozen=True, slots=True)
class AiScore:
    score: int
    ai_works: int
    works: int
    by_category: list[tuple[str, str, int]]  # (code, name, works) of the AI categories met, most works first


@dataclass(frozen=True, slots=True)
class AuthorCategories:
    primary: Category | None
    ai: AiScore


def _arxiv(topics: list[dict[str, Any]]) -> tuple[list[str], str | None]:
    codes = [t["id"].removeprefix(ARXIV_PREFIX) for t in topics if t["scheme"] == "arxiv"]
    primary = next((t["id"].removeprefix(ARXIV_PREFIX) for t in topics if t["scheme"] == "arxiv" and t["primary"]),
                   codes[0] if codes else None)
    return codes, primary


def _subfields(topics: list[dict[str, Any]], primary_only: bool) -> list[tuple[str, str]]:
    return [(p["id"], p["name"] or p["id"]) for t in topics if t["scheme"] == "openalex"
            and (t["primary"] or not primary_only) for p in t["parents"] if p["level"] == "subfield"]


def _label(code: str, scheme: str, name: str) -> str:
    return code.split(".", 1)[-1] if scheme == "arxiv" else name


def author_categories(works: list[dict[str, Any]]) -> AuthorCategories:
    counts: Counter[tuple[str, str, str]] = Counter()  # (scheme, code, name) -> works
    cited: Counter[tuple[str, str, str]] = Counter()
    any_arxiv = any(_arxiv(w["topics"])[1] for w in works)
    ai_met: Counter[tuple[str, str]] = Counter()
    ai_works = 0
    for w in works:
        codes, primary = _arxiv(w["topics"])
        if any_arxiv:
            key = ("arxiv", primary, category_name(primary) or primary) if primary else None
        else:
            first = _subfields(w["topics"], primary_only=True)
            key = ("openalex", first[0][0], first[0][1]) if first else None
        if key:
            counts[key] += 1
            cited[key] += int(w["cited"])
        met = {(c, category_name(c) or c) for c in codes if c in AI_ARXIV}
        met |= {(s, AI_SUBFIELDS[s]) for s, _ in _subfields(w["topics"], primary_only=False) if s in AI_SUBFIELDS}
        ai_met.update(met)
        ai_works += bool(met)
    total = len(works)
    primary_category = None
    if counts:
        scheme, code, name = min(counts, key=lambda k: (-counts[k], -cited[k], k[1]))
        primary_category = Category(code, _label(code, scheme, name), name, scheme, counts[scheme, code, name],
                                    counts[scheme, code, name] / total)
    ai = AiScore(int(100 * ai_works / total + 0.5) if total else 0, ai_works, total,  # half up, as people round
                 [(c, n, k) for (c, n), k in sorted(ai_met.items(), key=lambda kv: (-kv[1], kv[0][0]))])
    return AuthorCategories(primary_category, ai)


async def author_categories_of(graph: AsyncGraph, ids: list[str]) -> dict[str, AuthorCategories | None]:
    rows = (await graph.query("api/author_categories", {"ids": sorted(set(ids))})).rows
    found: dict[str, AuthorCategories | None] = {i: None for i in ids}
    for row in rows:
        found[row["id"]] = author_categories(row["works"])
    return found
