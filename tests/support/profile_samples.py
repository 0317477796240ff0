"""One author's OpenAlex files (their record and a works page) loaded into a graph on each
engine and served over HTTP, for the API tests that check a profile against the raw JSON
(test_api_profile.py) or push the API's limits on a real profile (test_api_limits.py,
test_api_nested.py). A test module takes the fixtures by binding them (`served =
profile_samples.served`); pytest then runs them once per module and engine.

- "generated": the most prolific author of `scholargraph.synthetic` output, written here in the
  same two formats, so a clone without ../shared/data still runs every check;
- "real": Jason Priem's real files in ../shared/data (skipped, with the reason, where absent).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphdb import Graph, schema
from loaders.pipeline import load
from scholargraph.synthetic import write_jsonl
from tests.support.api import Api, api_for
from tests.support.engines import ENGINES, SHARED_DATA, empty_graph
from tests.support.openalex_ids import short

PRIEM = "A5023888391"
FILES = ["author_A5023888391.json", "works_author_A5023888391.json"]
# 400 works (well under a second) give the most prolific author 54 works, 134 collaborators,
# 58 topics and 5 institutions: more works, collaborators and topics than the largest context caps.
GENERATED_WORKS, GENERATED_SEED = 400, 7
MIN_GENERATED_WORKS = 40  # below this the checks would prove little: fail loudly instead
EXAMPLE_ORCID = "https://orcid.org/0000-0002-1825-0097"  # ORCID's own example iD, for an author without one


def real_data_dir() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real sample data not found at {SHARED_DATA} (../shared/data beside the repo)")
    return SHARED_DATA


@dataclass(frozen=True)
class Sample:
    """One author's OpenAlex files (their record, a works page) and who the author is."""

    kind: str
    author_file: Path
    works_file: Path
    author: str  # short OpenAlex id
    name: str
    orcid: str  # bare, as the API returns it

    @property
    def files(self) -> list[Path]:
        return [self.author_file, self.works_file]


def real_sample() -> Sample:
    data = real_data_dir() / "openalex"
    # the literals, not read from the file: the real layer also checks what we know of him
    return Sample("real", data / FILES[0], data / FILES[1], PRIEM, "Jason Priem", "0000-0001-6187-6610")


def generated_sample(tmp: Path) -> Sample:
    """The most prolific author of a synthetic snapshot part, as an OpenAlex author record and
    an API works page holding their works; the record is built from those works only."""
    part = tmp / "works.jsonl.gz"
    write_jsonl(part, GENERATED_WORKS, GENERATED_SEED)
    with gzip.open(part, "rt", encoding="utf-8") as fh:
        works = [json.loads(line) for line in fh]
    counts = Counter(a["author"]["id"] for w in works for a in w["authorships"])
    author_url = min(counts, key=lambda a: (-counts[a], a))  # ties by id: deterministic
    mine = [w for w in works if author_url in {a["author"]["id"] for a in w["authorships"]}]
    assert len(mine) >= MIN_GENERATED_WORKS, f"the synthetic data changed: {len(mine)} works"
    ships = [(w, a) for w in mine for a in w["authorships"] if a["author"]["id"] == author_url]
    [name] = {a["author"]["display_name"] for _, a in ships}
    orcids = {a["author"].get("orcid") for _, a in ships} - {None}
    orcid = min(orcids) if orcids else EXAMPLE_ORCID
    institutions: dict[str, dict[str, Any]] = {}
    years: dict[str, set[int]] = defaultdict(set)
    for w, a in ships:
        for inst in a.get("institutions") or []:
            institutions[inst["id"]] = inst
            years[inst["id"]].add(w["publication_year"])
    latest, latest_ship = max(ships, key=lambda s: (s[0]["publication_date"], s[0]["id"]))
    # one earlier affiliation the works do not show (a coauthor's institution on the first work,
    # before it): the record's own history must add it, as Priem's does (docs/loading.md)
    first = min(mine, key=lambda w: (w["publication_date"], w["id"]))
    before = sorted((i for a in first["authorships"] for i in a.get("institutions") or []
                     if i["id"] not in institutions), key=lambda i: i["id"])
    affiliations = [{"institution": institutions[i], "years": sorted(years[i], reverse=True)} for i in sorted(years)]
    if before:
        year = first["publication_year"]
        affiliations.append({"institution": before[0], "years": [year - 1, year - 2]})
    record = {
        "id": author_url, "orcid": orcid, "display_name": name, "display_name_alternatives": [name],
        "works_count": len(mine), "cited_by_count": sum(w.get("cited_by_count") or 0 for w in mine),
        "ids": {"openalex": author_url, "orcid": orcid},
        "affiliations": affiliations,
        "last_known_institutions": latest_ship.get("institutions") or [],
        "works_api_url": f"https://api.openalex.org/works?filter=author.id:{short(author_url)}",
        "updated_date": latest["updated_date"], "created_date": "2023-07-21",
    }
    page = {"meta": {"count": len(mine), "db_response_time_ms": 0, "page": 1, "per_page": len(mine),
                     "groups_count": None}, "results": mine}
    author_file, works_file = tmp / f"author_{short(author_url)}.json", tmp / f"works_author_{short(author_url)}.json"
    author_file.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    works_file.write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    return Sample("generated", author_file, works_file, short(author_url), name, short(orcid))


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module", params=["real", "generated"])
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sample:
    if request.param == "real":
        return real_sample()
    return generated_sample(tmp_path_factory.mktemp("generated_sample"))


def _loaded(engine: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            name: str, files: list[Path]) -> Graph:
    graph = empty_graph(engine, request, name)
    schema.init(graph, 384)
    load(graph, files, "openalex", progress=False,
         rejects_path=tmp_path_factory.mktemp("rejects") / "rejects.jsonl")
    return graph


@pytest.fixture(scope="module")
def sample_graph(engine: str, sample: Sample, request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    graph = _loaded(engine, request, tmp_path_factory, f"api_profile_{sample.kind}", sample.files)
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def served(sample_graph: Graph) -> Iterator[Api]:
    with api_for(sample_graph) as client:
        yield client


# Priem's real graph, for the modules that bind it (test_api_profile.py, test_api_limits.py,
# test_api_nested.py): they have no `sample` parameter and need his real collaborators.
@pytest.fixture(scope="module")
def priem_graph(engine: str, request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    graph = _loaded(engine, request, tmp_path_factory, "api_priem", real_sample().files)
    yield graph
    graph.close()
