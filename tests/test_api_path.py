"""collaborationPath: the shortest chain of coauthorships, with the works linking each hop."""

from __future__ import annotations

import pytest

from graphdb import Graph
from tests.support.api import Api, api_for
from tests.support.small_graphs import W, build

PATH = """query($a: ID!, $b: ID!, $h: Int!) { collaborationPath(fromId: $a, toId: $b, maxHops: $h) {
  length authors { id } hops { source { id } target { id } sharedWorks works { id citedByCount } } } }"""


@pytest.fixture
def network(graph: Graph) -> Graph:
    # A1 - A2 - A3 - A4, a longer detour A1 - A6 - A7 - A3, and A5 on their own.
    build(graph, [
        W("W1", ["A1", "A2"], 2018, 4),
        W("W2", ["A2", "A3"], 2019, 1),
        W("W3", ["A3", "A2"], 2020, 9),
        W("W4", ["A3", "A4"], 2021, 2),
        W("W5", ["A5"], 2021, 0),
        W("W6", ["A1", "A6"], 2017, 0),
        W("W7", ["A6", "A7"], 2017, 0),
        W("W8", ["A7", "A3"], 2017, 0),
    ])
    return graph


def path(api: Api, a: str, b: str, hops: int = 6) -> dict | None:
    return api.data(PATH, a=a, b=b, h=hops)["collaborationPath"]


def test_two_hops_with_the_linking_works(network: Graph) -> None:
    with api_for(network) as api:
        got = path(api, "A1", "A3")
        assert got == {
            "length": 2,
            "authors": [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}],
            "hops": [
                {"source": {"id": "A1"}, "target": {"id": "A2"}, "sharedWorks": 1,
                 "works": [{"id": "W1", "citedByCount": 4}]},
                {"source": {"id": "A2"}, "target": {"id": "A3"}, "sharedWorks": 2,
                 "works": [{"id": "W3", "citedByCount": 9}, {"id": "W2", "citedByCount": 1}]},
            ],
        }
        back = path(api, "A3", "A1")
        assert [a["id"] for a in back["authors"]] == ["A3", "A2", "A1"]


def test_max_hops_bounds_the_search(network: Graph) -> None:
    with api_for(network) as api:
        assert path(api, "A1", "A4")["length"] == 3
        assert path(api, "A1", "A4", hops=2) is None
        assert path(api, "A1", "A2", hops=1)["length"] == 1


def test_no_path_same_person_and_unknown_ids(network: Graph) -> None:
    with api_for(network) as api:
        assert path(api, "A1", "A5") is None
        assert path(api, "A1", "A1") == {"length": 0, "authors": [{"id": "A1"}], "hops": []}
        assert path(api, "A1", "A99") is None


def test_round_trips_are_bounded_by_the_hops(network: Graph) -> None:
    with api_for(network) as api:
        assert api.state is not None
        before = api.state.round_trips
        path(api, "A1", "A4")
        # the two ends, at most one breadth-first level per hop, the linking works, the people
        assert api.state.round_trips - before <= 2 + 3 + 1
