"""OpenAlex author, institution, topic and topic-hierarchy entity records -> records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loaders import ids
from loaders.openalex.fields import (
    _dict,
    _dicts,
    _int,
    _list,
    _show,
    _str,
)
from loaders.openalex.nested import _LEVELS, _hierarchy_parent, _institution
from loaders.records import (
    Affiliation,
    AuthorRecord,
    InstitutionRecord,
    TopicRecord,
)
from loaders.source_files import BadRecord


def _author(a: dict[str, Any], key: str) -> AuthorRecord:
    id_map = _dict(a, "ids") or {}
    orcid = ids.orcid(_str(a, "orcid")) or ids.orcid(_str(id_map, "orcid", "ids."))
    return AuthorRecord(
        display_name=_str(a, "display_name") or "",
        id=key,
        openalex_id=key,
        orcid=orcid,
        last_known_institutions=_last_known(a),
        works_count=_int(a, "works_count"),
        cited_by_count=_int(a, "cited_by_count"),
        affiliations=_affiliations(a),
        updated_date=_str(a, "updated_date"),
    )


def _affiliations(a: dict[str, Any]) -> list[Affiliation]:
    """`affiliations[]`: each institution with the years the author was there."""
    out = []
    for where, item in _dicts(a, "affiliations"):
        inst = _dict(item, "institution", where)
        found = _institution(inst, f"{where}institution.") if inst is not None else None
        if found is None:
            continue
        years = []
        for n, y in enumerate(_list(item, "years", where)):
            if type(y) is not int or not 0 < y < 10_000:  # `type is`: True is not a year
                raise BadRecord(f"{where}years[{n}]: expected a year, got {_show(y)}")
            years.append(y)
        out.append(Affiliation(found, sorted(set(years))))
    return out


def _last_known(a: dict[str, Any]) -> list[InstitutionRecord]:
    """`last_known_institutions` (list, current) or `last_known_institution` (one
    object, records before 2024)."""
    if a.get("last_known_institutions") is not None:
        found = [_institution(i, w) for w, i in _dicts(a, "last_known_institutions")]
    else:
        single = _dict(a, "last_known_institution")
        found = [_institution(single, "last_known_institution.")] if single else []
    return [i for i in found if i is not None]


def _institution_entity(i: dict[str, Any], key: str) -> InstitutionRecord:
    # The entity's own id is already checked (it may even be a bare MAG number).
    record = _institution({k: v for k, v in i.items() if k != "id"}, "")
    if record is None or not record.name:
        raise BadRecord("display_name: missing")
    record.id = record.openalex_id = key
    record.updated_date = _str(i, "updated_date")
    return record


def _topic_entity(t: dict[str, Any], key: str) -> TopicRecord:
    keywords = []
    for i, k in enumerate(_list(t, "keywords")):
        # Topic keywords are strings; other entities' keywords are objects.
        word = k.get("display_name") if isinstance(k, dict) else k
        if not isinstance(word, str):
            raise BadRecord(f"keywords[{i}]: expected a string, got {_show(k)}")
        keywords.append(word)
    return TopicRecord(
        id=key,
        name=_str(t, "display_name") or "",
        level="topic",
        scheme="openalex",
        parent=_hierarchy_parent(t, "", _LEVELS),
        description=_str(t, "description"),
        keywords=keywords,
        updated_date=_str(t, "updated_date"),
    )


def _level_entity(level: str) -> Callable[[dict[str, Any], str], TopicRecord]:
    """Builder for /domains, /fields, /subfields entities: parents are the levels above."""
    above = _LEVELS[: _LEVELS.index(level)]

    def build(obj: dict[str, Any], key: str) -> TopicRecord:
        return TopicRecord(
            id=key,
            name=_str(obj, "display_name") or "",
            level=level,
            scheme="openalex",
            parent=_hierarchy_parent(obj, "", above),
            description=_str(obj, "description"),
            updated_date=_str(obj, "updated_date"),
        )

    return build
