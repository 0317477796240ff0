"""The root Query: thin resolvers, each checking its arguments and calling one query function."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated

import strawberry
from graphql import FieldNode, IntValueNode, VariableNode
from strawberry.dataloader import DataLoader
from strawberry.types.arguments import StrawberryArgumentAnnotation
from strawberry.types.nodes import SelectedField

from api.context import Info
from api.data import collaborators, graph_slice, hit_works, nodes
from api.data.suggestions import suggested_collaborators
from api.dataloaders import Row
from api.embedding import load_embedder
from api.errors import ArgumentError, FeatureUnavailable, LimitError
from api.limits import CONTEXT_CAPS, DEFAULT_FIRST, MAX_FIRST, MAX_HOPS, MAX_IDS, bounded, context_cap, page_size
from api.mutations import MeQuery
from api.types.collaborators import CollaborationPath, Collaborator, SuggestedCollaborator
from api.types.enums import NodeKind, SearchKind, WorkOrder
from api.types.graph_slice import GraphSlice
from api.types.lookahead import Key, WorksAsked, author_works_field, work_fields_ahead, works_detail_key
from api.types.nodes import Author, Institution, Source, Topic, Work
from api.types.search import AutocompleteNode, ScoredWork, SearchHit
from graphdb.fulltext import MAX_TERMS
from graphdb.queries import UnknownQueryError
from search import autocomplete as typeahead
from search import fulltext

ALL_KINDS = list(NodeKind)

# Arguments, described once where several fields take them.
AuthorId = Annotated[strawberry.ID, strawberry.argument(description="The author's id (Author.id).")]
HowMany = Annotated[int, strawberry.argument(description=f"How many to return, 0-{MAX_FIRST}.")]


def _context_cap(what: str, name: str) -> StrawberryArgumentAnnotation:
    """A researcherContext list's argument, described with its real maximum (api.limits)."""
    return strawberry.argument(description=f"How many {what}, 0-{CONTEXT_CAPS[name][1]}.")


def _profile_asked(info: Info) -> int | None:
    """`topTopics` of the author's `profile` field when the query asks for one directly (a valid
    value, from a literal, a variable or the default), else None. Reads the field's own
    selection only: from the operation's own root field when it is there (the common case:
    cheap), else from strawberry's `selected_fields` (which converts the whole selection, about
    0.1 ms for the profile's)."""
    node = next((f for f in info.operation.selection_set.selections
                 if isinstance(f, FieldNode) and (f.alias or f.name).value == info.path.key), None)
    if node is None:  # under a fragment on Query
        for field in info.selected_fields[0].selections:
            if isinstance(field, SelectedField) and field.name == "profile":
                top = field.arguments.get("topTopics", 5)
                if isinstance(top, str):  # a literal, as its text (an Int: the document is validated)
                    top = int(top)
                return _top_topics(top)
        return None
    for selection in node.selection_set.selections if node.selection_set else ():
        if isinstance(selection, FieldNode) and selection.name.value == "profile":
            top = 5
            for arg in selection.arguments or ():
                if arg.name.value == "topTopics":
                    value = arg.value
                    if isinstance(value, VariableNode):
                        top = info.variable_values.get(value.name.value)
                    else:
                        top = int(value.value) if isinstance(value, IntValueNode) else None
            return _top_topics(top)
    return None


def _works_detail_asked(info: Info, author_id: str) -> tuple[WorksAsked, Key] | None:
    """The arguments of the author field's one page of works (orderBy, after, first) and the key
    Author.works will load that page with, when it asks for the works' bylines or topics and no
    filter (api.types.lookahead.works_detail_key), so that one query brings the author and the
    page; None otherwise, or where the arguments are not certain to be valid (Author.works then
    reports them)."""
    works = author_works_field(info.selected_fields)
    if works is None or works.arguments.get("filter") is not None:
        return None
    first, after = works.arguments.get("first", DEFAULT_FIRST), works.arguments.get("after")
    order = works.arguments.get("orderBy", WorkOrder.DATE.name)
    if isinstance(first, str):  # a literal comes as its source text, validated as an Int already
        first = int(first)
    if type(first) is not int or (after is not None and not isinstance(after, str)) \
            or order not in WorkOrder.__members__:
        return None
    try:
        key = works_detail_key(author_id, order, after, first, work_fields_ahead([works]))
    except (ArgumentError, LimitError):
        return None
    return None if key is None else ((order, after, first), key)


def _top_topics(top: object) -> int | None:
    return top if isinstance(top, int) and not isinstance(top, bool) and 0 <= top <= MAX_FIRST else None


def _feature(exc: Exception) -> FeatureUnavailable:
    return FeatureUnavailable(f"not available on this server yet: {exc}")


@strawberry.type(description="The read API: nodes by id, search, graph slices and collaborators (public), and the "
                             "signed-in user (`me`).")
class Query(MeQuery):
    @strawberry.field(description="An author by id (OpenAlex id like A5023888391, orcid:…, name:…); null if unknown.")
    async def author(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(
                         description="The author's graph id.")]) -> Author | None:
        top = _profile_asked(info)
        if top is not None:  # one query for both: the profile query returns the author too
            data = await info.context.loaders.profile.load((str(id), top))
            return Author.from_row(data.author) if data else None
        works = _works_detail_asked(info, str(id))
        if works is not None:  # one query for both: the works page query returns the author too
            asked, detail_key = works
            detail = await info.context.loaders.author_works_detail.load(detail_key)
            if detail.author is None:
                return None
            # Author.works answers from the page it carries, without reading its selection again
            return Author.from_row(detail.author, carried_works=(asked, detail))
        row = await info.context.loaders.author.load(str(id))
        return Author.from_row(row) if row else None

    @strawberry.field(description=f"Authors by id, in the order asked (null for unknown ids); at most {MAX_IDS}.")
    async def authors(self, info: Info, ids: Annotated[list[strawberry.ID], strawberry.argument(
                          description=f"Author ids, at most {MAX_IDS} (more is a LIMIT_EXCEEDED error).")]
                      ) -> list[Author | None]:
        bounded(len(ids), "ids", MAX_IDS)
        rows = await info.context.loaders.author.load_many([str(i) for i in ids])
        return [Author.from_row(r) if r else None for r in rows]

    @strawberry.field(description=f"The researchers with the most coauthors (COAUTHOR degree), most first, ties by "
                                  f"id; the explorer opens on the first. `first`: at most {MAX_FIRST}.")
    async def most_connected_authors(self, info: Info, first: HowMany = 10) -> list[Author]:
        rows = await info.context.run(nodes.most_connected_authors, page_size(first))
        return [Author.from_row(row) for row in rows]

    @strawberry.field(description="A work by id (W…, arxiv:…); null if unknown.")
    async def work(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(
                       description="The work's graph id.")]) -> Work | None:
        row = await info.context.loaders.work.load(str(id))
        return Work.from_row(row) if row else None

    @strawberry.field(description="A topic by id (T…, openalex:field:17, arxiv:cs.CV); null if unknown.")
    async def topic(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(
                        description="The topic's graph id.")]) -> Topic | None:
        row = await info.context.loaders.topic.load(str(id))
        return Topic.from_row(row) if row else None

    @strawberry.field(description="An institution by id (I…, ror:…); null if unknown.")
    async def institution(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(
                              description="The institution's graph id.")]) -> Institution | None:
        row = await info.context.loaders.institution.load(str(id))
        return Institution.from_row(row) if row else None

    @strawberry.field(description="A source (journal, repository) by id (S…, arxiv); null if unknown.")
    async def source(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(
                         description="The source's graph id.")]) -> Source | None:
        row = await info.context.loaders.source.load(str(id))
        return Source.from_row(row) if row else None

    @strawberry.field(description="Typeahead: authors, works, topics, institutions and sources whose name (a work: "
                                  "its title) matches the text, the last word as a prefix; ranked by match quality "
                                  "(the whole name, then the name's start, then any words), then citations (works "
                                  "for topics and sources, authors for institutions). Ask for each node's `hint`.")
    async def autocomplete(
        self, info: Info,
        text: Annotated[str, strawberry.argument(
            description=f"What the person has typed so far (the first {MAX_TERMS} distinct words count).")],
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(
            description="What to suggest; null or empty: every kind.")] = None,
        first: Annotated[int, strawberry.argument(
            description=f"How many suggestions, 0-{typeahead.MAX_FIRST}.")] = typeahead.MAX_FIRST,
    ) -> list[AutocompleteNode]:
        count = bounded(first, "first", typeahead.MAX_FIRST)
        wanted = [k.value for k in (kinds or ALL_KINDS)]
        found = await info.context.run(typeahead.autocomplete, text, wanted, count)
        loaders = info.context.loaders
        # per kind: its loader, and what makes the node of a row
        by_kind: dict[str, tuple[DataLoader[str, Row | None], Callable[[Row], AutocompleteNode]]] = {
            "AUTHOR": (loaders.author, Author.from_row), "WORK": (loaders.work, Work.from_row),
            "TOPIC": (loaders.topic, Topic.from_row), "INSTITUTION": (loaders.institution, Institution.from_row),
            "SOURCE": (loaders.source, Source.from_row)}
        # The nodes and their hints in one go (the loaders batch each kind into one query, all in
        # flight together); each node carries its hint, which its `hint` field then reads.
        rows, hints = await asyncio.gather(asyncio.gather(*(by_kind[s.kind][0].load(s.id) for s in found)),
                                           loaders.hints.load_many([(s.id, s.kind) for s in found]))
        nodes = []
        for s, row, hint in zip(found, rows, hints, strict=True):
            if row:
                nodes.append(node := by_kind[s.kind][1](row))
                node.carried_hint = hint
        return nodes

    @strawberry.field(description="Full-text search over work titles and abstracts and author names: every word "
                                  "must match, the last one as a prefix. Best first.")
    async def search(
        self, info: Info,
        text: Annotated[str, strawberry.argument(
            description=f"Words to find (letters and digits; anything else separates words); the first {MAX_TERMS} "
                        "distinct words count, and text without any finds nothing.")],
        kinds: Annotated[list[SearchKind] | None, strawberry.argument(
            description="What to search; null or empty: authors and works.")] = None,
        first: Annotated[int, strawberry.argument(
            description=f"How many hits in all, 0-{MAX_FIRST}.")] = DEFAULT_FIRST,
    ) -> list[SearchHit]:
        wanted = [k.value for k in (kinds or list(SearchKind))]
        hits = await info.context.run(fulltext.search, text, wanted, page_size(first))
        return [SearchHit.from_hit(h) for h in hits]

    @strawberry.field(description="Works whose meaning is closest to the text (sentence embeddings), closest "
                                  "first; a work titled exactly as the text comes first.")
    async def semantic_search(
        self, info: Info,
        text: Annotated[str, strawberry.argument(description="Any text: a title, an abstract, a question; "
                                                             "not blank.")],
        first: HowMany = 10,
    ) -> list[ScoredWork]:
        k = page_size(first)
        if not text.strip():
            raise ArgumentError("text must not be empty")
        embedder = await load_embedder(info.context)
        try:
            from search.semantic import semantic_search as nearest

            # embedding the text is CPU work: the sync face, in a worker thread
            hits = await info.context.run_blocking(nearest, embedder, text, k)
            found = await info.context.run(hit_works.scored_works, hits)
        except (UnknownQueryError, ImportError) as exc:
            raise _feature(exc) from exc
        return [ScoredWork(score=s.score, work=Work.from_row(s.work)) for s in found]

    @strawberry.field(description="Works most similar to a work (SIMILAR_TO, from embeddings), most similar "
                                  "first; null if unknown.")
    async def similar_works(
        self, info: Info,
        work_id: Annotated[strawberry.ID, strawberry.argument(description="The work's id (Work.id).")],
        first: Annotated[int, strawberry.argument(
            description=f"How many, 0-{MAX_FIRST}; a work has as many as `scholargraph link-similar` linked to it.")
        ] = 10,
    ) -> list[ScoredWork] | None:
        try:
            found = await info.context.run(hit_works.similar_works, str(work_id), page_size(first))
        except (UnknownQueryError, ImportError) as exc:
            raise _feature(exc) from exc
        return None if found is None else [ScoredWork(score=s.score, work=Work.from_row(s.work)) for s in found]

    @strawberry.field(description="The graph slice around a researcher: their most cited works, closest "
                                  "collaborators, main topics and institutions. Null if unknown.")
    async def researcher_context(
        self, info: Info, author_id: AuthorId,
        works: Annotated[int, _context_cap("of the author's most cited works", "works")] = CONTEXT_CAPS["works"][0],
        collaborators: Annotated[int, _context_cap("of the closest coauthors (most shared works first)",
                                                   "collaborators")] = CONTEXT_CAPS["collaborators"][0],
        topics: Annotated[int, _context_cap("of the topics with the most of the author's works",
                                            "topics")] = CONTEXT_CAPS["topics"][0],
        institutions: Annotated[int, _context_cap("affiliations (last known first)",
                                                  "institutions")] = CONTEXT_CAPS["institutions"][0],
    ) -> GraphSlice | None:
        caps = (context_cap("works", works), context_cap("collaborators", collaborators),
                context_cap("topics", topics), context_cap("institutions", institutions))
        found = await info.context.run(graph_slice.researcher_context, str(author_id), *caps)
        return GraphSlice.from_data(found) if found else None

    @strawberry.field(description="The neighbours of any node, in the researcherContext shape, for the explorer. "
                                  "`first` caps each kind of neighbour. Null if unknown.")
    async def expand(
        self, info: Info,
        node_id: Annotated[strawberry.ID, strawberry.argument(description="Any node's id (GraphNode.id).")],
        kind: Annotated[NodeKind | None, strawberry.argument(
            description="The node's kind, when known (saves a lookup; a wrong one gives null); null: looked up.")
        ] = None,
        kinds: Annotated[list[NodeKind] | None, strawberry.argument(
            description="Which kinds of neighbour to include; null: every kind.")] = None,
        first: Annotated[int, strawberry.argument(
            description=f"At most this many neighbours of each kind, 0-{CONTEXT_CAPS['first'][1]}.")
        ] = CONTEXT_CAPS["first"][0],
    ) -> GraphSlice | None:
        wanted = [k.value for k in (kinds if kinds is not None else ALL_KINDS)]
        found = await info.context.run(graph_slice.expand, str(node_id), kind.value if kind else None, wanted,
                                       context_cap("first", first))
        return GraphSlice.from_data(found) if found else None

    @strawberry.field(description="Coauthors by shared works, with the years and topics they share. "
                                  "Null for an unknown author.")
    async def close_collaborators(self, info: Info, author_id: AuthorId,
                                  first: HowMany = DEFAULT_FIRST) -> list[Collaborator] | None:
        found = await info.context.run(collaborators.close_collaborators, str(author_id), page_size(first))
        return None if found is None else [Collaborator.from_data(c) for c in found]

    @strawberry.field(description=f"A shortest chain of coauthorships from one researcher to another, with the "
                                  f"works linking each hop; null when none within maxHops (1-{MAX_HOPS}) "
                                  "or an id is unknown.")
    async def collaboration_path(
        self, info: Info,
        from_id: Annotated[strawberry.ID, strawberry.argument(description="The author the chain starts from.")],
        to_id: Annotated[strawberry.ID, strawberry.argument(description="The author the chain ends at.")],
        max_hops: Annotated[int, strawberry.argument(
            description=f"The longest chain to look for, 1-{MAX_HOPS} coauthorships.")] = MAX_HOPS,
    ) -> CollaborationPath | None:
        hops = bounded(max_hops, "maxHops", MAX_HOPS, minimum=1)
        found = await info.context.run(collaborators.collaboration_path, str(from_id), str(to_id), hops)
        return CollaborationPath.from_data(found) if found else None

    @strawberry.field(description="People who are not yet coauthors, ranked by network proximity, topic "
                                  "overlap and similar works, with reasons. Null for an unknown author.")
    async def suggested_collaborators(self, info: Info, author_id: AuthorId,
                                      first: HowMany = 10) -> list[SuggestedCollaborator] | None:
        found = await info.context.run(suggested_collaborators, str(author_id), page_size(first))
        return None if found is None else [SuggestedCollaborator.from_data(s) for s in found]
