"""`scholargraph users` and `scholargraph claims` against each engine (`--db` is the test graph's URL)."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

import accounts
from graphdb import Graph
from scholargraph.cli import cli

TOKEN = re.compile(r"^token: (sg_[A-Za-z0-9_-]{43})$", re.MULTILINE)


def run(graph: Graph, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, [*args, "--db", graph.url])
    return res.exit_code, res.stdout, res.stderr


def test_users_add_prints_a_one_time_token(graph: Graph) -> None:
    code, out, err = run(graph, "users", "add", "Ada@Example.org", "--name", "Ada Lovelace", "--admin",
                         "--orcid", "0000-0002-1825-0097")
    assert code == 0, err
    token = TOKEN.search(out).group(1)  # type: ignore[union-attr]
    assert re.match(r"^created user u_[0-9a-f]{16} <ada@example.org> \(admin\)$", out.splitlines()[0])
    assert "shown once" in err
    user = accounts.user_for_token(graph, token)
    assert user is not None and (user.display_name, user.admin, user.orcid) == ("Ada Lovelace", True,
                                                                                "0000-0002-1825-0097")
    code, _, err = run(graph, "users", "add", "ada@example.org")
    assert (code, err) == (1, "Error: A user with email ada@example.org already exists\n")
    code, _, err = run(graph, "users", "add", "nope")
    assert (code, err) == (1, "Error: Invalid email address: 'nope'\n")


def test_users_token_revoke_and_list(graph: Graph) -> None:
    _, out, _ = run(graph, "users", "add", "ada@example.org")
    first = TOKEN.search(out).group(1)  # type: ignore[union-attr]
    code, out, _ = run(graph, "users", "token", "ada@example.org")
    second = TOKEN.search(out).group(1)  # type: ignore[union-attr]
    assert code == 0 and first != second
    code, out, _ = run(graph, "users", "list", "--json")
    [row] = json.loads(out)
    assert (row["email"], row["admin"], row["active_tokens"]) == ("ada@example.org", False, 2)
    code, out, _ = run(graph, "users", "tokens", "ada@example.org", "--json")
    ids = [t["id"] for t in json.loads(out)]
    assert len(ids) == 2 and first not in out and second not in out
    code, out, _ = run(graph, "users", "revoke-token", "ada@example.org", "--token-id", ids[0])
    assert (code, out) == (0, "revoked 1 token of ada@example.org\n")
    assert accounts.user_for_token(graph, first) is None
    assert accounts.user_for_token(graph, second) is not None
    code, out, _ = run(graph, "users", "revoke-token", "ada@example.org")
    assert (code, out) == (0, "revoked 2 tokens of ada@example.org\n")
    assert accounts.user_for_token(graph, second) is None
    code, _, err = run(graph, "users", "revoke-token", "bob@example.org")
    assert (code, err) == (1, "Error: User not found: bob@example.org\n")
    code, out, _ = run(graph, "users", "list")
    assert out.splitlines()[0].split() == ["id", "email", "display_name", "orcid", "admin", "active_tokens",
                                           "created"]
    assert "(1 row)" in out


def test_claims_list_approve_reject(graph: Graph) -> None:
    graph.write("CREATE (:Author {id: 'A1', display_name: 'Ada L.'}), (:Author {id: 'A2'})")
    ada, _ = accounts.create_user(graph, "ada@example.org", "Ada")
    bob, _ = accounts.create_user(graph, "bob@example.org", "Bob")
    c1 = accounts.claim_author(graph, ada, "A1", "my ORCID lists these")
    c2 = accounts.claim_author(graph, bob, "A2", "trust me")
    code, out, _ = run(graph, "claims", "list", "--status", "pending", "--json")
    assert [(c["id"], c["user"], c["author"]) for c in json.loads(out)] == [
        (c1.id, "ada@example.org", "A1"), (c2.id, "bob@example.org", "A2")]
    code, out, _ = run(graph, "claims", "approve", c1.id)
    assert (code, out) == (0, f"claim {c1.id} verified: A1 (Ada L.) is Ada\n")
    code, _, err = run(graph, "claims", "reject", c2.id)
    assert code == 2 and "Missing option '--reason'" in err
    code, out, _ = run(graph, "claims", "reject", c2.id, "--reason", "No link to these works")
    assert (code, out) == (0, f"claim {c2.id} rejected: No link to these works\n")
    assert [(c.status, c.reason) for c in accounts.my_claims(graph, bob)] == [
        ("rejected", "No link to these works")]
    code, out, _ = run(graph, "claims", "list", "--status", "verified", "--json")
    assert [c["id"] for c in json.loads(out)] == [c1.id]
    code, out, _ = run(graph, "claims", "list")
    assert "(2 rows)" in out
    code, _, err = run(graph, "claims", "approve", "c_nope")
    assert (code, err) == (1, "Error: Claim not found: c_nope\n")
    # A rival's claim cannot be approved over the verified one.
    eve, _ = accounts.create_user(graph, "eve@example.org")
    graph.write("MATCH (u:User {id: $u}) MATCH (a:Author {id: 'A1'}) "
                "CREATE (u)-[:CLAIMS {id: 'c_rival', status: 'pending', created: 'x'}]->(a)", {"u": eve.id})
    code, _, err = run(graph, "claims", "approve", "c_rival")
    assert (code, err) == (1, "Error: This author record is already claimed and verified by another user\n")


def test_accounts_package_is_installed_with_the_project() -> None:
    """`scholargraph users …` imports `accounts`; an installed project must ship it."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    assert "accounts*" in include, "add \"accounts*\" to [tool.setuptools.packages.find] include in pyproject.toml"
