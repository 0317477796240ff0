"""`scholargraph load … --bulk` on Neo4j: the CSV files go through `neo4j-admin database import
full` into the local Neo4j (the session's, restarted on the imported store), and the graph is
the batched loader's, every node, relationship and property, each property of the same type.

Neo4j has one database per server: each comparison loads the batched graph first, keeps its
dump, empties the database and bulk-loads the same files into it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, neo4j_local, open_graph, schema
from graphdb.neo4j_engine import Neo4jGraph
from loaders.bulk import neo4j_bulk, neo4j_csv
from loaders.bulk.run import BulkRefused, BulkSummary, bulk_load
from loaders.bulk.staging import BulkUnsupported, StagingGraph
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl
from tests.support.engines import reset_neo4j
from tests.support.graphdump import counts, dump

DIM = 384
# Titles the CSV dialect must carry: the field delimiter, quotes, newlines, an array delimiter
# of other tools, a backslash, an empty-looking title, leading and trailing spaces.
HOSTILE_TITLES = ['Commas, "quotes", and ""doubled"" ones', "Line one\nline two\r\nline three",
                  "Semi;colons | pipes \\ backslash", '"', " padded ", "1984", "true"]


@pytest.fixture
def neo4j_graph(neo4j_server: str) -> Iterator[Neo4jGraph]:
    graph = open_graph(neo4j_server)
    assert isinstance(graph, Neo4jGraph)
    reset_neo4j(graph)
    try:
        yield graph
    finally:
        graph.close()


@pytest.fixture
def data_dir(neo4j_graph: Neo4jGraph) -> Path:
    found = neo4j_bulk.local_data_dir(neo4j_graph)
    if found is None:
        pytest.skip(f"{neo4j_graph.address} is not a local Neo4j this session can stop and import into "
                    "(NEO4J_URI points elsewhere)")
    return found


def _types(graph: Graph) -> list[dict[str, Any]]:
    """How many values of each property of each label and type have each Cypher type: the
    dump compares values, where 1 == 1.0; this tells an INTEGER from a FLOAT."""
    nodes = graph.read("MATCH (n) UNWIND keys(n) AS k RETURN labels(n) AS on, k, valueType(n[k]) AS t, "
                       "count(*) AS n ORDER BY on[0], k, t").rows
    rels = graph.read("MATCH ()-[r]->() UNWIND keys(r) AS k RETURN [type(r)] AS on, k, valueType(r[k]) AS t, "
                      "count(*) AS n ORDER BY on[0], k, t").rows
    return nodes + rels


def _both_ways(graph: Neo4jGraph, files: list[Path], source: str, tmp_path: Path) -> BulkSummary:
    schema.init(graph, DIM)  # as `scholargraph load` does before a batched load
    plain = load(graph, files, source, progress=False, rejects_path=tmp_path / "batched-rejects.jsonl")
    want, want_dump, want_types = counts(graph), dump(graph), _types(graph)
    want_schema = schema.describe(graph)
    reset_neo4j(graph)
    result = bulk_load(graph, files, source, dimension=DIM, progress=False,
                       rejects_path=tmp_path / "bulk-rejects.jsonl")
    assert (result.summary.records, result.summary.rejected, result.summary.kinds) == (
        plain.records, plain.rejected, plain.kinds)
    assert counts(graph) == want
    assert result.summary.stats.nodes_created == sum(n for k, n in want.items() if not k.isupper())
    assert result.summary.stats.relationships_created == sum(n for k, n in want.items() if k.isupper())
    nodes, rels = dump(graph)
    assert nodes == want_dump[0]
    assert rels == want_dump[1]
    assert _types(graph) == want_types
    assert schema.describe(graph) == want_schema
    assert set(result.phases) == {"parse+resolve", "write", "import", "index"}
    return result


def test_synthetic_openalex_with_hostile_titles_gives_the_batched_graph(
        neo4j_graph: Neo4jGraph, data_dir: Path, tmp_path: Path) -> None:
    generated = tmp_path / "generated.jsonl"
    write_jsonl(generated, 300, seed=5)
    works = tmp_path / "works.jsonl"
    with generated.open(encoding="utf-8") as src, works.open("w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            record = json.loads(line)
            if i < len(HOSTILE_TITLES):
                record["title"] = record["display_name"] = HOSTILE_TITLES[i]
            out.write(json.dumps(record) + "\n")
    _both_ways(neo4j_graph, [works], "openalex", tmp_path)
    got = counts(neo4j_graph)
    assert got["Work"] >= 300 and got["COAUTHOR"] > 0 and got["CITES"] > 0
    titles = {r["t"] for r in neo4j_graph.read("MATCH (w:Work) WHERE w.title IN $t RETURN w.title AS t",
                                               {"t": HOSTILE_TITLES}).rows}
    assert titles == set(HOSTILE_TITLES)
    # lists of strings, floats, booleans and ints came through as such
    kinds = {(r["on"][0], r["k"]): r["t"] for r in _types(neo4j_graph)}
    assert kinds[("Work", "sources")] == "LIST<STRING NOT NULL> NOT NULL"
    assert kinds[("Work", "year")] == "INTEGER NOT NULL"
    assert kinds[("HAS_TOPIC", "score")] == "FLOAT NOT NULL"
    assert kinds[("HAS_TOPIC", "primary")] == "BOOLEAN NOT NULL"
    assert kinds[("COAUTHOR", "work_ids")] == "LIST<STRING NOT NULL> NOT NULL"
    assert not (data_dir / neo4j_bulk.MARKER).exists()
    assert not (data_dir / neo4j_local.IMPORT_DIR).exists()


def test_real_openalex_files_give_the_batched_graph(neo4j_graph: Neo4jGraph, data_dir: Path,
                                                    shared_data: Path, tmp_path: Path) -> None:
    files = sorted((shared_data / "openalex").glob("*.json"))
    if not files:
        pytest.skip(f"no OpenAlex files in {shared_data / 'openalex'}")
    _both_ways(neo4j_graph, files, "openalex", tmp_path)
    assert {"Work", "Author", "Institution", "Topic", "Source", "COAUTHOR"} <= set(counts(neo4j_graph))


def test_real_arxiv_files_give_the_batched_graph(neo4j_graph: Neo4jGraph, data_dir: Path,
                                                 shared_data: Path, tmp_path: Path) -> None:
    files = sorted(p for p in (shared_data / "arxiv").rglob("*") if p.is_file())
    if not files:
        pytest.skip(f"no arXiv files under {shared_data / 'arxiv'}")
    _both_ways(neo4j_graph, files, "arxiv", tmp_path)


def test_a_non_empty_graph_is_refused(neo4j_graph: Neo4jGraph, data_dir: Path, tmp_path: Path) -> None:
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 3, seed=1)
    load(neo4j_graph, [works], "openalex", progress=False, rejects_path=tmp_path / "r.jsonl")
    before = dump(neo4j_graph)
    total = neo4j_graph.read("MATCH (n) RETURN count(n) AS n").value()
    with pytest.raises(BulkRefused) as refused:
        bulk_load(neo4j_graph, [works], "openalex", dimension=DIM, progress=False, rejects_path=tmp_path / "r2.jsonl")
    assert str(refused.value) == (f"the graph {neo4j_graph.address!r} is not empty ({total} nodes): --bulk loads "
                                  "only into an empty graph; load without --bulk to add to it")
    assert dump(neo4j_graph) == before
    assert not (data_dir / neo4j_bulk.MARKER).exists()


def test_a_graph_left_by_an_interrupted_bulk_load_is_replaced(
        neo4j_graph: Neo4jGraph, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed once the store is imported and served, before its indexes: the marker stays, and
    the next --bulk replaces that graph (and then leaves the batched loader's graph)."""
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 120, seed=2)

    def killed(graph: Graph, dimension: int) -> None:
        raise SystemExit("killed")

    with monkeypatch.context() as patch:
        patch.setattr(schema, "init", killed)
        with pytest.raises(SystemExit):
            bulk_load(neo4j_graph, [works], "openalex", dimension=DIM, progress=False,
                      rejects_path=tmp_path / "r.jsonl")
    partial = neo4j_graph.read("MATCH (n) RETURN count(n) AS n").value()
    assert partial > 0 and (data_dir / neo4j_bulk.MARKER).exists()
    # the batched graph to compare with goes into another (temporary) state of the database:
    # _both_ways empties it, so keep the interrupted one's dump to show it was replaced
    left = dump(neo4j_graph)
    bulk_again = bulk_load(neo4j_graph, [works], "openalex", dimension=DIM, progress=False,
                           rejects_path=tmp_path / "r2.jsonl")
    assert bulk_again.replaced == (f"replacing the graph {neo4j_graph.address!r} that an interrupted --bulk load "
                                   f"left ({partial} nodes)")
    assert bulk_again.lines()[0] == bulk_again.replaced
    assert dump(neo4j_graph) == left  # the same files: the same graph, now indexed
    assert not (data_dir / neo4j_bulk.MARKER).exists()
    reset_neo4j(neo4j_graph)
    schema.init(neo4j_graph, DIM)
    load(neo4j_graph, [works], "openalex", progress=False, rejects_path=tmp_path / "b.jsonl")
    assert dump(neo4j_graph) == left


def test_another_neo4j_gets_the_files_and_the_command(
        neo4j_graph: Neo4jGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Neo4j this process cannot stop (here: the session's, taken for a remote one): the CSV
    files are written and the command printed; the database is not touched."""
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 20, seed=3)
    monkeypatch.setattr(neo4j_bulk, "local_data_dir", lambda graph: None)
    out = tmp_path / "import"
    result = bulk_load(neo4j_graph, [works], "openalex", dimension=DIM, progress=False,
                       rejects_path=tmp_path / "r.jsonl", csv_dir=out)
    assert counts(neo4j_graph) == {}
    assert result.command is not None and set(result.phases) == {"parse+resolve", "write"}
    written = sorted(p.name for p in out.iterdir())
    assert "Work.0.csv" in written and "Work.0.header.csv" in written and "COAUTHOR.0.csv" in written
    assert result.command.startswith("neo4j-admin database import full --nodes=")
    assert result.command.endswith(
        "--id-type=integer --array-delimiter=U+001F --multiline-fields=true --overwrite-destination=true neo4j")
    for name in written:
        assert f"{out / name}" in result.command
    assert (out / "Work.0.csv").read_text(encoding="utf-8").count("\n") >= 20
    assert result.lines()[-1] == "then start it and run `scholargraph db init`"
    with pytest.raises(BulkRefused) as refused:  # the files are not overwritten
        bulk_load(neo4j_graph, [works], "openalex", dimension=DIM, progress=False,
                  rejects_path=tmp_path / "r.jsonl", csv_dir=out)
    assert str(refused.value) == (f"{out} is not empty: --bulk writes the import files for this Neo4j there; "
                                  "move or remove it first")


def _staged_topics(tmp_path: Path, props: list[dict[str, Any]]) -> StagingGraph:
    """A staging graph of Topic nodes T0, T1 … with these properties, as upsert_topics stages them."""
    staging = StagingGraph(tmp_path / "staging.sqlite")
    staging.execute("load/upsert_topics", {"rows": [{"id": f"T{i}", "rank": "a", "props": p}
                                                    for i, p in enumerate(props)]})
    return staging


def test_a_property_of_two_types_gets_a_file_for_each(tmp_path: Path) -> None:
    """An int on one node and a float on another: two files of the label, each header typed."""
    staging = _staged_topics(tmp_path, [{"x": 1, "name": 'a, "b"\nc'}, {"x": 1.5, "tags": ["p", "q"]},
                                        {"x": 2, "flag": False, "name": ""}])
    try:
        files = neo4j_csv.write(staging, tmp_path / "csv")
    finally:
        staging.close()
    out = tmp_path / "csv"
    assert files.args == [f"--nodes=Topic={out / 'Topic.0.header.csv'},{out / 'Topic.0.csv'}",
                          f"--nodes=Topic={out / 'Topic.1.header.csv'},{out / 'Topic.1.csv'}"]
    assert (files.nodes, files.edges, files.props) == (3, 0, 13)  # id and record_rank on each
    columns = "flag:boolean,id:string,name:string,record_rank:string,tags:string,x:long"
    assert (out / "Topic.0.header.csv").read_text() == f":ID,{columns}\n"
    assert (out / "Topic.0.csv").read_text() == '0,,"T0","a, ""b""\nc","a",,1\n2,false,"T2","","a",,2\n'
    assert (out / "Topic.1.header.csv").read_text() == (
        ":ID,flag:string,id:string,name:string,record_rank:string,tags:string[],x:double\n")
    assert (out / "Topic.1.csv").read_text() == '1,,"T1",,"a","p\x1fq",1.5\n'


@pytest.mark.parametrize(("props", "message"), [
    ({"tags": []}, "neo4j-admin import cannot carry an empty list property: load without --bulk"),
    ({"tags": ["a\x1fb"]}, "neo4j-admin import cannot carry U+001F in a list value ('a\\x1fb'): load without --bulk"),
    ({"tags": [1, "a"]}, "neo4j-admin import cannot carry the list [1, 'a']: load without --bulk"),
])
def test_what_the_import_cannot_carry_is_refused(tmp_path: Path, props: dict[str, Any], message: str) -> None:
    staging = _staged_topics(tmp_path, [props])
    try:
        with pytest.raises(BulkUnsupported) as refused:
            neo4j_csv.write(staging, tmp_path / "csv")
    finally:
        staging.close()
    assert str(refused.value) == message


def test_the_import_keeps_each_value_type(neo4j_graph: Neo4jGraph, data_dir: Path, tmp_path: Path) -> None:
    """The files above through the import tool into the local Neo4j: each value as written."""
    staging = _staged_topics(tmp_path, [{"x": 1, "name": 'a, "b"\nc'}, {"x": 1.5, "tags": ["p", "q"]},
                                        {"x": 2, "flag": False, "name": "", "years": [2001, 2002]}])
    try:
        files = neo4j_csv.write(staging, tmp_path / "csv")
    finally:
        staging.close()
    neo4j_bulk.run_import(data_dir, files, None)
    neo4j_graph.forget_bookmarks()
    rows = neo4j_graph.read("MATCH (t:Topic) UNWIND keys(t) AS k WITH t, k WHERE k <> 'record_rank' "
                            "RETURN t.id AS id, k, t[k] AS v, valueType(t[k]) AS t ORDER BY id, k").rows
    assert [(r["id"], r["k"], r["v"], r["t"].removesuffix(" NOT NULL")) for r in rows] == [
        ("T0", "id", "T0", "STRING"), ("T0", "name", 'a, "b"\nc', "STRING"), ("T0", "x", 1, "INTEGER"),
        ("T1", "id", "T1", "STRING"), ("T1", "tags", ["p", "q"], "LIST<STRING NOT NULL>"),
        ("T1", "x", 1.5, "FLOAT"),
        ("T2", "flag", False, "BOOLEAN"), ("T2", "id", "T2", "STRING"), ("T2", "name", "", "STRING"),
        ("T2", "x", 2, "INTEGER"), ("T2", "years", [2001, 2002], "LIST<INTEGER NOT NULL>")]


def _sg(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCHOLARGRAPH_"))}
    return subprocess.Popen([sys.executable, "-m", "scholargraph", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_cli_bulk_load_killed_during_the_import_then_run_again(neo4j_graph: Neo4jGraph, data_dir: Path,
                                                                tmp_path: Path) -> None:
    """The command itself, killed with SIGKILL while neo4j-admin's import runs: the served
    database is untouched and answers, the import tool died with the command, and the command
    run again replaces the half-built store and loads to the end."""
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 200, seed=6)
    args = ["load", "openalex", "--bulk", str(works), "--no-progress", "--rejects", str(tmp_path / "r.jsonl"),
            "--db", neo4j_graph.address]
    side = data_dir / neo4j_local.IMPORT_DIR
    first = _sg(*args)
    deadline = time.monotonic() + 300
    while not (side / "import.log").exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    tools = [p for p in Path("/proc").glob("[0-9]*/cmdline")
             if str(side).encode() in p.read_bytes() and neo4j_local.ADMIN_CLASS.encode() in p.read_bytes()]
    for _ in range(100):  # the parent-death signal is delivered at once; the process goes soon after
        tools = [p for p in tools if p.exists()]
        if not tools:
            break
        time.sleep(0.1)
    assert tools == []
    assert neo4j_graph.read("MATCH (n) RETURN count(n) AS n").value() == 0  # still served, still empty
    assert (data_dir / neo4j_bulk.MARKER).exists()
    again = _sg(*args)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "read 200 records from 1 file (200 works)" in out
    assert "bulk phases: parse+resolve" in out and "import" in out
    neo4j_graph.forget_bookmarks()  # the store the session's bookmarks named is gone
    got = counts(neo4j_graph)
    nodes = int(out.split("nodes created ")[1].split(",")[0])
    assert sum(n for k, n in got.items() if not k.isupper()) == nodes
    assert not side.exists() and not (data_dir / neo4j_bulk.MARKER).exists()
