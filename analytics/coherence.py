"""Is this profile one person? Clusters of an author's works and the rule that says "may be N people".

Pure and deterministic: no database, no randomness; the same works give the same answer
whatever their order. docs/api.md ("This profile may be N people") states the rule; in short:

1. **Content groups.** Two works are linked (union-find) when both have an embedding and their
   cosine similarity is at least EMBEDDING_LINK, or, when one of the two has no embedding, when
   they share a primary topic (HAS_TOPIC.primary; all the work's topics where none is marked):
   topic overlap stands in for text similarity where no vector exists. Secondary topics cross
   fields too freely (a physics paper with a statistics topic) to tell people apart.
2. **Glue.** Two content groups are one person's when they share a *pinned* institution or
   enough coauthors: at least MIN_SHARED_COAUTHORS of them (all of the smaller group's when it
   has fewer) and at least MIN_COAUTHOR_OVERLAP of the smaller group's coauthors. Affiliations
   come per year (AFFILIATED_WITH years), not per work, so a work pins an institution only when
   it is the author's only affiliation in the work's year; a year with two (two people merged,
   each at their own place) pins none. One outsider who wrote with both people glues nothing.
   The clusters are the glued groups (works of over 100 authors count no coauthors).
3. **Substantial clusters**: at least MIN_CLUSTER_WORKS works and MIN_CLUSTER_SHARE of the
   author's works. Scattered single works are noise, not a second person.
4. **Topic distance** between two clusters: 1 - cosine of their works' counts per field (the
   OpenAlex field or arXiv archive of each work's primary topic); where either cluster has no
   field, 1 - cosine of their mean embeddings; 0 (unknown) without either.
5. **likely** when the two largest substantial clusters lie at a topic distance of at least
   MIN_TOPIC_DISTANCE. `people` is then the number of substantial clusters at that distance
   from every larger one (at least 2), else 1. The `score` (0-1) ranks profiles:
   min(1, 2 x share of the second cluster) x topic distance, 0 when not likely.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

EMBEDDING_LINK = 0.6  # cosine at or above which two works' texts are "about the same thing"
MIN_CLUSTER_WORKS = 3
MIN_CLUSTER_SHARE = 0.1
MIN_TOPIC_DISTANCE = 0.5
MIN_SHARED_COAUTHORS = 2
MIN_COAUTHOR_OVERLAP = 0.25
MIN_WORKS = 2 * MIN_CLUSTER_WORKS  # under this, two substantial clusters cannot exist
TOP = 5  # topics, coauthors, institutions listed per cluster
SIM_BLOCK = 1024  # rows of the cosine matrix computed at a time


@dataclass(frozen=True, slots=True)
class WorkFacts:
    id: str
    year: int | None
    cited: int
    topics: tuple[str, ...]  # the work's primary topic ids (all its topics where none is primary)
    fields: tuple[str, ...]  # OpenAlex fields / arXiv archives above those
    coauthors: tuple[str, ...]  # the other authors (empty for works of over 100 authors)
    embedding: tuple[float, ...] | None = None
    all_topics: tuple[str, ...] | None = None  # every topic of the work, for display (None: `topics`)


@dataclass(frozen=True, slots=True)
class AffiliationFacts:
    id: str  # institution id
    years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    works: tuple[str, ...]  # work ids, most cited first, then by id
    topics: tuple[tuple[str, int], ...]  # (topic id, works), most works first, then by id
    fields: tuple[tuple[str, int], ...]  # (field id, works)
    coauthors: tuple[tuple[str, int], ...]  # (author id, shared works), most first
    coauthor_count: int
    institutions: tuple[tuple[str, int], ...]  # (institution id, works in its years), most first
    years: tuple[int, ...]  # distinct years of the works
    substantial: bool


@dataclass(frozen=True, slots=True)
class Coherence:
    works: int  # works analysed
    clusters: tuple[Cluster, ...]  # largest first (then most cited first work's id)
    likely: bool
    people: int  # 0 without works
    score: float  # 0-1, 0 when not likely
    topic_distance: float | None  # between the two largest substantial clusters; None with fewer
    evidence: tuple[str, ...] = field(default=())


class _Sets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union_all(self, members: Iterable[int]) -> None:
        it = iter(members)
        first = next(it, None)
        if first is None:
            return
        root = self.find(first)
        for m in it:
            other = self.find(m)
            if other != root:  # the smaller index roots the set: order-independent
                root, other = min(root, other), max(root, other)
                self.parent[other] = root


def pinned(affiliations: Sequence[AffiliationFacts]) -> dict[int, str]:
    """Year -> the author's only institution that year (years with two or more pin none)."""
    by_year: dict[int, set[str]] = defaultdict(set)
    for a in affiliations:
        for y in a.years:
            by_year[y].add(a.id)
    return {y: next(iter(ids)) for y, ids in by_year.items() if len(ids) == 1}


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(a[k] * b[k] for k in a.keys() & b.keys())
    na, nb = math.sqrt(sum(v * v for v in a.values())), math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _top(counter: Counter[str], n: int | None = TOP) -> tuple[tuple[str, int], ...]:
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(ranked[:n] if n is not None else ranked)


def _content(works: Sequence[WorkFacts]) -> _Sets:
    """Stage 1: works linked by what they are about (embedding cosine, else a shared topic)."""
    sets = _Sets(len(works))
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(works):
        for t in set(w.topics):
            by_topic[t].append(i)
    # Topic overlap where a vector is missing: every work without one joins every work sharing
    # a topic with it (pairs of two embedded works are left to their cosine).
    for group in by_topic.values():
        bare = [i for i in group if works[i].embedding is None]
        if bare:
            sets.union_all([bare[0], *group])
    embedded = [(i, w.embedding) for i, w in enumerate(works) if w.embedding is not None]
    if len(embedded) > 1:
        for members in _similar_components([v for _, v in embedded]):
            sets.union_all(embedded[j][0] for j in members)
    return sets


def _similar_components(vectors: Sequence[tuple[float, ...]]) -> list[list[int]]:
    """Connected groups of the graph "cosine >= EMBEDDING_LINK", by min-label propagation in
    numpy (with pointer jumping): a few matrix products instead of a Python step per linked pair
    (1.5M pairs in a profile of 2,500 works on two topics took 7 s pair by pair). The matrix goes
    SIM_BLOCK rows at a time, so memory stays SIM_BLOCK x n."""
    m = np.asarray(vectors, dtype=np.float32)
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    n = len(m)
    labels = np.arange(n)
    while True:
        new = labels.copy()
        for start in range(0, n, SIM_BLOCK):
            linked = (m[start:start + SIM_BLOCK] @ m.T) >= EMBEDDING_LINK - 1e-6
            new[start:start + SIM_BLOCK] = np.where(linked, labels[None, :], n).min(axis=1)
        new = new[new]  # every label is a member of the same group: jump to its label
        if np.array_equal(new, labels):
            break
        labels = new
    groups: dict[int, list[int]] = defaultdict(list)
    for j, label in enumerate(labels.tolist()):
        groups[label].append(j)
    return list(groups.values())


def _glued(a: set[str], b: set[str]) -> bool:
    """Two content groups are one person's when they share enough coauthors: at least
    MIN_SHARED_COAUTHORS (or all of the smaller group's, when it has fewer) and at least
    MIN_COAUTHOR_OVERLAP of the smaller group's. One outsider who wrote with both does not glue."""
    shared = len(a & b)
    smaller = min(len(a), len(b))
    return shared > 0 and shared >= min(MIN_SHARED_COAUTHORS, smaller) and shared >= MIN_COAUTHOR_OVERLAP * smaller


def _link(works: Sequence[WorkFacts], pins: dict[int, str]) -> _Sets:
    """Stage 1 (content), then stage 2: content groups glued by coauthors or a pinned institution."""
    content = _content(works)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(works)):
        groups[content.find(i)].append(i)
    roots = sorted(groups)
    coauthors = {r: {c for i in groups[r] for c in works[i].coauthors} for r in roots}
    places = {r: {pins[w.year] for i in groups[r] if (w := works[i]).year is not None and w.year in pins}
              for r in roots}
    glue = _Sets(len(roots))
    for x, rx in enumerate(roots):
        for y in range(x + 1, len(roots)):
            ry = roots[y]
            if places[rx] & places[ry] or _glued(coauthors[rx], coauthors[ry]):
                glue.union_all([x, y])
    sets = _Sets(len(works))
    for x, rx in enumerate(roots):
        sets.union_all([*groups[rx], *groups[roots[glue.find(x)]]])
    return sets


def _cluster(members: list[WorkFacts], pins: dict[int, str], affiliations: Sequence[AffiliationFacts],
             substantial: bool) -> Cluster:
    topics: Counter[str] = Counter(t for w in members for t in set(w.topics if w.all_topics is None
                                                                    else w.all_topics))
    fields: Counter[str] = Counter(f for w in members for f in set(w.fields))
    coauthors: Counter[str] = Counter(c for w in members for c in set(w.coauthors))
    years = sorted({w.year for w in members if w.year is not None})
    # Institutions: those the author held in the cluster's years, counted by works of those years
    # (a pinned year counts its one institution only).
    institutions: Counter[str] = Counter()
    for w in members:
        if w.year is None:
            continue
        if w.year in pins:
            institutions[pins[w.year]] += 1
        else:
            institutions.update(a.id for a in affiliations if w.year in a.years)
    ordered = sorted(members, key=lambda w: (-w.cited, w.id))
    return Cluster(works=tuple(w.id for w in ordered), topics=_top(topics), fields=_top(fields, None),
                   coauthors=_top(coauthors), coauthor_count=len(coauthors), institutions=_top(institutions),
                   years=tuple(years), substantial=substantial)


def _centroid(members: Sequence[WorkFacts]) -> np.ndarray | None:
    vectors = [w.embedding for w in members if w.embedding is not None]
    if not vectors:
        return None
    m = np.asarray(vectors, dtype=np.float64)
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
    return m.mean(axis=0)


def distance(a: Cluster, b: Cluster, ca: np.ndarray | None = None, cb: np.ndarray | None = None) -> float:
    """Topic distance, 0-1: by fields where both clusters have some, else by mean embeddings."""
    if a.fields and b.fields:
        return round(1.0 - _cosine(Counter(dict(a.fields)), Counter(dict(b.fields))), 4)
    if ca is not None and cb is not None:
        na, nb = float(np.linalg.norm(ca)), float(np.linalg.norm(cb))
        if na and nb:
            return round(min(1.0, max(0.0, 1.0 - float(ca @ cb) / (na * nb))), 4)
    return 0.0


def analyse(works: Sequence[WorkFacts], affiliations: Sequence[AffiliationFacts] = (),
            names: dict[str, str] | None = None) -> Coherence:
    """The clusters of these works (one author's) and whether they look like several people.
    `names` (id -> display name of fields, topics, institutions) only words the evidence."""
    name = (names or {}).get
    works = sorted({w.id: w for w in works}.values(), key=lambda w: w.id)  # one per id, in id order
    n = len(works)
    if n == 0:
        return Coherence(0, (), False, 0, 0.0, None, ("no works in the graph: nothing to judge",))
    pins = pinned(affiliations)
    sets = _link(works, pins)
    groups: dict[int, list[WorkFacts]] = defaultdict(list)
    for i, w in enumerate(works):
        groups[sets.find(i)].append(w)
    threshold = max(MIN_CLUSTER_WORKS, MIN_CLUSTER_SHARE * n)
    members = sorted(groups.values(), key=lambda g: (-len(g), min((-w.cited, w.id) for w in g)))
    clusters = [_cluster(g, pins, affiliations, len(g) >= threshold) for g in members]
    centroids = [_centroid(g) for g in members]
    big = [i for i, c in enumerate(clusters) if c.substantial]

    def span(c: Cluster) -> str:
        return (f"{c.years[0]}-{c.years[-1]}" if c.years[0] != c.years[-1] else str(c.years[0])) if c.years \
            else "years unknown"

    def describe(c: Cluster) -> str:
        fields = ", ".join(name(f, f) for f, _ in c.fields[:2]) or "no field known"
        return (f"{len(c.works)} works ({span(c)}; {fields}; {c.coauthor_count} "
                f"coauthor{'s' * (c.coauthor_count != 1)})")

    if n < MIN_WORKS:
        return Coherence(n, tuple(clusters), False, 1, 0.0, None,
                         (f"only {n} work{'s' * (n != 1)}: too few to tell people apart "
                          f"(two groups of {MIN_CLUSTER_WORKS} works are needed)",))
    if len(big) < 2:
        evidence = [f"{len(clusters[0].works)} of {n} works ({len(clusters[0].works) / n:.0%}) form one group "
                    "linked by topics, text, shared coauthors and affiliations"]
        if len(clusters) > 1:
            rest = n - len(clusters[0].works)
            evidence.append(f"the other {rest} work{'s fall' if rest > 1 else ' falls'} into {len(clusters) - 1} "
                            f"group{'s' * (len(clusters) > 2)} of fewer than {math.ceil(threshold)} works")
        return Coherence(n, tuple(clusters), False, 1, 0.0, None, tuple(evidence))

    first, second = big[0], big[1]
    gap = distance(clusters[first], clusters[second], centroids[first], centroids[second])
    likely = gap >= MIN_TOPIC_DISTANCE
    people = 1
    if likely:
        kept: list[int] = []
        for i in big:
            if all(distance(clusters[i], clusters[j], centroids[i], centroids[j]) >= MIN_TOPIC_DISTANCE
                   for j in kept):
                kept.append(i)
        people = len(kept)
    share2 = len(clusters[second].works) / n
    score = round(min(1.0, 2 * share2) * gap, 4) if likely else 0.0
    a, b = clusters[first], clusters[second]
    circles = [{x for w in members[i] for x in w.coauthors} for i in (first, second)]
    shared = sorted(circles[0] & circles[1])
    evidence = [f"{len(big)} groups of works that neither enough shared coauthors nor an affiliation join: "
                + "; ".join(describe(clusters[i]) for i in big[:3])]
    if shared:
        evidence.append(f"the two largest share {len(shared)} coauthor{'s' * (len(shared) > 1)} "
                        f"({', '.join(shared[:3])}{', …' if len(shared) > 3 else ''}): too few to be one "
                        "person's circle")
    if likely:
        evidence.append(f"topic distance between the two largest groups {gap:.2f} (at least {MIN_TOPIC_DISTANCE} "
                        "counts as unrelated): the profile may merge different people")
    else:
        evidence.append(f"topic distance between the two largest groups {gap:.2f} (under {MIN_TOPIC_DISTANCE}): "
                        "related work, likely one person with separate collaborations")
    # The institutions each group holds alone in some year (pinned): disjoint by construction,
    # worth saying when both have some.
    ia = sorted({pins[w.year] for w in members[first] if w.year in pins})
    ib = sorted({pins[w.year] for w in members[second] if w.year in pins})
    if ia and ib:
        evidence.append("affiliations held alone differ: " + ", ".join(name(i, i) for i in ia[:2]) + " vs "
                        + ", ".join(name(i, i) for i in ib[:2]))
    if a.years and b.years:
        overlap = (max(a.years[0], b.years[0]), min(a.years[-1], b.years[-1]))
        evidence.append(f"both active {overlap[0]}-{overlap[1]}" if overlap[0] <= overlap[1]
                        else f"years do not overlap: {span(a)} and {span(b)}")
    return Coherence(n, tuple(clusters), likely, people, score, gap, tuple(evidence))
