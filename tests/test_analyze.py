"""`scholargraph analyze`: communities, PageRank and betweenness of the coauthor network,
written onto Author nodes and shown in profiles."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from analytics.coauthors import analyze, betweenness, export_network
from graphdb import Graph
from scholargraph.cli import cli
from tests.support.api import api_for
from tests.support.small_graphs import W, build

LEFT = ["L1", "L2", "L3", "L4"]
RIGHT = ["R1", "R2", "R3", "R4"]


@pytest.fixture
def two_groups(graph: Graph) -> Graph:
    """Two tight groups that write together, joined by one person (B) and nothing else; S works alone."""
    works = [W(f"WL{i}", LEFT, 2020 + i % 3) for i in range(3)]
    works += [W(f"WR{i}", RIGHT, 2020 + i % 3) for i in range(3)]
    works += [W("WB1", ["B", "L1"]), W("WB2", ["B", "R1"]), W("WS", ["S"])]
    build(graph, works)
    return graph


def metrics(graph: Graph) -> dict[str, dict]:
    rows = graph.read("MATCH (a:Author) RETURN a.id AS id, a.community AS community, a.pagerank AS pagerank, "
                      "a.betweenness AS betweenness").rows
    return {r["id"]: r for r in rows}


def test_export_reads_every_author_and_link(two_groups: Graph) -> None:
    network = export_network(two_groups, page=3)  # several pages
    assert set(network.nodes) == {*LEFT, *RIGHT, "B", "S"}
    assert network.number_of_edges() == 6 + 6 + 2
    assert network["L1"]["L2"]["works"] == 3 and network["B"]["R1"]["works"] == 1


def test_analyze_writes_communities_and_centrality(two_groups: Graph) -> None:
    summary = analyze(two_groups, seed=7, batch=4)
    assert summary.authors == 10 and summary.links == 14 and summary.written == 10
    got = metrics(two_groups)
    assert len({got[a]["community"] for a in LEFT}) == 1
    assert len({got[a]["community"] for a in RIGHT}) == 1
    assert got["L1"]["community"] != got["R1"]["community"]
    assert got["S"]["community"] not in {got["L1"]["community"], got["R1"]["community"]}
    assert sum(r["pagerank"] for r in got.values()) == pytest.approx(1.0, abs=1e-6)
    assert max(got, key=lambda a: got[a]["betweenness"]) == "B"
    assert got["S"]["betweenness"] == 0
    assert summary.betweenness_sampled is None  # small: exact

    again = dict(got)
    analyze(two_groups, seed=7)
    assert metrics(two_groups) == again  # deterministic


def test_betweenness_is_sampled_on_large_networks() -> None:
    network = nx.path_graph(50)
    exact, none = betweenness(network, seed=1, k=10, exact_below=100)
    sampled, k = betweenness(network, seed=1, k=10, exact_below=20)
    assert none is None and k == 10
    assert sampled == betweenness(network, seed=1, k=10, exact_below=20)[0]
    assert max(exact, key=exact.__getitem__) in {24, 25}


def test_command_and_profile_show_the_results(two_groups: Graph) -> None:
    url = two_groups.url
    result = CliRunner().invoke(cli, ["analyze", "--db", url, "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "10 authors, 14 links" in result.output
    with api_for(two_groups) as api:
        profile = api.data('{ author(id: "B") { community profile { community pagerank betweenness } } }')["author"]
    stored = metrics(two_groups)["B"]
    assert profile["community"] == stored["community"] == profile["profile"]["community"]
    assert profile["profile"]["pagerank"] == pytest.approx(stored["pagerank"])
    assert profile["profile"]["betweenness"] == pytest.approx(stored["betweenness"]) and stored["betweenness"] > 0
