"""Checks on a request before any GraphQL work: its body (size, encoding, shape) and the text
it carries (no NUL character or lone surrogate in a variable or a string literal).

A malformed body gets HTTP 400 (413 when too large) with a GraphQL-style error, never a 500:
`{"errors": [{"message": "…", "extensions": {"code": "BAD_REQUEST"}}]}`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, parse_qsl

import orjson
from graphql import GraphQLError, StringValueNode, ValidationRule

from api.errors import ArgumentError
from api.limits import MAX_BODY_BYTES, MAX_QUERY_CHARS


class BadRequest(Exception):
    """The request cannot be read as a GraphQL request: answered with `status`, never run."""

    def __init__(self, message: str, status: int = 400, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.message, self.status, self.code = message, status, code

    def payload(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}


def json_charset_error(content_type: bytes) -> BadRequest | None:
    """A JSON body declared in another charset than UTF-8 (JSON is UTF-8: RFC 8259)."""
    for param in content_type.split(b";")[1:]:
        key, _, value = param.partition(b"=")
        if key.strip().lower() == b"charset":
            charset = value.strip().strip(b'"').lower()
            if charset not in (b"utf-8", b"utf8"):
                return BadRequest(f"a JSON body must be UTF-8; charset={charset.decode('latin-1')} is not accepted")
    return None


def too_large(size: int) -> BadRequest:
    return BadRequest(f"the request body is over the limit of {MAX_BODY_BYTES} bytes (got {size}+)", 413,
                      "LIMIT_EXCEEDED")


def parse_body(body: bytes) -> dict[str, Any]:
    """The request's JSON object, its fields of the right types; BadRequest otherwise."""
    if not body.strip():
        raise BadRequest('the request body is empty; send a JSON object such as {"query": "{ … }"}')
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the request body is not UTF-8 (byte {exc.start}); JSON must be UTF-8") from None
        try:
            data = json.loads(text)  # orjson refuses what json accepts: an escaped lone surrogate
        except ValueError as exc:
            raise BadRequest(f"the request body is not JSON: {exc}") from None
    if isinstance(data, list):
        raise BadRequest("batches are not accepted: send one JSON object per request")
    if not isinstance(data, dict):
        raise BadRequest(f'the request body must be a JSON object such as {{"query": "{{ … }}"}}, '
                         f"not a {type(data).__name__}")
    for key, kind, name in (("query", str, "a string"), ("variables", dict, "an object"),
                            ("operationName", str, "a string"), ("extensions", dict, "an object")):
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            raise BadRequest(f"`{key}` must be {name} or null, if provided")
    query_length_check(data.get("query"))
    return data


def query_length_check(query: object) -> None:
    """BadRequest (413) for a query text over MAX_QUERY_CHARS, before it is parsed."""
    if isinstance(query, str) and len(query) > MAX_QUERY_CHARS:
        raise BadRequest(f"the query text is over the limit of {MAX_QUERY_CHARS} characters (got {len(query)})",
                         413, "LIMIT_EXCEEDED")


def get_query_check(query_string: bytes) -> None:
    """The same for a GET's `query` parameter."""
    if len(query_string) > MAX_QUERY_CHARS:
        for value in parse_qs(query_string.decode("latin-1")).get("query", ()):
            query_length_check(value)


def get_query(query_string: bytes) -> str | None:
    """A GET's `query` parameter as strawberry reads it (Starlette's QueryParams: the last one), None
    without one."""
    if b"query=" not in query_string:
        return None
    values = [v for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True) if k == "query"]
    return values[-1] if values else None


def bad_text(text: str) -> bool:
    """Whether `text` holds a NUL (FalkorDB stops reading a query there) or a lone surrogate
    (not Unicode text: no driver can send it)."""
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_value(value: Any) -> bool:
    if isinstance(value, str):
        return bad_text(value)
    if isinstance(value, dict):
        return any(_bad_value(k) or _bad_value(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_value(v) for v in value)
    return False


def variables_error(variables: dict[str, Any] | None) -> ArgumentError | None:
    """An error naming the first variable whose text holds a NUL or a lone surrogate."""
    for name, value in (variables or {}).items():
        if _bad_value(value):
            return ArgumentError(f"Variable '${name}' holds a NUL character or a lone surrogate; "
                                 "no id or text in the graph does, so it is refused")
    return None


class TextRule(ValidationRule):
    """No string literal in the query holds a NUL character or a lone surrogate."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if bad_text(node.value):
            self.report_error(GraphQLError(
                "a string value holds a NUL character or a lone surrogate; no id or text in the graph does, "
                "so it is refused", node))
