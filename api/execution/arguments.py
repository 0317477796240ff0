"""Fields with strawberry resolvers called directly, their arguments coerced once per query text
where the variables cannot change them (see the package docstring)."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    VariableNode,
    is_non_null_type,
    is_required_argument,
)
from graphql.pyutils import Undefined
from graphql.utilities.coerce_input_value import coerce_default_value, coerce_input_literal
from strawberry.types.arguments import convert_argument
from strawberry.types.base import StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.field import StrawberryField

from api.execution.plans import BACKREF

_CONST, _VAR = 0, 1
_DEFAULT_MISSING = object()  # an argument without a value or a default: left out
_GENERIC = object()  # only graphql-core's get_argument_values gets it right (or reports the error)
Step = tuple[Any, ...]


def _immutable(value: Any) -> bool:
    """Values that can be shared by requests: the resolver cannot change them (lists are copied
    by strawberry's argument conversion)."""
    if value is None or isinstance(value, str | int | float | enum.Enum):
        return True
    return type(value) is list and all(v is None or isinstance(v, str | int | float | enum.Enum) for v in value)


def _default_step(arg_def: Any) -> Any:
    """What graphql-core does for an argument without a value: its coerced default (the same
    object for every request: graphql-core memoizes it), nothing, or an error (_GENERIC)."""
    if is_required_argument(arg_def):
        return _GENERIC
    try:
        value = coerce_default_value(arg_def)
    except Exception:
        return _GENERIC
    return _DEFAULT_MISSING if value is Undefined else value


def _argument_steps(field_def: GraphQLField, node: FieldNode) -> list[Step] | None:
    """How to build graphql-core's argument values for this field node without walking the
    AST and the types each time: per argument, a constant (a default, or a literal without
    variables) or a variable read; None when some argument needs graphql-core's
    get_argument_values (literals holding variables, values it refuses)."""
    nodes = {arg.name.value: arg for arg in node.arguments or ()}
    steps: list[Step] = []
    for name, arg_def in field_def.args.items():
        out_name = getattr(arg_def, "out_name", None) or name
        arg_node = nodes.get(name)
        if arg_node is None:
            default = _default_step(arg_def)
            if default is _GENERIC:
                return None
            if default is not _DEFAULT_MISSING:
                steps.append((_CONST, out_name, default))
            continue
        value_node = arg_node.value
        if isinstance(value_node, VariableNode):
            missing = _GENERIC if is_required_argument(arg_def) else _default_step(arg_def)
            steps.append((_VAR, out_name, value_node.name.value, is_non_null_type(arg_def.type), missing))
            continue
        if _holds_variables(value_node):
            return None
        value = coerce_input_literal(value_node, arg_def.type)
        if value is Undefined or not _immutable(value):
            return None
        steps.append((_CONST, out_name, value))
    return steps


def _holds_variables(node: Any) -> bool:
    if isinstance(node, VariableNode):
        return True
    if isinstance(node, ListValueNode):
        return any(_holds_variables(v) for v in node.values)
    if isinstance(node, ObjectValueNode):
        return any(_holds_variables(f.value) for f in node.fields)
    return False


def _arguments(steps: list[Step], coerced: dict[str, Any]) -> dict[str, Any] | None:
    """The argument values graphql-core's get_argument_values would give (None: let it)."""
    args: dict[str, Any] = {}
    for step in steps:
        if step[0] is _CONST:
            args[step[1]] = step[2]
            continue
        _, out_name, variable, non_null, missing = step
        if variable in coerced:
            value = coerced[variable]
            if value is None and non_null:
                return None  # an error graphql-core reports
            args[out_name] = value
        elif missing is _GENERIC:
            return None
        elif missing is not _DEFAULT_MISSING:
            args[out_name] = missing
    return args


def _compile_resolver(schema: GraphQLSchema, field_def: GraphQLField) -> Callable[[Any, Any, dict[str, Any]],
                                                                                 Any] | None:
    """`call(source, info, args)`: what strawberry's resolver wrapper for this field does with
    graphql-core's (source, info, **args), for a field with a resolver, no field extensions
    and no exception handlers: the same Info, the same converted arguments (the same
    `convert_argument` calls; leaves, which it returns as they are, skipped) and the same call
    of the resolver function, lazily in a coroutine for an async field as strawberry's is. None
    for any other field (graphql-core calls strawberry's wrapper)."""
    definition = field_def.extensions.get(BACKREF) if field_def.extensions else None
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    converter = getattr(strawberry_schema, "schema_converter", None)
    if (definition is None or converter is None or not isinstance(definition, StrawberryField)
            or definition.base_resolver is None or definition.extensions
            or type(definition).get_result is not StrawberryField.get_result
            or getattr(converter, "_exception_handler_specs", True) or definition.is_subscription
            or field_def.resolve is None or not callable(definition.base_resolver.wrapped_func)):
        return None
    resolver = definition.base_resolver
    func = resolver.wrapped_func
    config = converter.config
    registry = converter.scalar_registry
    info_class = config.info_class
    conversions: list[tuple[str, str, Any]] = []
    for argument in definition.arguments:
        name = config.name_converter.from_argument(argument)
        conversions.append((name, argument.python_name, None if _leaf_argument(argument.type) else argument.type))
    pass_self = resolver.self_parameter is not None
    source_names = [p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p is not None]
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None

    def prepare(source: Any, info: Any, args: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        strawberry_info = info_class(_raw_info=info, _field=definition)
        kwargs: dict[str, Any] = {}
        for name, python_name, type_ in conversions:
            if name in args:
                value = args[name]
                kwargs[python_name] = value if type_ is None else convert_argument(
                    value, type_, scalar_registry=registry, config=config, info=strawberry_info, path=(name,))
        for source_name in source_names:
            kwargs[source_name] = source
        if info_name is not None:
            kwargs[info_name] = strawberry_info
        return ([source] if pass_self else []), kwargs

    if definition.is_async:

        async def call_async(source: Any, info: Any, args: dict[str, Any]) -> Any:
            positional, kwargs = prepare(source, info, args)
            result = func(*positional, **kwargs)
            return await result if inspect.isawaitable(result) else result

        return call_async

    def call(source: Any, info: Any, args: dict[str, Any]) -> Any:
        positional, kwargs = prepare(source, info, args)
        return func(*positional, **kwargs)

    return call


_BUILTIN_SCALARS: tuple[Any, ...] = (str, int, float, bool, strawberry.ID)


def _leaf_argument(type_: Any) -> bool:
    """Whether strawberry's convert_argument returns any value of this type as it is: a built-in
    scalar or an enum, optional or not (not Maybe, not lists: those it wraps or copies)."""
    if type(type_) is StrawberryOptional:
        type_ = type_.of_type
    return any(type_ is t for t in _BUILTIN_SCALARS) or isinstance(type_, StrawberryEnumDefinition) or (
        isinstance(type_, type) and has_enum_definition(type_))
