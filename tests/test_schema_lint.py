"""Every type, field, argument and enum value of the GraphQL schema has a description:
graphql-schema-linter's description rules over the SDL the code builds (`api.schema.sdl()`,
which schema.graphql must equal: tests/test_api_server.py). GraphiQL's docs pane and GraphQL
clients show these descriptions.

Only the description rules run: the linter's ordering and naming rules (alphabetical fields,
Relay spec checks) are style choices this schema does not follow.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from api.schema import sdl

REPO = Path(__file__).resolve().parent.parent
LINTER = REPO / "node_modules" / "graphql-schema-linter"
RULES = (
    "types-have-descriptions",
    "fields-have-descriptions",
    "arguments-have-descriptions",
    "enum-values-have-descriptions",
    "descriptions-are-capitalized",
)


def lint(schema_text: str, where: Path) -> subprocess.CompletedProcess[str]:
    """The linter's verdict on `schema_text`, with RULES only. The working and config directory
    is `where` (holding nothing but the schema), so no configuration file found on the way up
    from the repository can add ignores; `--ignore {}` clears any anyway."""
    node = shutil.which("node")
    package = LINTER / "package.json"
    if node is None:
        pytest.skip("node is not on PATH: the schema linter runs on Node.js (install it, then ./dev setup runs npm ci)")
    if not package.is_file():
        pytest.skip("node_modules/graphql-schema-linter is absent: run ./dev setup (npm ci)")
    cli = LINTER / json.loads(package.read_text(encoding="utf-8"))["bin"]["graphql-schema-linter"]
    path = where / "schema.graphql"
    path.write_text(schema_text, encoding="utf-8")
    return subprocess.run(
        [node, str(cli), "--rules", ",".join(RULES), "--ignore", "{}", "--config-directory", str(where),
         "--format", "text", str(path)],
        cwd=where, capture_output=True, text=True, timeout=120, check=False,
    )


def test_every_type_field_argument_and_enum_value_is_described(tmp_path: Path) -> None:
    result = lint(sdl(), tmp_path)
    assert result.returncode == 0, (
        f"graphql-schema-linter (exit {result.returncode}) finds schema elements without a proper description; "
        f"add `description=` where they are defined (api/types/, api/query.py, api/mutations.py, "
        f"api/types/accounts.py), then `scholargraph schema > schema.graphql`:\n{result.stdout}{result.stderr}"
    )


def test_the_linter_reports_what_lacks_a_description(tmp_path: Path) -> None:
    """The check above can fail: a linter that ran no rule (a renamed rule, a broken install)
    would pass any schema."""
    result = lint('"""A query."""\ntype Query {\n  """The answer."""\n  answer(n: Int): Int\n  hint: String\n}\n',
                  tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The `n` argument of `answer` is missing a description." in result.stdout, result.stdout
    assert "The field `Query.hint` is missing a description." in result.stdout, result.stdout
