"""Accounts at the domain level, on each engine: users and tokens (sign-up, uniqueness,
authentication, revocation, no clear token in the database or the logs). Every successful
mutation is one round trip (one write query, one transaction)."""

from __future__ import annotations

import hashlib
import logging

import pytest

import accounts
from graphdb import ConstraintError, Graph, GraphError, schema
from tests.support.accounts_setup import authors, one_write, user
from tests.support.graphdump import counts, dump


def test_create_user_stores_the_token_only_as_a_hash(graph: Graph) -> None:
    ada, token = accounts.create_user(graph, " Ada@Example.org ", "Ada Lovelace",
                                      orcid="https://orcid.org/0000-0002-1825-009x", admin=True)
    assert token.startswith("sg_") and len(token) == 3 + 43
    assert (ada.email, ada.display_name, ada.orcid, ada.admin) == (
        "ada@example.org", "Ada Lovelace", "0000-0002-1825-009X", True)
    node = graph.read("MATCH (u:User) RETURN properties(u) AS p").value()
    assert set(node) == {"id", "email", "display_name", "created", "admin", "orcid"}
    tok = graph.read("MATCH (:User {id: $id})-[:HAS_TOKEN]->(t:Token) RETURN properties(t) AS p",
                     {"id": ada.id}).value()
    assert set(tok) == {"id", "hash", "created"}
    assert tok["hash"] == hashlib.sha256(token.encode()).hexdigest()
    bob = user(graph, "bob@example.org")
    assert (bob.display_name, bob.admin, bob.orcid) == ("bob", False, None)


def test_create_user_is_one_transaction(graph: Graph) -> None:
    user_, _ = one_write(graph, accounts.create_user, "ada@example.org")
    assert counts(graph) == {"User": 1, "Token": 1, "HAS_TOKEN": 1}
    assert user_.email == "ada@example.org"


def test_duplicate_and_invalid_users_are_refused(graph: Graph) -> None:
    user(graph, "ada@example.org")
    with pytest.raises(accounts.Conflict) as exc:
        accounts.create_user(graph, "ADA@example.org")
    assert str(exc.value) == "A user with email ada@example.org already exists"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.create_user(graph, "not-an-email")
    assert str(exc.value) == "Invalid email address: 'not-an-email'"
    with pytest.raises(accounts.InvalidInput) as exc:
        accounts.create_user(graph, "x@example.org", orcid="1234")
    assert str(exc.value) == "Invalid ORCID: '1234' (expected 0000-0000-0000-000X)"
    assert counts(graph)["User"] == 1


def test_the_graph_itself_keeps_emails_unique(graph: Graph) -> None:
    """The email is a unique constraint, not only the check in accounts/create_user: a second
    User with the same email is refused whoever writes it, and nothing of that write stays."""
    schema.init(graph, 384)
    user(graph, "ada@example.org")
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:User {id: 'u-other', email: 'ada@example.org'})")
    assert counts(graph)["User"] == 1


def test_concurrent_sign_ups_with_one_email_make_one_user(graph: Graph) -> None:
    """Eight requests for the same new email at once, on an initialised graph: one user, seven
    conflicts with the usual message (on Neo4j the constraint decides the race)."""
    from concurrent.futures import ThreadPoolExecutor

    schema.init(graph, 384)

    def sign_up(_: int) -> str:
        try:
            return accounts.create_user(graph, "ada@example.org")[0].email
        except accounts.Conflict as exc:
            return str(exc)

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(sign_up, range(8)))
    assert sorted(outcomes) == ["A user with email ada@example.org already exists"] * 7 + ["ada@example.org"]
    assert counts(graph) == {"User": 1, "Token": 1, "HAS_TOKEN": 1}


def test_init_over_duplicate_emails_says_what_to_do(bare_graph: Graph) -> None:
    """A graph written before the constraint existed may hold two users with one email: init
    creates the rest of the schema, names the constraint it could not build, and builds it once
    the duplicate is gone."""
    graph = bare_graph
    graph.write("UNWIND ['u1', 'u2'] AS id CREATE (:User {id: id, email: 'ada@example.org'})")
    with pytest.raises(GraphError) as exc:
        schema.init(graph, 384)
    assert str(exc.value) == (
        "the unique constraint on User.email could not be built: the graph already holds nodes that share a "
        "value; remove the duplicates and run `scholargraph db init` again")
    email = schema.IndexInfo("unique", "User", ("email",))
    assert email not in schema.describe(graph)
    assert schema.describe(graph) >= schema.wanted(384) - {email}  # everything else is there
    graph.write("MATCH (u:User {id: 'u2'}) DELETE u")
    assert schema.init(graph, 384) == [email]
    assert schema.describe(graph) >= schema.wanted(384)
    with pytest.raises(ConstraintError):
        graph.write("CREATE (:User {id: 'u3', email: 'ada@example.org'})")


def test_init_names_every_constraint_duplicates_prevent(bare_graph: Graph) -> None:
    """One clause per constraint that could not be built, and the rest of the schema in place."""
    graph = bare_graph
    graph.write("UNWIND ['u1', 'u2'] AS id CREATE (:User {id: id, email: 'ada@example.org'})")
    graph.write("UNWIND [1, 2] AS i CREATE (:Work {id: 'W1', title: 'twice'})")
    with pytest.raises(GraphError) as exc:
        schema.init(graph, 384)
    clause = ("the unique constraint on {} could not be built: the graph already holds nodes that share a "
              "value; remove the duplicates and run `scholargraph db init` again")
    assert str(exc.value) == "; ".join(clause.format(c) for c in ("User.email", "Work.id"))
    failed = {schema.IndexInfo("unique", "User", ("email",)), schema.IndexInfo("unique", "Work", ("id",))}
    assert schema.describe(graph) >= schema.wanted(384) - failed
    assert not failed & schema.describe(graph)


def test_only_admins_create_users(graph: Graph) -> None:
    admin = user(graph, "root@example.org", admin=True)
    ada = user(graph, "ada@example.org")
    with pytest.raises(accounts.Forbidden) as exc:
        accounts.create_user(graph, "eve@example.org", by=ada)
    assert str(exc.value) == "Administrator access required"
    assert accounts.create_user(graph, "bob@example.org", by=admin)[0].email == "bob@example.org"


def test_token_authenticates_until_revoked(graph: Graph) -> None:
    ada, token = accounts.create_user(graph, "ada@example.org")
    found = accounts.user_for_token(graph, token)
    assert found is not None and found.id == ada.id and found.token_id
    for bad in (None, "", "sg_", token + "x", token[:-1], "Bearer " + token, "x" * 46):
        assert accounts.user_for_token(graph, bad) is None
    second, token2 = one_write(graph, accounts.issue_token, ada.id)
    revoked = one_write(graph, accounts.revoke_tokens, ada.id, found.token_id)
    assert [t.id for t in revoked] == [found.token_id] and revoked[0].revoked
    assert accounts.user_for_token(graph, token) is None
    assert accounts.user_for_token(graph, token2).id == ada.id  # type: ignore[union-attr]
    # Revoking again is idempotent and keeps the first revocation time.
    assert accounts.revoke_tokens(graph, ada.id, found.token_id) == revoked
    assert [t.id for t in accounts.revoke_tokens(graph, ada.id)] == [found.token_id, second.id]
    assert accounts.user_for_token(graph, token2) is None
    with pytest.raises(accounts.NotFound) as exc:
        accounts.revoke_tokens(graph, ada.id, "tok_nope")
    assert str(exc.value) == "Token not found: tok_nope"


def test_tokens_never_reach_the_database_or_the_logs(graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    authors(graph, "A1")
    ada, token = accounts.create_user(graph, "ada@example.org", admin=True)
    _, token2 = accounts.issue_token(graph, ada.id)
    bob, token3 = accounts.create_user(graph, "bob@example.org", by=ada)
    assert accounts.user_for_token(graph, token) is not None
    accounts.follow(graph, bob, "A1")
    accounts.revoke_tokens(graph, ada.id)
    nodes, rels = dump(graph)
    everything = "\n".join(nodes + rels) + caplog.text
    assert "Token" in everything and caplog.text  # the dump and the logs are not empty
    for clear in (token, token2, token3):
        assert clear not in everything
        assert clear[3:] not in everything  # not even without the prefix
