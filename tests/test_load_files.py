"""A load of many files: every good file loads, each bad one is reported and fails the
command, with a summary per file (issue 15). Inputs are written by the tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from graphdb import Graph
from loaders.pipeline import FileOutcome, load
from tests.support.cli import sg


def oa_lines(path: Path, first: int, n: int) -> Path:
    rows = [{"id": f"https://openalex.org/W{k}", "title": f"Work {k}"} for k in range(first, first + n)]
    path.write_bytes(gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in rows)))
    return path


def kaggle_lines(path: Path, ids: list[str]) -> Path:
    rows = [{"id": i, "title": f"Paper {i}", "authors": "A. B", "categories": "cs.LG",
             "versions": [], "update_date": "2007-05-23"} for i in ids]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def bad_files(tmp_path: Path) -> dict[str, Path]:
    atom = tmp_path / "feed.xml"
    atom.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>\n')
    broken = tmp_path / "broken.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"\xff" * 40)  # damaged from byte 10
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    return {"atom": atom, "broken": broken, "empty": empty}


def works_in(graph: Graph) -> int:
    return graph.read("MATCH (w:Work) RETURN count(w) AS n").value()


def test_bad_files_fail_alone_and_the_good_ones_load(graph: Graph, tmp_path: Path) -> None:
    good1 = oa_lines(tmp_path / "part_000.gz", 1, 30)
    good2 = oa_lines(tmp_path / "part_001.gz", 31, 20)
    bad = bad_files(tmp_path)
    paths = [good1, bad["atom"], bad["broken"], good2, bad["empty"]]
    reported: list[FileOutcome] = []

    summary = load(graph, paths, "openalex", rejects_path=tmp_path / "rejects.jsonl", progress=False,
                   on_file_error=reported.append)

    assert works_in(graph) == 50
    assert (summary.files, summary.records, summary.rejected) == (5, 50, 1)
    assert [(f.path, f.records, f.rejected) for f in summary.per_file] == [
        (good1, 30, 0), (bad["atom"], 0, 0), (bad["broken"], 0, 1), (good2, 20, 0), (bad["empty"], 0, 0),
    ]
    assert [f.path for f in reported] == [f.path for f in summary.failed_files] == [
        bad["atom"], bad["broken"], bad["empty"],
    ]
    assert [f.error for f in reported] == [
        f"{bad['atom']} is not OpenAlex JSON: expected JSON lines or an API response, found '<'",
        f"{bad['broken']}: no records (1 rejected)",
        f"{bad['empty']}: no records (an empty file)",
    ]
    assert summary.lines()[3:] == [
        "3 of 5 files failed",
        f"ok {good1}: 30 records, 0 rejected",
        f"failed: {reported[0].error}",
        f"failed: {reported[1].error}",
        f"ok {good2}: 20 records, 0 rejected",
        f"failed: {reported[2].error}",
    ]


def test_arxiv_empty_and_reject_only_files_fail(graph: Graph, tmp_path: Path) -> None:
    good = kaggle_lines(tmp_path / "good.jsonl", ["0704.0001", "0704.0002"])
    only_rejects = kaggle_lines(tmp_path / "bad_ids.jsonl", ["not-an-id", "nor-this"])
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")

    summary = load(graph, [good, only_rejects, empty], "arxiv", rejects_path=tmp_path / "r.jsonl",
                   progress=False)

    assert works_in(graph) == 2
    assert [f.error for f in summary.per_file] == [
        None,
        f"{only_rejects}: no records (2 rejected)",
        f"{empty}: not an arXiv metadata file (expected Kaggle arXiv JSON lines, OAI-PMH arXiv/arXivRaw "
        "XML or arXiv API Atom XML); found an empty file",
    ]


def test_cli_reports_each_bad_file_on_one_line_and_exits_1(graph: Graph, tmp_path: Path) -> None:
    good1 = oa_lines(tmp_path / "part_000.gz", 1, 30)
    good2 = oa_lines(tmp_path / "part_001.gz", 31, 20)
    bad = bad_files(tmp_path)

    run = sg("load", "openalex", str(good1), str(bad["atom"]), str(bad["broken"]), str(good2),
             str(bad["empty"]), "--no-progress", "--rejects", str(tmp_path / "rejects.jsonl"), "--db", graph.url)

    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "Aborted" not in run.stderr
    failed = [line for line in run.stderr.splitlines() if line.startswith("failed: ")]
    assert [line.split(" ", 2)[1] for line in failed] == [
        str(bad["atom"]), f"{bad['broken']}:", f"{bad['empty']}:",
    ]
    out = run.stdout.splitlines()
    assert "read 50 records from 5 files (50 works)" in out[0]
    assert out[3:] == [
        "3 of 5 files failed",
        f"ok {good1}: 30 records, 0 rejected",
        failed[0], failed[1],
        f"ok {good2}: 20 records, 0 rejected",
        failed[2],
    ]
    assert works_in(graph) == 50
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [(r["file"], r["line"]) for r in rejects] == [(str(bad["broken"]), 1)]
