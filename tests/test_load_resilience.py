"""A load killed with SIGKILL half way and run again ends in exactly the graph a
clean load gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from graphdb import open_graph
from scholargraph.synthetic import write_jsonl
from tests.graphdump import dump


def load_cmd(url: str, path: Path, tmp_path: Path) -> list[str]:
    return [sys.executable, "-m", "scholargraph", "load", "openalex", str(path), "--db", url,
            "--batch-size", "250", "--no-progress", "--rejects", str(tmp_path / "rejects.jsonl")]


def test_kill_9_then_rerun_equals_clean_load(falkordb_server: str, tmp_path: Path) -> None:
    data = tmp_path / "works.jsonl.gz"
    write_jsonl(data, 3000, seed=7)
    clean_url, crash_url = (f"{falkordb_server}/{name}_{uuid.uuid4().hex[:8]}" for name in ("clean", "crash"))

    subprocess.run(load_cmd(clean_url, data, tmp_path), check=True, capture_output=True, timeout=600)

    crashed = open_graph(crash_url)
    proc = subprocess.Popen(load_cmd(crash_url, data, tmp_path), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if crashed.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n").value() >= 500:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = crashed.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN count(w) AS n").value()
    assert 500 <= partial < 3000, "the kill must land mid-load"

    subprocess.run(load_cmd(crash_url, data, tmp_path), check=True, capture_output=True, timeout=600)
    clean = open_graph(clean_url)
    assert dump(crashed) == dump(clean)
