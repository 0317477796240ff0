"""The OpenAlex Work record of the synthetic data: its keys in the order the OpenAlex API uses,
and the values derived from the rest of the work (open access, indexing, citations per year,
the abstract's inverted index)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from scholargraph.synthetic.catalogues import Source
from scholargraph.synthetic.vocabulary import ARXIV_SOURCE

Work = dict[str, Any]

START_DATE = date(1995, 1, 1)
END_DATE = date(2025, 10, 31)  # the snapshot the data pretends to come from
UPDATED_DATE = "2025-11-02T08:14:27.512304"


@dataclass(slots=True)
class Venue:
    """Where a work appears."""

    type: str
    type_crossref: str
    source: Source | None  # None: only on arXiv
    arxiv_id: str | None


def inverted_index(text: str) -> dict[str, list[int]]:
    """OpenAlex's abstract_inverted_index: token -> positions, tokens in first-seen order."""
    index: dict[str, list[int]] = {}
    for pos, token in enumerate(text.split()):
        positions = index.get(token)
        if positions is None:
            index[token] = [pos]
        else:
            positions.append(pos)
    return index


def counts_by_year(cited_by: int, year: int) -> list[dict[str, int]]:
    """Citations per year for the last years shown by OpenAlex (2012 on): ramping up over the
    first years after publication, then flat; earlier years take the remainder."""
    last = END_DATE.year
    weights = {y: min(y - year + 1, 4) for y in range(year, last + 1)}
    total = sum(weights.values())
    out = []
    for y in range(last, max(year, 2012) - 1, -1):
        count = cited_by * weights[y] // total
        if count:
            out.append({"year": y, "cited_by_count": count})
    return out


def _open_access(locations: list[dict[str, Any]], venue: Venue) -> dict[str, Any]:
    best = next((loc for loc in locations if loc["is_oa"]), None)
    if best is None:
        status = "closed"
    elif best["source"] is ARXIV_SOURCE:
        status = "green"
    elif best["license"]:
        status = "gold"
    else:
        status = "bronze"
    return {
        "is_oa": best is not None,
        "oa_status": status,
        "oa_url": best["landing_page_url"] if best else None,
        "any_repository_has_fulltext": venue.arxiv_id is not None,
    }


def _indexed_in(venue: Venue, doi: str | None) -> list[str]:
    if venue.source is None:
        return ["arxiv", "datacite"]
    out = ["arxiv"] if venue.arxiv_id else []
    return out + ["crossref"] if doi else out


def assemble(
    *,
    wid: str,
    doi: str | None,
    title: str,
    day: date,
    venue: Venue,
    authorships: list[dict[str, Any]],
    locations: list[dict[str, Any]],
    cited_by: int,
    biblio: dict[str, str | None],
    topics: list[dict[str, Any]],
    keywords: list[dict[str, Any]],
    refs: list[str],
    abstract: str,
    created: str,
) -> Work:
    """The Work entity, keys in the order the OpenAlex API uses."""
    open_access = _open_access(locations, venue)
    insts = {i["id"] for a in authorships for i in a["institutions"]}
    countries = {c for a in authorships for c in a["countries"]}
    corresponding = [a for a in authorships if a["is_corresponding"]]
    ids = {"openalex": wid, "doi": doi} if doi else {"openalex": wid}
    return {
        "id": wid,
        "doi": doi,
        "title": title,
        "display_name": title,
        "publication_year": day.year,
        "publication_date": day.isoformat(),
        "ids": ids,
        "language": "en",
        "primary_location": locations[0],
        "type": venue.type,
        "type_crossref": venue.type_crossref,
        "indexed_in": _indexed_in(venue, doi),
        "open_access": open_access,
        "authorships": authorships,
        "institution_assertions": [],
        "countries_distinct_count": len(countries),
        "institutions_distinct_count": len(insts),
        "corresponding_author_ids": [a["author"]["id"] for a in corresponding],
        "corresponding_institution_ids": [i["id"] for a in corresponding for i in a["institutions"]],
        "apc_list": None,
        "apc_paid": None,
        "fwci": None,
        "has_fulltext": False,
        "cited_by_count": cited_by,
        "citation_normalized_percentile": None,
        "cited_by_percentile_year": None,
        "biblio": biblio,
        "is_retracted": False,
        "is_paratext": False,
        "primary_topic": topics[0],
        "topics": topics,
        "keywords": keywords,
        "concepts": [],
        "mesh": [],
        "locations_count": len(locations),
        "locations": locations,
        "best_oa_location": next((loc for loc in locations if loc["is_oa"]), None),
        "sustainable_development_goals": [],
        "grants": [],
        "datasets": [],
        "versions": [],
        "referenced_works_count": len(refs),
        "referenced_works": refs,
        "related_works": [],
        "abstract_inverted_index": inverted_index(abstract),
        "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:{wid.rsplit('/', 1)[1]}",
        "counts_by_year": counts_by_year(cited_by, day.year),
        "updated_date": UPDATED_DATE,
        "created_date": created,
    }
