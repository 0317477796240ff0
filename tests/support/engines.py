"""The engines a test session runs on, and what tests need around them: free loopback ports,
the real sample's folder, whether a local Neo4j can start, and empty graphs on each engine.

tests/conftest.py holds the session's fixtures (the servers) and imports these; test modules
import them from here, never from conftest (pytest loads conftest.py as a plugin of its own).
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from pathlib import Path

import pytest

from graphdb import Graph, neo4j_local, open_graph, schema

# SCHOLARGRAPH_SHARED_DATA points elsewhere (e.g. a missing path) to run as a clone without the
# real sample would, without moving it. Default: ../shared/data beside the repository.
SHARED_DATA = Path(os.environ.get("SCHOLARGRAPH_SHARED_DATA")
                   or Path(__file__).resolve().parents[3] / "shared" / "data")
ENGINES = ["falkordb", "neo4j"]
REQUIRE_NEO4J = os.environ.get("SCHOLARGRAPH_REQUIRE_NEO4J") == "1"
NEO4J_SKIP = "Neo4j leg skipped"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_bolt_port() -> int:
    """A free port P with P + 1 free too: `db start --engine neo4j --port P` serves Bolt on P and
    the Browser on P + 1, and a taken P + 1 fails the start (it did once in CI)."""
    for _ in range(100):
        port = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two free ports in a row on 127.0.0.1 in 100 tries")


def neo4j_missing(version: str) -> str | None:
    """Why the local launcher cannot start Neo4j `version` here, or None when it can."""
    if not shutil.which("mvn"):
        return "Maven (mvn) is not installed"
    try:
        neo4j_local.find_java(version)
    except neo4j_local.LauncherError as exc:
        return str(exc)
    return None


# The tests' embedding dimension (all-MiniLM-L6-v2's), and per Neo4j server the schema `db init`
# built there at it: the statements SHOW INDEXES and SHOW CONSTRAINTS give to create it again.
TEST_DIMENSION = 384
_STANDARD_SCHEMA: dict[str, frozenset[str]] = {}


def reset_neo4j(graph: Graph, *, bare: bool = False) -> None:
    """No data, and the schema `db init` builds at the tests' dimension (384) and nothing else,
    so a test's own schema (a vector index of another dimension, a constraint) never reaches the
    next test; `bare`: no schema at all, for a test of `db init` itself.

    A schema equal to that one stays as it is: dropping and building it again took 1.6 s per
    test on Neo4j 5.26 (against 0.03 s to delete a test's data) and threw away the server's
    query plans, which made Neo4j most of the test session's time."""
    graph.write("MATCH (n) DETACH DELETE n")
    if not bare and _neo4j_schema(graph) == _STANDARD_SCHEMA.get(graph.url):
        return
    for row in graph.read("SHOW CONSTRAINTS YIELD name RETURN name"):
        graph.write(f"DROP CONSTRAINT `{row['name']}` IF EXISTS")
    for row in graph.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"):
        graph.write(f"DROP INDEX `{row['name']}` IF EXISTS")
    if not bare:
        schema.init(graph, TEST_DIMENSION)
        _STANDARD_SCHEMA[graph.url] = _neo4j_schema(graph)


def _neo4j_schema(graph: Graph) -> frozenset[str]:
    """Every index and constraint but the built-in token lookups, as its creating statement (name,
    kind, label, properties and options), and its state."""
    indexes = graph.read("SHOW INDEXES YIELD type, state, createStatement WHERE type <> 'LOOKUP' "
                         "RETURN state + ' ' + createStatement AS s").rows
    constraints = graph.read("SHOW CONSTRAINTS YIELD createStatement RETURN createStatement AS s").rows
    return frozenset(row["s"] for row in [*indexes, *constraints])


def empty_graph(engine: str, request: pytest.FixtureRequest, name: str) -> Graph:
    """An empty graph on `engine`, for a module-scoped fixture (the `graph` fixture is per
    test): on FalkorDB a graph of its own on the session's server; on Neo4j (one database per
    server) the session's database, emptied. Give a module-scoped fixture `params=ENGINES` and
    name it `engine`: the session counts and selects the tests by it (`--engine`), and pytest
    runs all of one engine's tests before the other's, so no other test empties it meanwhile."""
    if engine == "neo4j":
        graph = open_graph(request.getfixturevalue("neo4j_server"))
        reset_neo4j(graph)
        return graph
    return open_graph(f"{request.getfixturevalue('falkordb_server')}/{name}_{uuid.uuid4().hex[:8]}")


def empty_beside(graph: Graph, name: str) -> Graph:
    """An empty graph on `graph`'s engine, to load again and compare with: on FalkorDB another
    graph on the same server; on Neo4j (one database per server) `graph`'s own database,
    emptied, so take what you need of `graph` first. The caller closes it."""
    if graph.engine == "neo4j":
        reset_neo4j(graph)
        return open_graph(graph.url)
    return open_graph(f"{graph.url.rsplit('/', 1)[0]}/{name}_{uuid.uuid4().hex[:8]}")
