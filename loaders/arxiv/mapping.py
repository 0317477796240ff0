"""_Fields -> WorkRecord: arXiv's source, categories as topics, authorships, code links."""

from __future__ import annotations

import hashlib

from loaders.arxiv.fields import _Author, _Fields
from loaders.arxiv.text import _clean, decode_tex_accents
from loaders.arxiv_taxonomy import ARCHIVES, CATEGORIES, archive_of, category_name
from loaders.ids import find_code_url, normalise_name
from loaders.records import (
    AuthorRecord,
    Authorship,
    InstitutionRecord,
    Position,
    SourceRecord,
    TopicLink,
    TopicRecord,
    WorkRecord,
)


def arxiv_topic(code: str) -> TopicRecord:
    """The topic node for an arXiv category code, with its archive as parent.

    A code that is its own archive ("hep-th", or the pre-2009 bare "astro-ph") gets no parent, since
    a parent with the same id would be a SUBTOPIC_OF self-loop. Its level is "archive" when that
    archive also has dotted sub-categories ("astro-ph" is the parent of "astro-ph.CO"), so a node
    id always carries one level; otherwise "category".
    """
    archive = archive_of(code)
    name = category_name(code) or code
    if archive == code:
        level = "archive" if code in _SUBDIVIDED_ARCHIVES else "category"
        return TopicRecord(id=f"arxiv:{code}", name=name, level=level, scheme="arxiv")
    parent = TopicRecord(
        id=f"arxiv:{archive}", name=ARCHIVES.get(archive, archive), level="archive", scheme="arxiv"
    )
    return TopicRecord(
        id=f"arxiv:{code}", name=name, level="category", scheme="arxiv", parent=parent
    )


_SUBDIVIDED_ARCHIVES = frozenset(c.split(".", 1)[0] for c in CATEGORIES if "." in c)


_ARXIV_SOURCE = ("arxiv", "arXiv", "repository")


def _build_work(f: _Fields) -> WorkRecord:
    abstract = _clean(f.abstract)
    comments = _clean(f.comments)
    categories = list(dict.fromkeys(c for c in f.categories if c))
    return WorkRecord(
        key=f"arxiv:{f.arxiv_id}",
        # Titles are shown and matched as text: "Erd\\H{o}s" is "Erdős" (abstracts keep their TeX).
        title=_clean(decode_tex_accents(f.title, keep_math=True)) if f.title else None,
        source_name="arxiv",
        abstract=abstract,
        publication_date=None if f.first_date is None else f.first_date.isoformat(),
        year=None if f.first_date is None else f.first_date.year,
        type="preprint",
        doi=f.doi,
        arxiv_id=f.arxiv_id,
        categories=categories,
        code_url=_code_url(f"{abstract or ''} {comments or ''}"),
        open_access=True,  # every arXiv paper is free to read there
        source=SourceRecord(*_ARXIV_SOURCE),
        authorships=_authorships(f.authors),
        topics=_topic_links(categories, f.primary),
    )


_CODE_HOSTS = ("github", "gitlab", "bitbucket")


def _code_url(text: str) -> str | None:
    # A substring test first: the URL regex is unanchored and was a fifth of the parse time.
    lowered = text.lower()
    if not any(host in lowered for host in _CODE_HOSTS):
        return None
    return find_code_url(text)


def _topic_links(categories: list[str], primary: str | None) -> list[TopicLink]:
    """One link per category; the primary is the stated one (Atom) or else the first listed."""
    if primary not in categories:
        primary = categories[0] if categories else None
    return [TopicLink(topic=arxiv_topic(c), primary=c == primary) for c in categories]


def _authorships(authors: list[_Author]) -> list[Authorship]:
    n = len(authors)
    return [
        Authorship(
            author=AuthorRecord(display_name=a.name),
            order=i,
            position=_position(i, n),
            institutions=[_institution(name) for name in a.affiliations if normalise_name(name)],
        )
        for i, a in enumerate(authors)
    ]


def _position(i: int, n: int) -> Position:
    if i == 0:
        return "first"
    return "last" if i == n - 1 else "middle"


def _institution(name: str) -> InstitutionRecord:
    digest = hashlib.sha1(normalise_name(name).encode("utf-8")).hexdigest()[:16]
    return InstitutionRecord(id=f"inst:{digest}", name=name)
