"""The writer's entity writes: topics (with their parents), institutions and authors, each
record folded into its node's row by rank (loaders/precedence.py)."""

from __future__ import annotations

from typing import Any

from graphdb import Graph
from loaders.query_sender import QuerySender
from loaders.records import AuthorRecord, InstitutionRecord, TopicRecord
from loaders.resolve import keyed_author_id, name_key, person_key_ids
from loaders.write_rows import entity_rank, fold_order, fold_props, props_of, ranked_row


class EntityWrites(QuerySender):
    def __init__(self, graph: Graph, *, pipelined: bool = False) -> None:
        super().__init__(graph, pipelined=pipelined)
        # id() of this batch's records written under a merged id's survivor (merges.Rewriter)
        self._demoted: set[int] = set()

    def _rank(self, record: Any, own: bool, updated: str | None) -> str:
        """entity_rank, or '' (below every record) for a record written under a merged id's
        survivor: the survivor's own values win, the old record only fills."""
        return "" if id(record) in self._demoted else entity_rank(own, updated)

    # -- entities -------------------------------------------------------------

    def _write_topics(self, topics: list[tuple[TopicRecord, str]]) -> None:
        """Topics with their rank; a topic's parents are copies embedded in it."""
        nodes: dict[str, dict[str, Any]] = {}
        links: dict[tuple[str, str], dict[str, str]] = {}
        for topic, rank in topics:
            t: TopicRecord | None = topic
            while t is not None:
                props: dict[str, Any] = {"name": t.name, "level": t.level, "scheme": t.scheme}
                if t.description:
                    props["description"] = t.description
                if t.keywords:
                    props["keywords"] = t.keywords
                ranked_row(nodes, t.id, props, rank)
                if t.parent is not None:
                    links[(t.id, t.parent.id)] = {"topic": t.id, "parent": t.parent.id}
                if t is topic:
                    rank = entity_rank(False, topic.updated_date) if rank[:1] == "1" else rank
                t = t.parent
        self.run("load/upsert_topics", rows=list(nodes.values()))
        if links:
            self.run("load/link_subtopics", links=list(links.values()))

    def _write_institutions(self, institutions: list[tuple[InstitutionRecord, str]]) -> None:
        """Institutions with their rank (see _rank)."""
        by_node: dict[str, list[tuple[InstitutionRecord, str]]] = {}
        for i, rank in institutions:
            by_node.setdefault(i.id, []).append((i, rank))
        rows: dict[str, dict[str, Any]] = {}
        for node_id, records in by_node.items():
            for i, rank in fold_order(records, id):  # works share the parser's object of an institution
                ranked_row(rows, node_id, props_of(i, _INSTITUTION_FIELDS), rank)
        self.run("load/upsert_institutions", rows=list(rows.values()))

    def _write_authors(self, authors: list[AuthorRecord], ids: list[str] | None = None,
                       ranks: list[str] | None = None) -> None:
        """Authors' own records (ids None), or the authors of works with their graph ids and
        ranks (copies embedded in the works)."""
        own = ids is None
        if ids is None:  # own records without an OpenAlex id are found by their person keys
            found = person_key_ids(self, authors)
            ids = [keyed_author_id(a, found) or "" for a in authors]
        ranks = ranks or [self._rank(a, True, a.updated_date) for a in authors]
        insts = [(i, self._rank(i, False, a.updated_date)) for a in authors
                 for i in (*a.last_known_institutions, *(f.institution for f in a.affiliations))]
        if insts:
            self._write_institutions(insts)
        by_author: dict[str, list[tuple[AuthorRecord, str]]] = {}
        for a, aid, rank in zip(authors, ids, ranks, strict=True):
            if not aid:
                continue
            records = by_author.setdefault(aid, [])
            if not (a.openalex_id or a.id or a.orcid or a.s2_id or a.dblp_name) and not aid.startswith("name:"):
                continue  # matched by name to a known author, whose own record says who they are
            records.append((a, rank))
        rows: dict[str, dict[str, Any]] = {}
        for aid, records in by_author.items():
            row = rows[aid] = {"id": aid, "props": {}, "institutions": [], "rank": None}
            for a, rank in fold_order(records, _values):
                _fold_author(row, a, rank)
        self.run("load/upsert_authors", rows=list(rows.values()))
        history = [[a.openalex_id or a.id, [[f.institution.id, f.years] for f in a.affiliations]]
                   for a in authors if own and a.affiliations and (a.openalex_id or a.id)]
        if history:
            # An author record's affiliations[].years: the same AFFILIATED_WITH years that
            # authorships give, merged with them.
            self.run("load/link_affiliations", rows=history)


_INSTITUTION_FIELDS = ("name", "ror", "country", "type", "openalex_id")
_AUTHOR_FIELDS = ("display_name", "orcid", "openalex_id", "s2_id", "dblp_name", "works_count", "cited_by_count")


def _values(a: AuthorRecord) -> tuple[Any, ...]:
    """What an author record puts in its row (_fold_author)."""
    return (a.display_name, a.orcid, a.openalex_id, a.s2_id, a.dblp_name, a.works_count, a.cited_by_count,
            [i.id for i in a.last_known_institutions])


def _fold_author(row: dict[str, Any], a: AuthorRecord, rank: str) -> None:
    """One author record into its row (fold_props), with its last known institutions."""
    props = props_of(a, _AUTHOR_FIELDS)
    props["name_key"] = name_key(a.display_name)
    if a.last_known_institutions:
        props["last_known_institution_ids"] = [i.id for i in a.last_known_institutions]
    fold_props(row, props, rank)
    row["institutions"] = [i.id for i in a.last_known_institutions] or row["institutions"]
