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

Modules: plans.py (one-pass completion), arguments.py (compiled resolvers and arguments),
prepared.py (what one query text's requests share), context.py (the execution context and
`execute_prepared`).
"""

from api.execution.context import FastExecutionContext, execute_prepared

__all__ = ["FastExecutionContext", "execute_prepared"]
