"""Keyset pagination by string id visits every node once, in id order, on every engine.

FalkorDB's range index answers `n.id > $after` wrongly for parameterised strings
(FalkorDB issues #2239, #282: rows dropped or repeated), so its variants of these
queries compare without the index; this suite would loop or lose works otherwise."""

from __future__ import annotations

import pytest

from graphdb import Graph, schema
from similarity.embed_works import pages

IDS = ["W100927044", "W104609242", "W87230806", "W9", "arxiv:cs/0503050", "arxiv:hep-ph/0301050",
       "orcid:0000-0002-1825-0097", "name:3f2a"]


@pytest.fixture
def ids_graph(graph: Graph) -> Graph:
    schema.init(graph, 3)
    graph.write("UNWIND $ids AS id CREATE (:Work {id: id, title: 'T ' + id, embedding: vecf32([1.0, 0.0, 0.0])})"
                if graph.engine == "falkordb" else
                "UNWIND $ids AS id CREATE (:Work {id: id, title: 'T ' + id, embedding: [1.0, 0.0, 0.0]})",
                {"ids": IDS})
    graph.write("UNWIND $ids AS id CREATE (:Author {id: id})", {"ids": IDS})
    return graph


@pytest.mark.parametrize("name", ["similar/works_to_embed", "similar/vectors", "analyze/coauthor_network"])
@pytest.mark.parametrize("page", [1, 3, 100])
def test_pages_visit_every_id_once_in_order(ids_graph: Graph, name: str, page: int) -> None:
    seen = [row["id"] for rows in pages(ids_graph, name, page) for row in rows]
    assert seen == sorted(IDS)
