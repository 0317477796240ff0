"""Filters and facets of the works and authors lists through the API, on each engine, on a
generated OpenAlex file altered so that every filter and every facet has both kinds of work
(some works lose their abstract, type or source; some get a repository URL). The expected
lists and counts are computed here from the file itself, independently of the queries."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphdb.queries import cypher_dir
from scholargraph.synthetic import write_jsonl
from tests.support.api import Api, api_over_files
from tests.support.engines import ENGINES
from tests.support.openalex_ids import short

Row = dict[str, Any]
_CODE = re.compile(r"(github\.com|gitlab\.com|bitbucket\.org)/[\w.\-]+/[\w.\-]+", re.IGNORECASE)


def alter(path: Path) -> None:
    """Rewrite the generated file so that the filters and facets meet every case: works without an
    abstract (every 5th), without a type (every 7th), without a source (every 6th), and works whose
    abstract names a repository (every 4th of those that keep one)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        works = [json.loads(line) for line in fh]
    for i, w in enumerate(works):
        if i % 5 == 0:
            w["abstract_inverted_index"] = None
        elif i % 4 == 2:
            index = w["abstract_inverted_index"]
            end = max(p for ps in index.values() for p in ps) + 1
            index[f"https://github.com/lab{i}/tool{i}"] = [end]
        if i % 7 == 3:
            w["type"] = None
        if i % 6 == 1:
            w["primary_location"] = None
        if i % 9 == 4:  # the source does not say: passes neither openAccess value
            w["open_access"] = None
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(w) + "\n" for w in works)


class Corpus:
    """The file as read with json: each work's properties as the filters and facets see them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            self.works = {short(w["id"]): w for w in map(json.loads, fh)}
        self.authors: dict[str, set[str]] = defaultdict(set)  # author -> works
        held: dict[tuple[str, str], set[int]] = defaultdict(set)  # (author, institution) -> years shown
        self.institution_names: dict[str, str] = {}
        for wid, w in self.works.items():
            for a in w["authorships"]:
                self.authors[short(a["author"]["id"])].add(wid)
                for i in a["institutions"]:
                    held[short(a["author"]["id"]), short(i["id"])].add(w["publication_year"])
                    self.institution_names[short(i["id"])] = i["display_name"]
        self.affiliated: dict[str, set[str]] = defaultdict(set)  # institution -> authors
        for author, inst in held:
            self.affiliated[inst].add(author)
        # A work's institutions: those its authors were affiliated with in its year (any authorship).
        self.work_institutions: dict[str, set[str]] = defaultdict(set)
        for wid, w in self.works.items():
            for a in w["authorships"]:
                aid = short(a["author"]["id"])
                for (author, inst), years in held.items():
                    if author == aid and w["publication_year"] in years:
                        self.work_institutions[wid].add(inst)

    def abstract(self, wid: str) -> str:
        index = self.works[wid].get("abstract_inverted_index") or {}
        return " ".join(word for word, _ in sorted(((w, p) for w, ps in index.items() for p in ps),
                                                     key=lambda x: x[1]))

    def source(self, wid: str) -> tuple[str, str] | None:
        src = (self.works[wid].get("primary_location") or {}).get("source")
        return (short(src["id"]), src["display_name"]) if src else None

    def topics(self, wid: str) -> dict[str, str]:
        """The work's own topics: id -> name."""
        return {short(t["id"]): t["display_name"] for t in self.works[wid].get("topics") or []}

    def topics_and_ancestors(self, wid: str) -> set[str]:
        out = set()
        for t in self.works[wid].get("topics") or []:
            out |= {short(t["id"]), "openalex:subfield:" + short(t["subfield"]["id"]),
                    "openalex:field:" + short(t["field"]["id"]), "openalex:domain:" + short(t["domain"]["id"])}
        return out

    def passes(self, wid: str, flt: Row) -> bool:
        w = self.works[wid]
        year = w["publication_year"]
        checks = {
            "yearFrom": lambda v: year >= v,
            "yearTo": lambda v: year <= v,
            "types": lambda v: w["type"] in v,
            "hasCode": lambda v: bool(_CODE.search(self.abstract(wid))) == v,
            "hasAbstract": lambda v: bool(self.abstract(wid)) == v,
            "openAccess": lambda v: (w.get("open_access") or {}).get("is_oa") is v,
            "sources": lambda v: (self.source(wid) or ("",))[0] in v,
            "topics": lambda v: bool(self.topics_and_ancestors(wid) & set(v)),
            "institutions": lambda v: bool(self.work_institutions[wid] & set(v)),
        }
        return all(checks[k](v) for k, v in flt.items())

    def values(self, wid: str, group: str) -> dict[str, str]:
        """The work's values for a facet: key -> display name."""
        w = self.works[wid]
        if group == "TYPE":
            return {w["type"]: w["type"]} if w["type"] else {}
        if group == "YEAR":
            return {str(w["publication_year"]): str(w["publication_year"])}
        if group == "SOURCE":
            src = self.source(wid)
            return {src[0]: src[1]} if src else {}
        if group == "TOPIC":
            return self.topics(wid)
        return {i: self.institution_names[i] for i in self.work_institutions[wid]}


def expected_facets(items: dict[str, set[str]], corpus: Corpus, group: str) -> Row:
    """Facets of a list: items (a work, or an author) -> the works that count for it."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    unknown = 0
    for works in items.values():
        values: dict[str, str] = {}
        for wid in works:
            values |= corpus.values(wid, group)
        counts.update(values.keys())
        names |= values
        unknown += not values
    groups = [{"key": k, "displayName": names[k], "count": n}
              for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"groupBy": group, "total": len(items), "unknown": unknown, "groupCount": len(groups), "groups": groups}


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    path = tmp_path_factory.mktemp("filters") / "works.jsonl.gz"
    write_jsonl(path, 150, seed=11)
    alter(path)
    return Corpus(path)


@pytest.fixture(scope="module")
def api(engine: str, corpus: Corpus, request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    rejects = tmp_path_factory.mktemp("filters-rejects") / "rejects.jsonl"
    with api_over_files(engine, request, "filters", [corpus.path], rejects) as client:
        yield client


def busiest(groups: dict[str, set[str]], n: int = 1) -> list[str]:
    return sorted(groups, key=lambda k: (-len(groups[k]), k))[:n]


# The lists: (GraphQL path to the list, the parent's id, the list's items as the corpus knows them)
LIST_QUERY = {
    "author": 'query($id: ID!, $f: WorkFilter, $n: Int!, $after: String) { author(id: $id) { '
              'list: works(first: $n, after: $after, filter: $f) { <page> } } }',
    "topic": 'query($id: ID!, $f: WorkFilter, $n: Int!, $after: String) { topic(id: $id) { '
             'list: works(first: $n, after: $after, filter: $f) { <page> } } }',
    "institution": 'query($id: ID!, $f: WorkFilter, $n: Int!, $after: String) { institution(id: $id) { '
                   'list: authors(first: $n, after: $after, filter: $f) { <page> } } }',
}
PAGE = "totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }"


def all_pages(api: Api, kind: str, parent: str, flt: Row | None, n: int = 7) -> tuple[list[str], int]:
    """Every item of the list, page after page; and its totalCount (the same on every page)."""
    query = LIST_QUERY[kind].replace("<page>", PAGE)
    seen: list[str] = []
    after = None
    totals = set()
    while True:
        page = api.data(query, id=parent, f=flt, n=n, after=after)[kind]["list"]
        totals.add(page["totalCount"])
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(totals) == 1
    return seen, totals.pop()


def items(corpus: Corpus, kind: str, parent: str, flt: Row) -> dict[str, set[str]]:
    """The list's items under the filter: item id -> its works that pass."""
    if kind == "author":
        return {w: {w} for w in corpus.authors[parent] if corpus.passes(w, flt)}
    if kind == "topic":
        return {w: {w} for w in corpus.works if parent in corpus.topics_and_ancestors(w) and corpus.passes(w, flt)}
    out = {a: {w for w in corpus.authors[a] if corpus.passes(w, flt)} for a in corpus.affiliated[parent]}
    return {a: ws for a, ws in out.items() if ws or not flt}


def parents(corpus: Corpus) -> dict[str, str]:
    field_of: dict[str, set[str]] = defaultdict(set)
    for wid, w in corpus.works.items():
        for t in w.get("topics") or []:
            field_of["openalex:field:" + short(t["field"]["id"])].add(wid)
    inst_works = {i: {w for a in authors for w in corpus.authors[a]} for i, authors in corpus.affiliated.items()}
    return {"author": busiest(corpus.authors)[0], "topic": busiest(field_of)[0],
            "institution": busiest(inst_works)[0]}


def filters(corpus: Corpus) -> list[Row]:
    """Filters of every kind, with values taken from the file."""
    years = sorted(w["publication_year"] for w in corpus.works.values())
    by_topic: Counter[str] = Counter(t for w in corpus.works for t in corpus.topics_and_ancestors(w)
                                     if t.startswith("openalex:subfield:"))
    sources: Counter[str] = Counter(s[0] for w in corpus.works if (s := corpus.source(w)))
    insts: Counter[str] = Counter(i for w in corpus.works for i in corpus.work_institutions[w])
    return [
        {},
        {"yearFrom": years[len(years) // 2]},
        {"yearFrom": 2015, "yearTo": 2021},
        {"types": ["article", "review"]},
        {"hasCode": True},
        {"hasCode": False, "hasAbstract": True},
        {"hasAbstract": False},
        {"topics": [by_topic.most_common(1)[0][0]]},
        {"sources": [s for s, _ in sources.most_common(2)]},
        {"institutions": [insts.most_common(1)[0][0]]},
        {"yearFrom": 2010, "types": ["article"], "hasAbstract": True},
        {"openAccess": True},
        {"openAccess": False, "yearFrom": 2015},
    ]


KINDS = ["author", "topic", "institution"]


def test_the_altered_file_has_every_case(corpus: Corpus) -> None:
    flags = [(corpus.passes(w, {"hasCode": True}), corpus.passes(w, {"hasAbstract": True}),
              corpus.works[w]["type"] is None, corpus.source(w) is None) for w in corpus.works]
    for i in range(4):
        assert {f[i] for f in flags} == {True, False}
    assert {(w.get("open_access") or {}).get("is_oa") for w in corpus.works.values()} == {True, False, None}


@pytest.mark.parametrize("kind", KINDS)
def test_filtered_lists_are_exactly_the_works_that_pass(api: Api, corpus: Corpus, kind: str) -> None:
    parent = parents(corpus)[kind]
    unfiltered, _ = all_pages(api, kind, parent, None, n=100)
    for flt in filters(corpus):
        expected = items(corpus, kind, parent, flt)
        seen, total = all_pages(api, kind, parent, flt or None)
        # every item once, in the unfiltered list's order: the pages are exact under the filter
        assert seen == [i for i in unfiltered if i in expected], (kind, flt)
        assert total == len(expected), (kind, flt)


@pytest.mark.parametrize("kind", KINDS)
def test_facets_count_the_whole_filtered_list(api: Api, corpus: Corpus, kind: str) -> None:
    parent = parents(corpus)[kind]
    groups = ["TYPE", "YEAR", "TOPIC", "INSTITUTION", "SOURCE"]
    facets = " ".join(f"{g.lower()}: facets(groupBy: {g}, first: 100) {{ groupBy total unknown groupCount "
                      f"groups {{ key displayName count }} }}" for g in groups)
    for flt in filters(corpus)[:5] + filters(corpus)[6:]:
        got = api.data(LIST_QUERY[kind].replace("<page>", facets), id=parent, f=flt or None, n=1, after=None)
        for g in groups:
            assert got[kind]["list"][g.lower()] == expected_facets(items(corpus, kind, parent, flt), corpus, g), \
                (kind, g, flt)


def test_facets_first_cuts_the_groups_not_the_counts(api: Api, corpus: Corpus) -> None:
    parent = parents(corpus)["topic"]
    full = expected_facets(items(corpus, "topic", parent, {}), corpus, "YEAR")
    got = api.data('query($id: ID!) { topic(id: $id) { works(first: 0) { totalCount facets(groupBy: YEAR, '
                   'first: 3) { total unknown groupCount groups { key count } } } } }', id=parent)
    facets = got["topic"]["works"]["facets"]
    assert facets["groups"] == [{"key": g["key"], "count": g["count"]} for g in full["groups"][:3]]
    assert (facets["total"], facets["groupCount"]) == (got["topic"]["works"]["totalCount"], full["groupCount"])
    assert full["groupCount"] > 3


def test_citation_lists_have_facets(api: Api, corpus: Corpus) -> None:
    citing: dict[str, set[str]] = defaultdict(set)
    for wid, w in corpus.works.items():
        for ref in w.get("referenced_works") or []:
            if short(ref) in corpus.works:
                citing[short(ref)].add(wid)
    work = busiest(citing)[0]
    got = api.data('query($id: ID!) { work(id: $id) { citedBy(first: 1) { facets(groupBy: YEAR, first: 100) { '
                   'groupBy total unknown groupCount groups { key displayName count } } } } }', id=work)
    assert got["work"]["citedBy"]["facets"] == expected_facets({w: {w} for w in citing[work]}, corpus, "YEAR")


def test_a_cursor_of_another_filter_is_refused(api: Api, corpus: Corpus) -> None:
    parent = parents(corpus)["author"]
    query = LIST_QUERY["author"].replace("<page>", PAGE)
    first = api.data(query, id=parent, f=None, n=2, after=None)["author"]["list"]["pageInfo"]["endCursor"]
    errors = api.errors(query, id=parent, f={"hasAbstract": True}, n=2, after=first)
    assert errors[0]["message"] == (f"after: {first!r} belongs to the list with another filter; ask again from "
                                    "the first page")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    filtered = api.data(query, id=parent, f={"hasAbstract": True}, n=2, after=None)["author"]["list"]
    errors = api.errors(query, id=parent, f=None, n=2, after=filtered["pageInfo"]["endCursor"])
    assert errors[0]["message"].endswith("belongs to the list with another filter; ask again from the first page")


@pytest.mark.parametrize(("flt", "message", "code"), [
    ({"yearFrom": 2022, "yearTo": 2020}, "filter: yearFrom (2022) is after yearTo (2020)", "BAD_USER_INPUT"),
    ({"topics": []}, "filter.topics: give at least one value, or leave it out", "BAD_USER_INPUT"),
    ({"topics": [f"T{i}" for i in range(51)]}, "filter.topics: 51 exceeds the limit of 50", "LIMIT_EXCEEDED"),
    ({"types": ["article"] * 60}, "filter.types: 60 exceeds the limit of 50", "LIMIT_EXCEEDED"),
])
def test_an_invalid_filter_is_a_clear_error(api: Api, corpus: Corpus, flt: Row, message: str, code: str) -> None:
    for kind, parent in parents(corpus).items():
        errors = api.errors(LIST_QUERY[kind].replace("<page>", "totalCount"), id=parent, f=flt, n=5, after=None)
        assert [(e["message"], e["extensions"]["code"]) for e in errors] == [(message, code)]


def test_an_unknown_group_or_filter_field_is_a_validation_error(api: Api, corpus: Corpus) -> None:
    errors = api.errors('{ topic(id: "x") { works { facets(groupBy: AUTHOR) { total } } } }')
    assert [e["message"] for e in errors] == ["Value 'AUTHOR' does not exist in 'FacetGroupBy' enum."]
    errors = api.errors('{ topic(id: "x") { works(filter: {year: 2020}) { totalCount } } }')
    assert [e["message"] for e in errors] == [
        "Expected value of type 'WorkFilter' not to include unknown field 'year'. Did you mean 'yearTo'? Found: "
        "{ year: 2020 }."]


def test_every_filtered_query_holds_the_same_filter_block() -> None:
    """The filter is written once per query file (Cypher has no include): the copies must agree."""
    def block(text: str, name: str) -> str:
        return text[text.index(f"// {name}: begin"):text.index(f"// {name}: end")]

    files = sorted((cypher_dir() / "api").glob("*_filtered.cypher")) + sorted((cypher_dir() / "api").glob(
        "*_facets.cypher"))
    assert len(files) == 8
    texts = {f.name: f.read_text() for f in files}
    assert len({block(t, "filter") for t in texts.values()}) == 1
    facet_keys = {" ".join(block(t, "group keys").split()) for n, t in texts.items() if n.endswith("_facets.cypher")}
    assert len(facet_keys) == 1
