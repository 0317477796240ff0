"""The embedded server's data directory: the files in it (pid, state, lock, log, the
append-only file's parts) and what they say, read and written without asking the server.
The address it listens on is here too, beside the files that record it."""

from __future__ import annotations

import contextlib
import fcntl
import json
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"
PID_FILE = "falkordb.pid"  # written (and removed on a clean exit) by redis-server itself
STATE_FILE = "falkordb.json"  # {"pid": N, "port": P}: the server that owns the data directory
LOCK_FILE = "falkordb.lock"  # held while one `start` checks the directory and launches
LOG_FILE = "falkordb.log"
AOF_DIR = "appendonlydir"
AOF_MANIFEST = "appendonly.aof.manifest"


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _read_state(data_dir: Path) -> tuple[int, int] | None:
    try:
        raw = json.loads((data_dir / STATE_FILE).read_text())
        return int(raw["pid"]), int(raw["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _forget(data_dir: Path, pid: int) -> None:
    """Remove the pid and state files of `pid`, which has exited."""
    if _read_pid(data_dir) == pid:
        (data_dir / PID_FILE).unlink(missing_ok=True)
    state = _read_state(data_dir)
    if state is None or state[0] == pid:
        (data_dir / STATE_FILE).unlink(missing_ok=True)


def _stop_hint(data_dir: Path, port: int) -> str:
    return f"`scholargraph db stop --data-dir {data_dir} --port {port}`"


def _tail(log: Path, offset: int = 0, lines: int = 8) -> str:
    try:
        with log.open("rb") as fh:
            fh.seek(offset)
            text = fh.read().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One `start` at a time per data directory (two racing ones would launch two servers)."""
    with (data_dir / LOCK_FILE).open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def aof_files(data_dir: Path) -> list[tuple[str, str]]:
    """(file name, type) of the append-only file's parts, from its manifest: type "b" is the
    base (an RDB snapshot when its name ends in .rdb), "i" the increments, "h" history."""
    try:
        text = (data_dir / AOF_DIR / AOF_MANIFEST).read_text()
    except FileNotFoundError:
        return []
    parts = []
    for line in text.splitlines():
        words = line.split()
        fields = dict(zip(words[::2], words[1::2], strict=False))
        if "file" in fields and "type" in fields:
            parts.append((fields["file"], fields["type"]))
    return parts


def _increment_bytes(data_dir: Path) -> int:
    """Bytes of logged write commands a start would replay."""
    total = 0
    for name, kind in aof_files(data_dir):
        if kind == "i":
            with contextlib.suppress(OSError):
                total += (data_dir / AOF_DIR / name).stat().st_size
    return total
