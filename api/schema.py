"""The strawberry schema: the root Query (with the accounts' `me`), the accounts' Mutation,
and the extensions that keep the API safe."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule, ValidationRule
from strawberry.extensions import AddValidationRules, MaskErrors, ParserCache, ValidationCache
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from api.cost import CostLimiter
from api.depth import depth_rule, fields_error
from api.errors import INTERNAL_MESSAGE, should_mask
from api.execution import FastExecutionContext
from api.http_checks import TextRule
from api.limits import MAX_COST, MAX_DEPTH, MAX_FIELDS
from api.mutations import Mutation
from api.query import Query

log = logging.getLogger(__name__)

# One rule class for the life of the process, so ValidationCache (keyed by document and rules)
# can reuse a document's validation (linear in the document: see api.depth); the cost check
# needs the variables and runs after it.
DEPTH_RULE = depth_rule(MAX_DEPTH)
EXTRA_RULES = (DEPTH_RULE, TextRule)  # beside graphql-core's specified rules


def validation_rules(introspection: bool = True) -> tuple[type[ValidationRule], ...]:
    """The rules beside graphql-core's specified ones; without introspection, one refusing
    __schema and __type (__typename stays)."""
    return EXTRA_RULES if introspection else (*EXTRA_RULES, NoSchemaIntrospectionCustomRule)


class ApiSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        """Log unexpected errors with their traceback (the client sees "Internal server error");
        the client's own mistakes (validation, limits, bad arguments) in one line, at INFO."""
        for error in errors:
            if should_mask(error):
                StrawberryLogger.error(error, execution_context)
            else:
                log.info("GraphQL request refused: %s", error.message)


class LimitedValidation(ValidationCache):
    """ValidationCache, after refusing an operation with over MAX_FIELDS fields (OverlappingFieldsCanBeMerged
    takes time quadratic in the fields of one name)."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        error = fields_error(ctx.graphql_document, MAX_FIELDS) if ctx.graphql_document is not None else None
        if error is None:
            yield from super().on_validate()
            return
        ctx.pre_execution_errors = [error]
        yield


def build_schema(introspection: bool = True) -> strawberry.Schema:
    return ApiSchema(
        query=Query,
        mutation=Mutation,
        execution_context_class=FastExecutionContext,
        extensions=[  # factories: strawberry builds fresh extensions for each request
            lambda: ParserCache(maxsize=256),
            lambda: AddValidationRules(list(validation_rules(introspection))),
            lambda: LimitedValidation(maxsize=256),
            lambda: CostLimiter(max_cost=MAX_COST),
            lambda: MaskErrors(should_mask_error=should_mask, error_message=INTERNAL_MESSAGE),
        ],
    )


def sdl() -> str:
    """The schema in GraphQL SDL, as checked in at schema.graphql."""
    return build_schema().as_str() + "\n"
