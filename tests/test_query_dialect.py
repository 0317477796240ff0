"""graphdb.queries renders CALL subqueries in Neo4j's scope-clause form.

The files are written as FalkorDB 4.16 runs them, `CALL { WITH a, b ... }` (it
rejects `CALL (a, b) { ... }`: "Invalid input '(': expected a procedure name or
'{'"); Neo4j 5.23+ deprecates that form, so Neo4j gets `CALL (a, b) { ... }`.
"""

from __future__ import annotations

import re

import pytest

from graphdb.queries import DialectError, UnknownQueryError, load_query, query_names, render, to_neo4j


def test_simple_import() -> None:
    falkordb = """MATCH (a:Author {id: $id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w:Work)
  RETURN count(w) AS works
}
RETURN works"""
    assert (
        to_neo4j(falkordb)
        == """MATCH (a:Author {id: $id})
CALL (a) {

  MATCH (a)-[:AUTHORED]->(w:Work)
  RETURN count(w) AS works
}
RETURN works"""
    )


def test_import_of_several_variables_on_one_line() -> None:
    assert to_neo4j("MATCH (a), (b) CALL { WITH a, b MATCH (a)--(b) RETURN 1 AS x } RETURN x") == (
        "MATCH (a), (b) CALL (a, b) { MATCH (a)--(b) RETURN 1 AS x } RETURN x"
    )


def test_subquery_without_import() -> None:
    assert to_neo4j("MATCH (a) CALL { MATCH (w:Work) RETURN count(w) AS n } RETURN a, n") == (
        "MATCH (a) CALL () { MATCH (w:Work) RETURN count(w) AS n } RETURN a, n"
    )


def test_with_after_the_first_clause_is_not_an_import() -> None:
    # Only the subquery's FIRST clause can import; a later WITH stays where it is.
    falkordb = """MATCH (a:Author)
CALL {
  MATCH (w:Work)
  WITH w
  ORDER BY w.id
  RETURN collect(w.id) AS ids
}
RETURN a, ids"""
    assert to_neo4j(falkordb) == falkordb.replace("CALL {", "CALL () {")


def test_nested_subqueries() -> None:
    falkordb = """MATCH (a:Author {id: $id})
CALL {
  WITH a
  MATCH (a)-[c:COAUTHOR]-(b:Author)
  WITH a, b, c
  CALL {
    WITH a, b
    MATCH (a)-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(b)
    RETURN count(w) AS shared
  }
  CALL {
    MATCH (t:Topic)
    RETURN count(t) AS topics
  }
  RETURN collect({id: b.id, shared: shared, topics: topics}) AS collaborators
}
RETURN collaborators"""
    assert (
        to_neo4j(falkordb)
        == """MATCH (a:Author {id: $id})
CALL (a) {

  MATCH (a)-[c:COAUTHOR]-(b:Author)
  WITH a, b, c
  CALL (a, b) {

    MATCH (a)-[:AUTHORED]->(w:Work)<-[:AUTHORED]-(b)
    RETURN count(w) AS shared
  }
  CALL () {
    MATCH (t:Topic)
    RETURN count(t) AS topics
  }
  RETURN collect({id: b.id, shared: shared, topics: topics}) AS collaborators
}
RETURN collaborators"""
    )


def test_comments_kept_and_import_on_the_call_line() -> None:
    falkordb = """// CALL { WITH a } in a comment stays as it is
MATCH (a)
CALL { WITH a
  MATCH (a)-->(b)
  RETURN count(b) AS n /* CALL { */
}
CALL {
  WITH a // the author
  RETURN 'CALL { WITH a }' AS s
}
RETURN n, s"""
    assert (
        to_neo4j(falkordb)
        == """// CALL { WITH a } in a comment stays as it is
MATCH (a)
CALL (a) {
  MATCH (a)-->(b)
  RETURN count(b) AS n /* CALL { */
}
CALL (a) {
  // the author
  RETURN 'CALL { WITH a }' AS s
}
RETURN n, s"""
    )


def test_call_as_a_name_is_not_a_subquery() -> None:
    text = "MATCH (n:CALL {id: 1}), (call {id: 2})-[:CALL {w: 1}]->(m) RETURN n, call.id"
    assert to_neo4j(text) == text


def test_lower_case_keywords_and_quoted_names() -> None:
    assert to_neo4j("match (`the author`) call{with `the author` return 1 as x} return x") == (
        "match (`the author`) call (`the author`) {return 1 as x} return x"
    )


def test_scope_clause_form_is_left_alone() -> None:
    neo4j = "MATCH (a) CALL (a) { MATCH (a)-->(b) RETURN b } CALL () { RETURN 1 AS x } RETURN b, x"
    assert to_neo4j(neo4j) == neo4j
    once = to_neo4j("MATCH (a) CALL { WITH a RETURN a.id AS id } RETURN id")
    assert to_neo4j(once) == once


@pytest.mark.parametrize(
    ("subquery", "reason"),
    [
        ("WITH a AS b RETURN b", "the leading WITH goes on with `AS` (line 2, column 15)"),
        ("WITH a WHERE a.x > 1 RETURN a.x AS b", "the leading WITH goes on with `WHERE` (line 2, column 15)"),
        ("WITH a ORDER BY a.x RETURN a.x AS b", "the leading WITH goes on with `ORDER` (line 2, column 15)"),
        ("WITH a LIMIT 1 RETURN a.x AS b", "the leading WITH goes on with `LIMIT` (line 2, column 15)"),
        ("WITH a.x AS x RETURN x AS b", "the leading WITH goes on with `.` (line 2, column 14)"),
        ("WITH * RETURN a.x AS b", "`*` in the leading WITH is not a variable name (line 2, column 13)"),
        (
            "WITH DISTINCT a RETURN a.x AS b",
            "`DISTINCT` in the leading WITH is not a variable name (line 2, column 13)",
        ),
        ("WITH 1 AS k RETURN k AS b", "`1` in the leading WITH is not a variable name (line 2, column 13)"),
        (
            "WITH a, /* b */ c RETURN a.x AS b",
            "a comment inside the leading WITH would be lost (line 2, column 16)",
        ),
        (
            "WITH a RETURN a.x AS b UNION WITH a RETURN a.y AS b",
            "UNION in the subquery, each branch importing for itself (line 2, column 31)",
        ),
    ],
)
def test_refuses_an_import_it_cannot_rewrite_safely(subquery: str, reason: str) -> None:
    with pytest.raises(DialectError) as caught:
        to_neo4j(f"MATCH (a), (c)\nCALL {{ {subquery} }}\nRETURN b")
    assert str(caught.value) == (
        "line 2, column 1: cannot render `CALL { ... }` as Neo4j's `CALL (a, b) { ... }`: "
        f"{reason}; an importing WITH must be the subquery's first clause, only variable names "
        "(`WITH a, b`), followed by the next clause"
    )


def test_unclosed_subquery_is_refused() -> None:
    with pytest.raises(DialectError, match=r"line 1, column 11: the `\{` of `CALL \{` is never closed"):
        to_neo4j("MATCH (a) CALL { WITH a RETURN a")


def test_falkordb_gets_the_file_as_written() -> None:
    text = "MATCH (a) CALL { WITH a RETURN a.id AS id } RETURN id"
    assert render(text, "falkordb") == text
    assert render(text, "neo4j") == "MATCH (a) CALL (a) { RETURN a.id AS id } RETURN id"


def test_named_queries_load_rendered() -> None:
    falkordb = load_query("api/expand_source", "falkordb")
    neo4j = load_query("api/expand_source", "neo4j")
    assert falkordb.path == neo4j.path
    assert falkordb.text == falkordb.path.read_text(encoding="utf-8")
    assert "CALL {\n  WITH s\n" in falkordb.text
    assert neo4j.text == falkordb.text.replace("CALL {\n  WITH s\n", "CALL (s) {\n\n")
    assert neo4j.header == falkordb.header


@pytest.mark.parametrize("dialect", ["falkordb", "neo4j"])
def test_every_named_query_renders(dialect: str) -> None:
    rendered = 0
    for name in query_names():
        try:
            named = load_query(name, dialect)
        except UnknownQueryError:  # a query only the other engine has
            continue
        rendered += 1
        code = [line for line in named.text.splitlines() if not line.lstrip().startswith("//")]
        old_form = [line for line in code if re.search(r"\bCALL\s*\{", line, re.IGNORECASE)]
        if dialect == "neo4j":
            assert old_form == [], f"{named.path}: CALL subqueries left without a scope clause"
    assert rendered > 50
