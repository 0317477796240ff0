"""Citation sampling for the synthetic data: preferential attachment over earlier works."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable


class Citations:
    """Earlier works by topic with cumulative attachment weights, for preferential attachment:
    a work is drawn with probability proportional to its cited_by_count, and only accepted
    while it has fewer citers in the data set than that count, so in-corpus citations never
    exceed cited_by_count."""

    def __init__(self, n_topics: int) -> None:
        self.members: list[array[int]] = [array("l") for _ in range(n_topics)]
        self.cum: list[array[float]] = [array("d") for _ in range(n_topics)]
        self.all_cum: array[float] = array("d")
        self.capacity: array[int] = array("l")  # cited_by_count of each work
        self.citers: array[int] = array("l")  # citations received so far in the data set

    def add(self, work: int, topic: int, cited_by: int) -> None:
        self.all_cum.append((self.all_cum[-1] if self.all_cum else 0.0) + cited_by)
        cum = self.cum[topic]
        cum.append((cum[-1] if cum else 0.0) + cited_by)
        self.members[topic].append(work)
        self.capacity.append(cited_by)
        self.citers.append(0)

    def cite(self, work: int) -> bool:
        """Count one more in-corpus citation of `work`, unless that would exceed its
        cited_by_count."""
        if self.citers[work] >= self.capacity[work]:
            return False
        self.citers[work] += 1
        return True

    def preferential(self, rand: Callable[[], float], topic: int) -> int:
        """An earlier work of `topic`, drawn proportionally to cited_by_count (-1: none)."""
        cum = self.cum[topic]
        if not cum:
            return -1
        k = bisect.bisect_right(cum, rand() * cum[-1])
        return self.members[topic][k if k < len(cum) else -1]

    def recent(self, rand: Callable[[], float], topic: int, window: int = 400) -> int:
        """One of the last `window` works of `topic`, uniformly (-1: none)."""
        members = self.members[topic]
        if not members:
            return -1
        return members[len(members) - 1 - int(rand() * min(window, len(members)))]

    def anywhere(self, rand: Callable[[], float]) -> int:
        """Any earlier work, drawn proportionally to cited_by_count (-1: none)."""
        cum = self.all_cum
        if not cum:
            return -1
        k = bisect.bisect_right(cum, rand() * cum[-1])
        return k if k < len(cum) else len(cum) - 1
