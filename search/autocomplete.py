"""Typeahead over authors, works, topics, institutions and sources: prefix matches from each
kind's full-text index, ranked by match quality, then weight (citations for authors and works,
works for topics and sources, authors for institutions), with the hint a person needs to choose.

Match quality: 3 the name is the text; 2 the name starts with the text's words in order; 1 every
word of the text starts a word of the name (any order); 0 the index matched a form of the word
(stemming). A work is matched on its title only, never its abstract.

Candidates: each kind's index is read for up to STREAM matches, in the index's order (ordering
them by the engine's score made FalkorDB read every match: 10-30 ms for a prefix of two or three
letters at 100k works). Fewer than STREAM: those are all the matches and the ranking is exact. A
broad prefix (STREAM or more) adds the matches among the kind's HEADS most weighty nodes, kept in
memory per graph and rebuilt in the background once older than HEADS_TTL_S: those are the most
weighty matches of all, so a broad prefix is completed by weight; a match outside both (a low
weight one the index did not read first) can be missed. A kind with fewer than HEADS nodes is
held whole, and once its list is built it is matched in memory with no index read: the weights of
topics, sources and institutions are edge counts, which the engines count by walking the edges
(FalkorDB's `indegree` too: 7 ms for the 28k edges of the topics starting "Com" at 100k works).
"""

from __future__ import annotations

import asyncio
import time
import weakref
from dataclasses import dataclass
from typing import Any

from graphdb.aio import AsyncGraph
from graphdb.fulltext import search_terms

# kind -> (label, Neo4j full-text index, hints query, heads query)
KINDS = {
    "AUTHOR": ("Author", "author_name", "api/hints_authors", "api/autocomplete_heads_authors"),
    "WORK": ("Work", "work_text", "api/hints_works", "api/autocomplete_heads_works"),
    "TOPIC": ("Topic", "topic_name", "api/hints_topics", "api/autocomplete_heads_topics"),
    "INSTITUTION": ("Institution", "institution_name", "api/hints_institutions",
                    "api/autocomplete_heads_institutions"),
    "SOURCE": ("Source", "source_name", "api/hints_sources", "api/autocomplete_heads_sources"),
}
MAX_FIRST = 10
# Matches read per kind from its index: a prefix with fewer is ranked exactly. Reading and
# decoding the rows is most of a request's time: 300 per kind gave p99 22 ms at 100k works, 100
# gave 13.5 ms.
STREAM = 100
# The most weighty nodes per kind kept in memory for broad prefixes: at 100k works a prefix with
# STREAM matches (0.1% of the titles) has ~10 of them among the 10,000 most cited; building the
# list reads every node of the kind once (~0.2-0.4 s for the works at 100k).
HEADS = 10_000
HEADS_TTL_S = 300.0
# Word prefixes indexed in a heads list: a longer term is looked up by its first PREFIX letters.
PREFIX = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    id: str
    name: str
    quality: int
    weight: int


def _quality(terms: list[str], words: list[str]) -> int:
    if words == terms:
        return 3
    if words[: len(terms) - 1] == terms[:-1] and len(words) >= len(terms) and words[len(terms) - 1].startswith(
            terms[-1]):
        return 2
    if all(any(w.startswith(t) for w in words) for t in terms):
        return 1
    return 0


def quality(terms: list[str], name: str) -> int:
    return _quality(terms, search_terms(name))


@dataclass(frozen=True, slots=True)
class _Head:
    id: str
    name: str
    words: list[str]
    weight: int


@dataclass(slots=True)
class _Heads:
    """A kind's most weighty nodes, most weight first (ties by id), and where to look among them:
    by the whole name, by the first word's prefixes and by any word's (up to PREFIX letters each;
    the lists keep the weight order)."""

    entries: list[_Head]
    by_name: dict[tuple[str, ...], list[int]]
    by_first: dict[str, list[int]]
    by_word: dict[str, list[int]]
    built: float
    whole: bool  # every node of the kind: its matches are all here

    @classmethod
    def of(cls, rows: list[dict[str, Any]], whole: bool) -> _Heads:
        entries = [_Head(r["id"], r["name"], search_terms(r["name"]), int(r["weight"])) for r in rows]
        by_name: dict[tuple[str, ...], list[int]] = {}
        by_first: dict[str, list[int]] = {}
        by_word: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            if not e.words:
                continue
            by_name.setdefault(tuple(e.words), []).append(i)
            for n in range(1, PREFIX + 1):
                by_first.setdefault(e.words[0][:n], []).append(i)
            for p in {w[:n] for w in e.words for n in range(1, PREFIX + 1)}:
                by_word.setdefault(p, []).append(i)
        return cls(entries, by_name, by_first, by_word, time.monotonic(), whole)

    def matching(self, terms: list[str], first: int) -> list[tuple[_Head, int]]:
        """The entries every term starts a word of, with their quality: of each quality, the
        `first` most weighty (no more can reach a ranking of `first`). Each list is read in weight
        order only until it has given `first` of the quality it is read for."""
        found = {i: 3 for i in self.by_name.get(tuple(terms), [])}
        for ids, wanted in ((self.by_first.get(terms[0][:PREFIX], []), 2),
                            (min((self.by_word.get(t[:PREFIX], []) for t in terms), key=len), 1)):
            n = 0
            for i in ids:
                # only the quality this list is read for: every name of quality 2 starts with
                # the first term, so the first list has them all
                if i not in found and _quality(terms, self.entries[i].words) == wanted:
                    found[i] = wanted
                    n += 1
                    if n >= first:
                        break
        return [(self.entries[i], q) for i, q in found.items()]


@dataclass(slots=True)
class _Kept:
    heads: _Heads | None = None
    task: asyncio.Task[_Heads] | None = None


# graph -> kind -> its heads: per graph object, so a test's or a process's graphs never share one
_KEPT: weakref.WeakKeyDictionary[AsyncGraph, dict[str, _Kept]] = weakref.WeakKeyDictionary()


async def _build(graph: AsyncGraph, kind: str) -> _Heads:
    rows = (await graph.query(KINDS[kind][3], {"k": HEADS})).rows
    return _Heads.of(rows, whole=len(rows) < HEADS)


def _refreshed(graph: AsyncGraph, kind: str) -> _Kept:
    """The kind's kept list, its finished build taken in, and a build begun in the background if
    there is no list yet or it is older than HEADS_TTL_S (the old one answers meanwhile)."""
    kept = _KEPT.setdefault(graph, {}).setdefault(kind, _Kept())
    loop = asyncio.get_running_loop()
    task = kept.task
    if task is not None and task.get_loop() is not loop:  # begun on an event loop since closed
        kept.task = task = None
    if task is not None and task.done():
        kept.task = None  # a failed build is tried again by the next call
        if not task.cancelled() and task.exception() is None:
            kept.heads = task.result()
    if kept.task is None and (kept.heads is None or time.monotonic() - kept.heads.built >= HEADS_TTL_S):
        kept.task = loop.create_task(_build(graph, kind))
    return kept


def held(graph: AsyncGraph, kind: str) -> _Heads | None:
    """The kind's heads list if one is built, without waiting (a first build is begun)."""
    return _refreshed(graph, kind).heads


async def heads(graph: AsyncGraph, kind: str) -> _Heads:
    """The kind's heads list: built on first use (the caller waits), then rebuilt in the
    background once older than HEADS_TTL_S while the old one still answers."""
    kept = _refreshed(graph, kind)
    if kept.heads is None:
        assert kept.task is not None
        kept.heads = await asyncio.shield(kept.task)
    return kept.heads


async def _candidates(graph: AsyncGraph, kind: str, terms: list[str], asked: list[str],
                      first: int) -> list[Suggestion]:
    whole = held(graph, kind)
    if whole is not None and whole.whole:  # every node of the kind is in memory: no index to read
        if len(asked) == 1 and len(asked[0]) < 2:
            # the engines match a text of one letter as a whole word, not as a prefix: so here
            entries = [whole.entries[i] for i in whole.by_word.get(asked[0], [])]
            return [Suggestion(kind, e.id, e.name, _quality(terms, e.words), e.weight)
                    for e in entries if asked[0] in e.words]
        return [Suggestion(kind, e.id, e.name, q, e.weight) for e, q in whole.matching(terms, first)]
    label, index = KINDS[kind][:2]
    rows = (await graph.query("api/autocomplete_candidates", {"label": label, "index": index, "terms": asked,
                                                              "k": STREAM})).rows
    out = {row["id"]: Suggestion(kind, row["id"], row["name"] or row["id"], quality(terms, row["name"] or ""),
                                 int(row["weight"])) for row in rows}
    if len(rows) >= STREAM:  # more matches than were read: add the most weighty of them all
        for e, q in (await heads(graph, kind)).matching(terms, first):
            out.setdefault(e.id, Suggestion(kind, e.id, e.name, q, e.weight))
    return list(out.values())


async def autocomplete(graph: AsyncGraph, text: str, kinds: list[str], first: int) -> list[Suggestion]:
    terms = search_terms(text)
    if not terms or first <= 0:
        return []
    wanted = [k for k in KINDS if k in kinds]
    # The engines match a prefix of two letters or more: a last word of one letter ("Discrete M")
    # is left to the quality check below.
    short_last = len(terms) > 1 and len(terms[-1]) < 2
    asked = terms[:-1] if short_last else terms
    found = await asyncio.gather(*(_candidates(graph, k, terms, asked, first) for k in wanted))
    out = [s for suggestions in found for s in suggestions]
    if short_last:
        out = [s for s in out if s.quality > 0]
    order = list(KINDS)
    out.sort(key=lambda s: (-s.quality, -s.weight, order.index(s.kind), s.id))
    return out[:first]


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def hint(kind: str, row: dict[str, Any]) -> str:
    """One line that tells this node from its namesakes."""
    if kind == "AUTHOR":
        return f"{row['institution'] or 'affiliation not imported'} · {_count(int(row['works']), 'work', 'works')}"
    if kind == "WORK":
        authors = int(row["authors"])
        who = row["first_author"] or "no authors"
        if authors > 1:
            who = f"{who} et al."
        return f"{row['year'] or 'year unknown'} · {who}"
    if kind == "TOPIC":
        level = row["level"] or "topic"
        where = f"{level} in {row['parent']}" if row["parent"] else str(level)
        return f"{where} · {_count(int(row['works']), 'work', 'works')}"
    if kind == "INSTITUTION":
        parts = [str(row[k]) for k in ("type", "country") if row[k]]
        return " · ".join([*parts, _count(int(row["authors"]), "author", "authors")])
    parts = [str(row[k]) for k in ("type", "publisher") if row[k]]
    return " · ".join([*parts, _count(int(row["works"]), "work", "works")])


async def hints(graph: AsyncGraph, ids: list[str], kind: str) -> dict[str, str | None]:
    rows = (await graph.query(KINDS[kind][2], {"ids": sorted(set(ids))})).rows
    found: dict[str, str | None] = {i: None for i in ids}
    found.update({row["id"]: hint(kind, row) for row in rows})
    return found
