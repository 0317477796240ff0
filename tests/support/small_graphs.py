"""Small fixture graphs written through the loaders' own GraphWriter (so COAUTHOR and
AFFILIATED_WITH are derived as in a real load): `build(graph, [W(...), ...])`."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphdb import Graph
from loaders.records import AuthorRecord, Authorship, InstitutionRecord, TopicLink, TopicRecord, WorkRecord
from loaders.writer import GraphWriter

FIELDS = {"cs": ("openalex:field:17", "Computer Science"), "phys": ("openalex:field:31", "Physics and Astronomy"),
          "bio": ("openalex:field:13", "Biochemistry, Genetics and Molecular Biology")}


def topic(tid: str, field_key: str = "cs") -> TopicRecord:
    fid, fname = FIELDS[field_key]
    field_node = TopicRecord(id=fid, name=fname, level="field", scheme="openalex")
    return TopicRecord(id=tid, name=f"Topic {tid}", level="topic", scheme="openalex", parent=field_node)


@dataclass
class W:
    """A fixture work: id, author ids, year, citations, topics (id, field key), DOI, institutions."""

    id: str
    authors: list[str]
    year: int = 2020
    cited: int = 0
    topics: list[tuple[str, str]] = field(default_factory=list)
    doi: str | None = None
    institutions: dict[str, str] = field(default_factory=dict)  # author id -> institution id


def build(graph: Graph, works: list[W], orcids: dict[str, str] | None = None) -> None:
    writer = GraphWriter(graph)
    for w in works:
        ships = []
        for order, aid in enumerate(w.authors):
            author = AuthorRecord(display_name=f"Author {aid}", id=aid, openalex_id=aid,
                                  orcid=(orcids or {}).get(aid))
            inst = [InstitutionRecord(id=w.institutions[aid], name=f"Institution {w.institutions[aid]}")] \
                if aid in w.institutions else []
            position = "first" if order == 0 else "last" if order == len(w.authors) - 1 else "middle"
            ships.append(Authorship(author=author, order=order, position=position, institutions=inst))
        writer.add(WorkRecord(key=w.id, title=f"Work {w.id}", source_name="openalex", year=w.year,
                              publication_date=f"{w.year}-01-01", cited_by_count=w.cited, openalex_id=w.id,
                              doi=w.doi, authorships=ships,
                              topics=[TopicLink(topic=topic(t, f), score=0.9, primary=i == 0)
                                      for i, (t, f) in enumerate(w.topics)]))
    writer.flush()
