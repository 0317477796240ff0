"""The pages' files: served from api/static/ when built, a 503 that says how to build them when not."""

from __future__ import annotations

import tomllib
from pathlib import Path

from api.web import EXPLORER, GRAPHIQL, page


def test_a_page_not_built_says_how_to_build_it(tmp_path: Path) -> None:
    missing = page(tmp_path / "index.html", "explorer page")
    assert missing.status_code == 503
    body = bytes(missing.body).decode()
    assert f"The explorer page is bundled from npm packages at build time, and {tmp_path / 'index.html'} " \
           "is missing." in body
    assert "<code>npm ci &amp;&amp; npm run build</code>" in body


def test_a_built_page_is_served_as_it_is(tmp_path: Path) -> None:
    built = tmp_path / "index.html"
    built.write_text("<!doctype html><title>x</title>", encoding="utf-8")
    served = page(built, "explorer page")
    assert (served.status_code, bytes(served.body).decode()) == (200, "<!doctype html><title>x</title>")
    assert served.headers["cache-control"] == "no-cache"


def test_the_package_ships_the_built_pages() -> None:
    """api/static/ is generated (gitignored) and must still go into the wheel and the image."""
    root = Path(__file__).resolve().parent.parent
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "static/**/*" in pyproject["tool"]["setuptools"]["package-data"]["api"]
    assert EXPLORER.relative_to(root).as_posix() == "api/static/explorer/index.html"
    assert GRAPHIQL.relative_to(root).as_posix() == "api/static/graphiql/index.html"
