"""Which entity an OpenAlex record is (work, author, institution, topic, or a level of the
topic hierarchy) and its id: from the id's letter or URL path, or the record's shape."""

from __future__ import annotations

import re
from typing import Any

from loaders import ids
from loaders.openalex.fields import (
    _is_ascii_number,
    _show,
)
from loaders.source_files import BadRecord

_LETTER_KIND = {"W": "work", "A": "author", "I": "institution", "T": "topic"}
_UNSUPPORTED = {"S": "source", "P": "publisher", "F": "funder", "C": "concept"}
_HIERARCHY = re.compile(r"(?:^|/)(domain|field|subfield)s/(\d+)$", re.ASCII)


def _ids_openalex(obj: dict[str, Any]) -> Any:
    id_map = obj.get("ids")
    return id_map.get("openalex") if isinstance(id_map, dict) else None


def _identify(obj: dict[str, Any]) -> tuple[str, str]:
    """(kind, id) of an entity: kind from the id's letter, or for hierarchy levels
    from the URL path; a bare number (MAG-era id) is typed by the record's shape."""
    raw_id = given = obj.get("id")
    alias = _ids_openalex(obj)
    if raw_id is None:
        raw_id = alias
    if raw_id is None or raw_id == "":
        raise BadRecord("missing id" if "id" not in obj else "id: null, and no ids.openalex")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if alias is not None and raw_id is not alias:
        _check_alias(raw_id, given, alias)
    if not isinstance(raw_id, str):
        raise BadRecord(f"id: expected a string, got {_show(raw_id)}")
    hierarchy = _HIERARCHY.search(raw_id.strip())
    if hierarchy:
        return hierarchy.group(1), f"openalex:{hierarchy.group(1)}:{hierarchy.group(2)}"
    if _is_ascii_number(raw_id):
        letter = _letter_from_shape(obj)
        if letter:
            return _LETTER_KIND[letter], letter + raw_id.strip()
    short = ids.openalex_id(raw_id)
    if short is None:
        raise BadRecord(f"id: not an OpenAlex id: {_show(raw_id)}")
    if short[0] in _UNSUPPORTED:
        raise BadRecord(f"unsupported OpenAlex entity type: {_UNSUPPORTED[short[0]]} ({short})")
    return _LETTER_KIND[short[0]], short


def _check_alias(raw_id: Any, given: Any, alias: Any) -> None:
    """`id` and `ids.openalex` must name one entity: a bare number (MAG-era id) must be the
    digits of the OpenAlex id, anything else the same id. Which one is right cannot be
    told, so a conflict rejects the record rather than letting one silently win."""
    short = ids.openalex_id(alias) if isinstance(alias, str) else None
    if short is None:
        raise BadRecord(f"ids.openalex: not an OpenAlex id: {_show(alias)}")
    if isinstance(raw_id, str) and _is_ascii_number(raw_id):
        same = short[1:] == raw_id.strip()
    else:
        same = isinstance(raw_id, str) and ids.openalex_id(raw_id) == short
    if not same:
        raise BadRecord(f"id {_show(given)} conflicts with ids.openalex {_show(alias)}")


def _letter_from_shape(obj: dict[str, Any]) -> str | None:
    if any(k in obj for k in ("authorships", "referenced_works", "abstract_inverted_index")):
        return "W"
    if any(k in obj for k in ("last_known_institutions", "last_known_institution", "orcid")):
        return "A"
    if any(k in obj for k in ("ror", "geo", "lineage")):
        return "I"
    if "subfield" in obj:
        return "T"
    return None
