"""One work, one node; one person, one node; never two people in one."""

from __future__ import annotations

import json
from pathlib import Path

from graphdb import Graph
from loaders.pipeline import load
from tests.support.source_records import kaggle_line, load_quiet, write


def test_openalex_and_arxiv_copies_of_a_paper_are_one_work(graph: Graph, shared_data: Path, tmp_path: Path) -> None:
    # W2741809807 ("The state of OA") with an arXiv record written for the same DOI.
    record = json.loads((shared_data / "openalex" / "work_W2741809807.json").read_text())
    doi = record["doi"].removeprefix("https://doi.org/")
    names = [a["author"]["display_name"] for a in record["authorships"]]
    parsed = [[n.split()[-1], " ".join(n.split()[:-1])] for n in names]
    arxiv = write(tmp_path, "arxiv.jsonl", [kaggle_line("1708.00001", record["title"], parsed, doi=doi,
                                                        categories="cs.DL")])
    load_quiet(graph, [shared_data / "openalex" / "work_W2741809807.json"], "openalex", tmp_path)
    load_quiet(graph, [arxiv], "arxiv", tmp_path)

    rows = graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN w.id AS id, w.arxiv_id AS arxiv, "
                      "w.doi AS doi, w.sources AS sources, w.categories AS cats").rows
    assert rows == [{"id": "W2741809807", "arxiv": "1708.00001", "doi": doi,
                     "sources": ["openalex", "arxiv"], "cats": ["cs.DL"]}]
    # The arXiv authors are the OpenAlex authors of the same paper, not new people.
    authors = graph.read("MATCH (a:Author)-[:AUTHORED]->(:Work {id: 'W2741809807'}) RETURN a.id AS id").rows
    assert sorted(r["id"] for r in authors) == sorted(a["author"]["id"].rsplit("/", 1)[-1]
                                                      for a in record["authorships"])
    topics = graph.read("MATCH (:Work {id: 'W2741809807'})-[:HAS_TOPIC]->(t:Topic {scheme: 'arxiv'}) "
                        "RETURN t.name AS name").rows
    assert topics == [{"name": "Digital Libraries"}]


def test_arxiv_first_then_openalex_by_arxiv_doi(graph: Graph, tmp_path: Path) -> None:
    arxiv = write(tmp_path, "a.jsonl", [kaggle_line("2205.01833", "OpenAlex: an index", [["Priem", "Jason"]])])
    oa = {"id": "https://openalex.org/W4229010617", "doi": "https://doi.org/10.48550/arxiv.2205.01833",
          "title": "OpenAlex: an index", "publication_year": 2022, "authorships": [
              {"author_position": "first", "author": {"id": "https://openalex.org/A5023888391",
                                                      "display_name": "Jason Priem"}, "institutions": []}],
          "referenced_works": []}
    openalex = write(tmp_path, "o.jsonl", [json.dumps(oa)])
    load_quiet(graph, [arxiv], "arxiv", tmp_path)
    load_quiet(graph, [openalex], "openalex", tmp_path)
    rows = graph.read("MATCH (w:Work) RETURN w.id AS id, w.openalex_id AS oa, w.arxiv_id AS ax").rows
    assert rows == [{"id": "arxiv:2205.01833", "oa": "W4229010617", "ax": "2205.01833"}]


def test_homonyms_stay_apart_and_shared_coauthors_join(graph: Graph, tmp_path: Path) -> None:
    lines = [
        # A physicist Wei Zhang with coauthor Li Chen ...
        kaggle_line("0704.0001", "Tetraquark spectroscopy", [["Zhang", "Wei"], ["Chen", "Li"]], categories="hep-ph"),
        # ... an LLM researcher Wei Zhang with a different coauthor ...
        kaggle_line("2301.00001", "Optimising large language models", [["Zhang", "Wei"], ["Kumar", "Asha"]],
                    categories="cs.CL"),
        # ... and the physicist again, known by the shared coauthor Li Chen.
        kaggle_line("0704.0002", "Exotic hadrons", [["Chen", "Li"], ["Zhang", "Wei"], ["Rossi", "Marco"]],
                    categories="hep-ph"),
    ]
    load_quiet(graph, [write(tmp_path, "h.jsonl", lines)], "arxiv", tmp_path)
    rows = graph.read(
        "MATCH (a:Author {name_key: 'wei zhang'})-[:AUTHORED]->(w:Work) "
        "RETURN a.id AS author, collect(w.arxiv_id) AS works ORDER BY size(works) DESC"
    ).rows
    assert [sorted(r["works"]) for r in rows] == [["0704.0001", "0704.0002"], ["2301.00001"]]
    assert graph.read("MATCH (a:Author {name_key: 'li chen'}) RETURN count(a) AS n").value() == 1


def test_bad_lines_are_reported_and_the_rest_loads(graph: Graph, tmp_path: Path) -> None:
    good = [kaggle_line(f"0704.000{i}", f"Paper {i}", [["Doe", "Jane"]]) for i in range(1, 6)]
    lines = [good[0], "{not json", good[1], json.dumps({"title": "no id"}), good[2],
             good[3].replace('"versions": [', '"versions": "oops", "x": ['), good[4]]
    summary = load(graph, [write(tmp_path, "bad.jsonl", lines)], "arxiv",
                   rejects_path=tmp_path / "rejects.jsonl", progress=False)
    assert summary.records == 4
    assert summary.rejected == 3
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["file"].endswith("bad.jsonl")) for r in rejects] == [(2, True), (4, True), (6, True)]
    assert rejects[1]["reason"] == "missing id"
    got = graph.read("MATCH (w:Work) RETURN w.arxiv_id AS id ORDER BY id").rows
    assert [r["id"] for r in got] == ["0704.0001", "0704.0002", "0704.0003", "0704.0005"]
