"""Fast and safe: bounded round trips (DataLoaders), the published limits, argument errors.

Every check that needs a graph runs on both samples of tests/test_api_profile.py: Jason
Priem's real files (skipped, saying why, without ../shared/data) and the generated one (the
most prolific author of a synthetic snapshot part), so a fresh clone runs them too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from graphql import GraphQLObjectType, parse

from api.cost import DB_WEIGHTS, DEFAULT_DB_WEIGHT, db_weights, operation_cost
from api.execution.core_schema import graphql_schema
from api.limits import MAX_COST, MAX_DEPTH, MAX_FIRST
from api.schema import build_schema
from tests.support import profile_samples
from tests.support.api import Api
from tests.support.profile_samples import Sample

# Each sample's graph and its API server on each engine, as tests/support/profile_samples.py loads them.
engine = profile_samples.engine
sample = profile_samples.sample
sample_graph = profile_samples.sample_graph
served = profile_samples.served
PRIEM = profile_samples.PRIEM  # the queries below name him; `q` puts the sample's author there


@pytest.fixture
def api(served: Api) -> Api:
    return served


def q(query: str, sample: Sample) -> str:
    """`query` about the sample's author (the queries are written about Priem)."""
    return query.replace(PRIEM, sample.author)

MANY = """query($ids: [ID!]!) { authors(ids: $ids) { id name
  works(first: 3, orderBy: CITATIONS) { totalCount edges { node { id title year
    topics { topic { id name } } authors(first: 3) { author { id name } } source { name } } } }
  topics(first: 3) { topic { id name } works share }
  profile { counts { works citations } hIndex topTopics { topic { name } share } } } }"""


@pytest.fixture
def author_ids(api: Api, sample: Sample) -> Iterator[list[str]]:
    got = api.data(q('{ closeCollaborators(authorId: "A5023888391", first: 49) { author { id } } }', sample))
    yield [sample.author] + [c["author"]["id"] for c in got["closeCollaborators"]]


def _round_trips(api: Api, ids: list[str]) -> tuple[int, dict]:
    assert api.state is not None
    before = api.state.round_trips
    data = api.data(MANY, ids=ids)
    return api.state.round_trips - before, data


def test_fifty_authors_with_works_and_topics_take_a_bounded_number_of_round_trips(
        api: Api, author_ids: list[str]) -> None:
    assert len(author_ids) == 50
    few, few_data = _round_trips(api, author_ids[:5])
    many, many_data = _round_trips(api, author_ids)
    assert len(many_data["authors"]) == 50 and all(a is not None for a in many_data["authors"])
    assert many_data["authors"][:5] == few_data["authors"]
    # one query per DataLoader: authors, their works, their topics, profiles, then the works'
    # topics, authors and sources
    assert many == few <= 7, (few, many)
    assert sum(len(a["works"]["edges"]) for a in many_data["authors"]) > 50


def test_unknown_ids_give_null(api: Api, sample: Sample) -> None:
    data = api.data(q("""{ author(id: "A0") { id } work(id: "W0") { id } topic(id: "T0") { id }
        institution(id: "I0") { id } source(id: "S0") { id } authors(ids: ["A0", "A5023888391"]) { id }
        researcherContext(authorId: "A0") { nodes { id } } closeCollaborators(authorId: "A0") { sharedWorks }
        suggestedCollaborators(authorId: "A0") { score } expand(nodeId: "A0") { nodes { id } }
        collaborationPath(fromId: "A0", toId: "A5023888391") { length } }""", sample))
    assert data == {"author": None, "work": None, "topic": None, "institution": None, "source": None,
                    "authors": [None, {"id": sample.author}], "researcherContext": None, "closeCollaborators": None,
                    "suggestedCollaborators": None, "expand": None, "collaborationPath": None}


def test_first_over_the_limit_is_an_error_naming_it(api: Api, sample: Sample) -> None:
    for query in ['{ author(id: "A5023888391") { works(first: 101) { totalCount } } }',
                  '{ closeCollaborators(authorId: "A5023888391", first: 500) { sharedWorks } }',
                  '{ search(text: "open access", first: 1000) { score } }']:
        [error] = api.errors(q(query, sample))
        assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
        assert f"limit of {MAX_FIRST}" in error["message"] and "first" in error["message"]
    ok = api.data(q('{ author(id: "A5023888391") { works(first: 100) { totalCount } } }', sample))
    assert ok["author"]["works"]["totalCount"] > 0


def test_depth_limit(api: Api, sample: Sample) -> None:
    deep = '{ author(id: "A5023888391") { works(first: 1) { edges { node { authors(first: 1) { author {' \
           ' works(first: 1) { edges { node { topics { topic { parent { parent { name } } } } } } } } } } } } } }'
    errors = api.errors(q(deep, sample))
    assert any(f"maximum operation depth of {MAX_DEPTH}" in e["message"] for e in errors)


def test_cost_limit_counts_variables(api: Api, sample: Sample) -> None:
    query = """query($n: Int!) { author(id: "A5023888391") { works(first: $n) { edges { node {
        authors(first: $n) { author { works(first: $n) { totalCount } } } } } } } }"""
    query = q(query, sample)
    errors = api.errors(query, n=100)
    [cost] = [e for e in errors if "cost" in e["message"]]
    assert cost["extensions"]["code"] == "LIMIT_EXCEEDED" and f"limit of {MAX_COST}" in cost["message"]
    assert api.data(query, n=5)["author"]["works"]["edges"]


IDS_50 = ", ".join(f'"A{i}"' for i in range(50))
COSTS = [  # (query, variables, cost): each field 1 per time it can appear, plus its database weight
    (f"{{ authors(ids: [{IDS_50}]) {{ works(first: 20) {{ edges {{ node {{ title }} }} }} }} }}", {},
     (1 + 5) + 50 * (1 + 2) + 50 * 20 * 3),  # docs/api.md's example: 3,156
    ('{ suggestedCollaborators(authorId: "A1", first: 1) { score } }', {}, (1 + 400) + 1),
    ('{ a: suggestedCollaborators(authorId: "A1") { score } b: suggestedCollaborators(authorId: "A2") { score } }',
     {}, 2 * ((1 + 400) + 10)),
    ('{ collaborationPath(fromId: "A1", toId: "A2") { length authors { name } } }', {}, (1 + 100) + 3),
    ('{ mostConnectedAuthors(first: 3) { name profile { hIndex } } }', {}, (1 + 400) + 3 * (1 + (1 + 5) + 1)),
    ("query($n: Int!) { researcherContext(authorId: \"A1\", works: $n) { nodes { id } } }", {"n": 50},
     (1 + 30) + (1 + 50 + 10 + 5 + 3) * 2),
    ('{ author(id: "A1") { name works(first: 5) { totalCount } } __typename __schema { types { name } } }', {},
     (1 + 5) + 1 + (1 + 2) + 5),  # introspection free
    ('mutation { followAuthor(authorId: "A1") { following } }', {}, (1 + 20) + 1),
    # facets weigh 20 (the whole list aggregated), their `first` bounds the groups
    ('{ author(id: "A1") { works(first: 5) { facets(groupBy: YEAR, first: 3) { total } } } }', {},
     (1 + 5) + (1 + 2) + 5 * ((1 + 20) + 3 * 1)),
    # trust and possibleMerge weigh 20 each (the coherence analysis moves every work's vector);
    # possibleMerge's `first` bounds its clusters, so what is under it counts twice here
    ('{ author(id: "A1") { profile { trust { score } possibleMerge(first: 2) { people } } } }', {},
     (1 + 5) + (1 + 5) + (1 + 20) + 1 + (1 + 20) + 2 * 1),
]


def test_the_cost_of_a_query_is_exact() -> None:
    schema = graphql_schema(build_schema())
    for query, variables, expected in COSTS:
        assert operation_cost(schema, parse(query), None, variables, MAX_COST) == ("anonymous", expected), query


def test_every_field_that_reaches_the_database_has_a_weight() -> None:
    """Every async resolver runs a query (api.context.Context.run or run_blocking), and so may
    every resolver marked REACHES_DATABASE (Work.authors and Work.topics, which answer at once
    when their page brought their data; other sync ones read the context): each has a weight,
    its own in api.cost.DB_WEIGHTS or DEFAULT_DB_WEIGHT; nothing else has one, and DB_WEIGHTS
    names no field that is not such a resolver."""
    schema = graphql_schema(build_schema())
    async_fields = {(name, field_name) for name, t in schema.type_map.items() if isinstance(t, GraphQLObjectType)
                    for field_name, f in t.fields.items()
                    if (d := f.extensions.get("strawberry-definition")) is not None and d.base_resolver is not None
                    and (d.is_async or d.metadata.get("reaches_database"))}
    weights = db_weights(schema)
    assert set(weights) == async_fields and set(DB_WEIGHTS) <= async_fields
    assert all(weights[f] == DB_WEIGHTS.get(f, DEFAULT_DB_WEIGHT) for f in async_fields)
    assert weights[("Query", "suggestedCollaborators")] == 400 and weights[("Query", "author")] == 5
    assert {("Work", "authors"), ("Work", "topics")} <= set(weights)


def test_invalid_arguments_are_validation_errors(api: Api, sample: Sample) -> None:
    cases = [
        ('{ author(id: "A5023888391") { works(orderBy: SIDEWAYS) { totalCount } } }', "SIDEWAYS"),
        ('{ author(id: "A5023888391") { works(first: "ten") { totalCount } } }', "Int"),
        ("{ author { name } }", "id"),
        ('{ researcherContext(authorId: "A5023888391") { nodes { nonsense } } }', "nonsense"),
    ]
    for query, word in cases:
        body = api.body(q(query, sample))
        assert body["data"] is None, body
        assert any(word in e["message"] for e in body["errors"]), body
    [error] = api.errors('{ collaborationPath(fromId: "A1", toId: "A2", maxHops: 0) { length } }')
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "maxHops" in error["message"]
    [error] = api.errors(q('{ author(id: "A5023888391") { works(after: "not-a-cursor") { totalCount } } }', sample))
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "cursor" in error["message"]
    [error] = api.errors(q('{ author(id: "A5023888391") { works(first: -1) { totalCount } } }', sample))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_author_with_their_profile_is_one_round_trip(api: Api, sample: Sample) -> None:
    assert api.state is not None
    for query in ['{ author(id: "A5023888391") { name profile { hIndex } } }',
                  '{ author(id: "A5023888391") { name profile(topTopics: 2) { topTopics { share } } } }',
                  '{ author(id: "A0") { name profile { hIndex } } }']:
        before = api.state.round_trips
        api.data(q(query, sample))
        assert api.state.round_trips - before == 1, query
