"""The API over real HTTP: uvicorn on a free port, queried with httpx.

Also home of the helpers the other tests/test_api_*.py files import: `running(app)`,
`Api`, and `build(graph, works)`, which writes small fixture graphs through the loaders'
own GraphWriter (so COAUTHOR and AFFILIATED_WITH are derived as in a real load).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from fastapi import FastAPI

from api.app import create_app
from graphdb import Graph, embedded, open_graph
from loaders.records import AuthorRecord, Authorship, InstitutionRecord, TopicLink, TopicRecord, WorkRecord
from loaders.writer import GraphWriter
from scholargraph.config import Settings
from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[1]


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class Api:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.client = httpx.Client(base_url=base_url, timeout=60)

    def post(self, query: str, **variables: Any) -> httpx.Response:
        return self.client.post("/graphql", json={"query": query, "variables": variables})

    def body(self, query: str, **variables: Any) -> dict[str, Any]:
        res = self.post(query, **variables)
        assert res.status_code == 200, res.text
        return res.json()  # type: ignore[no-any-return]

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.body(query, **variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        body = self.body(query, **variables)
        assert body.get("errors"), body
        return body["errors"]  # type: ignore[no-any-return]


@contextmanager
def api_for(graph: Graph) -> Iterator[Api]:
    with running(create_app(graph=graph)) as url:
        api = Api(url)
        try:
            yield api
        finally:
            api.client.close()


# -- fixture graphs through the loaders' writer ------------------------------------------


FIELDS = {"cs": ("openalex:field:17", "Computer Science"), "phys": ("openalex:field:31", "Physics and Astronomy"),
          "bio": ("openalex:field:13", "Biochemistry, Genetics and Molecular Biology")}


def topic(tid: str, field_key: str = "cs") -> TopicRecord:
    fid, fname = FIELDS[field_key]
    field_node = TopicRecord(id=fid, name=fname, level="field", scheme="openalex")
    return TopicRecord(id=tid, name=f"Topic {tid}", level="topic", scheme="openalex", parent=field_node)


@dataclass
class W:
    """A fixture work: id, author ids, year, citations, topics (id, field key), DOI, institutions."""

    id: str
    authors: list[str]
    year: int = 2020
    cited: int = 0
    topics: list[tuple[str, str]] = field(default_factory=list)
    doi: str | None = None
    institutions: dict[str, str] = field(default_factory=dict)  # author id -> institution id


def build(graph: Graph, works: list[W], orcids: dict[str, str] | None = None) -> None:
    writer = GraphWriter(graph)
    for w in works:
        ships = []
        for order, aid in enumerate(w.authors):
            author = AuthorRecord(display_name=f"Author {aid}", id=aid, openalex_id=aid,
                                  orcid=(orcids or {}).get(aid))
            inst = [InstitutionRecord(id=w.institutions[aid], name=f"Institution {w.institutions[aid]}")] \
                if aid in w.institutions else []
            position = "first" if order == 0 else "last" if order == len(w.authors) - 1 else "middle"
            ships.append(Authorship(author=author, order=order, position=position, institutions=inst))
        writer.add(WorkRecord(key=w.id, title=f"Work {w.id}", source_name="openalex", year=w.year,
                              publication_date=f"{w.year}-01-01", cited_by_count=w.cited, openalex_id=w.id,
                              doi=w.doi, authorships=ships,
                              topics=[TopicLink(topic=topic(t, f), score=0.9, primary=i == 0)
                                      for i, (t, f) in enumerate(w.topics)]))
    writer.flush()


@pytest.fixture
def small_graph(falkor_graph: Graph) -> Graph:
    build(falkor_graph, [W("W1", ["A1", "A2"], 2019, 5, [("T1", "cs")], doi="10.1/w1")])
    return falkor_graph


# -- the tests of the server itself ----------------------------------------------------------


def test_healthz_ok_and_graphiql(small_graph: Graph) -> None:
    with api_for(small_graph) as api:
        res = api.client.get("/healthz")
        assert res.status_code == 200
        assert res.json() == {"status": "ok", "engine": "falkordb"}
        page = api.client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        assert api.data('{ author(id: "A1") { name } }') == {"author": {"name": "Author A1"}}


def _assert_database_unavailable(api: Api) -> None:
    health = api.client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable" and health.json()["reason"]
    res = api.post('{ author(id: "A1") { name profile { hIndex } } }')
    assert res.status_code == 200
    body = res.json()
    assert body["data"] == {"author": None}
    [error] = body["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert "not answering" in error["message"]
    assert "Traceback" not in res.text and "redis" not in res.text.lower()


def test_database_down_at_start_up(tmp_path: Path) -> None:
    settings = Settings(db_url=f"falkordb://127.0.0.1:{free_port()}/nothing", embedded=False,
                        data_dir=tmp_path, embed_model=None, embed_dim=384)
    with running(create_app(settings)) as url:
        api = Api(url)
        _assert_database_unavailable(api)


def test_database_going_down_while_serving(tmp_path: Path) -> None:
    port = free_port()
    embedded.start(tmp_path, port)
    graph = open_graph(f"falkordb://127.0.0.1:{port}/g")
    try:
        graph.retries = 0
        build(graph, [W("W1", ["A1", "A2"])])
        with api_for(graph) as api:
            assert api.data('{ author(id: "A1") { name } }') == {"author": {"name": "Author A1"}}
            embedded.stop(tmp_path, port)
            _assert_database_unavailable(api)
    finally:
        embedded.stop(tmp_path, port)
        graph.close()


class _Broken(Graph):
    """A graph whose queries fail with an unexpected exception."""

    engine = "falkordb"

    def _execute(self, cypher: str, params: dict[str, Any], read_only: bool) -> Any:
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
