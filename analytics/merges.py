"""Possible merges over the whole graph: the profiles most likely to hold several people, ranked
(`scholargraph analyze --merges`; one profile's own verdict is analytics/coherence.py's)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from analytics.coherence import MIN_WORKS
from analytics.coherence_input import merge_data
from graphdb import Graph

log = logging.getLogger(__name__)

MERGE_BATCH = 200  # authors analysed per api/author_coherence query (the profile's own: one home for the input)


@dataclass(frozen=True, slots=True)
class Suspect:
    id: str
    name: str | None
    works: int
    people: int
    score: float
    topic_distance: float | None
    clusters: list[int]  # sizes of the substantial clusters, largest first
    evidence: list[str]


def rank_merges(graph: Graph, *, min_works: int = MIN_WORKS, batch: int = MERGE_BATCH,
                report: Callable[[str], None] | None = None) -> tuple[list[Suspect], int]:
    """The profiles flagged as likely merges of several people, highest score first, then most
    works, then id; and how many authors were analysed: every author with at least `min_works`
    works (fewer cannot hold two substantial clusters)."""
    say = report or log.info
    candidates = graph.query("api/possible_merge_candidates", {"min_works": min_works}).rows
    names = {r["id"]: r["name"] for r in candidates}
    say(f"analysing {len(candidates)} authors with {min_works} works or more")
    found: list[Suspect] = []
    ids = [r["id"] for r in candidates]
    for start in range(0, len(ids), batch):
        for row in graph.query("api/author_coherence", {"ids": ids[start:start + batch]}).rows:
            c = merge_data(row).coherence
            if c.likely:
                found.append(Suspect(row["id"], names.get(row["id"]), c.works, c.people, c.score, c.topic_distance,
                                     [len(k.works) for k in c.clusters if k.substantial], list(c.evidence)))
    found.sort(key=lambda s: (-s.score, -s.works, s.id))
    return found, len(ids)
