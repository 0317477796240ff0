"""Author, Work, Topic, Institution and Source, with their relations as batched fields, and the
author's profile header with its possibleMerge clusters.

One module because these GraphQL types refer to each other in a ring (Author.profile ->
Profile.possibleMerge -> MergeCluster.topWorks / ClusterCoauthor.author -> Work, Author): split
across modules, the ring would be an import cycle. Their leaves live apart (api/types/trust.py,
years.py, categories.py, enums.py) and the selection look-ahead in api/types/lookahead.py."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from graphql.pyutils import AwaitableOrValue

from analytics.coherence import Cluster
from analytics.coherence_input import MergeData
from api.context import Info
from api.data.pages import WorksDetail
from api.data.profile import ProfileData, profile_trust
from api.execution.plans import CARRIED, NOT_CARRIED, NotCarried
from api.limits import DEFAULT_FIRST, MAX_FIRST, REACHES_DATABASE, page_size
from api.pagination import decode_cursor
from api.types import categories, years
from api.types.categories import AiScore, PrimaryCategory
from api.types.connection import After, Connection, First, ListScope, connection
from api.types.enums import ClaimStatus, WorkOrder
from api.types.filters import FilterArg, to_data
from api.types.lookahead import BYLINE_FIRST, Row, WorkDetail, WorksAsked, work_fields_ahead, works_detail_key
from api.types.trust import Trust
from api.types.years import CountsByYear

# Arguments whose meaning is particular to one or two fields (paging ones: api.types.connection).
TopicsFirst = Annotated[int, strawberry.argument(description=f"How many topics, 0-{MAX_FIRST}.")]
BylineFirst = Annotated[int, strawberry.argument(
    description=f"How many authors, from the start of the byline, 0-{MAX_FIRST}.")]
WorksOrder = Annotated[WorkOrder, strawberry.argument(description="Newest (DATE) or most cited (CITATIONS) first.")]


def _carried_hint(node: Any, _: dict[str, Any]) -> str | None | NotCarried:
    """A node's hint, where autocomplete gave it one (the `carried_hint` of Author, Work, Topic,
    Institution and Source: autocomplete fetches every suggestion's hint at once)."""
    return node.carried_hint


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

    carried_hint: strawberry.Private[str | None | NotCarried] = NOT_CARRIED
    # The page of works Query.author fetched with the author for the selection's one `works`
    # field, beside the arguments it was asked with: Author.works answers from it when they match.
    carried_works: strawberry.Private[tuple[WorksAsked, WorksDetail] | None] = None

    @strawberry.field(description="What tells this researcher from namesakes: current institution and works in "
                                  "the graph ('OpenAlex · 50 works').",
                      metadata={CARRIED: _carried_hint})
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "AUTHOR"))

    @classmethod
    def from_row(cls, row: Row, carried_works: tuple[WorksAsked, WorksDetail] | None = None) -> Author:
        return cls(id=strawberry.ID(row["id"]), name=row.get("display_name") or row["id"], orcid=row.get("orcid"),
                   openalex_id=row.get("openalex_id"), novelty=row.get("novelty"), community=row.get("community"),
                   carried_works=carried_works)

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
        # The works' bylines and topics come with the page in one query (one round trip instead
        # of three), cut to what the selection shows, and each Work carries its own for
        # Work.authors / authorCount / topics. Query.author may have fetched it already.
        carried = self.carried_works
        if carried is not None and carried[0] == (order_by.name, after, first):
            detail = carried[1]
        else:
            detail_key = works_detail_key(self.id, order_by.name, after, first,
                                          work_fields_ahead(info.selected_fields))
            if detail_key is None:
                page = await loaders.author_works.load(key)
                loaders.prime_works(page.items)
                return connection(page, Work.from_row, scope)
            detail = await loaders.author_works_detail.load(detail_key)
        return connection(detail.page, lambda row: Work.from_row(row, WorkDetail.of(detail, row["id"])), scope)

    @strawberry.field(description="The topics with the most of the author's works, most first (ties by id); "
                                  "share = of all the author's works.")
    async def topics(self, info: Info, first: TopicsFirst = 5) -> list[TopicShare]:
        total, rows = await info.context.loaders.author_topics.load((self.id, page_size(first)))
        return [TopicShare.from_row(r, total) for r in rows]

    @strawberry.field(description="The profile header: counts, h-index, topics, affiliations, trust.")
    async def profile(self, info: Info, top_topics: Annotated[int, strawberry.argument(
                          description=f"How many topics `topTopics` lists, 0-{MAX_FIRST}.")] = 5,
                      ) -> Profile:
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


def _byline(loaders: Any, items: list[Row], prime: bool) -> list[Authorship]:
    if prime:  # whole author maps only: the author loader answers every Author field from them
        loaders.prime_authors([a["author"] for a in items])
    return [Authorship(author=Author.from_row(a["author"]), position=a.get("position"), order=a.get("order"),
                       corresponding=a.get("corresponding")) for a in items]


def _work_topics(rows: list[Row]) -> list[WorkTopic]:
    return [WorkTopic(topic=Topic.from_row(r["topic"]), score=r.get("score"), primary=bool(r.get("primary")))
            for r in rows]


def _carried_byline(work: Work, arguments: dict[str, Any]) -> list[Authorship] | NotCarried:
    """Work.authors from the works page the work came in, when it carries that much of the byline
    (the plan reading it completes a plain selection: no Author resolver needs the loader primed)."""
    detail = work.detail
    first = page_size(arguments["first"])
    if detail is None or detail.byline is None or first > detail.byline_limit:
        return NOT_CARRIED
    return _byline(None, detail.byline.items[:first], prime=False)


def _carried_topics(work: Work, _: dict[str, Any]) -> list[WorkTopic] | NotCarried:
    """Work.topics from the works page the work came in, when it carries them."""
    detail = work.detail
    return NOT_CARRIED if detail is None or detail.topics is None else _work_topics(detail.topics)


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
    # The byline and topics fetched with the page this work came in (Author.works), if any
    detail: strawberry.Private[WorkDetail | None] = None

    carried_hint: strawberry.Private[str | None | NotCarried] = NOT_CARRIED

    @strawberry.field(description="What tells this work from others of similar title: year and first author "
                                  "('2022 · Jason Priem et al.').",
                      metadata={CARRIED: _carried_hint})
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "WORK"))

    @classmethod
    def from_row(cls, row: Row, detail: WorkDetail | None = None) -> Work:
        return cls(id=strawberry.ID(row["id"]), detail=detail, title=row.get("title"), abstract=row.get("abstract"),
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

    @strawberry.field(description="The byline, in order (the first `first` authors).",
                      graphql_type=list[Authorship], metadata={**REACHES_DATABASE, CARRIED: _carried_byline})
    def authors(self, info: Info, first: BylineFirst = BYLINE_FIRST) -> AwaitableOrValue[list[Authorship]]:
        loaders = info.context.loaders
        key = (self.id, page_size(first))
        detail = self.detail
        if detail is not None and detail.byline is not None and key[1] <= detail.byline_limit:
            # an answer at once, not a coroutine for graphql-core to await (20 works a page)
            return _byline(loaders, detail.byline.items[:key[1]], prime=detail.full_authors)

        async def later() -> list[Authorship]:
            return _byline(loaders, (await loaders.work_authors.load(key)).items, prime=True)

        return later()

    @strawberry.field(description="How many authors the work has (for \"et al.\").")
    async def author_count(self, info: Info) -> int:
        if self.detail is not None and self.detail.byline is not None:
            return self.detail.byline.total
        page = await info.context.loaders.work_authors.load((self.id, 0))
        return page.total

    @strawberry.field(description="Its topics (OpenAlex topics, arXiv categories): the primary one first, then "
                                  "by score.", graphql_type=list["WorkTopic"],
                      metadata={**REACHES_DATABASE, CARRIED: _carried_topics})
    def topics(self, info: Info) -> AwaitableOrValue[list[WorkTopic]]:
        if self.detail is not None and self.detail.topics is not None:
            return _work_topics(self.detail.topics)
        loader = info.context.loaders.work_topics

        async def later() -> list[WorkTopic]:
            return _work_topics(await loader.load((self.id,)))

        return later()

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

    carried_hint: strawberry.Private[str | None | NotCarried] = NOT_CARRIED

    @strawberry.field(description="Its level, its broader topic and works ('topic in Information Systems · 21 "
                                  "works').",
                      metadata={CARRIED: _carried_hint})
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "TOPIC"))

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

    carried_hint: strawberry.Private[str | None | NotCarried] = NOT_CARRIED

    @strawberry.field(description="Type, country and affiliated authors ('education · US · 12 authors').",
                      metadata={CARRIED: _carried_hint})
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "INSTITUTION"))

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

    carried_hint: strawberry.Private[str | None | NotCarried] = NOT_CARRIED

    @strawberry.field(description="Type, publisher and works published in it.",
                      metadata={CARRIED: _carried_hint})
    async def hint(self, info: Info) -> str | None:
        return await info.context.loaders.hints.load((str(self.id), "SOURCE"))

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


@strawberry.type(description="Counts, all computed from the graph.")
class ProfileCounts:
    works: int = strawberry.field(description="Works by the author in the graph.")
    citations: int = strawberry.field(description="Sum of the cited-by counts of those works (unknown: 0).")
    topics: int = strawberry.field(description="Distinct topics of those works.")
    collaborators: int = strawberry.field(description="Distinct coauthors in the graph (works with over 100 "
                                                      "authors add none).")
    followers: int = strawberry.field(description="Users of this API following the author.")


@strawberry.type(description="Everything a researcher's profile header shows, consistent by construction.")
class Profile:
    counts: ProfileCounts = strawberry.field(description="Works, citations, topics, coauthors and followers.")
    h_index: int = strawberry.field(description="The largest h such that h of the author's works in the graph have "
                                                "at least h citations each (citedByCount); never more than "
                                                "counts.works.")
    i10_index: int = strawberry.field(description="The author's works in the graph with at least 10 citations "
                                                  "(citedByCount).")
    top_topics: list[TopicShare] = strawberry.field(description="The topics with the most of the author's works "
                                                                "(ties by id); share = topic's works / counts.works.")
    current_affiliations: list[Affiliation] = strawberry.field(
        description="Last known ones; without any, those of the latest year. Empty: affiliation not imported.")
    past_affiliations: list[Affiliation] = strawberry.field(description="The other affiliations, latest first.")
    novelty: float | None = strawberry.field(description="As Author.novelty; null until computed.")
    community: int | None = strawberry.field(description="Coauthor community (scholargraph analyze); null until "
                                                         "computed.")
    pagerank: float | None = strawberry.field(description="PageRank in the coauthor network, weighted by shared "
                                                          "works, summing to 1 over all authors (scholargraph "
                                                          "analyze); null until computed.")
    betweenness: float | None = strawberry.field(description="Normalised betweenness (0-1) in the coauthor network "
                                                              "(sampled on large graphs; scholargraph analyze); null "
                                                              "until computed.")
    claim_status: ClaimStatus | None = strawberry.field(
        description="The strongest claim of this record by a user (VERIFIED over PENDING); null: unclaimed.")
    claimed: bool = strawberry.field(description="A user's claim of this record was verified.")
    author_id: strawberry.Private[str]
    data: strawberry.Private[ProfileData]

    # trust and possibleMerge read the coherence analysis, whose query moves every work's embedding:
    # asked only when one of them is selected, once for both.
    async def _coherence(self, info: Info) -> MergeData:
        return await info.context.loaders.coherence.load((self.author_id,))

    @strawberry.field(description="How far the profile can be trusted, and why.")
    async def trust(self, info: Info) -> Trust:
        return Trust.from_summary(profile_trust(self.data, await self._coherence(info)))

    @strawberry.field(description="Whether this profile may be several people under one id: its works clustered "
                                  "by coauthors, affiliations, embeddings and topics (docs/api.md). Lists the "
                                  "`first` largest clusters (1-20).")
    async def possible_merge(self, info: Info, first: Annotated[int, strawberry.argument(
            description="How many clusters to list, 1-20 (outside: the nearest bound).")] = 5) -> PossibleMerge:
        return PossibleMerge.of(await self._coherence(info), max(1, min(first, 20)))

    @strawberry.field(description="Works and citations by year, full history, zero years kept.")
    async def counts_by_year(self, info: Info) -> CountsByYear:
        return await years.load(info, self.author_id, "AUTHOR")

    @strawberry.field(description="The category with most of the author's works (the header's \"CV\", \"CL\"); "
                                  "null without works that have topics.")
    async def primary_category(self, info: Info) -> PrimaryCategory | None:
        return categories.primary_of(await categories.load(info, self.author_id))

    @strawberry.field(description="The share of the author's works in AI, 0-100, with its formula (docs/api.md).")
    async def ai_score(self, info: Info) -> AiScore:
        return categories.ai_of(await categories.load(info, self.author_id))

    @classmethod
    def from_data(cls, d: ProfileData) -> Profile:
        status = ClaimStatus(d.claim_status) if d.claim_status else None
        return cls(
            counts=ProfileCounts(works=d.works, citations=d.citations, topics=d.topics,
                                 collaborators=d.collaborators, followers=d.followers),
            h_index=d.h_index, i10_index=d.i10_index,
            top_topics=[TopicShare.from_row(t, d.works) for t in d.top_topics],
            current_affiliations=[Affiliation.from_row(a) for a in d.current_affiliations],
            past_affiliations=[Affiliation.from_row(a) for a in d.past_affiliations],
            novelty=d.novelty, community=d.community, pagerank=d.pagerank, betweenness=d.betweenness,
            claim_status=status, claimed=status is ClaimStatus.VERIFIED, author_id=d.author_id, data=d,
        )


@strawberry.type(description="An institution and how many of a cluster's works fall in the years the author held it.")
class ClusterInstitution:
    institution: Institution = strawberry.field(description="The institution.")
    works: int = strawberry.field(description="The cluster's works from years the author was affiliated with it "
                                              "(a year with one affiliation counts it alone).")


@strawberry.type(description="A coauthor of a cluster's works.")
class ClusterCoauthor:
    author_id: strawberry.ID = strawberry.field(description="The coauthor's id.")
    works: int = strawberry.field(description="The cluster's works they share with the author.")

    @strawberry.field(description="The coauthor; null if the node vanished meanwhile.")
    async def author(self, info: Info) -> Author | None:
        row = await info.context.loaders.author.load(str(self.author_id))
        return Author.from_row(row) if row else None


@strawberry.type(description="A group of the author's works linked by shared coauthors, an affiliation, similar "
                             "text (embeddings) or shared topics; no two clusters share a coauthor.")
class MergeCluster:
    works: int = strawberry.field(description="How many works.")
    work_ids: list[strawberry.ID] = strawberry.field(description="All of them, most cited first, then by id.")
    substantial: bool = strawberry.field(description="At least 3 works and 15% of the author's: large enough to "
                                                     "be a person's body of work.")
    topics: list[TopicShare] = strawberry.field(description="Its 5 most frequent topics; share = topic's works / "
                                                            "the cluster's works.")
    coauthors: int = strawberry.field(description="Distinct coauthors of its works.")
    top_coauthors: list[ClusterCoauthor] = strawberry.field(description="Its 5 most frequent coauthors, then by id.")
    years: list[int] = strawberry.field(description="The distinct years of its works, ascending.")
    first_year: int | None = strawberry.field(description="Its earliest year; null when no work has one.")
    last_year: int | None = strawberry.field(description="Its latest year; null when no work has one.")
    institutions: list[ClusterInstitution] = strawberry.field(description="Up to 5 of the author's affiliations in "
                                                                          "its years, most works first.")

    @strawberry.field(description="Its most cited works (first: 1-20).")
    async def top_works(self, info: Info, first: Annotated[int, strawberry.argument(
            description="How many works, 1-20 (outside: the nearest bound).")] = 3) -> list[Work]:
        ids = [str(i) for i in self.work_ids[:max(1, min(first, 20))]]
        rows = await info.context.loaders.work.load_many(ids)
        return [Work.from_row(r) for r in rows if r]

    @classmethod
    def of(cls, c: Cluster, data: MergeData) -> MergeCluster:
        n = len(c.works)
        return cls(works=n, work_ids=[strawberry.ID(w) for w in c.works], substantial=c.substantial,
                   topics=[TopicShare.from_row({"topic": data.topics[t], "works": k}, n) for t, k in c.topics
                           if t in data.topics],
                   coauthors=c.coauthor_count,
                   top_coauthors=[ClusterCoauthor(author_id=strawberry.ID(a), works=k) for a, k in c.coauthors],
                   years=list(c.years), first_year=c.years[0] if c.years else None,
                   last_year=c.years[-1] if c.years else None,
                   institutions=[ClusterInstitution(institution=Institution.from_row(data.institutions[i]), works=k)
                                 for i, k in c.institutions if i in data.institutions])


@strawberry.type(description="Whether the profile looks like several people under one id, and why: the author's "
                             "works clustered (docs/api.md, \"This profile may be N people\").")
class PossibleMerge:
    likely: bool = strawberry.field(description="Two substantial clusters with no coauthor in common lie on "
                                                "unrelated topics (topic distance at least 0.5).")
    people: int = strawberry.field(description="How many people the profile seems to hold: the substantial "
                                               "clusters on mutually unrelated topics when likely, else 1; 0 "
                                               "without works.")
    score: float = strawberry.field(description="0-1, for ranking: min(1, 2 x the second cluster's share) x "
                                                "topic distance; 0 when not likely.")
    topic_distance: float | None = strawberry.field(description="0-1 between the two largest substantial clusters "
                                                                "(1 - cosine of their works per field); null with "
                                                                "fewer than two.")
    works: int = strawberry.field(description="The works analysed: all of the author's in the graph.")
    clusters: list[MergeCluster] = strawberry.field(description="The clusters, largest first (at most `first` of "
                                                                "them are listed: see clusterCount).")
    cluster_count: int = strawberry.field(description="How many clusters there are in all.")
    evidence: list[str] = strawberry.field(description="What the verdict rests on, for display.")

    @classmethod
    def of(cls, data: MergeData, first: int) -> PossibleMerge:
        c = data.coherence
        return cls(likely=c.likely, people=c.people, score=c.score, topic_distance=c.topic_distance, works=c.works,
                   clusters=[MergeCluster.of(k, data) for k in c.clusters[:first]], cluster_count=len(c.clusters),
                   evidence=list(c.evidence))
