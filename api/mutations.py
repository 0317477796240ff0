"""Account mutations and the `me` query field.

Every mutation needs a signed-in user (`info.context.user`, set by api.auth.authenticate)
and runs one write query (one transaction). Like the query resolvers, they take what they
need from the request's api.context.Context: the user, and the database through its
`run_blocking`. Reads stay public; `me` is null when the request carries no valid token.
The schema (api/schema.py) is built as `strawberry.Schema(query=Query, mutation=Mutation)`
with `Query` inheriting `MeQuery`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.relay import PageInfo

import accounts
from accounts.config import MAX_TEXT
from accounts.errors import AccountsError, Unauthenticated
from accounts.models import User as AccountUser
from api.context import Info
from api.limits import DEFAULT_FIRST, MAX_FIRST, page_size
from api.types.accounts import (
    ApiToken,
    Claim,
    FollowingConnection,
    FollowingEdge,
    FollowStatus,
    Invitation,
    NewUser,
    as_graphql_error,
    parse_time,
)
from api.types.enums import ClaimStatus, InvitationDirection
from graphdb import Graph

T = TypeVar("T")

# Arguments, described once where several fields take them.
AuthorId = Annotated[strawberry.ID, strawberry.argument(description="The author record's id (Author.id).")]
ClaimId = Annotated[strawberry.ID, strawberry.argument(description="The claim's id (Claim.id).")]
FollowingFirst = Annotated[int, strawberry.argument(description=f"How many follows to return, 0-{MAX_FIRST}.")]
FollowingAfter = Annotated[str | None, strawberry.argument(
    description="Start after this cursor (an edge's `cursor` or `pageInfo.endCursor`); null: from the most recent.")]


async def call(info: Info, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`fn(graph, *args, **kwargs)` through the request context's `run_blocking`, as the query
    resolvers reach the database through `run`: in a worker thread (the accounts code is
    synchronous, shared with the CLI), within the request's share of database calls, an outage
    as the API's DatabaseUnavailable; account errors become the API's public errors."""

    def bound(graph: Graph) -> T:
        return fn(graph, *args, **kwargs)

    try:
        return await info.context.run_blocking(bound)
    except AccountsError as exc:
        raise as_graphql_error(exc) from exc


def signed_in(info: Info) -> AccountUser:
    user = info.context.user
    if user is None:
        raise as_graphql_error(Unauthenticated())
    return user


@strawberry.type(description="The signed-in user: their account, follows, claims and invitations.")
class Me:
    _user: strawberry.Private[AccountUser]

    @strawberry.field(description="User id (u_ and 16 hex digits).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self._user.id)

    @strawberry.field(description="Email, lower-case; only its owner sees it (and a collaborator, once an "
                                  "invitation is accepted).")
    def email(self) -> str:
        return self._user.email

    @strawberry.field(description="The name the user goes by, as other users see it.")
    def display_name(self) -> str:
        return self._user.display_name

    @strawberry.field(description="The user's ORCID iD, bare (0000-0002-1825-0097); null when not given. A claim "
                                  "on an author record with the same ORCID is verified at once.")
    def orcid(self) -> str | None:
        return self._user.orcid

    @strawberry.field(description="Whether the user is an administrator (reviews claims, creates users).")
    def admin(self) -> bool:
        return self._user.admin

    @strawberry.field(description="When the account was created (UTC).")
    def created(self) -> datetime:
        return datetime.fromisoformat(self._user.created)

    @strawberry.field(description="Authors this user follows, most recent follow first.")
    async def following(self, info: Info, first: FollowingFirst = DEFAULT_FIRST,
                        after: FollowingAfter = None) -> FollowingConnection:
        page_size(first)
        page = await call(info, accounts.following, self._user, first, after)
        total = await call(info, accounts.following_count, self._user)
        edges = [
            FollowingEdge(cursor=f.cursor, followed_at=parse_time(f.followed_at), author_id=f.author.id)
            for f in page.items
        ]
        info_ = PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=page.end_cursor,
        )
        return FollowingConnection(edges=edges, page_info=info_, total_count=total)

    @strawberry.field(description="This user's own claims on author records, newest first.")
    async def claims(self, info: Info) -> list[Claim]:
        return [Claim.of(c) for c in await call(info, accounts.my_claims, self._user)]

    @strawberry.field(description="Invitations this user received and sent (or one direction), newest first.")
    async def invitations(self, info: Info, direction: Annotated[InvitationDirection | None, strawberry.argument(
                              description="Only those received, or only those sent; null: both.")] = None,
                          ) -> list[Invitation]:
        found = await call(info, accounts.invitations, self._user, direction.value if direction else None)
        return [Invitation.of(i, self._user.id) for i in found]

    @strawberry.field(description="This user's API tokens, revoked ones included, oldest first (ids and dates "
                                  "only).")
    async def tokens(self, info: Info) -> list[ApiToken]:
        return [ApiToken.of(t) for t in await call(info, accounts.tokens, self._user.id)]

    @strawberry.field(description="Administrators only: every user's claims with a status, oldest first.")
    async def claims_to_review(self, info: Info, status: Annotated[ClaimStatus | None, strawberry.argument(
                                   description="The status wanted; null: every claim.")] = ClaimStatus.PENDING,
                               ) -> list[Claim]:
        found = await call(info, accounts.list_claims, status.value if status else None, by=self._user)
        return [Claim.of(c) for c in found]


@strawberry.type
class MeQuery:
    @strawberry.field(description="The signed-in user; null without a valid bearer token.")
    def me(self, info: Info) -> Me | None:
        user = info.context.user
        return Me(_user=user) if user is not None else None


@strawberry.type(description="Account actions; each needs a signed-in user (`Authorization: Bearer <token>`), "
                             "else UNAUTHENTICATED.")
class Mutation:
    @strawberry.mutation(description="Follow an author (idempotent).")
    async def follow_author(self, info: Info, author_id: AuthorId) -> FollowStatus:
        user = signed_in(info)
        return FollowStatus.of(await call(info, accounts.follow, user, str(author_id)))

    @strawberry.mutation(description="Stop following an author (idempotent).")
    async def unfollow_author(self, info: Info, author_id: AuthorId) -> FollowStatus:
        user = signed_in(info)
        return FollowStatus.of(await call(info, accounts.unfollow, user, str(author_id)))

    @strawberry.mutation(
        description="Claim an author record as yours: pending until an administrator verifies it, "
        "verified at once when your account's ORCID equals the record's. New claims are rate-limited per user."
    )
    async def claim_author(
        self,
        info: Info,
        author_id: AuthorId,
        evidence: Annotated[str, strawberry.argument(
            description=f"Why the record is yours, for the administrator (at most {MAX_TEXT} characters).")] = "",
    ) -> Claim:
        user = signed_in(info)
        return Claim.of(await call(info, accounts.claim_author, user, str(author_id), evidence))

    @strawberry.mutation(description="Withdraw one of your own claims; returns its id.")
    async def withdraw_claim(self, info: Info, claim_id: ClaimId) -> strawberry.ID:
        user = signed_in(info)
        claim = await call(info, accounts.withdraw_claim, user, str(claim_id))
        return strawberry.ID(claim.id)

    @strawberry.mutation(description="Administrators: verify a claim (the author record shows L3).")
    async def approve_claim(self, info: Info, claim_id: ClaimId) -> Claim:
        user = signed_in(info)
        return Claim.of(await call(info, accounts.approve_claim, str(claim_id), by=user))

    @strawberry.mutation(description="Administrators: reject a claim with a reason the claimant sees.")
    async def reject_claim(
        self,
        info: Info,
        claim_id: ClaimId,
        reason: Annotated[str, strawberry.argument(
            description=f"Why, shown to the claimant (required, at most {MAX_TEXT} characters).")],
    ) -> Claim:
        user = signed_in(info)
        return Claim.of(await call(info, accounts.reject_claim, str(claim_id), reason, by=user))

    @strawberry.mutation(description="Administrators: create a user; the result carries their API token, once.")
    async def create_user(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="Their email; stored lower-case, unique among users.")],
        display_name: Annotated[str | None, strawberry.argument(
            description="Their name (at most 200 characters); null or blank: the part of the email before the @.")
        ] = None,
        orcid: Annotated[str | None, strawberry.argument(
            description="Their ORCID iD, bare (0000-0002-1825-0097) or as an orcid.org URL; null: none.")] = None,
        admin: Annotated[bool, strawberry.argument(
            description="Make them an administrator (reviews claims, creates users).")] = False,
    ) -> NewUser:
        by = signed_in(info)
        user, token = await call(info, accounts.create_user, email, display_name, orcid=orcid, admin=admin, by=by)
        return NewUser(
            id=strawberry.ID(user.id),
            email=user.email,
            display_name=user.display_name,
            orcid=user.orcid,
            admin=user.admin,
            created=parse_time(user.created),
            token=token,
        )

    @strawberry.mutation(description="Revoke one of your API tokens; without tokenId, the one this request used.")
    async def revoke_token(
        self,
        info: Info,
        token_id: Annotated[strawberry.ID | None, strawberry.argument(
            description="One of your tokens (ApiToken.id); null: the token this request carries (sign out).")] = None,
    ) -> ApiToken:
        user = signed_in(info)
        target = str(token_id) if token_id is not None else user.token_id
        if target is None:
            raise as_graphql_error(accounts.InvalidInput("tokenId is required"))
        [revoked] = await call(info, accounts.revoke_tokens, user.id, target)
        return ApiToken.of(revoked)

    @strawberry.mutation(
        description="Invite an author record's verified claimant to collaborate (rate-limited per user)."
    )
    async def invite_to_collaborate(
        self,
        info: Info,
        author_id: AuthorId,
        message: Annotated[str, strawberry.argument(
            description=f"For the recipient (required, at most {MAX_TEXT} characters).")],
    ) -> Invitation:
        user = signed_in(info)
        invitation = await call(info, accounts.invite, user, str(author_id), message)
        return Invitation.of(invitation, user.id)

    @strawberry.mutation(description="Accept or decline an invitation you received.")
    async def respond_to_invitation(
        self,
        info: Info,
        invitation_id: Annotated[strawberry.ID, strawberry.argument(
            description="The invitation's id (Invitation.id).")],
        accept: Annotated[bool, strawberry.argument(
            description="True to accept (each side then sees the other's email), false to decline.")],
    ) -> Invitation:
        user = signed_in(info)
        invitation = await call(info, accounts.respond, user, str(invitation_id), accept)
        return Invitation.of(invitation, user.id)
