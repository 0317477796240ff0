"""What every arXiv format boils down to (_Fields) and the field checks the formats share;
a record-level problem is a BadRecord whose message becomes the reject's reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from loaders.ids import arxiv_id, doi
from loaders.source_files import BadRecord


@dataclass(slots=True)
class _Author:
    name: str
    affiliations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Fields:
    """What every format boils down to before the shared WorkRecord builder."""

    arxiv_id: str
    title: str | None
    abstract: str | None
    comments: str | None
    doi: str | None
    categories: list[str]
    first_date: date | None
    authors: list[_Author]
    primary: str | None = None


def _require_id(raw: str | None) -> str:
    if raw is None or not raw.strip():
        raise BadRecord("missing id")
    bare = arxiv_id(raw)
    if bare is None:
        raise BadRecord(f"id: not an arXiv identifier: {raw[:200]!r}")
    return bare


def _first_doi(raw: str | None) -> str | None:
    """First valid DOI; arXiv's doi field sometimes lists several separated by spaces."""
    if not raw:
        return None
    return next((d for d in map(doi, raw.split()) if d), None)


def _rfc2822_date(value: str, label: str) -> date:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        raise BadRecord(f"{label}: not an RFC 2822 date: {value[:100]!r}") from None


def _iso_date(value: str | None, label: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise BadRecord(f"{label}: not an ISO 8601 date: {value[:100]!r}") from None
