"""A user's day, command by command in real subprocesses, on each engine with nothing but `--db`:
load, embed, link-similar, then serve and ask the API."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graphdb import Graph
from scholargraph.synthetic import write_jsonl
from tests.support.cli import sg
from tests.support.engines import free_port

WORKS = 40


def test_load_embed_link_serve(graph: Graph, tmp_path: Path) -> None:
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, WORKS, 7)
    db = ["--db", graph.url]

    load = sg("load", "openalex", str(works), "--no-progress", "--rejects", str(tmp_path / "rejects.jsonl"), *db)
    assert load.returncode == 0, load.stderr
    assert f"read {WORKS} records from 1 file ({WORKS} works)" in load.stdout

    embed = sg("embed", "--no-progress", *db)
    assert embed.returncode == 0, embed.stderr
    assert f"{WORKS} works with a title; embedded {WORKS} (0 re-embedded)" in embed.stdout

    link = sg("link-similar", "--k", "5", "--no-progress", *db)
    assert link.returncode == 0, link.stderr
    assert f"{WORKS} embedded works" in link.stdout
    pairs = graph.read("MATCH ()-[s:SIMILAR_TO]->() RETURN count(s) AS n").value()
    assert WORKS * 5 // 2 <= pairs <= WORKS * 5

    author = graph.read("MATCH (a:Author)-[:AUTHORED]->(w:Work) "
                        "RETURN a.id AS id, a.display_name AS name, count(w) AS works "
                        "ORDER BY works DESC, id LIMIT 1").rows[0]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCHOLARGRAPH_"))}
    server = subprocess.Popen([sys.executable, "-m", "scholargraph", "serve", "--port", str(port),
                               "--log-level", "warning", *db],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "serve did not answer /healthz within 120 s"
            time.sleep(0.2)
        query = "query($id: ID!) { author(id: $id) { name profile { counts { works } } } }"
        res = httpx.post(f"{base}/graphql", json={"query": query, "variables": {"id": author["id"]}}, timeout=30)
        assert res.status_code == 200
        assert res.json() == {"data": {"author": {"name": author["name"],
                                                  "profile": {"counts": {"works": author["works"]}}}}}
    finally:
        server.terminate()
        server.wait(timeout=30)
