"""A whole graph as comparable plain data, to prove two loads left the same graph."""

from __future__ import annotations

import json
from typing import Any

from graphdb import Graph


def dump(graph: Graph) -> tuple[list[str], list[str]]:
    nodes = graph.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").rows
    rels = graph.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props"
    ).rows
    return sorted(_canon(n) for n in nodes), sorted(_canon(r) for r in rels)


def counts(graph: Graph) -> dict[str, int]:
    out = {
        row["label"]: row["n"]
        for row in graph.read("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n").rows
    }
    out.update(
        {row["t"]: row["n"] for row in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n").rows}
    )
    return out


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
