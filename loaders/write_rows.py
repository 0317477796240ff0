"""The rows of one write batch: the batch itself, and how records fold into rows before
`UNWIND $rows … MERGE` (the same precedence the Cypher applies across batches)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from loaders import precedence
from loaders.records import AuthorRecord, InstitutionRecord, MergedId, TopicRecord, WorkRecord

R = TypeVar("R")

# Hyper-authored papers (particle-physics collaborations list thousands) would add
# millions of coauthor pairs that say nothing about who works with whom. Such works
# count for no COAUTHOR pair: `works` counts the shared works with at most this many
# authors, so the edge is the same whatever order the works arrive in.
MAX_COAUTHORS_PER_WORK = 100

WORK_FIELDS = (
    "title", "abstract", "publication_date", "year", "type", "doi", "arxiv_id",
    "openalex_id", "language", "cited_by_count", "categories", "code_url", "open_access", "funders",
    "funder_dois",
)


def entity_rank(own: bool, updated: str | None) -> str:
    """An entity record's `record_rank` (loaders/precedence.py)."""
    return precedence.record_rank(own, updated)


def ranked_row(rows: dict[str, dict[str, Any]], node_id: str, props: dict[str, Any], rank: str) -> None:
    """Fold one record into the batch's row for its node, as the Cypher does across batches:
    the higher rank sets its values, a lower one only fills what is missing."""
    row = rows.get(node_id)
    if row is None:
        rows[node_id] = {"id": node_id, "props": props, "rank": rank}
    else:
        fold_props(row, props, rank)


def fold_props(row: dict[str, Any], props: dict[str, Any], rank: str) -> None:
    """One record's properties into its node's row: a rank at least the row's (or a row with
    none yet) sets them, a lower one only fills what is missing."""
    if row["rank"] is None or rank >= row["rank"]:
        row["props"].update(props)
        row["rank"] = rank
    else:
        for k, v in props.items():
            row["props"].setdefault(k, v)


def fold_order(records: list[tuple[R, str]], says: Callable[[R], Any]) -> list[tuple[R, str]]:
    """One node's records with their ranks, in the order to fold them into its row: when they
    all say the same (`says`), the first alone at their highest rank, which is what folding them
    one by one gives (an author's copy in each of their works, the parser's shared institution)."""
    if len(records) > 1:
        first = says(records[0][0])
        if all(says(r) == first for r, _ in records[1:]):
            return [(records[0][0], max(rank for _, rank in records))]
    return records


def props_of(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Non-empty properties only: a source that lacks a field never erases another's value."""
    out = {}
    for n in names:
        v = getattr(obj, n)
        if v is not None and v != []:
            out[n] = v
    return out


@dataclass
class Batch:
    works: list[WorkRecord] = field(default_factory=list)
    authors: list[AuthorRecord] = field(default_factory=list)
    institutions: list[InstitutionRecord] = field(default_factory=list)
    topics: list[TopicRecord] = field(default_factory=list)
    merges: list[MergedId] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.works) + len(self.authors) + len(self.institutions) + len(self.topics) + len(self.merges)


def split_unlinked(rows: Any, unlinked: set[str], new: str = "new", others: str = "rows",
                   filling: set[str] | None = None) -> dict[str, list[Any]]:
    """Link rows ([work, ...]) of works with no links of their own yet (upsert_works' `unlinked`;
    `new`: CREATE) apart from the others (MERGE); with `filling`, the rows of the works whose
    records only fill (precedence.wins is false for them) go to `fill` (MERGE, properties set
    on creation only)."""
    out: dict[str, list[Any]] = {new: [], others: []}
    if filling is not None:
        out["fill"] = []
    for row in rows:
        if row[0] in unlinked:
            out[new].append(row)
        elif filling is not None and row[0] in filling:
            out["fill"].append(row)
        else:
            out[others].append(row)
    return out


def fold_links(links: dict[str, tuple[str, dict[str, list[Any]]]], wid: str, rank: str,
                mine: dict[str, list[Any]]) -> None:
    """One record's links of a work (target id -> link row) into the batch's: a record ranked at
    least the highest so far sets the properties of the links it names, a lower one only adds
    the links the others lack (`links`: work -> (highest rank, rows))."""
    held = links.get(wid)
    if held is None:
        links[wid] = (rank, mine)
    elif rank >= held[0] and rank != precedence.FILL:
        held[1].update(mine)
        links[wid] = (rank, held[1])
    else:
        for key, row in mine.items():
            held[1].setdefault(key, row)

