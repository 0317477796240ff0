from __future__ import annotations

import json
import re
import time

import pytest
from click.testing import CliRunner

from graphdb import Graph
from scholargraph.cli import cli
from scholargraph.output import parse_param
from tests.support.engines import ENGINES, free_port


def run(graph_url: str, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, [*args, "--db", graph_url])
    return res.exit_code, res.stdout, res.stderr


def test_write_without_flag_is_refused_and_changes_nothing(graph: Graph) -> None:
    graph.write("CREATE (:Work {id: 'W1'})")
    code, out, err = run(graph.url, "cypher", "CREATE (:Work {id: 'W2'})")
    assert code == 1
    assert err == "Error: refused: this query writes to the graph; run it with --write to allow writes\n"
    assert graph.read("MATCH (w:Work) RETURN count(w) AS n").value() == 1


def test_typed_params_and_formats(graph: Graph) -> None:
    graph.write("UNWIND range(1, 3) AS i CREATE (:Work {id: 'W' + toString(i), year: 2000 + i})")
    query = "MATCH (w:Work) WHERE w.year >= $y AND w.id IN $ids RETURN w.id AS id, w.year AS year ORDER BY id"
    code, out, _ = run(graph.url, "cypher", query, "-p", "y=2002", "-p", 'ids=["W1","W2","W3"]', "--json")
    assert code == 0
    assert json.loads(out) == [{"id": "W2", "year": 2002}, {"id": "W3", "year": 2003}]
    code, out, _ = run(graph.url, "cypher", query, "-p", "y=2003", "-p", 'ids=["W3"]', "--csv")
    assert out == "id,year\nW3,2003\n"
    code, out, _ = run(graph.url, "cypher", query, "-p", "y=2002", "-p", 'ids=["W2","W3"]')
    assert out == "id  year\n--  ----\nW2  2002\nW3  2003\n(2 rows)\n"


def test_file_query(graph: Graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    q = tmp_path / "q.cypher"
    q.write_text("RETURN $name AS name, $flag AS flag")
    code, out, _ = run(graph.url, "cypher", "-f", str(q), "-p", "name=Ada", "-p", "flag=true", "--json")
    assert json.loads(out) == [{"name": "Ada", "flag": True}]


def test_syntax_error_prints_engine_message_and_fails(graph: Graph) -> None:
    code, _, err = run(graph.url, "cypher", "MATCH (n RETURN n")
    assert code == 1
    # Each engine's own parser words it (FalkorDB points at a character, Neo4j at a token).
    expected = {"falkordb": "Error: Invalid input 'R': expected a label",
                "neo4j": "Error: Invalid input 'RETURN': expected a graph pattern"}[graph.engine]
    assert err.startswith(expected), err


def test_parse_param_types() -> None:
    assert parse_param("n=12") == ("n", 12)
    assert parse_param("x=1.5") == ("x", 1.5)
    assert parse_param("b=false") == ("b", False)
    assert parse_param("m={\"a\": [1]}") == ("m", {"a": [1]})
    assert parse_param("s=hello world") == ("s", "hello world")
    assert parse_param('s="42"') == ("s", "42")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_server_that_does_not_answer_is_one_clear_line(engine: str) -> None:
    port = free_port()  # nothing listens there
    if engine == "falkordb":
        url, line = f"falkordb://127.0.0.1:{port}/g", f"Error: FalkorDB at 127.0.0.1:{port}/g is not answering: "
    else:
        url, line = f"bolt://127.0.0.1:{port}", f"Error: Neo4j at bolt://127.0.0.1:{port} is not answering: "
    start = time.monotonic()
    code, _, err = run(url, "cypher", "RETURN 1")
    took = time.monotonic() - start
    assert code == 1
    assert err.startswith(line), err
    assert "Traceback" not in err
    assert took < 10, f"{took:.1f} s to say so"
    assert len(err.splitlines()) == 1, err


def test_every_named_query_declares_the_parameters_it_uses() -> None:
    """`queries NAME` names missing parameters from the header: it must list exactly those the text uses."""
    from graphdb.queries import ENGINES as QUERY_ENGINES
    from graphdb.queries import declared_params, load_query, query_names

    for name in query_names():
        for engine in QUERY_ENGINES:
            query = load_query(name, engine)
            used = set(re.findall(r"\$(\w+)", re.sub(r"//[^\n]*|'(?:[^'\\]|\\.)*'", "", query.text)))
            assert set(declared_params(query)) == used, (name, engine)


def test_a_named_query_without_its_parameters_says_which(graph: Graph) -> None:
    """The engine's own message ("Missing parameters" / "Expected parameter(s): k") named
    neither the query's parameters nor how to pass them."""
    code, out, err = run(graph.url, "queries", "similar/similar_works", "-p", "id=W1")
    assert (code, out) == (1, "")
    assert err == ("Error: similar/similar_works needs the parameter k: pass each with -p KEY=VALUE (the value is "
                   "read as JSON when it parses), e.g. scholargraph queries similar/similar_works -p k=VALUE\n"
                   "its parameters: $id (work id), $k\n")
    code, _, err = run(graph.url, "queries", "api/author_profile")
    assert code == 1
    assert err.startswith("Error: api/author_profile needs the parameters ids, topics: pass each with -p KEY=VALUE")
    code, _, err = run(graph.url, "queries", "no/such_query")
    assert (code, err) == (1, "Error: no named query 'no/such_query' in cypher/ (see `scholargraph queries`)\n")


def test_queries_runs_a_write_query_only_with_write(graph: Graph) -> None:
    """The refusal says "run it with --write", which `queries` did not have."""
    graph.write("CREATE (:Work {id: 'W1', novelty: 0.5})")
    rows = '[{"id": "W1", "novelty": 0.25}]'
    code, _, err = run(graph.url, "queries", "similar/set_novelty", "-p", f"rows={rows}")
    assert (code, err) == (1, "Error: refused: this query writes to the graph; run it with --write to allow writes\n")
    assert graph.read("MATCH (w:Work {id: 'W1'}) RETURN w.novelty").value() == 0.5
    code, out, err = run(graph.url, "queries", "similar/set_novelty", "-p", f"rows={rows}", "--write", "--json")
    assert (code, json.loads(out)) == (0, [{"rows": 1}]), err
    assert err == "nodes created 0, deleted 0; relationships created 0, deleted 0; properties set 1\n"
    assert graph.read("MATCH (w:Work {id: 'W1'}) RETURN w.novelty").value() == 0.25


def test_the_listing_gives_whole_descriptions() -> None:
    """It cut each header at its first line ("... no row when user or author is")."""
    res = CliRunner().invoke(cli, ["queries"])
    assert res.exit_code == 0
    listing = res.stdout
    assert ("accounts/unfollow\n"
            "    params: $user (User id), $author (Author id)\n"
            "    returns: author, followers: the author's follower count after the unfollow; no row when user or\n"
            "      author is missing\n") in listing
    assert "similar/similar_works\n    params: $id (work id), $k\n" in listing
