"""Collaboration invitations: `(:User)-[:INVITED {id, author_id, message, status, created,
responded}]->(:User)`, from the sender to the author's verified claimant.

Only authors with a verified claim can be invited; each user may create at most
`InviteLimit.limit` invitations per `window_hours` (counted from the INVITED
relationships in the graph, so the limit holds across processes and restarts).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from accounts.config import MAX_TEXT, InviteLimit
from accounts.errors import (
    NOT_CLAIMED,
    SELF_INVITE,
    Conflict,
    FailedPrecondition,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
)
from accounts.models import Direction, Invitation, InvitationStatus, User, new_id, stamp, utcnow
from graphdb import Graph

log = logging.getLogger(__name__)

ONLY_RECIPIENT = "Only the invited person can respond to an invitation"


def _message(message: str | None) -> str:
    text = (message or "").strip()
    if not text:
        raise InvalidInput("Message is required")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"Message is too long: at most {MAX_TEXT} characters")
    return text


def rate_limited_message(limit: InviteLimit) -> str:
    return f"Invitation limit reached: at most {limit.describe()}"


def invite(
    graph: Graph,
    user: User,
    author_id: str,
    message: str,
    *,
    limit: InviteLimit | None = None,
    now: datetime | None = None,
) -> Invitation:
    """Invite the verified claimant of `author_id` to collaborate. A pending invitation from
    this user about this author is returned unchanged (idempotent)."""
    text = _message(message)
    limit = limit or InviteLimit.from_env()
    moment = now or utcnow()
    since = stamp(moment - timedelta(hours=limit.window_hours))
    res = graph.execute(
        "accounts/invite",
        {
            "user": user.id,
            "author": author_id,
            "id": new_id("inv"),
            "message": text,
            "now": stamp(moment),
            "since": since,
            "limit": limit.limit,
        },
    )
    if res.rows:
        invitation = Invitation.from_row(res.rows[0])
        log.info("invitation %s from user %s to user %s", invitation.id, user.id, invitation.recipient.id)
        return invitation
    state = graph.query("accounts/invite_state", {"user": user.id, "author": author_id, "since": since}).rows[0]
    if not state["author_exists"]:
        raise NotFound(f"Author not found: {author_id}")
    if state["claimant"] is None:
        raise FailedPrecondition(NOT_CLAIMED)
    if state["claimant"] == user.id:
        raise InvalidInput(SELF_INVITE)
    retry = None
    if state["oldest"]:
        reopens = datetime.fromisoformat(state["oldest"]) + timedelta(hours=limit.window_hours)
        retry = max(1, int((reopens - moment).total_seconds()) + 1)
    log.info("invitation refused: user %s reached the limit (%s)", user.id, limit.describe())
    raise RateLimited(rate_limited_message(limit), retryAfterSeconds=retry)


def respond(graph: Graph, user: User, invitation_id: str, accept: bool, *, now: datetime | None = None) -> Invitation:
    """Accept or decline an invitation the user received. Answering again the same way is
    idempotent; changing an answer is a conflict."""
    status: InvitationStatus = "accepted" if accept else "declined"
    res = graph.execute(
        "accounts/respond_invitation",
        {"user": user.id, "invitation": invitation_id, "status": status, "now": stamp(now or utcnow())},
    )
    if res.rows:
        log.info("invitation %s %s by user %s", invitation_id, status, user.id)
        return Invitation.from_row(res.rows[0])
    parties = graph.query("accounts/invitation_parties", {"invitation": invitation_id, "user": user.id}).rows
    if not parties:
        raise NotFound(f"Invitation not found: {invitation_id}")
    if parties[0]["recipient_id"] != user.id:
        raise Forbidden(ONLY_RECIPIENT)
    raise Conflict(f"This invitation was already {parties[0]['status']}")


def invitations(graph: Graph, user: User, direction: Direction | None = None) -> list[Invitation]:
    """The user's invitations, received and sent (or one direction), newest first."""
    found: list[Invitation] = []
    if direction in (None, "received"):
        found += [Invitation.from_row(r) for r in graph.query("accounts/invitations_received", {"user": user.id})]
    if direction in (None, "sent"):
        found += [Invitation.from_row(r) for r in graph.query("accounts/invitations_sent", {"user": user.id})]
    found.sort(key=lambda i: (i.created, i.id), reverse=True)
    return found
