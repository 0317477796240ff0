"""Author.works with its works' bylines and topics in one query (api/author_works_detail):
the benchmark's nested query in two round trips instead of four, the same answer as the
per-field loaders give, and the selections the look-ahead cannot read for certain falling back
to them; on each engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from graphdb import Graph
from tests.support import profile_samples
from tests.support.api import Api, api_for
from tests.support.engines import ENGINES, empty_graph
from tests.support.profile_samples import PRIEM
from tests.support.small_graphs import W, build

# The benchmark's "nested" query (benchmarks/peers/neo4j-graphql/queries.json)
NESTED = """query Nested($id: ID!) { author(id: $id) { id name
  works(first: 20, orderBy: DATE) { edges { node { id title year publicationDate citedByCount
    authors(first: 10) { position order author { id name } }
    topics { score primary topic { id name } } } } } } }"""

WORK_FIELDS = "id title year publicationDate citedByCount"
BYLINE = "position order author { id name }"
TOPICS = "score primary topic { id name }"


def gql(text: str, **parts: str) -> str:
    """`text` with <byline> and <topics> standing for the nested query's selections of them, and
    <name> for each of `parts`."""
    for name, part in {**parts, "byline": BYLINE, "topics": TOPICS}.items():
        text = text.replace(f"<{name}>", part)
    return text


# Author A1: 24 works (one page of 20 leaves 4), several in one year (ties go by id); every
# third with 13 authors (more than first: 10; A1 not always first), every fourth with three
# topics under different fields, some with none; A2 shares a few of them.
BIG = [f"A{100 + i}" for i in range(12)]
TOPIC_SETS = [[("T1", "cs"), ("T2", "phys"), ("T3", "bio")], [("T2", "phys")], [], [("T3", "bio"), ("T1", "cs")]]


def fixture_works() -> list[W]:
    works = []
    for i in range(24):
        if i % 3 == 0:
            authors = BIG[: i % 7] + ["A1"] + BIG[i % 7:]
        elif i % 3 == 1:
            authors = ["A1", "A2"]
        else:
            authors = ["A1"]
        works.append(W(f"W{i:02d}", authors, year=2010 + i // 3, cited=(i * 7) % 11,
                       topics=TOPIC_SETS[i % 4]))
    works.append(W("W99", ["A2", "A3"], year=2024, topics=[("T4", "cs")]))
    return works


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def nested_graph(engine: str, request: pytest.FixtureRequest) -> Iterator[Graph]:
    graph = empty_graph(engine, request, "api_nested")
    build(graph, fixture_works())
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def api(nested_graph: Graph) -> Iterator[Api]:
    with api_for(nested_graph) as client:
        yield client


@contextmanager
def named_queries(api: Api) -> Iterator[list[str]]:
    """The named queries the app runs meanwhile, in order (and round trips must match them)."""
    assert api.state is not None
    agraph = api.state.agraph()
    original = agraph.query
    names: list[str] = []

    async def recording(name: str, params: dict[str, Any] | None = None) -> Any:
        names.append(name)
        return await original(name, params)

    before = api.state.round_trips
    agraph.query = recording  # type: ignore[method-assign]
    try:
        yield names
    finally:
        del agraph.query
    assert api.state.round_trips - before == len(names), names


def old_way(api: Api, author: str, works_args: str, work_fields: str,
            node_fields: str = WORK_FIELDS) -> dict[str, Any]:
    """The author's page of works with their `node_fields` only, then each work's `work_fields`
    through the root `work(id)` field: what the per-field loaders answer."""
    page = api.data(gql('{ author(id: "<id>") { id name works(<args>) { edges { node { <fields> } } } } }',
                        id=author, args=works_args, fields=node_fields))
    nodes = [e["node"] for e in page["author"]["works"]["edges"]]
    if nodes:
        extra = api.data(gql("{ <works> }", works=" ".join(
            f'w{i}: work(id: "{n["id"]}") {{ {gql(work_fields)} }}' for i, n in enumerate(nodes))))
        for i, node in enumerate(nodes):
            node.update(extra[f"w{i}"])
    return page


def nodes_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in data["author"]["works"]["edges"]]


@pytest.mark.parametrize(("order", "skip", "limit", "bylines", "authors", "topics"), [
    ("DATE", 0, 20, True, 10, True), ("CITATIONS", 3, 5, True, 0, False), ("DATE", 0, 4, False, 10, True),
    ("CITATIONS", 30, 5, True, 2, True), ("DATE", 0, 50, False, 0, False)])
def test_the_named_query_answers_as_the_three_it_merges(nested_graph: Graph, order: str, skip: int, limit: int,
                                                       bylines: bool, authors: int, topics: bool) -> None:
    ids = ["A2", "A1", "A404", "A100"]
    page = {"ids": ids, "order": order, "skip": skip, "limit": limit}
    detail = {**page, "bylines": bylines, "authors": authors, "topics": topics}
    got = {r["id"]: r for r in nested_graph.query(
        "api/author_works_detail", {**detail, "full_authors": True, "full_topics": True, "abstracts": True}).rows}
    cut = {r["id"]: r for r in nested_graph.query(
        "api/author_works_detail", {**detail, "full_authors": False, "full_topics": False, "abstracts": False}).rows}
    # cut to what a selection shows: the same rows with an author's and a topic's id and name
    # only, and no abstract
    assert cut == {aid: {**row, "works": [{
        "work": {**w["work"], "abstract": None},
        "author_total": w["author_total"],
        "authors": [{**a, "author": {k: a["author"][k] for k in ("id", "display_name")}} for a in w["authors"]],
        "topics": [{**t, "topic": {k: t["topic"][k] for k in ("id", "name")}} for t in w["topics"]]}
        for w in row["works"]]} for aid, row in got.items()}
    works = {r["id"]: r for r in nested_graph.query("api/author_works", page).rows}
    assert set(got) == set(works) == {"A1", "A2", "A100"}
    every = sorted({w["id"] for r in works.values() for w in r["works"]})
    bylines_of = {r["id"]: r for r in nested_graph.query("api/work_authors", {"ids": every, "limit": authors}).rows}
    topics_of = {r["id"]: r["topics"] for r in nested_graph.query("api/work_topics", {"ids": every}).rows}
    for aid, row in got.items():
        assert (row["total"], [w["work"] for w in row["works"]]) == (works[aid]["total"], works[aid]["works"])
        for w in row["works"]:
            wid = w["work"]["id"]
            byline = bylines_of.get(wid, {"total": 0, "authors": []})
            assert (w["author_total"], w["authors"]) == ((byline["total"], byline["authors"]) if bylines else (0, []))
            assert w["topics"] == (topics_of.get(wid, []) if topics else [])


def test_the_nested_query_takes_two_round_trips_and_answers_as_the_loaders_do(api: Api) -> None:
    with named_queries(api) as names:
        got = api.data(NESTED, id="A1")
    assert names == ["api/author_works_detail"]  # was 4: authors_by_ids, + work_authors, work_topics
    assert got == old_way(api, "A1", "first: 20, orderBy: DATE", "authors(first: 10) { <byline> } topics { <topics> }")
    nodes = nodes_of(got)
    # the fixture does what it is for: a cut page, cut bylines, several topics, works without any
    assert len(nodes) == 20 and len({n["id"] for n in nodes}) == 20
    assert any(len(n["authors"]) == 10 for n in nodes) and any(len(n["topics"]) == 3 for n in nodes)
    assert any(not n["topics"] for n in nodes)
    assert [n["publicationDate"] for n in nodes] == sorted((n["publicationDate"] for n in nodes), reverse=True)


@contextmanager
def detail_shapes(api: Api) -> Iterator[list[tuple[bool, bool, bool]]]:
    """(full_authors, full_topics, abstracts) of each api/author_works_detail the app runs meanwhile."""
    assert api.state is not None
    agraph = api.state.agraph()
    original = agraph.query
    shapes: list[tuple[bool, bool, bool]] = []

    async def recording(name: str, params: dict[str, Any] | None = None) -> Any:
        if name == "api/author_works_detail" and params is not None:
            shapes.append((params["full_authors"], params["full_topics"], params["abstracts"]))
        return await original(name, params)

    agraph.query = recording  # type: ignore[method-assign]
    try:
        yield shapes
    finally:
        del agraph.query


@pytest.mark.parametrize(("fields", "shape"), [
    ("authors(first: 3) { order author { id name __typename } } topics { score topic { id name } }",
     (False, False, False)),
    ("abstract authors(first: 3) { author { id orcid } } topics { topic { id description parent { id } } }",
     (True, True, True)),
    ("authors(first: 3) { author { ... on Author { name openalexId } } } topics { score }", (True, False, False)),
    ("authorCount topics { primary topic { id level } }", (False, True, False)),
])
def test_the_detail_query_fetches_what_the_selection_shows(api: Api, fields: str,
                                                           shape: tuple[bool, bool, bool]) -> None:
    # whole author maps, topic maps or abstracts only where the selection shows more than an
    # id and a name of them: the answer is the per-field loaders' either way
    with detail_shapes(api) as shapes:
        got = api.data(gql('{ author(id: "A1") { id name works(first: 8) { edges { node { id <fields> } } } } }',
                           fields=fields))
    assert shapes == [shape]
    assert got == old_way(api, "A1", "first: 8", fields, node_fields="id")


def test_pages_orders_and_several_authors_batch_into_one_detail_query(api: Api) -> None:
    fields = "authors(first: 2) { <byline> } authorCount topics { <topics> }"
    query = gql("""query($ids: [ID!]!, $after: String) { authors(ids: $ids) { id name
      works(first: 3, after: $after, orderBy: CITATIONS) { totalCount pageInfo { hasNextPage }
        edges { node { <work> <fields> } } } } }""", work=WORK_FIELDS, fields=fields)
    cursor = api.data('{ author(id: "A1") { works(first: 2, orderBy: CITATIONS) { pageInfo { endCursor } } } }')
    after = cursor["author"]["works"]["pageInfo"]["endCursor"]
    with named_queries(api) as names:
        got = api.data(query, ids=["A1", "A2", "A0"], after=after)
    assert names == ["api/authors_by_ids", "api/author_works_detail"]
    assert got["authors"][2] is None
    for author in got["authors"][:2]:
        expected = old_way(api, author["id"], f'first: 3, after: "{after}", orderBy: CITATIONS', fields)
        assert [e["node"] for e in author["works"]["edges"]] == nodes_of(expected)
    a1 = got["authors"][0]["works"]
    assert a1["totalCount"] == 24 and a1["pageInfo"]["hasNextPage"]
    assert any(n["node"]["authorCount"] == 13 and len(n["node"]["authors"]) == 2 for n in a1["edges"])


def test_the_author_comes_with_its_page_even_unknown_merged_or_without_works(api: Api, nested_graph: Graph) -> None:
    # Query.author asks the page's query for the author too: an unknown id is null, an id
    # OpenAlex merged into A1 gives A1 and A1's works, an author without works an empty page,
    # each in the one query, as authors_by_ids would answer them.
    nested_graph.write("MERGE (:MergedId {id: 'A1old', into: 'A1'}) "
                       "MERGE (:Author {id: 'A0', display_name: 'No Works'})")
    query = gql("""query($id: ID!) { author(id: $id) { id name openalexId works(first: 3) { totalCount
      edges { node { id topics { <topics> } } } } } }""")
    try:
        for asked, expected in (("A404", None), ("A1old", "A1"), ("A0", "A0")):
            with named_queries(api) as names:
                got = api.data(query, id=asked)
            assert names == ["api/author_works_detail"], asked
            if expected is None:
                assert got == {"author": None}
                continue
            direct = api.data('query($id: ID!) { author(id: $id) { id name openalexId } }', id=asked)["author"]
            assert {k: got["author"][k] for k in ("id", "name", "openalexId")} == direct
            assert got["author"]["id"] == expected
        assert api.data(query, id="A0")["author"]["works"] == {"totalCount": 0, "edges": []}
        a1 = api.data(query, id="A1old")["author"]["works"]
        assert a1 == api.data(query, id="A1")["author"]["works"] and a1["totalCount"] == 24
    finally:
        nested_graph.write("MATCH (n) WHERE n.id IN ['A1old', 'A0'] DETACH DELETE n")


def test_a_page_past_the_end_keeps_its_total(api: Api) -> None:
    end = api.data('{ author(id: "A2") { works(first: 50) { pageInfo { endCursor } } } }')
    query = gql('{ author(id: "A2") { works(first: 5, after: "<after>") { totalCount edges { node { id '
                "topics { score } } } } } }", after=end["author"]["works"]["pageInfo"]["endCursor"])
    with named_queries(api) as names:
        got = api.data(query)
    assert names == ["api/author_works_detail"]
    assert got == {"author": {"works": {"totalCount": 9, "edges": []}}}


def test_a_selection_without_bylines_or_topics_keeps_author_works(api: Api) -> None:
    with named_queries(api) as names:
        got = api.data('{ author(id: "A1") { works(first: 20) { edges { node { id } } } } }')
    assert names == ["api/authors_by_ids", "api/author_works"]
    assert len(nodes_of(got)) == 20
    # fields the directives drop ask for nothing either
    with named_queries(api) as names:
        api.data("""query($with: Boolean!) { author(id: "A1") { works { edges { node { id
                      authors @include(if: $with) { order } topics @skip(if: true) { score } } } } } }""",
                 **{"with": False})
    assert names == ["api/authors_by_ids", "api/author_works"]


def test_aliases_with_two_firsts_and_fragments_answer_right(api: Api) -> None:
    query = gql("""query($n: Int!) { author(id: "A1") { id name works(first: 20) { ...Page } } }
      fragment Page on WorkConnection { edges { node { id ... on Work { few: authors(first: 2) { <byline> } }
                                                          ...More } } }
      fragment More on Work { many: authors(first: $n) { <byline> } authorCount topics { <topics> } }""")
    with named_queries(api) as names:
        got = api.data(query, n=12)
    assert names == ["api/author_works_detail"]  # one byline page, cut twice
    assert got == old_way(api, "A1", "first: 20", "few: authors(first: 2) { <byline> } "
                          "many: authors(first: 12) { <byline> } authorCount topics { <topics> }", node_fields="id")
    assert any(len(n["few"]) == 2 and len(n["many"]) == 12 and n["authorCount"] == 13 for n in nodes_of(got))


def test_a_first_it_cannot_read_falls_back_to_the_byline_loader(api: Api) -> None:
    # $n not given: the field's default (50) applies, which the look-ahead does not assume
    query = gql("""query($n: Int) { author(id: "A1") { id name works(first: 6) { edges { node { id
      authors(first: $n) { <byline> } topics { <topics> } } } } } }""")
    with named_queries(api) as names:
        got = api.data(query)
    assert names == ["api/author_works_detail", "api/work_authors"]
    assert got == old_way(api, "A1", "first: 6", "authors { <byline> } topics { <topics> }", node_fields="id")
    assert any(len(n["authors"]) == 13 for n in nodes_of(got))
    # a first over the limit is still the Work.authors field's own error
    [error] = api.errors('{ author(id: "A1") { works(first: 1) { edges { node { authors(first: 101) { order } '
                         "topics { score } } } } } }")
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED" and error["path"][-1] == "authors"


# Jason Priem's real graph (tests/support/profile_samples.py): real bylines and topic trees. On Neo4j it
# replaces the fixture graph above in the one database, so this test stays after those (pytest
# runs one engine's tests in file order).
priem_graph = profile_samples.priem_graph


@pytest.fixture(scope="module")
def priem_api(priem_graph: Graph) -> Iterator[Api]:
    with api_for(priem_graph) as client:
        yield client


def test_the_nested_query_on_a_real_graph(priem_api: Api) -> None:
    fields = "authors(first: 10) { <byline> } topics { score primary topic { id name parent { id } } }"
    for order in ("DATE", "CITATIONS"):
        query = NESTED.replace("orderBy: DATE", f"orderBy: {order}").replace("topic { id name }",
                                                                              "topic { id name parent { id } }")
        with named_queries(priem_api) as names:
            got = priem_api.data(query, id=PRIEM)
        assert names == ["api/author_works_detail", "api/topics_by_ids"]  # the parents
        assert got == old_way(priem_api, PRIEM, f"first: 20, orderBy: {order}", fields)
        nodes = nodes_of(got)
        assert len(nodes) == 20 and any(t["topic"]["parent"] for n in nodes for t in n["topics"])
