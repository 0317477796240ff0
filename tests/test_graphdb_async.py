"""The asyncio face (graphdb.aio) against the sync face, on both engines.

Each conformance test runs one assertion body on four graphs: {sync, async} x {FalkorDB, Neo4j}.
The sync face is wrapped in the async surface (SyncFace), so both faces must give the same
results, statistics, error types and messages. Then what only the async face has: the per-call
timeout (a server that accepts connections and never answers), a cancelled call leaving its
pool usable, and concurrent calls through a bounded pool.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from graphdb import (
    AsyncGraph,
    BadURLError,
    ConstraintError,
    Graph,
    GraphError,
    ReadOnlyError,
    Result,
    UnavailableError,
    open_async_graph,
    open_graph,
)
from tests.support.engines import ENGINES, free_port, reset_neo4j

FACES = ["sync", "async"]
READ_ONLY = "refused: this query writes to the graph; run it with --write to allow writes"


class SyncFace:
    """A sync Graph behind the async surface, so that one assertion body checks both faces."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self.engine = graph.engine

    @property
    def round_trips(self) -> int:
        return self._graph.round_trips

    async def read(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return self._graph.read(cypher, params)

    async def write(self, cypher: str, params: dict[str, Any] | None = None) -> Result:
        return self._graph.write(cypher, params)

    async def query(self, name: str, params: dict[str, Any] | None = None) -> Result:
        return self._graph.query(name, params)

    async def execute(self, name: str, params: dict[str, Any] | None = None) -> Result:
        return self._graph.execute(name, params)


Check = Callable[[Any], Awaitable[None]]


def on(face: str, url: str, check: Check, **options: Any) -> None:
    """Run `check(graph)` on `url` through one face, opened and closed around it."""

    async def main() -> None:
        if face == "async":
            async with open_async_graph(url, **options) as graph:
                assert isinstance(graph, AsyncGraph) and graph.url == url
                await check(graph)
        else:
            with open_graph(url) as graph:
                await check(SyncFace(graph))

    asyncio.run(main())


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def url(engine: str, request: pytest.FixtureRequest) -> str:
    """An empty graph's URL on the engine."""
    if engine == "neo4j":
        url = str(request.getfixturevalue("neo4j_server"))
        with open_graph(url) as graph:
            reset_neo4j(graph)
        return url
    return f"{request.getfixturevalue('falkordb_server')}/test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose listener completes TCP handshakes (the kernel does) and never answers:
    a frozen server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock.getsockname()[1]


def _url_at(engine: str, port: int) -> str:
    return f"falkordb://127.0.0.1:{port}/g" if engine == "falkordb" else f"bolt://127.0.0.1:{port}"


def _upsert_rows(ids: list[str]) -> dict[str, Any]:
    # rank: the author's own record (load/upsert_authors: a null rank changes nothing)
    return {"rows": [{"id": i, "props": {"display_name": f"Author {i}"}, "institutions": [], "rank": "1|"}
                     for i in ids]}


# ---------------------------------------------------------------------------
# Both faces, both engines
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("face", FACES)
def test_named_write_then_named_read(face: str, url: str) -> None:
    async def check(graph: Any) -> None:
        written = await graph.execute("load/upsert_authors", _upsert_rows(["A1", "A2"]))
        assert written.stats.nodes_created == 2
        # The read names properties these authors lack (orcid, novelty, ...): on Neo4j a named
        # query draws no notification for them (the autouse fixture would fail the test).
        found = await graph.query("api/authors_by_ids", {"ids": ["A2", "A1", "A9"]})
        assert found.columns == ["key", "author"]  # key: the id asked for (an old, merged id finds the survivor)
        assert sorted((r["author"]["id"], r["author"]["display_name"]) for r in found) == [
            ("A1", "Author A1"), ("A2", "Author A2")]
        assert graph.round_trips == 2

    on(face, url, check)


@pytest.mark.parametrize("face", FACES)
def test_write_statistics_and_parameters(face: str, url: str) -> None:
    async def check(graph: Any) -> None:
        created = await graph.write(
            "CREATE (:Work {id: $a, title: $title})-[:CITES]->(:Work {id: $b})",
            {"a": "W1", "b": "W2", "title": "It's \"quoted\" \\ and ünïcode"})
        assert (created.stats.nodes_created, created.stats.relationships_created,
                created.stats.properties_set) == (2, 1, 3)
        rows = await graph.read("MATCH (w:Work {id: $id})-[:CITES]->(c:Work) RETURN w.title AS t, c.id AS c",
                                {"id": "W1"})
        assert rows.rows == [{"t": "It's \"quoted\" \\ and ünïcode", "c": "W2"}]
        entities = await graph.read("MATCH p = (w:Work {id: $id})-[c:CITES]->() RETURN w, c, p", {"id": "W1"})
        w1 = {"_labels": ["Work"], "id": "W1", "title": "It's \"quoted\" \\ and ünïcode"}
        assert entities.rows == [{"w": w1, "c": {"_type": "CITES"}, "p": {
            "nodes": [w1, {"_labels": ["Work"], "id": "W2"}], "relationships": [{"_type": "CITES"}]}}]
        deleted = await graph.write("MATCH (w:Work) DETACH DELETE w")
        assert (deleted.stats.nodes_deleted, deleted.stats.relationships_deleted) == (2, 1)

    on(face, url, check)


@pytest.mark.parametrize("face", FACES)
def test_every_value_type_reads_as_plain_python(face: str, url: str) -> None:
    # FalkorDB's replies are read by graphdb.falkordb_result, not the client's parser: each
    # kind of value, nested in lists and maps, must come back as on Neo4j.
    async def check(graph: Any) -> None:
        got = await graph.read(
            "RETURN $s AS s, 7 AS i, -2147483649 AS big, null AS n, 2.5 AS d, true AS t, false AS f, "
            "[1, 'x', [2.0, null]] AS a, {k: {j: [null, {deep: 'ü'}]}, e: []} AS m, [] AS empty",
            {"s": "ünïcode, \"quoted\", 'single'"})
        assert got.columns == ["s", "i", "big", "n", "d", "t", "f", "a", "m", "empty"]
        assert got.rows == [{"s": "ünïcode, \"quoted\", 'single'", "i": 7, "big": -2147483649, "n": None,
                             "d": 2.5, "t": True, "f": False, "a": [1, "x", [2.0, None]],
                             "m": {"k": {"j": [None, {"deep": "ü"}]}, "e": []}, "empty": []}]
        assert [type(v) for v in got.rows[0].values()][:7] == [str, int, int, type(None), float, bool, bool]
        nothing = await graph.read("UNWIND $none AS x RETURN x AS id", {"none": []})
        assert (nothing.columns, nothing.rows) == (["id"], [])

    on(face, url, check)


def test_falkordb_vectors_and_points_read_as_its_client_reads_them(falkordb_server: str) -> None:
    with open_graph(f"{falkordb_server}/test_{uuid.uuid4().hex[:12]}") as graph:
        got = graph.write("RETURN vecf32([0.5, -1.25]) AS v, point({latitude: 1.5, longitude: -2.0}) AS p")
    assert got.rows == [{"v": [0.5, -1.25], "p": {"latitude": 1.5, "longitude": -2.0}}]


@pytest.mark.parametrize("face", FACES)
def test_neo4j_parameters_reach_the_driver_log_by_size_only(face: str, neo4j_server: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """The driver formats each RUN's parameters for its debug log whether that log is on or
    not; a list or map parameter is shown by its size (a query of 500 vectors spent more on
    their repr than on sending them), and its values still arrive whole."""
    with open_graph(neo4j_server) as graph:
        reset_neo4j(graph)

    async def check(graph: Any) -> None:
        # The logger the driver writes RUN to; the CLI sets it to ERROR, and CLI tests run in this process.
        with caplog.at_level(logging.DEBUG, logger="neo4j.io"):
            await graph.write("UNWIND $rows AS r CREATE (:Work {id: r.id, title: $meta.title, year: $year})",
                              {"rows": [{"id": "W1"}, {"id": "W2"}], "meta": {"title": "Quiet"}, "year": 2024})
        runs = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
        assert len(runs) == 1 and "{'rows': <list of 2>, 'meta': <map of 1>, 'year': 2024}" in runs[0]
        rows = await graph.read("MATCH (w:Work) RETURN w.id AS id, w.title AS title, w.year AS year ORDER BY id")
        assert rows.rows == [{"id": "W1", "title": "Quiet", "year": 2024}, {"id": "W2", "title": "Quiet", "year": 2024}]

    on(face, neo4j_server, check)


@pytest.mark.parametrize("face", FACES)
def test_a_graph_never_written_reads_as_empty(face: str, url: str) -> None:
    async def check(graph: Any) -> None:
        assert (await graph.read("MATCH (n) RETURN count(n) AS n")).value() == 0

    on(face, url, check)


@pytest.mark.parametrize("face", FACES)
def test_a_write_through_read_is_refused_and_changes_nothing(face: str, url: str) -> None:
    async def check(graph: Any) -> None:
        with pytest.raises(ReadOnlyError) as refused:
            await graph.read("CREATE (:Work {id: $id})", {"id": "W1"})
        assert str(refused.value) == READ_ONLY
        assert (await graph.read("MATCH (n) RETURN count(n) AS n")).value() == 0

    on(face, url, check)


def _unique_author_id(engine: str, url: str) -> None:
    """A unique constraint on Author.id, online. FalkorDB's is a Redis command (through the
    sync engine); Neo4j's is Cypher, run by the face under test (a schema command), on a graph
    with no schema."""
    if engine == "neo4j":
        with open_graph(url) as graph:
            reset_neo4j(graph, bare=True)
        return
    with open_graph(url) as graph:
        graph.write("CREATE INDEX FOR (n:Author) ON (n.id)")
        graph.create_unique_constraint("Author", "id")  # type: ignore[attr-defined]
        deadline = time.monotonic() + 30
        while any(c["status"] != "OPERATIONAL" for c in graph.list_constraints()):  # type: ignore[attr-defined]
            assert time.monotonic() < deadline, "the unique constraint never came online"
            time.sleep(0.05)


@pytest.mark.parametrize("face", FACES)
def test_a_duplicate_is_a_constraint_error_and_nothing_of_it_is_written(face: str, engine: str, url: str) -> None:
    _unique_author_id(engine, url)

    async def check(graph: Any) -> None:
        if engine == "neo4j":
            made = await graph.write("CREATE CONSTRAINT author_id IF NOT EXISTS "
                                     "FOR (n:Author) REQUIRE n.id IS UNIQUE")
            assert made.rows == []
        await graph.write("CREATE (:Author {id: $id})", {"id": "A1"})
        with pytest.raises(ConstraintError):
            await graph.write("CREATE (:Author {id: $new}) CREATE (:Author {id: $id})", {"new": "A2", "id": "A1"})
        assert (await graph.read("MATCH (a:Author) RETURN collect(a.id) AS ids")).value() == ["A1"]

    on(face, url, check)


@pytest.mark.parametrize("face", FACES)
def test_a_syntax_error_is_a_graph_error(face: str, url: str) -> None:
    async def check(graph: Any) -> None:
        for run in (graph.read, graph.write):
            with pytest.raises(GraphError) as refused:
                await run("MATCH (n RETURN n")
            assert type(refused.value) is GraphError and str(refused.value)

    on(face, url, check)


@pytest.mark.parametrize("face", FACES)
def test_a_stopped_server_is_unavailable_quickly(face: str, engine: str) -> None:
    url = _url_at(engine, free_port())  # nothing listens there
    start = time.monotonic()
    with pytest.raises(UnavailableError) as down:
        on(face, url, lambda graph: graph.read("RETURN 1"))
    assert time.monotonic() - start < 5
    assert " at " in str(down.value) and str(down.value).count("\n") == 0


@pytest.mark.parametrize("face", FACES)
def test_concurrent_calls_each_get_their_own_answer(face: str, url: str) -> None:
    ids = [f"A{i}" for i in range(50)]

    async def check(graph: Any) -> None:
        await graph.execute("load/upsert_authors", _upsert_rows(ids))
        answers = await asyncio.gather(
            *(graph.query("api/authors_by_ids", {"ids": [i]}) for i in ids),
            *(graph.read("MATCH (a:Author {id: $id}) RETURN a.display_name AS name", {"id": i}) for i in ids),
        )
        assert [r.rows[0]["author"]["id"] for r in answers[:50]] == ids
        assert [r.value() for r in answers[50:]] == [f"Author {i}" for i in ids]
        assert graph.round_trips == 101

    # A pool smaller than the burst: calls wait for a free connection.
    on(face, url, check, **({"max_connections": 4} if face == "async" else {}))


# ---------------------------------------------------------------------------
# The async face's own: timeouts, cancellation, URLs
# ---------------------------------------------------------------------------


def test_a_frozen_server_gives_unavailable_at_the_timeout(engine: str, silent_port: int) -> None:
    url = _url_at(engine, silent_port)

    async def main() -> tuple[float, str, int]:
        async with open_async_graph(url, timeout=1.0) as graph:
            start = time.monotonic()
            with pytest.raises(UnavailableError) as frozen:
                await graph.read("RETURN 1")
            return time.monotonic() - start, str(frozen.value), graph.round_trips

    elapsed, message, trips = asyncio.run(main())
    assert 0.9 < elapsed < 2.0
    product, address = ("FalkorDB", f"127.0.0.1:{silent_port}/g") if engine == "falkordb" else (
        "Neo4j", f"bolt://127.0.0.1:{silent_port}")
    assert message == f"{product} at {address} did not answer within 1 s"
    assert trips >= 1


def test_the_sync_face_on_falkordb_gives_unavailable_at_its_timeout(silent_port: int) -> None:
    """The API opens its sync face (accounts, sign-in) with a timeout: a frozen FalkorDB must
    not hold a worker thread forever."""
    start = time.monotonic()
    with pytest.raises(UnavailableError) as frozen:
        open_graph(_url_at("falkordb", silent_port), timeout=1.0)
    assert 0.9 < time.monotonic() - start < 2.0
    address = f"127.0.0.1:{silent_port}"
    assert str(frozen.value) == f"FalkorDB at {address}/g is not answering: Timeout reading from {address}"


def test_a_call_cut_by_its_timeout_leaves_the_graph_usable(engine: str, url: str) -> None:
    """The cancelled call's connection is dropped, not handed to the next call with a reply
    still to come; the next calls get their own answers."""

    async def main() -> None:
        async with open_async_graph(url, max_connections=1) as graph:
            assert (await graph.read("RETURN 1 AS one")).value() == 1  # connected: the cut comes mid-query
            graph.timeout = 0.2
            with pytest.raises(UnavailableError, match="did not answer within 0.2 s"):
                # About a second on either engine here, and no more: the server finishes it.
                await graph.read("UNWIND range(1, $n) AS x RETURN sum(x) AS s", {"n": 10_000_000})
            graph.timeout = 10.0
            answers = await asyncio.gather(*(graph.read("RETURN $i AS i", {"i": i}) for i in range(5)))
            assert [r.value() for r in answers] == list(range(5))

    asyncio.run(main())


def test_open_async_graph_takes_the_same_urls() -> None:
    async def main() -> None:
        falkor = open_async_graph("falkordb://db.example:6390", timeout=None)
        neo = open_async_graph("neo4j+s://u:p%40ss@[::1]:7688/papers", max_connections=2)
        try:
            assert (falkor.engine, falkor.address, falkor.timeout) == ("falkordb", "db.example:6390/scholar", None)
            assert (neo.engine, neo.address, neo.timeout) == ("neo4j", "neo4j+s://[::1]:7688", 10.0)
            assert neo.named("api/ping").text.strip().endswith("RETURN 1 AS ok")
        finally:
            await falkor.close()
            await neo.close()

    asyncio.run(main())
    with pytest.raises(BadURLError):
        open_async_graph("mysql://localhost/db")
    with pytest.raises(ValueError, match="timeout"):
        open_async_graph("bolt://localhost", timeout=0)
