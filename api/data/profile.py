"""Researcher profiles: every count and metric computed from the graph in one query per batch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analytics.coherence_input import MergeData
from api.metrics import h_index, i10_index
from api.trust import TrustInputs, TrustSummary, trust
from graphdb.aio import AsyncGraph

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ProfileData:
    author_id: str
    author: Row  # the Author map
    works: int
    citations: int
    topics: int
    collaborators: int
    followers: int
    h_index: int
    i10_index: int
    top_topics: list[Row]  # {topic, works}
    current_affiliations: list[Row]  # {institution, years, first_year, last_year, last_known}
    past_affiliations: list[Row]
    novelty: float | None
    community: int | None
    pagerank: float | None
    betweenness: float | None
    claim_status: str | None  # "verified" | "pending" | None
    with_doi: int  # works with a DOI (a trust input)


def split_affiliations(affiliations: list[Row]) -> tuple[list[Row], list[Row]]:
    """Current: those the author record lists as last known; without any, those seen in the
    latest year any affiliation was seen. Past: the rest. Each list latest first, then by id."""
    current = [a for a in affiliations if a["last_known"]]
    if not current:
        latest = max((a["last_year"] for a in affiliations if a["last_year"] is not None), default=None)
        current = [a for a in affiliations if latest is not None and a["last_year"] == latest]
    ids = {a["institution"]["id"] for a in current}
    past = [a for a in affiliations if a["institution"]["id"] not in ids]

    def order(rows: list[Row]) -> list[Row]:
        return sorted(rows, key=lambda a: (-(a["last_year"] or 0), a["institution"]["id"]))

    return order(current), order(past)


def claim_status(statuses: list[str | None]) -> str | None:
    if "verified" in statuses:
        return "verified"
    if "pending" in statuses:
        return "pending"
    return None


def _profile(row: Row) -> ProfileData:
    citations = [int(c) for c in row["citations"]]
    current, past = split_affiliations(row["affiliations"])
    return ProfileData(
        author_id=row["id"],
        author=row["author"],
        works=len(citations),
        citations=sum(citations),
        topics=row["topic_count"],
        collaborators=row["collaborators"],
        followers=row["followers"],
        h_index=h_index(citations),
        i10_index=i10_index(citations),
        top_topics=row["top_topics"],
        current_affiliations=current,
        past_affiliations=past,
        novelty=row["novelty"],
        community=row["community"],
        pagerank=row["pagerank"],
        betweenness=row["betweenness"],
        claim_status=claim_status(row["claims"]),
        with_doi=row["with_doi"],
    )


def profile_trust(d: ProfileData, merge: MergeData) -> TrustSummary:
    """The trust score of a profile; its topical coherence is the coherence analysis `merge`
    (api/author_coherence: a query of its own, asked only when trust or possibleMerge is)."""
    return trust(TrustInputs(
        orcid=d.author.get("orcid"),
        openalex_id=d.author.get("openalex_id"),
        claim=d.claim_status,
        works=d.works,
        with_doi=d.with_doi,
        current_affiliation=d.current_affiliations[0]["institution"]["name"] if d.current_affiliations else None,
        past_affiliation=d.past_affiliations[0]["institution"]["name"] if d.past_affiliations else None,
        coherence=merge.coherence,
        coauthors=d.collaborators,
    ))


async def author_profiles(graph: AsyncGraph, ids: list[str], top_topics: int) -> dict[str, ProfileData | None]:
    rows = (await graph.query("api/author_profile", {"ids": sorted(set(ids)), "topics": top_topics})).rows
    found = {row["id"]: _profile(row) for row in rows}
    return {i: found.get(i) for i in ids}
