"""Author, Work, Topic, Institution and Source, with their relations as batched fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from api.context import Info
from api.errors import ArgumentError, LimitError
from api.limits import DEFAULT_FIRST, page_size
from api.pagination import decode_cursor
from api.types.connection import Connection, connection
from api.types.enums import WorkOrder

if TYPE_CHECKING:
    from api.types.profile import Profile

Row = dict[str, Any]

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


def _work_fields_ahead(selected: list[Selection]) -> tuple[frozenset[int], bool]:
    """What Author.works' selection asks of each work: every `first` of its Work.authors fields
    (aliases may ask for several; 0 for authorCount, which loads the byline's total), those it
    can read for certain only, and whether it asks for Work.topics. `selected` is
    `info.selected_fields`: the works field's own nodes (one per occurrence of its response key)."""
    limits: set[int] = set()
    topics = False
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
                    elif f.name == "authorCount":
                        limits.add(0)
                    elif f.name == "topics":
                        topics = True
    return frozenset(limits), topics


@strawberry.type(description="A researcher. Counts and metrics live in `profile`, computed from the graph.")
class Author:
    id: strawberry.ID
    name: str = strawberry.field(description="Display name.")
    orcid: str | None
    openalex_id: str | None
    novelty: float | None = strawberry.field(description="Novelty of the author's works (0-1), when computed.")
    community: int | None = strawberry.field(description="Coauthor community, from `scholargraph analyze`.")

    @classmethod
    def from_row(cls, row: Row) -> Author:
        return cls(id=strawberry.ID(row["id"]), name=row.get("display_name") or row["id"], orcid=row.get("orcid"),
                   openalex_id=row.get("openalex_id"), novelty=row.get("novelty"), community=row.get("community"))

    @strawberry.field(description="The author's works in the graph, newest (DATE) or most cited (CITATIONS) first.")
    async def works(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None,
                    order_by: WorkOrder = WorkOrder.DATE) -> Connection[Work]:
        loaders = info.context.loaders
        key = (self.id, order_by.value, decode_cursor(after), page_size(first))
        byline_limits, topics = _work_fields_ahead(info.selected_fields)
        if not byline_limits and not topics:
            page = await loaders.author_works.load(key)
            loaders.prime_works(page.items)
            return connection(page, Work.from_row)
        # The works' bylines and topics come with the page in one query (one round trip instead
        # of three), primed into the loaders Work.authors / authorCount / topics then find.
        byline_limit = max(byline_limits) if byline_limits else None
        detail = await loaders.author_works_detail.load((*key, byline_limit, topics))
        loaders.prime_work_details(key, detail, byline_limits)
        return connection(detail.page, Work.from_row)

    @strawberry.field(description="The topics with the most of the author's works.")
    async def topics(self, info: Info, first: int = 5) -> list[TopicShare]:
        total, rows = await info.context.loaders.author_topics.load((self.id, page_size(first)))
        return [TopicShare.from_row(r, total) for r in rows]

    @strawberry.field(description="The profile header: counts, h-index, topics, affiliations, trust.")
    async def profile(self, info: Info, top_topics: int = 5
                      ) -> Annotated[Profile, strawberry.lazy("api.types.profile")]:
        from api.types.profile import Profile

        data = await info.context.loaders.profile.load((self.id, page_size(top_topics, "topTopics")))
        if data is None:  # the author vanished between two queries
            raise LookupError(f"author {self.id} not found")
        return Profile.from_data(data)


@strawberry.type(description="An author on a work's byline.")
class Authorship:
    author: Author
    position: str | None = strawberry.field(description="first, middle or last.")
    order: int | None = strawberry.field(description="0-based place in the author list.")
    corresponding: bool | None


@strawberry.type(description="A paper, preprint, dataset or other scholarly work.")
class Work:
    id: strawberry.ID
    title: str | None = strawberry.field(description="Null for a cited work not loaded yet (a stub).")
    abstract: str | None
    publication_date: str | None = strawberry.field(description="ISO date.")
    year: int | None
    type: str | None = strawberry.field(description="article, preprint, review, dataset, …")
    doi: str | None
    arxiv_id: str | None
    openalex_id: str | None
    language: str | None
    cited_by_count: int | None = strawberry.field(description="Citations as the source reports them.")
    categories: list[str] = strawberry.field(description="arXiv categories (cs.CV, cs.CL, …).")
    code_url: str | None = strawberry.field(description="A code repository the abstract links to.")
    has_code: bool
    novelty: float | None
    is_stub: bool = strawberry.field(description="Only cited so far: its own record has not been loaded.")

    @classmethod
    def from_row(cls, row: Row) -> Work:
        return cls(id=strawberry.ID(row["id"]), title=row.get("title"), abstract=row.get("abstract"),
                   publication_date=row.get("publication_date"), year=row.get("year"), type=row.get("type"),
                   doi=row.get("doi"), arxiv_id=row.get("arxiv_id"), openalex_id=row.get("openalex_id"),
                   language=row.get("language"), cited_by_count=row.get("cited_by_count"),
                   categories=list(row.get("categories") or []), code_url=row.get("code_url"),
                   has_code=bool(row.get("code_url")), novelty=row.get("novelty"),
                   is_stub=bool(row.get("stub")) or row.get("title") is None)

    @strawberry.field(description="The byline, in order (the first `first` authors).")
    async def authors(self, info: Info, first: int = BYLINE_FIRST) -> list[Authorship]:
        page = await info.context.loaders.work_authors.load((self.id, page_size(first)))
        info.context.loaders.prime_authors([a["author"] for a in page.items])
        return [Authorship(author=Author.from_row(a["author"]), position=a.get("position"), order=a.get("order"),
                           corresponding=a.get("corresponding")) for a in page.items]

    @strawberry.field(description="How many authors the work has (for \"et al.\").")
    async def author_count(self, info: Info) -> int:
        page = await info.context.loaders.work_authors.load((self.id, 0))
        return page.total

    @strawberry.field(description="Topics, the primary one first.")
    async def topics(self, info: Info) -> list[WorkTopic]:
        rows = await info.context.loaders.work_topics.load((self.id,))
        return [WorkTopic(topic=Topic.from_row(r["topic"]), score=r.get("score"), primary=bool(r.get("primary")))
                for r in rows]

    @strawberry.field(description="Where it was published (journal, repository, conference).")
    async def source(self, info: Info) -> Source | None:
        row = await info.context.loaders.work_source.load((self.id,))
        return Source.from_row(row) if row else None

    @strawberry.field(description="Works it cites, most cited first.")
    async def references(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                         ) -> Connection[Work]:
        page = await info.context.loaders.work_references.load((self.id, decode_cursor(after), page_size(first)))
        return connection(page, Work.from_row)

    @strawberry.field(description="Works in the graph that cite it, newest first.")
    async def cited_by(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                       ) -> Connection[Work]:
        page = await info.context.loaders.work_cited_by.load((self.id, decode_cursor(after), page_size(first)))
        return connection(page, Work.from_row)


@strawberry.type(description="A topic of a work, with the source's confidence.")
class WorkTopic:
    topic: Topic
    score: float | None
    primary: bool


@strawberry.type(description="A topic and how many of someone's works it holds.")
class TopicShare:
    topic: Topic
    works: int
    share: float = strawberry.field(description="works / all the works counted (0-1).")

    @classmethod
    def from_row(cls, row: Row, total: int) -> TopicShare:
        works = int(row["works"])
        return cls(topic=Topic.from_row(row["topic"]), works=works, share=round(works / total, 4) if total else 0.0)


@strawberry.type(description="A node of a topic hierarchy: OpenAlex domain > field > subfield > topic, "
                             "or arXiv archive > category.")
class Topic:
    id: strawberry.ID
    name: str
    level: str | None = strawberry.field(description="domain, field, subfield, topic; archive, category.")
    scheme: str | None = strawberry.field(description="openalex or arxiv.")
    description: str | None
    keywords: list[str]
    parent_id: strawberry.Private[str | None]
    parent_known: strawberry.Private[bool]

    @classmethod
    def from_row(cls, row: Row) -> Topic:
        return cls(id=strawberry.ID(row["id"]), name=row.get("name") or row["id"], level=row.get("level"),
                   scheme=row.get("scheme"), description=row.get("description"),
                   keywords=list(row.get("keywords") or []), parent_id=row.get("parent"),
                   parent_known="parent" in row)

    @strawberry.field(description="The broader topic.")
    async def parent(self, info: Info) -> Topic | None:
        parent_id = self.parent_id
        if not self.parent_known:
            row = await info.context.loaders.topic.load(self.id)
            parent_id = row.get("parent") if row else None
        if parent_id is None:
            return None
        row = await info.context.loaders.topic.load(parent_id)
        return Topic.from_row(row) if row else None

    @strawberry.field(description="Direct subtopics, by name.")
    async def subtopics(self, info: Info) -> list[Topic]:
        rows = await info.context.loaders.topic_children.load((self.id,))
        return [Topic.from_row(r) for r in rows]

    @strawberry.field(description="Works in this topic or any of its subtopics, most cited first.")
    async def works(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None) -> Connection[Work]:
        page = await info.context.loaders.topic_works.load((self.id, decode_cursor(after), page_size(first)))
        info.context.loaders.prime_works(page.items)
        return connection(page, Work.from_row)


@strawberry.type(description="A university, company, facility or other organisation.")
class Institution:
    id: strawberry.ID
    name: str
    ror: str | None
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2.")
    type: str | None
    openalex_id: str | None

    @classmethod
    def from_row(cls, row: Row) -> Institution:
        return cls(id=strawberry.ID(row["id"]), name=row.get("name") or row["id"], ror=row.get("ror"),
                   country=row.get("country"), type=row.get("type"), openalex_id=row.get("openalex_id"))

    @strawberry.field(description="Authors affiliated with it, most recently affiliated first.")
    async def authors(self, info: Info, first: int = DEFAULT_FIRST, after: str | None = None
                      ) -> Connection[Author]:
        page = await info.context.loaders.institution_authors.load((self.id, decode_cursor(after), page_size(first)))
        info.context.loaders.prime_authors(page.items)
        return connection(page, Author.from_row)


@strawberry.type(description="A journal, repository (arXiv), conference or other venue.")
class Source:
    id: strawberry.ID
    name: str
    type: str | None
    issn_l: str | None
    publisher: str | None

    @classmethod
    def from_row(cls, row: Row) -> Source:
        return cls(id=strawberry.ID(row["id"]), name=row.get("name") or row["id"], type=row.get("type"),
                   issn_l=row.get("issn_l"), publisher=row.get("publisher"))


@strawberry.type(description="An author's tie to an institution.")
class Affiliation:
    institution: Institution
    years: list[int] = strawberry.field(description="Publication years in which an authorship showed it.")
    first_year: int | None
    last_year: int | None
    last_known: bool = strawberry.field(description="The author record names it as the last known affiliation.")

    @classmethod
    def from_row(cls, row: Row) -> Affiliation:
        return cls(institution=Institution.from_row(row["institution"]), years=list(row.get("years") or []),
                   first_year=row.get("first_year"), last_year=row.get("last_year"),
                   last_known=bool(row.get("last_known")))
