"""Following authors: one FOLLOWS relationship per user and author."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from accounts.errors import InvalidInput, NotFound
from accounts.models import AuthorRef, Followed, FollowingPage, FollowState, User, stamp, utcnow
from graphdb import Graph

MAX_FIRST = 100


def follow(graph: Graph, user: User, author_id: str, *, now: datetime | None = None) -> FollowState:
    """Idempotent: following twice leaves one FOLLOWS."""
    res = graph.execute("accounts/follow", {"user": user.id, "author": author_id, "now": stamp(now or utcnow())})
    if not res.rows:
        raise NotFound(f"Author not found: {author_id}")
    return FollowState(author_id, True, int(res.rows[0]["followers"]))


def unfollow(graph: Graph, user: User, author_id: str) -> FollowState:
    """Idempotent: unfollowing an author one does not follow changes nothing."""
    res = graph.execute("accounts/unfollow", {"user": user.id, "author": author_id})
    if not res.rows:
        raise NotFound(f"Author not found: {author_id}")
    return FollowState(author_id, False, int(res.rows[0]["followers"]))


def encode_cursor(followed_at: str, author_id: str) -> str:
    raw = json.dumps([followed_at, author_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise InvalidInput(f"Invalid cursor: {cursor!r}")
    return value[0], value[1]


def following(graph: Graph, user: User, first: int = 20, after: str | None = None) -> FollowingPage:
    """Authors the user follows, most recent follow first, `first` at a time after the cursor `after`."""
    if not 0 <= first <= MAX_FIRST:
        raise InvalidInput(f"first must be between 0 and {MAX_FIRST}")
    after_time, after_id = decode_cursor(after) if after else (None, None)
    res = graph.query(
        "accounts/following",
        {"user": user.id, "after_time": after_time, "after_id": after_id, "limit": first + 1},
    )
    rows = res.rows[:first]
    items = [
        Followed(
            AuthorRef(r["id"], r.get("display_name"), r.get("orcid")),
            r["followed_at"],
            encode_cursor(r["followed_at"], r["id"]),
        )
        for r in rows
    ]
    return FollowingPage(items, len(res.rows) > first, items[-1].cursor if items else None)


def following_count(graph: Graph, user: User) -> int:
    return int(graph.query("accounts/following_count", {"user": user.id}).value(0))
