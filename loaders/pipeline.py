"""A load: files -> parser -> GraphWriter, with progress, rejects and a summary."""

from __future__ import annotations

import gc
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from tqdm import tqdm

from graphdb import Graph, Stats
from loaders.records import Parsed, Rejected
from loaders.writer import GraphWriter

Parser = Callable[[Path], Iterator[Parsed]]

# Allocations between two runs of the cycle collector's youngest generation while loading.
GC_THRESHOLD = 50_000
# Seconds a thread holds the GIL while another waits for it, during a pipelined load.
SWITCH_INTERVAL = 0.0005


def parser_for(source: str) -> Parser:
    if source == "openalex":
        from loaders.openalex import parse_openalex

        return parse_openalex
    if source == "arxiv":
        from loaders.arxiv import parse_arxiv

        return parse_arxiv
    raise ValueError(f"unknown source {source!r}: expected openalex or arxiv")


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
    pipelined: bool = True,
) -> LoadSummary:
    """Load every file; FormatError (a file not in the declared format) propagates
    before any record of that file is written. The graph's schema (graphdb.schema.init)
    should exist: without its id indexes every lookup scans a whole label.

    `pipelined`: batches are written by a background thread while this one parses the
    next (the engine and the parser then run at the same time); False writes each
    batch before reading on."""
    parse = parser_for(source)
    # A parsed OpenAlex work is hundreds of small lists and dicts (the abstract's inverted
    # index), so the default thresholds run the cycle collector thousands of times a load
    # (a fifth of the loader's CPU); almost nothing here is cyclic garbage. Restored after.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], GC_THRESHOLD), *thresholds[1:])
    # The writer thread gives up the GIL at every socket call and then waits for the
    # parsing thread to hand it back, by default after 5 ms: with dozens of such waits a
    # batch, the engine sat idle between queries. A short interval hands it back sooner.
    switch = sys.getswitchinterval()
    if pipelined:
        sys.setswitchinterval(min(switch, SWITCH_INTERVAL))
    writer = GraphWriter(graph, batch_size=batch_size, pipelined=pipelined)
    summary = LoadSummary(rejects_path=rejects_path)
    rejects = _Rejects(rejects_path)
    started = time.perf_counter()
    bar = tqdm(desc=f"loading {source}", unit=" rec", disable=not progress, mininterval=0.5,
               dynamic_ncols=True)
    try:
        for path in paths:
            summary.files += 1
            for item in parse(path):
                bar.update(1)
                if item.rejected is not None:
                    summary.rejected += 1
                    rejects.write(item.rejected)
                    if on_reject:
                        on_reject(item.rejected)
                    continue
                assert item.record is not None
                summary.records += 1
                summary.kinds[type(item.record).__name__.removesuffix("Record").lower() + "s"] += 1
                writer.add(item.record)
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
