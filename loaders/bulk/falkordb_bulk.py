"""The staged graph into FalkorDB through GRAPH.BULK, FalkorDB's binary bulk endpoint.

The format (FalkorDB's "GRAPH.BULK endpoint" design note, and src/bulk_insert/bulk_insert.c;
the falkordb-bulk-loader package is its reference implementation): `GRAPH.BULK graph [BEGIN]
node_count edge_count node_blob_count edge_blob_count blob…`,
each blob one label or relationship type: its name, the number of properties and their
names (NUL-terminated), then per node its values, per edge its two endpoints' node ids
(8 bytes each: a node's id is its position in the order nodes were sent) and its values.
A value is a type byte (0 null: no property, 1 bool, 2 double, 3 string, 4 integer,
5 array) and the value. Encoded here rather than through falkordb-bulk-loader: that tool
reads CSV files and guesses each cell's type from its text (a title "1984" would become an
integer), and writing CSV only for it to parse again is work the encoder does not need.
"""

from __future__ import annotations

import queue
import struct
import threading
from collections.abc import Callable, Iterator
from typing import Any

import redis

from graphdb import GraphError, UnavailableError
from graphdb.falkordb_busy import until_not_busy
from loaders.bulk.staging import BulkUnsupported, StagingGraph
from loaders.bulk.staging_read import COAUTHOR_PROPS

# Bytes of binary blobs per GRAPH.BULK call: far under Redis's 512 MB argument limit, and
# small enough that the server's reply (and the progress bar) comes often.
CALL_BYTES = 8 << 20

_NULL, _TRUE, _FALSE = b"\x00", b"\x01\x01", b"\x01\x00"
_DOUBLE, _LONG, _ARRAY = struct.Struct("<Bd"), struct.Struct("<Bq"), struct.Struct("<Bq")
_ENDS = struct.Struct("<QQ")
# Edges without properties packed per struct call (their ends only: 16 bytes each).
PACKED = 4096


def _nul_refused(text: str) -> BulkUnsupported:
    return BulkUnsupported(f"GRAPH.BULK cannot carry a NUL character (in {text[:60]!r}): load without --bulk")


def _cstring(text: str) -> bytes:
    data = text.encode("utf-8")
    if b"\x00" in data:
        raise _nul_refused(text)
    return data + b"\x00"


def encode(value: Any) -> bytes:
    """One property value in GRAPH.BULK's encoding (the commonest types first: it runs for
    every value of every node and edge)."""
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8")
        if b"\x00" in data:
            raise _nul_refused(value)
        return b"\x03" + data + b"\x00"
    if kind is int:
        return _LONG.pack(4, value)
    if value is None:
        return _NULL
    if kind is bool:
        return _TRUE if value else _FALSE
    if kind is float:
        return _DOUBLE.pack(2, value)
    if kind is list:
        return _ARRAY.pack(5, len(value)) + b"".join([encode(v) for v in value])
    raise BulkUnsupported(f"GRAPH.BULK cannot carry a {kind.__name__} property value")


def _strings(values: list[str]) -> bytes:
    """encode() of a list of strings, in one join instead of a call per element."""
    if not values:
        return _ARRAY.pack(5, 0)
    joined = "\x00\x03".join(values)
    if joined.count("\x00") != len(values) - 1:
        raise _nul_refused(next(v for v in values if "\x00" in v))
    return _ARRAY.pack(5, len(values)) + b"\x03" + joined.encode("utf-8") + b"\x00"


def header(name: str, props: list[str]) -> bytes:
    return _cstring(name) + struct.pack("<I", len(props)) + b"".join(_cstring(p) for p in props)


def _blobs(items: Iterator[tuple[bytes, int, int]], head: bytes) -> Iterator[tuple[bytes, int]]:
    """Entities (encoded, nodes, edges) gathered into blobs of at most CALL_BYTES."""
    parts: list[bytes] = []
    size = count = 0
    for data, n, e in items:
        parts.append(data)
        size += len(data)
        count += n + e
        if size >= CALL_BYTES:
            yield head + b"".join(parts), count
            parts, size, count = [], 0, 0
    if parts:
        yield head + b"".join(parts), count


class _Sender:
    """GRAPH.BULK calls made by a thread, in order, while the caller encodes the next: waiting
    for the server's reply releases the GIL, so the server's work and the encoding overlap."""

    def __init__(self, client: redis.Redis, graph: str) -> None:
        self.client, self.graph = client, graph
        self.calls: queue.Queue[list[Any] | None] = queue.Queue(maxsize=2)  # at most 2 more blobs held
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="graph-bulk-send", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (args := self.calls.get()) is not None:
            try:
                if self.error is None:  # after a failure the rest is dropped: the caller raises it
                    # a BUSY refusal (the server about to fork for an AOF rewrite) ran nothing
                    until_not_busy(lambda: self.client.execute_command(*args))
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                self.error = UnavailableError(f"{self.graph}: the server went away during GRAPH.BULK: {exc}")
                self.error.__cause__ = exc
            except redis.ResponseError as exc:
                self.error = GraphError(f"GRAPH.BULK refused: {exc}")
                self.error.__cause__ = exc
            except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread by _check
                self.error = exc
            finally:
                self.calls.task_done()
        self.calls.task_done()

    def send(self, args: list[Any]) -> None:
        self._check()
        self.calls.put(args)

    def wait(self) -> None:
        """Until every call sent so far has been answered (raising the first failure)."""
        self.calls.join()
        self._check()

    def close(self) -> None:
        self.calls.put(None)
        self.thread.join()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error


def write(staging: StagingGraph, client: redis.Redis, graph: str,
          progress: Callable[[int], None] = lambda n: None,
          after_nodes: Callable[[], None] = lambda: None) -> tuple[int, int, int]:
    """Every staged node and edge into a new graph `graph` (which must not exist); returns
    (nodes, relationships, properties) written. `progress` gets the entities of each call.
    Nodes go in the order they were staged (their bulk ids: StagingGraph.number_nodes), a blob
    per run of one label, several blobs to a call; then `after_nodes` is called (the graph
    exists and holds every node); then the edges, a type at a time. The calls are made by a
    thread (_Sender) while the next blob is encoded."""
    staging.number_nodes()
    sender = _Sender(client, graph)
    try:
        return _write(staging, client, graph, progress, after_nodes, sender)
    finally:
        sender.close()


def _write(staging: StagingGraph, client: redis.Redis, graph: str, progress: Callable[[int], None],
           after_nodes: Callable[[], None], sender: _Sender) -> tuple[int, int, int]:
    first = True
    nodes = edges = props = 0

    def send(blobs: list[bytes], n: int, e: int) -> None:
        nonlocal first
        # node count, edge count, then how many of the blobs hold nodes and how many edges
        sender.send(["GRAPH.BULK", graph, *(["BEGIN"] if first else []), n, e,
                     len(blobs) if n else 0, len(blobs) if e else 0, *blobs])
        first = False
        progress(n + e)

    def node_rows(run: Iterator[tuple[int, dict[str, Any]]], names: list[str]) -> Iterator[tuple[bytes, int, int]]:
        nonlocal props
        for _bid, p in run:
            props += len(p)
            yield b"".join([encode(p.get(k)) for k in names]), 1, 0

    pending: list[bytes] = []  # node blobs not sent yet (runs are often small: a batch's sources)
    size = count = 0
    for label, run in staging.label_runs():
        for blob, n in _blobs(node_rows(run, sorted(staging.node_props.get(label, ()))),
                              header(label, sorted(staging.node_props.get(label, ())))):
            pending.append(blob)
            size, count = size + len(blob), count + n
            if size >= CALL_BYTES:
                send(pending, count, 0)
                nodes += count
                pending, size, count = [], 0, 0
    if pending:
        send(pending, count, 0)
        nodes += count
    sender.wait()
    if first:  # nothing staged: the graph still has to exist, empty, for the indexes
        client.execute_command("GRAPH.QUERY", graph, "RETURN 1")
        first = False
    after_nodes()
    for rel in staging.edge_types():
        names = sorted(staging.edge_props.get(rel, ()))

        def edge_rows(rel: str = rel, names: list[str] = names) -> Iterator[tuple[bytes, int, int]]:
            nonlocal props
            if not names:  # CITES, PUBLISHED_IN, SUBTOPIC_OF: the two ends only, packed many at a time
                for ends in staging.edge_ends(rel, PACKED):
                    yield struct.pack(f"<{len(ends)}Q", *ends), 0, len(ends) // 2
                return
            if rel == "COAUTHOR" and names == sorted(COAUTHOR_PROPS):
                # a fifth of the edges, and most of the values the write phase encodes: straight
                # from their groups, with no dict and no encode() call per value
                for a, b, ids, years in staging.coauthor_groups():
                    span = _LONG.pack(4, min(years)) + _LONG.pack(4, max(years)) if years else _NULL + _NULL
                    props += 4 if years else 2
                    yield _ENDS.pack(a, b) + span + _strings(ids) + _LONG.pack(4, len(ids)), 0, 1
                return
            for a, b, p in staging.edges(rel):
                props += len(p)
                yield _ENDS.pack(a, b) + b"".join([encode(p.get(k)) for k in names]), 0, 1

        for blob, e in _blobs(edge_rows(), header(rel, names)):
            send([blob], 0, e)
            edges += e
    sender.wait()
    return nodes, edges, props
