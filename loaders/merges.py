"""OpenAlex merged ids in the graph: one node per entity, the old ids still resolving.

A merge (MergedId: `old` was merged into `into`) is kept as a `MergedId {id, into, kind}`
node, chains followed so `into` is always the last survivor. Writing one folds the old node,
when the graph has it, into the survivor (made when missing): the survivor keeps its own
values and the old node fills what it lacks, relationships move, the old node goes
(cypher/load/merge_*.cypher). Every later batch looks its ids up (`aliases`): a record that
names an old id is written under the survivor's, ranked below any record of the survivor
itself (`rewrite`), so the graph ends the same whether the merges or the entities came
first. A survivor's `merged_ids` lists every id merged into it.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

from loaders.records import (
    AuthorRecord,
    Authorship,
    InstitutionRecord,
    MergedId,
    SourceRecord,
    TopicLink,
    TopicRecord,
    WorkRecord,
)
from loaders.resolve import Reader
from loaders.write_rows import Batch


class Writer(Reader, Protocol):
    """What writing merges needs of the loader's writer (loaders/writer.py), named here so
    that this module does not import it (the writer calls this one)."""

    def run(self, name: str, **params: Any) -> None: ...

    def refresh_coauthors_of(self, work_ids: list[str]) -> None: ...

# The graph label of each kind, and the stamp_merged_ids parameter that holds it.
PARAMS = {"author": "authors", "work": "works", "institution": "institutions", "topic": "topics",
          "source": "sources"}
_KIND_OF_LETTER = {"A": "author", "W": "work", "I": "institution", "T": "topic", "S": "source"}


@dataclass(frozen=True, slots=True)
class Alias:
    into: str  # the survivor (the id itself when it is one)
    olds: tuple[str, ...]  # every id merged into the survivor, sorted


def aliases(graph: Reader, values: set[str]) -> dict[str, Alias]:
    """The ids among `values` that are merged ids or survivors."""
    if not values:
        return {}
    rows = graph.query("load/merged_id_aliases", {"values": sorted(values)}).rows
    return {r["key"]: Alias(r["into"], tuple(sorted(r["olds"]))) for r in rows}


def kind_of(openalex_id: str) -> str | None:
    return _KIND_OF_LETTER.get(openalex_id[:1])


def write_merges(writer: Writer, merges: list[MergedId]) -> None:
    """MergedId nodes, then the old nodes folded into their survivors, then the survivors'
    merged_ids (see the module docstring)."""
    known = aliases(writer, {m.old for m in merges} | {m.into for m in merges})
    table = {old: a.into for old, a in known.items() if a.into != old}
    kinds = {}
    for m in merges:
        table[m.old] = m.into
        kinds[m.old] = m.kind
    rows = []
    for old, kind in kinds.items():
        final = _last(table, old)
        if final != old:  # a cycle (A into B, B into A) names no survivor: left as it was
            rows.append([old, final, kind])
    if not rows:
        return
    writer.run("load/upsert_merged_ids", rows=rows)
    olds = aliases(writer, {r[1] for r in rows})
    by_kind: dict[str, list[list[Any]]] = defaultdict(list)
    for old, final, kind in rows:
        by_kind[kind].append([old, final, list(olds[final].olds)])
    works = _fold_works(writer, by_kind.pop("work", []))
    nodes = {PARAMS[k]: by_kind.get(k, []) for k in ("author", "institution", "topic", "source")}
    writer.run("load/merge_nodes", **nodes, works=works["works"], renamed=works["renamed"])
    if nodes["authors"]:
        writer.run("load/merge_author_edges", rows=[r[:2] for r in nodes["authors"]])
    if nodes["institutions"] or nodes["topics"] or nodes["sources"]:
        writer.run("load/merge_entity_edges", **{k: [r[:2] for r in v] for k, v in nodes.items() if k != "authors"})
    if works["works"]:
        writer.run("load/merge_work_edges", rows=[r[:2] for r in works["works"]])
        writer.refresh_coauthors_of(sorted({r[1] for r in works["works"]}))
    stamp(writer, {r[1]: olds[r[1]] for r in rows})


def _last(table: dict[str, str], old: str) -> str:
    seen = {old}
    at = table[old]
    while at in table and at not in seen:
        seen.add(at)
        at = table[at]
    return old if at in seen else at


def _fold_works(writer: Writer, rows: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """Works are found by OpenAlex id (an arXiv-first work holds one under another graph id):
    [old graph id, survivor graph id, into, olds] to fold, [graph id, into, olds] where only
    the old one is in the graph under another id than the old OpenAlex id (it takes the new)."""
    out: dict[str, list[list[Any]]] = {"works": [], "renamed": []}
    if not rows:
        return out
    found: dict[str, str] = {}
    values = sorted({r[0] for r in rows} | {r[1] for r in rows})
    for row in writer.query("load/work_ids_by_openalex", {"values": values}).rows:
        if row["key"] not in found or not row["stub"]:
            found[row["key"]] = row["id"]
    for old, into, olds in rows:
        node = found.get(old)
        if node is None:
            continue
        survivor = found.get(into)
        if survivor is None and node != old:
            out["renamed"].append([node, into, olds])
        elif survivor != node:
            out["works"].append([node, survivor or into, into, olds])
    return out


def stamp(writer: Writer, survivors: dict[str, Alias]) -> None:
    """Every survivor in the graph lists the ids merged into it."""
    params: dict[str, list[list[Any]]] = {p: [] for p in PARAMS.values()}
    for sid, alias in survivors.items():
        kind = kind_of(sid)
        if kind is not None and alias.olds:
            params[PARAMS[kind]].append([sid, list(alias.olds)])
    if any(params.values()):
        writer.run("load/stamp_merged_ids", **params)


# -- later records that name an old id ---------------------------------------------------


def batch_ids(batch: Batch) -> set[str]:
    """Every OpenAlex id a batch names (the ids a merge can have replaced)."""
    out: set[str] = set()
    for w in batch.works:
        out.update(x for x in (w.openalex_id, w.source.id if w.source else None) if x)
        out.update(w.references)
        out.update(t.topic.id for t in w.topics)
        for a in w.authorships:
            out.update(x for x in (a.author.openalex_id, a.author.id) if x)
            out.update(i.id for i in a.institutions)
    for au in batch.authors:
        out.update(x for x in (au.openalex_id, au.id) if x)
        out.update(i.id for i in au.last_known_institutions)
        out.update(f.institution.id for f in au.affiliations)
    out.update(i.id for i in batch.institutions)
    out.update(t.id for t in batch.topics)
    return {x for x in out if kind_of(x) is not None}


class Rewriter:
    """Puts survivors' ids where a batch names old ones. Shared parsed objects (the parser
    caches institutions) are replaced, never changed. `demoted` holds the id() of every
    record that was written under an old id: it ranks below any record of the survivor."""

    def __init__(self, table: dict[str, Alias]) -> None:
        self.into = {k: a.into for k, a in table.items() if a.into != k}
        self.demoted: set[int] = set()

    def _id(self, value: str | None) -> str | None:
        return self.into.get(value, value) if value else value

    def institution(self, i: InstitutionRecord) -> InstitutionRecord:
        if i.id not in self.into:
            return i
        new = dataclasses.replace(i, id=self.into[i.id], openalex_id=self._id(i.openalex_id))
        self.demoted.add(id(new))
        return new

    def author(self, a: AuthorRecord) -> AuthorRecord:
        into = self.into
        if not (a.id in into or a.openalex_id in into or any(i.id in into for i in a.last_known_institutions)
                or any(f.institution.id in into for f in a.affiliations)):
            return a
        insts = [self.institution(i) for i in a.last_known_institutions]
        history = [dataclasses.replace(f, institution=self.institution(f.institution)) for f in a.affiliations]
        new = dataclasses.replace(a, id=self._id(a.id), openalex_id=self._id(a.openalex_id),
                                  last_known_institutions=insts, affiliations=history)
        if a.id in into or a.openalex_id in into:
            self.demoted.add(id(new))
        return new

    def topic(self, t: TopicRecord) -> TopicRecord:
        if t.id not in self.into:
            return t
        new = dataclasses.replace(t, id=self.into[t.id])
        self.demoted.add(id(new))
        return new

    def source(self, s: SourceRecord | None) -> SourceRecord | None:
        if s is None or s.id not in self.into:
            return s
        new = dataclasses.replace(s, id=self.into[s.id])
        self.demoted.add(id(new))
        return new

    def work(self, w: WorkRecord) -> WorkRecord:
        if w.openalex_id in self.into:
            if w.key == w.openalex_id:
                w.key = self.into[w.openalex_id]
            w.openalex_id = self.into[w.openalex_id]
            self.demoted.add(id(w))
        w.references = list(dict.fromkeys(self.into.get(r, r) for r in w.references))
        w.source = self.source(w.source)
        w.topics = [TopicLink(self.topic(t.topic), t.score, t.primary) for t in w.topics]
        w.authorships = [Authorship(self.author(a.author), a.order, a.position, a.corresponding,
                                    [self.institution(i) for i in a.institutions]) for a in w.authorships]
        return w

    def batch(self, batch: Batch) -> None:
        batch.works = [self.work(w) for w in batch.works]
        batch.authors = [self.author(a) for a in batch.authors]
        batch.institutions = [self.institution(i) for i in batch.institutions]
        batch.topics = [self.topic(t) for t in batch.topics]
