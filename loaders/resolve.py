"""Identity: which graph node a record's work or author is.

Works: one paper, one node, matched by OpenAlex id, DOI or arXiv id (in that order)
against the graph and the rest of the batch; a new work keeps its source key.

Authors with an OpenAlex id are that id; else the author holding their strongest person
key: ORCID, then Semantic Scholar authorId, then dblp person name (else a new
"orcid:<ORCID>", "s2author:<authorId>", "dblp:<name>": PERSON_KEYS). Name-only authors (arXiv) join an existing
author only on strong evidence:
  1. the same paper already lists an author with a compatible name (the OpenAlex
     record of the same work, or an earlier load of this record), or
  2. exactly one existing author with the same normalised name shares a coauthor
     (by normalised name) with this paper.
Otherwise they get their own deterministic id, hashed from the name and the work,
so two people who share a name are never merged on the name alone. Rule 1 the other way
round: a name-only author read before the keyed record of the same work is folded into the
keyed author once that record comes (loaders/name_folds.py), so the order does not matter.
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
    is_arxiv_copy = bool(w.arxiv_id and node.doi == arxiv_doi(w.arxiv_id))
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
            node: _Node | None = (by_oa.get(w.openalex_id) or batch[("oa", w.openalex_id)])[0]
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


def compatible(a: str, b: str) -> bool:
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


# Person keys other than OpenAlex ids, strongest first: (record field, lookup query, prefix of
# the id of an author first seen with it). An ORCID names the same person in every source; a
# Semantic Scholar authorId and a dblp person name (with its homonym number) within their own.
PERSON_KEYS = (("orcid", "load/author_ids_by_orcid", "orcid:"),
               ("s2_id", "load/author_ids_by_s2", "s2author:"),
               ("dblp_name", "load/author_ids_by_dblp", "dblp:"))


def person_key_ids(graph: Reader, authors: list[AuthorRecord]) -> dict[tuple[str, str], str]:
    """(field, value) -> the graph id of the author holding it, for the person keys of
    `authors` that carry no OpenAlex id or graph id."""
    found: dict[tuple[str, str], str] = {}
    for attr, query, _ in PERSON_KEYS:
        values = {getattr(a, attr) for a in authors if getattr(a, attr) and not (a.openalex_id or a.id)}
        if values:
            for r in graph.query(query, {"values": sorted(values)}).rows:
                found[(attr, r["key"])] = r["id"]
    return found


def keyed_author_id(author: AuthorRecord, found: dict[tuple[str, str], str]) -> str | None:
    """The graph id of an author that carries an identity key: its OpenAlex id or graph id,
    else the author holding its strongest person key (ORCID, then Semantic Scholar authorId,
    then dblp name) in the graph or the batch, else a new id from that key; None for a
    name-only author."""
    if author.openalex_id or author.id:
        return author.openalex_id or author.id
    keys = [(attr, prefix, value) for attr, _, prefix in PERSON_KEYS if (value := getattr(author, attr))]
    for attr, _, value in keys:  # a weaker key the graph knows holds the person when a stronger is new
        if (attr, value) in found:
            return found[(attr, value)]
    return f"{keys[0][1]}{keys[0][2]}" if keys else None


def keyed_author_ids(works: list[WorkRecord]) -> list[list[str]] | None:
    """What `resolve_author_ids` gives, without the graph, when every author carries its
    OpenAlex id or graph id (an OpenAlex batch): that id is the author. None when any author
    does not."""
    out = []
    for w in works:
        ids = []
        for a in w.authorships:
            aid = a.author.openalex_id or a.author.id
            if not aid:
                return None
            ids.append(aid)
        out.append(ids)
    return out


def resolve_author_ids(graph: Reader, works: list[WorkRecord], work_ids: list[str]) -> list[list[str]]:
    """Graph ids for every authorship of every work, in order."""
    keyed = keyed_author_ids(works)
    if keyed is not None:  # every author is their OpenAlex id or graph id: nothing to look up
        return keyed
    found = person_key_ids(graph, [a.author for w in works for a in w.authorships])
    in_graph = set(found)
    nameless = [i for i, w in enumerate(works)
                if any(name_only(a.author) or _weak_and_new(a.author, in_graph) for a in w.authorships)]
    on_work: dict[str, list[tuple[str, str]]] = defaultdict(list)
    candidates: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    if nameless:
        wids = sorted({work_ids[i] for i in nameless})
        for r in graph.query("load/authors_of_works", {"works": wids}).rows:
            on_work[r["work"]].append((r["id"], r["name_key"] or name_key(r["display_name"] or "")))
        names = sorted({name_key(a.author.display_name) for i in nameless
                        for a in works[i].authorships if name_only(a.author)})
        if names:
            for r in graph.query("load/name_candidates", {"names": names}).rows:
                candidates[r["name_key"]].append((r["id"], set(r["coauthor_names"])))
    if not nameless:  # every author keyed, none weak and new (an OpenAlex batch): no name to match
        return [[_remember(a.author, keyed_author_id(a.author, found), found) for a in w.authorships]
                for w in works]
    known = _Known()
    result = []
    for w, wid in zip(works, work_ids, strict=True):
        keys = [name_key(a.author.display_name) for a in w.authorships]
        ids = []
        for a, key in zip(w.authorships, keys, strict=True):
            author = a.author
            if name_only(author):
                others = {k for k in keys if k != key}
                ids.append(_match_name(key, wid, others, on_work, candidates, known))
                continue
            aid = keyed_author_id(author, found)
            if _weak_and_new(author, found):
                # A Semantic Scholar or dblp key the graph has not seen: the person the same paper
                # already lists under a compatible name (OpenAlex's record of it), if exactly one
                # and not another person of that source, else a new author from the key.
                prefix = next(p for attr, _, p in PERSON_KEYS if getattr(author, attr))
                same = [x for x, k in on_work.get(wid, []) if compatible(k, key) and not x.startswith(prefix)]
                if len(set(same)) == 1:
                    aid = same[0]
            ids.append(_remember(author, aid, found))
        for aid, key in zip(ids, keys, strict=True):
            known.by_name[key].add(aid)
            known.coauthors[aid] |= {k for k in keys if k != key}
            on_work[wid].append((aid, key))
        result.append(ids)
    return result


def _remember(author: AuthorRecord, aid: str | None, found: dict[tuple[str, str], str]) -> str:
    """`aid`, noted as the author that the batch's later records with a key of it name."""
    assert aid is not None
    for attr, _, _ in PERSON_KEYS:
        if getattr(author, attr):
            found.setdefault((attr, getattr(author, attr)), aid)
    return aid


def _weak_and_new(author: AuthorRecord, found: set[tuple[str, str]] | dict[tuple[str, str], str]) -> bool:
    """An author known only by a Semantic Scholar or dblp key that `found` does not hold: the
    key names them within their source only, so the paper's other records may say who they are."""
    if author.openalex_id or author.id or author.orcid:
        return False
    weak = [(attr, getattr(author, attr)) for attr, _, _ in PERSON_KEYS[1:] if getattr(author, attr)]
    return bool(weak) and not any(k in found for k in weak)


def name_only(author: AuthorRecord) -> bool:
    return not (author.openalex_id or author.id or author.orcid or author.s2_id or author.dblp_name)


def _match_name(
    key: str,
    work_id: str,
    others: set[str],
    on_work: dict[str, list[tuple[str, str]]],
    candidates: dict[str, list[tuple[str, set[str]]]],
    known: _Known,
) -> str:
    same_paper = [aid for aid, k in on_work.get(work_id, []) if compatible(k, key)]
    if len(same_paper) == 1:
        return same_paper[0]
    pool: dict[str, set[str]] = {aid: set(c) for aid, c in candidates.get(key, [])}
    for aid in known.by_name.get(key, ()):
        pool.setdefault(aid, set()).update(known.coauthors[aid])
    sharing = sorted(aid for aid, coauthors in pool.items() if coauthors & others)
    if len(sharing) == 1:
        return sharing[0]
    return new_author_id(key, work_id)
