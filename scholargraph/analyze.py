"""Coauthor-network analysis: communities, PageRank and betweenness, written back onto Authors;
and the ranking of profiles that may merge several people (`rank_merges`, api/coherence.py).

The COAUTHOR network is read page by page (api/analyze_coauthor_network: every author, with
the links stored from it, so isolated authors count too), built into a networkx Graph
weighted by shared works, analysed, and written back in batched UNWIND writes
(api/analyze_write_metrics). Deterministic for a given graph and seed:

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

from api.coherence import MIN_WORKS
from api.data.possible_merge import merge_data
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
        rows = graph.query("api/analyze_coauthor_network", {"after": after, "limit": page}).rows
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
        result = graph.execute("api/analyze_write_metrics", {"rows": rows[start:start + batch]})
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


# -- possible merges: profiles that may be several people (api/coherence.py) -----------------

MERGE_BATCH = 200  # authors analysed per api/author_profile query (the profile's own: one home for the input)


@dataclass(frozen=True, slots=True)
class Suspect:
    id: str
    name: str | None
    works: int
    people: int
    score: float
    topic_distance: float | None
    clusters: list[int]  # sizes of the substantial clusters, largest first
    evidence: list[str]


def rank_merges(graph: Graph, *, min_works: int = MIN_WORKS, batch: int = MERGE_BATCH,
                report: Callable[[str], None] | None = None) -> tuple[list[Suspect], int]:
    """The profiles flagged as likely merges of several people, highest score first, then most
    works, then id; and how many authors were analysed: every author with at least `min_works`
    works (fewer cannot hold two substantial clusters)."""
    say = report or log.info
    candidates = graph.query("api/possible_merge_candidates", {"min_works": min_works}).rows
    names = {r["id"]: r["name"] for r in candidates}
    say(f"analysing {len(candidates)} authors with {min_works} works or more")
    found: list[Suspect] = []
    ids = [r["id"] for r in candidates]
    for start in range(0, len(ids), batch):
        for row in graph.query("api/author_profile", {"ids": ids[start:start + batch], "topics": 0}).rows:
            c = merge_data(row).coherence
            if c.likely:
                found.append(Suspect(row["id"], names.get(row["id"]), c.works, c.people, c.score, c.topic_distance,
                                     [len(k.works) for k in c.clusters if k.substantial], list(c.evidence)))
    found.sort(key=lambda s: (-s.score, -s.works, s.id))
    return found, len(ids)
