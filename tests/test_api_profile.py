"""An author's profile, researcher in context and close collaborators, served over HTTP from a
graph loaded from OpenAlex files (the author's record and a works page), checked against what this
test computes from the raw JSON on its own; on each engine, for each sample:

- "generated": the most prolific author of `scholargraph.synthetic` output, written here in the
  same two formats, so a clone without ../shared/data still runs every check;
- "real": Jason Priem's real files in ../shared/data (skipped, with the reason, where absent).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph
from loaders.writer import MAX_COAUTHORS_PER_WORK
from tests.support import profile_samples
from tests.support.api import Api, api_for
from tests.support.openalex_ids import short
from tests.support.profile_samples import Sample, real_data_dir

# The samples, their graphs and servers (tests/support/profile_samples.py), bound here so that
# pytest runs them for this module.
engine = profile_samples.engine
sample = profile_samples.sample
sample_graph = profile_samples.sample_graph
served = profile_samples.served
priem_graph = profile_samples.priem_graph


@pytest.fixture(scope="module")
def api(priem_graph: Graph) -> Iterator[Api]:
    with api_for(priem_graph) as client:
        yield client


@pytest.fixture(scope="module")
def shared_data_dir() -> Path:
    return real_data_dir()


class Raw:
    """The sample author's record, computed from the raw files only."""

    def __init__(self, sample: Sample) -> None:
        me = self.author = sample.author
        doc = json.loads(sample.works_file.read_text(encoding="utf-8"))
        works: dict[str, dict[str, Any]] = {}
        for w in doc["results"]:  # a later duplicate wins, as in the loader
            works[short(w["id"])] = w
        self.works = {wid: w for wid, w in works.items()
                      if me in {short(a["author"]["id"]) for a in w["authorships"]}}
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
            for p in people - {me}:
                shared[p].append(wid)
            if len(people) <= MAX_COAUTHORS_PER_WORK:
                pairs |= people - {me}
        self.coauthors = {p: sorted(ws) for p, ws in shared.items() if p in pairs}
        years: dict[str, set[int]] = defaultdict(set)
        for w in self.works.values():
            for a in w["authorships"]:
                if short(a["author"]["id"]) == me:
                    for inst in a.get("institutions") or []:
                        if w.get("publication_year"):
                            years[short(inst["id"])].add(w["publication_year"])
                        else:
                            years.setdefault(short(inst["id"]), set())
        record = json.loads(sample.author_file.read_text(encoding="utf-8"))
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

    def top_field(self) -> str:
        """The field of the top work's primary topic, as the graph names it."""
        field = self.works[self.top_works(1)[0]]["primary_topic"]["field"]["id"]
        return "openalex:field:" + re.sub(r".*/", "", field)

    def search_words(self) -> list[str]:
        """Two words of the top work's title that the fewest works' text (title and abstract,
        what the index holds) shares: the real sample's gave "altmetrics wild" its role."""
        df = Counter(x for w in self.works.values() for x in self.words(w))
        title = {x for x in self.words({"title": self.works[self.top_works(1)[0]]["title"]}) if len(x) >= 4}
        return sorted(title, key=lambda x: (df[x], x))[:2]

    @staticmethod
    def words(w: dict[str, Any]) -> set[str]:
        """A work's indexed words, lower case (the abstract as OpenAlex ships it: inverted)."""
        text = " ".join([w.get("title") or "", *(w.get("abstract_inverted_index") or {})])
        return set(re.findall(r"[^\W_]+", text.lower()))


@pytest.fixture(scope="module")
def raw(sample: Sample) -> Raw:
    return Raw(sample)


PROFILE = """query($id: ID!) { author(id: $id) { id name orcid profile(topTopics: 5) {
  counts { works citations topics collaborators followers } hIndex i10Index
  topTopics { topic { id name } works share }
  currentAffiliations { institution { id name } lastYear lastKnown } pastAffiliations { institution { id } }
  claimStatus claimed
  trust { score band label verificationLevel signals { name value weight contribution detail } } } } }"""


def test_profile_counts_and_metrics_follow_from_the_files(served: Api, raw: Raw, sample: Sample) -> None:
    author = served.data(PROFILE, id=sample.author)["author"]
    assert author["id"] == sample.author
    assert author["name"] == sample.name and author["orcid"] == sample.orcid
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


def test_trust_summary_is_explained_by_its_signals(served: Api, raw: Raw) -> None:
    trust = served.data(PROFILE, id=raw.author)["author"]["profile"]["trust"]
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


def test_close_collaborators_follow_from_the_files(served: Api, raw: Raw) -> None:
    got = served.data("""query($id: ID!) { closeCollaborators(authorId: $id, first: 100) {
        author { id } sharedWorks firstYear lastYear sharedTopics { topic { id } works } } }""",
                   id=raw.author)["closeCollaborators"]
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
def test_researcher_context_has_exactly_the_expected_neighbours(served: Api, raw: Raw,
                                                                caps: tuple[int, int, int, int]) -> None:
    w, c, t, i = caps
    got = served.data(CONTEXT, id=raw.author, w=w, c=c, t=t, i=i)["researcherContext"]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for node in got["nodes"]:
        by_kind[node["kind"]].append(node["id"])
    works, collaborators = raw.top_works(w), raw.collaborator_order()[:c]
    topics, institutions = raw.top_topics(t), raw.top_institutions(i)
    me = raw.author
    assert by_kind["AUTHOR"] == [me, *collaborators]
    assert by_kind["WORK"] == works
    assert by_kind["TOPIC"] == topics
    assert by_kind["INSTITUTION"] == institutions
    assert [n["id"] for n in got["nodes"] if n["center"]] == [me]
    assert len({n["id"] for n in got["nodes"]}) == len(got["nodes"])

    def edge(kind: str, a: str, b: str, undirected: bool = False) -> tuple[str, str, str]:
        return (kind, *sorted((a, b))) if undirected else (kind, a, b)

    expected = {edge("COAUTHOR", me, p, True) for p in collaborators}
    expected |= {edge("AUTHORED", me, x) for x in works}
    expected |= {edge("AUTHORED", p, x) for x in works for p in collaborators if x in raw.coauthors[p]}
    expected |= {edge("WORKS_ON", me, x) for x in topics}
    expected |= {edge("HAS_TOPIC", x, y) for x in works for y in topics
                 if y in {short(tt["id"]) for tt in raw.works[x].get("topics") or []}}
    expected |= {edge("AFFILIATED_WITH", me, x) for x in institutions}
    assert {(e["kind"], e["source"], e["target"]) for e in got["edges"]} == expected
    ids = {n["id"] for n in got["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in got["edges"])
    assert all(e["id"] == f"{e['kind']}:{e['source']}:{e['target']}" for e in got["edges"])
    weights = {n["id"]: n["weight"] for n in got["nodes"]}
    assert all(weights[x] == raw.citations[x] for x in works)
    assert all(weights[p] == len(raw.coauthors[p]) for p in collaborators)


def test_researcher_context_caps_are_enforced(served: Api, sample: Sample) -> None:
    [error] = served.errors("query($id: ID!) { researcherContext(authorId: $id, works: 51) { nodes { id } } }",
                            id=sample.author)
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED" and "50" in error["message"]
    assert "works" in error["message"]


def test_works_connection_pages_through_every_work(served: Api, raw: Raw) -> None:
    query = """query($id: ID!, $after: String) { author(id: $id) { works(first: 7, after: $after,
        orderBy: CITATIONS) { totalCount edges { cursor node { id citedByCount } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    while True:
        conn = served.data(query, id=raw.author, after=after)["author"]["works"]
        assert conn["totalCount"] == len(raw.works)
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == sorted(raw.works, key=lambda w: (-raw.citations[w], -_date_key(raw, w), w))


def _date_key(raw: Raw, wid: str) -> int:
    return int((raw.works[wid].get("publication_date") or "0").replace("-", ""))


def test_works_by_date_are_newest_first(served: Api, raw: Raw) -> None:
    conn = served.data("""query($id: ID!) { author(id: $id) { works(first: 100) {
        edges { node { id publicationDate } } } } }""", id=raw.author)["author"]["works"]
    dates = [e["node"]["publicationDate"] for e in conn["edges"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(raw.works)


def test_work_fields_and_relations(served: Api, raw: Raw) -> None:
    wid = raw.top_works(1)[0]
    work = served.data("""query($id: ID!) { work(id: $id) { id title year citedByCount authorCount
        authors(first: 3) { author { id } order position } topics { topic { id parent { id level } } primary }
        source { name } } }""", id=wid)["work"]
    w = raw.works[wid]
    assert work["title"] == w["title"] and work["citedByCount"] == w["cited_by_count"]
    assert work["authorCount"] == len({short(a["author"]["id"]) for a in w["authorships"]})
    assert [a["author"]["id"] for a in work["authors"]] == [short(a["author"]["id"]) for a in w["authorships"]][:3]
    assert {t["topic"]["id"] for t in work["topics"]} == {short(t["id"]) for t in w["topics"]}
    assert work["topics"][0]["primary"] and work["topics"][0]["topic"]["parent"]["level"] == "subfield"
    assert work["source"]["name"] == w["primary_location"]["source"]["display_name"]


def test_expand_any_node(served: Api, raw: Raw) -> None:
    wid = raw.top_works(1)[0]
    got = served.data("""query($id: ID!) { expand(nodeId: $id, kinds: [AUTHOR, TOPIC], first: 2) {
        nodes { id kind center } edges { kind source target } } }""", id=wid)["expand"]
    kinds = Counter(n["kind"] for n in got["nodes"])
    assert kinds == {"WORK": 1, "AUTHOR": 2, "TOPIC": 2}
    assert {e["kind"] for e in got["edges"]} == {"AUTHORED", "HAS_TOPIC"}
    field = served.data("query($id: ID!) { expand(nodeId: $id, first: 3) { nodes { id kind } } }",
                        id=raw.top_field())["expand"]
    assert {n["kind"] for n in field["nodes"]} == {"TOPIC", "WORK", "AUTHOR"}
    assert served.data('{ expand(nodeId: "nope") { nodes { id } } }') == {"expand": None}
    me = served.data('query($id: ID!) { expand(nodeId: $id, kind: AUTHOR, kinds: [TOPIC], first: 2) '
                     '{ nodes { id kind } edges { kind } } }', id=raw.author)["expand"]
    assert [n["id"] for n in me["nodes"]] == [raw.author, *raw.top_topics(2)]
    assert {e["kind"] for e in me["edges"]} == {"WORKS_ON"}


def test_search_finds_works_and_authors_and_ignores_syntax(served: Api, raw: Raw, sample: Sample) -> None:
    words = raw.search_words()
    hits = served.data('query($t: String!) { search(text: $t, first: 5) { kind score '
                       'node { ... on Work { id title } ... on Author { id } } } }', t=" ".join(words))["search"]
    both = {wid for wid, w in raw.works.items() if set(words) <= raw.words(w)}
    assert hits and hits[0]["kind"] == "WORK" and hits[0]["node"]["id"] in both
    assert hits[0]["score"] == 1.0
    prefix = sample.name.split()[-1][:3].lower()  # "pri" for Priem
    people = served.data('query($t: String!) { search(text: $t, kinds: [AUTHOR]) { node { ... on Author { id } } } }',
                         t=prefix)["search"]
    assert sample.author in [h["node"]["id"] for h in people]
    for text in ['"unbalanced', "a:b OR (c", "-*~@|{}[]", "   "]:
        assert isinstance(served.data("query($t: String!) { search(text: $t) { score } }", t=text)["search"], list)


def test_suggested_collaborators_are_not_coauthors(served: Api, raw: Raw) -> None:
    someone = raw.collaborator_order()[0]
    got = served.data("""query($id: ID!) { suggestedCollaborators(authorId: $id, first: 5) {
        author { id } score network topic similarity reasons } }""", id=someone)["suggestedCollaborators"]
    coauthors = {c["author"]["id"] for c in served.data(
        "query($id: ID!) { closeCollaborators(authorId: $id, first: 100) { author { id } } }",
        id=someone)["closeCollaborators"]}
    assert got, "a coauthor of the author has coauthors of coauthors"
    for s in got:
        assert s["author"]["id"] not in coauthors | {someone}
        assert s["reasons"]
        assert s["score"] == pytest.approx(0.5 * s["network"] + 0.3 * s["topic"] + 0.2 * s["similarity"], abs=1e-3)
    assert [s["score"] for s in got] == sorted((s["score"] for s in got), reverse=True)


def test_directives_and_aliases_are_honoured(served: Api, sample: Sample) -> None:
    query = """query($id: ID!, $withLabel: Boolean!) { researcherContext(authorId: $id, works: 1, collaborators: 0,
        topics: 0, institutions: 0) { nodes { id label @include(if: $withLabel) k: kind } } }"""
    for flag in (True, False, True):
        nodes = served.data(query, id=sample.author, withLabel=flag)["researcherContext"]["nodes"]
        assert len(nodes) == 2 and ("label" in nodes[0]) is flag and nodes[0]["k"] == "AUTHOR"
    typed = served.data('query($id: ID!) { researcherContext(authorId: $id, works: 1, collaborators: 0, topics: 0, '
                        'institutions: 0) { __typename edges { __typename kind } } }',
                        id=sample.author)["researcherContext"]
    assert typed == {"__typename": "GraphSlice", "edges": [{"__typename": "GraphEdge", "kind": "AUTHORED"}]}
