"""dblp XML parser: `dblp.xml` and its samples (plain or gzip) -> WorkRecords.

Publication records (`article`, `inproceedings`, `incollection`, `book`, `phdthesis`,
`mastersthesis`) become works keyed "dblp:<key>", matched to existing works by the DOI or arXiv
id in their `ee` links. `proceedings` (a volume, not a paper), `www` (a person's page),
`person` and `data` records are skipped: they are not works.

The file is ISO-8859-1 and uses the DTD's named character entities (&uuml;). The DTD is never
read: expat is handed, in place of the external DTD, the HTML Latin-1 entity set (of which
dblp.dtd's 65 entities are a subset, with the same characters), so `&uuml;` is "ü" with or
without dblp.dtd beside the file.

Authors are name-only (with their ORCID when dblp gives one), resolved by the identity rules;
dblp's homonym number ("Manish Singh 0001") is not part of the name. The venue is a Source
keyed by dblp's stream ("dblp:conf/cvpr", "dblp:journals/tocs"), named by the record's
`journal` or `booktitle`.

Streaming: expat is fed 1 MiB at a time and only the record being read is held as a tree.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from loaders import ids
from loaders.records import (
    AuthorRecord,
    Authorship,
    FormatError,
    Parsed,
    Position,
    SourceRecord,
    WorkRecord,
)
from loaders.source_files import BOM, BadRecord, SourceFile, accept, nothing_found, open_source, reject, sniff
from loaders.xml_stream import RecordCollector

__all__ = ["LATIN1_ENTITIES", "parse_dblp"]

# Works, and their graph type; other record elements are skipped.
_WORK_TYPES = {
    "article": "article", "inproceedings": "article", "incollection": "book-chapter", "book": "book",
    "phdthesis": "dissertation", "mastersthesis": "dissertation",
}
_SKIPPED = frozenset({"proceedings", "www", "person", "data"})
_RECORDS = frozenset(_WORK_TYPES) | _SKIPPED
_SOURCE_TYPES = {"journals": "journal", "conf": "conference", "series": "book series", "reference": "book",
                 "books": "book"}

# The HTML Latin-1 entities (U+00A0..U+00FF): dblp.dtd's named entities are among them.
LATIN1_ENTITIES = {n: chr(c) for n, c in html.entities.name2codepoint.items() if 0xA0 <= c <= 0xFF}
_ENTITY_DTD = "".join(f'<!ENTITY {n} "&#{ord(c)};">' for n, c in LATIN1_ENTITIES.items()).encode("ascii")

_HOMONYM = re.compile(r"\s+\d{4}$")
_SPACE = re.compile(r"\s+")
_CORR = re.compile(r"^abs/(.+)$")


class _Broken(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def parse_dblp(path: str | Path) -> Iterator[Parsed]:
    """One Parsed per publication record, lazily; FormatError at the call for a file that is not
    dblp XML (its root element must be <dblp>)."""
    p = Path(path)
    head, damage = sniff(p)
    if not head.strip():
        raise FormatError(f"{p}: not a dblp XML file; found " + nothing_found(damage))
    root = re.search(rb"<([A-Za-z_][\w.\-]*)[\s>/]", re.sub(rb"<[?!][^>]*>", b"", head))
    if root is None or root.group(1) != b"dblp":
        found = f"<{root.group(1).decode('latin-1')}>" if root else repr(head[:60])
        raise FormatError(f"{p}: not a dblp XML file (expected the root element <dblp>); found {found}")
    return _read(p)


def _read(path: Path) -> Iterator[Parsed]:
    with open_source(path) as src:
        for line, elem in _records(src, path):
            if isinstance(elem, Parsed):
                yield elem
                continue
            if elem.tag in _SKIPPED:
                continue
            raw = ET.tostring(elem, encoding="unicode")
            try:
                record = work(elem)
            except BadRecord as exc:
                yield reject(path, line, str(exc), raw)
            else:
                yield accept(path, line, record, raw)


def _records(src: SourceFile, path: Path) -> Iterator[tuple[int, ET.Element | Parsed]]:
    """(line of the start tag, element) per record; a reject, last, where the file breaks."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_ALWAYS)
    parser.UseForeignDTD(True)  # ask for the DTD even without a DOCTYPE: the entity table is served

    def external(context: str | None, base: str | None, system_id: str | None, public_id: str | None) -> int:
        sub = parser.ExternalEntityParserCreate(context)
        sub.Parse(_ENTITY_DTD, True)
        return 1

    parser.ExternalEntityRefHandler = external
    collector = RecordCollector(parser, lambda tag, depth: depth == 2 and tag in _RECORDS)
    first = True
    while True:
        chunk = src.read()
        if first:
            chunk, first = chunk.removeprefix(BOM), False
        try:
            parser.Parse(chunk, not chunk)
        except expat.ExpatError as exc:
            yield from collector.take()
            damaged = src.damage_reject(parser.CurrentLineNumber)
            if damaged is not None:  # the XML broke because the file's content ended early
                yield parser.CurrentLineNumber, damaged
                return
            line = collector.line if collector.builder is not None else exc.lineno
            yield line, reject(path, line, f"invalid XML: {expat.ErrorString(exc.code)} at line {exc.lineno}, "
                                           f"column {exc.offset + 1}; the rest of the file could not be read", b"")
            return
        yield from collector.take()
        if not chunk:
            break
    damaged = src.damage_reject(parser.CurrentLineNumber)
    if damaged is not None:
        yield parser.CurrentLineNumber, damaged


def _text(elem: ET.Element | None) -> str | None:
    if elem is None:
        return None
    v = _SPACE.sub(" ", "".join(elem.itertext())).strip()
    return v or None


def work(elem: ET.Element) -> WorkRecord:
    """The WorkRecord of one dblp publication element."""
    key = elem.get("key", "").strip()
    if not key:
        raise BadRecord(f"a <{elem.tag}> without a key attribute")
    title = _text(elem.find("title"))
    if title and title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # dblp ends every title with a full stop; other sources do not
    year_text = _text(elem.find("year"))
    year = int(year_text) if year_text and year_text.isdigit() else None
    if year_text and year is None:
        raise BadRecord(f"<year>: expected a year, found {year_text[:40]!r}")
    links = [t for t in (_text(e) for e in elem.findall("ee")) if t]
    doi = next((d for d in map(ids.doi, links) if d), None)
    arxiv = next((a for a in map(ids.arxiv_id, links) if a), None) or _corr(elem)
    journal = _text(elem.find("journal"))
    kind = _WORK_TYPES[elem.tag]
    if journal == "CoRR":
        kind = "preprint"
    return WorkRecord(
        key=f"dblp:{key}",
        title=title,
        source_name="dblp",
        year=year,
        type=kind,
        doi=doi,
        arxiv_id=arxiv,
        source=_source(key, journal or _text(elem.find("booktitle"))),
        authorships=_authorships(elem.findall("author")),
    )


def _corr(elem: ET.Element) -> str | None:
    """arXiv preprints in dblp: journal CoRR, volume "abs/2101.00001"."""
    if _text(elem.find("journal")) != "CoRR":
        return None
    m = _CORR.match(_text(elem.find("volume")) or "")
    return ids.arxiv_id(m.group(1)) if m else None


def _source(key: str, name: str | None) -> SourceRecord | None:
    stream = key.rsplit("/", 1)[0]
    if not name or "/" not in key or stream.startswith(("homepages", "persons")):
        return None
    return SourceRecord(id=f"dblp:{stream}", name=name, type=_SOURCE_TYPES.get(stream.split("/", 1)[0]))


def _authorships(authors: list[ET.Element]) -> list[Authorship]:
    people = [(e, n) for e in authors if (n := _text(e))]
    out = []
    for order, (e, name) in enumerate(people):
        position: Position = "first" if order == 0 else "last" if order == len(people) - 1 else "middle"
        # The name as written, homonym number included, is dblp's key for one person.
        author = AuthorRecord(display_name=_HOMONYM.sub("", name), orcid=ids.orcid(e.get("orcid")), dblp_name=name)
        out.append(Authorship(author, order, position))
    return out
