"""Typed field access on an OpenAlex record: a wrong type becomes one exact rejection
reason that names the field (BadRecord)."""

from __future__ import annotations

import re
from typing import Any

from loaders.source_files import MAX_COUNT, BadRecord


def _show(v: Any) -> str:
    """A value as a reason shows it: strings quoted, JSON words for the rest."""
    if isinstance(v, str):
        return repr(v if len(v) <= 60 else v[:57] + "...")
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "an object"
    if isinstance(v, list):
        return "a list"
    return repr(v)


def _str(obj: dict[str, Any], key: str, where: str = "") -> str | None:
    v = obj.get(key)
    if v is None or isinstance(v, str):
        return v
    raise BadRecord(f"{where}{key}: expected a string, got {_show(v)}")


def _int(obj: dict[str, Any], key: str, where: str = "") -> int | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    # Tools that round-trip OpenAlex through dataframes write 2018.0 or "2018".
    if isinstance(v, float) and v.is_integer():
        if abs(v) > MAX_COUNT:  # int() would make up digits the file never had
            raise BadRecord(f"{where}{key}: {v!r} is over the largest storable integer (2^63-1)")
        return int(v)
    if isinstance(v, str) and _is_ascii_number(v):
        return int(v)
    raise BadRecord(f"{where}{key}: expected an integer, got {_show(v)}")


def _float(obj: dict[str, Any], key: str, where: str = "") -> float | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    raise BadRecord(f"{where}{key}: expected a number, got {_show(v)}")


def _bool(obj: dict[str, Any], key: str, where: str = "") -> bool | None:
    v = obj.get(key)
    if v is None or isinstance(v, bool):
        return v
    raise BadRecord(f"{where}{key}: expected true or false, got {_show(v)}")


def _dict(obj: dict[str, Any], key: str, where: str = "") -> dict[str, Any] | None:
    v = obj.get(key)
    if v is None or isinstance(v, dict):
        return v
    raise BadRecord(f"{where}{key}: expected an object, got {_show(v)}")


def _list(obj: dict[str, Any], key: str, where: str = "") -> list[Any]:
    v = obj.get(key)
    if v is None:
        return []
    if isinstance(v, list):
        return v
    raise BadRecord(f"{where}{key}: expected a list, got {_show(v)}")


def _dicts(obj: dict[str, Any], key: str, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """A list of objects, each paired with its path for nested reasons."""
    out = []
    for i, item in enumerate(_list(obj, key, where)):
        if not isinstance(item, dict):
            raise BadRecord(f"{where}{key}[{i}]: expected an object, got {_show(item)}")
        out.append((f"{where}{key}[{i}].", item))
    return out


def _date(obj: dict[str, Any], key: str, where: str = "") -> str | None:
    v = _str(obj, key, where)
    if v is None or _ISO_DATE.fullmatch(v):
        return v
    raise BadRecord(f"{where}{key}: expected a date yyyy-mm-dd, got {_show(v)}")


_ISO_DATE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])", re.ASCII)


def _is_ascii_number(s: str) -> bool:
    s = s.strip()
    return s.isascii() and s.isdigit()


def _null_id(obj: dict[str, Any], where: str, *others: str) -> None:
    """An embedded entity whose `id` is there but null is broken, unless another identifier
    (`others`) names it; one without the key at all is a dehydrated copy and fine."""
    if "id" in obj and obj["id"] is None and not any(obj.get(k) for k in others):
        alternatives = f", and no {' or '.join(others)}" if others else ""
        raise BadRecord(f"{where}id: null{alternatives}")
