"""Accounts at the domain level, on each engine: following authors (idempotent follows,
concurrent follows counted once, the following list paged most recent first)."""

from __future__ import annotations

from datetime import timedelta

import pytest

import accounts
from graphdb import Graph, schema
from tests.support.accounts_setup import T0, authors, one_write, user
from tests.support.graphdump import counts


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
