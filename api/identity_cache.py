"""Bounded caches of what is derived from query texts: by the identity of long-lived objects
(parsed documents and their operations: a parser cache hands out one document per query text,
so what is derived from it once holds for every request with that text), or by the text.

Each is bounded by entries and by the characters of the query texts its entries keep alive (a
parsed document takes tens of times its text), and keeps no text over CACHED_TEXT_CHARS: a
stream of large unique queries cannot fill memory (issue 18: 1.16 MB requests left ~100 MB
each)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")

CACHED_TEXT_CHARS = 20_000  # a longer query text is parsed, validated and costed every time
CACHE_CHARS = 1_000_000  # query text kept alive per cache, all entries together


def text_size(node: Any) -> int:
    """The length of the query text a parsed node belongs to (over any bound when unknown)."""
    loc = getattr(node, "loc", None)
    return len(loc.source.body) if loc is not None and loc.source is not None else CACHED_TEXT_CHARS + 1


class _Bounded(Generic[V]):
    def __init__(self, size: int, max_chars: int, max_item_chars: int) -> None:
        self.size, self.max_chars, self.max_item_chars = size, max_chars, max_item_chars
        self.chars = 0  # the texts' characters the entries keep alive
        self._entries: OrderedDict[Hashable, tuple[Any, V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def _get(self, key: Hashable) -> tuple[Any, V, int] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def _put(self, key: Hashable, held: Any, value: V, chars: int) -> None:
        if chars > self.max_item_chars:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.chars -= old[2]
            self._entries[key] = (held, value, chars)
            self.chars += chars
            while len(self._entries) > self.size or self.chars > self.max_chars:
                self.chars -= self._entries.popitem(last=False)[1][2]


class IdentityCache(_Bounded[V]):
    """Values for keys of objects compared by identity, plus one value compared by equality
    (an operation name). An entry holds its objects, so their ids stay unique while it lives.
    At most `size` entries and `max_chars` characters of query text (each entry's `chars`),
    least recently used dropped first; an entry over `max_item_chars` is not kept; thread-safe."""

    def __init__(self, size: int = 256, max_chars: int = CACHE_CHARS,
                 max_item_chars: int = CACHED_TEXT_CHARS) -> None:
        super().__init__(size, max_chars, max_item_chars)

    def get(self, objects: tuple[object, ...], extra: Hashable = None) -> V | None:
        entry = self._get((*map(id, objects), extra))
        if entry is None or any(a is not b for a, b in zip(entry[0], objects, strict=True)):
            return None
        return entry[1]

    def put(self, objects: tuple[object, ...], value: V, extra: Hashable = None, chars: int = 0) -> None:
        self._put((*map(id, objects), extra), objects, value, chars)


class TextCache(_Bounded[V]):
    """Values keyed by a query text, bounded as IdentityCache is (the text's length is its chars)."""

    def __init__(self, size: int = 256, max_chars: int = CACHE_CHARS,
                 max_item_chars: int = CACHED_TEXT_CHARS) -> None:
        super().__init__(size, max_chars, max_item_chars)

    def get(self, text: str) -> V | None:
        entry = self._get(text)
        return None if entry is None else entry[1]

    def put(self, text: str, value: V) -> None:
        self._put(text, None, value, len(text))
