"""The researcher profile header, and its trust summary."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.data.possible_merge import MergeData
from api.data.profile import ProfileData
from api.trust import TrustSummary
from api.types import categories, years
from api.types.accounts import ClaimStatus
from api.types.categories import AiScore, PrimaryCategory
from api.types.enums import TrustBand, VerificationLevel
from api.types.nodes import Affiliation, TopicShare
from api.types.possible_merge import PossibleMerge
from api.types.years import CountsByYear


@strawberry.type(description="Counts, all computed from the graph.")
class ProfileCounts:
    works: int = strawberry.field(description="Works by the author in the graph.")
    citations: int = strawberry.field(description="Sum of the cited-by counts of those works (unknown: 0).")
    topics: int = strawberry.field(description="Distinct topics of those works.")
    collaborators: int = strawberry.field(description="Distinct coauthors in the graph (works with over 100 "
                                                      "authors add none).")
    followers: int = strawberry.field(description="Users of this API following the author.")


@strawberry.type(description="One input of the trust score and what it contributed.")
class TrustSignal:
    name: str = strawberry.field(description="One of orcid, affiliation, claim, doi_coverage, topical_coherence, "
                                             "coauthor_network, publication_record (docs/api.md).")
    value: float = strawberry.field(description="How far the signal is met, 0-1, rounded to 4 decimals.")
    weight: float = strawberry.field(description="Points the signal gives at value 1; the weights add up to 100.")
    contribution: float = strawberry.field(description="Weight * value, rounded to 2 decimals: points of the score.")
    detail: str = strawberry.field(description="What the value rests on, for display (\"39 of 50 works have a "
                                               "DOI (78%)\").")


@strawberry.type(description="How far a profile can be trusted; the formula is in docs/api.md.")
class Trust:
    score: int = strawberry.field(description="0-100: the sum of the signals' contributions, rounded.")
    band: TrustBand = strawberry.field(description="The score's band.")
    label: str = strawberry.field(description='For display: "Trust 17 - Unverified".')
    verification_level: VerificationLevel = strawberry.field(description="How far the record is known to be "
                                                                         "its author's (L0-L3).")
    signals: list[TrustSignal] = strawberry.field(description="Every signal, in a fixed order, with its "
                                                              "contribution.")

    @classmethod
    def from_summary(cls, t: TrustSummary) -> Trust:
        return cls(score=t.score, band=TrustBand(t.band), label=t.label,
                   verification_level=VerificationLevel(t.verification_level),
                   signals=[TrustSignal(name=s.name, value=s.value, weight=s.weight, contribution=s.contribution,
                                        detail=s.detail) for s in t.signals])


@strawberry.type(description="Everything a researcher's profile header shows, consistent by construction.")
class Profile:
    counts: ProfileCounts = strawberry.field(description="Works, citations, topics, coauthors and followers.")
    h_index: int = strawberry.field(description="The largest h such that h of the author's works in the graph have "
                                                "at least h citations each (citedByCount); never more than "
                                                "counts.works.")
    i10_index: int = strawberry.field(description="The author's works in the graph with at least 10 citations "
                                                  "(citedByCount).")
    top_topics: list[TopicShare] = strawberry.field(description="The topics with the most of the author's works "
                                                                "(ties by id); share = topic's works / counts.works.")
    current_affiliations: list[Affiliation] = strawberry.field(
        description="Last known ones; without any, those of the latest year. Empty: affiliation not imported.")
    past_affiliations: list[Affiliation] = strawberry.field(description="The other affiliations, latest first.")
    novelty: float | None = strawberry.field(description="As Author.novelty; null until computed.")
    community: int | None = strawberry.field(description="Coauthor community (scholargraph analyze); null until "
                                                         "computed.")
    pagerank: float | None = strawberry.field(description="PageRank in the coauthor network, weighted by shared "
                                                          "works, summing to 1 over all authors (scholargraph "
                                                          "analyze); null until computed.")
    betweenness: float | None = strawberry.field(description="Normalised betweenness (0-1) in the coauthor network "
                                                              "(sampled on large graphs; scholargraph analyze); null "
                                                              "until computed.")
    claim_status: ClaimStatus | None = strawberry.field(
        description="The strongest claim of this record by a user (VERIFIED over PENDING); null: unclaimed.")
    claimed: bool = strawberry.field(description="A user's claim of this record was verified.")
    trust: Trust = strawberry.field(description="How far the profile can be trusted, and why.")
    author_id: strawberry.Private[str]
    merge_data: strawberry.Private[MergeData]

    @strawberry.field(description="Whether this profile may be several people under one id: its works clustered "
                                  "by coauthors, affiliations, embeddings and topics (docs/api.md). Lists the "
                                  "`first` largest clusters (1-20).")
    def possible_merge(self, first: Annotated[int, strawberry.argument(
            description="How many clusters to list, 1-20 (outside: the nearest bound).")] = 5) -> PossibleMerge:
        return PossibleMerge.of(self.merge_data, max(1, min(first, 20)))

    @strawberry.field(description="Works and citations by year, full history, zero years kept.")
    async def counts_by_year(self, info: Info) -> CountsByYear:
        return await years.load(info, self.author_id, "AUTHOR")

    @strawberry.field(description="The category with most of the author's works (the header's \"CV\", \"CL\"); "
                                  "null without works that have topics.")
    async def primary_category(self, info: Info) -> PrimaryCategory | None:
        return categories.primary_of(await categories.load(info, self.author_id))

    @strawberry.field(description="The share of the author's works in AI, 0-100, with its formula (docs/api.md).")
    async def ai_score(self, info: Info) -> AiScore:
        return categories.ai_of(await categories.load(info, self.author_id))

    @classmethod
    def from_data(cls, d: ProfileData) -> Profile:
        status = ClaimStatus(d.claim_status) if d.claim_status else None
        return cls(
            counts=ProfileCounts(works=d.works, citations=d.citations, topics=d.topics,
                                 collaborators=d.collaborators, followers=d.followers),
            h_index=d.h_index, i10_index=d.i10_index,
            top_topics=[TopicShare.from_row(t, d.works) for t in d.top_topics],
            current_affiliations=[Affiliation.from_row(a) for a in d.current_affiliations],
            past_affiliations=[Affiliation.from_row(a) for a in d.past_affiliations],
            novelty=d.novelty, community=d.community, pagerank=d.pagerank, betweenness=d.betweenness,
            claim_status=status, claimed=status is ClaimStatus.VERIFIED, trust=Trust.from_summary(d.trust),
            author_id=d.author_id, merge_data=d.possible_merge,
        )
