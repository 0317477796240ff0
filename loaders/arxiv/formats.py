"""Which arXiv format a file holds (Kaggle JSON lines, OAI-PMH XML, API Atom XML), from its
first bytes; FormatError with an account of what it holds instead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal
from xml.parsers import expat

from loaders.records import (
    FormatError,
)
from loaders.source_files import open_source
from loaders.xml_stream import clark

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


_SNIFF_BYTES = 1024 * 1024
_SNIFF_LINES = 20
_EXPECTED = "expected Kaggle arXiv JSON lines, OAI-PMH arXiv/arXivRaw XML or arXiv API Atom XML"
# Keys only the Kaggle snapshot has; two of them on one line identify the format (OpenAlex and
# Semantic Scholar JSON share "id" and "title", so those prove nothing).
_KAGGLE_KEYS = frozenset(
    {"authors_parsed", "versions", "categories", "update_date", "submitter", "journal-ref"}
)
_OAI_PREFIXES = frozenset({"arXiv", "arXivRaw"})


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
        tag = clark(name)
        found.setdefault("root", tag)
        if tag == f"{_O}request" and "metadataPrefix" in attrs:
            found["prefix"] = attrs["metadataPrefix"]

    parser.StartElementHandler = start
    try:
        parser.Parse(head, False)
    except expat.ExpatError as exc:
        return found.get("root"), found.get("prefix"), str(exc)
    return found.get("root"), found.get("prefix"), None


def _pretty_tag(tag: str) -> str:
    return tag[1:].replace("}", " ", 1) if tag.startswith("{") else tag
