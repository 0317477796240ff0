"""A command FalkorDB refuses with BUSY ran nothing, and is sent again until the server takes it
(graphdb/falkordb_busy.py): queries on the sync and async faces, bulk's GRAPH.BULK calls, and
the loader's pipelined writes where none after the refused one ran.
The server is made busy for real: a script that runs past `busy-reply-threshold`, as FalkorDB
is while it syncs its matrices before forking for an AOF rewrite (what failed a 1,000,000-work
bulk load). FalkorDB only: Neo4j has no such refusal."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import redis

from graphdb import Graph, GraphError, falkordb_busy, open_async_graph, open_graph
from graphdb.base import PipelinedWrites
from loaders.bulk.falkordb_bulk import _Sender

# Holds the server for ARGV[1] microseconds by its own clock.
HOLD = """
local t = redis.call('TIME')
local start = t[1] * 1000000 + t[2]
repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - start >= tonumber(ARGV[1])
return 1"""
HOLD_S = 1.5


def _client(falkordb_server: str) -> redis.Redis:
    address = urlsplit(falkordb_server)
    return redis.Redis(host=address.hostname, port=address.port)


@contextmanager
def busy(falkordb_server: str, seconds: float = HOLD_S) -> Iterator[float]:
    """The server refusing commands with BUSY from now for about `seconds`; yields the time the
    hold ends (time.monotonic), and checks that the server did refuse a command meanwhile."""
    admin = _client(falkordb_server)
    threshold = admin.config_get("busy-reply-threshold")["busy-reply-threshold"]
    admin.config_set("busy-reply-threshold", 50)
    started = time.monotonic()
    holder = threading.Thread(target=lambda: _client(falkordb_server).eval(HOLD, 0, int(seconds * 1e6)))
    holder.start()
    try:
        probe = _client(falkordb_server)
        deadline = started + seconds / 2
        while True:  # past the threshold the server answers BUSY
            try:
                probe.get("busy-probe")
            except redis.ResponseError as exc:
                assert str(exc).startswith("BUSY"), exc
                break
            assert time.monotonic() < deadline, "the server never answered BUSY"
            time.sleep(0.01)
        yield started + seconds
    finally:
        holder.join()
        admin.config_set("busy-reply-threshold", threshold)


def test_a_query_refused_with_busy_runs_once_the_server_takes_it(falkordb_server: str) -> None:
    url = f"{falkordb_server}/busy_{uuid.uuid4().hex[:12]}"
    with open_graph(url) as graph:
        with busy(falkordb_server) as ends:
            graph.write("CREATE (:Probe {n: 1})")
            assert time.monotonic() >= ends - 0.1  # it waited for the hold, then ran, once
        assert graph.read("MATCH (p:Probe) RETURN count(p) AS n").value(0) == 1


def test_the_async_face_waits_out_busy_too(falkordb_server: str) -> None:
    url = f"{falkordb_server}/busy_{uuid.uuid4().hex[:12]}"

    async def main() -> None:
        async with open_async_graph(url) as graph:
            await graph.write("CREATE (:Probe {n: 2})")
            with busy(falkordb_server) as ends:
                rows = (await graph.read("MATCH (p:Probe) RETURN p.n AS n")).rows
                assert time.monotonic() >= ends - 0.1
            assert rows == [{"n": 2}]

    asyncio.run(main())


def test_bulk_calls_wait_out_busy(falkordb_server: str) -> None:
    name = f"busy_{uuid.uuid4().hex[:12]}"
    sender = _Sender(_client(falkordb_server), name)
    try:
        with busy(falkordb_server):
            sender.send(["GRAPH.QUERY", name, "CREATE (:Probe {n: 3})"])
            sender.wait()  # raises the sender's error, if any
    finally:
        sender.close()
    with open_graph(f"{falkordb_server}/{name}") as graph:
        assert graph.read("MATCH (p:Probe) RETURN p.n AS n").rows == [{"n": 3}]


def test_a_server_busy_past_the_wait_is_a_clear_error(falkordb_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(falkordb_busy, "BUSY_WAIT_S", 0.2)
    with open_graph(f"{falkordb_server}/busy_{uuid.uuid4().hex[:12]}") as graph, busy(falkordb_server), \
            pytest.raises(GraphError) as caught:
        graph.read("RETURN 1")
    assert str(caught.value).startswith("FalkorDB stayed busy for "), caught.value
    assert "(BUSY Redis is busy running a script." in str(caught.value)


TOPICS = {"rows": [{"id": f"T{i}", "props": {"name": f"Topic {i}"}, "rank": "1|"} for i in (1, 2)]}
SUBTOPIC = {"links": [{"topic": "T1", "parent": "T2"}]}  # links nothing unless the topics are written first


@contextmanager
def pipelined(falkordb_server: str) -> Iterator[tuple[Graph, PipelinedWrites]]:
    """A fresh graph and its write pipeline (the loader's background writer sends on it)."""
    with open_graph(f"{falkordb_server}/busy_{uuid.uuid4().hex[:12]}") as graph:
        pipe = graph.write_pipeline()
        try:
            yield graph, pipe
        finally:
            pipe.close()


def test_pipelined_writes_refused_as_busy_run_again_in_order(falkordb_server: str) -> None:
    # Every write after the first refusal was refused too: none ran, so all go again in order.
    with pipelined(falkordb_server) as (graph, pipe):
        with busy(falkordb_server) as ends:
            pipe.send("load/upsert_topics", TOPICS)
            pipe.send("load/link_subtopics", SUBTOPIC)
            replies = list(pipe.replies())
            assert time.monotonic() >= ends - 0.1
        assert [(name, stats.nodes_created, stats.relationships_created) for name, stats in replies] == [
            ("load/upsert_topics", 2, 0), ("load/link_subtopics", 0, 1)]
        assert graph.read("MATCH (t:Topic)-[:SUBTOPIC_OF]->(p:Topic) RETURN t.id AS t, p.id AS p").rows == [
            {"t": "T1", "p": "T2"}]


def test_a_pipelined_write_refused_as_busy_before_one_that_ran_is_reported_not_resent(falkordb_server: str) -> None:
    # The second write reached the server after the hold and ran: sending the first again now
    # would change their order, so the refusal says that the first did not run.
    with pipelined(falkordb_server) as (graph, pipe):
        with busy(falkordb_server) as ends:
            pipe.send("load/upsert_topics", TOPICS)
        assert time.monotonic() >= ends
        pipe.send("load/upsert_topics", {"rows": [{"id": "T3", "props": {"name": "Topic 3"}, "rank": "1|"}]})
        with pytest.raises(GraphError) as caught:
            list(pipe.replies())
        assert str(caught.value).startswith("FalkorDB refused a write as busy (BUSY Redis is busy running a "
                                            "script."), caught.value
        assert str(caught.value).endswith("while others were in flight, and took one sent after it; that write "
                                          "did not run: run the load again (loads are idempotent)")
        assert graph.read("MATCH (t:Topic) RETURN t.id AS id").rows == [{"id": "T3"}]
