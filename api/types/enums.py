"""Enumerations of the schema."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="How an author's works are ordered.")
class WorkOrder(Enum):
    DATE = "DATE"  # newest first
    CITATIONS = "CITATIONS"  # most cited first


@strawberry.enum(description="The kinds of node in the graph.")
class NodeKind(Enum):
    AUTHOR = "AUTHOR"
    WORK = "WORK"
    TOPIC = "TOPIC"
    INSTITUTION = "INSTITUTION"
    SOURCE = "SOURCE"


@strawberry.enum(description="What full-text search looks in.")
class SearchKind(Enum):
    AUTHOR = "AUTHOR"
    WORK = "WORK"


@strawberry.enum(description="The kinds of edge in a graph slice (see docs/api.md).")
class EdgeKind(Enum):
    AUTHORED = "AUTHORED"
    COAUTHOR = "COAUTHOR"
    HAS_TOPIC = "HAS_TOPIC"
    WORKS_ON = "WORKS_ON"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    CITES = "CITES"
    PUBLISHED_IN = "PUBLISHED_IN"
    SUBTOPIC_OF = "SUBTOPIC_OF"
    SIMILAR_TO = "SIMILAR_TO"


@strawberry.enum(description="Trust bands: Unverified < 20, Emerging 20-39, Established 40-69, Trusted >= 70.")
class TrustBand(Enum):
    UNVERIFIED = "UNVERIFIED"
    EMERGING = "EMERGING"
    ESTABLISHED = "ESTABLISHED"
    TRUSTED = "TRUSTED"


@strawberry.enum(description="L0 nothing known; L1 a public record with an identifier (ORCID or OpenAlex id); "
                             "L2 a pending claim by its author; L3 a verified claim.")
class VerificationLevel(Enum):
    L0 = "L0"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
