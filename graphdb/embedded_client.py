"""Talking to the embedded server over redis: is it up, loading or silent (with a progress
line), whose is the server on a port, and folding its append-only log into a new base."""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graphdb.embedded_datadir import HOST
from graphdb.embedded_process import _is_server

# A section of the server's INFO reply as redis-py parses it: numbers as int or float, the rest str.
Info = dict[str, int | float | str]

# How long a rewrite of the append-only file may take (it is a forked child writing an RDB).
REWRITE_TIMEOUT = 1800.0


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((HOST, port)) == 0


def _client(port: int, timeout: float = 1.0) -> redis.Redis:
    # No retries: redis-py's default retries a refused connection and a LOADING reply
    # (a ConnectionError to it) with back-off, which hides what the server is doing.
    return redis.Redis(host=HOST, port=port, socket_timeout=timeout, socket_connect_timeout=1,
                       retry=Retry(NoBackoff(), 0))


@dataclass(frozen=True, slots=True)
class _Probe:
    state: str  # "ready" | "loading" | "silent" (refused, timed out: not answering yet)
    pid: int | None = None  # the answering server's process id (when ready)
    loaded: int = 0  # bytes of the data files loaded so far
    line: str = ""  # a human progress line


def _probe(client: redis.Redis, retried: bool = False) -> _Probe:
    try:
        client.ping()
        return _Probe("ready", pid=int(client.info("server")["process_id"]))
    except redis.BusyLoadingError:  # "LOADING Redis is loading the dataset in memory"
        pass
    except (redis.ConnectionError, redis.TimeoutError):
        return _Probe("silent")
    try:
        info = client.info("persistence")
    except (redis.ConnectionError, redis.TimeoutError):
        return _Probe("loading", line="loading data")
    if not int(info.get("loading", 0)) and not retried:  # it has just finished
        return _probe(client, retried=True)
    return _Probe("loading", loaded=int(info.get("loading_loaded_bytes", 0)), line=_loading_line(info))


def _loading_line(info: Info) -> str:
    total = int(info.get("loading_total_bytes", 0))
    perc = float(info.get("loading_loaded_perc", 0.0))
    eta = int(info.get("loading_eta_seconds", 0))
    if not total:
        return "loading data"
    if perc >= 100:  # FalkorDB builds the graph's matrices and indexes after reading
        return f"loading data: {total / 1e6:.1f} MB read, building indexes"
    line = f"loading data: {perc:.0f}% of {total / 1e6:.1f} MB"
    if perc > 0 and 0 < eta < 86400:  # before any progress the estimate is meaningless
        line += f" (eta {eta} s)"
    return line


def _reading_line(name: str, done: int, size: int, seen: tuple[float, int] | None, now: float) -> str:
    """A progress line for the file being loaded; `seen`: when and where it was first seen."""
    what = "replaying logged writes" if name.endswith(".aof") else "loading data"
    if done >= size and not name.endswith(".aof"):  # FalkorDB builds its matrices and indexes last
        return f"{what}: {size / 1e6:.1f} MB read, building indexes"
    line = f"{what}: {100 * done / max(size, 1):.0f}% of {size / 1e6:.1f} MB"
    if seen is not None and now - seen[0] >= 2 and done > seen[1]:
        line += f" (eta {(size - done) / ((done - seen[1]) / (now - seen[0])):.0f} s)"
    return line


def _orphan(data_dir: Path, port: int) -> int | None:
    """The pid of the server answering on `port` when it is this data directory's although
    no pid or state file says so: its directory was deleted under it (or its pid file was).
    Found by its working directory (redis-server runs in --dir), from /proc."""
    if not _port_open(port):
        return None
    probe = _probe(_client(port))
    if probe.state != "ready" or probe.pid is None:
        return None
    try:
        cwd = os.readlink(f"/proc/{probe.pid}/cwd")
    except OSError:
        return None
    return probe.pid if cwd.removesuffix(" (deleted)") == str(data_dir) and _is_server(probe.pid) else None


def _orphan_note(data_dir: Path) -> str:
    if not data_dir.is_dir():
        return "but its data directory was deleted: what it holds is lost when it stops"
    return "but its pid file is missing"


def rewrite_aof(client: redis.Redis, timeout: float = REWRITE_TIMEOUT) -> bool:
    """Fold the server's append-only log into a new RDB base (BGREWRITEAOF) and wait until
    it is done. True when a rewrite completed; False when the server keeps no append-only
    file or the rewrite failed (the old files still hold everything).

    A rewrite already running may have started before the caller's last writes, so it is
    waited for and a fresh one is started after it."""
    info = client.info("persistence")
    if not int(info.get("aof_enabled", 0)):
        return False
    deadline = time.monotonic() + timeout
    info = _await_rewrite(client, deadline)
    before = int(info.get("aof_rewrites", 0))
    try:
        client.bgrewriteaof()  # "started", or "scheduled" after a running RDB save
    except redis.ResponseError as exc:
        if "already in progress" not in str(exc):  # one started since: it covers our writes
            raise
    info = _await_rewrite(client, deadline)
    return int(info.get("aof_rewrites", 0)) > before and info.get("aof_last_bgrewrite_status") == "ok"


def _await_rewrite(client: redis.Redis, deadline: float) -> Info:
    while True:
        info = client.info("persistence")
        if not int(info.get("aof_rewrite_in_progress", 0)) and not int(info.get("aof_rewrite_scheduled", 0)):
            return info
        if time.monotonic() > deadline:
            return info
        time.sleep(0.05)
