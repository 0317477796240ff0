"""arXiv parser against the real samples in ../shared/data/arxiv.

Expected values are computed here straight from the raw files (stdlib json / ElementTree /
strptime), not through the parser's own helpers, so a shared bug cannot hide itself.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tracemalloc
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from loaders.arxiv import decode_tex_accents, detect_arxiv_format, parse_arxiv, parse_author_string
from loaders.arxiv_taxonomy import (
    ARCHIVES,
    CATEGORIES,
    LEGACY_CATEGORIES,
    archive_of,
    category_name,
)
from loaders.records import FormatError, Parsed, TopicRecord, WorkRecord
from tests.support.engines import SHARED_DATA

DATA = SHARED_DATA
ARXIV = DATA / "arxiv"
KAGGLE = ARXIV / "kaggle" / "arxiv-metadata-oai-snapshot.head160.jsonl"
OAI = ARXIV / "oai-pmh" / "ListRecords_arXivRaw_2016-10-20.xml"
ATOM = ARXIV / "atom" / "query_all_testing_start0_max100.xml"

needs_data = pytest.mark.skipif(
    not ARXIV.is_dir(), reason="real sample data not found at ../shared/data"
)

ATOM_NS = {"a": "http://www.w3.org/2005/Atom", "x": "http://arxiv.org/schemas/atom"}
OAI_NS = {"o": "http://www.openarchives.org/OAI/2.0/", "r": "http://arxiv.org/OAI/arXivRaw/"}
EXPECTED = "expected Kaggle arXiv JSON lines, OAI-PMH arXiv/arXivRaw XML or arXiv API Atom XML"


def works(items: list[Parsed]) -> list[WorkRecord]:
    out = [p.record for p in items if isinstance(p.record, WorkRecord)]
    assert len(out) + sum(p.rejected is not None for p in items) == len(items)
    return out


def parent_id(topic: TopicRecord) -> str | None:
    return None if topic.parent is None else topic.parent.id


def rfc2822_day(value: str) -> str:
    return datetime.strptime(value, "%a, %d %b %Y %H:%M:%S %Z").date().isoformat()


# --- Kaggle JSON lines ---------------------------------------------------------------------------


def test_titles_decode_accents_and_keep_math() -> None:
    assert decode_tex_accents("Recent techniques and results on the Erd\\H{o}s-P\\'osa property", keep_math=True) \
        == "Recent techniques and results on the Erdős-Pósa property"
    assert decode_tex_accents('G{\\"o}del, S{\\l}upi\\\'nski and $\\Lambda_{\\alpha}$, $O(n^{2})$', keep_math=True) \
        == "Gödel, Słupiński and $\\Lambda_{\\alpha}$, $O(n^{2})$"


@needs_data
def test_kaggle_sample_every_line_is_a_work() -> None:
    raw = [json.loads(line) for line in KAGGLE.read_text(encoding="utf-8").splitlines()]
    items = list(parse_arxiv(KAGGLE))
    got = works(items)

    assert len(got) == len(raw) == 160
    assert [p.line for p in items] == list(range(1, 161))
    for rec, work in zip(raw, got, strict=True):
        assert work.key == f"arxiv:{rec['id']}"
        assert work.arxiv_id == rec["id"]
        assert work.source_name == "arxiv" and work.type == "preprint" and work.open_access is True
        assert len(work.authorships) == len(rec["authors_parsed"])
        assert [a.order for a in work.authorships] == list(range(len(rec["authors_parsed"])))
        assert work.publication_date == rfc2822_day(rec["versions"][0]["created"])
        assert work.year == int(work.publication_date[:4])
        assert work.categories == rec["categories"].split()
        assert [t.topic.id for t in work.topics] == [f"arxiv:{c}" for c in work.categories]
        assert [t.primary for t in work.topics] == [i == 0 for i in range(len(work.topics))]
        # TeX accents in titles become letters (Gr\\"obner -> Gröbner); math stays as typed.
        assert work.title == decode_tex_accents(" ".join(rec["title"].split()), keep_math=True)
        assert work.abstract == " ".join(rec["abstract"].split())
        # Some doi fields hold several DOIs separated by spaces (0704.0033, 0704.0038);
        # the first is kept.
        assert work.doi == (rec["doi"].split()[0].lower() if rec["doi"] else None)
        assert work.source is not None and work.source.id == "arxiv"


@needs_data
def test_kaggle_first_record_details() -> None:
    first, second = works(list(parse_arxiv(KAGGLE)))[:2]
    # 0704.0001: authors_parsed [["Balázs","C.",""], ...]; v1 "Mon, 2 Apr 2007 19:18:42 GMT".
    assert [a.author.display_name for a in first.authorships] == [
        "C. Balázs",
        "E. L. Berger",
        "P. M. Nadolsky",
        "C.-P. Yuan",
    ]
    assert [a.position for a in first.authorships] == ["first", "middle", "middle", "last"]
    assert all(a.author.id is None for a in first.authorships)
    assert first.publication_date == "2007-04-02"
    assert first.doi == "10.1103/physrevd.76.013009"
    # "hep-th"-style single-category archive: a category with no self-parent.
    assert first.topics[0].topic.name == "High Energy Physics - Phenomenology"
    assert first.topics[0].topic.parent is None
    # 0704.0002: "math.CO cs.CG".
    assert [(t.topic.name, parent_id(t.topic), t.primary) for t in second.topics] == [
        ("Combinatorics", "arxiv:math", True),
        ("Computational Geometry", "arxiv:cs", False),
    ]
    parent = second.topics[0].topic.parent
    assert parent is not None and parent.name == "Mathematics" and parent.level == "archive"


def kaggle_line(**fields: object) -> str:
    base: dict[str, object] = {
        "id": "2301.00001",
        "authors": "A. Author",
        "title": "A title",
        "comments": None,
        "doi": None,
        "categories": "cs.CV cs.LG",
        "abstract": "An abstract.",
        "versions": [{"version": "v1", "created": "Sun, 1 Jan 2023 10:00:00 GMT"}],
        "update_date": "2023-01-02",
        "authors_parsed": [["Author", "A.", ""]],
    }
    base.update(fields)
    return json.dumps(base)


def test_code_url_and_cv_topic_from_abstract(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    abstract = "We release code at https://github.com/example-lab/fast-seg.\n Results follow."
    path.write_text(kaggle_line(abstract=abstract) + "\n", encoding="utf-8")

    (work,) = works(list(parse_arxiv(path)))
    assert work.code_url == "https://github.com/example-lab/fast-seg"
    assert work.topics[0].topic.name == "Computer Vision and Pattern Recognition"
    assert work.topics[0].topic.parent is not None
    assert work.topics[0].topic.parent.name == "Computer Science"
    assert work.authorships[0].position == "first"


@needs_data
def test_bad_lines_are_reported_with_exact_line_numbers(tmp_path: Path) -> None:
    good = KAGGLE.read_text(encoding="utf-8").splitlines()[:4]
    lines = [
        good[0],
        "{not json",  # 2
        good[1],
        "",  # 4: blank, skipped silently
        kaggle_line(id=None),  # 5
        good[2],
        kaggle_line(versions="v1"),  # 7
        "[1, 2]",  # 8
        kaggle_line(authors_parsed=[["Smith", "J.", ""], "Jones"]),  # 9
        kaggle_line(title=42),  # 10
        kaggle_line(versions=[{"version": "v1", "created": "yesterday"}]),  # 11
        kaggle_line(id="not-an-id"),  # 12
        good[3],
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    items = list(parse_arxiv(path))
    loaded = works(items)
    assert [w.arxiv_id for w in loaded] == [json.loads(g)["id"] for g in good]
    assert [p.line for p in items if p.record] == [1, 3, 6, 13]
    rejected = [(p.line, p.rejected.reason) for p in items if p.rejected]
    assert rejected == [
        (
            2,
            "invalid JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        (5, "missing id"),
        (7, "versions: expected a list, got str"),
        (8, "expected a JSON object, got list"),
        (9, "authors_parsed[1]: expected a list, got str"),
        (10, "title: expected a string, got int"),
        (11, "versions[0].created: not an RFC 2822 date: 'yesterday'"),
        (12, "id: not an arXiv identifier: 'not-an-id'"),
    ]
    bad = next(p.rejected for p in items if p.rejected)
    assert bad is not None and bad.raw == "{not json" and bad.path == str(path)


@needs_data
def test_gzip_is_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.data"  # no telling extension on purpose
    path.write_bytes(gzip.compress(KAGGLE.read_bytes()))
    assert detect_arxiv_format(path) == "kaggle"
    assert len(works(list(parse_arxiv(path)))) == 160


@needs_data
def test_truncated_gzip_keeps_what_precedes_the_damage(tmp_path: Path) -> None:
    whole = gzip.compress(KAGGLE.read_bytes())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])

    items = list(parse_arxiv(path))
    loaded = works(items)
    last = items[-1].rejected
    assert loaded and len(loaded) < 160
    assert last is not None and last.line == len(loaded) + 1
    assert last.reason.startswith("unreadable file content (EOFError: ")


def test_author_string_used_when_authors_parsed_absent(tmp_path: Path) -> None:
    path = tmp_path / "no_parsed.jsonl"
    line = kaggle_line(authors='J. M\\"uller (ETH), K. Lee and L. Wu', authors_parsed=None)
    path.write_text(line + "\n", encoding="utf-8")
    (work,) = works(list(parse_arxiv(path)))
    assert [a.author.display_name for a in work.authorships] == ["J. Müller", "K. Lee", "L. Wu"]
    assert [a.position for a in work.authorships] == ["first", "middle", "last"]


# --- OAI-PMH arXivRaw ----------------------------------------------------------------------------


@needs_data
def test_oai_arxivraw_sample() -> None:
    records = ET.parse(OAI).getroot().findall(".//o:record", OAI_NS)
    items = list(parse_arxiv(OAI))
    got = works(items)

    assert detect_arxiv_format(OAI) == "oai-pmh"
    assert len(got) == len(records) == 387
    for rec, work in zip(records, got, strict=True):
        meta = rec.find("o:metadata/r:arXivRaw", OAI_NS)
        assert meta is not None
        assert work.arxiv_id == meta.findtext("r:id", namespaces=OAI_NS)
        v1 = meta.find("r:version[@version='v1']", OAI_NS)
        assert v1 is not None
        assert work.publication_date == rfc2822_day(v1.findtext("r:date", namespaces=OAI_NS))
        assert work.categories == meta.findtext("r:categories", namespaces=OAI_NS).split()
        assert work.authorships, work.key
        for a in work.authorships:
            assert not set("(){}\\") & set(a.author.display_name), a.author.display_name
    # The file's first <record> opens on line 7.
    assert items[0].line == 7
    text = OAI.read_text(encoding="utf-8").splitlines()
    assert all(text[p.line - 1].strip() == "<record>" for p in items)


@needs_data
def test_oai_author_strings_decoded() -> None:
    by_id = {w.arxiv_id: w for w in works(list(parse_arxiv(OAI)))}
    names = {k: [a.author.display_name for a in w.authorships] for k, w in by_id.items()}
    bollobas = next(n for n in names.values() if "Béla Bollobás" in n)
    # Raw: "B\'ela Bollob\'as, Paul Smith, and Andrew Uzzell"
    assert bollobas == ["Béla Bollobás", "Paul Smith", "Andrew Uzzell"]
    # Raw: "Maciej Bilicki (1,2), John A. Peacock (3), Thomas H. Jarrett (1), ..."
    bilicki = next(n for n in names.values() if n[0] == "Maciej Bilicki")
    assert bilicki[:3] == ["Maciej Bilicki", "John A. Peacock", "Thomas H. Jarrett"]


# --- Atom ----------------------------------------------------------------------------------------


@needs_data
def test_atom_sample() -> None:
    entries = ET.parse(ATOM).getroot().findall("a:entry", ATOM_NS)
    items = list(parse_arxiv(ATOM))
    got = works(items)

    assert detect_arxiv_format(ATOM) == "atom"
    assert len(got) == len(entries) == 100
    for entry, work in zip(entries, got, strict=True):
        url = entry.findtext("a:id", namespaces=ATOM_NS)
        assert work.arxiv_id == url.rsplit("/abs/", 1)[1].rsplit("v", 1)[0]
        assert len(work.authorships) == len(entry.findall("a:author", ATOM_NS))
        assert work.publication_date == entry.findtext("a:published", namespaces=ATOM_NS)[:10]
        terms = [c.get("term") for c in entry.findall("a:category", ATOM_NS)]
        assert work.categories == terms
        primary = entry.find("x:primary_category", ATOM_NS)
        assert primary is not None
        assert [t.topic.id for t in work.topics if t.primary] == [f"arxiv:{primary.get('term')}"]
    text = ATOM.read_text(encoding="utf-8").splitlines()
    assert all(text[p.line - 1].strip() == "<entry>" for p in items)

    cv = [w for w in got if "cs.CV" in w.categories]
    assert cv and all(
        t.topic.name == "Computer Vision and Pattern Recognition"
        for w in cv
        for t in w.topics
        if t.topic.id == "arxiv:cs.CV"
    )


@needs_data
def test_atom_affiliations_code_url_and_mojibake() -> None:
    by_id = {w.arxiv_id: w for w in works(list(parse_arxiv(ATOM)))}

    gaudel = by_id["0804.0970"].authorships[0]
    assert gaudel.author.display_name == "Marie-Claude Gaudel"
    digest = hashlib.sha1(b"lri").hexdigest()[:16]
    assert [(i.id, i.name) for i in gaudel.institutions] == [(f"inst:{digest}", "LRI")]

    # Real record whose <arxiv:comment> names its GitHub repository.
    assert by_id["1706.00679"].code_url == "https://github.com/ydecastro/super-resolution-testing"

    # The sample stores UTF-8 read as Latin-1 ("RamÃ\xadrez"); names come out repaired.
    raw_names = [n.text for n in ET.parse(ATOM).getroot().iterfind(".//a:author/a:name", ATOM_NS)]
    damaged = [n for n in raw_names if n and "Ã" in n]
    assert damaged
    all_names = {a.author.display_name for w in by_id.values() for a in w.authorships}
    for name in damaged:
        assert name.encode("latin-1").decode("utf-8") in all_names
    assert "Aurora Ramírez" in all_names


def test_malformed_xml_keeps_earlier_records(tmp_path: Path) -> None:
    entry = (
        "<entry><id>http://arxiv.org/abs/{0}v1</id><title>T</title>"
        "<published>2020-01-0{1}T00:00:00Z</published><author><name>A B</name></author>"
        '<category term="cs.CV"/></entry>'
    )
    body = "\n".join(
        [
            "<?xml version='1.0' encoding='UTF-8'?>",
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            entry.format("2001.00001", 1),
            entry.format("2001.00002", 2),
            "<entry><id>http://arxiv.org/abs/2001.00003v1</id><title>broken</entry>",
            entry.format("2001.00004", 4),
            "</feed>",
        ]
    )
    path = tmp_path / "feed.xml"
    path.write_text(body, encoding="utf-8")

    items = list(parse_arxiv(path))
    assert [w.arxiv_id for w in works(items)] == ["2001.00001", "2001.00002"]
    assert [w.publication_date for w in works(items)] == ["2020-01-01", "2020-01-02"]
    last = items[-1].rejected
    assert last is not None and last.line == 5
    assert last.reason == (
        "invalid XML: mismatched tag at line 5, column 65; the rest of the file could not be read"
    )


def test_oai_arxiv_format_and_deleted_record(tmp_path: Path) -> None:
    path = tmp_path / "oai.xml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <request verb="ListRecords" metadataPrefix="arXiv">http://export.arxiv.org/oai2</request>
  <ListRecords>
    <record>
      <header><identifier>oai:arXiv.org:hep-th/9901001</identifier></header>
      <metadata>
        <arXiv xmlns="http://arxiv.org/OAI/arXiv/">
          <id>hep-th/9901001</id><created>1999-01-04</created><updated>1999-03-01</updated>
          <authors>
            <author><keyname>Sch\\"onberg</keyname><forenames>J.</forenames>
              <affiliation>CERN</affiliation></author>
            <author><keyname>Smith</keyname><forenames>A. B.</forenames><suffix>Jr</suffix></author>
          </authors>
          <title>Strings
            and things</title>
          <categories>hep-th alg-geom</categories>
          <abstract>  Code: github.com/x/y. </abstract>
        </arXiv>
      </metadata>
    </record>
    <record>
      <header status="deleted"><identifier>oai:arXiv.org:2001.00002</identifier></header>
    </record>
  </ListRecords>
</OAI-PMH>
""",
        encoding="utf-8",
    )
    items = list(parse_arxiv(path))
    (work,) = works(items)
    assert work.key == "arxiv:hep-th/9901001"
    assert work.title == "Strings and things"
    assert work.publication_date == "1999-01-04" and work.year == 1999
    assert [a.author.display_name for a in work.authorships] == ["J. Schönberg", "A. B. Smith Jr"]
    assert [a.position for a in work.authorships] == ["first", "last"]
    assert work.authorships[0].institutions[0].name == "CERN"
    assert work.code_url == "https://github.com/x/y"
    legacy = work.topics[1].topic
    assert (legacy.id, legacy.name, parent_id(legacy)) == (
        "arxiv:alg-geom",
        "Algebraic Geometry",
        "arxiv:math",
    )
    assert items[0].line == 5
    deleted = items[1].rejected
    assert deleted is not None and deleted.line == 22
    assert deleted.reason == 'deleted record (OAI-PMH header status="deleted")'


# --- format errors -------------------------------------------------------------------------------


def test_csv_raises_format_error_at_call(tmp_path: Path) -> None:
    path = tmp_path / "papers.jsonl"  # the extension lies; content decides
    path.write_text("id,title,doi\n2101.00001,A paper,10.1/x\n", encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        parse_arxiv(path)  # no iteration needed: the check is eager
    assert str(exc.value) == (
        f"{path}: not an arXiv metadata file ({EXPECTED}); found text starting with 'id,title,doi'"
    )


def test_openalex_json_raises_format_error(tmp_path: Path) -> None:
    path = tmp_path / "works.json"
    path.write_text(
        json.dumps({"meta": {"count": 1}, "results": [{"id": "https://openalex.org/W1"}]}),
        encoding="utf-8",
    )
    with pytest.raises(FormatError) as exc:
        parse_arxiv(path)
    assert str(exc.value) == (
        f"{path}: not an arXiv metadata file ({EXPECTED}); "
        "found a JSON object with keys: meta, results"
    )


@needs_data
def test_real_openalex_and_dblp_files_are_refused() -> None:
    with pytest.raises(
        FormatError, match=r"found a JSON object with keys: abstract_inverted_index"
    ):
        parse_arxiv(DATA / "openalex" / "work_W2741809807.json")
    with pytest.raises(FormatError, match=r"found XML with root element <dblp>$"):
        parse_arxiv(DATA / "dblp" / "dblp_sample_incollection.xml")


def test_empty_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    with pytest.raises(FormatError, match=r"found an empty file$"):
        parse_arxiv(path)


# --- streaming -----------------------------------------------------------------------------------


@needs_data
def test_memory_stays_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    chunk = KAGGLE.read_bytes()
    with path.open("wb") as out:
        for _ in range(25):  # ~5.6 MB, 4,000 records
            out.write(chunk)
    tracemalloc.start()
    try:
        count = sum(1 for p in parse_arxiv(path) if p.record)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 4000
    # The 1 MiB format sniff dominates; the records themselves are never accumulated.
    assert peak < path.stat().st_size / 2


# --- author strings and taxonomy -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("A. Smith, B. Jones and C. Brown", ["A. Smith", "B. Jones", "C. Brown"]),
        (
            "A. Smith (MIT, USA), B. Jones, and C. Brown et al.",
            ["A. Smith", "B. Jones", "C. Brown"],
        ),
        (
            "Sorina Ionica (LFANT, UB), Emmanuel Thom\\'e (CARAMEL)",
            ["Sorina Ionica", "Emmanuel Thomé"],
        ),
        ("J. Smith, Jr., K. Lee", ["J. Smith Jr.", "K. Lee"]),
        ("ATLAS Collaboration: G. Aad, et al", ["ATLAS Collaboration", "G. Aad"]),
        ("X. Li ((1) Tsinghua, (2) PKU), Y. Wu", ["X. Li", "Y. Wu"]),
        ("Single Author", ["Single Author"]),
        ("", []),
    ],
)
def test_parse_author_string(raw: str, names: list[str]) -> None:
    assert parse_author_string(raw) == names


def test_decode_tex_accents() -> None:
    assert decode_tex_accents("S{\\l}upi\\'nski") == "Słupiński"
    assert decode_tex_accents("H{\\aa}kan, Bj\\o rn, Garc\\'{\\i}a") == "Håkan, Bjørn, García"
    assert decode_tex_accents("Sj\\\"oqvist, Mach\\'a\\v{c}ek") == "Sjöqvist, Macháček"


def test_taxonomy() -> None:
    assert category_name("cs.CV") == "Computer Vision and Pattern Recognition"
    assert category_name("cs.CL") == "Computation and Language"
    assert category_name("cs.LG") == "Machine Learning"
    assert category_name("hep-th") == "High Energy Physics - Theory"
    assert category_name("math.MP") == category_name("math-ph") == "Mathematical Physics"
    assert category_name("cs.NA") == category_name("math.NA") == "Numerical Analysis"
    assert category_name("q-alg") == "Quantum Algebra and Topology"
    assert category_name("cond-mat") == "Condensed Matter"
    assert category_name("physics.gen-ph") == "General Physics"
    assert category_name("cs.XX") is None
    assert archive_of("astro-ph.CO") == "astro-ph"
    assert archive_of("quant-ph") == "quant-ph"
    assert archive_of("solv-int") == "nlin"
    assert all(archive_of(c) in ARCHIVES for c in [*CATEGORIES, *LEGACY_CATEGORIES])
    assert len(ARCHIVES) == 20


@needs_data
def test_every_sample_category_has_a_name() -> None:
    seen = {
        c for f in (KAGGLE, OAI, ATOM) for w in works(list(parse_arxiv(f))) for c in w.categories
    }
    assert seen and {c for c in seen if category_name(c) is None} == set()
