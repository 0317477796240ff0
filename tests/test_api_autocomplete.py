"""autocomplete through the API on a generated OpenAlex file, on each engine: what a person typing
a name gets first, and the hints, computed here from the file itself."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from scholargraph.synthetic import write_jsonl
from tests.support.api import Api, api_over_files, executed_fields
from tests.support.engines import ENGINES
from tests.support.openalex_ids import short

QUERY = """query($t: String!, $k: [NodeKind!], $n: Int! = 10) { autocomplete(text: $t, kinds: $k, first: $n) {
    __typename
    ... on Author { id name hint } ... on Work { id title hint } ... on Topic { id name hint }
    ... on Institution { id name hint } ... on Source { id name hint } } }"""


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("autocomplete") / "works.jsonl.gz"
    write_jsonl(path, 120, seed=21)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    records[0]["__path"] = str(path)
    return records


@pytest.fixture(scope="module")
def api(engine: str, works: list[dict[str, Any]], request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    rejects = tmp_path_factory.mktemp("autocomplete-rejects") / "r.jsonl"
    with api_over_files(engine, request, "autocomplete", [works[0]["__path"]], rejects) as client:
        yield client


def suggest(api: Api, text: str, kinds: list[str] | None = None, first: int = 10) -> list[dict[str, Any]]:
    return api.data(QUERY, t=text, k=kinds, n=first)["autocomplete"]  # type: ignore[no-any-return]


def author_hints(works: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """id -> (name, hint): the institution seen in the latest year (ties by id), and the works."""
    seen: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)  # author -> institution -> (last year, name)
    count: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for w in works:
        for a in w["authorships"]:
            aid = short(a["author"]["id"])
            names[aid] = a["author"]["display_name"]
            count[aid] += 1
            for i in a["institutions"]:
                iid = short(i["id"])
                last = max(seen[aid].get(iid, (0, ""))[0], w["publication_year"])
                seen[aid][iid] = (last, i["display_name"])
    out = {}
    for aid, n in count.items():
        inst = min(seen[aid].items(), key=lambda kv: (-kv[1][0], kv[0]))[1][1] if seen[aid] else None
        out[aid] = (names[aid], f"{inst or 'affiliation not imported'} · {n} work{'s' * (n != 1)}")
    return out


def test_a_full_author_name_comes_first_with_its_hint(api: Api, works: list[dict[str, Any]]) -> None:
    hints = author_hints(works)
    names = defaultdict(list)
    for aid, (name, _) in hints.items():
        names[name].append(aid)
    aid = sorted(a for a, (name, _) in hints.items() if len(names[name]) == 1)[0]
    name, hint = hints[aid]
    got = suggest(api, name)
    assert got[0] == {"__typename": "Author", "id": aid, "name": name, "hint": hint}


def test_a_prefix_finds_the_topic_with_its_parent(api: Api, works: list[dict[str, Any]]) -> None:
    topics: dict[str, dict[str, Any]] = {}
    linked: dict[str, set[str]] = defaultdict(set)
    for w in works:
        for t in w.get("topics") or []:
            topics[short(t["id"])] = t
            linked[short(t["id"])].add(w["id"])
    tid = min(topics, key=lambda t: (-len(linked[t]), t))
    topic = topics[tid]
    typed = topic["display_name"][: max(3, len(topic["display_name"]) // 2)].rstrip()
    got = suggest(api, typed, ["TOPIC"])
    mine = [s for s in got if s["id"] == tid]
    assert mine, (typed, got)
    n = len(linked[tid])
    assert mine[0]["hint"] == f"topic in {topic['subfield']['display_name']} · {n} work{'s' * (n != 1)}"
    assert {s["__typename"] for s in got} == {"Topic"}


def test_a_work_hint_is_year_and_first_author(api: Api, works: list[dict[str, Any]]) -> None:
    w = works[5]
    got = suggest(api, w["title"], ["WORK"])
    assert got[0]["id"] == short(w["id"])
    first = next(a for a in w["authorships"] if a["author_position"] == "first")["author"]["display_name"]
    more = " et al." if len(w["authorships"]) > 1 else ""
    assert got[0]["hint"] == f"{w['publication_year']} · {first}{more}"


def test_kinds_and_limits(api: Api, works: list[dict[str, Any]]) -> None:
    inst = works[0]["authorships"][0]["institutions"][0]["display_name"]
    got = suggest(api, inst.split()[0], ["INSTITUTION", "SOURCE"], first=3)
    assert 0 < len(got) <= 3 and {s["__typename"] for s in got} <= {"Institution", "Source"}
    assert suggest(api, "?!", None) == []
    errors = api.errors(QUERY, t="a", k=None, n=11)
    assert errors[0]["message"] == "first: 11 exceeds the limit of 10"


def test_match_quality_ranks_before_citations() -> None:
    from search.autocomplete import quality

    assert quality(["graph", "neural"], "Graph Neural") == 3
    assert quality(["graph", "neu"], "Graph neural networks") == 2
    assert quality(["neu", "graph"], "Graph neural networks") == 1
    assert quality(["molecule"], "Graph neural networks") == 0


def test_a_work_is_completed_from_its_title_never_its_abstract(api: Api, works: list[dict[str, Any]]) -> None:
    from graphdb.fulltext import search_terms

    in_titles = {t for w in works for t in search_terms(w["title"] or "")}
    in_abstracts = {t for w in works for t in (w.get("abstract_inverted_index") or {}) for t in search_terms(t)}
    # a word of some abstract that starts no word of any title
    only_abstract = sorted(t for t in in_abstracts if len(t) >= 4 and not any(x.startswith(t) for x in in_titles))
    assert only_abstract, "the generated abstracts have words that no title has"
    assert suggest(api, only_abstract[0], ["WORK"]) == []
    word = min((t for t in in_titles if len(t) >= 5), key=lambda t: (-sum(t in search_terms(w["title"] or "")
                                                                         for w in works), t))
    got = suggest(api, word[:4], ["WORK"])
    titles = {short(w["id"]): w["title"] for w in works}
    assert got and all(any(x.startswith(word[:4]) for x in search_terms(titles[s["id"]])) for s in got), got


@pytest.mark.parametrize("stream", [2, None])
def test_a_broad_prefix_is_completed_by_citations(api: Api, works: list[dict[str, Any]], stream: int | None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A prefix with more matches than the index is read for (stream 2) is completed from the
    most cited works held in memory (all 120 here): the same ranking as when every match is read."""
    from graphdb.fulltext import search_terms
    from search import autocomplete

    if stream is not None:
        monkeypatch.setattr(autocomplete, "STREAM", stream)
    starts = defaultdict(set)  # three letters -> the works with a title word starting so
    for w in works:
        for t in search_terms(w["title"] or ""):
            if len(t) >= 3:
                starts[t[:3]].add(short(w["id"]))
    typed = min(starts, key=lambda p: (-len(starts[p]), p))
    assert len(starts[typed]) > 10, starts[typed]
    ranked = sorted(((autocomplete.quality([typed], w["title"]), w["cited_by_count"], short(w["id"]))
                     for w in works if short(w["id"]) in starts[typed]), key=lambda r: (-r[0], -r[1], r[2]))
    got = suggest(api, typed, ["WORK"])
    assert [s["id"] for s in got] == [r[2] for r in ranked[:10]], (typed, ranked[:12])


def test_each_suggestion_carries_its_hint(api: Api, works: list[dict[str, Any]],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The suggestions' hints come in one query per kind with the nodes; no `hint` resolver runs."""
    executed = executed_fields(monkeypatch)
    name, hint = next(iter(author_hints(works).values()))
    got = suggest(api, name, ["AUTHOR", "WORK"])
    assert {"name": name, "hint": hint} in [{"name": s.get("name"), "hint": s["hint"]} for s in got]
    assert executed == ["Query.autocomplete"]
