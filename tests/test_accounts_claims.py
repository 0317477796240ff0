"""Accounts at the domain level, on each engine: claims on authors (approval and the one
verified claimant, rejection and its standing time, the configured limit, ORCID matches,
withdrawal, the admins' listing) and what the API's profile shows of claims and follows."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

import accounts
from accounts import errors
from accounts.config import ClaimLimit
from graphdb import Graph, open_async_graph
from tests.support.accounts_setup import ORCID, T0, authors, claim_statuses, one_write, user
from tests.support.graphdump import counts


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
