"""A Work stays true to its best record (issue 15): of two records of one work, the newer
OpenAlex snapshot (`updated_date`), and across sources the higher-ranked source
(loaders/precedence.py), sets its values and its AUTHORED / HAS_TOPIC properties, whatever the
order the records are read in (one file or two, one batch or several); the other record only
fills what is missing. A stale record under a merged OpenAlex id never overwrites the
survivor's values or edge properties. Inputs are written by the tests; both engines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph
from loaders.pipeline import load
from tests.support.engines import empty_beside
from tests.support.graphdump import dump
from tests.support.source_records import api_list, kaggle_line
from tests.support.source_records import item as crossref_item

OA = "https://openalex.org/"
HEADER = "merge_date,id,merge_into_id\n"  # an OpenAlex merged_ids file's


def snapshot(wid: str, updated: str, title: str, cited: int, position: str, score: float,
             **extra: Any) -> dict[str, Any]:
    """One OpenAlex record of `wid`; the two snapshots of a test differ in every value that
    both carry, and each carries one value the other lacks."""
    return {
        "id": f"{OA}{wid}", "title": title, "publication_year": 2020, "updated_date": updated,
        "cited_by_count": cited,
        "authorships": [{"author": {"id": f"{OA}A1", "display_name": "Ann One"}, "author_position": position,
                         "is_corresponding": position == "first", "institutions": []}],
        "topics": [{"id": f"{OA}T1", "display_name": "Topic one", "score": score}],
        **extra,
    }


NEW = snapshot("W1", "2025-02-01", "The new title", 9, "first", 0.9, language="en")
OLD = snapshot("W1", "2023-01-01", "The old title", 5, "last", 0.2, doi="https://doi.org/10.1234/w1")


def jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(graph: Graph, paths: list[Path], source: str, tmp_path: Path, batch_size: int = 2000) -> None:
    summary = load(graph, paths, source, rejects_path=tmp_path / "rejects.jsonl", progress=False,
                   batch_size=batch_size)
    assert summary.rejected == 0 and not summary.failed_files, summary.lines()


def work_view(graph: Graph, wid: str) -> dict[str, Any]:
    """The work's values and its edges' properties."""
    row = graph.read(
        "MATCH (w:Work {id: $id}) RETURN w.title AS title, w.cited_by_count AS cited, w.language AS language, "
        "w.doi AS doi, w.record_rank AS rank", {"id": wid}).rows[0]
    row["authored"] = graph.read(
        "MATCH (a:Author)-[e:AUTHORED]->(:Work {id: $id}) "
        "RETURN a.id AS a, e.position AS position, e.corresponding AS corresponding ORDER BY a", {"id": wid}).rows
    row["topics"] = graph.read(
        "MATCH (:Work {id: $id})-[h:HAS_TOPIC]->(t:Topic) RETURN t.id AS t, h.score AS score ORDER BY t",
        {"id": wid}).rows
    return row


BEST = {"title": "The new title", "cited": 9, "language": "en", "doi": "10.1234/w1", "rank": "5|2025-02-01",
        "authored": [{"a": "A1", "position": "first", "corresponding": True}],
        "topics": [{"t": "T1", "score": 0.9}]}


@pytest.mark.parametrize("layout", ["one batch", "two files"])
def test_the_newer_openalex_record_wins_in_either_order(graph: Graph, tmp_path: Path, layout: str) -> None:
    def files(order: list[dict[str, Any]], name: str) -> list[Path]:
        if layout == "one batch":
            return [jsonl(tmp_path / f"{name}.jsonl", order)]
        return [jsonl(tmp_path / f"{name}{i}.jsonl", [r]) for i, r in enumerate(order)]

    run(graph, files([OLD, NEW], "old_first"), "openalex", tmp_path)
    first, first_dump = work_view(graph, "W1"), dump(graph)
    with empty_beside(graph, "new_first") as other:
        run(other, files([NEW, OLD], "new_first"), "openalex", tmp_path)
        assert work_view(other, "W1") == first == BEST
        assert dump(other) == first_dump
        run(other, files([OLD], "old_again"), "openalex", tmp_path)  # a stale part read again
        assert dump(other) == first_dump


def test_across_sources_the_higher_ranked_source_sets_the_values(graph: Graph, tmp_path: Path) -> None:
    """arXiv and Crossref records of one DOI: Crossref's title and type, arXiv's categories
    (Crossref has none) and both sources listed, in either order."""
    doi = "10.1234/both"
    cr = tmp_path / "cr.json"
    cr.write_text(json.dumps(api_list([crossref_item(doi, title=["Published title"], author=[])])))
    arxiv = tmp_path / "arxiv.jsonl"
    arxiv.write_text(kaggle_line("2001.00001", "Preprint title", [["One", "Ann"]], doi=doi) + "\n")

    def view(g: Graph) -> list[dict[str, Any]]:
        return g.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN w.title AS title, w.type AS type, "
                      "w.categories AS cats, w.sources AS sources").rows

    run(graph, [arxiv], "arxiv", tmp_path)
    run(graph, [cr], "crossref", tmp_path)
    first = view(graph)
    with empty_beside(graph, "crossref_first") as other:
        run(other, [cr], "crossref", tmp_path)
        run(other, [arxiv], "arxiv", tmp_path)
        assert view(other) == first == [{"title": "Published title", "type": "article", "cats": ["cs.DL"],
                                         "sources": ["crossref", "arxiv"]}]


def merges(tmp_path: Path) -> Path:
    path = tmp_path / "merged_ids" / "works" / "2024-02-01.csv"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + "2024-02-01,W8,W7\n")
    return path


# W7 is the survivor; W8 its stale twin, merged into it, newer-dated but with other values.
SURVIVOR = snapshot("W7", "2024-01-01", "Survivor title", 3, "first", 0.8)
STALE = snapshot("W8", "2025-06-01", "Stale title", 40, "last", 0.1, language="fr")


@pytest.mark.parametrize("order", ["merges, survivor, stale", "merges, stale, survivor",
                                   "survivor, merges, stale", "stale, survivor, merges"])
def test_a_stale_record_under_a_merged_id_never_overwrites_the_survivor(graph: Graph, tmp_path: Path,
                                                                       order: str) -> None:
    parts = {"merges": merges(tmp_path), "survivor": jsonl(tmp_path / "survivor.jsonl", [SURVIVOR]),
             "stale": jsonl(tmp_path / "stale.jsonl", [STALE])}
    for name in order.split(", "):
        run(graph, [parts[name]], "openalex", tmp_path)
    assert graph.read("MATCH (w:Work) RETURN w.id AS id").rows == [{"id": "W7"}]
    view = work_view(graph, "W7")
    # The survivor's own values and edge properties; the stale record fills only the language.
    assert {k: view[k] for k in ("title", "cited", "language", "authored", "topics")} == {
        "title": "Survivor title", "cited": 3, "language": "fr",
        "authored": [{"a": "A1", "position": "first", "corresponding": True}],
        "topics": [{"t": "T1", "score": 0.8}]}
