"""`scholargraph load … --bulk`: the same files loaded by the batched loader and by the bulk
path leave the same graph, every node, relationship and property (COAUTHOR included), with
the same indexes; a non-empty graph is refused; what a killed bulk load leaves is replaced."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from graphdb import Graph, open_graph, schema
from loaders.bulk import falkordb_bulk
from loaders.bulk.child_parse import AHEAD, CHUNK
from loaders.bulk.run import BulkRefused, bulk_load, marker_key
from loaders.bulk.staging import BulkUnsupported
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl
from tests.support.graphdump import counts, dump

DIM = 384


@pytest.fixture
def twin(falkordb_server: str) -> Iterator[Graph]:
    """A second empty graph on the same FalkorDB, for the bulk side of a comparison."""
    graph = open_graph(f"{falkordb_server}/bulk_{uuid.uuid4().hex[:12]}")
    try:
        yield graph
    finally:
        graph.close()


def _both_ways(batched: Graph, bulk: Graph, files: list[Path], source: str, tmp_path: Path) -> Any:
    schema.init(batched, DIM)  # as `scholargraph load` does before a batched load
    plain = load(batched, files, source, progress=False, rejects_path=tmp_path / "batched-rejects.jsonl")
    result = bulk_load(bulk, files, source, dimension=DIM, progress=False,
                       rejects_path=tmp_path / "bulk-rejects.jsonl")
    assert result.summary.records == plain.records
    assert result.summary.rejected == plain.rejected
    assert result.summary.kinds == plain.kinds
    assert [f.line() for f in result.summary.per_file] == [f.line() for f in plain.per_file]
    want, got = counts(batched), counts(bulk)
    assert got == want
    # counts: labels (Work) and relationship types (CITES) side by side
    assert result.summary.stats.nodes_created == sum(n for k, n in want.items() if not k.isupper())
    assert result.summary.stats.relationships_created == sum(n for k, n in want.items() if k.isupper())
    nodes_a, rels_a = dump(batched)
    nodes_b, rels_b = dump(bulk)
    assert nodes_b == nodes_a
    assert rels_b == rels_a
    assert schema.describe(bulk) == schema.describe(batched)
    return result


def test_synthetic_openalex_gives_the_batched_graph(falkor_graph: Graph, twin: Graph, tmp_path: Path) -> None:
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 400, seed=5)
    result = _both_ways(falkor_graph, twin, [works], "openalex", tmp_path)
    got = counts(twin)
    assert got["Work"] >= 400 and got["COAUTHOR"] > 0 and got["CITES"] > 0
    assert set(result.phases) == {"parse+resolve", "write", "index"}
    assert not twin.redis.exists(marker_key(twin.address.rsplit("/", 1)[1]))  # type: ignore[attr-defined]


def test_real_openalex_files_give_the_batched_graph(falkor_graph: Graph, twin: Graph, shared_data: Path,
                                                    tmp_path: Path) -> None:
    files = sorted((shared_data / "openalex").glob("*.json"))
    if not files:
        pytest.skip(f"no OpenAlex files in {shared_data / 'openalex'}")
    _both_ways(falkor_graph, twin, files, "openalex", tmp_path)
    # authors, institutions and topics records as well as works: every label is there
    assert {"Work", "Author", "Institution", "Topic", "Source", "COAUTHOR"} <= set(counts(twin))


def test_real_arxiv_files_give_the_batched_graph(falkor_graph: Graph, twin: Graph, shared_data: Path,
                                                 tmp_path: Path) -> None:
    """Name-only authors: the name matching (loaders/resolve.py) reads the staged graph."""
    files = sorted(p for p in (shared_data / "arxiv").rglob("*") if p.is_file())
    if not files:
        pytest.skip(f"no arXiv files under {shared_data / 'arxiv'}")
    _both_ways(falkor_graph, twin, files, "arxiv", tmp_path)


def test_bad_files_fail_as_they_do_in_the_batched_loader(falkor_graph: Graph, twin: Graph, tmp_path: Path) -> None:
    """--bulk parses in a child process (loaders/bulk/child_parse.py): a file not in the format,
    a missing one, an empty one and rejected lines are told per file as the batched loader tells
    them, and the good records around them load the same graph."""
    good, other = tmp_path / "good.jsonl.gz", tmp_path / "other.jsonl.gz"
    write_jsonl(good, 60, seed=3)
    write_jsonl(other, 20, seed=4)
    lines = gzip.decompress(other.read_bytes()).decode().splitlines()
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([*lines[:5], "{broken", '{"id": 5}', *lines[5:]]) + "\n")
    bad, empty = tmp_path / "bad.jsonl", tmp_path / "empty.jsonl"
    bad.write_text("<html>not json</html>\n")
    empty.write_text("")
    files = [bad, good, tmp_path / "missing.jsonl", empty, mixed]
    result = _both_ways(falkor_graph, twin, files, "openalex", tmp_path)
    outcomes = result.summary.per_file
    assert [(f.records, f.rejected) for f in outcomes] == [(0, 0), (60, 0), (0, 0), (0, 0), (20, 2)]
    assert outcomes[0].error == f"{bad} is not OpenAlex JSON: expected JSON lines or an API response, found '<'"
    assert outcomes[2].error == f"{tmp_path / 'missing.jsonl'}: cannot be read: No such file or directory"
    assert outcomes[3].error == f"{empty}: no records (an empty file)"
    assert outcomes[4].error is None and outcomes[1].error is None


def _gone(pid: int) -> bool:
    """The process has ended (reaped, or a zombie nobody has reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_the_parsing_process_ends_when_the_load_is_killed(tmp_path: Path) -> None:
    """A kill -9 of a bulk load must not leave its parsing process behind, blocked on a full
    queue (more records than the queue holds, so the child is blocked when the parent dies)."""
    one = tmp_path / "one.jsonl.gz"
    write_jsonl(one, 50, seed=6)
    lines = gzip.decompress(one.read_bytes()).decode().splitlines()
    many = tmp_path / "many.jsonl"
    many.write_text("\n".join(lines * (2 * CHUNK * AHEAD // len(lines))) + "\n")
    script = ("import itertools, os, signal, sys\n"
              "from pathlib import Path\n"
              "from loaders.bulk.child_parse import ChildParser\n"
              "if __name__ == '__main__':\n"
              "    path = Path(sys.argv[1])\n"
              "    parser = ChildParser('openalex', [path]).__enter__()\n"
              "    print(parser.process.pid, sum(1 for _ in itertools.islice(parser(path), 10)), flush=True)\n"
              "    os.kill(os.getpid(), signal.SIGKILL)\n")
    (tmp_path / "killed.py").write_text(script)
    done = subprocess.run([sys.executable, str(tmp_path / "killed.py"), str(many)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert done.returncode == -signal.SIGKILL
    child, read = (int(x) for x in done.stdout.split())
    assert read == 10
    deadline = time.monotonic() + 30
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(child), f"the parsing process {child} outlived the killed load"


def test_a_non_empty_graph_is_refused(falkor_graph: Graph, tmp_path: Path) -> None:
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 3, seed=1)
    schema.init(falkor_graph, DIM)
    load(falkor_graph, [works], "openalex", progress=False, rejects_path=tmp_path / "r.jsonl")
    before = dump(falkor_graph)
    nodes = counts(falkor_graph)
    total = sum(n for k, n in nodes.items() if k in ("Work", "Author", "Institution", "Topic", "Source"))
    name = falkor_graph.address.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    with pytest.raises(BulkRefused) as refused:
        bulk_load(falkor_graph, [works], "openalex", dimension=DIM, progress=False,
                  rejects_path=tmp_path / "r2.jsonl")
    assert str(refused.value) == (f"the graph {name!r} is not empty ({total} nodes): --bulk loads only into an "
                                  "empty graph; load without --bulk to add to it")
    assert dump(falkor_graph) == before


class _DiesAfterFirstCall:
    """A Redis client that dies (as a kill -9 would) after its first GRAPH.BULK call."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls = 0

    def execute_command(self, *args: Any) -> Any:
        if args[0] == "GRAPH.BULK" and self.calls:
            raise SystemExit("killed")
        self.calls += 1
        return self.client.execute_command(*args)


def test_a_graph_left_by_an_interrupted_bulk_load_is_replaced(falkor_graph: Graph, twin: Graph,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 150, seed=2)
    real_write = falkordb_bulk.write
    monkeypatch.setattr(falkordb_bulk, "CALL_BYTES", 4096)  # many calls, so one can be cut short
    monkeypatch.setattr(falkordb_bulk, "write",
                        lambda staging, client, name, progress, *rest: real_write(
                            staging, cast(Any, _DiesAfterFirstCall(client)), name, progress, *rest))
    with pytest.raises(SystemExit):
        bulk_load(twin, [works], "openalex", dimension=DIM, progress=False, rejects_path=tmp_path / "r.jsonl")
    name = twin.address.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    partial = twin.read("MATCH (n) RETURN count(n) AS n").value()
    assert partial > 0 and twin.redis.exists(marker_key(name))  # type: ignore[attr-defined]
    monkeypatch.setattr(falkordb_bulk, "write", real_write)
    result = _both_ways(falkor_graph, twin, [works], "openalex", tmp_path)
    assert result.replaced == (f"replacing the graph {name!r} that an interrupted --bulk load left "
                               f"({partial} nodes)")
    assert result.lines()[0] == result.replaced


def _sg(*args: str, tmpdir: Path | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCHOLARGRAPH_"))}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.Popen([sys.executable, "-m", "scholargraph", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_cli_bulk_load_killed_then_run_again(falkor_graph: Graph, twin: Graph, tmp_path: Path) -> None:
    """The command itself: killed with SIGKILL once its load is under way, then run again to the end."""
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 1500, seed=4)
    args = ["load", "openalex", "--bulk", str(works), "--no-progress", "--rejects", str(tmp_path / "r.jsonl"),
            "--db", twin.url]
    name = twin.address.rsplit("/", 1)[1]  # type: ignore[attr-defined]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    first = _sg(*args, tmpdir=scratch)
    deadline = time.monotonic() + 120
    while not (twin.redis.exists(marker_key(name))  # type: ignore[attr-defined]
               and list(scratch.glob("scholargraph-bulk-*/staging.sqlite"))):
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    [left] = scratch.glob("scholargraph-bulk-*")  # a killed load cannot remove its staging
    again = _sg(*args, tmpdir=scratch)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert not list(scratch.glob("scholargraph-bulk-*"))  # the next load did
    assert f"removed {left} (" in out and "MB), the staging an interrupted --bulk load left" in out
    assert "read 1500 records from 1 file (1500 works)" in out
    assert "bulk phases: parse+resolve" in out
    schema.init(falkor_graph, DIM)
    load(falkor_graph, [works], "openalex", progress=False, rejects_path=tmp_path / "b.jsonl")
    assert dump(twin) == dump(falkor_graph)

    refused = _sg(*args)
    out, err = refused.communicate(timeout=600)
    assert refused.returncode == 1
    nodes = twin.read("MATCH (n) RETURN count(n) AS n").value()
    assert err.strip().splitlines()[-1] == (f"Error: the graph {name!r} is not empty ({nodes} nodes): --bulk loads "
                                            "only into an empty graph; load without --bulk to add to it")


def test_both_engines_bulk_load(graph: Graph, tmp_path: Path) -> None:
    """Both engines: FalkorDB through GRAPH.BULK, Neo4j through neo4j-admin's import into the
    local Neo4j (tests/test_load_bulk_neo4j.py compares its graph with the batched loader's)."""
    works = tmp_path / "works.jsonl"
    write_jsonl(works, 3, seed=1)
    records = [json.loads(line) for line in works.read_text(encoding="utf-8").splitlines()]
    result = bulk_load(graph, [works], "openalex", dimension=DIM, progress=False, rejects_path=tmp_path / "r.jsonl")
    titles = graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN w.openalex_id AS id, w.title AS title "
                        "ORDER BY id").rows
    assert titles == sorted(({"id": r["id"].rsplit("/", 1)[1], "title": r["title"]} for r in records),
                            key=lambda r: r["id"])
    assert result.summary.stats.nodes_created == sum(n for k, n in counts(graph).items() if not k.isupper())


def test_a_source_the_staging_graph_does_not_take_is_refused(falkor_graph: Graph, tmp_path: Path) -> None:
    """Crossref, Semantic Scholar and dblp records reach named queries the staging graph does not
    answer: refused in one line before anything is written."""
    works = tmp_path / "works.json"
    works.write_text('{"message": {"items": []}}', encoding="utf-8")
    with pytest.raises(BulkUnsupported) as refused:
        bulk_load(falkor_graph, [works], "crossref", dimension=DIM, progress=False, rejects_path=tmp_path / "r.jsonl")
    assert str(refused.value) == "--bulk takes openalex and arxiv files only"
    assert counts(falkor_graph) == {}


def _sqlite_memory() -> tuple[Any, Any]:
    """SQLite's own heap counters (sqlite3_memory_used, sqlite3_memory_highwater), from the
    library Python's sqlite3 module is linked against."""
    import _sqlite3
    import ctypes
    try:
        lib = ctypes.CDLL(_sqlite3.__file__)
        used, highwater = lib.sqlite3_memory_used, lib.sqlite3_memory_highwater
    except (OSError, AttributeError):
        pytest.skip("this Python's sqlite3 module does not expose SQLite's memory counters to ctypes")
    used.restype = highwater.restype = ctypes.c_int64
    highwater.argtypes = [ctypes.c_int]
    return used, highwater


def test_the_write_phase_reads_the_staging_in_bounded_memory(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Once staged, the writers' reads (counts, nodes, every edge type, COAUTHOR's grouping
    sort) hold at most a few READ_CACHE_KIB of SQLite memory: each sort spills to disk past
    the cache size, which staged() lowers from the resolve phase's 256 MiB. At 1,000,000 works
    the sorts at that size had added about 500 MB to the loader's peak."""
    from loaders.bulk import staging as staging_module
    from loaders.bulk.staging import StagingGraph
    used, highwater = _sqlite_memory()
    monkeypatch.setattr(staging_module, "READ_CACHE_KIB", 512)
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 5000, seed=0)  # some 73,000 COAUTHOR pair rows: ~10 MiB sorted in memory
    staging = StagingGraph(tmp_path / "staging.sqlite")
    try:
        load(cast(Graph, staging), [works], "openalex", progress=False, pipelined=False,
             rejects_path=tmp_path / "rejects.jsonl")
        staging.staged()
        highwater(1)
        before = used()
        nodes, edges = staging.counts()
        read_nodes = sum(1 for _, run in staging.label_runs() for _ in run)
        read_edges = sum(1 for rel in staging.edge_types() for _ in staging.edges(rel))
        grew = highwater(0) - before
    finally:
        staging.close()
    assert (read_nodes, read_edges) == (nodes, edges)
    assert grew < 6 << 20, f"SQLite's memory grew by {grew / 2**20:.1f} MiB while the staging was read"


@pytest.mark.parametrize("values", [[], ["W1"], ["W2", "W33", "Ünïcode", ""]])
def test_a_list_of_strings_is_encoded_as_each_string_would_be(values: list[str]) -> None:
    # _strings (COAUTHOR's work_ids, in one join) must give encode()'s bytes exactly
    assert falkordb_bulk._strings(values) == falkordb_bulk.encode(values)


def test_a_nul_character_is_refused_in_one_line() -> None:
    message = r"GRAPH.BULK cannot carry a NUL character \(in 'b\\x00c'\): load without --bulk"
    with pytest.raises(BulkUnsupported, match=message):
        falkordb_bulk._strings(["a", "b\x00c"])
    with pytest.raises(BulkUnsupported, match=message):
        falkordb_bulk.encode("b\x00c")


def test_only_the_staging_of_a_load_that_died_is_removed(tmp_path: Path) -> None:
    import fcntl

    from loaders.bulk.workdir import LOCK, staging_dir
    dead, live, other = (tmp_path / f"scholargraph-bulk-{n}" for n in ("dead", "live", "other"))
    for d in (dead, live, other):
        d.mkdir()
    for d in (dead, live):
        (d / LOCK).touch()
    (dead / "staging.sqlite").write_bytes(b"x" * 2_000_000)
    with open(live / LOCK, "w") as held:  # as a running load holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        removed: list[str] = []
        with staging_dir(tmp_path, removed) as mine:
            assert mine.parent == tmp_path and (mine / LOCK).exists()
            assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
                ["scholargraph-bulk-live", "scholargraph-bulk-other", mine.name])
        assert removed == [f"removed {dead} (2 MB), the staging an interrupted --bulk load left"]
    assert not mine.exists()
    assert live.exists() and other.exists()  # a live load's, and a directory without a lock file
