"""The institutions and topics embedded in OpenAlex records (authorships, topics, an
author's affiliations), and the topic hierarchy's parents."""

from __future__ import annotations

import re
from typing import Any

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

# An authorship's institution, by its fields: the same few institutions recur in every
# work. Shared, so never changed after it is built. Cleared when full (flat memory).
_INSTITUTIONS: dict[tuple[Any, ...], InstitutionRecord | None] = {}
_INSTITUTIONS_MAX = 1 << 14


def _institution_ref(i: dict[str, Any], where: str) -> InstitutionRecord | None:
    key = (i.get("id"), i.get("ror"), i.get("display_name"), i.get("country_code"), i.get("type"))
    try:
        return _INSTITUTIONS[key]
    except KeyError:
        pass
    except TypeError:  # a list or an object where a string belongs: _institution says so
        return _institution(i, where)
    found = _institution(i, where)
    if found is not None:
        check_shared(found)
    if len(_INSTITUTIONS) >= _INSTITUTIONS_MAX:
        _INSTITUTIONS.clear()
    _INSTITUTIONS[key] = found
    return found


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


# A work's topic with its parents, by their ids and names: a field's works share a few hundred
# topics. Shared and never changed, as _INSTITUTIONS; cleared when full.
_TOPICS: dict[tuple[Any, ...], TopicRecord | None] = {}
_TOPICS_MAX = 1 << 14


def _topic_chain(t: dict[str, Any], where: str) -> TopicRecord | None:
    key = _topic_key(t)
    if key is None:
        return _new_topic_chain(t, where)
    try:
        return _TOPICS[key]
    except KeyError:
        pass
    except TypeError:  # a list or an object where a name belongs: _new_topic_chain says so
        return _new_topic_chain(t, where)
    found = _new_topic_chain(t, where)
    if found is not None:
        check_shared(found)
    if len(_TOPICS) >= _TOPICS_MAX:
        _TOPICS.clear()
    _TOPICS[key] = found
    return found


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
