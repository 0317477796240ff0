"""The HTTP floor of the API benchmark: what any Python web API over the same engine client pays per
request before GraphQL does anything. A bare ASGI app, served by uvicorn as the API is, that reads
the request's JSON, runs the same named queries as the "raw named queries" rows through the
project's async engine face (graphdb.aio), and answers their rows as JSON. No routing, no GraphQL
parse, validation or completion: its throughput beside the raw queries' bounds what the GraphQL
API can reach on this machine (api_bench.py --concurrency prints it as the "HTTP floor 1w" row).

A request body is {"query": LABEL, "variables": {"id": AUTHOR_ID}}, LABEL one of
api_bench_load.NAMED's; SCHOLARGRAPH_DB_URL names the graph."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson

from benchmarks.api_bench_load import NAMED
from graphdb import open_async_graph
from graphdb.aio import AsyncGraph

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def create_app() -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    url = os.environ["SCHOLARGRAPH_DB_URL"]
    state: dict[str, AsyncGraph] = {}

    async def respond(send: Send, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                if message["type"] == "lifespan.startup":
                    state["graph"] = open_async_graph(url)  # on uvicorn's event loop
                    await send({"type": "lifespan.startup.complete"})
            await state["graph"].close()
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["path"] == "/healthz":
            await respond(send, 200, b'{"status":"ok"}')
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        request = orjson.loads(b"".join(chunks))
        author = request["variables"]["id"]
        graph = state["graph"]
        data = [(await graph.query(name, params(author))).rows for name, params in NAMED[request["query"]]]
        await respond(send, 200, orjson.dumps({"data": data}))

    return app
