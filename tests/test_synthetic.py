"""Synthetic OpenAlex works (scholargraph.synthetic): determinism, format and realism."""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from loaders.arxiv_taxonomy import ALIASES, ARCHIVES, CATEGORIES, archive_of
from scholargraph.cli import cli
from scholargraph.synthetic import (
    generate_works,
    orcid_check_digit,
    ror_checksum,
    write_jsonl,
)
from scholargraph.synthetic.vocabulary import DataValue
from tests.support.engines import SHARED_DATA

N_WORKS = 2000
REPO = Path(__file__).resolve().parents[1]
REAL_WORKS = SHARED_DATA / "openalex" / "works_author_A5023888391.json"

Work = dict[str, Any]


@pytest.fixture(scope="module")
def works() -> list[Work]:
    return list(generate_works(N_WORKS, seed=7))


def abstract_words(work: Work) -> list[str]:
    index = work["abstract_inverted_index"]
    words: list[str | None] = [None] * sum(len(p) for p in index.values())
    for word, positions in index.items():
        for pos in positions:
            words[pos] = word
    assert None not in words, "positions must cover 0..n-1 exactly once"
    return [w for w in words if w is not None]


def iso7064_mod11_2(base15: str) -> str:
    """Independent reference implementation of the ORCID check character."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


# --- determinism -----------------------------------------------------------------------------


def test_same_seed_same_bytes_different_seed_different(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"
    assert write_jsonl(a, 300, seed=3) == 300
    assert write_jsonl(b, 300, seed=3) == 300
    assert write_jsonl(c, 300, seed=4) == 300
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_plain_and_gzip_hold_the_same_lines(tmp_path: Path) -> None:
    plain, packed = tmp_path / "w.jsonl", tmp_path / "w.jsonl.gz"
    write_jsonl(plain, 120, seed=1)
    write_jsonl(packed, 120, seed=1)
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    lines = plain.read_bytes().splitlines()
    assert len(lines) == 120
    assert json.loads(lines[0]) == next(generate_works(120, seed=1))


def test_identical_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """No dependence on set/dict hash order or process state; also exercises the command line."""
    digests = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"h{hash_seed}.jsonl.gz"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-m", "scholargraph", "synthetic", "--works", "150", "--seed", "9", str(out)],
            check=True,
            cwd=REPO,
            env=env,
            capture_output=True,
        )
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_generator_is_reproducible_in_memory(works: list[Work]) -> None:
    again = list(generate_works(N_WORKS, seed=7))
    assert again == works
    other = list(generate_works(50, seed=8))
    assert [w["title"] for w in other] != [w["title"] for w in works[:50]]


def test_output_is_the_same_as_before(tmp_path: Path) -> None:
    """The data of a seed and size never changes unnoticed: the demo, the bulk-load tests and
    the benchmarks compare graphs built from it. The digest is of the output of the code before
    it became a package (scholargraph/synthetic.py as of e9057ab); a change that means to alter the
    data updates it knowingly. (Plain JSON lines: gzip's bytes depend on the zlib build.)"""
    out = tmp_path / "pinned.jsonl"
    write_jsonl(out, 120, seed=1)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == (
        "9984cbe2b7917cb01d39439b8e65825eb2595e4e72c8717d3f6743a4c7f14d0e"
    )


def test_command_and_edge_cases(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "cli.jsonl"
    result = CliRunner().invoke(cli, ["synthetic", "--works", "40", "--seed", "2", str(out)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == list(
        generate_works(40, seed=2)
    )
    assert re.fullmatch(rf"wrote 40 works to {re.escape(str(out))} \(0\.\d MB\) in \d+\.\ds \([\d,]+ works/s\)\n",
                        result.stderr)
    refused = CliRunner().invoke(cli, ["synthetic", "--works", "-1", str(tmp_path / "no.jsonl")])
    assert refused.exit_code == 2
    assert "Invalid value for '--works': -1 is not in the range x>=0." in refused.stderr
    assert not (tmp_path / "no.jsonl").exists()
    assert list(generate_works(0)) == []
    with pytest.raises(ValueError, match="^n_works must be >= 0, got -1$"):
        list(generate_works(-1))


def test_pyproject_ships_every_data_file() -> None:
    """The vocabulary lives in scholargraph/synthetic/data/: an installed (non-editable) copy
    has only the files [tool.setuptools.package-data] names."""
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["scholargraph"]
    package = REPO / "scholargraph"
    files = sorted(p.relative_to(package).as_posix() for p in (package / "synthetic" / "data").iterdir())
    assert files == ["synthetic/data/archives.json", "synthetic/data/names.json", "synthetic/data/places.json",
                     "synthetic/data/text.json", "synthetic/data/topics.json", "synthetic/data/venues.json"]
    assert [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)] == []


def test_a_wrong_data_value_says_where() -> None:
    culture = DataValue({"given": ["Ana", 7], "weight": True}, "names.json cultures[3]")
    with pytest.raises(ValueError, match=re.escape(
        "scholargraph.synthetic data/names.json cultures[3].given[1]: expected a string, got 7"
    )):
        culture["given"].texts()
    with pytest.raises(ValueError, match=re.escape(
        "scholargraph.synthetic data/names.json cultures[3].weight: expected a number, got True"
    )):
        culture["weight"].number()
    with pytest.raises(ValueError, match=re.escape("scholargraph.synthetic data/names.json cultures[3]: no 'family'")):
        culture["family"]


# --- graph structure ---------------------------------------------------------------------------


def test_ids_increase_with_publication_date(works: list[Work]) -> None:
    ids = [w["id"] for w in works]
    assert all(re.fullmatch(r"https://openalex\.org/W\d{10}", i) for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    dates = [w["publication_date"] for w in works]
    assert dates == sorted(dates)
    years = [w["publication_year"] for w in works]
    assert min(years) == 1995 and max(years) == 2025
    assert statistics.median(years) >= 2012  # skewed recent
    assert all(d.startswith(str(y)) for d, y in zip(dates, years, strict=True))


def test_references_point_to_earlier_works_only(works: list[Work]) -> None:
    earlier: set[str] = set()
    for i, w in enumerate(works):
        refs = w["referenced_works"]
        assert w["referenced_works_count"] == len(refs)
        assert len(set(refs)) == len(refs)
        assert w["id"] not in refs
        assert set(refs) <= earlier, "a reference to a later (or unknown) work"
        if i >= 100:
            assert 5 <= len(refs) <= 40
        earlier.add(w["id"])


def test_citations_prefer_same_topic_and_respect_cited_by_count(works: list[Work]) -> None:
    topic = {w["id"]: w["primary_topic"]["id"] for w in works}
    citers = Counter(r for w in works for r in w["referenced_works"])
    same = sum(topic[r] == topic[w["id"]] for w in works for r in w["referenced_works"])
    assert same / sum(citers.values()) > 0.4
    for w in works:  # in-corpus citations never exceed the claimed count
        assert citers[w["id"]] <= w["cited_by_count"]
    counts = sorted(w["cited_by_count"] for w in works)
    assert counts[-1] > 20 * statistics.median(counts)  # heavy tail
    # preferential attachment: the most cited tenth of works gets a large share of citations
    top = sorted(citers.values(), reverse=True)
    assert sum(top[: N_WORKS // 10]) > 0.35 * sum(top)


# --- people ------------------------------------------------------------------------------------


def test_authorship_positions(works: list[Work]) -> None:
    for w in works:
        positions = [a["author_position"] for a in w["authorships"]]
        assert positions.count("first") == 1 and positions[0] == "first"
        if len(positions) > 1:
            assert positions[-1] == "last" and positions.count("last") == 1
        else:
            assert "last" not in positions
        assert set(positions[1:-1]) <= {"middle"}
        ids = [a["author"]["id"] for a in w["authorships"]]
        assert len(set(ids)) == len(ids)
        corresponding = [a["author"]["id"] for a in w["authorships"] if a["is_corresponding"]]
        assert corresponding == w["corresponding_author_ids"]


def test_authors_per_work_distribution(works: list[Work]) -> None:
    sizes = [len(w["authorships"]) for w in works]
    assert 3 <= statistics.median(sizes) <= 6
    assert max(sizes) >= 15 and max(sizes) <= 30 and min(sizes) == 1
    per_author = Counter(a["author"]["id"] for w in works for a in w["authorships"])
    counts = sorted(per_author.values())
    assert counts[-1] >= 10 * statistics.median(counts)  # a few prolific authors
    assert 0.4 * N_WORKS <= len(per_author) <= 0.65 * N_WORKS


def test_orcids_valid_and_about_forty_percent(works: list[Work]) -> None:
    assert orcid_check_digit("000000021825009") == "7"  # ORCID's documented example
    assert orcid_check_digit("000000015000000") == iso7064_mod11_2("000000015000000")
    orcid_of: dict[str, str | None] = {}
    for w in works:
        for a in w["authorships"]:
            orcid_of[a["author"]["id"]] = a["author"]["orcid"]
    orcids = [o for o in orcid_of.values() if o]
    assert 0.3 <= len(orcids) / len(orcid_of) <= 0.5
    assert len(set(orcids)) == len(orcids)
    for o in orcids:
        m = re.fullmatch(r"https://orcid\.org/(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])", o)
        assert m, o
        digits = "".join(m.groups())
        assert digits[15] == iso7064_mod11_2(digits[:15]), o


def test_homonyms_exist(works: list[Work]) -> None:
    ids_by_name: dict[str, set[str]] = defaultdict(set)
    for w in works:
        for a in w["authorships"]:
            assert re.fullmatch(r"https://openalex\.org/A5\d{9}", a["author"]["id"])
            ids_by_name[a["author"]["display_name"]].add(a["author"]["id"])
    shared = [name for name, ids in ids_by_name.items() if len(ids) > 1]
    assert shared, "expected at least one display name shared by distinct authors"
    assert len(shared) < 0.2 * len(ids_by_name)


def test_institutions_well_formed(works: list[Work]) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for w in works:
        for a in w["authorships"]:
            assert a["institutions"]
            assert a["countries"] == list(dict.fromkeys(i["country_code"] for i in a["institutions"]))
            assert len(a["raw_affiliation_strings"]) == len(a["institutions"])
            for inst in a["institutions"]:
                seen[inst["id"]] = inst
    assert len(seen) >= 100
    for inst in seen.values():
        assert re.fullmatch(r"https://openalex\.org/I\d{9,10}", inst["id"])
        ror = inst["ror"].removeprefix("https://ror.org/")
        assert re.fullmatch(r"0[0-9a-hjkmnp-tv-z]{6}\d{2}", ror), ror
        assert ror[7:] == ror_checksum(ror[:7])
        assert re.fullmatch(r"[A-Z]{2}", inst["country_code"])
        assert inst["type"] in {"education", "company", "facility", "government", "healthcare", "nonprofit"}
        assert inst["lineage"] == [inst["id"]]
    assert len({i["ror"] for i in seen.values()}) == len(seen)


# --- topics and text ---------------------------------------------------------------------------


def test_topics_are_arxiv_categories(works: list[Work]) -> None:
    canonical = {(name, ARCHIVES[archive_of(code)]): code for code, name in CATEGORIES.items() if code not in ALIASES}
    id_of_code: dict[str, str] = {}
    for w in works:
        topics = w["topics"]
        assert 1 <= len(topics) <= 3
        assert w["primary_topic"] == topics[0]
        assert len({t["id"] for t in topics}) == len(topics)
        scores = [t["score"] for t in topics]
        assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] < 1
        for t in topics:
            assert t["display_name"] in CATEGORIES.values()
            code = canonical[(t["display_name"], t["subfield"]["display_name"])]
            assert id_of_code.setdefault(code, t["id"]) == t["id"]
            assert re.fullmatch(r"https://openalex\.org/T1\d{4}", t["id"])
            assert re.fullmatch(r"https://openalex\.org/fields/\d+", t["field"]["id"])
            assert re.fullmatch(r"https://openalex\.org/domains/[1-4]", t["domain"]["id"])
    assert len(set(id_of_code.values())) == len(id_of_code)
    archives = Counter(archive_of(c) for c in id_of_code)
    assert {"cs", "math", "stat"} <= set(archives) and len(archives) >= 12


def test_abstracts_rebuild_to_80_to_200_words(works: list[Work]) -> None:
    with_code = 0
    for w in works:
        words = abstract_words(w)
        assert 80 <= len(words) <= 200, len(words)
        text = " ".join(words)
        with_code += "https://github.com/" in text
        assert w["title"] and w["title"] == w["display_name"]
    assert 0.01 * N_WORKS <= with_code <= 0.15 * N_WORKS


def test_works_of_one_topic_share_vocabulary(works: list[Work]) -> None:
    """The similar-works feature relies on topical text: on their distinctive words (those
    in under 10% of works), works of one topic overlap far more than works of two topics."""
    words = [{t.lower().strip(".,:;") for t in abstract_words(w)} for w in works]
    df = Counter(t for ws in words for t in ws)
    topical = [{t for t in ws if df[t] < 0.1 * N_WORKS} for ws in words]
    by_topic: dict[str, list[set[str]]] = defaultdict(list)
    for w, vocab in zip(works, topical, strict=True):
        by_topic[w["primary_topic"]["id"]].append(vocab)
    big = sorted(by_topic.values(), key=len, reverse=True)[:6]

    def jaccard(a: set[str], b: set[str]) -> float:
        return len(a & b) / max(1, len(a | b))

    same = [jaccard(g[i], g[i + 1]) for g in big for i in range(0, 20, 2)]
    across = [jaccard(big[k][i], big[k + 1][i]) for k in range(5) for i in range(10)]
    assert statistics.mean(same) > 3 * statistics.mean(across)


# --- venues and identifiers --------------------------------------------------------------------


def test_types_dois_and_arxiv(works: list[Work]) -> None:
    types = Counter(w["type"] for w in works)
    assert types["article"] > 0.6 * N_WORKS
    assert {"preprint", "review", "book-chapter"} <= set(types)
    dois = [w["doi"] for w in works if w["doi"]]
    assert 0.78 <= len(dois) / N_WORKS <= 0.92
    assert len(set(dois)) == len(dois)
    assert all(re.fullmatch(r"https://doi\.org/10\.\d{4,9}/\S+", d) for d in dois)
    arxiv_ids = []
    for w in works:
        assert w["ids"]["openalex"] == w["id"] and w["ids"].get("doi") == w["doi"]
        assert w["locations_count"] == len(w["locations"]) >= 1
        assert w["primary_location"] == w["locations"][0]
        for loc in w["locations"]:
            m = re.fullmatch(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5}|[a-z-]+/\d{7})", loc["landing_page_url"])
            if loc["source"]["display_name"].startswith("arXiv"):
                assert m, loc["landing_page_url"]
                arxiv_ids.append(m.group(1))
        if w["type"] == "preprint":
            assert w["primary_location"]["source"]["type"] == "repository"
            assert w["doi"].startswith("https://doi.org/10.48550/arxiv.")
    assert 0.2 <= len(arxiv_ids) / N_WORKS <= 0.45
    assert len(set(arxiv_ids)) == len(arxiv_ids)


def test_keys_match_real_openalex_works(works: list[Work]) -> None:
    if not REAL_WORKS.exists():
        pytest.skip(f"real sample not available: {REAL_WORKS}")
    real = json.loads(REAL_WORKS.read_text(encoding="utf-8"))["results"]
    real_keys = set().union(*(w.keys() for w in real))
    assert set(works[0]) <= real_keys
    real_authorship_keys = set().union(*(a.keys() for w in real for a in w["authorships"]))
    assert set(works[0]["authorships"][0]) <= real_authorship_keys
    real_topic_keys = set().union(*(t.keys() for w in real for t in w["topics"]))
    assert set(works[0]["primary_topic"]) <= real_topic_keys
    real_location_keys = set().union(*(loc.keys() for w in real for loc in w["locations"]))
    assert set(works[0]["primary_location"]) <= real_location_keys
