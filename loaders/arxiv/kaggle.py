"""The Kaggle arXiv snapshot: JSON lines, one record per line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from loaders.arxiv.fields import (
    _Author,
    _Fields,
    _first_doi,
    _require_id,
    _rfc2822_date,
)
from loaders.arxiv.mapping import _build_work
from loaders.arxiv.text import _clean, parse_author_string
from loaders.records import Parsed
from loaders.source_files import BadRecord, accept, open_source, reject


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
    except BadRecord as exc:
        return reject(path, line_no, str(exc), text)
    return accept(path, line_no, work, text)


def _decode_json_line(raw: bytes) -> object:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRecord(f"invalid UTF-8: {exc}") from None
    try:
        return json.loads(text.lstrip("\ufeff"))  # a BOM can open the first line
    except ValueError as exc:
        raise BadRecord(f"invalid JSON: {exc}") from None
    except RecursionError:
        # A Kaggle record is three levels deep; thousands of levels is one broken line.
        raise BadRecord("invalid JSON: nested too deeply (over the parser's depth limit)") from None


def _kaggle_fields(obj: object) -> _Fields:
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object, got {_type(obj)}")
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
    raise BadRecord(f"{key}: expected a string, got {_type(value)}")


def _type(value: object) -> str:
    names = {dict: "object", list: "list", str: "str", bool: "bool", int: "int", float: "float"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _kaggle_first_date(versions: object) -> date | None:
    """Date of v1: the entry labelled "v1", else the first entry (the list is in version order)."""
    if versions is None:
        return None
    if not isinstance(versions, list):
        raise BadRecord(f"versions: expected a list, got {_type(versions)}")
    if not versions:
        return None
    for i, v in enumerate(versions):
        if not isinstance(v, dict):
            raise BadRecord(f"versions[{i}]: expected an object, got {_type(v)}")
    index = next((i for i, v in enumerate(versions) if v.get("version") == "v1"), 0)
    created = versions[index].get("created")
    if not isinstance(created, str):
        raise BadRecord(f"versions[{index}].created: expected a string, got {_type(created)}")
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
        raise BadRecord(f"authors_parsed: expected a list, got {_type(parsed)}")
    return [_Author(n) for n in (_parsed_name(i, a) for i, a in enumerate(parsed)) if n]


def _parsed_name(index: int, parts: object) -> str:
    if not isinstance(parts, list):
        raise BadRecord(f"authors_parsed[{index}]: expected a list, got {_type(parts)}")
    for j, part in enumerate(parts):
        if part is not None and not isinstance(part, str):
            raise BadRecord(f"authors_parsed[{index}][{j}]: expected a string, got {_type(part)}")
    last, first, suffix = (list(parts) + ["", "", ""])[:3]
    # Kaggle's splitter turns "C.-P." into "C. -P."; rejoin hyphenated initials.
    first = _SPLIT_INITIALS.sub(r"\1-", first or "")
    return _clean(" ".join(p for p in (first, last, suffix) if p)) or ""


_SPLIT_INITIALS = re.compile(r"(\w\.) -(?=\w)")
