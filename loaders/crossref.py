"""Crossref parser: REST API responses (`message.items[]` lists, a single `message` work) and
the public data file's JSON lines, plain or gzip -> WorkRecords.

A Crossref work is its DOI: the record's key is "doi:<doi>", and the writer matches it to the
node already holding that DOI (or its arXiv id, for arXiv's 10.48550 DOIs). Authors carry an
ORCID when Crossref has one; the others are name-only and resolved by the identity rules
(docs/graph-model.md). Affiliation strings become name-keyed institutions (a ROR when given).
The container (journal, proceedings, book) is the Source, keyed by its ISSN (print first) or
ISBN; references that carry a DOI become CITES; funders are Work properties (`funders`,
`funder_dois`), since the graph has no Funder node.

Streams through loaders/json_stream.py: one record in memory at a time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from loaders import ids
from loaders.json_stream import json_records
from loaders.records import (
    AuthorRecord,
    Authorship,
    FormatError,
    InstitutionRecord,
    Parsed,
    Position,
    SourceRecord,
    WorkRecord,
)
from loaders.source_files import BadRecord, nothing_found, sniff

__all__ = ["parse_crossref"]

# First keys of a REST API envelope (`{"status", "message-type", "message": …}`) and of a list
# message (`{"facets", "total-results", "items", …}`), and the data file's `{"items": [...]}`.
_WRAPPER_KEYS = frozenset({
    "status", "message-type", "message-version", "message", "facets", "total-results", "items",
    "items-per-page", "query", "next-cursor",
})
_EXPECTED = "expected a Crossref REST API response or Crossref JSON lines"

# Crossref work types -> the graph's work types (those of OpenAlex, where one matches).
_WORK_TYPES = {
    "journal-article": "article", "proceedings-article": "article", "posted-content": "preprint",
    "book-chapter": "book-chapter", "book-section": "book-chapter", "book-part": "book-chapter",
    "book": "book", "monograph": "book", "edited-book": "book", "reference-book": "book",
    "dataset": "dataset", "dissertation": "dissertation", "report": "report",
    "peer-review": "peer-review", "reference-entry": "reference-entry", "standard": "standard",
}
# Crossref work types -> the type of their container.
_SOURCE_TYPES = {
    "journal-article": "journal", "proceedings-article": "conference", "posted-content": "repository",
    "book-chapter": "book", "book-section": "book", "book-part": "book", "reference-entry": "book",
}
_ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_JATS_TITLE = re.compile(r"^\s*<jats:title>[^<]*</jats:title>", re.IGNORECASE)


def parse_crossref(path: str | Path) -> Iterator[Parsed]:
    """One Parsed per Crossref work, lazily. A file that is not Crossref JSON raises FormatError
    at the call, before any record is read."""
    p = Path(path)
    head, damage = sniff(p)
    head = head.lstrip()
    if not head:
        raise FormatError(f"{p}: not a Crossref file ({_EXPECTED}); found " + nothing_found(damage))
    if head[:1] not in (b"{", b"[") or (b'"DOI"' not in head and b'"message-type"' not in head):
        raise FormatError(f"{p}: not a Crossref file ({_EXPECTED}); found {head[:60]!r}")
    return json_records(p, _WRAPPER_KEYS, ("items",), lambda obj: [work(obj)])


def work(obj: Any) -> WorkRecord:
    """The WorkRecord of one Crossref work object."""
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a Crossref work object, found {type(obj).__name__}")
    doi = ids.doi(obj.get("DOI"))
    if doi is None:
        found = "none" if obj.get("DOI") is None else repr(obj.get("DOI"))[:80]
        raise BadRecord(f"no valid DOI (found {found}): a Crossref work is identified by its DOI")
    kind = _str(obj.get("type"))
    year, date = _date(obj)
    return WorkRecord(
        key=f"doi:{doi}",
        title=_first_text(obj.get("title")),
        source_name="crossref",
        abstract=_abstract(obj.get("abstract")),
        publication_date=date,
        year=year,
        type=_WORK_TYPES.get(kind or "", kind),
        doi=doi,
        arxiv_id=ids.arxiv_id(doi) if doi.startswith("10.48550/arxiv.") else None,  # arXiv's own DOIs
        language=_str(obj.get("language")),
        cited_by_count=_count(obj.get("is-referenced-by-count"), "is-referenced-by-count"),
        source=_source(obj, kind),
        authorships=_authorships(obj.get("author")),
        cites=_cites(obj.get("reference")),
        funders=_unique(_str(f.get("name")) for f in _dicts(obj.get("funder"))),
        funder_dois=_unique(ids.doi(f.get("DOI")) for f in _dicts(obj.get("funder"))),
    )


def _str(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    v = _SPACE.sub(" ", v).strip()
    return v or None


def _dicts(v: Any) -> list[dict[str, Any]]:
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _markup_free(v: Any) -> str | None:
    """Titles and abstracts carry JATS/HTML markup (<i>, <jats:p>) and entities."""
    if not isinstance(v, str):
        return None
    return _str(html.unescape(_TAG.sub(" ", v)).replace(" ,", ",").replace(" .", "."))


def _first_text(v: Any) -> str | None:
    values = v if isinstance(v, list) else [v]
    return next((t for t in map(_markup_free, values) if t), None)


def _abstract(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    return _markup_free(_JATS_TITLE.sub("", v))  # the leading "Abstract" heading is not the abstract


def _count(v: Any, name: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise BadRecord(f"{name}: expected a whole number, found {v!r}"[:200])
    return v


def _date(obj: dict[str, Any]) -> tuple[int | None, str | None]:
    """Year and ISO date of the earliest publication Crossref knows (`published` is that, when
    present); a date with no day gives the year only."""
    for key in ("published", "issued", "published-online", "published-print", "posted"):
        parts = obj.get(key, {}).get("date-parts") if isinstance(obj.get(key), dict) else None
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
            continue
        ymd = parts[0]
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in ymd):
            continue
        year = ymd[0]
        if len(ymd) >= 3 and 1 <= ymd[1] <= 12 and 1 <= ymd[2] <= 31:
            return year, f"{year:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
        return year, None
    return None, None


def _issn(v: Any) -> str | None:
    m = _ISSN.match(v.strip().upper()) if isinstance(v, str) else None
    return f"{m.group(1)}-{m.group(2)}" if m else None


def _source(obj: dict[str, Any], kind: str | None) -> SourceRecord | None:
    """The container, keyed by ISSN (print before electronic) or ISBN; a container with neither
    gets no Source node: a bare name does not identify a journal."""
    name = _first_text(obj.get("container-title")) or _first_text(obj.get("short-container-title"))
    if name is None:
        return None
    typed = {t.get("type"): _issn(t.get("value")) for t in _dicts(obj.get("issn-type"))}
    listed = [i for i in map(_issn, obj.get("ISSN") or []) if i] if isinstance(obj.get("ISSN"), list) else []
    issn = typed.get("print") or typed.get("electronic") or (listed[0] if listed else None)
    if issn:
        key = f"issn:{issn}"
    else:
        isbns = [re.sub(r"[^0-9X]", "", i.upper()) for i in obj.get("ISBN") or [] if isinstance(i, str)]
        isbns = [i for i in isbns if len(i) in (10, 13)]
        if not isbns:
            return None
        key = f"isbn:{isbns[0]}"
    issns = list(dict.fromkeys(i for i in (typed.get("print"), typed.get("electronic"), *listed) if i))
    return SourceRecord(id=key, name=name, type=_SOURCE_TYPES.get(kind or ""), publisher=_str(obj.get("publisher")),
                        issns=issns)


def _authorships(authors: Any) -> list[Authorship]:
    people = [(a, n) for a in _dicts(authors) if (n := _name(a))]
    out = []
    for order, (a, name) in enumerate(people):
        position: Position = "first" if order == 0 else "last" if order == len(people) - 1 else "middle"
        out.append(Authorship(
            author=AuthorRecord(display_name=name, orcid=ids.orcid(a.get("ORCID"))),
            order=order,
            position=position,
            institutions=_affiliations(a.get("affiliation")),
        ))
    return out


def _name(a: dict[str, Any]) -> str | None:
    """"Given Family", or an organisation's `name` (consortia are listed as authors)."""
    given, family = _str(a.get("given")), _str(a.get("family"))
    if family:
        return f"{given} {family}" if given else family
    return _str(a.get("name")) or given


def _affiliations(v: Any) -> list[InstitutionRecord]:
    out: dict[str, InstitutionRecord] = {}
    for aff in _dicts(v):
        name = _str(aff.get("name"))
        ror = next((ids.ror(i.get("id")) for i in _dicts(aff.get("id"))
                    if str(i.get("id-type", "")).upper() == "ROR"), None)
        if name or ror:
            key = ids.institution_id(None, ror, name)
            out.setdefault(key, InstitutionRecord(id=key, name=name or f"ROR {ror}", ror=ror))
    return list(out.values())


def _cites(refs: Any) -> list[str]:
    return _unique(f"doi:{d}" for d in (ids.doi(r.get("DOI")) for r in _dicts(refs)) if d)
