"""Bearer-token authentication for the API.

`authenticate(state, request.headers.get("authorization"))` gives the signed-in
`accounts.User`, or None for an anonymous request: reads stay public, and every
mutation refuses None with an UNAUTHENTICATED error. A missing, malformed, unknown
or revoked token is simply "not signed in". The token is hashed (SHA-256, see
accounts/tokens.py for why that suffices for 256-bit random tokens) before any
query, and neither the token nor its hash is logged.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from accounts.errors import Unauthenticated
from accounts.models import User
from accounts.tokens import TOKEN_PREFIX, hash_token
from accounts.users import user_for_token

if TYPE_CHECKING:
    from api.state import ApiState

__all__ = ["TOKEN_PREFIX", "authenticate", "bearer_token", "hash_token", "require_user"]


def bearer_token(authorization_header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive)."""
    if not authorization_header:
        return None
    scheme, _, token = authorization_header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


async def authenticate(state: ApiState, authorization_header: str | None) -> User | None:
    """The user the request's bearer token belongs to, or None (no valid token). Looked up
    through `state.call` (the outage guard), so GraphUnavailable or UnavailableError when the
    database cannot be reached."""
    token = bearer_token(authorization_header)
    if token is None:
        return None
    # The engines' clients are blocking, and opening the graph can take seconds: keep the
    # event loop free.
    return await asyncio.to_thread(state.call, user_for_token, token)


def require_user(user: User | None) -> User:
    if user is None:
        raise Unauthenticated()
    return user
