"""An author's works as the coherence analysis reads them (analytics/coherence.py): the rows of
the named query api/author_coherence, so the API's possibleMerge and trust score's
topical_coherence (api/data/possible_merge.py) and `scholargraph analyze --merges`
(analytics/merges.py) read the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analytics.coherence import AffiliationFacts, Coherence, WorkFacts, analyse

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MergeData:
    coherence: Coherence
    topics: dict[str, Row]  # topic id -> Topic map, for the clusters' topics
    institutions: dict[str, Row]  # institution id -> Institution map


def _vector(value: Any) -> tuple[float, ...] | None:
    if value is None:
        return None
    vector = tuple(float(x) for x in value)
    return vector or None


def merge_data(row: Row) -> MergeData:
    """The analysis of one api/author_coherence row (its merge_works, merge_topics and affiliations)."""
    topics: dict[str, Row] = {}
    names: dict[str, str] = {}
    works = []
    fields: dict[str, list[str]] = {}
    for t in row["merge_topics"]:
        topic = t["topic"]
        topics[topic["id"]] = topic
        names[topic["id"]] = topic.get("name") or topic["id"]
        fields[topic["id"]] = sorted({f["id"] for f in t["fields"]})
        for f in t["fields"]:
            names[f["id"]] = f.get("name") or f["id"]
    for w in row["merge_works"]:
        # A work is about its primary topic: the one links and fields rest on (all its topics
        # where none is marked primary). Secondary topics cross fields too freely to tell people apart.
        main = [t["id"] for t in w["topics"] if t["primary"]] or [t["id"] for t in w["topics"]]
        works.append(WorkFacts(
            id=w["id"], year=int(w["year"]) if w["year"] is not None else None, cited=int(w["cited"]),
            topics=tuple(sorted(set(main))), fields=tuple(sorted({f for t in main for f in fields.get(t, [])})),
            coauthors=tuple(sorted(set(w["coauthors"]))), embedding=_vector(w["embedding"]),
            all_topics=tuple(sorted({t["id"] for t in w["topics"]}))))
    institutions: dict[str, Row] = {}
    affiliations = []
    for a in row["affiliations"]:
        inst = a["institution"]
        institutions[inst["id"]] = inst
        names[inst["id"]] = inst.get("name") or inst["id"]
        affiliations.append(AffiliationFacts(inst["id"], tuple(sorted(int(y) for y in a["years"]))))
    return MergeData(analyse(works, affiliations, names), topics, institutions)


NO_WORKS: Row = {"merge_works": [], "merge_topics": [], "affiliations": []}
