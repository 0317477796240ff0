"""The embedded server's process, seen from outside: whether a pid is a live redis-server,
which server owns a data directory, what it reads while it loads (from /proc), and stopping
one that does not answer (signals)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from graphdb.embedded_datadir import AOF_DIR, _read_pid, _read_state

# How long a server that `start` launched and then gave up on has to exit on SIGTERM before it
# is killed (it is still loading: its files are as they were, nothing is lost).
TERM_GRACE = 10.0


@dataclass(frozen=True, slots=True)
class _Owner:
    """The live server of a data directory: its pid, and its port when known."""

    pid: int
    port: int | None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_server(pid: int) -> bool:
    """Whether `pid` is a live redis-server (not a process that got a dead server's pid)."""
    if not _pid_alive(pid):
        return False
    try:
        comm, _, rest = Path(f"/proc/{pid}/stat").read_text().rpartition(")")
    except OSError:  # no /proc (macOS): trust the pid
        return True
    # A killed daemon stays a zombie until its parent (init) reaps it: that is dead too.
    return comm.partition("(")[2].startswith("redis-server") and rest.split()[0] != "Z"


def _cpu_ticks(pid: int) -> int | None:
    """User + system CPU time of `pid` in clock ticks (None without /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def _reading(pid: int) -> tuple[str, int, int] | None:
    """(file name, bytes read, size) of the data file in the append-only folder that the
    server has open while it loads: the RDB base, or an increment of logged writes it
    replays. From /proc; a replaying server answers nothing, and its own count lags."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if f"/{AOF_DIR}/" not in target or not target.endswith((".aof", ".rdb")):
                continue
            info = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/fdinfo/{fd}").read_text().splitlines()
                        if ":" in line)
            if int(info["flags"].strip(), 8) & os.O_ACCMODE != os.O_RDONLY:
                continue  # the increment a running server appends to
            return Path(target).name, int(info["pos"].strip()), os.stat(target).st_size
        except (OSError, ValueError, KeyError):
            continue
    return None


def _port_from_title(pid: int) -> int | None:
    """The port in redis-server's process title ("redis-server 127.0.0.1:6390")."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    found = re.search(r":(\d+)\b", title)
    return int(found.group(1)) if found else None


def _owner(data_dir: Path) -> _Owner | None:
    """The live server that owns the data directory, or None."""
    state = _read_state(data_dir)
    pid = _read_pid(data_dir) or (state[0] if state else None)
    if pid is None or not _is_server(pid):
        return None
    if state is not None and state[0] == pid:
        return _Owner(pid, state[1])
    return _Owner(pid, _port_from_title(pid))  # started before the state file existed


def recorded_port(data_dir: Path) -> int | None:
    """The port of the live server that owns `data_dir` (from its state file, else its
    process title), or None when none runs there. Reads files only: no connection, so
    every command can afford it to find the data directory's server wherever it was started."""
    owner = _owner(Path(data_dir).resolve())
    return owner.port if owner is not None else None


def _stale_pid(data_dir: Path) -> int | None:
    """The pid that the pid or state file names when no server runs as it."""
    state = _read_state(data_dir)
    pid = _read_pid(data_dir) or (state[0] if state else None)
    return pid if pid is not None and not _is_server(pid) else None


def _terminate(pid: int, grace: float = TERM_GRACE) -> str:
    """Stop a server that does not answer: SIGTERM (a loading redis shuts down at its next
    pause; the server config makes it skip any RDB save), then SIGKILL after `grace` seconds.
    SIGCONT in case it was stopped. How it ended: "stopped" or "killed (SIGKILL)"."""
    for sig in (signal.SIGTERM, signal.SIGCONT):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
    if _await_exit(pid, grace):
        return "stopped"
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _await_exit(pid, 10.0)
    return "killed (SIGKILL)"


def _await_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _is_server(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
