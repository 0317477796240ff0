"""Accounts at the domain level, on each engine: users and tokens, follows, claims,
invitations and the rate limit. Every successful mutation is one round trip (one
write query, one transaction)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import accounts
from accounts import errors
from accounts.config import ClaimLimit, InviteLimit
from accounts.models import User
from graphdb import ConstraintError, Graph, GraphError, open_async_graph, schema
from tests.support.graphdump import counts, dump

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ORCID = "0000-0002-1825-0097"


def authors(graph: Graph, *ids: str, orcid: dict[str, str] | None = None) -> None:
    orcid = orcid or {}
    graph.write(
        "UNWIND $rows AS r CREATE (a:Author {id: r.id, display_name: r.name}) SET a.orcid = r.orcid",
        {"rows": [{"id": i, "name": f"Author {i}", "orcid": orcid.get(i)} for i in ids]},
    )


def user(graph: Graph, email: str, **kw: object) -> User:
    return accounts.create_user(graph, email, **kw)[0]  # type: ignore[arg-type]


def one_write(graph: Graph, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call a mutation and check it took exactly one round trip."""
    before = graph.round_trips
    out = fn(graph, *args, **kwargs)
    assert graph.round_trips - before == 1, f"{fn.__name__} used {graph.round_trips - before} queries"
    return out


# -- users and tokens ---------------------------------------------------------------------------


def test_create_user_stores_the_token_only_as_a_hash(graph: Graph) -> None:
    ada, token = accounts.create_user(graph, " Ada@Example.org ", "Ada Lovelace",
                                      orcid="https://orcid.org/0000-0002-1825-009x", admin=True)
    assert token.startswith("sg_") and len(token) == 3 + 43
    assert (ada.email, ada.display_name, ada.orcid, ada.admin) == (
        "ada@example.org", "Ada Lovelace", "0000-0002-1825-009X", True)
    node = graph.read("MATCH (u:User) RETURN properties(u) AS p").value()
    assert set(node) == {"id", "email", "display_name", "created", "admin", "orcid"}
    tok = graph.read("MATCH (:User {id: $id})-[:HAS_TOKEN]->(t:Token) RETURN properties(t) AS p",
                     {"id": ada.id}).value()
    assert set(tok) == {"id", "hash", "created"}
    assert tok["hash"] == hashlib.sha256(token.encode()).hexdigest()
    bob = user(graph, "bob@example.org")
    assert (bob.display_name, bob.admin, bob.orcid) == ("bob", False, None)


def test_create_user_is_one_transaction(graph: Graph) -> None:
    user_, _ = one_write(graph, accounts.create_user, "ada@example.org")
    assert counts(graph) == {"User": 1, "Token": 1, "HAS_TOKEN": 1}
    assert user_.email == "ada@example.org"


def test_duplicate_and_invalid_users_are_refused(graph: Graph) -> None:
    user(graph, "ada@example.org")
    with pytest.raises(accounts.Conflict) as exc:
        accounts.create_user(graph, "ADA@example.org")
    assert str(exc.value) == "A user with email ada@example.org already exists"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.create_user(graph, "not-an-email")
    assert str(exc.value) == "Invalid email address: 'not-an-email'"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.create_user(graph, "x@example.org", orcid="1234")
    assert str(exc.value) == "Invalid ORCID: '1234' (expected 0000-0000-0000-000X)"
    assert counts(graph)["User"] == 1


def test_the_graph_itself_keeps_emails_unique(graph: Graph) -> None:
    """The email is a unique constraint, not only the check in accounts/create_user: a second
    User with the same email is refused whoever writes it, and nothing of that write stays."""
    schema.init(graph, 384)
    user(graph, "ada@example.org")
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:User {id: 'u-other', email: 'ada@example.org'})")
    assert counts(graph)["User"] == 1


def test_concurrent_sign_ups_with_one_email_make_one_user(graph: Graph) -> None:
    """Eight requests for the same new email at once, on an initialised graph: one user, seven
    conflicts with the usual message (on Neo4j the constraint decides the race)."""
    from concurrent.futures import ThreadPoolExecutor

    schema.init(graph, 384)

    def sign_up(_: int) -> str:
        try:
            return accounts.create_user(graph, "ada@example.org")[0].email
        except accounts.Conflict as exc:
            return str(exc)

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(sign_up, range(8)))
    assert sorted(outcomes) == ["A user with email ada@example.org already exists"] * 7 + ["ada@example.org"]
    assert counts(graph) == {"User": 1, "Token": 1, "HAS_TOKEN": 1}


def test_init_over_duplicate_emails_says_what_to_do(graph: Graph) -> None:
    """A graph written before the constraint existed may hold two users with one email: init
    creates the rest of the schema, names the constraint it could not build, and builds it once
    the duplicate is gone."""
    graph.write("UNWIND ['u1', 'u2'] AS id CREATE (:User {id: id, email: 'ada@example.org'})")
    with pytest.raises(GraphError) as exc:
        schema.init(graph, 384)
    assert str(exc.value) == (
        "the unique constraint on User.email could not be built: the graph already holds nodes that share a "
        "value; remove the duplicates and run `scholargraph db init` again")
    email = schema.IndexInfo("unique", "User", ("email",))
    assert email not in schema.describe(graph)
    assert schema.describe(graph) >= schema.wanted(384) - {email}  # everything else is there
    graph.write("MATCH (u:User {id: 'u2'}) DELETE u")
    assert schema.init(graph, 384) == [email]
    assert schema.describe(graph) >= schema.wanted(384)
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:User {id: 'u3', email: 'ada@example.org'})")


def test_init_names_every_constraint_duplicates_prevent(graph: Graph) -> None:
    """One clause per constraint that could not be built, and the rest of the schema in place."""
    graph.write("UNWIND ['u1', 'u2'] AS id CREATE (:User {id: id, email: 'ada@example.org'})")
    graph.write("UNWIND [1, 2] AS i CREATE (:Work {id: 'W1', title: 'twice'})")
    with pytest.raises(GraphError) as exc:
        schema.init(graph, 384)
    clause = ("the unique constraint on {} could not be built: the graph already holds nodes that share a "
              "value; remove the duplicates and run `scholargraph db init` again")
    assert str(exc.value) == "; ".join(clause.format(c) for c in ("User.email", "Work.id"))
    failed = {schema.IndexInfo("unique", "User", ("email",)), schema.IndexInfo("unique", "Work", ("id",))}
    assert schema.describe(graph) >= schema.wanted(384) - failed
    assert not failed & schema.describe(graph)


def test_only_admins_create_users(graph: Graph) -> None:
    admin = user(graph, "root@example.org", admin=True)
    ada = user(graph, "ada@example.org")
    with pytest.raises(accounts.Forbidden) as exc:
        accounts.create_user(graph, "eve@example.org", by=ada)
    assert str(exc.value) == "Administrator access required"
    assert accounts.create_user(graph, "bob@example.org", by=admin)[0].email == "bob@example.org"


def test_token_authenticates_until_revoked(graph: Graph) -> None:
    ada, token = accounts.create_user(graph, "ada@example.org")
    found = accounts.user_for_token(graph, token)
    assert found is not None and found.id == ada.id and found.token_id
    for bad in (None, "", "sg_", token + "x", token[:-1], "Bearer " + token, "x" * 46):
        assert accounts.user_for_token(graph, bad) is None
    second, token2 = one_write(graph, accounts.issue_token, ada.id)
    revoked = one_write(graph, accounts.revoke_tokens, ada.id, found.token_id)
    assert [t.id for t in revoked] == [found.token_id] and revoked[0].revoked
    assert accounts.user_for_token(graph, token) is None
    assert accounts.user_for_token(graph, token2).id == ada.id  # type: ignore[union-attr]
    # Revoking again is idempotent and keeps the first revocation time.
    assert accounts.revoke_tokens(graph, ada.id, found.token_id) == revoked
    assert [t.id for t in accounts.revoke_tokens(graph, ada.id)] == [found.token_id, second.id]
    assert accounts.user_for_token(graph, token2) is None
    with pytest.raises(accounts.NotFound) as exc:
        accounts.revoke_tokens(graph, ada.id, "tok_nope")
    assert str(exc.value) == "Token not found: tok_nope"


def test_tokens_never_reach_the_database_or_the_logs(graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    authors(graph, "A1")
    ada, token = accounts.create_user(graph, "ada@example.org", admin=True)
    _, token2 = accounts.issue_token(graph, ada.id)
    bob, token3 = accounts.create_user(graph, "bob@example.org", by=ada)
    assert accounts.user_for_token(graph, token) is not None
    accounts.follow(graph, bob, "A1")
    accounts.revoke_tokens(graph, ada.id)
    nodes, rels = dump(graph)
    everything = "\n".join(nodes + rels) + caplog.text
    assert "Token" in everything and caplog.text  # the dump and the logs are not empty
    for clear in (token, token2, token3):
        assert clear not in everything
        assert clear[3:] not in everything  # not even without the prefix


# -- follows ------------------------------------------------------------------------------------


def test_follow_twice_unfollow_once(graph: Graph) -> None:
    authors(graph, "A1")
    ada, bob = user(graph, "ada@example.org"), user(graph, "bob@example.org")
    assert one_write(graph, accounts.follow, ada, "A1") == accounts.FollowState("A1", True, 1)
    assert one_write(graph, accounts.follow, ada, "A1") == accounts.FollowState("A1", True, 1)
    assert accounts.follow(graph, bob, "A1").followers == 2
    assert graph.read("MATCH (:User {id: $u})-[f:FOLLOWS]->(:Author) RETURN count(f) AS n",
                      {"u": ada.id}).value() == 1
    assert one_write(graph, accounts.unfollow, ada, "A1") == accounts.FollowState("A1", False, 1)
    assert accounts.unfollow(graph, ada, "A1").followers == 1
    assert accounts.unfollow(graph, bob, "A1").followers == 0
    with pytest.raises(accounts.NotFound) as exc:
        accounts.follow(graph, ada, "A404")
    assert str(exc.value) == "Author not found: A404"
    with pytest.raises(accounts.NotFound):
        accounts.unfollow(graph, ada, "A404")


def test_concurrent_follows_and_unfollows_count_every_follower(graph: Graph) -> None:
    """Eight users follow one author at once: each sees a different count, 1 to 8 (the count
    is read under the author's lock, as claims and invitations are); then they all unfollow at
    once: 7 to 0. Following again concurrently with unfollowing keeps the counts consistent."""
    from concurrent.futures import ThreadPoolExecutor

    schema.init(graph, 384)
    authors(graph, "A0")
    people = [user(graph, f"fan{i}@example.org") for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        followed = list(pool.map(lambda u: accounts.follow(graph, u, "A0").followers, people))
        assert sorted(followed) == list(range(1, 9))
        unfollowed = list(pool.map(lambda u: accounts.unfollow(graph, u, "A0").followers, people))
        assert sorted(unfollowed) == list(range(8))
        # Half follow again while the other half (not following) unfollow: no-ops see the count
        # of their moment; the last of the follows sees 4.
        mixed = list(pool.map(
            lambda iu: (accounts.follow if iu[0] % 2 else accounts.unfollow)(graph, iu[1], "A0"),
            enumerate(people)))
    assert sorted(s.followers for s in mixed if s.following) == [1, 2, 3, 4]
    assert all(0 <= s.followers <= 4 for s in mixed)
    assert counts(graph)["FOLLOWS"] == 4


def test_following_pages_most_recent_first(graph: Graph) -> None:
    authors(graph, "A1", "A2", "A3", "A4", "A5")
    ada = user(graph, "ada@example.org")
    for i, a in enumerate(["A1", "A2", "A3", "A4"]):
        accounts.follow(graph, ada, a, now=T0 + timedelta(minutes=i))
    accounts.follow(graph, ada, "A5", now=T0)  # same time as A1: ties go by id
    seen, after, pages = [], None, 0
    while True:
        page = accounts.following(graph, ada, first=2, after=after)
        seen += [f.author.id for f in page.items]
        pages += 1
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == ["A4", "A3", "A2", "A1", "A5"] and pages == 3
    assert accounts.following_count(graph, ada) == 5
    first = accounts.following(graph, ada, first=1).items[0]
    assert (first.author.display_name, first.followed_at) == ("Author A4", "2025-03-01T12:03:00.000000+00:00")
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.following(graph, ada, first=101)
    assert str(exc.value) == "first must be between 0 and 100"
    empty = accounts.following(graph, ada, first=0)
    assert (empty.items, empty.has_next_page, empty.end_cursor) == ([], True, None)
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.following(graph, ada, after="bogus")
    assert str(exc.value) == "Invalid cursor: 'bogus'"


# -- claims -------------------------------------------------------------------------------------


def claim_statuses(graph: Graph) -> list[tuple[str, str, str]]:
    rows = graph.read("MATCH (u:User)-[c:CLAIMS]->(a:Author) RETURN u.email AS u, a.id AS a, c.status AS s "
                      "ORDER BY u, a").rows
    return [(r["u"], r["a"], r["s"]) for r in rows]


def test_claim_approve_and_the_one_verified_claimant(graph: Graph) -> None:
    authors(graph, "A1")
    admin = user(graph, "root@example.org", admin=True)
    ada, bob, eve = (user(graph, f"{n}@example.org") for n in ("ada", "bob", "eve"))
    claim = one_write(graph, accounts.claim_author, ada, "A1", "My ORCID record lists this work", now=T0)
    assert (claim.status, claim.author.id, claim.claimant.id, claim.evidence) == (
        "pending", "A1", ada.id, "My ORCID record lists this work")
    again = accounts.claim_author(graph, ada, "A1", "My ORCID record lists this work")
    assert again.id == claim.id and again.created == claim.created
    rival = accounts.claim_author(graph, eve, "A1", "It is me, really")
    assert claim_statuses(graph) == [("ada@example.org", "A1", "pending"), ("eve@example.org", "A1", "pending")]

    with pytest.raises(accounts.Forbidden) as exc:
        accounts.approve_claim(graph, claim.id, by=ada)  # not an admin, not even for her own claim
    assert str(exc.value) == "Administrator access required"
    approved = one_write(graph, accounts.approve_claim, claim.id, by=admin, now=T0 + timedelta(days=1))
    assert (approved.status, approved.verified_via, approved.reason) == ("verified", "admin", None)
    assert approved.reviewed == "2025-03-02T12:00:00.000000+00:00"
    # The rival's pending claim is rejected, and says why.
    rivals = accounts.my_claims(graph, eve)
    assert [(c.id, c.status, c.reason) for c in rivals] == [
        (rival.id, "rejected", "Another claimant was verified for this author record")]
    # Approving again changes nothing; claiming again keeps the verified claim.
    assert accounts.approve_claim(graph, claim.id) == approved
    assert accounts.claim_author(graph, ada, "A1", "again").status == "verified"
    # A second user claiming a verified author gets a clear error, and nothing is written.
    with pytest.raises(accounts.Conflict) as exc:
        accounts.claim_author(graph, bob, "A1", "me too")
    assert str(exc.value) == "This author record is already claimed and verified by another user"
    with pytest.raises(accounts.Conflict) as exc:
        accounts.approve_claim(graph, rival.id, by=admin)
    assert str(exc.value) == "This author record is already claimed and verified by another user"
    assert claim_statuses(graph) == [("ada@example.org", "A1", "verified"), ("eve@example.org", "A1", "rejected")]
    with pytest.raises(accounts.NotFound) as exc:
        accounts.claim_author(graph, bob, "A404")
    assert str(exc.value) == "Author not found: A404"


def test_rejected_claim_says_why_and_can_be_renewed(graph: Graph) -> None:
    authors(graph, "A1")
    ada = user(graph, "ada@example.org")
    claim = accounts.claim_author(graph, ada, "A1", "trust me", now=T0)
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.reject_claim(graph, claim.id, "  ")
    assert str(exc.value) == "A rejection reason is required"
    rejected = one_write(graph, accounts.reject_claim, claim.id, "No evidence that links you to these works",
                         now=T0 + timedelta(hours=1))
    assert (rejected.status, rejected.reason) == ("rejected", "No evidence that links you to these works")
    mine = accounts.my_claims(graph, ada)
    assert [(c.status, c.reason) for c in mine] == [("rejected", "No evidence that links you to these works")]
    # The rejection stands for 30 days (SCHOLARGRAPH_CLAIM_REJECTION_DAYS); after that, a renewed claim.
    renewed = accounts.claim_author(graph, ada, "A1", "https://ada.example.org lists these papers",
                                    now=T0 + timedelta(days=30, hours=1, seconds=1))
    assert (renewed.id, renewed.status, renewed.reason) == (claim.id, "pending", None)
    assert renewed.evidence == "https://ada.example.org lists these papers"
    with pytest.raises(accounts.NotFound) as exc:
        accounts.reject_claim(graph, "c_nope", "no")
    assert str(exc.value) == "Claim not found: c_nope"


def test_claim_limit_from_configuration(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = [f"A{i}" for i in range(7)]
    authors(graph, *ids)
    ada, bob = user(graph, "ada@example.org"), user(graph, "bob@example.org")
    # The defaults: 5 new claims per 24 hours.
    for i, a in enumerate(ids[:5]):
        assert accounts.claim_author(graph, ada, a, "mine", now=T0 + timedelta(hours=i)).status == "pending"
    again = accounts.claim_author(graph, ada, "A0", "mine, really", now=T0 + timedelta(hours=5))  # not counted
    assert (again.status, again.evidence) == ("pending", "mine, really")
    with pytest.raises(accounts.RateLimited) as exc:
        accounts.claim_author(graph, ada, "A5", "mine", now=T0 + timedelta(hours=6))
    assert str(exc.value) == "Claim limit reached: at most 5 claims per 24 hours"
    assert exc.value.code == "RATE_LIMITED"
    assert exc.value.extensions == {"retryAfterSeconds": 18 * 3600 + 1}  # when the claim of T0 leaves the window
    assert counts(graph)["CLAIMS"] == 5
    # Another user's allowance is their own.
    assert accounts.claim_author(graph, bob, "A5", "mine", now=T0 + timedelta(hours=6)).status == "pending"
    # 24 hours after the first claim, one slot reopens.
    assert accounts.claim_author(graph, ada, "A5", "mine", now=T0 + timedelta(hours=24, seconds=1)).status == (
        "pending")
    with pytest.raises(accounts.RateLimited):
        accounts.claim_author(graph, ada, "A6", "mine", now=T0 + timedelta(hours=24, seconds=2))

    # The settings come from the environment, on each call.
    monkeypatch.setenv("SCHOLARGRAPH_CLAIM_LIMIT", "7")
    monkeypatch.setenv("SCHOLARGRAPH_CLAIM_WINDOW_HOURS", "1")
    monkeypatch.setenv("SCHOLARGRAPH_CLAIM_REJECTION_DAYS", "2.5")
    assert ClaimLimit.from_env() == ClaimLimit(7, 1.0, 2.5)
    assert accounts.claim_author(graph, ada, "A6", "mine", now=T0 + timedelta(hours=24, seconds=3)).status == (
        "pending")
    monkeypatch.setenv("SCHOLARGRAPH_CLAIM_LIMIT", "1")
    with pytest.raises(accounts.RateLimited) as exc:
        accounts.claim_author(graph, bob, "A6", "mine", now=T0 + timedelta(hours=6, minutes=30))
    assert str(exc.value) == "Claim limit reached: at most 1 claim per 1 hour"
    assert exc.value.extensions == {"retryAfterSeconds": 30 * 60 + 1}
    for name, value in (("SCHOLARGRAPH_CLAIM_LIMIT", "-1"), ("SCHOLARGRAPH_CLAIM_WINDOW_HOURS", "0"),
                        ("SCHOLARGRAPH_CLAIM_REJECTION_DAYS", "-1"), ("SCHOLARGRAPH_CLAIM_WINDOW_HOURS", "nan"),
                        ("SCHOLARGRAPH_CLAIM_LIMIT", "five")):
        with monkeypatch.context() as env:
            env.setenv(name, value)
            with pytest.raises(ValueError):
                ClaimLimit.from_env()
    monkeypatch.delenv("SCHOLARGRAPH_CLAIM_LIMIT")
    monkeypatch.delenv("SCHOLARGRAPH_CLAIM_WINDOW_HOURS")
    monkeypatch.delenv("SCHOLARGRAPH_CLAIM_REJECTION_DAYS")
    assert ClaimLimit.from_env() == ClaimLimit(5, 24.0, 30.0)


def test_a_rejection_stands_for_the_configured_time(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    authors(graph, "A1", "A2")
    admin = user(graph, "root@example.org", admin=True)
    ada, eve = user(graph, "ada@example.org"), user(graph, "eve@example.org")
    claim = accounts.claim_author(graph, ada, "A1", "trust me", now=T0)
    accounts.reject_claim(graph, claim.id, "No evidence", by=admin, now=T0 + timedelta(hours=2))
    message = ("Your claim on this author was rejected on 2025-03-01 14:00 UTC: "
               "you can claim it again after 2025-03-31 14:00 UTC")
    for later, retry in ((timedelta(hours=3), 30 * 86400 - 3600 + 1), (timedelta(days=30, hours=2), 1)):
        with pytest.raises(accounts.FailedPrecondition) as exc:
            accounts.claim_author(graph, ada, "A1", "https://ada.example.org", now=T0 + later)
        assert str(exc.value) == message
        assert exc.value.code == "FAILED_PRECONDITION"
        assert exc.value.extensions == {"retryAfterSeconds": retry}
    assert claim_statuses(graph) == [("ada@example.org", "A1", "rejected")]
    [stored] = accounts.my_claims(graph, ada)
    assert (stored.status, stored.reason, stored.evidence) == ("rejected", "No evidence", "trust me")
    # The rejection is of this user's claim on this author only.
    assert accounts.claim_author(graph, eve, "A1", "me", now=T0 + timedelta(hours=3)).status == "pending"
    assert accounts.claim_author(graph, ada, "A2", "me", now=T0 + timedelta(hours=3)).status == "pending"
    # Once the period has passed: the same claim, pending again with the new evidence.
    renewed = accounts.claim_author(graph, ada, "A1", "https://ada.example.org",
                                    now=T0 + timedelta(days=30, hours=2, microseconds=1))
    assert (renewed.id, renewed.status, renewed.reason, renewed.evidence) == (
        claim.id, "pending", None, "https://ada.example.org")
    # A shorter period from the environment; a rejection because another claimant was verified never stands.
    monkeypatch.setenv("SCHOLARGRAPH_CLAIM_REJECTION_DAYS", "1")
    accounts.reject_claim(graph, renewed.id, "Still no evidence", now=T0 + timedelta(days=31))
    with pytest.raises(accounts.FailedPrecondition) as exc:
        accounts.claim_author(graph, ada, "A1", "again", now=T0 + timedelta(days=31, hours=12))
    assert str(exc.value) == ("Your claim on this author was rejected on 2025-04-01 12:00 UTC: "
                              "you can claim it again after 2025-04-02 12:00 UTC")
    assert exc.value.extensions == {"retryAfterSeconds": 12 * 3600 + 1}
    rival = accounts.claim_author(graph, eve, "A2", "me", now=T0 + timedelta(days=40))
    accounts.approve_claim(graph, rival.id, now=T0 + timedelta(days=40))
    assert [(c.status, c.reason) for c in accounts.my_claims(graph, ada) if c.author.id == "A2"] == [
        ("rejected", errors.SUPERSEDED)]
    accounts.withdraw_claim(graph, eve, rival.id)
    assert accounts.claim_author(graph, ada, "A2", "mine", now=T0 + timedelta(days=40, hours=1)).status == (
        "pending")


def test_a_standing_rejection_cannot_be_withdrawn(graph: Graph) -> None:
    """Withdrawing deletes a claim, review and all: a rejection that still stands stays on
    record, or the user could withdraw it and claim the author again at once."""
    authors(graph, "A1")
    ada = user(graph, "ada@example.org")
    claim = accounts.claim_author(graph, ada, "A1", "trust me", now=T0)
    accounts.reject_claim(graph, claim.id, "No evidence", now=T0 + timedelta(hours=2))
    with pytest.raises(accounts.FailedPrecondition) as exc:
        accounts.withdraw_claim(graph, ada, claim.id, now=T0 + timedelta(days=1))
    assert str(exc.value) == ("Your claim on this author was rejected on 2025-03-01 14:00 UTC: "
                              "it stays on record until 2025-03-31 14:00 UTC")
    assert exc.value.extensions == {"retryAfterSeconds": 29 * 86400 + 2 * 3600 + 1}
    assert claim_statuses(graph) == [("ada@example.org", "A1", "rejected")]
    gone = accounts.withdraw_claim(graph, ada, claim.id, now=T0 + timedelta(days=31))
    assert (gone.id, gone.status) == (claim.id, "rejected")
    assert claim_statuses(graph) == []


def test_matching_orcid_verifies_at_once(graph: Graph) -> None:
    authors(graph, "A1", "A2", orcid={"A1": ORCID, "A2": "0000-0001-5109-3700"})
    ada = user(graph, "ada@example.org", orcid=ORCID)
    eve = user(graph, "eve@example.org")
    rival = accounts.claim_author(graph, eve, "A1", "mine")
    claim = accounts.claim_author(graph, ada, "A1")
    assert (claim.status, claim.verified_via) == ("verified", "orcid")
    assert accounts.claim_author(graph, ada, "A2", "also me").status == "pending"  # a different ORCID
    assert [(c.id, c.status) for c in accounts.my_claims(graph, eve)] == [(rival.id, "rejected")]


def test_withdraw_only_ones_own_claim(graph: Graph) -> None:
    authors(graph, "A1")
    ada, bob = user(graph, "ada@example.org"), user(graph, "bob@example.org")
    claim = accounts.claim_author(graph, ada, "A1", "mine")
    accounts.approve_claim(graph, claim.id)
    with pytest.raises(accounts.NotFound) as exc:
        accounts.withdraw_claim(graph, bob, claim.id)
    assert str(exc.value) == f"Claim not found: {claim.id}"
    assert accounts.my_claims(graph, bob) == []  # nobody reads another user's claims
    gone = one_write(graph, accounts.withdraw_claim, ada, claim.id)
    assert (gone.id, gone.status) == (claim.id, "verified")
    assert claim_statuses(graph) == []
    assert accounts.claim_author(graph, bob, "A1", "mine now").status == "pending"


def test_claim_listing_is_for_admins(graph: Graph) -> None:
    authors(graph, "A1", "A2")
    admin = user(graph, "root@example.org", admin=True)
    ada = user(graph, "ada@example.org")
    c1 = accounts.claim_author(graph, ada, "A1", "one", now=T0)
    c2 = accounts.claim_author(graph, ada, "A2", "two", now=T0 + timedelta(hours=1))
    accounts.approve_claim(graph, c2.id)
    assert [c.id for c in accounts.list_claims(graph, by=admin)] == [c1.id, c2.id]
    assert [c.id for c in accounts.list_claims(graph, "pending")] == [c1.id]
    assert accounts.list_claims(graph)[0].claimant_email == "ada@example.org"
    assert [c.id for c in accounts.my_claims(graph, ada)] == [c2.id, c1.id]  # newest first
    for call in (lambda: accounts.list_claims(graph, by=ada), lambda: accounts.get_claim(graph, c1.id, by=ada)):
        with pytest.raises(accounts.Forbidden):
            call()
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.list_claims(graph, "approved")  # type: ignore[arg-type]
    assert str(exc.value) == "Unknown claim status: 'approved' (expected one of pending, verified, rejected)"


# -- invitations --------------------------------------------------------------------------------


def verified(graph: Graph, who: User, author_id: str) -> None:
    accounts.approve_claim(graph, accounts.claim_author(graph, who, author_id, "mine").id)


def test_invite_only_claimed_authors(graph: Graph) -> None:
    authors(graph, "A1", "A2")
    ada, bob = user(graph, "ada@example.org"), user(graph, "bob@example.org")
    with pytest.raises(accounts.FailedPrecondition) as exc:
        accounts.invite(graph, bob, "A1", "Shall we write a paper?")
    assert str(exc.value) == "This author must be claimed before direct collaboration"
    accounts.claim_author(graph, ada, "A1", "mine")  # pending is not enough
    with pytest.raises(accounts.FailedPrecondition) as exc:
        accounts.invite(graph, bob, "A1", "Shall we write a paper?")
    assert str(exc.value) == errors.NOT_CLAIMED
    with pytest.raises(accounts.NotFound) as exc:
        accounts.invite(graph, bob, "A404", "hello")
    assert str(exc.value) == "Author not found: A404"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.invite(graph, bob, "A1", "   ")
    assert str(exc.value) == "Message is required"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.invite(graph, bob, "A1", "x" * 2001)
    assert str(exc.value) == "Message is too long: at most 2000 characters"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.claim_author(graph, bob, "A2", "x" * 2001)
    assert str(exc.value) == "Evidence is too long: at most 2000 characters"
    assert counts(graph).get("INVITED", 0) == 0


def test_invite_accept_visible_to_both(graph: Graph) -> None:
    authors(graph, "A1")
    ada, bob, eve = (user(graph, f"{n}@example.org") for n in ("ada", "bob", "eve"))
    verified(graph, ada, "A1")
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.invite(graph, ada, "A1", "me and me")
    assert str(exc.value) == "You cannot invite yourself to collaborate"
    inv = one_write(graph, accounts.invite, bob, "A1", "Shall we write a paper?", now=T0)
    assert (inv.status, inv.author.id, inv.sender.id, inv.recipient.id) == ("pending", "A1", bob.id, ada.id)
    assert accounts.invite(graph, bob, "A1", "ping").id == inv.id  # idempotent while pending
    assert counts(graph)["INVITED"] == 1
    assert [i.id for i in accounts.invitations(graph, ada)] == [inv.id]
    assert [i.id for i in accounts.invitations(graph, ada, "sent")] == []
    assert [i.id for i in accounts.invitations(graph, bob, "sent")] == [inv.id]
    assert accounts.invitations(graph, eve) == []  # nobody reads other people's invitations
    assert inv.contact_email_for(bob.id) is None
    # Only the recipient answers; others do not even learn it exists.
    with pytest.raises(accounts.NotFound) as exc:
        accounts.respond(graph, eve, inv.id, True)
    assert str(exc.value) == f"Invitation not found: {inv.id}"
    with pytest.raises(accounts.Forbidden) as exc:
        accounts.respond(graph, bob, inv.id, True)
    assert str(exc.value) == "Only the invited person can respond to an invitation"
    accepted = one_write(graph, accounts.respond, ada, inv.id, True, now=T0 + timedelta(hours=2))
    assert (accepted.status, accepted.responded) == ("accepted", "2025-03-01T14:00:00.000000+00:00")
    assert accounts.respond(graph, ada, inv.id, True) == accepted  # idempotent
    with pytest.raises(accounts.Conflict) as exc:
        accounts.respond(graph, ada, inv.id, False)
    assert str(exc.value) == "This invitation was already accepted"
    for who, direction in ((ada, "received"), (bob, "sent")):
        [seen] = accounts.invitations(graph, who)
        assert (seen.status, seen.direction_for(who.id)) == ("accepted", direction)
    assert accepted.contact_email_for(bob.id) == "ada@example.org"
    assert accepted.contact_email_for(ada.id) == "bob@example.org"
    # Declined, then a new invitation may follow.
    again = accounts.invite(graph, bob, "A1", "Another idea")
    assert again.id != inv.id
    assert accounts.respond(graph, ada, again.id, False).status == "declined"


def test_rate_limit_from_configuration(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOLARGRAPH_INVITE_LIMIT", "3")
    monkeypatch.setenv("SCHOLARGRAPH_INVITE_WINDOW_HOURS", "1")
    ids = [f"A{i}" for i in range(5)]
    authors(graph, *ids)
    bob = user(graph, "bob@example.org")
    for i, a in enumerate(ids):
        verified(graph, user(graph, f"owner{i}@example.org"), a)
    for i, a in enumerate(ids[:3]):
        accounts.invite(graph, bob, a, "hello", now=T0 + timedelta(minutes=i))
    assert accounts.invite(graph, bob, "A0", "hello", now=T0 + timedelta(minutes=5)).status == "pending"  # repeat
    with pytest.raises(accounts.RateLimited) as exc:
        accounts.invite(graph, bob, "A3", "hello", now=T0 + timedelta(minutes=10))
    assert str(exc.value) == "Invitation limit reached: at most 3 invitations per 1 hour"
    assert exc.value.extensions == {"retryAfterSeconds": 50 * 60 + 1}
    assert counts(graph)["INVITED"] == 3
    # The count lives in the graph: a limit given in code applies just the same.
    with pytest.raises(accounts.RateLimited):
        accounts.invite(graph, bob, "A3", "hello", limit=InviteLimit(3, 1), now=T0 + timedelta(minutes=59))
    # An hour after the first, one slot reopens.
    assert accounts.invite(graph, bob, "A3", "hello", now=T0 + timedelta(minutes=60, seconds=1)).status == "pending"
    with pytest.raises(accounts.RateLimited):
        accounts.invite(graph, bob, "A4", "hello", now=T0 + timedelta(minutes=60, seconds=2))


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


def test_profile_follows_the_claim_and_the_followers(graph: Graph) -> None:
    """The API's profile reads FOLLOWS and CLAIMS: L1 -> L2 (pending) -> L3 (verified), and
    the trust score rises by the claim signal's weight (docs/api.md: 30 x 0.4 pending, 30 x 1
    verified). The author has an ORCID and no works: 15 (ORCID) + 7.5 (coherence, too few
    works to judge) = 22.5, so the scores are 23, 35 and 53."""
    profile = pytest.importorskip("api.data.profile")
    authors(graph, "A1", orcid={"A1": ORCID})
    ada, bob = user(graph, "ada@example.org"), user(graph, "bob@example.org")

    possible_merge = pytest.importorskip("api.data.possible_merge")

    async def fetch() -> Any:
        async with open_async_graph(graph.url) as agraph:
            p = (await profile.author_profiles(agraph, ["A1"], 5))["A1"]
            merge = (await possible_merge.author_coherence(agraph, ["A1"]))["A1"]
            return p, profile.profile_trust(p, merge)

    def seen() -> tuple[str, int, int, float]:
        p, trust = asyncio.run(fetch())
        claim = next(s for s in trust.signals if s.name == "claim")
        return trust.verification_level, trust.score, p.followers, claim.contribution

    assert seen() == ("L1", 23, 0, 0)
    accounts.follow(graph, bob, "A1")
    accounts.follow(graph, bob, "A1")
    claim = accounts.claim_author(graph, ada, "A1", "mine")
    assert seen() == ("L2", 35, 1, 12)
    accounts.approve_claim(graph, claim.id)
    assert seen() == ("L3", 53, 1, 30)
    accounts.unfollow(graph, bob, "A1")
    accounts.withdraw_claim(graph, ada, claim.id)
    assert seen() == ("L1", 23, 0, 0)
