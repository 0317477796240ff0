"""Which record's values a node keeps when several records describe it (`record_rank`).

A rank is a string; the higher one (compared as text) sets the node's values, a lower one
only fills what the node lacks, so the graph ends the same whatever order the records are
read in. The empty rank is below every record: a record written under a merged id's
survivor (loaders/merges.py) only ever fills.

- Entities (authors, institutions, topics, sources): the entity's own record over any copy
  embedded in another record, then the newer `updated_date` (ISO strings compare as text).
- Works: every source's work record is the work's own record, so the source decides first
  (`WORK_SOURCES`, last wins), then the newer `updated_date` (only OpenAlex dates its work
  records): two snapshots of one OpenAlex work keep the newer's values, and an arXiv and a
  Crossref record of one DOI keep Crossref's title whichever was loaded last.

The graph writer and the bulk loader both rank through these functions.
"""

from __future__ import annotations

# Lowest first: which source's work record sets a work's values when two disagree. OpenAlex
# last: it is the only one that dates its records (so the newer of two snapshots wins) and the
# one whose ids the graph is keyed by; Crossref holds the publisher's deposit of the published
# version; Semantic Scholar and dblp derive theirs from those; arXiv holds the preprint.
WORK_SOURCES = ("arxiv", "dblp", "semanticscholar", "crossref", "openalex")
_WORK_PLACE = {name: str(i + 1) for i, name in enumerate(WORK_SOURCES)}
# A Work's `sources`, in this order whatever order its records came in: the highest first.
SOURCES_LISTED = list(reversed(WORK_SOURCES))

# Fill-only: below every record's rank.
FILL = ""


def record_rank(own: bool, updated: str | None) -> str:
    """An entity record's rank: its own record ("1|…") over embedded copies ("0|…"), then
    the newer `updated_date`. Equal ranks: the later write wins."""
    return f"{1 if own else 0}|{updated or ''}"


def work_rank(source_name: str, updated: str | None) -> str:
    """A work record's rank: its source's place in WORK_SOURCES, then the newer
    `updated_date`. A source not listed ranks below every listed one ("0|…")."""
    return f"{_WORK_PLACE.get(source_name, '0')}|{updated or ''}"


def wins(rank: str, node_rank: str | None) -> bool:
    """Whether a work record of `rank` sets the values of a Work ranked `node_rank` (None: a
    node no record has set yet, such as a citation's placeholder): load/upsert_works' rule.
    (The entity upserts let FILL set a node no record has set.)"""
    return rank != FILL and (node_rank or "") <= rank
