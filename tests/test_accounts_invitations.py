"""Accounts at the domain level, on each engine: invitations between users (only to claimed
authors, visible to both, answered by the recipient only) and their rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest

import accounts
from accounts import errors
from accounts.config import InviteLimit
from graphdb import Graph
from tests.support.accounts_setup import T0, authors, one_write, user, verified
from tests.support.graphdump import counts


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
