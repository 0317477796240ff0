"""A load killed with SIGKILL half way and run again ends in exactly the graph a
clean load gives, on each engine (the load runs as `scholargraph load --db URL`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from graphdb import Graph
from scholargraph.synthetic import write_jsonl
from tests.support.engines import empty_beside
from tests.support.graphdump import dump


def load_cmd(url: str, path: Path, tmp_path: Path) -> list[str]:
    return [sys.executable, "-m", "scholargraph", "load", "openalex", str(path), "--db", url,
            "--batch-size", "250", "--no-progress", "--rejects", str(tmp_path / "rejects.jsonl")]


def db_init(url: str) -> None:
    """`scholargraph db init`, as before any load (the id indexes the loader looks up by)."""
    subprocess.run([sys.executable, "-m", "scholargraph", "db", "init", "--db", url], check=True,
                   capture_output=True, timeout=300)


def test_kill_9_then_rerun_equals_clean_load(graph: Graph, tmp_path: Path) -> None:
    data = tmp_path / "works.jsonl.gz"
    write_jsonl(data, 3000, seed=7)

    db_init(graph.url)
    subprocess.run(load_cmd(graph.url, data, tmp_path), check=True, capture_output=True, timeout=600)
    clean = dump(graph)
    assert len([n for n in clean[0] if '"Work"' in n]) >= 3000

    with empty_beside(graph, "crash") as crashed:
        db_init(crashed.url)
        proc = subprocess.Popen(load_cmd(crashed.url, data, tmp_path), stdout=subprocess.DEVNULL,
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

        subprocess.run(load_cmd(crashed.url, data, tmp_path), check=True, capture_output=True, timeout=600)
        assert dump(crashed) == clean
