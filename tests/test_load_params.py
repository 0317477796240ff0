"""The writer's own FalkorDB parameter encoding reads back as exactly what was sent.

FalkorDB only: graphdb.falkordb_params renders parameters as FalkorDB's `CYPHER name=value`
prefix (the Redis protocol has no parameter binding); Neo4j's driver sends parameters over
Bolt and has no such encoder to test."""

from __future__ import annotations

from typing import Any

import pytest

from graphdb import Graph
from graphdb.falkordb_params import falkordb_literal, falkordb_params

TRICKY_STRINGS = [
    "", "plain", 'double " quote', "single ' quote", "back\\slash", "ends with a backslash \\",
    '\\"', '\\\\"', "new\nline", "tab\there", "carriage\rreturn", "\b\f", "control \x01 \x1f chars",
    "del \x7f", "é ß 中文 😀 \u2028 \ufeff \u0085", "a literal \\u00e9", 'a key inside "title": text',
    '{"a": 1}', "`backticks`", "CYPHER x=1 RETURN 1", "$param", "// comment", "*/ /*", "' OR 1=1 --",
]

VALUES: list[Any] = [
    *TRICKY_STRINGS,
    None, True, False, 0, -1, 2**62, -(2**63), 0.1, -0.0, 1e-7, 1e16, 3.0, 12345.678,
    [], {}, [None, 1, "x"], [[1, 2], [3, [4, "5"]]],
    {"title": 'He said "hi"', "year": 2021, "order": 3, "position": "first", "primary": True, "type": "article"},
    [{"id": "W1", "props": {"title": "a", "abstract": "b\nc"}, "source": "openalex"},
     {"id": "W2", "props": {"doi": "10.1/x", "categories": ["cs.CV", "cs.LG"]}, "source": "arxiv"}],
    {"match": 1, "return": 2, "where": [{"with": None}], "_under": "x", "CamelCase": 1.5},
]


def read_back(graph: Graph, value: Any, keys: set[bytes] | None = None) -> Any:
    return graph.read(f"CYPHER v={falkordb_literal(value, keys)} RETURN $v AS v").value()


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:40] for v in VALUES])
def test_round_trip(falkor_graph: Graph, value: Any) -> None:
    assert read_back(falkor_graph, value) == value
    # As the falkordb client's own encoder sends it, for comparison.
    assert falkor_graph.read("RETURN $v AS v", {"v": value}).value() == value


@pytest.mark.parametrize("text", TRICKY_STRINGS)
def test_tricky_strings_as_map_values_and_keys_learnt(falkor_graph: Graph, text: str) -> None:
    keys: set[bytes] = set()
    first = [{"a": text, "b": [text]}]
    second = [{"a": text, "c": {"d": text}}]  # a key the first value did not have
    assert read_back(falkor_graph, first, keys) == first
    assert read_back(falkor_graph, second, keys) == second
    assert read_back(falkor_graph, first, keys) == first
    if not any(ord(c) < 0x20 for c in text):  # control characters take the client's encoder
        assert keys == {b"a", b"b", b"c", b"d"}


def test_params_prefix(falkor_graph: Graph) -> None:
    params = {"rows": [{"id": "W1", "n": 1}], "changed": [], "name": 'x"y'}
    got = falkor_graph.read(falkordb_params(params) + "RETURN $rows AS rows, $changed AS changed, $name AS name")
    assert got.rows == [params]
    assert falkordb_params({}) == ""


def test_what_json_cannot_say_goes_the_clients_way() -> None:
    from falkordb.helpers import stringify_param_value

    for value in (2**70, "ctrl \x01", {"k": "tab\t and bell \x07"}, ["\\", "\x02"]):
        assert falkordb_literal(value) == str(stringify_param_value(value))
