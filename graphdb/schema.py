"""The graph's constraints and indexes, declared once and rendered per engine.

Both engines get: a unique `id` on every node label and a unique User email,
lookup indexes on the identifiers loaders match by, lookup indexes on the accounts
relationships (which also register their types, see RELATIONSHIP_LOOKUPS), full-text
indexes on work text and author names, and the vector index on Work.embedding. `init` is
idempotent: it creates only what is missing (and rebuilds what differs, such as a vector index
of another dimension), so running it twice changes nothing; on Neo4j it runs no statement
that would draw a notification.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from graphdb.base import Graph, GraphError
from graphdb.falkordb_engine import FalkorGraph

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
    ("Author", "s2_id"),  # person keys besides ORCID (loaders/resolve.py PERSON_KEYS)
    ("Author", "dblp_name"),
    ("Institution", "ror"),
    ("Source", "issn_l"),  # an ISSN-keyed source finds its OpenAlex source (load/source_ids_by_issn)
    ("User", "token_hash"),
    ("Token", "hash"),
    # OpenAlex merged ids (loaders/merges.py): every batch of a graph that holds any looks
    # the ids it names up by `id`, and a merge finds the MergedIds that point at an id by
    # `into`. Not unique: a MergedId is no entity, and MERGE on its id already keeps one.
    ("MergedId", "id"),
    ("MergedId", "into"),
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
FULLTEXT = {"work_text": ("Work", ("title", "abstract")), "author_name": ("Author", ("display_name",)),
            # the autocomplete's other kinds
            "topic_name": ("Topic", ("name",)), "institution_name": ("Institution", ("name",)),
            "source_name": ("Source", ("name",))}
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


def _neo4j_name(item: IndexInfo) -> str:
    """The name init gives an index or constraint on Neo4j."""
    if item.kind == "vector":
        return VECTOR_INDEX
    if item.kind == "fulltext":
        return next(name for name, spec in FULLTEXT.items() if spec == (item.label, item.properties))
    name = f"{item.label.lower()}_{item.properties[0]}"
    return name if item.kind == "range" or item.properties == ("id",) else f"{name}_unique"


def _neo4j_create(item: IndexInfo, dimension: int) -> str:
    # Labels, types and properties come from the constants above, never from users. IF NOT
    # EXISTS only matters when two inits run at once: init runs a statement only for what
    # SHOW INDEXES says is missing.
    name, label, props = _neo4j_name(item), item.label, item.properties
    if item.kind == "unique":
        return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{props[0]} IS UNIQUE"
    if item.kind == "range":
        pattern = f"()-[r:{label}]-()" if item.entity == "relationship" else f"(n:{label})"
        var = "r" if item.entity == "relationship" else "n"
        return f"CREATE INDEX {name} IF NOT EXISTS FOR {pattern} ON ({var}.{props[0]})"
    if item.kind == "fulltext":
        return (f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH "
                f"[{', '.join('n.' + p for p in props)}]")
    return (f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{label}) ON n.{props[0]} "
            f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimension)}, "
            f"`vector.similarity_function`: 'cosine'}}}}")


_KIND_ORDER = {"unique": 0, "range": 1, "fulltext": 2, "vector": 3}


def _in_order(items: set[IndexInfo] | list[IndexInfo]) -> list[IndexInfo]:
    """Constraints first, then lookups (nodes before relationships), full-text, vector."""
    return sorted(items, key=lambda i: (_KIND_ORDER[i.kind], i.entity, i.label, i.properties))


def neo4j_schema_statements(dimension: int) -> list[str]:
    """Neo4j 5 DDL for the whole schema, as init runs it on an empty database."""
    return [_neo4j_create(item, dimension) for item in _in_order(wanted(dimension))]


def describe(graph: Graph) -> set[IndexInfo]:
    """What the engine reports it has, in the engine-neutral form of `wanted`."""
    if graph.engine == "neo4j":
        return _describe_neo4j(graph)
    return _describe_falkordb(graph)


def _falkordb(graph: Graph) -> FalkorGraph:
    """The graph as FalkorDB's: its constraints are managed by commands of the client (GRAPH.CONSTRAINT),
    not by Cypher, so the FalkorDB paths below need FalkorGraph's methods for them."""
    if not isinstance(graph, FalkorGraph):
        raise TypeError(f"{type(graph).__name__} is not a FalkorDB graph (engine {graph.engine!r})")
    return graph


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
    for c in _falkordb(graph).list_constraints():
        if c["type"] == "UNIQUE" and c["status"] != "FAILED":  # a failed one is rebuilt by init
            found.add(IndexInfo("unique", c["label"], tuple(c["properties"])))
    # A unique constraint on FalkorDB needs its own range index; report the constraint only.
    found -= {IndexInfo("range", f.label, f.properties) for f in found if f.kind == "unique"}
    return found


def _neo4j_indexes(graph: Graph) -> list[dict[str, Any]]:
    """SHOW INDEXES, less the built-in token lookup indexes, each row with its IndexInfo."""
    rows = graph.read(
        "SHOW INDEXES YIELD name, state, type, entityType, labelsOrTypes, properties, owningConstraint, "
        "options, createStatement "
        "RETURN name, state, type, entityType, labelsOrTypes, properties, owningConstraint, options, "
        "createStatement"
    ).rows
    found = []
    for row in rows:
        if not row["labelsOrTypes"]:
            continue  # the built-in token lookup indexes
        label, props = row["labelsOrTypes"][0], tuple(row["properties"])
        entity = "relationship" if row["entityType"] == "RELATIONSHIP" else "node"
        kind = "unique" if row["owningConstraint"] else row["type"].lower()
        found.append({**row, "info": IndexInfo(kind, label, props, entity)})
    return found


def _describe_neo4j(graph: Graph) -> set[IndexInfo]:
    # A failed index serves nothing; init drops and rebuilds it.
    return {row["info"] for row in _neo4j_indexes(graph) if row["state"] != "FAILED"}


def _missing(want: set[IndexInfo], present: set[IndexInfo]) -> set[IndexInfo]:
    """What `want` lacks; a lookup is served by a unique constraint on the same property (on
    Neo4j the two cannot even coexist)."""
    served = {IndexInfo("range", p.label, p.properties, p.entity) for p in present if p.kind == "unique"}
    return {w for w in want - present if w not in served}


def unbuildable_message(failed: list[tuple[str, tuple[str, ...]]]) -> str:
    """What init says about unique constraints it could not build, one clause each."""
    return "; ".join(
        f"the unique constraint on {label}.{', '.join(props)} could not be built: the graph already holds "
        "nodes that share a value; remove the duplicates and run `scholargraph db init` again"
        for label, props in sorted(failed))


def init(graph: Graph, dimension: int) -> list[IndexInfo]:
    """Create what is missing and converge what differs (a vector index of another dimension,
    a lookup index where a unique constraint belongs); returns what was created or rebuilt
    (empty on a second run). A unique constraint that duplicates in the graph prevent is
    reported by a GraphError once everything else is in place."""
    if graph.engine == "neo4j":
        return _init_neo4j(graph, dimension)
    return _init_falkordb(graph, dimension)


def _init_falkordb(graph: Graph, dimension: int) -> list[IndexInfo]:
    present = describe(graph)
    missing = _missing(wanted(dimension), present)
    for c in _falkordb(graph).list_constraints():
        if c["type"] == "UNIQUE" and c["status"] == "FAILED":  # duplicates were in the way
            _falkordb(graph).drop_unique_constraint(c["label"], c["properties"][0])
    vector = IndexInfo("vector", "Work", ("embedding",))
    if vector in present and _falkordb_vector_options(graph) != (dimension, "cosine"):
        graph.write("DROP VECTOR INDEX FOR (n:Work) ON (n.embedding)")
        await_online(graph)  # see set_vector_dimension
        missing.add(vector)
    for item in missing:
        if item.kind == "fulltext" and any(p.kind == "fulltext" and p.label == item.label for p in present):
            # FalkorDB keeps one full-text index per label: other fields are a rebuild.
            graph.write("CALL db.idx.fulltext.drop($label)", {"label": item.label})
    for item in _in_order(missing):
        _create_falkordb(graph, item, dimension)
    await_online(graph)
    return _in_order(missing)


def _drop_neo4j(graph: Graph, row: dict[str, Any]) -> None:
    if row["owningConstraint"]:
        graph.write(f"DROP CONSTRAINT {_quote(row['owningConstraint'])}")
    else:
        graph.write(f"DROP INDEX {_quote(row['name'])}")


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _init_neo4j(graph: Graph, dimension: int) -> list[IndexInfo]:
    """Only what SHOW INDEXES says is missing or different is dropped or created, so neither a
    first nor a second run draws a notification ("already exists", "does not exist")."""
    want = wanted(dimension)
    names = {_neo4j_name(item): item for item in want}
    rows = _neo4j_indexes(graph)
    unique_wanted = {(w.label, w.properties) for w in want if w.kind == "unique"}
    dropped_lookups: dict[tuple[str, tuple[str, ...]], str] = {}  # recreated when the constraint fails
    kept = []
    for row in rows:
        info, name = row["info"], row["name"]
        stale = (
            name in REPLACED_NEO4J_INDEXES
            or row["state"] == "FAILED"
            # One of our names on another schema (a full-text index on other fields).
            or (name in names and names[name] != info)
            # Ours under another name: the named queries address full-text and vector indexes by name.
            or (info.kind in {"fulltext", "vector"} and info in want and name != _neo4j_name(info))
            or (info.kind == "vector" and info in want and _neo4j_vector_options(row) != (dimension, "cosine"))
        )
        # A lookup index where a unique constraint belongs: Neo4j builds no constraint over it.
        blocking = (info.kind == "range" and info.entity == "node" and (info.label, info.properties) in unique_wanted)
        if stale or blocking:
            _drop_neo4j(graph, row)
            if info.kind == "range" and not row["owningConstraint"] and row["state"] != "FAILED":
                dropped_lookups[(info.label, info.properties)] = row["createStatement"]
        else:
            kept.append(info)
    missing = _in_order(_missing(want, set(kept)))
    failed: list[tuple[str, tuple[str, ...]]] = []
    for item in missing:
        try:
            graph.write(_neo4j_create(item, dimension))
        except GraphError as exc:
            if item.kind != "unique" or not _is_constraint_creation_failure(exc):
                raise
            failed.append((item.label, item.properties))
            # Keep the lookups fast until the duplicates are gone: the index init dropped for
            # the constraint comes back, and goes again on the next init.
            lookup = dropped_lookups.get((item.label, item.properties))
            if lookup:
                graph.write(lookup)
    await_online(graph)
    if failed:
        raise GraphError(unbuildable_message(failed))
    return missing


def _is_constraint_creation_failure(exc: GraphError) -> bool:
    code = getattr(exc.__cause__, "code", None) or ""
    return code.endswith("ConstraintCreationFailed") or str(exc).startswith("Unable to create Constraint")


def _neo4j_vector_options(row: dict[str, Any]) -> tuple[int | None, str | None]:
    config = (row.get("options") or {}).get("indexConfig") or {}
    dim, fn = config.get("vector.dimensions"), config.get("vector.similarity_function")
    return (int(dim) if dim is not None else None, str(fn).lower() if fn else None)


def _falkordb_vector_options(graph: Graph) -> tuple[int | None, str | None]:
    for row in graph.read("CALL db.indexes() YIELD label, options RETURN label, options").rows:
        opts = (row["options"] or {}).get("embedding")
        if row["label"] == "Work" and opts:
            fn = opts.get("similarityFunction")
            return int(opts["dimension"]), str(fn).lower() if fn else None
    return None, None


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
            _falkordb(graph).create_unique_constraint(label, props[0])
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


def _neo4j_vector_row(graph: Graph) -> dict[str, Any] | None:
    vector = IndexInfo("vector", "Work", ("embedding",))
    return next((r for r in _neo4j_indexes(graph) if r["info"] == vector), None)


def vector_dimension(graph: Graph) -> int | None:
    """The dimension the Work.embedding vector index was created with, or None."""
    if graph.engine == "neo4j":
        row = _neo4j_vector_row(graph)
        return _neo4j_vector_options(row)[0] if row else None
    return _falkordb_vector_options(graph)[0]


def set_vector_dimension(graph: Graph, dimension: int) -> None:
    """Recreate the vector index for another embedding size (a new model): vectors of
    two models must never share one index."""
    if vector_dimension(graph) == dimension:
        return
    vector = IndexInfo("vector", "Work", ("embedding",))
    if graph.engine == "neo4j":
        row = _neo4j_vector_row(graph)
        if row:
            _drop_neo4j(graph, row)
        graph.write(_neo4j_create(vector, dimension))
    else:
        if vector_dimension(graph) is not None:
            graph.write("DROP VECTOR INDEX FOR (n:Work) ON (n.embedding)")
            # The drop rebuilds the label's index in the background; a vector index created
            # meanwhile is listed as online but refuses every query (FalkorDB 4.16).
            await_online(graph)
        _create_falkordb(graph, vector, dimension)
    await_online(graph)


def await_online(graph: Graph, timeout: float = 60.0) -> None:
    """Both engines build indexes in the background; wait so callers see them in use."""
    if graph.engine == "neo4j":
        graph.write("CALL db.awaitIndexes($t)", {"t": int(timeout)})
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = graph.read("CALL db.indexes() YIELD status RETURN status").rows
        cons = _falkordb(graph).list_constraints()
        failed = [c for c in cons if c["status"] == "FAILED"]
        # Reported once every constraint has settled, so the message names all that failed.
        if failed and all(c["status"] in {"OPERATIONAL", "FAILED"} for c in cons):
            raise GraphError(unbuildable_message([(c["label"], tuple(c["properties"])) for c in failed]))
        if all(r["status"] == "OPERATIONAL" for r in rows) and all(
            c["status"] == "OPERATIONAL" for c in cons
        ):
            return
        time.sleep(0.05)
