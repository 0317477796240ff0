"""The writer's work writes: works (one row per graph node, ranked), their sources, topics,
authorships with coauthor pairs, and citations."""

from __future__ import annotations

import dataclasses
from typing import Any

from graphdb import Graph
from loaders import name_folds, precedence
from loaders.records import WorkRecord
from loaders.resolve import arxiv_doi, keyed_author_ids, resolve_author_ids, resolve_works_in_graph
from loaders.write_entities import EntityWrites
from loaders.write_rows import MAX_COAUTHORS_PER_WORK, WORK_FIELDS, fold_links, props_of, ranked_row, split_unlinked

# OpenAlex ids a load remembers as held by their own node only (WorkWrites._own_cited): some
# 40 MB of strings at most.
OWN_CITED_LIMIT = 500_000


class WorkWrites(EntityWrites):
    def __init__(self, graph: Graph, *, pipelined: bool = False) -> None:
        super().__init__(graph, pipelined=pipelined)
        # The batch's works: each record's rank, and the graph ids of the works whose records
        # only fill (see _write_works)
        self._work_ranks: list[str] = []
        self._losing: set[str] = set()
        # OpenAlex ids that load/cited_work_ids found held by no node but their own, which
        # this load then cited by that id (so that node holds it). Nothing this loader writes
        # gives such an id to another node (a record of it resolves to its own node first,
        # loaders/resolve.py), so they are not asked again; merged ids could, and a graph that
        # has any turns this off (`self.merged_graph`). Bounded: emptied when full.
        self._own_cited: set[str] = set()
        self.merged_graph = False

    def _write_works(self, works: list[WorkRecord]) -> None:
        # The writes that need no graph read go first: the topics and, when every author is
        # keyed (an OpenAlex batch), the authors and their institutions. On FalkorDB's write
        # pipeline their rows are built while the engine still runs the previous batch's
        # writes; the first read below waits for both.
        topics = [(t.topic, self._rank(t.topic, False, w.updated_date)) for w in works for t in w.topics]
        if topics:
            self._write_topics(topics)
        author_ids = keyed_author_ids(works)
        if author_ids is not None:
            self._write_people(works, author_ids)
        found = resolve_works_in_graph(self, works)
        graph_ids, before = found.ids, {wid: node.year for wid, node in found.before.items()}
        # One row per work: the highest-ranked record of the batch sets `props`, the others
        # only fill (`fill`: what it lacks); the query weighs `rank` against the node's own
        # record_rank, so the graph ends the same whatever order the records come in.
        merged: dict[str, dict[str, Any]] = {}
        # A record of a merged id ranks FILL: it only fills what the survivor lacks.
        self._work_ranks = [precedence.FILL if id(w) in self._demoted
                            else precedence.work_rank(w.source_name, w.updated_date) for w in works]
        for w, wid, rank in zip(works, graph_ids, self._work_ranks, strict=True):
            props = props_of(w, WORK_FIELDS)
            row = merged.get(wid)
            if row is None:
                merged[wid] = {"id": wid, "props": props, "fill": {}, "rank": rank, "source": w.source_name,
                               "sources": [w.source_name]}
                continue
            if w.source_name not in row["sources"]:
                row["sources"].append(w.source_name)
            if rank >= row["rank"] and rank != precedence.FILL:
                lower = row["props"]
                row["props"], row["rank"], row["source"] = props, rank, w.source_name
            else:
                lower = props
            for k, v in lower.items():
                if k not in row["props"]:
                    row["fill"].setdefault(k, v)
        # Whether each work's row sets its values (else the row only fills them, and its
        # records' edges keep the properties the graph has: load/link_*'s $fill rows).
        self._losing = {wid for wid, row in merged.items()
                        if not precedence.wins(row["rank"], found.before[wid].rank if wid in found.before else None)}
        # Each work's year once this batch is written; a work already in the graph whose
        # year changes has the first and last years of its COAUTHOR edges recomputed in
        # the same transaction that changes it (see upsert_works.cypher).
        years = {}
        for wid, row in merged.items():
            had = before.get(wid)
            top, fill = row["props"].get("year"), row["fill"].get("year")
            if wid in self._losing:
                years[wid] = next((y for y in (had, top, fill) if y is not None), None)
            else:
                years[wid] = next((y for y in (top, had, fill) if y is not None), None)
        changed = [{"work": wid, "year": y} for wid, y in years.items() if wid in before and before[wid] != y]
        result = self._send("load/upsert_works", {"rows": list(merged.values()), "changed": changed,
                                                   "source_names": precedence.SOURCES_LISTED})
        self.stats.add(result.stats)
        # Works with no links of their own yet (created now, or placeholders that only citations
        # pointed at: most works of a large first load were cited before their record came):
        # their links are CREATEd, not MERGEd, and they have no authors to read back.
        unlinked = {row["id"] for row in result.rows if row["unlinked"]}
        # The nodes the references name, asked now: nothing written before link_citations
        # touches a Work, and a read waits for every write sent before it.
        cited_ids = self._cited_ids(works)
        cited_keys = self._cited_by_key(works)

        if any(w.source for w in works):
            self._resolve_sources(works)
            self.run(
                "load/upsert_sources",
                rows=list(self._source_rows(works).values()),
                links=[{"work": wid, "source": sid} for wid, sid in
                       dict.fromkeys((wid, w.source.id) for w, wid in zip(works, graph_ids, strict=True)
                                     if w.source)],
            )
            folds = {w.source.id: [f"issn:{i}" for i in w.source.issns] for w in works
                     if w.source and w.source.issns and not w.source.id.startswith("issn:")}
            if folds:  # ISSN-keyed sources made before their OpenAlex record came (see _resolve_sources)
                self.run("load/fold_issn_sources", rows=[[sid, keys] for sid, keys in sorted(folds.items())])
        topic_links: dict[str, tuple[str, dict[str, list[Any]]]] = {}  # work -> (rank, topic -> row)
        for w, wid, rank in zip(works, graph_ids, self._work_ranks, strict=True):
            if w.topics:
                fold_links(topic_links, wid, rank, {t.topic.id: [t.topic.id, t.score, t.primary] for t in w.topics})
        if topic_links:
            rows = [[wid, list(mine.values())] for wid, (_, mine) in topic_links.items()]
            self.run("load/link_topics", **split_unlinked(rows, unlinked, "new", "links", self._losing))
        if author_ids is None:
            author_ids = resolve_author_ids(self, works, graph_ids)
            self._write_people(works, author_ids)
        self._write_authorships(works, graph_ids, author_ids, years, unlinked)
        self._write_citations(works, graph_ids, unlinked, cited_ids)
        if cited_keys is not None:
            self._write_key_citations(works, graph_ids, cited_keys)

    def _resolve_sources(self, works: list[WorkRecord]) -> None:
        """An ISSN-keyed source ("issn:…", Crossref and Semantic Scholar) is the OpenAlex source
        whose issn_l is one of its ISSNs, when the graph or this batch holds one; the other way
        round, an OpenAlex source absorbs the "issn:" nodes of the ISSNs its record names
        (load/fold_issn_sources), so the graph is the same whichever came first."""
        in_batch = {w.source.issn_l: w.source.id for w in works
                    if w.source and w.source.issn_l and not w.source.id.startswith("issn:")}
        keyed = [w for w in works if w.source and w.source.id.startswith("issn:") and w.source.issns]
        if not keyed:
            return
        values = sorted({i for w in keyed if w.source for i in w.source.issns})
        found = {r["key"]: r["id"] for r in self.query("load/source_ids_by_issn", {"values": values}).rows}
        for w in keyed:
            assert w.source is not None
            sid = next((found.get(i) or in_batch.get(i) for i in w.source.issns if found.get(i) or in_batch.get(i)),
                       None)
            if sid is not None:  # replaced, never changed: parsers may share a record
                w.source = dataclasses.replace(w.source, id=sid)

    def _source_rows(self, works: list[WorkRecord]) -> dict[str, dict[str, Any]]:
        """Sources are only ever copies embedded in works, ranked by the work's date."""
        rows: dict[str, dict[str, Any]] = {}
        for w in works:
            if w.source:
                ranked_row(rows, w.source.id, props_of(w.source, ("name", "type", "issn_l", "publisher", "issns")),
                            self._rank(w.source, False, w.updated_date))
        return rows

    def _write_people(self, works: list[WorkRecord], author_ids: list[list[str]]) -> None:
        """The works' authors (copies embedded in them) under their graph ids, with the
        institutions of their authorships."""
        authors = [a.author for w in works for a in w.authorships]
        if not authors:
            return
        ranks = [self._rank(a.author, False, w.updated_date) for w in works for a in w.authorships]
        insts = [(i, self._rank(i, False, w.updated_date))
                 for w in works for a in w.authorships for i in a.institutions]
        if insts:
            self._write_institutions(insts)
        self._write_authors(authors, [aid for ids in author_ids for aid in ids], ranks)

    def _write_authorships(self, works: list[WorkRecord], graph_ids: list[str], author_ids: list[list[str]],
                           work_years: dict[str, Any], unlinked: set[str]) -> None:
        if not any(w.authorships for w in works):
            return
        # One row per (author, work) and per (author, institution): FalkorDB defers the
        # creations of a MERGE to the end of the query, so two rows for one new edge would
        # set its properties in an order that differs from a re-run's.
        authored: dict[str, tuple[str, dict[str, list[Any]]]] = {}  # work -> (rank, author -> row)
        years: dict[str, dict[str, set[int]]] = {}  # author -> institution -> years
        for w, wid, ids, rank in zip(works, graph_ids, author_ids, self._work_ranks, strict=True):
            mine: dict[str, list[Any]] = {}
            year = w.year
            for a, aid in zip(w.authorships, ids, strict=True):
                if aid not in mine:
                    mine[aid] = [aid, a.position, a.order, a.corresponding]
                if a.institutions:
                    places = years.setdefault(aid, {})
                    for inst in a.institutions:
                        got = places.setdefault(inst.id, set())
                        if year is not None:
                            got.add(year)
            fold_links(authored, wid, rank, mine)  # the higher-ranked record's properties win
        # Coauthor pairs: every author a work has once this batch is written, those another
        # record (another source) gave it too, so the edges stay what a recompute says.
        people = {wid: set(mine) for wid, (_, mine) in authored.items()}
        known = sorted(wid for wid in people if wid not in unlinked)
        before = self.query("load/authors_of_works", {"works": known}).rows if known else []
        for row in before:
            people[row["work"]].add(row["id"])
        pairs: dict[str, dict[str, list[str]]] = {}  # a -> b -> works, a < b
        for wid, who in people.items():
            if 1 < len(who) <= MAX_COAUTHORS_PER_WORK:
                ordered = sorted(who)
                for i, first in enumerate(ordered[:-1]):
                    mine_pairs = pairs.get(first)
                    if mine_pairs is None:
                        mine_pairs = pairs[first] = {}
                    for b in ordered[i + 1:]:
                        got_works = mine_pairs.get(b)
                        if got_works is None:
                            mine_pairs[b] = [wid]
                        else:
                            got_works.append(wid)
        self.run("load/link_authorships",
                 **split_unlinked([[wid, list(mine.values())] for wid, (_, mine) in authored.items()], unlinked,
                                 filling=self._losing))
        if years:
            self.run("load/link_affiliations",
                     rows=[[aid, [[i, sorted(ys)] for i, ys in places.items()]] for aid, places in years.items()])
        if pairs:
            # Grouped by the first author: one lookup of it for all its pairs.
            rows = []
            for first in sorted(pairs):
                group = []
                for b, ws in sorted(pairs[first].items()):
                    if len(ws) == 1:  # most pairs: one shared work in the batch
                        y = work_years.get(ws[0])
                        group.append([b, ws, y, y])
                        continue
                    ys = [y for y in (work_years.get(w) for w in ws) if y is not None]
                    group.append([b, ws, min(ys), max(ys)] if ys else [b, ws, None, None])
                rows.append([first, group])
            self.run("load/refresh_coauthors", rows=rows)
        # A name-only author that an earlier load left on these works and that this batch's
        # keyed author is: folded into it, as if the keyed record had come first.
        name_folds.fold(self, name_folds.find_folds(works, graph_ids, author_ids, before))

    def refresh_coauthors_of(self, work_ids: list[str]) -> None:
        """COAUTHOR pairs and years for works whose authors changed outside a batch (a merged
        work folded into its survivor): the pairs its authors make now, and the years of the
        edges that list it, as a load of its record would leave them."""
        people: dict[str, set[str]] = {}
        years: dict[str, Any] = {}
        for row in self.query("load/authors_of_works", {"works": work_ids}).rows:
            people.setdefault(row["work"], set()).add(row["id"])
            years[row["work"]] = row["year"]
        pairs: dict[str, list[list[Any]]] = {}
        for wid, who in sorted(people.items()):
            if 1 < len(who) <= MAX_COAUTHORS_PER_WORK:
                ordered = sorted(who)
                for i, a in enumerate(ordered[:-1]):
                    y = years[wid]
                    pairs.setdefault(a, []).extend([b, [wid], y, y] for b in ordered[i + 1:])
        if pairs:
            self.run("load/refresh_coauthors", rows=[[a, group] for a, group in sorted(pairs.items())])
        self.run("load/upsert_works", rows=[], changed=[{"work": w, "year": years[w]} for w in sorted(years)],
                 source_names=[])

    def _cited_ids(self, works: list[WorkRecord]) -> dict[str, str] | None:
        """OpenAlex id -> graph id, for the references held by another node than their own
        id names (None: the batch cites nothing)."""
        refs = {r for w in works for r in w.references}
        if not refs:
            return None
        if self.merged_graph:
            self._own_cited.clear()
        ask = refs - self._own_cited
        known: dict[str, str] = {}
        if ask:
            for row in self.query("load/cited_work_ids", {"values": sorted(ask)}).rows:
                if row["key"] not in known or not row["stub"]:
                    known[row["key"]] = row["id"]
        if not self.merged_graph:
            if len(self._own_cited) + len(ask) > OWN_CITED_LIMIT:
                self._own_cited.clear()
            self._own_cited.update(r for r in ask if r not in known)
        return known

    def _write_citations(self, works: list[WorkRecord], graph_ids: list[str], unlinked: set[str],
                         known: dict[str, str] | None) -> None:
        if known is None:
            return
        cites: dict[str, dict[str, None]] = {}
        for w, wid in zip(works, graph_ids, strict=True):
            mine = cites.setdefault(wid, {})
            for ref in w.references:
                cited = known.get(ref, ref)
                if cited != wid:
                    mine[cited] = None
        rows = [[wid, list(cited)] for wid, cited in cites.items() if cited]
        self.run("load/link_citations", **split_unlinked(rows, unlinked))

    def _cited_by_key(self, works: list[WorkRecord]) -> dict[str, str] | None:
        """`cites` entry ("doi:…", "arxiv:…") -> the graph id of the node holding that DOI or arXiv
        id (complete works before stubs), for those already in the graph (None: nothing cited)."""
        refs = {c for w in works for c in w.cites}
        if not refs:
            return None
        dois = {c[4:]: c for c in refs if c.startswith("doi:")}
        arxivs = {c[6:]: c for c in refs if c.startswith("arxiv:")}
        dois.update({arxiv_doi(a): c for a, c in arxivs.items()})  # how OpenAlex names an arXiv copy
        best: dict[str, tuple[bool, str]] = {}
        for query, table in (("load/work_ids_by_doi", dois), ("load/work_ids_by_arxiv", arxivs)):
            if table:
                for row in self.query(query, {"values": sorted(table)}).rows:
                    ref, rank = table[row["key"]], (bool(row["stub"]), row["id"])
                    if ref not in best or rank < best[ref]:
                        best[ref] = rank
        return {ref: rank[1] for ref, rank in best.items()}

    def _write_key_citations(self, works: list[WorkRecord], graph_ids: list[str], known: dict[str, str]) -> None:
        """CITES for `cites`: a work not in the graph becomes a stub keyed by the reference itself,
        carrying the DOI or arXiv id, so its own record (matched by that id) completes it."""
        cites: dict[str, dict[str, list[Any]]] = {}
        for w, wid in zip(works, graph_ids, strict=True):
            mine = cites.setdefault(wid, {})
            for ref in w.cites:
                cited = known.get(ref, ref)
                if cited != wid:
                    doi = ref[4:] if ref.startswith("doi:") else None
                    arxiv = ref[6:] if ref.startswith("arxiv:") else None
                    mine[cited] = [cited, doi, arxiv]
        rows = [[wid, list(cited.values())] for wid, cited in cites.items() if cited]
        if rows:
            self.run("load/link_key_citations", rows=rows)
