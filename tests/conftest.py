"""Test session: a real embedded FalkorDB and a real Neo4j, each on a free loopback port in a
temporary directory, started by the session itself. Every engine test runs on both and gets an
empty graph (on Neo4j: no data and no schema left by an earlier test).

Neo4j is started with the project's own launcher (graphdb/neo4j_local.py) where Java and
Maven are present, or taken from NEO4J_URI (a CI service container). `--engine falkordb|neo4j`
runs one leg; `--neo4j-version V` picks the Neo4j release (5.26 LTS by default; a calendar
release such as 2026.09.0 needs Java 21+). With SCHOLARGRAPH_REQUIRE_NEO4J=1 (.ci/run sets it)
a Neo4j leg that cannot run fails the session (tests that skip for another stated reason, such
as ../shared/data absent on a clone elsewhere, skip on both engines alike).
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphdb import Graph, embedded, neo4j_local, open_graph
from tests.support.engines import ENGINES, NEO4J_SKIP, REQUIRE_NEO4J, SHARED_DATA, free_port, neo4j_missing, reset_neo4j

_LOCAL_NEO4J: dict[str, neo4j_local.Neo4jStatus] = {}  # the server this session started
# A test that takes any of these, itself or through another fixture, runs on an engine: marked
# `engine`, so that `-m "not engine"` leaves it out. The servers are session fixtures, started
# by the first test that needs one, so a run without engine tests starts neither.
ENGINE_FIXTURES = {"falkordb_server", "neo4j_server", "neo4j_browser", "graph", "bare_graph", "falkor_graph"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--engine", choices=["all", *ENGINES], default="all",
                     help="run the engine tests on this engine only (default: both)")
    parser.addoption("--neo4j-version", default=neo4j_local.DEFAULT_VERSION,
                     help=f"Neo4j release the session starts (default {neo4j_local.DEFAULT_VERSION})")


def engine_of(item: pytest.Item) -> str | None:
    """The engine a test runs on: its `graph` parameter, or the engine-only fixture it takes."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        for name in ("graph", "engine"):
            if callspec.params.get(name) in ENGINES:
                return str(callspec.params[name])
    names = getattr(item, "fixturenames", ())
    if "neo4j_server" in names:
        return "neo4j"
    if "falkor_graph" in names or "falkordb_server" in names:
        return "falkordb"
    return None


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by the marks added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    only = config.getoption("--engine")
    keep, drop = [], []
    for item in items:
        engine = engine_of(item)
        item.user_properties.append(("engine", engine))
        if engine is not None or ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.engine)
        (drop if only != "all" and engine not in (None, only) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    counts: dict[str, Counter[str]] = {engine: Counter() for engine in ENGINES}
    want_of_neo4j = 0  # Neo4j tests skipped because no Neo4j could run
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            engine = dict(getattr(report, "user_properties", ())).get("engine")
            if engine in counts and (report.when == "call" or outcome != "passed"):
                counts[engine][outcome] += 1
            if engine == "neo4j" and outcome == "skipped" and NEO4J_SKIP in str(report.longrepr):
                want_of_neo4j += 1
    parts = []
    for engine, count in counts.items():
        detail = ", ".join(f"{n} {k}" for k, n in count.items() if n) or "none ran"
        parts.append(f"{engine}: {detail}")
    terminalreporter.write_sep("=", "engine tests: " + "; ".join(parts))
    if REQUIRE_NEO4J and config.getoption("--engine") != "falkordb":
        neo4j = counts["neo4j"]
        if neo4j["passed"] == 0 or want_of_neo4j:
            terminalreporter.write_line(
                f"SCHOLARGRAPH_REQUIRE_NEO4J=1: the Neo4j leg must run "
                f"({neo4j['passed']} passed, {want_of_neo4j} skipped for want of Neo4j)", red=True)
            terminalreporter._session.exitstatus = pytest.ExitCode.TESTS_FAILED  # type: ignore[attr-defined]


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


@pytest.fixture(scope="session")
def neo4j_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bolt URL of a real Neo4j: NEO4J_URI, else one the session starts and stops."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    version = request.config.getoption("--neo4j-version")
    missing = neo4j_missing(version)
    if missing:
        reason = f"{NEO4J_SKIP}: {missing} (or set NEO4J_URI to a running Neo4j 5)"
        if REQUIRE_NEO4J:
            pytest.fail(reason)
        pytest.skip(reason)
    data_dir = tmp_path_factory.mktemp("neo4j")
    port, http_port = free_port(), free_port()
    # A small heap and page cache: the test graphs are tiny, and the machine runs FalkorDB too.
    status = neo4j_local.start(data_dir, port, http_port=http_port, version=version,
                               heap_mb=1024, page_cache_mb=256)
    _LOCAL_NEO4J["status"] = status
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield str(status.bolt_url)
    finally:
        signal.signal(signal.SIGTERM, previous)
        neo4j_local.stop(data_dir)


@pytest.fixture(scope="session")
def neo4j_browser(neo4j_server: str) -> str:
    """The Neo4j Browser URL of the Neo4j this session started."""
    status = _LOCAL_NEO4J.get("status")
    if status is None or not status.browser_url:
        pytest.skip("Neo4j Browser is served by the local launcher only (NEO4J_URI points elsewhere)")
    return status.browser_url


def _fresh_graph(engine: str, request: pytest.FixtureRequest) -> Iterator[Graph]:
    if engine == "neo4j":
        graph = open_graph(request.getfixturevalue("neo4j_server"))
        reset_neo4j(graph)
    else:
        base = request.getfixturevalue("falkordb_server")
        graph = open_graph(f"{base}/test_{uuid.uuid4().hex[:12]}")
    try:
        yield graph
    finally:
        graph.close()


@pytest.fixture(params=ENGINES)
def graph(request: pytest.FixtureRequest) -> Iterator[Graph]:
    """A graph with no data on each engine: on FalkorDB a new one, with no schema; on Neo4j the
    session's database, with `db init`'s schema (see reset_neo4j; `bare_graph` has none)."""
    yield from _fresh_graph(request.param, request)


@pytest.fixture
def bare_graph(graph: Graph) -> Graph:
    """`graph` with no schema at all, for a test of the schema itself: on Neo4j the session's
    graph keeps `db init`'s between tests (see reset_neo4j)."""
    if graph.engine == "neo4j":
        reset_neo4j(graph, bare=True)
    return graph


@pytest.fixture
def falkor_graph(request: pytest.FixtureRequest) -> Iterator[Graph]:
    """An empty graph on the embedded FalkorDB only (for what only FalkorDB has)."""
    yield from _fresh_graph("falkordb", request)


class _Notifications(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@pytest.fixture(autouse=True)
def no_neo4j_notifications() -> Iterator[None]:
    """A test fails when the real Neo4j returned any notification (a deprecation, an unknown
    property key, a cartesian product) for a query it ran; the driver logs each one."""
    logger = logging.getLogger("neo4j.notifications")
    handler = _Notifications()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    if handler.seen:
        pytest.fail("Neo4j returned notifications:\n" + "\n".join(handler.seen[:10]), pytrace=False)


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (../shared/data beside the repo)")
    return SHARED_DATA
