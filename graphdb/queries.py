"""Named Cypher queries: one file each under cypher/, with a header comment.

`cypher/NAME.cypher` runs on both engines. Where the dialects cannot meet (vector
search, full-text, shortest paths, schema), `NAME.falkordb.cypher` and
`NAME.neo4j.cypher` sit beside it (or replace it) and this module picks one.

CALL subqueries are written in the form FalkorDB 4.16 runs, `CALL { WITH a, b ... }`
(it rejects a scope clause, `CALL (a, b) { ... }`, as a syntax error), and `load_query`
renders them for Neo4j, which deprecates the importing WITH since 5.23, as
`CALL (a, b) { ... }` (`CALL () { ... }` when the subquery imports nothing): the
importing WITH is the subquery's first clause and must be plain variable names
followed by the next clause, else loading the query raises DialectError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

ENGINES = ("falkordb", "neo4j")
_HEADER = re.compile(r"^//\s*(\w+):\s*(.*)$")


class UnknownQueryError(KeyError):
    def __str__(self) -> str:
        return f"no named query {self.args[0]!r} in cypher/ (see `scholargraph queries`)"


class DialectError(ValueError):
    """A query's text cannot be rendered safely in an engine's dialect."""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    path: Path
    text: str  # what the engine runs: the file's text, rendered in its dialect
    header: dict[str, str]

    @property
    def description(self) -> str:
        return self.header.get("returns", "")


def cypher_dir() -> Path:
    return Path(str(resources.files("cypher")))


# ---------------------------------------------------------------------------
# Neo4j's CALL subquery scope clause
# ---------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str  # space, comment, string, param, number, name (a word or a `quoted` name), punct
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def word(self) -> str:
        """The keyword this token could be (upper case), or "" for anything but a bare word."""
        return self.text.upper() if self.kind == "name" and not self.text.startswith("`") else ""


_TOKENS = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    | (?P<param>\$(?:\w+|`(?:[^`]|``)*`))
    | (?P<number>\d\w*(?:\.\d\w*)?)
    | (?P<name>\w+|`(?:[^`]|``)*`)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SKIPPED = frozenset({"space", "comment"})
# A `CALL` word after one of these is a label, type, variable, property or parameter name
# (`(n:CALL {id: 1})`, `(call {id: 1})`), not the CALL clause.
_NOT_A_CLAUSE_AFTER = frozenset({"(", "[", ":", ".", "|", "&", "!", "%", "IS"})
# The clauses that can follow an importing WITH; anything else (AS, WHERE, ORDER BY, SKIP,
# LIMIT, an expression) makes the WITH more than an import.
_CLAUSES = frozenset(
    {
        "CALL", "CREATE", "DELETE", "DETACH", "FINISH", "FOREACH", "LOAD", "MATCH", "MERGE",
        "NODETACH", "OPTIONAL", "REMOVE", "RETURN", "SET", "UNWIND", "USE", "WITH",
    }
)  # fmt: skip


class _Edit(NamedTuple):
    start: int
    end: int
    replacement: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.lastgroup or "punct", m.group(), m.start()) for m in _TOKENS.finditer(text)]


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"line {line}, column {column}"


def _blank(text: str) -> bool:
    return text.strip(" \t\r") == ""


def _scope(text: str, brace: _Token, names: list[str]) -> str:
    """The scope clause to insert before `brace`: `(a, b) `, with a blank before it if `CALL{`."""
    gap = "" if brace.start and text[brace.start - 1].isspace() else " "
    return f"{gap}({', '.join(names)}) "


def _scope_edits(text: str, sig: list[_Token], comments: list[_Token], call: int, close: int) -> list[_Edit]:
    """The edits that give the subquery `sig[call]` `{` ... `sig[close]` its scope clause."""

    def refuse(reason: str, at: _Token) -> DialectError:
        return DialectError(
            f"{_where(text, sig[call].start)}: cannot render `CALL {{ ... }}` as Neo4j's `CALL (a, b) {{ ... }}`: "
            f"{reason} ({_where(text, at.start)}); an importing WITH must be the subquery's first clause, "
            "only variable names (`WITH a, b`), followed by the next clause"
        )

    depth = 0
    for tok in sig[call + 2 : close]:
        depth += {"{": 1, "}": -1}.get(tok.text, 0)
        if depth == 0 and tok.word() == "UNION":
            raise refuse("UNION in the subquery, each branch importing for itself", tok)

    brace, first = sig[call + 1], sig[call + 2]
    if first.word() != "WITH":
        return [_Edit(brace.start, brace.start, _scope(text, brace, []))]
    names: list[str] = []
    j = call + 3
    while True:
        item = sig[j]
        if j >= close or item.kind != "name" or item.word() == "DISTINCT":
            raise refuse(f"`{item.text}` in the leading WITH is not a variable name", item)
        names.append(item.text)
        if sig[j + 1].text != ",":
            break
        j += 2
    after = sig[j + 1]
    if j + 1 >= close or after.word() not in _CLAUSES:
        raise refuse(f"the leading WITH goes on with `{after.text}`", after)
    start, end = first.start, sig[j].end
    for comment in comments:
        if start <= comment.start < end:
            raise refuse("a comment inside the leading WITH would be lost", comment)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if _blank(text[end:line_end]):
        # Nothing after the WITH on its line: drop it and the blanks around it, keep the newline.
        end = line_end
        start = line_start if _blank(text[line_start:start]) else len(text[:start].rstrip(" \t"))
    else:
        end += len(text[end:line_end]) - len(text[end:line_end].lstrip(" \t"))
    return [_Edit(brace.start, brace.start, _scope(text, brace, names)), _Edit(start, end, "")]


def to_neo4j(text: str) -> str:
    """Cypher written for both engines, with each `CALL { ... }` given Neo4j's scope clause.

    `CALL {` whose first clause is an importing `WITH a, b` becomes `CALL (a, b) {` without
    that WITH; any other `CALL {` becomes `CALL () {`; nested subqueries too. Every line
    stays where it was (an import alone on its line leaves the line empty), so Neo4j's line
    numbers are the file's. Comments are kept. Raises DialectError, naming the line, for a
    leading WITH that is not a plain import (`WITH a AS b`, `WITH *`, `WITH DISTINCT a`,
    WHERE, ORDER BY, SKIP, LIMIT, an expression, a comment inside it) and for UNION in a
    subquery, where each branch imports for itself.
    """
    tokens = _tokens(text)
    sig = [t for t in tokens if t.kind not in _SKIPPED]
    comments = [t for t in tokens if t.kind == "comment"]
    closing: dict[int, int] = {}
    opened: list[int] = []
    for i, tok in enumerate(sig):
        if tok.text == "{":
            opened.append(i)
        elif tok.text == "}" and opened:
            closing[opened.pop()] = i

    edits: list[_Edit] = []
    for i, tok in enumerate(sig[:-1]):
        if tok.word() != "CALL" or sig[i + 1].text != "{":
            continue
        before = sig[i - 1] if i else None
        if before and (before.text in _NOT_A_CLAUSE_AFTER or before.word() in _NOT_A_CLAUSE_AFTER):
            continue
        close = closing.get(i + 1)
        if close is None:
            raise DialectError(f"{_where(text, tok.start)}: the `{{` of `CALL {{` is never closed")
        edits += _scope_edits(text, sig, comments, i, close)

    for edit in sorted(edits, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def render(text: str, engine: str) -> str:
    """A named query's text as `engine` runs it."""
    return to_neo4j(text) if engine == "neo4j" else text


def _parse(name: str, path: Path, engine: str) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1).lower()] = match.group(2).strip()
    try:
        rendered = render(text, engine)
    except DialectError as exc:
        raise DialectError(f"{path.relative_to(cypher_dir()).as_posix()} for {engine}: {exc}") from None
    return NamedQuery(name, path, rendered, header)


@cache
def load_query(name: str, engine: str) -> NamedQuery:
    base = cypher_dir()
    for candidate in (base / f"{name}.{engine}.cypher", base / f"{name}.cypher"):
        if candidate.is_file():
            return _parse(name, candidate, engine)
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


# A header field goes on over the `//` lines indented under it ("//          missing"); a
# NamedQuery's header keeps each field's first line, which is all the engines need, and
# header_fields reads the whole of each for people (`scholargraph queries`).
_FIELD = re.compile(r"^//\s?(name|params|returns):\s*(.*)$")
_GOES_ON = re.compile(r"^//\s{2,}(\S.*)$")


def header_fields(query: NamedQuery) -> dict[str, str]:
    """The name, params and returns fields of a named query's header, each whole."""
    fields: dict[str, str] = {}
    current = None
    for line in query.path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("//"):
            break
        if match := _FIELD.match(line):
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif (match := _GOES_ON.match(line)) and current:
            fields[current] += " " + match.group(1).strip()
        else:
            current = None
    return fields


def declared_params(query: NamedQuery) -> list[str]:
    """The parameters a named query's header declares ($name), in their order."""
    return list(dict.fromkeys(re.findall(r"\$(\w+)", header_fields(query).get("params", ""))))
