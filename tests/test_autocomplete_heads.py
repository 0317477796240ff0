"""The typeahead's in-memory lists of the most weighty nodes (search/autocomplete.py), on each
engine: what they hold after a load, that a fresh list is kept, and that a stale one still answers
while it is rebuilt in the background, the rebuilt one holding what was loaded since."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, open_async_graph, schema
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl
from search import autocomplete
from tests.support.engines import ENGINES, empty_graph
from tests.support.openalex_ids import short


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list[dict[str, Any]]]]:
    """One generated file of 60 works, cut in two: the first 30 records and the last 30."""
    folder = tmp_path_factory.mktemp("heads")
    write_jsonl(folder / "all.jsonl.gz", 60, seed=5)
    with gzip.open(folder / "all.jsonl.gz", "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    out = []
    for n, part in enumerate((lines[:30], lines[30:])):
        path = folder / f"half{n}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.writelines(part)
        out.append((path, [json.loads(line) for line in part]))
    return out


@pytest.fixture(scope="module")
def graph(engine: str, request: pytest.FixtureRequest) -> Iterator[Graph]:
    g = empty_graph(engine, request, "heads")
    schema.init(g, 384)
    yield g
    g.close()


def ranked(records: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The works as the heads list should hold them: most cited first, ties by id."""
    return sorted(((short(w["id"]), w["cited_by_count"]) for w in records if w["title"]),
                  key=lambda r: (-r[1], r[0]))


def test_heads_hold_the_most_cited_and_are_rebuilt_when_stale(
        graph: Graph, halves: list[tuple[Path, list[dict[str, Any]]]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (first, first_records), (second, second_records) = halves
    load(graph, [first], "openalex", rejects_path=tmp_path / "r1.jsonl", progress=False)
    monkeypatch.setattr(autocomplete, "HEADS", 20)  # fewer than the 30 works: the list is cut

    async def run() -> None:
        agraph = open_async_graph(graph.url)
        try:
            heads = await autocomplete.heads(agraph, "WORK")
            assert [(e.id, e.weight) for e in heads.entries] == ranked(first_records)[:20]
            assert await autocomplete.heads(agraph, "WORK") is heads  # fresh: kept
            load(graph, [second], "openalex", rejects_path=tmp_path / "r2.jsonl", progress=False)
            monkeypatch.setattr(autocomplete, "HEADS_TTL_S", 0.0)
            assert await autocomplete.heads(agraph, "WORK") is heads  # stale: answers while rebuilt
            task = autocomplete._KEPT[agraph]["WORK"].task
            assert task is not None
            await task
            monkeypatch.setattr(autocomplete, "HEADS_TTL_S", 300.0)
            rebuilt = await autocomplete.heads(agraph, "WORK")
            assert [(e.id, e.weight) for e in rebuilt.entries] == ranked(first_records + second_records)[:20]
        finally:
            await agraph.close()

    asyncio.run(run())


def test_a_kind_held_whole_is_answered_from_memory_as_the_index_would(
        graph: Graph, halves: list[tuple[Path, list[dict[str, Any]]]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Topics (a few dozen here) fit the list whole: once it is built, a prefix is matched in
    memory, with no index read, and finds what the index finds (but stemmed forms, quality 0)."""
    (first, _), (second, _) = halves
    load(graph, [first, second], "openalex", rejects_path=tmp_path / "r.jsonl", progress=False)
    names = [r["name"] for r in graph.read("MATCH (t:Topic) RETURN t.name AS name ORDER BY t.id").rows]
    # a single letter too: the index takes it as a whole word, and so must the list
    texts = sorted({cut for name in names for cut in (name[:1], name[:3], name[:6], name.split(" ")[0])})
    asked: list[str] = []

    async def run() -> list[list[autocomplete.Suggestion]]:
        agraph = open_async_graph(graph.url)
        original = agraph.query

        async def query(name: str, params: dict[str, Any] | None = None) -> Any:
            asked.append(name)
            return await original(name, params)

        monkeypatch.setattr(agraph, "query", query)
        try:
            whole = await autocomplete.heads(agraph, "TOPIC")
            assert whole.whole and len(whole.entries) == len(names)
            asked.clear()
            return [await autocomplete.autocomplete(agraph, t, ["TOPIC"], 10) for t in texts]
        finally:
            await agraph.close()

    from_memory = asyncio.run(run())
    assert asked == []  # no index read, no other query
    monkeypatch.setattr(autocomplete, "HEADS", 1)  # now no kind fits: every prefix reads the index

    async def indexed() -> list[list[autocomplete.Suggestion]]:
        agraph = open_async_graph(graph.url)
        try:
            return [[s for s in await autocomplete.autocomplete(agraph, t, ["TOPIC"], 10) if s.quality > 0]
                    for t in texts]
        finally:
            await agraph.close()

    from_index = asyncio.run(indexed())
    # each text of two letters or more is cut from a topic's name; one letter finds a whole word only
    assert all(found for text, found in zip(texts, from_memory, strict=True) if len(text) > 1)
    assert from_memory == from_index
