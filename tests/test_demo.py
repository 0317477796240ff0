"""`scholargraph demo --no-serve`: the README's main command up to serving, on the test server.

FalkorDB only: the demo is the embedded FalkorDB's path (the README's first command on a machine
with no database); the steps it runs (load, embed, link-similar, analyze) are tested on both
engines in their own files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphdb import Graph
from scholargraph.cli import cli


def test_demo_generates_loads_embeds_links_and_analyses(falkor_graph: Graph, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOLARGRAPH_DATA_DIR", str(tmp_path / "db"))
    res = CliRunner().invoke(cli, ["demo", "--no-serve", "--works", "60", "--db", falkor_graph.url])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "demo" / "openalex-synthetic-60-seed42.jsonl.gz").is_file()
    assert "read 60 records from 1 file (60 works)" in res.output
    assert "rejected 0 records" in res.output
    assert "embedded 60 of 60 works with all-MiniLM-L6-v2" in res.output
    pairs = int(re.search(r"(\d+) SIMILAR_TO pairs", res.output).group(1))  # type: ignore[union-attr]
    assert "still running" not in res.output  # a database of its own (not the embedded default)

    def one(cypher: str) -> object:
        return falkor_graph.read(cypher).value()

    assert one("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w)") == 60
    assert one("MATCH (w:Work) WHERE w.title IS NOT NULL AND w.embedding IS NULL RETURN count(w)") == 0
    # each work's 10 nearest, a pair stored once: between 60*10/2 and 60*10 edges, as reported
    assert one("MATCH ()-[s:SIMILAR_TO]->() RETURN count(s)") == pairs and 300 <= pairs <= 600
    # analyze wrote its metrics onto every author who has a coauthor
    assert one("MATCH (a:Author)-[:COAUTHOR]-() WITH DISTINCT a WHERE a.pagerank IS NULL OR a.community IS NULL "
               "RETURN count(a)") == 0
    assert one("MATCH (a:Author)-[:COAUTHOR]-() RETURN count(DISTINCT a)") > 0
