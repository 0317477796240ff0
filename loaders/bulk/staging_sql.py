"""The staging graph's SQLite settings and tables, and how it stores properties
(loaders/bulk/staging.py)."""

import marshal
from typing import Any

# SQLite pages kept in memory (negative: KiB): bounds the loader's memory whatever the input.
CACHE_KIB = 262_144
# Once the staging is whole it is only scanned and sorted, which needs few cached pages; and
# SQLite lets each sort hold up to cache_size in memory before it spills to disk, so a large
# cache would add up to that much per sort (GROUP BY, ORDER BY, DISTINCT) to the write phase.
READ_CACHE_KIB = 16_384
PRAGMAS = ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KIB}", "temp_store=FILE",
           "locking_mode=EXCLUSIVE")
SCHEMA = """
CREATE TABLE IF NOT EXISTS node (seq INTEGER PRIMARY KEY, label TEXT NOT NULL, id TEXT NOT NULL,
                                 props BLOB NOT NULL, year INTEGER, UNIQUE (label, id));
CREATE TABLE IF NOT EXISTS lookup (prop TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS lookup_value ON lookup (prop, value, seq);
CREATE TABLE IF NOT EXISTS edge (type TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL,
                                 props BLOB NOT NULL, PRIMARY KEY (type, a, b)) WITHOUT ROWID;
-- a work's authors (authors_of_works); no other type is read by its end, so CITES,
-- most of the edges, is not indexed twice
CREATE INDEX IF NOT EXISTS authored_to ON edge (b, a) WHERE type = 'AUTHORED';
-- COAUTHOR, set-based: one row per (pair, shared work) as refresh_coauthors is asked
-- (appended, never read back per row); the edges are these rows grouped, once, when
-- written out (coauthor_edges). Indexed only once name matching reads it (_pairs_indexed).
CREATE TABLE IF NOT EXISTS pair (a INTEGER NOT NULL, b INTEGER NOT NULL, work INTEGER NOT NULL);
-- the values one lookup of a batch asks for (_found)
CREATE TEMP TABLE IF NOT EXISTS keys (ord INTEGER PRIMARY KEY, v TEXT NOT NULL);
-- the edges one merge of a batch reads (_edges_of)
CREATE TEMP TABLE IF NOT EXISTS ekeys (a INTEGER NOT NULL, b INTEGER NOT NULL);
"""


def dump(props: dict[str, Any]) -> bytes:
    """A node's or an edge's properties as a blob (marshal: the fastest codec of plain values)."""
    return marshal.dumps(props)


def load(blob: bytes) -> dict[str, Any]:
    return marshal.loads(blob)
