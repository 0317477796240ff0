"""Batched graph writes: normalised records in, `UNWIND $rows … MERGE` out.

Every write is a MERGE on a stable id, so a batch that is written twice (a re-run
after a crash, even mid-batch) leaves the graph as one clean write would.

With `pipelined=True` the batches are written by a background thread while the
caller goes on parsing: the engine works on one batch while Python prepares the
next. At most `QUEUE_DEPTH` full batches wait, so memory stays flat, and one thread
writes them in order, so the graph goes through the same states as a synchronous
load (a kill -9 and a re-run still end in the clean load's graph). On FalkorDB that
thread also sends each write without waiting for its reply, one connection carrying
them in order, and reads the replies when it needs one (a lookup, the works' upsert)
and at the end of every batch: the engine runs a query while Python builds the next.
A write that fails is reported at the latest at the end of its batch; the writes of
that batch sent after it have then run too (a re-run, MERGE throughout, converges as
after a kill -9).
"""

from __future__ import annotations

import contextlib
import dataclasses
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphdb import Graph, Result, Stats
from loaders import merges, precedence
from loaders.records import (
    AuthorRecord,
    InstitutionRecord,
    MergedId,
    Record,
    TopicRecord,
    WorkRecord,
)
from loaders.resolve import (
    arxiv_doi,
    keyed_author_id,
    name_key,
    person_key_ids,
    resolve_author_ids,
    resolve_works_in_graph,
)

if TYPE_CHECKING:  # only the type: the engine is the graph's business
    from graphdb.falkordb_engine import WritePipeline

# Hyper-authored papers (particle-physics collaborations list thousands) would add
# millions of coauthor pairs that say nothing about who works with whom. Such works
# count for no COAUTHOR pair: `works` counts the shared works with at most this many
# authors, so the edge is the same whatever order the works arrive in.
MAX_COAUTHORS_PER_WORK = 100

# Full batches waiting for the background writer (each one is batch_size records).
QUEUE_DEPTH = 1

WORK_FIELDS = (
    "title", "abstract", "publication_date", "year", "type", "doi", "arxiv_id",
    "openalex_id", "language", "cited_by_count", "categories", "code_url", "open_access", "funders",
    "funder_dois",
)


def _rank(own: bool, updated: str | None) -> str:
    """An entity record's `record_rank` (loaders/precedence.py)."""
    return precedence.record_rank(own, updated)


def _ranked_row(rows: dict[str, dict[str, Any]], node_id: str, props: dict[str, Any], rank: str) -> None:
    """Fold one record into the batch's row for its node, as the Cypher does across batches:
    the higher rank sets its values, a lower one only fills what is missing."""
    row = rows.get(node_id)
    if row is None:
        rows[node_id] = {"id": node_id, "props": props, "rank": rank}
    elif rank >= row["rank"]:
        row["props"].update(props)
        row["rank"] = rank
    else:
        for k, v in props.items():
            row["props"].setdefault(k, v)


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
    merges: list[MergedId] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.works) + len(self.authors) + len(self.institutions) + len(self.topics) + len(self.merges)


_STOP = object()

def _split(rows: Any, created: set[str], new: str = "new", others: str = "rows",
           filling: set[str] | None = None) -> dict[str, list[Any]]:
    """Link rows ([work, ...]) of works this batch created (`new`: CREATE) apart from the
    others (MERGE); with `filling`, the rows of the works whose records only fill
    (precedence.wins is false for them) go to `fill` (MERGE, properties set on creation only)."""
    out: dict[str, list[Any]] = {new: [], others: []}
    if filling is not None:
        out["fill"] = []
    for row in rows:
        if row[0] in created:
            out[new].append(row)
        elif filling is not None and row[0] in filling:
            out["fill"].append(row)
        else:
            out[others].append(row)
    return out


def _fold_links(links: dict[str, tuple[str, dict[str, list[Any]]]], wid: str, rank: str,
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


class GraphWriter:
    """Buffers records and writes them in batches, one engine transaction per query.

    `timings` adds up the seconds spent in each named query (sending, engine, reply),
    for the load benchmark's breakdown.
    """

    def __init__(self, graph: Graph, batch_size: int = 2000, *, pipelined: bool = False) -> None:
        self.graph = graph
        self.batch_size = max(1, batch_size)
        self.stats = Stats()
        self.timings: Counter[str] = Counter()
        self._batch = _Batch()
        # id() of this batch's records written under a merged id's survivor (merges.Rewriter)
        self._demoted: set[int] = set()
        # The batch's works: each record's rank, and the graph ids of the works whose records
        # only fill (see _write_works)
        self._work_ranks: list[str] = []
        self._losing: set[str] = set()
        # With the background writer on an engine that can pipeline writes (FalkorDB), only
        # the queries whose reply the writer needs wait for it (see _send).
        make_pipe = getattr(graph, "write_pipeline", None)
        self._pipe: WritePipeline | None = make_pipe() if pipelined and make_pipe else None
        self._queue: queue.Queue[Any] | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if pipelined:
            self._queue = queue.Queue(maxsize=QUEUE_DEPTH)
            self._thread = threading.Thread(target=self._work, name="graph-writer", daemon=True)
            self._thread.start()

    # -- the caller's side ----------------------------------------------------------

    def add(self, record: Record) -> None:
        if isinstance(record, WorkRecord):
            self._batch.works.append(record)
        elif isinstance(record, AuthorRecord):
            self._batch.authors.append(record)
        elif isinstance(record, InstitutionRecord):
            self._batch.institutions.append(record)
        elif isinstance(record, TopicRecord):
            self._batch.topics.append(record)
        elif isinstance(record, MergedId):
            self._batch.merges.append(record)
        else:
            raise TypeError(f"not a record: {type(record).__name__}")
        if len(self._batch) >= self.batch_size:
            self._submit()

    def flush(self) -> None:
        """Write what is buffered and wait until every batch is in the graph."""
        self._submit()
        if self._queue is not None:
            self._queue.join()
        self._raise()

    def close(self) -> None:
        """Wait for the batches already handed over, then stop the background writer
        (the buffered, incomplete batch is not written: call flush for that)."""
        if self._thread is not None and self._queue is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None
        if self._pipe is not None:
            self._pipe.close()
        self._raise()

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self) -> None:
        batch, self._batch = self._batch, _Batch()
        if not len(batch):
            return
        self._raise()
        if self._queue is None:
            self._write(batch)
        else:
            self._queue.put(batch)

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            batch = self._queue.get()
            try:
                if batch is _STOP:
                    return
                if self._error is None:  # after a failure, drain without writing
                    try:
                        self._write(batch)
                    except BaseException:
                        with contextlib.suppress(Exception):  # the first error is the one to report
                            self._drain()
                        raise
                    self._drain()  # the batch is in the graph (or its error raised) before the next
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc
            finally:
                self._queue.task_done()

    # -- the engine's side ------------------------------------------------------------

    def _write(self, batch: _Batch) -> None:
        if batch.merges:
            merges.write_merges(self, batch.merges)
        survivors: dict[str, merges.Alias] = {}
        self._demoted = set()
        if len(batch) > len(batch.merges) and merges.has_merged_ids(self):
            # Records that name a merged id are written under its survivor (loaders/merges.py).
            table = merges.aliases(self, merges.batch_ids(batch))
            if table:
                rewriter = merges.Rewriter(table)
                rewriter.batch(batch)
                self._demoted = rewriter.demoted
                survivors = {a.into: a for a in table.values()}
        if batch.topics:
            self._write_topics([(t, self._rank(t, True, t.updated_date)) for t in batch.topics])
        if batch.institutions:
            self._write_institutions([(i, self._rank(i, True, i.updated_date)) for i in batch.institutions])
        if batch.authors:
            self._write_authors(batch.authors)
        if batch.works:
            self._write_works(batch.works)
        if survivors:
            merges.stamp(self, survivors)

    def _rank(self, record: Any, own: bool, updated: str | None) -> str:
        """_rank, or '' (below every record) for a record written under a merged id's
        survivor: the survivor's own values win, the old record only fills."""
        return "" if id(record) in self._demoted else _rank(own, updated)

    def _send(self, name: str, params: dict[str, Any], *, read: bool = False, wait: bool = True) -> Result:
        """Run a named query. `wait=False` (a write whose reply nobody needs): with the
        background writer on FalkorDB, sent on the write pipeline and its reply read later
        (_drain), so the writer prepares the next query while the engine runs this one."""
        if not wait and self._pipe is not None:
            started = time.perf_counter()
            self._pipe.send(name, params)
            self.timings[name] += time.perf_counter() - started
            return Result([], [])
        if self._pipe is not None and self._pipe.pending:
            self._drain()
        started = time.perf_counter()
        result = self.graph.query(name, params) if read else self.graph.execute(name, params)
        self.timings[name] += time.perf_counter() - started
        return result

    def _drain(self) -> None:
        """Read the replies of the writes sent without waiting (the first error is raised
        once they are all read, so the connection stays in step)."""
        if self._pipe is None:
            return
        started = time.perf_counter()
        for name, stats in self._pipe.replies():
            self.timings[name] += time.perf_counter() - started
            self.stats.add(stats)
            started = time.perf_counter()

    def query(self, name: str, params: dict[str, Any]) -> Result:
        """A named read query (the resolvers look up existing nodes through this)."""
        return self._send(name, params, read=True)

    def _run(self, name: str, **params: Any) -> None:
        self.stats.add(self._send(name, params, wait=False).stats)

    # -- entities -------------------------------------------------------------

    def _write_topics(self, topics: list[tuple[TopicRecord, str]]) -> None:
        """Topics with their rank; a topic's parents are copies embedded in it."""
        nodes: dict[str, dict[str, Any]] = {}
        links: dict[tuple[str, str], dict[str, str]] = {}
        for topic, rank in topics:
            t: TopicRecord | None = topic
            while t is not None:
                props = {"name": t.name, "level": t.level, "scheme": t.scheme}
                if t.description:
                    props["description"] = t.description
                if t.keywords:
                    props["keywords"] = t.keywords
                _ranked_row(nodes, t.id, props, rank)
                if t.parent is not None:
                    links[(t.id, t.parent.id)] = {"topic": t.id, "parent": t.parent.id}
                if t is topic:
                    rank = _rank(False, topic.updated_date) if rank[:1] == "1" else rank
                t = t.parent
        self._run("load/upsert_topics", rows=list(nodes.values()))
        if links:
            self._run("load/link_subtopics", links=list(links.values()))

    def _write_institutions(self, institutions: list[tuple[InstitutionRecord, str]]) -> None:
        """Institutions with their rank (see _rank)."""
        rows: dict[str, dict[str, Any]] = {}
        for i, rank in institutions:
            _ranked_row(rows, i.id, _props(i, ("name", "ror", "country", "type", "openalex_id")), rank)
        self._run("load/upsert_institutions", rows=list(rows.values()))

    def _write_authors(self, authors: list[AuthorRecord], ids: list[str] | None = None,
                       ranks: list[str] | None = None) -> None:
        """Authors' own records (ids None), or the authors of works with their graph ids and
        ranks (copies embedded in the works)."""
        own = ids is None
        if ids is None:  # own records without an OpenAlex id are found by their person keys
            found = person_key_ids(self, authors)
            ids = [keyed_author_id(a, found) or "" for a in authors]
        ranks = ranks or [self._rank(a, True, a.updated_date) for a in authors]
        insts = [(i, self._rank(i, False, a.updated_date)) for a in authors
                 for i in (*a.last_known_institutions, *(f.institution for f in a.affiliations))]
        if insts:
            self._write_institutions(insts)
        rows: dict[str, dict[str, Any]] = {}
        for a, aid, rank in zip(authors, ids, ranks, strict=True):
            if not aid:
                continue
            row = rows.setdefault(aid, {"id": aid, "props": {}, "institutions": [], "rank": None})
            if not (a.openalex_id or a.id or a.orcid or a.s2_id or a.dblp_name) and not aid.startswith("name:"):
                continue  # matched by name to a known author, whose own record says who they are
            props = _props(a, ("display_name", "orcid", "openalex_id", "s2_id", "dblp_name", "works_count",
                               "cited_by_count"))
            props["name_key"] = name_key(a.display_name)
            if a.last_known_institutions:
                props["last_known_institution_ids"] = [i.id for i in a.last_known_institutions]
            if row["rank"] is None or rank >= row["rank"]:
                row["props"].update(props)
                row["rank"] = rank
            else:
                for k, v in props.items():
                    row["props"].setdefault(k, v)
            row["institutions"] = [i.id for i in a.last_known_institutions] or row["institutions"]
        self._run("load/upsert_authors", rows=list(rows.values()))
        history = [[a.openalex_id or a.id, [[f.institution.id, f.years] for f in a.affiliations]]
                   for a in authors if own and a.affiliations and (a.openalex_id or a.id)]
        if history:
            # An author record's affiliations[].years: the same AFFILIATED_WITH years that
            # authorships give, merged with them.
            self._run("load/link_affiliations", rows=history)

    def _write_works(self, works: list[WorkRecord]) -> None:
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
            props = _props(w, WORK_FIELDS)
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
        # Works this batch created have no links yet: theirs are CREATEd, not MERGEd.
        created = {row["id"] for row in result.rows if row["created"]}
        # The nodes the references name, asked now: nothing written before link_citations
        # touches a Work, and a read waits for every write sent before it.
        cited_ids = self._cited_ids(works)
        cited_keys = self._cited_by_key(works)

        if any(w.source for w in works):
            self._resolve_sources(works)
            self._run(
                "load/upsert_sources",
                rows=list(self._source_rows(works).values()),
                links=[{"work": wid, "source": sid} for wid, sid in
                       dict.fromkeys((wid, w.source.id) for w, wid in zip(works, graph_ids, strict=True)
                                     if w.source)],
            )
            folds = {w.source.id: [f"issn:{i}" for i in w.source.issns] for w in works
                     if w.source and w.source.issns and not w.source.id.startswith("issn:")}
            if folds:  # ISSN-keyed sources made before their OpenAlex record came (see _resolve_sources)
                self._run("load/fold_issn_sources", rows=[[sid, keys] for sid, keys in sorted(folds.items())])
        topic_links: dict[str, tuple[str, dict[str, list[Any]]]] = {}  # work -> (rank, topic -> row)
        for w, wid, rank in zip(works, graph_ids, self._work_ranks, strict=True):
            if w.topics:
                _fold_links(topic_links, wid, rank, {t.topic.id: [t.topic.id, t.score, t.primary] for t in w.topics})
        if topic_links:
            self._write_topics([(t.topic, self._rank(t.topic, False, w.updated_date)) for w in works for t in w.topics])
            rows = [[wid, list(mine.values())] for wid, (_, mine) in topic_links.items()]
            self._run("load/link_topics", **_split(rows, created, "new", "links", self._losing))
        self._write_authorships(works, graph_ids, years, created)
        self._write_citations(works, graph_ids, created, cited_ids)
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
        values = sorted({i for w in keyed for i in w.source.issns if w.source})
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
                _ranked_row(rows, w.source.id, _props(w.source, ("name", "type", "issn_l", "publisher", "issns")),
                            self._rank(w.source, False, w.updated_date))
        return rows

    def _write_authorships(self, works: list[WorkRecord], graph_ids: list[str], work_years: dict[str, Any],
                           created: set[str]) -> None:
        author_ids = resolve_author_ids(self, works, graph_ids)
        authors = [a.author for w in works for a in w.authorships]
        ranks = [self._rank(a.author, False, w.updated_date) for w in works for a in w.authorships]
        flat_ids = [aid for ids in author_ids for aid in ids]
        if not authors:
            return
        insts = [(i, self._rank(i, False, w.updated_date))
                 for w in works for a in w.authorships for i in a.institutions]
        if insts:
            self._write_institutions(insts)
        self._write_authors(authors, flat_ids, ranks)
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
            _fold_links(authored, wid, rank, mine)  # the higher-ranked record's properties win
        # Coauthor pairs: every author a work has once this batch is written, those another
        # record (another source) gave it too, so the edges stay what a recompute says.
        people = {wid: set(mine) for wid, (_, mine) in authored.items()}
        known = sorted(wid for wid in people if wid not in created)
        if known:
            for row in self.query("load/authors_of_works", {"works": known}).rows:
                people[row["work"]].add(row["id"])
        pairs: dict[str, dict[str, list[str]]] = {}  # a -> b -> works, a < b
        for wid, who in people.items():
            if 1 < len(who) <= MAX_COAUTHORS_PER_WORK:
                ordered = sorted(who)
                for i, a in enumerate(ordered[:-1]):
                    mine_pairs = pairs.get(a)
                    if mine_pairs is None:
                        mine_pairs = pairs[a] = {}
                    for b in ordered[i + 1:]:
                        got_works = mine_pairs.get(b)
                        if got_works is None:
                            mine_pairs[b] = [wid]
                        else:
                            got_works.append(wid)
        self._run("load/link_authorships",
                  **_split([[wid, list(mine.values())] for wid, (_, mine) in authored.items()], created,
                           filling=self._losing))
        if years:
            self._run("load/link_affiliations",
                      rows=[[aid, [[i, sorted(ys)] for i, ys in places.items()]] for aid, places in years.items()])
        if pairs:
            # Grouped by the first author: one lookup of it for all its pairs.
            rows = []
            for a in sorted(pairs):
                group = []
                for b, ws in sorted(pairs[a].items()):
                    if len(ws) == 1:  # most pairs: one shared work in the batch
                        y = work_years.get(ws[0])
                        group.append([b, ws, y, y])
                        continue
                    ys = [y for y in (work_years.get(w) for w in ws) if y is not None]
                    group.append([b, ws, min(ys), max(ys)] if ys else [b, ws, None, None])
                rows.append([a, group])
            self._run("load/refresh_coauthors", rows=rows)

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
            self._run("load/refresh_coauthors", rows=[[a, group] for a, group in sorted(pairs.items())])
        self._run("load/upsert_works", rows=[], changed=[{"work": w, "year": years[w]} for w in sorted(years)],
                  source_names=[])

    def _cited_ids(self, works: list[WorkRecord]) -> dict[str, str] | None:
        """OpenAlex id -> graph id, for the references held by another node than their own
        id names (None: the batch cites nothing)."""
        refs = {r for w in works for r in w.references}
        if not refs:
            return None
        known: dict[str, str] = {}
        rows = self.query("load/cited_work_ids", {"values": sorted(refs)}).rows
        for row in rows:
            if row["key"] not in known or not row["stub"]:
                known[row["key"]] = row["id"]
        return known

    def _write_citations(self, works: list[WorkRecord], graph_ids: list[str], created: set[str],
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
        self._run("load/link_citations", **_split(rows, created))

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
            self._run("load/link_key_citations", rows=rows)
