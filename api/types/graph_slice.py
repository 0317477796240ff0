"""Graph slices (researcherContext, expand): nodes and edges ready for a graph UI."""

from __future__ import annotations

import strawberry

from api.data.graph_slice import GraphSlice as SliceData
from api.types.enums import EdgeKind, NodeKind


@strawberry.type(description="A node of a graph slice. Usable as Cytoscape.js element data as it is.")
class GraphNode:
    id: strawberry.ID
    kind: NodeKind
    label: str = strawberry.field(description="Name or title.")
    weight: float = strawberry.field(description="Relevance to the centre, by kind (docs/api.md): a work's "
                                                 "citations, a collaborator's shared works, a topic's works, "
                                                 "an institution's years; the centre: its works or 1.")
    center: bool = strawberry.field(description="The node the slice is around.")
    year: int | None
    cited_by_count: int | None
    subtitle: str | None = strawberry.field(description="A short second line: type and year, shared works, level.")
    community: int | None


@strawberry.type(description="An edge of a graph slice; `id` is KIND:source:target.")
class GraphEdge:
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    kind: EdgeKind
    weight: float


@strawberry.type(description="A bounded slice of the graph: nodes and the edges among them.")
class GraphSlice:
    nodes: list[GraphNode]
    edges: list[GraphEdge]

    @classmethod
    def from_data(cls, s: SliceData) -> GraphSlice:
        return cls(
            nodes=[GraphNode(id=strawberry.ID(n.id), kind=NodeKind(n.kind), label=n.label, weight=n.weight,
                             center=n.center, year=n.year, cited_by_count=n.cited_by_count, subtitle=n.subtitle,
                             community=n.community) for n in s.nodes],
            edges=[GraphEdge(id=strawberry.ID(e.id), source=strawberry.ID(e.source), target=strawberry.ID(e.target),
                             kind=EdgeKind(e.kind), weight=e.weight) for e in s.edges],
        )
