"""What the requests running one parsed operation share (see the package docstring)."""

from __future__ import annotations

from typing import Any

from graphql import FragmentDefinitionNode, Node, OperationDefinitionNode, Visitor, visit

from api.identity_cache import IdentityCache, text_size


class PreparedOperation:
    """What the requests running one parsed operation share (the endpoint's admission and
    BoundedParserCache hand out one document per query text): for an operation without
    directives (then no selection depends on the variables), the collected subfields and the
    plans, keyed by the document's field nodes."""

    def __init__(self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.static = not _has_directives([operation, *fragments.values()])
        self.plans: dict[Any, Any] = {}


_OPERATIONS: IdentityCache[PreparedOperation] = IdentityCache()


def shared_operation(operation: OperationDefinitionNode,
                     fragments: dict[str, FragmentDefinitionNode]) -> PreparedOperation:
    """The operation's PreparedOperation; `fragments`: its document's fragment definitions (an
    operation belongs to one document, so they are the same each time)."""
    prepared = _OPERATIONS.get((operation,))
    if prepared is None:
        prepared = PreparedOperation(operation, fragments)
        _OPERATIONS.put((operation,), prepared, chars=text_size(operation))
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
