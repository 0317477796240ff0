"""Batched graph writes: normalised records in, `UNWIND $rows … MERGE` out.

Every write is a MERGE on a stable id, so a batch that is written twice (a re-run
after a crash, even mid-batch) leaves the graph as one clean write would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from graphdb import Graph, Stats
from loaders.records import (
    AuthorRecord,
    InstitutionRecord,
    Record,
    TopicRecord,
    WorkRecord,
)
from loaders.resolve import name_key, resolve_author_ids, resolve_work_ids

# Hyper-authored papers (particle-physics collaborations list thousands) would add
# millions of coauthor pairs that say nothing about who works with whom.
MAX_COAUTHORS_PER_WORK = 100

WORK_FIELDS = (
    "title", "abstract", "publication_date", "year", "type", "doi", "arxiv_id",
    "openalex_id", "language", "cited_by_count", "categories", "code_url",
)


def _props(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """Non-empty properties only: a source that lacks a field never erases another's value."""
    out = {}
    for n in names:
        v = getattr(obj, n)
        if v is not None and v != []:
            out[n] = v
    return out


@dataclass
class _Batch:
    works: list[WorkRecord] = field(default_factory=list)
    authors: list[AuthorRecord] = field(default_factory=list)
    institutions: list[InstitutionRecord] = field(default_factory=list)
    topics: list[TopicRecord] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.works) + len(self.authors) + len(self.institutions) + len(self.topics)


class GraphWriter:
    """Buffers records and writes them in batches, one engine transaction per query."""

    def __init__(self, graph: Graph, batch_size: int = 2000) -> None:
        self.graph = graph
        self.batch_size = batch_size
        self.stats = Stats()
        self._batch = _Batch()

    def add(self, record: Record) -> None:
        if isinstance(record, WorkRecord):
            self._batch.works.append(record)
        elif isinstance(record, AuthorRecord):
            self._batch.authors.append(record)
        elif isinstance(record, InstitutionRecord):
            self._batch.institutions.append(record)
        elif isinstance(record, TopicRecord):
            self._batch.topics.append(record)
        else:
            raise TypeError(f"not a record: {type(record).__name__}")
        if len(self._batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self._batch = self._batch, _Batch()
        if batch.topics:
            self._write_topics(batch.topics)
        if batch.institutions:
            self._write_institutions(batch.institutions)
        if batch.authors:
            self._write_authors(batch.authors)
        if batch.works:
            self._write_works(batch.works)

    def _run(self, name: str, **params: Any) -> None:
        self.stats.add(self.graph.execute(name, params).stats)

    # -- entities -------------------------------------------------------------

    def _write_topics(self, topics: list[TopicRecord]) -> None:
        nodes: dict[str, dict[str, Any]] = {}
        links: dict[tuple[str, str], dict[str, str]] = {}
        for topic in topics:
            t: TopicRecord | None = topic
            while t is not None:
                props = {"name": t.name, "level": t.level, "scheme": t.scheme}
                if t.description:
                    props["description"] = t.description
                if t.keywords:
                    props["keywords"] = t.keywords
                nodes.setdefault(t.id, {"id": t.id, "props": {}})["props"].update(props)
                if t.parent is not None:
                    links[(t.id, t.parent.id)] = {"topic": t.id, "parent": t.parent.id}
                t = t.parent
        self._run("load/upsert_topics", rows=list(nodes.values()))
        if links:
            self._run("load/link_subtopics", links=list(links.values()))

    def _write_institutions(self, institutions: list[InstitutionRecord]) -> None:
        rows = {i.id: {"id": i.id, "props": _props(i, ("name", "ror", "country", "type", "openalex_id"))}
                for i in institutions}
        self._run("load/upsert_institutions", rows=list(rows.values()))

    def _write_authors(self, authors: list[AuthorRecord], ids: list[str] | None = None) -> None:
        insts = [i for a in authors for i in a.last_known_institutions]
        if insts:
            self._write_institutions(insts)
        rows: dict[str, dict[str, Any]] = {}
        for a, aid in zip(authors, ids or [a.openalex_id or a.id or "" for a in authors], strict=True):
            if not aid:
                continue
            row = rows.setdefault(aid, {"id": aid, "props": {}, "institutions": []})
            if not (a.openalex_id or a.id or a.orcid) and not aid.startswith("name:"):
                continue  # matched by name to a known author, whose own record says who they are
            props = _props(a, ("display_name", "orcid", "openalex_id", "works_count", "cited_by_count"))
            props["name_key"] = name_key(a.display_name)
            if a.last_known_institutions:
                props["last_known_institution_ids"] = [i.id for i in a.last_known_institutions]
            row["props"].update(props)
            row["institutions"] = [i.id for i in a.last_known_institutions] or row["institutions"]
        self._run("load/upsert_authors", rows=list(rows.values()))

    def _write_works(self, works: list[WorkRecord]) -> None:
        graph_ids = resolve_work_ids(self.graph, works)
        merged: dict[str, dict[str, Any]] = {}
        for w, wid in zip(works, graph_ids, strict=True):
            row = merged.setdefault(wid, {"id": wid, "props": {}, "source": w.source_name})
            row["props"].update(_props(w, WORK_FIELDS))
        self._run("load/upsert_works", rows=list(merged.values()))

        sources = {w.source.id: w.source for w in works if w.source}
        if sources:
            self._run(
                "load/upsert_sources",
                rows=[{"id": s.id, "props": _props(s, ("name", "type", "issn_l", "publisher"))}
                      for s in sources.values()],
                links=[{"work": wid, "source": w.source.id}
                       for w, wid in zip(works, graph_ids, strict=True) if w.source],
            )
        topic_links = {
            (wid, t.topic.id): {"work": wid, "topic": t.topic.id, "score": t.score, "primary": t.primary}
            for w, wid in zip(works, graph_ids, strict=True) for t in w.topics
        }
        if topic_links:
            self._write_topics([t.topic for w in works for t in w.topics])
            self._run("load/link_topics", links=list(topic_links.values()))
        self._write_authorships(works, graph_ids)
        self._write_citations(works, graph_ids)

    def _write_authorships(self, works: list[WorkRecord], graph_ids: list[str]) -> None:
        author_ids = resolve_author_ids(self.graph, works, graph_ids)
        authors = [a.author for w in works for a in w.authorships]
        flat_ids = [aid for ids in author_ids for aid in ids]
        if not authors:
            return
        insts = [i for w in works for a in w.authorships for i in a.institutions]
        if insts:
            self._write_institutions(insts)
        self._write_authors(authors, flat_ids)
        # One row per (author, work) and per (author, institution): FalkorDB defers the
        # creations of a MERGE to the end of the query, so two rows for one new edge would
        # set its properties in an order that differs from a re-run's.
        authored: dict[tuple[str, str], dict[str, Any]] = {}
        years: dict[tuple[str, str], set[int]] = {}
        pairs: set[tuple[str, str]] = set()
        for w, wid, ids in zip(works, graph_ids, author_ids, strict=True):
            mine: dict[tuple[str, str], dict[str, Any]] = {}
            for a, aid in zip(w.authorships, ids, strict=True):
                mine.setdefault((aid, wid), {"author": aid, "work": wid, "position": a.position,
                                             "order": a.order, "corresponding": a.corresponding})
                for inst in a.institutions:
                    got = years.setdefault((aid, inst.id), set())
                    if w.year is not None:
                        got.add(w.year)
            authored.update(mine)  # a later record of the same work wins, as for its properties
            unique = sorted(set(ids))
            if len(unique) <= MAX_COAUTHORS_PER_WORK:
                pairs.update(combinations(unique, 2))
        affiliations = [{"author": a, "institution": i, "years": sorted(ys)} for (a, i), ys in years.items()]
        self._run("load/link_authorships", rows=list(authored.values()))
        if affiliations:
            self._run("load/link_affiliations", rows=affiliations)
        if pairs:
            self._run("load/refresh_coauthors", pairs=[{"a": a, "b": b} for a, b in sorted(pairs)])

    def _write_citations(self, works: list[WorkRecord], graph_ids: list[str]) -> None:
        refs = {r for w in works for r in w.references}
        if not refs:
            return
        known = {}
        rows = self.graph.query("load/work_ids_by_openalex", {"values": sorted(refs)}).rows
        for row in rows:
            if row["key"] not in known or not row["stub"]:
                known[row["key"]] = row["id"]
        cites = {
            (wid, ref): {"work": wid, "cited": known.get(ref, ref), "openalex_id": ref}
            for w, wid in zip(works, graph_ids, strict=True) for ref in w.references
            if known.get(ref, ref) != wid
        }
        self._run("load/link_citations", rows=list(cites.values()))

