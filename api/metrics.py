"""Citation metrics from the citation counts of an author's works in the graph."""

from __future__ import annotations

from collections.abc import Iterable


def h_index(citations: Iterable[int]) -> int:
    """The largest h such that h works have at least h citations each; never more than the works."""
    counts = sorted((max(int(c), 0) for c in citations), reverse=True)
    return sum(1 for rank, count in enumerate(counts, start=1) if count >= rank)


def i10_index(citations: Iterable[int]) -> int:
    """Works with at least 10 citations."""
    return sum(1 for c in citations if c >= 10)
