"""Graph slices (researcherContext, expand): nodes and edges ready for a graph UI."""

from __future__ import annotations

import strawberry

from api.data.graph_slice import GraphSlice as SliceData
from api.types.enums import EdgeKind, NodeKind

# kind name -> member: a slice names ~70 kinds, and calling the Enum class runs its lookup in Python
_NODE_KINDS: dict[object, NodeKind] = {k.value: k for k in NodeKind}
_EDGE_KINDS: dict[object, EdgeKind] = {k.value: k for k in EdgeKind}


@strawberry.type(description="A node of a graph slice. Usable as Cytoscape.js element data as it is.")
class GraphNode:
    id: strawberry.ID = strawberry.field(description="The node's graph id (Author.id, Work.id, …); unique in a "
                                                     "slice and stable across slices.")
    kind: NodeKind = strawberry.field(description="What the node is.")
    label: str = strawberry.field(description="Name or title.")
    weight: float = strawberry.field(description="Relevance to the centre, by kind (docs/api.md): a work's "
                                                 "citations, a collaborator's shared works, a topic's works, "
                                                 "an institution's years; the centre: its works or 1.")
    center: bool = strawberry.field(description="The node the slice is around.")
    year: int | None = strawberry.field(description="A work's publication year; null for other kinds or when "
                                                    "unknown.")
    cited_by_count: int | None = strawberry.field(description="A work's citedByCount; null for other kinds or "
                                                              "when unknown.")
    subtitle: str | None = strawberry.field(description="A short second line: type and year, shared works, level.")
    community: int | None = strawberry.field(description="An author's coauthor community (Author.community); "
                                                         "null for other kinds or until computed.")


@strawberry.type(description="An edge of a graph slice; `id` is KIND:source:target.")
class GraphEdge:
    id: strawberry.ID = strawberry.field(description="KIND:source:target; unique in a slice.")
    source: strawberry.ID = strawberry.field(description="Id of the node the edge starts from (the smaller id "
                                                         "for an undirected kind).")
    target: strawberry.ID = strawberry.field(description="Id of the node the edge goes to.")
    kind: EdgeKind = strawberry.field(description="The relation, with the meaning of its weight.")
    weight: float = strawberry.field(description="Strength, in the unit of its kind (see EdgeKind).")


@strawberry.type(description="A bounded slice of the graph: nodes and the edges among them.")
class GraphSlice:
    nodes: list[GraphNode] = strawberry.field(description="The nodes, each once; the centre first.")
    edges: list[GraphEdge] = strawberry.field(description="The edges, each once, only between nodes of the slice.")

    @classmethod
    def from_data(cls, s: SliceData) -> GraphSlice:
        return cls(
            nodes=[GraphNode(id=strawberry.ID(n.id), kind=_NODE_KINDS.get(n.kind) or NodeKind(n.kind),
                             label=n.label, weight=n.weight, center=n.center, year=n.year,
                             cited_by_count=n.cited_by_count, subtitle=n.subtitle, community=n.community)
                   for n in s.nodes],
            edges=[GraphEdge(id=strawberry.ID(e.id), source=strawberry.ID(e.source), target=strawberry.ID(e.target),
                             kind=_EDGE_KINDS.get(e.kind) or EdgeKind(e.kind), weight=e.weight) for e in s.edges],
        )
