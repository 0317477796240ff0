"""Semantic Scholar Graph API parser: paper and author objects, search and batch responses
(`{"total", "data": [...]}`, a bare array with nulls for ids not found), citation and
reference objects (`{"citingPaper": …}` / `{"citedPaper": …}`), as one JSON document or JSON
lines, plain or gzip -> WorkRecords (and AuthorRecords for authors with an ORCID).

Identity follows the graph's rules: a paper is matched by DOI or arXiv id (its key, for a
paper new to the graph, is "s2:<paperId>"). Authors are name-only unless S2 gives an ORCID:
S2's author ids are not an identity key of the graph, so they never merge two name records.

A paper object's `references` and `citations` that carry a title are loaded as works of their
own, with CITES edges both ways; ones without a title become stubs. A bare citation/reference
object (the /citations and /references endpoints) does not name the paper it belongs to, so it
is loaded as a work without an edge.
"""

from __future__ import annotations

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
    Parsed,
    Position,
    Record,
    SourceRecord,
    WorkRecord,
)
from loaders.source_files import BadRecord, nothing_found, sniff

__all__ = ["parse_semanticscholar"]

_WRAPPER_KEYS = frozenset({"total", "offset", "next", "token", "data"})
_EXPECTED = "expected Semantic Scholar Graph API JSON (papers, authors, search or batch responses)"
_ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE = re.compile(r"\s+")
# S2 publication types -> the graph's work types (OpenAlex's, where one matches).
_TYPES = {
    "Review": "review", "MetaAnalysis": "review", "JournalArticle": "article", "Conference": "article",
    "CaseReport": "article", "ClinicalTrial": "article", "Study": "article", "Book": "book",
    "BookSection": "book-chapter", "Dataset": "dataset", "Editorial": "editorial",
    "LettersAndComments": "letter", "News": "other",
}


def parse_semanticscholar(path: str | Path) -> Iterator[Parsed]:
    """One Parsed per work or author, lazily; FormatError at the call for a file that is not
    Semantic Scholar JSON."""
    p = Path(path)
    head, damage = sniff(p)
    head = head.lstrip()
    if not head:
        raise FormatError(f"{p}: not a Semantic Scholar file ({_EXPECTED}); found " + nothing_found(damage))
    if head[:1] not in (b"{", b"[") or not any(k in head for k in (b'"paperId"', b'"authorId"', b'"total"')):
        raise FormatError(f"{p}: not a Semantic Scholar file ({_EXPECTED}); found {head[:60]!r}")
    return json_records(p, _WRAPPER_KEYS, ("data",), item)


def item(obj: Any) -> list[Record]:
    """The records of one top-level object."""
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a paper or author object, found {type(obj).__name__}")
    for key in ("citingPaper", "citedPaper"):
        if isinstance(obj.get(key), dict):
            nested = obj[key]
            return [work(nested)] if _str(nested.get("title")) else []
    if "paperId" in obj:
        return _paper_with_links(obj)
    if "authorId" in obj:
        return _author(obj)
    raise BadRecord("neither a paper (paperId) nor an author (authorId) object")


def _paper_with_links(obj: dict[str, Any]) -> list[Record]:
    main = work(obj)
    out: list[Record] = [main]
    for ref in _dicts(obj.get("references")):
        if _str(ref.get("paperId")) is None:
            continue
        main.cites.append(ref_key(ref))
        if _str(ref.get("title")):
            out.append(work(ref))
    me = ref_key(obj)
    for citing in _dicts(obj.get("citations")):
        if _str(citing.get("paperId")) is None:
            continue
        w = work(citing)
        w.cites.append(me)
        if w.title is None:  # an untitled record would pass for a loaded work: neither it nor its edge
            continue
        out.append(w)
    main.cites = list(dict.fromkeys(main.cites))
    return out


def _author(obj: dict[str, Any]) -> list[Record]:
    name = _str(obj.get("name"))
    orcid = ids.orcid((obj.get("externalIds") or {}).get("ORCID")) if isinstance(obj.get("externalIds"), dict) else None
    papers = _dicts(obj.get("papers"))
    me = _str(obj.get("authorId"))
    if not orcid and not me and not papers:
        raise BadRecord("an author with neither an ORCID, an authorId nor papers: nothing the graph identifies a "
                   "person by")
    out: list[Record] = []
    if (orcid or me) and name:
        # No graph id: the writer finds the author holding the ORCID, else the authorId
        # (loaders/resolve.py PERSON_KEYS), so an OpenAlex author with the ORCID is this one.
        out.append(AuthorRecord(display_name=name, orcid=orcid, s2_id=me,
                                works_count=_count(obj.get("paperCount"), "paperCount"),
                                cited_by_count=_count(obj.get("citationCount"), "citationCount")))
    for paper in papers:
        w = work(paper)
        if not w.authorships and name:  # the author's own list says who: at least this author
            w.authorships = [Authorship(AuthorRecord(display_name=name, orcid=orcid, s2_id=me), 0, "first")]
        elif orcid:
            for a, raw in zip(w.authorships, _named(paper.get("authors")), strict=True):
                if _str(raw.get("authorId")) == me:
                    a.author.orcid = orcid
        out.append(w)
    return out


def ref_key(paper: dict[str, Any]) -> str:
    """How a citation names a paper: its DOI, else arXiv id, else S2 id (its record's key)."""
    ext = _dict(paper.get("externalIds"))
    doi = ids.doi(ext.get("DOI"))
    if doi:
        return f"doi:{doi}"
    arxiv = ids.arxiv_id(ext.get("ArXiv"))
    if arxiv:
        return f"arxiv:{arxiv}"
    return f"s2:{_str(paper.get('paperId'))}"


def work(p: dict[str, Any]) -> WorkRecord:
    """The WorkRecord of one paper object."""
    paper_id = _str(p.get("paperId"))
    if paper_id is None:
        raise BadRecord("a paper without a paperId")
    ext = _dict(p.get("externalIds"))
    year = p.get("year") if isinstance(p.get("year"), int) and not isinstance(p.get("year"), bool) else None
    date = p.get("publicationDate") if isinstance(p.get("publicationDate"), str) else None
    types = [t for t in p.get("publicationTypes") or [] if isinstance(t, str)]
    return WorkRecord(
        key=f"s2:{paper_id}",
        title=_str(p.get("title")),
        source_name="semanticscholar",
        abstract=_str(p.get("abstract")),
        publication_date=date if date and _DATE.match(date) else None,
        year=year,
        type=_TYPES.get("Review" if "Review" in types else next((t for t in types if t in _TYPES), "")),
        doi=ids.doi(ext.get("DOI")),
        arxiv_id=ids.arxiv_id(ext.get("ArXiv")),
        cited_by_count=_count(p.get("citationCount"), "citationCount"),
        open_access=p.get("isOpenAccess") if isinstance(p.get("isOpenAccess"), bool) else None,
        source=_source(p.get("publicationVenue")),
        authorships=_authorships(p.get("authors")),
    )


def _str(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    v = _SPACE.sub(" ", v).strip()
    return v or None


def _dict(v: Any) -> dict[str, Any]:
    """An object, or an empty one for anything else (a missing or wrong-typed member)."""
    return v if isinstance(v, dict) else {}


def _dicts(v: Any) -> list[dict[str, Any]]:
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _count(v: Any, name: str) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise BadRecord(f"{name}: expected a whole number, found {v!r}"[:200])
    return v


def _source(venue: Any) -> SourceRecord | None:
    """S2's venue record, keyed by ISSN (shared with Crossref's key) or S2's venue id; a bare
    venue name (`venue`, `journal.name`) does not identify a journal and makes no Source."""
    if not isinstance(venue, dict) or not _str(venue.get("name")):
        return None
    m = _ISSN.match(venue["issn"].strip().upper()) if isinstance(venue.get("issn"), str) else None
    if m:
        key = f"issn:{m.group(1)}-{m.group(2)}"
    elif _str(venue.get("id")):
        key = f"s2venue:{_str(venue.get('id'))}"
    else:
        return None
    return SourceRecord(id=key, name=venue["name"].strip(), type=_str(venue.get("type")),
                        issns=[key[5:]] if key.startswith("issn:") else [])


def _named(authors: Any) -> list[dict[str, Any]]:
    return [a for a in _dicts(authors) if _str(a.get("name"))]


def _authorships(authors: Any) -> list[Authorship]:
    people = _named(authors)
    out = []
    for order, a in enumerate(people):
        position: Position = "first" if order == 0 else "last" if order == len(people) - 1 else "middle"
        ext = _dict(a.get("externalIds"))
        out.append(Authorship(AuthorRecord(display_name=_str(a["name"]) or "", orcid=ids.orcid(ext.get("ORCID")),
                                           s2_id=_str(a.get("authorId"))), order, position))
    return out
