"""The GraphQL endpoint: strawberry's ASGI app, with the request context, orjson encoding and a
fast path for the common request.

Mounted as a plain route rather than through strawberry's FastAPI router: the router goes
through FastAPI's dependency injection on every request, a cost the context does not need.

Every query text is admitted first (`api.admission`): parsed and validated once, kept in a
bounded LRU keyed by the text, a long new text off the event loop; what the admission found is
handed to strawberry's extensions, so a request that goes strawberry's way is not parsed again.

The fast path (on unless SCHOLARGRAPH_API_FAST_PATH=off): a POST of a JSON query whose text is
valid runs straight on graphql-core's public `execute` with the schema's execution context
(api.execution), the cost limit checked as usual and errors masked and logged as the extensions
do. Profiled per request, strawberry's generic machinery around that (five schema extensions
entered per hook, the document's AST hashed for the validation cache, the request and response
adapters) cost more CPU than the field resolution itself. Anything else (GET and GraphiQL,
mutations, a new query text that does not validate, batches, uploads, malformed bodies) goes the
ordinary way, through strawberry's view and the
same extensions, so those answers are exactly strawberry's.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from cross_web import HTTPException
from graphql import (
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    get_operation_ast,
    specified_rules,
)
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.execution import optimized_is_awaitable
from strawberry.http.base import BaseRequestProtocol

from api.admission import Admission, Prepared, handing
from api.context import Context, request_context
from api.cost import cost_error, operation_cost
from api.errors import INTERNAL_MESSAGE, should_mask
from api.execution import execute_fast, graphql_schema
from api.http_checks import (
    BadRequest,
    get_query,
    get_query_check,
    json_charset_error,
    parse_body,
    too_large,
    variables_error,
)
from api.limits import MAX_BODY_BYTES
from api.web import GRAPHIQL, page

log = logging.getLogger(__name__)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_JSON_HEADERS = [(b"content-type", b"application/json")]


def _query_operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    """The operation to run when it is a query (None: not found, ambiguous or not a query:
    strawberry reports those). The document is validated, so operation names are unique."""
    found = get_operation_ast(document, name)
    return found if found is not None and found.operation is OperationType.QUERY else None


def _masked(error: GraphQLError) -> GraphQLError:
    """As strawberry's MaskErrors does (with the schema's should_mask and message)."""
    if not should_mask(error):
        return error
    return GraphQLError(INTERNAL_MESSAGE, nodes=error.nodes, source=error.source, positions=error.positions,
                        path=error.path, original_error=None)


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, schema: Any, *, max_cost: int, extra_rules: tuple[Any, ...] = (), fast_path: bool = False,
                 **kwargs: Any) -> None:
        """`fast_path`: answer the common request on api.execution (the schema has no directives,
        no incremental delivery and no extension that wraps resolvers: build_schema's)."""
        super().__init__(schema, **kwargs)
        self.max_cost = max_cost
        core = graphql_schema(schema)
        self._core_schema = core
        # strawberry validates with graphql-core's specified rules plus those the extensions add
        self._admission = Admission(core, (*specified_rules, *extra_rules))
        self.fast_path = fast_path

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        ctx = await request_context(request.app.state.api, request.headers.get("authorization"))
        ctx.request, ctx.response = request, response
        return ctx

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return page(GRAPHIQL, "GraphiQL page")

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """Strawberry's rule (a GET with no `query` that accepts HTML or */*), and also a browser
        opening a link such as /graphql?query=…: it asks for text/html and gets the IDE, which
        reads the query from the address into its editor. A client that asks for JSON (or
        */* only, as curl does) still gets the query run."""
        if super().should_render_graphql_ide(request):
            return True
        return (self.graphql_ide is not None and request.method == "GET"
                and "text/html" in request.headers.get("accept", ""))

    def encode_json(self, data: Any) -> bytes:
        return orjson.dumps(data)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        content_type = _header(scope, b"content-type")
        prepared: Prepared | None = None
        if scope["method"] == "POST" and b"application/json" in content_type.split(b";", 1)[0].lower():
            try:
                data, body = await _read_request(scope, receive, content_type)
            except BadRequest as exc:
                log.info("GraphQL request refused: %s", exc.message)
                await _send_json(send, exc.status, exc.payload())
                return
            if data is None:  # the client went away
                return
            query = data.get("query")
            if isinstance(query, str):
                prepared = await self._admission.admit(query)
                if await self._refused_unparsed(send, prepared):
                    return
            if self.fast_path and prepared is not None and await self._run_fast(scope, receive, send, data, prepared):
                return
            receive = _replay(body, receive)
        elif scope["method"] == "GET":
            try:
                query_string = scope.get("query_string", b"")
                get_query_check(query_string)
                query = get_query(query_string)
            except BadRequest as exc:
                log.info("GraphQL request refused: %s", exc.message)
                await _send_json(send, exc.status, exc.payload())
                return
            if query is not None:
                prepared = await self._admission.admit(query)
                if await self._refused_unparsed(send, prepared):
                    return
        try:
            with handing(prepared):
                response = await self.run(Request(scope, receive))
        except HTTPException as exc:  # strawberry's refusals, as JSON like the others
            log.info("GraphQL request refused: %s", exc.reason)
            await _send_json(send, exc.status_code, BadRequest(exc.reason, exc.status_code).payload())
            return
        await response(scope, receive, send)

    async def _refused_unparsed(self, send: Send, prepared: Prepared) -> bool:
        """Answer a text refused before it was parsed (too many fields, counted from the text), as
        strawberry answers the same error after parsing it, and return True."""
        if prepared.document is not None or prepared.syntax:
            return False
        self.schema.process_errors(prepared.errors)
        await _send_json(send, 200, {"data": None, "errors": [e.formatted for e in prepared.errors]})
        return True

    async def _run_fast(self, scope: Scope, receive: Receive, send: Send, data: dict[str, Any],
                        prepared: Prepared) -> bool:
        """Answer the request and return True, or return False (nothing sent) to leave it to strawberry."""
        if data.get("extensions") is not None:
            return False
        variables, name = data.get("variables"), data.get("operationName")
        error = variables_error(variables)
        if error is not None:  # refused as strawberry's CostLimiter does
            self.schema.process_errors([error])
            await _send_json(send, 200, {"data": None, "errors": [error.formatted]})
            return True
        document = prepared.document
        if document is None or prepared.errors:
            return False
        operation = _query_operation(document, name)
        if operation is None:
            return False
        op_name, cost = operation_cost(self._core_schema, document, name, dict(variables or {}), self.max_cost)
        if cost > self.max_cost:  # refused as strawberry's CostLimiter does, without costing it again
            refusal = cost_error(op_name, cost, self.max_cost)
            self.schema.process_errors([refusal])
            await _send_json(send, 200, {"data": None, "errors": [refusal.formatted]})
            return True
        request = Request(scope, receive)
        sub_response = Response()
        context = await self.get_context(request, sub_response)
        result = execute_fast(self._core_schema, document, name, context, variables)
        if optimized_is_awaitable(result):
            result = await result
        errors = result.errors
        payload: dict[str, Any] = {"data": result.data}
        if errors:
            self.schema.process_errors(errors)  # logged as they are, then masked for the client
            payload["errors"] = [_masked(e).formatted for e in errors]
        await _send_json(send, sub_response.status_code, payload,
                         [h for h in sub_response.raw_headers if h[0] != b"content-length"])
        return True


async def _send_json(send: Send, status: int, payload: Any, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = orjson.dumps(payload)
    await send({"type": "http.response.start", "status": status,
                "headers": [*_JSON_HEADERS, (b"content-length", str(len(body)).encode()), *(headers or ())]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return b""


async def _read_request(scope: Scope, receive: Receive, content_type: bytes) -> tuple[dict[str, Any] | None, bytes]:
    """The JSON request and its body ((None, b"") when the client went away); BadRequest when it
    is too large (before reading more than the limit) or not a GraphQL request."""
    error = json_charset_error(content_type)
    if error is not None:
        raise error
    length = _header(scope, b"content-length")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise too_large(int(length))
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None, b""
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large(size)
        chunks.append(chunk)
        if not message.get("more_body", False):
            body = b"".join(chunks)
            return parse_body(body), body


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


__all__ = ["GraphQLApp"]
