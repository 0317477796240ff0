"""A faster completion of plain objects, plugged into strawberry as its execution context class.

graphql-core resolves every field of every object on its own (a resolver call, a resolve
info, a completion step: about 10 µs each), which for a graph slice of 130 nodes and edges
costs more than the database query behind it. Most of the API's result objects are plain:
dataclass-like strawberry types built in one step from a query's rows (GraphNode, GraphEdge,
Trust, TopicShare, …). When every field selected on such an object reads an attribute (no
resolver, no arguments) and is a scalar, an enum or another plain object, the object is
completed here in one pass, with the same serialisation and the same result shape; anything
else (a resolver, an abstract type, @defer) goes the ordinary way. The plan for a selection
is one generated function (see `_codegen`), built once per query text (documents with
directives: once per request).
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
# A plan: the function that completes a plain object into its response map, generated once per
# selection (see _codegen) from, per response key, the attribute to read (None for __typename)
# and the field's type (with the plan of a nested plain object).
Plan = Callable[[Any], dict[str, Any]]
Entry = tuple[str, str | None, GraphQLOutputType | None, Plan | None]


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
        return plan(result)  # type: ignore[operator]

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
        entries: list[Entry] = []
        for response_name, sub_details in grouped.items():
            name = sub_details[0].node.name.value
            if name == "__typename":
                entries.append((response_name, None, None, None))
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
            entries.append((response_name, definition.python_name, field.type, sub))  # type: ignore[arg-type]
        return _codegen(object_type.name, entries)


def _null() -> Any:
    raise TypeError("a non-null field has no value")


def _codegen(type_name: str, entries: list[Entry]) -> Plan:
    """The plan as one generated function: per field a read, a None check and, for leaves that
    are not already what serialisation returns, the leaf type's serialize; nested plain objects
    and lists of them call their own plans. The same values and errors as `_compile`'s closures,
    without a call per value (which for a graph slice was most of the completion's time)."""
    env: dict[str, Any] = {"_null": _null, "_TYPENAME": type_name}
    body: list[str] = []
    keys: list[str] = []
    for i, (response_name, attribute, field_type, sub) in enumerate(entries):
        var = f"a{i}"
        keys.append(f"{response_name!r}: {var}")
        if attribute is None:
            body.append(f"{var} = _TYPENAME")
            continue
        assert field_type is not None
        body.append(f"{var} = value.{attribute}" if attribute.isidentifier() else
                    f"{var} = getattr(value, {attribute!r})")
        non_null = isinstance(field_type, GraphQLNonNull)
        inner = field_type.of_type if non_null else field_type
        check = f"if {var} is None: _null()" if non_null else None
        if isinstance(inner, GraphQLList) and isinstance(inner.of_type, GraphQLNonNull) and sub is not None \
                and isinstance(inner.of_type.of_type, GraphQLObjectType):
            env[f"p{i}"] = sub  # [Obj!]: the most common list
            convert = f"{var} = [_null() if x is None else p{i}(x) for x in {var}]"
        elif isinstance(inner, GraphQLList):
            env[f"c{i}"] = _compile(inner, sub)  # other lists: the general closures
            convert = f"{var} = c{i}({var})"
        elif sub is not None:
            env[f"p{i}"] = sub
            convert = f"{var} = p{i}({var})"
        elif isinstance(inner, GraphQLEnumType):
            env[f"n{i}"] = _enum_names(inner)
            env[f"s{i}"] = inner.serialize
            convert = f"{var} = n{i}[{var}] if {var} in n{i} else s{i}({var})"
        else:
            env[f"s{i}"] = inner.serialize
            exact = _EXACT.get(inner.name)  # type: ignore[union-attr]
            if exact is None:
                convert = f"{var} = s{i}({var})"
            else:
                env[f"t{i}"] = exact
                convert = f"if type({var}) is not t{i}: {var} = s{i}({var})"
        if check is not None:
            body.append(check)
            body.append(convert.replace(f"if type({var})", f"elif type({var})", 1) if convert.startswith("if ")
                        else f"else: {convert}")
        else:
            body.append(f"if {var} is not None: {convert}" if not convert.startswith("if ") else
                        f"if {var} is not None and {convert[3:]}")
    source = "def complete(value):\n" + "".join(f"    {line}\n" for line in body) + \
        "    return {" + ", ".join(keys) + "}\n"
    exec(compile(source, f"<plan {type_name}>", "exec"), env)  # noqa: S102 - code built above from the schema
    return env["complete"]  # type: ignore[no-any-return]


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
    return lambda value: None if value is None else sub(value)


def _enum_names(enum: GraphQLEnumType) -> dict[Any, str]:
    """Value -> name as the enum's serialize gives it: for its internal values and, for a
    strawberry enum, for the Python enum's members (which it finds by a linear search)."""
    names = {v.value: name for name, v in enum.values.items()}
    for member in getattr(enum, "wrapped_cls", None) or ():
        found = next((name for name, v in enum.values.items() if member.value == v.value), None)
        if found is not None:
            names.setdefault(member, found)
    return names


_EXACT = {"String": str, "ID": str, "Boolean": bool, "Int": int, "Float": float}


def _serializer(leaf: Any) -> Complete:
    """The leaf type's serialize, short-cut for values that are already what it returns: a str for
    String and ID, a bool, an int, a float; an enum member's name."""
    serialize = leaf.serialize
    if isinstance(leaf, GraphQLEnumType):
        names = _enum_names(leaf)
        return lambda value: names[value] if value in names else serialize(value)
    exact = _EXACT.get(leaf.name)
    if exact is None:
        return serialize  # type: ignore[no-any-return]
    return lambda value: value if type(value) is exact else serialize(value)

