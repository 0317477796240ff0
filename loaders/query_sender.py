"""Named queries sent for the loader's writer, timed, on the engine's write pipeline where
it has one (Graph.write_pipeline: FalkorDB) so that writes nobody waits for overlap the
Python that prepares the next one."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from graphdb import Graph, Result, Stats
from graphdb.base import Idle, PipelinedWrites


class QuerySender:
    """Runs the writer's named queries. `timings` adds up the seconds spent in each one
    (sending, engine, reply), for the load benchmark's breakdown."""

    def __init__(self, graph: Graph, *, pipelined: bool = False) -> None:
        self.graph = graph
        self.stats = Stats()
        self.timings: defaultdict[str, float] = defaultdict(float)
        # On an engine that can pipeline writes (FalkorDB), with pipelined=True only
        # the queries whose reply the writer needs wait for it (see _send).
        self._pipe: PipelinedWrites | None = graph.write_pipeline() if pipelined else None
        # What to do while waiting for the replies of those writes (the loader parses ahead).
        self.idle: Idle | None = None
        self.drains = 0  # times the replies were read

    def _send(self, name: str, params: dict[str, Any], *, read: bool = False, wait: bool = True,
              after_writes: bool = True) -> Result:
        """Run a named query. `wait=False` (a write whose reply nobody needs): with the
        background writer on FalkorDB, sent on the write pipeline and its reply read later
        (_drain), so the writer prepares the next query while the engine runs this one.
        `after_writes=False`: a read whose answer the writes in flight cannot change, which
        does not wait for them."""
        if not wait and self._pipe is not None:
            started = time.perf_counter()
            self._pipe.send(name, params)
            self.timings[name] += time.perf_counter() - started
            return Result([], [])
        if self._pipe is not None and self._pipe.pending and after_writes:
            self._drain()
        started = time.perf_counter()
        result = self.graph.query(name, params) if read else self.graph.execute(name, params)
        self.timings[name] += time.perf_counter() - started
        return result

    def _drain(self) -> None:
        """Read the replies of the writes sent without waiting (the first error is raised
        once they are all read, so the connection stays in step)."""
        if self._pipe is None:
            return
        self.drains += 1
        started = time.perf_counter()
        for name, stats in self._pipe.replies(self.idle):
            self.timings[name] += time.perf_counter() - started
            self.stats.add(stats)
            started = time.perf_counter()

    def query(self, name: str, params: dict[str, Any]) -> Result:
        """A named read query (the resolvers look up existing nodes through this)."""
        return self._send(name, params, read=True)

    def run(self, name: str, **params: Any) -> None:
        self.stats.add(self._send(name, params, wait=False).stats)
