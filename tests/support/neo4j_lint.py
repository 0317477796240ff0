"""Neo4j 5's own Cypher front end, as a test helper.

`lint` sends a batch of queries to tools/lint-cypher.mjs, which runs them
through `@neo4j-cypher/language-support` (pinned in package.json, installed
by `npm ci` into node_modules/ at the repository root) in one Node process.
Send it the text Neo4j runs: a named query as graphdb.queries renders it for
Neo4j (`load_query(name, "neo4j").text`), not the file as FalkorDB runs it.
Any diagnostic, error or warning, is a finding: Neo4j returns the warnings as
notifications on every request.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Literal, NoReturn, TypedDict

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]  # tests/support/ -> the repository
LINTER = REPO_ROOT / "tools" / "lint-cypher.mjs"
PACKAGE = REPO_ROOT / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
NOT_INSTALLED = "Neo4j Cypher linter not installed: run npm ci"
TIMEOUT_S = 300


class Diagnostic(TypedDict):
    severity: Literal["error", "warning"]
    message: str
    line: int  # 1-based
    column: int  # 1-based


class LinterNotInstalled(RuntimeError):
    """node or node_modules/ is missing; the message starts with NOT_INSTALLED."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Skip a test for a missing tool, or fail it in CI, where the tool is installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the CI set-up must provide it)", pytrace=False)
    pytest.skip(reason)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise LinterNotInstalled(f"{NOT_INSTALLED} (node is not on PATH)")
    if not PACKAGE.is_file():
        raise LinterNotInstalled(f"{NOT_INSTALLED} ({PACKAGE.parent} is missing)")
    return node


def check_installed() -> None:
    """Raise LinterNotInstalled if the linter cannot run here."""
    _node()


def lint(queries: dict[str, str]) -> dict[str, list[Diagnostic]]:
    """Lint every query in one Node run: name -> diagnostics (empty when clean)."""
    if not queries:
        return {}
    result = subprocess.run(
        [_node(), str(LINTER)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        timeout=TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{LINTER.name} exited {result.returncode}:\n{result.stderr or result.stdout}")
    report: dict[str, list[Diagnostic]] = json.loads(result.stdout)
    missing = queries.keys() - report.keys()
    if missing:
        raise RuntimeError(f"{LINTER.name} returned no result for {sorted(missing)}")
    return report


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d["severity"] == "error"]


def format_diagnostics(diagnostics: list[Diagnostic], source: str = "") -> str:
    """One line per diagnostic, `  [source:]line:column severity: message`."""
    where = f"{source}:" if source else ""
    return "\n".join(f"  {where}{d['line']}:{d['column']} {d['severity']}: {d['message'].strip()}" for d in diagnostics)
