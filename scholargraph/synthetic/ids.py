"""Identifiers of the synthetic data, in the real formats (OpenAlex, ORCID, ROR, ISSN), and the
stable hashes they come from: pure functions of a key or an index, the same on every run,
platform and PYTHONHASHSEED."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

OPENALEX = "https://openalex.org/"
CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"


def orcid_check_digit(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def ror_checksum(prefix7: str) -> str:
    """Two-digit ISO 7064 MOD 97-10 checksum of a ROR id's first 7 (Crockford base32) chars."""
    n = 0
    for ch in prefix7:
        n = n * 32 + CROCKFORD.index(ch)
    return f"{98 - (n * 100) % 97:02d}"


def issn_check(digits7: str) -> str:
    total = sum((8 - i) * int(ch) for i, ch in enumerate(digits7))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def stable_int(text: str) -> int:
    """A 64-bit integer from text that is the same on every run and platform."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slug(plain)


def unique_number(key: str, lo: int, span: int, taken: set[int]) -> int:
    """A number in [lo, lo+span) derived from `key`, probing past ones already `taken`."""
    n = lo + stable_int(key) % span
    while n in taken:
        n = lo + (n - lo + 1) % span
    taken.add(n)
    return n


def ror(key: str, taken: set[int]) -> str:
    n = unique_number(key, 0, 32**6, taken)
    body = "".join(CROCKFORD[(n >> (5 * k)) & 31] for k in range(5, -1, -1))
    return "0" + body + ror_checksum("0" + body)


# --- per-entity values (pure functions of an index: nothing stored) ----------------------------


def mix(x: int) -> int:
    """A cheap 32-bit integer hash (so per-author traits need no storage)."""
    x = ((x ^ 0x5BD1E995) * 0x9E3779B1) & 0xFFFFFFFF
    x ^= x >> 15
    return (x * 0x85EBCA77) & 0xFFFFFFFF


def work_number(i: int) -> int:
    """W-number of the i-th work: increasing with i, so earlier works have smaller ids."""
    return 4_100_000_000 + 3 * i + mix(i) % 3


def author_id(a: int) -> str:
    return f"{OPENALEX}A5{(a * 387_420_489 + 104_729) % 10**9:09d}"


def orcid(a: int) -> str | None:
    """ORCID for ~40% of authors: unique, in the issued ranges, with a valid check digit."""
    if mix(a + 7) % 100 >= 40:
        return None
    base = f"{15_000_000 + (a * 7_654_321 + 1_234_567) % 20_000_000:015d}"
    return f"https://orcid.org/{base[:4]}-{base[4:8]}-{base[8:12]}-{base[12:]}" + (orcid_check_digit(base))


@lru_cache(maxsize=4096)
def keyword_id(phrase: str) -> str:
    return f"{OPENALEX}keywords/{slug(phrase)}"
