"""OpenAlex merged ids (issue 15): the snapshot's merged_ids files, and records that name a
merged id, end in one node per entity, whatever the order the files come in, and the old id
still resolves through the API. Inputs are written by the tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, schema
from loaders.merged_ids import parse_merged_ids
from loaders.openalex import parse_openalex
from loaders.pipeline import load
from loaders.records import MergedId
from tests.support.api import api_for
from tests.support.graphdump import counts, dump

OA = "https://openalex.org/"
HEADER = "merge_date,id,merge_into_id\n"


def write(path: Path, text: str, compress: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write(path, "".join(json.dumps(r) + "\n" for r in rows))


def ship(aid: str, name: str, inst: str | None = None) -> dict[str, Any]:
    insts = [{"id": f"{OA}{inst}", "display_name": f"Institute {inst}"}] if inst else []
    return {"author": {"id": f"{OA}{aid}", "display_name": name}, "institutions": insts}


def work(wid: str, year: int, authors: list[dict[str, Any]], refs: list[str], **extra: Any) -> dict[str, Any]:
    return {"id": f"{OA}{wid}", "title": f"Work {wid}", "publication_year": year, "updated_date": "2024-05-01",
            "authorships": authors, "referenced_works": [f"{OA}{r}" for r in refs], **extra}


def entity_files(tmp: Path) -> list[Path]:
    """W8 was merged into W7 (the same paper twice), A9 into A5, I9 into I5. W1 and W2 cite the
    old W8; W1 names the old author and institution."""
    works = jsonl(tmp / "works.jsonl", [
        work("W1", 2019, [ship("A1", "Ann One"), ship("A9", "B. Five", "I9")], ["W8"]),
        work("W2", 2020, [ship("A2", "Cy Two"), ship("A1", "Ann One")], ["W8"]),
        work("W8", 2018, [ship("A9", "B. Five", "I9"), ship("A2", "Cy Two")], [], doi="https://doi.org/10.1234/old"),
        work("W7", 2018, [ship("A1", "Ann One"), ship("A2", "Cy Two")], [], language="en"),
    ])
    authors = jsonl(tmp / "authors.jsonl", [
        {"id": f"{OA}A5", "display_name": "Bea Five", "works_count": 2, "updated_date": "2024-01-01"},
        {"id": f"{OA}A9", "display_name": "B. Five (old)", "orcid": "https://orcid.org/0000-0002-1825-0097",
         "updated_date": "2024-06-01"},
    ])
    return [works, authors]


def merged_files(tmp: Path) -> list[Path]:
    return [
        write(tmp / "merged_ids" / "authors" / "2024-02-01.csv", HEADER + "2024-02-01,A9,A5\n"),
        write(tmp / "merged_ids" / "works" / "2024-02-01.csv.gz", HEADER + "2024-02-01,W8,W7\n", compress=True),
        write(tmp / "merged_ids" / "institutions" / "2024-02-01.csv", HEADER + f"2024-02-01,{OA}I9,{OA}I5\n"),
    ]


def run(graph: Graph, paths: list[Path], tmp: Path) -> None:
    summary = load(graph, paths, "openalex", rejects_path=tmp / "rejects.jsonl", progress=False)
    assert summary.rejected == 0 and not summary.failed_files, summary.lines()


# -- the files -------------------------------------------------------------------------------


def test_merged_ids_files_plain_and_gzip(tmp_path: Path) -> None:
    plain = write(tmp_path / "merged_ids" / "authors" / "2023-12-13.csv",
                  HEADER + "2023-12-13,A3130170251,A2566990839\n2023-12-13,https://openalex.org/A1,A2\n")
    packed = write(tmp_path / "2024-01-01.csv.gz", HEADER + "2024-01-01,W10,W11\n2024-01-01,I3,I4\n", compress=True)
    assert [p.record for p in parse_openalex(plain)] == [
        MergedId("A3130170251", "A2566990839", "author"), MergedId("A1", "A2", "author")]
    # Outside a merged_ids/<entity> folder, the ids' letter says what they are.
    assert [p.record for p in parse_openalex(packed)] == [
        MergedId("W10", "W11", "work"), MergedId("I3", "I4", "institution")]


def test_bad_rows_are_rejected_by_line(tmp_path: Path) -> None:
    path = write(tmp_path / "merged_ids" / "works" / "d.csv", HEADER + "\n".join([
        "2024-01-01,W1,W2",
        "2024-01-01,W3",  # a column short
        "2024-01-01,W4,A5",  # two kinds
        "2024-01-01,W6,W6",  # into itself
        "2024-01-01,nonsense,W7",
        "2024-01-01,A8,A9",  # an author in the works folder
        "2024-01-01,C8,C9",  # concepts: no such node
    ]) + "\n")
    out = [(p.line, p.record or p.rejected.reason) for p in parse_merged_ids(path)]  # type: ignore[union-attr]
    assert out == [
        (2, MergedId("W1", "W2", "work")),
        (3, "expected 3 columns (merge_date,id,merge_into_id), got 2"),
        (4, "id W4 and merge_into_id A5 are different entity types"),
        (5, "id W6 is merged into itself"),
        (6, "id: not an OpenAlex id: 'nonsense'"),
        (7, "id A8 is not one of the works its folder holds"),
        (8, "unsupported OpenAlex entity type: C8 (the graph has no such node)"),
    ]


# -- the graph -------------------------------------------------------------------------------


def expected_counts() -> dict[str, int]:
    # Authors A1, A2, A5; works W1, W2, W7; institution I5; MergedId A9, W8, I9.
    # AUTHORED: W1 by A1, A5; W2 by A2, A1; W7 by A1, A2 and (from W8) A5. CITES: W1, W2 -> W7.
    # COAUTHOR: A1-A5 (W1, W7), A1-A2 (W2, W7), A2-A5 (W7).
    return {"Author": 3, "Work": 3, "Institution": 1, "MergedId": 3, "AUTHORED": 7, "CITES": 2,
            "AFFILIATED_WITH": 1, "COAUTHOR": 3}


def check(graph: Graph) -> None:
    assert counts(graph) == expected_counts()
    a5 = graph.read("MATCH (a:Author {id: 'A5'}) RETURN properties(a) AS p").rows[0]["p"]
    # The survivor's own record wins, the old one fills what it lacks (the ORCID).
    assert a5["display_name"] == "Bea Five" and a5["orcid"] == "0000-0002-1825-0097"
    assert a5["merged_ids"] == ["A9"] and a5["works_count"] == 2
    w7 = graph.read("MATCH (w:Work {openalex_id: 'W7'}) RETURN properties(w) AS p").rows[0]["p"]
    assert w7["id"] == "W7" and w7["merged_ids"] == ["W8"]
    assert w7["language"] == "en" and w7["doi"] == "10.1234/old"  # filled from W8
    cited = graph.read("MATCH (w:Work)-[:CITES]->(c:Work) RETURN w.id AS w, c.id AS c ORDER BY w").rows
    assert cited == [{"w": "W1", "c": "W7"}, {"w": "W2", "c": "W7"}]
    pairs = graph.read("MATCH (a:Author)-[c:COAUTHOR]->(b:Author) "
                       "RETURN a.id AS a, b.id AS b, c.works AS n, c.first_year AS f, c.last_year AS l "
                       "ORDER BY a, b").rows
    assert pairs == [{"a": "A1", "b": "A2", "n": 2, "f": 2018, "l": 2020},
                     {"a": "A1", "b": "A5", "n": 2, "f": 2018, "l": 2019},
                     {"a": "A2", "b": "A5", "n": 1, "f": 2018, "l": 2018}]
    assert graph.read("MATCH (:Author {id: 'A5'})-[:AFFILIATED_WITH]->(i:Institution) RETURN i.id AS i").rows \
        == [{"i": "I5"}]


@pytest.mark.parametrize("order", ["merges_last", "merges_first"])
def test_merged_ids_end_in_one_node_whatever_the_order(graph: Graph, tmp_path: Path, order: str) -> None:
    schema.init(graph, 384)
    entities, merged = entity_files(tmp_path), merged_files(tmp_path)
    run(graph, entities + merged if order == "merges_last" else merged + entities, tmp_path)
    check(graph)
    first = dump(graph)
    run(graph, merged, tmp_path)  # the merges again change nothing
    run(graph, entities, tmp_path)  # nor the entities again (their old ids land on the survivors)
    assert dump(graph) == first


def test_both_orders_leave_the_same_graph(graph: Graph, tmp_path: Path) -> None:
    schema.init(graph, 384)
    entities, merged = entity_files(tmp_path), merged_files(tmp_path)
    run(graph, entities + merged, tmp_path)
    after = dump(graph)
    graph.write("MATCH (n) DETACH DELETE n")
    run(graph, merged + entities, tmp_path)
    assert dump(graph) == after


def test_a_chain_of_merges_ends_at_the_last_survivor(graph: Graph, tmp_path: Path) -> None:
    schema.init(graph, 384)
    run(graph, [jsonl(tmp_path / "a.jsonl", [{"id": f"{OA}A1", "display_name": "One"},
                                              {"id": f"{OA}A3", "display_name": "Three"}])], tmp_path)
    run(graph, [write(tmp_path / "m1.csv", HEADER + "2024-01-01,A1,A2\n")], tmp_path)
    run(graph, [write(tmp_path / "m2.csv", HEADER + "2024-02-01,A2,A3\n")], tmp_path)
    rows = graph.read("MATCH (a:Author) RETURN a.id AS id, a.merged_ids AS m, a.display_name AS n").rows
    assert rows == [{"id": "A3", "m": ["A1", "A2"], "n": "Three"}]
    assert graph.read("MATCH (m:MergedId) RETURN m.id AS id, m.into AS into ORDER BY id").rows == [
        {"id": "A1", "into": "A3"}, {"id": "A2", "into": "A3"}]


def test_merged_authors_unite_their_affiliation_years_in_order(graph: Graph, tmp_path: Path) -> None:
    schema.init(graph, 384)
    run(graph, [jsonl(tmp_path / "w.jsonl", [
        work("W1", 2020, [ship("A5", "Bea Five", "I1")], []),
        work("W2", 2022, [ship("A9", "B. Five", "I1")], []),
        work("W3", 2018, [ship("A9", "B. Five", "I1")], []),
    ])], tmp_path)
    run(graph, [write(tmp_path / "m.csv", HEADER + "2024-02-01,A9,A5\n")], tmp_path)
    rows = graph.read("MATCH (a:Author)-[f:AFFILIATED_WITH]->(i:Institution) "
                      "RETURN a.id AS a, i.id AS i, f.years AS y, f.first_year AS f, f.last_year AS l").rows
    assert rows == [{"a": "A5", "i": "I1", "y": [2018, 2020, 2022], "f": 2018, "l": 2022}]


AUTHOR = "query($id: ID!) { author(id: $id) { id name } }"
WORK = "query($id: ID!) { work(id: $id) { id title } }"


def test_a_merged_id_resolves_to_its_survivor_over_http(graph: Graph, tmp_path: Path) -> None:
    schema.init(graph, 384)
    run(graph, entity_files(tmp_path) + merged_files(tmp_path), tmp_path)
    with api_for(graph) as api:
        assert api.data(AUTHOR, id="A9")["author"] == {"id": "A5", "name": "Bea Five"}
        assert api.data(AUTHOR, id="A5")["author"] == {"id": "A5", "name": "Bea Five"}
        assert api.data(WORK, id="W8")["work"] == {"id": "W7", "title": "Work W7"}
        assert api.data(AUTHOR, id="A404")["author"] is None
