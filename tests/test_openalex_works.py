"""loaders.openalex maps OpenAlex works: counts, ids, scalar fields, open access, authorships,
references, topics and their hierarchy, the primary source, abstracts, arXiv ids and code URLs;
on works written by the project's own generator (scholargraph/synthetic/, so a fresh clone
runs every mapping test) and, where present, the real samples in ../shared/data/openalex
(an extra layer; those tests skip without it). The files are tests/support/openalex_files.py's.

Expected values are computed in the test from the raw JSON (json module, not the
parser), so the tests check the mapping rather than restating the parser's output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from loaders.openalex import parse_openalex
from loaders.records import (
    WorkRecord,
)
from loaders.source_files import FIELD_LIMITS
from tests.support.openalex_files import (
    OA,
    REAL_WORK_FILES,
    WORK_FILES,
    chain,
    needs_data,
    page_and,
    path_of,
    raw_results,
    records,
)
from tests.support.openalex_ids import short


def rebuild_abstract(index: dict[str, list[int]]) -> str:
    pairs = sorted((pos, word) for word, positions in index.items() for pos in positions)
    return " ".join(word for _, word in pairs)


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


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_works_that_share_a_topic_keep_their_own_hierarchy_and_rejects(tmp_path: Path, name: str) -> None:
    """The parser shares one topic chain between the works that name the same topic with the
    same parents (loaders/openalex/nested.py); a work whose topic differs in any way, even
    only in how a level's id is written, gets its own chain, and a bad topic is a reject
    in every work that has it, after the same topic passed in others."""
    raw = next(r for r in raw_results(name) if r["topics"])
    topic = raw["topics"][0]
    field_number = topic["field"]["id"].rsplit("/", 1)[1]

    def work(**changes: object) -> str:
        return json.dumps(dict(raw, topics=[dict(topic, **changes)], primary_topic=None))

    long_name = "n" * (FIELD_LIMITS["name"] + 1)
    path = tmp_path / "shared.jsonl"
    path.write_text("\n".join([
        work(), work(),
        work(field=dict(topic["field"], id=int(field_number))),  # the same field, written as a number
        work(field=dict(topic["field"], id=float(field_number))),  # not an id: the level is left out
        json.dumps(dict(raw, topics=[{k: v for k, v in topic.items() if k != "id"}], primary_topic=None)),
        work(id=None),  # no id is no topic, a null one a broken record
        work(display_name=long_name), work(display_name=long_name),
        work(),
    ]) + "\n")
    parsed = list(parse_openalex(path))
    assert [p.rejected.reason for p in parsed if p.rejected] == [
        "topics[0].id: null",
        f"topics[0].name: {len(long_name):,} characters, over the limit of {FIELD_LIMITS['name']:,}",
        f"topics[0].name: {len(long_name):,} characters, over the limit of {FIELD_LIMITS['name']:,}",
    ]
    chains = [[chain(link.topic) for link in p.record.topics] for p in parsed if p.record]
    [full] = chains[0]
    assert full[2] == ("field", f"openalex:field:{field_number}", topic["field"]["display_name"])
    assert chains == [[full], [full], [full], [[c for c in full if c[0] != "field"]], [], [full]]


@pytest.mark.parametrize("name", page_and("work_W2741809807.json"))
def test_a_null_institution_id_is_a_reject_after_the_same_institution_without_one(
        tmp_path: Path, name: str) -> None:
    """The parser shares an authorship's institution between works by what they say of it; an id
    that is there but null (a broken record, unless a ror names it) is not one left out."""
    raw = next(r for r in raw_results(name) if r["authorships"])
    unnamed = {"display_name": "Institute of Shared Parsing", "country_code": "GB", "type": "education"}

    def work(institution: dict[str, object]) -> str:
        first = dict(raw["authorships"][0], institutions=[institution])
        return json.dumps(dict(raw, authorships=[first]))

    path = tmp_path / "institutions.jsonl"
    path.write_text("\n".join([work(unnamed), work(dict(unnamed, id=None)), work(unnamed)]) + "\n")
    parsed = list(parse_openalex(path))
    assert [p.rejected.reason for p in parsed if p.rejected] == ["authorships[0].institutions[0].id: null, and no ror"]
    names = [[i.name for a in p.record.authorships for i in a.institutions] for p in parsed if p.record]
    assert names == [["Institute of Shared Parsing"]] * 2
