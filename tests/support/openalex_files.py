"""OpenAlex files as the parser's tests read them: works written by the project's own
generator (scholargraph/synthetic/: an API results page and snapshot JSON lines, gzip, written
once per session) and, where present, the real samples in ../shared/data/openalex; their raw
JSON read with the json module (not the parser), and the parser's records with no reject."""

from __future__ import annotations

import atexit
import gzip
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from loaders.openalex import parse_openalex
from loaders.records import TopicRecord
from tests.support.engines import SHARED_DATA

DATA = SHARED_DATA
OA = DATA / "openalex"

needs_data = pytest.mark.skipif(not OA.is_dir(), reason="real sample data not found at ../shared/data")

# Project-written works: an API results page and snapshot JSON lines (gzip), generated once
# per session; the real samples' works pages join them when ../shared/data is there.
GENERATED = ["synthetic-page.json", "synthetic-lines.jsonl.gz"]
REAL_WORK_FILES = sorted(p.name for p in OA.glob("*works*.json")) if OA.is_dir() else []
WORK_FILES = GENERATED + REAL_WORK_FILES
_generated_dir: Path | None = None


def page_and(real: str) -> list[str]:
    """The generated results page, and the real sample `real` when the data is there."""
    return [GENERATED[0]] + ([real] if OA.is_dir() else [])


def path_of(name: str) -> Path:
    """Where a work file is: a real sample, or a generated one (written on first use)."""
    global _generated_dir
    if name not in GENERATED:
        return OA / name
    if _generated_dir is None:
        from scholargraph.synthetic import generate_works

        _generated_dir = Path(tempfile.mkdtemp(prefix="sg-openalex-"))
        atexit.register(shutil.rmtree, _generated_dir, True)
        works = list(generate_works(60, seed=11))
        page = {"meta": {"count": len(works)}, "results": works}
        (_generated_dir / GENERATED[0]).write_text(json.dumps(page, indent=2), encoding="utf-8")
        lines = "".join(json.dumps(w) + "\n" for w in generate_works(40, seed=12))
        (_generated_dir / GENERATED[1]).write_bytes(gzip.compress(lines.encode()))
    return _generated_dir / name


def raw_results(name: str) -> list[dict[str, Any]]:
    path = path_of(name)
    if path.name.endswith(".jsonl.gz"):
        return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines() if line]
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("results", [data])


def records(path: Path | str) -> list[Any]:
    out = list(parse_openalex(path))
    rejected = [p.rejected for p in out if p.rejected]
    assert rejected == [], rejected
    return [p.record for p in out]


def chain(topic: TopicRecord | None) -> list[tuple[str, str, str]]:
    """A topic and its parents up to the domain, as (level, id, name)."""
    out = []
    while topic is not None:
        out.append((topic.level, topic.id, topic.name))
        topic = topic.parent
    return out
