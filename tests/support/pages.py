"""Pages in a real browser: a real `scholargraph serve` on a demo graph, and Debian's chromium
driven by Playwright with every request that would leave 127.0.0.1 refused and recorded."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.cli import SCHOLARGRAPH, scholargraph

CHROMIUM = Path("/usr/bin/chromium")
# No background traffic: the machine has no internet and the page must not need it.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real CLI; a failure shows its output."""
    done = scholargraph(*args, env=env, timeout=timeout)
    command = " ".join(args)
    assert done.returncode == 0, f"scholargraph {command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@contextmanager
def serving(db_url: str, port: int, *extra: str) -> Iterator[str]:
    """`scholargraph serve` on `db_url`; yields the base URL once /healthz answers 200."""
    log = open(os.devnull, "w")  # noqa: SIM115 - the server's access log is noise here
    proc = subprocess.Popen([*SCHOLARGRAPH, "serve", "--db", db_url, "--port", str(port), "--log-level", "warning",
                             *extra], stdout=log, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                error = proc.stderr.read() if proc.stderr else ""
                raise AssertionError(f"scholargraph serve exited {proc.returncode}: {error}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("scholargraph serve did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def demo_db(engine: str, request: pytest.FixtureRequest, works: int) -> str:
    """A graph on `engine` that `scholargraph demo --no-serve` filled (generated works, embedded,
    linked, analysed); returns its URL."""
    if engine == "neo4j":
        from graphdb import open_graph
        from tests.support.engines import reset_neo4j

        url = request.getfixturevalue("neo4j_server")
        with open_graph(url) as graph:
            reset_neo4j(graph)
    else:
        url = f"{request.getfixturevalue('falkordb_server')}/demo_{uuid.uuid4().hex[:12]}"
    cli("demo", "--no-serve", "--works", str(works), "--db", url)
    return url


@dataclass
class Browser:
    """A chromium page whose requests off 127.0.0.1 are refused (and listed in `outside`)."""

    page: Any
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@contextmanager
def browser(width: int = 1400, height: int = 900) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: apt-get install chromium")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            seen = Browser(page)

            def guard(route: Any) -> None:
                url = route.request.url
                host = urlsplit(url).hostname
                if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                    route.continue_()
                else:
                    seen.outside.append(url)
                    route.abort()

            context.route("**/*", guard)
            page.on("console", lambda msg: seen.console_errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: seen.console_errors.append(str(exc)))
            yield seen
        finally:
            chromium.close()
