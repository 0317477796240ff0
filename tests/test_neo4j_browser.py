"""Neo4j Browser, served by the local launcher, in a real browser (Debian's chromium driven by
Playwright): it connects to the launcher's Bolt port by itself and runs an analyst's query."""

from __future__ import annotations

import pytest

from graphdb import open_graph
from tests.support.pages import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_browser_connects_and_runs_a_query(neo4j_server: str, neo4j_browser: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: apt-get install chromium")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with open_graph(neo4j_server) as graph:
        graph.write("MATCH (n) DETACH DELETE n")
        graph.write("CREATE (:Author {id: 'A1', display_name: 'Ada Lovelace'}), "
                    "(:Author {id: 'A2', display_name: 'Grace Hopper'})")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            # No Bolt address in the URL: Browser takes it from the server's discovery document,
            # which must advertise the real port.
            page.goto(neo4j_browser)
            # Connected, Browser opens its start guide (not connected: the connection form).
            page.get_by_text(":play start").wait_for(timeout=60_000)
            page.locator("[data-testid='activeEditor']").click()
            page.keyboard.type("MATCH (a:Author) RETURN a.display_name AS name ORDER BY name")
            page.keyboard.press("Control+Enter")
            page.get_by_text("Started streaming 2 records").wait_for(timeout=30_000)
            assert page.get_by_text('"Ada Lovelace"').count() == 1
            assert page.get_by_text('"Grace Hopper"').count() == 1
        finally:
            browser.close()
