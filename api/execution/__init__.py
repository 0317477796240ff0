"""A faster completion of plain objects, plugged into strawberry as its execution context class
(its public `execution_context_class`) and used by the endpoint's fast path through graphql-core's
public `execute` (`execute_fast`).

graphql-core resolves every field of every object on its own (a resolver call, a resolve
info, a completion step: about 10 µs each), which for a graph slice of 130 nodes and edges
costs more than the database query behind it. Most of the API's result objects are plain:
dataclass-like strawberry types built in one step from a query's rows (GraphNode, GraphEdge,
Trust, TopicShare, …). When every field selected on such an object reads an attribute (no
resolver, no arguments) and is a scalar, an enum or another plain object, the object is
completed here in one pass, with the same serialisation and the same result shape; anything
else (a resolver, an abstract type, @defer) goes the ordinary way. The plan for a selection
is a function built once per query text (documents with directives: once per request), as are
the collected subfields. A plan only ever gives the answer graphql-core would: any exception
while running one (a null in a non-null field, a value serialisation refuses, a list that is
not a list) drops the whole object back to graphql-core's completion, which is pure and so
repeats the work and reports the error exactly as it would have.

A resolver whose value may come with its parent (a works page's works carry their bylines and
topics) names a reader in its field metadata (plans.CARRIED): with literal arguments and a plain
selection below it, the field is read and completed by plan when the parent carries the value, and
run by execute_field when it does not. An object whose every other field is carried so gets a
second, whole plan (Mixed.whole), tried first and given up for its Mixed plan where the parent
does not carry the values; a parent whose object fields have whole plans gets one too. On a works
page that completes each edge and its work in one pass: the nested benchmark query makes a
quarter fewer function calls per request, and graphql-core executes 2 of its fields (author,
works) where it executed 3 more per work (the edge's node, the work's authors and topics).

Modules: plans.py (one-pass completion), prepared.py (what one query text's requests share),
context.py (the execution context and `execute_fast`), core_schema.py (the graphql-core schema
behind the strawberry schema).
"""

from api.execution.context import FastExecutionContext, execute_fast
from api.execution.core_schema import graphql_schema

__all__ = ["FastExecutionContext", "execute_fast", "graphql_schema"]
