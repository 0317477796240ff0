"""loaders.dblp: written dblp XML (entities without the DTD, every record type, damage) and the
real sample in ../shared/data/dblp, counted from the raw XML."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from loaders.dblp import LATIN1_ENTITIES, parse_dblp
from loaders.records import FormatError, Parsed, WorkRecord
from tests.support.source_records import HEAD, RECORDS


def write(tmp_path: Path, name: str, text: str, *, gz: bool = False) -> Path:
    data = text.encode("iso-8859-1")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def parse(path: Path) -> tuple[list[WorkRecord], list[Parsed]]:
    items = list(parse_dblp(path))
    return [i.record for i in items if isinstance(i.record, WorkRecord)], [i for i in items if i.rejected]


def test_records_entities_and_venues(tmp_path: Path) -> None:
    works, rejected = parse(write(tmp_path, "dblp.xml", HEAD + RECORDS + "</dblp>\n"))  # no dblp.dtd beside it
    assert [w.key for w in works] == ["dblp:journals/tocs/MullerS20", "dblp:conf/cvpr/Lee21",
                                      "dblp:journals/corr/abs-2102-00002", "dblp:phd/Turing38"]
    a = works[0]
    assert (a.title, a.year, a.type, a.doi, a.source_name) == (
        "On × products", 2020, "article", "10.1145/abc.123", "dblp")
    assert [(x.author.display_name, x.author.orcid, x.position) for x in a.authorships] == [
        ("Jörg Müller", "0000-0002-1825-0097", "first"), ("François Sæther", None, "last")]
    assert a.source is not None and (a.source.id, a.source.name, a.source.type) == (
        "dblp:journals/tocs", "ACM Trans. Comput. Syst.", "journal")
    b = works[1]
    assert (b.title, b.arxiv_id, b.type) == ("Seeing?", "2101.00001", "article")
    assert b.source is not None and (b.source.id, b.source.type) == ("dblp:conf/cvpr", "conference")
    assert (works[2].type, works[2].arxiv_id) == ("preprint", "2102.00002")
    assert (works[3].type, works[3].source) == ("dissertation", None)  # a thesis names no venue
    lines = (HEAD + RECORDS).splitlines()
    bad_line = next(n + 1 for n, line in enumerate(lines) if 'key="journals/x/Bad"' in line)
    assert [(r.line, r.rejected.reason) for r in rejected if r.rejected] == [
        (bad_line, "<year>: expected a year, found '20x1'")]


def test_every_latin1_entity_resolves_without_the_dtd(tmp_path: Path) -> None:
    names = sorted(LATIN1_ENTITIES)
    title = "".join(f"&{n};" for n in names)
    text = f'{HEAD}<article key="journals/x/E"><title>{title}</title><year>2000</year></article></dblp>'
    (w,), _ = parse(write(tmp_path, "e.xml", text))
    assert w.title == re.sub(r"\s+", " ", "".join(LATIN1_ENTITIES[n] for n in names)).strip()
    no_doctype = '<?xml version="1.0" encoding="ISO-8859-1"?><dblp><book key="books/x/Y"><title>K&ouml;ln</title>' \
                 "</book></dblp>"
    (w,), _ = parse(write(tmp_path, "n.xml", no_doctype))
    assert w.title == "Köln"


def test_damage_and_broken_xml_keep_what_was_read(tmp_path: Path) -> None:
    many = "".join(f'<article key="journals/x/A{n}"><author>A{n} B</author><title>T{n}.</title><year>2000</year>'
                   f"</article>\n" for n in range(3000))
    data = gzip.compress((HEAD + many + "</dblp>\n").encode("iso-8859-1"))
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(data[: len(data) // 2])
    works, rejected = parse(cut)
    assert 0 < len(works) < 3000 and [w.key for w in works] == [f"dblp:journals/x/A{n}" for n in range(len(works))]
    assert len(rejected) == 1 and rejected[0].rejected is not None
    assert "unreadable file content" in rejected[0].rejected.reason
    unclosed = RECORDS.replace("<year>2021</year>\n<booktitle>", "<year>2021<booktitle>")
    broken = write(tmp_path, "broken.xml", HEAD + unclosed)
    works, rejected = parse(broken)
    assert [w.key for w in works] == ["dblp:journals/tocs/MullerS20"]
    assert len(rejected) == 1 and "invalid XML: mismatched tag" in str(rejected[0].rejected)


def test_not_dblp(tmp_path: Path) -> None:
    for name, text in {"empty.xml": "", "feed.xml": '<?xml version="1.0"?><feed/>', "x.json": "{}"}.items():
        with pytest.raises(FormatError, match="not a dblp XML file"):
            parse_dblp(write(tmp_path, name, text))


def test_real_sample(shared_data: Path) -> None:
    path = shared_data / "dblp" / "dblp_sample_incollection.xml"
    text = path.read_bytes().decode("iso-8859-1")
    records = re.findall(r"<(article|inproceedings|incollection|book|phdthesis|mastersthesis) [^>]*key=", text)
    works, rejected = parse(path)
    assert rejected == [] and len(works) == len(records) == text.count("<incollection ")
    assert sum(len(w.authorships) for w in works) == len(re.findall(r"<author[ >]", text))
    assert sum(a.author.orcid is not None for w in works for a in w.authorships) == text.count('<author orcid="')
    chunks = text.split("</incollection>")[:-1]  # one per record
    assert sum(w.doi is not None for w in works) == sum("<ee>https://doi.org/" in c for c in chunks)
    # names with entities come out as text, without the DTD
    names = {a.author.display_name for w in works for a in w.authorships}
    for entity_name in re.findall(r"<author[^>]*>([^<]*&[a-z]+;[^<]*)</author>", text):
        unescaped = re.sub(r"&([a-z]+);", lambda m: LATIN1_ENTITIES[m.group(1)], entity_name)
        assert re.sub(r"\s+\d{4}$", "", unescaped) in names
    assert {w.source.id for w in works if w.source} == {"dblp:reference/vision"}
    root = ET.fromstring(re.sub(r"&([a-z]+);", lambda m: LATIN1_ENTITIES[m.group(1)], text.split("\n", 2)[2]))
    assert [w.title for w in works] == [
        re.sub(r"\s+", " ", "".join(e.find("title").itertext())).strip().removesuffix(".")  # type: ignore[union-attr]
        for e in root]
