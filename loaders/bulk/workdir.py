"""Where a bulk load keeps its staging database: a temporary directory that a killed load
cannot leave behind for long. A load holds a lock on a file in its directory while it runs
(the kernel lets go of it when the process dies, kill -9 included); the next bulk load
removes every such directory whose lock nobody holds: at a million works the staging is
gigabytes, and a temporary directory is never cleaned by the load that died."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "scholargraph-bulk-"
LOCK = "in-use.lock"


@contextlib.contextmanager
def staging_dir(parent: Path | None, removed: list[str]) -> Iterator[Path]:
    """A new directory in `parent` (default: $TMPDIR), locked while the block runs and removed
    after it; first the directories interrupted loads left in `parent` are removed, and a line
    for each is appended to `removed`."""
    parent = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    removed.extend(_remove_abandoned(parent))
    with tempfile.TemporaryDirectory(prefix=PREFIX, dir=parent) as tmp, open(Path(tmp) / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield Path(tmp)


def _remove_abandoned(parent: Path) -> list[str]:
    lines = []
    for path in sorted(parent.glob(PREFIX + "*")):
        try:
            fd = os.open(path / LOCK, os.O_RDWR)  # no lock file: not one of these, or just being made
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a load that is running
        finally:
            os.close(fd)
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        shutil.rmtree(path, ignore_errors=True)
        lines.append(f"removed {path} ({size / 1e6:,.0f} MB), the staging an interrupted --bulk load left")
    return lines
