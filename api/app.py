"""The FastAPI app: the explorer at /, /graphql (GraphiQL in a browser) and /healthz.

`create_app` takes its dependencies (settings, optionally an open graph) and keeps them in
`app.state.api`; nothing is global, so tests and the CLI build as many apps as they like.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.routing import Route

from api.graphql_app import GraphQLApp
from api.limits import MAX_COST
from api.schema import build_schema, validation_rules
from api.state import ApiState, GraphUnavailable
from api.web import mount
from graphdb import AsyncGraph, Graph, GraphError
from graphdb.config import Settings

log = logging.getLogger(__name__)
# A hung server (one that accepts and never answers): 503 within the 5 s an outage answers in.
HEALTH_TIMEOUT_S = 4.0
_OFF = ("0", "false", "off", "no")


def create_app(settings: Settings | None = None, graph: Graph | None = None,
               introspection: bool | None = None, fast_path: bool | None = None) -> FastAPI:
    """The API app. With `graph`, it serves that open graph (and leaves closing it to the
    caller); without, it connects with `settings` (default: from the environment) at start-up.
    `introspection` (default: on, unless SCHOLARGRAPH_API_INTROSPECTION is 0, false or off)
    answers __schema and __type queries. `fast_path` (default: on, unless
    SCHOLARGRAPH_API_FAST_PATH is 0, false or off) runs cached queries on api.execution
    (docs/api.md, Performance); off, every request goes through strawberry and graphql-core."""
    if introspection is None:
        introspection = os.environ.get("SCHOLARGRAPH_API_INTROSPECTION", "1").strip().lower() not in _OFF
    if fast_path is None:
        fast_path = os.environ.get("SCHOLARGRAPH_API_FAST_PATH", "1").strip().lower() not in _OFF
    state = ApiState(settings or Settings.from_env(), graph)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(state.open)
        # Everything loaded so far (modules, the schema, the connection: 100k objects) lives as
        # long as the process: keep it out of the collector's full passes, which otherwise walk
        # all of it every few hundred requests.
        gc.freeze()
        try:
            yield
        finally:
            await state.aclose()

    app = FastAPI(title="ScholarGraph", description="Researcher profiles, researcher in context, collaborators.",
                  lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.api = state

    # A Route of its own (what app.add_route would make): GraphQLApp is an ASGI app, which a
    # Route serves as it is, while add_route's signature takes only request -> response endpoints.
    app.router.routes.append(Route("/graphql", GraphQLApp(
        build_schema(introspection, fast_path), graphql_ide="graphiql" if introspection else None,
        max_cost=MAX_COST, extra_rules=validation_rules(introspection), fast_path=fast_path),
        methods=["GET", "POST"]))

    mount(app)

    @app.get("/healthz", summary="200 when the graph database answers, 503 with the reason otherwise")
    async def healthz(request: Request) -> JSONResponse:
        api: ApiState = request.app.state.api
        try:
            await asyncio.wait_for(api.acall(_ping), HEALTH_TIMEOUT_S)
        except TimeoutError:
            reason = f"no answer within {HEALTH_TIMEOUT_S:.0f}s"
            api.outage.mark_down(reason)  # a hung server: the next requests probe one at a time
            return _unavailable(api, reason)
        except (GraphUnavailable, GraphError, OSError) as exc:
            return _unavailable(api, str(exc))
        except Exception as exc:  # a client library's own error: still "not answering", never a 500
            log.warning("health check failed", exc_info=True)
            return _unavailable(api, f"{type(exc).__name__}: {exc}")
        return JSONResponse({"status": "ok", "engine": api.engine})

    return app


async def _ping(graph: AsyncGraph) -> object:
    return await graph.query("api/ping")


def _unavailable(api: ApiState, reason: str) -> JSONResponse:
    return JSONResponse({"status": "unavailable", "engine": api.engine, "reason": reason}, status_code=503)
