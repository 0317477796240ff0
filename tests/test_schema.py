from __future__ import annotations

from graphdb import Graph, schema


def test_init_creates_every_index_once(graph: Graph) -> None:
    created = schema.init(graph, 384)
    assert graph.engine == "neo4j" or set(created) == schema.wanted(384)
    assert schema.describe(graph) >= schema.wanted(384)
    before = schema.describe(graph)
    assert schema.init(graph, 384) == []
    assert schema.describe(graph) == before


def test_unique_id_is_enforced(graph: Graph) -> None:
    schema.init(graph, 384)
    graph.write("CREATE (:Work {id: 'W1'})")
    try:
        graph.write("CREATE (:Work {id: 'W1'})")
    except Exception as exc:  # each engine words its constraint violation its own way
        assert "W1" in str(exc) or "unique" in str(exc).lower()
    assert graph.read("MATCH (w:Work) RETURN count(w) AS n").value() == 1
