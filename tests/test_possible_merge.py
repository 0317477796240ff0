"""profile.possibleMerge, `scholargraph analyze --merges` and the trust score's coherence signal:
one analysis (analytics/coherence.py) over works the test writes, on each engine. The expected clusters
are the people the test planted, not what the query returns."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from analytics.coherence import EMBEDDING_LINK, AffiliationFacts, WorkFacts, analyse
from graphdb import Graph
from scholargraph.cli import cli
from similarity.store import store_vectors
from tests.support.api import api_for
from tests.support.small_graphs import W, build

# M1 is two people given one id. Person X: 6 works in 2010-2015 on T1 (Computer Science) with
# coauthors X1, X2 at institution IX. Person Y: 5 works in 2013-2017 on T9 (Physics) with
# coauthors Y1, Y2 at institution IY. In 2013-2015 both published: the merged record holds both
# institutions those years, so no work of those years pins one.
PERSON_X = [W(f"X{i}", ["M1", "X1" if i % 2 else "X2"], 2010 + i, 10 - i, [("T1", "cs")],
              institutions={"M1": "IX"}) for i in range(6)]
PERSON_Y = [W(f"Y{i}", ["Y1" if i % 2 else "Y2", "M1"], 2013 + i, i, [("T9", "phys")],
              institutions={"M1": "IY"}) for i in range(5)]
# S1: one person, 30 works on one topic (T1, a few also T2, both Computer Science) with two
# coauthor groups that never meet (S2 in the first 15, S3 in the rest): topics link them.
SINGLE = [W(f"S{i}", ["S1", "S2" if i < 15 else "S3"], 2000 + i % 20, i, [("T1", "cs")] + [("T2", "cs")] * (i % 4 == 0))
          for i in range(30)]
ONE = [W("O1", ["Q1", "Q2"], 2020, 3, [("T9", "phys")])]

QUERY = """query($id: ID!) { author(id: $id) { profile {
  possibleMerge { likely people score topicDistance works clusterCount evidence
    clusters { works workIds substantial topics { topic { id } works } coauthors topCoauthors { authorId works
      author { name } }
      years firstYear lastYear institutions { institution { id } works } topWorks(first: 2) { id } } }
  trust { signals { name value detail } } } } }"""


@pytest.fixture
def merged(graph: Graph) -> Graph:
    build(graph, PERSON_X + PERSON_Y + SINGLE + ONE)
    return graph


def by_cited(works: list[W]) -> list[str]:
    return [w.id for w in sorted(works, key=lambda w: (-w.cited, w.id))]


def test_a_planted_merge_is_flagged_with_its_two_clusters(merged: Graph) -> None:
    with api_for(merged) as api:
        profile = api.data(QUERY, id="M1")["author"]["profile"]
    pm = profile["possibleMerge"]
    assert (pm["likely"], pm["people"], pm["works"], pm["clusterCount"]) == (True, 2, 11, 2)
    assert pm["topicDistance"] == 1.0  # Computer Science vs Physics: no field in common
    assert pm["score"] == pytest.approx(min(1.0, 2 * 5 / 11) * 1.0, abs=1e-4)
    x, y = pm["clusters"]
    assert x["workIds"] == by_cited(PERSON_X) and y["workIds"] == by_cited(PERSON_Y)
    assert (x["works"], y["works"], x["substantial"], y["substantial"]) == (6, 5, True, True)
    assert x["topics"] == [{"topic": {"id": "T1"}, "works": 6}] and y["topics"] == [{"topic": {"id": "T9"}, "works": 5}]
    assert (x["coauthors"], y["coauthors"]) == (2, 2)
    assert [(c["authorId"], c["works"], c["author"]["name"]) for c in x["topCoauthors"]] == [
        ("X1", 3, "Author X1"), ("X2", 3, "Author X2")]
    assert (x["years"], x["firstYear"], x["lastYear"]) == (list(range(2010, 2016)), 2010, 2015)
    assert y["years"] == list(range(2013, 2018))
    # X's works of 2010-2012 pin IX; those of 2013-2015 count both places the record holds then.
    assert [(i["institution"]["id"], i["works"]) for i in x["institutions"]] == [("IX", 6), ("IY", 3)]
    assert [(i["institution"]["id"], i["works"]) for i in y["institutions"]] == [("IY", 5), ("IX", 3)]
    assert [w["id"] for w in x["topWorks"]] == ["X0", "X1"]
    assert pm["evidence"] == [
        "2 groups of works that neither enough shared coauthors nor an affiliation join: 6 works (2010-2015; "
        "Computer Science; 2 coauthors); 5 works (2013-2017; Physics and Astronomy; 2 coauthors)",
        "topic distance between the two largest groups 1.00 (at least 0.5 counts as unrelated): the profile may "
        "merge different people",
        "affiliations held alone differ: Institution IX vs Institution IY",
        "both active 2013-2015"]
    coherence = {s["name"]: s for s in profile["trust"]["signals"]}["topical_coherence"]
    assert coherence["value"] == pytest.approx(1 - pm["score"], abs=1e-4)
    assert coherence["detail"].startswith(f"possible merge of 2 people (score {pm['score']:.2f})")


def test_a_prolific_single_topic_author_is_not_flagged(merged: Graph) -> None:
    with api_for(merged) as api:
        profile = api.data(QUERY, id="S1")["author"]["profile"]
    pm = profile["possibleMerge"]
    assert (pm["likely"], pm["people"], pm["score"], pm["works"], pm["clusterCount"]) == (False, 1, 0.0, 30, 1)
    assert pm["clusters"][0]["workIds"] == by_cited(SINGLE) and pm["clusters"][0]["coauthors"] == 2
    assert pm["evidence"] == ["30 of 30 works (100%) form one group linked by topics, text, shared coauthors and "
                              "affiliations"]
    assert {s["name"]: s for s in profile["trust"]["signals"]}["topical_coherence"]["value"] == 1


def test_one_work_is_never_a_merge(merged: Graph) -> None:
    with api_for(merged) as api:
        profile = api.data(QUERY, id="Q1")["author"]["profile"]
    pm = profile["possibleMerge"]
    assert (pm["likely"], pm["people"], pm["works"], pm["clusterCount"], pm["topicDistance"]) == (False, 1, 1, 1, None)
    assert pm["clusters"][0]["workIds"] == ["O1"] and pm["clusters"][0]["substantial"] is False
    assert pm["evidence"] == ["only 1 work: too few to tell people apart (two groups of 3 works are needed)"]
    assert {s["name"]: s for s in profile["trust"]["signals"]}["topical_coherence"]["value"] == 0.5


def test_analyze_merges_ranks_the_planted_merge(merged: Graph) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--merges", "--db", merged.url, "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # Authors with 6 works or more: M1 (11), S1 (30), S2 and S3 (15 each); only M1 is flagged.
    assert [(r["id"], r["works"], r["people"], r["clusters"]) for r in rows] == [("M1", 11, 2, [6, 5])]
    assert rows[0]["score"] == pytest.approx(10 / 11, abs=1e-4)
    assert "analysing 4 authors with 6 works or more" in result.stderr
    text = CliRunner().invoke(cli, ["analyze", "--merges", "--db", merged.url])
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[:2] == [
        "1 possible merge among 4 authors with 6 works or more",
        "  1. M1  Author M1  score 0.91  2 people  11 works (6 + 5 in the largest clusters)"]


def test_embeddings_link_works_that_share_nothing_else(graph: Graph) -> None:
    """E1's works have no topics and no coauthors: only their vectors can group them. Two tight
    bundles of vectors around orthogonal directions make two people; the works whose vector
    is missing stay alone."""
    works = [W(f"E{i}", ["E1"], 2020 + i % 3, i) for i in range(10)]
    build(graph, works)
    rng = np.random.default_rng(7)
    base = np.eye(8, dtype=np.float32)
    vectors = np.stack([base[0 if i < 4 else 1] + 0.05 * rng.standard_normal(8).astype(np.float32)
                        for i in range(8)])
    assert store_vectors(graph, [f"E{i}" for i in range(8)], ["h"] * 8, vectors, "test") == 8
    with api_for(graph) as api:
        pm = api.data(QUERY, id="E1")["author"]["profile"]["possibleMerge"]
    assert (pm["likely"], pm["people"], pm["clusterCount"]) == (True, 2, 4)
    # Largest first; equal sizes: the one whose most cited work is cited more (E{i} is cited i times).
    assert [c["workIds"] for c in pm["clusters"]] == [["E7", "E6", "E5", "E4"], ["E3", "E2", "E1", "E0"],
                                                      ["E9"], ["E8"]]
    assert pm["topicDistance"] > 0.9  # by the clusters' mean vectors: nearly orthogonal


# -- the rule itself, without an engine --------------------------------------------------------


def facts(wid: str, coauthors: tuple[str, ...] = (), topics: tuple[str, ...] = (), fields: tuple[str, ...] = (),
          year: int | None = 2020, embedding: tuple[float, ...] | None = None) -> WorkFacts:
    return WorkFacts(wid, year, 0, topics, fields, coauthors, embedding)


def test_embedding_threshold_and_topic_fallback() -> None:
    cos = EMBEDDING_LINK
    near = (1.0, 0.0)
    at = (cos, float(np.sqrt(1 - cos * cos)))  # cosine exactly EMBEDDING_LINK with `near`
    below = (cos - 0.01, float(np.sqrt(1 - (cos - 0.01) ** 2)))
    assert len(analyse([facts("a", embedding=near), facts("b", embedding=at)]).clusters) == 1
    assert len(analyse([facts("a", embedding=near), facts("b", embedding=below)]).clusters) == 2
    # Two embedded works sharing a topic are judged by their vectors; a bare work sharing it links.
    split = analyse([facts("a", topics=("t",), embedding=near), facts("b", topics=("t",), embedding=below)])
    assert len(split.clusters) == 2
    bridged = analyse([facts("a", topics=("t",), embedding=near), facts("b", topics=("t",), embedding=below),
                       facts("c", topics=("t",))])
    assert [c.works for c in bridged.clusters] == [("a", "b", "c")]


def test_pinned_institutions_link_and_shared_years_do_not() -> None:
    works = [facts("a", year=2001), facts("b", year=2002), facts("c", year=2003)]
    alone = [AffiliationFacts("I", (2001, 2002)), AffiliationFacts("J", (2003,))]
    assert [c.works for c in analyse(works, alone).clusters] == [("a", "b"), ("c",)]
    shared = [AffiliationFacts("I", (2001, 2002)), AffiliationFacts("J", (2002, 2003))]
    assert [c.works for c in analyse(works, shared).clusters] == [("a",), ("b",), ("c",)]


def test_one_shared_coauthor_does_not_glue_two_people_and_a_circle_does() -> None:
    """Two content groups (topics in different fields): one outsider on a work of each leaves them
    apart; two coauthors making up a quarter of the smaller group's circle make them one."""
    left = [facts(f"a{i}", (f"p{i}",), ("t1",), ("cs",)) for i in range(4)]
    right = [facts(f"b{i}", (f"q{i}",), ("t2",), ("phys",)) for i in range(4)]
    apart = analyse(left + right + [facts("a4", ("x",), ("t1",), ("cs",)), facts("b4", ("x",), ("t2",), ("phys",))])
    assert ([len(k.works) for k in apart.clusters], apart.likely, apart.people) == ([5, 5], True, 2)
    assert apart.evidence[1] == "the two largest share 1 coauthor (x): too few to be one person's circle"
    circle = [facts("a4", ("x", "y"), ("t1",), ("cs",)), facts("b4", ("x", "y"), ("t2",), ("phys",))]
    together = analyse(left + right + circle)  # 2 shared of 6 coauthors a side: 33%
    assert ([len(k.works) for k in together.clusters], together.likely) == ([10], False)


def test_related_fields_with_separate_coauthors_are_one_person() -> None:
    """Two coauthor groups on different topics of one field: not flagged (topic distance 0)."""
    works = [facts(f"a{i}", ("p",), ("t1",), ("cs",)) for i in range(4)]
    works += [facts(f"b{i}", ("q",), ("t2",), ("cs",)) for i in range(4)]
    c = analyse(works)
    assert [len(k.works) for k in c.clusters] == [4, 4]
    assert (c.likely, c.people, c.topic_distance, c.score) == (False, 1, 0.0, 0.0)
    assert "likely one person" in c.evidence[1]


def test_the_verdict_does_not_depend_on_the_order_of_the_works() -> None:
    works = [facts(f"w{i}", (f"c{i % 3}",), (f"t{i % 2}",), (f"f{i % 2}",), 2000 + i) for i in range(12)]
    assert analyse(works) == analyse(list(reversed(works)))
