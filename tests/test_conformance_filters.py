"""Conformance of the filtered lists' and facets' named queries (api/*_filtered, api/*_facets) on
every engine the suite reaches, against the fixture graph of tests/test_conformance.py, with
expected rows written out by hand (see tests/test_conformance_api.py for the fixture: W1 2019,
W2 2021, W3 2023, all articles with an abstract and no code URL, in S1 and topic T10001; the stub
W9 has no type, year, source or topic; every author is at I1 in the years of their works there).
tests/test_api_filters.py checks the same queries through the API on a generated file."""

from __future__ import annotations

from typing import Any

import pytest

from graphdb import Graph
from tests import test_conformance as base
from tests.test_conformance_api import DOMAIN, FIELD, TOPIC, Case, Row, as_is, author, page, rows_by, work

fixture_graph = base.fixture_graph  # the shared fixture, registered in this module too

NO_FILTER = {"year_from": None, "year_to": None, "types": None, "topics": None, "institutions": None,
             "sources": None, "has_code": None, "has_abstract": None, "open_access": None}


def flt(**given: Any) -> dict[str, Any]:
    """The queries' filter parameters: those given, the others null (no condition)."""
    assert set(given) <= set(NO_FILTER)
    return {**NO_FILTER, **given}


def facets(total: int, unknown: int, groups: list[tuple[str, str, int]], group_count: int | None = None) -> Row:
    return {"total": total, "unknown": unknown, "group_count": len(groups) if group_count is None else group_count,
            "groups": [{"key": k, "name": n, "count": c} for k, n, c in groups]}


EXAMPLE = "Example University"

CASES: dict[str, list[Case]] = {
    "api/author_works_filtered": [
        ({"ids": ["A3", "A1"], "order": "DATE", "skip": 0, "limit": 10, **flt(year_from=2020)}, rows_by("id"),
         [{"id": "A1", **page(["W2"], 1)}, {"id": "A3", **page(["W3", "W2"], 2)}]),
        # every condition at once, each holding for both of Ada's works
        ({"ids": ["A1", "A404"], "order": "CITATIONS", "skip": 0, "limit": 10,
          **flt(year_from=2019, year_to=2021, types=["article"], topics=[FIELD], institutions=["I1"],
                sources=["S1"], has_code=False, has_abstract=True)}, as_is, [{"id": "A1", **page(["W1", "W2"], 2)}]),
        ({"ids": ["A1"], "order": "DATE", "skip": 1, "limit": 1, **flt(topics=[DOMAIN])}, as_is,
         [{"id": "A1", **page(["W1"], 2)}]),
        # nothing passes: no row (the page function gives the id an empty page)
        ({"ids": ["A1"], "order": "DATE", "skip": 0, "limit": 10, **flt(has_code=True)}, as_is, []),
        ({"ids": ["A1"], "order": "DATE", "skip": 0, "limit": 10, **flt(institutions=["I404"])}, as_is, []),
    ],
    "api/topic_works_filtered": [
        ({"ids": [DOMAIN, "T404"], "skip": 0, "limit": 10, **flt(year_to=2021)}, as_is,
         [{"id": DOMAIN, **page(["W1", "W2"], 2)}]),
        ({"ids": [TOPIC], "skip": 0, "limit": 10, **flt(types=["preprint"])}, as_is, []),
    ],
    "api/institution_authors_filtered": [
        # Grace and Edsger wrote W3 (2023); both were at I1 to 2023, ties by id
        ({"ids": ["I1", "I404"], "skip": 0, "limit": 10, **flt(year_from=2022)}, as_is,
         [{"id": "I1", **page(["A3", "A4"], 2, "authors", author)}]),
        ({"ids": ["I1"], "skip": 1, "limit": 1, **flt(year_to=2021)}, as_is,
         [{"id": "I1", **page(["A1"], 3, "authors", author)}]),
    ],
    "api/author_works_facets": [
        ({"ids": ["A1", "A404"], "group": "YEAR", "limit": 10, **flt()}, as_is,
         [{"id": "A1", **facets(2, 0, [("2019", "2019", 1), ("2021", "2021", 1)])}]),
        ({"ids": ["A3"], "group": "INSTITUTION", "limit": 10, **flt(year_from=2022)}, as_is,
         [{"id": "A3", **facets(1, 0, [("I1", EXAMPLE, 1)])}]),
        ({"ids": ["A3"], "group": "TYPE", "limit": 0, **flt()}, as_is, [{"id": "A3", **facets(2, 0, [], 1)}]),
    ],
    "api/topic_works_facets": [
        ({"ids": [TOPIC], "group": "SOURCE", "limit": 10, **flt()}, as_is,
         [{"id": TOPIC, **facets(3, 0, [("S1", "Journal of Graphs", 3)])}]),
        ({"ids": [FIELD], "group": "TOPIC", "limit": 10, **flt(year_to=2019)}, as_is,
         [{"id": FIELD, **facets(1, 0, [(TOPIC, "Graph Databases", 1)])}]),
    ],
    "api/institution_authors_facets": [
        # years of each author's works: Ada and Alan 2019, 2021; Grace 2021, 2023; Edsger 2023
        ({"ids": ["I1"], "group": "YEAR", "limit": 2, "filtered": False, **flt()}, as_is,
         [{"id": "I1", **facets(4, 0, [("2021", "2021", 3), ("2019", "2019", 2)], 3)}]),
        ({"ids": ["I1"], "group": "YEAR", "limit": 10, "filtered": True, **flt(year_from=2022)}, as_is,
         [{"id": "I1", **facets(2, 0, [("2023", "2023", 2)])}]),
    ],
    "api/work_references_facets": [
        # W2 cites W1 (an article) and the stub W9 (no type): one unknown
        ({"ids": ["W2", "W9"], "group": "TYPE", "limit": 10, **flt()}, as_is,
         [{"id": "W2", **facets(2, 1, [("article", "article", 1)])}]),
    ],
    "api/work_cited_by_facets": [
        ({"ids": ["W1", "W9"], "group": "TOPIC", "limit": 10, **flt()}, rows_by("id"),
         [{"id": "W1", **facets(2, 0, [(TOPIC, "Graph Databases", 2)])},
          {"id": "W9", **facets(2, 0, [(TOPIC, "Graph Databases", 2)])}]),
    ],
}

COVERED: set[str] = set(CASES)


@pytest.mark.parametrize(("name", "case"), [(n, i) for n in sorted(CASES) for i in range(len(CASES[n]))],
                         ids=lambda v: v if isinstance(v, str) else f"#{v}")
def test_named_filter_query(fixture_graph: Graph, name: str, case: int) -> None:
    params, shape, expected = CASES[name][case]
    rows = fixture_graph.query(name, params).rows
    assert shape(rows) == expected
    if name.endswith("_facets"):  # integers on both engines (FalkorDB's sum() gives a float)
        assert all(type(r[k]) is int for r in rows for k in ("total", "unknown", "group_count"))
        assert all(type(g["count"]) is int for r in rows for g in r["groups"])


def test_the_filtered_queries_without_a_filter_are_the_plain_ones(fixture_graph: Graph) -> None:
    """All filter parameters null: the same rows as the unfiltered queries the API runs then."""
    g = fixture_graph
    for plain, filtered, params in [
        ("api/author_works", "api/author_works_filtered", {"ids": ["A1", "A3"], "order": "CITATIONS"}),
        ("api/topic_works", "api/topic_works_filtered", {"ids": [TOPIC, DOMAIN]}),
        ("api/institution_authors", "api/institution_authors_filtered", {"ids": ["I1"]}),
    ]:
        args = {**params, "skip": 0, "limit": 10}
        assert sorted(g.query(filtered, {**args, **flt()}).rows, key=lambda r: r["id"]) == \
            sorted(g.query(plain, args).rows, key=lambda r: r["id"]), plain
    assert work("W1")["year"] == 2019  # the fixture is the one the pages above were written from
