"""Enumerations of the schema."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="How an author's works are ordered.")
class WorkOrder(Enum):
    DATE = strawberry.enum_value("DATE", description="Newest first, by publication date (else year), ties by id.")
    CITATIONS = strawberry.enum_value("CITATIONS", description="Most cited first (citedByCount, none as 0), "
                                                               "then newest, then by id.")


@strawberry.enum(description="The kinds of node in the graph.")
class NodeKind(Enum):
    AUTHOR = strawberry.enum_value("AUTHOR", description="A researcher (Author).")
    WORK = strawberry.enum_value("WORK", description="A paper, preprint, dataset or other work (Work).")
    TOPIC = strawberry.enum_value("TOPIC", description="A node of a topic hierarchy (Topic).")
    INSTITUTION = strawberry.enum_value("INSTITUTION", description="An organisation authors are affiliated with "
                                                                   "(Institution).")
    SOURCE = strawberry.enum_value("SOURCE", description="A journal, repository or other venue (Source).")


@strawberry.enum(description="What full-text search looks in.")
class SearchKind(Enum):
    AUTHOR = strawberry.enum_value("AUTHOR", description="Authors, by display name.")
    WORK = strawberry.enum_value("WORK", description="Works, by title and abstract.")


@strawberry.enum(description="The kinds of edge in a graph slice (see docs/api.md).")
class EdgeKind(Enum):
    AUTHORED = strawberry.enum_value("AUTHORED", description="Author to a work they wrote; weight 1.")
    COAUTHOR = strawberry.enum_value("COAUTHOR", description="Between two authors who share works, undirected "
                                                             "(the smaller id is the source); weight: shared works.")
    HAS_TOPIC = strawberry.enum_value("HAS_TOPIC", description="Work to one of its topics; weight 1, the topic "
                                                               "score in `expand` of a work.")
    WORKS_ON = strawberry.enum_value("WORKS_ON", description="Author (or institution, in `expand`) to a topic, "
                                                             "derived from works; weight: their works in it.")
    AFFILIATED_WITH = strawberry.enum_value("AFFILIATED_WITH", description="Author to an institution; weight: "
                                                                           "years of affiliation (1 in `expand`).")
    CITES = strawberry.enum_value("CITES", description="Work to a work it cites; weight 1.")
    PUBLISHED_IN = strawberry.enum_value("PUBLISHED_IN", description="Work to its source; weight 1.")
    SUBTOPIC_OF = strawberry.enum_value("SUBTOPIC_OF", description="Topic to its broader topic; weight 1.")
    SIMILAR_TO = strawberry.enum_value("SIMILAR_TO", description="Between two similar works, undirected (the "
                                                                 "smaller id is the source); weight: cosine "
                                                                 "similarity.")


@strawberry.enum(description="Trust bands: Unverified < 20, Emerging 20-39, Established 40-69, Trusted >= 70.")
class TrustBand(Enum):
    UNVERIFIED = strawberry.enum_value("UNVERIFIED", description="Score under 20.")
    EMERGING = strawberry.enum_value("EMERGING", description="Score 20-39.")
    ESTABLISHED = strawberry.enum_value("ESTABLISHED", description="Score 40-69.")
    TRUSTED = strawberry.enum_value("TRUSTED", description="Score 70 or more.")


@strawberry.enum(description="L0 nothing known; L1 a public record with an identifier (ORCID or OpenAlex id); "
                             "L2 a pending claim by its author; L3 a verified claim.")
class VerificationLevel(Enum):
    L0 = strawberry.enum_value("L0", description="Nothing known: no ORCID, no OpenAlex id, no claim.")
    L1 = strawberry.enum_value("L1", description="A public record with an identifier (ORCID or OpenAlex id), "
                                                 "without a pending or verified claim.")
    L2 = strawberry.enum_value("L2", description="A user's claim of the record is pending.")
    L3 = strawberry.enum_value("L3", description="A user's claim of the record was verified.")


@strawberry.enum(description="Where a claim on an author record stands.")
class ClaimStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Waiting for an administrator; the record shows L2.")
    VERIFIED = strawberry.enum_value("verified", description="Verified by an administrator or by matching ORCIDs; "
                                                             "the record shows L3.")
    REJECTED = strawberry.enum_value("rejected", description="Rejected by an administrator (see `reason`), or "
                                                             "because another claimant was verified.")


@strawberry.enum(description="How a claim was verified.")
class VerificationMethod(Enum):
    ADMIN = strawberry.enum_value("admin", description="An administrator approved the claim.")
    ORCID = strawberry.enum_value("orcid", description="The claimant's account ORCID equals the author record's: "
                                                       "verified when claimed.")


@strawberry.enum(description="Where an invitation stands.")
class InvitationStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Not answered yet.")
    ACCEPTED = strawberry.enum_value("accepted", description="Accepted: each side sees the other's email in "
                                                             "`contactEmail`.")
    DECLINED = strawberry.enum_value("declined", description="Declined.")


@strawberry.enum(description="An invitation as seen by the signed-in user.")
class InvitationDirection(Enum):
    RECEIVED = strawberry.enum_value("received", description="Sent to the signed-in user.")
    SENT = strawberry.enum_value("sent", description="Sent by the signed-in user.")
