"""The query depth limit as a validation rule, in time linear in the document's size.

It counts depth as strawberry's QueryDepthLimiter does (a field with a selection set is one
level; fragments and inline fragments add none; introspection fields count 0) and reports the
same message, "'<operation>' exceeds maximum operation depth of N", at the first field found
too deep. strawberry's rule re-walks a fragment at every spread, so a document whose fragments
each spread the previous one twice took time doubling per fragment (30 fragments: minutes);
this one computes each fragment's depth once, and reports one error per operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from api.errors import LimitError


class _Depths:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self._fragment_depths: dict[str, int] = {}
        for name in dependencies_first(fragments):  # so no walk recurses through fragments
            self._fragment_depths[name] = self.of_selections(fragments[name].selection_set)

    def of(self, node: Node) -> int:
        """The depth below `node`, as strawberry counts it."""
        if isinstance(node, FieldNode):
            if node.name.value.startswith("__") or not node.selection_set:
                return 0
            return 1 + self.of_selections(node.selection_set)
        if isinstance(node, FragmentSpreadNode):
            return self.of_fragment(node.name.value)
        if isinstance(node, InlineFragmentNode | OperationDefinitionNode | FragmentDefinitionNode):
            return self.of_selections(node.selection_set)
        return 0

    def of_selections(self, selection_set: SelectionSetNode | None) -> int:
        return max((self.of(s) for s in selection_set.selections), default=0) if selection_set else 0

    def of_fragment(self, name: str) -> int:
        return self._fragment_depths.get(name, 0)  # not yet known: a cycle (0 as in strawberry's)

    def too_deep(self, op: OperationDefinitionNode, max_depth: int) -> Node:
        """The first node (in document order) that strawberry's rule reports: the first one
        whose depth is over the limit (the operation itself when fragments form a cycle, which
        the standard rules report)."""
        node: Node = op
        depth_so_far = 0
        spread: set[str] = set()
        while depth_so_far <= max_depth:
            if isinstance(node, FragmentSpreadNode):
                if node.name.value in spread:
                    return op
                spread.add(node.name.value)
                node = self.fragments[node.name.value]
                continue
            if isinstance(node, FieldNode):
                depth_so_far += 1
            # a node is followed only when it adds depth, so it has a selection set
            owner = node if isinstance(node, FieldNode | InlineFragmentNode | OperationDefinitionNode
                                       | FragmentDefinitionNode) else None
            selections = owner.selection_set.selections if owner is not None and owner.selection_set else ()
            found = next((s for s in selections if depth_so_far + self.of(s) > max_depth), None)
            if found is None:
                return op
            node = found
        return node


def spreads(node: Node) -> Iterator[str]:
    """The names of the fragments spread in a selection set (not in the fragments they spread)."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, FragmentSpreadNode):
            yield node.name.value
        else:
            selection_set = getattr(node, "selection_set", None)
            if selection_set is not None:
                stack.extend(reversed(selection_set.selections))


def dependencies_first(fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """The fragments' names, each after the fragments it spreads (in a cycle, one of them
    comes first), found without recursion: a chain of thousands of fragments is a few kB."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done
    for root in fragments:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(list(spreads(fragments[root]))))]
        while stack:
            name, pending = stack[-1]
            nxt = next((n for n in pending if n in fragments and n not in state), None)
            if nxt is None:
                stack.pop()
                state[name] = 2
                order.append(name)
            else:
                state[nxt] = 1
                stack.append((nxt, iter(list(spreads(fragments[nxt])))))
    return order


def depth_rule(max_depth: int) -> type[ValidationRule]:
    class DepthLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            definitions = context.document.definitions
            depths = _Depths({d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)})
            for op in definitions:
                if not isinstance(op, OperationDefinitionNode):
                    continue
                if depths.of(op) > max_depth:
                    name = op.name.value if op.name else "anonymous"
                    context.report_error(GraphQLError(
                        f"'{name}' exceeds maximum operation depth of {max_depth}",
                        [depths.too_deep(op, max_depth)]))

    return DepthLimit


def field_counts(document: DocumentNode, cap: int) -> Iterator[tuple[OperationDefinitionNode, int]]:
    """Each operation with the number of fields it selects, fragments expanded (a fragment
    spread twice counts twice) and aliases and __typename included; counted up to `cap`, each
    fragment once, without recursion through fragments. Safe before validation: an unknown
    fragment counts 0, and so does a spread that closes a cycle."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    counts: dict[str, int] = {}

    def count(selection_set: SelectionSetNode | None) -> int:
        total = 0
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                total += 1 + count(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                total += counts.get(sel.name.value, 0)
            elif isinstance(sel, InlineFragmentNode):
                total += count(sel.selection_set)
            if total >= cap:
                return cap
        return total

    for name in dependencies_first(fragments):
        counts[name] = count(fragments[name].selection_set)
    for op in document.definitions:
        if isinstance(op, OperationDefinitionNode):
            yield op, count(op.selection_set)


def written_fields(document: DocumentNode) -> int:
    """The fields written in the document's text, each once (fragments not expanded)."""
    count = 0
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        count += isinstance(node, FieldNode)
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
    return count


def text_fields_error(max_fields: int) -> LimitError:
    return LimitError(f"the query text holds more than {max_fields} fields (aliases and __typename included, "
                      f"all its operations and fragments together), over the limit of {max_fields} fields per "
                      "operation and per query text")


def fields_error(document: DocumentNode, max_fields: int, max_same_name: int) -> GraphQLError | None:
    """An error for a document whose text holds more than `max_fields` fields (see written_fields:
    what validation reads), for the first operation selecting more than `max_fields` fields
    (see field_counts), or for a selection set holding more than `max_same_name` fields of one
    response name (see same_name_counts); checked before validation, whose rule that fields of
    one name can merge (OverlappingFieldsCanBeMerged) compares every pair of them."""
    if written_fields(document) > max_fields:
        return text_fields_error(max_fields)
    for op, count in field_counts(document, max_fields + 1):
        if count > max_fields:
            name = op.name.value if op.name else "anonymous"
            return LimitError(f"'{name}' selects more than {max_fields} fields (aliases, __typename and fragments "
                              f"expanded), over the limit of {max_fields} fields per operation")
    found = most_same_name(document, max_same_name + 1)
    if found is not None and found[1] > max_same_name:
        return LimitError(f"'{found[0]}' is selected more than {max_same_name} times in one selection set "
                          f"(fragments expanded), over the limit of {max_same_name} fields of one name")
    return None


def most_same_name(document: DocumentNode, cap: int) -> tuple[str, int] | None:
    """The response name (alias or field name) that one selection set of the document holds
    most often, fragments expanded, with that count (counted up to `cap`); None for a document
    without fields. Each fragment is read once (its own names cached), so the time is linear in
    the document; a spread of an unknown fragment or one closing a cycle counts nothing."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    own: dict[str, dict[str, int]] = {}  # fragment -> response names of its top level
    top: tuple[str, int] | None = None

    def level(selection_set: SelectionSetNode | None) -> dict[str, int]:
        names: dict[str, int] = {}

        def add(name: str, n: int) -> None:
            names[name] = min(cap, names.get(name, 0) + n)

        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                add((sel.alias or sel.name).value, 1)
                visit(sel.selection_set)
            elif isinstance(sel, FragmentSpreadNode):
                for name, n in own.get(sel.name.value, {}).items():
                    add(name, n)
            elif isinstance(sel, InlineFragmentNode):
                for name, n in level(sel.selection_set).items():
                    add(name, n)
        return names

    def keep(names: dict[str, int]) -> None:
        nonlocal top
        for item in names.items():
            if top is None or item[1] > top[1]:
                top = item

    def visit(selection_set: SelectionSetNode | None) -> None:
        keep(level(selection_set))

    for name in dependencies_first(fragments):
        own[name] = level(fragments[name].selection_set)
    for op in document.definitions:
        if isinstance(op, OperationDefinitionNode):
            visit(op.selection_set)
    for names in own.values():
        keep(names)
    return top
