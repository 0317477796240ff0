"""A name-only author is one node with the keyed author of the same paper whatever the load
order (issue 15): arXiv read before OpenAlex leaves "name:" authors that OpenAlex's record of
the same work then folds into its own (loaders/name_folds.py); arXiv read after joins them
directly (loaders/resolve.py). Both orders leave the same graph but for the work's graph id,
which is the first source's key (graph-model.md's identity rules). Inputs are written by the
tests; both engines, and the bulk path's refusal on FalkorDB."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph
from loaders.bulk.run import bulk_load
from loaders.bulk.staging import BulkUnsupported
from loaders.pipeline import load
from tests.support.engines import empty_beside
from tests.support.graphdump import counts, dump
from tests.support.source_records import api_list, kaggle_line
from tests.support.source_records import item as crossref_item

OA = "https://openalex.org/"
P1, P2 = "2205.01833", "2301.00002"  # arXiv ids: OpenAlex knows the first only
W1 = "W4229010617"


def oa_work(authors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": f"{OA}{W1}", "doi": f"https://doi.org/10.48550/arxiv.{P1}", "title": "OpenAlex: an index",
            "publication_year": 2022, "updated_date": "2024-01-01", "referenced_works": [],
            "authorships": [{"author_position": pos, "author": a, "institutions": []}
                            for pos, a in zip(("first", "last"), authors, strict=False)]}


PRIEM = {"id": f"{OA}A1", "display_name": "Jason Priem"}
PIWOWAR = {"id": f"{OA}A2", "display_name": "Heather Piwowar"}


def files(tmp_path: Path, arxiv_ids: list[str]) -> tuple[Path, Path]:
    arxiv = tmp_path / "arxiv.jsonl"
    arxiv.write_text("".join(kaggle_line(p, f"Paper {p}", [["Priem", "J."], ["Piwowar", "Heather"]]) + "\n"
                             for p in arxiv_ids))
    openalex = tmp_path / "openalex.jsonl"
    openalex.write_text(json.dumps(oa_work([PRIEM, PIWOWAR])) + "\n")
    return arxiv, openalex


def run(graph: Graph, path: Path, source: str, tmp_path: Path) -> None:
    summary = load(graph, [path], source, rejects_path=tmp_path / "rejects.jsonl", progress=False)
    assert summary.rejected == 0 and not summary.failed_files, summary.lines()


def renamed(graph_dump: tuple[list[str], list[str]], old: str, new: str) -> tuple[list[str], list[str]]:
    """The dump with one work's graph id replaced (the only value the load order decides)."""
    nodes, rels = graph_dump
    return (sorted(n.replace(json.dumps(old), json.dumps(new)) for n in nodes),
            sorted(r.replace(json.dumps(old), json.dumps(new)) for r in rels))


def authors_view(graph: Graph) -> dict[str, Any]:
    return {
        "authors": graph.read("MATCH (a:Author) RETURN a.id AS id, a.display_name AS name ORDER BY id").rows,
        "authored": graph.read("MATCH (a:Author)-[:AUTHORED]->(w:Work) RETURN a.id AS a, w.arxiv_id AS w "
                               "ORDER BY a, w").rows,
        "coauthor": graph.read("MATCH (a:Author)-[c:COAUTHOR]->(b:Author) RETURN a.id AS a, b.id AS b, "
                               "c.works AS works, c.first_year AS first, c.last_year AS last").rows,
    }


def test_arxiv_before_or_after_openalex_leaves_one_node_per_person(graph: Graph, tmp_path: Path) -> None:
    arxiv, openalex = files(tmp_path, [P1])
    run(graph, arxiv, "arxiv", tmp_path)
    names = graph.read("MATCH (a:Author) RETURN a.id AS id ORDER BY id").rows
    assert len(names) == 2 and all(r["id"].startswith("name:") for r in names)
    run(graph, openalex, "openalex", tmp_path)
    arxiv_first = authors_view(graph)
    expected = {"authors": [{"id": "A1", "name": "Jason Priem"}, {"id": "A2", "name": "Heather Piwowar"}],
                "authored": [{"a": "A1", "w": P1}, {"a": "A2", "w": P1}],
                # the year is OpenAlex's (2022), not the arXiv record's (2007): recomputed after the fold
                "coauthor": [{"a": "A1", "b": "A2", "works": 1, "first": 2022, "last": 2022}]}
    assert arxiv_first == expected
    # and arXiv's category (a Topic under its archive) and the arXiv Source
    assert counts(graph) == {"Work": 1, "Author": 2, "AUTHORED": 2, "COAUTHOR": 1, "Topic": 2, "HAS_TOPIC": 1,
                             "SUBTOPIC_OF": 1, "Source": 1, "PUBLISHED_IN": 1}
    first_dump = renamed(dump(graph), f"arxiv:{P1}", W1)
    with empty_beside(graph, "openalex_first") as other:
        run(other, openalex, "openalex", tmp_path)
        run(other, arxiv, "arxiv", tmp_path)
        assert authors_view(other) == expected
        assert dump(other) == first_dump
        run(other, arxiv, "arxiv", tmp_path)  # read again: nothing changes
        run(other, openalex, "openalex", tmp_path)
        assert dump(other) == first_dump


def test_a_name_only_author_on_two_papers_only_one_of_which_openalex_knows(graph: Graph, tmp_path: Path) -> None:
    """J. Priem and Heather Piwowar on two arXiv papers (the second joins the first's authors by
    the shared coauthor); OpenAlex knows the first: its authors take both papers."""
    arxiv, openalex = files(tmp_path, [P1, P2])
    run(graph, arxiv, "arxiv", tmp_path)
    run(graph, openalex, "openalex", tmp_path)
    expected = {"authors": [{"id": "A1", "name": "Jason Priem"}, {"id": "A2", "name": "Heather Piwowar"}],
                "authored": [{"a": "A1", "w": P1}, {"a": "A1", "w": P2}, {"a": "A2", "w": P1},
                             {"a": "A2", "w": P2}],
                "coauthor": [{"a": "A1", "b": "A2", "works": 2, "first": 2007, "last": 2022}]}
    assert authors_view(graph) == expected
    work_ids = graph.read("MATCH (:Author {id: 'A1'})-[c:COAUTHOR]-(:Author {id: 'A2'}) RETURN c.work_ids AS w").value()
    assert work_ids == [f"arxiv:{P1}", f"arxiv:{P2}"]
    first_dump = renamed(dump(graph), f"arxiv:{P1}", W1)
    with empty_beside(graph, "openalex_first_two") as other:
        run(other, openalex, "openalex", tmp_path)
        run(other, arxiv, "arxiv", tmp_path)
        assert authors_view(other) == expected
        assert dump(other) == first_dump


def test_a_follower_of_the_name_only_author_follows_the_survivor(graph: Graph, tmp_path: Path) -> None:
    """Users' FOLLOWS and CLAIMS of the name-only node move with it (load/merge_author_edges)."""
    arxiv, openalex = files(tmp_path, [P1])
    run(graph, arxiv, "arxiv", tmp_path)
    graph.write("MATCH (a:Author {name_key: $key}) CREATE (:User {id: 'u1'})-[:FOLLOWS {since: 5}]->(a), "
                "(:User {id: 'u2'})-[:CLAIMS {status: 'pending'}]->(a)", {"key": "heather piwowar"})
    run(graph, openalex, "openalex", tmp_path)
    rows = graph.read("MATCH (u:User)-[e]->(a:Author) RETURN u.id AS u, type(e) AS t, a.id AS a, "
                      "properties(e) AS props ORDER BY u").rows
    assert rows == [{"u": "u1", "t": "FOLLOWS", "a": "A2", "props": {"since": 5}},
                    {"u": "u2", "t": "CLAIMS", "a": "A2", "props": {"status": "pending"}}]
    assert graph.read("MATCH (a:Author) WHERE a.id STARTS WITH 'name:' RETURN count(a) AS n").value() == 0


def test_two_compatible_keyed_authors_fold_nothing(graph: Graph, tmp_path: Path) -> None:
    """J. Priem is compatible with Jason Priem and with Jane Priem, both on OpenAlex's record:
    never folded on the name alone (and read after, it would not have joined either)."""
    arxiv, _ = files(tmp_path, [P1])
    run(graph, arxiv, "arxiv", tmp_path)
    openalex = tmp_path / "two.jsonl"
    openalex.write_text(json.dumps(oa_work([PRIEM, {"id": f"{OA}A3", "display_name": "Jane Priem"}])) + "\n")
    run(graph, openalex, "openalex", tmp_path)
    ids = [r["id"] for r in graph.read("MATCH (a:Author)-[:AUTHORED]->(:Work) RETURN a.id AS id ORDER BY id").rows]
    assert ids[:2] == ["A1", "A3"] and len(ids) == 4 and all(i.startswith("name:") for i in ids[2:])


@pytest.mark.parametrize("name_first", [True, False])
def test_one_batch_holding_both_records_folds_too(graph: Graph, tmp_path: Path, name_first: bool) -> None:
    """Two OpenAlex records of one work in one file, the first without the author's id: one node."""
    unnamed = oa_work([{"display_name": "J. Priem"}, PIWOWAR])
    full = oa_work([PRIEM, PIWOWAR])
    path = tmp_path / "both.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ([unnamed, full] if name_first else [full, unnamed])))
    run(graph, path, "openalex", tmp_path)
    assert authors_view(graph)["authors"] == [{"id": "A1", "name": "Jason Priem"},
                                              {"id": "A2", "name": "Heather Piwowar"}]
    assert counts(graph) == {"Work": 1, "Author": 2, "AUTHORED": 2, "COAUTHOR": 1}


def test_bulk_refuses_a_fold_in_one_line(falkor_graph: Graph, tmp_path: Path) -> None:
    """One source into an empty graph reaches a fold only through two records of one work that
    disagree: the staging graph does not fold, it refuses before anything is written."""
    path = tmp_path / "both.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (oa_work([{"display_name": "J. Priem"}, PIWOWAR]),
                                                           oa_work([PRIEM, PIWOWAR]))))
    with pytest.raises(BulkUnsupported) as refused:
        bulk_load(falkor_graph, [path], "openalex", dimension=384, progress=False, rejects_path=tmp_path / "r.jsonl")
    assert str(refused.value).startswith("--bulk cannot fold a name-only author into the keyed author a later "
                                         "record of the same work names (name:")
    assert str(refused.value).endswith(" into A1): load these files without --bulk")
    assert counts(falkor_graph) == {}


def crossref_file(tmp_path: Path, name: str, authors: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(api_list([crossref_item(DOI, author=authors, reference=[], funder=[])])))
    return path


DOI = "10.1234/fold"
ADA = {"given": "Ada", "family": "Lovelace", "sequence": "first", "ORCID": "http://orcid.org/0000-0002-1825-0097"}
A_LOVELACE = {"given": "A.", "family": "Lovelace", "sequence": "first"}


def test_crossref_without_and_with_the_orcid_in_either_order(graph: Graph, tmp_path: Path) -> None:
    """A Crossref record naming A. Lovelace without an ORCID, and a newer deposit of the same DOI
    naming Ada Lovelace with hers: one author, the ORCID's, in either order."""
    bare = crossref_file(tmp_path, "bare.json", [A_LOVELACE])
    keyed = crossref_file(tmp_path, "keyed.json", [ADA])
    run(graph, bare, "crossref", tmp_path)
    run(graph, keyed, "crossref", tmp_path)
    view = graph.read("MATCH (a:Author)-[:AUTHORED]->(w:Work) RETURN a.id AS a, a.display_name AS name, "
                      "w.doi AS doi").rows
    assert view == [{"a": "orcid:0000-0002-1825-0097", "name": "Ada Lovelace", "doi": DOI}]
    first_dump = dump(graph)
    with empty_beside(graph, "keyed_first") as other:
        run(other, keyed, "crossref", tmp_path)
        run(other, bare, "crossref", tmp_path)
        assert dump(other) == first_dump


def test_one_record_listing_both_names_keeps_two_people(graph: Graph, tmp_path: Path) -> None:
    """One record lists Ada Lovelace (ORCID) and A. Lovelace (no ORCID) side by side: two people,
    whose names are compatible, never folded."""
    both = crossref_file(tmp_path, "both.json", [ADA, {**A_LOVELACE, "sequence": "additional"}])
    run(graph, both, "crossref", tmp_path)
    run(graph, both, "crossref", tmp_path)
    ids = [r["id"] for r in graph.read("MATCH (a:Author)-[:AUTHORED]->(:Work) RETURN a.id AS id ORDER BY id").rows]
    assert len(ids) == 2 and ids[0].startswith("name:") and ids[1] == "orcid:0000-0002-1825-0097"
