"""What the accounts tests set up and check around the accounts package: authors and users
written into a graph, a verified claim, the claims as (email, author, status), and the check
that a mutation took exactly one round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import accounts
from accounts.models import User
from graphdb import Graph

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ORCID = "0000-0002-1825-0097"


def authors(graph: Graph, *ids: str, orcid: dict[str, str] | None = None) -> None:
    orcid = orcid or {}
    graph.write(
        "UNWIND $rows AS r CREATE (a:Author {id: r.id, display_name: r.name}) SET a.orcid = r.orcid",
        {"rows": [{"id": i, "name": f"Author {i}", "orcid": orcid.get(i)} for i in ids]},
    )


def user(graph: Graph, email: str, **kw: object) -> User:
    return accounts.create_user(graph, email, **kw)[0]  # type: ignore[arg-type]


def one_write(graph: Graph, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call a mutation and check it took exactly one round trip."""
    before = graph.round_trips
    out = fn(graph, *args, **kwargs)
    assert graph.round_trips - before == 1, f"{fn.__name__} used {graph.round_trips - before} queries"
    return out


def claim_statuses(graph: Graph) -> list[tuple[str, str, str]]:
    rows = graph.read("MATCH (u:User)-[c:CLAIMS]->(a:Author) RETURN u.email AS u, a.id AS a, c.status AS s "
                      "ORDER BY u, a").rows
    return [(r["u"], r["a"], r["s"]) for r in rows]


def verified(graph: Graph, who: User, author_id: str) -> None:
    accounts.approve_claim(graph, accounts.claim_author(graph, who, author_id, "mine").id)
