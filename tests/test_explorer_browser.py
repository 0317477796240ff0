"""The explorer page in a real browser: Debian's chromium (Playwright) against a real
`scholargraph serve` on a demo graph, with every request off 127.0.0.1 refused. What the page
shows is checked against what the GraphQL API answers for the same question."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.engines import ENGINES, free_port
from tests.support.pages import Browser, browser, cli, demo_db, serving

pytestmark = pytest.mark.browser

WORKS = 200
# The explorer's own slice sizes (web/explorer/main.js CONTEXT) and its expand `first`.
CONTEXT = {"works": 15, "collaborators": 15, "topics": 6, "institutions": 3}
EXPAND_FIRST = 10
# Where the README's screenshots go when this is set (docs/explorer.md says how to refresh them).
SHOTS = os.environ.get("SCHOLARGRAPH_SCREENSHOTS")


class Site:
    def __init__(self, base: str, db_url: str) -> None:
        self.base = base
        self.db_url = db_url

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = httpx.post(f"{self.base}/graphql", json={"query": query, "variables": variables}, timeout=30).json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]

    def slice_ids(self, author_id: str) -> set[str]:
        found = self.data("""query($id: ID!, $w: Int!, $c: Int!, $t: Int!, $i: Int!) {
            researcherContext(authorId: $id, works: $w, collaborators: $c, topics: $t, institutions: $i) {
              nodes { id } } }""", id=author_id, w=CONTEXT["works"], c=CONTEXT["collaborators"],
                          t=CONTEXT["topics"], i=CONTEXT["institutions"])
        return {n["id"] for n in found["researcherContext"]["nodes"]}

    def expand_ids(self, node_id: str) -> set[str]:
        found = self.data("query($id: ID!, $f: Int!) { expand(nodeId: $id, first: $f) { nodes { id } } }",
                          id=node_id, f=EXPAND_FIRST)
        return {n["id"] for n in found["expand"]["nodes"]}

    def top_authors(self, n: int = 8) -> list[dict[str, Any]]:
        return self.data("query($n: Int!) { mostConnectedAuthors(first: $n) { id name } }",
                         n=n)["mostConnectedAuthors"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def site(engine: str, request: pytest.FixtureRequest) -> Iterator[Site]:
    db_url = demo_db(engine, request, WORKS)
    with serving(db_url, free_port()) as base:
        yield Site(base, db_url)


@pytest.fixture
def page(site: Site) -> Iterator[Browser]:
    with browser() as b:
        yield b
        assert b.outside == [], f"requests left 127.0.0.1: {b.outside}"
        assert b.console_errors == [], f"errors in the page: {b.console_errors}"


def drawn(b: Browser) -> int:
    return int(b.page.get_by_test_id("graph-node-count").inner_text())


def drawn_ids(b: Browser) -> set[str]:
    return set(b.page.evaluate("() => window.explorer.cy.nodes().map((n) => n.id())"))


def wait_centred(b: Browser, node_id: str, timeout: float = 10_000) -> None:
    b.page.wait_for_function("id => document.querySelector('[data-testid=graph]').dataset.centre === id "
                             "&& document.querySelector('[data-testid=graph-status]').hidden", arg=node_id,
                             timeout=timeout)


def wait_panel(b: Browser, node_id: str) -> None:
    b.page.wait_for_function("id => { const p = document.querySelector('[data-testid=node-panel]');"
                             " return p.dataset.nodeId === id && p.dataset.state === 'ready'; }", arg=node_id,
                             timeout=10_000)


def click_node(b: Browser, node_id: str, double: bool = False) -> None:
    """A real mouse click on the node where Cytoscape drew it."""
    box = b.page.get_by_test_id("graph").bounding_box()
    pos = b.page.evaluate("id => window.explorer.cy.getElementById(id).renderedPosition()", node_id)
    x, y = box["x"] + pos["x"], box["y"] + pos["y"]
    if double:
        b.page.mouse.dblclick(x, y)
    else:
        b.page.mouse.click(x, y)


def test_opens_on_the_most_connected_researcher(site: Site, page: Browser) -> None:
    # How fast: benchmarks/explorer_bench.py (time to first draw), not a timed test.
    top = site.top_authors(1)[0]
    expected = site.slice_ids(top["id"])
    page.page.goto(site.base + "/")
    wait_centred(page, top["id"])
    assert drawn(page) == len(expected)
    assert drawn_ids(page) == expected
    assert f"focus={top['id']}" in page.page.url
    wait_panel(page, top["id"])
    assert page.page.get_by_test_id("panel-title").inner_text() == top["name"]
    featured = page.page.get_by_test_id("featured").locator("li a").all_inner_texts()
    assert featured == [a["name"] for a in site.top_authors(8)]
    legend = page.page.get_by_test_id("legend").inner_text()
    for kind in ("Researcher", "Work", "Topic", "Institution", "Source"):
        assert kind in legend


def test_search_shows_homonym_hints_and_centres_on_the_pick(site: Site, page: Browser) -> None:
    target = site.top_authors(3)[2]
    word = target["name"].split()[-1]
    hits = site.data("""query($t: String!) { search(text: $t, kinds: [AUTHOR, WORK], first: 8) {
        kind node { ... on Author { id profile { counts { works } } } ... on Work { id } } } }""", t=word)["search"]
    page.page.goto(site.base + "/?focus=" + site.top_authors(1)[0]["id"])
    page.page.get_by_test_id("search-input").fill(word)
    results = page.page.get_by_test_id("search-result")
    results.first.wait_for()
    assert results.count() == len(hits)
    assert [results.nth(i).get_attribute("data-id") for i in range(results.count())] == [h["node"]["id"] for h in hits]
    mine = page.page.locator(f"[data-testid=search-result][data-id='{target['id']}']")
    hit = next(h for h in hits if h["node"]["id"] == target["id"])
    assert f"{hit['node']['profile']['counts']['works']} works" in mine.inner_text()
    mine.click()
    wait_centred(page, target["id"])
    assert drawn_ids(page) == site.slice_ids(target["id"])
    assert f"focus={target['id']}" in page.page.url


def test_click_expands_a_node_with_its_neighbours(site: Site, page: Browser) -> None:
    top = site.top_authors(1)[0]
    page.page.goto(site.base + "/")
    wait_centred(page, top["id"])
    before = drawn_ids(page)
    # a work of the centre: its neighbours include authors and topics not drawn yet
    work = next(i for i in sorted(before) if site.expand_ids(i) - before and i.startswith("W"))
    click_node(page, work)
    expected = before | site.expand_ids(work)
    page.page.wait_for_function("n => Number(document.querySelector('[data-testid=graph-node-count]')"
                                ".textContent) === n", arg=len(expected), timeout=10_000)
    assert drawn_ids(page) == expected
    wait_panel(page, work)
    title = site.data("query($id: ID!) { work(id: $id) { title } }", id=work)["work"]["title"]
    assert page.page.get_by_test_id("panel-title").inner_text() == title


def test_double_click_centres_and_the_link_reopens_the_view(site: Site, page: Browser) -> None:
    top = site.top_authors(1)[0]
    page.page.goto(site.base + "/")
    wait_centred(page, top["id"])
    collaborator = next(i for i in sorted(drawn_ids(page)) if i != top["id"] and i.startswith("A"))
    click_node(page, collaborator, double=True)
    wait_centred(page, collaborator)
    assert drawn_ids(page) == site.slice_ids(collaborator)
    link = page.page.url
    assert f"focus={collaborator}" in link
    page.page.goto(link)
    wait_centred(page, collaborator)
    assert drawn_ids(page) == site.slice_ids(collaborator)
    page.page.go_back()
    wait_centred(page, top["id"])


def test_author_panel_shows_the_profile_numbers(site: Site, page: Browser) -> None:
    top = site.top_authors(1)[0]
    data = site.data("""query($id: ID!) { author(id: $id) { profile {
        counts { works citations topics collaborators followers } hIndex i10Index novelty
        trust { score label verificationLevel signals { name } }
        countsByYear { years { year works citations } }
        primaryCategory { label } aiScore { score } } }
        closeCollaborators(authorId: $id, first: 8) { author { name } }
        suggestedCollaborators(authorId: $id, first: 5) { author { name } } }""", id=top["id"])
    profile = data["author"]["profile"]
    page.page.goto(site.base + f"/?focus={top['id']}&kind=AUTHOR")
    wait_panel(page, top["id"])

    def metric(name: str) -> str:
        return page.page.get_by_test_id(f"metric-{name}").inner_text()

    counts = profile["counts"]
    for name in ("works", "citations", "topics", "collaborators", "followers"):
        assert metric(name) == f"{counts[name]:,}", name
    assert metric("h-index") == str(profile["hIndex"])
    assert metric("i10") == str(profile["i10Index"])
    novelty = profile["novelty"]
    assert metric("novelty") == ("–" if novelty is None else f"{round(novelty * 100)}%")
    assert page.page.get_by_test_id("trust-score").inner_text() == profile["trust"]["label"]
    panel = page.page.get_by_test_id("node-panel").inner_text()
    assert f"Verification {profile['trust']['verificationLevel']}" in panel
    assert f"= {profile['trust']['score']}" in panel
    assert len(profile["trust"]["signals"]) == page.page.locator("table.signals tr").count()
    primary = profile["primaryCategory"]
    assert page.page.get_by_test_id("primary-category").count() == (1 if primary else 0)
    if primary:
        assert page.page.get_by_test_id("primary-category").inner_text() == primary["label"]
    assert page.page.get_by_test_id("ai-score").inner_text() == f"AI {profile['aiScore']['score']}"
    bars = page.page.get_by_test_id("counts-by-year").locator("g[data-year]")
    drawn_years = [{"year": int(g.get_attribute("data-year") or 0), "works": int(g.get_attribute("data-works") or 0),
                    "citations": int(g.get_attribute("data-citations") or 0)} for g in bars.all()]
    assert drawn_years == profile["countsByYear"]["years"]
    names = page.page.get_by_test_id("close-collaborators").locator("li > a").all_inner_texts()
    assert names == [c["author"]["name"] for c in data["closeCollaborators"]]
    if data["suggestedCollaborators"]:
        suggested = page.page.get_by_test_id("suggested-collaborators").locator(":scope > li > a").all_inner_texts()
        assert suggested == [s["author"]["name"] for s in data["suggestedCollaborators"]]


def test_work_deep_link_shows_the_work_panel(site: Site, page: Browser) -> None:
    work = site.data("""{ search(text: "a", kinds: [WORK], first: 1) { node { ... on Work {
        id title year authorCount citedByCount } } } }""")["search"]
    if not work:
        pytest.skip("no work matched")
    w = work[0]["node"]
    page.page.goto(site.base + f"/?focus={w['id']}&kind=WORK")
    wait_centred(page, w["id"])
    wait_panel(page, w["id"])
    assert drawn_ids(page) == site.expand_ids(w["id"])
    assert page.page.get_by_test_id("panel-title").inner_text() == w["title"]
    assert page.page.get_by_test_id("metric-citations").inner_text() == f"{w['citedByCount'] or 0:,}"


def test_unknown_id_says_so(site: Site, page: Browser) -> None:
    page.page.goto(site.base + "/?focus=A-no-such-author")
    status = page.page.get_by_test_id("graph-status")
    status.get_by_text("Nothing in the graph has the id A-no-such-author.").wait_for()
    assert drawn(page) == 0


def _pick(b: Browser, testid: str, name: str, author_id: str) -> None:
    b.page.get_by_test_id(testid).fill(name)
    b.page.locator(f"[data-testid=search-result][data-id='{author_id}']").click()


def test_path_between_two_researchers(site: Site, page: Browser) -> None:
    authors = site.top_authors(8)
    source = authors[0]
    path = None
    for target in authors[1:]:  # the first pair with a path of at least two hops, else any
        found = site.data("""query($a: ID!, $b: ID!) { collaborationPath(fromId: $a, toId: $b) {
            length authors { id name } } }""", a=source["id"], b=target["id"])["collaborationPath"]
        if found and (path is None or found["length"] > path["length"]):
            path = found
    if path is None:
        pytest.skip("no two of the most connected authors are linked")
    target = path["authors"][-1]
    page.page.goto(site.base + "/")
    wait_centred(page, source["id"])
    page.page.get_by_text("Path between two researchers").click()
    _pick(page, "path-from", source["name"], source["id"])
    _pick(page, "path-to", target["name"], target["id"])
    page.page.get_by_test_id("path-find").click()
    result = page.page.get_by_test_id("path-result")
    page.page.wait_for_function("n => document.querySelector('[data-testid=path-result]').dataset.length === n",
                                arg=str(path["length"]), timeout=10_000)
    hops = "hop" if path["length"] == 1 else "hops"
    assert result.locator("p").first.inner_text() == (
        f"{path['length']} {hops}: " + " → ".join(a["name"] for a in path["authors"]))
    assert drawn(page) == len(path["authors"])
    assert drawn_ids(page) == {a["id"] for a in path["authors"]}


def test_actions_need_a_token_and_show_refusals(site: Site, page: Browser) -> None:
    top = site.top_authors(1)[0]
    page.page.goto(site.base + f"/?focus={top['id']}&kind=AUTHOR")
    wait_panel(page, top["id"])
    assert page.page.get_by_test_id("follow").is_disabled()
    assert "Add an API token" in page.page.get_by_test_id("node-panel").inner_text()

    page.page.get_by_test_id("token-input").fill("sg_not_a_real_token")
    page.page.get_by_test_id("token-input").press("Enter")
    wait_panel(page, top["id"])
    page.page.get_by_test_id("follow").click()
    refusal = site_error(site, "sg_not_a_real_token", top["id"])
    page.page.get_by_test_id("action-status").get_by_text(refusal).wait_for()

    email = f"explorer-{time.monotonic_ns()}@example.org"
    token = re.search(r"token: (\S+)", cli("users", "add", email, "--db", site.db_url).stdout)
    assert token
    page.page.get_by_test_id("token-input").fill(token.group(1))
    page.page.get_by_test_id("token-input").press("Enter")
    page.page.get_by_test_id("signed-in").get_by_text(f"signed in as {email.split('@')[0]}").wait_for()
    wait_panel(page, top["id"])
    followers = site.data("query($id: ID!) { author(id: $id) { profile { counts { followers } } } }",
                          id=top["id"])["author"]["profile"]["counts"]["followers"]
    page.page.get_by_test_id("follow").click()
    page.page.get_by_test_id("action-status").get_by_text(f"Following · {followers + 1} followers").wait_for()
    assert page.page.get_by_test_id("follow").inner_text() == "Unfollow"
    page.page.get_by_test_id("claim-evidence").fill("https://example.org/me")
    page.page.get_by_test_id("claim").click()
    page.page.get_by_test_id("action-status").get_by_text(re.compile(r"^Claim \S+: pending$")).wait_for()
    assert page.page.get_by_test_id("invite").is_disabled()  # not claimed until an administrator verifies


def site_error(site: Site, token: str, author_id: str) -> str:
    """The API's own refusal of a follow with this token: the page must show exactly this."""
    body = httpx.post(f"{site.base}/graphql", headers={"Authorization": f"Bearer {token}"}, timeout=30,
                      json={"query": "mutation($id: ID!) { followAuthor(authorId: $id) { following } }",
                            "variables": {"id": author_id}}).json()
    return str(body["errors"][0]["message"])


@pytest.mark.skipif(not SHOTS, reason="set SCHOLARGRAPH_SCREENSHOTS=DIR to write the README's screenshots")
def test_screenshots(site: Site, engine: str) -> None:
    if engine != "falkordb":
        pytest.skip("one set of screenshots, from the demo on the default engine")
    out = Path(str(SHOTS))
    out.mkdir(parents=True, exist_ok=True)
    with browser(1400, 860) as b:
        top = site.top_authors(1)[0]
        b.page.goto(site.base + "/")
        wait_centred(b, top["id"])
        wait_panel(b, top["id"])
        b.page.wait_for_timeout(500)
        b.page.screenshot(path=str(out / "explorer.png"))
        work = next(i for i in sorted(drawn_ids(b)) if i.startswith("W"))
        click_node(b, work)
        wait_panel(b, work)
        b.page.wait_for_timeout(800)
        b.page.screenshot(path=str(out / "explorer-work.png"))


def test_a_link_from_the_data_never_runs_script(site: Site, page: Browser) -> None:
    """A record's code URL or ROR is shown as a link only when it is http(s)."""
    from graphdb import open_graph

    with open_graph(site.db_url) as graph:
        graph.write("MERGE (w:Work {id: $id}) SET w.title = 'A work with a hostile code link', "
                    "w.code_url = 'javascript:document.title=1'", {"id": "W-hostile"})
    try:
        page.page.goto(site.base + "/?focus=W-hostile&kind=WORK")
        wait_panel(page, "W-hostile")
        badge = page.page.get_by_test_id("code-badge")
        assert badge.inner_text() == "Code" and badge.get_attribute("href") is None
        assert page.page.locator("a[href^='javascript']").count() == 0
    finally:
        with open_graph(site.db_url) as graph:
            graph.write("MATCH (w:Work {id: $id}) DETACH DELETE w", {"id": "W-hostile"})
