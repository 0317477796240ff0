"""GraphQL types of the accounts: users, claims, invitations, follows, and the errors.

Account errors reach clients as GraphQL errors whose `extensions.code` says what
kind they are (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, FAILED_PRECONDITION,
BAD_USER_INPUT, RATE_LIMITED); the messages are exact and listed in docs/accounts.md.
"""

from __future__ import annotations

from datetime import datetime

import strawberry
from graphql import GraphQLError
from strawberry.relay import PageInfo

from accounts import models
from accounts.errors import AccountsError
from api.context import Info
from api.errors import PublicError
from api.types.enums import ClaimStatus, InvitationDirection, InvitationStatus, VerificationMethod
from api.types.nodes import Author


async def load_author(info: Info, author_id: str) -> Author | None:
    """The API's own Author, through the request's batching loader (null if the record is gone)."""
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


@strawberry.type(description="A user as other users see them (no email).")
class User:
    id: strawberry.ID = strawberry.field(description="User id (u_ and 16 hex digits).")
    display_name: str = strawberry.field(description="The name the user goes by.")
    orcid: str | None = strawberry.field(description="The user's ORCID iD, bare (0000-0002-1825-0097); null when "
                                                     "not given.")

    @classmethod
    def of(cls, user: models.UserSummary | models.User) -> User:
        return cls(id=strawberry.ID(user.id), display_name=user.display_name, orcid=user.orcid)


@strawberry.type(description="An API token's record; the token itself is shown once, when issued.")
class ApiToken:
    id: strawberry.ID = strawberry.field(description="Token id (tok_ and 16 hex digits), for revokeToken; not the "
                                                     "token itself.")
    created: datetime = strawberry.field(description="When it was issued (UTC).")
    revoked: datetime | None = strawberry.field(description="When it was revoked (UTC); null while it is valid.")

    @classmethod
    def of(cls, token: models.Token) -> ApiToken:
        return cls(id=strawberry.ID(token.id), created=parse_time(token.created), revoked=maybe_time(token.revoked))


@strawberry.type(description="A user's claim that an author record is them.")
class Claim:
    id: strawberry.ID = strawberry.field(description="Claim id (c_…).")
    status: ClaimStatus = strawberry.field(description="Where the claim stands.")
    author_id: strawberry.ID = strawberry.field(description="Id of the claimed author record (Author.id).")
    claimant: User = strawberry.field(description="The user who claims the record.")
    evidence: str = strawberry.field(description="What the claimant gave to support the claim (may be empty).")
    created: datetime = strawberry.field(description="When the claim was first made (UTC).")
    reviewed_at: datetime | None = strawberry.field(description="When it was verified or rejected (UTC); null "
                                                                "while pending.")
    reason: str | None = strawberry.field(description="Why the claim was rejected; null unless rejected.")
    verified_via: VerificationMethod | None = strawberry.field(description="How it was verified; null unless "
                                                                           "verified.")

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

    @strawberry.field(description="The claimed author record (null if it is gone).")
    async def author(self, info: Info) -> Author | None:
        return await load_author(info, self.author_id)


@strawberry.type(description="An invitation to collaborate, sent to an author record's verified claimant.")
class Invitation:
    id: strawberry.ID = strawberry.field(description="Invitation id (inv_…).")
    status: InvitationStatus = strawberry.field(description="Whether the recipient answered, and how.")
    direction: InvitationDirection = strawberry.field(description="Whether the signed-in user received or sent "
                                                                  "it.")
    message: str = strawberry.field(description="The sender's message (at most 2000 characters).")
    created: datetime = strawberry.field(description="When it was sent (UTC).")
    responded_at: datetime | None = strawberry.field(description="When the recipient answered (UTC); null while "
                                                                 "pending.")
    author_id: strawberry.ID = strawberry.field(description="The author record the invitation is about.")
    sender: User = strawberry.field(description="Who sent it.")
    recipient: User = strawberry.field(description="Who received it: the author record's verified claimant when "
                                                   "it was sent.")
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
    async def author(self, info: Info) -> Author | None:
        return await load_author(info, self.author_id)


@strawberry.type(description="Whether the signed-in user follows an author, and the author's follower count.")
class FollowStatus:
    author_id: strawberry.ID = strawberry.field(description="The author's id.")
    following: bool = strawberry.field(description="Whether the signed-in user now follows the author.")
    followers_count: int = strawberry.field(description="Users following the author, after this change.")

    @classmethod
    def of(cls, state: models.FollowState) -> FollowStatus:
        return cls(author_id=strawberry.ID(state.author_id), following=state.following, followers_count=state.followers)


@strawberry.type(description="An author the signed-in user follows, with when and a cursor.")
class FollowingEdge:
    cursor: str = strawberry.field(description="Opaque position in the list: pass it as `after` for the follows "
                                               "after this one.")
    followed_at: datetime = strawberry.field(description="When the user followed the author (UTC).")
    author_id: strawberry.Private[str]

    @strawberry.field(description="The followed author (null if the record is gone).")
    async def node(self, info: Info) -> Author | None:
        return await load_author(info, self.author_id)


@strawberry.type(description="Authors the signed-in user follows, most recent follow first.")
class FollowingConnection:
    edges: list[FollowingEdge] = strawberry.field(description="This page's follows, most recent first.")
    page_info: PageInfo = strawberry.field(description="Whether there are more follows, and the cursor to get "
                                                       "them.")
    total_count: int = strawberry.field(description="Authors the user follows in all, not only this page.")


@strawberry.type(description="A new user and their first API token, shown this once.")
class NewUser:
    id: strawberry.ID = strawberry.field(description="User id (u_ and 16 hex digits).")
    email: str = strawberry.field(description="Email, lower-case (unique among users).")
    display_name: str = strawberry.field(description="The name given, else the part of the email before the @.")
    orcid: str | None = strawberry.field(description="ORCID iD, bare (0000-0002-1825-0097); null when not given.")
    admin: bool = strawberry.field(description="Whether the user is an administrator.")
    created: datetime = strawberry.field(description="When the user was created (UTC).")
    token: str = strawberry.field(description="Their first API token (sg_…), for `Authorization: Bearer`; shown "
                                              "this once, never stored in clear.")
