"""`scholargraph users` and `scholargraph claims`: accounts administration from the shell.

Whoever runs these has the database, so they act as an administrator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

import accounts
from accounts.claims import STATUSES
from accounts.models import Claim, ClaimStatus
from graphdb import Graph, GraphError
from graphdb.config import Settings
from scholargraph import output
from scholargraph.commands.common import db_options, open_db

T = TypeVar("T")

TOKEN_NOTE = "This token is shown once and cannot be recovered (only its hash is stored): keep it now."


@contextmanager
def _graph(settings: Settings) -> Iterator[Graph]:
    """The graph, with account and engine errors turned into one-line CLI errors."""
    with open_db(settings) as graph:
        try:
            yield graph
        except (accounts.AccountsError, GraphError) as exc:
            raise click.ClickException(str(exc)) from exc


def _json_option(fn: Callable[..., T]) -> Callable[..., T]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)


def _print(columns: list[str], rows: list[dict[str, Any]], as_json: bool) -> None:
    click.echo(output.as_json(rows) if as_json else output.table(columns, rows))


@click.group()
def users() -> None:
    """Create users, issue and revoke their API tokens."""


@users.command("add")
@click.argument("email")
@click.option("--name", help="Display name [default: the part of EMAIL before the @].")
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
@click.option("--orcid", help="The user's ORCID: claims on author records with the same ORCID verify at once.")
@db_options
def add(settings: Settings, email: str, name: str | None, admin: bool, orcid: str | None) -> None:
    """Create a user and print their first API token (shown once)."""
    with _graph(settings) as graph:
        user, token = accounts.create_user(graph, email, name, orcid=orcid, admin=admin)
    click.echo(f"created user {user.id} <{user.email}>{' (admin)' if user.admin else ''}")
    click.echo(f"token: {token}")
    click.echo(TOKEN_NOTE, err=True)


@users.command("token")
@click.argument("email")
@db_options
def token(settings: Settings, email: str) -> None:
    """Issue a new API token for an existing user (shown once)."""
    with _graph(settings) as graph:
        user = accounts.find_user(graph, email)
        _, clear = accounts.issue_token(graph, user.id)
    click.echo(f"token: {clear}")
    click.echo(TOKEN_NOTE, err=True)


@users.command("revoke-token")
@click.argument("email")
@click.option("--token-id", help="Revoke only this token (see `users tokens`) [default: all the user's tokens].")
@db_options
def revoke_token(settings: Settings, email: str, token_id: str | None) -> None:
    """Revoke a user's API tokens: requests with them are anonymous from then on."""
    with _graph(settings) as graph:
        user = accounts.find_user(graph, email)
        revoked = accounts.revoke_tokens(graph, user.id, token_id)
    click.echo(f"revoked {len(revoked)} token{'s' if len(revoked) != 1 else ''} of {user.email}")


@users.command("tokens")
@click.argument("email")
@_json_option
@db_options
def list_tokens(settings: Settings, email: str, as_json: bool) -> None:
    """List a user's tokens (ids and dates; tokens themselves are never stored)."""
    with _graph(settings) as graph:
        found = accounts.tokens(graph, accounts.find_user(graph, email).id)
    rows = [{"id": t.id, "created": t.created, "revoked": t.revoked} for t in found]
    _print(["id", "created", "revoked"], rows, as_json)


@users.command("list")
@_json_option
@db_options
def list_users(settings: Settings, as_json: bool) -> None:
    """List users, oldest first."""
    with _graph(settings) as graph:
        rows = accounts.list_users(graph)
    _print(["id", "email", "display_name", "orcid", "admin", "active_tokens", "created"], rows, as_json)


@click.group()
def claims() -> None:
    """Review claims on author records."""


def _claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "status": claim.status,
        "author": claim.author.id,
        "author_name": claim.author.display_name,
        "user": claim.claimant_email or claim.claimant.id,
        "created": claim.created,
        "evidence": claim.evidence,
        "reason": claim.reason,
    }


# --status's choices, each as accounts takes it ("all": any status, None).
CLAIM_STATUSES: dict[str, ClaimStatus] = {status: status for status in STATUSES}
CLAIM_COLUMNS = ["id", "status", "author", "author_name", "user", "created", "evidence", "reason"]


@claims.command("list")
@click.option("--status", type=click.Choice([*CLAIM_STATUSES, "all"]), default="all",
              show_default=True, help="Only claims with this status.")
@_json_option
@db_options
def list_claims(settings: Settings, status: str, as_json: bool) -> None:
    """List claims, oldest first."""
    with _graph(settings) as graph:
        found = accounts.list_claims(graph, CLAIM_STATUSES.get(status))
    _print(CLAIM_COLUMNS, [_claim_row(c) for c in found], as_json)


@claims.command("approve")
@click.argument("claim_id")
@db_options
def approve(settings: Settings, claim_id: str) -> None:
    """Verify a claim: the author record shows verification L3. Other pending claims on
    the same author are rejected."""
    with _graph(settings) as graph:
        claim = accounts.approve_claim(graph, claim_id)
    click.echo(f"claim {claim.id} verified: {claim.author.id} ({claim.author.display_name}) "
               f"is {claim.claimant.display_name}")


@claims.command("reject")
@click.argument("claim_id")
@click.option("--reason", required=True, help="Why; the claimant sees it.")
@db_options
def reject(settings: Settings, claim_id: str, reason: str) -> None:
    """Reject a claim with a reason the claimant sees."""
    with _graph(settings) as graph:
        claim = accounts.reject_claim(graph, claim_id, reason)
    click.echo(f"claim {claim.id} rejected: {claim.reason}")
