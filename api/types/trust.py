"""The profile's trust score as the API shows it (the formula: api/trust.py, docs/api.md)."""

from __future__ import annotations

import strawberry

from api.trust import TrustSummary
from api.types.enums import TrustBand, VerificationLevel


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
