"""The errors account actions raise: a stable `code` for clients and an exact message.

The GraphQL layer turns each into a GraphQL error whose `extensions.code` is `code`
(see docs/accounts.md for the full table); the CLI prints the message.
"""

from __future__ import annotations

from typing import Any

AUTH_REQUIRED = "Authentication required: send 'Authorization: Bearer <token>' with a valid API token"
ADMIN_REQUIRED = "Administrator access required"
ALREADY_VERIFIED = "This author record is already claimed and verified by another user"
SUPERSEDED = "Another claimant was verified for this author record"
NOT_CLAIMED = "This author must be claimed before direct collaboration"
SELF_INVITE = "You cannot invite yourself to collaborate"


class AccountsError(Exception):
    """Base class: `code` is the machine-readable kind, `str(exc)` the exact message."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class Unauthenticated(AccountsError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = AUTH_REQUIRED) -> None:
        super().__init__(message)


class Forbidden(AccountsError):
    code = "FORBIDDEN"

    def __init__(self, message: str = ADMIN_REQUIRED) -> None:
        super().__init__(message)


class NotFound(AccountsError):
    """Also what someone else's claim or invitation looks like: its existence is not revealed."""

    code = "NOT_FOUND"


class Conflict(AccountsError):
    code = "CONFLICT"


class FailedPrecondition(AccountsError):
    code = "FAILED_PRECONDITION"


class InvalidInput(AccountsError):
    code = "BAD_USER_INPUT"


class RateLimited(AccountsError):
    code = "RATE_LIMITED"
