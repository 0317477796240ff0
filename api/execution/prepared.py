"""What the requests running one parsed operation share (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLID,
    GraphQLSchema,
    GraphQLString,
    Node,
    OperationDefinitionNode,
    Visitor,
    is_non_null_type,
    visit,
)
from graphql.execution.collect_fields import FragmentDetails
from graphql.execution.get_variable_signature import get_variable_signature
from graphql.execution.values import (
    VariableValues,
    VariableValueSource,
)
from graphql.pyutils import Undefined

from api.identity_cache import IdentityCache, text_size


class PreparedOperation:
    """What the requests running one parsed operation share (ParserCache and the endpoint's
    DocumentCache hand out one document per query text): its fragments, the variables'
    signatures, and, for operations without directives (then no selection depends on the
    variables), the collected root fields, the plans and the compiled fields."""

    def __init__(self, schema: GraphQLSchema, operation: OperationDefinitionNode,
                 fragment_definitions: dict[str, FragmentDefinitionNode]) -> None:
        self.operation = operation
        self.fragment_definitions = fragment_definitions
        fragment_variables = any(d.variable_definitions for d in fragment_definitions.values())
        self.fragments = {name: FragmentDetails(d, None) for name, d in fragment_definitions.items()}
        # experimental fragment arguments (never parsed here) and directives: graphql-core's way
        self.simple = not fragment_variables
        self.static = self.simple and not _has_directives([operation, *self.fragment_definitions.values()])
        # per variable: (name, its definition, the signature when a str value needs no coercion)
        self.variables: list[tuple[str, Any, Any]] | None = None
        if self.simple:
            variables: list[tuple[str, Any, Any]] | None = []
            for var_def in operation.variable_definitions or ():
                signature = get_variable_signature(schema, var_def)
                if isinstance(signature, GraphQLError) or variables is None:
                    variables = None
                    break
                named = signature.type.of_type if is_non_null_type(signature.type) else signature.type
                variables.append((signature.name, var_def,
                                  signature if named is GraphQLString or named is GraphQLID else None))
            self.variables = variables
        self.root: Any = None  # the collected root fields, once computed
        self.plans: dict[Any, Any] = {}
        self.fields: dict[int, Any] = {}

    def variable_values(self, inputs: dict[str, Any]) -> VariableValues | None:
        """The coerced variables when every one is a provided String or ID given as a str (coercion
        returns it as it is); None for anything else (defaults, other types, errors)."""
        if self.variables is None:
            return None
        sources: dict[str, VariableValueSource] = {}
        coerced: dict[str, Any] = {}
        for name, _, signature in self.variables:
            value = inputs.get(name, Undefined)
            if signature is None or type(value) is not str:
                return None
            sources[name] = VariableValueSource(signature, value)
            coerced[name] = value
        return VariableValues(sources, coerced)


_OPERATIONS: IdentityCache[PreparedOperation] = IdentityCache()


def shared_operation(schema: GraphQLSchema, operation: OperationDefinitionNode,
                     fragments: Callable[[], dict[str, FragmentDefinitionNode]]) -> PreparedOperation:
    """The operation's PreparedOperation; `fragments` gives its document's fragment
    definitions (an operation belongs to one document, so they are the same each time)."""
    prepared = _OPERATIONS.get((operation,))
    if prepared is None:
        prepared = PreparedOperation(schema, operation, fragments())
        _OPERATIONS.put((operation,), prepared, chars=text_size(operation))
    return prepared


def _has_directives(nodes: list[Node]) -> bool:
    found = False

    class Finder(Visitor):
        def enter_directive(self, *_: Any) -> None:
            nonlocal found
            found = True

    for node in nodes:
        visit(node, Finder())
    return found

