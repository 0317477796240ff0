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
directives: once per request). A plan only ever gives the answer graphql-core would: any
exception while running one (a null in a non-null field, a value serialisation refuses, a list
that is not a list) drops the whole object back to graphql-core's completion, which is pure
and so repeats the work and reports the error exactly as it would have.

Fields with resolvers go graphql-core's way too, with the per-call overhead cut where the
result cannot change: the strawberry resolver is called directly (`_compile_resolver`: the
same Info, argument conversion and call as strawberry's wrapper chain, minus the extension
and exception-handler machinery the field does not use), arguments whose value does not
depend on the variables are coerced once per query text (`_argument_steps`), and a cached
query's root fields, subfields and variable signatures are collected once (`PreparedOperation`,
`execute_prepared`).
"""

from __future__ import annotations

import enum
import inspect
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    Visitor,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
    is_required_argument,
    visit,
)
from graphql.execution.collect_fields import FragmentDetails, collect_fields
from graphql.execution.execute import default_field_resolver, default_type_resolver
from graphql.execution.get_variable_signature import get_variable_signature
from graphql.execution.values import (
    VariableValues,
    VariableValueSource,
    get_argument_values,
    get_variable_values,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from graphql.utilities.coerce_input_value import coerce_default_value, coerce_input_literal
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.arguments import convert_argument
from strawberry.types.base import StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.field import StrawberryField

BACKREF = "strawberry-definition"  # where strawberry keeps its field on a GraphQLField
_NOT_PLAIN = object()
_EXECUTED = "\0"  # in a plan entry: a field left to execute_field (its place in the response only)

Complete = Callable[[Any], Any]
# A plan: the function that completes a plain object into its response map, generated once per
# selection (see _codegen) from, per response key, the attribute to read (None for __typename)
# and the field's type (with the plan of a nested plain object).
Plan = Callable[[Any], dict[str, Any]]
Entry = tuple[str, str | None, GraphQLOutputType | None, Plan | None]


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


class _OperationCache:
    """PreparedOperations by operation, at most `size`, least recently used dropped first."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._operations: OrderedDict[int, PreparedOperation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, schema: GraphQLSchema, operation: OperationDefinitionNode,
            fragments: Callable[[], dict[str, FragmentDefinitionNode]]) -> PreparedOperation:
        """The operation's PreparedOperation; `fragments` gives its document's fragment
        definitions (an operation belongs to one document, so they are the same each time)."""
        with self._lock:
            prepared = self._operations.get(id(operation))
            if prepared is not None and prepared.operation is operation:
                self._operations.move_to_end(id(operation))
                return prepared
        prepared = PreparedOperation(schema, operation, fragments())
        with self._lock:  # the entry keeps the operation alive: its id stays unique
            self._operations[id(operation)] = prepared
            if len(self._operations) > self.size:
                self._operations.popitem(last=False)
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


SHARED_OPERATIONS = _OperationCache()


def execute_prepared(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
                     operation_name: str | None, context: Any, variables: dict[str, Any] | None,
                     is_awaitable: Callable[[Any], bool]) -> Any:
    """graphql-core's `execute` for a query operation of a parsed and validated document, the
    same result, with what only depends on the query text kept across requests: the operation
    and fragments looked up, variables that are provided Strings or IDs taken as they are
    (graphql-core's `get_variable_values` for any other), the root fields collected once."""
    prepared = SHARED_OPERATIONS.get(schema, operation, lambda: {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)})
    if not prepared.simple:
        from strawberry.schema._graphql_core import execute

        return execute(schema, document, context_value=context, variable_values=variables,
                       operation_name=operation_name, executor_class=FastExecutionContext,
                       is_awaitable=is_awaitable, operation_extensions=None)
    inputs = variables or {}
    variable_values = prepared.variable_values(inputs)
    if variable_values is None:
        coerced = get_variable_values(schema, operation.variable_definitions or (), inputs, max_errors=50)
        if isinstance(coerced, list):
            return ExecutionResult(None, errors=coerced)
        variable_values = coerced
    executor = FastExecutionContext(
        schema, prepared.fragment_definitions, prepared.fragments, None, context, operation, variable_values,
        default_field_resolver, default_type_resolver, default_field_resolver, False, None, is_awaitable, None,
        prepared=prepared, operation_extensions=None)
    return executor.execute_operation()


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, prepared: PreparedOperation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prepared is None:  # strawberry's ordinary execution, with a document from its ParserCache
            prepared = SHARED_OPERATIONS.get(self.schema, self.operation, lambda: self.fragment_definitions)
        self._prepared = prepared
        self._shared = prepared if prepared.static else None
        self._plans: dict[tuple[str, int], tuple[Any, Plan | object]] = {}
        self._fields: dict[int, tuple[Any, Any]] = {}

    def execute_operation(self, serially: bool | None = None) -> Any:
        """graphql-core's, for a query without directives run the ordinary way (no abort signal,
        no hooks), with its root fields collected once per query text."""
        prepared = self._shared
        if (prepared is None or serially is not None or self.abort_signal is not None or self.hooks is not None
                or self.operation.operation is not OperationType.QUERY):
            return super().execute_operation(serially)
        root_type = self.schema.query_type
        if root_type is None:
            return super().execute_operation(serially)
        if prepared.root is None:
            try:
                prepared.root = collect_fields(self.schema, self.fragments, self.variable_values, root_type,
                                               self.operation, self.hide_suggestions)
            except RecursionError:
                return super().execute_operation(serially)  # reports it
        grouped_field_set, new_defer_usages, _ = prepared.root
        try:
            result = self.execute_collected_root_fields(root_type, None, grouped_field_set, False, new_defer_usages)
            if self.is_awaitable(result):

                async def await_result() -> Any:
                    try:
                        data = await result  # type: ignore[misc]
                    except GraphQLError as error:
                        self.collected_errors.add(error, None)
                        return self.build_response(None)
                    except Exception:
                        await self.cancel_incremental_work()
                        self.run_async_work_finished_hook()
                        raise
                    return self.build_response(data)

                return await_result()
            data = result
        except GraphQLError as error:
            self.collected_errors.add(error, None)
            return self.build_response(None)
        return self.build_response(data)  # type: ignore[arg-type]

    async def complete_awaitable_value(self, return_type: GraphQLOutputType, field_details_list: Any, info: Any,
                                       path: Path, result: Any, position_context: Any) -> Any:
        """graphql-core's, awaiting the resolver's result directly when there is no abort signal
        (its `with_abort_signal` then only adds a coroutine)."""
        if self.abort_signal is not None:
            return await super().complete_awaitable_value(return_type, field_details_list, info, path, result,
                                                          position_context)
        try:
            completed = self.complete_value(return_type, field_details_list, info, path, await result,
                                            position_context)
            if self.is_awaitable(completed):
                completed = await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            completed = None
        return completed

    def execute_field(self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any, path: Path,
                      position_context: Any) -> Any:
        """graphql-core's, for a field with a strawberry resolver: the resolver compiled once
        (`_compile_resolver`) and the arguments coerced from `_argument_steps`."""
        first = field_details_list[0]
        compiled = self._field(parent_type, first.node) if first.fragment_variable_values is None else None
        if compiled is None or self.middleware_manager:
            return super().execute_field(parent_type, source, field_details_list, path, position_context)
        field_def, call, steps = compiled
        return_type = field_def.type
        info = self.build_resolve_info(field_def, [d.node for d in field_details_list], parent_type, path)
        try:
            args = _arguments(steps, self.variable_values.coerced) if steps is not None else None
            if args is None:
                args = get_argument_values(field_def, first.node, self.variable_values, None, self.hide_suggestions)
            result = call(source, info, args)
            if self.is_awaitable(result):
                return self.complete_awaitable_value(return_type, field_details_list, info, path, result,
                                                     position_context)
            completed = self.complete_value(return_type, field_details_list, info, path, result, position_context)
            if self.is_awaitable(completed):

                async def await_completed() -> Any:
                    try:
                        return await completed
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, return_type, field_details_list, path)
                        return None

                return await_completed()
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    def _field(self, parent_type: GraphQLObjectType, node: FieldNode) -> tuple[GraphQLField, Any, Any] | None:
        """(field, compiled resolver, argument steps) for a field with a strawberry resolver the
        compiled call reproduces; None for any other (graphql-core's way)."""
        fields = self._shared.fields if self._shared is not None else self._fields
        entry = fields.get(id(node))
        if entry is not None and entry[0] is node and entry[1] is parent_type:
            return entry[2]  # type: ignore[no-any-return]
        field_def = parent_type.fields.get(node.name.value)
        call = _compile_resolver(self.schema, field_def) if field_def is not None else None
        compiled = None if call is None else (field_def, call, _argument_steps(field_def, node))
        fields[id(node)] = (node, parent_type, compiled)  # keeps the node alive: its id stays unique
        return compiled  # type: ignore[return-value]

    def collect_subfields(self, return_type: GraphQLObjectType, field_details_list: Any) -> Any:
        """graphql-core's, shared by the requests of a query without directives: keyed by the
        field nodes (the document's, so the same for every request) instead of the list."""
        shared = self._shared
        if shared is None:
            return super().collect_subfields(return_type, field_details_list)
        key = ("fields", return_type.name, *(id(d.node) for d in field_details_list))
        cached = shared.plans.get(key)
        if cached is None:
            cached = super().collect_subfields(return_type, field_details_list)
            shared.plans[key] = cached  # the nodes live as long as the prepared operation
        return cached

    def complete_object_value(self, return_type: GraphQLObjectType, field_details_list: Any, info: Any,
                              path: Any, result: Any, position_context: Any) -> Any:
        plan = self._plan(return_type, field_details_list)
        if type(plan) is _Mixed:
            if position_context is None:  # no @defer: graphql-core would call execute_fields
                try:
                    data = plan.inline(result)
                except Exception:  # noqa: S110 - graphql-core's completion below reports it exactly
                    pass
                else:
                    return self._complete_mixed(return_type, plan, data, result, path)
        elif plan is not _NOT_PLAIN:
            try:
                return plan(result)  # type: ignore[operator]
            except Exception:  # noqa: S110 - graphql-core's completion below reports it exactly
                pass
        return super().complete_object_value(return_type, field_details_list, info, path, result,
                                             position_context)

    def _plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | object:
        key = (object_type.name, id(field_details_list))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        shared_key = (object_type.name, tuple(id(d.node) for d in field_details_list))
        plan = self._shared.plans.get(shared_key) if self._shared is not None else None
        if plan is None:
            plan = self._build_plan(object_type, field_details_list)
            if self._shared is not None:
                self._shared.plans[shared_key] = plan  # the nodes live as long as the cached document
        self._plans[key] = (field_details_list, plan)  # keeps the list alive, so its id stays unique
        return plan

    def _build_plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Plan | object:
        """A plain plan when every selected field reads an attribute; a _Mixed plan when some do
        and the others (resolvers, arguments, objects that are not plain) go through
        execute_field; _NOT_PLAIN otherwise."""
        if object_type.is_type_of is not None:
            return _NOT_PLAIN  # graphql-core checks the value's type first
        grouped, new_defer_usages, *_ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return _NOT_PLAIN
        entries: list[Entry] = []
        executed: list[tuple[str, Any]] = []  # (response name, field details): the fields run by execute_field
        for response_name, sub_details in grouped.items():
            name = sub_details[0].node.name.value
            if name == "__typename":
                entries.append((response_name, None, None, None))
                continue
            field = object_type.fields.get(name)
            definition = field.extensions.get(BACKREF) if field is not None else None
            sub: Plan | object | None = None
            if field is None or definition is None or definition.base_resolver is not None or field.args:
                sub = _NOT_PLAIN
            else:
                named = get_named_type(field.type)
                if isinstance(named, GraphQLObjectType):
                    sub = self._plan(named, sub_details)
                    if isinstance(sub, _Mixed):
                        sub = _NOT_PLAIN
                elif not is_leaf_type(named):
                    sub = _NOT_PLAIN
            if sub is _NOT_PLAIN:
                executed.append((response_name, sub_details))
                entries.append((response_name, _EXECUTED, None, None))
                continue
            entries.append((response_name, definition.python_name, field.type, sub))  # type: ignore[union-attr]
        if not executed:
            return _codegen(object_type.name, entries)
        if len(executed) == len(entries):
            return _NOT_PLAIN
        return _Mixed(_codegen(object_type.name, entries), executed)

    def _complete_mixed(self, parent_type: GraphQLObjectType, plan: _Mixed, data: dict[str, Any], source: Any,
                        path: Path) -> Any:
        """graphql-core's execute_fields for an object whose plain fields are already in `data`
        (read first: they cannot fail any more, nor have side effects) and whose other fields
        run here, in order, into their places."""
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in plan.executed:
                result = self.execute_field(parent_type, source, field_details_list,
                                            Path(path, response_name, parent_type.name), None)
                if result is Undefined:
                    del data[response_name]
                    continue
                data[response_name] = result
                if is_awaitable(result):
                    awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([data[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return data

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                data[field] = await data[field]
            else:
                awaited = await gather_with_cancel(*(data[field] for field in awaitable_fields))
                data.update(zip(awaitable_fields, awaited, strict=True))
            return data

        return get_results()


# -- fields with resolvers ---------------------------------------------------------------

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
