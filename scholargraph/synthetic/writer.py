"""Synthetic works as JSON lines on disk (gzip for ``*.gz``), like an OpenAlex snapshot part:
the same arguments give the same bytes."""

from __future__ import annotations

import gzip
import io
import queue
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from scholargraph.synthetic.record import Work
from scholargraph.synthetic.works import generate_works


class _BackgroundWriter:
    """Writes chunks to a (gzip) file from a thread: zlib and file I/O release the GIL, so
    compression overlaps generation. Chunks are written in order, so output is unchanged."""

    def __init__(self, out: io.BufferedIOBase) -> None:
        self.out = out
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="synthetic-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (chunk := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.out.write(chunk)
                except BaseException as exc:  # re-raised in the producer thread
                    self.error = exc

    def write(self, chunk: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(chunk)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _write_lines(out: io.BufferedIOBase, works: Iterator[Work], batch_size: int = 256) -> int:
    import orjson  # here, not at the top: generate_works also runs where only numpy is (a lent GPU)

    writer = _BackgroundWriter(out)
    count = 0
    batch: list[bytes] = []
    try:
        for work in works:
            batch.append(orjson.dumps(work))
            count += 1
            if len(batch) >= batch_size:
                writer.write(b"\n".join(batch) + b"\n")
                batch = []
        if batch:
            writer.write(b"\n".join(batch) + b"\n")
    finally:
        writer.close()
    return count


def write_jsonl(path: str | Path, n_works: int, seed: int = 0, progress: bool = False) -> int:
    """Write `generate_works(n_works, seed)` to `path` as JSON lines (gzip if it ends in .gz).
    Returns the number of records written. Same arguments, same bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    works: Iterator[Work] = generate_works(n_works, seed)
    if progress:
        from tqdm import tqdm

        works = iter(tqdm(works, total=n_works, unit="work", file=sys.stderr))
    with path.open("wb") as raw:
        if path.suffix != ".gz":
            return _write_lines(raw, works)
        # mtime=0 and no file name in the header: the same data gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=5) as gz:
            return _write_lines(gz, works)
