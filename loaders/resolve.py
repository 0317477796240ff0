"""Identity: which graph node a record's work or author is.

Works: one paper, one node, matched by OpenAlex id, DOI or arXiv id (in that order)
against the graph and the rest of the batch; a new work keeps its source key.

Authors with an OpenAlex id are that id; with only an ORCID, the author holding
that ORCID (else "orcid:<ORCID>"). Name-only authors (arXiv) join an existing
author only on strong evidence:
  1. the same paper already lists an author with a compatible name (the OpenAlex
     record of the same work, or an earlier load of this record), or
  2. exactly one existing author with the same normalised name shares a coauthor
     (by normalised name) with this paper.
Otherwise they get their own deterministic id, hashed from the name and the work,
so two people who share a name are never merged on the name alone.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from graphdb import Result
from loaders.ids import normalise_name
from loaders.records import AuthorRecord, WorkRecord


class Reader(Protocol):
    """What the resolvers need: a named read query (a Graph, or the writer's fast path)."""

    def query(self, name: str, params: dict[str, Any]) -> Result: ...


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    stub: bool
    openalex_id: str | None
    doi: str | None
    year: int | None = None
    in_graph: bool = False
    rank: str | None = None  # the node's record_rank (loaders/precedence.py)


def _lookup(graph: Reader, query: str, values: set[str]) -> dict[str, list[_Node]]:
    found: dict[str, list[_Node]] = defaultdict(list)
    if values:
        for row in graph.query(query, {"values": sorted(values)}).rows:
            found[row["key"]].append(_Node(row["id"], bool(row["stub"]), row["openalex_id"], row["doi"],
                                           row.get("year"), True, row.get("rank")))
    return found


def arxiv_doi(arxiv: str) -> str:
    """arXiv registers a DOI for every paper; OpenAlex's record of the preprint carries it."""
    return f"10.48550/arxiv.{arxiv.lower()}"


def _keys(w: WorkRecord) -> list[tuple[str, str]]:
    keys = [("doi", w.doi)] if w.doi else []
    if w.arxiv_id:
        keys += [("arxiv", w.arxiv_id), ("doi", arxiv_doi(w.arxiv_id))]
    return keys


def _acceptable(w: WorkRecord, node: _Node) -> bool:
    # Distinct OpenAlex ids are distinct OpenAlex works (OpenAlex keeps preprint and
    # published version apart); only a node with no OpenAlex id, or the same one, joins.
    return not w.openalex_id or node.openalex_id in (None, w.openalex_id)


def _rank(w: WorkRecord, node: _Node) -> tuple[bool, bool, str]:
    is_arxiv_copy = bool(w.arxiv_id) and node.doi == arxiv_doi(w.arxiv_id)
    return (not is_arxiv_copy, node.stub, node.id)


def resolve_work_ids(graph: Reader, works: list[WorkRecord]) -> list[str]:
    """The graph id of each work: the node already holding its OpenAlex id, else an
    acceptable node sharing its DOI or arXiv id (the arXiv copy first, complete works
    before placeholders), else a new node keyed by the source's own id."""
    return resolve_works(graph, works)[0]


def resolve_works(graph: Reader, works: list[WorkRecord]) -> tuple[list[str], dict[str, int | None]]:
    """`resolve_work_ids`, and the year each work already in the graph has there now
    (graph id -> year or None), so the writer can tell which years a batch changes."""
    found = resolve_works_in_graph(graph, works)
    return found.ids, {wid: node.year for wid, node in found.before.items()}


@dataclass(frozen=True, slots=True)
class ResolvedWorks:
    ids: list[str]  # each work's graph id, in order
    before: dict[str, _Node]  # graph id -> the node as the graph holds it now (year, record_rank)


def resolve_works_in_graph(graph: Reader, works: list[WorkRecord]) -> ResolvedWorks:
    """`resolve_work_ids`, and for the works already in the graph their node as it is now:
    its year (the writer tells which years a batch changes) and its record_rank (whether a
    record sets the work's values or only fills them, loaders/precedence.py)."""
    by_oa = _lookup(graph, "load/work_ids_by_openalex", {w.openalex_id for w in works if w.openalex_id})
    keys = [_keys(w) for w in works]
    by_doi = _lookup(graph, "load/work_ids_by_doi", {v for ks in keys for k, v in ks if k == "doi"})
    by_arxiv = _lookup(graph, "load/work_ids_by_arxiv", {v for ks in keys for k, v in ks if k == "arxiv"})
    tables = {"doi": by_doi, "arxiv": by_arxiv}
    batch: dict[tuple[str, str], list[_Node]] = defaultdict(list)  # works earlier in this batch
    ids = []
    before: dict[str, _Node] = {}
    for w, ks in zip(works, keys, strict=True):
        if w.openalex_id and (by_oa.get(w.openalex_id) or batch.get(("oa", w.openalex_id))):
            node = (by_oa.get(w.openalex_id) or batch[("oa", w.openalex_id)])[0]
        else:
            pool = [n for k, v in ks for n in tables[k].get(v, []) + batch.get((k, v), []) if _acceptable(w, n)]
            node = min(pool, key=lambda n: _rank(w, n)) if pool else None
        wid = node.id if node else w.key
        if node is not None and node.in_graph:
            before[wid] = node
        mine = _Node(wid, False, w.openalex_id or (node.openalex_id if node else None), w.doi)
        for k in [("oa", w.openalex_id or ""), *ks]:
            if k[1]:
                batch[k].append(mine)
        ids.append(wid)
    return ResolvedWorks(ids, before)


@lru_cache(maxsize=1 << 14)  # bounded: memory stays flat whatever the file size
def name_key(name: str) -> str:
    return normalise_name(name)


def _compatible(a: str, b: str) -> bool:
    """"J. Priem" and "Jason Priem" on the same paper: same family name, given names
    agreeing initial by initial."""
    if a == b:
        return True
    pa, pb = a.split(), b.split()
    if not pa or not pb or pa[-1] != pb[-1]:
        return False
    ga, gb = pa[:-1], pb[:-1]
    if not ga or not gb:
        return False
    return all(x[0] == y[0] and (len(x) == 1 or len(y) == 1 or x == y) for x, y in zip(ga, gb, strict=False))


def new_author_id(key: str, work_id: str) -> str:
    digest = hashlib.sha1(f"{key}|{work_id}".encode()).hexdigest()[:16]
    return f"name:{digest}"


@dataclass
class _Known:
    """Name-only authors resolved in this batch, so later works in it can match them."""

    coauthors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def resolve_author_ids(graph: Reader, works: list[WorkRecord], work_ids: list[str]) -> list[list[str]]:
    """Graph ids for every authorship of every work, in order."""
    orcids = {a.author.orcid for w in works for a in w.authorships if a.author.orcid and not a.author.openalex_id}
    by_orcid = {}
    if orcids:
        rows = graph.query("load/author_ids_by_orcid", {"values": sorted(orcids)}).rows
        by_orcid = {r["key"]: r["id"] for r in rows}
    nameless = [i for i, w in enumerate(works) if any(_name_only(a.author) for a in w.authorships)]
    if not nameless:  # every author carries an id: no name matching, nothing to remember
        return [[a.author.openalex_id or a.author.id or by_orcid.get(a.author.orcid, f"orcid:{a.author.orcid}")
                 for a in w.authorships] for w in works]
    on_work: dict[str, list[tuple[str, str]]] = defaultdict(list)
    candidates: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    if nameless:
        wids = sorted({work_ids[i] for i in nameless})
        for r in graph.query("load/authors_of_works", {"works": wids}).rows:
            on_work[r["work"]].append((r["id"], r["name_key"] or name_key(r["display_name"] or "")))
        names = sorted({name_key(a.author.display_name) for i in nameless
                        for a in works[i].authorships if _name_only(a.author)})
        for r in graph.query("load/name_candidates", {"names": names}).rows:
            candidates[r["name_key"]].append((r["id"], set(r["coauthor_names"])))
    known = _Known()
    result = []
    for w, wid in zip(works, work_ids, strict=True):
        keys = [name_key(a.author.display_name) for a in w.authorships]
        ids = []
        for a, key in zip(w.authorships, keys, strict=True):
            author = a.author
            if author.openalex_id or author.id:
                ids.append(author.openalex_id or author.id)  # type: ignore[arg-type]
            elif author.orcid:
                ids.append(by_orcid.get(author.orcid, f"orcid:{author.orcid}"))
            else:
                others = {k for k in keys if k != key}
                ids.append(_match_name(key, wid, others, on_work, candidates, known))
        for aid, key in zip(ids, keys, strict=True):
            known.by_name[key].add(aid)
            known.coauthors[aid] |= {k for k in keys if k != key}
            on_work[wid].append((aid, key))
        result.append(ids)
    return result


def _name_only(author: AuthorRecord) -> bool:
    return not (author.openalex_id or author.id or author.orcid)


def _match_name(
    key: str,
    work_id: str,
    others: set[str],
    on_work: dict[str, list[tuple[str, str]]],
    candidates: dict[str, list[tuple[str, set[str]]]],
    known: _Known,
) -> str:
    same_paper = [aid for aid, k in on_work.get(work_id, []) if _compatible(k, key)]
    if len(same_paper) == 1:
        return same_paper[0]
    pool: dict[str, set[str]] = {aid: set(c) for aid, c in candidates.get(key, [])}
    for aid in known.by_name.get(key, ()):
        pool.setdefault(aid, set()).update(known.coauthors[aid])
    sharing = sorted(aid for aid, coauthors in pool.items() if coauthors & others)
    if len(sharing) == 1:
        return sharing[0]
    return new_author_id(key, work_id)
