"""`--bulk`: a first load into an empty graph, in four phases.

1. parse and 2. resolve: loaders.pipeline.load, the batched loader itself, with the staging
   graph (bulk/staging.py, SQLite on disk) in the engine's place: the same parsers, rejects,
   record mapping, ranks and identity rules, batch by batch.
3. write: the staged graph into the engine in one pass (FalkorDB: GRAPH.BULK; Neo4j: the
   CSV files `neo4j-admin database import full` reads, then, on the local Neo4j, the import
   and a restart of the server on the new store: phase "import").
4. index: graphdb.schema.init, what `scholargraph db init` does (on FalkorDB started in a
   thread once every node is written, so the server builds the indexes while the edges are
   encoded and sent; this phase is the wait for it).

An interrupted bulk load (kill -9) leaves a marker beside the graph (FalkorDB: a key; the
local Neo4j: a file in its data directory); the next `--bulk` finds it and replaces the
partial graph. Any other non-empty graph is refused. A Neo4j other than the local one gets
the CSV files written and the import command printed (the import runs where the store is).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from tqdm import tqdm

from graphdb import Graph, Stats, schema
from graphdb.falkordb_engine import FalkorGraph
from graphdb.neo4j_engine import Neo4jGraph
from loaders.bulk import SOURCES, falkordb_bulk, neo4j_bulk, neo4j_csv
from loaders.bulk.child_parse import ChildParser
from loaders.bulk.staging import BulkUnsupported, StagingGraph
from loaders.bulk.workdir import staging_dir
from loaders.pipeline import FileOutcome, LoadSummary, load
from loaders.records import Rejected

T = TypeVar("T")


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
    removed: list[str] = field(default_factory=list)  # staging directories interrupted loads left
    command: str | None = None  # a Neo4j that is not the local one: the import to run there

    def lines(self) -> list[str]:
        out = [self.replaced] if self.replaced else []
        out += self.removed
        out += self.summary.lines()
        out.append("bulk phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.phases.items()))
        if self.command:
            out += ["this Neo4j is not the local one: copy the files to its machine, stop the database, run",
                    f"  {self.command}",
                    "then start it and run `scholargraph db init`"]
        return out


def _bar(progress: bool, desc: str, unit: str, total: int | None = None) -> tqdm:
    return tqdm(desc=desc, unit=unit, total=total, disable=not progress, mininterval=0.5, dynamic_ncols=True)

def _staged_then_written(tmp: Path, result: BulkSummary, started: float, progress: bool,
                         stage: Callable[[StagingGraph], None],
                         write: Callable[[StagingGraph, Callable[[int], None]], T]) -> T:
    """Phases 1-3 on either engine: the staging graph filled by `stage`, then `write` (with a
    progress callback per entity written), each phase timed into `result`."""
    staging = StagingGraph(tmp / "staging.sqlite")
    try:
        stage(staging)
        staging.staged()
        result.phases["parse+resolve"] = time.perf_counter() - started
        at = time.perf_counter()
        with _bar(progress, "write", " entities", sum(staging.counts())) as bar:
            written = write(staging, bar.update)
        result.phases["write"] = time.perf_counter() - at
        return written
    finally:
        staging.close()


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
    csv_dir: Path = Path("scholargraph-neo4j-import"),
) -> BulkSummary:
    """Load `paths` into the empty `graph` (see the module docstring). `work_dir`: where the
    staging database goes (a temporary directory in it, removed after; default: $TMPDIR).
    `csv_dir`: where the CSV files for a Neo4j other than the local one go (kept)."""
    if source not in SOURCES:
        raise BulkUnsupported(f"--bulk takes {' and '.join(SOURCES)} files only")
    if isinstance(graph, Neo4jGraph):
        return _bulk_neo4j(graph, paths, source, dimension=dimension, batch_size=batch_size,
                           rejects_path=rejects_path, progress=progress, on_reject=on_reject,
                           on_file_error=on_file_error, work_dir=work_dir, csv_dir=csv_dir)
    if not isinstance(graph, FalkorGraph):
        raise BulkUnsupported(f"--bulk writes to FalkorDB and Neo4j only ({graph.engine} given): "
                              "load without --bulk")
    started = time.perf_counter()
    client, name = graph.redis, graph.name
    replaced = _claim_falkordb(client, graph, name)
    result = BulkSummary(LoadSummary(rejects_path=rejects_path), replaced=replaced)
    indexing = _Indexing(graph, dimension)
    try:
        with staging_dir(work_dir, result.removed) as tmp:
            nodes, edges, props = _staged_then_written(
                tmp, result, started, progress,
                lambda staging: _stage(staging, result, paths, source, batch_size, rejects_path, progress,
                                       on_reject, on_file_error),
                lambda staging, done: falkordb_bulk.write(staging, client, name, done, indexing.start))
    except BaseException:
        indexing.join()  # no init left running against the graph an error cut short
        raise
    at = time.perf_counter()
    with _bar(progress, "index", " steps", 1) as bar:
        indexing.result()
        bar.update(1)
    client.delete(marker_key(name))  # the graph is whole: no longer a partial bulk load
    result.phases["index"] = time.perf_counter() - at
    result.summary.stats = Stats(nodes_created=nodes, relationships_created=edges, properties_set=props)
    result.summary.seconds = time.perf_counter() - started
    return result


class _Indexing:
    """schema.init (what `db init` does) in a thread, started once GRAPH.BULK has sent every
    node: FalkorDB builds the indexes (the full-text ones over titles and abstracts above all)
    while this process encodes and sends the edges. No index is on a relationship type that a
    bulk load writes, so the edges sent meanwhile change nothing an index holds."""

    def __init__(self, graph: FalkorGraph, dimension: int) -> None:
        self.graph, self.dimension = graph, dimension
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        self.graph.forget_names()  # the graph was rebuilt under the client
        self.thread = threading.Thread(target=self._run, name="bulk-index", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            schema.init(self.graph, self.dimension)
        except BaseException as exc:  # handed to the loading thread by result()
            self.error = exc

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()

    def result(self) -> None:
        """Wait for the indexes (built here if the write never reached the edges); raise its error."""
        if self.thread is None:
            self.graph.forget_names()
            schema.init(self.graph, self.dimension)
            return
        self.join()
        if self.error is not None:
            raise self.error


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




def _stage(staging: StagingGraph, result: BulkSummary, paths: list[Path], source: str, batch_size: int,
           rejects_path: Path, progress: bool, on_reject: Callable[[Rejected], None] | None,
           on_file_error: Callable[[FileOutcome], None] | None) -> None:
    """Phases 1 and 2: the batched loader itself, into the staging graph, with the parser in a
    child process (child_parse.py) so that parsing and resolving use a core each."""
    resolve_bar = _bar(progress, "resolve", " works")
    staging.on_works = resolve_bar.update
    try:
        with ChildParser(source, paths) as parse:
            result.summary = load(
                cast(Graph, staging), paths, source, batch_size=batch_size, rejects_path=rejects_path,
                progress=progress, on_reject=on_reject, on_file_error=on_file_error,
                # staging is Python: a writer thread would only take turns with this one
                pipelined=False, parse=parse)
    finally:
        resolve_bar.close()


def _bulk_neo4j(graph: Neo4jGraph, paths: list[Path], source: str, *, dimension: int, batch_size: int,
                rejects_path: Path, progress: bool, on_reject: Callable[[Rejected], None] | None,
                on_file_error: Callable[[FileOutcome], None] | None, work_dir: Path | None,
                csv_dir: Path) -> BulkSummary:
    """bulk_load on Neo4j: the local one is imported into and restarted; another gets the CSV
    files in `csv_dir` and the command to run (the module docstring)."""
    started = time.perf_counter()
    data_dir = neo4j_bulk.local_data_dir(graph)
    if data_dir is None and csv_dir.exists() and any(csv_dir.iterdir()):
        raise BulkRefused(f"{csv_dir} is not empty: --bulk writes the import files for this Neo4j there; "
                          "move or remove it first")
    replaced = _claim_neo4j(graph, data_dir)
    result = BulkSummary(LoadSummary(rejects_path=rejects_path), replaced=replaced)
    with staging_dir(work_dir, result.removed) as tmp:
        files = _staged_then_written(
            tmp, result, started, progress,
            lambda staging: _stage(staging, result, paths, source, batch_size, rejects_path, progress, on_reject,
                                   on_file_error),
            lambda staging, done: neo4j_csv.write(staging, tmp / "csv" if data_dir else csv_dir, done))
        result.summary.stats = Stats(nodes_created=files.nodes, relationships_created=files.edges,
                                     properties_set=files.props)
        if data_dir is None:
            result.command = neo4j_bulk.command(files)
            result.summary.seconds = time.perf_counter() - started
            return result
        at = time.perf_counter()
        with _bar(progress, "import", " steps", 1) as bar:
            if files.args:  # nothing staged: the empty graph stays as it is
                neo4j_bulk.run_import(data_dir, files, tqdm.write if progress else None)
                graph.forget_bookmarks()
            bar.update(1)
        result.phases["import"] = time.perf_counter() - at
    at = time.perf_counter()
    with _bar(progress, "index", " steps", 1) as bar:
        schema.init(graph, dimension)
        bar.update(1)
    (data_dir / neo4j_bulk.MARKER).unlink(missing_ok=True)  # the graph is whole
    result.phases["index"] = time.perf_counter() - at
    result.summary.seconds = time.perf_counter() - started
    return result


def _claim_neo4j(graph: Neo4jGraph, data_dir: Path | None) -> str | None:
    """As _claim_falkordb: the database must be empty, or be what an interrupted bulk load of
    the local Neo4j left (its marker file says so); the local one is then marked."""
    nodes = graph.query("load/node_count").value(0)
    marker = data_dir / neo4j_bulk.MARKER if data_dir else None
    replaced = None
    if marker is not None and marker.exists():
        if nodes:
            replaced = (f"replacing the graph {graph.address!r} that an interrupted --bulk load left "
                        f"({nodes} node{'s' * (nodes != 1)})")
    elif nodes:
        raise BulkRefused(
            f"the graph {graph.address!r} is not empty ({nodes} node{'s' * (nodes != 1)}): --bulk loads only into "
            "an empty graph; load without --bulk to add to it")
    if marker is not None:
        marker.write_text(str(time.time()))
    return replaced
