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
and grouped once when written out; a batch's work lookups are one join (_found). Node upserts
by rank and edge merges stay per row, keyed point reads and writes, what SQLite's B-trees are
for (DuckDB, a column store, is slow at them); SQLite comes with Python. Tables: staging_sql.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphdb import Result, Stats
from loaders.bulk.staging_sql import PRAGMAS, SCHEMA
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


class StagingGraph:
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
                "AUTHORED", p, "rows", lambda r, x: (("Author", x[0]), ("Work", r[0])),
                lambda x: {"position": x[1], "order": x[2], "corresponding": x[3]}),
            "load/link_topics": lambda p: self._link_created_or_merged(
                "HAS_TOPIC", p, "links", lambda r, x: (("Work", r[0]), ("Topic", x[0])),
                lambda x: {"score": x[1], "primary": x[2]}),
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

    def close(self) -> None:
        self.db.close()

    # -- nodes ---------------------------------------------------------------------------

    def _node(self, label: str, node_id: str) -> tuple[int, dict[str, Any]] | None:
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
        return seq

    def _save(self, label: str, seq: int, before: dict[str, Any], props: dict[str, Any]) -> None:
        """Write a node's properties back; a None value removes the property (Cypher's SET x = null)."""
        for k in [k for k, v in props.items() if v is None]:
            del props[k]
        if props == before:
            return
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
        self.db.execute("DELETE FROM keys")
        self.db.executemany("INSERT INTO keys (v) VALUES (?)", [(v,) for v in values])
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
        groups: dict[str, list[tuple[int, str]]] = {}
        for v, seq, node_id, _ in self._found("Work", "openalex_id", params["values"], False):
            groups.setdefault(v, []).append((seq, node_id))
        out = []
        for v, found in groups.items():
            if len(found) > 1 or found[0][1] != v:
                for seq, node_id in found:
                    blob = self.db.execute("SELECT props FROM node WHERE seq = ?", (seq,)).fetchone()[0]
                    out.append({"key": v, "id": node_id, "stub": _load(blob).get("title") is None})
        return out

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
        out = []
        names: list[str] = params.get("source_names") or []  # sent with ranked rows
        for r in params["rows"]:
            node = self._node("Work", r["id"])
            created = node is None
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
            self._save("Work", seq, props, after)
            out.append({"id": r["id"], "created": created})
        if self.on_works is not None and params["rows"]:
            self.on_works(len(params["rows"]))
        return out

    def _upsert_ranked(self, label: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """upsert_topics / upsert_institutions / upsert_sources.cypher: the row ranked at least as
        high as the node's record_rank sets its values, a lower one fills what is missing."""
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
            self._save(label, seq, props, after)
        return [{"rows": len(rows)}]

    def _upsert_sources(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._upsert_ranked("Source", params["rows"])
        self._link("PUBLISHED_IN", ("Work", "work"), ("Source", "source"), params["links"])
        return [{"rows": len(params["links"])}]

    def _upsert_authors(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """upsert_authors.cypher: as _upsert_ranked, then the last known institutions."""
        for r in params["rows"]:
            self._upsert_ranked("Author", [r])
            if not r["institutions"]:
                continue
            a = self._seq("Author", r["id"])
            assert a is not None
            for inst in r["institutions"]:
                i = self._seq("Institution", inst)
                if i is not None:
                    self._merge_edge("AFFILIATED_WITH", a, i, {"last_known": True})
        return [{"rows": len(params["rows"])}]

    def _link_subtopics(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._link("SUBTOPIC_OF", ("Topic", "topic"), ("Topic", "parent"), params["links"])
        return [{"rows": len(params["links"])}]

    def _link_affiliations(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """link_affiliations.cypher: years merged into the edge's, first and last recomputed."""
        for author, places in params["rows"]:
            a = self._seq("Author", author)
            if a is None:
                continue
            for inst, years in places:
                i = self._seq("Institution", inst)
                if i is None:
                    continue
                props = self._edge("AFFILIATED_WITH", a, i) or {}
                had = list(props.get("years") or [])
                merged = had + [y for y in years if y not in had]
                props.update(years=merged, first_year=min(merged) if merged else None,
                             last_year=max(merged) if merged else None)
                self._set_edge("AFFILIATED_WITH", a, i, props)
        return [{"rows": len(params["rows"])}]

    def _link_created_or_merged(self, rel: str, params: dict[str, Any], others: str,
                                ends: Callable[[Any, Any], tuple[tuple[str, str], tuple[str, str]]],
                                props: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
        """link_authorships / link_topics.cypher: $new CREATEs, the others MERGE and SET, $fill
        (where the writer sends it) only adds links that are missing; both end nodes must exist."""
        names = self.edge_props.setdefault(rel, set())
        for group, only_new in ((params["new"], False), (params[others], False), (params.get("fill", []), True)):
            rows = []
            for r in group:
                for x in r[1]:
                    (la, ia), (lb, ib) = ends(r, x)
                    a, b = self._seq(la, ia), self._seq(lb, ib)
                    if a is None or b is None:
                        continue
                    values = {k: v for k, v in props(x).items() if v is not None}
                    names.update(values)
                    rows.append((rel, a, b, _dump(values)))
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
        for group in (params["new"], params["rows"]):
            for wid, cited in group:
                w = self._seq("Work", wid)
                if w is None:
                    continue
                rows += [(w, self._stub(c, {"openalex_id": c, "stub": True})) for c in cited]
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
        for author, pairs in params["rows"]:
            a = self._seq("Author", author)
            if a is None:
                continue
            for other, works, _first, _last in pairs:
                b = self._seq("Author", other)
                if b is None:
                    continue
                for wid in works:
                    w = self._seq("Work", wid)
                    if w is not None:
                        out.append((a, b, w))
        self.edge_props.setdefault("COAUTHOR", set()).update(("work_ids", "works", "first_year", "last_year"))
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

    # -- what the bulk writers read ------------------------------------------------------

    def labels(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT label FROM node ORDER BY label")]

    def counts(self) -> tuple[int, int]:
        nodes = self.db.execute("SELECT count(*) FROM node").fetchone()[0]
        edges = self.db.execute("SELECT count(*) FROM edge").fetchone()[0]
        pairs = self.db.execute("SELECT count(*) FROM (SELECT DISTINCT a, b FROM pair)").fetchone()[0]
        return int(nodes), int(edges) + int(pairs)

    def number_nodes(self) -> None:
        """A node's bulk id (the id GRAPH.BULK gives it, and the Neo4j CSV's) is its row less one:
        rows are numbered 1, 2, … as nodes are made and never deleted, so the writers send the
        nodes in row order (runs: label_runs) and no edge needs a lookup of its ends' ids.
        Checked here, once, before anything is written."""
        count, top = self.db.execute("SELECT count(*), coalesce(max(seq), 0) FROM node").fetchone()
        if count != top:
            raise AssertionError(f"staged node rows are not 1..{count} (the highest is {top})")

    def label_runs(self) -> Iterator[tuple[str, Iterator[tuple[int, dict[str, Any]]]]]:
        """Every node in bulk id order, as runs of one label: (label, its (bulk id, properties)).
        Each run must be read to its end before the next is asked for (one cursor)."""
        cur = self.db.execute("SELECT seq, label, props FROM node ORDER BY seq")
        pending: list[Any] = [cur.fetchone()]

        def run(label: str) -> Iterator[tuple[int, dict[str, Any]]]:
            row = pending[0]
            while row is not None and row[1] == label:
                yield row[0] - 1, _load(row[2])
                row = cur.fetchone()
            pending[0] = row

        while pending[0] is not None:
            label = pending[0][1]
            yield label, run(label)

    def nodes(self, label: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(bulk id, properties) of every node of a label, in bulk id order."""
        cur = self.db.execute("SELECT seq - 1, props FROM node WHERE label = ? ORDER BY seq", (label,))
        for bid, blob in cur:
            yield bid, _load(blob)

    def edge_types(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT type FROM edge UNION SELECT 'COAUTHOR' FROM (SELECT 1 FROM pair LIMIT 1) ORDER BY 1")]

    def edges(self, rel: str, decode: bool = True) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """(from bulk id, to bulk id, properties) of every edge of a type; `decode` False: the
        properties are left out (an empty dict), for types that have none."""
        if rel == "COAUTHOR":
            yield from self.coauthor_edges()
            return
        cur = self.db.execute("SELECT a - 1, b - 1, props FROM edge WHERE type = ?", (rel,))
        if not decode:
            for a, b, _ in cur:
                yield a, b, {}
            return
        for a, b, blob in cur:
            yield a, b, _load(blob)

    def edge_ends(self, rel: str, size: int) -> Iterator[list[int]]:
        """The ends of every edge of a type, flat ([from, to, from, to, …] in bulk ids), `size`
        edges at a time: for types without properties, packed without a tuple per edge."""
        cur = self.db.execute("SELECT a - 1, b - 1 FROM edge WHERE type = ?", (rel,))
        while rows := cur.fetchmany(size):
            yield [x for ends in rows for x in ends]

    def coauthor_edges(self) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """The COAUTHOR edges from `pair`, in one sorted pass: per pair, its shared works in the
        order refresh_coauthors first listed them (a work listed again adds nothing), their
        number, and the least and greatest of their years (none: no property)."""
        cur = self.db.execute("""
            SELECT p.a - 1, p.b - 1, n.id, n.year
            FROM (SELECT a, b, work, min(rowid) AS o FROM pair GROUP BY a, b, work) p JOIN node n ON n.seq = p.work
            ORDER BY p.a, p.b, p.o""")
        at: tuple[int, int] | None = None
        ids: list[str] = []
        years: list[int] = []
        for a, b, wid, year in cur:
            if (a, b) != at:
                if at is not None:
                    yield at[0], at[1], _coauthor(ids, years)
                at, ids, years = (a, b), [], []
            ids.append(wid)
            if year is not None:
                years.append(year)
        if at is not None:
            yield at[0], at[1], _coauthor(ids, years)


def _coauthor(ids: list[str], years: list[int]) -> dict[str, Any]:
    props: dict[str, Any] = {"work_ids": ids, "works": len(ids)}
    if years:
        props["first_year"], props["last_year"] = min(years), max(years)
    return props
