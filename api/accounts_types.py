"""GraphQL types of the accounts: users, claims, invitations, follows, and the errors.

Account errors reach clients as GraphQL errors whose `extensions.code` says what
kind they are (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, FAILED_PRECONDITION,
BAD_USER_INPUT, RATE_LIMITED); the messages are exact and listed in docs/accounts.md.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError
from strawberry.relay import PageInfo

from accounts import models
from accounts.errors import AccountsError
from api.context import Info
from api.errors import PublicError

if TYPE_CHECKING:
    from api.types.nodes import Author

AuthorType = Annotated["Author", strawberry.lazy("api.types.nodes")]


async def load_author(info: Info, author_id: str) -> Author | None:
    """The API's own Author, through the request's batching loader (null if the record is gone)."""
    from api.types.nodes import Author

    row = await info.context.loaders.author.load(author_id)
    return Author.from_row(row) if row else None


class AccountError(PublicError):
    """An accounts.AccountsError as the API shows it: a PublicError (so it is not masked)
    with the domain error's code, exact message and extra extensions (retryAfterSeconds)."""

    def __init__(self, exc: AccountsError) -> None:
        self.code = exc.code
        GraphQLError.__init__(self, exc.message, extensions={"code": exc.code, **exc.extensions})


def as_graphql_error(exc: AccountsError) -> AccountError:
    return AccountError(exc)


def parse_time(value: str) -> datetime:
    """Stored times are UTC ISO strings; GraphQL gets DateTime."""
    return datetime.fromisoformat(value)


def maybe_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.enum(description="Where a claim on an author record stands.")
class ClaimStatus(Enum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


@strawberry.enum(description="How a claim was verified.")
class VerificationMethod(Enum):
    ADMIN = "admin"
    ORCID = "orcid"


@strawberry.enum
class InvitationStatus(Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@strawberry.enum(description="An invitation as seen by the signed-in user.")
class InvitationDirection(Enum):
    RECEIVED = "received"
    SENT = "sent"


@strawberry.type(description="A user as other users see them (no email).")
class User:
    id: strawberry.ID
    display_name: str
    orcid: str | None

    @classmethod
    def of(cls, user: models.UserSummary | models.User) -> User:
        return cls(id=strawberry.ID(user.id), display_name=user.display_name, orcid=user.orcid)


@strawberry.type(description="An API token's record; the token itself is shown once, when issued.")
class ApiToken:
    id: strawberry.ID
    created: datetime
    revoked: datetime | None

    @classmethod
    def of(cls, token: models.Token) -> ApiToken:
        return cls(id=strawberry.ID(token.id), created=parse_time(token.created), revoked=maybe_time(token.revoked))


@strawberry.type(description="A user's claim that an author record is them.")
class Claim:
    id: strawberry.ID
    status: ClaimStatus
    author_id: strawberry.ID
    claimant: User
    evidence: str
    created: datetime
    reviewed_at: datetime | None
    reason: str | None = strawberry.field(description="Why the claim was rejected.")
    verified_via: VerificationMethod | None

    @classmethod
    def of(cls, claim: models.Claim) -> Claim:
        return cls(
            id=strawberry.ID(claim.id),
            status=ClaimStatus(claim.status),
            author_id=strawberry.ID(claim.author.id),
            claimant=User.of(claim.claimant),
            evidence=claim.evidence,
            created=parse_time(claim.created),
            reviewed_at=maybe_time(claim.reviewed),
            reason=claim.reason,
            verified_via=VerificationMethod(claim.verified_via) if claim.verified_via else None,
        )

    @strawberry.field(description="The claimed author record.")
    async def author(self, info: Info) -> AuthorType | None:
        return await load_author(info, self.author_id)


@strawberry.type(description="An invitation to collaborate, sent to an author record's verified claimant.")
class Invitation:
    id: strawberry.ID
    status: InvitationStatus
    direction: InvitationDirection
    message: str
    created: datetime
    responded_at: datetime | None
    author_id: strawberry.ID = strawberry.field(description="The author record the invitation is about.")
    sender: User
    recipient: User
    contact_email: str | None = strawberry.field(
        description="The other person's email, once the invitation is accepted; null before."
    )

    @classmethod
    def of(cls, invitation: models.Invitation, viewer_id: str) -> Invitation:
        return cls(
            id=strawberry.ID(invitation.id),
            status=InvitationStatus(invitation.status),
            direction=InvitationDirection(invitation.direction_for(viewer_id)),
            message=invitation.message,
            created=parse_time(invitation.created),
            responded_at=maybe_time(invitation.responded),
            author_id=strawberry.ID(invitation.author.id),
            sender=User.of(invitation.sender),
            recipient=User.of(invitation.recipient),
            contact_email=invitation.contact_email_for(viewer_id),
        )

    @strawberry.field(description="The author record the invitation is about (null if it is gone).")
    async def author(self, info: Info) -> AuthorType | None:
        return await load_author(info, self.author_id)


@strawberry.type(description="Whether the signed-in user follows an author, and the author's follower count.")
class FollowStatus:
    author_id: strawberry.ID
    following: bool
    followers_count: int

    @classmethod
    def of(cls, state: models.FollowState) -> FollowStatus:
        return cls(author_id=strawberry.ID(state.author_id), following=state.following, followers_count=state.followers)


@strawberry.type
class FollowingEdge:
    cursor: str
    followed_at: datetime
    author_id: strawberry.Private[str]

    @strawberry.field(description="The followed author (null if the record is gone).")
    async def node(self, info: Info) -> AuthorType | None:
        return await load_author(info, self.author_id)


@strawberry.type(description="Authors the signed-in user follows, most recent follow first.")
class FollowingConnection:
    edges: list[FollowingEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="A new user and their first API token, shown this once.")
class NewUser:
    id: strawberry.ID
    email: str
    display_name: str
    orcid: str | None
    admin: bool
    created: datetime
    token: str
