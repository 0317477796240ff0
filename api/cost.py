"""The query cost limit: an estimate of the values a query can return and of the database work
behind them, checked before it runs.

Every field costs 1 for each time it can appear in the response; a field whose resolver runs a
database query costs its weight besides (DB_WEIGHTS), each time it can appear. A field that
returns a bounded list multiplies the cost of what is selected under it by its bound: `first`
(the value given, or the field's default), the length of `ids`, or for researcherContext the sum
of its list caps plus the researcher. So `authors(ids: [50 ids]) { works(first: 20) { edges
{ node { title } } } }` costs (1 + 5) + 50*(1 + 2) + 50*20*3 = 3,156. A query over MAX_COST is
refused with an error naming the limit; introspection fields are free.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.pyutils import Undefined
from strawberry.extensions import SchemaExtension

from api.depth import dependencies_first
from api.errors import LimitError
from api.execution.core_schema import graphql_schema
from api.http_checks import variables_error
from api.identity_cache import IdentityCache, text_size
from api.limits import CONTEXT_CAPS

_CAP_ARGS = tuple(name for name in CONTEXT_CAPS if name != "first")

# The database work of each field whose resolver reaches the database (every async resolver), in
# tenths of a millisecond: the query's time on benchmarks/api_bench.py's graph (2,000 works,
# FalkorDB; median to p90 of 40 authors, measured with the data functions of api/data), rounded
# up. A field under a list is batched with its siblings into one query per level (api.dataloaders):
# its weight is the time it adds per parent in a batch of 50. Root fields each run their own query
# per alias (the node lookups by id are batched too).
DB_WEIGHTS: dict[tuple[str, str], int] = {
    # root fields, one query each
    ("Query", "mostConnectedAuthors"): 400,  # 37-40 ms: ranks every author by coauthors (grows with the graph)
    ("Query", "suggestedCollaborators"): 400,  # 17-35 ms
    ("Query", "semanticSearch"): 400,  # embeds the text (CPU, tens of ms) before its query
    ("Query", "collaborationPath"): 100,  # 2-9 ms: one query per hop searched, then two
    ("Query", "closeCollaborators"): 50,  # 2-5 ms
    ("Query", "expand"): 40,  # 2-4 ms
    ("Query", "search"): 40,  # 1-4 ms (first: 100)
    ("Query", "researcherContext"): 30,  # 1.3-3 ms
    ("Query", "similarWorks"): 10,  # one work's SIMILAR_TO links: a page
    ("Query", "author"): 5,  # 0.2-0.5 ms; aliases batched into one query
    ("Query", "authors"): 5,
    ("Query", "work"): 5,
    ("Query", "topic"): 5,
    ("Query", "institution"): 5,
    ("Query", "source"): 5,
    # nested fields, batched per level
    ("Author", "profile"): 5,  # 1-1.2 ms alone, 15 ms for 50 authors
    # the coherence analysis (api/author_coherence, one query for both fields): it moves every
    # work's embedding, 16x the profile's own query for the 40 most prolific authors of a 10k
    # graph with embeddings (docs/api.md, possibleMerge's Cost)
    ("Profile", "trust"): 20,
    ("Profile", "possibleMerge"): 20,
    ("Author", "works"): 2,  # 0.5-0.9 ms alone, 7 ms for 50 authors
    ("Author", "topics"): 1,
    ("Work", "authors"): 2,
    ("Work", "authorCount"): 1,
    ("Work", "topics"): 1,
    ("Work", "source"): 1,
    ("Work", "references"): 2,
    ("Work", "citedBy"): 2,
    ("Topic", "parent"): 1,
    ("Topic", "subtopics"): 1,
    ("Topic", "works"): 2,
    ("Institution", "authors"): 2,
    ("Work", "countsByYear"): 5,  # works and citations by year: aggregates as the profile does
    ("Topic", "countsByYear"): 5,
    ("Institution", "countsByYear"): 5,
    # a list's facet counts aggregate the whole list, all pages: by INSTITUTION (the costliest
    # groupBy) 8.7x a page of its works, by TOPIC 4.7x, by YEAR 1.9x (40 authors' works, 2,000
    # works, FalkorDB; docs/api.md, Filters and facets)
    ("WorkConnection", "facets"): 20,
    ("AuthorConnection", "facets"): 20,
    # the accounts: the sync face, in a worker thread (api.context.Context.run_blocking)
    ("Me", "following"): 10,
    ("Me", "claims"): 10,
    ("Me", "invitations"): 10,
    ("Me", "tokens"): 10,
    ("Me", "claimsToReview"): 10,
    ("Claim", "author"): 1,
    ("Invitation", "author"): 1,
    ("FollowingEdge", "node"): 1,
    ("Mutation", "followAuthor"): 20,  # a write and its checks
    ("Mutation", "unfollowAuthor"): 20,
    ("Mutation", "claimAuthor"): 20,
    ("Mutation", "withdrawClaim"): 20,
    ("Mutation", "approveClaim"): 20,
    ("Mutation", "rejectClaim"): 20,
    ("Mutation", "createUser"): 20,
    ("Mutation", "revokeToken"): 20,
    ("Mutation", "inviteToCollaborate"): 20,
    ("Mutation", "respondToInvitation"): 20,
}
DEFAULT_DB_WEIGHT = 10  # an async resolver not in DB_WEIGHTS (a new field): as a page of a list, doubled

_WEIGHTS: dict[int, tuple[GraphQLSchema, dict[tuple[str, str], int]]] = {}


def db_weights(schema: GraphQLSchema) -> dict[tuple[str, str], int]:
    """(type, field) -> weight for every field of the schema whose resolver reaches the database:
    every async resolver and every one marked api.limits.REACHES_DATABASE (other sync ones read
    the context), weighed by DB_WEIGHTS or DEFAULT_DB_WEIGHT."""
    cached = _WEIGHTS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    weights = {}
    for type_name, kind in schema.type_map.items():
        for field_name, field in getattr(kind, "fields", {}).items() if isinstance(kind, GraphQLObjectType) else ():
            definition = field.extensions.get("strawberry-definition")
            if definition is not None and definition.base_resolver is not None \
                    and (definition.is_async or definition.metadata.get("reaches_database")):
                weights[(type_name, field_name)] = DB_WEIGHTS.get((type_name, field_name), DEFAULT_DB_WEIGHT)
    _WEIGHTS[id(schema)] = (schema, weights)
    return weights


class _Costing:
    """The cost of one operation, in time linear in the document's size: each fragment's cost
    (per unit of multiplier: what it costs does not depend on where it is spread) is computed
    once, the fragments it spreads first, and every walk stops as soon as its total is over
    `limit` (the result is then a lower bound, still over the limit)."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any],
                 limit: int) -> None:
        self.schema = schema
        self.variables = variables
        self.limit = limit
        self.used_variables = False  # whether the cost read a variable (else it holds for any request)
        self.weights = db_weights(schema)
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self._fragment_costs: dict[str, int] = {}  # per unit of multiplier
        for name in dependencies_first(self.fragments):  # so no walk recurses through fragments
            fragment = self.fragments[name]
            owner = schema.get_type(fragment.type_condition.name.value)
            self._fragment_costs[name] = self.cost(fragment.selection_set, owner, 1)

    def _arg(self, node: FieldNode, field: GraphQLField, name: str) -> Any:
        for arg in node.arguments or ():
            if arg.name.value != name:
                continue
            value = arg.value
            if isinstance(value, VariableNode):
                self.used_variables = True
                return self.variables.get(value.name.value, _default(field, name))
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, ListValueNode):
                return list(value.values)
            return None
        return _default(field, name)

    def factor(self, node: FieldNode, field: GraphQLField) -> int:
        """How many times what is selected under this field can appear."""
        first = self._arg(node, field, "first") if "first" in field.args else None
        if isinstance(first, int):
            return max(first, 0)
        ids = self._arg(node, field, "ids") if "ids" in field.args else None
        if isinstance(ids, list):
            return len(ids)
        caps = [self._arg(node, field, n) for n in _CAP_ARGS if n in field.args]
        if caps:
            return 1 + sum(c for c in caps if isinstance(c, int))
        return 1

    def cost(self, selection_set: SelectionSetNode | None, parent: Any, multiplier: int) -> int:
        """The cost of the selection set times `multiplier`; stops once over the limit."""
        if multiplier <= 0:
            return 0
        total = 0
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                name = sel.name.value
                if name.startswith("__"):
                    continue
                field = getattr(parent, "fields", {}).get(name)
                if field is None:
                    continue  # reported by the standard validation rules
                total += multiplier * (1 + self.weights.get((parent.name, name), 0))
                if sel.selection_set is not None and total <= self.limit:
                    total += self.cost(sel.selection_set, get_named_type(field.type),
                                       multiplier * self.factor(sel, field))
            elif isinstance(sel, InlineFragmentNode):
                owner = self.schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += self.cost(sel.selection_set, owner, multiplier)
            elif isinstance(sel, FragmentSpreadNode):
                total += multiplier * self._fragment_cost(sel.name.value)
            if total > self.limit:
                break
        return total

    def _fragment_cost(self, name: str) -> int:
        return self._fragment_costs.get(name, 0)  # unknown, or not yet known: a cycle (validation reports both)


def _default(field: GraphQLField, name: str) -> Any:
    arg = field.args.get(name)
    if arg is None or arg.default_value is Undefined:
        return None
    return arg.default_value


# Costs that do not depend on the variables, per (schema, document, operation name).
_COSTS: IdentityCache[int] = IdentityCache()


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                   variables: dict[str, Any], limit: int) -> tuple[str, int]:
    """(the operation's name, its estimated cost); cost 0 when there is no such operation. A cost
    over `limit` is a lower bound: the estimate stops there."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if not chosen:
        return operation_name or "anonymous", 0
    node = chosen[0]
    name = node.name.value if node.name else "anonymous"
    cached = _COSTS.get((schema, document), (operation_name, limit))
    if cached is not None:
        return name, cached
    root = schema.get_root_type(node.operation)
    if not isinstance(root, GraphQLObjectType | GraphQLInterfaceType):
        return name, 0
    costing = _Costing(schema, document, variables, limit)
    cost = costing.cost(node.selection_set, root, 1)
    if not costing.used_variables:
        _COSTS.put((schema, document), cost, (operation_name, limit), text_size(document))
    return name, cost


def cost_error(name: str, cost: int, max_cost: int) -> LimitError:
    return LimitError(f"'{name}' has an estimated cost of at least {cost}, over the query cost limit of {max_cost}; "
                      "ask for fewer items (first, ids) or fewer nested lists")


class CostLimiter(SchemaExtension):
    """Refuses, before execution, an operation whose estimated cost exceeds `max_cost`, and
    variables holding a NUL or a lone surrogate (`api.http_checks.variables_error`).

    Runs after validation (place it after LimitedValidation): the cost depends on the request's
    variables, so it is not part of the cached validation.
    """

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors == [] and ctx.graphql_document is not None:
            error = variables_error(dict(ctx.variables or {}))
            if error is not None:
                ctx.pre_execution_errors = [error]
                yield
                return
            name, cost = operation_cost(graphql_schema(ctx.schema), ctx.graphql_document, ctx.operation_name,
                                        dict(ctx.variables or {}), self.max_cost)
            if cost > self.max_cost:
                ctx.pre_execution_errors = [cost_error(name, cost, self.max_cost)]
        yield
