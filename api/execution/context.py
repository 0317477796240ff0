"""The execution context that completes plain objects by plans, and `execute_fast`, the
endpoint's entry (see the package docstring)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard, cast

from graphql import (
    BooleanValueNode,
    DocumentNode,
    EnumValueNode,
    FloatValueNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    IntValueNode,
    NullValueNode,
    StringValueNode,
    execute,
    get_argument_values,
    get_named_type,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.execution.plans import (
    BACKREF,
    CARRIED,
    EXECUTED,
    NOT_CARRIED,
    NOT_PLAIN,
    Carried,
    Entry,
    Mixed,
    NotPlain,
    Plan,
    completion,
    plan,
)
from api.execution.prepared import shared_operation

# Argument values a plan may fix for every request of a query text
_LITERALS = (BooleanValueNode, EnumValueNode, FloatValueNode, IntValueNode, NullValueNode, StringValueNode)
# What a selection on an object type gets: a plan, a Mixed plan, or NOT_PLAIN.
Found = Plan | Mixed | NotPlain
# strawberry's test is a type guard in fact, annotated as returning bool
_IS_AWAITABLE = cast(Callable[[Any], TypeGuard[Awaitable[Any]]], optimized_is_awaitable)


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context (the class its `execution_context_class` replaces), with
    plain objects completed by plans and, for an operation without directives, the collected
    subfields and plans shared by every request of its document."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prepared = shared_operation(self.operation, self.fragment_definitions)
        self._shared = prepared if prepared.static else None
        self._plans: dict[tuple[str, int], tuple[Any, Found]] = {}

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
        found = self._plan(return_type, field_details_list)
        if type(found) is Mixed:
            if position_context is None:  # no @defer: graphql-core would call execute_fields
                if found.whole is not None:
                    try:
                        return found.whole(result)
                    except Exception:  # noqa: S110 - not carried (or an error): the Mixed plan below
                        pass
                try:
                    data = found.inline(result)
                except Exception:  # noqa: S110 - graphql-core's completion below reports it exactly
                    pass
                else:
                    return self._complete_mixed(return_type, found, data, result, path)
        elif found is not NOT_PLAIN:
            try:
                return found(result)
            except Exception:  # noqa: S110 - graphql-core's completion below reports it exactly
                pass
        return super().complete_object_value(return_type, field_details_list, info, path, result,
                                             position_context)

    def complete_list_value(self, return_type: GraphQLList[Any], field_details_list: Any, info: Any, path: Any,
                            result: Any, position_context: Any) -> Any:
        """A list of plain objects completed by their plan in one comprehension, where graphql-core
        completes item by item (a byline: 10 Authorship objects per work). Only for an operation
        without directives (no @stream can apply) and a list as resolved, not an iterable."""
        if self._shared is not None and position_context is None and type(result) is list:
            item_type = return_type.of_type
            non_null = isinstance(item_type, GraphQLNonNull)
            if non_null:
                item_type = item_type.of_type
            if isinstance(item_type, GraphQLObjectType):
                found = self._plan(item_type, field_details_list)
                complete = found.whole if type(found) is Mixed else None if found is NOT_PLAIN else found
                if complete is not None:
                    try:
                        if non_null:
                            return [complete(item) for item in result]
                        return [None if item is None else complete(item) for item in result]
                    except Exception:  # noqa: S110 - graphql-core's completion below reports it exactly
                        pass
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def _plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Found:
        key = (object_type.name, id(field_details_list))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        shared_key = (object_type.name, tuple(id(d.node) for d in field_details_list))
        found = self._shared.plans.get(shared_key) if self._shared is not None else None
        if found is None:
            found = self._build_plan(object_type, field_details_list)
            if self._shared is not None:
                self._shared.plans[shared_key] = found  # the nodes live as long as the cached document
        self._plans[key] = (field_details_list, found)  # keeps the list alive, so its id stays unique
        return found

    def _build_plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Found:
        """A plain plan when every selected field reads an attribute; a Mixed plan when some do
        and the others (resolvers, arguments, objects that are not plain) go through
        execute_field; NOT_PLAIN otherwise."""
        if object_type.is_type_of is not None:
            return NOT_PLAIN  # graphql-core checks the value's type first
        grouped, new_defer_usages, *_ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return NOT_PLAIN
        entries: list[Entry] = []
        executed: list[tuple[str, Any, Carried | None]] = []  # the fields run by execute_field (see Mixed)
        # the entries of the plan of the whole object, while every field can be read by plan from a
        # parent that carries what its resolvers would fetch (None once one cannot)
        whole: list[Entry] | None = []
        for response_name, sub_details in grouped.items():
            name = sub_details[0].node.name.value
            if name == "__typename":
                entries.append((response_name, None, None, None))
                if whole is not None:
                    whole.append(entries[-1])
                continue
            field = object_type.fields.get(name)
            definition = field.extensions.get(BACKREF) if field is not None else None
            sub: Plan | NotPlain | None = NOT_PLAIN
            sub_whole: Plan | NotPlain | None = NOT_PLAIN
            if field is not None and definition is not None and definition.base_resolver is None and not field.args:
                sub, sub_whole = self._value_plan(field, sub_details)
            if field is not None and definition is not None and sub is not NOT_PLAIN:
                entries.append((response_name, definition.python_name, field.type, sub))
                if whole is not None:
                    whole.append(entries[-1])
                continue
            carried = None
            if field is not None and definition is not None and sub_whole is not NOT_PLAIN:
                if whole is not None:  # an attribute whose object is whole only where carried
                    whole.append((response_name, definition.python_name, field.type, sub_whole))
            else:
                carried = self._carried(field, definition, sub_details)
                if whole is not None:
                    whole = None if carried is None else [*whole, (response_name, carried, None, None)]
            executed.append((response_name, sub_details, carried))
            entries.append((response_name, EXECUTED, None, None))
        if not executed:
            return plan(object_type.name, entries)
        whole_plan = plan(object_type.name, whole) if whole is not None else None
        if len(executed) == len(entries) and whole_plan is None:
            return NOT_PLAIN
        return Mixed(plan(object_type.name, entries), executed, whole_plan)

    def _carried(self, field: GraphQLField | None, definition: Any, field_details_list: Any) -> Carried | None:
        """For a field whose value may come with its parent (CARRIED in its metadata), given only
        literal arguments and with a plain selection below it: its reader, its arguments and the
        completion of its value; None otherwise."""
        read = definition.metadata.get(CARRIED) if definition is not None else None
        if read is None or field is None:
            return None
        nodes = {id(d.node): d.node for d in field_details_list}
        if len(nodes) != 1:
            return None
        node = next(iter(nodes.values()))
        if any(not isinstance(a.value, _LITERALS) for a in node.arguments or ()):
            return None  # variables differ per request; the plan is shared by every request
        sub, _ = self._value_plan(field, field_details_list)
        if sub is NOT_PLAIN:
            return None
        return read, get_argument_values(field, node), completion(field.type, sub)

    def _value_plan(self, field: GraphQLField, field_details_list: Any
                    ) -> tuple[Plan | NotPlain | None, Plan | NotPlain | None]:
        """How a field that reads an attribute completes its value: None for a leaf, the plan of
        an object whose selected fields all read attributes, NOT_PLAIN otherwise; and beside it,
        the plan that completes it where its parent carries what its resolvers fetch (a Mixed
        plan's whole one)."""
        named = get_named_type(field.type)
        if isinstance(named, GraphQLObjectType):
            found = self._plan(named, field_details_list)
            if isinstance(found, Mixed):
                return NOT_PLAIN, NOT_PLAIN if found.whole is None else found.whole
            return found, found
        return (None, None) if is_leaf_type(named) else (NOT_PLAIN, NOT_PLAIN)

    def _complete_mixed(self, parent_type: GraphQLObjectType, mixed: Mixed, data: dict[str, Any], source: Any,
                        path: Path) -> Any:
        """graphql-core's execute_fields for an object whose plain fields are already in `data`
        (read first: they cannot fail any more, nor have side effects) and whose other fields
        run here, in order, into their places."""
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, carried in mixed.executed:
                if carried is not None:
                    read, arguments, complete = carried
                    try:
                        value = read(source, arguments)
                        if value is not NOT_CARRIED:
                            data[response_name] = complete(value)
                            continue
                    except Exception:  # noqa: S110 - the resolver runs below and reports it exactly
                        pass
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


def execute_fast(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, context: Any,
                 variables: dict[str, Any] | None) -> Any:
    """graphql-core's public `execute` of a parsed and validated document on this execution
    context: the result (or an awaitable of it) strawberry's execution would give, without
    strawberry's per-request machinery around it (see api.graphql_app)."""
    return execute(schema, document, context_value=context, variable_values=variables,
                   operation_name=operation_name, executor_class=FastExecutionContext,
                   is_awaitable=_IS_AWAITABLE)
