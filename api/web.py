"""The pages a person opens: the explorer at / and GraphiQL at /graphql, both bundled from npm
packages at build time (`npm run build`, which `./dev setup` runs) into api/static/, so a browser
fetches nothing from the internet."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
EXPLORER = STATIC / "explorer" / "index.html"
GRAPHIQL = STATIC / "graphiql" / "index.html"

_NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>ScholarGraph: page not built</title>
<h1>This page is not built</h1>
<p>The {page} is bundled from npm packages at build time, and {path} is missing.
Run <code>npm ci &amp;&amp; npm run build</code> in the ScholarGraph checkout
(<code>./dev setup</code> does both), then reload. The GraphQL API itself answers POST /graphql.</p>"""


def page(path: Path, name: str) -> HTMLResponse:
    """The built page, or a 503 that says how to build it."""
    try:
        return HTMLResponse(path.read_text(encoding="utf-8"), headers={"Cache-Control": "no-cache"})
    except FileNotFoundError:
        return HTMLResponse(_NOT_BUILT.format(page=name, path=path), status_code=503)


def mount(app: FastAPI) -> None:
    """Serve the explorer at / and the bundles under /static/."""
    STATIC.mkdir(exist_ok=True)

    @app.get("/", include_in_schema=False)
    async def explorer() -> HTMLResponse:
        return page(EXPLORER, "explorer page")

    # check_dir=False: a checkout that has not run the build still serves the API
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
