"""FalkorDB query parameters, encoded fast.

FalkorDB takes parameters as a `CYPHER name=value …` prefix of the query text. The
falkordb client builds it with a recursive pure-Python function that was a fifth of a
load's time; JSON written by orjson is the same literal syntax except for two things,
handled here: map keys are identifiers, not strings (keys that are plain identifiers are
written `key`), and FalkorDB reads no \\uXXXX escapes (orjson writes those only for
control characters; such a value takes the client's path, which sends them raw). Checked
against the client by tests/test_load_params.py.

numpy arrays are written as lists, a float32 array in the shortest digits that read back as
the same float32 (about 10 characters a number against 19 for the same values as Python
floats): a vector's text, which FalkorDB parses, is 42% shorter, and it parses in half the time.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

_JSON_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]*)":')
_JSON_U_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u")  # \u after an even run of backslashes


def falkordb_literal(value: Any, keys: set[bytes] | None = None) -> str:
    """`value` as a FalkorDB Cypher literal that reads back as exactly `value`.

    `keys`: map keys expected in `value` (learnt from earlier values of the same query:
    the keys found are added to it). They are replaced without a search; the search
    runs only when a key is left (a real key's closing quote is the only `":` that
    no backslash precedes)."""
    try:
        out = orjson.dumps(value, option=orjson.OPT_SERIALIZE_NUMPY)
    except TypeError:  # not JSON (or an int beyond 64 bits): the client's encoder
        return _client_literal(value)
    if b"\\u" in out and _JSON_U_ESCAPE.search(out):
        return _client_literal(value)
    for key in tuple(keys or ()):  # a snapshot: other threads may add keys (the API shares a graph)
        out = out.replace(b'"' + key + b'":', b"`" + key + b"`:")
    if out.count(b'":') == out.count(b'\\":'):  # no key left (a list of lists has none at all)
        return out.decode()
    found = set(_JSON_KEY.findall(out))
    for key in found:
        out = out.replace(b'"' + key + b'":', b"`" + key + b"`:")
    if keys is not None:
        keys |= found
    return out.decode()


def _client_literal(value: Any) -> str:
    from falkordb.helpers import stringify_param_value

    return str(stringify_param_value(value))


def falkordb_params(params: dict[str, Any], keys: dict[str, set[bytes]] | None = None) -> str:
    """The `CYPHER …` prefix that binds `params` (empty when there are none); `keys`
    (parameter name -> map keys) lets the encoder learn each parameter's keys."""
    if not params:
        return ""
    if keys is None:
        return "CYPHER " + " ".join(f"{k}={falkordb_literal(v)}" for k, v in params.items()) + " "
    return "CYPHER " + " ".join(f"{k}={falkordb_literal(v, keys.setdefault(k, set()))}"
                                for k, v in params.items()) + " "
