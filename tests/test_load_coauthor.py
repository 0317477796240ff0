"""The batched writer's shortcuts leave exactly the graph a plain recompute describes:
COAUTHOR edges equal a recompute from AUTHORED and the works' years, whatever the batch
size, with or without the background writer, after a work's year changes, and after a
load that died half way through a batch and ran again; on each engine."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, schema
from loaders.pipeline import load
from loaders.writer import MAX_COAUTHORS_PER_WORK, GraphWriter
from scholargraph.synthetic import write_jsonl
from tests.support.engines import empty_beside
from tests.support.graphdump import dump

OA = "https://openalex.org/"


def work(wid: str, year: int | None, authors: list[str], refs: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    return {
        "id": OA + wid, "title": f"Work {wid}", "publication_year": year, "type": "article",
        "authorships": [{"author_position": "first" if i == 0 else "middle",
                         "author": {"id": OA + a, "display_name": f"Person {a}"}, "institutions": []}
                        for i, a in enumerate(authors)],
        "referenced_works": [OA + r for r in refs],
    }


def write(path: Path, works: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(w) + "\n" for w in works))
    return path


def run(graph: Graph, path: Path, tmp_path: Path, **kw: Any) -> None:
    """Load `path` as `scholargraph load` does, after `db init` (idempotent: creates only what
    is missing; without its id indexes every lookup scans a whole label)."""
    schema.init(graph, 384)
    summary = load(graph, [path], "openalex", rejects_path=tmp_path / "rejects.jsonl", progress=False, **kw)
    assert summary.rejected == 0


def recomputed(graph: Graph) -> dict[tuple[str, str], tuple[list[str], Any, Any]]:
    """COAUTHOR as a recompute from the graph: pairs of authors of each work with at most
    MAX_COAUTHORS_PER_WORK authors, their shared works, least and greatest year."""
    authors: dict[str, set[str]] = defaultdict(set)
    for r in graph.read("MATCH (a:Author)-[:AUTHORED]->(w:Work) RETURN a.id AS a, w.id AS w").rows:
        authors[r["w"]].add(r["a"])
    years = {r["w"]: r["y"] for r in graph.read("MATCH (w:Work) RETURN w.id AS w, w.year AS y").rows}
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for w, people in authors.items():
        if len(people) <= MAX_COAUTHORS_PER_WORK:
            for pair in combinations(sorted(people), 2):
                shared[pair].add(w)
    out = {}
    for pair, ws in shared.items():
        ys = [years[w] for w in ws if years[w] is not None]
        out[pair] = (sorted(ws), min(ys, default=None), max(ys, default=None))
    return out


def stored(graph: Graph) -> dict[tuple[str, str], tuple[list[str], Any, Any]]:
    rows = graph.read("MATCH (a:Author)-[c:COAUTHOR]->(b:Author) RETURN a.id AS a, b.id AS b, c.works AS n, "
                      "c.work_ids AS ids, c.first_year AS f, c.last_year AS l").rows
    out = {}
    for r in rows:
        assert r["a"] < r["b"], "stored from the smaller id to the larger"
        assert r["n"] == len(r["ids"]) == len(set(r["ids"]))
        out[(r["a"], r["b"])] = (sorted(r["ids"]), r["f"], r["l"])
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "works.jsonl.gz"
    write_jsonl(path, 400, seed=11)
    return path


def test_coauthor_equals_a_recompute_whatever_the_batches(graph: Graph, synthetic: Path, tmp_path: Path) -> None:
    dumps = []
    for i, kw in enumerate([{"batch_size": 1000}, {"batch_size": 37}, {"batch_size": 37, "pipelined": False}]):
        target = graph if i == 0 else empty_beside(graph, f"coauthor_{i}")
        run(target, synthetic, tmp_path, **kw)
        got = stored(target)
        assert got == recomputed(target)
        assert len(got) > 500
        dumps.append(dump(target))
        if target is not graph:
            target.close()
    assert dumps[0] == dumps[1] == dumps[2]


def test_one_record_per_batch_gives_the_same_graph(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "works.jsonl.gz"
    write_jsonl(path, 60, seed=5)
    run(graph, path, tmp_path, batch_size=1)
    assert stored(graph) == recomputed(graph)
    one = dump(graph)
    with empty_beside(graph, "one") as other:
        run(other, path, tmp_path, batch_size=2000)
        assert dump(other) == one


def test_a_changed_year_updates_every_edge_that_lists_the_work(graph: Graph, tmp_path: Path) -> None:
    first = write(tmp_path / "a.jsonl", [work("W1", 2021, ["A1", "A2", "A3"]), work("W2", 2019, ["A1", "A2"])])
    run(graph, first, tmp_path)
    assert stored(graph)[("A1", "A2")] == (["W1", "W2"], 2019, 2021)
    # W1 again, a year earlier and without A3: the pairs with A3 are not in this load,
    # and still move to the new year.
    second = write(tmp_path / "b.jsonl", [work("W1", 2018, ["A1", "A2"])])
    run(graph, second, tmp_path)
    got = stored(graph)
    assert got == recomputed(graph)
    assert got[("A1", "A2")] == (["W1", "W2"], 2018, 2019)
    assert got[("A1", "A3")] == (["W1"], 2018, 2018)
    before = dump(graph)
    run(graph, second, tmp_path)  # idempotent
    assert dump(graph) == before


def test_authors_another_record_gave_the_work_pair_up_too(graph: Graph, tmp_path: Path) -> None:
    run(graph, write(tmp_path / "a.jsonl", [work("W1", 2020, ["A1", "A2"])]), tmp_path)
    run(graph, write(tmp_path / "b.jsonl", [work("W1", 2020, ["A1", "A3"])]), tmp_path)
    got = stored(graph)
    assert got == recomputed(graph)
    assert sorted(got) == [("A1", "A2"), ("A1", "A3"), ("A2", "A3")]


def test_works_with_too_many_authors_count_for_no_pair(graph: Graph, tmp_path: Path) -> None:
    crowd = [f"A{i:03d}" for i in range(MAX_COAUTHORS_PER_WORK + 20)]
    path = write(tmp_path / "c.jsonl", [work("W1", 2020, crowd), work("W2", 2022, ["A000", "A001"])])
    run(graph, path, tmp_path)
    assert stored(graph) == {("A000", "A001"): (["W2"], 2022, 2022)} == recomputed(graph)


def test_a_batch_that_dies_half_way_and_runs_again_equals_a_clean_load(graph: Graph, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    base = [work("W1", 2021, ["A1", "A2", "A3"]), work("W2", 2019, ["A1", "A2"], ["W1", "W9"])]
    again = [work("W1", 2017, ["A1", "A2"], ["W2"]), work("W3", 2020, ["A2", "A3"], ["W1", "W2", "W8"])]
    a, b = write(tmp_path / "a.jsonl", base), write(tmp_path / "b.jsonl", again)
    run(graph, a, tmp_path)
    run(graph, b, tmp_path)
    clean = dump(graph)

    with empty_beside(graph, "crashed") as crashed:
        run(crashed, a, tmp_path)
        send = GraphWriter._send

        def dies_after_the_works(self: GraphWriter, name: str, params: dict[str, Any], **kw: Any) -> Any:
            if name == "load/link_authorships":
                raise RuntimeError("killed")
            return send(self, name, params, **kw)

        monkeypatch.setattr(GraphWriter, "_send", dies_after_the_works)
        with pytest.raises(RuntimeError, match="killed"):
            run(crashed, b, tmp_path)
        assert crashed.read("MATCH (w:Work {id: 'W1'}) RETURN w.year AS y").value() == 2017  # half written
        monkeypatch.setattr(GraphWriter, "_send", send)
        run(crashed, b, tmp_path)
        assert dump(crashed) == clean
        assert stored(crashed) == recomputed(crashed)


def test_background_writer_errors_reach_the_caller(graph: Graph, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: GraphWriter, name: str, params: dict[str, Any], **kw: Any) -> Any:
        raise RuntimeError(f"engine refused {name}")

    monkeypatch.setattr(GraphWriter, "_send", broken)
    path = write(tmp_path / "a.jsonl", [work(f"W{i}", 2020, ["A1"]) for i in range(10)])
    with pytest.raises(RuntimeError, match="engine refused"):
        run(graph, path, tmp_path, batch_size=3)
