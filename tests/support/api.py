"""The API over real HTTP: `running(app)` serves a FastAPI app with uvicorn in a thread on a free
port, `Api` posts GraphQL to it with httpx, `api_for(graph)` does both for the app on `graph`,
and `api_over_files` first loads files into a fresh graph."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.state import ApiState
from graphdb import Graph, schema
from loaders.pipeline import load
from tests.support.engines import empty_graph, free_port


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
    def __init__(self, base_url: str, state: ApiState | None = None) -> None:
        self.base_url = base_url
        self.state = state  # the app's, where the test built it: its round trips
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
    app = create_app(graph=graph)
    with running(app) as url:
        api = Api(url, app.state.api)
        try:
            yield api
        finally:
            api.client.close()


@contextmanager
def api_over_files(engine: str, request: pytest.FixtureRequest, name: str, paths: list[Path],
                   rejects: Path, source: str = "openalex") -> Iterator[Api]:
    """The API over a fresh graph `name` on `engine`: the schema, then `paths` loaded from `source`."""
    graph = empty_graph(engine, request, name)
    try:
        schema.init(graph, 384)
        load(graph, paths, source, rejects_path=rejects, progress=False)
        with api_for(graph) as client:
            yield client
    finally:
        graph.close()


def executed_fields(monkeypatch: Any) -> list[str]:
    """The fields graphql-core executes from now on ("Type.field", in order): a spy on strawberry's
    execution context, the one both the fast path and strawberry's view run on."""
    from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

    executed: list[str] = []
    real = StrawberryGraphQLCoreExecutionContext.execute_field

    def field_spy(self: Any, parent_type: Any, source: Any, field_details_list: Any, *args: Any) -> Any:
        executed.append(f"{parent_type.name}.{field_details_list[0].node.name.value}")
        return real(self, parent_type, source, field_details_list, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", field_spy)
    return executed
