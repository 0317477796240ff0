"""Identifier normalisation: exact outputs for the forms the sources really write."""

from __future__ import annotations

import hashlib

import pytest

from loaders import ids


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://doi.org/10.7717/peerj.4375", "10.7717/peerj.4375"),
        ("https://doi.org/10.1038/NATURE12373", "10.1038/nature12373"),
        ("http://dx.doi.org/10.1111/j.1936-704x.2009.00057.x", "10.1111/j.1936-704x.2009.00057.x"),
        ("doi:10.48550/arXiv.1609.08144", "10.48550/arxiv.1609.08144"),
        ("  10.5281/zenodo.5738955 ", "10.5281/zenodo.5738955"),
        ("10.1596/1813-9450-3630", "10.1596/1813-9450-3630"),
        ("https://example.org/10.1/x", None),
        ("11.1234/abc", None),
        ("10.1234", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_doi(raw: object, expected: str | None) -> None:
    assert ids.doi(raw) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://orcid.org/0000-0001-6187-6610", "0000-0001-6187-6610"),
        ("http://orcid.org/0000-0002-1825-009x", "0000-0002-1825-009X"),
        ("0000000218250097", "0000-0002-1825-0097"),
        (" 0000-0003-1613-5981 ", "0000-0003-1613-5981"),
        ("https://orcid.org/0000-0001-6187", None),
        ("0000-0001-6187-661Y", None),
        ("", None),
        (None, None),
    ],
)
def test_orcid(raw: str | None, expected: str | None) -> None:
    assert ids.orcid(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://ror.org/05ppvf150", "05ppvf150"),
        ("https://ror.org/02FEAHW73", "02feahw73"),
        ("ror.org/02nr0ka47", "02nr0ka47"),
        ("05dxps055", "05dxps055"),
        ("https://ror.org/15dxps055", None),  # must start with 0
        ("05dxps05", None),
        ("05dxpl055", None),  # 'l' is not in ROR's base32 alphabet
        (None, None),
    ],
)
def test_ror(raw: str | None, expected: str | None) -> None:
    assert ids.ror(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://openalex.org/W2741809807", "W2741809807"),
        ("https://openalex.org/A5023888391", "A5023888391"),
        ("https://openalex.org/I4210166736", "I4210166736"),
        ("https://openalex.org/T10102", "T10102"),
        ("https://openalex.org/S1983995261", "S1983995261"),
        ("https://api.openalex.org/works/w2741809807", "W2741809807"),
        ("W2741809807", "W2741809807"),
        ("openalex:W123", "W123"),
        ("https://openalex.org/fields/17", None),
        ("https://openalex.org/W", None),
        ("https://openalex.org/W12x", None),
        ("https://openalex.org/W\u0661\u0662", None),  # Arabic-Indic digits are not an id
        ("X123", None),
        (None, None),
    ],
)
def test_openalex_id(raw: str | None, expected: str | None) -> None:
    assert ids.openalex_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2101.00001", "2101.00001"),
        ("arXiv:2101.00001v2", "2101.00001"),
        ("https://arxiv.org/abs/1609.08144", "1609.08144"),
        ("http://arxiv.org/abs/1411.5279v3", "1411.5279"),
        ("https://arxiv.org/pdf/1503.05702", "1503.05702"),
        ("https://arxiv.org/pdf/2101.00001v1.pdf", "2101.00001"),
        ("10.48550/arXiv.1609.08144", "1609.08144"),
        ("https://doi.org/10.48550/arxiv.2205.01833", "2205.01833"),
        ("0704.0001", "0704.0001"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),
        ("arXiv:Math.GT/0309136v1", "math/0309136"),
        ("2101.001", None),
        ("https://arxiv.org/list/cs.AI/recent", None),
        ("", None),
        (None, None),
    ],
)
def test_arxiv_id(raw: str | None, expected: str | None) -> None:
    assert ids.arxiv_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("José  García-López", "jose garcia lopez"),
        ("Heather Piwowar", "heather piwowar"),
        ("PIWOWAR, Heather A.", "piwowar heather a"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Łukasz Kaiser", "lukasz kaiser"),
        ("Straße", "strasse"),
        ("J.-P. Sartre", "j p sartre"),
        ("Ångström_Lab", "angstrom lab"),
        ("  \t ", ""),
        ("王 小明", "王 小明"),
        (None, ""),
    ],
)
def test_normalise_name(raw: str | None, expected: str) -> None:
    assert ids.normalise_name(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Code is at https://github.com/foo/bar.", "https://github.com/foo/bar"),
        ("(see https://github.com/foo/bar-baz.js/tree/main).", "https://github.com/foo/bar-baz.js/tree/main"),
        ("available at github.com/owner/repo, with data", "https://github.com/owner/repo"),
        ("mirror: http://www.gitlab.com/grp/proj;", "http://www.gitlab.com/grp/proj"),
        ("at https://bitbucket.org/team/tool\"", "https://bitbucket.org/team/tool"),
        ("first https://gitlab.com/a/b then https://github.com/c/d", "https://gitlab.com/a/b"),
        # Real abstract text (W2785823074): a GitHub Pages site is not a repository.
        ("Sci-Hub ... https://greenelab.github.io/scihub", None),
        ("an organisation page https://github.com/openai only", None),
        ("notgithub.com/a/b is another host", None),
        ("", None),
        (None, None),
    ],
)
def test_find_code_url(text: str | None, expected: str | None) -> None:
    assert ids.find_code_url(text) == expected


def test_institution_id() -> None:
    assert ids.institution_id("I4210166736", "05ppvf150", "Impactstory") == "I4210166736"
    assert ids.institution_id(None, "05ppvf150", "Impactstory") == "ror:05ppvf150"
    key = ids.institution_id(None, None, "Impactstory")
    assert key == "inst:" + hashlib.sha1(b"impactstory").hexdigest()[:16] == "inst:8ee92f686467a368"
    # Same institution written differently by two sources gets the same key.
    assert ids.institution_id(None, None, "  IMPACTSTORY ") == key
