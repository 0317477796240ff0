"""Plans: plain result objects completed in one pass by a function generated per selection
(see the package docstring)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
)
from graphql.pyutils import Undefined

BACKREF = "strawberry-definition"  # where strawberry keeps its field on a GraphQLField
_NOT_PLAIN = object()
_EXECUTED = "\0"  # in a plan entry: a field left to execute_field (its place in the response only)

Complete = Callable[[Any], Any]
# A plan: the function that completes a plain object into its response map, generated once per
# selection (see _codegen) from, per response key, the attribute to read (None for __typename)
# and the field's type (with the plan of a nested plain object).
Plan = Callable[[Any], dict[str, Any]]
Entry = tuple[str, str | None, GraphQLOutputType | None, Plan | None]



class _Mixed:
    """A plan for an object with fields that are not plain: `inline` completes the plain ones
    (None in the others' places), `executed` the others, run by execute_field."""

    __slots__ = ("executed", "inline")

    def __init__(self, inline: Plan, executed: list[tuple[str, Any]]) -> None:
        self.inline = inline
        self.executed = executed


def _null() -> Any:
    raise TypeError("a non-null field has no value")


def _codegen(type_name: str, entries: list[Entry]) -> Plan:
    """The plan as one generated function: per field a read, a None check and, for leaves that
    are not already what serialisation returns, the leaf type's serialize; nested plain objects
    and lists of them call their own plans. The same values and errors as `_compile`'s closures,
    without a call per value (which for a graph slice was most of the completion's time)."""
    env: dict[str, Any] = {"_null": _null, "_TYPENAME": type_name, "_INF": math.inf}
    body: list[str] = []
    keys: list[str] = []
    for i, (response_name, attribute, field_type, sub) in enumerate(entries):
        var = f"a{i}"
        keys.append(f"{response_name!r}: {var}")
        if attribute is None:
            body.append(f"{var} = _TYPENAME")
            continue
        if attribute == _EXECUTED:
            body.append(f"{var} = None")
            continue
        assert field_type is not None
        body.append(f"{var} = value.{attribute}" if attribute.isidentifier() else
                    f"{var} = getattr(value, {attribute!r})")
        non_null = isinstance(field_type, GraphQLNonNull)
        inner = field_type.of_type if non_null else field_type
        check = f"if {var} is None: _null()" if non_null else None
        guard: str | None = None  # convert only when this holds (else the value is already right)
        if isinstance(inner, GraphQLList) and isinstance(inner.of_type, GraphQLNonNull) and sub is not None \
                and isinstance(inner.of_type.of_type, GraphQLObjectType):
            env[f"p{i}"] = sub  # [Obj!]: the most common list; anything but a list: graphql-core's way
            convert = f"{var} = [_null() if x is None else p{i}(x) for x in {var}] if type({var}) is list else _null()"
        elif isinstance(inner, GraphQLList):
            env[f"c{i}"] = _compile(inner, sub)  # other lists: the general closures
            convert = f"{var} = c{i}({var})"
        elif sub is not None:
            env[f"p{i}"] = sub
            convert = f"{var} = p{i}({var})"
        elif isinstance(inner, GraphQLEnumType):
            env[f"n{i}"] = _enum_names(inner)
            env[f"s{i}"] = _checked(inner.serialize)
            convert = f"{var} = n{i}[{var}] if {var} in n{i} else s{i}({var})"
        else:
            env[f"s{i}"] = _checked(inner.serialize)  # type: ignore[union-attr]
            exact = _EXACT.get(inner.name)  # type: ignore[union-attr]
            convert = f"{var} = s{i}({var})"
            if exact is not None:
                guard = "not (" + exact.format(v=var) + ")"
        if check is not None:
            body.append(check)
            body.append(f"elif {guard}: {convert}" if guard else f"else: {convert}")
        else:
            body.append(f"if {var} is not None" + (f" and {guard}" if guard else "") + f": {convert}")
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
        # anything but a list (a tuple, a generator, a str): graphql-core's way
        return lambda value: None if value is None else [item(v) for v in value] if type(value) is list else _null()
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


# Values the built-in scalars' serialisation returns as they are: (condition on `v`) per type
_EXACT = {
    "String": "type({v}) is str",
    "ID": "type({v}) is str",
    "Boolean": "type({v}) is bool",
    "Int": "type({v}) is int and -2147483648 <= {v} <= 2147483647",
    "Float": "type({v}) is float and -_INF < {v} < _INF",
}


def _checked(serialize: Complete) -> Complete:
    """The leaf type's serialize, raising where graphql-core's completion refuses its result
    (None or Undefined), so that the plan falls back to graphql-core."""

    def checked(value: Any) -> Any:
        result = serialize(value)
        if result is None or result is Undefined:
            _null()
        return result

    return checked


def _serializer(leaf: Any) -> Complete:
    """The leaf type's serialize, short-cut for values that are already what it returns (see
    _EXACT); an enum member's name."""
    serialize = _checked(leaf.serialize)
    if isinstance(leaf, GraphQLEnumType):
        names = _enum_names(leaf)
        return lambda value: names[value] if value in names else serialize(value)
    exact = _EXACT.get(leaf.name)
    if exact is None:
        return serialize
    env: dict[str, Any] = {"_INF": math.inf, "serialize": serialize}
    exec(f"def fast(v):\n    return v if {exact.format(v='v')} else serialize(v)\n", env)  # noqa: S102
    return env["fast"]  # type: ignore[no-any-return]
