"""Claims: a user says an author record is them; an administrator (or a matching ORCID) verifies.

`(:User)-[:CLAIMS {id, status, evidence, created, reviewed, reviewed_by, reason,
verified_via}]->(:Author)`, status one of `pending`, `verified`, `rejected`. An author
has at most one verified claimant.

Each user may create at most `ClaimLimit.limit` new claims per `window_hours` (counted from
the CLAIMS relationships in the graph, so the limit holds across processes and restarts);
a rejected claim cannot be made again by the same user for `ClaimLimit.rejection_days`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from accounts.config import MAX_TEXT, ClaimLimit
from accounts.errors import (
    ALREADY_VERIFIED,
    SUPERSEDED,
    Conflict,
    FailedPrecondition,
    InvalidInput,
    NotFound,
    RateLimited,
)
from accounts.models import Claim, ClaimStatus, User, new_id, stamp, utcnow
from accounts.users import require_admin
from graphdb import Graph

log = logging.getLogger(__name__)

STATUSES: tuple[ClaimStatus, ...] = ("pending", "verified", "rejected")


def _text(value: str | None, what: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{what} is required")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"{what} is too long: at most {MAX_TEXT} characters")
    return text


def rate_limited_message(limit: ClaimLimit) -> str:
    return f"Claim limit reached: at most {limit.describe()}"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def rejection_stands_message(rejected: datetime, reopens: datetime) -> str:
    return (
        f"Your claim on this author was rejected on {_when(rejected)}: "
        f"you can claim it again after {_when(reopens)}"
    )


def _retry_after(reopens: datetime, moment: datetime) -> int:
    return max(1, int((reopens - moment).total_seconds()) + 1)


def claim_author(
    graph: Graph,
    user: User,
    author_id: str,
    evidence: str | None = None,
    *,
    limit: ClaimLimit | None = None,
    now: datetime | None = None,
) -> Claim:
    """Record the user's claim on an author record: pending, or verified at once when the
    user's ORCID equals the record's. Claiming again is idempotent (and not counted again).
    A new claim beyond the limit is refused (RateLimited); so is claiming again, within
    `rejection_days`, an author on which the user's claim was rejected (FailedPrecondition)."""
    text = _text(evidence, "Evidence", required=False)
    limit = limit or ClaimLimit.from_env()
    moment = now or utcnow()
    since = stamp(moment - limit.window)
    rejection_since = stamp(moment - limit.rejection)
    params = {
        "user": user.id,
        "author": author_id,
        "id": new_id("c"),
        "evidence": text,
        "now": stamp(moment),
        "superseded": SUPERSEDED,
        "since": since,
        "limit": limit.limit,
        "rejection_since": rejection_since,
    }
    res = graph.execute("accounts/claim", params)
    if res.rows:
        claim = Claim.from_row(res.rows[0])
        log.info("claim %s by user %s on author %s: %s", claim.id, user.id, author_id, claim.status)
        return claim
    state = graph.query(
        "accounts/claim_state",
        {
            "author": author_id,
            "user": user.id,
            "since": since,
            "rejection_since": rejection_since,
            "superseded": SUPERSEDED,
        },
    ).rows[0]
    if not state["author_exists"]:
        raise NotFound(f"Author not found: {author_id}")
    if state["verified_by"]:
        raise Conflict(ALREADY_VERIFIED)
    if not state["user_exists"]:
        raise NotFound(f"User not found: {user.id}")
    if state["rejected"]:
        rejected = datetime.fromisoformat(state["rejected"])
        reopens = rejected + limit.rejection
        log.info("claim refused: user %s's claim on author %s was rejected at %s", user.id, author_id, rejected)
        raise FailedPrecondition(
            rejection_stands_message(rejected, reopens), retryAfterSeconds=_retry_after(reopens, moment)
        )
    retry = None
    if state["oldest"]:
        retry = _retry_after(datetime.fromisoformat(state["oldest"]) + limit.window, moment)
    log.info("claim refused: user %s reached the limit (%s)", user.id, limit.describe())
    raise RateLimited(rate_limited_message(limit), retryAfterSeconds=retry)


def withdraw_claim(graph: Graph, user: User, claim_id: str, *, limit: ClaimLimit | None = None,
                   now: datetime | None = None) -> Claim:
    """Delete the user's own claim. Someone else's claim is 'not found'; a rejection that still
    stands (ClaimLimit.rejection_days) stays on record (FailedPrecondition), or withdrawing it
    would lift it."""
    limit = limit or ClaimLimit.from_env()
    moment = now or utcnow()
    res = graph.execute("accounts/withdraw_claim", {
        "user": user.id, "claim": claim_id, "superseded": SUPERSEDED,
        "rejection_since": stamp(moment - limit.rejection)})
    if not res.rows:
        found = graph.query("accounts/claim_by_id", {"claim": claim_id}).rows
        if found and found[0]["user_id"] == user.id and found[0]["status"] == "rejected":
            rejected = datetime.fromisoformat(found[0]["reviewed"])
            reopens = rejected + limit.rejection
            raise FailedPrecondition(
                f"Your claim on this author was rejected on {_when(rejected)}: it stays on record until "
                f"{_when(reopens)}", retryAfterSeconds=_retry_after(reopens, moment))
        raise NotFound(f"Claim not found: {claim_id}")
    log.info("claim %s withdrawn by user %s", claim_id, user.id)
    return Claim.from_row(res.rows[0])


def _review(
    graph: Graph, claim_id: str, status: ClaimStatus, reason: str | None, by: User | None, now: datetime | None
) -> Claim:
    require_admin(by)
    res = graph.execute(
        "accounts/review_claim",
        {
            "claim": claim_id,
            "status": status,
            "reason": reason,
            "reviewer": by.id if by else "cli",
            "now": stamp(now or utcnow()),
            "superseded": SUPERSEDED,
        },
    )
    if not res.rows:
        if graph.query("accounts/claim_by_id", {"claim": claim_id}).rows:
            raise Conflict(ALREADY_VERIFIED)
        raise NotFound(f"Claim not found: {claim_id}")
    claim = Claim.from_row(res.rows[0])
    log.info("claim %s %s by %s", claim_id, status, by.id if by else "cli")
    return claim


def approve_claim(graph: Graph, claim_id: str, *, by: User | None = None, now: datetime | None = None) -> Claim:
    """Verify a claim (administrators; `by=None` is the CLI). Other pending claims on the
    same author are rejected with the reason SUPERSEDED."""
    return _review(graph, claim_id, "verified", None, by, now)


def reject_claim(
    graph: Graph, claim_id: str, reason: str, *, by: User | None = None, now: datetime | None = None
) -> Claim:
    """Reject a claim with a reason the claimant sees (administrators; `by=None` is the CLI)."""
    require_admin(by)
    return _review(graph, claim_id, "rejected", _text(reason, "A rejection reason", required=True), by, now)


def my_claims(graph: Graph, user: User) -> list[Claim]:
    return [Claim.from_row(r) for r in graph.query("accounts/my_claims", {"user": user.id})]


def get_claim(graph: Graph, claim_id: str, *, by: User | None = None) -> Claim:
    """Any claim by id: administrators and the CLI only."""
    require_admin(by)
    res = graph.query("accounts/claim_by_id", {"claim": claim_id})
    if not res.rows:
        raise NotFound(f"Claim not found: {claim_id}")
    return Claim.from_row(res.rows[0])


def list_claims(graph: Graph, status: ClaimStatus | None = None, *, by: User | None = None) -> list[Claim]:
    """Every claim (or those with one status): administrators and the CLI only."""
    require_admin(by)
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"Unknown claim status: {status!r} (expected one of {', '.join(STATUSES)})")
    return [Claim.from_row(r) for r in graph.query("accounts/claims", {"status": status})]
