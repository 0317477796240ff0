"""Normalised records: what every source parser yields and the graph writer consumes.

Parsers (one module per source format) turn raw files into these; nothing downstream
knows which source a record came from except through `source_name` and the ids.

Identifier conventions (all lower-case where the scheme is case-insensitive):
- OpenAlex ids are the short form: "W2741809807", "A5023888391", "I136199984", "T10102", "S4306400194".
- DOIs are bare and lower-case: "10.1038/nature12373" (no https://doi.org/ prefix).
- arXiv ids are bare, without version: "2101.00001", "hep-th/9901001".
- ORCIDs are bare: "0000-0002-1825-0097".
- RORs are bare: "05dxps055".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Position = Literal["first", "middle", "last"]


@dataclass(slots=True)
class InstitutionRecord:
    id: str  # OpenAlex id if known, else "ror:<ror>", else "inst:<sha1 of normalised name>"[:16]
    name: str
    ror: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, upper-case
    type: str | None = None  # OpenAlex institution type: education, company, facility, ...
    openalex_id: str | None = None
    updated_date: str | None = None  # set on the entity's own record only


@dataclass(slots=True)
class TopicRecord:
    """A node of the topic hierarchy; `parent` makes the SUBTOPIC_OF chain.

    OpenAlex: domain > field > subfield > topic, ids "domains/1" -> "openalex:domain:1",
    "fields/17" -> "openalex:field:17", "subfields/1702" -> "openalex:subfield:1702", topics "T10102".
    arXiv: archive > category, ids "arxiv:cs" and "arxiv:cs.CV".
    """

    id: str
    name: str
    level: str  # "domain" | "field" | "subfield" | "topic" | "archive" | "category"
    scheme: str  # "openalex" | "arxiv"
    parent: TopicRecord | None = None
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    updated_date: str | None = None  # set on the entity's own record only


@dataclass(slots=True)
class SourceRecord:
    id: str  # OpenAlex id "S…", or "arxiv" for the arXiv repository
    name: str
    type: str | None = None  # journal | repository | conference | book series | ...
    issn_l: str | None = None
    publisher: str | None = None
    # Every ISSN the record names (ids.issn form): an ISSN-keyed source ("issn:…") is the
    # OpenAlex source whose issn_l is one of them, and an OpenAlex source absorbs "issn:" nodes
    # of its ISSNs (loaders/writer.py, _resolve_sources)
    issns: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AuthorRecord:
    """A person as one record names them.

    `id` is set only when the source gives a strong identifier (OpenAlex id, else
    "orcid:<orcid>"); name-only authors (arXiv) leave it None and the writer
    resolves them (see docs/graph-model.md, identity rules). `s2_id` and `dblp_name`
    are person keys too (loaders/resolve.py): the writer finds the author holding them.
    """

    display_name: str
    id: str | None = None
    openalex_id: str | None = None
    orcid: str | None = None
    s2_id: str | None = None  # Semantic Scholar authorId
    # dblp's person key: the name as dblp writes it, with its homonym number ("Wei Wang 0001");
    # dblp gives every person one name string of their own
    dblp_name: str | None = None
    last_known_institutions: list[InstitutionRecord] = field(default_factory=list)
    works_count: int | None = None
    cited_by_count: int | None = None
    affiliations: list[Affiliation] = field(default_factory=list)  # history, own record only
    merged_ids: list[str] = field(default_factory=list)  # ids OpenAlex merged into this one
    updated_date: str | None = None  # set on the entity's own record only


@dataclass(slots=True)
class Affiliation:
    """An author record's affiliation history entry (OpenAlex `affiliations[]`)."""

    institution: InstitutionRecord
    years: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Authorship:
    author: AuthorRecord
    order: int  # 0-based position in the author list
    position: Position
    corresponding: bool = False
    institutions: list[InstitutionRecord] = field(default_factory=list)


@dataclass(slots=True)
class TopicLink:
    topic: TopicRecord
    score: float | None = None
    primary: bool = False


@dataclass(slots=True)
class WorkRecord:
    """One paper. `key` is the source's own id ("W…" for OpenAlex, "arxiv:<id>" for arXiv);
    the writer maps it to the graph's Work.id, matching existing works by OpenAlex id,
    DOI or arXiv id so one paper is one node whatever source brought it."""

    key: str
    title: str | None
    source_name: str  # "openalex" | "arxiv"
    abstract: str | None = None
    publication_date: str | None = None  # ISO yyyy-mm-dd
    year: int | None = None
    type: str | None = None  # article | preprint | review | book-chapter | dataset | ...
    doi: str | None = None
    arxiv_id: str | None = None
    openalex_id: str | None = None
    language: str | None = None
    cited_by_count: int | None = None
    categories: list[str] = field(default_factory=list)  # arXiv categories, e.g. ["cs.CV", "cs.LG"]
    code_url: str | None = None
    # Free to read somewhere, as the source says (OpenAlex open_access.is_oa, Semantic Scholar
    # isOpenAccess; arXiv: always); None where the source does not say.
    open_access: bool | None = None
    source: SourceRecord | None = None
    authorships: list[Authorship] = field(default_factory=list)
    topics: list[TopicLink] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # OpenAlex work ids ("W…") this work cites
    merged_ids: list[str] = field(default_factory=list)  # ids OpenAlex merged into this one
    updated_date: str | None = None  # the record's own date (OpenAlex `updated_date`)
    # Works this work cites by a cross-source identifier: "doi:<doi>", "arxiv:<id>", or another
    # record's key ("s2:<paperId>"); the writer finds the node holding it, else makes a stub.
    cites: list[str] = field(default_factory=list)
    # Crossref's funders: there is no Funder node, so the names and the Open Funder Registry
    # DOIs (10.13039/…) are Work properties.
    funders: list[str] = field(default_factory=list)
    funder_dois: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MergedId:
    """An OpenAlex `merged_ids` entry: the entity `old` was merged into `into`."""

    old: str
    into: str
    kind: str  # "work" | "author" | "institution" | "source" | "topic"


Record = WorkRecord | AuthorRecord | InstitutionRecord | TopicRecord | MergedId


@dataclass(slots=True)
class Rejected:
    """A record a parser could not turn into a Record; written to the rejects file."""

    path: str
    line: int  # 1-based line in the file where the record starts
    reason: str
    raw: str  # the raw record text (truncated to 10,000 characters by the parser)


@dataclass(slots=True)
class Parsed:
    """One item of a parser's stream: a record, or a rejection, with where it came from."""

    path: str
    line: int
    record: Record | None = None
    rejected: Rejected | None = None


class FormatError(Exception):
    """The file is not in the format the parser was asked to read (fails the whole file)."""
