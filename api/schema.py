"""The strawberry schema: the root Query (with the accounts' `me`), the accounts' Mutation,
and the extensions that keep the API safe."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import strawberry
from graphql import DocumentNode, GraphQLError, NoSchemaIntrospectionCustomRule, ValidationRule, parse
from strawberry.exceptions import MissingQueryError
from strawberry.extensions import AddValidationRules, MaskErrors, SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from api.admission import handed
from api.cost import CostLimiter
from api.depth import depth_rule, fields_error
from api.errors import INTERNAL_MESSAGE, should_mask
from api.execution import FastExecutionContext, graphql_schema
from api.http_checks import TextRule
from api.identity_cache import IdentityCache, TextCache, text_size
from api.limits import MAX_COST, MAX_DEPTH, MAX_FIELDS, MAX_SAME_NAME
from api.mutations import Mutation
from api.query import Query

log = logging.getLogger(__name__)

# One rule class for the life of the process, so LimitedValidation (keyed by document and rules)
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


_PARSED: TextCache[DocumentNode] = TextCache()
_VALIDATED: IdentityCache[list[GraphQLError]] = IdentityCache()


class BoundedParserCache(SchemaExtension):
    """strawberry's ParserCache, bounded by characters of query text as well as entries (see
    api.identity_cache): one document per query text. The document the endpoint prepared for the
    request (api.admission), or its syntax error, first."""

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        prepared = handed(ctx.query) if not ctx.parse_options else None
        if prepared is not None and prepared.syntax:
            raise prepared.syntax_error()
        key = ctx.query if not ctx.parse_options else None
        document = prepared.document if prepared is not None else None
        if document is None and key is not None:
            document = _PARSED.get(key)
        if document is None:
            if ctx.query is None:  # strawberry refuses a request without a query before parsing; so would we
                raise MissingQueryError
            document = parse(ctx.query, **ctx.parse_options)
            if key is not None:
                _PARSED.put(key, document)
        ctx.graphql_document = document
        yield


class LimitedValidation(SchemaExtension):
    """strawberry's ValidationCache (keyed by the document's identity, bounded as above), after
    refusing an operation with over MAX_FIELDS fields (OverlappingFieldsCanBeMerged takes time
    quadratic in the fields of one name). What the endpoint found for the request's document
    (api.admission), with the same rules, first."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document, schema, rules = ctx.graphql_document, graphql_schema(ctx.schema), tuple(ctx.validation_rules)
        assert document is not None
        prepared = handed(ctx.query)
        if prepared is not None and prepared.document is document and prepared.rules == rules:
            ctx.pre_execution_errors = list(prepared.errors)
            yield
            return
        error = fields_error(document, MAX_FIELDS, MAX_SAME_NAME)
        if error is not None:
            ctx.pre_execution_errors = [error]
        else:
            errors = _VALIDATED.get((schema, document), rules)
            if errors is None:
                errors = validate_document(schema, document, rules)
                _VALIDATED.put((schema, document), errors, rules, text_size(document))
            ctx.pre_execution_errors = errors
        yield


def build_schema(introspection: bool = True, fast_path: bool = True) -> strawberry.Schema:
    """The API's schema; `fast_path` runs its execution on api.execution (which the endpoint's
    fast path needs too), else on strawberry's own execution context. No directives, no
    incremental delivery, no extension that wraps resolvers: what the endpoint's fast path
    reproduces (tests/test_api_fastpath.py)."""
    return ApiSchema(
        query=Query,
        mutation=Mutation,
        execution_context_class=FastExecutionContext if fast_path else None,
        extensions=[  # factories: strawberry builds fresh extensions for each request
            BoundedParserCache,
            lambda: AddValidationRules(list(validation_rules(introspection))),
            LimitedValidation,
            lambda: CostLimiter(max_cost=MAX_COST),
            lambda: MaskErrors(should_mask_error=should_mask, error_message=INTERNAL_MESSAGE),
        ],
    )


def sdl() -> str:
    """The schema in GraphQL SDL, as checked in at schema.graphql."""
    return build_schema().as_str() + "\n"
