"""Jason Priem's profile, researcher in context and close collaborators, served over HTTP from
a graph loaded from the real OpenAlex files, checked against what this test computes from
the raw JSON on its own; on each engine."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, schema
from loaders.pipeline import load
from loaders.writer import MAX_COAUTHORS_PER_WORK
from tests.conftest import ENGINES
from tests.test_api_server import Api, api_for, empty_graph

PRIEM = "A5023888391"
FILES = ["author_A5023888391.json", "works_author_A5023888391.json"]


def short(url: str) -> str:
    return url.rsplit("/", 1)[-1]


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def priem_graph(engine: str, request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    data = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not data.is_dir():
        pytest.skip(f"real sample data not found at {data}")
    graph = empty_graph(engine, request, "api_priem")
    schema.init(graph, 384)
    load(graph, [data / "openalex" / f for f in FILES], "openalex", progress=False,
         rejects_path=tmp_path_factory.mktemp("rejects") / "rejects.jsonl")
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def api(priem_graph: Graph) -> Iterator[Api]:
    with api_for(priem_graph) as client:
        yield client


class Raw:
    """Priem's record, computed from the raw files only."""

    def __init__(self, data: Path) -> None:
        doc = json.loads((data / "openalex" / "works_author_A5023888391.json").read_text())
        works: dict[str, dict[str, Any]] = {}
        for w in doc["results"]:  # a later duplicate wins, as in the loader
            works[short(w["id"])] = w
        self.works = {wid: w for wid, w in works.items()
                      if PRIEM in {short(a["author"]["id"]) for a in w["authorships"]}}
        self.citations = {wid: w.get("cited_by_count") or 0 for wid, w in self.works.items()}
        self.topics: Counter[str] = Counter()
        self.topic_names: dict[str, str] = {}
        for w in self.works.values():
            for t in {short(t["id"]): t for t in w.get("topics") or []}.values():
                self.topics[short(t["id"])] += 1
                self.topic_names[short(t["id"])] = t["display_name"]
        shared: dict[str, list[str]] = defaultdict(list)
        pairs: set[str] = set()
        for wid, w in self.works.items():
            people = {short(a["author"]["id"]) for a in w["authorships"]}
            for p in people - {PRIEM}:
                shared[p].append(wid)
            if len(people) <= MAX_COAUTHORS_PER_WORK:
                pairs |= people - {PRIEM}
        self.coauthors = {p: sorted(ws) for p, ws in shared.items() if p in pairs}
        years: dict[str, set[int]] = defaultdict(set)
        for w in self.works.values():
            for a in w["authorships"]:
                if short(a["author"]["id"]) == PRIEM:
                    for inst in a.get("institutions") or []:
                        if w.get("publication_year"):
                            years[short(inst["id"])].add(w["publication_year"])
                        else:
                            years.setdefault(short(inst["id"]), set())
        record = json.loads((data / "openalex" / "author_A5023888391.json").read_text())
        # the author record's own affiliation history adds its years (docs/loading.md)
        for aff in record.get("affiliations") or []:
            years[short(aff["institution"]["id"])].update(aff.get("years") or [])
        self.last_known = {short(i["id"]) for i in record.get("last_known_institutions") or []}
        self.institutions = {i: years.get(i, set()) for i in set(years) | self.last_known}

    def year(self, wid: str) -> int:
        return int(self.works[wid]["publication_year"])

    def h_index(self) -> int:
        counts = sorted(self.citations.values(), reverse=True)
        return max((i for i, c in enumerate(counts, start=1) if c >= i), default=0)

    def collaborator_order(self) -> list[str]:
        """By shared works, then the latest shared year, then id (the API's documented order)."""
        def key(p: str) -> tuple[int, int, str]:
            return (-len(self.coauthors[p]), -max(self.year(w) for w in self.coauthors[p]), p)
        return sorted(self.coauthors, key=key)

    def top_works(self, n: int) -> list[str]:
        return sorted(self.works, key=lambda w: (-self.citations[w], w))[:n]

    def top_topics(self, n: int) -> list[str]:
        return sorted(self.topics, key=lambda t: (-self.topics[t], t))[:n]

    def top_institutions(self, n: int) -> list[str]:
        return sorted(self.institutions, key=lambda i: (i not in self.last_known,
                                                        -max(self.institutions[i], default=0), i))[:n]


@pytest.fixture(scope="module")
def raw(shared_data_dir: Path) -> Raw:
    return Raw(shared_data_dir)


@pytest.fixture(scope="module")
def shared_data_dir() -> Path:
    data = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not data.is_dir():
        pytest.skip(f"real sample data not found at {data}")
    return data


PROFILE = """query($id: ID!) { author(id: $id) { id name orcid profile(topTopics: 5) {
  counts { works citations topics collaborators followers } hIndex i10Index
  topTopics { topic { id name } works share }
  currentAffiliations { institution { id name } lastYear lastKnown } pastAffiliations { institution { id } }
  claimStatus claimed
  trust { score band label verificationLevel signals { name value weight contribution detail } } } } }"""


def test_profile_counts_and_metrics_follow_from_the_files(api: Api, raw: Raw) -> None:
    author = api.data(PROFILE, id=PRIEM)["author"]
    assert author["name"] == "Jason Priem" and author["orcid"] == "0000-0001-6187-6610"
    p = author["profile"]
    assert p["counts"] == {
        "works": len(raw.works),
        "citations": sum(raw.citations.values()),
        "topics": len(raw.topics),
        "collaborators": len(raw.coauthors),
        "followers": 0,
    }
    assert p["hIndex"] == raw.h_index() <= p["counts"]["works"]
    assert p["i10Index"] == sum(1 for c in raw.citations.values() if c >= 10)
    assert [t["topic"]["id"] for t in p["topTopics"]] == raw.top_topics(5)
    for t in p["topTopics"]:
        assert t["works"] == raw.topics[t["topic"]["id"]]
        assert t["share"] == pytest.approx(t["works"] / len(raw.works), abs=1e-4)
    assert [a["institution"]["id"] for a in p["currentAffiliations"]] == sorted(raw.last_known)
    assert {a["institution"]["id"] for a in p["pastAffiliations"]} == set(raw.institutions) - raw.last_known
    assert p["claimStatus"] is None and p["claimed"] is False


def test_trust_summary_is_explained_by_its_signals(api: Api, raw: Raw) -> None:
    trust = api.data(PROFILE, id=PRIEM)["author"]["profile"]["trust"]
    signals = {s["name"]: s for s in trust["signals"]}
    assert set(signals) == {"orcid", "affiliation", "claim", "doi_coverage", "topical_coherence",
                            "coauthor_network", "publication_record"}
    assert sum(s["weight"] for s in signals.values()) == 100
    assert trust["score"] == round(sum(s["weight"] * s["value"] for s in signals.values()))
    for s in signals.values():
        assert s["contribution"] == pytest.approx(s["weight"] * s["value"], abs=0.01)
    with_doi = sum(1 for w in raw.works.values() if w.get("doi"))
    assert signals["doi_coverage"]["value"] == pytest.approx(with_doi / len(raw.works), abs=1e-4)
    assert signals["orcid"]["value"] == 1 and signals["claim"]["value"] == 0
    assert trust["verificationLevel"] == "L1"  # an ORCID and an OpenAlex id, no claim
    assert trust["label"] == f"Trust {trust['score']} - {trust['band'].title()}"


def test_close_collaborators_follow_from_the_files(api: Api, raw: Raw) -> None:
    got = api.data("""query($id: ID!) { closeCollaborators(authorId: $id, first: 100) {
        author { id } sharedWorks firstYear lastYear sharedTopics { topic { id } works } } }""",
                   id=PRIEM)["closeCollaborators"]
    expected = raw.collaborator_order()
    assert [c["author"]["id"] for c in got] == expected[:100]
    for c in got:
        works = raw.coauthors[c["author"]["id"]]
        assert c["sharedWorks"] == len(works)
        assert c["firstYear"] == min(raw.year(w) for w in works)
        assert c["lastYear"] == max(raw.year(w) for w in works)
        topics = Counter(short(t["id"]) for w in works for t in raw.works[w].get("topics") or [])
        for t in c["sharedTopics"]:
            assert t["works"] == topics[t["topic"]["id"]]


CONTEXT = """query($id: ID!, $w: Int!, $c: Int!, $t: Int!, $i: Int!) {
  researcherContext(authorId: $id, works: $w, collaborators: $c, topics: $t, institutions: $i) {
    nodes { id kind label weight center } edges { id source target kind weight } } }"""


@pytest.mark.parametrize("caps", [(10, 10, 5, 3), (3, 2, 1, 1), (50, 50, 20, 10)])
def test_researcher_context_has_exactly_the_expected_neighbours(api: Api, raw: Raw,
                                                                caps: tuple[int, int, int, int]) -> None:
    w, c, t, i = caps
    got = api.data(CONTEXT, id=PRIEM, w=w, c=c, t=t, i=i)["researcherContext"]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node in got["nodes"]:
        by_kind[node["kind"]].append(node["id"])
    works, collaborators = raw.top_works(w), raw.collaborator_order()[:c]
    topics, institutions = raw.top_topics(t), raw.top_institutions(i)
    assert by_kind["AUTHOR"] == [PRIEM, *collaborators]
    assert by_kind["WORK"] == works
    assert by_kind["TOPIC"] == topics
    assert by_kind["INSTITUTION"] == institutions
    assert [n["id"] for n in got["nodes"] if n["center"]] == [PRIEM]
    assert len({n["id"] for n in got["nodes"]}) == len(got["nodes"])

    def edge(kind: str, a: str, b: str, undirected: bool = False) -> tuple[str, str, str]:
        return (kind, *sorted((a, b))) if undirected else (kind, a, b)

    expected = {edge("COAUTHOR", PRIEM, p, True) for p in collaborators}
    expected |= {edge("AUTHORED", PRIEM, x) for x in works}
    expected |= {edge("AUTHORED", p, x) for x in works for p in collaborators if x in raw.coauthors[p]}
    expected |= {edge("WORKS_ON", PRIEM, x) for x in topics}
    expected |= {edge("HAS_TOPIC", x, y) for x in works for y in topics
                 if y in {short(tt["id"]) for tt in raw.works[x].get("topics") or []}}
    expected |= {edge("AFFILIATED_WITH", PRIEM, x) for x in institutions}
    assert {(e["kind"], e["source"], e["target"]) for e in got["edges"]} == expected
    ids = {n["id"] for n in got["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in got["edges"])
    assert all(e["id"] == f"{e['kind']}:{e['source']}:{e['target']}" for e in got["edges"])
    weights = {n["id"]: n["weight"] for n in got["nodes"]}
    assert all(weights[x] == raw.citations[x] for x in works)
    assert all(weights[p] == len(raw.coauthors[p]) for p in collaborators)


def test_researcher_context_caps_are_enforced(api: Api) -> None:
    [error] = api.errors('{ researcherContext(authorId: "A5023888391", works: 51) { nodes { id } } }')
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED" and "50" in error["message"]
    assert "works" in error["message"]


def test_works_connection_pages_through_every_work(api: Api, raw: Raw) -> None:
    query = """query($id: ID!, $after: String) { author(id: $id) { works(first: 7, after: $after,
        orderBy: CITATIONS) { totalCount edges { cursor node { id citedByCount } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    while True:
        conn = api.data(query, id=PRIEM, after=after)["author"]["works"]
        assert conn["totalCount"] == len(raw.works)
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == sorted(raw.works, key=lambda w: (-raw.citations[w], -_date_key(raw, w), w))


def _date_key(raw: Raw, wid: str) -> int:
    return int((raw.works[wid].get("publication_date") or "0").replace("-", ""))


def test_works_by_date_are_newest_first(api: Api, raw: Raw) -> None:
    conn = api.data("""query($id: ID!) { author(id: $id) { works(first: 100) {
        edges { node { id publicationDate } } } } }""", id=PRIEM)["author"]["works"]
    dates = [e["node"]["publicationDate"] for e in conn["edges"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(raw.works)


def test_work_fields_and_relations(api: Api, raw: Raw) -> None:
    wid = raw.top_works(1)[0]
    work = api.data("""query($id: ID!) { work(id: $id) { id title year citedByCount authorCount
        authors(first: 3) { author { id } order position } topics { topic { id parent { id level } } primary }
        source { name } } }""", id=wid)["work"]
    w = raw.works[wid]
    assert work["title"] == w["title"] and work["citedByCount"] == w["cited_by_count"]
    assert work["authorCount"] == len({short(a["author"]["id"]) for a in w["authorships"]})
    assert [a["author"]["id"] for a in work["authors"]] == [short(a["author"]["id"]) for a in w["authorships"]][:3]
    assert {t["topic"]["id"] for t in work["topics"]} == {short(t["id"]) for t in w["topics"]}
    assert work["topics"][0]["primary"] and work["topics"][0]["topic"]["parent"]["level"] == "subfield"
    assert work["source"]["name"] == w["primary_location"]["source"]["display_name"]


def test_expand_any_node(api: Api, raw: Raw) -> None:
    wid = raw.top_works(1)[0]
    got = api.data("""query($id: ID!) { expand(nodeId: $id, kinds: [AUTHOR, TOPIC], first: 2) {
        nodes { id kind center } edges { kind source target } } }""", id=wid)["expand"]
    kinds = Counter(n["kind"] for n in got["nodes"])
    assert kinds == {"WORK": 1, "AUTHOR": 2, "TOPIC": 2}
    assert {e["kind"] for e in got["edges"]} == {"AUTHORED", "HAS_TOPIC"}
    field = api.data('{ expand(nodeId: "openalex:field:17", first: 3) { nodes { id kind } } }')["expand"]
    assert {n["kind"] for n in field["nodes"]} == {"TOPIC", "WORK", "AUTHOR"}
    assert api.data('{ expand(nodeId: "nope") { nodes { id } } }') == {"expand": None}
    me = api.data('{ expand(nodeId: "A5023888391", kind: AUTHOR, kinds: [TOPIC], first: 2) '
                  '{ nodes { id kind } edges { kind } } }')["expand"]
    assert [n["id"] for n in me["nodes"]] == [PRIEM, *raw.top_topics(2)]
    assert {e["kind"] for e in me["edges"]} == {"WORKS_ON"}


def test_search_finds_works_and_authors_and_ignores_syntax(api: Api) -> None:
    hits = api.data('{ search(text: "altmetrics wild", first: 5) { kind score '
                    'node { ... on Work { id title } ... on Author { id } } } }')["search"]
    assert hits and hits[0]["kind"] == "WORK" and "wild" in hits[0]["node"]["title"].lower()
    assert hits[0]["score"] == 1.0
    people = api.data('{ search(text: "pri", kinds: [AUTHOR]) { node { ... on Author { id } } } }')["search"]
    assert PRIEM in [h["node"]["id"] for h in people]
    for text in ['"unbalanced', "a:b OR (c", "-*~@|{}[]", "   "]:
        assert isinstance(api.data("query($t: String!) { search(text: $t) { score } }", t=text)["search"], list)


def test_suggested_collaborators_are_not_coauthors(api: Api, raw: Raw) -> None:
    someone = raw.collaborator_order()[0]
    got = api.data("""query($id: ID!) { suggestedCollaborators(authorId: $id, first: 5) {
        author { id } score network topic similarity reasons } }""", id=someone)["suggestedCollaborators"]
    coauthors = {c["author"]["id"] for c in api.data(
        "query($id: ID!) { closeCollaborators(authorId: $id, first: 100) { author { id } } }",
        id=someone)["closeCollaborators"]}
    assert got, "a coauthor of Priem has coauthors of coauthors"
    for s in got:
        assert s["author"]["id"] not in coauthors | {someone}
        assert s["reasons"]
        assert s["score"] == pytest.approx(0.5 * s["network"] + 0.3 * s["topic"] + 0.2 * s["similarity"], abs=1e-3)
    assert [s["score"] for s in got] == sorted((s["score"] for s in got), reverse=True)


def test_directives_and_aliases_are_honoured(api: Api) -> None:
    query = """query($withLabel: Boolean!) { researcherContext(authorId: "A5023888391", works: 1, collaborators: 0,
        topics: 0, institutions: 0) { nodes { id label @include(if: $withLabel) k: kind } } }"""
    for flag in (True, False, True):
        nodes = api.data(query, withLabel=flag)["researcherContext"]["nodes"]
        assert len(nodes) == 2 and ("label" in nodes[0]) is flag and nodes[0]["k"] == "AUTHOR"
    typed = api.data('{ researcherContext(authorId: "A5023888391", works: 1, collaborators: 0, topics: 0, '
                     'institutions: 0) { __typename edges { __typename kind } } }')["researcherContext"]
    assert typed == {"__typename": "GraphSlice", "edges": [{"__typename": "GraphEdge", "kind": "AUTHORED"}]}
