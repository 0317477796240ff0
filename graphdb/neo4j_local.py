"""A local Neo4j for one machine: Neo4j's own test harness (a real Neo4j in one JVM), started
by the launcher in graphdb/neo4j-local/ with Bolt and Neo4j Browser on loopback.

Maven resolves the harness on first use (into ~/.m2) and compiles the launcher into the user
cache, one folder per Neo4j version; later starts reuse both and need no network. The server
runs detached; `neo4j.json` in the data directory records its pid and ports, so one data
directory has at most one server, and a stale record (the server was killed) is replaced.
Authentication is off: both connectors listen on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

HOST = "127.0.0.1"
STATE_FILE = "neo4j.json"
LOG_FILE = "neo4j-local.log"
DEFAULT_PORT = 7687
DEFAULT_VERSION = "5.26.18"  # the LTS; runs on Java 17
LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j-local"
JVM_ROOT = Path("/usr/lib/jvm")  # where Debian and the Temurin packages install JDKs
MAIN_CLASS = "org.scholargraph.Neo4jLocal"
_READY = re.compile(r"^neo4j-local: ready (\S+) (\S+)$", re.M)

Progress = Callable[[str], None]


class LauncherError(Exception):
    """One line saying why the local Neo4j cannot be started, stopped or reached."""


@dataclass(frozen=True, slots=True)
class Neo4jStatus:
    running: bool
    port: int
    data_dir: Path
    pid: int | None
    detail: str
    bolt_url: str | None = None
    browser_url: str | None = None


@dataclass(frozen=True, slots=True)
class _State:
    pid: int
    port: int
    http_port: int
    version: str

    @property
    def bolt_url(self) -> str:
        return f"bolt://{HOST}:{self.port}"

    @property
    def browser_url(self) -> str:
        # Authentication is off: Browser then connects by itself, to the Bolt address the
        # server's discovery document advertises (the real port).
        return f"http://{HOST}:{self.http_port}/browser/?preselectAuthMethod=NO_AUTH"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("scholargraph")) / "neo4j"


def required_java(version: str) -> int:
    """5.x runs on Java 17; calendar releases (2025.01 on) need Java 21 or newer."""
    return 17 if version.startswith("5.") else 21


def _java_major(java: Path) -> int | None:
    release = java.resolve().parents[1] / "release"
    with contextlib.suppress(OSError):
        match = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(), re.M)
        if match:
            return int(match.group(1))
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=30).stderr
        match = re.search(r'version "(\d+)', out)
        if match:
            return int(match.group(1))
    return None


def find_java(version: str) -> Path:
    """A JDK new enough for `version`: JAVA_HOME, then `java` on PATH, then JVM_ROOT/*."""
    need = required_java(version)
    candidates: list[Path] = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]) / "bin" / "java")
    if shutil.which("java"):
        candidates.append(Path(shutil.which("java") or ""))
    candidates += sorted(JVM_ROOT.glob("*/bin/java"))
    seen: list[str] = []
    for java in candidates:
        if not java.is_file():
            continue
        major = _java_major(java)
        if major is not None and major >= need:
            return java
        seen.append(f"{java} ({major or '?'})")
    found = f"; found {', '.join(seen)}" if seen else ""
    raise LauncherError(f"Neo4j {version} needs Java {need} or newer and none was found{found}: "
                        f"install a JDK (e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME")


def _build_dir(version: str) -> Path:
    return Path(platformdirs.user_cache_dir("scholargraph")) / "neo4j-local" / version


def classpath(version: str, java: Path, progress: Progress | None = None) -> str:
    """The launcher's classes and Neo4j's jars, built with Maven on first use of `version`."""
    build = _build_dir(version)
    cp_file, classes = build / "classpath.txt", build / "classes"
    source = next(LAUNCHER_DIR.glob("src/main/java/**/*.java"))
    pom = LAUNCHER_DIR / "pom.xml"
    compiled = classes / "org" / "scholargraph" / "Neo4jLocal.class"
    fresh = cp_file.is_file() and compiled.is_file() and all(
        compiled.stat().st_mtime >= p.stat().st_mtime for p in (source, pom))
    if not fresh:
        mvn = shutil.which("mvn")
        if not mvn:
            raise LauncherError("Maven (`mvn`) is not installed; it fetches Neo4j on first use: "
                                "install it (e.g. `apt-get install maven`)")
        if progress:
            progress(f"resolving Neo4j {version} with Maven (the first time downloads ~180 MB into ~/.m2) ...")
        env = {**os.environ, "JAVA_HOME": str(java.resolve().parents[1])}
        proc = subprocess.run(
            [mvn, "-B", "-q", "-f", str(pom), f"-Dneo4j.version={version}", f"-Dlauncher.build={build}",
             "compile", "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}"],
            capture_output=True, text=True, env=env,
        )
        if proc.returncode != 0:
            lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "ERROR" in ln] or ["(no output)"]
            raise LauncherError(f"Maven could not build the Neo4j {version} launcher: {lines[0].strip()}")
    return f"{classes}{os.pathsep}{cp_file.read_text().strip()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child that exited) is not a server.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
            return False
    return True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def _read_state(data_dir: Path) -> _State | None:
    try:
        raw = json.loads((data_dir / STATE_FILE).read_text())
        return _State(int(raw["pid"]), int(raw["port"]), int(raw["http_port"]), str(raw["version"]))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def _answers(state: _State) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with GraphDatabase.driver(state.bolt_url, auth=None, connection_timeout=2) as driver:
            driver.verify_connectivity()
        return True
    except (DriverError, Neo4jError, OSError):
        return False


def status(data_dir: Path, port: int | None = None) -> Neo4jStatus:
    data_dir = data_dir.resolve()
    state = _read_state(data_dir)
    want = port or (state.port if state else DEFAULT_PORT)
    if state is None:
        return Neo4jStatus(False, want, data_dir, None, "not running")
    if not _pid_alive(state.pid):
        return Neo4jStatus(False, want, data_dir, state.pid, f"stale state file (pid {state.pid} is gone)")
    if port is not None and port != state.port:
        return Neo4jStatus(False, want, data_dir, state.pid,
                           f"not on port {port}: this data directory's server (pid {state.pid}) "
                           f"runs on {HOST}:{state.port}")
    if _answers(state):
        return Neo4jStatus(True, state.port, data_dir, state.pid,
                           f"Neo4j {state.version} running (pid {state.pid}) at {state.bolt_url}, "
                           f"Neo4j Browser at {state.browser_url}", state.bolt_url, state.browser_url)
    return Neo4jStatus(False, state.port, data_dir, state.pid,
                       f"pid {state.pid} alive but not answering on {state.port} (starting or stopping)")


def start(data_dir: Path, port: int = DEFAULT_PORT, *, http_port: int | None = None,
          version: str = DEFAULT_VERSION, heap_mb: int = 2048, page_cache_mb: int = 2048,
          progress: Progress | None = None) -> Neo4jStatus:
    """Start Neo4j on loopback and return once it serves Bolt; a no-op if this data
    directory's server already runs on `port`."""
    data_dir = data_dir.resolve()
    http_port = http_port or port + 1
    state = _read_state(data_dir)
    if state is not None and _pid_alive(state.pid):
        if state.port != port:
            raise LauncherError(
                f"data directory {data_dir} is in use by the Neo4j server pid {state.pid} on port "
                f"{state.port}: stop it first with `scholargraph db stop --engine neo4j "
                f"--data-dir {data_dir} --port {state.port}`")
        return _wait_ready(data_dir, state, None, progress)
    if state is not None and progress:
        progress(f"replacing the stale state file of pid {state.pid} (the server was killed)")
    for p in (port, http_port):
        if _port_open(p):
            raise LauncherError(f"port {p} on {HOST} is taken by another process: "
                                f"choose a free one with --port N{' (Browser uses N+1)' if p == http_port else ''}")
    java = find_java(version)
    cp = classpath(version, java, progress)
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / LOG_FILE
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [str(java), f"-Xms{heap_mb}m", f"-Xmx{heap_mb}m", "-XX:+UseG1GC", "-cp", cp, MAIN_CLASS,
             "--port", str(port), "--http-port", str(http_port), "--data-dir", str(data_dir),
             "--page-cache-mb", str(page_cache_mb)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    state = _State(proc.pid, port, http_port, version)
    # heap and page cache too, so that the restart after a bulk import (import_store) keeps them
    (data_dir / STATE_FILE).write_text(json.dumps(
        {"pid": proc.pid, "port": port, "http_port": http_port, "version": version,
         "heap_mb": heap_mb, "page_cache_mb": page_cache_mb}))
    if progress:
        progress(f"starting Neo4j {version} (pid {proc.pid}, log {log}) ...")
    return _wait_ready(data_dir, state, proc, progress, log_offset=log.stat().st_size)


def _wait_ready(data_dir: Path, state: _State, proc: subprocess.Popen[bytes] | None,
                progress: Progress | None, log_offset: int = 0) -> Neo4jStatus:
    """Wait while the server lives: a store that recovers after a crash takes as long as it
    takes, and a start that fails says why at once."""
    log = data_dir / LOG_FILE
    began = last_note = time.monotonic()
    while True:
        alive = proc.poll() is None if proc else _pid_alive(state.pid)
        if not alive:
            (data_dir / STATE_FILE).unlink(missing_ok=True)
            raise LauncherError(f"Neo4j exited while starting: {_last_error(log, log_offset)} (see {log})")
        ready = proc is None or _READY.search(_tail(log, log_offset))
        if ready and _answers(state):
            return status(data_dir, state.port)
        now = time.monotonic()
        if progress and now - last_note >= 10:
            progress(f"still starting ({now - began:.0f} s)")
            last_note = now
        time.sleep(0.2)


def _tail(log: Path, offset: int) -> str:
    with contextlib.suppress(OSError), log.open("rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")
    return ""


def _last_error(log: Path, offset: int) -> str:
    """The root cause: a Java stack trace's last "Caused by", else the last line (the JVM's own
    start-up errors end with the reason)."""
    lines = [ln.strip() for ln in _tail(log, offset).splitlines() if ln.strip()]
    causes = [ln.removeprefix("Caused by: ") for ln in lines if ln.startswith("Caused by")]
    return (causes[-1] if causes else lines[-1] if lines else "no output")[:300]


def stop(data_dir: Path, port: int | None = None, timeout: float = 120.0) -> Neo4jStatus:
    """Shut Neo4j down cleanly (SIGTERM: it checkpoints the store); a no-op when nothing runs."""
    data_dir = data_dir.resolve()
    state = _read_state(data_dir)
    if state is None:
        return status(data_dir, port)
    if port is not None and port != state.port and _pid_alive(state.pid):
        raise LauncherError(f"this data directory's Neo4j (pid {state.pid}) runs on port {state.port}, "
                            f"not {port}: stop it with --port {state.port}")
    if not _pid_alive(state.pid):
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        return status(data_dir, port)
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_alive(state.pid):
        if time.monotonic() > deadline:
            raise LauncherError(f"Neo4j (pid {state.pid}) did not stop within {timeout:.0f} s; "
                                f"see {data_dir / LOG_FILE}")
        time.sleep(0.1)
    (data_dir / STATE_FILE).unlink(missing_ok=True)
    return Neo4jStatus(False, state.port, data_dir, None, f"stopped (pid {state.pid}, port {state.port})")


# -- bulk import ---------------------------------------------------------------------------

DATABASE = "neo4j"  # the harness's default database: the one a bulk import replaces
IMPORT_DIR = "bulk-import"  # DATA/bulk-import: where the import tool builds the new store
ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # neo4j-admin's main class (neo4j-command-line)
# The module openings neo4j-admin's own launcher gives the JVM: on the Temurin 25 JDK that Neo4j
# 2026.09 runs on, the import's sorter fails without java.nio open ("java.nio.DirectByteBuffer
# is not available"); Java 17 accepts them too.
ADMIN_JVM_OPTIONS = ("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                     "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED")


def import_store(data_dir: Path, args: list[str], progress: Progress | None = None) -> Neo4jStatus:
    """`neo4j-admin database import full ARGS neo4j` into the database this data directory's
    server serves, and the server started again on it.

    1. Neo4j's own import tool (AdminTool, on the launcher's classpath: the harness brings
       neo4j-import-tool and neo4j-command-line) builds the new store in DATA/bulk-import while
       the server goes on serving the old one: the tool needs no server, only a data directory.
    2. The server is stopped cleanly, the new store's database and transaction-log folders take
       the place of the old ones (two renames on one filesystem), and the server starts again
       on the same ports, heap and page cache.
    A kill -9 during 1 leaves the served store as it was; the next import starts 1 afresh."""
    data_dir = data_dir.resolve()
    state = _read_state(data_dir)
    if state is None or not _pid_alive(state.pid):
        raise LauncherError(f"no local Neo4j runs on {data_dir}: start it with "
                            f"`scholargraph db start --engine neo4j --data-dir {data_dir}`")
    raw = json.loads((data_dir / STATE_FILE).read_text())
    side = data_dir / IMPORT_DIR
    shutil.rmtree(side, ignore_errors=True)  # what an interrupted import left
    (side / "conf").mkdir(parents=True)
    (side / "conf" / "neo4j.conf").write_text(f"server.directories.data={side / 'data'}\n")
    java = find_java(state.version)
    cp = classpath(state.version, java, progress)
    log = side / "import.log"
    if progress:
        progress(f"running neo4j-admin database import full (log {log}) ...")
    with log.open("wb") as out:
        proc = subprocess.run(
            [str(java), *ADMIN_JVM_OPTIONS, "-cp", cp, ADMIN_CLASS, "database", "import", "full", *args,
             f"--report-file={side / 'import.report'}", "--overwrite-destination=true", DATABASE],
            cwd=side, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "NEO4J_HOME": str(side), "NEO4J_CONF": str(side / "conf")},
            preexec_fn=_die_with_parent,
        )
    if proc.returncode != 0:
        raise LauncherError(f"the Neo4j import tool failed: {_import_error(log)} (see {log})")
    if progress:
        progress(f"stopping Neo4j (pid {state.pid}) to put the imported store in place ...")
    stop(data_dir)
    for sub in ("databases", "transactions"):
        served, built = data_dir / "data" / sub / DATABASE, side / "data" / sub / DATABASE
        if served.exists():
            served.rename(side / f"replaced-{sub}")
        served.parent.mkdir(parents=True, exist_ok=True)
        built.rename(served)
    shutil.rmtree(side)
    return start(data_dir, state.port, http_port=state.http_port, version=state.version,
                 heap_mb=int(raw.get("heap_mb", 2048)), page_cache_mb=int(raw.get("page_cache_mb", 2048)),
                 progress=progress)


def _die_with_parent() -> None:
    """In the import tool's process before it runs: a kill -9 of the loader takes the tool with
    it (Linux's parent-death signal), so no orphan goes on writing DATA/bulk-import while the
    next run builds it afresh."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


def _import_error(log: Path) -> str:
    """The import tool's reason: its error lines (picocli's usage errors, an input error) or the
    last line."""
    lines = [ln.strip() for ln in _tail(log, 0).splitlines() if ln.strip()]
    errors = [ln for ln in lines if "rror" in ln or ln.startswith("Caused by")]
    return (errors[-1] if errors else lines[-1] if lines else "no output")[:300]
