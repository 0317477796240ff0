"""Valid but hostile records (issue 15): null and conflicting ids, oversized fields, deep
nesting, lone surrogates, out-of-range numbers. Each is rejected by line with an exact
reason naming the field, and never takes the records around it down. Inputs are written
by the tests."""

from __future__ import annotations

import json
from pathlib import Path

from graphdb import Graph
from loaders.arxiv import parse_arxiv
from loaders.openalex import parse_openalex
from loaders.pipeline import load
from loaders.records import Parsed
from loaders.source_files import FIELD_LIMITS

NESTED = "[" * 2000 + "]" * 2000


def outcome(items: list[Parsed]) -> list[tuple[int, str]]:
    """(line, record key or 'REJECT: reason') in order."""
    out = []
    for p in items:
        if p.rejected is not None:
            out.append((p.line, f"REJECT: {p.rejected.reason}"))
        else:
            out.append((p.line, getattr(p.record, "key", None) or getattr(p.record, "id", "")))
    return out


def lines(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def work(n: int, **extra: object) -> str:
    return json.dumps({"id": f"https://openalex.org/W{n}", "title": f"Work {n}", **extra})


def kaggle(n: int, **extra: object) -> str:
    return json.dumps({"id": f"0704.{n:04d}", "title": f"Paper {n}", "authors": "A. B", "categories": "cs.LG",
                       "versions": [], "update_date": "2007-05-23", **extra})


# --- identity -----------------------------------------------------------------------------------


def test_null_id_is_rejected_unless_another_identifier_names_the_record(tmp_path: Path) -> None:
    path = lines(tmp_path, "ids.jsonl", [
        '{"id": null, "title": "no id at all"}',
        '{"id": null, "ids": {"openalex": "https://openalex.org/W5"}, "title": "named by ids"}',
        work(6, authorships=[{"author": {"id": None, "display_name": "Nobody"}}]),
        work(7, authorships=[{"author": {"id": None, "display_name": "Jo", "orcid": "0000-0002-1825-0097"}}]),
        work(8, topics=[{"id": None, "display_name": "T"}]),
        work(9, primary_location={"source": {"id": None, "display_name": "J"}}),
        work(10, authorships=[{"author": {"id": "https://openalex.org/A1", "display_name": "A"},
                               "institutions": [{"id": None, "display_name": "MIT"}]}]),
    ])
    assert outcome(list(parse_openalex(path))) == [
        (1, "REJECT: id: null, and no ids.openalex"),
        (2, "W5"),
        (3, "REJECT: authorships[0].author.id: null, and no orcid"),
        (4, "W7"),
        (5, "REJECT: topics[0].id: null"),
        (6, "REJECT: primary_location.source.id: null"),
        (7, "REJECT: authorships[0].institutions[0].id: null, and no ror"),
    ]
    [_, _, _, w7, *_] = list(parse_openalex(path))
    assert w7.record.authorships[0].author.id == "orcid:0000-0002-1825-0097"  # type: ignore[union-attr]


def test_single_entity_with_null_id_is_one_reject_not_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "W.json"
    path.write_text(json.dumps({"id": None, "title": "x", "authorships": []}, indent=2))
    assert outcome(list(parse_openalex(path))) == [(1, "REJECT: id: null, and no ids.openalex")]


def test_integer_id_must_agree_with_ids_openalex(tmp_path: Path) -> None:
    path = lines(tmp_path, "int.jsonl", [
        '{"id": 123, "ids": {"openalex": "https://openalex.org/W5"}, "title": "x", "authorships": []}',
        '{"id": 5, "ids": {"openalex": "https://openalex.org/W5"}, "title": "x", "authorships": []}',
        '{"id": "https://openalex.org/W6", "ids": {"openalex": "https://openalex.org/W7"}, "title": "x"}',
    ])
    assert outcome(list(parse_openalex(path))) == [
        (1, "REJECT: id 123 conflicts with ids.openalex 'https://openalex.org/W5'"),
        (2, "W5"),
        (3, "REJECT: id 'https://openalex.org/W6' conflicts with ids.openalex 'https://openalex.org/W7'"),
    ]


# --- numbers ------------------------------------------------------------------------------------


def test_out_of_range_counts_are_rejected_not_coerced(tmp_path: Path) -> None:
    path = lines(tmp_path, "counts.jsonl", [
        '{"id": "https://openalex.org/W1", "title": "x", "cited_by_count": 1000000000000000000000000000000}',
        work(2, cited_by_count=-3),
        json.dumps({"id": "https://openalex.org/A1", "display_name": "A", "works_count": -1, "orcid": None}),
        work(4, cited_by_count=9223372036854775807),
        work(5, publication_year=99999),
    ])
    assert outcome(list(parse_openalex(path))) == [
        (1, "REJECT: cited_by_count: 1e+30 is over the largest storable integer (2^63-1)"),
        (2, "REJECT: cited_by_count: -3 is negative, expected a count"),
        (3, "REJECT: works_count: -1 is negative, expected a count"),
        (4, "W4"),
        (5, "REJECT: year: 99999 is not a year (-9999 to 9999)"),
    ]


# --- sizes --------------------------------------------------------------------------------------


def test_fields_over_their_limit_are_rejected_naming_the_field(tmp_path: Path) -> None:
    title = FIELD_LIMITS["title"]
    name = FIELD_LIMITS["name"]
    path = lines(tmp_path, "big.jsonl", [
        work(1, title="t" * title),
        work(2, title="t" * (title + 1)),
        work(3, authorships=[{"author": {"id": "https://openalex.org/A1", "display_name": "n" * (name + 1)}}]),
        work(4, abstract_inverted_index={"w": list(range(FIELD_LIMITS["abstract"] // 2 + 1))}),
    ])
    assert outcome(list(parse_openalex(path))) == [
        (1, "W1"),
        (2, f"REJECT: title: {title + 1:,} characters, over the limit of {title:,}"),
        (3, f"REJECT: authorships[0].author.display_name: {name + 1:,} characters, over the limit of {name:,}"),
        (4, "REJECT: abstract: 100,001 characters, over the limit of 100,000"),
    ]
    kaggle_path = lines(tmp_path, "big_arxiv.jsonl", [kaggle(1), kaggle(2, abstract="a" * 100_001)])
    assert outcome(list(parse_arxiv(kaggle_path))) == [
        (1, "arxiv:0704.0001"),
        (2, "REJECT: abstract: 100,001 characters, over the limit of 100,000"),
    ]


# --- odd JSON -----------------------------------------------------------------------------------


def test_deep_nesting_and_lone_surrogates_are_rejected_by_line(tmp_path: Path) -> None:
    oa = lines(tmp_path, "odd.jsonl", [
        work(1),
        '{"id": "https://openalex.org/W2", "title": "x", "extra": ' + NESTED + "}",
        '{"id": "https://openalex.org/W3", "title": "bad \\ud800 text"}',
        work(4),
    ])
    assert outcome(list(parse_openalex(oa))) == [
        (1, "W1"),
        (2, "REJECT: invalid JSON: nested too deeply (over 1,024 levels of arrays and objects)"),
        (3, "REJECT: title: lone surrogate \\ud800 at character 4, not valid Unicode text"),
        (4, "W4"),
    ]
    ax = lines(tmp_path, "odd_arxiv.jsonl", [
        kaggle(1)[:-1] + ', "x": ' + NESTED + "}",
        kaggle(2, title="bad \ud800 text"),
        kaggle(3),
    ])
    assert outcome(list(parse_arxiv(ax))) == [
        (1, "REJECT: invalid JSON: nested too deeply (over the parser's depth limit)"),
        (2, "REJECT: title: lone surrogate \\ud800 at character 4, not valid Unicode text"),
        (3, "arxiv:0704.0003"),
    ]


def test_hostile_records_never_take_their_batch_down(graph: Graph, tmp_path: Path) -> None:
    path = lines(tmp_path, "mixed.jsonl", [
        work(1),
        '{"id": "https://openalex.org/W2", "title": "x", "extra": ' + NESTED + "}",
        '{"id": "https://openalex.org/W3", "title": "bad \\udfff text"}',
        '{"id": "https://openalex.org/W4", "title": "x", "cited_by_count": 1000000000000000000000000000000}',
        work(5, cited_by_count=7),
    ])
    summary = load(graph, [path], "openalex", rejects_path=tmp_path / "rejects.jsonl", progress=False)
    assert (summary.records, summary.rejected) == (2, 3)
    rows = graph.read("MATCH (w:Work) RETURN w.id AS id, w.cited_by_count AS c ORDER BY id").rows
    assert [(r["id"], r["c"]) for r in rows] == [("W1", None), ("W5", 7)]
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [2, 3, 4]
