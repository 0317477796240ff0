"""Suggested collaborators: candidates from the graph, ranked by api.suggestion_score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.suggestion_score import Candidate, estimate, rank, reasons
from graphdb.aio import AsyncGraph

Row = dict[str, Any]
SCAN = 500  # candidates read per source (before coauthors are dropped)
POOL = 150  # candidates scored in full, the best by a first estimate
TOP_TOPICS = 10  # the researcher's topics that count for overlap


@dataclass(frozen=True, slots=True)
class Suggestion:
    author: Row
    score: float
    network: float
    topic: float
    similarity: float
    common_coauthors: list[str]  # ids (some of them)
    shared_topics: list[Row]  # Topic maps {id, name}
    reasons: list[str]


async def suggested_collaborators(graph: AsyncGraph, author_id: str, first: int) -> list[Suggestion] | None:
    rows = (await graph.query("api/suggestion_candidates", {"id": author_id, "scan": SCAN, "topics": TOP_TOPICS})).rows
    if not rows:
        return None
    row = rows[0]
    exclude = set(row["coauthors"]) | {author_id}
    candidates: dict[str, Candidate] = {}

    def get(cid: str) -> Candidate:
        return candidates.setdefault(cid, Candidate(cid))

    for n in row["network"]:
        if n["id"] not in exclude:
            c = get(n["id"])
            c.common, c.via = n["common"], sorted(n["via"])
    for s in row["similar"]:
        if s["id"] not in exclude:
            c = get(s["id"])
            c.similar, c.similar_titles = s["similar"], [t for t in s["titles"] if t]
    for t in row["by_topic"]:
        if t["id"] not in exclude:
            get(t["id"]).topic_hits = t["shared"]
    my_topics = {t["id"]: t["works"] for t in row["my_topics"]}
    topic_names = {t["id"]: t["name"] for t in row["my_topics"]}
    if not candidates:
        return []
    pool = sorted(candidates.values(), key=lambda c: (-estimate(c, len(my_topics)), c.id))[:POOL]
    shared = (await graph.query("api/candidate_topics",
                                {"ids": sorted(c.id for c in pool), "topics": sorted(my_topics)})).rows
    authors = {r["author"]["id"]: r["author"] for r in shared}
    for r in shared:
        candidates[r["author"]["id"]].topics = sorted(r["topics"], key=lambda t: (-my_topics.get(t, 0), t))
    ranked = rank([c for c in candidates.values() if c.id in authors], my_topics)[:first]
    via_ids = sorted({v for s in ranked for v in s.candidate.via[:3]})
    names = {r["author"]["id"]: r["author"].get("display_name") or r["author"]["id"]
             for r in (await graph.query("api/authors_by_ids", {"ids": via_ids})).rows} if via_ids else {}
    return [
        Suggestion(authors[s.candidate.id], s.score, s.network, s.topic, s.similarity, s.candidate.via[:3],
                   [{"id": t, "name": topic_names.get(t, t)} for t in s.candidate.topics],
                   reasons(s, names, topic_names))
        for s in ranked
    ]
