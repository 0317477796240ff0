"""Claims: a user says an author record is them; an administrator (or a matching ORCID) verifies.

`(:User)-[:CLAIMS {id, status, evidence, created, reviewed, reviewed_by, reason,
verified_via}]->(:Author)`, status one of `pending`, `verified`, `rejected`. An author
has at most one verified claimant.
"""

from __future__ import annotations

import logging
from datetime import datetime

from accounts.config import MAX_TEXT
from accounts.errors import ALREADY_VERIFIED, SUPERSEDED, Conflict, InvalidInput, NotFound
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


def claim_author(
    graph: Graph, user: User, author_id: str, evidence: str | None = None, *, now: datetime | None = None
) -> Claim:
    """Record the user's claim on an author record: pending, or verified at once when the
    user's ORCID equals the record's. Claiming again is idempotent."""
    params = {
        "user": user.id,
        "author": author_id,
        "id": new_id("c"),
        "evidence": _text(evidence, "Evidence", required=False),
        "now": stamp(now or utcnow()),
        "superseded": SUPERSEDED,
    }
    res = graph.execute("accounts/claim", params)
    if res.rows:
        claim = Claim.from_row(res.rows[0])
        log.info("claim %s by user %s on author %s: %s", claim.id, user.id, author_id, claim.status)
        return claim
    state = graph.query("accounts/claim_state", {"author": author_id}).rows[0]
    if not state["author_exists"]:
        raise NotFound(f"Author not found: {author_id}")
    if state["verified_by"]:
        raise Conflict(ALREADY_VERIFIED)
    raise NotFound(f"User not found: {user.id}")


def withdraw_claim(graph: Graph, user: User, claim_id: str) -> Claim:
    """Delete the user's own claim (whatever its status). Someone else's claim is 'not found'."""
    res = graph.execute("accounts/withdraw_claim", {"user": user.id, "claim": claim_id})
    if not res.rows:
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
