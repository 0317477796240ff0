"""`scholargraph demo --no-serve`: the README's main command up to serving, on the test server.

FalkorDB only: the demo is the embedded FalkorDB's path (the README's first command on a machine
with no database); the steps it runs (load, embed, link-similar, analyze) are tested on both
engines in their own files."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from click.testing import CliRunner

from graphdb import Graph, embedded, open_graph
from graphdb.config import default_port
from scholargraph.cli import cli
from scholargraph.commands.demo import EXAMPLE_CONTEXT, EXAMPLE_PROFILE, TOP_AUTHOR, own_graph_name
from scholargraph.synthetic import write_jsonl
from tests.support.engines import free_port


def test_demo_generates_loads_embeds_links_and_analyses(falkor_graph: Graph, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOLARGRAPH_DATA_DIR", str(tmp_path / "db"))
    res = CliRunner().invoke(cli, ["demo", "--no-serve", "--works", "60", "--db", falkor_graph.url])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "demo" / "openalex-synthetic-60-seed42.jsonl.gz").is_file()
    assert "read 60 records from 1 file (60 works)" in res.output
    assert "rejected 0 records" in res.output
    assert "embedded 60 of 60 works with all-MiniLM-L6-v2" in res.output
    pairs = int(re.search(r"(\d+) SIMILAR_TO pairs", res.output).group(1))  # type: ignore[union-attr]
    assert "still running" not in res.output  # a database of its own (not the embedded default)

    def one(cypher: str) -> object:
        return falkor_graph.read(cypher).value()

    assert one("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w)") == 60
    assert one("MATCH (w:Work) WHERE w.title IS NOT NULL AND w.embedding IS NULL RETURN count(w)") == 0
    # each work's 10 nearest, a pair stored once: between 60*10/2 and 60*10 edges, as reported
    assert one("MATCH ()-[s:SIMILAR_TO]->() RETURN count(s)") == pairs and 300 <= pairs <= 600
    # analyze wrote its metrics onto every author who has a coauthor
    assert one("MATCH (a:Author)-[:COAUTHOR]-() WITH DISTINCT a WHERE a.pagerank IS NULL OR a.community IS NULL "
               "RETURN count(a)") == 0
    assert one("MATCH (a:Author)-[:COAUTHOR]-() RETURN count(DISTINCT a)") > 0
    # it says what the graph holds, and suggests the most prolific author of what it loaded
    authors = one("MATCH (a:Author) RETURN count(a)")
    assert f"==> the graph {falkor_graph.url} holds 60 works and {authors} authors\n" in res.output
    top = falkor_graph.read(TOP_AUTHOR).rows[0]
    assert res.stdout.endswith(f"    suggested researcher: {top['name']} ({top['id']}), the most prolific author "
                               f"of the loaded works ({top['works']} works)\n")


def test_a_taken_api_port_is_said_before_any_work(falkor_graph: Graph, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo found a taken port only after loading, embedding, linking and analysing."""
    monkeypatch.setenv("SCHOLARGRAPH_DATA_DIR", str(tmp_path / "db"))
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        res = CliRunner().invoke(cli, ["demo", "--works", "60", "--port", str(port), "--db", falkor_graph.url])
    assert (res.exit_code, res.output) == (1, f"Error: port {port} on 127.0.0.1 is already in use (another "
                                              "server, or another demo): choose a free one with --port N\n")
    assert not (tmp_path / "demo").exists()  # nothing generated
    assert falkor_graph.read("MATCH (n) RETURN count(n)").value() == 0  # nothing loaded


def _read_until(proc: subprocess.Popen[str], marker: str, timeout: float) -> list[str]:
    """stdout lines of `proc` up to the first after `marker` that is blank."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"the demo exited {proc.wait()}:\n{''.join(lines)}")
        lines.append(line.rstrip("\n"))
        if marker in lines[-1]:
            return lines
    raise AssertionError(f"no {marker!r} within {timeout:.0f}s:\n" + "\n".join(lines))


def test_demo_serves_and_says_where(falkor_graph: Graph, tmp_path: Path) -> None:
    """Once the API listens the demo prints the explorer, GraphiQL (the example query in its
    ?query=) and health URLs, then the example queries, all about an author it loaded."""
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SCHOLARGRAPH_")},
           "SCHOLARGRAPH_DATA_DIR": str(tmp_path / "db")}
    proc = subprocess.Popen([sys.executable, "-m", "scholargraph", "demo", "--works", "30", "--port", str(port),
                             "--db", falkor_graph.url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    try:
        lines = _read_until(proc, "health:", 300)
        top = falkor_graph.read(TOP_AUTHOR).rows[0]
        base = f"http://127.0.0.1:{port}"
        graphiql = lines[-2].removeprefix("  GraphiQL: ")
        assert lines[-5:] == ["", f"serving at {base}/ (Ctrl-C stops it)", f"  explorer: {base}/",
                              f"  GraphiQL: {graphiql}", f"  health:   {base}/healthz"]
        assert graphiql.startswith(f"{base}/graphql?query=")
        example = EXAMPLE_PROFILE.format(author=top["id"])
        assert parse_qs(urlsplit(graphiql).query) == {"query": [example]}
        assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        # the suggested query answers about that author
        res = httpx.post(f"{base}/graphql", json={"query": example}, timeout=30)
        assert res.json()["data"]["author"]["name"] == top["name"]
        assert proc.stdout is not None
        expected = ["", "Try:", *example.splitlines(), "", *EXAMPLE_CONTEXT.format(author=top["id"]).splitlines(), ""]
        assert [proc.stdout.readline().rstrip("\n") for _ in expected] == expected
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.engine  # starts the embedded default server of its own
def test_your_own_files_get_a_graph_of_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`demo PATH` added the file to the generated demo's graph and suggested a generated
    author. On the embedded default the files get their own graph, named after them."""
    data = (tmp_path / "db").resolve()
    monkeypatch.setenv("SCHOLARGRAPH_DATA_DIR", str(data))
    monkeypatch.delenv("SCHOLARGRAPH_DB_URL", raising=False)
    mine = tmp_path / "my-works.jsonl.gz"
    write_jsonl(mine, 20, seed=7)
    port = default_port(data)
    base = f"falkordb://127.0.0.1:{port}"
    name = own_graph_name([mine])
    assert re.fullmatch(r"scholar_my_works_[0-9a-f]{6}", name)
    try:
        generated = CliRunner().invoke(cli, ["demo", "--no-serve", "--works", "30"])
        assert generated.exit_code == 0, generated.output
        res = CliRunner().invoke(cli, ["demo", "--no-serve", str(mine)])
        assert res.exit_code == 0, res.output
        with open_graph(f"{base}/scholar") as demo_graph, open_graph(f"{base}/{name}") as own:
            assert demo_graph.query("api/graph_counts").rows == [
                {"works": 30, "authors": demo_graph.read("MATCH (a:Author) RETURN count(a)").value()}]
            assert own.query("api/graph_counts").rows[0]["works"] == 20
            top = own.read(TOP_AUTHOR).rows[0]
            authors = own.read("MATCH (a:Author) RETURN count(a)").value()
        assert res.stdout.startswith(
            f"==> database: {base}/{name} (falkordb), data in {data}\n"
            f"    your files get a graph of their own, {name}; the generated demo is in the graph scholar\n"
            f"==> loading {mine} (openalex)\n")
        assert f"==> the graph {base}/{name} holds 20 works and {authors} authors\n" in res.output
        assert res.stdout.endswith(
            f"    suggested researcher: {top['name']} ({top['id']}), the most prolific author of the loaded "
            f"works ({top['works']} works)\n"
            f"\nThe embedded database is still running (data in {data}); `scholargraph db stop` stops it.\n"
            f"Your files are in the graph {name}: give other commands --db {base}/{name}\n")
        stop = CliRunner().invoke(cli, ["db", "stop"])
        pid = stop.output.split("pid ")[1].split(",")[0] if "pid " in stop.output else "?"
        assert (stop.exit_code, stop.output) == (0, f"stopped FalkorDB (pid {pid}, port {port}), data in {data}\n")
    finally:
        embedded.stop(data, port)


def test_a_graph_given_with_db_says_what_else_it_holds(falkor_graph: Graph, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """With --db the files go where the user said (on Neo4j, one database holds everything):
    the demo says which works did not come from them."""
    monkeypatch.setenv("SCHOLARGRAPH_DATA_DIR", str(tmp_path / "db"))
    falkor_graph.write("CREATE (:Work {id: 'W-earlier', title: 'Loaded before'})")
    mine = tmp_path / "mine.jsonl.gz"
    write_jsonl(mine, 20, seed=7)
    res = CliRunner().invoke(cli, ["demo", "--no-serve", str(mine), "--db", falkor_graph.url])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"==> database: {falkor_graph.url} (falkordb)\n==> loading {mine} (openalex)\n")
    authors = falkor_graph.read("MATCH (a:Author) RETURN count(a)").value()
    assert (f"==> the graph {falkor_graph.url} holds 21 works and {authors} authors\n" in res.stdout)
    assert ("    1 of its works were there before and did not come from these files; for a graph of their own "
            "give an empty graph or database with --db\n") in res.stdout
