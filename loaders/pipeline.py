"""A load: files -> parser -> GraphWriter, with progress, rejects and a summary."""

from __future__ import annotations

import gc
import json
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tqdm import tqdm

from graphdb import Graph, Stats
from loaders.records import FormatError, Parsed, Rejected
from loaders.writer import GraphWriter

Parser = Callable[[Path], Iterator[Parsed]]

# Allocations between two runs of the cycle collector's youngest generation while loading.
GC_THRESHOLD = 50_000
# Seconds a thread holds the GIL while another waits for it, during a load with a writer thread.
SWITCH_INTERVAL = 0.0005
# Records parsed between two looks at whether the engine has answered, while parsing ahead
# (some 2-3 ms of parsing an OpenAlex work each: the engine waits at most that long).
PARSE_STEP = 10


def parser_for(source: str) -> Parser:
    if source == "openalex":
        from loaders.openalex import parse_openalex

        return parse_openalex
    if source == "arxiv":
        from loaders.arxiv import parse_arxiv

        return parse_arxiv
    if source == "crossref":
        from loaders.crossref import parse_crossref

        return parse_crossref
    if source == "semanticscholar":
        from loaders.semanticscholar import parse_semanticscholar

        return parse_semanticscholar
    if source == "dblp":
        from loaders.dblp import parse_dblp

        return parse_dblp
    raise ValueError(f"unknown source {source!r}: expected openalex, arxiv, crossref, semanticscholar or dblp")


@dataclass
class FileOutcome:
    """What one file gave. `error` says why the file failed as a whole (not in the
    source's format, unreadable, or not one record in it), on one line naming the file."""

    path: Path
    records: int = 0
    rejected: int = 0
    error: str | None = None

    def line(self) -> str:
        if self.error is not None:
            return f"failed: {self.error}"
        return (f"ok {self.path}: {self.records} record{'s' * (self.records != 1)}, "
                f"{self.rejected} rejected")


@dataclass
class LoadSummary:
    files: int = 0
    records: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    rejected: int = 0
    stats: Stats = field(default_factory=Stats)
    seconds: float = 0.0
    rejects_path: Path | None = None
    query_seconds: dict[str, float] = field(default_factory=dict)  # per named query, writer side
    parsed_ahead: int = 0  # items parsed while the writer waited for the engine (_ParseAhead)
    per_file: list[FileOutcome] = field(default_factory=list)

    @property
    def failed_files(self) -> list[FileOutcome]:
        return [f for f in self.per_file if f.error is not None]

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.kinds.items())) or "nothing"
        rate = self.records / self.seconds if self.seconds else 0.0
        out = [
            f"read {self.records} records from {self.files} file{'s' * (self.files != 1)} "
            f"({kinds}) in {self.seconds:.1f}s, {rate:,.0f} records/s",
            f"nodes created {self.stats.nodes_created}, relationships created "
            f"{self.stats.relationships_created}, properties set {self.stats.properties_set}",
            f"rejected {self.rejected} record{'s' * (self.rejected != 1)}"
            + (f": see {self.rejects_path}" if self.rejected and self.rejects_path else ""),
        ]
        failed = len(self.failed_files)
        if failed:
            out.append(f"{failed} of {self.files} file{'s' * (self.files != 1)} failed")
        out += [f.line() for f in self.per_file]
        return out


class _Rejects:
    """The rejects file (JSON lines), opened on the first rejection only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def write(self, rej: Rejected) -> None:
        if self._fh is None:
            self._fh = self.path.open("w", encoding="utf-8")
        record = {"file": rej.path, "line": rej.line, "reason": rej.reason, "raw": rej.raw}
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def load(
    graph: Graph,
    paths: list[Path],
    source: str,
    *,
    batch_size: int = 2000,
    rejects_path: Path = Path("scholargraph-rejects.jsonl"),
    progress: bool = True,
    on_reject: Callable[[Rejected], None] | None = None,
    on_file_error: Callable[[FileOutcome], None] | None = None,
    pipelined: bool = True,
    parse: Parser | None = None,
) -> LoadSummary:
    """Load every file. A bad file does not stop the load: a file not in the source's
    format (FormatError), one that cannot be read, or one that gives no record at all is
    a failed file (summary.failed_files, `on_file_error`), and the next file loads. A
    format error is found before any record of that file is written. Only the database
    refusing a write stops the load. The graph's schema (graphdb.schema.init) should
    exist: without its id indexes every lookup scans a whole label.

    `pipelined`: the engine runs a batch's writes while the next batch is parsed: on
    FalkorDB in this thread, parsing while the writer waits for the engine's replies
    (_ParseAhead); on Neo4j by a background writer thread (loaders/writer.py). False writes
    each batch before reading on. `parse`: the source's parser from elsewhere (bulk's child
    process, loaders/bulk/child_parse.py) instead of parser_for(source)."""
    parse = parse or parser_for(source)
    # A parsed OpenAlex work is hundreds of small lists and dicts (the abstract's inverted
    # index), so the default thresholds run the cycle collector thousands of times a load
    # (a fifth of the loader's CPU); almost nothing here is cyclic garbage. Restored after.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], GC_THRESHOLD), *thresholds[1:])
    # A writer thread (Neo4j) gives up the GIL at every socket call and then waits for the
    # parsing thread to hand it back, by default after 5 ms: with dozens of such waits a
    # batch, the engine sat idle between queries. A short interval hands it back sooner.
    switch = sys.getswitchinterval()
    writer = GraphWriter(graph, batch_size=batch_size, pipelined=pipelined)
    if writer.threaded:
        sys.setswitchinterval(min(switch, SWITCH_INTERVAL))
    summary = LoadSummary(rejects_path=rejects_path)
    rejects = _Rejects(rejects_path)
    started = time.perf_counter()
    bar = tqdm(desc=f"loading {source}", unit=" rec", disable=not progress, mininterval=0.5,
               dynamic_ncols=True)
    try:
        for path in paths:
            summary.files += 1
            outcome = FileOutcome(Path(path))
            summary.per_file.append(outcome)
            items = _ParseAhead(_items(parse, Path(path), outcome), limit=batch_size)
            writer.idle = items.work
            for item in items:
                bar.update(1)
                if item.rejected is not None:
                    summary.rejected += 1
                    outcome.rejected += 1
                    rejects.write(item.rejected)
                    if on_reject:
                        on_reject(item.rejected)
                    continue
                assert item.record is not None
                summary.records += 1
                outcome.records += 1
                summary.kinds[type(item.record).__name__.removesuffix("Record").lower() + "s"] += 1
                writer.add(item.record)
            summary.parsed_ahead += items.parsed_ahead
            if outcome.error is None and outcome.records == 0:
                outcome.error = f"{path}: no records" + (
                    f" ({outcome.rejected} rejected)" if outcome.rejected else " (an empty file)"
                )
            if outcome.error is not None and on_file_error:
                on_file_error(outcome)
        writer.flush()
    finally:
        try:
            writer.close()
        finally:
            gc.set_threshold(*thresholds)
            sys.setswitchinterval(switch)
        bar.close()
        rejects.close()
        summary.stats = writer.stats
        summary.query_seconds = dict(writer.timings)
        summary.seconds = time.perf_counter() - started
    return summary


class _ParseAhead:
    """A file's items, some parsed ahead while the writer waits for the engine: `work` is
    the writer's `idle` (loaders/writer.py). Parsing the next batch while the engine runs
    this one's writes, in the writer's own thread, keeps the engine busy without a second
    thread to take turns with for the GIL (measured: the engine sat idle for a quarter of a
    100,000-work load while a parsing thread and the writer's thread took turns). At most
    `limit` items wait, so memory stays flat."""

    def __init__(self, items: Iterator[Parsed], *, limit: int) -> None:
        self._items = items
        self._ahead: deque[Parsed] = deque()
        self._limit = max(1, limit)
        self._ended = False
        self.parsed_ahead = 0

    def __iter__(self) -> _ParseAhead:
        return self

    def __next__(self) -> Parsed:
        if self._ahead:
            return self._ahead.popleft()
        return next(self._items)

    def work(self, ready: Callable[[], bool]) -> None:
        """Parse ahead, PARSE_STEP items at a time, until `ready()` or the buffer is full."""
        while not self._ended and len(self._ahead) < self._limit and not ready():
            for _ in range(PARSE_STEP):
                item = next(self._items, None)
                if item is None:
                    self._ended = True
                    return
                self._ahead.append(item)
                self.parsed_ahead += 1


def _items(parse: Parser, path: Path, outcome: FileOutcome) -> Iterator[Parsed]:
    """The file's stream; a failure of the file itself ends it and is kept in `outcome`.

    Only the parser's own work is inside the try: a write that fails (raised by the
    caller's writer.add, outside this generator) still stops the load.
    """
    try:
        yield from parse(path)
    except FormatError as exc:
        outcome.error = _one_line(str(exc))  # it names the file
    except OSError as exc:
        outcome.error = f"{path}: cannot be read: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one file's parser failure must not sink the others
        outcome.error = _one_line(f"{path}: could not be read ({type(exc).__name__}: {exc})")


def _one_line(text: str) -> str:
    return " ".join(text.split())
