"""Errors a client may see, each with a stable `extensions.code`; everything else is masked.

A resolver raises one of these for a problem the client can act on. Any other exception
reaching the GraphQL layer is logged with its traceback and replaced by "Internal server
error" (see `should_mask`), so a response never carries a traceback or engine internals.
"""

from __future__ import annotations

from graphql import GraphQLError


class PublicError(GraphQLError):
    """An error whose message is safe and useful to show to the client."""

    code = "BAD_REQUEST"

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code})


class ArgumentError(PublicError):
    """An argument value the schema's types accept but the operation cannot (e.g. maxHops: 9)."""

    code = "BAD_USER_INPUT"


class LimitError(PublicError):
    """A request over a published limit (page size, depth, cost); the message names the limit."""

    code = "LIMIT_EXCEEDED"


class DatabaseUnavailable(PublicError):
    """The graph database does not answer."""

    code = "DATABASE_UNAVAILABLE"

    def __init__(self, engine: str | None = None) -> None:
        which = f" ({engine})" if engine else ""
        super().__init__(f"the graph database{which} is not answering; try again shortly")


class FeatureUnavailable(PublicError):
    """A feature whose backing part is not installed or not built yet (e.g. semantic search)."""

    code = "FEATURE_UNAVAILABLE"


INTERNAL_MESSAGE = "Internal server error"


def should_mask(error: GraphQLError) -> bool:
    """Mask errors raised while executing (not validation errors) unless they are PublicErrors.

    Variable values the schema's types refuse (`{"id": null}` for `ID!`) are reported before
    execution, with no path, by graphql-core's own coercion, which names the variable and the
    type: the client's mistake, shown as it is."""
    original = error.original_error
    if original is None or isinstance(original, PublicError):
        return False
    return not (error.path is None and isinstance(original, GraphQLError))
