"""A pipelined load parses the next records while the engine runs a batch's writes. On
FalkorDB the writer sends its writes without waiting and, while it waits for their replies,
parses ahead in its own thread (loaders/pipeline.py, _ParseAhead); on Neo4j a writer thread
writes while the caller parses. Either way the graph is the one a load that writes each
batch before parsing on leaves."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, schema
from graphdb.falkordb_engine import WritePipeline
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl
from tests.support.engines import empty_beside
from tests.support.graphdump import dump

WORKS, BATCH = 300, 50


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parse_ahead") / "works.jsonl.gz"
    write_jsonl(path, WORKS, seed=5)
    return path


def test_a_pipelined_load_parses_while_the_engine_writes_and_leaves_the_same_graph(
        graph: Graph, works: Path, tmp_path: Path) -> None:
    schema.init(graph, 384)
    summary = load(graph, [works], "openalex", batch_size=BATCH, rejects_path=tmp_path / "r.jsonl", progress=False)
    assert (summary.records, summary.rejected) == (WORKS, 0)
    if graph.engine == "falkordb":
        # the first batch is parsed before anything is written; any record after it may be
        # parsed while the engine runs the writes before it
        assert 0 < summary.parsed_ahead <= WORKS - BATCH
    else:  # no write pipeline: the writer thread writes while this one parses
        assert summary.parsed_ahead == 0
    pipelined = dump(graph)

    other = empty_beside(graph, "parse_ahead")
    try:
        schema.init(other, 384)
        one_by_one = load(other, [works], "openalex", batch_size=BATCH, rejects_path=tmp_path / "r2.jsonl",
                          progress=False, pipelined=False)
        assert (one_by_one.records, one_by_one.parsed_ahead) == (WORKS, 0)
        assert dump(other) == pipelined
    finally:
        other.close()


def test_the_write_pipeline_lets_the_caller_work_until_each_reply_has_come(falkor_graph: Graph) -> None:
    pipe = falkor_graph.write_pipeline()
    assert pipe is not None
    waits: list[int] = []

    def idle(ready: object) -> None:
        assert callable(ready)
        polls = 0
        while not ready():
            polls += 1
        waits.append(polls)

    try:
        # a write the engine needs some milliseconds for, then a small one
        many = {"rows": [{"id": f"T{i}", "props": {"name": f"Topic {i}"}, "rank": "1|"} for i in range(20_000)]}
        pipe.send("load/upsert_topics", many)
        pipe.send("load/upsert_topics", {"rows": [{"id": "T-last", "props": {"name": "Last"}, "rank": "1|"}]})
        replies = [(name, stats.nodes_created) for name, stats in pipe.replies(idle)]
    finally:
        pipe.close()
    assert replies == [("load/upsert_topics", 20_000), ("load/upsert_topics", 1)]
    assert len(waits) == 2  # once before each reply is read
    assert waits[0] > 0  # the first reply was not there when the caller began to wait
    assert falkor_graph.read("MATCH (t:Topic) RETURN count(t) AS n").value() == 20_001


class _Stop(BaseException):
    """What a Ctrl-C is to the loader: not an error the pipeline handles."""


def test_a_pipeline_cut_short_while_waiting_leaves_no_reply_for_the_next_query(falkor_graph: Graph) -> None:
    pipe = falkor_graph.write_pipeline()
    assert pipe is not None

    def interrupted(ready: object) -> None:
        raise _Stop

    pipe.send("load/upsert_topics", {"rows": [{"id": "T1", "props": {"name": "One"}, "rank": "1|"}]})
    with pytest.raises(_Stop):
        list(pipe.replies(interrupted))
    pipe.close()
    # the connection goes back to the pool; the write's reply must not answer this query
    assert falkor_graph.read("RETURN 42 AS n").value() == 42
    # the write still runs, in the server's own time: a query on another connection can come
    # first (seen once in a full run on a busy machine)
    deadline = time.monotonic() + 10
    while not (rows := falkor_graph.read("MATCH (t:Topic) RETURN t.id AS id").rows) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows == [{"id": "T1"}]


def test_batches_that_read_nothing_keep_at_most_two_batches_of_writes_in_flight(
        falkor_graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An OpenAlex authors file: every author carries its id, so no batch reads the graph and
    # nothing else would read the replies before the end of the load.
    schema.init(falkor_graph, 384)
    path = tmp_path / "authors.jsonl"
    path.write_text("".join(json.dumps({"id": f"https://openalex.org/A{i}", "display_name": f"Author {i}"}) + "\n"
                            for i in range(1, 11)))
    in_flight: list[int] = []
    send = WritePipeline.send

    def noting(self: WritePipeline, name: str, params: dict[str, Any]) -> None:
        send(self, name, params)
        in_flight.append(len(self.pending))

    monkeypatch.setattr(WritePipeline, "send", noting)
    summary = load(falkor_graph, [path], "openalex", batch_size=2, rejects_path=tmp_path / "r.jsonl", progress=False)
    assert summary.records == 10 and summary.rejected == 0
    assert in_flight == [1, 2, 1, 2, 1]  # one upsert_authors a batch, read every second batch
    assert falkor_graph.read("MATCH (a:Author) RETURN count(a) AS n").rows == [{"n": 10}]
