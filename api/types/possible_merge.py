"""profile.possibleMerge: "this profile may be N people" (api/coherence.py, docs/api.md)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.coherence import Cluster
from api.context import Info
from api.data.possible_merge import MergeData
from api.types.nodes import Author, Institution, TopicShare, Work


@strawberry.type(description="An institution and how many of a cluster's works fall in the years the author held it.")
class ClusterInstitution:
    institution: Institution = strawberry.field(description="The institution.")
    works: int = strawberry.field(description="The cluster's works from years the author was affiliated with it "
                                              "(a year with one affiliation counts it alone).")


@strawberry.type(description="A coauthor of a cluster's works.")
class ClusterCoauthor:
    author_id: strawberry.ID = strawberry.field(description="The coauthor's id.")
    works: int = strawberry.field(description="The cluster's works they share with the author.")

    @strawberry.field(description="The coauthor; null if the node vanished meanwhile.")
    async def author(self, info: Info) -> Author | None:
        row = await info.context.loaders.author.load(str(self.author_id))
        return Author.from_row(row) if row else None


@strawberry.type(description="A group of the author's works linked by shared coauthors, an affiliation, similar "
                             "text (embeddings) or shared topics; no two clusters share a coauthor.")
class MergeCluster:
    works: int = strawberry.field(description="How many works.")
    work_ids: list[strawberry.ID] = strawberry.field(description="All of them, most cited first, then by id.")
    substantial: bool = strawberry.field(description="At least 3 works and 15% of the author's: large enough to "
                                                     "be a person's body of work.")
    topics: list[TopicShare] = strawberry.field(description="Its 5 most frequent topics; share = topic's works / "
                                                            "the cluster's works.")
    coauthors: int = strawberry.field(description="Distinct coauthors of its works.")
    top_coauthors: list[ClusterCoauthor] = strawberry.field(description="Its 5 most frequent coauthors, then by id.")
    years: list[int] = strawberry.field(description="The distinct years of its works, ascending.")
    first_year: int | None = strawberry.field(description="Its earliest year; null when no work has one.")
    last_year: int | None = strawberry.field(description="Its latest year; null when no work has one.")
    institutions: list[ClusterInstitution] = strawberry.field(description="Up to 5 of the author's affiliations in "
                                                                          "its years, most works first.")

    @strawberry.field(description="Its most cited works (first: 1-20).")
    async def top_works(self, info: Info, first: Annotated[int, strawberry.argument(
            description="How many works, 1-20 (outside: the nearest bound).")] = 3) -> list[Work]:
        ids = [str(i) for i in self.work_ids[:max(1, min(first, 20))]]
        rows = await info.context.loaders.work.load_many(ids)
        return [Work.from_row(r) for r in rows if r]

    @classmethod
    def of(cls, c: Cluster, data: MergeData) -> MergeCluster:
        n = len(c.works)
        return cls(works=n, work_ids=[strawberry.ID(w) for w in c.works], substantial=c.substantial,
                   topics=[TopicShare.from_row({"topic": data.topics[t], "works": k}, n) for t, k in c.topics
                           if t in data.topics],
                   coauthors=c.coauthor_count,
                   top_coauthors=[ClusterCoauthor(author_id=strawberry.ID(a), works=k) for a, k in c.coauthors],
                   years=list(c.years), first_year=c.years[0] if c.years else None,
                   last_year=c.years[-1] if c.years else None,
                   institutions=[ClusterInstitution(institution=Institution.from_row(data.institutions[i]), works=k)
                                 for i, k in c.institutions if i in data.institutions])


@strawberry.type(description="Whether the profile looks like several people under one id, and why: the author's "
                             "works clustered (docs/api.md, \"This profile may be N people\").")
class PossibleMerge:
    likely: bool = strawberry.field(description="Two substantial clusters with no coauthor in common lie on "
                                                "unrelated topics (topic distance at least 0.5).")
    people: int = strawberry.field(description="How many people the profile seems to hold: the substantial "
                                               "clusters on mutually unrelated topics when likely, else 1; 0 "
                                               "without works.")
    score: float = strawberry.field(description="0-1, for ranking: min(1, 2 x the second cluster's share) x "
                                                "topic distance; 0 when not likely.")
    topic_distance: float | None = strawberry.field(description="0-1 between the two largest substantial clusters "
                                                                "(1 - cosine of their works per field); null with "
                                                                "fewer than two.")
    works: int = strawberry.field(description="The works analysed: all of the author's in the graph.")
    clusters: list[MergeCluster] = strawberry.field(description="The clusters, largest first (at most `first` of "
                                                                "them are listed: see clusterCount).")
    cluster_count: int = strawberry.field(description="How many clusters there are in all.")
    evidence: list[str] = strawberry.field(description="What the verdict rests on, for display.")

    @classmethod
    def of(cls, data: MergeData, first: int) -> PossibleMerge:
        c = data.coherence
        return cls(likely=c.likely, people=c.people, score=c.score, topic_distance=c.topic_distance, works=c.works,
                   clusters=[MergeCluster.of(k, data) for k in c.clusters[:first]], cluster_count=len(c.clusters),
                   evidence=list(c.evidence))
