"""Close collaborators and collaboration paths over the derived COAUTHOR network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphdb.aio import AsyncGraph

Row = dict[str, Any]
LINKING_WORKS = 5  # works listed per hop of a collaboration path


@dataclass(frozen=True, slots=True)
class Collaborator:
    author: Row
    works: int
    first_year: int | None
    last_year: int | None
    topics: list[Row]  # {topic, works}: topics of the shared works


async def close_collaborators(graph: AsyncGraph, author_id: str, first: int,
                              topics: int = 5) -> list[Collaborator] | None:
    """Coauthors by shared works; None for an unknown author."""
    rows = (await graph.query("api/close_collaborators", {"id": author_id, "first": first, "topics": topics})).rows
    if not rows:
        return None
    return [Collaborator(c["author"], c["works"], c["first_year"], c["last_year"], c["topics"])
            for c in rows[0]["collaborators"]]


@dataclass(frozen=True, slots=True)
class Hop:
    source: Row
    target: Row
    total: int
    works: list[Row]


@dataclass(frozen=True, slots=True)
class CollaborationPath:
    people: list[Row]
    hops: list[Hop]


async def collaboration_path(graph: AsyncGraph, source: str, target: str, max_hops: int) -> CollaborationPath | None:
    """One shortest chain of coauthorships from `source` to `target`, at most `max_hops` long.

    A bidirectional breadth-first search, one query per level (api/coauthor_neighbours), the
    same on both engines, expanding the smaller frontier; each person is reached from the
    smallest id that reaches them, so among equally short chains the answer is deterministic.
    Then one query for the works linking each hop, and one for the people.
    """
    people = (await graph.query("api/authors_by_ids", {"ids": sorted({source, target})})).rows
    known = {r["author"]["id"]: r["author"] for r in people}
    if source not in known or target not in known:
        return None
    if source == target:
        return CollaborationPath([known[source]], [])
    chain = await _shortest_chain(graph, source, target, max_hops)
    if chain is None:
        return None
    pairs = [{"a": a, "b": b} for a, b in zip(chain, chain[1:], strict=False)]
    links = {(r["a"], r["b"]): r for r in (await graph.query("api/linking_works",
                                                      {"pairs": pairs, "works": LINKING_WORKS})).rows}
    authors = (await graph.query("api/authors_by_ids", {"ids": chain})).rows
    by_id = {r["author"]["id"]: r["author"] for r in authors}
    hops = [Hop(by_id[p["a"]], by_id[p["b"]], links.get((p["a"], p["b"]), {}).get("total", 0),
                links.get((p["a"], p["b"]), {}).get("works", [])) for p in pairs]
    return CollaborationPath([by_id[a] for a in chain], hops)


async def _shortest_chain(graph: AsyncGraph, source: str, target: str, max_hops: int) -> list[str] | None:
    # parent[side][node] = the node it was reached from (None for the side's start)
    parents: tuple[dict[str, str | None], dict[str, str | None]] = ({source: None}, {target: None})
    depth: tuple[dict[str, int], dict[str, int]] = ({source: 0}, {target: 0})
    frontiers: list[list[str]] = [[source], [target]]
    hops = 0
    while hops < max_hops and frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        rows = (await graph.query("api/coauthor_neighbours", {"ids": sorted(frontiers[side])})).rows
        found: dict[str, str] = {}
        for row in rows:
            for n in row["neighbours"]:
                if n not in parents[side] and (n not in found or row["id"] < found[n]):
                    found[n] = row["id"]
        level = max(depth[side].values()) + 1
        for n, p in found.items():
            parents[side][n] = p
            depth[side][n] = level
        frontiers[side] = sorted(found)
        hops += 1
        other = 1 - side
        meets = [n for n in found if n in parents[other]]
        if meets:
            meet = min(meets, key=lambda n: (depth[other][n], _chain(parents[0], n), n))
            forward = _chain(parents[0], meet)[::-1]
            backward = _chain(parents[1], meet)[1:]
            return forward + backward
    return None


def _chain(parents: dict[str, str | None], node: str) -> list[str]:
    """node, its parent, … up to the side's start."""
    out = [node]
    while (p := parents[out[-1]]) is not None:
        out.append(p)
    return out
