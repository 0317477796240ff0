"""The local Neo4j launcher (graphdb/neo4j_local.py) through the real CLI: a clear line for each
thing that can stop it, and a server of its own that comes back whole after kill -9.

The failures are checked without a JVM where they can be (no Java, no Maven, a taken port);
the life-cycle test starts a real Neo4j of its own in a temporary data directory.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from graphdb import neo4j_local, open_graph
from tests.support.cli import scholargraph as sg
from tests.support.engines import free_bolt_port


def _needs_neo4j() -> None:
    try:
        neo4j_local.find_java(neo4j_local.DEFAULT_VERSION)
    except neo4j_local.LauncherError as exc:
        pytest.skip(f"no local Neo4j here: {exc}")


def test_no_java_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(neo4j_local, "JVM_ROOT", tmp_path / "jvm")
    with pytest.raises(neo4j_local.LauncherError) as exc:
        neo4j_local.find_java("5.26.18")
    assert str(exc.value) == (
        "Neo4j 5.26.18 needs Java 17 or newer and none was found: install a JDK "
        "(e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME"
    )


def test_a_calendar_release_needs_java_21(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jdk = tmp_path / "jvm" / "jdk-17" / "bin"
    jdk.mkdir(parents=True)
    (jdk / "java").write_text("#!/bin/sh\n")
    (jdk.parent / "release").write_text('JAVA_VERSION="17.0.15"\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(neo4j_local, "JVM_ROOT", tmp_path / "jvm")
    with pytest.raises(neo4j_local.LauncherError) as exc:
        neo4j_local.find_java("2026.09.0")
    assert str(exc.value).startswith(
        f"Neo4j 2026.09.0 needs Java 21 or newer and none was found; found {jdk / 'java'} (17): ")


def test_no_maven_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_neo4j()
    java = neo4j_local.find_java(neo4j_local.DEFAULT_VERSION)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing built yet
    with pytest.raises(neo4j_local.LauncherError) as exc:
        neo4j_local.classpath(neo4j_local.DEFAULT_VERSION, java)
    assert str(exc.value) == ("Maven (`mvn`) is not installed; it fetches Neo4j on first use: "
                              "install it (e.g. `apt-get install maven`)")


def test_a_taken_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = sg("db", "start", "--engine", "neo4j", "--data-dir", str(tmp_path), "--port", str(port))
    assert res.returncode == 1
    assert res.stderr == (f"Error: port {port} on 127.0.0.1 is taken by another process: "
                          f"choose a free one with --port N\n")


@pytest.mark.engine  # starts a Neo4j of its own
def test_a_failed_start_says_why(tmp_path: Path) -> None:
    _needs_neo4j()
    res = sg("db", "start", "--engine", "neo4j", "--data-dir", str(tmp_path), "--port", str(free_bolt_port()),
             "--heap-mb", "99999999")
    assert res.returncode == 1
    assert res.stderr.startswith("Error: Neo4j exited while starting: ")
    assert "Could not reserve enough space for 102400000000KB object heap" in res.stderr
    assert not (tmp_path / neo4j_local.STATE_FILE).exists()


def test_stop_and_status_when_nothing_runs(tmp_path: Path) -> None:
    assert sg("db", "status", "--engine", "neo4j", "--data-dir", str(tmp_path)).stdout == (
        f"local Neo4j: not running, data in {tmp_path.resolve()}\n")
    assert sg("db", "stop", "--engine", "neo4j", "--data-dir", str(tmp_path)).stdout == (
        f"Neo4j not running, data in {tmp_path.resolve()}\n")


@pytest.mark.engine  # starts a Neo4j of its own
def test_lifecycle_kill_9_restart_and_one_server_per_data_dir(tmp_path: Path) -> None:
    """start, write, kill -9, start again (the stale record is replaced and every committed
    write is back), a second server on the same data is refused, stop."""
    _needs_neo4j()
    port, other = free_bolt_port(), free_bolt_port()
    db = ["--engine", "neo4j", "--data-dir", str(tmp_path), "--port", str(port)]
    url = f"bolt://127.0.0.1:{port}"
    try:
        first = sg("db", "start", *db)
        assert first.returncode == 0, first.stderr
        assert f"use it with: --db {url}\n" in first.stdout
        load = sg("cypher", "--write", "--db", url,
                  "UNWIND range(1, 2000) AS i CREATE (:Work {id: 'W' + i, year: 2000 + i % 20})")
        assert load.returncode == 0, load.stderr

        pid = neo4j_local.status(tmp_path).pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        while neo4j_local._pid_alive(pid):
            time.sleep(0.05)

        again = sg("db", "start", *db)
        assert again.returncode == 0, again.stderr
        assert f"replacing the stale state file of pid {pid} (the server was killed)" in again.stdout
        with open_graph(url) as graph:
            assert graph.read("MATCH (w:Work) RETURN count(w) AS n, sum(w.year) AS years").rows == [
                {"n": 2000, "years": sum(2000 + i % 20 for i in range(1, 2001))}]

        clash = sg("db", "start", "--engine", "neo4j", "--data-dir", str(tmp_path), "--port", str(other))
        assert clash.returncode == 1
        new_pid = neo4j_local.status(tmp_path).pid
        assert clash.stderr == (
            f"Error: data directory {tmp_path.resolve()} is in use by the Neo4j server pid {new_pid} on port "
            f"{port}: stop it first with `scholargraph db stop --engine neo4j --data-dir {tmp_path.resolve()} "
            f"--port {port}`\n")
        status = sg("db", "status", *db)
        assert f"running (pid {new_pid}) at {url}, Neo4j Browser at http://127.0.0.1:{port + 1}/browser/" in (
            status.stdout)
    finally:
        stopped = sg("db", "stop", *db)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout == f"Neo4j stopped (pid {new_pid}, port {port}), data in {tmp_path.resolve()}\n"
    assert sg("db", "stop", *db).stdout == f"Neo4j not running, data in {tmp_path.resolve()}\n"
