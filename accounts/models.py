"""Plain records of the account graph, as the domain functions return them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

ClaimStatus = Literal["pending", "verified", "rejected"]
InvitationStatus = Literal["pending", "accepted", "declined"]
Direction = Literal["received", "sent"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """Times are stored as fixed-width UTC ISO strings (microseconds always present), so
    string order is time order on both engines (FalkorDB has no datetime())."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str
    display_name: str
    created: str
    admin: bool = False
    orcid: str | None = None
    token_id: str | None = None  # the token this request authenticated with, when there is one

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> User:
        return cls(
            id=row["id"],
            email=row["email"],
            display_name=row["display_name"],
            created=row["created"],
            admin=bool(row.get("admin")),
            orcid=row.get("orcid"),
            token_id=row.get("token_id"),
        )


@dataclass(frozen=True, slots=True)
class UserSummary:
    """Another user as a user may see them: no email."""

    id: str
    display_name: str
    orcid: str | None = None


@dataclass(frozen=True, slots=True)
class AuthorRef:
    id: str
    display_name: str | None = None
    orcid: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    id: str
    created: str
    revoked: str | None = None


@dataclass(frozen=True, slots=True)
class FollowState:
    author_id: str
    following: bool
    followers: int


@dataclass(frozen=True, slots=True)
class Followed:
    author: AuthorRef
    followed_at: str
    cursor: str


@dataclass(frozen=True, slots=True)
class FollowingPage:
    items: list[Followed]
    has_next_page: bool
    end_cursor: str | None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    status: ClaimStatus
    author: AuthorRef
    claimant: UserSummary
    evidence: str
    created: str
    reviewed: str | None = None
    reason: str | None = None
    verified_via: str | None = None  # "admin" | "orcid"
    claimant_email: str | None = None  # filled for the admin listing only

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Claim:
        return cls(
            id=row["id"],
            status=row["status"],
            author=AuthorRef(row["author_id"], row.get("author_name"), row.get("author_orcid")),
            claimant=UserSummary(row["user_id"], row["user_name"], row.get("user_orcid")),
            evidence=row.get("evidence") or "",
            created=row["created"],
            reviewed=row.get("reviewed"),
            reason=row.get("reason"),
            verified_via=row.get("verified_via"),
            claimant_email=row.get("user_email"),
        )


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    status: InvitationStatus
    message: str
    created: str
    author: AuthorRef
    sender: UserSummary
    recipient: UserSummary
    responded: str | None = None
    # Each side's email, handed to the other side only once the invitation is accepted.
    sender_email: str | None = None
    recipient_email: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Invitation:
        return cls(
            id=row["id"],
            status=row["status"],
            message=row.get("message") or "",
            created=row["created"],
            author=AuthorRef(row["author_id"], row.get("author_name"), row.get("author_orcid")),
            sender=UserSummary(row["sender_id"], row["sender_name"], row.get("sender_orcid")),
            recipient=UserSummary(row["recipient_id"], row["recipient_name"], row.get("recipient_orcid")),
            responded=row.get("responded"),
            sender_email=row.get("sender_email"),
            recipient_email=row.get("recipient_email"),
        )

    def direction_for(self, user_id: str) -> Direction:
        return "sent" if self.sender.id == user_id else "received"

    def contact_email_for(self, user_id: str) -> str | None:
        """The other party's email, once accepted; None before."""
        if self.status != "accepted":
            return None
        return self.recipient_email if self.sender.id == user_id else self.sender_email
