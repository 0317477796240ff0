"""The fields of arXiv XML records: API Atom entries and OAI-PMH arXiv / arXivRaw records."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from loaders.arxiv.fields import (
    _Author,
    _Fields,
    _first_doi,
    _iso_date,
    _require_id,
    _rfc2822_date,
)
from loaders.arxiv.formats import _A, _AX, _O, _R, _X, _pretty_tag
from loaders.arxiv.text import _clean, _strip_parenthesised, decode_tex_accents, parse_author_string
from loaders.arxiv.xml_records import _read_xml
from loaders.records import (
    Parsed,
)
from loaders.source_files import BadRecord


def _read_atom(path: Path) -> Iterator[Parsed]:
    return _read_xml(path, f"{_A}entry", _atom_fields)


def _read_oai(path: Path) -> Iterator[Parsed]:
    return _read_xml(path, f"{_O}record", _oai_fields)


def _text(elem: ET.Element, tag: str) -> str | None:
    """Whitespace-collapsed text of a child element, None if absent or blank."""
    child = elem.find(tag)
    return None if child is None else _clean("".join(child.itertext()))


def _atom_fields(entry: ET.Element) -> _Fields:
    raw_id = _text(entry, f"{_A}id")
    if raw_id and "/api/errors" in raw_id:
        # The API reports a bad query as a feed with one pseudo-entry describing the error.
        raise BadRecord(f"arXiv API error entry: {_text(entry, f'{_A}summary') or raw_id}")
    primary = entry.find(f"{_AX}primary_category")
    return _Fields(
        arxiv_id=_require_id(raw_id),
        title=_text(entry, f"{_A}title"),
        abstract=_text(entry, f"{_A}summary"),
        comments=_text(entry, f"{_AX}comment"),
        doi=_first_doi(_text(entry, f"{_AX}doi")),
        categories=[c.get("term", "") for c in entry.findall(f"{_A}category")],
        first_date=_iso_date(_text(entry, f"{_A}published"), "published"),
        authors=[_atom_author(a) for a in entry.findall(f"{_A}author")],
        primary=None if primary is None else primary.get("term"),
    )


def _atom_author(author: ET.Element) -> _Author:
    affiliations = [_clean(a.text) for a in author.findall(f"{_AX}affiliation")]
    name = _clean(_text(author, f"{_A}name"))
    if not name:
        raise BadRecord("author: missing <name>")
    return _Author(_strip_parenthesised(name), [a for a in affiliations if a])


def _oai_fields(record: ET.Element) -> _Fields:
    header = record.find(f"{_O}header")
    if header is not None and header.get("status") == "deleted":
        raise BadRecord('deleted record (OAI-PMH header status="deleted")')
    metadata = record.find(f"{_O}metadata")
    if metadata is None or len(metadata) == 0:
        raise BadRecord("missing <metadata>")
    body = metadata[0]
    header_id = None if header is None else _text(header, f"{_O}identifier")
    if body.tag == f"{_R}arXivRaw":
        return _arxivraw_fields(body, header_id)
    if body.tag == f"{_X}arXiv":
        return _arxiv_oai_fields(body, header_id)
    raise BadRecord(f"unsupported metadata format <{_pretty_tag(body.tag)}>")


def _oai_id(body: ET.Element, ns: str, header_id: str | None) -> str:
    """The metadata <id>; the header's oai:arXiv.org:<id> names the same paper if it is absent."""
    own = _text(body, f"{ns}id")
    if own:
        return _require_id(own)
    if header_id and header_id.startswith("oai:arXiv.org:"):
        return _require_id(header_id.removeprefix("oai:arXiv.org:"))
    raise BadRecord("missing id")


def _arxivraw_fields(body: ET.Element, header_id: str | None) -> _Fields:
    return _Fields(
        arxiv_id=_oai_id(body, _R, header_id),
        title=_text(body, f"{_R}title"),
        abstract=_text(body, f"{_R}abstract"),
        comments=_text(body, f"{_R}comments"),
        doi=_first_doi(_text(body, f"{_R}doi")),
        categories=(_text(body, f"{_R}categories") or "").split(),
        first_date=_arxivraw_first_date(body),
        authors=[_Author(n) for n in parse_author_string(_text(body, f"{_R}authors") or "")],
    )


def _arxivraw_first_date(body: ET.Element) -> date | None:
    versions = body.findall(f"{_R}version")
    if not versions:
        return None
    v1 = next((v for v in versions if v.get("version") == "v1"), versions[0])
    label = f'version[@version="{v1.get("version")}"]/date'
    when = _text(v1, f"{_R}date")
    if when is None:
        raise BadRecord(f"{label}: missing")
    return _rfc2822_date(when, label)


def _arxiv_oai_fields(body: ET.Element, header_id: str | None) -> _Fields:
    # <created> is the v1 submission date in this format (<updated> is the latest version's).
    return _Fields(
        arxiv_id=_oai_id(body, _X, header_id),
        title=_text(body, f"{_X}title"),
        abstract=_text(body, f"{_X}abstract"),
        comments=_text(body, f"{_X}comments"),
        doi=_first_doi(_text(body, f"{_X}doi")),
        categories=(_text(body, f"{_X}categories") or "").split(),
        first_date=_iso_date(_text(body, f"{_X}created"), "created"),
        authors=[_oai_author(a) for a in body.iterfind(f"{_X}authors/{_X}author")],
    )


def _oai_author(author: ET.Element) -> _Author:
    parts = (_text(author, f"{_X}{t}") for t in ("forenames", "keyname", "suffix"))
    name = decode_tex_accents(" ".join(p for p in parts if p))
    if not name:
        raise BadRecord("author: missing <keyname>")
    affiliations = [_clean(a.text) for a in author.findall(f"{_X}affiliation")]
    return _Author(name, [a for a in affiliations if a])
