"""The trust summary: signals, bands, verification levels, and homonyms merged into one profile."""

from __future__ import annotations

import pytest

from analytics.coherence import Coherence, WorkFacts, analyse
from api.metrics import h_index, i10_index
from api.trust import BANDS, WEIGHTS, TrustInputs, trust
from graphdb import Graph
from tests.support.api import api_for
from tests.support.small_graphs import W, build

TRUST = """query($id: ID!) { author(id: $id) { profile { counts { works followers } claimStatus claimed
  trust { score band verificationLevel signals { name value detail } } } } }"""


def works_in(fields: list[list[str]], names: dict[str, str] | None = None) -> Coherence:
    """The coherence analysis of works that each have one topic per field (named after it) and no
    coauthors: works sharing a field share that topic."""
    return analyse([WorkFacts(f"W{i}", 2020, 0, tuple(fs), tuple(fs), ()) for i, fs in enumerate(fields)],
                   names=names)


def inputs(**kw: object) -> TrustInputs:
    base: dict[str, object] = dict(orcid=None, openalex_id=None, claim=None, works=0, with_doi=0,
                                   current_affiliation=None, past_affiliation=None, coherence=works_in([]),
                                   coauthors=0)
    base.update(kw)
    return TrustInputs(**base)  # type: ignore[arg-type]


def test_weights_add_up_to_100_and_bands_follow_the_score() -> None:
    assert sum(WEIGHTS.values()) == 100
    assert [floor for floor, _ in BANDS] == [70, 40, 20, 0]
    nothing = trust(inputs())
    assert nothing.band == "UNVERIFIED" and nothing.verification_level == "L0"
    # coherence gives 0.5 with too few works: 7.5 points
    assert nothing.score == 8
    everything = trust(inputs(orcid="0000-0001-2345-6789", openalex_id="A1", claim="verified", works=20,
                              with_doi=20, current_affiliation="U", coherence=works_in([["f"]] * 20),
                              coauthors=40))
    assert everything.score == 100 and everything.band == "TRUSTED" and everything.verification_level == "L3"
    assert trust(inputs(openalex_id="A1")).verification_level == "L1"
    assert trust(inputs(openalex_id="A1", claim="pending")).verification_level == "L2"


def test_scattered_works_score_low_on_coherence_and_say_so() -> None:
    """topical_coherence is 1 - the possible-merge score of analytics/coherence.py (tests/test_possible_merge.py)."""
    names = {"cs": "Computer Science", "hep": "High Energy Physics - Phenomenology"}
    merged = inputs(works=10, coherence=works_in([["cs"]] * 5 + [["hep"]] * 5, names))
    signal = {s.name: s for s in trust(merged).signals}["topical_coherence"]
    assert signal.value == 0
    assert signal.detail.startswith("possible merge of 2 people (score 1.00)") and "may merge" in signal.detail
    assert "5 works (2020; Computer Science; 0 coauthors)" in signal.detail and "High Energy Physics" in signal.detail
    bridged = inputs(works=10, coherence=works_in([["cs"]] * 5 + [["hep"]] * 4 + [["cs", "hep"]], names))
    assert {s.name: s for s in trust(bridged).signals}["topical_coherence"].value == 1
    few = inputs(works=5, coherence=works_in([["cs"]] * 3 + [["hep"]] * 2, names))
    assert {s.name: s for s in trust(few).signals}["topical_coherence"].value == 0.5


@pytest.mark.parametrize("citations", [[], [0], [5], [100, 100], [10, 8, 5, 4, 3], [25, 8, 5, 3, 3]])
def test_h_index_never_exceeds_the_works(citations: list[int]) -> None:
    h = h_index(citations)
    assert 0 <= h <= len(citations)
    assert sum(1 for c in citations if c >= h) >= h
    assert sum(1 for c in citations if c >= h + 1) < h + 1
    assert i10_index(citations) == sum(1 for c in citations if c >= 10)


def test_claims_followers_and_a_merged_profile_over_http(graph: Graph) -> None:
    works = [W(f"C{i}", ["A1", "A2"], 2020, 10 + i, [("T1", "cs")], doi=f"10.1/c{i}") for i in range(4)]
    works += [W(f"P{i}", ["A1", "A3"], 2021, 1, [("T9", "phys")]) for i in range(4)]
    works += [W(f"S{i}", ["A4", "A2"], 2020, 3, [("T1", "cs")]) for i in range(4)]
    build(graph, works, orcids={"A4": "0000-0002-1825-0097"})
    graph.write("CREATE (:User {id: 'u1'}), (:User {id: 'u2'}), (:User {id: 'u3'})")
    graph.write("MATCH (a:Author {id: 'A4'}) MATCH (u:User) CREATE (u)-[:FOLLOWS]->(a)")
    for user, author, status in [("u1", "A4", "verified"), ("u2", "A2", "pending"), ("u3", "A3", "rejected")]:
        graph.write("MATCH (u:User {id: $u}) MATCH (a:Author {id: $a}) CREATE (u)-[:CLAIMS {status: $s}]->(a)",
                           {"u": user, "a": author, "s": status})
    with api_for(graph) as api:
        merged = api.data(TRUST, id="A1")["author"]["profile"]
        coherence = {s["name"]: s for s in merged["trust"]["signals"]}["topical_coherence"]
        assert coherence["value"] == 0 and "may merge" in coherence["detail"]
        assert merged["trust"]["verificationLevel"] == "L1" and merged["claimStatus"] is None

        verified = api.data(TRUST, id="A4")["author"]["profile"]
        assert verified["counts"]["followers"] == 3
        assert verified["claimStatus"] == "VERIFIED" and verified["claimed"] is True
        assert verified["trust"]["verificationLevel"] == "L3"
        signals = {s["name"]: s for s in verified["trust"]["signals"]}
        assert signals["claim"]["value"] == 1 and signals["orcid"]["value"] == 1

        pending = api.data(TRUST, id="A2")["author"]["profile"]
        assert pending["claimStatus"] == "PENDING" and pending["claimed"] is False
        assert pending["trust"]["verificationLevel"] == "L2"
        rejected = api.data(TRUST, id="A3")["author"]["profile"]
        assert rejected["claimStatus"] is None and rejected["trust"]["verificationLevel"] == "L1"


def test_a_claim_made_after_the_first_profile_read_shows(graph: Graph) -> None:
    """FalkorDB caches query plans: the profile must see CLAIMS even when its plan was made
    before the first CLAIMS relationship existed."""
    build(graph, [W("W1", ["A1", "A2"])])
    graph.write("CREATE (:User {id: 'u1'})")
    with api_for(graph) as api:
        assert api.data(TRUST, id="A1")["author"]["profile"]["claimStatus"] is None
        graph.write("MATCH (u:User {id: 'u1'}) MATCH (a:Author {id: 'A1'}) "
                           "CREATE (u)-[:CLAIMS {status: 'pending'}]->(a), (u)-[:FOLLOWS]->(a)")
        profile = api.data(TRUST, id="A1")["author"]["profile"]
        assert profile["claimStatus"] == "PENDING" and profile["counts"]["followers"] == 1
        assert profile["trust"]["verificationLevel"] == "L2"
