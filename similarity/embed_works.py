"""`scholargraph embed`: vectors for every work that has none or whose text changed.

Three stages overlap, joined by bounded queues: a thread reads works from the graph (keyset
pages) and keeps those to embed, the caller's thread embeds them a chunk at a time (the model
uses every core; ONNX Runtime and torch release the interpreter while they run), and a thread
stores each chunk's vectors. So reading and storing hide behind embedding instead of adding to
it, and memory holds a few chunks whatever the graph's size. Each chunk is stored whole in
queries of its own; an interrupted run leaves some chunks stored and the next run embeds only
the works whose vector is missing or stale (the content hash and model id say which).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from tqdm import tqdm

from graphdb import Graph, schema
from similarity.embedder import Embedder
from similarity.store import store_vectors
from similarity.texts import content_hash, work_text

log = logging.getLogger(__name__)
PAGE = 5000
QUEUED_CHUNKS = 2  # per queue: enough to keep the model busy, little memory


@dataclass
class EmbedSummary:
    model: str
    dimension: int
    works: int = 0
    embedded: int = 0
    reembedded: int = 0
    # seconds each stage was busy (read, embed, store, index), and the whole run's wall time
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(("read", "embed", "store", "index"), 0.0))
    wall: float = 0.0

    def stages(self) -> str:
        """The stage times as one line, the one that bounds the run first."""
        parts = sorted(self.seconds.items(), key=lambda kv: -kv[1])
        return ", ".join(f"{name} {s:.1f}s" for name, s in parts) + f" (wall {self.wall:.1f}s)"


@dataclass
class _Item:
    id: str
    text: str
    hash: str
    had_vector: bool


def pages(graph: Graph, name: str, page: int = PAGE) -> Iterator[list[dict[str, Any]]]:
    """Keyset pagination over a named query taking $after and $limit, in id order."""
    after = ""
    while True:
        rows = graph.query(name, {"after": after, "limit": page}).rows
        if not rows:
            return
        yield rows
        after = rows[-1]["id"]


class _Stop(Exception):
    """Another stage failed: this one ends quietly and the failure is raised by the caller."""


class _Pipe:
    """A bounded queue whose put and get give up when any stage has failed."""

    def __init__(self, failed: threading.Event) -> None:
        self._q: queue.Queue[Any] = queue.Queue(maxsize=QUEUED_CHUNKS)
        self._failed = failed

    def put(self, item: Any) -> None:
        while True:
            if self._failed.is_set():
                raise _Stop
            try:
                self._q.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def get(self) -> Any:
        """The next item; what is already queued is still handed out after a failure, so
        vectors embedded before an interruption are stored."""
        while True:
            try:
                return self._q.get(timeout=0.1)
            except queue.Empty:
                if self._failed.is_set():
                    raise _Stop from None


def embed_works(graph: Graph, embedder: Embedder, batch_size: int = 64, progress: bool = True,
                chunk_size: int | None = None) -> EmbedSummary:
    """Embed and store what needs it; `chunk_size` texts are embedded and stored at a time
    (by default max(8 x batch_size, 1,024): enough for length bucketing to pay)."""
    started = time.perf_counter()
    summary = EmbedSummary(embedder.model_id, embedder.dimension)
    meta = graph.query("similar/embedding_meta").rows
    if meta and meta[0]["model"] != embedder.model_id:
        log.warning("embedding model changed from %s to %s: re-embedding every work",
                    meta[0]["model"], embedder.model_id)
    schema.set_vector_dimension(graph, embedder.dimension)
    graph.execute("similar/set_embedding_meta", {"model": embedder.model_id, "dimension": embedder.dimension})

    total = graph.query("similar/count_works_to_embed").value(0) if progress else None  # for the bar only
    bar = tqdm(total=total, desc="embedding", unit=" works", disable=not progress, dynamic_ncols=True)
    chunk = chunk_size or max(batch_size * 8, 1024)
    failed = threading.Event()
    errors: list[BaseException] = []
    to_embed, to_store = _Pipe(failed), _Pipe(failed)

    def stage(name: str, body: Callable[[], None]) -> threading.Thread:
        def run() -> None:
            try:
                body()
            except _Stop:
                pass
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                errors.append(exc)
                failed.set()

        return threading.Thread(target=run, name=f"embed-{name}", daemon=True)

    def read() -> None:
        part: list[_Item] = []
        clock = time.perf_counter()
        for rows in pages(graph, "similar/works_to_embed"):
            skipped = 0
            for r in rows:
                summary.works += 1
                h = content_hash(r["title"], r["abstract"])
                if r["has_vector"] and r["hash"] == h and r["model"] == embedder.model_id:
                    skipped += 1
                    continue
                part.append(_Item(r["id"], work_text(r["title"], r["abstract"]), h, r["has_vector"]))
            bar.update(skipped)
            while len(part) >= chunk:
                summary.seconds["read"] += time.perf_counter() - clock
                to_embed.put(part[:chunk])
                clock = time.perf_counter()
                part = part[chunk:]
        summary.seconds["read"] += time.perf_counter() - clock
        if part:
            to_embed.put(part)
        to_embed.put(None)

    def store() -> None:
        while (got := to_store.get()) is not None:
            part, vectors = got
            clock = time.perf_counter()
            stale = [it.id for it in part if it.had_vector]
            if stale:  # removed first: FalkorDB's vector index can keep serving a replaced vector
                graph.execute("similar/clear_embeddings", {"ids": stale})
            store_vectors(graph, [it.id for it in part], [it.hash for it in part], vectors, embedder.model_id)
            summary.seconds["store"] += time.perf_counter() - clock
            summary.embedded += len(part)
            summary.reembedded += len(stale)
            bar.update(len(part))

    threads = [stage("read", read), stage("store", store)]
    for t in threads:
        t.start()
    try:
        while (part := to_embed.get()) is not None:
            clock = time.perf_counter()
            vectors = np.asarray(embedder.embed([it.text for it in part], batch_size=batch_size), dtype=np.float32)
            summary.seconds["embed"] += time.perf_counter() - clock
            to_store.put((part, vectors))
        to_store.put(None)
    except _Stop:
        pass
    except BaseException:
        failed.set()
        raise
    finally:
        for t in threads:
            t.join()
        bar.close()
    if errors:
        raise errors[0]
    clock = time.perf_counter()
    schema.await_online(graph)
    summary.seconds["index"] = time.perf_counter() - clock
    summary.wall = time.perf_counter() - started
    return summary
