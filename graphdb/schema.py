"""The graph's constraints and indexes, declared once and rendered per engine.

Both engines get: a unique `id` on every node label and a unique User email,
lookup indexes on the identifiers loaders match by, lookup indexes on the accounts
relationships (which also register their types, see RELATIONSHIP_LOOKUPS), full-text
indexes on work text and author names, and the vector index on Work.embedding. `init` is
idempotent: it creates only what is missing, so running it twice changes nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from graphdb.base import Graph, GraphError

UNIQUE_LABELS = ("Author", "Work", "Topic", "Institution", "Source", "User", "Token")
# Unique properties: every label's id, and a user's email. The email is unique in the
# graph itself, not only by the check in accounts/create_user: on Neo4j two transactions
# that create the same email at the same instant both pass that check.
UNIQUE = (*((label, "id") for label in UNIQUE_LABELS), ("User", "email"))
# Indexes that an earlier version created and this one replaces: on Neo4j a property
# cannot have both a lookup index and a unique constraint, so the old index goes first.
REPLACED_NEO4J_INDEXES = ("user_email",)
LOOKUPS = (
    ("Work", "doi"),
    ("Work", "arxiv_id"),
    ("Work", "openalex_id"),
    ("Work", "year"),
    ("Author", "orcid"),
    ("Author", "openalex_id"),
    ("Author", "name_key"),
    ("Institution", "ror"),
    ("User", "token_hash"),
    ("Token", "hash"),
)
# Relationship indexes, one per relationship type the accounts write queries check
# before they write (a MERGE, or a count that decides whether to write). Besides the
# lookups (claims and invitations are addressed by id), the index registers the type.
# That matters on FalkorDB: it resolves relationship types and labels to ids when it
# plans a query, and it plans a write query before queueing it behind the graph's
# other writes, so a query planned before a type existed never sees that type's
# relationships, even those created before it runs. Concurrent first follows then each
# created a FOLLOWS, and concurrent first invitations each counted 0 against the rate
# limit. With the types registered here, every such query is planned with them. The
# labels those queries match (User, Token, Author) are registered by UNIQUE_LABELS;
# HAS_TOKEN needs nothing: it is created with the first User, in the same query, and no
# query checks for its absence.
RELATIONSHIP_LOOKUPS = (
    ("FOLLOWS", "created"),
    ("CLAIMS", "id"),
    ("INVITED", "id"),
)
# Neo4j full-text indexes are addressed by name; FalkorDB's by label. Named queries
# use these names on Neo4j.
FULLTEXT = {"work_text": ("Work", ("title", "abstract")), "author_name": ("Author", ("display_name",))}
VECTOR_INDEX = "work_embedding"


@dataclass(frozen=True, order=True, slots=True)
class IndexInfo:
    kind: str  # "unique" | "range" | "fulltext" | "vector"
    label: str  # a node label, or a relationship type when entity is "relationship"
    properties: tuple[str, ...]
    entity: str = "node"  # "node" | "relationship"


def wanted(dimension: int) -> set[IndexInfo]:
    items = {IndexInfo("unique", label, (prop,)) for label, prop in UNIQUE}
    items |= {IndexInfo("range", label, (prop,)) for label, prop in LOOKUPS}
    items |= {IndexInfo("range", rel, (prop,), "relationship") for rel, prop in RELATIONSHIP_LOOKUPS}
    items |= {IndexInfo("fulltext", label, props) for label, props in FULLTEXT.values()}
    items.add(IndexInfo("vector", "Work", ("embedding",)))
    return items


def neo4j_schema_statements(dimension: int) -> list[str]:
    """Neo4j 5 DDL, every statement `IF NOT EXISTS` so re-running is a no-op."""
    stmts = [f"DROP INDEX {name} IF EXISTS" for name in REPLACED_NEO4J_INDEXES]
    stmts += [
        f"CREATE CONSTRAINT {label.lower()}_{prop}{'' if prop == 'id' else '_unique'} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
        for label, prop in UNIQUE
    ]
    stmts += [
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in LOOKUPS
    ]
    stmts += [
        f"CREATE INDEX {rel.lower()}_{prop} IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.{prop})"
        for rel, prop in RELATIONSHIP_LOOKUPS
    ]
    stmts += [
        f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH "
        f"[{', '.join('n.' + p for p in props)}]"
        for name, (label, props) in FULLTEXT.items()
    ]
    stmts.append(
        f"CREATE VECTOR INDEX {VECTOR_INDEX} IF NOT EXISTS FOR (n:Work) ON n.embedding "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimension)}, "
        f"`vector.similarity_function`: 'cosine'}}}}"
    )
    return stmts


def describe(graph: Graph) -> set[IndexInfo]:
    """What the engine reports it has, in the engine-neutral form of `wanted`."""
    if graph.engine == "neo4j":
        return _describe_neo4j(graph)
    return _describe_falkordb(graph)


def _describe_falkordb(graph: Graph) -> set[IndexInfo]:
    found: set[IndexInfo] = set()
    rows = graph.read("CALL db.indexes() YIELD label, types, entitytype RETURN label, types, entitytype").rows
    for row in rows:
        entity = "relationship" if row["entitytype"] == "RELATIONSHIP" else "node"
        for prop, kinds in row["types"].items():
            for kind in kinds:
                kind = kind.lower()
                if kind == "range":
                    found.add(IndexInfo("range", row["label"], (prop,), entity))
        fulltext = tuple(p for p, kinds in row["types"].items() if "FULLTEXT" in kinds)
        if fulltext:
            found.add(IndexInfo("fulltext", row["label"], fulltext))
        found |= {IndexInfo("vector", row["label"], (p,)) for p, k in row["types"].items() if "VECTOR" in k}
    for c in graph.list_constraints():  # type: ignore[attr-defined]
        if c["type"] == "UNIQUE" and c["status"] != "FAILED":  # a failed one is rebuilt by init
            found.add(IndexInfo("unique", c["label"], tuple(c["properties"])))
    # A unique constraint on FalkorDB needs its own range index; report the constraint only.
    found -= {IndexInfo("range", f.label, f.properties) for f in found if f.kind == "unique"}
    return found


def _describe_neo4j(graph: Graph) -> set[IndexInfo]:
    found: set[IndexInfo] = set()
    rows = graph.read(
        "SHOW INDEXES YIELD type, entityType, labelsOrTypes, properties, owningConstraint "
        "RETURN type, entityType, labelsOrTypes, properties, owningConstraint"
    ).rows
    for row in rows:
        if not row["labelsOrTypes"]:
            continue  # the built-in token lookup indexes
        label, props = row["labelsOrTypes"][0], tuple(row["properties"])
        entity = "relationship" if row["entityType"] == "RELATIONSHIP" else "node"
        if row["owningConstraint"]:
            found.add(IndexInfo("unique", label, props, entity))
        else:
            found.add(IndexInfo(row["type"].lower(), label, props, entity))
    return found


def init(graph: Graph, dimension: int) -> list[IndexInfo]:
    """Create what is missing; returns what was created (empty on a second run)."""
    missing = sorted(wanted(dimension) - describe(graph))
    if graph.engine == "neo4j":
        for stmt in neo4j_schema_statements(dimension):
            graph.write(stmt)
    else:
        for c in graph.list_constraints():  # type: ignore[attr-defined]
            if c["type"] == "UNIQUE" and c["status"] == "FAILED":  # duplicates were in the way
                graph.drop_unique_constraint(c["label"], c["properties"][0])  # type: ignore[attr-defined]
        for item in missing:
            _create_falkordb(graph, item, dimension)
    _await_online(graph)
    return missing


def _create_falkordb(graph: Graph, item: IndexInfo, dimension: int) -> None:
    label, props = item.label, item.properties
    if item.kind in {"unique", "range"}:
        # Labels, types and properties come from the constants above, never from users.
        pattern = f"()-[n:{label}]-()" if item.entity == "relationship" else f"(n:{label})"
        try:
            graph.write(f"CREATE INDEX FOR {pattern} ON (n.{props[0]})")
        except Exception as exc:
            if "already indexed" not in str(exc):
                raise
        if item.kind == "unique":
            graph.create_unique_constraint(label, props[0])  # type: ignore[attr-defined]
    elif item.kind == "fulltext":
        graph.write(
            "CALL db.idx.fulltext.createNodeIndex($label, " + ", ".join(f"${p}" for p in props) + ")",
            {"label": label, **{p: p for p in props}},
        )
    elif item.kind == "vector":
        graph.write(
            f"CREATE VECTOR INDEX FOR (n:{label}) ON (n.{props[0]}) "
            # efRuntime 100: the default (10) misses neighbours even in small graphs.
            f"OPTIONS {{dimension: {int(dimension)}, similarityFunction: 'cosine', "
            f"M: 16, efConstruction: 200, efRuntime: 100}}"
        )


def vector_dimension(graph: Graph) -> int | None:
    """The dimension the Work.embedding vector index was created with, or None."""
    if graph.engine == "neo4j":
        rows = graph.read(
            "SHOW INDEXES YIELD name, options WHERE name = $name RETURN options", {"name": VECTOR_INDEX}
        ).rows
        return int(rows[0]["options"]["indexConfig"]["vector.dimensions"]) if rows else None
    for row in graph.read("CALL db.indexes() YIELD label, options RETURN label, options").rows:
        opts = (row["options"] or {}).get("embedding")
        if row["label"] == "Work" and opts:
            return int(opts["dimension"])
    return None


def set_vector_dimension(graph: Graph, dimension: int) -> None:
    """Recreate the vector index for another embedding size (a new model): vectors of
    two models must never share one index."""
    if vector_dimension(graph) == dimension:
        return
    if graph.engine == "neo4j":
        graph.write(f"DROP INDEX {VECTOR_INDEX} IF EXISTS")
        graph.write(neo4j_schema_statements(dimension)[-1])
    else:
        if vector_dimension(graph) is not None:
            graph.write("DROP VECTOR INDEX FOR (n:Work) ON (n.embedding)")
        _create_falkordb(graph, IndexInfo("vector", "Work", ("embedding",)), dimension)
    _await_online(graph)


def _await_online(graph: Graph, timeout: float = 60.0) -> None:
    """Both engines build indexes in the background; wait so callers see them in use."""
    if graph.engine == "neo4j":
        graph.write("CALL db.awaitIndexes($t)", {"t": int(timeout)})
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = graph.read("CALL db.indexes() YIELD status RETURN status").rows
        cons = graph.list_constraints()  # type: ignore[attr-defined]
        failed = [c for c in cons if c["status"] == "FAILED"]
        if failed:
            raise GraphError("; ".join(
                f"the unique constraint on {c['label']}.{', '.join(c['properties'])} could not be built: "
                "the graph already holds nodes that share a value; remove the duplicates and run "
                "`scholargraph db init` again" for c in failed))
        if all(r["status"] == "OPERATIONAL" for r in rows) and all(
            c["status"] == "OPERATIONAL" for c in cons
        ):
            return
        time.sleep(0.05)
