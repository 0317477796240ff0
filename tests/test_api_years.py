"""countsByYear through the API on a generated OpenAlex file, on each engine; the expected
counts are computed here from the file itself, independently of the queries."""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scholargraph.synthetic import write_jsonl
from tests.support.api import Api, api_over_files
from tests.support.engines import ENGINES
from tests.support.openalex_ids import short

YEARS = "countsByYear { years { year works citations } citationsWithoutYear worksWithoutYear }"


class Corpus:
    """The file as read with json: works by id, and who cites whom among them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            self.works = {short(w["id"]): w for w in map(json.loads, fh)}
        self.citing: dict[str, list[str]] = defaultdict(list)  # cited id -> ids of loaded works citing it
        for wid, w in self.works.items():
            for ref in w.get("referenced_works") or []:
                self.citing[short(ref)].append(wid)

    def expected(self, work_ids: set[str]) -> dict[str, Any]:
        works = Counter(self.works[w]["publication_year"] for w in work_ids)
        citations = Counter(self.works[c]["publication_year"] for w in work_ids for c in self.citing[w])
        seen = works.keys() | citations.keys()
        years = [{"year": y, "works": works[y], "citations": citations[y]}
                 for y in range(min(seen), max(seen) + 1)]
        reported = sum(self.works[w].get("cited_by_count") or 0 for w in work_ids)
        placed = sum(citations.values())
        return {"years": years, "citationsWithoutYear": max(0, reported - placed), "worksWithoutYear": 0}

    def author_works(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for wid, w in self.works.items():
            for a in w["authorships"]:
                out[short(a["author"]["id"])].add(wid)
        return out

    def institution_works(self) -> dict[str, set[str]]:
        """Works an affiliated author published in a year an authorship showed the institution."""
        years: dict[tuple[str, str], set[int]] = defaultdict(set)
        for w in self.works.values():
            for a in w["authorships"]:
                for i in a["institutions"]:
                    years[short(a["author"]["id"]), short(i["id"])].add(w["publication_year"])
        by_author = self.author_works()
        out: dict[str, set[str]] = defaultdict(set)
        for (author, inst), ys in years.items():
            out[inst] |= {w for w in by_author[author] if self.works[w]["publication_year"] in ys}
        return out

    def topic_works(self, level: str) -> dict[str, set[str]]:
        """Works per topic (`level` "topic") or per field ("field"), from the works' own topic lists."""
        out: dict[str, set[str]] = defaultdict(set)
        for wid, w in self.works.items():
            for t in w.get("topics") or []:
                key = t["id"] if level == "topic" else t["field"]["id"]
                out[key].add(wid)
        return out


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    path = tmp_path_factory.mktemp("years") / "works.jsonl.gz"
    write_jsonl(path, 150, seed=11)
    return Corpus(path)


@pytest.fixture(scope="module")
def api(engine: str, corpus: Corpus, request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    rejects = tmp_path_factory.mktemp("years-rejects") / "rejects.jsonl"
    with api_over_files(engine, request, "years", [corpus.path], rejects) as client:
        yield client


def busiest(groups: dict[str, set[str]], n: int = 3) -> list[str]:
    return sorted(groups, key=lambda k: (-len(groups[k]), k))[:n]


def test_author_counts_by_year(api: Api, corpus: Corpus) -> None:
    by_author = corpus.author_works()
    for author in busiest(by_author):
        got = api.data(f'query($id: ID!) {{ author(id: $id) {{ profile {{ {YEARS} }} }} }}', id=author)
        assert got["author"]["profile"]["countsByYear"] == corpus.expected(by_author[author]), author


def test_work_counts_by_year(api: Api, corpus: Corpus) -> None:
    most_cited = busiest({w: set(c) for w, c in corpus.citing.items() if w in corpus.works})
    for work in most_cited:
        got = api.data(f'query($id: ID!) {{ work(id: $id) {{ {YEARS} }} }}', id=work)["work"]["countsByYear"]
        assert got == corpus.expected({work}), work
        assert sum(y["citations"] for y in got["years"]) == len(corpus.citing[work]) > 0


def test_topic_and_field_counts_by_year(api: Api, corpus: Corpus) -> None:
    for level in ("topic", "field"):
        groups = corpus.topic_works(level)
        for url in busiest(groups, 2):
            topic_id = short(url) if level == "topic" else "openalex:field:" + short(url)
            got = api.data(f'query($id: ID!) {{ topic(id: $id) {{ {YEARS} }} }}', id=topic_id)["topic"]
            assert got["countsByYear"] == corpus.expected(groups[url]), topic_id


def test_institution_counts_by_year(api: Api, corpus: Corpus) -> None:
    groups = corpus.institution_works()
    for inst in busiest(groups):
        got = api.data(f'query($id: ID!) {{ institution(id: $id) {{ {YEARS} }} }}', id=inst)["institution"]
        assert got["countsByYear"] == corpus.expected(groups[inst]), inst


def test_zero_years_are_kept() -> None:
    from api.data.years import YearCount, counts_by_year

    got = counts_by_year([2001, 2004], [2004, 2004], reported=5, undated_works=1)
    assert got.years == [YearCount(2001, 1, 0), YearCount(2002, 0, 0), YearCount(2003, 0, 0), YearCount(2004, 1, 2)]
    assert (got.citations_without_year, got.works_without_year) == (3, 1)
    assert counts_by_year([], [], reported=0, undated_works=0).years == []
