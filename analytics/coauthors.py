"""Coauthor-network analysis: communities, PageRank and betweenness, written back onto Authors.

The COAUTHOR network is read page by page (analyze/coauthor_network: every author, with the
links stored from it, so isolated authors count too), built into a networkx Graph weighted by
shared works, analysed, and written back in batched UNWIND writes (analyze/write_metrics).
Deterministic for a given graph and seed:

- communities: Louvain (networkx.community.louvain_communities, weight = shared works,
  seeded), numbered 0, 1, … from the largest community down (ties by smallest member id);
- pagerank: networkx.pagerank over the weighted, undirected network;
- betweenness: networkx.betweenness_centrality on hop distance, normalised; exact up to
  `exact_below` authors, else estimated from `k` seeded sample sources.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graphdb import Graph

log = logging.getLogger(__name__)

PAGE = 10_000  # authors read per query
BATCH = 5_000  # authors written per query
SAMPLE_K = 64  # betweenness sample sources on large networks (about k x links of work)
EXACT_BELOW = 2_000  # authors under which betweenness is exact


@dataclass(frozen=True, slots=True)
class AnalyzeSummary:
    authors: int
    links: int
    communities: int
    largest_community: int
    betweenness_sampled: int | None  # sample size, None when exact
    written: int
    seconds: float

    def lines(self) -> list[str]:
        how = f"sampled from {self.betweenness_sampled} sources" if self.betweenness_sampled else "exact"
        return [
            f"coauthor network: {self.authors} authors, {self.links} links",
            f"communities: {self.communities} (largest {self.largest_community} authors); "
            f"pagerank; betweenness {how}",
            f"wrote community, pagerank, betweenness on {self.written} authors in {self.seconds:.1f}s",
        ]


def export_network(graph: Graph, page: int = PAGE) -> nx.Graph:
    """The network with its nodes, then its edges, added in id order. Louvain and the
    betweenness sample follow networkx's node and adjacency order, and the order of `collect`
    (each author's edges) is the engine's own: built as read, the same graph gave other
    communities and betweenness on FalkorDB than on Neo4j."""
    authors: list[str] = []
    links: list[tuple[str, str, int]] = []
    after = ""
    while True:
        rows = graph.query("analyze/coauthor_network", {"after": after, "limit": page}).rows
        for row in rows:
            authors.append(row["id"])
            links.extend((row["id"], edge["target"], edge["works"] or 1) for edge in row["edges"])
        if len(rows) < page:
            break
        after = rows[-1]["id"]
    network = nx.Graph()
    network.add_nodes_from(sorted(authors))
    network.add_weighted_edges_from(sorted(links), weight="works")
    return network


def communities(network: nx.Graph, seed: int) -> dict[str, int]:
    groups = nx.community.louvain_communities(network, weight="works", seed=seed) if network else []
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {member: number for number, group in enumerate(ordered) for member in group}


def betweenness(network: nx.Graph, seed: int, k: int, exact_below: int) -> tuple[dict[str, float], int | None]:
    n = network.number_of_nodes()
    if n < exact_below or n <= k:
        return nx.betweenness_centrality(network, normalized=True), None
    return nx.betweenness_centrality(network, k=k, normalized=True, seed=seed), k


def write_metrics(graph: Graph, rows: list[dict[str, object]], batch: int = BATCH) -> int:
    written = 0
    for start in range(0, len(rows), batch):
        result = graph.execute("analyze/write_metrics", {"rows": rows[start:start + batch]})
        written += int(result.value(0))
    return written


def analyze(graph: Graph, *, seed: int = 42, k: int = SAMPLE_K, exact_below: int = EXACT_BELOW,
            batch: int = BATCH, report: Callable[[str], None] | None = None) -> AnalyzeSummary:
    say = report or log.info
    started = time.perf_counter()
    network = export_network(graph)
    say(f"read {network.number_of_nodes()} authors, {network.number_of_edges()} links")
    community = communities(network, seed)
    say(f"{len(set(community.values()))} communities")
    rank = nx.pagerank(network, weight="works") if network else {}
    between, sampled = betweenness(network, seed, k, exact_below)
    say("pagerank and betweenness computed")
    rows: list[dict[str, object]] = [
        {"id": a, "community": community[a], "pagerank": float(rank[a]), "betweenness": float(between[a])}
        for a in sorted(network.nodes)
    ]
    written = write_metrics(graph, rows, batch)
    sizes = sorted((list(community.values()).count(c) for c in set(community.values())), reverse=True)
    return AnalyzeSummary(
        authors=network.number_of_nodes(), links=network.number_of_edges(), communities=len(sizes),
        largest_community=sizes[0] if sizes else 0, betweenness_sampled=sampled, written=written,
        seconds=time.perf_counter() - started,
    )
