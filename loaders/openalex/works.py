"""An OpenAlex work record -> WorkRecord: abstract, arXiv id, source, authorships, topics
and references."""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

from loaders import ids
from loaders.openalex.fields import (
    _bool,
    _date,
    _dict,
    _dicts,
    _float,
    _int,
    _list,
    _null_id,
    _show,
    _str,
)
from loaders.openalex.nested import _institution_ref, _topic_chain
from loaders.records import (
    AuthorRecord,
    Authorship,
    Position,
    SourceRecord,
    TopicLink,
    WorkRecord,
)
from loaders.source_files import BadRecord


def _work(w: dict[str, Any], key: str) -> WorkRecord:
    abstract = _abstract(w)
    work_doi = _str(w, "doi")
    id_map = _dict(w, "ids") or {}
    doi = ids.doi(work_doi) or ids.doi(_str(id_map, "doi", "ids."))
    title = _str(w, "title")
    return WorkRecord(
        key=key,
        title=title if title is not None else _str(w, "display_name"),
        source_name="openalex",
        abstract=abstract,
        publication_date=_date(w, "publication_date"),
        year=_int(w, "publication_year"),
        type=_str(w, "type"),
        doi=doi,
        arxiv_id=_arxiv_of(w, doi, id_map),
        openalex_id=key,
        language=_str(w, "language"),
        cited_by_count=_int(w, "cited_by_count"),
        code_url=ids.find_code_url(abstract),
        open_access=_bool(oa, "is_oa", "open_access.") if (oa := _dict(w, "open_access")) else None,
        source=_primary_source(w),
        authorships=_authorships(w),
        topics=_topic_links(w),
        references=_references(w),
        updated_date=_str(w, "updated_date"),
    )


def _abstract(w: dict[str, Any]) -> str | None:
    """Rebuild the abstract from the inverted index (word -> positions).

    `abstract_inverted_index_v3` is used only when the classic field is empty; in
    the sample data it is always null, so both the plain mapping and the MAG-style
    {"IndexLength": n, "InvertedIndex": {...}} wrapper are accepted.
    """
    for key in ("abstract_inverted_index", "abstract_inverted_index_v3"):
        index = _dict(w, key)
        if index and isinstance(index.get("InvertedIndex"), dict):
            index = index["InvertedIndex"]
        if index:
            return _rebuild(index, key)
    return None


def _rebuild(index: dict[str, Any], key: str) -> str | None:
    # A dict keyed by position, not a list sized by the largest one, so a corrupt
    # position like 10**9 cannot allocate a huge list. The types are checked in C
    # (map(type, ...)); only an index that fails the check takes the loop that says why.
    if set(map(type, index.values())) == {list}:
        flat = list(chain.from_iterable(index.values()))
        if not flat or set(map(type, flat)) == {int}:
            fast = {p: word for word, positions in index.items() for p in positions}
            return " ".join([fast[p] for p in sorted(fast)]) or None
    words: dict[int, str] = {}
    for word, positions in index.items():
        if type(positions) is not list:
            raise BadRecord(f"{key}[{word!r}]: expected a list of integers, got {_show(positions)}")
        for p in positions:
            if type(p) is not int:  # `type is`, not isinstance: True is not a position
                raise BadRecord(f"{key}[{word!r}]: expected a list of integers, got {_show(p)}")
            words[p] = word
    return " ".join([words[p] for p in sorted(words)]) or None


_ARXIV_IN_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/([^\s?#]+)|10\.48550/arxiv\.([^\s?#]+)", re.IGNORECASE
)


def _arxiv_of(w: dict[str, Any], doi: str | None, id_map: dict[str, Any]) -> str | None:
    """arXiv id from the DataCite DOI (10.48550/arxiv.X) or any location URL pointing
    at arxiv.org; OpenAlex has no arXiv id field of its own."""
    candidates: list[Any] = [doi, id_map.get("arxiv")]
    locations = [
        loc
        for key in ("primary_location", "best_oa_location")
        if (loc := _dict(w, key)) is not None
    ]
    locations += [loc for _, loc in _dicts(w, "locations")]
    for loc in locations:
        candidates += [loc.get("landing_page_url"), loc.get("pdf_url")]
    for text in candidates:
        # The substring test skips the regex for the ~15 URLs per work that are not arXiv.
        if not isinstance(text, str) or "arxiv" not in text.lower():
            continue
        found = _ARXIV_IN_URL.search(text)
        if found:
            arxiv = ids.arxiv_id(found.group(1) or found.group(2))
            if arxiv:
                return arxiv
    return None


def _primary_source(w: dict[str, Any]) -> SourceRecord | None:
    location = _dict(w, "primary_location")
    if location is None:
        return None
    source = _dict(location, "source", "primary_location.")
    if source is None:
        return None
    where = "primary_location.source."
    _null_id(source, where)
    source_id = ids.openalex_id(_str(source, "id", where))
    if source_id is None:
        return None
    return SourceRecord(
        id=source_id,
        name=_str(source, "display_name", where) or "",
        type=_str(source, "type", where),
        issn_l=_str(source, "issn_l", where),
        publisher=_str(source, "host_organization_name", where),
        issns=list(dict.fromkeys(i for i in map(ids.issn, [source.get("issn_l"), *_issn_list(source)]) if i)),
    )


def _issn_list(source: dict[str, Any]) -> list[Any]:
    listed = source.get("issn")
    return listed if isinstance(listed, list) else []


_POSITIONS: dict[str, Position] = {"first": "first", "middle": "middle", "last": "last"}


def _authorships(w: dict[str, Any]) -> list[Authorship]:
    items = _dicts(w, "authorships")
    corresponding_ids = {ids.openalex_id(x) for x in _list(w, "corresponding_author_ids")}
    return [
        _authorship(item, where, order, len(items), corresponding_ids)
        for order, (where, item) in enumerate(items)
    ]


def _authorship(
    a: dict[str, Any], where: str, order: int, total: int, corresponding_ids: set[str | None]
) -> Authorship:
    author = _author_ref(a, where)
    is_corresponding = _bool(a, "is_corresponding", where)
    if is_corresponding is None:  # older records only list corresponding_author_ids
        is_corresponding = author.openalex_id is not None and author.openalex_id in corresponding_ids
    institutions = [_institution_ref(i, w) for w, i in _dicts(a, "institutions", where)]
    return Authorship(
        author=author,
        order=order,
        position=_position(a, where, order, total),
        corresponding=is_corresponding,
        institutions=[i for i in institutions if i is not None],
    )


def _position(a: dict[str, Any], where: str, order: int, total: int) -> Position:
    given = _str(a, "author_position", where)
    known = _POSITIONS.get(given) if given is not None else None
    if known is not None:
        return known
    # Missing or unknown: derive it from the order, as OpenAlex itself does.
    if order == 0:
        return "first"
    return "last" if order == total - 1 else "middle"


def _author_ref(a: dict[str, Any], where: str) -> AuthorRecord:
    author = _dict(a, "author", where)
    if author is None:
        raise BadRecord(f"{where}author: expected an object, got null")
    inner = f"{where}author."
    _null_id(author, inner, "orcid")
    openalex = ids.openalex_id(_str(author, "id", inner))
    orcid = ids.orcid(_str(author, "orcid", inner))
    name = _str(author, "display_name", inner) or _str(a, "raw_author_name", where) or ""
    return AuthorRecord(
        display_name=name,
        id=openalex or (f"orcid:{orcid}" if orcid else None),
        openalex_id=openalex,
        orcid=orcid,
    )


def _topic_links(w: dict[str, Any]) -> list[TopicLink]:
    primary = _dict(w, "primary_topic")
    primary_id = ids.openalex_id(_str(primary, "id", "primary_topic.")) if primary else None
    links = []
    for where, t in _dicts(w, "topics"):
        topic = _topic_chain(t, where)
        if topic is not None:
            links.append(TopicLink(topic, _float(t, "score", where), topic.id == primary_id))
    if primary and primary_id and not any(link.primary for link in links):
        # primary_topic is normally one of `topics`; keep it even when it is not.
        topic = _topic_chain(primary, "primary_topic.")
        if topic is not None:
            links.append(TopicLink(topic, _float(primary, "score", "primary_topic."), True))
    return links


# Reference URL -> short work id: works cite the same works over and over. Cleared when
# full, so memory stays flat whatever the file size.
_REF_IDS: dict[str, str] = {}
_REF_IDS_MAX = 1 << 16


def _references(w: dict[str, Any]) -> list[str]:
    refs: dict[str, None] = {}  # ordered set: a work cites another once
    raw = _list(w, "referenced_works")
    cache = _REF_IDS
    try:
        for ref in raw:
            refs[cache[ref]] = None
        return list(refs)
    except (KeyError, TypeError):  # an id not seen yet (or not a string): the checking loop
        refs.clear()
    if len(cache) > _REF_IDS_MAX:
        cache.clear()
    for i, ref in enumerate(raw):
        short = cache.get(ref) if isinstance(ref, str) else None
        if short is not None:
            refs[short] = None
            continue
        short = ids.openalex_id(ref) if isinstance(ref, str) else None
        if short is None or short[0] != "W":
            raise BadRecord(f"referenced_works[{i}]: expected an OpenAlex work id, got {_show(ref)}")
        refs[short] = None
        cache[ref] = short
    return list(refs)
