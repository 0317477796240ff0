"""Batched graph writes: normalised records in, `UNWIND $rows … MERGE` out.

Every write is a MERGE on a stable id, so a batch that is written twice (a re-run
after a crash, even mid-batch) leaves the graph as one clean write would.

With `pipelined=True` the engine works while Python prepares, in one of two ways:

- On an engine that pipelines writes (FalkorDB: `Graph.write_pipeline`), each write is
  sent without waiting for its reply, one connection carrying them in order, and the
  replies are read when the writer needs one (a lookup, the works' upsert) and at the end
  of the load. While it waits for them, the writer calls `idle` (the loader parses the
  next records then, loaders/pipeline.py): one thread does everything, so the parser never
  takes turns with the writer for the GIL. The engine runs a batch's last writes while the
  next batch is parsed and its first writes, those that need no read, are prepared. A
  write that fails is reported at the latest at the next batch's first read (or the end of
  the load); the writes sent after it have then run too (a re-run, MERGE throughout,
  converges as after a kill -9).
- Elsewhere (Neo4j: every write waits for its reply), the batches are written by a
  background thread while the caller goes on parsing. At most `QUEUE_DEPTH` full batches
  wait, so memory stays flat, and one thread writes them in order.

Either way the graph goes through the same states as a synchronous load (a kill -9 and a
re-run still end in the clean load's graph).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from typing import Any

from graphdb import Graph
from loaders import merges
from loaders.records import AuthorRecord, InstitutionRecord, MergedId, Record, TopicRecord, WorkRecord
from loaders.write_rows import MAX_COAUTHORS_PER_WORK, WORK_FIELDS, Batch
from loaders.write_works import WorkWrites

__all__ = ["MAX_COAUTHORS_PER_WORK", "QUEUE_DEPTH", "WORK_FIELDS", "GraphWriter"]

# Full batches waiting for the background writer (each one is batch_size records).
QUEUE_DEPTH = 1
# Records in a pipelined load's first batch; each batch after it is twice the one before,
# up to batch_size. The engine has nothing to do until the first batch is parsed (at full
# size, a tenth of a 10,000-work load), and from then on it writes one batch while the next
# is parsed.
FIRST_BATCH = 250

_STOP = object()


class GraphWriter(WorkWrites):
    """Buffers records and writes them in batches, one engine transaction per query
    (the rows: loaders/write_rows.py; the queries: write_entities.py, write_works.py;
    sending them: query_sender.py).

    `timings` adds up the seconds spent in each named query (sending, engine, reply),
    for the load benchmark's breakdown.
    """

    def __init__(self, graph: Graph, batch_size: int = 2000, *, pipelined: bool = False) -> None:
        super().__init__(graph, pipelined=pipelined)
        self.batch_size = max(1, batch_size)
        # The size of the batch being filled (see FIRST_BATCH)
        self._limit = min(self.batch_size, FIRST_BATCH) if pipelined else self.batch_size
        self._batch = Batch()
        self._queue: queue.Queue[Any] | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if pipelined and self._pipe is None:  # no write pipeline: a thread writes instead
            self._queue = queue.Queue(maxsize=QUEUE_DEPTH)
            self._thread = threading.Thread(target=self._work, name="graph-writer", daemon=True)
            self._thread.start()

    @property
    def threaded(self) -> bool:
        """Whether a background thread writes the batches (pipelined, on an engine without a
        write pipeline)."""
        return self._queue is not None

    # -- the caller's side ----------------------------------------------------------

    def add(self, record: Record) -> None:
        if isinstance(record, WorkRecord):
            self._batch.works.append(record)
        elif isinstance(record, AuthorRecord):
            self._batch.authors.append(record)
        elif isinstance(record, InstitutionRecord):
            self._batch.institutions.append(record)
        elif isinstance(record, TopicRecord):
            self._batch.topics.append(record)
        elif isinstance(record, MergedId):
            self._batch.merges.append(record)
        else:
            raise TypeError(f"not a record: {type(record).__name__}")
        if len(self._batch) >= self._limit:
            self._submit()

    def flush(self) -> None:
        """Write what is buffered and wait until every batch is in the graph."""
        self._submit()
        if self._queue is not None:
            self._queue.join()
        self._drain()
        self._raise()

    def close(self) -> None:
        """Wait for the batches already handed over, then stop the background writer
        (the buffered, incomplete batch is not written: call flush for that)."""
        if self._thread is not None and self._queue is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None
        if self._pipe is not None:
            self._pipe.close()
        self._raise()

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self) -> None:
        batch, self._batch = self._batch, Batch()
        if not len(batch):
            return
        self._limit = min(self.batch_size, self._limit * 2)
        self._raise()
        if self._queue is None:
            self._write_batch(batch)
        else:
            self._queue.put(batch)

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            batch = self._queue.get()
            try:
                if batch is _STOP:
                    return
                if self._error is None:  # after a failure, drain without writing
                    self._write_batch(batch)
            except BaseException as exc:  # handed to the caller's thread
                self._error = exc
            finally:
                self._queue.task_done()

    # -- the engine's side ------------------------------------------------------------

    def _write_batch(self, batch: Batch) -> None:
        """Write the batch. The background writer's writes are in the graph when this returns;
        on the write pipeline the last ones may still be running, while the caller goes on to
        the next batch: its first read waits for them (flush, for the last batch). A batch
        that reads nothing (an entity file's) drains them itself, so at most two batches'
        writes are in flight and the pipeline's copies of them stay bounded."""
        carried = self._pipe is not None and bool(self._pipe.pending)
        drains = self.drains
        try:
            self._write(batch)
        except BaseException:
            with contextlib.suppress(Exception):  # the first error is the one to report
                self._drain()
            raise
        if carried and self.drains == drains:
            self._drain()

    def _has_merged_ids(self) -> bool:
        """Whether the graph holds merged ids (`merged_graph`: once it does, it always will).
        Only write_merges adds them, and a batch that has merges sets merged_graph, so the
        writes still in flight cannot change the answer: it does not wait for them (the next
        batch's first writes are prepared meanwhile)."""
        if not self.merged_graph:
            self.merged_graph = bool(self._send("load/any_merged_ids", {}, read=True, after_writes=False).rows)
        return self.merged_graph

    def _write(self, batch: Batch) -> None:
        if batch.merges:
            merges.write_merges(self, batch.merges)
            self.merged_graph = True
        survivors: dict[str, merges.Alias] = {}
        self._demoted = set()
        if len(batch) > len(batch.merges) and self._has_merged_ids():
            # Records that name a merged id are written under its survivor (loaders/merges.py).
            table = merges.aliases(self, merges.batch_ids(batch))
            if table:
                rewriter = merges.Rewriter(table)
                rewriter.batch(batch)
                self._demoted = rewriter.demoted
                survivors = {a.into: a for a in table.values()}
        if batch.topics:
            self._write_topics([(t, self._rank(t, True, t.updated_date)) for t in batch.topics])
        if batch.institutions:
            self._write_institutions([(i, self._rank(i, True, i.updated_date)) for i in batch.institutions])
        if batch.authors:
            self._write_authors(batch.authors)
        if batch.works:
            self._write_works(batch.works)
        if survivors:
            merges.stamp(self, survivors)

