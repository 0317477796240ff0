"""Plans: plain result objects completed in one pass by a function built per selection (see the
package docstring)."""

from __future__ import annotations

import math
from collections.abc import Callable
from enum import Enum
from typing import Any, Final, final

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
)
from graphql.pyutils import Undefined
from strawberry.schema.schema_converter import GraphQLCoreConverter

# where strawberry keeps its field (a StrawberryField) in a GraphQLField's extensions
BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF


class NotPlain(Enum):
    """The mark of an object that no plan completes (an enum member, so that `is` narrows its type)."""

    NOT_PLAIN = "not plain"


NOT_PLAIN: Final = NotPlain.NOT_PLAIN
EXECUTED = "\0"  # in a plan entry: a field left to execute_field (its place in the response only)


class NotCarried(Enum):
    """What a CARRIED reader returns when its parent does not carry the field's value."""

    NOT_CARRIED = "not carried"


NOT_CARRIED: Final = NotCarried.NOT_CARRIED
# strawberry field metadata key: for a resolver whose value may come with its parent (a page's
# works carry their bylines), a function (parent, arguments) -> that value, or NOT_CARRIED when the
# parent has none and the resolver must run. With literal arguments and a plain selection below
# it, the field is then read and completed by plan, never through execute_field (context.py).
CARRIED = "carried"
Read = Callable[[Any, dict[str, Any]], Any]

Complete = Callable[[Any], Any]
# A plan: the function that completes a plain object into its response map, built once per
# selection (see `plan`) from, per response key, the attribute to read (None for __typename)
# and the field's type (with the plan of a nested plain object).
Plan = Callable[[Any], dict[str, Any]]
Carried = tuple[Read, dict[str, Any], Complete]
# (response name, the attribute to read, a carried field's reader or None for __typename; the
# field's type; the plan of its plain object value)
Entry = tuple[str, "str | Carried | None", GraphQLOutputType | None, Plan | None]


class NotCarriedError(Exception):
    """A whole-object plan met a parent that does not carry a field: the Mixed plan completes it."""


def _carried_step(carried: Carried) -> Complete:
    read, arguments, complete = carried

    def step(parent: Any) -> Any:
        value = read(parent, arguments)
        if value is NOT_CARRIED:
            raise NotCarriedError
        return complete(value)

    return step


@final  # `type(x) is Mixed` then tells a Mixed plan from the others, to mypy too
class Mixed:
    """A plan for an object with fields that are not plain: `inline` completes the plain ones
    (None in the others' places), `executed` the others, run by execute_field unless their value
    is carried: (response name, field details, None or (CARRIED reader, the field's literal
    arguments, the completion of its value))."""

    __slots__ = ("executed", "inline", "whole")

    def __init__(self, inline: Plan, executed: list[tuple[str, Any, Carried | None]], whole: Plan | None) -> None:
        self.inline = inline
        self.executed = executed
        # when every executed field is carried: the plan of the whole object, for a parent that
        # carries them all (it raises NotCarriedError for one that does not)
        self.whole = whole


def _executed(_: Any) -> None:
    """A field left to execute_field: None in its place until it runs."""
    return None


def _null(_: Any = None) -> Any:
    raise TypeError("a non-null field has no value")


# How a plan step completes its value: the built-in scalars' values that serialise as they are
# (see _EXACT) are checked in the plan's loop itself, without a call per leaf; CALL: by the
# step's completion function.
_STR, _BOOL, _INT, _FLOAT, _CALL = range(5)
_MODES = {"String": _STR, "ID": _STR, "Boolean": _BOOL, "Int": _INT, "Float": _FLOAT}
_INT_MIN, _INT_MAX = -2147483648, 2147483647


def _step(field_type: GraphQLOutputType, sub: Plan | None) -> tuple[bool, int, Complete]:
    """(non-null, mode, completion of a value that is not None) of one field."""
    non_null = isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    mode = _MODES.get(getattr(inner, "name", ""), _CALL) if sub is None and not isinstance(inner, GraphQLList) \
        and not isinstance(inner, GraphQLEnumType) else _CALL
    return non_null, mode, completion(inner, sub)


def plan(type_name: str, entries: list[Entry]) -> Plan:
    """The plan: per field a read and its completion (`_step`); __typename is the type's name and
    a field left to execute_field holds None until it runs."""
    steps: list[tuple[str, str | None, bool, int, Complete]] = []
    for response_name, attribute, field_type, sub in entries:
        if isinstance(attribute, tuple):
            steps.append((response_name, None, False, _CALL, _carried_step(attribute)))
            continue
        if attribute is None or attribute == EXECUTED:
            steps.append((response_name, None, False, _CALL,
                          _executed if attribute == EXECUTED else (lambda _: type_name)))
            continue
        assert field_type is not None
        steps.append((response_name, attribute, *_step(field_type, sub)))

    def complete(value: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for response_name, attribute, non_null, mode, convert in steps:
            if attribute is None:
                out[response_name] = convert(value)
                continue
            v = getattr(value, attribute)
            if v is None:
                if non_null:
                    _null()
                out[response_name] = None
            elif mode == _STR and type(v) is str or mode == _BOOL and type(v) is bool \
                    or mode == _INT and type(v) is int and _INT_MIN <= v <= _INT_MAX \
                    or mode == _FLOAT and type(v) is float and -math.inf < v < math.inf:
                out[response_name] = v
            else:
                out[response_name] = convert(v)
        return out

    return complete


def completion(field_type: GraphQLOutputType, sub: Plan | None) -> Complete:
    """The function that completes one value of this type, wrappers unrolled once: a non-null
    object or leaf, and a list of them, call its plan or serialiser straight (one call per value)."""
    if isinstance(field_type, GraphQLNonNull):
        of = field_type.of_type
        if isinstance(of, GraphQLList):
            inner = completion(of, sub)
            return lambda value: _null() if value is None else inner(value)
        core = sub if sub is not None else _serializer(of)
        return lambda value: _null() if value is None else core(value)
    if isinstance(field_type, GraphQLList):
        of = field_type.of_type
        # anything but a list (a tuple, a generator, a str): graphql-core's way
        if isinstance(of, GraphQLNonNull) and not isinstance(of.of_type, GraphQLList):
            each = sub if sub is not None else _serializer(of.of_type)
            return lambda value: None if value is None else [
                _null() if v is None else each(v) for v in value] if type(value) is list else _null()
        item = completion(of, sub)
        return lambda value: None if value is None else [item(v) for v in value] if type(value) is list else _null()
    core = sub if sub is not None else _serializer(field_type)
    return lambda value: None if value is None else core(value)


def _enum_names(enum: GraphQLEnumType) -> dict[Any, str]:
    """Value -> name as the enum's serialize gives it: for its internal values and, for a
    strawberry enum, for the Python enum's members (which it finds by a linear search)."""
    names = {v.value: name for name, v in enum.values.items()}
    for member in getattr(enum, "wrapped_cls", None) or ():
        found = next((name for name, v in enum.values.items() if member.value == v.value), None)
        if found is not None:
            names.setdefault(member, found)
    return names


def _int32(v: Any) -> bool:
    return type(v) is int and -2147483648 <= v <= 2147483647


# Values the built-in scalars' serialisation returns as they are
_EXACT: dict[str, Callable[[Any], bool]] = {
    "String": lambda v: type(v) is str,
    "ID": lambda v: type(v) is str,
    "Boolean": lambda v: type(v) is bool,
    "Int": _int32,
    "Float": lambda v: type(v) is float and -math.inf < v < math.inf,
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
    _EXACT); an enum member's name by a dictionary."""
    serialize = _checked(leaf.serialize)
    if isinstance(leaf, GraphQLEnumType):
        names = _enum_names(leaf)
        # a Python enum member by identity first: hashing one runs Enum.__hash__ in Python
        members = {id(m): name for m, name in names.items() if isinstance(m, Enum)}
        return lambda value: members.get(id(value)) or (names[value] if value in names else serialize(value))
    exact = _EXACT.get(leaf.name)
    if exact is None:
        return serialize
    return lambda v: v if exact(v) else serialize(v)
