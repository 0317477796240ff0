"""Look-ahead into a field's selection: what Author.works' page will be asked of each work, so
that the works' bylines and topics come with the page in one query (api/types/nodes.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from strawberry.types.nodes import SelectedField, Selection

from api.data.pages import Page, Shape, WorksDetail
from api.errors import ArgumentError, LimitError
from api.limits import page_size
from api.pagination import decode_cursor

Row = dict[str, Any]
Key = tuple[Any, ...]
WorksAsked = tuple[str, str | None, int]  # Author.works' arguments as asked: orderBy's name, after, first

BYLINE_FIRST = 50  # Work.authors' default `first`; the look-ahead below assumes the same


def _dropped(directives: dict[str, dict[str, Any]]) -> bool:
    """A literal or variable `@skip(if: true)` / `@include(if: false)` drops the selection."""
    return directives.get("skip", {}).get("if") is True or directives.get("include", {}).get("if") is False


def _fields(selections: list[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, fragments spread in. At a position of object type (as on
    WorkConnection, WorkEdge and Work) a fragment passes validation only where that type is
    one of its type condition's, so every fragment there applies."""
    for selection in selections:
        if _dropped(selection.directives):
            continue
        if isinstance(selection, SelectedField):
            yield selection
        else:  # FragmentSpread, InlineFragment
            yield from _fields(selection.selections)


def _byline_first(arguments: dict[str, Any]) -> int | None:
    """The `first` a Work.authors field will load with; None where it cannot be read for certain
    (a variable not given) or the resolver will refuse it (its error must come from there)."""
    first = arguments.get("first", BYLINE_FIRST)
    if type(first) is str:  # a literal comes as its source text ("10"), validated as an Int already
        try:
            first = int(first)
        except ValueError:
            return None
    if type(first) is not int:  # None: a variable without a value, then the default applies
        return None
    try:
        return page_size(first)
    except (ArgumentError, LimitError):
        return None


# Fields a cut map answers (api.data.pages.Shape): an Author's or a Topic's id and name
_NAME_ONLY = frozenset({"id", "name", "__typename"})


@dataclass(frozen=True, slots=True)
class WorksAhead:
    byline_limits: frozenset[int]  # every `first` of the Work.authors fields (0: authorCount)
    topics: bool  # Work.topics is asked for
    shape: Shape  # what the byline authors, the topics and the works show


def _only_names(fields: Iterator[SelectedField], parent: str) -> bool:
    """Whether every `parent` field among `fields` selects at most an id and a name."""
    return all({f.name for f in _fields(sub.selections)} <= _NAME_ONLY for sub in fields if sub.name == parent)


def work_fields_ahead(selected: list[Selection]) -> WorksAhead:
    """What Author.works' selection asks of each work: every `first` of its Work.authors fields
    (aliases may ask for several; 0 for authorCount, which loads the byline's total), those it
    can read for certain only, whether it asks for Work.topics, and how much of the byline
    authors, the topics and the works it shows. `selected` is `info.selected_fields`: the works
    field's own nodes (one per occurrence of its response key)."""
    limits: set[int] = set()
    topics = False
    authors_named = topics_named = True
    abstracts = False
    for works in _fields(selected):
        for edges in _fields(works.selections):
            if edges.name != "edges":
                continue
            for node in _fields(edges.selections):
                if node.name != "node":
                    continue
                for f in _fields(node.selections):
                    if f.name == "authors":
                        first = _byline_first(f.arguments)
                        if first is not None:
                            limits.add(first)
                        authors_named = authors_named and _only_names(_fields(f.selections), "author")
                    elif f.name == "authorCount":
                        limits.add(0)
                    elif f.name == "topics":
                        topics = True
                        topics_named = topics_named and _only_names(_fields(f.selections), "topic")
                    elif f.name == "abstract":
                        abstracts = True
    shape = Shape(full_authors=not authors_named, full_topics=not topics_named, abstracts=abstracts)
    return WorksAhead(frozenset(limits), topics, shape)


def author_works_field(selected: list[Selection]) -> SelectedField | None:
    """The one `works` field an `author` selection asks for (`selected`: the author field's own
    nodes), None when it asks for none or for several (aliases: each its own page)."""
    works = [f for author in _fields(selected) for f in _fields(author.selections) if f.name == "works"]
    return works[0] if len(works) == 1 else None


def works_detail_key(author_id: str, order: str, after: str | None, first: int, ahead: WorksAhead) -> Key | None:
    """The `author_works_detail` loader's key for an unfiltered page of an author's works whose
    selection (`ahead`) asks for bylines or topics; None when it asks for neither. Raises as
    Author.works' arguments do (a bad cursor, a `first` over the limit)."""
    if not ahead.byline_limits and not ahead.topics:
        return None
    byline_limit = max(ahead.byline_limits) if ahead.byline_limits else None
    return (author_id, order, decode_cursor(after), page_size(first), byline_limit, ahead.topics, ahead.shape)


@dataclass(frozen=True, slots=True)
class WorkDetail:
    """One work's byline (its first `byline_limit` authors; None: not fetched) and topics (None:
    not fetched) as Author.works' query brought them, cut to that selection's shape."""

    byline: Page | None
    byline_limit: int
    topics: list[Row] | None
    full_authors: bool  # the byline's author maps are whole (else id and name only)

    @classmethod
    def of(cls, detail: WorksDetail, work_id: str) -> WorkDetail:
        # a work of the page has an entry in each part the query was asked for
        return cls(byline=detail.bylines.get(work_id), byline_limit=detail.byline_limit or 0,
                   topics=detail.topics.get(work_id), full_authors=detail.shape.full_authors)
