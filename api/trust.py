"""The trust summary of a researcher profile: one deterministic formula, documented in docs/api.md.

score = round(sum(weight * value)) over the signals below, each value in [0, 1]; the
weights add up to 100, so the score is 0-100.

| signal              | weight | value |
|---------------------|-------:|-------|
| orcid               |     15 | 1 with an ORCID, else 0 |
| affiliation         |     10 | 1 with a current affiliation, 0.5 with past ones only, else 0 |
| claim               |     30 | 1 for a verified claim, 0.4 for a pending one, else 0 |
| doi_coverage        |     10 | share of the works that have a DOI |
| topical_coherence   |     15 | clamp((share of works in the largest field cluster - 0.5) / 0.4); 0.5 under 3 works |
| coauthor_network    |     15 | min(1, ln(1 + coauthors) / ln(26)): 25 coauthors or more give 1 |
| publication_record  |      5 | min(1, works / 10) |

Fields are OpenAlex fields and arXiv archives; two fields are related when one work has
topics in both, and a cluster is a connected group of related fields. A profile whose works
fall into unrelated clusters (say language models and tetraquark physics) is probably two
people under one name: its coherence is low and the signal's detail says so.

Bands: Unverified under 20, Emerging 20-39, Established 40-69, Trusted 70 and over.
Verification level: L3 a verified claim, L2 a pending claim, L1 a public record with an
identifier (ORCID or OpenAlex id), L0 nothing known.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

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
MIN_WORKS_FOR_COHERENCE = 3
SCATTERED_BELOW = 0.8  # the coherence detail warns under this share


@dataclass(frozen=True, slots=True)
class TrustInputs:
    orcid: str | None
    openalex_id: str | None
    claim: str | None  # "verified" | "pending" | None
    works: int
    with_doi: int
    current_affiliation: str | None  # name of the main current affiliation
    past_affiliation: str | None  # name of the latest past affiliation
    work_fields: list[list[str]]  # per work with topics: its field ids
    field_names: dict[str, str]
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


@dataclass(frozen=True, slots=True)
class Cluster:
    fields: list[str]  # field ids, most works first
    works: int


def field_clusters(work_fields: list[list[str]]) -> list[Cluster]:
    """Connected groups of fields (linked when a work has topics in both), largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for fields in work_fields:
        for f in fields[1:]:
            ra, rb = find(fields[0]), find(f)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    works: Counter[str] = Counter()
    per_field: Counter[str] = Counter()
    for fields in work_fields:
        if fields:
            works[find(fields[0])] += 1
            per_field.update(set(fields))
    members: dict[str, list[str]] = {}
    for f in per_field:
        members.setdefault(find(f), []).append(f)
    clusters = [Cluster(sorted(fs, key=lambda f: (-per_field[f], f)), works[root]) for root, fs in members.items()]
    return sorted(clusters, key=lambda c: (-c.works, c.fields[0]))


def _coherence(inputs: TrustInputs) -> tuple[float, str]:
    works = [fs for fs in inputs.work_fields if fs]
    if len(works) < MIN_WORKS_FOR_COHERENCE:
        return 0.5, f"only {len(works)} work{'s' * (len(works) != 1)} with topics: too few to judge coherence"
    clusters = field_clusters(works)
    share = clusters[0].works / len(works)
    value = min(1.0, max(0.0, (share - 0.5) / 0.4))

    def names(c: Cluster, n: int = 3) -> str:
        shown = [inputs.field_names.get(f, f) for f in c.fields[:n]]
        return ", ".join(shown) + (", …" if len(c.fields) > n else "")

    if len(clusters) == 1:
        return value, f"all {len(works)} works with topics lie in one cluster of related fields ({names(clusters[0])})"
    parts = "; ".join(f"{names(c, 2)} ({c.works / len(works):.0%})" for c in clusters[:3])
    if share < SCATTERED_BELOW:
        return value, (f"works scattered over {len(clusters)} unrelated clusters of fields: {parts}; "
                       "the profile may merge different people")
    return value, f"{share:.0%} of works lie in one cluster of related fields; the rest: {parts}"


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
