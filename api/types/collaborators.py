"""Collaborators: close ones, chains between two people, and suggestions."""

from __future__ import annotations

import strawberry

from api.data.collaborators import CollaborationPath as PathData
from api.data.collaborators import Collaborator as CollaboratorData
from api.data.suggestions import Suggestion
from api.types.nodes import Author, Topic, TopicShare, Work


@strawberry.type(description="A coauthor and what the two share.")
class Collaborator:
    author: Author = strawberry.field(description="The coauthor.")
    shared_works: int = strawberry.field(description="Works both authored (works with over 100 authors do not "
                                                     "count).")
    first_year: int | None = strawberry.field(description="Year of their first shared work.")
    last_year: int | None = strawberry.field(description="Year of their latest shared work.")
    shared_topics: list[TopicShare] = strawberry.field(description="Up to 5 topics of the shared works, most "
                                                                   "first; share = of the shared works.")

    @classmethod
    def from_data(cls, c: CollaboratorData) -> Collaborator:
        return cls(author=Author.from_row(c.author), shared_works=c.works, first_year=c.first_year,
                   last_year=c.last_year, shared_topics=[TopicShare.from_row(t, c.works) for t in c.topics])


@strawberry.type(description="One link of a collaboration path: two coauthors and works they share.")
class PathHop:
    source: Author = strawberry.field(description="The person nearer the start of the chain.")
    target: Author = strawberry.field(description="The next person on the chain.")
    shared_works: int = strawberry.field(description="How many works the two share (all of them, not only those "
                                                     "listed).")
    works: list[Work] = strawberry.field(description="The most cited of the shared works (up to 5).")


@strawberry.type(description="A shortest chain of coauthorships between two researchers.")
class CollaborationPath:
    length: int = strawberry.field(description="Number of hops.")
    authors: list[Author] = strawberry.field(description="The people along the chain, from first to last.")
    hops: list[PathHop] = strawberry.field(description="One link per consecutive pair of `authors`; empty from "
                                                       "someone to themselves.")

    @classmethod
    def from_data(cls, p: PathData) -> CollaborationPath:
        return cls(length=len(p.hops), authors=[Author.from_row(a) for a in p.people],
                   hops=[PathHop(source=Author.from_row(h.source), target=Author.from_row(h.target),
                                 shared_works=h.total, works=[Work.from_row(w) for w in h.works]) for h in p.hops])


@strawberry.type(description="Someone who is not yet a coauthor, with why they are suggested.")
class SuggestedCollaborator:
    author: Author = strawberry.field(description="The person suggested.")
    score: float = strawberry.field(description="0.5 network + 0.3 topic + 0.2 similarity, 0-1, rounded to 4 "
                                                "decimals (docs/api.md).")
    network: float = strawberry.field(description="1 - 0.5^(common coauthors), 0-1.")
    topic: float = strawberry.field(description="Share of the researcher's works in their top 10 topics that lie "
                                                "in topics both work on, 0-1.")
    similarity: float = strawberry.field(description="1 - 0.5^(their works SIMILAR_TO the researcher's), 0-1.")
    common_coauthor_ids: list[strawberry.ID] = strawberry.field(description="Up to 3 of the common coauthors' ids.")
    shared_topics: list[Topic] = strawberry.field(description="The researcher's top topics the person also works "
                                                              "on, the researcher's biggest first.")
    reasons: list[str] = strawberry.field(description="Why, in words: common coauthors, shared topics, similar "
                                                      "works.")

    @classmethod
    def from_data(cls, s: Suggestion) -> SuggestedCollaborator:
        return cls(author=Author.from_row(s.author), score=s.score, network=s.network, topic=s.topic,
                   similarity=s.similarity, common_coauthor_ids=[strawberry.ID(i) for i in s.common_coauthors],
                   shared_topics=[Topic.from_row(t) for t in s.shared_topics], reasons=s.reasons)
