"""A faster completion of plain objects, plugged into strawberry as its execution context class.

graphql-core resolves every field of every object on its own (a resolver call, a resolve
info, a completion step: about 10 µs each), which for a graph slice of 130 nodes and edges
costs more than the database query behind it. Most of the API's result objects are plain:
dataclass-like strawberry types built in one step from a query's rows (GraphNode, GraphEdge,
Trust, TopicShare, …). When every field selected on such an object reads an attribute (no
resolver, no arguments) and is a scalar, an enum or another plain object, the object is
completed here in one pass, with the same serialisation and the same result shape; anything
else (a resolver, an abstract type, @defer) goes the ordinary way. The plan for a selection
is computed once per query text (documents with directives: once per request).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    Node,
    OperationDefinitionNode,
    Visitor,
    get_named_type,
    is_leaf_type,
    visit,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

BACKREF = "strawberry-definition"  # where strawberry keeps its field on a GraphQLField
_NOT_PLAIN = object()

Complete = Callable[[Any], Any]
# A plan: per response key, the attribute to read (None for __typename) and the function that
# completes its value (non-null check, list, leaf serialisation or a nested plain object).
Plan = list[tuple[str, str | None, Complete | None]]


class _PlanCache:
    """Plans shared by the requests that run the same parsed operation (ParserCache hands out
    one document per query text), for operations without directives: then the selection under
    a field does not depend on the variables. At most `size` operations are kept."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._operations: OrderedDict[int, tuple[OperationDefinitionNode, dict[Any, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def plans_for(self, operation: OperationDefinitionNode, fragments: dict[str, Any]) -> dict[Any, Any] | None:
        with self._lock:
            entry = self._operations.get(id(operation))
            if entry is not None and entry[0] is operation:
                self._operations.move_to_end(id(operation))
                return entry[1]
            if _has_directives([operation, *fragments.values()]):
                return None
            plans: dict[Any, Any] = {}
            self._operations[id(operation)] = (operation, plans)  # keeps it alive: its id stays unique
            if len(self._operations) > self.size:
                self._operations.popitem(last=False)
            return plans


def _has_directives(nodes: list[Node]) -> bool:
    found = False

    class Finder(Visitor):
        def enter_directive(self, *_: Any) -> None:
            nonlocal found
            found = True

    for node in nodes:
        visit(node, Finder())
    return found


SHARED_PLANS = _PlanCache()


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, int], tuple[Any, Plan | object]] = {}
        self._shared = SHARED_PLANS.plans_for(self.operation, self.fragment_definitions or {})

    def complete_object_value(self, return_type: GraphQLObjectType, field_details_list: Any, info: Any,
                              path: Any, result: Any, position_context: Any) -> Any:
        plan = self._plan(return_type, field_details_list)
        if plan is _NOT_PLAIN:
            return super().complete_object_value(return_type, field_details_list, info, path, result,
                                                 position_context)
        return _complete_object(result, plan, return_type.name)  # type: ignore[arg-type]

    def _plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | object:
        key = (object_type.name, id(field_details_list))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        shared_key = (object_type.name, tuple(id(d.node) for d in field_details_list))
        plan = self._shared.get(shared_key) if self._shared is not None else None
        if plan is None:
            plan = self._build_plan(object_type, field_details_list)
            if self._shared is not None:
                self._shared[shared_key] = plan  # the nodes live as long as the cached document
        self._plans[key] = (field_details_list, plan)  # keeps the list alive, so its id stays unique
        return plan

    def _build_plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | object:
        grouped, new_defer_usages, *_ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return _NOT_PLAIN
        plan: Plan = []
        for response_name, sub_details in grouped.items():
            name = sub_details[0].node.name.value
            if name == "__typename":
                plan.append((response_name, None, None))
                continue
            field = object_type.fields.get(name)
            definition = field.extensions.get(BACKREF) if field is not None else None
            if field is None or definition is None or definition.base_resolver is not None or field.args:
                return _NOT_PLAIN
            named = get_named_type(field.type)
            sub: Plan | object | None = None
            if isinstance(named, GraphQLObjectType):
                sub = self._plan(named, sub_details)
                if sub is _NOT_PLAIN:
                    return _NOT_PLAIN
            elif not is_leaf_type(named):
                return _NOT_PLAIN
            plan.append((response_name, definition.python_name, _compile(field.type, sub)))  # type: ignore[arg-type]
        return plan


def _compile(field_type: GraphQLOutputType, sub: Plan | None) -> Complete:
    """The function that completes one value of this type, wrappers unrolled once."""
    if isinstance(field_type, GraphQLNonNull):
        inner = _compile(field_type.of_type, sub)

        def non_null(value: Any) -> Any:
            if value is None:
                raise TypeError("a non-null field has no value")
            return inner(value)

        return non_null
    if isinstance(field_type, GraphQLList):
        item = _compile(field_type.of_type, sub)
        return lambda value: None if value is None else [item(v) for v in value]
    if sub is None:
        serialize = _serializer(field_type)
        return lambda value: None if value is None else serialize(value)
    type_name = field_type.name  # type: ignore[union-attr]
    return lambda value: None if value is None else _complete_object(value, sub, type_name)


_EXACT = {"String": str, "ID": str, "Boolean": bool, "Int": int, "Float": float}


def _serializer(leaf: Any) -> Complete:
    """The leaf type's serialize, short-cut for values that are already what it returns: a str for
    String and ID, a bool, an int, a float; an enum member's name."""
    serialize = leaf.serialize
    if isinstance(leaf, GraphQLEnumType):
        names = {v.value: name for name, v in leaf.values.items()}
        return lambda value: names[value] if value in names else serialize(value)
    exact = _EXACT.get(leaf.name)
    if exact is None:
        return serialize  # type: ignore[no-any-return]
    return lambda value: value if type(value) is exact else serialize(value)


def _complete_object(value: Any, plan: Plan, type_name: str) -> dict[str, Any]:
    return {response_name: type_name if complete is None else complete(getattr(value, attribute))  # type: ignore[arg-type]
            for response_name, attribute, complete in plan}
