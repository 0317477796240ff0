"""`scholargraph similar WORK_ID` on an id that is not a work's, through the real CLI on each engine."""

from __future__ import annotations

from click.testing import CliRunner

from graphdb import Graph
from scholargraph.cli import cli


def run(graph: Graph, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, ["similar", *args, "--db", graph.url])
    return res.exit_code, res.stdout, res.stderr


def test_an_unknown_id_is_an_error_that_names_it(graph: Graph) -> None:
    """It printed nothing and exited 0."""
    graph.write("CREATE (:Work {id: 'W1', title: 'A'})-[:SIMILAR_TO {score: 0.9}]->(:Work {id: 'W2', title: 'B'}), "
                "(:Author {id: 'A1', display_name: 'Ada'})")
    assert run(graph, "W404") == (1, "", f"Error: no work with id 'W404' in the graph at {graph.url}\n")
    assert run(graph, "A1", "--json") == (
        1, "", f"Error: no work with id 'A1' in the graph at {graph.url} (it is the id of an author)\n")
    code, out, err = run(graph, "W1")
    assert (code, out, err) == (0, "0.900  W2                          B\n", "")


def test_a_work_without_neighbours_says_why(graph: Graph) -> None:
    graph.write("CREATE (:Work {id: 'W1', title: 'A'})")
    assert run(graph, "W1", "--json") == (
        0, "[]\n", "work W1 has no similar works yet: run `scholargraph embed` then `scholargraph link-similar` "
                   "(a work without a title is not embedded)\n")
