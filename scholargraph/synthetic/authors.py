"""Authors of the synthetic data: names drawn from the name cultures, research groups, home
institutions and productivity, sized by n_works and built from the seed. Stored as compact
arrays (a few bytes per author); per-author traits such as the display name are derived from
the index when a work needs them."""

from __future__ import annotations

import bisect
import random
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from scholargraph.synthetic.catalogues import Institution, Topic
from scholargraph.synthetic.ids import mix
from scholargraph.synthetic.vocabulary import CULTURES

# --- names ---------------------------------------------------------------------------------------


def _surname_tail(culture: int, common: list[str]) -> list[str]:
    """The generated long tail of a culture's family names, in a fixed shuffled order."""
    prefixes, suffixes = CULTURES[culture].surname_prefixes, CULTURES[culture].surname_suffixes
    if not prefixes:
        return []
    names = [p + s for p in prefixes for s in suffixes]
    tail = list(dict.fromkeys(n for n in names if n not in common))
    random.Random(f"surnames:{culture}").shuffle(tail)
    return tail


@lru_cache(maxsize=1)
def name_tables() -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, np.ndarray]:
    """Given names, family names, and per culture the (offset, length) of each in those lists."""
    given: list[str] = []
    family: list[str] = []
    g_span, f_span = [], []
    for c, culture in enumerate(CULTURES):
        g, f = list(culture.given), list(culture.family)
        f += _surname_tail(c, f)
        g_span.append((len(given), len(g)))
        f_span.append((len(family), len(f)))
        given += g
        family += f
    return tuple(given), tuple(family), np.array(g_span), np.array(f_span)


@lru_cache(maxsize=1)
def _family_cultures() -> tuple[int, ...]:
    """The culture of each family name in the family-name table."""
    _, _, _, f_span = name_tables()
    return tuple(c for c, (_, n) in enumerate(f_span.tolist()) for _ in range(n))


def _culture_of_country() -> dict[str, int]:
    out: dict[str, int] = {}
    for k, culture in enumerate(CULTURES):
        for cc in culture.countries:
            out.setdefault(cc, k)
    return out


def _to_array(kind: str, values: np.ndarray) -> array[Any]:
    """Compact stdlib array (fast scalar access from Python, unlike numpy indexing)."""
    out: array[Any] = array(kind)
    out.frombytes(values.astype({"d": np.float64, "l": np.int64, "h": np.int16}[kind]).tobytes())
    return out


# --- research groups -----------------------------------------------------------------------------


@dataclass(slots=True)
class Pool:
    """Authors in research groups. Group g holds authors [start[g], start[g+1]); its leader
    (principal investigator) is the first. Productivity weights drive who writes how much."""

    start: array[int]  # 'l', n_groups + 1
    cum: array[float]  # 'd', cumulative author productivity (global running sum)
    group_topics: array[int]  # 'h', 3 per group, -1 = none
    given: array[int]  # 'h', index into the given-name table
    family: array[int]  # 'h'
    inst: array[int]  # 'h', home institution of each author
    topic_groups: list[array[int]]  # per topic: groups whose main topic it is

    @property
    def n_authors(self) -> int:
        return len(self.given)

    def group_of(self, author: int) -> int:
        return bisect.bisect_right(self.start, author) - 1


def _group_sizes(rng: np.random.Generator, n_authors: int) -> np.ndarray:
    """Power-law research-group sizes (2 up to 150, or 2.5% of all authors if smaller)
    summing to n_authors."""
    biggest = max(8, min(150, n_authors // 40))
    draws = np.minimum(biggest, np.floor(2.0 * (1.0 + rng.pareto(1.5, n_authors // 2 + 2))))
    sizes = draws.astype(np.int64)
    ends = np.cumsum(sizes)
    k = int(np.searchsorted(ends, n_authors))
    sizes = sizes[: k + 1].copy()
    sizes[-1] -= int(ends[k]) - n_authors
    return sizes[sizes > 0]


def _group_topics(pyr: random.Random, main: np.ndarray, topics: Sequence[Topic]) -> np.ndarray:
    """Each group: its main topic plus 0-2 related ones (mostly from the same archive)."""
    by_archive: dict[str, list[int]] = {}
    for t in topics:
        by_archive.setdefault(t.archive, []).append(t.index)
    weights = [t.weight for t in topics]
    out = np.full((len(main), 3), -1, dtype=np.int64)
    for g, first in enumerate(main.tolist()):
        chosen = [first]
        extra = 2 if pyr.random() < 0.3 else (1 if pyr.random() < 0.6 else 0)
        for _ in range(extra * 3):
            if len(chosen) > extra:
                break
            if pyr.random() < 0.75:
                cand = pyr.choice(by_archive[topics[first].archive])
            else:
                cand = pyr.choices(range(len(topics)), weights)[0]
            if cand not in chosen:
                chosen.append(cand)
        out[g, : len(chosen)] = chosen
    return out


def _author_names(rng: np.random.Generator, home_country: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Given/family name indices: the culture of the institution's country for about half of
    the authors, the worldwide mix otherwise; names Zipf-like within a culture."""
    _, _, g_span, f_span = name_tables()
    local = _culture_of_country()
    n = len(home_country)
    mix_p = np.array([c.weight for c in CULTURES], dtype=np.float64)
    mix_p /= mix_p.sum()
    world = rng.choice(len(CULTURES), size=n, p=mix_p)
    own = np.array([local.get(cc, -1) for cc in home_country], dtype=np.int64)
    culture = np.where((own >= 0) & (rng.random(n) < 0.55), own, world)
    given_culture = np.where(rng.random(n) < 0.05, rng.choice(len(CULTURES), n, p=mix_p), culture)
    g = g_span[given_culture, 0] + np.floor(g_span[given_culture, 1] * rng.random(n) ** 1.25)
    f = f_span[culture, 0] + np.floor(f_span[culture, 1] * rng.random(n) ** 1.25)
    return g.astype(np.int64), f.astype(np.int64)


def _add_homonyms(
    pyr: random.Random, given: np.ndarray, family: np.ndarray, weights: np.ndarray, group: np.ndarray
) -> None:
    """Give pairs of prolific authors in different groups the same name (the product must
    tell them apart by their collaborators and topics, not by name)."""
    n = len(given)
    top = np.argsort(-weights, kind="stable")[: max(10, n // 10)].tolist()
    for _ in range(max(3, n // 150)):
        a, b = pyr.sample(top, 2)
        if group[a] != group[b]:
            given[b], family[b] = given[a], family[a]


_PRODUCTIVITY_ALPHA = 1.0
_MAX_PRODUCTIVITY_SHARE = 0.002  # nobody leads more than ~0.2% of works (x4 for leaders)


def build_pool(n_works: int, seed: int, topics: Sequence[Topic], insts: Sequence[Institution]) -> Pool:
    rng = np.random.default_rng([seed, 0x5C401A])
    pyr = random.Random(f"scholargraph.synthetic:{seed}:pool")
    n_authors = max(40, round(0.6 * n_works))
    sizes = _group_sizes(rng, n_authors)
    n_groups = len(sizes)
    start = np.concatenate([[0], np.cumsum(sizes)])
    topic_p = np.array([t.weight for t in topics])
    main = rng.choice(len(topics), size=n_groups, p=topic_p / topic_p.sum())
    inst_p = np.array([i.weight for i in insts])
    group_inst = rng.choice(len(insts), size=n_groups, p=inst_p / inst_p.sum())
    group = np.repeat(np.arange(n_groups), sizes)
    inst = np.where(
        rng.random(n_authors) < 0.15, rng.choice(len(insts), size=n_authors, p=inst_p / inst_p.sum()), group_inst[group]
    )
    given, family = _author_names(rng, [insts[i].ref["country_code"] for i in inst.tolist()])
    weights = 1.0 + rng.pareto(_PRODUCTIVITY_ALPHA, n_authors)
    weights = np.minimum(weights, max(20.0, _MAX_PRODUCTIVITY_SHARE * float(weights.sum())))
    leaders = start[:-1][sizes >= 3]
    weights[leaders] *= 4.0
    _add_homonyms(pyr, given, family, weights, group)
    order = np.argsort(main, kind="stable")
    bounds = np.searchsorted(main[order], np.arange(len(topics) + 1))
    return Pool(
        start=_to_array("l", start),
        cum=_to_array("d", np.cumsum(weights)),
        group_topics=_to_array("h", _group_topics(pyr, main, topics).ravel()),
        given=_to_array("h", given),
        family=_to_array("h", family),
        inst=_to_array("h", inst),
        topic_groups=[_to_array("l", order[bounds[t] : bounds[t + 1]]) for t in range(len(topics))],
    )


# --- per-author values (pure functions of the index) ---------------------------------------------

_INITIALS = "ABCDEFGHJKLMNPRSTW"


def display_name(pool: Pool, a: int) -> str:
    """'Given [M.] Family [Family2]': a middle initial for ~30% outside East Asian cultures,
    a second surname for ~40% of Hispanic and Lusophone authors."""
    given, family, _, f_span = name_tables()
    f = pool.family[a]
    culture = _family_cultures()[f]
    h = mix(a + 3)
    name = given[pool.given[a]]
    if h % 100 < 30 and CULTURES[culture].middle_initial:
        name += f" {_INITIALS[h // 100 % len(_INITIALS)]}."
    name += " " + family[f]
    if CULTURES[culture].double_surname and h // 2000 % 100 < 40:
        offset, n = f_span[culture]
        second = family[int(offset) + h // 200_000 % int(n)]
        if second != family[f]:
            name += " " + second
    return name


def short_name(pool: Pool, a: int) -> str:
    """An abbreviated name ("W. Wang"), as raw author names often are."""
    given, family, _, _ = name_tables()
    return f"{given[pool.given[a]][0]}. {family[pool.family[a]]}"


def family_name(pool: Pool, a: int) -> str:
    _, family, _, _ = name_tables()
    return family[pool.family[a]]
