"""Accounts: users and API tokens, follows, author claims, collaboration invitations.

Plain functions taking a `graphdb.Graph`. Every mutation is one named write query
from cypher/accounts/ (one transaction); reads are named read queries. The graph
model is in docs/accounts.md.
"""

from accounts.claims import approve_claim, claim_author, get_claim, list_claims, my_claims, reject_claim, withdraw_claim
from accounts.config import InviteLimit
from accounts.errors import (
    AccountsError,
    Conflict,
    FailedPrecondition,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthenticated,
)
from accounts.follows import follow, following, following_count, unfollow
from accounts.invitations import invitations, invite, respond
from accounts.models import AuthorRef, Claim, Followed, FollowingPage, FollowState, Invitation, Token, User, UserSummary
from accounts.tokens import TOKEN_PREFIX, generate_token, hash_token
from accounts.users import (
    create_user,
    find_user,
    issue_token,
    list_users,
    require_admin,
    revoke_tokens,
    tokens,
    user_for_token,
)

__all__ = [
    "TOKEN_PREFIX",
    "AccountsError",
    "AuthorRef",
    "Claim",
    "Conflict",
    "FailedPrecondition",
    "FollowState",
    "Followed",
    "FollowingPage",
    "Forbidden",
    "InvalidInput",
    "Invitation",
    "InviteLimit",
    "NotFound",
    "RateLimited",
    "Token",
    "Unauthenticated",
    "User",
    "UserSummary",
    "approve_claim",
    "claim_author",
    "create_user",
    "find_user",
    "follow",
    "following",
    "following_count",
    "generate_token",
    "get_claim",
    "hash_token",
    "invitations",
    "invite",
    "issue_token",
    "list_claims",
    "list_users",
    "my_claims",
    "reject_claim",
    "require_admin",
    "respond",
    "revoke_tokens",
    "tokens",
    "unfollow",
    "user_for_token",
    "withdraw_claim",
]
