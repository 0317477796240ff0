"""Opaque Relay cursors: base64 of an offset into one ordered list."""

from __future__ import annotations

import base64
import binascii

from api.errors import ArgumentError

_PREFIX = "offset:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset just after `cursor` (0 when there is none)."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(_PREFIX):
            raise ValueError(text)
        offset = int(text.removeprefix(_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ArgumentError(f"after: {cursor!r} is not a cursor this API issued") from None
    if offset < 0:
        raise ArgumentError(f"after: {cursor!r} is not a cursor this API issued")
    return offset + 1
