"""A bounded cache keyed by the identity of long-lived objects: parsed documents and their
operations (a parser cache hands out one document per query text, so what is derived from
it once holds for every request with that text)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """Values for keys of objects compared by identity, plus one value compared by equality
    (an operation name). An entry holds its objects, so their ids stay unique while it lives.
    At most `size` entries, least recently used dropped first; thread-safe."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[tuple[object, ...], V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, objects: tuple[object, ...], extra: Hashable = None) -> V | None:
        key = (*map(id, objects), extra)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or any(a is not b for a, b in zip(entry[0], objects, strict=True)):
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, objects: tuple[object, ...], value: V, extra: Hashable = None) -> None:
        with self._lock:
            self._entries[(*map(id, objects), extra)] = (objects, value)
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
