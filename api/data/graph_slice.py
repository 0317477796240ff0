"""Graph slices for a graph UI: "researcher in context" and the explorer's `expand`.

A slice is a list of nodes and a list of edges with unique ids, so each node and edge can be
handed to Cytoscape.js as `{data: node}` / `{data: edge}` or to graphology (sigma.js) as
`{key: id, attributes: node}` / `{key: id, source, target, attributes: edge}`.
See docs/api.md for the shape and the meaning of `weight` per kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.data.nodes import node_kinds
from graphdb.aio import AsyncGraph

Row = dict[str, Any]
KINDS = ("AUTHOR", "WORK", "TOPIC", "INSTITUTION", "SOURCE")


@dataclass(frozen=True, slots=True)
class SliceNode:
    id: str
    kind: str
    label: str
    weight: float
    center: bool = False
    year: int | None = None
    cited_by_count: int | None = None
    subtitle: str | None = None
    community: int | None = None


@dataclass(frozen=True, slots=True)
class SliceEdge:
    id: str
    source: str
    target: str
    kind: str
    weight: float


@dataclass
class GraphSlice:
    nodes: list[SliceNode] = field(default_factory=list)
    edges: list[SliceEdge] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set, repr=False)

    def node(self, node: SliceNode) -> None:
        if node.id not in self._seen:
            self._seen.add(node.id)
            self.nodes.append(node)

    def edge(self, kind: str, source: str, target: str, weight: float = 1.0, undirected: bool = False) -> None:
        if undirected and target < source:
            source, target = target, source
        edge_id = f"{kind}:{source}:{target}"
        if edge_id not in self._seen:
            self._seen.add(edge_id)
            self.edges.append(SliceEdge(edge_id, source, target, kind, float(weight)))


# -- nodes from query maps -------------------------------------------------------------


def author_node(a: Row, weight: float, subtitle: str | None = None, center: bool = False) -> SliceNode:
    return SliceNode(a["id"], "AUTHOR", a.get("display_name") or a["id"], float(weight), center,
                     subtitle=subtitle, community=a.get("community"))


def work_node(w: Row, center: bool = False) -> SliceNode:
    cited = w.get("cited_by_count")
    parts = [p for p in (w.get("type"), str(w["year"]) if w.get("year") else None) if p]
    if w.get("code_url"):
        parts.append("code")
    return SliceNode(w["id"], "WORK", w.get("title") or w["id"], float(cited or 0), center,
                     year=w.get("year"), cited_by_count=cited, subtitle=" · ".join(parts) or None)


def topic_node(t: Row, weight: float, center: bool = False) -> SliceNode:
    return SliceNode(t["id"], "TOPIC", t.get("name") or t["id"], float(weight), center, subtitle=t.get("level"))


def institution_node(i: Row, weight: float, center: bool = False) -> SliceNode:
    sub = ", ".join(p for p in (i.get("type"), i.get("country")) if p) or None
    return SliceNode(i["id"], "INSTITUTION", i.get("name") or i["id"], float(weight), center, subtitle=sub)


def source_node(s: Row, weight: float, center: bool = False) -> SliceNode:
    return SliceNode(s["id"], "SOURCE", s.get("name") or s["id"], float(weight), center, subtitle=s.get("type"))


def _years(first: int | None, last: int | None) -> str | None:
    if first is None:
        return None
    return str(first) if first == last or last is None else f"{first}-{last}"


# -- researcher in context -------------------------------------------------------------


async def researcher_context(graph: AsyncGraph, author_id: str, works: int, collaborators: int, topics: int,
                       institutions: int) -> GraphSlice | None:
    rows = (await graph.query("api/researcher_context", {
        "id": author_id, "works": works, "collaborators": collaborators, "topics": topics,
        "institutions": institutions,
    })).rows
    if not rows:
        return None
    return _context_slice(rows[0])


def _context_slice(row: Row) -> GraphSlice:
    me = row["author"]
    out = GraphSlice()
    out.node(author_node(me, me["works"], f"{me['works']} works", center=True))
    for c in row["collaborators"]:
        span = _years(c["first_year"], c["last_year"])
        out.node(author_node(c["author"], c["works"],
                             f"{c['works']} shared works" + (f", {span}" if span else "")))
        out.edge("COAUTHOR", me["id"], c["author"]["id"], c["works"], undirected=True)
    topic_ids = {t["topic"]["id"] for t in row["topics"]}
    # A work's `authors` and `topics` come from pattern comprehensions, in an order each engine
    # picks for itself: sorted, the edges come in the same order on FalkorDB and Neo4j.
    for w in row["works"]:
        out.node(work_node(w))
        out.edge("AUTHORED", me["id"], w["id"])
        for a in sorted(w["authors"]):
            out.edge("AUTHORED", a, w["id"])
    for t in row["topics"]:
        out.node(topic_node(t["topic"], t["works"]))
        out.edge("WORKS_ON", me["id"], t["topic"]["id"], t["works"])
    for w in row["works"]:
        for t in sorted(w["topics"]):
            if t in topic_ids:
                out.edge("HAS_TOPIC", w["id"], t)
    for i in row["institutions"]:
        years = len(i["years"]) or 1
        out.node(institution_node(i["institution"], years))
        out.edge("AFFILIATED_WITH", me["id"], i["institution"]["id"], years)
    return out


# -- the explorer: neighbours of any node ----------------------------------------------


async def expand(graph: AsyncGraph, node_id: str, kind: str | None, kinds: list[str], first: int) -> GraphSlice | None:
    if kind is None:
        found = await node_kinds(graph, node_id)
        if not found:
            return None
        kind = min(found, key=KINDS.index)
    if kind == "AUTHOR":
        caps = {k: (first if want in kinds else 0) for k, want in
                (("works", "WORK"), ("collaborators", "AUTHOR"), ("topics", "TOPIC"),
                 ("institutions", "INSTITUTION"))}
        return await researcher_context(graph, node_id, **caps)
    query = {"WORK": "api/expand_work", "TOPIC": "api/expand_topic",
             "INSTITUTION": "api/expand_institution", "SOURCE": "api/expand_source"}[kind]
    rows = (await graph.query(query, {"id": node_id, "kinds": kinds, "first": first})).rows
    if not rows:
        return None
    return {"WORK": _work_slice, "TOPIC": _topic_slice, "INSTITUTION": _institution_slice,
            "SOURCE": _source_slice}[kind](rows[0])


def _work_slice(row: Row) -> GraphSlice:
    me = row["work"]
    out = GraphSlice()
    out.node(work_node(me, center=True))
    for a in row["authors"]:
        out.node(author_node(a["author"], 1, f"author {a['order'] + 1}" if a["order"] is not None else None))
        out.edge("AUTHORED", a["author"]["id"], me["id"])
    for t in row["topics"]:
        out.node(topic_node(t["topic"], t["score"] or 0))
        out.edge("HAS_TOPIC", me["id"], t["topic"]["id"], t["score"] or 0)
    if row["source"]:
        out.node(source_node(row["source"], 1))
        out.edge("PUBLISHED_IN", me["id"], row["source"]["id"])
    for w in row["references"]:
        out.node(work_node(w))
        out.edge("CITES", me["id"], w["id"])
    for w in row["cited_by"]:
        out.node(work_node(w))
        out.edge("CITES", w["id"], me["id"])
    for s in row["similar"]:
        out.node(work_node(s["work"]))
        out.edge("SIMILAR_TO", me["id"], s["work"]["id"], s["score"] or 0, undirected=True)
    return out


def _topic_slice(row: Row) -> GraphSlice:
    me = row["topic"]
    out = GraphSlice()
    out.node(topic_node(me, 1, center=True))
    for w in row["works"]:
        out.node(work_node(w))
        out.edge("HAS_TOPIC", w["id"], me["id"])
    for a in row["authors"]:
        out.node(author_node(a["author"], a["works"], f"{a['works']} works in this topic"))
        out.edge("WORKS_ON", a["author"]["id"], me["id"], a["works"])
    if row["parent"]:
        out.node(topic_node(row["parent"], 1))
        out.edge("SUBTOPIC_OF", me["id"], row["parent"]["id"])
    for c in row["children"]:
        out.node(topic_node(c, 1))
        out.edge("SUBTOPIC_OF", c["id"], me["id"])
    return out


def _institution_slice(row: Row) -> GraphSlice:
    me = row["institution"]
    out = GraphSlice()
    out.node(institution_node(me, 1, center=True))
    for a in row["authors"]:
        span = _years(a["first_year"], a["last_year"])
        out.node(author_node(a["author"], 1, span))
        out.edge("AFFILIATED_WITH", a["author"]["id"], me["id"])
    for t in row["topics"]:
        out.node(topic_node(t["topic"], t["works"]))
        out.edge("WORKS_ON", me["id"], t["topic"]["id"], t["works"])
    return out


def _source_slice(row: Row) -> GraphSlice:
    me = row["source"]
    out = GraphSlice()
    out.node(source_node(me, 1, center=True))
    for w in row["works"]:
        out.node(work_node(w))
        out.edge("PUBLISHED_IN", w["id"], me["id"])
    return out
