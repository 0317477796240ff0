"""The vocabulary of the synthetic data, read from the JSON files in data/: name cultures,
places, topic phrases, archives, venues, words and sentence templates. What the data says lives
in those files (each opens with an "about" that explains its fields); how it is drawn lives in
the modules beside this one. A malformed file is a ValueError that names the file and the field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

PACKAGE = "scholargraph.synthetic"


class DataValue:
    """A value read from a data file, with where it is, so that a wrong one is said precisely."""

    def __init__(self, value: Any, where: str) -> None:
        self.value, self.where = value, where

    def _wrong(self, expected: str) -> ValueError:
        return ValueError(f"{PACKAGE} data/{self.where}: expected {expected}, got {self.value!r:.60}")

    def table(self) -> dict[str, Any]:
        if not isinstance(self.value, dict):
            raise self._wrong("an object")
        return self.value

    def __getitem__(self, key: str) -> DataValue:
        table = self.table()
        if key not in table:
            raise ValueError(f"{PACKAGE} data/{self.where}: no {key!r}")
        return DataValue(table[key], f"{self.where}.{key}")

    def get(self, key: str, default: Any) -> DataValue:
        return DataValue(self.table().get(key, default), f"{self.where}.{key}")

    def items(self) -> Iterator[tuple[str, DataValue]]:
        for key, value in self.table().items():
            yield key, DataValue(value, f"{self.where}.{key}")

    def each(self) -> Iterator[DataValue]:
        if not isinstance(self.value, list):
            raise self._wrong("a list")
        for k, value in enumerate(self.value):
            yield DataValue(value, f"{self.where}[{k}]")

    def text(self) -> str:
        if not isinstance(self.value, str):
            raise self._wrong("a string")
        return self.value

    def texts(self) -> tuple[str, ...]:
        return tuple(v.text() for v in self.each())

    def integer(self) -> int:
        # bool is an int subclass: true/false where a number belongs is a mistake in the file
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self._wrong("an integer")
        return self.value

    def number(self) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self._wrong("a number")
        return self.value

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            raise self._wrong("true or false")
        return self.value

    def id_name(self) -> tuple[int, str]:
        """An OpenAlex field or domain: {"id": 17, "name": "Computer Science"}."""
        return self["id"].integer(), self["name"].text()

    def numbers(self) -> dict[str, float]:
        return {key: value.number() for key, value in self.items()}


def _open(name: str) -> DataValue:
    return DataValue(json.loads(resources.files(PACKAGE).joinpath("data", name).read_text(encoding="utf-8")), name)


# --- names.json ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Culture:
    given: tuple[str, ...]  # in rough frequency order: names are drawn Zipf-like
    family: tuple[str, ...]
    countries: tuple[str, ...]  # whose institutions draw from this culture
    weight: float  # share of authors worldwide
    middle_initial: bool  # "Sarah J. Smith"; East Asian names have none
    double_surname: bool  # "García López", "Silva Santos"
    surname_prefixes: tuple[str, ...]  # x surname_suffixes: the long tail of family names
    surname_suffixes: tuple[str, ...]


CULTURES = tuple(
    Culture(
        given=c["given"].texts(),
        family=c["family"].texts(),
        countries=c["countries"].texts(),
        weight=c["weight"].number(),
        middle_initial=c["middle_initial"].flag(),
        double_surname=c["double_surname"].flag(),
        surname_prefixes=c.get("surname_prefixes", []).texts(),
        surname_suffixes=c.get("surname_suffixes", []).texts(),
    )
    for c in _open("names.json")["cultures"].each()
)

# --- places.json -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    adjective: str  # for national bodies: "American Academy of Sciences"
    cities: tuple[str, ...]  # the first hosts the national academy


_places = _open("places.json")
COUNTRIES = {
    cc: Country(v["name"].text(), v["adjective"].text(), v["cities"].texts()) for cc, v in _places["countries"].items()
}
COMPANY_WORDS = _places["company_words"].texts()
COMPANY_SUFFIXES = _places["company_suffixes"].texts()

# --- topics.json -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArchiveMethods:
    department: str  # that hosts the archive's authors: "Department of Physics, ..."
    methods: tuple[str, ...]  # method phrases shared across the archive's categories


_topics = _open("topics.json")
TERMS = {code: phrases.texts() for code, phrases in _topics["terms"].items()}
ARCHIVE_METHODS = {
    a: ArchiveMethods(v["department"].text(), v["methods"].texts()) for a, v in _topics["archive_methods"].items()
}
DEFAULT_METHODS_ARCHIVE = "physics"  # archives without methods of their own take physics's

# --- archives.json ---------------------------------------------------------------------------

_archives = _open("archives.json")
PHYSICS_ARCHIVES = frozenset(_archives["physics_archives"].texts())
FIELD_OF = {a: v.id_name() for a, v in _archives["field_of_archive"].items()}
DEFAULT_FIELD = _archives["default_field"].id_name()
DOMAIN_OF_FIELD = {int(f): v.id_name() for f, v in _archives["domain_of_field"].items()}
DEFAULT_DOMAIN = _archives["default_domain"].id_name()
ARCHIVE_WEIGHT = _archives["archive_weight"].numbers()
CATEGORY_BOOST = _archives["category_boost"].numbers()
ARXIV_SHARE = _archives["arxiv_share"].numbers()
DEFAULT_ARXIV_SHARE = _archives["default_arxiv_share"].number()
ARXIV_OPENED = {a: year.integer() for a, year in _archives["arxiv_opened"].items()}
DEFAULT_ARXIV_OPENED = _archives["default_arxiv_opened"].integer()

# --- venues.json -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Publisher:
    doi_prefix: str
    domain: str
    archives: tuple[str, ...]  # those it publishes in: "*" any, "*physics" any physics archive


@dataclass(frozen=True, slots=True)
class BookSeries:
    name: str
    publisher: str
    archives: tuple[str, ...]


_venues = _open("venues.json")
PUBLISHERS = {
    name: Publisher(v["doi_prefix"].text(), v["domain"].text(), v["archives"].texts())
    for name, v in _venues["publishers"].items()
}
BOOK_SERIES = tuple(
    BookSeries(v["name"].text(), v["publisher"].text(), v["archives"].texts()) for v in _venues["book_series"].each()
)
# One shared object, as OpenAlex locations carry it: the open-access status tells an arXiv
# location by identity (`is`).
ARXIV_SOURCE: dict[str, Any] = _venues["arxiv_source"].table()

# --- text.json -------------------------------------------------------------------------------

_text = _open("text.json")
# slot letter -> the words it draws from (a adjective, n kind of contribution, p limitation,
# r kind of result, d evidence, b baseline, q quality)
WORDS = {slot: words.texts() for slot, words in _text["words"].items()}
# part of a work (title, intro, gap, propose, body, conclude) -> its sentence templates
TEMPLATES = {part: templates.texts() for part, templates in _text["templates"].items()}
