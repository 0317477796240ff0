"""The fixed catalogues of the synthetic data: topics (one per arXiv category), institutions and
venues (journals, conferences, book series). Independent of n_works and seed; built once."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from loaders.arxiv_taxonomy import ALIASES, ARCHIVES, CATEGORIES, archive_of
from scholargraph.synthetic.ids import OPENALEX, issn_check, ror, stable_int, unique_number
from scholargraph.synthetic.vocabulary import (
    ARCHIVE_METHODS,
    ARCHIVE_WEIGHT,
    ARXIV_OPENED,
    ARXIV_SHARE,
    BOOK_SERIES,
    CATEGORY_BOOST,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    COUNTRIES,
    DEFAULT_ARXIV_OPENED,
    DEFAULT_ARXIV_SHARE,
    DEFAULT_DOMAIN,
    DEFAULT_FIELD,
    DEFAULT_METHODS_ARCHIVE,
    DOMAIN_OF_FIELD,
    FIELD_OF,
    PHYSICS_ARCHIVES,
    PUBLISHERS,
    TERMS,
    ArchiveMethods,
)


def serves(archives: Sequence[str], archive: str) -> bool:
    """Whether an archive list like ("cs", "math", "*physics") (or ("*",)) covers `archive`."""
    for token in archives:
        if token == "*" or token == archive:
            return True
        if token == "*physics" and archive in PHYSICS_ARCHIVES:
            return True
    return False


# --- topics ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Topic:
    index: int
    code: str
    archive: str
    id: str
    name: str
    subfield: dict[str, str]
    field: dict[str, str]
    domain: dict[str, str]
    terms: tuple[str, ...]
    methods: tuple[str, ...]
    department: str
    weight: float
    arxiv_share: float
    arxiv_opened: int


def _field_of(archive: str) -> tuple[int, str]:
    return FIELD_OF.get(archive, DEFAULT_FIELD)


def _methods_of(archive: str) -> ArchiveMethods:
    if archive in ARCHIVE_METHODS:
        return ARCHIVE_METHODS[archive]
    return ARCHIVE_METHODS[DEFAULT_METHODS_ARCHIVE]


def _name_phrases(name: str) -> list[str]:
    """'Computer Vision and Pattern Recognition' -> ['computer vision', 'pattern recognition']."""
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+-\s+", name)
    return [p.strip().lower() for p in parts if len(p.strip()) > 3 and not p.startswith("Other")]


def _topic_terms(code: str, name: str, methods: tuple[str, ...]) -> tuple[str, ...]:
    if code in TERMS:
        return TERMS[code]
    picker = random.Random(f"terms:{code}")
    extra = picker.sample(list(methods), k=min(6, len(methods)))
    return tuple(dict.fromkeys(_name_phrases(name) + extra))


def _subfield_ids(archives: Sequence[str]) -> dict[str, int]:
    by_field: dict[int, list[str]] = {}
    for archive in sorted(set(archives)):
        by_field.setdefault(_field_of(archive)[0], []).append(archive)
    return {a: f * 100 + 50 + k for f, members in by_field.items() for k, a in enumerate(members)}


def _topic_weight(code: str, archive: str, n_in_archive: int) -> float:
    return ARCHIVE_WEIGHT.get(archive, 1.0) / n_in_archive * CATEGORY_BOOST.get(code, 1.0)


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    """One topic per canonical arXiv category, in code order."""
    codes = sorted(c for c in CATEGORIES if c not in ALIASES)
    archives = {c: archive_of(c) for c in codes}
    per_archive = {a: sum(1 for c in codes if archives[c] == a) for a in archives.values()}
    subfields = _subfield_ids(list(archives.values()))
    taken: set[int] = set()
    out = []
    for index, code in enumerate(codes):
        archive = archives[code]
        field_id, field_name = _field_of(archive)
        domain_id, domain_name = DOMAIN_OF_FIELD.get(field_id, DEFAULT_DOMAIN)
        methods = _methods_of(archive)
        share = ARXIV_SHARE.get(archive, DEFAULT_ARXIV_SHARE)
        out.append(
            Topic(
                index=index,
                code=code,
                archive=archive,
                id=f"{OPENALEX}T{unique_number('topic:' + code, 15000, 5000, taken)}",
                name=CATEGORIES[code],
                subfield={
                    "id": f"{OPENALEX}subfields/{subfields[archive]}",
                    "display_name": ARCHIVES.get(archive, archive),
                },
                field={"id": f"{OPENALEX}fields/{field_id}", "display_name": field_name},
                domain={"id": f"{OPENALEX}domains/{domain_id}", "display_name": domain_name},
                terms=_topic_terms(code, CATEGORIES[code], methods.methods),
                methods=methods.methods,
                department=methods.department,
                weight=_topic_weight(code, archive, per_archive[archive]),
                arxiv_share=share,
                arxiv_opened=ARXIV_OPENED.get(archive, DEFAULT_ARXIV_OPENED),
            )
        )
    return tuple(out)


# --- institutions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Institution:
    ref: dict[str, Any]  # the OpenAlex dehydrated institution, as authorships carry it
    city: str
    country: str
    weight: float


def _institution_names() -> list[tuple[str, str, str, str]]:
    """(name, type, city, country code) candidates, in a fixed order."""
    rng = random.Random("scholargraph.synthetic:institutions")
    out: list[tuple[str, str, str, str]] = []
    for cc, country in COUNTRIES.items():
        out.append((f"{country.adjective} Academy of Sciences", "government", country.cities[0], cc))
        for city in country.cities:
            out.append((f"University of {city}", "education", city, cc))
            for pattern, kind, p in (
                ("{c} Institute of Technology", "education", 0.3),
                ("Technical University of {c}", "education", 0.15),
                ("{c} State University", "education", 0.35 if cc == "US" else 0.0),
                ("{c} Normal University", "education", 0.3 if cc == "CN" else 0.0),
                ("{c} National Laboratory", "facility", 0.12),
                ("{c} Centre for Theoretical Physics", "facility", 0.06),
                ("{c} University Hospital", "healthcare", 0.08),
                ("{c} Foundation for Science", "nonprofit", 0.04),
            ):
                if rng.random() < p:
                    out.append((pattern.format(c=city), kind, city, cc))
    all_cities = [(c, cc) for cc, country in COUNTRIES.items() for c in country.cities]
    for word in COMPANY_WORDS:
        city, cc = rng.choice(all_cities)
        out.append((f"{word} {rng.choice(COMPANY_SUFFIXES)}", "company", city, cc))
    return list({name: (name, kind, city, cc) for name, kind, city, cc in out}.values())


@lru_cache(maxsize=1)
def institutions() -> tuple[Institution, ...]:
    rng = random.Random("scholargraph.synthetic:institution-sizes")
    ids: set[int] = set()
    rors: set[int] = set()
    out = []
    for name, kind, city, cc in _institution_names():
        oid = f"{OPENALEX}I{unique_number('inst:' + name, 10**8, 9 * 10**9, ids)}"
        ref = {
            "id": oid,
            "display_name": name,
            "ror": f"https://ror.org/{ror('ror:' + name, rors)}",
            "country_code": cc,
            "type": kind,
            "lineage": [oid],
        }
        size = rng.paretovariate(1.3) * (1.0 if kind == "education" else 0.4)
        out.append(Institution(ref, city, COUNTRIES[cc].name, size))
    return tuple(out)


# --- venues ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    ref: dict[str, Any]  # the OpenAlex dehydrated source, as locations carry it
    kind: str  # journal | conference | book series
    doi_prefix: str
    domain: str
    abbrev: str
    first_year: int


def _source_names(topics: Sequence[Topic]) -> list[tuple[str, str, str]]:
    """(name, kind, archive) candidates: two per category, four per archive, book series."""
    out: list[tuple[str, str, str]] = []
    for t in topics:
        name = t.name
        if name.startswith(("Other", "General")):
            continue
        if t.archive == "stat" and "Statistic" not in name:
            name = f"Statistical {name}"
        pick = stable_int("src:" + t.code)
        journal = ("Journal of {}", "{} Letters", "Annals of {}", "International Journal of {}", "Advances in {}")[
            pick % 5
        ]
        out.append((journal.format(name), "journal", t.archive))
        if t.archive in ("cs", "eess") or t.code == "stat.ML":
            second = (
                "Proceedings of the International Conference on {}",
                "Annual Symposium on {}",
                "European Conference on {}",
            )[pick // 5 % 3]
            out.append((second.format(name), "conference", t.archive))
        else:
            second = ("Transactions on {}", "{} Review", "Communications in {}")[pick // 5 % 3]
            out.append((second.format(name), "journal", t.archive))
    for archive, aname in ARCHIVES.items():
        aname = aname.replace(" - ", " ")
        for pattern in ("{} Letters", "Annals of {}", "Communications in {}", "Reports on {}"):
            out.append((pattern.format(aname), "journal", archive))
    return list({n: (n, k, a) for n, k, a in out}.values())


def _abbrev(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "on", "the", "in", "and", "for")]
    return "".join(w[0] for w in words).lower()


def _source_ref(name: str, kind: str, publisher: str, taken: set[int]) -> dict[str, Any]:
    key = stable_int("issn:" + name)
    issn = None
    if kind == "journal":
        digits = f"{key % 10**7:07d}"
        issn = f"{digits[:4]}-{digits[4:]}{issn_check(digits)}"
    is_oa = publisher.startswith("Multidisciplinary") or key % 10 < 2
    host = f"{OPENALEX}P{4310310000 + stable_int('pub:' + publisher) % 100000}"
    return {
        "id": f"{OPENALEX}S{unique_number('source:' + name, 10**9, 8 * 10**9, taken)}",
        "display_name": name,
        "issn_l": issn,
        "issn": [issn] if issn else None,
        "is_oa": is_oa,
        "is_in_doaj": is_oa and kind == "journal",
        "is_indexed_in_scopus": kind != "conference" or key % 3 == 0,
        "is_core": kind == "journal" and key % 4 != 0,
        "host_organization": host,
        "host_organization_name": publisher,
        "host_organization_lineage": [host],
        "host_organization_lineage_names": [publisher],
        "type": kind,
    }


def _make_source(name: str, kind: str, publisher: str, taken: set[int]) -> Source:
    prefix, domain = PUBLISHERS[publisher].doi_prefix, PUBLISHERS[publisher].domain
    first_year = 1950 + stable_int("year:" + name) % 50
    if kind == "conference":
        prefix, domain = ("10.1145", "dl.acm.org") if "Symposium" in name else (prefix, domain)
    return Source(_source_ref(name, kind, publisher, taken), kind, prefix, domain, _abbrev(name), first_year)


@dataclass(frozen=True, slots=True)
class Venues:
    sources: tuple[Source, ...]
    by_archive: dict[str, tuple[int, ...]]  # archive -> indices of its journals/conferences
    by_topic: dict[str, tuple[int, ...]]  # category code -> indices of its own venues
    series_by_archive: dict[str, tuple[int, ...]]  # archive -> indices of book series


def _publisher_for(name: str, archive: str, kind: str) -> str:
    if kind == "conference":
        pool = [
            "Institute of Electrical and Electronics Engineers",
            "Association for Computing Machinery",
            "Springer Science+Business Media",
        ]
    else:
        pool = [p for p, publisher in PUBLISHERS.items() if serves(publisher.archives, archive)]
    return pool[stable_int("publisher:" + name) % len(pool)]


@lru_cache(maxsize=1)
def venues() -> Venues:
    all_topics = topics()
    taken: set[int] = set()
    sources: list[Source] = []
    by_archive: dict[str, list[int]] = {}
    by_topic: dict[str, list[int]] = {}
    series: dict[str, list[int]] = {}
    for name, kind, archive in _source_names(all_topics):
        publisher = _publisher_for(name, archive, kind)
        by_archive.setdefault(archive, []).append(len(sources))
        for t in all_topics:
            if t.archive == archive and t.name in name and len(t.name) > 4:
                by_topic.setdefault(t.code, []).append(len(sources))
        sources.append(_make_source(name, kind, publisher, taken))
    for book in BOOK_SERIES:
        for archive in ARCHIVES:
            if serves(book.archives, archive):
                series.setdefault(archive, []).append(len(sources))
        sources.append(_make_source(book.name, "book series", book.publisher, taken))
    return Venues(
        tuple(sources),
        {k: tuple(v) for k, v in by_archive.items()},
        {k: tuple(v) for k, v in by_topic.items()},
        {k: tuple(v) for k, v in series.items()},
    )
