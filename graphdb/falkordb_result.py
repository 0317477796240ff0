"""FalkorDB's compact result set read straight into a Result, in one pass.

The falkordb client parses a reply into its own objects (its asyncio face with one coroutine
per value), which `plain` then walked again: on a page of works with their bylines and topics
that was half the API's time per request. Replies hold scalars, lists and maps almost always;
those are read here. A reply holding a node, an edge, a path or a temporal value needs the
client's cache of the graph's label and property names, so `decode` hands it back (None) to
the client's parser."""

from __future__ import annotations

from typing import Any

import redis

from graphdb.base import Result, Stats

# Value types of the compact format (FalkorDB's ResultSetScalarTypes)
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP, _POINT, _VECTORF32 = 1, 2, 3, 4, 5, 6, 10, 11, 12
_AS_IS = frozenset({_STRING, _INTEGER})  # the reply's value is the Python value

_STAT_NAMES = {
    "Nodes created": "nodes_created", "Nodes deleted": "nodes_deleted",
    "Relationships created": "relationships_created", "Relationships deleted": "relationships_deleted",
    "Properties set": "properties_set",
}


class _NeedsSchema(Exception):
    """A value only the client's parser can read (it knows the graph's names)."""


def _value(cell: list[Any]) -> Any:
    kind, v = cell
    # most frequent first: strings, integers, nulls, maps, lists. Both faces' connections decode
    # replies (decode_responses), so strings come as str, and integers come as int.
    if kind in _AS_IS:
        return v
    if kind == _NULL:
        return None
    if kind == _MAP:
        return _map(v)
    if kind == _ARRAY:
        return _list(v)
    if kind == _DOUBLE:
        return float(v)
    if kind == _BOOLEAN:
        return v == "true"
    if kind == _VECTORF32:
        return [float(x) for x in v]
    if kind == _POINT:
        return {"latitude": float(v[0]), "longitude": float(v[1])}
    raise _NeedsSchema


def _map(v: list[Any]) -> dict[str, Any]:
    # a map's strings, integers and nulls read here, without a call each: rows are maps of them
    out: dict[str, Any] = {}
    it = iter(v)
    for key, cell in zip(it, it, strict=True):
        kind = cell[0]
        if kind in _AS_IS:
            out[key] = cell[1]
        elif kind == _NULL:
            out[key] = None
        else:
            out[key] = _value(cell)
    return out


def _list(v: list[Any]) -> list[Any]:
    return [cell[1] if cell[0] in _AS_IS else _value(cell) for cell in v]


def _name(v: Any) -> str:
    return v.decode() if type(v) is bytes else str(v)


def stats_of(lines: list[Any]) -> Stats:
    """The statistics lines of a GRAPH.QUERY reply ("Nodes created: 3", ...)."""
    stats = Stats()
    for line in lines:
        text = line.decode() if isinstance(line, bytes) else str(line)
        label, _, value = text.partition(":")
        attr = _STAT_NAMES.get(label.strip())
        if attr:
            setattr(stats, attr, getattr(stats, attr) + int(float(value.split()[0])))
    return stats


def raise_error(reply: list[Any]) -> None:
    """A query refused or failed while it ran comes inside the reply, not as a raised error."""
    if reply and isinstance(reply[0], redis.ResponseError):
        raise reply[0]
    if reply and isinstance(reply[-1], redis.ResponseError):
        raise reply[-1]


def decode(reply: list[Any]) -> Result | None:
    """The Result of a GRAPH.QUERY / GRAPH.RO_QUERY --compact reply; None when a value in it is
    a node, an edge, a path or a temporal value (read those with the client's parser)."""
    raise_error(reply)
    if len(reply) == 1:  # a query that returns nothing: statistics only
        return Result([], [], stats_of(reply[0]))
    header, records, stats = reply[0], reply[1], reply[-1]
    columns = [_name(h[1] if isinstance(h, list | tuple) else h) for h in header]
    try:
        rows = [dict(zip(columns, [_value(c) for c in record], strict=True)) for record in records]
    except _NeedsSchema:
        return None
    return Result(columns, rows, stats_of(stats))
