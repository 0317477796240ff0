"""Identifier normalisation shared by all source parsers.

Every function takes whatever a source wrote (URL form, prefixed form, odd case,
surrounding whitespace) and returns the bare canonical form documented in
loaders/records.py, or None when the input is not a recognisable identifier.
Returning None rather than raising lets parsers treat "garbage id" like "no id"
without wrapping every call in try/except.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

__all__ = [
    "arxiv_id",
    "doi",
    "find_code_url",
    "issn",
    "institution_id",
    "normalise_name",
    "openalex_id",
    "orcid",
    "ror",
]

# --- DOI ---------------------------------------------------------------------

# Resolver / scheme prefixes seen in the wild; stripped before validation.
_DOI_PREFIX = re.compile(
    r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi\.org/|doi:\s*|urn:doi:)",
    re.IGNORECASE,
)
# A DOI is "10.<registrant>/<suffix>"; the suffix may contain almost anything.
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$", re.ASCII)


def doi(s: str | None) -> str | None:
    """'https://doi.org/10.1038/NATURE12373' -> '10.1038/nature12373'.

    DOIs are case-insensitive by spec, so lower-casing makes them comparable.
    """
    if not isinstance(s, str):
        return None
    v = _DOI_PREFIX.sub("", s.strip()).strip()
    v = v.lower()
    return v if _DOI_SHAPE.match(v) else None


# --- ORCID -------------------------------------------------------------------

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])", re.IGNORECASE | re.ASCII)
_ORCID_PREFIX = re.compile(r"^(?:https?://)?(?:www\.|sandbox\.)?orcid\.org/", re.IGNORECASE)


def orcid(s: str | None) -> str | None:
    """'https://orcid.org/0000-0002-1825-009x' -> '0000-0002-1825-009X'.

    Only the shape is checked, not the ISO 7064 check digit: a source that got the
    digit wrong still names the same person, and rejecting it would lose the link.
    """
    if not isinstance(s, str):
        return None
    m = _ORCID.fullmatch(_ORCID_PREFIX.sub("", s.strip()))
    if not m:
        return None
    return "-".join(m.groups()).upper()


# --- ISSN --------------------------------------------------------------------

_ISSN = re.compile(r"^(\d{4})-?(\d{3}[\dX])$", re.ASCII)


def issn(s: str | None) -> str | None:
    """'1234-567x', '1234567X' -> '1234-567X' (the check digit is not verified)."""
    if not isinstance(s, str):
        return None
    m = _ISSN.match(s.strip().upper())
    return f"{m.group(1)}-{m.group(2)}" if m else None


# --- ROR ---------------------------------------------------------------------

# ROR ids: a leading 0, six characters of Crockford base32, two checksum digits.
_ROR = re.compile(r"0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}")
_ROR_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/")


def ror(s: str | None) -> str | None:
    """'https://ror.org/05DXPS055' -> '05dxps055'."""
    if not isinstance(s, str):
        return None
    v = _ROR_PREFIX.sub("", s.strip().lower())
    return v if _ROR.fullmatch(v) else None


# --- OpenAlex ----------------------------------------------------------------

# W work, A author, I institution, S source, T topic, P publisher, F funder,
# C concept (legacy); K keyword is not numeric so it is deliberately not handled.
# re.ASCII throughout: \d would otherwise accept digits of any script.
_OPENALEX = re.compile(r"(?:^|/|:)([WAISTPFC]\d+)$", re.IGNORECASE | re.ASCII)
_OPENALEX_URL = "https://openalex.org/"
_OPENALEX_LETTERS = frozenset("WAISTPFC")


def openalex_id(s: str | None) -> str | None:
    """'https://openalex.org/W2741809807', '.../works/w2741809807' -> 'W2741809807'.

    Hierarchy ids such as 'https://openalex.org/fields/17' are not entity ids and
    give None; the OpenAlex parser maps those itself.
    """
    if not isinstance(s, str):
        return None
    # Fast path for the canonical form, which is nearly every id in a works file
    # (references alone are ~30 per work); the regex handles everything else.
    if s.startswith(_OPENALEX_URL):
        tail = s[len(_OPENALEX_URL) :]
        if tail[:1] in _OPENALEX_LETTERS and tail[1:].isascii() and tail[1:].isdigit():
            return tail
    m = _OPENALEX.search(s.strip())
    return m.group(1).upper() if m else None


# --- arXiv -------------------------------------------------------------------

# New scheme (2007-04 on): YYMM.NNNN or YYMM.NNNNN; old scheme: archive[.SUBJ]/YYMMNNN.
_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?", re.ASCII)
_ARXIV_OLD = re.compile(r"([a-z][a-z\-]*)(?:\.[a-z]{2})?/(\d{7})(?:v\d+)?", re.IGNORECASE | re.ASCII)
_ARXIV_PREFIX = re.compile(
    r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/"
    r"|(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\."
    r"|arxiv:)",
    re.IGNORECASE,
)
_PDF_SUFFIX = re.compile(r"\.pdf$", re.IGNORECASE)


def arxiv_id(s: str | None) -> str | None:
    """'arXiv:2101.00001v2', 'https://arxiv.org/pdf/2101.00001v1.pdf',
    '10.48550/arXiv.2101.00001' -> '2101.00001'; 'math.GT/0309136v1' -> 'math/0309136'.

    The subject-class suffix of old ids (the '.GT') is not part of the identifier,
    so it is dropped to make old ids from different sources compare equal.
    """
    if not isinstance(s, str):
        return None
    v = _PDF_SUFFIX.sub("", _ARXIV_PREFIX.sub("", s.strip()))
    m = _ARXIV_NEW.fullmatch(v)
    if m:
        return m.group(1)
    m = _ARXIV_OLD.fullmatch(v)
    if m:
        return f"{m.group(1).lower()}/{m.group(2)}"
    return None


# --- names -------------------------------------------------------------------

# Letters NFKD does not decompose into base + combining mark; without this table
# "Søren" and "Soren" would not match.
_TRANSLIT = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)
_NON_WORD = re.compile(r"[\W_]+")


# The same names come back record after record (an author's every work names them): each is
# normalised once, within a bound, so memory stays flat.
@functools.lru_cache(maxsize=1 << 16)
def normalise_name(s: str | None) -> str:
    """'José  García-López' -> 'jose garcia lopez'.

    Used for matching names across sources, never for display: accents, case and
    punctuation differ between sources for the same person.
    """
    if not isinstance(s, str):
        return ""
    v = unicodedata.normalize("NFKD", s.translate(_TRANSLIT))
    v = "".join(ch for ch in v if not unicodedata.combining(ch))
    v = v.casefold()
    return _NON_WORD.sub(" ", v).strip()


# --- code repositories -------------------------------------------------------

# host/owner/repo[/more]; the scheme is optional because abstracts often write
# "github.com/owner/repo" bare.
# The lookbehind stops "notgithub.com/a/b" matching as "github.com/a/b".
_CODE_URL = re.compile(
    r"(?<![\w.\-])(?:https?://)?(?:www\.)?(github\.com|gitlab\.com|bitbucket\.org)"
    r"/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+(?:/[^\s<>\"'\]\[{}|\\^`]*)?",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}>'\""


def find_code_url(text: str | None) -> str | None:
    """First GitHub/GitLab/Bitbucket repository URL in `text`, with https:// and
    without sentence punctuation stuck to its end ('…/repo).' -> '…/repo')."""
    if not isinstance(text, str):
        return None
    # The regex tries every position; most texts name no host at all. (ASCII only: under
    # IGNORECASE a few other letters, like the dotless ı, match too.)
    if text.isascii():
        lower = text.lower()
        if "github.com" not in lower and "gitlab.com" not in lower and "bitbucket.org" not in lower:
            return None
    m = _CODE_URL.search(text)
    if not m:
        return None
    url = m.group(0).rstrip(_TRAILING)
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    return url


# --- institution keys --------------------------------------------------------


def institution_id(openalex: str | None, ror_id: str | None, name: str | None) -> str:
    """The InstitutionRecord.id convention of loaders/records.py, in one place so every
    parser keys the same institution the same way: OpenAlex id, else 'ror:<ror>',
    else 'inst:' + the first 16 hex digits of sha1(normalised name).

    records.py's comment could also be read as cutting the whole key to 16
    characters; the 16 hex digits are what loaders/arxiv.py already writes, and a
    name-only institution must get the same key from both sources.
    """
    if openalex:
        return openalex
    if ror_id:
        return f"ror:{ror_id}"
    digest = hashlib.sha1(normalise_name(name).encode("utf-8")).hexdigest()[:16]
    return f"inst:{digest}"
