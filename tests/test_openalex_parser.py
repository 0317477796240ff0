"""loaders.openalex against OpenAlex files: works written by the project's own generator
(scholargraph/synthetic/, so a fresh clone runs every mapping test) and, where present,
the real samples in ../shared/data/openalex (an extra layer; those tests skip without it).

Expected values are computed in the test from the raw JSON (json module, not the
parser), so the tests check the mapping rather than restating the parser's output.
"""

from __future__ import annotations

import atexit
import gzip
import json
import re
import shutil
import tempfile
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from loaders import openalex
from loaders.openalex import parse_openalex
from loaders.records import (
    AuthorRecord,
    FormatError,
    InstitutionRecord,
    Parsed,
    TopicRecord,
    WorkRecord,
)
from tests.support.openalex_ids import short

DATA = Path(__file__).parents[2] / "shared" / "data"
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


# --- helpers -----------------------------------------------------------------


def raw_results(name: str) -> list[dict[str, Any]]:
    path = path_of(name)
    if path.name.endswith(".jsonl.gz"):
        return [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines() if line]
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("results", [data])


def records(path: Path | str) -> list[Any]:
    out = list(parse_openalex(path))
    rejected = [p.rejected for p in out if p.rejected]
    assert rejected == []
    return [p.record for p in out]


def outcome(items: list[Parsed]) -> list[tuple[int, str]]:
    """(line, work key or 'REJECT: reason') for each item, in order."""
    result = []
    for p in items:
        if p.rejected:
            assert p.rejected.line == p.line
            result.append((p.line, f"REJECT: {p.rejected.reason}"))
        else:
            result.append((p.line, p.record.key))  # type: ignore[union-attr]
    return result


def chain(topic: TopicRecord | None) -> list[tuple[str, str, str]]:
    out = []
    while topic is not None:
        out.append((topic.level, topic.id, topic.name))
        topic = topic.parent
    return out


def rebuild_abstract(index: dict[str, list[int]]) -> str:
    pairs = sorted((pos, word) for word, positions in index.items() for pos in positions)
    return " ".join(word for _, word in pairs)


# --- works: counts, ids, fields ---------------------------------------------


@pytest.mark.parametrize("name", WORK_FILES)
def test_every_work_is_parsed_in_order(name: str) -> None:
    raw = raw_results(name)
    parsed = list(parse_openalex(path_of(name)))
    assert [p.rejected for p in parsed if p.rejected] == []
    works = [p.record for p in parsed]
    assert all(isinstance(w, WorkRecord) for w in works)
    assert len(works) == len(raw)
    assert [w.key for w in works] == [short(r["id"]) for r in raw]
    assert all(w.openalex_id == w.key and w.source_name == "openalex" for w in works)
    assert all(p.path == str(path_of(name)) for p in parsed)


@pytest.mark.parametrize("name", WORK_FILES)
def test_scalar_fields_match_raw(name: str) -> None:
    for w, r in zip(records(path_of(name)), raw_results(name), strict=True):
        assert w.title == r["title"]
        assert w.year == r["publication_year"]
        assert w.publication_date == r["publication_date"]
        assert w.type == r["type"]
        assert w.language == r["language"]
        assert w.cited_by_count == r["cited_by_count"]
        expected_doi = r["doi"].removeprefix("https://doi.org/").lower() if r["doi"] else None
        assert w.doi == expected_doi
        assert w.open_access == (r.get("open_access") or {}).get("is_oa")


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_open_access_is_what_the_record_says(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)[0]
    path = tmp_path / "oa.jsonl"
    path.write_text("".join(json.dumps(dict(raw, open_access=oa)) + "\n" for oa in
                            ({"is_oa": True}, {"is_oa": False}, None, {"oa_status": "closed"}, {"is_oa": "yes"})))
    parsed = list(parse_openalex(path))
    assert [p.record.open_access for p in parsed[:4]] == [True, False, None, None]
    assert parsed[4].rejected is not None
    assert parsed[4].rejected.reason == "open_access.is_oa: expected true or false, got 'yes'"


@pytest.mark.parametrize("name", WORK_FILES)
def test_authorships_match_raw(name: str) -> None:
    for w, r in zip(records(path_of(name)), raw_results(name), strict=True):
        raw_auth = r["authorships"]
        assert len(w.authorships) == len(raw_auth)
        for order, (a, ra) in enumerate(zip(w.authorships, raw_auth, strict=True)):
            assert a.order == order
            assert a.position == ra["author_position"]
            assert a.corresponding is ra["is_corresponding"]
            assert a.author.openalex_id == short(ra["author"]["id"])
            assert a.author.id == a.author.openalex_id
            assert a.author.display_name == ra["author"]["display_name"]
            raw_orcid = ra["author"].get("orcid")
            assert a.author.orcid == (short(raw_orcid).upper() if raw_orcid else None)
            assert [i.id for i in a.institutions] == [short(i["id"]) for i in ra["institutions"]]
            for inst, ri in zip(a.institutions, ra["institutions"], strict=True):
                assert inst.ror == (short(ri["ror"]) if ri["ror"] else None)
                assert inst.country == ri["country_code"]
                assert inst.type == ri["type"]
                assert inst.name == ri["display_name"]


@pytest.mark.parametrize("name", WORK_FILES)
def test_references_match_raw(name: str) -> None:
    for w, r in zip(records(path_of(name)), raw_results(name), strict=True):
        assert len(w.references) == len(r["referenced_works"])
        assert w.references == [short(x) for x in r["referenced_works"]]


@pytest.mark.parametrize("name", WORK_FILES)
def test_topics_and_hierarchy_match_raw(name: str) -> None:
    level_prefix = {"subfield": "subfields/", "field": "fields/", "domain": "domains/"}
    for w, r in zip(records(path_of(name)), raw_results(name), strict=True):
        assert len(w.topics) == len(r["topics"])
        primary = short(r["primary_topic"]["id"]) if r["primary_topic"] else None
        for link, rt in zip(w.topics, r["topics"], strict=True):
            assert link.score == rt["score"]
            assert link.primary == (short(rt["id"]) == primary)
            expected = [("topic", short(rt["id"]), rt["display_name"])]
            for level in ("subfield", "field", "domain"):
                number = rt[level]["id"].split(level_prefix[level])[1]
                expected.append((level, f"openalex:{level}:{number}", rt[level]["display_name"]))
            assert chain(link.topic) == expected
        assert sum(t.primary for t in w.topics) == (1 if primary else 0)


@pytest.mark.parametrize("name", WORK_FILES)
def test_primary_source_matches_raw(name: str) -> None:
    for w, r in zip(records(path_of(name)), raw_results(name), strict=True):
        src = (r["primary_location"] or {}).get("source")
        if not src:
            assert w.source is None
            continue
        assert w.source is not None
        assert (w.source.id, w.source.name, w.source.type, w.source.issn_l) == (
            short(src["id"]),
            src["display_name"],
            src["type"],
            src["issn_l"],
        )
        assert w.source.publisher == src["host_organization_name"]


@pytest.mark.parametrize("name", WORK_FILES)
def test_abstracts_rebuilt_from_inverted_index(name: str) -> None:
    for w, r in zip(records(path_of(name)), raw_results(name), strict=True):
        index = r["abstract_inverted_index"]
        assert w.abstract == (rebuild_abstract(index) if index else None)


@needs_data
def test_known_work_fields() -> None:
    [w] = records(OA / "work_W2741809807.json")
    assert w.key == "W2741809807"
    assert w.title.startswith("The state of OA: a large-scale analysis")
    assert w.abstract.startswith(
        "Despite growing interest in Open Access (OA) to scholarly literature, there is an "
        "unmet need for large-scale, up-to-date, and reproducible studies"
    )
    assert (w.doi, w.year, w.publication_date, w.type) == (
        "10.7717/peerj.4375",
        2018,
        "2018-02-13",
        "article",
    )
    assert w.source is not None and w.source.id == "S1983995261" and w.source.name == "PeerJ"
    assert w.arxiv_id is None
    first = w.authorships[0]
    assert (first.author.display_name, first.author.orcid, first.position) == (
        "Heather Piwowar",
        "0000-0003-1613-5981",
        "first",
    )
    assert [(i.id, i.ror, i.country) for i in first.institutions] == [
        ("I4210166736", "05ppvf150", "US")
    ]
    primary = [t for t in w.topics if t.primary]
    assert [chain(t.topic) for t in primary] == [
        [
            ("topic", "T10102", "scientometrics and bibliometrics research"),
            ("subfield", "openalex:subfield:1804", "Statistics, Probability and Uncertainty"),
            ("field", "openalex:field:18", "Decision Sciences"),
            ("domain", "openalex:domain:2", "Social Sciences"),
        ]
    ]
    assert len(w.references) == 45


@needs_data
def test_arxiv_ids_from_locations_and_datacite_doi() -> None:
    by_key = {w.key: w for name in REAL_WORK_FILES for w in records(OA / name)}
    # DataCite arXiv DOI on the work itself.
    assert by_key["W2525778437"].arxiv_id == "1609.08144"
    # Published DOI elsewhere; the arXiv copy is only a location.
    assert by_key["W3123854369"].doi == "10.1002/advs.201900808"
    assert by_key["W3123854369"].arxiv_id == "1907.05644"
    # Independently: every work with an arxiv.org landing page has that arXiv id.
    pattern = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")
    for name in REAL_WORK_FILES:
        for r in raw_results(name):
            urls = [loc.get("landing_page_url") or "" for loc in r["locations"]]
            found = [m.group(1) for u in urls if (m := pattern.search(u))]
            if found:
                assert by_key[short(r["id"])].arxiv_id == found[0], r["id"]


@needs_data
def test_real_data_quirks() -> None:
    cited = {w.key: w for w in records(OA / "openalexpro_snowball_cited_works.json")}
    # BERT (W2963341956) has null title and display_name in this snapshot.
    assert cited["W2963341956"].title is None
    assert cited["W2963341956"].doi == "10.18653/v1/n19-1423"
    # abstract_inverted_index_v3 is present but null; the classic index is used.
    raw = {short(r["id"]): r for r in raw_results("openalexpro_snowball_cited_works.json")}
    assert raw["W2250539671"]["abstract_inverted_index_v3"] is None
    assert cited["W2250539671"].abstract.startswith("Recent methods for learning vector space")
    # A GitHub Pages URL in an abstract is not a code repository.
    ai = {w.key: w for w in records(OA / "works_cites_W2741809807.json")}
    assert "greenelab.github.io/scihub" in (ai["W2785823074"].abstract or "")
    assert ai["W2785823074"].code_url is None


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_abstract_v3_used_when_classic_index_missing(tmp_path: Path, name: str) -> None:
    raw = next(r for r in raw_results(name) if r["abstract_inverted_index"])
    plain = dict(raw, abstract_inverted_index=None, abstract_inverted_index_v3=raw["abstract_inverted_index"])
    mag = dict(plain, abstract_inverted_index_v3={"IndexLength": 9, "InvertedIndex": raw["abstract_inverted_index"]})
    path = tmp_path / "v3.jsonl"
    path.write_text(json.dumps(plain) + "\n" + json.dumps(mag) + "\n")
    expected = rebuild_abstract(raw["abstract_inverted_index"])
    assert [w.abstract for w in records(path)] == [expected, expected]


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_code_url_from_abstract(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)[0]
    index = {"Code": [0], "at": [1], "https://github.com/Impactstory/oadoi).": [2]}
    path = tmp_path / "code.jsonl"
    path.write_text(json.dumps(dict(raw, abstract_inverted_index=index)) + "\n")
    [w] = records(path)
    assert w.abstract == "Code at https://github.com/Impactstory/oadoi)."
    assert w.code_url == "https://github.com/Impactstory/oadoi"


# --- authors, institutions, topics --------------------------------------------


@needs_data
@pytest.mark.parametrize(
    "name", ["author_A5023888391.json", "authors_page1.json", "authors_search_machine_learning.json"]
)
def test_authors_match_raw(name: str) -> None:
    raw = raw_results(name)
    authors = records(OA / name)
    assert len(authors) == len(raw)
    for a, r in zip(authors, raw, strict=True):
        assert isinstance(a, AuthorRecord)
        assert a.id == a.openalex_id == short(r["id"])
        assert a.display_name == r["display_name"]
        assert a.orcid == (short(r["orcid"]).upper() if r["orcid"] else None)
        assert (a.works_count, a.cited_by_count) == (r["works_count"], r["cited_by_count"])
        assert [i.id for i in a.last_known_institutions] == [
            short(i["id"]) for i in r["last_known_institutions"]
        ]


@needs_data
def test_known_author() -> None:
    [a] = records(OA / "author_A5023888391.json")
    assert (a.id, a.display_name, a.orcid, a.works_count) == (
        "A5023888391",
        "Jason Priem",
        "0000-0001-6187-6610",
        62,
    )
    assert [(i.id, i.name, i.ror, i.country, i.type) for i in a.last_known_institutions] == [
        ("I4200000001", "OpenAlex", "02nr0ka47", "CA", "nonprofit")
    ]


def test_author_with_legacy_singular_last_known_institution(tmp_path: Path) -> None:
    # Written here (the generator makes works only); the same shape as the real author record.
    institution = {"id": "https://openalex.org/I4200000001", "ror": "https://ror.org/02nr0ka47",
                   "display_name": "OpenAlex", "country_code": "CA", "type": "nonprofit"}
    legacy = {"id": "https://openalex.org/A5023888391", "display_name": "Jason Priem",
              "orcid": "https://orcid.org/0000-0001-6187-6610", "works_count": 62,
              "last_known_institution": institution}
    path = tmp_path / "legacy.jsonl"
    path.write_text(json.dumps(legacy) + "\n")
    [a] = records(path)
    assert [i.id for i in a.last_known_institutions] == ["I4200000001"]


@needs_data
def test_institutions_match_raw() -> None:
    raw = raw_results("institutions_page1.json")
    insts = records(OA / "institutions_page1.json")
    assert len(insts) == len(raw) == 50
    for i, r in zip(insts, raw, strict=True):
        assert isinstance(i, InstitutionRecord)
        assert i.id == i.openalex_id == short(r["id"])
        assert (i.name, i.country, i.type) == (r["display_name"], r["country_code"], r["type"])
        assert i.ror == (short(r["ror"]) if r["ror"] else None)
    assert (insts[0].id, insts[0].ror, insts[0].country) == ("I1294671590", "02feahw73", "FR")


@needs_data
def test_topics_match_raw() -> None:
    raw = raw_results("topics_page1.json")
    topics = records(OA / "topics_page1.json")
    assert len(topics) == len(raw) == 50
    for t, r in zip(topics, raw, strict=True):
        assert isinstance(t, TopicRecord)
        assert (t.id, t.level, t.scheme) == (short(r["id"]), "topic", "openalex")
        assert t.description == r["description"]
        assert t.keywords == r["keywords"]
        assert [x[1] for x in chain(t)[1:]] == [
            "openalex:subfield:" + short(r["subfield"]["id"]),
            "openalex:field:" + short(r["field"]["id"]),
            "openalex:domain:" + short(r["domain"]["id"]),
        ]
    assert chain(topics[0]) == [
        ("topic", "T11881", "Crystallization and Solubility Studies"),
        ("subfield", "openalex:subfield:2505", "Materials Chemistry"),
        ("field", "openalex:field:25", "Materials Science"),
        ("domain", "openalex:domain:3", "Physical Sciences"),
    ]


@needs_data
def test_pretty_printed_results_report_start_lines() -> None:
    """topics_top200_select.json is pretty-printed (indent 2): each element's line
    is where its '{' stands, found here by reading the text."""
    path = OA / "topics_top200_select.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [n for n, text in enumerate(lines, start=1) if text == "    {"]
    parsed = list(parse_openalex(path))
    assert [p.line for p in parsed] == starts
    assert len(parsed) == 200
    assert all(p.record.parent is None for p in parsed)  # select= dropped the hierarchy
    assert parsed[0].record.id == "T14087"


# --- layouts ---------------------------------------------------------------------


@pytest.mark.parametrize("name", page_and("openalexpro_page_200_works.json"))
def test_json_lines_gzip_and_pretty_single_give_same_records(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)
    api = records(path_of(name))
    gz = tmp_path / "part_000.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        for r in raw:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    assert records(gz) == api
    assert [p.line for p in parse_openalex(gz)] == list(range(1, len(raw) + 1))
    # gzip is recognised by content, not by the name.
    renamed = tmp_path / "part_000.json"
    renamed.write_bytes(gz.read_bytes())
    assert records(renamed) == api
    # One pretty-printed entity.
    single = tmp_path / "work.json"
    single.write_text(json.dumps(raw[0], indent=2, ensure_ascii=False))
    assert records(single) == api[:1]


@pytest.mark.parametrize("name", page_and("works_cites_W2741809807.json"))
def test_fast_and_slow_element_cutting_agree(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The byte scanner (used without orjson and for elements cut by a chunk end)
    gives the same stream as the orjson fast path."""
    path = path_of(name)
    fast = list(parse_openalex(path))
    monkeypatch.setattr(openalex.scanner, "_HAVE_ORJSON", False)
    monkeypatch.setattr(openalex.scanner, "_fast_loads", json.loads)
    assert list(parse_openalex(path)) == fast


def test_large_single_line_response_streams_in_flat_memory(tmp_path: Path) -> None:
    """A ~24 MB API response on one line (chunk boundaries fall inside elements, some
    elements exceed the 64 KiB probe window, non-ASCII text shifts byte offsets)."""
    path = tmp_path / "big.json"
    n = 6000
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f'{{"meta": {{"count": {n}}}, "results": [')
        for i in range(n):
            pad = "é😀x" * (30_000 if i % 1000 == 7 else 1000)
            rec = {"id": f"https://openalex.org/W{i}", "title": f"T{i} {{[]}}\"", "pad": pad}
            fh.write(("," if i else "") + json.dumps(rec, ensure_ascii=False))
        fh.write("]}")
    assert path.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        keys = [p.record.key for p in parse_openalex(path)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert keys == [f"W{i}" for i in range(n)]
    assert peak < 8_000_000


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize("name", page_and("works_author_A5023888391.json"))
def test_bad_lines_are_rejected_and_the_stream_goes_on(tmp_path: Path, name: str) -> None:
    good = raw_results(name)[:4]
    keys = [short(r["id"]) for r in good]
    no_id = {k: v for k, v in good[1].items() if k not in ("id", "ids")}
    bad_year = dict(good[2], publication_year="abc")
    bad_auth = dict(good[2], authorships={"author": "x"})
    bad_inst = json.loads(json.dumps(good[0]))
    bad_inst["authorships"][1]["institutions"] = "MIT"
    lines = [
        json.dumps(good[0]),  # 1
        '{"id": "https://openalex.org/W1", "title": "a" "b"}',  # 2
        json.dumps(no_id),  # 3
        "",  # 4 blank: skipped, not a record
        json.dumps(bad_year),  # 5
        json.dumps(good[1]),  # 6
        json.dumps(bad_auth),  # 7
        "[1, 2]",  # 8
        json.dumps(bad_inst),  # 9
        '{"id": "https://openalex.org/W2", "title": "cut off',  # 10
        json.dumps(good[2]),  # 11
        json.dumps({"id": "https://openalex.org/S1983995261", "display_name": "PeerJ"}),  # 12
        json.dumps(good[3]),  # 13
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parsed = list(parse_openalex(path))
    missing_comma_col = lines[1].index('"b"') + 1
    assert outcome(parsed) == [
        (1, keys[0]),
        (2, f"REJECT: invalid JSON: Expecting ',' delimiter (col {missing_comma_col})"),
        (3, "REJECT: missing id"),
        (5, "REJECT: publication_year: expected an integer, got 'abc'"),
        (6, keys[1]),
        (7, "REJECT: authorships: expected a list, got an object"),
        (8, "REJECT: expected a JSON object, got a list"),
        (9, "REJECT: authorships[1].institutions: expected a list, got 'MIT'"),
        (10, "REJECT: invalid JSON: Unterminated string starting at (col 44)"),
        (11, keys[2]),
        (12, "REJECT: unsupported OpenAlex entity type: source (S1983995261)"),
        (13, keys[3]),
    ]
    rejects = {p.line: p.rejected for p in parsed if p.rejected}
    assert rejects[2].raw == lines[1]
    assert rejects[3].raw == lines[2][:10_000]
    assert all(r.path == str(path) for r in rejects.values())


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_id_falls_back_to_ids_openalex(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)[0]
    path = tmp_path / "ids_only.jsonl"
    path.write_text(json.dumps({k: v for k, v in raw.items() if k != "id"}) + "\n")
    assert [w.key for w in records(path)] == [short(raw["ids"]["openalex"])]


def test_rejected_raw_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    good = json.dumps({"id": "https://openalex.org/W1", "title": "ok"})
    path.write_text(good + "\n" + json.dumps({"title": "x" * 50_000}) + "\n")
    [_, p] = list(parse_openalex(path))
    assert p.rejected is not None and p.rejected.reason == "missing id"
    assert len(p.rejected.raw) == 10_000


@pytest.mark.parametrize("name", page_and("openalexpro_snowball_keypaper_works.json"))
def test_bad_elements_of_a_pretty_printed_response(tmp_path: Path, name: str) -> None:
    raw = raw_results(name)[:2]
    doc = {"meta": {"count": 4}, "results": [raw[0], {"title": "no id"}, {"id": 5}, raw[1]]}
    text = json.dumps(doc, indent=2)
    # Break the element at results[2] ("id": 5) with a missing comma.
    text = text.replace('"id": 5', '"id": 5 "x": 1')
    path = tmp_path / "page.json"
    path.write_text(text)
    lines = text.splitlines()
    starts = [n for n, t in enumerate(lines, start=1) if t == "    {"]
    bad_line = next(n for n, t in enumerate(lines, start=1) if '"id": 5 "x"' in t)
    assert outcome(list(parse_openalex(path))) == [
        (starts[0], short(raw[0]["id"])),
        (starts[1], "REJECT: results[1]: missing id"),
        (starts[2], f"REJECT: results[2]: invalid JSON: Expecting ',' delimiter (line {bad_line}, col 15)"),
        (starts[3], short(raw[1]["id"])),
    ]


@needs_data
def test_truncated_response_keeps_the_complete_elements(tmp_path: Path) -> None:
    text = (OA / "openalexpro_snowball_citing_works.json").read_text(encoding="utf-8")
    raw = raw_results("openalexpro_snowball_citing_works.json")
    cut = text.index('"id":"' + raw[2]["id"])  # inside the third element
    path = tmp_path / "cut.json"
    path.write_text(text[:cut])
    assert outcome(list(parse_openalex(path))) == [
        (1, short(raw[0]["id"])),
        (1, short(raw[1]["id"])),
        (1, "REJECT: results[2]: invalid JSON: unexpected end of file"),
    ]


def test_xml_raises_format_error(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text('<?xml version="1.0"?>\n<feed/>\n')
    with pytest.raises(FormatError) as err:
        list(parse_openalex(path))
    assert str(err.value) == (
        f"{path} is not OpenAlex JSON: expected JSON lines or an API response, found '<'"
    )
    atom = DATA / "arxiv" / "atom" / "query_all_testing_start0_max100.xml"
    if atom.exists():
        with pytest.raises(FormatError, match=r"found '<'$"):
            parse_openalex(atom)  # raised at the call, before any iteration


@pytest.mark.parametrize(
    ("content", "found"),
    [(b"id,title\nW1,x\n", "'i'"), (b"\x89PNG\r\n\x1a\n", "byte 0x89")],
)
def test_csv_and_binary_raise_format_error(tmp_path: Path, content: bytes, found: str) -> None:
    path = tmp_path / "file.dat"
    path.write_bytes(content)
    with pytest.raises(FormatError) as err:
        list(parse_openalex(path))
    assert str(err.value) == (
        f"{path} is not OpenAlex JSON: expected JSON lines or an API response, found {found}"
    )


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        (
            "crossref/works_query_ecology_author_boettiger.json",
            'one JSON object with neither "results" nor an OpenAlex "id"',
        ),
        (
            "semanticscholar/author_with_papers.json",
            'one JSON object with neither "results" nor an OpenAlex "id"',
        ),
        (
            "arxiv/kaggle/arxiv-metadata-oai-snapshot.head160.jsonl",
            "the record on line 1 has id '0704.0001', not an OpenAlex id",
        ),
    ],
)
@needs_data
def test_other_sources_json_raises_format_error(relative: str, message: str) -> None:
    path = DATA / relative
    if not path.exists():
        pytest.skip(f"{relative} not in the sample data")
    with pytest.raises(FormatError) as err:
        list(parse_openalex(path))
    assert str(err.value) == f"{path} is not OpenAlex JSON: {message}"


def test_empty_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    assert list(parse_openalex(path)) == []
