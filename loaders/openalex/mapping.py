"""One parsed JSON value of an OpenAlex file -> Parsed: the record its entity's builder
makes, or the reject that says why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loaders.openalex.entities import _author, _institution_entity, _level_entity, _topic_entity
from loaders.openalex.fields import _show
from loaders.openalex.identify import _identify
from loaders.openalex.works import _work
from loaders.records import (
    Parsed,
    Record,
)
from loaders.source_files import BadRecord, accept, reject


def _convert(obj: Any, name: str, line: int, raw: bytes | str, prefix: str) -> Parsed:
    """One parsed JSON value -> Parsed(record) or Parsed(rejected); `prefix` names the
    results element ("results[17]: ") in reasons."""
    try:
        if not isinstance(obj, dict):
            raise BadRecord(f"expected a JSON object, got {_show(obj)}")
        kind, key = _identify(obj)
        record = _BUILDERS[kind](obj, key)
    except BadRecord as err:
        return reject(name, line, f"{prefix}{err}", raw)
    return accept(name, line, record, raw)


_BUILDERS: dict[str, Callable[[dict[str, Any], str], Record]] = {
    "work": _work,
    "author": _author,
    "institution": _institution_entity,
    "topic": _topic_entity,
    "domain": _level_entity("domain"),
    "field": _level_entity("field"),
    "subfield": _level_entity("subfield"),
}
