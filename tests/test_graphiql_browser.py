"""GraphiQL at /graphql: the self-hosted bundle (web/graphiql/, built by `npm run build`) served
by a real `scholargraph serve` on a demo graph, in Debian's chromium (Playwright) with every
request off 127.0.0.1 refused. What the result pane shows is checked against what the API
answers for the same request."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import pytest

from tests.support.engines import ENGINES, free_port
from tests.support.pages import Browser, browser, demo_db, serving

pytestmark = pytest.mark.browser

WORKS = 200
WAIT_MS = 30_000  # Monaco and its workers load after the first paint; the CPU is shared
WORKERS = ("editor.worker.js", "json.worker.js", "graphql.worker.js")
AUTHOR_QUERY = "query Who($id: ID!) {\n  author(id: $id) {\n    id\n    name\n    profile { counts { works } }\n  }\n}"


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def site(engine: str, request: pytest.FixtureRequest) -> Iterator[str]:
    with serving(demo_db(engine, request, WORKS), free_port()) as base:
        yield base


@pytest.fixture
def page(site: str) -> Iterator[Browser]:
    with browser() as b:
        yield b
        assert b.outside == [], f"requests left 127.0.0.1: {b.outside}"
        assert b.console_errors == [], f"errors in the page: {b.console_errors}"


def api(site: str, query: str, variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None) -> dict[str, Any]:
    res = httpx.post(f"{site}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30)
    return res.json()  # type: ignore[no-any-return]


def some_author(site: str) -> str:
    hits = api(site, '{ search(text: "a", kinds: [AUTHOR], first: 1) { node { ... on Author { id } } } }')
    return str(hits["data"]["search"][0]["node"]["id"])


# -- the page over plain HTTP ----------------------------------------------------------------


def test_the_page_and_every_asset_it_names_answer(site: str) -> None:
    res = httpx.get(f"{site}/graphql", headers={"Accept": "text/html"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    assert "<title>ScholarGraph GraphiQL</title>" in res.text and 'href="/"' in res.text
    named = re.findall(r'(?:src|href)="(/static/graphiql/[^"]+)"', res.text)
    assert {"/static/graphiql/app.js", "/static/graphiql/app.css"} <= set(named)
    app = httpx.get(f"{site}/static/graphiql/app.js").text
    # what app.js loads in turn: its lazily loaded chunks and Monaco's workers
    named += [f"/static/graphiql/{name}" for name in re.findall(r"chunks/[\w.-]+\.js", app)]
    named += [f"/static/graphiql/{name}" for name in WORKERS if name in app]
    assert len(named) > 2 + len(WORKERS), named
    for path in named:
        assert httpx.get(f"{site}{path}").status_code == 200, path


def test_a_link_with_a_query_opens_the_ide_and_a_client_still_gets_the_answer(site: str) -> None:
    query = "{ __typename }"
    for accept in ("text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"):
        res = httpx.get(f"{site}/graphql", params={"query": query}, headers={"Accept": accept})
        assert res.status_code == 200 and "<title>ScholarGraph GraphiQL</title>" in res.text, accept
    for accept in ("application/json", "*/*"):
        res = httpx.get(f"{site}/graphql", params={"query": query}, headers={"Accept": accept})
        assert res.json() == {"data": {"__typename": "Query"}}, accept


# -- the page in a browser -------------------------------------------------------------------


def editor(b: Browser, name: str) -> str:
    """The text of a GraphiQL editor: operation, variables, request-headers or response."""
    return str(b.page.evaluate("""(name) => globalThis.__MONACO.editor.getModels()
        .find((m) => m.uri.path.endsWith(`-${name}.json`) || m.uri.path.endsWith(`-${name}.graphql`))
        .getValue()""", name))


@dataclass
class Seen:
    """What the page sends to /graphql (as it goes) and the web workers it starts."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)


def open_ide(b: Browser, site: str, **params: str) -> Seen:
    """Open GraphiQL (with these URL parameters) once its editor and run button are there."""
    seen = Seen()
    b.page.on("request", lambda r: seen.sent.append({"headers": r.headers, "body": r.post_data_json})
              if r.method == "POST" and urlsplit(r.url).path == "/graphql" else None)
    b.page.on("worker", lambda w: seen.workers.append(urlsplit(w.url).path))
    b.page.goto(f"{site}/graphql" + (f"?{urlencode(params)}" if params else ""))
    b.page.locator(".graphiql-query-editor .monaco-editor").wait_for(timeout=WAIT_MS)
    b.page.locator(".graphiql-execute-button").wait_for(timeout=WAIT_MS)
    # Monaco loads after the first render; GraphiQL then publishes it as __MONACO, through
    # which these helpers read the editors
    b.page.wait_for_function("() => globalThis.__MONACO !== undefined", timeout=WAIT_MS)
    return seen


def run(b: Browser, *, keys: bool = False) -> dict[str, Any]:
    """Run the query (the button, or Ctrl-Enter) and return what the result pane shows."""
    before = editor(b, "response")
    if keys:
        b.page.locator(".graphiql-query-editor .monaco-editor textarea").press("Control+Enter")
    else:
        b.page.locator(".graphiql-execute-button").click()
    b.page.wait_for_function("""(before) => {
        const m = globalThis.__MONACO.editor.getModels().find((m) => m.uri.path.endsWith('-response.json'));
        return m.getValue() !== '' && m.getValue() !== before; }""", arg=before, timeout=WAIT_MS)
    return json.loads(editor(b, "response"))  # type: ignore[no-any-return]


def test_the_default_query_runs_and_shows_what_the_api_answers(page: Browser, site: str) -> None:
    sent = open_ide(page, site).sent
    assert page.page.title() == "ScholarGraph GraphiQL"
    assert page.page.locator("#explorer-link").get_attribute("href") == "/"
    query = editor(page, "operation")
    assert 'search(text: "a", first: 5)' in query and "counts" in query
    shown = run(page)
    assert shown == api(site, query)
    assert len(shown["data"]["search"]) == 5
    # no Authorization unless the user writes one in the headers pane
    assert sent and all("authorization" not in s["headers"] for s in sent), sent
    assert sent[-1]["body"]["query"] == query


def test_a_typed_query_runs(page: Browser, site: str) -> None:
    open_ide(page, site)
    typed = '{ search(text: "b", first: 3) { kind score } }'
    area = page.page.locator(".graphiql-query-editor .monaco-editor textarea")
    area.focus()
    area.press("Control+A")
    area.press("Delete")
    # Monaco closes brackets and quotes as they open and types over the closing ones
    page.page.keyboard.type(typed, delay=20)
    page.page.keyboard.press("Escape")  # close the completion list the typing opened
    assert editor(page, "operation") == typed
    # GraphiQL takes in an edit (the operation name, the address) 100 ms after the last key
    page.page.wait_for_function("(typed) => new URLSearchParams(location.search).get('query') === typed",
                                arg=typed, timeout=WAIT_MS)
    assert run(page, keys=True) == api(site, typed)


def test_query_and_variables_in_the_address_are_prefilled(page: Browser, site: str) -> None:
    variables = json.dumps({"id": some_author(site)})
    open_ide(page, site, query=AUTHOR_QUERY, variables=variables)
    assert editor(page, "operation") == AUTHOR_QUERY
    assert editor(page, "variables") == variables
    shown = run(page)
    assert shown == api(site, AUTHOR_QUERY, json.loads(variables))
    assert shown["data"]["author"]["id"] == json.loads(variables)["id"]


def test_the_headers_pane_sends_a_bearer_token(page: Browser, site: str) -> None:
    query = "{ me { __typename } }"
    sent = open_ide(page, site, query=query).sent
    page.page.get_by_text("Headers", exact=True).click()
    headers = {"Authorization": "Bearer not-a-real-token"}
    # what typing leaves there (typing JSON into Monaco fights its bracket closing)
    page.page.evaluate("""(text) => globalThis.__MONACO.editor.getModels()
        .find((m) => m.uri.path.endsWith('-request-headers.json')).setValue(text)""", json.dumps(headers))
    shown = run(page)
    assert sent[-1]["headers"].get("authorization") == headers["Authorization"]
    assert shown == api(site, query, headers=headers)


def test_the_workers_load_from_the_server_and_mark_an_unknown_field(page: Browser, site: str) -> None:
    seen = open_ide(page, site, query="{ noSuchField }")
    # the marker comes from the GraphQL worker, validating against the introspected schema
    page.page.wait_for_function("""() => globalThis.__MONACO.editor.getModelMarkers({})
        .some((m) => m.message.includes('noSuchField'))""", timeout=WAIT_MS)
    assert {f"/static/graphiql/{name}" for name in WORKERS} <= set(seen.workers), seen.workers


def test_the_docs_pane_shows_a_types_description(page: Browser, site: str) -> None:
    described = api(site, '{ __type(name: "Author") { description } }')["data"]["__type"]["description"]
    assert described, "the schema describes Author"
    open_ide(page, site)
    page.page.get_by_label("Show Documentation Explorer").click()
    docs = page.page.locator(".graphiql-doc-explorer")
    # the start page lists every type of the introspected schema
    docs.get_by_role("link", name="Author", exact=True).first.click()
    docs.locator(".graphiql-doc-explorer-title", has_text=re.compile(r"^Author$")).wait_for(timeout=WAIT_MS)
    shown = " ".join(docs.inner_text().split())
    assert " ".join(described.replace("`", "").split()) in shown, shown[:500]
