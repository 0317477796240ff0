"""The institutions and topics embedded in OpenAlex records (authorships, topics, an
author's affiliations), and the topic hierarchy's parents."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from loaders import ids
from loaders.openalex.fields import (
    _dict,
    _null_id,
    _str,
)
from loaders.records import (
    InstitutionRecord,
    TopicRecord,
)
from loaders.source_files import check_shared

T = TypeVar("T", InstitutionRecord, TopicRecord)

# Parsed once, by what the record says of them, and shared by the records that name them: an
# authorship's institution (the same few recur in every work) and a work's topic with its parents
# (a field's works share a few hundred). Never changed once built; cleared when full (flat memory).
_INSTITUTIONS: dict[tuple[Any, ...], InstitutionRecord | None] = {}
_TOPICS: dict[tuple[Any, ...], TopicRecord | None] = {}
_SHARED_MAX = 1 << 14


def _shared(cache: dict[tuple[Any, ...], T | None], key: tuple[Any, ...] | None,
            build: Callable[[], T | None]) -> T | None:
    """What `build` makes, from `cache` when `key` is there; checked once (check_shared) when
    made. A key that is None or holds a list or an object is built every time, so the record's
    own error, if it has one, is raised."""
    if key is None:
        return build()
    try:
        return cache[key]
    except KeyError:
        pass
    except TypeError:
        return build()
    found = build()
    if found is not None:
        check_shared(found)
    if len(cache) >= _SHARED_MAX:
        cache.clear()
    cache[key] = found
    return found


def _institution_ref(i: dict[str, Any], where: str) -> InstitutionRecord | None:
    # "id" in i: an id that is there but null is a reject (_null_id), one left out is not
    key = ("id" in i, i.get("id"), i.get("ror"), i.get("display_name"), i.get("country_code"), i.get("type"))
    return _shared(_INSTITUTIONS, key, lambda: _institution(i, where))


def _institution(i: dict[str, Any], where: str) -> InstitutionRecord | None:
    """An institution (dehydrated in authorships, full as an entity); None when it
    carries neither id nor ror nor name, since then it identifies nothing."""
    _null_id(i, where, "ror")
    openalex = ids.openalex_id(_str(i, "id", where))
    ror = ids.ror(_str(i, "ror", where))
    name = _str(i, "display_name", where)
    if not (openalex or ror or name):
        return None
    country = _str(i, "country_code", where)
    return InstitutionRecord(
        id=ids.institution_id(openalex, ror, name),
        name=name or "",
        ror=ror,
        country=country.upper() if country else None,
        type=_str(i, "type", where),
        openalex_id=openalex,
    )


_LEVELS = ("domain", "field", "subfield")


def _topic_chain(t: dict[str, Any], where: str) -> TopicRecord | None:
    return _shared(_TOPICS, _topic_key(t), lambda: _new_topic_chain(t, where))


def _topic_key(t: dict[str, Any]) -> tuple[Any, ...] | None:
    """What _new_topic_chain reads, where every id is a string; None (not cached) for any
    other shape: a null id is a reject, and 17 and 17.0 are one key but not one level id."""
    key: list[Any] = [t.get("id"), t.get("display_name")]
    if type(key[0]) is not str:
        return None
    for level in _LEVELS:
        node = t.get(level)
        if node is None:
            key.append(None)
            continue
        if type(node) is not dict or type(level_id := node.get("id")) is not str:
            return None
        key += (level_id, node.get("display_name"))
    return tuple(key)


def _new_topic_chain(t: dict[str, Any], where: str) -> TopicRecord | None:
    """A topic with its subfield > field > domain parents; None without a topic id."""
    _null_id(t, where)
    topic_id = ids.openalex_id(_str(t, "id", where))
    if topic_id is None:
        return None
    return TopicRecord(
        id=topic_id,
        name=_str(t, "display_name", where) or "",
        level="topic",
        scheme="openalex",
        parent=_hierarchy_parent(t, where, _LEVELS),
    )


def _hierarchy_parent(
    obj: dict[str, Any], where: str, levels: tuple[str, ...]
) -> TopicRecord | None:
    """Chain the given levels (top first) found on `obj`; a missing level is skipped
    so a subfield still hangs off the domain if the field is absent."""
    parent: TopicRecord | None = None
    for level in levels:
        node = _dict(obj, level, where)
        if node is None:
            continue
        node_id = _hierarchy_id(node.get("id"), level)
        if node_id is None:
            continue
        name = _str(node, "display_name", f"{where}{level}.") or ""
        parent = TopicRecord(node_id, name, level, "openalex", parent)
    return parent


_TRAILING_NUMBER = re.compile(r"(\d+)$", re.ASCII)


def _hierarchy_id(raw: Any, level: str) -> str | None:
    """'https://openalex.org/fields/17' (or 17, or '17') -> 'openalex:field:17'."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return f"openalex:{level}:{raw}"
    if not isinstance(raw, str):
        return None
    m = _TRAILING_NUMBER.search(raw.strip())
    return f"openalex:{level}:{m.group(1)}" if m else None
