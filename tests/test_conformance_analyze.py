"""Conformance of the graph analytics' named queries (analyze/*, `scholargraph analyze`) on every
engine the suite reaches, against the fixture graph of tests/test_conformance.py (its coauthors:
A1-A2 on two works, A1-A3, A2-A3 and A3-A4 on one), with expected rows written out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from graphdb import Graph
from tests import test_conformance as base
from tests.test_conformance_api import Case, as_is, author, sorted_list

fixture_graph = base.fixture_graph  # the shared fixture, registered in this module too

CASES: dict[str, list[Case]] = {
    # `scholargraph analyze` reads the coauthor network in pages (each link once, from the author it is stored on)
    "analyze/coauthor_network": [
        ({"after": "", "limit": 10}, lambda rows: sorted_list(rows, "edges", lambda e: e["target"]),
         [{"id": "A1", "edges": [{"target": "A2", "works": 2}, {"target": "A3", "works": 1}]},
          {"id": "A2", "edges": [{"target": "A3", "works": 1}]},
          {"id": "A3", "edges": [{"target": "A4", "works": 1}]},
          {"id": "A4", "edges": []}]),
        ({"after": "A2", "limit": 1}, as_is, [{"id": "A3", "edges": [{"target": "A4", "works": 1}]}]),
    ],
}

# The read cases above, and the write below (for tests/test_conformance.py's coverage check).
COVERED: set[str] = set(CASES) | {"analyze/write_metrics"}


@pytest.mark.parametrize(("name", "case"), [(n, i) for n in sorted(CASES) for i in range(len(CASES[n]))],
                         ids=lambda v: v if isinstance(v, str) else f"#{v}")
def test_named_analyze_query(fixture_graph: Graph, name: str, case: int) -> None:
    params, shape, expected = CASES[name][case]
    assert shape(fixture_graph.query(name, params).rows) == expected


def metrics(graph: Graph) -> list[tuple[Any, ...]]:
    rows = graph.read("MATCH (a:Author) RETURN a.id AS id, a.community AS c, a.pagerank AS p, "
                      "a.betweenness AS b ORDER BY id").rows
    return [(r["id"], r["c"], r["p"], r["b"]) for r in rows]


def test_analyze_writes_metrics_on_the_authors_named(fixture_graph: Graph) -> None:
    g = fixture_graph
    batch = [{"id": "A1", "community": 0, "pagerank": 0.375, "betweenness": 0.5},
             {"id": "A4", "community": 1, "pagerank": 0.125, "betweenness": 0.0},
             {"id": "A404", "community": 2, "pagerank": 0.5, "betweenness": 0.25}]
    assert g.execute("analyze/write_metrics", {"rows": batch}).rows == [{"rows": 2}]
    assert metrics(g) == [("A1", 0, 0.375, 0.5), ("A2", None, None, None), ("A3", None, None, None),
                          ("A4", 1, 0.125, 0.0)]
    # a later run overwrites; the API's maps show the values
    again = [{"id": "A1", "community": 3, "pagerank": 0.25, "betweenness": 0.75}]
    assert g.execute("analyze/write_metrics", {"rows": again}).rows == [{"rows": 1}]
    assert metrics(g)[0] == ("A1", 3, 0.25, 0.75)
    assert g.query("api/authors_by_ids", {"ids": ["A1"]}).rows == [
        {"key": "A1", "author": {**author("A1"), "community": 3, "pagerank": 0.25, "betweenness": 0.75}}]
    assert g.execute("analyze/write_metrics", {"rows": []}).rows == [{"rows": 0}]
