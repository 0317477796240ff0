"""Accounts at the domain level under concurrent requests: the invariants (one FOLLOWS per
pair, one verified claimant, the invitation limit not overrun) hold on each engine, and a
FalkorDB write planned behind another sees the accounts' relationship types."""

from __future__ import annotations

import accounts
from accounts.config import InviteLimit
from graphdb import Graph, schema
from tests.support.accounts_setup import authors, claim_statuses, user, verified
from tests.support.graphdump import counts


def test_concurrent_requests_keep_the_invariants(graph: Graph) -> None:
    """Many threads at once on a fresh graph, its schema initialised as `db init`, `load` and
    `demo` leave it, and no follow, claim or invitation yet: one FOLLOWS per pair, one
    verified claimant, the limit not overrun."""
    from concurrent.futures import ThreadPoolExecutor

    schema.init(graph, 384)
    ids = [f"A{i}" for i in range(8)]
    authors(graph, *ids)
    bob = user(graph, "bob@example.org")
    owners = [user(graph, f"owner{i}@example.org") for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: accounts.follow(graph, bob, "A0"), range(16)))
        claims = list(pool.map(lambda o: accounts.claim_author(graph, o, "A0", "mine"), owners))

        def approve(claim_id: str) -> str:
            try:
                return accounts.approve_claim(graph, claim_id).status
            except accounts.Conflict:
                return "conflict"

        outcomes = list(pool.map(approve, [c.id for c in claims]))
        for owner, a in zip(owners[1:], ids[1:], strict=True):
            verified(graph, owner, a)

        def send(a: str) -> str:
            try:
                return accounts.invite(graph, bob, a, "hello", limit=InviteLimit(3, 24)).status
            except accounts.RateLimited:
                return "limited"

        sent = list(pool.map(send, ids))
    assert counts(graph)["FOLLOWS"] == 1
    assert outcomes.count("verified") == 1 and outcomes.count("conflict") == 7
    assert [s for _, a, s in claim_statuses(graph) if a == "A0"].count("verified") == 1
    assert sorted(sent) == ["limited"] * 5 + ["pending"] * 3
    assert counts(graph)["INVITED"] == 3


def test_a_write_planned_behind_another_sees_the_accounts_types(falkor_graph: Graph) -> None:
    """The cause of the old race, made to happen: FalkorDB plans a write query before queueing
    it behind the graph's running write, and resolves relationship types as it plans. Here a
    slow write creates the graph's first FOLLOWS while accounts/follow for the same pair is
    planned. The schema registers FOLLOWS (CLAIMS, INVITED too), so the follow, run after the
    slow write, finds that FOLLOWS; planned with FOLLOWS unknown, it created a second one.
    (Whatever the timing, there must be one FOLLOWS; only the timing makes the test bite.)"""
    import time
    from concurrent.futures import ThreadPoolExecutor

    graph = falkor_graph
    schema.init(graph, 384)
    assert {"FOLLOWS", "CLAIMS", "INVITED"} <= {
        r["t"] for r in graph.read("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType AS t")
    }
    authors(graph, "A0")
    bob = user(graph, "bob@example.org")
    graph.write("CREATE (:Pace {n: 5000000})")
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(
            graph.write,
            "MATCH (p:Pace) UNWIND range(1, p.n) AS i WITH count(i) AS n "
            "MATCH (u:User {id: $user}) MATCH (a:Author {id: 'A0'}) "
            "MERGE (u)-[f:FOLLOWS]->(a) ON CREATE SET f.created = 'x'",
            {"user": bob.id},
        )
        time.sleep(0.1)  # the slow write runs for about half a second
        state = accounts.follow(graph, bob, "A0")
        slow.result()
    assert counts(graph)["FOLLOWS"] == 1
    assert state.followers == 1
