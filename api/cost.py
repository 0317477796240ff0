"""The query cost limit: an estimate of how many values a query can return, checked before it runs.

Every field costs 1 for each time it can appear in the response. A field that returns a
bounded list multiplies the cost of what is selected under it by its bound: `first` (the
value given, or the field's default), the length of `ids`, or for researcherContext the sum
of its list caps plus the researcher. So `authors(ids: [50 ids]) { works(first: 20) { edges
{ node { title } } } }` costs 1 + 50 + 50*20*3 = 3,051. A query over MAX_COST is refused
with an error naming the limit; introspection fields are free.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.pyutils import Undefined
from strawberry.extensions import SchemaExtension

from api.depth import dependencies_first
from api.errors import LimitError
from api.http_checks import variables_error
from api.identity_cache import IdentityCache, text_size
from api.limits import CONTEXT_CAPS

_CAP_ARGS = tuple(name for name in CONTEXT_CAPS if name != "first")


class _Costing:
    """The cost of one operation, in time linear in the document's size: each fragment's cost
    (per unit of multiplier: what it costs does not depend on where it is spread) is computed
    once, the fragments it spreads first, and every walk stops as soon as its total is over
    `limit` (the result is then a lower bound, still over the limit)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any],
                 limit: int) -> None:
        self.schema = schema
        self.variables = variables
        self.limit = limit
        self.used_variables = False  # whether the cost read a variable (else it holds for any request)
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._fragment_costs: dict[str, int] = {}  # per unit of multiplier
        for name in dependencies_first(self.fragments):  # so no walk recurses through fragments
            fragment = self.fragments[name]
            owner = schema.get_type(fragment.type_condition.name.value)
            self._fragment_costs[name] = self.cost(fragment.selection_set, owner, 1)

    def _arg(self, node: FieldNode, field: GraphQLField, name: str) -> Any:
        for arg in node.arguments or ():
            if arg.name.value != name:
                continue
            value = arg.value
            if isinstance(value, VariableNode):
                self.used_variables = True
                return self.variables.get(value.name.value, _default(field, name))
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, ListValueNode):
                return list(value.values)
            return None
        return _default(field, name)

    def factor(self, node: FieldNode, field: GraphQLField) -> int:
        """How many times what is selected under this field can appear."""
        first = self._arg(node, field, "first") if "first" in field.args else None
        if isinstance(first, int):
            return max(first, 0)
        ids = self._arg(node, field, "ids") if "ids" in field.args else None
        if isinstance(ids, list):
            return len(ids)
        caps = [self._arg(node, field, n) for n in _CAP_ARGS if n in field.args]
        if caps:
            return 1 + sum(c for c in caps if isinstance(c, int))
        return 1

    def cost(self, selection_set: SelectionSetNode | None, parent: Any, multiplier: int) -> int:
        """The cost of the selection set times `multiplier`; stops once over the limit."""
        if multiplier <= 0:
            return 0
        total = 0
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                name = sel.name.value
                if name.startswith("__"):
                    continue
                field = getattr(parent, "fields", {}).get(name)
                if field is None:
                    continue  # reported by the standard validation rules
                total += multiplier
                if sel.selection_set is not None and total <= self.limit:
                    total += self.cost(sel.selection_set, get_named_type(field.type),
                                       multiplier * self.factor(sel, field))
            elif isinstance(sel, InlineFragmentNode):
                owner = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += self.cost(sel.selection_set, owner, multiplier)
            elif isinstance(sel, FragmentSpreadNode):
                total += multiplier * self._fragment_cost(sel.name.value)
            if total > self.limit:
                break
        return total

    def _fragment_cost(self, name: str) -> int:
        return self._fragment_costs.get(name, 0)  # unknown, or not yet known: a cycle (validation reports both)


def _default(field: GraphQLField, name: str) -> Any:
    arg = field.args.get(name)
    if arg is None or arg.default_value is Undefined:
        return None
    return arg.default_value


# Costs that do not depend on the variables, per (schema, document, operation name).
_COSTS: IdentityCache[int] = IdentityCache()


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                   variables: dict[str, Any], limit: int) -> tuple[str, int]:
    """(the operation's name, its estimated cost); cost 0 when there is no such operation. A cost
    over `limit` is a lower bound: the estimate stops there."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if not chosen:
        return operation_name or "anonymous", 0
    node = chosen[0]
    name = node.name.value if node.name else "anonymous"
    cached = _COSTS.get((schema, document), (operation_name, limit))
    if cached is not None:
        return name, cached
    root = schema.get_root_type(node.operation)
    if not isinstance(root, GraphQLObjectType | GraphQLInterfaceType):
        return name, 0
    costing = _Costing(schema, document, variables, limit)
    cost = costing.cost(node.selection_set, root, 1)
    if not costing.used_variables:
        _COSTS.put((schema, document), cost, (operation_name, limit), text_size(document))
    return name, cost


def cost_error(name: str, cost: int, max_cost: int) -> LimitError:
    return LimitError(f"'{name}' has an estimated cost of at least {cost}, over the query cost limit of {max_cost}; "
                      "ask for fewer items (first, ids) or fewer nested lists")


class CostLimiter(SchemaExtension):
    """Refuses, before execution, an operation whose estimated cost exceeds `max_cost`, and
    variables holding a NUL or a lone surrogate (`api.http_checks.variables_error`).

    Runs after validation (place it after LimitedValidation): the cost depends on the request's
    variables, so it is not part of the cached validation.
    """

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors == [] and ctx.graphql_document is not None:
            error = variables_error(dict(ctx.variables or {}))
            if error is not None:
                ctx.pre_execution_errors = [error]
                yield
                return
            name, cost = operation_cost(ctx.schema._schema, ctx.graphql_document, ctx.operation_name,
                                        dict(ctx.variables or {}), self.max_cost)
            if cost > self.max_cost:
                ctx.pre_execution_errors = [cost_error(name, cost, self.max_cost)]
        yield
