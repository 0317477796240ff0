"""The works of the synthetic data, built one at a time in publication order: date, authors,
topics, text, venue, identifiers, citations. See the package docstring for what is realistic
about them and why."""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from scholargraph.synthetic.authors import build_pool, display_name, family_name, short_name
from scholargraph.synthetic.catalogues import Topic, institutions, topics, venues
from scholargraph.synthetic.citations import Citations
from scholargraph.synthetic.ids import OPENALEX, ascii_slug, author_id, keyword_id, orcid, slug, work_number
from scholargraph.synthetic.record import END_DATE, START_DATE, Venue, Work, assemble
from scholargraph.synthetic.text import Text, cap
from scholargraph.synthetic.vocabulary import ARXIV_SOURCE

_YEAR_GROWTH = 0.085  # publications grow ~8.5% a year: recent years dominate
_SPAN_DAYS = END_DATE.toordinal() - START_DATE.toordinal()
_OPENALEX_START = date(2016, 6, 24)
_LICENSE = f"{OPENALEX}licenses/"


class Factory:
    """Builds the i-th work; must be called for i = 0, 1, 2, ... in order."""

    def __init__(self, n_works: int, seed: int) -> None:
        self.n = max(1, n_works)
        self.rng = random.Random(f"scholargraph.synthetic:{seed}:works")
        self.rand = self.rng.random
        self.text = Text(self.rng)
        self.author_ref = lru_cache(maxsize=1 << 15)(self._author_ref)
        self.affiliations: dict[tuple[int, str], str] = {}
        self.topics = topics()
        self.insts = institutions()
        self.venues = venues()
        self.pool = build_pool(n_works, seed, self.topics, self.insts)
        self.cites = Citations(len(self.topics))
        self.by_archive: dict[str, list[int]] = {}
        for t in self.topics:
            self.by_archive.setdefault(t.archive, []).append(t.index)
        self.arxiv_gap = 3 if n_works <= 1_000_000 else 1
        self.arxiv_month = ""
        self.arxiv_counters: dict[str, int] = {}

    # -- when, who, what --

    def day(self, i: int) -> date:
        """Publication dates increase with i; density grows exponentially towards 2025."""
        u = (i + self.rng.random()) / self.n
        span = _YEAR_GROWTH * _SPAN_DAYS / 365.25
        x = math.log1p(u * math.expm1(span)) / span
        return date.fromordinal(START_DATE.toordinal() + min(_SPAN_DAYS, int(x * _SPAN_DAYS)))

    def weighted_author(self, lo: int, hi: int) -> int:
        cum = self.pool.cum
        base = cum[lo - 1] if lo else 0.0
        r = base + self.rng.random() * (cum[hi - 1] - base)
        return min(bisect.bisect_right(cum, r, lo, hi), hi - 1)

    def outsider(self, topic: int, group: int) -> int:
        """A collaborator from another group, usually one working on the same topic."""
        groups = self.pool.topic_groups[topic]
        g = groups[int(self.rng.random() * len(groups))] if groups else group
        if g == group:
            return self.weighted_author(0, self.pool.n_authors)
        return self.weighted_author(self.pool.start[g], self.pool.start[g + 1])

    def author_count(self) -> int:
        return min(30, max(1, round(self.rng.lognormvariate(1.335, 0.75))))  # median ~4

    def authors(self, group: int, first: int, topic: int) -> list[int]:
        rng, start = self.rng, self.pool.start
        lo, hi = start[group], start[group + 1]
        chosen, seen = [first], {first}
        for _ in range(self.author_count() - 1):
            for attempt in range(4):
                inside = rng.random() >= 0.12 and attempt < 3
                a = self.weighted_author(lo, hi) if inside else self.outsider(topic, group)
                if a not in seen:
                    chosen.append(a)
                    seen.add(a)
                    break
        rng.shuffle(chosen)
        leader = lo
        if leader in seen and len(chosen) >= 3 and rng.random() < 0.75:
            chosen.remove(leader)
            chosen.append(leader)
        return chosen

    def work_topics(self, group: int) -> list[Topic]:
        rng = self.rng
        own = [t for t in self.pool.group_topics[3 * group : 3 * group + 3] if t >= 0]
        primary = own[0] if len(own) == 1 or rng.random() < 0.65 else rng.choice(own[1:])
        r = rng.random()
        want = 1 if r < 0.15 else (2 if r < 0.35 else 3)
        chosen = [primary] + [t for t in own if t != primary][: want - 1]
        siblings = self.by_archive[self.topics[primary].archive]
        for _ in range(6):
            if len(chosen) >= want:
                break
            t = rng.choice(siblings)
            if t not in chosen:
                chosen.append(t)
        return [self.topics[t] for t in chosen]

    # -- where --

    def arxiv_id(self, day: date, archive: str) -> str | None:
        """Unique arXiv ids: YYMM.NNNN(N) from April 2007, archive/YYMMNNN before; None once
        the month's numbers run out (only at ~10M works). Dates only increase, so a month's
        counters never come back."""
        yymm = f"{day.year % 100:02d}{day.month:02d}"
        new_style = (day.year, day.month) >= (2007, 4)
        if yymm != self.arxiv_month:
            self.arxiv_month, self.arxiv_counters = yymm, {}
        key = "" if new_style else archive
        k = self.arxiv_counters.get(key, 0)
        number = k * self.arxiv_gap + 1 + int(self.rng.random() * self.arxiv_gap)
        digits = (5 if day.year >= 2015 else 4) if new_style else 3
        if number >= 10**digits:
            return None
        self.arxiv_counters[key] = k + 1
        if new_style:
            return f"{yymm}.{number:0{digits}d}"
        return f"{archive}/{yymm}{number:03d}"

    def venue(self, topic: Topic, day: date) -> Venue:
        rng, venues = self.rng, self.venues
        on_arxiv = day.year >= topic.arxiv_opened and rng.random() < topic.arxiv_share
        arxiv_id = self.arxiv_id(day, topic.archive) if on_arxiv else None
        if arxiv_id is not None and rng.random() < 0.5:
            return Venue("preprint", "posted-content", None, arxiv_id)
        r = rng.random()
        series = venues.series_by_archive.get(topic.archive, ())
        if r < 0.06 and series:
            source = venues.sources[rng.choice(series)]
            return Venue("book-chapter", "book-chapter", source, arxiv_id)
        own = venues.by_topic.get(topic.code, ())
        pick = rng.choice(own) if own and r < 0.6 else rng.choice(venues.by_archive[topic.archive])
        source = venues.sources[pick]
        if source.kind == "conference":
            return Venue("article", "proceedings-article", source, arxiv_id)
        kind = "review" if rng.random() < 0.07 else "article"
        return Venue(kind, "journal-article", source, arxiv_id)

    def doi(self, i: int, venue: Venue, year: int) -> str | None:
        if venue.source is None:
            return f"https://doi.org/10.48550/arxiv.{venue.arxiv_id}"
        p = {"conference": 0.75, "book series": 0.9}.get(venue.source.kind, 0.87)
        if self.rng.random() >= p:
            return None
        serial = work_number(i) - 4_100_000_000
        return f"https://doi.org/{venue.source.doi_prefix}/{venue.source.abbrev}.{year}.{serial:07d}"

    def locations(self, wid: str, venue: Venue, doi: str | None) -> list[dict[str, Any]]:
        out = []
        src = venue.source
        if src is not None:
            oa = src.ref["is_oa"] or self.rng.random() < 0.12
            landing = doi or f"https://{src.domain}/article/{wid.rsplit('/', 1)[1]}"
            out.append(
                {
                    "is_oa": oa,
                    "landing_page_url": landing,
                    "pdf_url": f"https://{src.domain}/pdf/{wid.rsplit('/', 1)[1]}" if oa else None,
                    "source": src.ref,
                    "license": "cc-by" if src.ref["is_oa"] else None,
                    "license_id": f"{_LICENSE}cc-by" if src.ref["is_oa"] else None,
                    "version": "publishedVersion",
                    "is_accepted": True,
                    "is_published": True,
                }
            )
        if venue.arxiv_id is not None:
            lic = "cc-by" if self.rng.random() < 0.2 else "other-oa"
            out.append(
                {
                    "is_oa": True,
                    "landing_page_url": f"https://arxiv.org/abs/{venue.arxiv_id}",
                    "pdf_url": f"https://arxiv.org/pdf/{venue.arxiv_id}",
                    "source": ARXIV_SOURCE,
                    "license": lic,
                    "license_id": _LICENSE + lic,
                    "version": "submittedVersion",
                    "is_accepted": False,
                    "is_published": False,
                }
            )
        return out

    def biblio(self, venue: Venue, year: int) -> dict[str, str | None]:
        src = venue.source
        if src is None:
            return {"volume": None, "issue": None, "first_page": None, "last_page": None}
        first = self.rng.randint(1, 2400)
        last = str(first + self.rng.randint(4, 30))
        if src.kind != "journal":
            return {"volume": None, "issue": None, "first_page": str(first), "last_page": last}
        return {
            "volume": str(max(1, year - src.first_year + 1)),
            "issue": str(self.rng.randint(1, 12)),
            "first_page": str(first),
            "last_page": last,
        }

    # -- people --

    def affiliation(self, inst: int, department: str) -> str:
        key = (inst, department)
        raw = self.affiliations.get(key)
        if raw is None:
            ref, place = self.insts[inst].ref, self.insts[inst]
            where = f"{ref['display_name']}, {place.city}, {place.country}"
            raw = f"Department of {department}, {where}" if ref["type"] == "education" else where
            self.affiliations[key] = raw
        return raw

    def _author_ref(self, a: int) -> tuple[dict[str, str | None], str]:
        """The dehydrated author and an abbreviated name ("W. Wang") for raw_author_name."""
        display = display_name(self.pool, a)
        return {"id": author_id(a), "display_name": display, "orcid": orcid(a)}, short_name(self.pool, a)

    def authorship(
        self, a: int, position: str, department: str, extra_inst: int, corresponding: bool
    ) -> dict[str, Any]:
        home = self.pool.inst[a]
        inst_ids = [home, extra_inst] if extra_inst != home and self.rand() < 0.08 else [home]
        refs = [self.insts[k].ref for k in inst_ids]
        raws = [self.affiliation(k, department) for k in inst_ids]
        countries = [ref["country_code"] for ref in refs]
        author, short = self.author_ref(a)
        return {
            "author_position": position,
            "author": author,
            "institutions": refs,
            "countries": countries if len(countries) == 1 else list(dict.fromkeys(countries)),
            "is_corresponding": corresponding,
            "raw_author_name": short if self.rand() < 0.2 else author["display_name"],
            "raw_affiliation_strings": raws,
            "affiliations": [
                {"raw_affiliation_string": raw, "institution_ids": [ref["id"]]}
                for raw, ref in zip(raws, refs, strict=True)
            ],
        }

    def authorships(self, authors: list[int], group: int, department: str) -> list[dict[str, Any]]:
        n = len(authors)
        corresponding = n - 1 if n > 1 and self.rng.random() < 0.55 else 0
        leader_inst = self.pool.inst[self.pool.start[group]]
        out = []
        for k, a in enumerate(authors):
            position = "first" if k == 0 else ("last" if k == n - 1 else "middle")
            out.append(self.authorship(a, position, department, leader_inst, k == corresponding))
        return out

    # -- impact --

    def cited_by_count(self, day: date, kind: str) -> int:
        """Heavy-tailed (lognormal fitness) and growing with age."""
        age = (END_DATE - day).days / 365.25
        fitness = self.rng.lognormvariate(-0.4, 1.2) * (2.5 if kind == "review" else 1.0)
        return int(fitness * 2.2 * (age + 0.2) ** 1.05)

    def references(self, i: int, topics: list[Topic]) -> list[str]:
        """5-40 distinct earlier works: mostly the same topic, preferring highly cited ones,
        some recent ones, some from the work's other topics or anywhere."""
        rand, cites = self.rand, self.cites
        want = min(i, max(5, min(40, round(self.rng.lognormvariate(2.9, 0.5)))))
        primary = topics[0].index
        others = [t.index for t in topics[1:]] or [primary]
        picked: list[int] = []
        seen: set[int] = set()

        def take(j: int) -> None:
            if j >= 0 and j not in seen and cites.cite(j):
                seen.add(j)
                picked.append(j)

        for _ in range(4 * want):
            if len(picked) >= want:
                break
            r = rand()
            if r < 0.55:
                take(cites.preferential(rand, primary))
            elif r < 0.75:
                take(cites.recent(rand, primary))
            elif r < 0.88:
                take(cites.preferential(rand, others[int(rand() * len(others))]))
            else:
                take(cites.anywhere(rand))
        for _ in range(60):  # top up to the minimum from the whole corpus
            if len(picked) >= min(5, want):
                break
            take(cites.anywhere(rand))
        picked.sort()
        return [f"{OPENALEX}W{work_number(j)}" for j in picked]

    # -- assembly --

    def code_url(self, topic: Topic, authors: list[int], text: Text, year: int) -> str | None:
        p = {"cs": 0.12, "eess": 0.08, "stat": 0.08}.get(topic.archive, 0.03)
        if year < 2010 or self.rng.random() >= p:
            return None
        owner = ascii_slug(family_name(self.pool, authors[0])) or "lab"
        if self.rng.random() < 0.3:
            owner += "-lab"
        repo = text.acronym().lower() if self.rng.random() < 0.5 else slug(text.term())[:30]
        return f"https://github.com/{owner}/{repo}"

    def topic_refs(self, topics: list[Topic]) -> list[dict[str, Any]]:
        score = round(self.rng.uniform(0.93, 0.9999), 4)
        out = []
        for t in topics:
            out.append(
                {
                    "id": t.id,
                    "display_name": t.name,
                    "score": score,
                    "subfield": t.subfield,
                    "field": t.field,
                    "domain": t.domain,
                }
            )
            score = round(max(0.5, score - self.rng.uniform(0.005, 0.15)), 4)
        return out

    def keywords(self, used: list[str]) -> list[dict[str, Any]]:
        """1-4 of the topical phrases the text used, as OpenAlex keywords."""
        phrases: list[str] = []
        for phrase in used[:12]:
            if phrase not in phrases:
                phrases.append(phrase)
        phrases = phrases[: 1 + int(self.rand() * 4)]
        scores = sorted((round(0.3 + 0.45 * self.rand(), 6) for _ in phrases), reverse=True)
        return [
            {"id": keyword_id(p), "display_name": cap(p), "score": sc} for p, sc in zip(phrases, scores, strict=True)
        ]

    def work(self, i: int) -> Work:
        pool = self.pool
        day = self.day(i)
        first = self.weighted_author(0, pool.n_authors)
        group = pool.group_of(first)
        topics = self.work_topics(group)
        primary = topics[0]
        authors = self.authors(group, first, primary.index)
        secondary = tuple(term for t in topics[1:] for term in t.terms)
        text = self.text
        text.start(primary.terms, secondary, primary.methods)
        title = text.title()
        abstract = text.abstract(self.code_url(primary, authors, text, day.year))
        venue = self.venue(primary, day)
        wid = f"{OPENALEX}W{work_number(i)}"
        doi = self.doi(i, venue, day.year)
        authorships = self.authorships(authors, group, primary.department)
        locations = self.locations(wid, venue, doi)
        cited_by = self.cited_by_count(day, venue.type)
        refs = self.references(i, topics)
        self.cites.add(i, primary.index, cited_by)
        return assemble(
            wid=wid,
            doi=doi,
            title=title,
            day=day,
            venue=venue,
            authorships=authorships,
            locations=locations,
            cited_by=cited_by,
            biblio=self.biblio(venue, day.year),
            topics=self.topic_refs(topics),
            keywords=self.keywords(text.used),
            refs=refs,
            abstract=abstract,
            created=self.created_date(day),
        )

    def created_date(self, day: date) -> str:
        created = max(day, _OPENALEX_START) + timedelta(days=int(self.rng.random() * 40))
        return min(created, END_DATE).isoformat()


def generate_works(n_works: int, seed: int = 0) -> Iterator[Work]:
    """Yield `n_works` synthetic OpenAlex Work entities, oldest first (see the package docstring).

    Deterministic in (n_works, seed). The same seed with a different n_works gives a
    different data set (the author pool and date scale are sized by n_works).
    """
    if n_works < 0:
        raise ValueError(f"n_works must be >= 0, got {n_works}")
    if n_works == 0:
        return
    factory = Factory(n_works, seed)
    for i in range(n_works):
        yield factory.work(i)
