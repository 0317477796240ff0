"""Small requests that must not take the server down (issue 18): each is refused, or answered,
quickly and with a clear error, and the server keeps answering others meanwhile. Bounded tests:
the point is the refusal, not the load."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from graphql import get_introspection_query, parse, validate

import api.admission as admission_module
import api.cost as cost_module
import api.execution.prepared as prepared_module
import api.schema as schema_module
from api.app import create_app
from api.cost import operation_cost
from api.depth import field_counts, written_fields
from api.execution.core_schema import graphql_schema
from api.identity_cache import CACHE_CHARS
from api.limits import DB_CALLS_PER_REQUEST, MAX_BODY_BYTES, MAX_COST, MAX_FIELDS, MAX_QUERY_CHARS, MAX_SAME_NAME
from api.prescan import fields_in_text
from api.schema import DEPTH_RULE, build_schema
from graphdb import Graph
from tests.support.api import Api, api_for, running
from tests.support.engines import ENGINES, empty_graph
from tests.support.small_graphs import W, build

QUICK_S = 3.0  # "answered within a few seconds": the refusals below take milliseconds


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def hostile_graph(engine: str, request: pytest.FixtureRequest) -> Iterator[Graph]:
    graph = empty_graph(engine, request, "api_hostile")
    build(graph, [W("W1", ["A1", "A2"], 2020, 3, [("T1", "cs")])])
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def api(hostile_graph: Graph) -> Iterator[Api]:
    with api_for(hostile_graph) as client:
        yield client


def fragment_bomb(n: int, field: str = "name", root: str = 'author(id: "A1")') -> str:
    """n fragments, each spreading the previous one twice: 2^(n-1) copies of `field` when
    expanded, in about 40 bytes per fragment (30 fragments: 1.2 kB)."""
    fragments = [f"fragment F0 on Author {{ {field} }}"]
    fragments += [f"fragment F{i} on Author {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n)]
    return f"{{ {root} {{ ...F{n - 1} }} }} " + " ".join(fragments)


def _timed_post(api: Api, payload: dict) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    res = api.client.post("/graphql", json=payload)
    return res, time.monotonic() - start


def _limit_error(api: Api, payload: dict) -> str:
    res, took = _timed_post(api, payload)
    assert took < QUICK_S, took
    assert res.status_code == 200, res.text
    assert res.json()["data"] is None
    [error] = res.json()["errors"]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED", error
    return str(error["message"])


def test_a_fragment_bomb_is_refused_at_once(api: Api) -> None:
    for n in (30, 31):  # before: 2^n steps, minutes, holding the event loop
        for payload in ({"query": fragment_bomb(n)},  # the fast path
                        {"query": fragment_bomb(n, "id"), "extensions": {"x": 1}}):  # strawberry's view
            assert f"limit of {MAX_FIELDS} fields per operation" in _limit_error(api, payload)


def test_a_fragment_bomb_under_a_list_is_refused_by_its_cost(api: Api) -> None:
    ids = ", ".join(f'"A{i}"' for i in range(100))
    # 32 copies of 4 fields (each name within MAX_SAME_NAME), 100 times: 12,900
    query = fragment_bomb(6, "id name orcid openalexId", root=f"authors(ids: [{ids}])")
    for payload in ({"query": query}, {"query": query, "extensions": {"x": 1}}):
        message = _limit_error(api, payload)
        assert "cost of at least" in message and f"limit of {MAX_COST}" in message, message


def test_the_cost_charges_the_database_work_behind_a_field(api: Api) -> None:
    """2,000 aliases of suggestedCollaborators(first: 1) { score } cost ~4,000 values and ran 33 s
    (issue 18): each alias runs a 17-35 ms query. 450 of them (900 fields) pass MAX_FIELDS, not the cost."""
    query = "{ " + " ".join(f'a{i}: suggestedCollaborators(authorId: "A1", first: 1) {{ score }}'
                            for i in range(450)) + " }"
    for payload in ({"query": query}, {"query": query, "extensions": {"x": 1}}):
        assert _limit_error(api, payload) == (
            f"'anonymous' has an estimated cost of at least {MAX_COST + 49}, over the query cost limit of "
            f"{MAX_COST}; ask for fewer items (first, ids) or fewer nested lists")
    assert len(api.data(query.split(" a24:")[0] + " }")) == 24  # 24 of them: 24 x 402 = 9,648


def test_the_cost_and_the_depth_of_a_fragment_bomb_take_linear_time() -> None:
    schema = graphql_schema(build_schema())
    for n in (30, 60, 2_000):  # 2,000: a chain of fragments no walk may recurse through
        document = parse(fragment_bomb(n))
        start = time.monotonic()
        name, cost = operation_cost(schema, document, None, {}, MAX_COST)
        errors = [e.message for e in validate(schema, document, [DEPTH_RULE])]
        assert errors == ([] if n < 200 else ["Validation aborted."])  # graphql-core's own nesting guard
        assert time.monotonic() - start < 1.0
        assert MAX_COST < cost <= 2 * MAX_COST + 2  # counted up to the limit only
        assert [c for _, c in field_counts(document, MAX_FIELDS + 1)] == [MAX_FIELDS + 1]


def test_a_deep_fragment_chain_is_refused_by_its_depth_at_once(api: Api) -> None:
    """Each fragment one level deeper than the last: the depth rule counts each fragment once."""
    n = 200
    fragments = ['fragment D0 on Author { id }']
    fragments += [f"fragment D{i} on Author {{ works(first: 1) {{ edges {{ node {{ authors(first: 1) "
                  f"{{ author {{ ...D{i - 1} }} }} }} }} }} }}" for i in range(1, n)]
    res, took = _timed_post(api, {"query": f'{{ author(id: "A1") {{ ...D{n - 1} }} }} ' + " ".join(fragments)})
    assert took < QUICK_S
    assert res.status_code == 200, res.text
    assert res.json()["data"] is None and res.json()["errors"]


def test_healthz_answers_while_fragment_bombs_arrive(api: Api) -> None:
    done = threading.Event()
    statuses: list[int] = []

    def bombard() -> None:
        with httpx.Client(base_url=api.base_url, timeout=60) as client:
            for n in range(30, 40):  # ten distinct texts: none comes from a cache
                statuses.append(client.post("/graphql", json={"query": fragment_bomb(n)}).status_code)
        done.set()

    thread = threading.Thread(target=bombard, daemon=True)
    thread.start()
    try:
        while not done.is_set():
            start = time.monotonic()
            assert api.client.get("/healthz").status_code == 200
            assert time.monotonic() - start < QUICK_S
            time.sleep(0.01)
    finally:
        thread.join(30)
    assert statuses == [200] * 10
    assert api.data('{ author(id: "A1") { name } }') == {"author": {"name": "Author A1"}}


def test_one_request_has_at_most_its_share_of_database_calls_in_flight(
        hostile_graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty aliased root fields (twenty calls) and a list of nested ones: never more than
    DB_CALLS_PER_REQUEST in flight, whatever the pool (DB_CONNECTIONS) would allow."""
    app = create_app(graph=hostile_graph)
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        agraph = app.state.api.agraph()
        original = agraph.query
        in_flight, peak, calls = 0, 0, 0

        async def counted(*args: Any, **kwargs: Any) -> Any:  # on the app's event loop: no lock needed
            nonlocal in_flight, peak, calls
            in_flight += 1
            calls += 1
            peak = max(peak, in_flight)
            try:
                await asyncio.sleep(0.01)  # held a while, so that the calls a request allows overlap
                return await original(*args, **kwargs)
            finally:
                in_flight -= 1

        monkeypatch.setattr(agraph, "query", counted)
        aliases = " ".join(f'c{i}: closeCollaborators(authorId: "A{i % 2 + 1}", first: {i + 1}) {{ sharedWorks }}'
                           for i in range(20))
        for extensions in (None, {"x": 1}):  # the fast path, strawberry's view
            peak = calls = 0
            body = client.post("/graphql", json={"query": f"{{ {aliases} }}", "extensions": extensions}).json()
            assert "errors" not in body and len(body["data"]) == 20, body
            assert calls >= 20 and peak == DB_CALLS_PER_REQUEST, (calls, peak)


# -- malformed bodies: 400 with a GraphQL-style error, never a 500 ------------------------


def _refusal(res: httpx.Response, status: int = 400) -> str:
    assert res.status_code == status, (res.status_code, res.text)
    assert res.headers["content-type"] == "application/json"
    [error] = res.json()["errors"]
    assert error["extensions"]["code"] in ("BAD_REQUEST", "LIMIT_EXCEEDED")
    return str(error["message"])


MALFORMED: list[tuple[bytes, str, str]] = [  # (body, content type, a word of the message)
    (b"[1, 2, 3]", "application/json", "batches"),
    (b'[{"query": "{ __typename }"}]', "application/json", "batches"),
    (b"42", "application/json", "JSON object"),
    (b'"{ __typename }"', "application/json", "JSON object"),
    (b"null", "application/json", "JSON object"),
    (b'{"query": "{ author(id: \\"A1\\") { name } }"}'.replace(b"A1", b"\xff\xfe"), "application/json", "UTF-8"),
    ('{"query": "{ author(id: \\"é\\") { name } }"}'.encode("latin-1"), "application/json; charset=latin-1",
     "charset"),
    (b'{"query": "{ __typename }"}', "application/json; charset=ISO-8859-1", "charset"),
    (b"", "application/json", "empty"),
    (b"   ", "application/json", "empty"),
    (b"query { __typename }", "application/json", "not JSON"),
    (b'{"query": "{ __typename }"', "application/json", "not JSON"),
    (b'{"query": 12}', "application/json", "query"),
    (b'{"query": "{ __typename }", "variables": [1]}', "application/json", "variables"),
    (b'{"query": "{ __typename }", "operationName": 3}', "application/json", "operationName"),
    (b"{ __typename }", "text/plain", "content type"),
]


def test_malformed_bodies_get_a_400_with_a_graphql_style_error(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    for body, content_type, word in MALFORMED:
        res = api.client.post("/graphql", content=body, headers={"content-type": content_type})
        message = _refusal(res)
        assert word.lower() in message.lower(), (body, message)
    assert "Traceback" not in caplog.text
    assert api.data("{ __typename }") == {"__typename": "Query"}


def test_a_nul_or_a_lone_surrogate_in_an_id_is_refused_clearly(api: Api) -> None:
    query = 'query($id: ID!) { author(id: $id) { name } }'
    for raw in (b'"A1\\u0000x"', b'"\\ud800"', b'"A1\\udc00"', b'"\\u0000"'):
        for extra in (b"", b', "extensions": {"a": 1}'):  # the fast path, strawberry's view
            body = b'{"query": "' + query.encode() + b'", "variables": {"id": ' + raw + b"}" + extra + b"}"
            res = api.client.post("/graphql", content=body, headers={"content-type": "application/json"})
            assert res.status_code == 200, res.text
            [error] = res.json()["errors"]
            assert res.json()["data"] is None
            assert error["extensions"]["code"] == "BAD_USER_INPUT" and "$id" in error["message"], error
    # a literal: refused by validation; a GET: the same variable check
    [error] = api.errors('{ author(id: "A1\\u0000x") { name } }')
    assert "NUL" in error["message"]
    res = api.client.get("/graphql", params={"query": query, "variables": '{"id": "A1\\u0000"}'})
    assert res.status_code == 200 and res.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", res.text
    assert api.data(query, id="A1") == {"author": {"name": "Author A1"}}


def test_a_body_over_the_limit_gets_a_413_before_it_is_read(api: Api) -> None:
    big = b'{"query": "{ __typename }", "variables": {"pad": "' + b"x" * MAX_BODY_BYTES + b'"}}'
    message = _refusal(api.client.post("/graphql", content=big, headers={"content-type": "application/json"}), 413)
    assert f"limit of {MAX_BODY_BYTES} bytes" in message

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused once the limit is read
        yield big[:600_000]
        yield big[600_000:]

    res = api.client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert f"limit of {MAX_BODY_BYTES} bytes" in _refusal(res, 413)
    just = b'{"query": "{ __typename }", "variables": {"pad": "' + b"x" * (MAX_BODY_BYTES - 100) + b'"}}'
    res = api.client.post("/graphql", content=just, headers={"content-type": "application/json"})
    assert res.status_code == 200 and res.json() == {"data": {"__typename": "Query"}}


# -- query text and fields per operation ----------------------------------------------------


def test_a_query_text_over_the_limit_gets_a_413_before_it_is_parsed(api: Api) -> None:
    query = "{ __typename }" + " " * MAX_QUERY_CHARS
    assert f"limit of {MAX_QUERY_CHARS} characters" in _refusal(api.post(query), 413)
    # a GET (httpx will not send so long a URL): refused too
    host, port = api.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"GET /graphql?{urlencode({'query': query})} HTTP/1.1\r\nHost: {host}\r\n"
                     "Connection: close\r\n\r\n".encode())
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    # uvicorn (httptools) refuses a request line that long before the app sees it; the app's own
    # check on a GET's query (api.http_checks.get_query_check) is there for another server
    assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 413")), answer[:200]
    assert api.data("{ __typename }" + " " * (MAX_QUERY_CHARS - 20)) == {"__typename": "Query"}


def _fields_refused(api: Api, query: str) -> None:
    for payload in ({"query": query}, {"query": query, "extensions": {"x": 1}}):  # fast path, strawberry's
        res, took = _timed_post(api, payload)
        assert took < QUICK_S
        assert res.status_code == 200, res.text
        [error] = res.json()["errors"]
        assert error["extensions"]["code"] == "LIMIT_EXCEEDED", error
        assert f"limit of {MAX_FIELDS} fields per operation" in error["message"]


def test_aliases_and_fields_per_operation_are_bounded(api: Api) -> None:
    many = "{ " + " ".join(f"a{i}: __typename" for i in range(5_000)) + " }"  # 10,000 of them ran (0.5 s)
    assert len(many) < MAX_QUERY_CHARS
    _fields_refused(api, many)
    _fields_refused(api, fragment_bomb(30, "__typename"))  # free for the cost: 2^29 fields ran
    _fields_refused(api, "{ " + " ".join(f'a: author(id: "A{i}") {{ name }}' for i in range(2_000)) + " }")
    at_limit = "{ " + " ".join(f"a{i}: __typename" for i in range(MAX_FIELDS)) + " }"
    assert len(api.data(at_limit)) == MAX_FIELDS
    res = api.client.post("/graphql", json={"query": get_introspection_query()})
    assert res.status_code == 200 and res.json()["data"]["__schema"]["queryType"]["name"] == "Query"


def test_fields_over_the_limit_in_several_operations_are_refused(api: Api) -> None:
    """Validation reads every operation of a document: the fields written in its text, all its
    operations together, are bounded as one operation's are (refused from the text itself when it
    is long: api.prescan)."""
    for n in (600, 60):  # 1,200 fields in two operations: the text is long; 120: short (parsed on the loop)
        many = " ".join(f"query Q{op} {{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }"
                        for op in range(2))
        payload_ok = {"query": many, "operationName": "Q0"}
        if n == 600:
            for payload in (payload_ok, {**payload_ok, "extensions": {"x": 1}}):
                assert _limit_error(api, payload) == (
                    f"the query text holds more than {MAX_FIELDS} fields (aliases and __typename included, all its "
                    f"operations and fragments together), over the limit of {MAX_FIELDS} fields per operation and "
                    "per query text")
        else:
            assert len(api.client.post("/graphql", json=payload_ok).json()["data"]) == n


# The explorer's queries (web/explorer/api.js), with its graph slice's fields spliced in
def _explorer_queries() -> list[str]:
    source = (Path(__file__).resolve().parents[1] / "web" / "explorer" / "api.js").read_text()
    fields = re.search(r"const SLICE = `([^`]*)`", source)
    assert fields is not None
    found = [q.replace("${SLICE}", fields.group(1)) for q in re.findall(r"gql\(\s*`([^`]*)`", source)]
    assert len(found) >= 10 and all("${" not in q for q in found)
    return found


TRICKY = [  # what the text count must not take for fields: strings, comments, arguments, spreads, aliases
    'query Q($a: In = {x: "}{", y: [1, 2]}, $b: String = "a{b}c") @dir(x: 1) { a: author(id: "x{y}") '
    '@include(if: $b) { name, ...F ... on Author { id } ... @skip(if: true) { orcid } } } '
    'fragment F on Author { id(x: """ block { with } "quotes\\""" ( inside """) }',
    "{ a , : , b c(x: 1) # comment { x y z }\n d }",
    "{ ...onFoo ...on, Bar { x } } fragment onFoo on Query { y }",
    "{ __typename a: __typename b : __typename }",
    'query { on: author(id: "1") { on: id } }',
    '{ x(s: """a ( b """) { y } x(s: "a ( b \\" ) c") { y } }',
    "\ufeff{ a(o: {b: {c: [1, {d: 2}]}}) { e } }",
]


def test_the_fields_counted_from_the_text_are_those_of_the_parsed_document() -> None:
    queries = [get_introspection_query(), get_introspection_query(
        descriptions=True, specified_by_url=True, directive_is_repeatable=True, schema_description=True,
        input_value_deprecation=True), *_explorer_queries(), *TRICKY]
    for query in queries:
        assert fields_in_text(query) == written_fields(parse(query)), query
    many = "{ " + " ".join(f"a{i}: __typename" for i in range(5_000)) + " }"
    assert fields_in_text(many) == 5_000
    assert fields_in_text("{" * 1_000 + "}" * 999) == 0  # does not parse: refused by its syntax error


def test_long_new_texts_wait_for_one_lane_and_short_ones_do_not(
        hostile_graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """Attackers wait for the lane behind each other: a long text not seen before is prepared in
    one worker thread at a time, at most LANE_QUEUE more wait (others are refused at once), and
    meanwhile short texts are prepared on the event loop, cached ones not at all."""
    gate = threading.Event()  # holds the lane on its first text
    active, peak, threads = 0, 0, set()
    lock = threading.Lock()
    original = admission_module.Admission.prepare

    def prepare(self: Any, text: str, prescan: bool = False) -> Any:
        nonlocal active, peak
        long = len(text) > admission_module.INLINE_CHARS
        with lock:
            active += long
            peak = max(peak, active)
            threads.add((threading.current_thread().name, long))
        try:
            if long:
                assert gate.wait(30)
            return original(self, text, prescan)
        finally:
            with lock:
                active -= long

    def long_text(i: int) -> str:
        return "{ " + " ".join(f"a{j}: __typename" for j in range(300)) + f" }} # {i}"

    monkeypatch.setattr(admission_module.Admission, "prepare", prepare)
    app = create_app(graph=hostile_graph)
    route = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        answers: list[Any] = []

        def send(i: int) -> None:
            with httpx.Client(base_url=url, timeout=60) as own:
                answers.append(own.post("/graphql", json={"query": long_text(i)}).json())

        senders = [threading.Thread(target=send, args=(i,)) for i in range(1 + admission_module.LANE_QUEUE)]
        for t in senders:
            t.start()
        deadline = time.monotonic() + 30
        while (active, route.app._admission._waiting) != (1, admission_module.LANE_QUEUE):
            assert time.monotonic() < deadline, (active, route.app._admission._waiting)
            time.sleep(0.01)
        # the lane is held and its queue full: one more long text is refused at once, a short one runs
        body = client.post("/graphql", json={"query": long_text(99)}).json()
        assert body == {"data": None, "errors": [admission_module.busy_error().formatted]}
        for _ in range(2):
            assert client.post("/graphql", json={"query": "{ __typename }"}).json() == {
                "data": {"__typename": "Query"}}
        gate.set()
        for t in senders:
            t.join(60)
    assert peak == 1 and len(answers) == 1 + admission_module.LANE_QUEUE
    assert all(len(a["data"]) == 300 for a in answers), answers
    long_ones = {name for name, long in threads if long}
    short_ones = {name for name, long in threads if not long}
    assert long_ones and not long_ones & short_ones, threads  # worker threads, not the event loop's
    assert len(short_ones) == 1  # "{ __typename }" once: the second came from the cache


def test_fields_of_one_name_in_a_selection_set_are_bounded(api: Api) -> None:
    """graphql-core's OverlappingFieldsCanBeMerged compares every pair of fields of one response
    name: 500 copies of one field (1,000 fields, within MAX_FIELDS) took 0.6-2.3 s to validate
    on the event loop. Refused before validation, on both paths, through fragments too."""
    copies = 300  # 600 fields: under MAX_FIELDS
    for query, name in (
            ("{ " + " ".join('author(id: "A1") { id }' for _ in range(copies)) + " }", "author"),
            ("{ " + " ".join(f'a: author(id: "A{i % 2}") {{ id }}' for i in range(copies)) + " }", "a"),
            ('{ author(id: "A1") { ...F ...F } } fragment F on Author { ' + " ".join(["name"] * 30) + " }", "name"),
    ):
        for payload in ({"query": query}, {"query": query, "extensions": {"x": 1}}):  # fast path, strawberry's
            assert _limit_error(api, payload) == (
                f"'{name}' is selected more than {MAX_SAME_NAME} times in one selection set (fragments "
                f"expanded), over the limit of {MAX_SAME_NAME} fields of one name")
    at_limit = "{ " + " ".join('author(id: "A1") { id }' for _ in range(MAX_SAME_NAME)) + " }"
    assert api.data(at_limit) == {"author": {"id": "A1"}}


def test_introspection_is_a_setting(hostile_graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHOLARGRAPH_API_INTROSPECTION", "off")
    with running(create_app(graph=hostile_graph)) as url, httpx.Client(base_url=url, timeout=60) as client:
        for extensions in (None, {"x": 1}):  # the fast path, strawberry's view
            for query in ("{ __schema { queryType { name } } }", '{ __type(name: "Author") { name } }'):
                body = client.post("/graphql", json={"query": query, "extensions": extensions}).json()
                assert body["data"] is None and "introspection" in body["errors"][0]["message"].lower(), body
            body = client.post("/graphql", json={"query": '{ __typename author(id: "A1") { name } }',
                                                 "extensions": extensions}).json()
            assert body == {"data": {"__typename": "Query", "author": {"name": "Author A1"}}}


# -- bounded caches -------------------------------------------------------------------------


def _caches(app: Any) -> dict[str, Any]:
    route = next(r for r in app.routes if getattr(r, "path", "") == "/graphql")
    return {"documents": route.app._admission._prepared, "parsed": schema_module._PARSED,
            "validated": schema_module._VALIDATED, "costs": cost_module._COSTS,
            "operations": prepared_module._OPERATIONS}


def test_large_distinct_queries_leave_the_caches_within_their_bounds(hostile_graph: Graph) -> None:
    app = create_app(graph=hostile_graph)
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        caches = _caches(app)

        def send(query: str) -> None:
            for extensions in (None, {"x": 1}):  # the fast path, strawberry's view
                res = client.post("/graphql", json={"query": query, "extensions": extensions})
                assert res.json() == {"data": {"author": {"name": "Author A1"}}}, res.text[:300]

        # 50 distinct texts of 90 kB (just under the query text limit): none is kept
        before = {name: cache.chars for name, cache in caches.items()}
        for i in range(50):
            send(f'{{ author(id: "A1") {{ name }} }} # {i} ' + "#" * 90_000)
        assert {name: cache.chars for name, cache in caches.items()} == before
        # 150 distinct texts of 15 kB: kept, within the characters' bound
        for i in range(150):
            send(f'{{ author(id: "A1") {{ name }} }} # {i} ' + "#" * 15_000)
        for name, cache in caches.items():
            assert cache.chars <= CACHE_CHARS and len(cache) <= 256, (name, cache.chars, len(cache))
            # strawberry's view is handed the endpoint's documents (api.admission): its own caches,
            # for a schema executed directly, stay as they were
            assert (cache.chars == before[name]) if name in ("parsed", "validated") else cache.chars > 0, name
        assert caches["documents"].chars > CACHE_CHARS - 20_000  # full: the bound, not the entries, held it
        # and a cached query still runs from the caches
        send('{ author(id: "A1") { name } }')
        send('{ author(id: "A1") { name } }')
