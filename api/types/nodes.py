"""Author, Work, Topic, Institution and Source, with their relations as batched fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from api.context import Info
from api.errors import ArgumentError, LimitError
from api.limits import DEFAULT_FIRST, MAX_FIRST, page_size
from api.pagination import decode_cursor
from api.types import years
from api.types.connection import After, Connection, First, ListScope, connection
from api.types.enums import WorkOrder
from api.types.filters import FilterArg, to_data
from api.types.years import CountsByYear

if TYPE_CHECKING:
    from api.types.profile import Profile

Row = dict[str, Any]

BYLINE_FIRST = 50  # Work.authors' default `first`; the look-ahead below assumes the same

# Arguments whose meaning is particular to one or two fields (paging ones: api.types.connection).
TopicsFirst = Annotated[int, strawberry.argument(description=f"How many topics, 0-{MAX_FIRST}.")]
BylineFirst = Annotated[int, strawberry.argument(
    description=f"How many authors, from the start of the byline, 0-{MAX_FIRST}.")]
WorksOrder = Annotated[WorkOrder, strawberry.argument(description="Newest (DATE) or most cited (CITATIONS) first.")]


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
    id: strawberry.ID = strawberry.field(description="Graph id: the OpenAlex id (A5023888391), else "
                                                     "orcid:<ORCID>, else name:<hash> for a name-only author.")
    name: str = strawberry.field(description="Display name (the id when the record has none).")
    orcid: str | None = strawberry.field(description="ORCID iD, bare (0000-0002-1825-0097); null when unknown.")
    openalex_id: str | None = strawberry.field(description="OpenAlex author id (A…); null when unknown (as for "
                                                           "authors only arXiv names).")
    novelty: float | None = strawberry.field(description="0-1: mean novelty of the author's works that have one "
                                                         "(Work.novelty); null until `scholargraph link-similar`.")
    community: int | None = strawberry.field(description="Coauthor community (Louvain, 0 the largest), from "
                                                         "`scholargraph analyze`; null until it runs.")

    @strawberry.field(description="What tells this researcher from namesakes: current institution and works in "
                                  "the graph ('OpenAlex · 50 works').")
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "AUTHOR"))  # type: ignore[no-any-return]

    @classmethod
    def from_row(cls, row: Row) -> Author:
        return cls(id=strawberry.ID(row["id"]), name=row.get("display_name") or row["id"], orcid=row.get("orcid"),
                   openalex_id=row.get("openalex_id"), novelty=row.get("novelty"), community=row.get("community"))

    @strawberry.field(description="The author's works in the graph, newest (DATE) or most cited (CITATIONS) first; "
                                  "`filter` narrows them, `facets` counts them.")
    async def works(self, info: Info, first: First = DEFAULT_FIRST, after: After = None,
                    order_by: WorksOrder = WorkOrder.DATE, work_filter: FilterArg = None) -> Connection[Work]:
        loaders = info.context.loaders
        scope = ListScope(str(self.id), "AUTHOR_WORKS", to_data(work_filter))
        key = (self.id, order_by.value, decode_cursor(after, scope.cursor_scope), page_size(first))
        if scope.filter is not None:
            page = await loaders.author_works_filtered.load((*key, scope.filter))
            loaders.prime_works(page.items)
            return connection(page, Work.from_row, scope)
        byline_limits, topics = _work_fields_ahead(info.selected_fields)
        if not byline_limits and not topics:
            page = await loaders.author_works.load(key)
            loaders.prime_works(page.items)
            return connection(page, Work.from_row, scope)
        # The works' bylines and topics come with the page in one query (one round trip instead
        # of three), primed into the loaders Work.authors / authorCount / topics then find.
        byline_limit = max(byline_limits) if byline_limits else None
        detail = await loaders.author_works_detail.load((*key, byline_limit, topics))
        loaders.prime_work_details(key, detail, byline_limits)
        return connection(detail.page, Work.from_row, scope)

    @strawberry.field(description="The topics with the most of the author's works, most first (ties by id); "
                                  "share = of all the author's works.")
    async def topics(self, info: Info, first: TopicsFirst = 5) -> list[TopicShare]:
        total, rows = await info.context.loaders.author_topics.load((self.id, page_size(first)))
        return [TopicShare.from_row(r, total) for r in rows]

    @strawberry.field(description="The profile header: counts, h-index, topics, affiliations, trust.")
    async def profile(self, info: Info, top_topics: Annotated[int, strawberry.argument(
                          description=f"How many topics `topTopics` lists, 0-{MAX_FIRST}.")] = 5,
                      ) -> Annotated[Profile, strawberry.lazy("api.types.profile")]:
        from api.types.profile import Profile

        data = await info.context.loaders.profile.load((self.id, page_size(top_topics, "topTopics")))
        if data is None:  # the author vanished between two queries
            raise LookupError(f"author {self.id} not found")
        return Profile.from_data(data)


@strawberry.type(description="An author on a work's byline.")
class Authorship:
    author: Author = strawberry.field(description="The author.")
    position: str | None = strawberry.field(description="Place on the byline: \"first\", \"middle\" or "
                                                        "\"last\".")
    order: int | None = strawberry.field(description="0-based place in the author list.")
    corresponding: bool | None = strawberry.field(description="The source names this author as a corresponding "
                                                              "author.")


@strawberry.type(description="A paper, preprint, dataset or other scholarly work.")
class Work:
    id: strawberry.ID = strawberry.field(description="Graph id: the OpenAlex id (W2741809807) when OpenAlex "
                                                     "brought it first, else arxiv:<arXiv id>.")
    title: str | None = strawberry.field(description="Null for a cited work not loaded yet (a stub).")
    abstract: str | None = strawberry.field(description="Null when the source gives none.")
    publication_date: str | None = strawberry.field(description="ISO date (2018-02-13).")
    year: int | None = strawberry.field(description="Publication year; null when unknown.")
    type: str | None = strawberry.field(description="As the source names it: article, preprint, review, "
                                                    "dataset, …")
    doi: str | None = strawberry.field(description="DOI, bare and lower-case (10.1038/nature12373).")
    arxiv_id: str | None = strawberry.field(description="The arXiv id, without version (2101.00001, hep-th/9901001).")
    openalex_id: str | None = strawberry.field(description="OpenAlex work id (W…).")
    language: str | None = strawberry.field(description="Language code as OpenAlex gives it (en); null when "
                                                        "unknown.")
    cited_by_count: int | None = strawberry.field(description="Citations as the source reports them (not only "
                                                              "those in the graph); null when unknown.")
    categories: list[str] = strawberry.field(description="Its arXiv categories (cs.CV, cs.CL, …); empty for "
                                                         "works arXiv did not bring.")
    code_url: str | None = strawberry.field(description="The first GitHub, GitLab or Bitbucket repository URL "
                                                        "in the abstract (or arXiv comments).")
    has_code: bool = strawberry.field(description="Whether codeUrl is set.")
    open_access: bool | None = strawberry.field(description="True: free to read somewhere (OpenAlex's "
                                                            "open_access.is_oa, Semantic Scholar's isOpenAccess, "
                                                            "every arXiv work); false: its source says it is not; "
                                                            "null: no source says.")
    novelty: float | None = strawberry.field(description="0-1: 1 minus the highest cosine similarity to any earlier "
                                                         "work in the graph (a negative one counts as 0); null "
                                                         "without a date or an earlier work, or until "
                                                         "`scholargraph link-similar`.")
    is_stub: bool = strawberry.field(description="Only cited so far: its own record has not been loaded.")

    @strawberry.field(description="What tells this work from others of similar title: year and first author "
                                  "('2022 · Jason Priem et al.').")
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "WORK"))  # type: ignore[no-any-return]

    @classmethod
    def from_row(cls, row: Row) -> Work:
        return cls(id=strawberry.ID(row["id"]), title=row.get("title"), abstract=row.get("abstract"),
                   publication_date=row.get("publication_date"), year=row.get("year"), type=row.get("type"),
                   doi=row.get("doi"), arxiv_id=row.get("arxiv_id"), openalex_id=row.get("openalex_id"),
                   language=row.get("language"), cited_by_count=row.get("cited_by_count"),
                   categories=list(row.get("categories") or []), code_url=row.get("code_url"),
                   has_code=bool(row.get("code_url")), open_access=row.get("open_access"),
                   novelty=row.get("novelty"),
                   is_stub=bool(row.get("stub")) or row.get("title") is None)

    @strawberry.field(description="Citations by year (from the citing works in the graph), full history, zero "
                                  "years kept; `works` is 1 in the work's own year.")
    async def counts_by_year(self, info: Info) -> CountsByYear:
        return await years.load(info, str(self.id), "WORK")

    @strawberry.field(description="The byline, in order (the first `first` authors).")
    async def authors(self, info: Info, first: BylineFirst = BYLINE_FIRST) -> list[Authorship]:
        page = await info.context.loaders.work_authors.load((self.id, page_size(first)))
        info.context.loaders.prime_authors([a["author"] for a in page.items])
        return [Authorship(author=Author.from_row(a["author"]), position=a.get("position"), order=a.get("order"),
                           corresponding=a.get("corresponding")) for a in page.items]

    @strawberry.field(description="How many authors the work has (for \"et al.\").")
    async def author_count(self, info: Info) -> int:
        page = await info.context.loaders.work_authors.load((self.id, 0))
        return page.total

    @strawberry.field(description="Its topics (OpenAlex topics, arXiv categories): the primary one first, then "
                                  "by score.")
    async def topics(self, info: Info) -> list[WorkTopic]:
        rows = await info.context.loaders.work_topics.load((self.id,))
        return [WorkTopic(topic=Topic.from_row(r["topic"]), score=r.get("score"), primary=bool(r.get("primary")))
                for r in rows]

    @strawberry.field(description="Where it was published (journal, repository, conference); null when "
                                  "unknown.")
    async def source(self, info: Info) -> Source | None:
        row = await info.context.loaders.work_source.load((self.id,))
        return Source.from_row(row) if row else None

    @strawberry.field(description="Works it cites, most cited first (ties by id); stubs for cited works not "
                                  "loaded yet.")
    async def references(self, info: Info, first: First = DEFAULT_FIRST, after: After = None
                         ) -> Connection[Work]:
        page = await info.context.loaders.work_references.load((self.id, decode_cursor(after), page_size(first)))
        return connection(page, Work.from_row, ListScope(str(self.id), "WORK_REFERENCES"))

    @strawberry.field(description="Works in the graph that cite it, newest first.")
    async def cited_by(self, info: Info, first: First = DEFAULT_FIRST, after: After = None
                       ) -> Connection[Work]:
        page = await info.context.loaders.work_cited_by.load((self.id, decode_cursor(after), page_size(first)))
        return connection(page, Work.from_row, ListScope(str(self.id), "WORK_CITED_BY"))


@strawberry.type(description="A topic of a work, with the source's confidence.")
class WorkTopic:
    topic: Topic = strawberry.field(description="The topic.")
    score: float | None = strawberry.field(description="The source's confidence, 0-1 (OpenAlex topic score); "
                                                       "null when it gives none (arXiv categories).")
    primary: bool = strawberry.field(description="The work's primary topic (arXiv: its primary category).")


@strawberry.type(description="A topic and how many of someone's works it holds.")
class TopicShare:
    topic: Topic = strawberry.field(description="The topic.")
    works: int = strawberry.field(description="How many of the works counted have this topic.")
    share: float = strawberry.field(description="Works / all the works counted (see the field that lists it), "
                                                "rounded to 4 decimals; 0 when there are none.")

    @classmethod
    def from_row(cls, row: Row, total: int) -> TopicShare:
        works = int(row["works"])
        return cls(topic=Topic.from_row(row["topic"]), works=works, share=round(works / total, 4) if total else 0.0)


@strawberry.type(description="A node of a topic hierarchy: OpenAlex domain > field > subfield > topic, "
                             "or arXiv archive > category.")
class Topic:
    id: strawberry.ID = strawberry.field(description="Graph id: T10102, openalex:subfield:1702, "
                                                     "openalex:field:17, openalex:domain:1; arxiv:cs.CV, arxiv:cs.")
    name: str = strawberry.field(description="Display name (the id when the record has none).")
    level: str | None = strawberry.field(description="Level in its hierarchy: domain, field, subfield or topic "
                                                     "(OpenAlex); archive or category (arXiv).")
    scheme: str | None = strawberry.field(description="Which hierarchy: \"openalex\" or \"arxiv\".")
    description: str | None = strawberry.field(description="The source's description of the topic; null when "
                                                           "it gives none.")
    keywords: list[str] = strawberry.field(description="The source's keywords for the topic; often empty.")
    parent_id: strawberry.Private[str | None]
    parent_known: strawberry.Private[bool]

    @strawberry.field(description="Its level, its broader topic and works ('topic in Information Systems · 21 "
                                  "works').")
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "TOPIC"))  # type: ignore[no-any-return]

    @classmethod
    def from_row(cls, row: Row) -> Topic:
        return cls(id=strawberry.ID(row["id"]), name=row.get("name") or row["id"], level=row.get("level"),
                   scheme=row.get("scheme"), description=row.get("description"),
                   keywords=list(row.get("keywords") or []), parent_id=row.get("parent"),
                   parent_known="parent" in row)

    @strawberry.field(description="The broader topic; null at the top of the hierarchy.")
    async def parent(self, info: Info) -> Topic | None:
        parent_id = self.parent_id
        if not self.parent_known:
            row = await info.context.loaders.topic.load(self.id)
            parent_id = row.get("parent") if row else None
        if parent_id is None:
            return None
        row = await info.context.loaders.topic.load(parent_id)
        return Topic.from_row(row) if row else None

    @strawberry.field(description="Works in the topic or any of its subtopics, and their citations, by year; full "
                                  "history, zero years kept.")
    async def counts_by_year(self, info: Info) -> CountsByYear:
        return await years.load(info, str(self.id), "TOPIC")

    @strawberry.field(description="Direct subtopics in the graph, by name (then id).")
    async def subtopics(self, info: Info) -> list[Topic]:
        rows = await info.context.loaders.topic_children.load((self.id,))
        return [Topic.from_row(r) for r in rows]

    @strawberry.field(description="Works in this topic or any of its subtopics, most cited first; `filter` narrows "
                                  "them, `facets` counts them.")
    async def works(self, info: Info, first: First = DEFAULT_FIRST, after: After = None,
                    work_filter: FilterArg = None) -> Connection[Work]:
        loaders = info.context.loaders
        scope = ListScope(str(self.id), "TOPIC_WORKS", to_data(work_filter))
        key = (self.id, decode_cursor(after, scope.cursor_scope), page_size(first))
        if scope.filter is not None:
            page = await loaders.topic_works_filtered.load((*key, scope.filter))
        else:
            page = await loaders.topic_works.load(key)
        loaders.prime_works(page.items)
        return connection(page, Work.from_row, scope)


@strawberry.type(description="A university, company, facility or other organisation.")
class Institution:
    id: strawberry.ID = strawberry.field(description="Graph id: the OpenAlex id (I136199984), else ror:<ROR>, "
                                                     "else inst:<hash of the name>.")
    name: str = strawberry.field(description="Display name (the id when the record has none).")
    ror: str | None = strawberry.field(description="ROR id, bare (05dxps055).")
    country: str | None = strawberry.field(description="Country: ISO 3166-1 alpha-2 code, upper-case (CA).")
    type: str | None = strawberry.field(description="OpenAlex institution type: education, company, facility, …")
    openalex_id: str | None = strawberry.field(description="OpenAlex institution id (I…).")

    @strawberry.field(description="Type, country and affiliated authors ('education · US · 12 authors').")
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "INSTITUTION"))  # type: ignore[no-any-return]

    @classmethod
    def from_row(cls, row: Row) -> Institution:
        return cls(id=strawberry.ID(row["id"]), name=row.get("name") or row["id"], ror=row.get("ror"),
                   country=row.get("country"), type=row.get("type"), openalex_id=row.get("openalex_id"))

    @strawberry.field(description="Works by year of the institution's authors in the years an authorship showed "
                                  "the institution, and their citations; full history, zero years kept.")
    async def counts_by_year(self, info: Info) -> CountsByYear:
        return await years.load(info, str(self.id), "INSTITUTION")

    @strawberry.field(description="Authors affiliated with it (with `filter`: those with a work that passes it): "
                                  "last known affiliations first, then by latest "
                                  "year, then id.")
    async def authors(self, info: Info, first: First = DEFAULT_FIRST, after: After = None,
                      work_filter: FilterArg = None) -> Connection[Author]:
        loaders = info.context.loaders
        scope = ListScope(str(self.id), "INSTITUTION_AUTHORS", to_data(work_filter))
        key = (self.id, decode_cursor(after, scope.cursor_scope), page_size(first))
        if scope.filter is not None:
            page = await loaders.institution_authors_filtered.load((*key, scope.filter))
        else:
            page = await loaders.institution_authors.load(key)
        loaders.prime_authors(page.items)
        return connection(page, Author.from_row, scope)


@strawberry.type(description="A journal, repository (arXiv), conference or other venue.")
class Source:
    id: strawberry.ID = strawberry.field(description="Graph id: the OpenAlex id (S4306400194), or \"arxiv\" for "
                                                     "the arXiv repository.")
    name: str = strawberry.field(description="Display name (the id when the record has none).")
    type: str | None = strawberry.field(description="As OpenAlex names it: journal, repository, conference, …")
    issn_l: str | None = strawberry.field(description="Linking ISSN (ISSN-L).")
    publisher: str | None = strawberry.field(description="The publisher or host organisation.")

    @strawberry.field(description="Type, publisher and works published in it.")
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "SOURCE"))  # type: ignore[no-any-return]

    @classmethod
    def from_row(cls, row: Row) -> Source:
        return cls(id=strawberry.ID(row["id"]), name=row.get("name") or row["id"], type=row.get("type"),
                   issn_l=row.get("issn_l"), publisher=row.get("publisher"))


@strawberry.type(description="An author's tie to an institution.")
class Affiliation:
    institution: Institution = strawberry.field(description="The institution.")
    years: list[int] = strawberry.field(description="Publication years in which an authorship showed it.")
    first_year: int | None = strawberry.field(description="The earliest of `years`; null when none is known.")
    last_year: int | None = strawberry.field(description="The latest of `years`; null when none is known.")
    last_known: bool = strawberry.field(description="The author record names it as the last known affiliation.")

    @classmethod
    def from_row(cls, row: Row) -> Affiliation:
        return cls(institution=Institution.from_row(row["institution"]), years=list(row.get("years") or []),
                   first_year=row.get("first_year"), last_year=row.get("last_year"),
                   last_known=bool(row.get("last_known")))
