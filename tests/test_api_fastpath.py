"""The endpoint's fast path (api.graphql_app, api.execution) answers exactly as strawberry's
ordinary execution does: the same bytes and status for every query here, each asked twice (the
second time from the caches), against a reference app whose /graphql is strawberry's view on
strawberry's own execution context (no plans, no shared subfields)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api import graphql_app
from api.app import create_app
from api.execution import FastExecutionContext
from api.graphql_app import GraphQLApp
from api.limits import MAX_COST
from api.schema import DEPTH_RULE, ApiSchema, build_schema
from benchmarks.api_bench import COLLABORATORS, CONTEXT, PROFILE  # the benchmark's three operations
from graphdb import Graph
from tests.support.api import executed_fields, running
from tests.support.small_graphs import W, build

# (query, variables, operationName)
QUERIES: list[tuple[str, dict[str, Any] | None, str | None]] = [
    (PROFILE, {"id": "A1"}, None),
    (PROFILE, {"id": "nobody"}, None),
    (PROFILE, {"id": 12}, None),  # an Int for an ID: coerced to "12"
    (PROFILE, {}, None),  # a required variable missing
    (PROFILE, {"id": None}, None),
    (CONTEXT, {"id": "A1"}, None),
    (COLLABORATORS, {"id": "A2"}, None),
    # aliases, the same field twice, __typename
    ("""{ a: author(id: "A1") { n: name, name, __typename, p: profile(topTopics: 1) { hIndex
        t: topTopics { topic { id n: name } share } } q: profile { hIndex } }
        b: author(id: "A3") { id __typename } }""", None, None),
    # fragments, inline fragments, nested fragments
    ("""query Q($id: ID!) { author(id: $id) { ...F profile { ...P ... on Profile { claimed } } } }
        fragment F on Author { id ... on Author { orcid } name }
        fragment P on Profile { counts { works } trust { ...T } }
        fragment T on Trust { score band signals { name } }""", {"id": "A2"}, "Q"),
    # several operations: the one named
    ("query One { author(id: \"A1\") { id } } query Two { author(id: \"A2\") { name } }", None, "Two"),
    ("query One { author(id: \"A1\") { id } } query Two { author(id: \"A2\") { name } }", None, None),
    ("query One { author(id: \"A1\") { id } }", None, "Missing"),
    # variables with defaults, given, omitted, null
    ("""query($id: ID!, $n: Int = 2, $t: Int) { researcherContext(authorId: $id, works: $n, topics: $t) {
        nodes { id } } }""", {"id": "A1"}, None),
    ("""query($id: ID!, $n: Int = 2, $t: Int) { researcherContext(authorId: $id, works: $n, topics: $t) {
        nodes { id } } }""", {"id": "A1", "n": 1, "t": 1}, None),
    ("""query($id: ID!, $n: Int = 2) { researcherContext(authorId: $id, works: $n) { nodes { id } } }""",
     {"id": "A1", "n": None}, None),
    ("""query($id: ID!, $n: Int = 2) { researcherContext(authorId: $id, works: $n) { nodes { id } } }""",
     {"id": "A1", "n": "many"}, None),
    ("""query($top: Int) { author(id: "A1") { profile(topTopics: $top) { topTopics { topic { id } } } } }""",
     {}, None),
    # nulls and errors: unknown ids, limits, bad arguments, an error under a non-null field
    ("""{ author(id: "nope") { id } researcherContext(authorId: "nope") { nodes { id } }
        closeCollaborators(authorId: "nope") { sharedWorks } }""", None, None),
    ("""{ closeCollaborators(authorId: "A1", first: 1000) { sharedWorks }
        researcherContext(authorId: "A1", works: 999) { nodes { id } } author(id: "A1") { id } }""", None, None),
    ("""{ author(id: "A1") { name profile(topTopics: -1) { hIndex } } }""", None, None),
    ("""{ collaborationPath(fromId: "A1", toId: "A3", maxHops: 0) { length } }""", None, None),
    ("""{ collaborationPath(fromId: "A1", toId: "A3") { length authors { id } hops { shared: sharedWorks
        source { id } target { name } works { id title } } } }""", None, None),
    # lists: ids, enums, unions
    ("""{ authors(ids: ["A1", "nope", "A2"]) { id name profile { counts { works } } } }""", None, None),
    ("""query($ids: [ID!]!) { authors(ids: $ids) { id } }""", {"ids": ["A2", "A1"]}, None),
    ("""query($ids: [ID!]!) { authors(ids: $ids) { id } }""", {"ids": "A2"}, None),
    ("""{ expand(nodeId: "W1", kinds: [AUTHOR, TOPIC]) { nodes { id kind } edges { kind } } }""", None, None),
    ("""query($k: [NodeKind!]) { expand(nodeId: "W1", kinds: $k) { nodes { id kind } } }""",
     {"k": ["WORK", "AUTHOR"]}, None),
    ("""{ search(text: "Work", kinds: [WORK, AUTHOR]) { kind score node { __typename ... on Work { id title }
        ... on Author { id name } } } }""", None, None),
    # relations under nodes: connections, nested resolvers
    ("""{ author(id: "A1") { works(first: 1, orderBy: CITATIONS) { totalCount edges { cursor node { id title year
        authors { position author { id } } topics { primary topic { id parent { id name } } } } }
        pageInfo { hasNextPage endCursor } } topics(first: 2) { works share topic { id } } } }""", None, None),
    # a works page's bylines and topics, carried by its works (literal arguments) or not (a variable)
    ("""{ author(id: "A1") { works(first: 3, orderBy: DATE) { edges { node { id authors(first: 2) { position
        author { id name } } topics { score primary topic { id name } } } } } } }""", None, None),
    ("""query($n: Int!) { author(id: "A1") { works(first: 3) { edges { node { id authors(first: $n) {
        author { id } } } } } } }""", {"n": 1}, None),
    ("""{ author(id: "A1") { works(first: 3) { edges { node { id authors(first: -1) { author { id } } } } } } }""",
     None, None),
    ("""{ topic(id: "T1") { works(first: 3) { edges { cursor node { id authors(first: 2) { author { id name } }
        topics { topic { id } } } } } } }""", None, None),
    ("""{ work(id: "W2") { id title authorCount source { id } references { totalCount } citedBy { totalCount } }
        topic(id: "T1") { id name works(first: 1) { edges { node { id } } } subtopics { id } } }""", None, None),
    # invalid documents and cost: strawberry's answers either way
    ("""{ author(id: "A1") { nosuch } }""", None, None),
    ("""{ author(id: "A1") { name """, None, None),
    ("""{ authors(ids: ["A1"]) { works(first: 100) { edges { node { authors(first: 100) { author { works(
        first: 100) { edges { node { id } } } } } } } } } }""", None, None),
]


def _reference_app(graph: Graph) -> Any:
    """The same app with /graphql on strawberry's view and strawberry's own execution context."""
    app = create_app(graph=graph)
    fast = build_schema()
    schema = ApiSchema(query=fast.query, mutation=fast.mutation, extensions=fast.extensions)
    assert schema.execution_context_class is StrawberryGraphQLCoreExecutionContext
    route = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    route.app = GraphQLApp(schema, graphql_ide="graphiql", max_cost=MAX_COST, extra_rules=(DEPTH_RULE,))
    assert not route.app.fast_path
    return app


@pytest.fixture
def clients(graph: Graph) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    build(graph, [
        W("W1", ["A1", "A2"], 2019, 5, [("T1", "cs"), ("T2", "phys")], doi="10.1/w1", institutions={"A1": "I1"}),
        W("W2", ["A1", "A2", "A3"], 2021, 12, [("T1", "cs")], institutions={"A1": "I2", "A3": "I2"}),
        W("W3", ["A2", "A4"], 2022, 0, [("T3", "bio")]),
        W("W4", ["A1"], 2023, 40, [("T2", "phys"), ("T1", "cs")], doi="10.1/w4"),
    ])
    with (running(create_app(graph=graph)) as fast_url, running(_reference_app(graph)) as ref_url,
          httpx.Client(base_url=fast_url, timeout=60) as fast, httpx.Client(base_url=ref_url, timeout=60) as ref):
        yield fast, ref


def test_fast_path_answers_byte_for_byte_as_strawberry(clients: tuple[httpx.Client, httpx.Client]) -> None:
    fast, ref = clients
    for query, variables, name in QUERIES:
        payload: dict[str, Any] = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if name is not None:
            payload["operationName"] = name
        expected = ref.post("/graphql", json=payload)
        for attempt in ("first", "cached"):
            got = fast.post("/graphql", json=payload)
            assert (got.status_code, got.content) == (expected.status_code, expected.content), (attempt, query)
            assert got.headers["content-type"] == expected.headers["content-type"]


def test_the_fast_path_engages_unless_the_setting_turns_it_off(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """A POSTed query runs on api.execution (execute_fast, then FastExecutionContext, whose plans
    complete the plain objects) by default, from the first time its text is seen;
    SCHOLARGRAPH_API_FAST_PATH=off sends it through strawberry's view and strawberry's own
    execution context, with the same answer."""
    build(graph, [W("W1", ["A1", "A2"], 2019, 5, [("T1", "cs")])])
    calls: list[str] = []
    planned: list[str] = []
    real, real_plan = graphql_app.execute_fast, FastExecutionContext._plan

    def spy(*args: Any) -> Any:
        calls.append(args[2] or "anonymous")
        return real(*args)

    def plan_spy(self: FastExecutionContext, object_type: Any, field_details_list: Any) -> Any:
        planned.append(object_type.name)
        return real_plan(self, object_type, field_details_list)

    monkeypatch.setattr(graphql_app, "execute_fast", spy)
    monkeypatch.setattr(FastExecutionContext, "_plan", plan_spy)
    answers = []
    for setting, runs in (("on", ["Q", "Q"]), ("off", [])):
        monkeypatch.setenv("SCHOLARGRAPH_API_FAST_PATH", setting)
        with running(create_app(graph=graph)) as url, httpx.Client(base_url=url, timeout=60) as client:
            for _ in range(2):
                res = client.post("/graphql", json={"query": PROFILE.replace("query(", "query Q(", 1),
                                                    "variables": {"id": "A1"}, "operationName": "Q"})
                assert res.status_code == 200 and res.json()["data"]["author"]["id"] == "A1", res.text
                answers.append(res.content)
        assert calls == runs, setting
        # on: the author looked up for a plan in each request; the profile's plain objects (its
        # counts among them) planned in the first and run from the shared plan in the second
        assert (planned.count("Author") == 2 and planned.count("ProfileCounts") == 1) if setting == "on" \
            else planned == [], (setting, planned)
        calls.clear()
        planned.clear()
    assert len(set(answers)) == 1


def test_lists_of_plain_objects_are_completed_by_their_plan(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byline (Authorship objects whose fields all read attributes) is completed by its plan in
    one pass: graphql-core's item-by-item completion never sees its items, and the answer is
    the same as without the fast path."""
    build(graph, [W("W1", ["A1", "A2", "A3"], 2019, 5, [("T1", "cs"), ("T2", "phys")])])
    items: list[str] = []
    real = StrawberryGraphQLCoreExecutionContext.complete_list_item_value

    def item_spy(self: Any, item: Any, *args: Any) -> Any:
        items.append(type(item).__name__)
        return real(self, item, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "complete_list_item_value", item_spy)
    query = '{ work(id: "W1") { authors { position author { id name } } topics { score topic { id } } } }'
    answers = {}
    for setting in ("on", "off"):
        monkeypatch.setenv("SCHOLARGRAPH_API_FAST_PATH", setting)
        with running(create_app(graph=graph)) as url, httpx.Client(base_url=url, timeout=60) as client:
            res = client.post("/graphql", json={"query": query})
        byline = res.json()["data"]["work"]["authors"]
        assert [a["author"]["id"] for a in byline] == ["A1", "A2", "A3"], res.text
        answers[setting] = (res.content, sorted(items))
        items.clear()
    assert answers["on"][0] == answers["off"][0]
    assert answers["on"][1] == [] and answers["off"][1] == ["Authorship"] * 3 + ["WorkTopic"] * 2


def test_the_api_uses_no_private_name_of_strawberry_or_graphql_core() -> None:
    """api/ reaches strawberry and graphql-core through their public names only: no private
    attribute (`schema._schema`, `info._raw_info`, ...), no import from a private module, no
    generated code."""
    root = Path(__file__).resolve().parent.parent / "api"
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text()
        for pattern in (r"\._schema\b", r"_raw_info", r"_strawberry_schema", r"_implements_resolve",
                        r"strawberry\.schema\._", r"from graphql\.\S*\._", r"\bexec\(", r"(?<![.\w])compile\("):
            found += [f"{path.relative_to(root.parent)}: {pattern}" for _ in re.finditer(pattern, text)]
    assert found == []


def test_a_works_page_carries_its_bylines_and_topics_past_the_resolvers(graph: Graph,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `author { works { … } }` each work carries its byline and topics (one query for the
    page): with literal arguments and plain selections below, Work.authors and Work.topics are read
    from the work by plan and never executed, and so each edge and its work are completed whole by
    plan; with a variable argument they are executed; the answers are those without the fast path."""
    build(graph, [W("W1", ["A1", "A2", "A3"], 2019, 5, [("T1", "cs"), ("T2", "phys")]),
                  W("W2", ["A1", "A3"], 2021, 1, [("T2", "phys")])])
    executed = executed_fields(monkeypatch)
    literal = ('{ author(id: "A1") { works(first: 2, orderBy: DATE) { edges { node { id authors(first: 2) '
               '{ position author { id name } } topics { score topic { id name } } } } } } }')
    variable = ('query($n: Int!) { author(id: "A1") { works(first: 2, orderBy: DATE) { edges { node { id '
                'authors(first: $n) { author { id } } } } } } }')
    answers: dict[tuple[str, str], tuple[bytes, list[str]]] = {}
    for setting in ("on", "off"):
        monkeypatch.setenv("SCHOLARGRAPH_API_FAST_PATH", setting)
        with running(create_app(graph=graph)) as url, httpx.Client(base_url=url, timeout=60) as client:
            for name, query, variables in (("literal", literal, None), ("variable", variable, {"n": 1})):
                executed.clear()
                res = client.post("/graphql", json={"query": query, "variables": variables})
                answers[setting, name] = (res.content, sorted(set(executed) & {"Work.authors", "Work.topics",
                                                                               "WorkEdge.node"}))
    works = orjson.loads(answers["on", "literal"][0])["data"]["author"]["works"]["edges"]
    assert [[a["author"]["id"] for a in w["node"]["authors"]] for w in works] == [["A1", "A3"], ["A1", "A2"]]
    assert [[t["topic"]["id"] for t in w["node"]["topics"]] for w in works] == [["T2"], ["T1", "T2"]]
    assert answers["on", "literal"][1] == []  # each edge and its work completed whole by plan
    assert answers["on", "variable"][1] == ["Work.authors", "WorkEdge.node"]
    assert answers["off", "literal"][1] == ["Work.authors", "Work.topics", "WorkEdge.node"]
    for name in ("literal", "variable"):
        assert answers["on", name][0] == answers["off", name][0]
