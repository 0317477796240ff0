"""`--bulk`: a first load into an empty graph, in four phases.

1. parse and 2. resolve: loaders.pipeline.load, the batched loader itself, with the staging
   graph (bulk/staging.py, SQLite on disk) in the engine's place: the same parsers, rejects,
   record mapping, ranks and identity rules, batch by batch.
3. write: the staged graph into the engine in one pass (FalkorDB: GRAPH.BULK).
4. index: graphdb.schema.init, what `scholargraph db init` does.

An interrupted bulk load (kill -9) leaves a marker key beside the graph; the next `--bulk`
finds it and replaces the partial graph. Any other non-empty graph is refused.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tqdm import tqdm

from graphdb import Graph, Stats, schema
from graphdb.falkordb_engine import FalkorGraph
from loaders.bulk import SOURCES, falkordb_bulk
from loaders.bulk.staging import BulkUnsupported, StagingGraph
from loaders.pipeline import FileOutcome, LoadSummary, load
from loaders.records import Rejected


class BulkRefused(Exception):
    """The target graph is not one a bulk load may write (one line, for the CLI)."""


def marker_key(graph_name: str) -> str:
    """The Redis key that says a bulk load of this graph is under way (or was cut short)."""
    return f"scholargraph:bulk-in-progress:{graph_name}"


@dataclass
class BulkSummary:
    summary: LoadSummary
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase
    replaced: str | None = None  # what was replaced: the graph an interrupted bulk load left

    def lines(self) -> list[str]:
        out = [self.replaced] if self.replaced else []
        out += self.summary.lines()
        out.append("bulk phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.phases.items()))
        return out


def _bar(progress: bool, desc: str, unit: str, total: int | None = None) -> tqdm:
    return tqdm(desc=desc, unit=unit, total=total, disable=not progress, mininterval=0.5, dynamic_ncols=True)


def bulk_load(
    graph: Graph,
    paths: list[Path],
    source: str,
    *,
    dimension: int,
    batch_size: int = 2000,
    rejects_path: Path = Path("scholargraph-rejects.jsonl"),
    progress: bool = True,
    on_reject: Callable[[Rejected], None] | None = None,
    on_file_error: Callable[[FileOutcome], None] | None = None,
    work_dir: Path | None = None,
) -> BulkSummary:
    """Load `paths` into the empty `graph` (see the module docstring). `work_dir`: where the
    staging database goes (a temporary directory in it, removed after; default: $TMPDIR)."""
    if source not in SOURCES:
        raise BulkUnsupported(f"--bulk takes {' and '.join(SOURCES)} files only")
    if not isinstance(graph, FalkorGraph):
        raise BulkUnsupported(f"--bulk writes to FalkorDB only for now ({graph.engine} given): "
                              "load without --bulk")
    started = time.perf_counter()
    client, name = graph.redis, graph.name
    replaced = _claim_falkordb(client, graph, name)
    result = BulkSummary(LoadSummary(rejects_path=rejects_path), replaced=replaced)
    with tempfile.TemporaryDirectory(prefix="scholargraph-bulk-", dir=work_dir) as tmp:
        staging = StagingGraph(Path(tmp) / "staging.sqlite")
        try:
            resolve_bar = _bar(progress, "resolve", " works")
            staging.on_works = resolve_bar.update
            try:
                result.summary = load(
                    cast(Graph, staging), paths, source, batch_size=batch_size, rejects_path=rejects_path,
                    progress=progress, on_reject=on_reject, on_file_error=on_file_error,
                    # staging is Python like the parser: a writer thread only takes turns with it
                    pipelined=False)
            finally:
                resolve_bar.close()
            result.phases["parse+resolve"] = time.perf_counter() - started
            at = time.perf_counter()
            total = sum(staging.counts())
            with _bar(progress, "write", " entities", total) as bar:
                nodes, edges, props = falkordb_bulk.write(staging, client, name, bar.update)
            result.phases["write"] = time.perf_counter() - at
        finally:
            staging.close()
    graph.forget_names()  # the graph was rebuilt under the client
    at = time.perf_counter()
    with _bar(progress, "index", " steps", 1) as bar:
        schema.init(graph, dimension)
        bar.update(1)
    client.delete(marker_key(name))  # the graph is whole: no longer a partial bulk load
    result.phases["index"] = time.perf_counter() - at
    result.summary.stats = Stats(nodes_created=nodes, relationships_created=edges, properties_set=props)
    result.summary.seconds = time.perf_counter() - started
    return result


def _claim_falkordb(client: Any, graph: Graph, name: str) -> str | None:
    """Make way for a new graph `name`: an empty graph (only the schema) or the remains of an
    interrupted bulk load go; anything else is refused. Then mark the load as under way."""
    replaced = None
    if client.exists(name):
        nodes = graph.query("load/node_count").value(0)
        if client.exists(marker_key(name)):
            replaced = (f"replacing the graph {name!r} that an interrupted --bulk load left "
                        f"({nodes} node{'s' * (nodes != 1)})")
        elif nodes:
            raise BulkRefused(
                f"the graph {name!r} is not empty ({nodes} node{'s' * (nodes != 1)}): --bulk loads only into an "
                "empty graph; load without --bulk to add to it")
        client.execute_command("GRAPH.DELETE", name)
    client.set(marker_key(name), str(time.time()))
    return replaced


