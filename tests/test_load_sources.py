"""Crossref, Semantic Scholar and dblp into the graph, on both engines: exact counts, loading
twice changes nothing, and one paper from all sources is one Work (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graphdb import Graph
from loaders.pipeline import load
from tests.support.graphdump import counts, dump
from tests.support.source_records import HEAD, RECORDS, api_list, expected_source, kaggle_line, paper
from tests.support.source_records import item as crossref_item


def load_twice(graph: Graph, paths: list[Path], source: str, tmp_path: Path) -> dict[str, int]:
    """Load, check a second load leaves the same graph, return the counts."""
    summary = load(graph, paths, source, rejects_path=tmp_path / "rejects.jsonl", progress=False)
    assert summary.rejected == 0
    first = dump(graph)
    load(graph, paths, source, rejects_path=tmp_path / "rejects.jsonl", progress=False)
    assert dump(graph) == first
    return counts(graph)


def write_json(tmp_path: Path, name: str, obj: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(obj, indent=2))
    return path


def test_crossref(graph: Graph, tmp_path: Path) -> None:
    # a cites b (loaded too) and c (only cited); authors: Ada by ORCID on both works, Charles by
    # name on a only, the name-only consortium on both, joined because on both it has Ada as coauthor.
    a = crossref_item("10.1000/a", reference=[{"DOI": "10.1000/b"}, {"DOI": "10.1000/c"}])
    b = crossref_item("10.1000/b", reference=[], author=[a["author"][0], a["author"][2]])
    path = write_json(tmp_path, "cr.json", api_list([a, b]))
    got = load_twice(graph, [path], "crossref", tmp_path)
    assert got == {"Work": 3, "Source": 1, "Author": 3, "Institution": 2, "AUTHORED": 5, "CITES": 2,
                   "PUBLISHED_IN": 2, "AFFILIATED_WITH": 2, "COAUTHOR": 3}
    rows = graph.read("MATCH (w:Work) RETURN w.id AS id, w.stub AS stub, w.funders AS funders, "
                      "w.funder_dois AS fd, w.sources AS sources ORDER BY id").rows
    assert rows == [
        {"id": "doi:10.1000/a", "stub": None, "funders": ["Royal Society", "A foundation"],
         "fd": ["10.13039/501100000288"], "sources": ["crossref"]},
        {"id": "doi:10.1000/b", "stub": None, "funders": ["Royal Society", "A foundation"],
         "fd": ["10.13039/501100000288"], "sources": ["crossref"]},
        {"id": "doi:10.1000/c", "stub": True, "funders": None, "fd": None, "sources": None},
    ]
    assert graph.read("MATCH (a:Author {orcid: '0000-0002-1825-0097'}) RETURN a.id AS id").rows == [
        {"id": "orcid:0000-0002-1825-0097"}]
    # The cited stub's own record, arriving later, completes it rather than making a second node.
    c = write_json(tmp_path, "c.json", api_list([crossref_item("10.1000/c", reference=[])]))
    load(graph, [c], "crossref", rejects_path=tmp_path / "r2.jsonl", progress=False)
    assert graph.read("MATCH (w:Work {doi: '10.1000/c'}) RETURN w.id AS id, w.stub AS stub").rows == [
        {"id": "doi:10.1000/c", "stub": None}]


def test_semanticscholar(graph: Graph, tmp_path: Path) -> None:
    # p0 cites r1 (titled: a work) and r2 (untitled: a stub); c1 and c2 cite p0.
    obj = paper("p0", doi="10.1000/p0", references=[paper("r1", doi="10.1000/r1"), {"paperId": "r2"}],
                citations=[paper("c1", arxiv="2101.00001"), paper("c2", authors=[])])
    got = load_twice(graph, [write_json(tmp_path, "s2.json", obj)], "semanticscholar", tmp_path)
    # Authors: Ada and Charles are name-only; on p0, r1 and c1 each pair shares a coauthor with
    # the first pair met, so they join it: 2 people.
    assert got == {"Work": 5, "Source": 1, "Author": 2, "AUTHORED": 6, "CITES": 4, "PUBLISHED_IN": 4,
                   "COAUTHOR": 1}
    assert graph.read("MATCH (w:Work {stub: true}) RETURN w.id AS id").rows == [{"id": "s2:r2"}]
    cites = graph.read("MATCH (a:Work)-[:CITES]->(b:Work) RETURN a.id AS a, b.id AS b ORDER BY a, b").rows
    assert cites == [{"a": "s2:c1", "b": "s2:p0"}, {"a": "s2:c2", "b": "s2:p0"},
                     {"a": "s2:p0", "b": "s2:r1"}, {"a": "s2:p0", "b": "s2:r2"}]


def test_dblp(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "dblp.xml"
    path.write_bytes((HEAD + RECORDS.replace("20x1", "2001") + "</dblp>\n").encode("iso-8859-1"))
    got = load_twice(graph, [path], "dblp", tmp_path)
    # 5 works (proceedings and www skipped); venues: tocs, cvpr, corr (journals/x/Bad names no
    # journal, the thesis no venue); 5 author names, on different works: 5 nodes.
    assert got == {"Work": 5, "Source": 3, "Author": 5, "AUTHORED": 5, "PUBLISHED_IN": 3, "COAUTHOR": 1}
    assert graph.read("MATCH (a:Author) WHERE a.orcid IS NOT NULL RETURN a.display_name AS n").rows == [
        {"n": "Jörg Müller"}]


def test_real_crossref_samples(graph: Graph, shared_data: Path, tmp_path: Path) -> None:
    files = sorted((shared_data / "crossref").glob("*.json"))
    got = load_twice(graph, files, "crossref", tmp_path)
    items = [i for f in files for i in json.loads(f.read_text())["message"]["items"]]
    dois = {i["DOI"].lower() for i in items}
    cited = [{r["DOI"].lower() for r in i.get("reference", []) if "DOI" in r} - {i["DOI"].lower()} for i in items]
    assert got["Work"] == len(dois | set().union(*cited))
    assert got["CITES"] == sum(map(len, cited))
    assert got["Source"] == len({s for s in map(expected_source, items) if s})
    assert got["AUTHORED"] == sum(len(i.get("author", [])) for i in items)



def test_real_dblp_sample(graph: Graph, shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "dblp" / "dblp_sample_incollection.xml"
    got = load_twice(graph, [path], "dblp", tmp_path)
    text = path.read_bytes().decode("iso-8859-1")
    assert got["Work"] == text.count("<incollection ")
    assert got["AUTHORED"] == text.count("<author")
    assert got["Source"] == 1


def test_one_paper_from_four_sources_is_one_work(graph: Graph, shared_data: Path, tmp_path: Path) -> None:
    """W2741809807 from the OpenAlex sample; Crossref, Semantic Scholar and arXiv records written
    for its DOI, each saying something the others do not."""
    oa_path = shared_data / "openalex" / "work_W2741809807.json"
    oa = json.loads(oa_path.read_text())
    doi = oa["doi"].removeprefix("https://doi.org/")
    names = [a["author"]["display_name"] for a in oa["authorships"]]
    orcids = {a["author"]["display_name"]: a["author"]["orcid"] for a in oa["authorships"] if a["author"].get("orcid")}
    given = [n.split()[:-1] for n in names]
    crossref = crossref_item(doi.upper(), reference=[{"DOI": "10.1000/only-crossref-knows"}], author=[
        {"given": " ".join(g), "family": n.split()[-1], "sequence": "first" if k == 0 else "additional",
         **({"ORCID": orcids[n]} if n in orcids else {})} for k, (n, g) in enumerate(zip(names, given, strict=True))])
    s2 = paper("s2turing", doi=doi, arxiv="1708.00001", authors=[{"authorId": str(k), "name": n}
                                                                  for k, n in enumerate(names)])
    arxiv = tmp_path / "arxiv.jsonl"
    arxiv.write_text(kaggle_line("1708.00001", oa["title"], [[n.split()[-1], " ".join(n.split()[:-1])]
                                                              for n in names], doi=doi) + "\n")
    cr_path = write_json(tmp_path, "cr.json", api_list([crossref]))
    s2_path = write_json(tmp_path, "s2.json", s2)
    for source, paths in (("openalex", [oa_path]), ("arxiv", [arxiv]), ("crossref", [cr_path]),
                          ("semanticscholar", [s2_path])):
        summary = load(graph, paths, source, rejects_path=tmp_path / f"{source}.jsonl", progress=False)
        assert summary.rejected == 0, source

    rows = graph.read("MATCH (w:Work) WHERE w.title IS NOT NULL RETURN w.id AS id, w.doi AS doi, "
                      "w.arxiv_id AS arxiv, w.openalex_id AS oa, w.sources AS sources, w.categories AS cats, "
                      "w.funders AS funders").rows
    assert rows == [{"id": "W2741809807", "doi": doi, "arxiv": "1708.00001", "oa": "W2741809807",
                     "sources": ["openalex", "crossref", "semanticscholar", "arxiv"], "cats": ["cs.DL"],
                     "funders": ["Royal Society", "A foundation"]}]
    # The union of the citations: OpenAlex's referenced works and Crossref's DOI reference.
    cited = graph.read("MATCH (:Work {id: 'W2741809807'})-[:CITES]->(c) RETURN c.id AS id").rows
    assert sorted(r["id"] for r in cited) == sorted(
        [r.rsplit("/", 1)[-1] for r in oa["referenced_works"]] + ["doi:10.1000/only-crossref-knows"])
    # Every source's authors are OpenAlex's people: by ORCID or by a compatible name on this paper.
    authors = graph.read("MATCH (a:Author)-[:AUTHORED]->(:Work {id: 'W2741809807'}) RETURN a.id AS id").rows
    assert sorted(r["id"] for r in authors) == sorted(a["author"]["id"].rsplit("/", 1)[-1] for a in oa["authorships"])


def test_demo_tells_the_sources_apart(tmp_path: Path) -> None:
    from scholargraph.commands.demo import _source_of

    files = {
        "crossref": write_json(tmp_path, "cr.json", api_list([crossref_item("10.1000/a")])),
        "semanticscholar": write_json(tmp_path, "s2.json", paper("p")),
        "openalex": write_json(tmp_path, "oa.json", {"id": "https://openalex.org/W1", "title": "T"}),
        "arxiv": tmp_path / "arxiv.jsonl",
        "dblp": tmp_path / "dblp.xml",
    }
    files["arxiv"].write_text(kaggle_line("2101.00001", "T", [["B", "A"]]) + "\n")
    files["dblp"].write_bytes((HEAD + RECORDS + "</dblp>\n").encode("iso-8859-1"))
    assert {source: _source_of(path) for source, path in files.items()} == {s: s for s in files}
