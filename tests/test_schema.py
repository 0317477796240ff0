from __future__ import annotations

import pytest

from graphdb import ConstraintError, Graph, schema


def test_init_creates_every_index_once(bare_graph: Graph) -> None:
    """On Neo4j, only what SHOW INDEXES lacks is created: the autouse notification check fails
    the test on an "already exists" or "does not exist" from either run."""
    created = schema.init(bare_graph, 384)
    assert set(created) == schema.wanted(384) and len(created) == len(set(created))
    assert schema.vector_dimension(bare_graph) == 384
    assert schema.describe(bare_graph) >= schema.wanted(384)
    before = schema.describe(bare_graph)
    assert schema.init(bare_graph, 384) == []
    assert schema.describe(bare_graph) == before


def test_unique_id_is_enforced(bare_graph: Graph) -> None:
    schema.init(bare_graph, 384)
    bare_graph.write("CREATE (:Work {id: 'W1'})")
    with pytest.raises(ConstraintError):
        bare_graph.write("CREATE (:Work {id: 'W1'})")
    assert bare_graph.read("MATCH (w:Work) RETURN count(w) AS n").value() == 1


def unit(i: int, dim: int) -> list[float]:
    return [1.0 if j == i else 0.0 for j in range(dim)]


def test_init_converges_the_vector_dimension(bare_graph: Graph) -> None:
    """A graph initialised for a 3-d test model, then for the 384-d one, serves 384-d queries."""
    schema.init(bare_graph, 3)
    assert schema.vector_dimension(bare_graph) == 3
    assert schema.init(bare_graph, 384) == [schema.IndexInfo("vector", "Work", ("embedding",))]
    assert schema.vector_dimension(bare_graph) == 384
    assert schema.init(bare_graph, 384) == []
    assert schema.describe(bare_graph) >= schema.wanted(384)
    bare_graph.write("UNWIND ['W1', 'W2', 'W3'] AS id CREATE (:Work {id: id, title: id})")
    rows = [{"id": f"W{i}", "vector": unit(i, 384), "hash": "h"} for i in (1, 2, 3)]
    bare_graph.execute("similar/set_embeddings", {"rows": rows, "model": "test"})
    hits = bare_graph.query("similar/semantic_search", {"vector": unit(2, 384), "k": 2}).rows
    assert hits[0]["id"] == "W2" and hits[0]["score"] == pytest.approx(1.0, abs=1e-4)
    assert schema.init(bare_graph, 3) == [schema.IndexInfo("vector", "Work", ("embedding",))]
    assert schema.vector_dimension(bare_graph) == 3


def test_set_vector_dimension(bare_graph: Graph) -> None:
    assert schema.vector_dimension(bare_graph) is None
    schema.set_vector_dimension(bare_graph, 8)  # creates the index where there is none
    assert schema.vector_dimension(bare_graph) == 8
    schema.set_vector_dimension(bare_graph, 8)  # nothing to do
    schema.set_vector_dimension(bare_graph, 384)
    assert schema.vector_dimension(bare_graph) == 384
    assert schema.IndexInfo("vector", "Work", ("embedding",)) in schema.describe(bare_graph)
    bare_graph.write("CREATE (:Work {id: 'W1', title: 'one'}), (:Work {id: 'W2', title: 'two'})")
    rows = [{"id": f"W{i}", "vector": unit(i, 384), "hash": "h"} for i in (1, 2)]
    bare_graph.execute("similar/set_embeddings", {"rows": rows, "model": "test"})
    hits = bare_graph.query("similar/semantic_search", {"vector": unit(1, 384), "k": 1}).rows
    assert [h["id"] for h in hits] == ["W1"]
    vector = schema.IndexInfo("vector", "Work", ("embedding",))
    assert set(schema.init(bare_graph, 384)) == schema.wanted(384) - {vector}  # the rest of the schema


def test_init_turns_a_lookup_index_into_the_unique_constraint(bare_graph: Graph) -> None:
    """An earlier version indexed User.email for lookups (on Neo4j as `user_email`); init makes
    it the unique constraint, and a second run changes nothing."""
    if bare_graph.engine == "neo4j":
        bare_graph.write("CREATE INDEX user_email FOR (n:User) ON (n.email)")
        bare_graph.write("CREATE INDEX legacy_work_id FOR (n:Work) ON (n.id)")
    else:
        bare_graph.write("CREATE INDEX FOR (n:User) ON (n.email)")
        bare_graph.write("CREATE INDEX FOR (n:Work) ON (n.id)")
    created = schema.init(bare_graph, 384)
    assert {schema.IndexInfo("unique", "User", ("email",)), schema.IndexInfo("unique", "Work", ("id",))} <= set(created)
    assert schema.describe(bare_graph) >= schema.wanted(384)
    assert schema.init(bare_graph, 384) == []
    bare_graph.write("CREATE (:User {id: 'u1', email: 'ada@example.org'})")
    with pytest.raises(ConstraintError):
        bare_graph.write("CREATE (:User {id: 'u2', email: 'ada@example.org'})")


def test_a_unique_constraint_serves_a_wanted_lookup(bare_graph: Graph) -> None:
    """Work.doi made unique by hand: init does not add a lookup index beside it (Neo4j refuses
    one), and a second run changes nothing."""
    if bare_graph.engine == "neo4j":
        bare_graph.write("CREATE CONSTRAINT doi_unique FOR (n:Work) REQUIRE n.doi IS UNIQUE")
    else:
        bare_graph.write("CREATE INDEX FOR (n:Work) ON (n.doi)")
        bare_graph.create_unique_constraint("Work", "doi")  # type: ignore[attr-defined]
    assert schema.IndexInfo("range", "Work", ("doi",)) not in schema.init(bare_graph, 384)
    assert schema.IndexInfo("unique", "Work", ("doi",)) in schema.describe(bare_graph)
    assert schema.init(bare_graph, 384) == []


def test_init_rebuilds_a_full_text_index_on_other_fields(bare_graph: Graph) -> None:
    if bare_graph.engine == "neo4j":
        bare_graph.write("CREATE FULLTEXT INDEX work_text FOR (n:Work) ON EACH [n.title]")
    else:
        bare_graph.write("CALL db.idx.fulltext.createNodeIndex('Work', 'title')")
    assert schema.IndexInfo("fulltext", "Work", ("title",)) in schema.describe(bare_graph)
    assert schema.IndexInfo("fulltext", "Work", ("title", "abstract")) in schema.init(bare_graph, 384)
    found = schema.describe(bare_graph)
    assert schema.IndexInfo("fulltext", "Work", ("title", "abstract")) in found
    assert schema.IndexInfo("fulltext", "Work", ("title",)) not in found
    assert schema.init(bare_graph, 384) == []


def test_init_renames_what_the_named_queries_address_by_name(bare_graph: Graph) -> None:
    """On Neo4j the named queries find the vector and full-text indexes by name: one of the
    right shape under another name is rebuilt under ours (FalkorDB's have no names)."""
    if bare_graph.engine == "neo4j":
        bare_graph.write("CREATE VECTOR INDEX old_vectors FOR (n:Work) ON n.embedding "
                    "OPTIONS {indexConfig: {`vector.dimensions`: 4, `vector.similarity_function`: 'cosine'}}")
        bare_graph.write("CREATE FULLTEXT INDEX old_names FOR (n:Author) ON EACH [n.display_name]")
    else:
        schema.set_vector_dimension(bare_graph, 4)
        bare_graph.write("CALL db.idx.fulltext.createNodeIndex('Author', 'display_name')")
    schema.init(bare_graph, 4)
    assert schema.init(bare_graph, 4) == []
    assert schema.describe(bare_graph) >= schema.wanted(4)
    bare_graph.write("CREATE (:Work {id: 'W1', title: 'one'}), (:Work {id: 'W2', title: 'two'})")
    rows = [{"id": f"W{i}", "vector": unit(i, 4), "hash": "h"} for i in (1, 2)]
    bare_graph.execute("similar/set_embeddings", {"rows": rows, "model": "test"})
    assert [h["id"] for h in bare_graph.query("similar/semantic_search", {"vector": unit(2, 4), "k": 1})] == ["W2"]
    if bare_graph.engine == "neo4j":
        names = {r["name"] for r in bare_graph.read("SHOW INDEXES YIELD name RETURN name")}
        assert {"work_embedding", "author_name"} <= names and not {"old_vectors", "old_names"} & names
