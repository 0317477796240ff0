"""The staging graph: an on-disk SQLite stand-in for the graph that answers the batched
writer's named queries.

`--bulk` runs the batched loader itself (loaders.pipeline.load, loaders.writer.GraphWriter,
loaders.resolve) with this object as its graph, so records are mapped, ranked, resolved and
batched exactly as they are for a load into FalkorDB or Neo4j; only the named queries are
answered here, each with the semantics its .cypher file has (the file is named beside each
handler). The graph so built lives in SQLite on disk, so the loader's memory stays bounded
whatever the input size (one batch at a time, a fixed page cache). falkordb_bulk.py and
neo4j_csv.py then write it out in one pass.

Set-based where the answer is a set: COAUTHOR is appended (a row per pair and shared work)
and grouped once when written out; a batch's lookups are one join each (_found; the nodes an
upsert names, _batch_nodes; the edges a merge names, _edges_of), its edges one executemany.
What remains per row is applying a row to a node (ranks, fills: the .cypher files' rules) and
keyed point writes, what SQLite's B-trees are for (DuckDB, a column store, is slow at them);
SQLite comes with Python. Tables: staging_sql.py; what the writers read: staging_read.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphdb import Result, Stats
from loaders.bulk.staging_read import COAUTHOR_PROPS, StagedReads
from loaders.bulk.staging_sql import PRAGMAS, READ_CACHE_KIB, SCHEMA
from loaders.bulk.staging_sql import dump as _dump
from loaders.bulk.staging_sql import load as _load
from loaders.writer import WORK_FIELDS

# Properties each label is looked up by (the resolvers' lookup queries), kept in `lookup`.
KEYED = {"Work": ("openalex_id", "doi", "arxiv_id"), "Author": ("orcid", "name_key", "s2_id", "dblp_name"),
         "Source": ("issn_l",)}
# Node ids whose row number is kept in memory (a node's row never changes): most lookups of a
# batch name nodes the batches before it just wrote. Emptied when full, so memory stays bounded.
SEQ_CACHE = 400_000
_EMPTY = _dump({})


class BulkUnsupported(Exception):
    """Input the bulk path does not take (the batched loader does), said in one line."""


def _coalesce(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


class StagingGraph(StagedReads):
    """Answers `query` (reads) and `execute` (writes) for the loader's named queries."""

    engine = "staging"

    def __init__(self, path: Path) -> None:
        self.path = path
        # check_same_thread: the writer's background thread runs the queries.
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        for pragma in PRAGMAS:
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")  # one transaction for the whole staging (journal off anyway)
        # The property names each label and relationship type has had: the bulk headers.
        self.node_props: dict[str, set[str]] = {}
        self.edge_props: dict[str, set[str]] = {}
        self.on_works: Callable[[int], object] | None = None  # told how many works each batch resolved
        self._seqs: dict[tuple[str, str], int] = {}
        # A batch's nodes, read in one join before its rows are applied (_batch_nodes); kept
        # up to date as the rows change them, so a node named twice in a batch reads its own write.
        self._batch: dict[str, tuple[int, dict[str, Any]] | None] = {}
        self._batch_label: str | None = None
        self._pairs_indexed = False
        self._reads: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
            "load/any_merged_ids": lambda p: [],  # merged ids are refused (see _merges)
            "load/work_ids_by_openalex": lambda p: self._works_by("openalex_id", p["values"]),
            "load/work_ids_by_doi": lambda p: self._works_by("doi", p["values"]),
            "load/work_ids_by_arxiv": lambda p: self._works_by("arxiv_id", p["values"]),
            "load/cited_work_ids": self._cited_work_ids,
            "load/author_ids_by_orcid": self._author_ids_by_orcid,
            # author_ids_by_s2 / _by_dblp.cypher, source_ids_by_issn.cypher (issue 15)
            "load/author_ids_by_s2": lambda p: [{"key": v, "id": i} for v in p["values"]
                                                for _, i, _p in self._by("Author", "s2_id", v)],
            "load/author_ids_by_dblp": lambda p: [{"key": v, "id": i} for v in p["values"]
                                                  for _, i, _p in self._by("Author", "dblp_name", v)],
            "load/source_ids_by_issn": lambda p: [{"key": v, "id": i} for v in p["values"]
                                                  for _, i, _p in self._by("Source", "issn_l", v)
                                                  if not i.startswith("issn:")],
            "load/authors_of_works": self._authors_of_works,
            "load/name_candidates": self._name_candidates,
            "load/name_author_folds": self._name_author_folds,
        }
        self._writes: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
            "load/upsert_works": self._upsert_works,
            "load/upsert_topics": lambda p: self._upsert_ranked("Topic", p["rows"]),
            "load/upsert_institutions": lambda p: self._upsert_ranked("Institution", p["rows"]),
            "load/upsert_sources": self._upsert_sources,
            "load/upsert_authors": self._upsert_authors,
            "load/link_subtopics": self._link_subtopics,
            "load/link_affiliations": self._link_affiliations,
            "load/link_authorships": lambda p: self._link_created_or_merged(
                "AUTHORED", p, "rows", "Author", False,
                lambda x: {"position": x[1], "order": x[2], "corresponding": x[3]}),
            "load/link_topics": lambda p: self._link_created_or_merged(
                "HAS_TOPIC", p, "links", "Topic", True, lambda x: {"score": x[1], "primary": x[2]}),
            "load/link_citations": self._link_citations,
            "load/link_key_citations": self._link_key_citations,
            "load/refresh_coauthors": self._refresh_coauthors,
            "load/fold_issn_sources": self._fold_issn_sources,
        }

    # -- the Graph face the writer uses ------------------------------------------------

    def query(self, name: str, params: dict[str, Any]) -> Result:
        handler = self._reads.get(name)
        if handler is None:
            raise self._unsupported(name)
        rows = handler(params)
        return Result(list(rows[0]) if rows else [], rows)

    def execute(self, name: str, params: dict[str, Any]) -> Result:
        handler = self._writes.get(name)
        if handler is None:
            raise self._unsupported(name)
        rows = handler(params)
        return Result(list(rows[0]) if rows else [], rows, Stats())

    def _unsupported(self, name: str) -> BulkUnsupported:
        if "merge" in name or "merged" in name:
            return BulkUnsupported(
                "--bulk does not take OpenAlex merged_ids files: bulk-load the entities, then load the "
                "merged_ids files with the batched loader (scholargraph load openalex, without --bulk)")
        return BulkUnsupported(f"--bulk cannot stage the named query {name}: load these files without --bulk")

    def staged(self) -> None:
        """Resolving is over: what only it needed goes (the id cache), and the page cache
        shrinks to READ_CACHE_KIB, which bounds each sort the writers' reads make too."""
        self._seqs.clear()
        self.db.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")

    def close(self) -> None:
        self.db.close()

    # -- nodes ---------------------------------------------------------------------------

    def _node(self, label: str, node_id: str) -> tuple[int, dict[str, Any]] | None:
        if label == self._batch_label and node_id in self._batch:
            return self._batch[node_id]
        row = self.db.execute("SELECT seq, props FROM node WHERE label = ? AND id = ?", (label, node_id)).fetchone()
        return None if row is None else (row[0], _load(row[1]))

    def _seq(self, label: str, node_id: str) -> int | None:
        seq = self._seqs.get((label, node_id))
        if seq is not None:
            return seq
        row = self.db.execute("SELECT seq FROM node WHERE label = ? AND id = ?", (label, node_id)).fetchone()
        if row is None:
            return None
        self._remember(label, node_id, row[0])
        return int(row[0])

    def _remember(self, label: str, node_id: str, seq: int) -> None:
        if len(self._seqs) >= SEQ_CACHE:
            self._seqs.clear()
        self._seqs[(label, node_id)] = seq

    def _create(self, label: str, node_id: str, props: dict[str, Any]) -> int:
        props = {k: v for k, v in props.items() if v is not None}
        cur = self.db.execute("INSERT INTO node (label, id, props, year) VALUES (?, ?, ?, ?)",
                              (label, node_id, _dump(props), props.get("year") if label == "Work" else None))
        seq = cur.lastrowid
        assert seq is not None  # an INSERT's rowid
        self._remember(label, node_id, seq)
        self._index(label, seq, {}, props)
        if label == self._batch_label:
            self._batch[node_id] = (seq, props)
        return seq

    def _save(self, label: str, node_id: str, seq: int, before: dict[str, Any], props: dict[str, Any]) -> None:
        """Write a node's properties back; a None value removes the property (Cypher's SET x = null)."""
        for k in [k for k, v in props.items() if v is None]:
            del props[k]
        if props == before:
            return
        if label == self._batch_label:
            self._batch[node_id] = (seq, props)
        self.db.execute("UPDATE node SET props = ?, year = ? WHERE seq = ?",
                        (_dump(props), props.get("year") if label == "Work" else None, seq))
        self._index(label, seq, before, props)

    def _index(self, label: str, seq: int, before: dict[str, Any], after: dict[str, Any]) -> None:
        names = self.node_props.setdefault(label, set())
        names.update(after)
        for prop in KEYED.get(label, ()):
            old, new = before.get(prop), after.get(prop)
            if old == new:
                continue
            key = f"{label}.{prop}"
            if old is not None:
                self.db.execute("DELETE FROM lookup WHERE prop = ? AND value = ? AND seq = ?", (key, old, seq))
            if new is not None:
                self.db.execute("INSERT INTO lookup (prop, value, seq) VALUES (?, ?, ?)", (key, new, seq))

    def _batch_nodes(self, label: str, ids: list[str]) -> None:
        """Read the nodes `ids` of `label` in one join (the rows of an upsert), for _node."""
        self._batch_label = label
        self._batch = dict.fromkeys(ids)
        self._keys(list(self._batch))
        for node_id, seq, blob in self.db.execute(
                "SELECT n.id, n.seq, n.props FROM keys k JOIN node n ON n.label = ? AND n.id = k.v", (label,)):
            self._batch[node_id] = (seq, _load(blob))

    def _keys(self, values: list[str]) -> None:
        """The values one lookup of a batch asks for, in the temp table `keys`."""
        self.db.execute("DELETE FROM keys")
        self.db.executemany("INSERT INTO keys (v) VALUES (?)", [(v,) for v in values])

    def _edges_of(self, rel: str, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Any]]:
        """The properties of the `rel` edges among `pairs` (those that exist), in one join."""
        self.db.execute("DELETE FROM ekeys")
        self.db.executemany("INSERT INTO ekeys (a, b) VALUES (?, ?)", pairs)
        return {(a, b): _load(blob) for a, b, blob in self.db.execute(
            "SELECT e.a, e.b, e.props FROM ekeys k JOIN edge e ON e.type = ? AND e.a = k.a AND e.b = k.b", (rel,))}

    def _put_edges(self, rel: str, edges: dict[tuple[int, int], dict[str, Any]]) -> None:
        """INSERT OR REPLACE the `rel` edges, all at once (properties without None values)."""
        names = self.edge_props.setdefault(rel, set())
        for props in edges.values():
            names.update(props)
        self.db.executemany("INSERT OR REPLACE INTO edge (type, a, b, props) VALUES (?, ?, ?, ?)",
                            [(rel, a, b, _dump(props)) for (a, b), props in edges.items()])

    def _end_batch(self) -> None:
        self._batch_label, self._batch = None, {}

    def _by(self, label: str, prop: str, value: Any) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """Nodes whose `prop` is `value`, in creation order (FalkorDB's index order for a new graph)."""
        rows = self.db.execute(
            "SELECT n.seq, n.id, n.props FROM lookup l JOIN node n ON n.seq = l.seq "
            "WHERE l.prop = ? AND l.value = ? ORDER BY l.seq", (f"{label}.{prop}", value)).fetchall()
        for seq, node_id, blob in rows:
            yield seq, node_id, _load(blob)

    # -- edges ---------------------------------------------------------------------------

    def _edge(self, rel: str, a: int, b: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT props FROM edge WHERE type = ? AND a = ? AND b = ?", (rel, a, b)).fetchone()
        return None if row is None else _load(row[0])

    def _set_edge(self, rel: str, a: int, b: int, props: dict[str, Any]) -> None:
        props = {k: v for k, v in props.items() if v is not None}
        self.edge_props.setdefault(rel, set()).update(props)
        self.db.execute("INSERT OR REPLACE INTO edge (type, a, b, props) VALUES (?, ?, ?, ?)",
                        (rel, a, b, _dump(props)))

    def _link(self, rel: str, start: tuple[str, str], end: tuple[str, str], links: list[dict[str, Any]]) -> None:
        """MATCH both ends by id (each (label, key of the link that holds its id)), MERGE the edge;
        a link whose either end is not in the graph makes nothing, as MATCH does."""
        for link in links:
            a, b = self._seq(start[0], link[start[1]]), self._seq(end[0], link[end[1]])
            if a is not None and b is not None:
                self._merge_edge(rel, a, b)

    def _merge_edge(self, rel: str, a: int, b: int, props: dict[str, Any] | None = None) -> None:
        """MERGE (a)-[:rel]->(b) SET its properties (none: only make sure it exists)."""
        had = self._edge(rel, a, b)
        if had is None:
            self._set_edge(rel, a, b, props or {})
        elif props:
            had.update(props)
            self._set_edge(rel, a, b, had)

    # -- reads ---------------------------------------------------------------------------

    def _found(self, label: str, prop: str, values: list[str], props: bool) -> list[tuple[str, int, str, bytes | None]]:
        """(value, row, id, properties or None) of the nodes whose `prop` is one of `values`, in the
        order of `values` and, per value, in creation order (as _by): one join over all the
        values of a batch instead of a query per value (a batch cites tens of thousands)."""
        self._keys(values)
        return self.db.execute(
            f"SELECT k.v, l.seq, n.id, {'n.props' if props else 'NULL'} FROM keys k "
            "JOIN lookup l ON l.prop = ? AND l.value = k.v JOIN node n ON n.seq = l.seq ORDER BY k.ord, l.seq",
            (f"{label}.{prop}",)).fetchall()

    def _works_by(self, prop: str, values: list[str]) -> list[dict[str, Any]]:
        """work_ids_by_openalex / _by_doi / _by_arxiv.cypher."""
        out = []
        for v, _seq, node_id, blob in self._found("Work", prop, values, True):
            p = _load(blob) if blob is not None else {}
            out.append({"key": v, "id": node_id, "stub": p.get("title") is None, "openalex_id": p.get("openalex_id"),
                        "doi": p.get("doi"), "year": p.get("year"), "rank": p.get("record_rank")})
        return out

    def _cited_work_ids(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """cited_work_ids.cypher: only ids held by another node than their own, or by several
        (rare: their properties are read only then)."""
        self._keys(params["values"])
        # the filter in SQL: nearly every value names its own node, and is not sent to Python
        rows = self.db.execute(
            "SELECT k.v, n.id, n.props FROM keys k JOIN lookup l ON l.prop = 'Work.openalex_id' AND l.value = k.v "
            "JOIN node n ON n.seq = l.seq WHERE n.id != k.v OR (SELECT count(*) FROM lookup m "
            "WHERE m.prop = 'Work.openalex_id' AND m.value = k.v) > 1 ORDER BY k.ord, l.seq").fetchall()
        return [{"key": v, "id": node_id, "stub": _load(blob).get("title") is None} for v, node_id, blob in rows]

    def _fold_issn_sources(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """fold_issn_sources.cypher: the staging does not fold nodes (as it takes no merged ids);
        a bulk load of one source never holds both an OpenAlex source and an issn: node of its
        ISSNs, so there is nothing to fold, and a graph that does is refused."""
        for sid, keys in params["rows"]:
            node = self._node("Source", sid)
            issn_l = node[1].get("issn_l") if node else None
            for key in keys:
                other = self._node("Source", key)
                if issn_l and other and issn_l in (other[1].get("issns") or []):
                    raise BulkUnsupported(f"--bulk cannot fold the source {key} into {sid}: load these files "
                                          "without --bulk")
        return [{"rows": 0}]

    def _author_ids_by_orcid(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"key": v, "id": node_id}
                for v in params["values"] for _, node_id, _p in self._by("Author", "orcid", v)]

    def _authors_of_works(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for wid in params["works"]:
            work = self._node("Work", wid)
            if work is None:
                continue
            year = work[1].get("year")
            for node_id, blob in self.db.execute(
                    "SELECT n.id, n.props FROM edge e JOIN node n ON n.seq = e.a WHERE e.type = 'AUTHORED' AND e.b = ?",
                    (work[0],)):
                p = _load(blob)
                out.append({"work": wid, "id": node_id, "name_key": p.get("name_key"),
                            "display_name": p.get("display_name"), "year": year})
        return out

    def _name_candidates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """name_candidates.cypher: authors by name_key, with their COAUTHOR neighbours' name_keys."""
        out = []
        if not self._pairs_indexed:  # from now on every pair appended is indexed too
            self.db.execute("CREATE INDEX IF NOT EXISTS pair_a ON pair (a, b)")
            self.db.execute("CREATE INDEX IF NOT EXISTS pair_b ON pair (b, a)")
            self._pairs_indexed = True
        for n in params["names"]:
            for seq, node_id, _p in self._by("Author", "name_key", n):
                names: dict[str, None] = {}
                for (blob,) in self.db.execute(
                        "SELECT n.props FROM node n WHERE n.seq IN (SELECT b FROM pair WHERE a = ? "
                        "UNION SELECT a FROM pair WHERE b = ?)", (seq, seq)):
                    key = _load(blob).get("name_key")
                    if key is not None:
                        names[key] = None
                out.append({"name_key": n, "id": node_id, "coauthor_names": list(names)})
        return out

    # -- writes --------------------------------------------------------------------------

    def _upsert_works(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """upsert_works.cypher. Its first part, the COAUTHOR years of works whose year changes, is
        not needed here: coauthor_edges takes each edge's years from its works' final years,
        which is what that recompute keeps them equal to."""
        out: list[dict[str, Any]] = []
        names: list[str] = params.get("source_names") or []  # sent with ranked rows
        self._batch_nodes("Work", [r["id"] for r in params["rows"]])
        try:
            self._apply_works(params["rows"], names, out)
        finally:
            self._end_batch()
        if self.on_works is not None and params["rows"]:
            self.on_works(len(params["rows"]))
        return out

    def _apply_works(self, rows: list[dict[str, Any]], names: list[str], out: list[dict[str, Any]]) -> None:
        for r in rows:
            node = self._node("Work", r["id"])
            # upsert_works' `unlinked`: created now, or a citation's placeholder until now
            unlinked = node is None or node[1].get("stub") is True
            seq, props = node if node is not None else (self._create("Work", r["id"], {"id": r["id"]}), {"id": r["id"]})
            after = dict(props)
            after["stub"] = None
            if "rank" in r:  # rows ranked by loaders/precedence.py
                rank = r["rank"]
                wins = rank != "" and (props.get("record_rank") or "") <= rank
                if wins:
                    after.update(r["props"])
                    after["record_rank"] = rank
                had = list(props.get("sources") or [])
                after["sources"] = ([x for x in names if x in had or x in r["sources"]]
                                    + [x for x in had + r["sources"] if x not in names])
                fill = {} if wins else r["props"]
                if fill or r["fill"]:
                    for k in WORK_FIELDS:
                        after[k] = _coalesce(after.get(k), fill.get(k), r["fill"].get(k))
            else:  # rows of one record each, `fill` a flag
                if not r.get("fill"):
                    after.update(r["props"])
                else:
                    for k, v in r["props"].items():
                        after.setdefault(k, v)
                sources = list(props.get("sources") or [])
                if r["source"] not in sources:
                    sources.append(r["source"])
                after["sources"] = sources
            self._save("Work", r["id"], seq, props, after)
            out.append({"id": r["id"], "unlinked": unlinked})

    def _upsert_ranked(self, label: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """upsert_topics / upsert_institutions / upsert_sources.cypher: the row ranked at least as
        high as the node's record_rank sets its values, a lower one fills what is missing."""
        self._batch_nodes(label, [r["id"] for r in rows])
        try:
            self._apply_ranked(label, rows)
        finally:
            self._end_batch()
        return [{"rows": len(rows)}]

    def _apply_ranked(self, label: str, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            node = self._node(label, r["id"])
            seq, props = node if node is not None else (self._create(label, r["id"], {"id": r["id"]}), {"id": r["id"]})
            rank = r["rank"]
            if rank is None:  # `'' <= null` is null: neither branch runs
                continue
            after = dict(props)
            if (props.get("record_rank") or "") <= rank:
                after.update(r["props"])
                after["record_rank"] = rank
            else:
                for k, v in r["props"].items():
                    after.setdefault(k, v)
            self._save(label, r["id"], seq, props, after)

    def _upsert_sources(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._upsert_ranked("Source", params["rows"])
        self._link("PUBLISHED_IN", ("Work", "work"), ("Source", "source"), params["links"])
        return [{"rows": len(params["links"])}]

    def _upsert_authors(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """upsert_authors.cypher: as _upsert_ranked, then the last known institutions (all the
        nodes first: an edge's merge reads only its own edge and that its ends exist)."""
        self._upsert_ranked("Author", params["rows"])
        pairs = []
        for r in params["rows"]:
            if not r["institutions"]:
                continue
            a = self._seq("Author", r["id"])
            assert a is not None
            pairs += [(a, i) for inst in r["institutions"] if (i := self._seq("Institution", inst)) is not None]
        if pairs:
            edges = self._edges_of("AFFILIATED_WITH", pairs)
            for pair in pairs:
                edges[pair] = {**edges.get(pair, {}), "last_known": True}
            self._put_edges("AFFILIATED_WITH", edges)
        return [{"rows": len(params["rows"])}]

    def _link_subtopics(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._link("SUBTOPIC_OF", ("Topic", "topic"), ("Topic", "parent"), params["links"])
        return [{"rows": len(params["links"])}]

    def _link_affiliations(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """link_affiliations.cypher: years merged into the edge's, first and last recomputed."""
        todo = []
        for author, places in params["rows"]:
            a = self._seq("Author", author)
            if a is None:
                continue
            todo += [((a, i), years) for inst, years in places if (i := self._seq("Institution", inst)) is not None]
        edges = self._edges_of("AFFILIATED_WITH", [pair for pair, _ in todo])
        for pair, years in todo:  # in order: a pair twice in a batch merges into its own first write
            props = dict(edges.get(pair, {}))
            had = list(props.get("years") or [])
            merged = sorted(set(had) | set(years))
            props.update(years=merged, first_year=min(merged) if merged else None,
                         last_year=max(merged) if merged else None)
            edges[pair] = {k: v for k, v in props.items() if v is not None}
        self._put_edges("AFFILIATED_WITH", edges)
        return [{"rows": len(params["rows"])}]

    def _link_created_or_merged(self, rel: str, params: dict[str, Any], others: str, label: str,
                                work_first: bool, props: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
        """link_authorships / link_topics.cypher: $new CREATEs, the others MERGE and SET, $fill
        (where the writer sends it) only adds links that are missing; both end nodes must exist.
        Rows are [work id, [[`label` node id, …], …]]; the edge goes from the work if `work_first`."""
        names = self.edge_props.setdefault(rel, set())
        known = self._seqs.get  # the usual case first, without a call (a row is never 0)
        for group, only_new in ((params["new"], False), (params[others], False), (params.get("fill", []), True)):
            rows = []
            for r in group:
                w = known(("Work", r[0])) or self._seq("Work", r[0])
                if w is None:
                    continue
                for x in r[1]:
                    o = known((label, x[0])) or self._seq(label, x[0])
                    if o is None:
                        continue
                    values = {k: v for k, v in props(x).items() if v is not None}
                    names.update(values)
                    rows.append((rel, w, o, _dump(values)) if work_first else (rel, o, w, _dump(values)))
            # $fill: MERGE … ON CREATE SET, an existing link keeps its values; the others set every
            # property the link has, so MERGE + SET is a replace.
            verb = "INSERT OR IGNORE" if only_new else "INSERT OR REPLACE"
            self.db.executemany(f"{verb} INTO edge (type, a, b, props) VALUES (?, ?, ?, ?)", rows)
        return [{"rows": 0}]

    def _stub(self, cited: str, props: dict[str, Any]) -> int:
        """MERGE (c:Work {id: cited}) ON CREATE SET props."""
        seq = self._seq("Work", cited)
        return seq if seq is not None else self._create("Work", cited, {"id": cited, **props})

    def _link_citations(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        rows = []
        known = self._seqs.get  # as in _link_created_or_merged
        for group in (params["new"], params["rows"]):
            for wid, cited in group:
                w = self._seq("Work", wid)
                if w is None:
                    continue
                rows += [(w, known(("Work", c)) or self._stub(c, {"openalex_id": c, "stub": True})) for c in cited]
        self._plain_edges("CITES", rows)
        return [{"rows": 0}]

    def _plain_edges(self, rel: str, pairs: list[tuple[int, int]]) -> None:
        """MERGE (a)-[:rel]->(b) for links without properties, all at once."""
        self.edge_props.setdefault(rel, set())
        self.db.executemany("INSERT OR IGNORE INTO edge (type, a, b, props) VALUES (?, ?, ?, ?)",
                            [(rel, a, b, _EMPTY) for a, b in pairs])

    def _link_key_citations(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        for wid, cited in params["rows"]:
            w = self._seq("Work", wid)
            if w is None:
                continue
            for c, doi, arxiv in cited:
                self._merge_edge("CITES", w, self._stub(c, {"doi": doi, "arxiv_id": arxiv, "stub": True}))
        return [{"rows": 0}]

    def _refresh_coauthors(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """refresh_coauthors.cypher, set-based: each (pair, shared work) appended to `pair`; the
        edge (work_ids in first-seen order, their number, first and last year) is made from
        them once, when written out (coauthor_edges). Years are not taken from the rows: an
        edge's years are its works' years as the graph ends (upsert_works keeps them so)."""
        out = []
        known = self._seqs.get  # as in _link_created_or_merged
        for author, pairs in params["rows"]:
            a = self._seq("Author", author)
            if a is None:
                continue
            for other, works, _first, _last in pairs:
                b = known(("Author", other)) or self._seq("Author", other)
                if b is None:
                    continue
                for wid in works:
                    w = known(("Work", wid)) or self._seq("Work", wid)
                    if w is not None:
                        out.append((a, b, w))
        self.edge_props.setdefault("COAUTHOR", set()).update(COAUTHOR_PROPS)
        self.db.executemany("INSERT INTO pair (a, b, work) VALUES (?, ?, ?)", out)
        return [{"rows": len(out)}]

    def _name_author_folds(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """name_author_folds.cypher is asked only when a batch would fold a name-only author into
        the keyed author a later record of the same work names (loaders/name_folds.py): one
        source into an empty graph reaches it only when two records of one work disagree (an
        OpenAlex authorship without an author id, then one with it). Not staged: refused."""
        raise BulkUnsupported(
            f"--bulk cannot fold a name-only author into the keyed author a later record of the same work "
            f"names ({params['rows'][0][0]} into {params['rows'][0][1]}): load these files without --bulk")
