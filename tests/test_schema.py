from __future__ import annotations

import pytest

from graphdb import ConstraintError, Graph, schema


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
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:Work {id: 'W1'})")
    assert graph.read("MATCH (w:Work) RETURN count(w) AS n").value() == 1
