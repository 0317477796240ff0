"""The API over real HTTP: uvicorn on a free port, queried with httpx; and the API through an
outage of each engine (stopped, killed, down at start-up).

The helpers the API tests share live in tests/support/: `running(app)`, `Api` and `api_for` in
api.py, `empty_graph` (a module-scoped graph on each engine) in engines.py, and
`build(graph, works)` in small_graphs.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from api.app import create_app
from graphdb import Graph, embedded, neo4j_local, open_graph, schema
from graphdb.config import Settings
from tests.support.api import Api, api_for, running
from tests.support.engines import ENGINES, REQUIRE_NEO4J, free_port, neo4j_missing
from tests.support.small_graphs import W, build

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def small_graph(graph: Graph) -> Graph:
    build(graph, [W("W1", ["A1", "A2"], 2019, 5, [("T1", "cs")], doi="10.1/w1")])
    return graph


# -- the tests of the server itself ----------------------------------------------------------


def test_healthz_ok_and_graphiql(small_graph: Graph) -> None:
    with api_for(small_graph) as api:
        res = api.client.get("/healthz")
        assert res.status_code == 200
        assert res.json() == {"status": "ok", "engine": small_graph.engine}
        page = api.client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        assert api.data('{ author(id: "A1") { name } }') == {"author": {"name": "Author A1"}}


# -- outages: the database down at start-up, stopped or killed while the API serves ----------

# An outage answers within 5 s: /healthz with 503, GraphQL with docs/api.md's DATABASE_UNAVAILABLE.
OUTAGE_ANSWER_S = 5.0
# What a response must never carry: tracebacks and the engines' client internals.
LEAKS = ("Traceback", "redis", "ServiceUnavailable", "SessionExpired", "neo4j.exceptions", "bolt://")


def _assert_database_unavailable(api: Api, engine: str) -> dict[str, float]:
    """/healthz says 503 and a GraphQL field needing the database says DATABASE_UNAVAILABLE,
    each within OUTAGE_ANSWER_S; returns the seconds each took."""
    took: dict[str, float] = {}
    start = time.monotonic()
    health = api.client.get("/healthz")
    took["healthz"] = time.monotonic() - start
    assert health.status_code == 503, health.text
    assert health.json()["status"] == "unavailable" and health.json()["reason"]
    assert health.json()["engine"] == engine
    start = time.monotonic()
    res = api.post('{ author(id: "A1") { name profile { hIndex } } }')
    took["graphql"] = time.monotonic() - start
    assert res.status_code == 200
    body = res.json()
    assert body["data"] == {"author": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["message"] == f"the graph database ({engine}) is not answering; try again shortly"
    assert not [leak for leak in LEAKS if leak.lower() in res.text.lower()], res.text
    for what, seconds in took.items():
        assert seconds < OUTAGE_ANSWER_S, f"{engine}: {what} answered the outage after {seconds:.1f} s"
    print(f"outage on {engine}: /healthz {took['healthz']:.2f} s, GraphQL {took['graphql']:.2f} s")
    return took


def _assert_a_burst_answers_fast(api: Api, engine: str, n: int = 24) -> float:
    """`n` requests at once (every fourth a /healthz), more than the API has worker threads:
    each answers the outage within OUTAGE_ANSWER_S (they do not queue behind one another's
    retries); returns the slowest answer's seconds."""

    async def one(client: httpx.AsyncClient, i: int) -> tuple[float, int, str]:
        start = time.monotonic()
        if i % 4 == 0:
            res = await client.get("/healthz")
            return time.monotonic() - start, res.status_code, res.json()["status"]
        res = await client.post("/graphql", json={"query": '{ author(id: "A1") { name } }'})
        return time.monotonic() - start, res.status_code, res.json()["errors"][0]["extensions"]["code"]

    async def burst() -> list[tuple[float, int, str]]:
        async with httpx.AsyncClient(base_url=api.base_url, timeout=60) as client:
            return await asyncio.gather(*(one(client, i) for i in range(n)))

    answers = asyncio.run(burst())
    assert {(status, what) for _, status, what in answers} == {(503, "unavailable"), (200, "DATABASE_UNAVAILABLE")}
    slowest = max(seconds for seconds, _, _ in answers)
    print(f"outage on {engine}: {n} requests at once, the slowest answered in {slowest:.2f} s")
    assert slowest < OUTAGE_ANSWER_S, f"{engine}: the slowest of {n} requests at once took {slowest:.1f} s"
    return slowest


def _nothing_listening(engine: str) -> str:
    port = free_port()
    return f"falkordb://127.0.0.1:{port}/nothing" if engine == "falkordb" else f"bolt://127.0.0.1:{port}"


@pytest.mark.parametrize("engine", ENGINES)
def test_database_down_at_start_up(engine: str, tmp_path: Path) -> None:
    settings = Settings(db_url=_nothing_listening(engine), embedded=False,
                        data_dir=tmp_path, embed_model=None, embed_dim=384)
    with running(create_app(settings)) as url:
        api = Api(url)
        _assert_database_unavailable(api, engine)
        _assert_a_burst_answers_fast(api, engine)


class OwnServer:
    """A database server of the test's own (not the session's shared one), to stop and kill
    while an API serves it: the embedded FalkorDB, or a local Neo4j (graphdb.neo4j_local)."""

    def __init__(self, engine: str, data_dir: Path, neo4j_version: str) -> None:
        self.engine, self.data_dir, self.version = engine, data_dir, neo4j_version
        self.port, self.http_port = free_port(), free_port()

    def start(self) -> None:
        if self.engine == "falkordb":
            embedded.start(self.data_dir, self.port)
        else:
            neo4j_local.start(self.data_dir, self.port, http_port=self.http_port, version=self.version,
                              heap_mb=512, page_cache_mb=64)

    @property
    def url(self) -> str:
        if self.engine == "falkordb":
            return f"falkordb://127.0.0.1:{self.port}/g"
        return f"bolt://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """A clean shutdown (FalkorDB: SHUTDOWN SAVE; Neo4j: SIGTERM, it checkpoints)."""
        if self.engine == "falkordb":
            embedded.stop(self.data_dir, self.port)
        else:
            neo4j_local.stop(self.data_dir)

    def kill(self) -> None:
        """kill -9, and wait until the process is gone."""
        pid = (embedded.status(self.data_dir, self.port) if self.engine == "falkordb"
               else neo4j_local.status(self.data_dir)).pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):  # the launcher's child: reap it
                os.waitpid(pid, os.WNOHANG)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        raise AssertionError(f"pid {pid} outlived kill -9")


@pytest.fixture
def own_server(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[OwnServer]:
    version = request.config.getoption("--neo4j-version")
    missing = neo4j_missing(version) if engine == "neo4j" else None
    if missing:
        (pytest.fail if REQUIRE_NEO4J else pytest.skip)(f"this test starts a Neo4j of its own: {missing}")
    server = OwnServer(engine, tmp_path / engine, version)
    server.start()
    try:
        yield server
    finally:
        server.stop()  # after kill -9: clears the stale record


def _await_healthy(api: Api, timeout: float = 60.0) -> None:
    """/healthz says 200 again (a Neo4j just started answers its first queries slowly: seconds
    on a busy machine, past the health check's 5 s)."""
    deadline = time.monotonic() + timeout
    while (res := api.client.get("/healthz")).status_code != 200:
        assert time.monotonic() < deadline, f"the API did not see the database back: {res.text}"
        time.sleep(0.2)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_schema_is_initialised_once_the_database_answers(engine: str, tmp_path: Path,
                                                             request: pytest.FixtureRequest) -> None:
    """An API started while its database is down initialises the graph's schema at the first
    request after the database comes up (the accounts' concurrency rules need it), not only
    when the database answers at start-up."""
    version = request.config.getoption("--neo4j-version")
    missing = neo4j_missing(version) if engine == "neo4j" else None
    if missing:
        (pytest.fail if REQUIRE_NEO4J else pytest.skip)(f"this test starts a Neo4j of its own: {missing}")
    server = OwnServer(engine, tmp_path / engine, version)
    settings = Settings(db_url=server.url, embedded=False, data_dir=tmp_path, embed_model=None, embed_dim=384)
    with running(create_app(settings)) as url:
        api = Api(url)
        _assert_database_unavailable(api, engine)
        server.start()
        try:
            _await_healthy(api)
            with open_graph(server.url) as graph:
                assert schema.init(graph, 384) == []  # nothing left to create: the API did it
        finally:
            server.stop()


@pytest.mark.parametrize("engine", ENGINES)
def test_database_stopped_then_killed_while_serving(engine: str, own_server: OwnServer) -> None:
    """Stopped cleanly under a running API, the outage answers fast, also to many requests at
    once; started again, the API serves again without a restart of its own; killed with SIGKILL,
    the outage answers fast."""
    graph = open_graph(own_server.url)
    try:
        build(graph, [W("W1", ["A1", "A2"])])
        with api_for(graph) as api:
            assert api.data('{ author(id: "A1") { name } }') == {"author": {"name": "Author A1"}}
            own_server.stop()
            _assert_a_burst_answers_fast(api, engine)  # before any request has seen the outage
            _assert_database_unavailable(api, engine)
            own_server.start()
            _await_healthy(api)
            assert api.data('{ author(id: "A1") { name } }') == {"author": {"name": "Author A1"}}
            own_server.kill()
            _assert_database_unavailable(api, engine)
            _assert_a_burst_answers_fast(api, engine)
    finally:
        graph.close()


def test_outage_guard_lets_one_probe_through_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """api.state.Outage: up, every call goes through; once one finds the database down, calls
    answer UnavailableError at once until PROBE_INTERVAL_S has passed, then one call at a time
    tries (a probe) while the others still answer at once; an answer, even a refusal, ends it."""
    from api import state as api_state
    from graphdb import GraphError, UnavailableError

    clock = [100.0]
    monkeypatch.setattr(api_state.time, "monotonic", lambda: clock[0])
    outage = api_state.Outage()

    def attempt(fails_with: Exception | None = None) -> str:
        try:
            with outage.guard():
                if fails_with is not None:
                    raise fails_with
                return "tried"
        except UnavailableError as exc:
            return "tried, down" if exc is fails_with else "not tried"
        except GraphError:
            return "tried, refused"

    assert attempt() == "tried" and not outage.down
    assert attempt(UnavailableError("Neo4j at bolt://x is not answering")) == "tried, down" and outage.down
    assert attempt() == "not tried"
    clock[0] += outage.PROBE_INTERVAL_S
    with outage.guard():  # the probe, still trying
        assert attempt() == "not tried"
    assert not outage.down  # it got an answer
    assert attempt(UnavailableError("down again")) == "tried, down"
    clock[0] += outage.PROBE_INTERVAL_S
    assert attempt(GraphError("Invalid input")) == "tried, refused" and not outage.down
    assert attempt() == "tried"


class _Broken(Graph):
    """A graph whose queries fail with an unexpected exception."""

    engine = "falkordb"

    def _execute(self, cypher: str, params: dict[str, Any], read_only: bool, *, named: bool = False) -> Any:
        raise RuntimeError("secret internal detail")

    def _is_transient(self, exc: Exception) -> bool:
        return False

    def close(self) -> None:
        pass


def test_internal_errors_are_masked_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR), api_for(_Broken()) as api:
        res = api.post('{ author(id: "A1") { name } }')
        assert res.status_code == 200
        [error] = res.json()["errors"]
        assert error["message"] == "Internal server error"
        assert "secret" not in res.text and "Traceback" not in res.text
    assert any("secret internal detail" in (r.exc_text or r.getMessage()) or r.exc_info for r in caplog.records)


def test_bad_variable_values_are_reported_not_masked(graph: Graph) -> None:
    """A variable the schema's types refuse is the client's mistake: its message names the
    variable and the type (as graphql-core words it); test_api_fastpath.py holds strawberry's own
    view to the same answers."""
    cases = [
        ({"id": None}, "$id", "Expected value of non-null type 'ID!' not to be None."),
        ({}, "$id", "Expected a value of non-null type 'ID!' to be provided."),
        ({"id": "A1", "n": "ten"}, "$n", "Int cannot represent non-integer value: 'ten'"),
    ]
    with api_for(graph) as api:
        for query in ("query($id: ID!, $n: Int) { author(id: $id) { works(first: $n) { totalCount } } }",
                      "query Named($id: ID!, $n: Int) { author(id: $id) { works(first: $n) { totalCount } } }"):
            for variables, name, why in cases:
                res = api.post(query, **variables)
                assert res.status_code == 200, res.text
                where = {"line": 1, "column": query.index(name) + 1}  # the variable's definition
                assert res.json() == {"data": None, "errors": [
                    {"message": f"Variable '{name}' has invalid value: {why}", "locations": [where]}]}, res.text


def test_schema_graphql_is_in_step_with_the_code() -> None:
    from scholargraph.cli import cli

    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    checked_in = (REPO / "schema.graphql").read_text(encoding="utf-8")
    assert result.output == checked_in, "schema.graphql is stale: run `scholargraph schema > schema.graphql`"
