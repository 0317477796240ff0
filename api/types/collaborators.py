"""Collaborators: close ones, chains between two people, and suggestions."""

from __future__ import annotations

import strawberry

from api.data.collaborators import CollaborationPath as PathData
from api.data.collaborators import Collaborator as CollaboratorData
from api.data.suggestions import Suggestion
from api.types.nodes import Author, Topic, TopicShare, Work


@strawberry.type(description="A coauthor and what the two share.")
class Collaborator:
    author: Author
    shared_works: int
    first_year: int | None = strawberry.field(description="Year of their first shared work.")
    last_year: int | None = strawberry.field(description="Year of their latest shared work.")
    shared_topics: list[TopicShare] = strawberry.field(description="Topics of the shared works; "
                                                                   "share = of the shared works.")

    @classmethod
    def from_data(cls, c: CollaboratorData) -> Collaborator:
        return cls(author=Author.from_row(c.author), shared_works=c.works, first_year=c.first_year,
                   last_year=c.last_year, shared_topics=[TopicShare.from_row(t, c.works) for t in c.topics])


@strawberry.type(description="One link of a collaboration path: two coauthors and works they share.")
class PathHop:
    source: Author
    target: Author
    shared_works: int
    works: list[Work] = strawberry.field(description="The most cited of the shared works (up to 5).")


@strawberry.type(description="A shortest chain of coauthorships between two researchers.")
class CollaborationPath:
    length: int = strawberry.field(description="Number of hops.")
    authors: list[Author] = strawberry.field(description="The people along the chain, from first to last.")
    hops: list[PathHop]

    @classmethod
    def from_data(cls, p: PathData) -> CollaborationPath:
        return cls(length=len(p.hops), authors=[Author.from_row(a) for a in p.people],
                   hops=[PathHop(source=Author.from_row(h.source), target=Author.from_row(h.target),
                                 shared_works=h.total, works=[Work.from_row(w) for w in h.works]) for h in p.hops])


@strawberry.type(description="Someone who is not yet a coauthor, with why they are suggested.")
class SuggestedCollaborator:
    author: Author
    score: float = strawberry.field(description="0.5 network + 0.3 topic + 0.2 similarity (docs/api.md).")
    network: float = strawberry.field(description="1 - 0.5^(common coauthors).")
    topic: float = strawberry.field(description="Share of the researcher's top-topic works in topics both share.")
    similarity: float = strawberry.field(description="1 - 0.5^(their works similar to the researcher's).")
    common_coauthor_ids: list[strawberry.ID] = strawberry.field(description="Some of the common coauthors.")
    shared_topics: list[Topic]
    reasons: list[str]

    @classmethod
    def from_data(cls, s: Suggestion) -> SuggestedCollaborator:
        return cls(author=Author.from_row(s.author), score=s.score, network=s.network, topic=s.topic,
                   similarity=s.similarity, common_coauthor_ids=[strawberry.ID(i) for i in s.common_coauthors],
                   shared_topics=[Topic.from_row(t) for t in s.shared_topics], reasons=s.reasons)
