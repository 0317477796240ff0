"""The staged graph as the CSV files and headers `neo4j-admin database import full` reads.

One data file per label and relationship type, its header in a file beside it
(`--nodes=Work=Work.header.csv,Work.csv`), so that the header is written last, once every
value's type is known. Header types: string, long (a Python int: Neo4j stores the driver's
ints as 64-bit INTEGER), double (FLOAT is 64-bit; the import's `float` would be 32-bit),
boolean, and their arrays (string[], long[] ...). A value is written in Neo4j's CSV dialect:
strings always quoted (so "" is an empty string, and commas, quotes and newlines in titles
survive; `--multiline-fields=true`), an empty field for no property, arrays joined by
ARRAY_DELIMITER (U+001F, a control character no text field holds; one that does is refused).

A property that holds values of two types on different nodes of one label (an int here, a
float there) gets a second file of that label with its own header (a "part"), so every
value keeps the type the batched loader gives it. Node ids are the staged bulk ids
(StagingGraph.number_nodes): integers, one id space (`--id-type=integer`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from loaders.bulk.staging import BulkUnsupported, StagingGraph

ARRAY_DELIMITER = "\x1f"
# The import options the files are written for (besides --nodes and --relationships).
OPTIONS = ("--id-type=integer", "--array-delimiter=U+001F", "--multiline-fields=true")

_SCALARS: dict[type, str] = {str: "string", int: "long", float: "double", bool: "boolean"}


def kind(value: Any) -> str:
    """A value's type in the import header's terms."""
    name = _SCALARS.get(type(value))
    if name is not None:
        return name
    if type(value) is list:
        if not value:
            # an empty array field is read as no property at all: the graph would differ
            raise BulkUnsupported("neo4j-admin import cannot carry an empty list property: load without --bulk")
        kinds = {_SCALARS.get(type(v)) for v in value}
        if len(kinds) != 1 or None in kinds:
            raise BulkUnsupported(f"neo4j-admin import cannot carry the list {value[:5]!r}: load without --bulk")
        return f"{kinds.pop()}[]"
    raise BulkUnsupported(f"neo4j-admin import cannot carry a {type(value).__name__} property value")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _number(value: float) -> str:
    if math.isfinite(value):
        return repr(value)
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def cell(value: Any) -> str:
    """One value as a CSV field (the commonest types first: it runs for every value)."""
    t = type(value)
    if t is str:
        return _quoted(value)
    if t is int:
        return str(value)
    if t is bool:
        return "true" if value else "false"
    if t is float:
        return _number(value)
    # a list (kind() has checked its elements): the elements unquoted, the field quoted
    items = []
    for v in value:
        if type(v) is str:
            if ARRAY_DELIMITER in v:
                raise BulkUnsupported(f"neo4j-admin import cannot carry U+001F in a list value ({v[:60]!r}): "
                                      "load without --bulk")
            items.append(v)
        elif type(v) is bool:
            items.append("true" if v else "false")
        elif type(v) is float:
            items.append(_number(v))
        else:
            items.append(str(v))
    return _quoted(ARRAY_DELIMITER.join(items))


@dataclass
class _Part:
    """One data file of a label or type and the types its columns have had."""

    data: Path
    out: IO[str]
    types: dict[str, str] = field(default_factory=dict)

    def takes(self, kinds: dict[str, str]) -> bool:
        return all(self.types.get(k, v) == v for k, v in kinds.items())


@dataclass
class ImportFiles:
    """What write() wrote: the import tool's --nodes / --relationships arguments and counts."""

    args: list[str]
    nodes: int = 0
    edges: int = 0
    props: int = 0


def _write_group(folder: Path, name: str, columns: list[str], ids: str,
                 rows: Iterator[tuple[str, dict[str, Any]]], count: Callable[[int], None]) -> list[tuple[Path, Path]]:
    """Rows (their id fields, their properties) of one label or type into its part files;
    returns (header, data) per part."""
    for c in columns:
        if any(ch in c for ch in ':,"') or not c:
            raise BulkUnsupported(f"neo4j-admin import cannot carry the property name {c!r}: load without --bulk")
    parts: list[_Part] = []
    try:
        for head, props in rows:
            kinds = {k: kind(v) for k, v in props.items()}
            part = next((p for p in parts if p.takes(kinds)), None)
            if part is None:
                data = folder / f"{name}.{len(parts)}.csv"
                part = _Part(data, data.open("w", encoding="utf-8", newline=""))
                parts.append(part)
            part.types.update(kinds)
            part.out.write(head + "," + ",".join([cell(props[c]) if c in props else "" for c in columns]) + "\n"
                           if columns else head + "\n")
            count(len(props))
    finally:
        for p in parts:
            p.out.close()
    out = []
    for p in parts:
        header = p.data.with_suffix(".header.csv")
        # a column no row of this part has: any type reads its empty fields as no property
        header.write_text(",".join([ids, *(f"{c}:{p.types.get(c, 'string')}" for c in columns)]) + "\n",
                          encoding="utf-8")
        out.append((header, p.data))
    return out


def write(staging: StagingGraph, folder: Path, progress: Callable[[int], None] = lambda n: None) -> ImportFiles:
    """Every staged node and edge into CSV files in `folder`; `progress` gets each entity."""
    folder.mkdir(parents=True, exist_ok=True)
    staging.number_nodes()
    files = ImportFiles([])

    def counted(kind: str) -> Callable[[int], None]:
        def count(props: int) -> None:
            if kind == "node":
                files.nodes += 1
            else:
                files.edges += 1
            files.props += props
            progress(1)
        return count

    for label in staging.labels():
        columns = sorted(staging.node_props.get(label, ()))
        rows = ((str(bid), p) for bid, p in staging.nodes(label))
        for header, data in _write_group(folder, label, columns, ":ID", rows, counted("node")):
            files.args.append(f"--nodes={label}={header},{data}")
    for rel in staging.edge_types():
        columns = sorted(staging.edge_props.get(rel, ()))
        edges = ((f"{a},{b}", p) for a, b, p in staging.edges(rel, decode=bool(columns)))
        for header, data in _write_group(folder, rel, columns, ":START_ID,:END_ID", edges, counted("edge")):
            files.args.append(f"--relationships={rel}={header},{data}")
    return files
