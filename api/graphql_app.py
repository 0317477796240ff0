"""The GraphQL endpoint: strawberry's ASGI app, with the request context and orjson encoding.

Mounted as a plain route rather than through strawberry's FastAPI router: the router goes
through FastAPI's dependency injection on every request, a cost the context does not need.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.context import Context, request_context


class GraphQLApp(GraphQL):  # type: ignore[type-arg]
    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        ctx = await request_context(request.app.state.api, request.headers.get("authorization"))
        ctx.request, ctx.response = request, response
        return ctx

    def encode_json(self, data: Any) -> bytes:
        return orjson.dumps(data)
