"""The published limits of the API, and the checks that enforce them.

- `first` on any list or connection: default per field, at most MAX_FIRST (100).
- researcherContext lists: the defaults and maxima in CONTEXT_CAPS.
- Query depth: MAX_DEPTH levels of nested fields (`api.depth`, counted as strawberry's QueryDepthLimiter does).
- Query cost: MAX_COST, estimated before execution by `CostLimiter` (see `api.cost`).
- Request body: MAX_BODY_BYTES (413 over it); query text: MAX_QUERY_CHARS (413, before parsing).
- Fields per operation, aliases, __typename and fragments expanded: MAX_FIELDS (before validation).
- Fields of one response name in one selection set, fragments expanded: MAX_SAME_NAME (before
  validation).
- Database calls in flight per API process: DB_CONNECTIONS (the async face's pool; more wait for
  a free connection), each bounded by DB_TIMEOUT_S seconds (then "database unavailable"); per
  request: DB_CALLS_PER_REQUEST (`api.context.Context`; more wait for one of the request's own).
"""

from __future__ import annotations

from api.errors import ArgumentError, LimitError

MAX_FIRST = 100
DEFAULT_FIRST = 20
MAX_DEPTH = 12
MAX_COST = 10_000
MAX_IDS = 100  # authors(ids: …)
MAX_FILTER_IDS = 50  # values in one list of a WorkFilter (topics, institutions, sources, types)
MAX_HOPS = 6
MAX_BODY_BYTES = 1_000_000  # a POST body, JSON
MAX_QUERY_CHARS = 100_000  # the query text
MAX_FIELDS = 1_000  # per operation, expanded (the introspection query GraphiQL sends: about 230)
# graphql-core's OverlappingFieldsCanBeMerged compares every pair of fields of one response name
# in a selection set: 500 copies of one field took 0.6-2.3 s to validate, 200 took 0.2 s. A
# real query repeats a name a few times (overlapping fragments); an alias gives each its own.
MAX_SAME_NAME = 50
# A 2-core database server runs a couple of queries at a time; more connections only queue
# there, at the cost of its memory, and a flood of clients cannot open unbounded connections.
DB_CONNECTIONS = 16
# One request's calls in flight at once (its aliases, its DataLoaders' groups), so that one request
# cannot hold every connection: four such requests still leave the pool to others.
DB_CALLS_PER_REQUEST = 4
DB_TIMEOUT_S = 10.0  # a frozen server (accepts, never answers) must not hold a request forever

# researcherContext / expand: (default, maximum) per list
CONTEXT_CAPS: dict[str, tuple[int, int]] = {
    "works": (10, 50),
    "collaborators": (10, 50),
    "topics": (5, 20),
    "institutions": (3, 10),
    "first": (10, 50),  # expand: per kind of neighbour
}


def bounded(value: int, name: str, maximum: int, minimum: int = 0) -> int:
    """`value` if minimum <= value <= maximum; else an error naming the argument and the limit."""
    if value < minimum:
        raise ArgumentError(f"{name} must be at least {minimum} (got {value})")
    if value > maximum:
        raise LimitError(f"{name}: {value} exceeds the limit of {maximum}")
    return value


def page_size(first: int, name: str = "first") -> int:
    return bounded(first, name, MAX_FIRST)


def context_cap(name: str, value: int) -> int:
    return bounded(value, name, CONTEXT_CAPS[name][1])

# strawberry field metadata of a resolver that is not a coroutine function yet may query the
# database (it returns an awaitable unless its data came with its parent): the cost model
# (api.cost) weighs it as it weighs async resolvers.
REACHES_DATABASE = {"reaches_database": True}
