"""Opaque Relay cursors: base64 of an offset into one ordered list.

The lists are ordered totally (every order ends with the id), so an offset names one place in
them; a filtered list is another list, so its cursors carry the filter's fingerprint and a
cursor of one list is refused by another (its offset would skip or repeat items there)."""

from __future__ import annotations

import base64
import binascii

from api.errors import ArgumentError

_PREFIX = "offset:"
_SCOPE = "@"


def encode_cursor(offset: int, scope: str | None = None) -> str:
    text = f"{_PREFIX}{offset}" if scope is None else f"{_PREFIX}{offset}{_SCOPE}{scope}"
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode_cursor(cursor: str | None, scope: str | None = None) -> int:
    """The offset just after `cursor` (0 when there is none); `scope`: the list's filter
    fingerprint (None: unfiltered), which the cursor must carry."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        number, _, issued = text.removeprefix(_PREFIX).partition(_SCOPE)
        offset = int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ArgumentError(f"after: {cursor!r} is not a cursor this API issued") from None
    if offset < 0:
        raise ArgumentError(f"after: {cursor!r} is not a cursor this API issued")
    if (issued or None) != scope:
        raise ArgumentError(f"after: {cursor!r} belongs to the list with another filter; ask again from the "
                            "first page")
    return offset + 1
