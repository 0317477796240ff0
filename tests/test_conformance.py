"""Every named query runs on every engine the suite reaches, against one small fixture
graph, with asserted results.

Write queries of the loaders (load/*) build the fixture itself, so each of them runs
here too; their effect is asserted through the fixture's exact contents. Read queries
are listed in CASES with their parameters and expected rows. A query missing from
both fails `test_every_named_query_is_covered`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, schema
from graphdb.queries import query_names
from loaders.pipeline import load

W = "https://openalex.org/"


def oa_work(wid: str, title: str, year: int, authors: list[tuple[str, str]], refs: list[str],
            topic: tuple[str, str] = ("T10001", "Graph Databases"), doi: str | None = None) -> dict[str, Any]:
    return {
        "id": W + wid, "doi": f"https://doi.org/{doi}" if doi else None, "title": title,
        "publication_year": year, "publication_date": f"{year}-03-01", "type": "article", "language": "en",
        "cited_by_count": {"W1": 10, "W2": 3, "W3": 0}.get(wid, 0),
        "abstract_inverted_index": {w: [i] for i, w in enumerate(title.split())},
        "authorships": [
            {"author_position": "first" if i == 0 else "last" if i == len(authors) - 1 else "middle",
             "author": {"id": W + aid, "display_name": name}, "is_corresponding": i == 0,
             "institutions": [{"id": W + "I1", "display_name": "Example University", "ror": "https://ror.org/012345678",
                               "country_code": "GB", "type": "education"}]}
            for i, (aid, name) in enumerate(authors)
        ],
        "topics": [{"id": W + topic[0], "display_name": topic[1], "score": 0.9,
                    "subfield": {"id": W + "subfields/1710", "display_name": "Information Systems"},
                    "field": {"id": W + "fields/17", "display_name": "Computer Science"},
                    "domain": {"id": W + "domains/3", "display_name": "Physical Sciences"}}],
        "primary_topic": {"id": W + topic[0], "display_name": topic[1], "score": 0.9,
                          "subfield": {"id": W + "subfields/1710", "display_name": "Information Systems"},
                          "field": {"id": W + "fields/17", "display_name": "Computer Science"},
                          "domain": {"id": W + "domains/3", "display_name": "Physical Sciences"}},
        "primary_location": {"source": {"id": W + "S1", "display_name": "Journal of Graphs", "type": "journal"}},
        "referenced_works": [W + r for r in refs],
    }


FIXTURE = [
    oa_work("W1", "Graph databases for scholarly metadata", 2019,
            [("A1", "Ada Lovelace"), ("A2", "Alan Turing")], ["W9"], doi="10.1234/one"),
    oa_work("W2", "Embedding scholarly graphs", 2021,
            [("A1", "Ada Lovelace"), ("A2", "Alan Turing"), ("A3", "Grace Hopper")], ["W1", "W9"]),
    oa_work("W3", "Citation networks of graph research", 2023, [("A3", "Grace Hopper"), ("A4", "Edsger Dijkstra")],
            ["W1", "W2"]),
]


@pytest.fixture
def fixture_graph(graph: Graph, tmp_path: Path) -> Graph:
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(json.dumps(w) for w in FIXTURE) + "\n")
    schema.init(graph, 384)
    summary = load(graph, [path], "openalex", rejects_path=tmp_path / "r.jsonl", progress=False)
    assert summary.rejected == 0
    return graph


WRITE_QUERIES_RUN_BY_THE_FIXTURE = {
    "load/upsert_works", "load/upsert_sources", "load/upsert_topics", "load/link_subtopics", "load/link_topics",
    "load/upsert_institutions", "load/upsert_authors", "load/link_authorships", "load/link_affiliations",
    "load/link_citations", "load/refresh_coauthors", "load/work_ids_by_openalex", "load/work_ids_by_doi",
    "load/work_ids_by_arxiv", "load/authors_of_works", "load/name_candidates", "load/author_ids_by_orcid",
}

Case = tuple[dict[str, Any], Callable[[list[dict[str, Any]]], Any], Any]


def ids(rows: list[dict[str, Any]]) -> list[Any]:
    return sorted(r["id"] for r in rows)


CASES: dict[str, Case] = {
    "load/work_ids_by_openalex": ({"values": ["W1", "W9", "W404"]},
                                  lambda rows: sorted((r["key"], r["id"], r["stub"]) for r in rows),
                                  [("W1", "W1", False), ("W9", "W9", True)]),
    "load/work_ids_by_doi": ({"values": ["10.1234/one", "10.1234/none"]},
                             lambda rows: [(r["key"], r["id"], r["openalex_id"]) for r in rows],
                             [("10.1234/one", "W1", "W1")]),
    "load/work_ids_by_arxiv": ({"values": ["1234.5678"]}, lambda rows: rows, []),
    # W1-W3 and the stub W9, A1-A4, I1, T10001 with its subfield, field and domain, S1
    "load/node_count": ({}, lambda rows: rows, [{"nodes": 4 + 4 + 1 + 4 + 1}]),
    # Every fixture reference names its own node, so nothing needs a lookup; the rows for
    # an id held by another node are asserted in tests/test_load_cited.py.
    "load/cited_work_ids": ({"values": ["W1", "W9", "W404"]}, lambda rows: rows, []),
    "load/author_ids_by_orcid": ({"values": ["0000-0002-1825-0097"]}, lambda rows: rows, []),
    "load/authors_of_works": ({"works": ["W3"]}, lambda rows: sorted((r["id"], r["name_key"]) for r in rows),
                              [("A3", "grace hopper"), ("A4", "edsger dijkstra")]),
    "load/name_candidates": ({"names": ["grace hopper"]},
                             lambda rows: [(r["id"], sorted(r["coauthor_names"])) for r in rows],
                             [("A3", ["ada lovelace", "alan turing", "edsger dijkstra"])]),
    "similar/works_to_embed": ({"after": "W1", "limit": 5},
                               lambda rows: [(r["id"], r["has_vector"], r["title"]) for r in rows],
                               [("W2", False, "Embedding scholarly graphs"),
                                ("W3", False, "Citation networks of graph research")]),
    "similar/count_works_to_embed": ({}, lambda rows: rows, [{"works": 3}]),
    "similar/embedding_meta": ({}, lambda rows: rows, []),
    "similar/vectors": ({"after": "", "limit": 10}, lambda rows: rows, []),
    "similar/similar_edges": ({}, lambda rows: rows, []),
    "similar/similar_works": ({"id": "W1", "k": 5}, lambda rows: rows, []),
    "similar/semantic_search": ({"vector": [0.0] * 383 + [1.0], "k": 3}, lambda rows: rows, []),
}


def test_fixture_graph_is_exactly_what_the_records_say(fixture_graph: Graph) -> None:
    g = fixture_graph
    assert ids(g.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN w.id AS id").rows) == ["W1", "W2", "W3"]
    assert ids(g.read("MATCH (w:Work {stub: true}) RETURN w.id AS id").rows) == ["W9"]
    cites = g.read("MATCH (a:Work)-[:CITES]->(b:Work) RETURN a.id AS a, b.id AS b ORDER BY a, b").rows
    assert [(r["a"], r["b"]) for r in cites] == [("W1", "W9"), ("W2", "W1"), ("W2", "W9"), ("W3", "W1"), ("W3", "W2")]
    co = g.read("MATCH (a:Author)-[c:COAUTHOR]->(b:Author) "
                "RETURN a.id AS a, b.id AS b, c.works AS n, c.first_year AS f, c.last_year AS l ORDER BY a, b").rows
    assert [(r["a"], r["b"], r["n"], r["f"], r["l"]) for r in co] == [
        ("A1", "A2", 2, 2019, 2021), ("A1", "A3", 1, 2021, 2021), ("A2", "A3", 1, 2021, 2021),
        ("A3", "A4", 1, 2023, 2023)]
    aff = g.read("MATCH (a:Author {id: 'A3'})-[f:AFFILIATED_WITH]->(i:Institution) "
                 "RETURN i.id AS i, f.years AS years, f.first_year AS f, f.last_year AS l").rows
    assert aff == [{"i": "I1", "years": [2021, 2023], "f": 2021, "l": 2023}]
    topics = g.read("MATCH (:Work {id: 'W1'})-[h:HAS_TOPIC]->(t:Topic)-[:SUBTOPIC_OF*]->(p:Topic) "
                    "RETURN t.id AS t, h.primary AS primary, collect(p.id) AS parents").rows
    assert [(r["t"], r["primary"], sorted(r["parents"])) for r in topics] == [
        ("T10001", True, ["openalex:domain:3", "openalex:field:17", "openalex:subfield:1710"])]
    authored = g.read("MATCH (a:Author)-[e:AUTHORED]->(:Work {id: 'W2'}) "
                      "RETURN a.id AS a, e.position AS p, e.order AS o, e.corresponding AS c ORDER BY o").rows
    assert [(r["a"], r["p"], r["o"], r["c"]) for r in authored] == [
        ("A1", "first", 0, True), ("A2", "middle", 1, False), ("A3", "last", 2, False)]
    assert g.read("MATCH (:Work)-[:PUBLISHED_IN]->(s:Source) RETURN count(*) AS n").value() == 3


@pytest.mark.parametrize("name", sorted(CASES))
def test_named_read_query(fixture_graph: Graph, name: str) -> None:
    params, shape, expected = CASES[name]
    assert shape(fixture_graph.query(name, params).rows) == expected


def unit(i: int) -> list[float]:
    v = [0.0] * 384
    v[i] = 1.0
    return v


def test_vector_queries_on_an_embedded_fixture(fixture_graph: Graph) -> None:
    g = fixture_graph
    rows = [{"id": f"W{i}", "vector": unit(i), "hash": f"h{i}"} for i in (1, 2, 3)]
    g.execute("similar/set_embeddings", {"rows": rows, "model": "m"})
    hits = g.query("similar/semantic_search", {"vector": unit(2), "k": 3}).rows
    assert [(r["id"], round(r["score"], 4)) for r in hits] == [("W2", 1.0), ("W1", 0.0), ("W3", 0.0)]
    # Every term must match: "databases" is in W1's title only (W3 has "graph" alone).
    hits = g.query("similar/title_candidates", {"terms": ["graph", "databases"], "vector": unit(1), "k": 5}).rows
    assert [(r["id"], r["title"], round(r["score"], 4)) for r in hits] == [
        ("W1", "Graph databases for scholarly metadata", 1.0)]
    # (A word both titles hold as written: RediSearch stems, Neo4j's default analyser does not.)
    hits = g.query("similar/title_candidates", {"terms": ["scholarly"], "vector": unit(2), "k": 5}).rows
    assert sorted((r["id"], round(r["score"], 4)) for r in hits) == [("W1", 0.0), ("W2", 1.0)]


def test_every_named_query_is_covered() -> None:
    # api/* and accounts/* have their cases in modules of their own (they import this one)
    from tests.test_conformance_accounts import COVERED as ACCOUNTS_COVERED
    from tests.test_conformance_analyze import COVERED as ANALYZE_COVERED
    from tests.test_conformance_api import COVERED as API_COVERED
    from tests.test_conformance_filters import COVERED as FILTERS_COVERED

    covered = set(CASES) | WRITE_QUERIES_RUN_BY_THE_FIXTURE | COVERED_ELSEWHERE | API_COVERED | ACCOUNTS_COVERED
    covered |= FILTERS_COVERED | ANALYZE_COVERED
    assert sorted(n for n in set(query_names()) - covered if n.startswith(CHECKED_PREFIXES)) == []


# Every folder of cypher/ (load/, similar/, api/, accounts/, analyze/, and any added later).
CHECKED_PREFIXES = tuple(sorted({name.split("/", 1)[0] + "/" for name in query_names()}))

# Queries whose conformance lives in another module of this suite, which runs them on
# every engine against a fixture graph with asserted results (module named beside each).
COVERED_ELSEWHERE: set[str] = {
    "similar/set_embeddings",  # tests/test_similar_graph.py
    "similar/clear_embeddings",  # tests/test_similar_graph.py
    "similar/set_embedding_meta",  # tests/test_similar_graph.py
    "similar/merge_similar",  # tests/test_similar_graph.py
    "similar/delete_similar",  # tests/test_similar_graph.py
    "similar/set_novelty",  # tests/test_similar_graph.py
    "similar/author_novelty",  # tests/test_similar_graph.py
    "similar/title_candidates",  # test_vector_queries_on_an_embedded_fixture, above
    "api/author_works_detail",  # tests/test_api_nested.py (against the three queries it merges)
    "load/link_key_citations",  # tests/test_load_sources.py (Crossref and S2 references by DOI/arXiv id)
    # OpenAlex merged ids: tests/test_load_merged_ids.py (exact nodes, moved relationships, dumps)
    "load/any_merged_ids",
    "load/merge_author_edges",
    "load/merge_entity_edges",
    "load/merge_nodes",
    "load/merge_work_edges",
    "load/merged_id_aliases",
    "load/stamp_merged_ids",
    "load/upsert_merged_ids",
    # Person keys besides ORCID: tests/test_load_person_ids.py (exact authors on written and real files)
    "load/author_ids_by_s2",
    "load/author_ids_by_dblp",
    # ISSN-keyed sources: tests/test_load_issn_sources.py (both orders, full dumps)
    "load/source_ids_by_issn",
    "load/fold_issn_sources",
    # Name-only authors folded into keyed ones: tests/test_load_name_folds.py (both orders, full dumps)
    "load/name_author_folds",
}
