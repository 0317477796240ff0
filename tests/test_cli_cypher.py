from __future__ import annotations

import json

from click.testing import CliRunner

from graphdb import Graph
from scholargraph.cli import cli
from scholargraph.output import parse_param


def run(graph_url: str, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, [*args, "--db", graph_url])
    return res.exit_code, res.stdout, res.stderr


def url_of(graph: Graph) -> str:
    return "falkordb://" + graph.address  # type: ignore[attr-defined]


def test_write_without_flag_is_refused_and_changes_nothing(falkor_graph: Graph) -> None:
    falkor_graph.write("CREATE (:Work {id: 'W1'})")
    code, out, err = run(url_of(falkor_graph), "cypher", "CREATE (:Work {id: 'W2'})")
    assert code == 1
    assert err == "Error: refused: this query writes to the graph; run it with --write to allow writes\n"
    assert falkor_graph.read("MATCH (w:Work) RETURN count(w) AS n").value() == 1


def test_typed_params_and_formats(falkor_graph: Graph) -> None:
    falkor_graph.write("UNWIND range(1, 3) AS i CREATE (:Work {id: 'W' + toString(i), year: 2000 + i})")
    query = "MATCH (w:Work) WHERE w.year >= $y AND w.id IN $ids RETURN w.id AS id, w.year AS year ORDER BY id"
    code, out, _ = run(url_of(falkor_graph), "cypher", query, "-p", "y=2002", "-p", 'ids=["W1","W2","W3"]', "--json")
    assert code == 0
    assert json.loads(out) == [{"id": "W2", "year": 2002}, {"id": "W3", "year": 2003}]
    code, out, _ = run(url_of(falkor_graph), "cypher", query, "-p", "y=2003", "-p", 'ids=["W3"]', "--csv")
    assert out == "id,year\nW3,2003\n"
    code, out, _ = run(url_of(falkor_graph), "cypher", query, "-p", "y=2002", "-p", 'ids=["W2","W3"]')
    assert out == "id  year\n--  ----\nW2  2002\nW3  2003\n(2 rows)\n"


def test_file_query(falkor_graph: Graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    q = tmp_path / "q.cypher"
    q.write_text("RETURN $name AS name, $flag AS flag")
    code, out, _ = run(url_of(falkor_graph), "cypher", "-f", str(q), "-p", "name=Ada", "-p", "flag=true", "--json")
    assert json.loads(out) == [{"name": "Ada", "flag": True}]


def test_syntax_error_prints_engine_message_and_fails(falkor_graph: Graph) -> None:
    code, _, err = run(url_of(falkor_graph), "cypher", "MATCH (n RETURN n")
    assert code == 1
    assert err.startswith("Error: Invalid input 'R': expected a label")


def test_parse_param_types() -> None:
    assert parse_param("n=12") == ("n", 12)
    assert parse_param("x=1.5") == ("x", 1.5)
    assert parse_param("b=false") == ("b", False)
    assert parse_param("m={\"a\": [1]}") == ("m", {"a": [1]})
    assert parse_param("s=hello world") == ("s", "hello world")
    assert parse_param('s="42"') == ("s", "42")


def test_a_server_that_does_not_answer_is_one_clear_line() -> None:
    from tests.conftest import free_port

    port = free_port()  # nothing listens there
    code, _, err = run(f"falkordb://127.0.0.1:{port}/g", "cypher", "RETURN 1")
    assert code == 1
    assert err.startswith(f"Error: FalkorDB at 127.0.0.1:{port}/g is not answering: Error 111 connecting")
    assert "Traceback" not in err
