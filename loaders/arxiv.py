"""arXiv metadata parser: Kaggle JSON lines, OAI-PMH (arXiv / arXivRaw) XML and API Atom XML.

`parse_arxiv(path)` sniffs the format from the file's content (never its name), raises FormatError
straight away if it is none of the three, and otherwise returns a lazy stream of Parsed items: one
WorkRecord per record, or a Rejected saying exactly why a record could not be read. Memory stays
flat: JSON lines are read one line at a time, and XML is pulled through expat in 64 KiB chunks with
only the record being read held as an element tree.

Line numbers: JSON lines report the record's own line. XML reports the line of the record's start
tag (<entry> / <record>), taken from expat's CurrentLineNumber when that tag opens.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Literal
from xml.parsers import expat

from loaders.arxiv_taxonomy import ARCHIVES, CATEGORIES, archive_of, category_name
from loaders.ids import arxiv_id, doi, find_code_url, normalise_name
from loaders.records import (
    AuthorRecord,
    Authorship,
    FormatError,
    InstitutionRecord,
    Parsed,
    Position,
    SourceRecord,
    TopicLink,
    TopicRecord,
    WorkRecord,
)
from loaders.source_files import SourceFile, accept, check_record, open_source, reject

__all__ = [
    "ArxivFormat",
    "arxiv_topic",
    "decode_tex_accents",
    "detect_arxiv_format",
    "parse_arxiv",
    "parse_author_string",
]

ArxivFormat = Literal["kaggle", "oai-pmh", "atom"]

ATOM_NS = "http://www.w3.org/2005/Atom"
ARXIV_ATOM_NS = "http://arxiv.org/schemas/atom"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
ARXIV_OAI_NS = "http://arxiv.org/OAI/arXiv/"
ARXIVRAW_NS = "http://arxiv.org/OAI/arXivRaw/"

_A = f"{{{ATOM_NS}}}"
_AX = f"{{{ARXIV_ATOM_NS}}}"
_O = f"{{{OAI_NS}}}"
_X = f"{{{ARXIV_OAI_NS}}}"
_R = f"{{{ARXIVRAW_NS}}}"

_CHUNK = 64 * 1024
_SNIFF_BYTES = 1024 * 1024
_SNIFF_LINES = 20
_EXPECTED = "expected Kaggle arXiv JSON lines, OAI-PMH arXiv/arXivRaw XML or arXiv API Atom XML"
# Keys only the Kaggle snapshot has; two of them on one line identify the format (OpenAlex and
# Semantic Scholar JSON share "id" and "title", so those prove nothing).
_KAGGLE_KEYS = frozenset(
    {"authors_parsed", "versions", "categories", "update_date", "submitter", "journal-ref"}
)
_OAI_PREFIXES = frozenset({"arXiv", "arXivRaw"})


class _Bad(Exception):
    """A record-level problem; its message becomes the Rejected reason."""


@dataclass(slots=True)
class _Author:
    name: str
    affiliations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Fields:
    """What every format boils down to before the shared WorkRecord builder."""

    arxiv_id: str
    title: str | None
    abstract: str | None
    comments: str | None
    doi: str | None
    categories: list[str]
    first_date: date | None
    authors: list[_Author]
    primary: str | None = None


# --- public entry points -------------------------------------------------------------------------


def parse_arxiv(path: str | Path) -> Iterator[Parsed]:
    """Stream arXiv records from a Kaggle JSON-lines, OAI-PMH or Atom file (plain or gzip).

    The format is checked eagerly, so a wrong file raises FormatError at the call, before any
    iteration; records are then read lazily.
    """
    fmt = detect_arxiv_format(path)
    readers: dict[ArxivFormat, Callable[[Path], Iterator[Parsed]]] = {
        "kaggle": _read_kaggle,
        "oai-pmh": _read_oai,
        "atom": _read_atom,
    }
    return readers[fmt](Path(path))


def detect_arxiv_format(path: str | Path) -> ArxivFormat:
    """Which arXiv format a file holds, from its first bytes; FormatError if none of them."""
    p = Path(path)
    with open_source(p) as stream:
        head = stream.head(_SNIFF_BYTES)
        damage = stream.damage
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not first:
        raise _format_error(p, f"a damaged file ({damage})" if damage else "an empty file")
    if first == b"<":
        return _sniff_xml(p, head)
    return _sniff_json_lines(p, head)


def arxiv_topic(code: str) -> TopicRecord:
    """The topic node for an arXiv category code, with its archive as parent.

    A code that is its own archive ("hep-th", or the pre-2009 bare "astro-ph") gets no parent, since
    a parent with the same id would be a SUBTOPIC_OF self-loop. Its level is "archive" when that
    archive also has dotted sub-categories ("astro-ph" is the parent of "astro-ph.CO"), so a node
    id always carries one level; otherwise "category".
    """
    archive = archive_of(code)
    name = category_name(code) or code
    if archive == code:
        level = "archive" if code in _SUBDIVIDED_ARCHIVES else "category"
        return TopicRecord(id=f"arxiv:{code}", name=name, level=level, scheme="arxiv")
    parent = TopicRecord(
        id=f"arxiv:{archive}", name=ARCHIVES.get(archive, archive), level="archive", scheme="arxiv"
    )
    return TopicRecord(
        id=f"arxiv:{code}", name=name, level="category", scheme="arxiv", parent=parent
    )


_SUBDIVIDED_ARCHIVES = frozenset(c.split(".", 1)[0] for c in CATEGORIES if "." in c)


# --- format sniffing -----------------------------------------------------------------------------


def _format_error(path: Path, found: str) -> FormatError:
    return FormatError(f"{path}: not an arXiv metadata file ({_EXPECTED}); found {found}")


def _sniff_json_lines(path: Path, head: bytes) -> ArxivFormat:
    """Kaggle if one of the first non-blank lines is a JSON object with Kaggle-only keys.

    Looking past line 1 keeps a snapshot whose first line happens to be corrupt loadable. A line
    cut off by the 1 MiB sniffing window simply fails to parse, which is harmless here.
    """
    lines = _first_lines(head)
    for obj in lines:
        if isinstance(obj, dict) and len(_KAGGLE_KEYS & obj.keys()) >= 2:
            return "kaggle"
    raise _format_error(path, _describe_json(head, lines))


def _first_lines(head: bytes) -> list[object]:
    """Up to _SNIFF_LINES non-blank lines, each parsed as JSON (None where it is not JSON)."""
    lines = (raw for raw in head.split(b"\n") if raw.strip())
    return [_try_json(raw) for _, raw in zip(range(_SNIFF_LINES), lines, strict=False)]


def _try_json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _describe_json(head: bytes, lines: list[object]) -> str:
    """A short, specific account of a non-Kaggle file for the FormatError message."""
    first = lines[0] if lines else None
    if isinstance(first, dict):
        keys = sorted(first)
        shown = ", ".join(keys[:12]) + (", ..." if len(keys) > 12 else "")
        return f"a JSON object with keys: {shown}"
    if isinstance(first, list):
        return "a JSON array"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").decode("utf-8", "replace")
    line = text.splitlines()[0] if text else ""
    if line.startswith(("{", "[")):
        return f"JSON that is not one arXiv record per line (starts {line[:60]!r})"
    return f"text starting with {line[:80]!r}"


def _sniff_xml(path: Path, head: bytes) -> ArxivFormat:
    """Atom or OAI-PMH by the root element; OAI-PMH also by its metadataPrefix when stated."""
    root, prefix, error = _xml_root(head)
    if root is None:
        raise _format_error(path, f"XML that could not be parsed ({error or 'no root element'})")
    if root == f"{_A}feed":
        return "atom"
    if root == f"{_O}OAI-PMH":
        if prefix is not None and prefix not in _OAI_PREFIXES:
            raise _format_error(
                path, f"OAI-PMH XML with metadataPrefix {prefix!r} (only arXiv and arXivRaw)"
            )
        return "oai-pmh"
    raise _format_error(path, f"XML with root element <{_pretty_tag(root)}>")


def _xml_root(head: bytes) -> tuple[str | None, str | None, str | None]:
    """(root tag, OAI request metadataPrefix, parse error) from the start of an XML document."""
    parser = expat.ParserCreate(namespace_separator="}")
    found: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _clark(name)
        found.setdefault("root", tag)
        if tag == f"{_O}request" and "metadataPrefix" in attrs:
            found["prefix"] = attrs["metadataPrefix"]

    parser.StartElementHandler = start
    try:
        parser.Parse(head, False)
    except expat.ExpatError as exc:
        return found.get("root"), found.get("prefix"), str(exc)
    return found.get("root"), found.get("prefix"), None


def _clark(name: str) -> str:
    """expat's "uri}local" to ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


def _pretty_tag(tag: str) -> str:
    return tag[1:].replace("}", " ", 1) if tag.startswith("{") else tag


# --- Kaggle JSON lines ---------------------------------------------------------------------------


def _read_kaggle(path: Path) -> Iterator[Parsed]:
    line_no = 0
    with open_source(path) as stream:
        for line_no, raw in stream.lines():
            if raw.strip():
                yield _kaggle_line(path, line_no, raw)
        damaged = stream.damage_reject(line_no + 1)
    if damaged is not None:
        yield damaged


def _kaggle_line(path: Path, line_no: int, raw: bytes) -> Parsed:
    text = raw.decode("utf-8", "replace").rstrip("\r\n")
    try:
        obj = _decode_json_line(raw)
        work = _build_work(_kaggle_fields(obj))
    except _Bad as exc:
        return reject(path, line_no, str(exc), text)
    return accept(path, line_no, work, text)


def _decode_json_line(raw: bytes) -> object:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Bad(f"invalid UTF-8: {exc}") from None
    try:
        return json.loads(text.lstrip("\ufeff"))  # a BOM can open the first line
    except ValueError as exc:
        raise _Bad(f"invalid JSON: {exc}") from None
    except RecursionError:
        # A Kaggle record is three levels deep; thousands of levels is one broken line.
        raise _Bad("invalid JSON: nested too deeply (over the parser's depth limit)") from None


def _kaggle_fields(obj: object) -> _Fields:
    if not isinstance(obj, dict):
        raise _Bad(f"expected a JSON object, got {_type(obj)}")
    return _Fields(
        arxiv_id=_require_id(_opt_str(obj, "id")),
        title=_opt_str(obj, "title"),
        abstract=_opt_str(obj, "abstract"),
        comments=_opt_str(obj, "comments"),
        doi=_first_doi(_opt_str(obj, "doi")),
        categories=(_opt_str(obj, "categories") or "").split(),
        first_date=_kaggle_first_date(obj.get("versions")),
        authors=_kaggle_authors(obj),
    )


def _opt_str(obj: dict[str, object], key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _Bad(f"{key}: expected a string, got {_type(value)}")


def _type(value: object) -> str:
    names = {dict: "object", list: "list", str: "str", bool: "bool", int: "int", float: "float"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _kaggle_first_date(versions: object) -> date | None:
    """Date of v1: the entry labelled "v1", else the first entry (the list is in version order)."""
    if versions is None:
        return None
    if not isinstance(versions, list):
        raise _Bad(f"versions: expected a list, got {_type(versions)}")
    if not versions:
        return None
    for i, v in enumerate(versions):
        if not isinstance(v, dict):
            raise _Bad(f"versions[{i}]: expected an object, got {_type(v)}")
    index = next((i for i, v in enumerate(versions) if v.get("version") == "v1"), 0)
    created = versions[index].get("created")
    if not isinstance(created, str):
        raise _Bad(f"versions[{index}].created: expected a string, got {_type(created)}")
    return _rfc2822_date(created, f"versions[{index}].created")


def _kaggle_authors(obj: dict[str, object]) -> list[_Author]:
    """authors_parsed ([last, first, suffix, affiliation?]) when present, else the authors string.

    The optional 4th element is an affiliation arXiv split off the author string; it is often a
    footnote number ("1 and 2") or a fragment, so it is not turned into an institution.
    """
    parsed = obj.get("authors_parsed")
    if parsed is None:
        return [_Author(n) for n in parse_author_string(_opt_str(obj, "authors") or "")]
    if not isinstance(parsed, list):
        raise _Bad(f"authors_parsed: expected a list, got {_type(parsed)}")
    return [_Author(n) for n in (_parsed_name(i, a) for i, a in enumerate(parsed)) if n]


def _parsed_name(index: int, parts: object) -> str:
    if not isinstance(parts, list):
        raise _Bad(f"authors_parsed[{index}]: expected a list, got {_type(parts)}")
    for j, part in enumerate(parts):
        if part is not None and not isinstance(part, str):
            raise _Bad(f"authors_parsed[{index}][{j}]: expected a string, got {_type(part)}")
    last, first, suffix = (list(parts) + ["", "", ""])[:3]
    # Kaggle's splitter turns "C.-P." into "C. -P."; rejoin hyphenated initials.
    first = _SPLIT_INITIALS.sub(r"\1-", first or "")
    return _clean(" ".join(p for p in (first, last, suffix) if p)) or ""


_SPLIT_INITIALS = re.compile(r"(\w\.) -(?=\w)")


# --- XML (OAI-PMH and Atom) ----------------------------------------------------------------------


@dataclass(slots=True)
class _XmlFailure:
    """The document stopped being well-formed; expat cannot resume after this."""

    message: str
    line: int


class _RecordCollector:
    """expat handlers that build a tree for each record element and nothing else.

    Only the record being read is held; everything outside records (feed metadata, the OAI
    envelope) is dropped as it streams past, so memory does not grow with the file.
    """

    def __init__(self, parser: expat.XMLParserType, record_tag: str) -> None:
        self.parser = parser
        self.record_tag = record_tag
        self.builder: ET.TreeBuilder | None = None
        self.depth = 0
        self.line = 0  # start line of the record being built
        self.done: list[tuple[int, ET.Element]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _clark(name)
        if self.builder is None:
            if tag != self.record_tag:
                return
            self.builder = ET.TreeBuilder()
            self.depth = 0
            self.line = self.parser.CurrentLineNumber
        self.builder.start(tag, {_clark(k): v for k, v in attrs.items()})
        self.depth += 1

    def end(self, name: str) -> None:
        if self.builder is None:
            return
        self.builder.end(_clark(name))
        self.depth -= 1
        if self.depth == 0:
            self.done.append((self.line, self.builder.close()))
            self.builder = None

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def take(self) -> list[tuple[int, ET.Element]]:
        done, self.done = self.done, []
        return done


def _iter_xml_records(
    stream: SourceFile, record_tag: str
) -> Iterator[tuple[int, ET.Element | _XmlFailure]]:
    """(start line, element) for each record_tag element, fed to expat in 64 KiB chunks."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    collector = _RecordCollector(parser, record_tag)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.data
    while True:
        chunk = stream.read(_CHUNK)
        try:
            # What came before damaged gzip content is parsed without ending the document.
            parser.Parse(chunk, not chunk and stream.damage is None)
        except expat.ExpatError as exc:
            yield from collector.take()
            # Blame the record that was open when the document broke, else the error's own line.
            line = collector.line if collector.builder is not None else exc.lineno
            message = (
                f"invalid XML: {expat.ErrorString(exc.code)} at line {exc.lineno}, "
                f"column {exc.offset + 1}; the rest of the file could not be read"
            )
            yield line, _XmlFailure(message, exc.lineno)
            return
        yield from collector.take()
        if stream.damage is not None:
            # Blame the record the damage cut, else the line where reading stopped.
            line = collector.line if collector.builder is not None else parser.CurrentLineNumber
            yield line, _XmlFailure(stream.damage, parser.CurrentLineNumber)
            return
        if not chunk:
            return


def _read_xml(
    path: Path, record_tag: str, to_fields: Callable[[ET.Element], _Fields]
) -> Iterator[Parsed]:
    with open_source(path) as stream:
        for line, item in _iter_xml_records(stream, record_tag):
            if isinstance(item, _XmlFailure):
                yield reject(path, line, item.message, "")
                return
            yield _xml_record(path, line, item, to_fields)


def _xml_record(
    path: Path, line: int, elem: ET.Element, to_fields: Callable[[ET.Element], _Fields]
) -> Parsed:
    try:
        work = _build_work(to_fields(elem))
    except _Bad as exc:
        # Raw is re-serialised from the tree (expat does not hand back the source bytes), so
        # namespace prefixes read ns0:, ns1: rather than the file's own.
        problem = str(exc)
    else:
        problem = check_record(work)
        if problem is None:
            return Parsed(path=str(path), line=line, record=work)
    return reject(path, line, problem, ET.tostring(elem, encoding="unicode"))


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
        raise _Bad(f"arXiv API error entry: {_text(entry, f'{_A}summary') or raw_id}")
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
        raise _Bad("author: missing <name>")
    return _Author(_strip_parenthesised(name), [a for a in affiliations if a])


def _oai_fields(record: ET.Element) -> _Fields:
    header = record.find(f"{_O}header")
    if header is not None and header.get("status") == "deleted":
        raise _Bad('deleted record (OAI-PMH header status="deleted")')
    metadata = record.find(f"{_O}metadata")
    if metadata is None or len(metadata) == 0:
        raise _Bad("missing <metadata>")
    body = metadata[0]
    header_id = None if header is None else _text(header, f"{_O}identifier")
    if body.tag == f"{_R}arXivRaw":
        return _arxivraw_fields(body, header_id)
    if body.tag == f"{_X}arXiv":
        return _arxiv_oai_fields(body, header_id)
    raise _Bad(f"unsupported metadata format <{_pretty_tag(body.tag)}>")


def _oai_id(body: ET.Element, ns: str, header_id: str | None) -> str:
    """The metadata <id>; the header's oai:arXiv.org:<id> names the same paper if it is absent."""
    own = _text(body, f"{ns}id")
    if own:
        return _require_id(own)
    if header_id and header_id.startswith("oai:arXiv.org:"):
        return _require_id(header_id.removeprefix("oai:arXiv.org:"))
    raise _Bad("missing id")


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
        raise _Bad(f"{label}: missing")
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
        raise _Bad("author: missing <keyname>")
    affiliations = [_clean(a.text) for a in author.findall(f"{_X}affiliation")]
    return _Author(name, [a for a in affiliations if a])


# --- shared field helpers ------------------------------------------------------------------------


def _require_id(raw: str | None) -> str:
    if raw is None or not raw.strip():
        raise _Bad("missing id")
    bare = arxiv_id(raw)
    if bare is None:
        raise _Bad(f"id: not an arXiv identifier: {raw[:200]!r}")
    return bare


def _first_doi(raw: str | None) -> str | None:
    """First valid DOI; arXiv's doi field sometimes lists several separated by spaces."""
    if not raw:
        return None
    return next((d for d in map(doi, raw.split()) if d), None)


def _rfc2822_date(value: str, label: str) -> date:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        raise _Bad(f"{label}: not an RFC 2822 date: {value[:100]!r}") from None


def _iso_date(value: str | None, label: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise _Bad(f"{label}: not an ISO 8601 date: {value[:100]!r}") from None


# --- text cleaning -------------------------------------------------------------------------------

# UTF-8 read as Latin-1 ("GÃ¶tz" for "Götz"): a lead byte Â..ô followed by a continuation byte.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def _clean(text: str | None) -> str | None:
    """Collapse whitespace and undo UTF-8-as-Latin-1 damage; None for blank."""
    if text is None:
        return None
    text = " ".join(_fix_mojibake(text).split())
    return text or None


def _fix_mojibake(text: str) -> str:
    """Undo double-encoded UTF-8 only when the whole string round-trips cleanly.

    The shared Atom sample was recorded this way ("RamÃ­rez"); genuine text almost never both
    matches the pattern and survives Latin-1 -> UTF-8 decoding, so correct text is left alone.
    """
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


# --- author strings ------------------------------------------------------------------------------

_COMBINING = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    '"': "\u0308",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "r": "\u030a",
    "c": "\u0327",
    "k": "\u0328",
    "d": "\u0323",
    "b": "\u0331",
}
_TEX_LETTERS = {
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "i",  # dotless i only ever appears under an accent, where NFC gives the dotted form
    "j": "j",
}
_TEX_LETTER = re.compile(r"\\(aa|AA|ae|AE|oe|OE|ss|o|O|l|L|i|j)(?![A-Za-z])(?: (?=[A-Za-z]))?")
_TEX_SYMBOL_ACCENT = re.compile(r"\\([`'^~=.\"])\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))")
_TEX_WORD_ACCENT = re.compile(r"\\([uvHrckdb])(?:\s*\{\s*([A-Za-z])\s*\}|\s+([A-Za-z]))")


def decode_tex_accents(text: str, *, keep_math: bool = False) -> str:
    """'B\\'ela Bollob\\'as', 'S{\\l}upi\\'nski' -> 'Béla Bollobás', 'Słupiński'.

    arXiv author strings are typed in TeX; names must be Unicode to match other sources.
    `keep_math` (titles): only the accents and the braces around an accented letter go, so
    "Erd\\H{o}s and $\\Lambda_{\\alpha}$" -> "Erdős and $\\Lambda_{\\alpha}$".
    """
    if "\\" not in text and "{" not in text:
        return text
    text = _TEX_LETTER.sub(lambda m: _TEX_LETTERS[m.group(1)], text)
    text = _TEX_SYMBOL_ACCENT.sub(_accent, text)
    text = _TEX_WORD_ACCENT.sub(_accent, text)
    if keep_math:
        text = _BRACED_LETTER.sub(r"\1", text)
    else:
        text = text.replace("\\&", "&").replace("\\-", "").replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", text)


# "{ö}" or "{o + combining mark}", left by an accent written as {\\"o}; never math like "{a}".
_BRACED_LETTER = re.compile(r"\{([^\x00-\x7f][\u0300-\u036f]*|[A-Za-z][\u0300-\u036f]+)\}")


def _accent(m: re.Match[str]) -> str:
    """Base letter + combining mark; NFC later folds the pair into one precomposed letter."""
    return (m.group(2) or m.group(3)) + _COMBINING[m.group(1)]


# Separators between names: commas, semicolons, colons ("ATLAS Collaboration: A. Aad, ..."),
# ampersands and the word "and".
_NAME_SPLIT = re.compile(r"\s*(?:[,;:&]|\band\b)\s*")
_ET_AL = re.compile(r"\s*\bet\.?\s*al\.?$|^(?:and\s+)?others$", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")


def parse_author_string(text: str) -> list[str]:
    """'A. Smith (MIT), B. Jones, and C. Brown et al.' -> ['A. Smith', 'B. Jones', 'C. Brown'].

    TeX accents are decoded and parenthesised affiliations dropped before splitting, since
    affiliations contain commas of their own; "Jr."-style suffixes rejoin the preceding name.
    """
    text = _strip_parenthesised(decode_tex_accents(_clean(text) or ""))
    names: list[str] = []
    for piece in _NAME_SPLIT.split(text):
        name = _ET_AL.sub("", piece).strip(" .") if _ET_AL.search(piece) else piece.strip()
        if not name:
            continue
        if _SUFFIX.match(name) and names:
            names[-1] = f"{names[-1]} {name}"
        else:
            names.append(name)
    return names


def _strip_parenthesised(text: str) -> str:
    """Remove (possibly nested) parenthesised groups; an unmatched bracket is dropped by itself."""
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    if depth:
        # Unclosed "(": keep the text after it rather than silently losing later authors.
        return _strip_parenthesised(text.replace("(", " ", 1))
    return " ".join("".join(out).split())


# --- WorkRecord builder --------------------------------------------------------------------------

_ARXIV_SOURCE = ("arxiv", "arXiv", "repository")


def _build_work(f: _Fields) -> WorkRecord:
    abstract = _clean(f.abstract)
    comments = _clean(f.comments)
    categories = list(dict.fromkeys(c for c in f.categories if c))
    return WorkRecord(
        key=f"arxiv:{f.arxiv_id}",
        # Titles are shown and matched as text: "Erd\\H{o}s" is "Erdős" (abstracts keep their TeX).
        title=_clean(decode_tex_accents(f.title, keep_math=True)) if f.title else None,
        source_name="arxiv",
        abstract=abstract,
        publication_date=None if f.first_date is None else f.first_date.isoformat(),
        year=None if f.first_date is None else f.first_date.year,
        type="preprint",
        doi=f.doi,
        arxiv_id=f.arxiv_id,
        categories=categories,
        code_url=_code_url(f"{abstract or ''} {comments or ''}"),
        open_access=True,  # every arXiv paper is free to read there
        source=SourceRecord(*_ARXIV_SOURCE),
        authorships=_authorships(f.authors),
        topics=_topic_links(categories, f.primary),
    )


_CODE_HOSTS = ("github", "gitlab", "bitbucket")


def _code_url(text: str) -> str | None:
    # A substring test first: the URL regex is unanchored and was a fifth of the parse time.
    lowered = text.lower()
    if not any(host in lowered for host in _CODE_HOSTS):
        return None
    return find_code_url(text)


def _topic_links(categories: list[str], primary: str | None) -> list[TopicLink]:
    """One link per category; the primary is the stated one (Atom) or else the first listed."""
    if primary not in categories:
        primary = categories[0] if categories else None
    return [TopicLink(topic=arxiv_topic(c), primary=c == primary) for c in categories]


def _authorships(authors: list[_Author]) -> list[Authorship]:
    n = len(authors)
    return [
        Authorship(
            author=AuthorRecord(display_name=a.name),
            order=i,
            position=_position(i, n),
            institutions=[_institution(name) for name in a.affiliations if normalise_name(name)],
        )
        for i, a in enumerate(authors)
    ]


def _position(i: int, n: int) -> Position:
    if i == 0:
        return "first"
    return "last" if i == n - 1 else "middle"


def _institution(name: str) -> InstitutionRecord:
    digest = hashlib.sha1(normalise_name(name).encode("utf-8")).hexdigest()[:16]
    return InstitutionRecord(id=f"inst:{digest}", name=name)
