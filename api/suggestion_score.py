"""How suggested collaborators are ranked: one documented mix (docs/api.md).

Candidates are people who are not yet coauthors, found three ways: coauthors of coauthors,
authors of works SIMILAR_TO the researcher's works, and authors with works in the
researcher's top topics. Each candidate gets three values in [0, 1]:

- network    = 1 - 0.5 ** common_coauthors        (1 common coauthor: 0.5, 2: 0.75, 3: 0.875)
- topic      = the researcher's works in the topics both work on / the researcher's works in
               their top topics (topics weighted by how many of the researcher's works they hold)
- similarity = 1 - 0.5 ** similar_works            (their works SIMILAR_TO the researcher's)

score = 0.5 * network + 0.3 * topic + 0.2 * similarity; ties by more common coauthors, then id.
Up to 500 candidates are read per source; the 150 best by a first estimate (`estimate`, the
topic value approximated by how many top topics they were seen in) are scored in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WEIGHTS = {"network": 0.5, "topic": 0.3, "similarity": 0.2}


@dataclass
class Candidate:
    id: str
    common: int = 0  # common coauthors
    via: list[str] = field(default_factory=list)  # ids of some common coauthors
    similar: int = 0  # their works similar to the researcher's
    similar_titles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # ids of the researcher's top topics they share
    topic_hits: int = 0  # how many of those, as first counted (before `topics` is known)


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    score: float
    network: float
    topic: float
    similarity: float


def estimate(candidate: Candidate, n_topics: int) -> float:
    """A first estimate that picks which candidates are scored in full: the topic value is
    approximated by the share of the researcher's top topics the candidate was seen in."""
    topic = candidate.topic_hits / n_topics if n_topics else 0.0
    return (WEIGHTS["network"] * (1 - 0.5 ** candidate.common) + WEIGHTS["topic"] * topic
            + WEIGHTS["similarity"] * (1 - 0.5 ** candidate.similar))


def score(candidate: Candidate, my_topics: dict[str, int]) -> Scored:
    """`my_topics`: the researcher's top topics -> how many of their works each holds."""
    network = 1 - 0.5 ** candidate.common
    total = sum(my_topics.values())
    topic = sum(my_topics.get(t, 0) for t in set(candidate.topics)) / total if total else 0.0
    similarity = 1 - 0.5 ** candidate.similar
    value = WEIGHTS["network"] * network + WEIGHTS["topic"] * topic + WEIGHTS["similarity"] * similarity
    return Scored(candidate, round(value, 4), round(network, 4), round(topic, 4), round(similarity, 4))


def rank(candidates: list[Candidate], my_topics: dict[str, int]) -> list[Scored]:
    scored = [score(c, my_topics) for c in candidates]
    return sorted(scored, key=lambda s: (-s.score, -s.candidate.common, s.candidate.id))


def reasons(s: Scored, names: dict[str, str], topic_names: dict[str, str]) -> list[str]:
    c = s.candidate
    out = []
    if c.common:
        shown = ", ".join(names.get(v, v) for v in c.via[:3])
        out.append(f"{c.common} common coauthor{'s' * (c.common != 1)}" + (f" ({shown})" if shown else ""))
    if c.topics:
        shown = ", ".join(topic_names.get(t, t) for t in c.topics[:3])
        out.append(f"also works on {shown}")
    if c.similar:
        example = f", e.g. \u201c{c.similar_titles[0]}\u201d" if c.similar_titles else ""
        out.append(f"{c.similar} work{'s' * (c.similar != 1)} similar to yours{example}")
    return out
