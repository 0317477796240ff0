"""Conformance of the GraphQL API's named queries (api/*) on every engine the suite reaches,
against the fixture graph of tests/test_conformance.py, with expected rows written out by hand.

The fixture: W1 (2019, cited 10 times, DOI 10.1234/one; Ada A1 and Alan A2), W2 (2021, cited 3
times; Ada, Alan, Grace A3), W3 (2023, cited 0 times; Grace, Edsger A4); W2 cites W1 and the
stub W9, W1 cites W9, W3 cites W1 and W2; every work has the primary topic T10001 (under
subfield 1710 < field 17 < domain 3) and is published in S1; every author is affiliated with
I1 in the years of their works there. Authors carry no ORCID and no analysis results, works no
code URL or novelty: those map entries are null.

Each name in CASES has one or more (params, shape, expected) cases: the shape makes engine
order that the query leaves open (collect, UNWIND of a set) comparable. Queries that need more
than the fixture (SIMILAR_TO edges, users) or that write have their own tests, marked `covers`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphdb import Graph
from tests import test_conformance as base

fixture_graph = base.fixture_graph  # the shared fixture, registered in this module too

Row = dict[str, Any]
Case = tuple[dict[str, Any], Callable[[list[Row]], Any], Any]

# -- the fixture's nodes, as the query maps show them (written from the records, not read back) --

_WORKS: dict[str, dict[str, Any]] = {
    "W1": {"title": "Graph databases for scholarly metadata", "year": 2019, "cited_by_count": 10,
           "doi": "10.1234/one"},
    "W2": {"title": "Embedding scholarly graphs", "year": 2021, "cited_by_count": 3, "doi": None},
    "W3": {"title": "Citation networks of graph research", "year": 2023, "cited_by_count": 0, "doi": None},
}
_AUTHORS = {"A1": "Ada Lovelace", "A2": "Alan Turing", "A3": "Grace Hopper", "A4": "Edsger Dijkstra"}
_TOPICS = {
    "T10001": ("Graph Databases", "topic", "openalex:subfield:1710"),
    "openalex:subfield:1710": ("Information Systems", "subfield", "openalex:field:17"),
    "openalex:field:17": ("Computer Science", "field", "openalex:domain:3"),
    "openalex:domain:3": ("Physical Sciences", "domain", None),
}
TOPIC = "T10001"
FIELD = "openalex:field:17"
SUBFIELD = "openalex:subfield:1710"
DOMAIN = "openalex:domain:3"


def work(wid: str) -> Row:
    """The full Work map (works_by_ids, pages, search)."""
    if wid == "W9":  # the stub: only what a citation says
        return {"id": "W9", "title": None, "abstract": None, "publication_date": None, "year": None, "type": None,
                "doi": None, "arxiv_id": None, "openalex_id": "W9", "language": None, "cited_by_count": None,
                "categories": None, "code_url": None, "open_access": None, "novelty": None, "stub": True}
    w = _WORKS[wid]
    return {"id": wid, "title": w["title"], "abstract": w["title"], "publication_date": f"{w['year']}-03-01",
            "year": w["year"], "type": "article", "doi": w["doi"], "arxiv_id": None, "openalex_id": wid,
            "language": "en", "cited_by_count": w["cited_by_count"], "categories": None, "code_url": None,
            "open_access": None, "novelty": None, "stub": None}


def work_short(wid: str) -> Row:
    """The Work map of graph slices."""
    full = work(wid)
    return {k: full[k] for k in ("id", "title", "year", "type", "cited_by_count", "code_url", "stub")}


def context_work(wid: str) -> Row:
    """The Work map of researcher_context (no stub flag: an author's works are loaded)."""
    return {k: v for k, v in work_short(wid).items() if k != "stub"}


def author(aid: str) -> Row:
    """The full Author map."""
    return {"id": aid, "display_name": _AUTHORS[aid], "orcid": None, "openalex_id": aid, "works_count": None,
            "cited_by_count": None, "novelty": None, "community": None, "pagerank": None, "betweenness": None}


def author_short(aid: str) -> Row:
    return {"id": aid, "display_name": _AUTHORS[aid], "orcid": None, "community": None}


def topic(tid: str, *, parent: bool = False) -> Row:
    name, level, up = _TOPICS[tid]
    out: Row = {"id": tid, "name": name, "level": level, "scheme": "openalex", "description": None, "keywords": None}
    if parent:
        out["parent"] = up
    return out


def topic_short(tid: str) -> Row:
    name, level, _ = _TOPICS[tid]
    return {"id": tid, "name": name, "level": level, "scheme": "openalex"}


INSTITUTION = {"id": "I1", "name": "Example University", "ror": "012345678", "country": "GB", "type": "education",
               "openalex_id": "I1"}
INSTITUTION_SHORT = {"id": "I1", "name": "Example University", "country": "GB", "type": "education"}
SOURCE = {"id": "S1", "name": "Journal of Graphs", "type": "journal", "issn_l": None, "publisher": None}
SOURCE_SHORT = {"id": "S1", "name": "Journal of Graphs", "type": "journal", "publisher": None}

# -- shapes ----------------------------------------------------------------------------


def rows_by(*keys: str) -> Callable[[list[Row]], list[Row]]:
    """Rows in key order: for queries whose row order is left to the engine."""
    return lambda rows: sorted(rows, key=lambda r: tuple(r[k] for k in keys))


def as_is(rows: list[Row]) -> list[Row]:
    return rows


def column(name: str) -> Callable[[list[Row]], list[Any]]:
    return lambda rows: sorted((r[name] for r in rows), key=lambda v: v["id"])


def sorted_list(rows: list[Row], key: str, inner: Callable[[Any], Any] = lambda v: v) -> list[Row]:
    """Rows as they come with one collected (unordered) list sorted."""
    return [{**r, key: sorted(r[key], key=inner)} for r in rows]


def profile_shape(rows: list[Row]) -> list[Row]:
    return [{**r, "citations": sorted(r["citations"]), "claims": sorted(r["claims"])} for r in rows]


def coherence_shape(rows: list[Row]) -> list[Row]:
    return [{**r, "merge_works": sorted(({**w, "coauthors": sorted(w["coauthors"]),
                                          "topics": sorted(w["topics"], key=lambda t: t["id"])}
                                         for w in r["merge_works"]), key=lambda w: w["id"]),
             "merge_topics": sorted(r["merge_topics"], key=lambda t: t["topic"]["id"])} for r in rows]


def _merge_work(wid: str, coauthors: list[str]) -> Row:
    """A work as api/author_coherence's merge_works shows it (the coherence analysis' input)."""
    return {"id": wid, "year": _WORKS[wid]["year"], "cited": _WORKS[wid]["cited_by_count"],
            "topics": [{"id": TOPIC, "primary": True}], "coauthors": coauthors, "embedding": None}


_MERGE_TOPICS = [{"topic": topic(TOPIC), "fields": [{"id": FIELD, "name": "Computer Science"}]}]


def context_shape(rows: list[Row]) -> list[Row]:
    return [{**r, "works": [{**w, "authors": sorted(w["authors"])} for w in r["works"]]} for r in rows]


def suggestion_shape(rows: list[Row]) -> list[Row]:
    return [{**r, "coauthors": sorted(r["coauthors"]),
             "similar": [{**s, "titles": sorted(s["titles"])} for s in r["similar"]]} for r in rows]


def search_shape(column_name: str) -> Callable[[list[Row]], Any]:
    """Relevance scores are the engine's own: assert they are positive and best first (ties by
    id), then compare the hits as a set, with their maps."""

    def shape(rows: list[Row]) -> list[Row]:
        assert all(r["score"] > 0 for r in rows), rows
        assert rows == sorted(rows, key=lambda r: (-r["score"], r["id"])), rows
        assert all(r[column_name]["id"] == r["id"] for r in rows), rows
        return sorted((r[column_name] for r in rows), key=lambda m: m["id"])

    return shape


def page(wids: list[str], total: int, key: str = "works", of: Callable[[str], Row] = work) -> Row:
    return {"total": total, key: [of(w) for w in wids]}


# -- the cases -------------------------------------------------------------------------

ALL_KINDS = ["AUTHOR", "WORK", "TOPIC", "INSTITUTION", "SOURCE"]

CASES: dict[str, list[Case]] = {
    "api/ping": [({}, as_is, [{"ok": 1}])],
    "api/graph_counts": [({}, as_is, [{"works": 3, "authors": 4}])],  # the stub W9 is not counted
    "api/node_kind": [
        ({"id": "A1"}, as_is, [{"kind": "AUTHOR"}]),
        ({"id": "W9"}, as_is, [{"kind": "WORK"}]),
        ({"id": TOPIC}, as_is, [{"kind": "TOPIC"}]),
        ({"id": "I1"}, as_is, [{"kind": "INSTITUTION"}]),
        ({"id": "S1"}, as_is, [{"kind": "SOURCE"}]),
        ({"id": "X404"}, as_is, []),
    ],
    # -- nodes by id: unknown ids give no row
    "api/authors_by_ids": [({"ids": ["A4", "A404", "A2"]}, column("author"), [author("A2"), author("A4")])],
    "api/works_by_ids": [({"ids": ["W9", "W1", "W404"]}, column("work"), [work("W1"), work("W9")])],
    "api/topics_by_ids": [({"ids": [TOPIC, DOMAIN, "T404"]}, column("topic"),
                           [topic(TOPIC, parent=True), topic(DOMAIN, parent=True)])],
    "api/institutions_by_ids": [({"ids": ["I1", "I404"]}, as_is, [{"key": "I1", "institution": INSTITUTION}])],
    "api/sources_by_ids": [({"ids": ["S404", "S1"]}, as_is, [{"key": "S1", "source": SOURCE}])],
    # -- relations of many parents at once: parents without any give no row
    "api/work_topics": [({"ids": ["W1", "W9"]}, as_is,
                         [{"id": "W1", "topics": [{"topic": topic(TOPIC, parent=True), "score": 0.9,
                                                   "primary": True}]}])],
    "api/work_sources": [({"ids": ["W9", "W3"]}, as_is, [{"id": "W3", "source": SOURCE}])],
    "api/topic_children": [({"ids": [FIELD, TOPIC]}, as_is,
                            [{"id": FIELD, "children": [topic(SUBFIELD, parent=True)]}])],
    "api/author_topics": [
        ({"ids": ["A4", "A1", "A404"], "limit": 5}, rows_by("id"),
         [{"id": "A1", "total": 2, "topics": [{"topic": topic(TOPIC), "works": 2}]},
          {"id": "A4", "total": 1, "topics": [{"topic": topic(TOPIC), "works": 1}]}]),
        ({"ids": ["A1"], "limit": 0}, as_is, [{"id": "A1", "total": 2, "topics": []}]),
    ],
    "api/work_authors": [
        ({"ids": ["W2", "W9"], "limit": 2}, as_is,
         [{"id": "W2", "total": 3, "authors": [
             {"author": author("A1"), "position": "first", "order": 0, "corresponding": True},
             {"author": author("A2"), "position": "middle", "order": 1, "corresponding": False}]}]),
    ],
    "api/coauthor_neighbours": [({"ids": ["A4", "A1", "A404"]},
                                 lambda rows: sorted_list(rows_by("id")(rows), "neighbours"),
                                 [{"id": "A1", "neighbours": ["A2", "A3"]}, {"id": "A4", "neighbours": ["A3"]}])],
    # -- pages: total and one page per parent
    "api/author_works": [
        ({"ids": ["A3", "A1"], "order": "DATE", "skip": 0, "limit": 10}, rows_by("id"),
         [{"id": "A1", **page(["W2", "W1"], 2)}, {"id": "A3", **page(["W3", "W2"], 2)}]),
        ({"ids": ["A3", "A1"], "order": "CITATIONS", "skip": 0, "limit": 10}, rows_by("id"),
         [{"id": "A1", **page(["W1", "W2"], 2)}, {"id": "A3", **page(["W2", "W3"], 2)}]),
        ({"ids": ["A1", "A404"], "order": "DATE", "skip": 1, "limit": 1}, as_is, [{"id": "A1", **page(["W1"], 2)}]),
    ],
    "api/topic_works": [
        # W -> T10001 -> subfield -> field -> domain: three SUBTOPIC_OF hops, the deepest counted
        ({"ids": [DOMAIN, TOPIC, "T404"], "skip": 0, "limit": 2}, rows_by("id"),
         [{"id": TOPIC, **page(["W1", "W2"], 3)}, {"id": DOMAIN, **page(["W1", "W2"], 3)}]),
        ({"ids": [FIELD], "skip": 2, "limit": 2}, as_is, [{"id": FIELD, **page(["W3"], 3)}]),
    ],
    "api/institution_authors": [
        # most recently affiliated first (A3, A4 to 2023; A1, A2 to 2021), ties by id
        ({"ids": ["I1", "I404"], "skip": 0, "limit": 10}, as_is,
         [{"id": "I1", **page(["A3", "A4", "A1", "A2"], 4, "authors", author)}]),
        ({"ids": ["I1"], "skip": 1, "limit": 2}, as_is, [{"id": "I1", **page(["A4", "A1"], 4, "authors", author)}]),
    ],
    "api/work_references": [
        ({"ids": ["W9", "W3", "W2"], "skip": 0, "limit": 10}, rows_by("id"),
         [{"id": "W2", **page(["W1", "W9"], 2)}, {"id": "W3", **page(["W1", "W2"], 2)}]),
        ({"ids": ["W3"], "skip": 1, "limit": 5}, as_is, [{"id": "W3", **page(["W2"], 2)}]),
    ],
    "api/work_cited_by": [
        ({"ids": ["W3", "W9", "W1"], "skip": 0, "limit": 10}, rows_by("id"),
         [{"id": "W1", **page(["W3", "W2"], 2)}, {"id": "W9", **page(["W2", "W1"], 2)}]),
        ({"ids": ["W1"], "skip": 0, "limit": 1}, as_is, [{"id": "W1", **page(["W3"], 2)}]),
    ],
    "api/linking_works": [
        ({"pairs": [{"a": "A1", "b": "A2"}, {"a": "A2", "b": "A3"}, {"a": "A1", "b": "A4"}], "works": 1},
         rows_by("a", "b"),
         [{"a": "A1", "b": "A2", "total": 2, "works": [work("W1")]},
          {"a": "A2", "b": "A3", "total": 1, "works": [work("W2")]}]),
        ({"pairs": [{"a": "A2", "b": "A1"}], "works": 5}, as_is,
         [{"a": "A2", "b": "A1", "total": 2, "works": [work("W1"), work("W2")]}]),
    ],
    # -- profile, collaborators, suggestions
    "api/author_profile": [
        ({"ids": ["A1", "A404"], "topics": 5}, profile_shape,
         [{"id": "A1", "author": author("A1"), "orcid": None, "openalex_id": "A1", "novelty": None,
           "community": None, "pagerank": None, "betweenness": None,
           "citations": [3, 10], "with_doi": 1, "topic_count": 1,
           "top_topics": [{"topic": topic(TOPIC), "works": 2}],
           "collaborators": 2, "followers": 0, "claims": [],
           "affiliations": [{"institution": INSTITUTION, "years": [2019, 2021], "first_year": 2019,
                             "last_year": 2021, "last_known": False}]}]),
        ({"ids": ["A3"], "topics": 0}, profile_shape,
         [{"id": "A3", "author": author("A3"), "orcid": None, "openalex_id": "A3", "novelty": None,
           "community": None, "pagerank": None, "betweenness": None,
           "citations": [0, 3], "with_doi": 0, "topic_count": 1, "top_topics": [],
           "collaborators": 3, "followers": 0, "claims": [],
           "affiliations": [{"institution": INSTITUTION, "years": [2021, 2023], "first_year": 2021,
                             "last_year": 2023, "last_known": False}]}]),
    ],
    "api/author_coherence": [
        ({"ids": ["A1", "A404"]}, coherence_shape,
         [{"id": "A1", "merge_works": [_merge_work("W1", ["A2"]), _merge_work("W2", ["A2", "A3"])],
           "merge_topics": _MERGE_TOPICS,
           "affiliations": [{"institution": INSTITUTION, "years": [2019, 2021], "first_year": 2019,
                             "last_year": 2021, "last_known": False}]}]),
        ({"ids": ["A3"]}, coherence_shape,
         [{"id": "A3", "merge_works": [_merge_work("W2", ["A1", "A2"]), _merge_work("W3", ["A4"])],
           "merge_topics": _MERGE_TOPICS,
           "affiliations": [{"institution": INSTITUTION, "years": [2021, 2023], "first_year": 2021,
                             "last_year": 2023, "last_known": False}]}]),
    ],
    "api/close_collaborators": [
        # Grace's coauthors share one work each: the most recent (Edsger, 2023) first, then by id
        ({"id": "A3", "first": 2, "topics": 5}, as_is,
         [{"collaborators": [
             {"author": author("A4"), "works": 1, "first_year": 2023, "last_year": 2023,
              "topics": [{"topic": topic(TOPIC), "works": 1}]},
             {"author": author("A1"), "works": 1, "first_year": 2021, "last_year": 2021,
              "topics": [{"topic": topic(TOPIC), "works": 1}]}]}]),
        ({"id": "A1", "first": 10, "topics": 5}, as_is,
         [{"collaborators": [
             {"author": author("A2"), "works": 2, "first_year": 2019, "last_year": 2021,
              "topics": [{"topic": topic(TOPIC), "works": 2}]},
             {"author": author("A3"), "works": 1, "first_year": 2021, "last_year": 2021,
              "topics": [{"topic": topic(TOPIC), "works": 1}]}]}]),
        ({"id": "A404", "first": 10, "topics": 5}, as_is, []),
    ],
    "api/candidate_topics": [
        ({"ids": ["A4", "A2", "A404"], "topics": [TOPIC, "T404"]},
         lambda rows: sorted(rows, key=lambda r: r["author"]["id"]),
         [{"author": author("A2"), "topics": [TOPIC]}, {"author": author("A4"), "topics": [TOPIC]}]),
        ({"ids": ["A2"], "topics": ["T404"]}, as_is, [{"author": author("A2"), "topics": []}]),
    ],
    "api/suggestion_candidates": [
        ({"id": "A1", "scan": 10, "topics": 3}, suggestion_shape,
         [{"coauthors": ["A2", "A3"], "my_topics": [{"id": TOPIC, "name": "Graph Databases", "works": 2}],
           # coauthors of coauthors: Alan via Grace, Grace via Alan, Edsger via Grace
           "network": [{"id": "A2", "common": 1, "via": ["A3"]}, {"id": "A3", "common": 1, "via": ["A2"]},
                       {"id": "A4", "common": 1, "via": ["A3"]}],
           "similar": [],
           "by_topic": [{"id": "A2", "shared": 1}, {"id": "A3", "shared": 1}, {"id": "A4", "shared": 1}]}]),
        ({"id": "A4", "scan": 1, "topics": 3}, suggestion_shape,
         [{"coauthors": ["A3"], "my_topics": [{"id": TOPIC, "name": "Graph Databases", "works": 1}],
           "network": [{"id": "A1", "common": 1, "via": ["A3"]}], "similar": [],
           "by_topic": [{"id": "A1", "shared": 1}]}]),
        ({"id": "A404", "scan": 10, "topics": 3}, as_is, []),
    ],
    # -- graph slices
    "api/researcher_context": [
        ({"id": "A1", "works": 10, "collaborators": 10, "topics": 10, "institutions": 10}, context_shape,
         [{"author": {**author_short("A1"), "works": 2},
           "collaborators": [
               {"author": author_short("A2"), "works": 2, "first_year": 2019, "last_year": 2021},
               {"author": author_short("A3"), "works": 1, "first_year": 2021, "last_year": 2021}],
           "works": [{**context_work("W1"), "authors": ["A2"], "topics": [TOPIC]},
                     {**context_work("W2"), "authors": ["A2", "A3"], "topics": [TOPIC]}],
           "topics": [{"topic": topic_short(TOPIC), "works": 2}],
           "institutions": [{"institution": INSTITUTION_SHORT, "first_year": 2019, "last_year": 2021,
                             "years": [2019, 2021], "last_known": False}]}]),
        # no collaborators listed: the works name none of their coauthors
        ({"id": "A3", "works": 1, "collaborators": 0, "topics": 0, "institutions": 0}, context_shape,
         [{"author": {**author_short("A3"), "works": 2}, "collaborators": [],
           "works": [{**context_work("W2"), "authors": [], "topics": [TOPIC]}], "topics": [], "institutions": []}]),
        ({"id": "A404", "works": 1, "collaborators": 1, "topics": 1, "institutions": 1}, as_is, []),
    ],
    "api/expand_work": [
        ({"id": "W2", "kinds": ALL_KINDS, "first": 10}, as_is,
         [{"work": work_short("W2"),
           "authors": [{"author": author_short("A1"), "order": 0}, {"author": author_short("A2"), "order": 1},
                       {"author": author_short("A3"), "order": 2}],
           "topics": [{"topic": topic_short(TOPIC), "score": 0.9}], "source": SOURCE_SHORT,
           "references": [work_short("W1"), work_short("W9")], "cited_by": [work_short("W3")], "similar": []}]),
        ({"id": "W2", "kinds": ["AUTHOR", "WORK"], "first": 1}, as_is,
         [{"work": work_short("W2"), "authors": [{"author": author_short("A1"), "order": 0}], "topics": [],
           "source": None, "references": [work_short("W1")], "cited_by": [work_short("W3")], "similar": []}]),
        ({"id": "W404", "kinds": ALL_KINDS, "first": 10}, as_is, []),
    ],
    "api/expand_topic": [
        ({"id": TOPIC, "kinds": ALL_KINDS, "first": 2}, as_is,
         [{"topic": topic_short(TOPIC), "works": [work_short("W1"), work_short("W2")],
           "authors": [{"author": author_short("A1"), "works": 2}, {"author": author_short("A2"), "works": 2}],
           "parent": topic_short(SUBFIELD), "children": []}]),
        ({"id": FIELD, "kinds": ["TOPIC"], "first": 10}, as_is,
         [{"topic": topic_short(FIELD), "works": [], "authors": [], "parent": topic_short(DOMAIN),
           "children": [topic_short(SUBFIELD)]}]),
        # three hops below the domain: every work and author counts
        ({"id": DOMAIN, "kinds": ["WORK", "AUTHOR"], "first": 10}, as_is,
         [{"topic": topic_short(DOMAIN), "works": [work_short("W1"), work_short("W2"), work_short("W3")],
           "authors": [{"author": author_short(a), "works": n} for a, n in
                       (("A1", 2), ("A2", 2), ("A3", 2), ("A4", 1))],
           "parent": None, "children": []}]),
        ({"id": "T404", "kinds": ALL_KINDS, "first": 10}, as_is, []),
    ],
    "api/expand_institution": [
        ({"id": "I1", "kinds": ALL_KINDS, "first": 10}, as_is,
         [{"institution": INSTITUTION_SHORT,
           "authors": [{"author": author_short(a), "first_year": f, "last_year": lst, "last_known": False}
                       for a, f, lst in (("A3", 2021, 2023), ("A4", 2023, 2023), ("A1", 2019, 2021),
                                         ("A2", 2019, 2021))],
           "topics": [{"topic": topic_short(TOPIC), "works": 3}]}]),
        ({"id": "I1", "kinds": ["AUTHOR"], "first": 1}, as_is,
         [{"institution": INSTITUTION_SHORT,
           "authors": [{"author": author_short("A3"), "first_year": 2021, "last_year": 2023, "last_known": False}],
           "topics": []}]),
        ({"id": "I404", "kinds": ALL_KINDS, "first": 10}, as_is, []),
    ],
    "api/expand_source": [
        ({"id": "S1", "kinds": ALL_KINDS, "first": 2}, as_is,
         [{"source": SOURCE_SHORT, "works": [work_short("W1"), work_short("W2")]}]),
        ({"id": "S1", "kinds": ["AUTHOR"], "first": 2}, as_is, [{"source": SOURCE_SHORT, "works": []}]),
        ({"id": "S404", "kinds": ALL_KINDS, "first": 2}, as_is, []),
    ],
    # -- full-text search (the schema's full-text indexes; the last word matched as a prefix)
    "api/search_authors": [
        ({"terms": ["grace"], "k": 5}, search_shape("author"), [author("A3")]),
        ({"terms": ["al"], "k": 5}, search_shape("author"), [author("A2")]),  # "al*": Alan, not Ada
        ({"terms": ["ada", "love"], "k": 5}, search_shape("author"), [author("A1")]),
        ({"terms": ["ada", "turing"], "k": 5}, search_shape("author"), []),  # every word must match
    ],
    "api/search_works": [
        ({"terms": ["graph"], "k": 5}, search_shape("work"), [work("W1"), work("W2"), work("W3")]),
        ({"terms": ["scholarly", "graph"], "k": 5}, search_shape("work"), [work("W1"), work("W2")]),
        ({"terms": ["citation", "netw"], "k": 5}, search_shape("work"), [work("W3")]),
        ({"terms": ["embedding", "metadata"], "k": 5}, search_shape("work"), []),
    ],
}


# -- queries that write, or that need more than the fixture ----------------------------



def years(rows: list[Row]) -> list[Row]:
    """The years_* rows with their collected year lists sorted."""
    return sorted(({**r, "work_years": sorted(r["work_years"]), "citing_years": sorted(r["citing_years"])}
                   for r in rows), key=lambda r: r["id"])


def categories(rows: list[Row]) -> list[Row]:
    return [{"id": r["id"], "works": sorted(r["works"], key=lambda w: w["id"])} for r in rows]


def by_id(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: r["id"])


def candidates(rows: list[Row]) -> list[tuple[str, str, int]]:
    """Which nodes and weights, not the engines' scores (each engine scores its own way)."""
    return sorted((r["id"], r["name"], r["weight"]) for r in rows)


def weighted(rows: list[Row]) -> list[tuple[str, str, int]]:
    """The nodes and weights in the order the query gives (most weight first, ties by id)."""
    return [(r["id"], r["name"], r["weight"]) for r in rows]


# Citations among the fixture's works: W1 is cited by W2 (2021) and W3 (2023), W2 by W3 (2023).
_ALL_CITING = [2021, 2023, 2023]
_GRAPH_TOPIC = {"id": TOPIC, "name": "Graph Databases", "scheme": "openalex", "level": "topic", "primary": True,
                "parents": [{"id": SUBFIELD, "name": "Information Systems", "level": "subfield"}]}
CASES.update({
    # coauthors: A3 has A1, A2, A4; A1 and A2 two each; A4 one
    "api/most_connected_authors": [({"limit": 3}, as_is, [{"author": author("A3"), "coauthors": 3},
                                                          {"author": author("A1"), "coauthors": 2},
                                                          {"author": author("A2"), "coauthors": 2}])],
    "api/years_author": [({"ids": ["A4", "A1", "A404"]}, years, [
        {"id": "A1", "work_years": [2019, 2021], "citing_years": _ALL_CITING, "reported": 13, "undated_works": 0},
        {"id": "A4", "work_years": [2023], "citing_years": [], "reported": 0, "undated_works": 0}])],
    "api/years_work": [({"ids": ["W1", "W9"]}, years, [
        {"id": "W1", "work_years": [2019], "citing_years": [2021, 2023], "reported": 10, "undated_works": 0},
        {"id": "W9", "work_years": [], "citing_years": [2019, 2021], "reported": 0, "undated_works": 1}])],
    "api/years_topic": [({"ids": [TOPIC, DOMAIN]}, years, [
        {"id": t, "work_years": [2019, 2021, 2023], "citing_years": _ALL_CITING, "reported": 13, "undated_works": 0}
        for t in sorted([TOPIC, DOMAIN])])],
    "api/years_institution": [({"ids": ["I1"]}, years, [
        {"id": "I1", "work_years": [2019, 2021, 2023], "citing_years": _ALL_CITING, "reported": 13,
         "undated_works": 0}])],
    "api/author_categories": [({"ids": ["A4"]}, categories, [
        {"id": "A4", "works": [{"id": "W3", "cited": 0, "topics": [_GRAPH_TOPIC]}]}])],
    "api/autocomplete_candidates": [
        ({"label": "Work", "index": "work_text", "terms": ["gra"], "k": 5}, candidates,
         [("W1", _WORKS["W1"]["title"], 10), ("W2", _WORKS["W2"]["title"], 3), ("W3", _WORKS["W3"]["title"], 0)]),
        ({"label": "Topic", "index": "topic_name", "terms": ["graph", "data"], "k": 5}, candidates,
         [(TOPIC, "Graph Databases", 3)]),
        ({"label": "Author", "index": "author_name", "terms": ["grace"], "k": 5}, candidates,
         [("A3", "Grace Hopper", 0)]),
        ({"label": "Institution", "index": "institution_name", "terms": ["exam"], "k": 5}, candidates,
         [("I1", "Example University", 4)]),
        ({"label": "Source", "index": "source_name", "terms": ["journal"], "k": 5}, candidates,
         [("S1", "Journal of Graphs", 3)]),
    ],
    # the typeahead's most weighty nodes per kind, in order (W9, the stub, has no title)
    "api/autocomplete_heads_works": [({"k": 5}, weighted, [("W1", _WORKS["W1"]["title"], 10),
                                                           ("W2", _WORKS["W2"]["title"], 3),
                                                           ("W3", _WORKS["W3"]["title"], 0)])],
    "api/autocomplete_heads_authors": [({"k": 2}, weighted, [("A1", "Ada Lovelace", 0), ("A2", "Alan Turing", 0)])],
    "api/autocomplete_heads_topics": [({"k": 2}, weighted, [(TOPIC, "Graph Databases", 3),
                                                            (DOMAIN, "Physical Sciences", 0)])],
    "api/autocomplete_heads_institutions": [({"k": 1}, weighted, [("I1", "Example University", 4)])],
    "api/autocomplete_heads_sources": [({"k": 1}, weighted, [("S1", "Journal of Graphs", 3)])],
    "api/hints_authors": [({"ids": ["A1", "A404"]}, as_is, [{"id": "A1", "works": 2,
                                                             "institution": "Example University"}])],
    "api/hints_works": [({"ids": ["W9", "W2"]}, by_id, [
        {"id": "W2", "year": 2021, "authors": 3, "first_author": "Ada Lovelace"},
        {"id": "W9", "year": None, "authors": 0, "first_author": None}])],
    "api/hints_topics": [({"ids": [TOPIC, DOMAIN]}, by_id, sorted([
        {"id": TOPIC, "level": "topic", "parent": "Information Systems", "works": 3},
        {"id": DOMAIN, "level": "domain", "parent": None, "works": 0}], key=lambda r: r["id"]))],
    "api/hints_institutions": [({"ids": ["I1"]}, as_is, [{"id": "I1", "type": "education", "country": "GB",
                                                          "authors": 4}])],
    "api/hints_sources": [({"ids": ["S1"]}, as_is, [{"id": "S1", "type": "journal", "publisher": None,
                                                     "works": 3}])],
})


CASES.update({
    "api/possible_merge_candidates": [
        ({"min_works": 2}, as_is, [{"id": a, "name": _AUTHORS[a], "works": 2} for a in ("A1", "A2", "A3")]),
        ({"min_works": 3}, as_is, [])],
})

COVERED: set[str] = set(CASES)


def covers(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Count a test below as the conformance case of these names (for the coverage check)."""

    def mark(test: Callable[..., None]) -> Callable[..., None]:
        COVERED.update(names)
        return test

    return mark


@covers("api/author_profile")
def test_profile_counts_follows_and_claims_made_after_it_first_ran(fixture_graph: Graph) -> None:
    """The API serves profiles from one long-lived connection: a profile read before any
    user follows or claims anyone must not keep those counts at zero afterwards."""
    g = fixture_graph

    def social(aid: str) -> tuple[int, list[str]]:
        row = g.query("api/author_profile", {"ids": [aid], "topics": 1}).rows[0]
        return row["followers"], sorted(row["claims"])

    assert social("A1") == (0, [])
    g.write("CREATE (u1:User {id: 'U1'}), (u2:User {id: 'U2'}) WITH u1, u2 "
            "MATCH (a:Author {id: 'A1'}) "
            "CREATE (u1)-[:FOLLOWS]->(a), (u2)-[:FOLLOWS]->(a), "
            "(u1)-[:CLAIMS {status: 'pending'}]->(a), (u2)-[:CLAIMS {status: 'rejected'}]->(a)")
    assert social("A1") == (2, ["pending", "rejected"])
    assert social("A2") == (0, [])


@covers("api/expand_work", "api/suggestion_candidates")
def test_similar_to_edges_reach_the_explorer_and_the_suggestions(fixture_graph: Graph) -> None:
    g = fixture_graph
    w3 = {"id": "W3", "kinds": ["WORK"], "first": 10}
    assert g.query("api/expand_work", w3).rows[0]["similar"] == []
    pairs = [{"a": "W1", "b": "W3", "score": 0.75}, {"a": "W2", "b": "W3", "score": 0.5}]
    assert g.execute("similar/merge_similar", {"pairs": pairs, "model": "test-model"}).rows == [{"rows": 2}]
    assert g.query("api/expand_work", w3).rows == [
        {"work": work_short("W3"), "authors": [], "topics": [], "source": None,
         "references": [work_short("W1"), work_short("W2")], "cited_by": [],
         "similar": [{"work": work_short("W1"), "score": 0.75}, {"work": work_short("W2"), "score": 0.5}]}]
    assert g.query("api/expand_work", {**w3, "first": 1}).rows[0]["similar"] == [
        {"work": work_short("W1"), "score": 0.75}]
    # Edsger's W3 is like W1 (Ada, Alan) and W2 (Ada, Alan, Grace)
    rows = g.query("api/suggestion_candidates", {"id": "A4", "scan": 10, "topics": 3}).rows
    assert suggestion_shape(rows)[0]["similar"] == [
        {"id": "A1", "similar": 2, "best": 0.75, "titles": sorted([_WORKS["W1"]["title"], _WORKS["W2"]["title"]])},
        {"id": "A2", "similar": 2, "best": 0.75, "titles": sorted([_WORKS["W1"]["title"], _WORKS["W2"]["title"]])},
        {"id": "A3", "similar": 1, "best": 0.5, "titles": [_WORKS["W2"]["title"]]}]
    # Ada's W1 and W2 are both like W3 (Grace, Edsger): one similar work each, the better score
    rows = g.query("api/suggestion_candidates", {"id": "A1", "scan": 10, "topics": 3}).rows
    assert suggestion_shape(rows)[0]["similar"] == [
        {"id": "A3", "similar": 1, "best": 0.75, "titles": [_WORKS["W3"]["title"]]},
        {"id": "A4", "similar": 1, "best": 0.75, "titles": [_WORKS["W3"]["title"]]}]


# -- the read cases --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "case"), [(n, i) for n in sorted(CASES) for i in range(len(CASES[n]))],
                         ids=lambda v: v if isinstance(v, str) else f"#{v}")
def test_named_api_query(fixture_graph: Graph, name: str, case: int) -> None:
    params, shape, expected = CASES[name][case]
    assert shape(fixture_graph.query(name, params).rows) == expected
