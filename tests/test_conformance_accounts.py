"""Conformance of the accounts' named queries (accounts/*) on every engine the suite reaches.

Each test runs the queries with the parameters accounts/*.py passes (explicit ids and
timestamps here) on the fixture graph of tests/test_conformance.py (authors A1 Ada Lovelace,
A2 Alan Turing, A3 Grace Hopper, A4 Edsger Dijkstra; none with an ORCID), asserts the rows
each returns, written out by hand, and reads the graph back for the effect of each write.
The domain behaviour around them (errors, the rate limit's retry time) is in test_accounts_*.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from accounts.errors import SUPERSEDED
from accounts.models import stamp
from graphdb import Graph
from tests import test_conformance as base

fixture_graph = base.fixture_graph  # the shared fixture, registered in this module too

Row = dict[str, Any]
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ORCID = "0000-0002-1825-0097"
AUTHORS = {"A1": "Ada Lovelace", "A2": "Alan Turing", "A3": "Grace Hopper", "A4": "Edsger Dijkstra"}
NAMES = {"U1": "User One", "U2": "User Two", "U3": "User Three", "U4": "User Four"}

COVERED: set[str] = set()


def covers(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Count the test as the conformance case of these names (for the coverage check)."""

    def mark(test: Callable[..., None]) -> Callable[..., None]:
        COVERED.update(names)
        return test

    return mark


def t(minutes: int) -> str:
    """A stored timestamp: fixed-width UTC ISO, as accounts.models.stamp writes them."""
    return stamp(T0 + timedelta(minutes=minutes))


def email(uid: str) -> str:
    return f"{uid.lower()}@example.org"


def token_hash(token_id: str) -> str:
    return token_id.encode().hex().ljust(64, "0")  # a SHA-256-sized hex string


def user_row(uid: str, created: str, *, admin: bool = False, orcid: str | None = None) -> Row:
    return {"id": uid, "email": email(uid), "display_name": NAMES[uid], "created": created, "admin": admin,
            "orcid": orcid}


def create_user(g: Graph, uid: str, minute: int, *, admin: bool = False, orcid: str | None = None,
                address: str | None = None) -> list[Row]:
    return g.execute("accounts/create_user", {
        "id": uid, "email": address or email(uid), "display_name": NAMES[uid], "orcid": orcid, "admin": admin,
        "now": t(minute), "token_id": f"tok-{uid}", "token_hash": token_hash(f"tok-{uid}")}).rows


def users(g: Graph, *uids: str, orcid: dict[str, str] | None = None) -> None:
    for minute, uid in enumerate(uids):
        assert create_user(g, uid, minute - 100, orcid=(orcid or {}).get(uid))


def verified(g: Graph, uid: str, aid: str) -> None:
    """A verified claim written directly (the claim queries have their own tests)."""
    g.write("MATCH (u:User {id: $u}) MATCH (a:Author {id: $a}) "
            "CREATE (u)-[:CLAIMS {id: $id, status: 'verified', created: $now}]->(a)",
            {"u": uid, "a": aid, "id": f"c-{uid}-{aid}", "now": t(-50)})


# -- users and tokens ------------------------------------------------------------------


@covers("accounts/create_user", "accounts/user_by_email", "accounts/users", "accounts/user_by_token_hash")
def test_users_are_created_once_per_email_with_a_first_token(fixture_graph: Graph) -> None:
    g = fixture_graph
    assert create_user(g, "U1", 0) == [{**user_row("U1", t(0)), "token_id": "tok-U1"}]
    assert create_user(g, "U2", 1, admin=True, orcid=ORCID) == [
        {**user_row("U2", t(1), admin=True, orcid=ORCID), "token_id": "tok-U2"}]
    # the email is taken: nothing written, not even the token
    assert create_user(g, "U3", 2, address=email("U1")) == []
    stored = [{**{k: v for k, v in r.items() if k != "k"}, "revoked": (r["k"] or {}).get("revoked")} for r in g.read(
        "MATCH (u:User) OPTIONAL MATCH (u)-[:HAS_TOKEN]->(k:Token) "
        "RETURN u.id AS id, u.email AS email, u.display_name AS name, u.created AS created, "
        "u.admin AS admin, u.orcid AS orcid, k.id AS token, k.hash AS hash, k.created AS issued, "
        "properties(k) AS k ORDER BY id").rows]  # properties(k): `revoked` is a key no write used yet
    assert stored == [
        {"id": "U1", "email": email("U1"), "name": "User One", "created": t(0), "admin": False, "orcid": None,
         "token": "tok-U1", "hash": token_hash("tok-U1"), "issued": t(0), "revoked": None},
        {"id": "U2", "email": email("U2"), "name": "User Two", "created": t(1), "admin": True, "orcid": ORCID,
         "token": "tok-U2", "hash": token_hash("tok-U2"), "issued": t(1), "revoked": None}]
    assert g.read("MATCH (k:Token) RETURN count(k) AS n").value() == 2

    assert g.query("accounts/user_by_email", {"email": email("U2")}).rows == [
        user_row("U2", t(1), admin=True, orcid=ORCID)]
    assert g.query("accounts/user_by_email", {"email": "nobody@example.org"}).rows == []
    assert g.query("accounts/users").rows == [{**user_row("U1", t(0)), "active_tokens": 1},
                                              {**user_row("U2", t(1), admin=True, orcid=ORCID), "active_tokens": 1}]
    assert g.query("accounts/user_by_token_hash", {"hash": token_hash("tok-U1")}).rows == [
        {**user_row("U1", t(0)), "token_id": "tok-U1"}]
    assert g.query("accounts/user_by_token_hash", {"hash": token_hash("tok-none")}).rows == []


@covers("accounts/issue_token", "accounts/tokens", "accounts/revoke_tokens")
def test_tokens_are_issued_listed_and_revoked_once(fixture_graph: Graph) -> None:
    g = fixture_graph
    users(g, "U1", "U2")  # U1's first token tok-U1 was issued at t(-100)

    def issue(uid: str, token_id: str, minute: int) -> list[Row]:
        return g.execute("accounts/issue_token", {"user": uid, "token_id": token_id,
                                                  "token_hash": token_hash(token_id), "now": t(minute)}).rows

    def revoke(uid: str, token_id: str | None, minute: int) -> list[Row]:
        return g.execute("accounts/revoke_tokens", {"user": uid, "token": token_id, "now": t(minute)}).rows

    assert issue("U1", "tok-b", 1) == [{"id": "tok-b", "created": t(1)}]
    assert issue("U9", "tok-x", 1) == []
    assert g.read("MATCH (k:Token {id: 'tok-x'}) RETURN count(k) AS n").value() == 0
    assert g.query("accounts/tokens", {"user": "U1"}).rows == [
        {"id": "tok-U1", "created": t(-100), "revoked": None}, {"id": "tok-b", "created": t(1), "revoked": None}]
    assert g.query("accounts/user_by_token_hash", {"hash": token_hash("tok-b")}).rows[0]["token_id"] == "tok-b"

    assert revoke("U1", "tok-U1", 2) == [{"id": "tok-U1", "created": t(-100), "revoked": t(2)}]
    assert revoke("U1", "tok-U1", 3) == [{"id": "tok-U1", "created": t(-100), "revoked": t(2)}]  # the first time
    assert revoke("U2", "tok-b", 3) == []  # not U2's token
    assert g.query("accounts/user_by_token_hash", {"hash": token_hash("tok-U1")}).rows == []
    assert [r["active_tokens"] for r in g.query("accounts/users").rows] == [1, 1]

    assert revoke("U1", None, 4) == [{"id": "tok-U1", "created": t(-100), "revoked": t(2)},
                                     {"id": "tok-b", "created": t(1), "revoked": t(4)}]
    assert g.query("accounts/tokens", {"user": "U1"}).rows == [
        {"id": "tok-U1", "created": t(-100), "revoked": t(2)}, {"id": "tok-b", "created": t(1), "revoked": t(4)}]
    assert g.query("accounts/user_by_token_hash", {"hash": token_hash("tok-b")}).rows == []
    assert [(r["id"], r["active_tokens"]) for r in g.query("accounts/users").rows] == [("U1", 0), ("U2", 1)]
    assert g.query("accounts/tokens", {"user": "U9"}).rows == []


# -- follows ---------------------------------------------------------------------------


@covers("accounts/follow", "accounts/unfollow", "accounts/following", "accounts/following_count")
def test_follows_are_one_per_user_and_author(fixture_graph: Graph) -> None:
    g = fixture_graph
    users(g, "U1", "U2")

    def follow(uid: str, aid: str, minute: int) -> list[Row]:
        return g.execute("accounts/follow", {"user": uid, "author": aid, "now": t(minute)}).rows

    def unfollow(uid: str, aid: str) -> list[Row]:
        return g.execute("accounts/unfollow", {"user": uid, "author": aid}).rows

    def following(uid: str, after: tuple[str, str] | None, limit: int) -> list[Row]:
        after_time, after_id = after or (None, None)
        return g.query("accounts/following", {"user": uid, "after_time": after_time, "after_id": after_id,
                                              "limit": limit}).rows

    def count(uid: str) -> int:
        return g.query("accounts/following_count", {"user": uid}).value()

    assert follow("U1", "A1", 1) == [{"author": "A1", "followers": 1}]
    assert follow("U1", "A1", 5) == [{"author": "A1", "followers": 1}]  # again: still one, from t(1)
    assert follow("U2", "A1", 2) == [{"author": "A1", "followers": 2}]
    assert follow("U1", "A4", 3) == [{"author": "A4", "followers": 1}]
    assert follow("U1", "A3", 3) == [{"author": "A3", "followers": 1}]
    assert follow("U1", "A404", 3) == []
    assert follow("U9", "A1", 3) == []
    stored = g.read("MATCH (u:User)-[f:FOLLOWS]->(a:Author) RETURN u.id AS u, a.id AS a, f.created AS at "
                    "ORDER BY u, a").rows
    assert [(r["u"], r["a"], r["at"]) for r in stored] == [
        ("U1", "A1", t(1)), ("U1", "A3", t(3)), ("U1", "A4", t(3)), ("U2", "A1", t(2))]

    def item(aid: str, minute: int) -> Row:
        return {"id": aid, "display_name": AUTHORS[aid], "orcid": None, "followed_at": t(minute)}

    # most recent follow first, ties by author id; the cursor is the last row's (followed_at, id)
    assert following("U1", None, 10) == [item("A3", 3), item("A4", 3), item("A1", 1)]
    assert following("U1", None, 1) == [item("A3", 3)]
    assert following("U1", (t(3), "A3"), 10) == [item("A4", 3), item("A1", 1)]
    assert following("U1", (t(3), "A4"), 10) == [item("A1", 1)]
    assert following("U1", (t(1), "A1"), 10) == []
    assert (count("U1"), count("U2"), count("U9")) == (3, 1, 0)

    assert unfollow("U1", "A1") == [{"author": "A1", "followers": 1}]
    assert unfollow("U1", "A1") == [{"author": "A1", "followers": 1}]  # not following: nothing changes
    assert unfollow("U1", "A404") == []
    assert unfollow("U2", "A1") == [{"author": "A1", "followers": 0}]
    assert g.read("MATCH (:User)-[f:FOLLOWS]->(:Author {id: 'A1'}) RETURN count(f) AS n").value() == 0
    assert (count("U1"), count("U2")) == (2, 0)
    assert following("U1", None, 10) == [item("A3", 3), item("A4", 3)]


# -- claims ----------------------------------------------------------------------------


def claim_row(cid: str, status: str, uid: str, aid: str, created: str, *, evidence: str = "",
              reviewed: str | None = None, reason: str | None = None, via: str | None = None,
              user_orcid: str | None = None, author_orcid: str | None = None) -> Row:
    return {"id": cid, "status": status, "evidence": evidence, "created": created, "reviewed": reviewed,
            "reason": reason, "verified_via": via, "author_id": aid, "author_name": AUTHORS[aid],
            "author_orcid": author_orcid, "user_id": uid, "user_name": NAMES[uid], "user_orcid": user_orcid}


def claim(g: Graph, uid: str, aid: str, cid: str, minute: int, evidence: str = "", *, since: int = -1,
          limit: int = 100, rejection_since: int | None = None) -> list[Row]:
    """By default every claim counts in a generous window and no rejection stands."""
    return g.execute("accounts/claim", {"user": uid, "author": aid, "id": cid, "evidence": evidence,
                                        "now": t(minute), "superseded": SUPERSEDED, "since": t(since),
                                        "limit": limit,
                                        "rejection_since": t(minute if rejection_since is None else rejection_since)}
                     ).rows


def review(g: Graph, cid: str, status: str, minute: int, reason: str | None = None) -> list[Row]:
    return g.execute("accounts/review_claim", {"claim": cid, "status": status, "reason": reason, "reviewer": "U4",
                                               "now": t(minute), "superseded": SUPERSEDED}).rows


def stored_claims(g: Graph) -> list[tuple[Any, ...]]:
    # properties(c), not c.reviewed and the like: on a fresh Neo4j a key no write has used yet
    # draws a notification (and the suite fails a test on any)
    rows = g.read("MATCH (u:User)-[c:CLAIMS]->(a:Author) RETURN u.id AS u, a.id AS a, properties(c) AS c "
                  "ORDER BY c.id").rows
    keys = ("status", "evidence", "created", "reviewed", "reviewed_by", "reason", "verified_via")
    return [(r["c"]["id"], r["u"], r["a"], *(r["c"].get(k) for k in keys)) for r in rows]


@covers("accounts/claim", "accounts/claim_state", "accounts/claim_by_id", "accounts/claims", "accounts/my_claims",
        "accounts/review_claim", "accounts/withdraw_claim")
def test_claims_wait_for_review_and_one_claimant_is_verified(fixture_graph: Graph) -> None:
    g = fixture_graph
    users(g, "U1", "U2", "U3")

    def state(aid: str, uid: str = "U1", since: int = -1, rejection_since: int = 100) -> list[Row]:
        return [{k: r[k] for k in ("author_exists", "verified_by")}
                for r in g.query("accounts/claim_state", {"author": aid, "user": uid, "since": t(since),
                                                          "rejection_since": t(rejection_since),
                                                          "superseded": SUPERSEDED}).rows]

    def listed(status: str | None) -> list[str]:
        return [r["id"] for r in g.query("accounts/claims", {"status": status}).rows]

    assert claim(g, "U1", "A1", "c1", 1, "I am Ada") == [claim_row("c1", "pending", "U1", "A1", t(1),
                                                                   evidence="I am Ada")]
    # claiming again keeps the claim (its id and time) with the new evidence
    assert claim(g, "U1", "A1", "c1-again", 2, "Really") == [claim_row("c1", "pending", "U1", "A1", t(1),
                                                                       evidence="Really")]
    assert claim(g, "U2", "A1", "c2", 3, "No, I am") == [claim_row("c2", "pending", "U2", "A1", t(3),
                                                                   evidence="No, I am")]
    assert claim(g, "U1", "A404", "c9", 3) == []
    assert claim(g, "U9", "A1", "c9", 3) == []
    assert stored_claims(g) == [("c1", "U1", "A1", "pending", "Really", t(1), None, None, None, None),
                                ("c2", "U2", "A1", "pending", "No, I am", t(3), None, None, None, None)]
    assert state("A1") == [{"author_exists": True, "verified_by": []}]
    assert state("A404") == [{"author_exists": False, "verified_by": []}]
    assert (listed(None), listed("pending"), listed("verified")) == (["c1", "c2"], ["c1", "c2"], [])
    assert g.query("accounts/claim_by_id", {"claim": "c2"}).rows == [
        {**claim_row("c2", "pending", "U2", "A1", t(3), evidence="No, I am"), "user_email": email("U2")}]
    assert g.query("accounts/claim_by_id", {"claim": "c9"}).rows == []

    # approving one rejects the other pending claim on the author
    assert review(g, "c1", "verified", 4) == [claim_row("c1", "verified", "U1", "A1", t(1), evidence="Really",
                                                        reviewed=t(4), via="admin")]
    assert stored_claims(g) == [("c1", "U1", "A1", "verified", "Really", t(1), t(4), "U4", None, "admin"),
                                ("c2", "U2", "A1", "rejected", "No, I am", t(3), t(4), "U4", SUPERSEDED, None)]
    assert state("A1") == [{"author_exists": True, "verified_by": ["U1"]}]
    assert (listed("verified"), listed("rejected"), listed("pending")) == (["c1"], ["c2"], [])
    # another user holds the verified claim: no new claim, no approval
    assert claim(g, "U3", "A1", "c3", 5) == []
    assert claim(g, "U2", "A1", "c3", 5) == []
    assert review(g, "c2", "verified", 5) == []
    assert review(g, "c404", "verified", 5) == []
    # rejecting a rejected claim again changes its reason, not its review time
    assert review(g, "c2", "rejected", 6, "Not you") == [claim_row("c2", "rejected", "U2", "A1", t(3),
                                                                   evidence="No, I am", reviewed=t(4),
                                                                   reason="Not you")]
    # the verified claimant claiming again changes nothing
    assert claim(g, "U1", "A1", "c5", 7, "Once more") == [claim_row("c1", "verified", "U1", "A1", t(1),
                                                                    evidence="Really", reviewed=t(4), via="admin")]
    assert stored_claims(g) == [("c1", "U1", "A1", "verified", "Really", t(1), t(4), "U4", None, "admin"),
                                ("c2", "U2", "A1", "rejected", "No, I am", t(3), t(4), "U4", "Not you", None)]

    assert claim(g, "U1", "A2", "c4", 8) == [claim_row("c4", "pending", "U1", "A2", t(8))]
    assert [r["id"] for r in g.query("accounts/my_claims", {"user": "U1"}).rows] == ["c4", "c1"]  # newest first
    assert g.query("accounts/my_claims", {"user": "U2"}).rows == [
        claim_row("c2", "rejected", "U2", "A1", t(3), evidence="No, I am", reviewed=t(4), reason="Not you")]
    # a rejected claim may be made again: pending, with the review cleared
    assert claim(g, "U2", "A2", "c6", 9) == [claim_row("c6", "pending", "U2", "A2", t(9))]
    assert review(g, "c6", "rejected", 10, "Not you either") == [
        claim_row("c6", "rejected", "U2", "A2", t(9), reviewed=t(10), reason="Not you either")]
    assert claim(g, "U2", "A2", "c7", 11, "Proof") == [claim_row("c6", "pending", "U2", "A2", t(9),
                                                                 evidence="Proof")]

    # withdrawing: only one's own claim, returned as it was; not a rejection that still stands
    def withdraw(user: str, claim: str, rejection_since: int = 0) -> list[dict]:
        return g.execute("accounts/withdraw_claim", {"user": user, "claim": claim, "superseded": SUPERSEDED,
                                                     "rejection_since": t(rejection_since)}).rows

    assert withdraw("U2", "c1") == []
    assert withdraw("U2", "c2", rejection_since=3) == []  # rejected at t(4): stands
    assert withdraw("U1", "c4") == [claim_row("c4", "pending", "U1", "A2", t(8))]
    assert withdraw("U1", "c4") == []
    assert g.query("accounts/claim_by_id", {"claim": "c4"}).rows == []
    assert [r[0] for r in stored_claims(g)] == ["c1", "c2", "c6"]


@covers("accounts/claim", "accounts/claim_state")
def test_new_claims_are_limited_and_a_rejection_stands(fixture_graph: Graph) -> None:
    g = fixture_graph
    users(g, "U1", "U2")

    def state(aid: str, uid: str, since: int, rejection_since: int) -> Row:
        [row] = g.query("accounts/claim_state", {"author": aid, "user": uid, "since": t(since),
                                                  "rejection_since": t(rejection_since),
                                                  "superseded": SUPERSEDED}).rows
        return row

    assert claim(g, "U1", "A1", "c1", 1, limit=2) == [claim_row("c1", "pending", "U1", "A1", t(1))]
    assert claim(g, "U1", "A2", "c2", 2, limit=2) == [claim_row("c2", "pending", "U1", "A2", t(2))]
    # a third new claim in the window: refused; claiming again is not counted
    assert claim(g, "U1", "A3", "c3", 3, limit=2) == []
    assert claim(g, "U1", "A1", "c3", 3, "again", limit=2) == [claim_row("c1", "pending", "U1", "A1", t(1),
                                                                         evidence="again")]
    assert state("A3", "U1", -1, 3) == {"author_exists": True, "verified_by": [], "user_exists": True,
                                        "rejected": None, "used": 2, "oldest": t(1)}
    # a window that starts after the first claim has a slot free
    assert state("A3", "U1", 2, 3)["used"] == 1
    assert claim(g, "U1", "A3", "c3", 3, since=2, limit=2) == [claim_row("c3", "pending", "U1", "A3", t(3))]
    assert claim(g, "U1", "A4", "c4", 3, limit=0) == []
    assert [r["id"] for r in g.read("MATCH (:User)-[c:CLAIMS]->(:Author) RETURN c.id AS id ORDER BY id")] == [
        "c1", "c2", "c3"]

    # a rejection stands while it was reviewed at or after $rejection_since
    assert claim(g, "U2", "A4", "c5", 4) == [claim_row("c5", "pending", "U2", "A4", t(4))]
    assert review(g, "c5", "rejected", 5, "No") == [claim_row("c5", "rejected", "U2", "A4", t(4), reviewed=t(5),
                                                              reason="No")]
    assert claim(g, "U2", "A4", "c6", 6, "Proof", rejection_since=5) == []
    assert state("A4", "U2", -1, 5) == {"author_exists": True, "verified_by": [], "user_exists": True,
                                        "rejected": t(5), "used": 1, "oldest": t(4)}
    assert state("A4", "U2", -1, 6)["rejected"] is None
    assert claim(g, "U2", "A4", "c6", 7, "Proof", rejection_since=6, limit=1) == [
        claim_row("c5", "pending", "U2", "A4", t(4), evidence="Proof")]  # the same claim: not counted

    # a claim rejected because another claimant was verified: that rejection never stands
    assert claim(g, "U2", "A1", "c7", 8) == [claim_row("c7", "pending", "U2", "A1", t(8))]
    assert review(g, "c1", "verified", 9)[0]["status"] == "verified"
    assert state("A1", "U2", -1, 0)["rejected"] is None
    assert g.execute("accounts/withdraw_claim", {"user": "U1", "claim": "c1", "superseded": SUPERSEDED,
                                                 "rejection_since": t(0)}).rows[0]["id"] == "c1"
    assert claim(g, "U2", "A1", "c8", 10, rejection_since=0) == [claim_row("c7", "pending", "U2", "A1", t(8))]

    assert state("A404", "U9", -1, 0) == {"author_exists": False, "verified_by": [], "user_exists": False,
                                          "rejected": None, "used": 0, "oldest": None}


@covers("accounts/claim")
def test_a_matching_orcid_verifies_a_claim_at_once(fixture_graph: Graph) -> None:
    g = fixture_graph
    g.write("MATCH (a:Author {id: 'A2'}) SET a.orcid = $orcid", {"orcid": ORCID})
    users(g, "U1", "U2", "U3", orcid={"U2": ORCID})
    assert claim(g, "U1", "A2", "c1", 1) == [claim_row("c1", "pending", "U1", "A2", t(1), author_orcid=ORCID)]
    assert claim(g, "U2", "A2", "c2", 2, "My ORCID") == [
        claim_row("c2", "verified", "U2", "A2", t(2), evidence="My ORCID", reviewed=t(2), via="orcid",
                  user_orcid=ORCID, author_orcid=ORCID)]
    assert stored_claims(g) == [("c1", "U1", "A2", "rejected", "", t(1), t(2), "orcid", SUPERSEDED, None),
                                ("c2", "U2", "A2", "verified", "My ORCID", t(2), t(2), "orcid", None, "orcid")]
    assert claim(g, "U3", "A2", "c3", 3) == []
    # the ORCID verifies only its own author record
    assert claim(g, "U2", "A3", "c4", 4) == [claim_row("c4", "pending", "U2", "A3", t(4), user_orcid=ORCID)]


# -- invitations -----------------------------------------------------------------------

WINDOW = t(-24 * 60)  # the start of a 24-hour rate-limit window


def invitation_row(iid: str, status: str, message: str, created: str, responded: str | None, aid: str,
                   sender: str, recipient: str) -> Row:
    return {"id": iid, "status": status, "message": message, "created": created, "responded": responded,
            "author_id": aid, "author_name": AUTHORS[aid], "author_orcid": None,
            "sender_id": sender, "sender_name": NAMES[sender], "sender_orcid": None, "sender_email": email(sender),
            "recipient_id": recipient, "recipient_name": NAMES[recipient], "recipient_orcid": None,
            "recipient_email": email(recipient)}


@covers("accounts/invite", "accounts/invite_state", "accounts/invitation_parties", "accounts/invitations_received",
        "accounts/invitations_sent", "accounts/respond_invitation")
def test_invitations_reach_the_verified_claimant_within_the_limit(fixture_graph: Graph) -> None:
    g = fixture_graph
    users(g, "U1", "U2", "U3", "U4")
    verified(g, "U1", "A1")
    verified(g, "U3", "A3")

    def invite(uid: str, aid: str, iid: str, minute: int, message: str, *, since: str = WINDOW,
               limit: int = 1) -> list[Row]:
        return g.execute("accounts/invite", {"user": uid, "author": aid, "id": iid, "message": message,
                                             "now": t(minute), "since": since, "limit": limit}).rows

    def state(uid: str, aid: str, since: str = WINDOW) -> list[Row]:
        return g.query("accounts/invite_state", {"user": uid, "author": aid, "since": since}).rows

    def respond(uid: str, iid: str, status: str, minute: int) -> list[Row]:
        return g.execute("accounts/respond_invitation", {"user": uid, "invitation": iid, "status": status,
                                                         "now": t(minute)}).rows

    def parties(iid: str, uid: str) -> list[Row]:
        return g.query("accounts/invitation_parties", {"invitation": iid, "user": uid}).rows

    i1 = invitation_row("i1", "pending", "Shall we?", t(1), None, "A1", "U2", "U1")
    assert invite("U2", "A1", "i1", 1, "Shall we?") == [{**i1, "used": 0}]
    # the pending invitation again: returned as it is, however the limit stands
    assert invite("U2", "A1", "i1-again", 2, "Please?") == [{**i1, "used": 1}]
    # one invitation per window: a second author is refused, and why is in invite_state
    assert invite("U2", "A3", "i2", 3, "And you?") == []
    assert state("U2", "A3") == [{"author_exists": True, "claimant": "U3", "used": 1, "oldest": t(1)}]
    # a window that starts after i1 was sent has room
    i2 = invitation_row("i2", "pending", "And you?", t(3), None, "A3", "U2", "U3")
    assert invite("U2", "A3", "i2", 3, "And you?", since=t(2)) == [{**i2, "used": 0}]
    # nobody to invite: one's own record, an unclaimed record, an unknown one
    assert invite("U1", "A1", "i3", 4, "Me?", limit=5) == []
    assert invite("U2", "A4", "i3", 4, "Anyone?", limit=5) == []
    assert invite("U2", "A404", "i3", 4, "Anyone?", limit=5) == []
    assert state("U1", "A1") == [{"author_exists": True, "claimant": "U1", "used": 0, "oldest": None}]
    assert state("U2", "A4") == [{"author_exists": True, "claimant": None, "used": 2, "oldest": t(1)}]
    assert state("U2", "A404") == [{"author_exists": False, "claimant": None, "used": 2, "oldest": t(1)}]
    assert state("U2", "A4", since=t(2)) == [{"author_exists": True, "claimant": None, "used": 1, "oldest": t(3)}]
    stored = g.read("MATCH (s:User)-[i:INVITED]->(r:User) RETURN i.id AS id, s.id AS s, r.id AS r, "
                    "i.author_id AS a, i.status AS status, i.message AS m, i.created AS c ORDER BY id").rows
    assert [tuple(r.values()) for r in stored] == [("i1", "U2", "U1", "A1", "pending", "Shall we?", t(1)),
                                                   ("i2", "U2", "U3", "A3", "pending", "And you?", t(3))]

    assert g.query("accounts/invitations_received", {"user": "U1"}).rows == [i1]
    assert g.query("accounts/invitations_sent", {"user": "U2"}).rows == [i2, i1]  # newest first
    assert g.query("accounts/invitations_received", {"user": "U2"}).rows == []
    assert g.query("accounts/invitations_sent", {"user": "U1"}).rows == []

    # only the recipient answers; the sender and outsiders learn what they may
    assert respond("U2", "i1", "accepted", 5) == []
    assert parties("i1", "U2") == [{"status": "pending", "sender_id": "U2", "recipient_id": "U1"}]
    assert parties("i1", "U4") == []
    assert parties("i404", "U1") == []
    accepted = {**i1, "status": "accepted", "responded": t(5)}
    assert respond("U1", "i1", "accepted", 5) == [accepted]
    assert respond("U1", "i1", "accepted", 6) == [accepted]  # the same answer again: unchanged
    assert respond("U1", "i1", "declined", 7) == []
    assert parties("i1", "U1") == [{"status": "accepted", "sender_id": "U2", "recipient_id": "U1"}]
    assert respond("U3", "i2", "declined", 8) == [{**i2, "status": "declined", "responded": t(8)}]
    assert g.query("accounts/invitations_sent", {"user": "U2"}).rows == [
        {**i2, "status": "declined", "responded": t(8)}, accepted]
    # once answered, a new invitation about the same author may be sent
    i3 = invitation_row("i3", "pending", "Again?", t(9), None, "A1", "U2", "U1")
    assert invite("U2", "A1", "i3", 9, "Again?", limit=3) == [{**i3, "used": 2}]
    assert g.query("accounts/invitations_received", {"user": "U1"}).rows == [i3, accepted]

