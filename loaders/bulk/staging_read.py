"""What the bulk writers (falkordb_bulk.py, neo4j_csv.py) read of the staging graph
(staging.py) once it is whole: its nodes in bulk id order and its edges by type."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from loaders.bulk.staging_sql import load as _load


class StagedReads:
    """The reading half of StagingGraph (its SQLite connection is `db`)."""

    db: sqlite3.Connection

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
        for a, b, ids, years in self.coauthor_groups():
            yield a, b, _coauthor(ids, years)

    def coauthor_groups(self) -> Iterator[tuple[int, int, list[str], list[int]]]:
        """coauthor_edges before its properties are made: (from, to, shared work ids, their
        known years), for a writer that encodes them straight from the lists."""
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
                    yield at[0], at[1], ids, years
                at, ids, years = (a, b), [], []
            ids.append(wid)
            if year is not None:
                years.append(year)
        if at is not None:
            yield at[0], at[1], ids, years


# A COAUTHOR edge's properties, as _coauthor makes them (first and last year only when known).
COAUTHOR_PROPS = ("first_year", "last_year", "work_ids", "works")


def _coauthor(ids: list[str], years: list[int]) -> dict[str, Any]:
    props: dict[str, Any] = {"work_ids": ids, "works": len(ids)}
    if years:
        props["first_year"], props["last_year"] = min(years), max(years)
    return props
