"""Every query Neo4j runs passes Neo4j 5's own Cypher front end.

Which file Neo4j runs for a named query (as graphdb.queries picks it):
`X.neo4j.cypher` if it exists, else `X.cypher`. So the files checked are the
`*.neo4j.cypher` variants and the plain `X.cypher` files without such a
variant (those must run on both engines). `*.falkordb.cypher` files are
FalkorDB's dialect and are not Neo4j's business; a plain file shadowed by a
`.neo4j` variant is reported as skipped, with the reason.

What is linted is what Neo4j runs: each file as graphdb.queries renders it for
Neo4j (`load_query(name, "neo4j").text`: `CALL { WITH a ... }` given its scope
clause, `CALL (a) { ... }`), which keeps the file's line numbers. A file fails
on any diagnostic, warning or error: Neo4j 5.26 returns the warnings
(deprecations, cartesian products) as notifications on every request.

All the Cypher is linted in one Node run (tests/neo4j_lint.py); without node
or node_modules the tests skip ("run npm ci"), and fail where CI=true.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphdb.queries import DialectError, load_query, to_neo4j
from tests.support.neo4j_lint import (
    REPO_ROOT,
    Diagnostic,
    LinterNotInstalled,
    check_installed,
    errors,
    format_diagnostics,
    lint,
    unavailable,
)

pytestmark = pytest.mark.slow  # Neo4j's Cypher front end starts in Node: the longest setup of the engine-free tests

CYPHER_DIR = REPO_ROOT / "cypher"
VECTOR_DIMENSION = 384

DEPRECATED_CALL = """MATCH (a:Author {id: $id})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(w:Work)
  RETURN count(w) AS works
}
RETURN works"""

# Known inputs with known outcomes: proof that the linter is wired up, that it
# checks Neo4j's dialect, that the procedure signatures reach it, and that it
# reports deprecations (as warnings, which fail a file too).
CONTROLS = {
    "syntax_error": "MATCH (n RETURN n",
    "falkordb_vector": ("CALL db.idx.vector.queryNodes('Work','embedding',5,vecf32($v)) YIELD node RETURN node"),
    "neo4j_vector": (
        "CALL db.index.vector.queryNodes('work_embedding', $k, $vector) YIELD node, score\n"
        "RETURN node.id AS id, score ORDER BY score DESC"
    ),
    "neo4j_fulltext": (
        "CALL db.index.fulltext.queryNodes('work_text', $q) YIELD node, score\n"
        "WITH node, score LIMIT 10\n"
        "CALL db.index.fulltext.queryNodes('author_name', $q, {limit: 5}) YIELD node AS author\n"
        "RETURN node.id AS id, score, collect(author.id) AS authors"
    ),
    "wrong_yield": ("CALL db.index.vector.queryNodes('work_embedding', 5, $v) YIELD node, distance RETURN node"),
    "cypher_25": "CYPHER 25 MATCH (w:Work) RETURN w.id AS id",
    # The importing-WITH subquery the files are written in (FalkorDB's form), deprecated
    # since Neo4j 5.23; and the same query as graphdb.queries renders it for Neo4j.
    "deprecated_call_subquery": DEPRECATED_CALL,
    "rendered_call_subquery": to_neo4j(DEPRECATED_CALL),
}

NOT_FOUND = "is not present in the database"


def _rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def _query_name(path: Path) -> str:
    """The named query a file belongs to: cypher/api/x.neo4j.cypher -> api/x."""
    return path.relative_to(CYPHER_DIR).as_posix().removesuffix(".cypher").removesuffix(".neo4j")


def _neo4j_text(path: Path) -> str:
    """The text Neo4j runs for the query in `path` (the file it picks must be `path`)."""
    named = load_query(_query_name(path), "neo4j")
    assert named.path.resolve() == path.resolve(), f"graphdb.queries picks {named.path} on Neo4j, not {path}"
    return named.text


def _query_files() -> list[tuple[Path, Path | None]]:
    """(file, the .neo4j.cypher file that shadows it on Neo4j or None), FalkorDB files left out."""
    files = []
    for path in sorted(CYPHER_DIR.rglob("*.cypher")):
        if path.name.endswith(".falkordb.cypher"):
            continue
        shadow = None
        if not path.name.endswith(".neo4j.cypher"):
            variant = path.with_name(path.name.removesuffix(".cypher") + ".neo4j.cypher")
            shadow = variant if variant.is_file() else None
        files.append((path, shadow))
    return files


QUERY_FILES = _query_files()
FILE_CASES = [
    pytest.param(
        _rel(path),
        id=_rel(path),
        marks=([pytest.mark.skip(reason=f"Neo4j runs {_rel(shadow)} instead")] if shadow else []),
    )
    for path, shadow in QUERY_FILES
]


def _schema_statements() -> list[str] | str:
    """graphdb.schema's Neo4j DDL, or why it is not there to lint."""
    try:
        from graphdb.schema import neo4j_schema_statements
    except ImportError as exc:
        return f"graphdb.schema.neo4j_schema_statements is not importable yet: {exc}"
    return neo4j_schema_statements(VECTOR_DIMENSION)


@pytest.fixture(scope="module")
def report() -> dict[str, list[Diagnostic]]:
    """One Node run for everything: files, controls and schema statements."""
    missing = None
    try:
        check_installed()
    except LinterNotInstalled as exc:
        missing = str(exc)
    if missing:
        unavailable(missing)
    batch: dict[str, str] = {}
    unrendered: dict[str, list[Diagnostic]] = {}
    for path, shadow in QUERY_FILES:
        if shadow:
            continue
        try:
            batch[f"file:{_rel(path)}"] = _neo4j_text(path)
        except DialectError as exc:
            message = f"graphdb.queries cannot render it for Neo4j: {exc}"
            unrendered[f"file:{_rel(path)}"] = [{"severity": "error", "message": message, "line": 1, "column": 1}]
    batch |= {f"control:{name}": text for name, text in CONTROLS.items()}
    statements = _schema_statements()
    if isinstance(statements, list):
        batch |= {f"schema:{i}": text for i, text in enumerate(statements)}
    return lint(batch) | unrendered


def _outcome(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    """Severity, position and first sentence of each diagnostic."""
    return [(d["severity"], d["line"], d["column"], d["message"].split(". ")[0]) for d in diagnostics]


@pytest.mark.parametrize("rel", FILE_CASES)
def test_query_file_passes_neo4j_front_end(rel: str, report: dict[str, list[Diagnostic]]) -> None:
    text = (REPO_ROOT / rel).read_text(encoding="utf-8")
    assert text.strip(), f"{rel} is empty"
    diagnostics = report[f"file:{rel}"]
    if diagnostics:
        verdict = "would reject" if errors(diagnostics) else "warns on"
        pytest.fail(
            f"Neo4j 5 {verdict} {rel} (as graphdb.queries renders it for Neo4j; lines are the file's):\n"
            f"{format_diagnostics(diagnostics, rel)}",
            pytrace=False,
        )


@pytest.mark.parametrize("rel", FILE_CASES)
def test_neo4j_rendering_keeps_line_numbers(rel: str) -> None:
    # So the line of a diagnostic above (or of a Neo4j error) is the line in the file.
    path = REPO_ROOT / rel
    text = path.read_text(encoding="utf-8")
    try:
        rendered = _neo4j_text(path)
    except DialectError as exc:
        pytest.fail(str(exc), pytrace=False)
    assert rendered.count("\n") == text.count("\n")


def test_linter_warns_on_deprecated_call_subquery(report: dict[str, list[Diagnostic]]) -> None:
    # A warning fails a file like an error does, so this deprecation cannot come back.
    assert _outcome(report["control:deprecated_call_subquery"]) == [
        ("warning", 2, 1, "CALL subquery without a variable scope clause is now deprecated")
    ]
    assert "Use CALL (a) { ... }" in report["control:deprecated_call_subquery"][0]["message"]


def test_rendered_call_subquery_passes_front_end(report: dict[str, list[Diagnostic]]) -> None:
    assert CONTROLS["rendered_call_subquery"].startswith("MATCH (a:Author {id: $id})\nCALL (a) {\n")
    diagnostics = report["control:rendered_call_subquery"]
    assert diagnostics == [], format_diagnostics(diagnostics)


def test_linter_reports_syntax_error(report: dict[str, list[Diagnostic]]) -> None:
    assert _outcome(report["control:syntax_error"]) == [
        (
            "error",
            1,
            10,
            "Invalid input 'RETURN': expected a graph pattern, a parameter, ')', ':', 'IS', 'WHERE' or '{'",
        )
    ]


def test_linter_rejects_falkordb_only_constructs(report: dict[str, list[Diagnostic]]) -> None:
    # Unknown procedures and functions are errors once a registry is supplied
    # (without one the package reports nothing about them); $v is declared.
    assert _outcome(report["control:falkordb_vector"]) == [
        ("error", 1, 6, f"Procedure db.idx.vector.queryNodes {NOT_FOUND}"),
        ("error", 1, 52, f"Function vecf32 {NOT_FOUND}"),
    ]


@pytest.mark.parametrize("name", ["neo4j_vector", "neo4j_fulltext"])
def test_linter_knows_neo4j_index_procedures(name: str, report: dict[str, list[Diagnostic]]) -> None:
    diagnostics = report[f"control:{name}"]
    assert diagnostics == [], format_diagnostics(diagnostics)


def test_linter_checks_procedure_signatures(report: dict[str, list[Diagnostic]]) -> None:
    assert _outcome(report["control:wrong_yield"]) == [("error", 1, 70, "Unknown procedure output: `distance`")]


def test_linter_rejects_other_cypher_versions(report: dict[str, list[Diagnostic]]) -> None:
    assert [d["severity"] for d in report["control:cypher_25"]] == ["error"]
    assert "Cypher 5 only" in report["control:cypher_25"][0]["message"]


def test_neo4j_schema_statements_pass_front_end(report: dict[str, list[Diagnostic]]) -> None:
    statements = _schema_statements()
    if isinstance(statements, str):
        pytest.skip(statements)
    assert statements, "neo4j_schema_statements returned nothing"
    flagged = {text: report[f"schema:{i}"] for i, text in enumerate(statements) if report[f"schema:{i}"]}
    if flagged:
        pytest.fail(
            "Neo4j 5 rejects or warns on:\n"
            + "\n".join(f"{text}\n{format_diagnostics(d)}" for text, d in flagged.items()),
            pytrace=False,
        )
