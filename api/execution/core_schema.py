"""The graphql-core schema behind a strawberry schema, found through strawberry's public API."""

from __future__ import annotations

import weakref
from typing import Any

import strawberry
from graphql import GraphQLSchema

_FOUND: weakref.WeakKeyDictionary[strawberry.Schema, GraphQLSchema] = weakref.WeakKeyDictionary()


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The GraphQLSchema that strawberry executes `schema` on (validation, the cost estimate and
    the endpoint's fast path need it). strawberry keeps it in a private attribute; graphql-core
    hands it to the execution context of every operation. So, once per schema: `{ __typename }`
    run by strawberry's public `execute_sync` with, for that one run, no extensions (they may
    need this very schema) and an execution context class that keeps the schema it is given."""
    found = _FOUND.get(schema)
    if found is not None:
        return found
    seen: list[GraphQLSchema] = []
    base = schema.execution_context_class

    class Keeper(base):  # type: ignore[valid-type, misc]  # a class chosen at run time: mypy takes no variable base
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            seen.append(self.schema)

    extensions = schema.extensions
    schema.extensions, schema.execution_context_class = (), Keeper
    try:
        result = schema.execute_sync("{ __typename }")
    finally:
        schema.extensions, schema.execution_context_class = extensions, base
    if result.errors or len(seen) != 1:
        raise RuntimeError(f"could not find the graphql-core schema: {result.errors or 'no execution'}")
    _FOUND[schema] = seen[0]
    return seen[0]
