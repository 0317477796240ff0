"""Name-only authors folded into the keyed author a later record of the same work names.

A name-only author (arXiv, Crossref without ORCID) read after the OpenAlex record of its
work joins the author that record lists under a compatible name (loaders/resolve.py,
`_match_name`). Read before it, the name-only author gets its own "name:<hash>" node; this
module makes the graph the same in that order: when a batch writes a keyed author (OpenAlex
id, ORCID, Semantic Scholar authorId or dblp name) on a work whose authors include a
"name:" author whose name is compatible with that keyed author's and with no other author
of the work, the name-only node is folded into the keyed one. Its relationships move
(load/merge_author_edges, the fold OpenAlex merged ids use), the node goes, and the COAUTHOR
edges of every work it authored are recomputed.

No MergedId is kept for the folded "name:" id: that id is a hash of the name and the graph
id of the work it was first seen on, which is itself the first source's key, so the other
load order never makes it; an alias would leave a node that exists in one order only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Protocol

from loaders.records import WorkRecord
from loaders.resolve import Reader, compatible, name_key, name_only

NAME_PREFIX = "name:"


class Writer(Reader, Protocol):
    """What folding needs of the loader's writer (loaders/write_works.py)."""

    def run(self, name: str, **params: Any) -> None: ...

    def refresh_coauthors_of(self, work_ids: list[str]) -> None: ...


def find_folds(works: list[WorkRecord], work_ids: list[str], author_ids: list[list[str]],
               before: list[dict[str, Any]]) -> list[list[str]]:
    """[name id, keyed id] for every name-only author to fold: on some work of the batch, the
    one author (other than itself) whose name is compatible with its own is a keyed author that
    a record of this batch writes on that work, no record of the batch lists the two side by
    side (two people, then), and no work of the batch points it at another.
    `before`: load/authors_of_works rows (work, id, name_key, display_name) of the batch's works
    already in the graph, as they were before this batch's authorships."""
    if not any(aid.startswith(NAME_PREFIX) for ids in author_ids for aid in ids) and \
            not any(row["id"].startswith(NAME_PREFIX) for row in before):
        return []  # no name-only author on these works (an OpenAlex load): nothing to fold
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # work -> author -> names
    for row in before:
        names[row["work"]][row["id"]].add(row["name_key"] or name_key(row["display_name"] or ""))
    keyed: dict[str, set[str]] = defaultdict(set)  # work -> keyed authors this batch writes on it
    records = [set(ids) for ids in author_ids]
    listed: dict[str, list[int]] = defaultdict(list)  # name-only author -> the batch's records listing it
    for i, (w, wid, ids) in enumerate(zip(works, work_ids, author_ids, strict=True)):
        for aid in records[i]:
            if aid.startswith(NAME_PREFIX):
                listed[aid].append(i)
        for a, aid in zip(w.authorships, ids, strict=True):
            names[wid][aid].add(name_key(a.author.display_name))
            if not name_only(a.author) and not aid.startswith(NAME_PREFIX):
                keyed[wid].add(aid)
    into: dict[str, set[str]] = defaultdict(set)
    for wid, mine in keyed.items():
        on_work = names[wid]
        # Compatible names share the family name (the last word): compare only within one, so a
        # paper with thousands of authors costs its authors, not their pairs.
        by_family: dict[str, set[str]] = defaultdict(set)
        for aid, keys in on_work.items():
            for k in keys:
                by_family[_family(k)].add(aid)
        for nid, own in on_work.items():
            if not nid.startswith(NAME_PREFIX):
                continue
            same = {x for a in own for x in by_family[_family(a)]
                    if x != nid and any(compatible(a, b) for b in on_work[x])}
            beside = any(x in records[i] for i in listed[nid] for x in same)  # one record, two people
            if len(same) == 1 and same <= mine and not beside:
                into[nid] |= same
            elif same & mine:  # ambiguous on this work: never fold it on the name alone
                into[nid] |= same | {""}
    return [[nid, next(iter(ks))] for nid, ks in sorted(into.items()) if len(ks) == 1]


def _family(key: str) -> str:
    """A normalised name's last word, as `compatible` compares it."""
    words = key.split()
    return words[-1] if words else ""


def fold(writer: Writer, rows: list[list[str]]) -> None:
    """Fold each [name id, keyed id] (see the module docstring): checked against the graph
    (load/name_author_folds), moved (load/merge_author_edges), coauthors recomputed."""
    if not rows:
        return
    found = writer.query("load/name_author_folds", {"rows": rows}).rows
    if not found:
        return
    writer.run("load/merge_author_edges", rows=[[r["name"], r["into"]] for r in found])
    works = sorted({w for r in found for w in r["works"]})
    if works:
        writer.refresh_coauthors_of(works)
