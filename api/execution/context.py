"""The execution context that uses plans, compiled resolvers and prepared operations, and
`execute_prepared`, the fast path's entry (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    get_named_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import collect_fields
from graphql.execution.execute import default_field_resolver, default_type_resolver
from graphql.execution.values import (
    get_argument_values,
    get_variable_values,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.execution.arguments import _argument_steps, _arguments, _compile_resolver
from api.execution.plans import _EXECUTED, _NOT_PLAIN, BACKREF, Entry, Plan, _codegen, _Mixed
from api.execution.prepared import PreparedOperation, shared_operation


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, prepared: PreparedOperation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prepared is None:  # strawberry's ordinary execution, with a document from its ParserCache
            prepared = shared_operation(self.schema, self.operation, lambda: self.fragment_definitions)
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



def execute_prepared(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
                     operation_name: str | None, context: Any, variables: dict[str, Any] | None,
                     is_awaitable: Callable[[Any], bool]) -> Any:
    """graphql-core's `execute` for a query operation of a parsed and validated document, the
    same result, with what only depends on the query text kept across requests: the operation
    and fragments looked up, variables that are provided Strings or IDs taken as they are
    (graphql-core's `get_variable_values` for any other), the root fields collected once."""
    prepared = shared_operation(schema, operation, lambda: {
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
