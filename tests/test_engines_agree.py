"""FalkorDB and Neo4j give the same answers on the real sample data.

Both engines get the same pipeline as the CLI runs it (`db init`, `load openalex`, `load arxiv`,
`embed`, `link-similar`, `analyze`), through the same functions, once per engine for the module:

1. load: Jason Priem's works, W2741809807 and the works citing it, the openalexPro citation
   snowball (OpenAlex, 147 works), then the Kaggle arXiv sample (160 works);
2. embed: every titled work loaded so far (~300 texts) with the real all-MiniLM-L6-v2;
3. load the Atom and OAI-PMH arXiv samples (487 more works, left without vectors, as works loaded
   after the last `embed` are: this bounds the embedding to a few hundred texts on a 2-core CPU);
4. link-similar (k=10, SIMILAR_TO and novelty over the embedded works), then analyze;
5. the OpenAlex files loaded again (idempotent: nothing is created).

The model runs once per distinct text (MemoEmbedder): both engines store the very same vectors,
so every difference below comes from the engines and the code around them.

Then engine against engine (never against constants): node counts by label set, relationship
counts by type, every node's properties and every relationship (float values approximately, the
stored vectors by cosine), and the GraphQL answers (profile, works, researcherContext,
closeCollaborators, suggestedCollaborators, collaborationPath, expand, semanticSearch,
similarWorks) for the authors with the most works, executed in process (ASGI, no socket)
against each engine's app. Answers must be equal, floats within 1e-9 relative; the normalised
comparisons, each explained where it is made: semanticSearch scores within 1e-6 (float32
cosines), and its 60-work answers compared on the works both engines found (approximate
vector indexes far from the text).
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from analytics.coauthors import analyze
from api.app import create_app
from graphdb import Graph, open_graph, schema
from loaders.pipeline import load
from similarity.embed_works import embed_works
from similarity.embedder import Embedder
from similarity.linking import link_similar
from tests.support.engines import SHARED_DATA, reset_neo4j

OPENALEX = [
    "openalex/works_author_A5023888391.json",
    "openalex/work_W2741809807.json",
    "openalex/works_cites_W2741809807.json",
    "openalex/openalexpro_snowball_keypaper_works.json",
    "openalex/openalexpro_snowball_cited_works.json",
    "openalex/openalexpro_snowball_citing_works.json",
]
ARXIV_EMBEDDED = ["arxiv/kaggle/arxiv-metadata-oai-snapshot.head160.jsonl"]
ARXIV_LATER = ["arxiv/atom/query_all_testing_start0_max100.xml",
               "arxiv/oai-pmh/ListRecords_arXivRaw_2016-10-20.xml"]
K = 10  # link-similar's default
AUTHORS = 6  # the authors with the most works whose API answers are compared
# A stored vector is the model's float32 vector on both engines; a cosine below this is not
# the same vector.
MIN_COSINE = 0.999
ENGINES = ("falkordb", "neo4j")
LABELS = ["Work", "Author", "Topic", "Institution", "Source", "Meta"]
TYPES = ["AUTHORED", "COAUTHOR", "CITES", "HAS_TOPIC", "SUBTOPIC_OF", "AFFILIATED_WITH", "PUBLISHED_IN", "SIMILAR_TO"]


class MemoEmbedder:
    """The real embedder, run once per distinct text: the second engine reuses the vectors."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    @property
    def model_id(self) -> str:
        return self._embedder.model_id

    @property
    def dimension(self) -> int:
        return self._embedder.dimension

    def embed(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, self._embedder.embed(new, batch_size=batch_size), strict=True))
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        return np.stack([self._vectors[t] for t in texts])


class _Notifications(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


def build(graph: Graph, embedder: MemoEmbedder, rejects: Path) -> dict[str, float]:
    """The CLI's pipeline; returns seconds per step."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = round(now - clock, 1)
        clock = now

    def load_files(names: list[str], kind: str) -> None:
        summary = load(graph, [SHARED_DATA / n for n in names], kind, rejects_path=rejects, progress=False)
        assert summary.rejected == 0, f"{kind}: {summary.rejected} rejected (see {rejects})"

    schema.init(graph, embedder.dimension)
    load_files(OPENALEX, "openalex")
    load_files(ARXIV_EMBEDDED, "arxiv")
    lap("load")
    embed_works(graph, embedder, progress=False)  # type: ignore[arg-type]
    lap("embed")
    load_files(ARXIV_LATER, "arxiv")
    lap("load after embed")
    link_similar(graph, k=K, progress=False)
    lap("link-similar")
    analyze(graph)
    lap("analyze")
    # Loading the same files again creates nothing; it does write to the works (on FalkorDB that
    # leaves stale copies of their vectors in the vector index: search.semantic.nearest).
    again = load(graph, [SHARED_DATA / n for n in OPENALEX], "openalex", rejects_path=rejects, progress=False)
    assert (again.stats.nodes_created, again.stats.relationships_created) == (0, 0)
    lap("load again")
    return seconds


@pytest.fixture(scope="module")
def embedder() -> MemoEmbedder:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (../shared/data beside the repo)")
    return MemoEmbedder(Embedder.load())


@pytest.fixture(scope="module")
def engines(embedder: MemoEmbedder, falkordb_server: str, neo4j_server: str,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Graph]]:
    """The loaded, embedded, linked and analysed sample on each engine. (The tests count as
    Neo4j tests in the session's summary, and `--engine falkordb` leaves them out: they need
    both engines.)"""
    falkor = open_graph(f"{falkordb_server}/agree_{uuid.uuid4().hex[:8]}")
    neo4j = open_graph(neo4j_server)
    graphs = {"falkordb": falkor, "neo4j": neo4j}
    # The session's notification check runs per test; the loading happens before it starts.
    logger = logging.getLogger("neo4j.notifications")
    handler, level = _Notifications(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        reset_neo4j(neo4j)
        rejects = tmp_path_factory.mktemp("agree") / "rejects.jsonl"
        for name, graph in graphs.items():
            timings = build(graph, embedder, rejects)
            print(f"\n{name}: {timings}")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    try:
        assert not handler.seen, "Neo4j returned notifications while loading:\n" + "\n".join(handler.seen[:10])
        yield graphs
    finally:
        falkor.close()
        neo4j.close()


# -- comparing two answers ---------------------------------------------------------------------


def differences(a: Any, b: Any, path: str = "", rel: float = 1e-9, abs_: float = 1e-12) -> list[str]:
    """Where two JSON-like values differ: floats approximately, everything else exactly."""
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) \
                and not isinstance(b, bool) and math.isclose(a, b, rel_tol=rel, abs_tol=abs_):
            return []
        return [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(a.keys() | b.keys(), key=str):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only on {'falkordb' if key in a else 'neo4j'} ({a.get(key, b.get(key))!r})")
            else:
                out += differences(a[key], b[key], f"{path}.{key}", rel, abs_)
        return out
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)} items"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{path}[{i}]", rel, abs_)]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def assert_agree(answers: dict[str, Any], what: str, rel: float = 1e-9, abs_: float = 1e-12) -> None:
    found = differences(answers["falkordb"], answers["neo4j"], what, rel, abs_)
    assert not found, f"{len(found)} differences (falkordb != neo4j):\n" + "\n".join(found[:30])


def on_both(engines: dict[str, Graph], read: Callable[[Graph], Any]) -> dict[str, Any]:
    return {name: read(engines[name]) for name in ENGINES}


# -- the graph itself ----------------------------------------------------------------------------


def label_counts(graph: Graph) -> dict[str, int]:
    rows = graph.read("MATCH (n) RETURN labels(n) AS labels, count(*) AS n").rows
    out: Counter[str] = Counter()
    for row in rows:
        out[":".join(sorted(row["labels"]))] += row["n"]
    return dict(out)


def type_counts(graph: Graph) -> dict[str, int]:
    return {r["t"]: r["n"] for r in graph.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n").rows}


def test_counts_agree(engines: dict[str, Graph]) -> None:
    labels = on_both(engines, label_counts)
    types = on_both(engines, type_counts)
    print(f"\nnodes: {dict(sorted(labels['falkordb'].items()))}")
    print(f"relationships: {dict(sorted(types['falkordb'].items()))}")
    assert labels["falkordb"] == labels["neo4j"]
    assert types["falkordb"] == types["neo4j"]
    # Every label and type is compared in full below.
    assert sorted(labels["falkordb"]) == sorted(LABELS) and sorted(types["falkordb"]) == sorted(TYPES)
    # The sample is really there (not two empty graphs agreeing).
    assert labels["falkordb"]["Work"] > 5000 and types["falkordb"]["SIMILAR_TO"] > 1000


def node_properties(graph: Graph, label: str) -> tuple[dict[str, dict[str, Any]], dict[str, list[float]]]:
    """Each node's properties by id, and apart from them its stored vector (Works)."""
    rows = graph.read(f"MATCH (n:{label}) RETURN n.id AS id, properties(n) AS props").rows
    props, vectors = {}, {}
    for row in rows:
        p = dict(row["props"])
        vector = p.pop("embedding", None)
        if vector is not None:
            vectors[row["id"]] = [float(x) for x in vector]
        props[row["id"]] = p
    assert len(props) == len(rows), f"{label} ids are not unique"
    return props, vectors


@pytest.mark.parametrize("label", LABELS)
def test_every_node_has_the_same_properties(engines: dict[str, Graph], label: str) -> None:
    got = on_both(engines, lambda g: node_properties(g, label))
    props = {name: p for name, (p, _) in got.items()}
    assert props["falkordb"].keys() == props["neo4j"].keys()
    assert_agree(props, label)
    vectors = {name: v for name, (_, v) in got.items()}
    assert vectors["falkordb"].keys() == vectors["neo4j"].keys()
    if label == "Work":
        assert len(vectors["falkordb"]) > 250  # the embedded works
    for wid, a in vectors["falkordb"].items():
        x, y = np.asarray(a), np.asarray(vectors["neo4j"][wid])
        assert x.shape == y.shape == (384,)
        cosine = float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))
        assert cosine >= MIN_COSINE, f"{wid}: stored vectors differ (cosine {cosine})"


def relationships(graph: Graph, rel_type: str) -> list[dict[str, Any]]:
    rows = graph.read(
        f"MATCH (a)-[r:{rel_type}]->(b) RETURN a.id AS a, b.id AS b, properties(r) AS props"
    ).rows
    return sorted(rows, key=lambda r: (r["a"], r["b"], repr(sorted(r["props"].items()))))


@pytest.mark.parametrize("rel_type", TYPES)
def test_every_relationship_agrees(engines: dict[str, Graph], rel_type: str) -> None:
    """Same ends, same direction, same properties (one edge per pair where the model says so)."""
    assert_agree(on_both(engines, lambda g: relationships(g, rel_type)), rel_type)


# -- the GraphQL API ---------------------------------------------------------------------------

PROFILE = """
query Profile($id: ID!) {
  author(id: $id) {
    id name orcid openalexId novelty community
    topics(first: 10) { topic { id name level scheme } works share }
    profile(topTopics: 10) {
      counts { works citations topics collaborators followers }
      hIndex i10Index
      topTopics { topic { id name level scheme parent { id } } works share }
      currentAffiliations { institution { id name ror country type openalexId } years firstYear lastYear lastKnown }
      pastAffiliations { institution { id name ror country type openalexId } years firstYear lastYear lastKnown }
      novelty community pagerank betweenness claimStatus claimed
      trust { score band label verificationLevel signals { name value weight contribution detail } }
    }
    byDate: works(first: 100, orderBy: DATE) {
      totalCount edges { cursor node { id publicationDate year } } pageInfo { hasNextPage endCursor }
    }
  }
}
"""

WORKS = """
query Works($id: ID!) {
  author(id: $id) {
    works(first: 20, orderBy: CITATIONS) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node {
        id title abstract publicationDate year type doi arxivId openalexId language citedByCount
        categories codeUrl hasCode novelty isStub authorCount
        authors(first: 10) { author { id name } position order corresponding }
        topics { topic { id name level } score primary }
        source { id name type issnL publisher }
      } }
    }
  }
}
"""

CONTEXT = """
query Context($id: ID!) {
  researcherContext(authorId: $id, works: 20, collaborators: 20, topics: 10, institutions: 5) {
    nodes { id kind label weight center year citedByCount subtitle community }
    edges { id source target kind weight }
  }
}
"""

COLLABORATORS = """
query Collaborators($id: ID!) {
  closeCollaborators(authorId: $id, first: 50) {
    author { id name community } sharedWorks firstYear lastYear
    sharedTopics { topic { id name } works share }
  }
}
"""

SUGGESTIONS = """
query Suggestions($id: ID!) {
  suggestedCollaborators(authorId: $id, first: 10) {
    author { id name } score network topic similarity commonCoauthorIds sharedTopics { id } reasons
  }
}
"""

PATH = """
query Path($from: ID!, $to: ID!) {
  collaborationPath(fromId: $from, toId: $to, maxHops: 6) {
    length authors { id name }
    hops { source { id } target { id } sharedWorks works { id title year citedByCount } }
  }
}
"""

EXPAND = """
query Expand($id: ID!) {
  expand(nodeId: $id, first: 20) {
    nodes { id kind label weight center year citedByCount subtitle community }
    edges { id source target kind weight }
  }
}
"""

SEMANTIC = """
query Semantic($text: String!, $first: Int!) {
  semanticSearch(text: $text, first: $first) { score work { id title year } }
}
"""
# Both engines compute the cosine from the stored float32 vectors, in float32 (FalkorDB
# 1 - vec.cosineDistance, Neo4j 2 * vector.similarity.cosine - 1): they part in the last bits,
# seen up to 5e-7 apart. Ranks are compared exactly (ties by id on both).
COSINE_ABS = 1e-6

SIMILAR = """
query Similar($id: ID!) {
  similarWorks(workId: $id, first: 10) { score work { id title } }
}
"""

Execute = Callable[[str, dict[str, Any]], Any]


@pytest.fixture(scope="module")
def api(engines: dict[str, Graph], embedder: MemoEmbedder) -> Iterator[dict[str, Execute]]:
    """Each engine's app, run in process (ASGI, no socket); one function per engine: query ->
    data (errors fail the test)."""
    clients = {}
    for name in ENGINES:
        app = create_app(graph=engines[name])
        app.state.api._embedder = embedder  # the same model and vectors, loaded once
        clients[name] = TestClient(app)
        clients[name].__enter__()

    def runner(client: TestClient) -> Execute:
        def run(query: str, variables: dict[str, Any]) -> Any:
            res = client.post("/graphql", json={"query": query, "variables": variables})
            assert res.status_code == 200, res.text
            body = res.json()
            assert not body.get("errors"), body["errors"]
            return body["data"]
        return run

    try:
        yield {name: runner(client) for name, client in clients.items()}
    finally:
        for client in clients.values():
            client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def authors(engines: dict[str, Graph]) -> list[str]:
    """The authors with the most works (ties by id): the same list on both engines."""
    query = ("MATCH (a:Author)-[:AUTHORED]->(w:Work) RETURN a.id AS id, count(w) AS n "
             "ORDER BY n DESC, id LIMIT $k")
    top = on_both(engines, lambda g: g.read(query, {"k": AUTHORS}).rows)
    assert top["falkordb"] == top["neo4j"]
    return [r["id"] for r in top["falkordb"]]


def ask(api: dict[str, Execute], query: str, **variables: Any) -> dict[str, Any]:
    return {name: run(query, variables) for name, run in api.items()}


@pytest.mark.parametrize("query", [PROFILE, WORKS, CONTEXT, COLLABORATORS, SUGGESTIONS],
                         ids=["profile", "works", "researcherContext", "closeCollaborators",
                              "suggestedCollaborators"])
def test_author_answers_agree(api: dict[str, Execute], authors: list[str], query: str) -> None:
    for author_id in authors:
        answers = ask(api, query, id=author_id)
        assert any(answers["falkordb"].values()), f"{author_id}: no answer"
        assert_agree(answers, author_id)


def test_collaboration_paths_agree(api: dict[str, Execute], authors: list[str]) -> None:
    pairs = [(a, b) for i, a in enumerate(authors) for b in authors[i + 1:]]
    found = 0
    for a, b in pairs:
        answers = ask(api, PATH, **{"from": a, "to": b})
        assert_agree(answers, f"{a} -> {b}")
        found += answers["falkordb"]["collaborationPath"] is not None
    assert 0 < found < len(pairs)  # chains and no-chains both compared


def test_explorer_expands_the_same(api: dict[str, Execute], authors: list[str]) -> None:
    """expand() of each author's most cited work, main topic and first institution, and of
    that work's source."""
    expanded: Counter[str] = Counter()
    for author_id in authors:
        context = ask(api, CONTEXT, id=author_id)["falkordb"]["researcherContext"]["nodes"]
        firsts: dict[str, str] = {}
        for node in context:
            firsts.setdefault(node["kind"], node["id"])
        for kind in ("WORK", "TOPIC", "INSTITUTION"):
            if kind not in firsts:
                continue
            answers = ask(api, EXPAND, id=firsts[kind])
            assert_agree(answers, f"expand({firsts[kind]})")
            expanded[kind] += 1
            for node in answers["falkordb"]["expand"]["nodes"]:
                if node["kind"] == "SOURCE":
                    assert_agree(ask(api, EXPAND, id=node["id"]), f"expand({node['id']})")
                    expanded["SOURCE"] += 1
    assert set(expanded) == {"WORK", "TOPIC", "INSTITUTION", "SOURCE"}, expanded


def test_semantic_search_agrees(api: dict[str, Execute], authors: list[str]) -> None:
    """The title of each author's most cited work (the exact-title path) and free text."""
    texts = ["open access citation advantage", "inverse scattering by small obstacles",
             "software testing of concurrent programs"]
    for author_id in authors:
        top = ask(api, WORKS, id=author_id)["falkordb"]["author"]["works"]["edges"]
        texts += [top[0]["node"]["title"]]
    for text in texts:
        answers = ask(api, SEMANTIC, text=text, first=10)
        assert_agree(answers, text, rel=0, abs_=COSINE_ABS)
        assert len(answers["falkordb"]["semanticSearch"]) == 10
        top = answers["falkordb"]["semanticSearch"][0]["work"]["id"]
        assert_agree(ask(api, SIMILAR, id=top), f"similarWorks({top})")

        # 60 of the ~300 embedded works: past the 50 candidates semantic search asks for at
        # least, and deep into the works that are all about equally far from the text (cosine
        # ~0.1). Both vector indexes are approximate (HNSW) there: Neo4j's, asked for 120 of 303,
        # left out the 61st nearest work (cosine 0.1195) that FalkorDB's found. Compared: the
        # length (FalkorDB's index once gave half of what was asked: search.semantic.nearest),
        # nearly the same works, and the same scores and order for the works both found.
        answers = ask(api, SEMANTIC, text=text, first=60)
        hits = {name: [(h["work"]["id"], h["score"]) for h in a["semanticSearch"]] for name, a in answers.items()}
        assert len(hits["falkordb"]) == len(hits["neo4j"]) == 60, text
        common = {wid for wid, _ in hits["falkordb"]} & {wid for wid, _ in hits["neo4j"]}
        assert len(common) >= 57, f"{text}: only {len(common)} of 60 works in both answers"
        assert_agree({name: [h for h in h_ if h[0] in common] for name, h_ in hits.items()},
                     f"{text} (first 60, the works both found)", rel=0, abs_=COSINE_ABS)
