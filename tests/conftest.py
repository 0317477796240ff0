"""Test session: a real embedded FalkorDB on a free port in a temporary directory,
and Neo4j too when NEO4J_URI is set. Every test gets an empty graph."""

from __future__ import annotations

import os
import signal
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphdb import Graph, embedded, open_graph

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ENGINES = ["falkordb", "neo4j"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("falkordb")
    port = free_port()
    embedded.start(data_dir, port)
    # A run stopped with SIGTERM (a CI timeout, `kill`) tears down like Ctrl-C, so the server
    # does not outlive it.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield f"falkordb://127.0.0.1:{port}"
    finally:
        signal.signal(signal.SIGTERM, previous)
        embedded.stop(data_dir, port)


def neo4j_url() -> str | None:
    return os.environ.get("NEO4J_URI")


def _fresh_graph(engine: str, request: pytest.FixtureRequest) -> Iterator[Graph]:
    if engine == "neo4j":
        url = neo4j_url()
        if not url:
            pytest.skip("Neo4j leg skipped: set NEO4J_URI (and NEO4J_USER/NEO4J_PASSWORD) to run it")
        graph = open_graph(url)
        graph.write("MATCH (n) DETACH DELETE n")
    else:
        base = request.getfixturevalue("falkordb_server")
        graph = open_graph(f"{base}/test_{uuid.uuid4().hex[:12]}")
    try:
        yield graph
    finally:
        graph.close()


@pytest.fixture(params=ENGINES)
def graph(request: pytest.FixtureRequest) -> Iterator[Graph]:
    """An empty graph on each engine the suite can reach."""
    yield from _fresh_graph(request.param, request)


@pytest.fixture
def falkor_graph(request: pytest.FixtureRequest) -> Iterator[Graph]:
    """An empty graph on the embedded FalkorDB only."""
    yield from _fresh_graph("falkordb", request)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (../shared/data beside the repo)")
    return SHARED_DATA
