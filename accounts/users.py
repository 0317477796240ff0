"""Users and their API tokens."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from accounts.errors import Conflict, Forbidden, InvalidInput, NotFound
from accounts.models import Token, User, new_id, stamp, utcnow
from accounts.tokens import generate_token, hash_token, looks_like_token
from graphdb import ConstraintError, Graph

log = logging.getLogger(__name__)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
_ORCID_URL = re.compile(r"^(https?://)?(www\.)?orcid\.org/", re.IGNORECASE)
MAX_NAME = 200


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidInput(f"Invalid email address: {email!r}")
    return value


def normalise_orcid(orcid: str | None) -> str | None:
    """A bare ORCID (`0000-0002-1825-0097`), as Author records store it; URLs are accepted."""
    if orcid is None or not orcid.strip():
        return None
    value = _ORCID_URL.sub("", orcid.strip()).upper()
    if not _ORCID.match(value):
        raise InvalidInput(f"Invalid ORCID: {orcid!r} (expected 0000-0000-0000-000X)")
    return value


def require_admin(user: User | None) -> None:
    """`None` stands for the operator at the command line, who may do anything."""
    if user is not None and not user.admin:
        raise Forbidden()


def create_user(
    graph: Graph,
    email: str,
    display_name: str | None = None,
    *,
    orcid: str | None = None,
    admin: bool = False,
    by: User | None = None,
    now: datetime | None = None,
) -> tuple[User, str]:
    """Create a user with a first API token; returns the user and the token, in clear
    for the one time it is shown. `by` is the acting user (an administrator) or None for the CLI."""
    require_admin(by)
    email = normalise_email(email)
    name = (display_name or "").strip() or email.split("@", 1)[0]
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Display name is too long: at most {MAX_NAME} characters")
    token = generate_token()
    params = {
        "id": new_id("u"),
        "email": email,
        "display_name": name,
        "orcid": normalise_orcid(orcid),
        "admin": bool(admin),
        "now": stamp(now or utcnow()),
        "token_id": new_id("tok"),
        "token_hash": hash_token(token),
    }
    try:
        rows = graph.execute("accounts/create_user", params).rows  # no row: the email is taken
    except ConstraintError:  # the same email created by another request at the same instant (Neo4j)
        rows = []
    if not rows:
        raise Conflict(f"A user with email {email} already exists")
    user = User.from_row(rows[0])
    log.info("created user %s%s", user.id, " (admin)" if user.admin else "")
    return user, token


def find_user(graph: Graph, email: str) -> User:
    email = normalise_email(email)
    res = graph.query("accounts/user_by_email", {"email": email})
    if not res.rows:
        raise NotFound(f"User not found: {email}")
    return User.from_row(res.rows[0])


def list_users(graph: Graph) -> list[dict[str, object]]:
    return graph.query("accounts/users").rows


def user_for_token(graph: Graph, token: str | None) -> User | None:
    """The owner of a valid, unrevoked token, else None. The token is hashed before any query."""
    if not token or not looks_like_token(token):
        return None
    res = graph.query("accounts/user_by_token_hash", {"hash": hash_token(token)})
    return User.from_row(res.rows[0]) if res.rows else None


def issue_token(graph: Graph, user_id: str, *, now: datetime | None = None) -> tuple[Token, str]:
    """A new token for an existing user (the old ones stay valid until revoked)."""
    token = generate_token()
    res = graph.execute(
        "accounts/issue_token",
        {"user": user_id, "token_id": new_id("tok"), "token_hash": hash_token(token), "now": stamp(now or utcnow())},
    )
    if not res.rows:
        raise NotFound(f"User not found: {user_id}")
    row = res.rows[0]
    log.info("issued token %s to user %s", row["id"], user_id)
    return Token(row["id"], row["created"]), token


def revoke_tokens(
    graph: Graph, user_id: str, token_id: str | None = None, *, now: datetime | None = None
) -> list[Token]:
    """Revoke one of the user's tokens (by id), or all of them; idempotent."""
    res = graph.execute("accounts/revoke_tokens", {"user": user_id, "token": token_id, "now": stamp(now or utcnow())})
    if token_id is not None and not res.rows:
        raise NotFound(f"Token not found: {token_id}")
    log.info("revoked %d token(s) of user %s", len(res.rows), user_id)
    return [Token(r["id"], r["created"], r["revoked"]) for r in res.rows]


def tokens(graph: Graph, user_id: str) -> list[Token]:
    return [Token(r["id"], r["created"], r.get("revoked")) for r in graph.query("accounts/tokens", {"user": user_id})]
