"""Named Cypher queries: one file each under cypher/, with a header comment.

`cypher/NAME.cypher` runs on both engines. Where the dialects cannot meet (vector
search, full-text, shortest paths, schema), `NAME.falkordb.cypher` and
`NAME.neo4j.cypher` sit beside it (or replace it) and this module picks one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

ENGINES = ("falkordb", "neo4j")
_HEADER = re.compile(r"^//\s*(\w+):\s*(.*)$")


class UnknownQueryError(KeyError):
    def __str__(self) -> str:
        return f"no named query {self.args[0]!r} in cypher/ (see `scholargraph queries`)"


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    header: dict[str, str]

    @property
    def description(self) -> str:
        return self.header.get("returns", "")


def cypher_dir() -> Path:
    return Path(str(resources.files("cypher")))


def _parse(name: str, path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1).lower()] = match.group(2).strip()
    return NamedQuery(name, path, text, header)


@cache
def load_query(name: str, engine: str) -> NamedQuery:
    base = cypher_dir()
    for candidate in (base / f"{name}.{engine}.cypher", base / f"{name}.cypher"):
        if candidate.is_file():
            return _parse(name, candidate)
    raise UnknownQueryError(name)


def query_names() -> list[str]:
    """Every named query, variants folded into their base name."""
    names = set()
    for path in cypher_dir().rglob("*.cypher"):
        rel = path.relative_to(cypher_dir()).as_posix().removesuffix(".cypher")
        for engine in ENGINES:
            rel = rel.removesuffix(f".{engine}")
        names.add(rel)
    return sorted(names)
