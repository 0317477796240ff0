"""Explorer benchmark: how the page behaves as the graph on screen grows to 300+ nodes, in
Debian's chromium (headless, Playwright, every request off 127.0.0.1 refused) against a real
`scholargraph serve` on a demo graph.

    .venv/bin/python benchmarks/explorer_bench.py                  # 2,000 demo works, to 300 nodes
    .venv/bin/python benchmarks/explorer_bench.py --target 500

An embedded FalkorDB in a temporary directory is filled by `scholargraph demo --no-serve`. The
page opens on the most connected researcher with the explorer's largest slice (the
researcherContext maxima), then expands nodes (works first, then people, topics) until --target
nodes are drawn. Prints: time to first draw (navigation to the laid-out graph), each expansion's
time (API answer + merge + incremental layout), a click's time to a filled panel at the target
size, frames per second while panning, and, as the baseline, a full layout of the same graph by
fCoSE (the explorer's) beside Cytoscape's built-in CoSE.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphdb import embedded  # noqa: E402
from tests.support.pages import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, cli, serving  # noqa: E402

MAX_SLICE = "works=50&collaborators=50&topics=20&institutions=10"
FPS_JS = """async () => {
    const cy = window.explorer.cy;
    let frames = 0;
    const end = performance.now() + 1000;
    await new Promise((resolve) => {
        const step = () => {
            cy.panBy({ x: 3, y: 2 });
            frames += 1;
            if (performance.now() < end) requestAnimationFrame(step); else resolve();
        };
        requestAnimationFrame(step);
    });
    return frames;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--works", type=int, default=2000, help="demo works (default 2000)")
    parser.add_argument("--target", type=int, default=300, help="nodes on screen to grow to (default 300)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"no browser at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    from tests.support.engines import free_port

    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as tmp:
        port = free_port()
        embedded.start(Path(tmp) / "db", port, timeout=600)
        try:
            db_url = f"falkordb://127.0.0.1:{port}/explorer_bench"
            print(f"==> scholargraph demo --no-serve --works {args.works}", flush=True)
            cli("demo", "--no-serve", "--works", str(args.works), "--db", db_url, timeout=3600)
            with serving(db_url, free_port()) as base, sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(viewport={"width": 1400, "height": 900})
                    outside: list[str] = []
                    context.route("**/*", lambda route: route.continue_()
                                  if urlsplit(route.request.url).hostname in LOCAL_HOSTS
                                  else (outside.append(route.request.url), route.abort()))
                    measure(context.new_page(), base, args.target)
                    print(f"  requests off 127.0.0.1 (refused): {len(outside)}")
                finally:
                    browser.close()
        finally:
            embedded.stop(Path(tmp) / "db", port)


def nodes(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.evaluate("() => window.explorer.cy.nodes().length"))


def measure(page, base: str, target: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/?{MAX_SLICE}")
    page.wait_for_function("() => window.explorer && window.explorer.timings.firstDrawMs !== null", timeout=60_000)
    t = page.evaluate("() => window.explorer.timings")
    print(f"\nfirst draw: {nodes(page)} nodes in {t['firstDrawMs']:.0f} ms from navigation "
          f"(centre: API + layout {t['lastCentreMs']:.0f} ms, of which layout {t['lastLayoutMs']:.0f} ms)")
    print(f"\n{'nodes before':>12} {'after':>6} {'expand ms':>10}")
    expands: list[tuple[int, float]] = []
    tried: set[str] = set()
    while nodes(page) < target:
        candidate = page.evaluate("""tried => {
            const order = ["WORK", "AUTHOR", "TOPIC", "INSTITUTION", "SOURCE"];
            const open = window.explorer.cy.nodes().filter((n) => !n.hasClass("expanded") && !tried.includes(n.id()));
            const sorted = open.sort((a, b) => order.indexOf(a.data("kind")) - order.indexOf(b.data("kind"))
                                              || b.data("weight") - a.data("weight"));
            return sorted.length ? sorted[0].id() : null;
        }""", sorted(tried))
        if candidate is None:
            break
        tried.add(candidate)
        before = nodes(page)
        page.evaluate("id => window.explorer.expand(id)", candidate)
        ms = page.evaluate("() => window.explorer.timings.lastExpandMs")
        after = nodes(page)
        if after > before:
            expands.append((after, ms))
            print(f"{before:>12} {after:>6} {ms:>10.0f}")
    size = nodes(page)
    edges = page.evaluate("() => window.explorer.cy.edges().length")
    last = [ms for n, ms in expands if n >= target * 0.8] or [ms for _, ms in expands]
    work = page.evaluate("() => window.explorer.cy.nodes('[kind = \"WORK\"]').last().id()")
    # `void`: an evaluate that returned the node would serialise the whole graph with it
    page.evaluate("id => void window.explorer.cy.getElementById(id).emit('tap')", work)
    page.wait_for_function("id => { const p = document.querySelector('[data-testid=node-panel]');"
                           " return p.dataset.nodeId === id && p.dataset.state === 'ready'; }", arg=work)
    panel_ms = page.evaluate("() => window.explorer.timings.lastPanelMs")
    fps = page.evaluate(FPS_JS)
    fcose = [page.evaluate("() => window.explorer.relayout('fcose')") for _ in range(3)]
    cose = [page.evaluate("() => window.explorer.relayout('cose')") for _ in range(3)]
    print(f"\nat {size} nodes, {edges} edges:")
    print(f"  expand (last ones, {len(last)}): median {statistics.median(last):.0f} ms, max {max(last):.0f} ms")
    print(f"  click on a work to its filled panel (it expands too): {panel_ms:.0f} ms")
    print(f"  panning: {fps} frames in 1 s")
    print(f"  full layout, median of 3:  fCoSE (explorer) {statistics.median(fcose):.0f} ms"
          f"   CoSE (baseline) {statistics.median(cose):.0f} ms")


if __name__ == "__main__":
    main()
