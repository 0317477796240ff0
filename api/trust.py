"""The trust summary of a researcher profile: one deterministic formula, documented in docs/api.md.

score = round(sum(weight * value)) over the signals below, each value in [0, 1]; the
weights add up to 100, so the score is 0-100.

| signal              | weight | value |
|---------------------|-------:|-------|
| orcid               |     15 | 1 with an ORCID, else 0 |
| affiliation         |     10 | 1 with a current affiliation, 0.5 with past ones only, else 0 |
| claim               |     30 | 1 for a verified claim, 0.4 for a pending one, else 0 |
| doi_coverage        |     10 | share of the works that have a DOI |
| topical_coherence   |     15 | 1 - the possible-merge score (analytics/coherence.py); 0.5 under 6 works |
| coauthor_network    |     15 | min(1, ln(1 + coauthors) / ln(26)): 25 coauthors or more give 1 |
| publication_record  |      5 | min(1, works / 10) |

topical_coherence is the same analysis as profile.possibleMerge: the author's works are
clustered (shared coauthors, affiliations, embeddings, topics); a profile whose works fall into
substantial clusters on unrelated topics (say language models and tetraquark physics) is
probably two people under one name: its possible-merge score is high, its coherence low, and
the signal's detail says so. A profile that is not flagged gets 1.

Bands: Unverified under 20, Emerging 20-39, Established 40-69, Trusted 70 and over.
Verification level: L3 a verified claim, L2 a pending claim, L1 a public record with an
identifier (ORCID or OpenAlex id), L0 nothing known.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analytics.coherence import MIN_WORKS, Coherence

WEIGHTS: dict[str, float] = {
    "orcid": 15,
    "affiliation": 10,
    "claim": 30,
    "doi_coverage": 10,
    "topical_coherence": 15,
    "coauthor_network": 15,
    "publication_record": 5,
}
BANDS: tuple[tuple[int, str], ...] = ((70, "TRUSTED"), (40, "ESTABLISHED"), (20, "EMERGING"), (0, "UNVERIFIED"))
BAND_LABELS = {"TRUSTED": "Trusted", "ESTABLISHED": "Established", "EMERGING": "Emerging", "UNVERIFIED": "Unverified"}
COAUTHORS_FOR_FULL_NETWORK = 25
WORKS_FOR_FULL_RECORD = 10


@dataclass(frozen=True, slots=True)
class TrustInputs:
    orcid: str | None
    openalex_id: str | None
    claim: str | None  # "verified" | "pending" | None
    works: int
    with_doi: int
    current_affiliation: str | None  # name of the main current affiliation
    past_affiliation: str | None  # name of the latest past affiliation
    coherence: Coherence  # the possible-merge analysis of the author's works (analytics/coherence.py)
    coauthors: int


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    value: float  # 0-1
    weight: float
    contribution: float  # weight * value: points of the score
    detail: str


@dataclass(frozen=True, slots=True)
class TrustSummary:
    score: int
    band: str
    verification_level: str
    signals: list[Signal]

    @property
    def label(self) -> str:
        return f"Trust {self.score} - {BAND_LABELS[self.band]}"


def _coherence(inputs: TrustInputs) -> tuple[float, str]:
    c = inputs.coherence
    if c.works < MIN_WORKS:
        return 0.5, f"only {c.works} work{'s' * (c.works != 1)}: too few to judge coherence"
    if not c.likely:
        return 1.0, "; ".join(c.evidence)
    return 1.0 - c.score, (f"possible merge of {c.people} people (score {c.score:.2f}): " + "; ".join(c.evidence))


def trust(inputs: TrustInputs) -> TrustSummary:
    values: dict[str, tuple[float, str]] = {}
    values["orcid"] = (1.0, f"ORCID {inputs.orcid}") if inputs.orcid else (0.0, "no ORCID known")
    if inputs.current_affiliation:
        values["affiliation"] = (1.0, f"current affiliation: {inputs.current_affiliation}")
    elif inputs.past_affiliation:
        values["affiliation"] = (0.5, f"only past affiliations known (latest: {inputs.past_affiliation})")
    else:
        values["affiliation"] = (0.0, "affiliation not imported")
    values["claim"] = {
        "verified": (1.0, "claimed by its author and verified"),
        "pending": (0.4, "claimed by its author, verification pending"),
    }.get(inputs.claim or "", (0.0, "unclaimed"))
    if inputs.works:
        share = inputs.with_doi / inputs.works
        values["doi_coverage"] = (share, f"{inputs.with_doi} of {inputs.works} works have a DOI ({share:.0%})")
    else:
        values["doi_coverage"] = (0.0, "no works in the graph")
    values["topical_coherence"] = _coherence(inputs)
    network = min(1.0, math.log1p(inputs.coauthors) / math.log1p(COAUTHORS_FOR_FULL_NETWORK))
    values["coauthor_network"] = (network, f"{inputs.coauthors} coauthor{'s' * (inputs.coauthors != 1)} in the graph")
    record = min(1.0, inputs.works / WORKS_FOR_FULL_RECORD)
    values["publication_record"] = (record, f"{inputs.works} work{'s' * (inputs.works != 1)} in the graph")

    signals = [
        Signal(name, round(value, 4), WEIGHTS[name], round(WEIGHTS[name] * value, 2), detail)
        for name, (value, detail) in values.items()
    ]
    score = int(math.floor(sum(WEIGHTS[n] * v for n, (v, _) in values.items()) + 0.5))
    score = min(100, max(0, score))
    band = next(name for floor, name in BANDS if score >= floor)
    return TrustSummary(score, band, verification_level(inputs), signals)


def verification_level(inputs: TrustInputs) -> str:
    if inputs.claim == "verified":
        return "L3"
    if inputs.claim == "pending":
        return "L2"
    if inputs.orcid or inputs.openalex_id:
        return "L1"
    return "L0"
