"""User text as full-text search terms that are safe on both engines."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8


def search_terms(text: str) -> list[str]:
    """User text as plain lower-case words (letters and digits only), at most MAX_TERMS.

    Every full-text operator of either engine (quotes, -, |, *, ~, :, AND/OR, …) is dropped
    here, so no input can change the query's meaning or make it fail to parse; the named
    queries join the words in their engine's syntax (all must match, the last as a prefix).
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]
