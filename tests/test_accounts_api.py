"""Accounts through GraphQL over real HTTP (the API's own app under uvicorn):
authentication, authorisation, follows, claims, invitations, the rate limit, the
profile's followers and verification level, and tokens kept out of the database
and the logs."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

import accounts
from accounts.errors import AUTH_REQUIRED
from api.app import create_app
from graphdb import Graph
from tests.support.engines import free_port
from tests.support.graphdump import counts, dump


@pytest.fixture
def base_url(graph: Graph) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(graph=graph), host="127.0.0.1", port=port, log_level="info")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the API server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


class Client:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.url = base_url + "/graphql"
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def post(self, query: str, **variables: Any) -> dict[str, Any]:
        res = httpx.post(self.url, json={"query": query, "variables": variables}, headers=self.headers, timeout=30)
        assert res.status_code == 200, res.text
        return res.json()  # type: ignore[no-any-return]

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.post(query, **variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    def error(self, query: str, **variables: Any) -> tuple[str, str]:
        """(extensions.code, message) of the one error the request must give."""
        body = self.post(query, **variables)
        assert len(body.get("errors") or []) == 1, body
        err = body["errors"][0]
        return err.get("extensions", {}).get("code"), err["message"]


FOLLOW = "mutation($a: ID!) { followAuthor(authorId: $a) { authorId following followersCount } }"
UNFOLLOW = "mutation($a: ID!) { unfollowAuthor(authorId: $a) { authorId following followersCount } }"
CLAIM = "mutation($a: ID!, $e: String!) { claimAuthor(authorId: $a, evidence: $e) { id status reason } }"
WITHDRAW = "mutation($c: ID!) { withdrawClaim(claimId: $c) }"
APPROVE = "mutation($c: ID!) { approveClaim(claimId: $c) { id status verifiedVia } }"
REJECT = "mutation($c: ID!, $r: String!) { rejectClaim(claimId: $c, reason: $r) { id status reason } }"
CREATE_USER = ("mutation($e: String!, $n: String) { createUser(email: $e, displayName: $n) "
               "{ id email displayName admin token } }")
REVOKE = "mutation { revokeToken { id revoked } }"
INVITE = ("mutation($a: ID!, $m: String!) { inviteToCollaborate(authorId: $a, message: $m) "
          "{ id status direction message author { id } sender { id displayName } recipient { id } } }")
RESPOND = ("mutation($i: ID!, $y: Boolean!) { respondToInvitation(invitationId: $i, accept: $y) "
           "{ id status direction respondedAt contactEmail } }")
ME = """{ me { id email displayName admin
  following(first: 10) { totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } }
  claims { id status reason author { id } }
  invitations { id status direction message contactEmail sender { displayName } recipient { displayName } } } }"""

ALL_MUTATIONS: list[tuple[str, dict[str, Any]]] = [
    (FOLLOW, {"a": "A1"}),
    (UNFOLLOW, {"a": "A1"}),
    (CLAIM, {"a": "A1", "e": "mine"}),
    (WITHDRAW, {"c": "c_x"}),
    (APPROVE, {"c": "c_x"}),
    (REJECT, {"c": "c_x", "r": "no"}),
    (CREATE_USER, {"e": "x@example.org"}),
    (REVOKE, {}),
    (INVITE, {"a": "A1", "m": "hi"}),
    (RESPOND, {"i": "inv_x", "y": True}),
]


@pytest.fixture
def people(graph: Graph) -> dict[str, tuple[accounts.User, str]]:
    graph.write("CREATE (:Author {id: 'A1', display_name: 'Ada Lovelace'}), "
                "(:Author {id: 'A2', display_name: 'Charles Babbage'})")
    return {name: accounts.create_user(graph, f"{name}@example.org", name.title(), admin=name == "root")
            for name in ("root", "ada", "bob", "eve")}


def test_every_mutation_needs_a_valid_token(base_url: str, graph: Graph,
                                            people: dict[str, tuple[accounts.User, str]]) -> None:
    revoked_token = accounts.create_user(graph, "gone@example.org")[1]
    accounts.revoke_tokens(graph, accounts.find_user(graph, "gone@example.org").id)
    before = dump(graph)
    for token in (None, "sg_not-a-real-token-at-all-0000000000000000000", "garbage", revoked_token):
        client = Client(base_url, token)
        for query, variables in ALL_MUTATIONS:
            assert client.error(query, **variables) == ("UNAUTHENTICATED", AUTH_REQUIRED), (token, query)
        assert client.data("{ me { id } }") == {"me": None}  # reads stay public; `me` is null
    assert dump(graph) == before


def test_follow_twice_unfollow_once(base_url: str, people: dict[str, tuple[accounts.User, str]]) -> None:
    ada = Client(base_url, people["ada"][1])
    assert ada.data(FOLLOW, a="A1")["followAuthor"] == {"authorId": "A1", "following": True, "followersCount": 1}
    assert ada.data(FOLLOW, a="A1")["followAuthor"]["followersCount"] == 1
    ada.data(FOLLOW, a="A2")
    me = ada.data(ME)["me"]
    assert [e["node"]["id"] for e in me["following"]["edges"]] == ["A2", "A1"]
    assert me["following"]["totalCount"] == 2
    assert ada.data(UNFOLLOW, a="A1")["unfollowAuthor"] == {"authorId": "A1", "following": False,
                                                           "followersCount": 0}
    assert ada.data(UNFOLLOW, a="A1")["unfollowAuthor"]["followersCount"] == 0
    assert ada.error(FOLLOW, a="A404") == ("NOT_FOUND", "Author not found: A404")
    page = ada.data("{ me { following(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage } } } }")
    assert page["me"]["following"]["pageInfo"]["hasNextPage"] is False
    assert ada.error("{ me { following(first: 500) { totalCount } } }") == (
        "LIMIT_EXCEEDED", "first: 500 exceeds the limit of 100")


def test_claims_cannot_be_touched_by_others(base_url: str, people: dict[str, tuple[accounts.User, str]]) -> None:
    root, ada, bob = (Client(base_url, people[n][1]) for n in ("root", "ada", "bob"))
    claim = ada.data(CLAIM, a="A1", e="My ORCID record lists these works")["claimAuthor"]
    assert claim["status"] == "PENDING"
    cid = claim["id"]
    # Another user can neither withdraw, approve, reject nor read it.
    assert bob.error(WITHDRAW, c=cid) == ("NOT_FOUND", f"Claim not found: {cid}")
    assert bob.error(APPROVE, c=cid) == ("FORBIDDEN", "Administrator access required")
    assert bob.error(REJECT, c=cid, r="no") == ("FORBIDDEN", "Administrator access required")
    assert ada.error(APPROVE, c=cid) == ("FORBIDDEN", "Administrator access required")  # not even her own
    assert bob.data("{ me { claims { id } } }")["me"]["claims"] == []
    assert bob.error("{ me { claimsToReview { id } } }") == ("FORBIDDEN", "Administrator access required")
    assert [c["id"] for c in root.data("{ me { claimsToReview { id } } }")["me"]["claimsToReview"]] == [cid]
    # The administrator verifies; a second claimant is refused.
    assert root.data(APPROVE, c=cid)["approveClaim"] == {"id": cid, "status": "VERIFIED", "verifiedVia": "ADMIN"}
    assert ada.data("{ me { claims { id status } } }")["me"]["claims"] == [{"id": cid, "status": "VERIFIED"}]
    assert bob.error(CLAIM, a="A1", e="me") == (
        "CONFLICT", "This author record is already claimed and verified by another user")
    # A rejected claim says why.
    other = bob.data(CLAIM, a="A2", e="trust me")["claimAuthor"]["id"]
    root.data(REJECT, c=other, r="No evidence that links you to these works")
    assert bob.data("{ me { claims { id status reason } } }")["me"]["claims"] == [
        {"id": other, "status": "REJECTED", "reason": "No evidence that links you to these works"}]
    assert ada.data(WITHDRAW, c=cid) == {"withdrawClaim": cid}
    assert ada.error(WITHDRAW, c=cid) == ("NOT_FOUND", f"Claim not found: {cid}")


def test_invitations_flow_and_privacy(base_url: str, graph: Graph,
                                      people: dict[str, tuple[accounts.User, str]]) -> None:
    root, ada, bob, eve = (Client(base_url, people[n][1]) for n in ("root", "ada", "bob", "eve"))
    assert bob.error(INVITE, a="A1", m="Shall we write a paper?") == (
        "FAILED_PRECONDITION", "This author must be claimed before direct collaboration")
    root.data(APPROVE, c=ada.data(CLAIM, a="A1", e="mine")["claimAuthor"]["id"])
    inv = bob.data(INVITE, a="A1", m="Shall we write a paper?")["inviteToCollaborate"]
    assert (inv["status"], inv["direction"], inv["author"], inv["sender"]["displayName"]) == (
        "PENDING", "SENT", {"id": "A1"}, "Bob")
    assert inv["recipient"]["id"] == people["ada"][0].id
    received = ada.data(ME)["me"]["invitations"]
    assert [(i["id"], i["direction"], i["message"], i["contactEmail"]) for i in received] == [
        (inv["id"], "RECEIVED", "Shall we write a paper?", None)]
    assert eve.data(ME)["me"]["invitations"] == []
    assert eve.error(RESPOND, i=inv["id"], y=True) == ("NOT_FOUND", f"Invitation not found: {inv['id']}")
    assert bob.error(RESPOND, i=inv["id"], y=True) == (
        "FORBIDDEN", "Only the invited person can respond to an invitation")
    accepted = ada.data(RESPOND, i=inv["id"], y=True)["respondToInvitation"]
    assert (accepted["status"], accepted["contactEmail"]) == ("ACCEPTED", "bob@example.org")
    assert ada.error(RESPOND, i=inv["id"], y=False) == ("CONFLICT", "This invitation was already accepted")
    sent = bob.data("{ me { invitations(direction: SENT) { id status contactEmail } } }")["me"]["invitations"]
    assert sent == [{"id": inv["id"], "status": "ACCEPTED", "contactEmail": "ada@example.org"}]
    assert ada.error(INVITE, a="A1", m="hi") == ("BAD_USER_INPUT", "You cannot invite yourself to collaborate")
    assert counts(graph)["INVITED"] == 1


def test_rate_limit_holds(base_url: str, graph: Graph, monkeypatch: pytest.MonkeyPatch,
                          people: dict[str, tuple[accounts.User, str]]) -> None:
    monkeypatch.setenv("SCHOLARGRAPH_INVITE_LIMIT", "2")
    graph.write("UNWIND ['A3', 'A4'] AS id CREATE (:Author {id: id})")
    for i, author in enumerate(["A1", "A2", "A3", "A4"]):
        owner, _ = accounts.create_user(graph, f"owner{i}@example.org")
        accounts.approve_claim(graph, accounts.claim_author(graph, owner, author).id)
    bob = Client(base_url, people["bob"][1])
    bob.data(INVITE, a="A1", m="hi")
    bob.data(INVITE, a="A2", m="hi")
    bob.data(INVITE, a="A1", m="hi again")  # the same pending invitation: not counted twice
    body = bob.post(INVITE, a="A3", m="hi")
    [err] = body["errors"]
    assert err["message"] == "Invitation limit reached: at most 2 invitations per 24 hours"
    assert err["extensions"]["code"] == "RATE_LIMITED" and 0 < err["extensions"]["retryAfterSeconds"] <= 86401
    assert counts(graph)["INVITED"] == 2
    # Another user's allowance is their own.
    assert Client(base_url, people["eve"][1]).data(INVITE, a="A3", m="hi")["inviteToCollaborate"]["status"] == (
        "PENDING")


def test_claim_limit_and_standing_rejection(base_url: str, graph: Graph, monkeypatch: pytest.MonkeyPatch,
                                           people: dict[str, tuple[accounts.User, str]]) -> None:
    monkeypatch.setenv("SCHOLARGRAPH_CLAIM_LIMIT", "2")
    graph.write("CREATE (:Author {id: 'A3'})")
    root, bob = Client(base_url, people["root"][1]), Client(base_url, people["bob"][1])
    first = bob.data(CLAIM, a="A1", e="mine")["claimAuthor"]["id"]
    bob.data(CLAIM, a="A2", e="mine")
    assert bob.data(CLAIM, a="A1", e="mine, really")["claimAuthor"]["id"] == first  # not counted again
    [err] = bob.post(CLAIM, a="A3", e="mine")["errors"]
    assert err["message"] == "Claim limit reached: at most 2 claims per 24 hours"
    assert err["extensions"]["code"] == "RATE_LIMITED" and 0 < err["extensions"]["retryAfterSeconds"] <= 86401
    assert counts(graph)["CLAIMS"] == 2
    # A rejected claim cannot be made again for 30 days.
    root.data(REJECT, c=first, r="No evidence")
    [err] = bob.post(CLAIM, a="A1", e="https://bob.example.org")["errors"]
    assert err["message"].startswith("Your claim on this author was rejected on ")
    assert " UTC: you can claim it again after " in err["message"]
    assert err["extensions"]["code"] == "FAILED_PRECONDITION"
    assert 30 * 86400 - 60 < err["extensions"]["retryAfterSeconds"] <= 30 * 86400 + 1
    assert bob.data("{ me { claims { id status } } }")["me"]["claims"][-1] == {"id": first, "status": "REJECTED"}


def test_admin_creates_users_and_tokens_stay_secret(base_url: str, graph: Graph,
                                                    caplog: pytest.LogCaptureFixture,
                                                    people: dict[str, tuple[accounts.User, str]]) -> None:
    caplog.set_level(logging.DEBUG)
    root, ada = Client(base_url, people["root"][1]), Client(base_url, people["ada"][1])
    assert ada.error(CREATE_USER, e="new@example.org") == ("FORBIDDEN", "Administrator access required")
    created = root.data(CREATE_USER, e="New@Example.org", n="Newton")["createUser"]
    assert (created["email"], created["displayName"], created["admin"]) == ("new@example.org", "Newton", False)
    assert root.error(CREATE_USER, e="new@example.org") == (
        "CONFLICT", "A user with email new@example.org already exists")
    newton = Client(base_url, created["token"])
    assert newton.data("{ me { email displayName } }")["me"] == {"email": "new@example.org",
                                                                 "displayName": "Newton"}
    newton.data(FOLLOW, a="A1")
    revoked = newton.data(REVOKE)["revokeToken"]
    assert revoked["revoked"]
    assert newton.data("{ me { id } }") == {"me": None}
    assert newton.error(FOLLOW, a="A1") == ("UNAUTHENTICATED", AUTH_REQUIRED)
    nodes, rels = dump(graph)
    stored = "\n".join(nodes + rels)
    assert caplog.text and "Token" in stored
    for token in [created["token"], *(t for _, t in people.values())]:
        assert token not in stored and token not in caplog.text


PROFILE = """query($a: ID!) { author(id: $a) { profile { counts { followers } claimStatus claimed
  trust { score verificationLevel signals { name contribution } } } } }"""


def test_profile_shows_followers_and_verification(base_url: str, people: dict[str, tuple[accounts.User, str]],
                                                 graph: Graph) -> None:
    """Follow twice, unfollow once: 0 followers. Claim: L2; approve: L3, and the trust score
    rises by the claim signal's weight (docs/api.md: 30 x 0.4 pending, 30 x 1 verified). A1
    has no ORCID, no works: 7.5 points of coherence (too few works to judge), so 8, 20, 38."""
    root, ada, bob = (Client(base_url, people[n][1]) for n in ("root", "ada", "bob"))

    def profile() -> tuple[int, str | None, bool, int, str, float]:
        p = Client(base_url).data(PROFILE, a="A1")["author"]["profile"]
        claim = next(s["contribution"] for s in p["trust"]["signals"] if s["name"] == "claim")
        return (p["counts"]["followers"], p["claimStatus"], p["claimed"], p["trust"]["score"],
                p["trust"]["verificationLevel"], claim)

    assert profile() == (0, None, False, 8, "L0", 0)  # asked before any FOLLOWS or CLAIMS exists
    bob.data(FOLLOW, a="A1")
    bob.data(FOLLOW, a="A1")
    ada.data(FOLLOW, a="A1")
    assert profile()[0] == 2
    bob.data(UNFOLLOW, a="A1")
    ada.data(UNFOLLOW, a="A1")
    assert profile()[0] == 0
    cid = ada.data(CLAIM, a="A1", e="mine")["claimAuthor"]["id"]
    assert profile() == (0, "PENDING", False, 20, "L2", 12)
    root.data(APPROVE, c=cid)
    assert profile() == (0, "VERIFIED", True, 38, "L3", 30)
