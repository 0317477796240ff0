"""arXiv text cleaning: whitespace, UTF-8 read as Latin-1, TeX accents, author strings."""

from __future__ import annotations

import re
import unicodedata

# --- text cleaning -------------------------------------------------------------------------------

# UTF-8 read as Latin-1 ("GÃ¶tz" for "Götz"): a lead byte Â..ô followed by a continuation byte.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def _clean(text: str | None) -> str | None:
    """Collapse whitespace and undo UTF-8-as-Latin-1 damage; None for blank."""
    if text is None:
        return None
    text = " ".join(_fix_mojibake(text).split())
    return text or None


def _fix_mojibake(text: str) -> str:
    """Undo double-encoded UTF-8 only when the whole string round-trips cleanly.

    The shared Atom sample was recorded this way ("RamÃ­rez"); genuine text almost never both
    matches the pattern and survives Latin-1 -> UTF-8 decoding, so correct text is left alone.
    """
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


# --- author strings ------------------------------------------------------------------------------

_COMBINING = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    '"': "\u0308",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "r": "\u030a",
    "c": "\u0327",
    "k": "\u0328",
    "d": "\u0323",
    "b": "\u0331",
}
_TEX_LETTERS = {
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "i",  # dotless i only ever appears under an accent, where NFC gives the dotted form
    "j": "j",
}
_TEX_LETTER = re.compile(r"\\(aa|AA|ae|AE|oe|OE|ss|o|O|l|L|i|j)(?![A-Za-z])(?: (?=[A-Za-z]))?")
_TEX_SYMBOL_ACCENT = re.compile(r"\\([`'^~=.\"])\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))")
_TEX_WORD_ACCENT = re.compile(r"\\([uvHrckdb])(?:\s*\{\s*([A-Za-z])\s*\}|\s+([A-Za-z]))")


def decode_tex_accents(text: str, *, keep_math: bool = False) -> str:
    """'B\\'ela Bollob\\'as', 'S{\\l}upi\\'nski' -> 'Béla Bollobás', 'Słupiński'.

    arXiv author strings are typed in TeX; names must be Unicode to match other sources.
    `keep_math` (titles): only the accents and the braces around an accented letter go, so
    "Erd\\H{o}s and $\\Lambda_{\\alpha}$" -> "Erdős and $\\Lambda_{\\alpha}$".
    """
    if "\\" not in text and "{" not in text:
        return text
    text = _TEX_LETTER.sub(lambda m: _TEX_LETTERS[m.group(1)], text)
    text = _TEX_SYMBOL_ACCENT.sub(_accent, text)
    text = _TEX_WORD_ACCENT.sub(_accent, text)
    if keep_math:
        text = _BRACED_LETTER.sub(r"\1", text)
    else:
        text = text.replace("\\&", "&").replace("\\-", "").replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", text)


# "{ö}" or "{o + combining mark}", left by an accent written as {\\"o}; never math like "{a}".
_BRACED_LETTER = re.compile(r"\{([^\x00-\x7f][\u0300-\u036f]*|[A-Za-z][\u0300-\u036f]+)\}")


def _accent(m: re.Match[str]) -> str:
    """Base letter + combining mark; NFC later folds the pair into one precomposed letter."""
    return (m.group(2) or m.group(3)) + _COMBINING[m.group(1)]


# Separators between names: commas, semicolons, colons ("ATLAS Collaboration: A. Aad, ..."),
# ampersands and the word "and".
_NAME_SPLIT = re.compile(r"\s*(?:[,;:&]|\band\b)\s*")
_ET_AL = re.compile(r"\s*\bet\.?\s*al\.?$|^(?:and\s+)?others$", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")


def parse_author_string(text: str) -> list[str]:
    """'A. Smith (MIT), B. Jones, and C. Brown et al.' -> ['A. Smith', 'B. Jones', 'C. Brown'].

    TeX accents are decoded and parenthesised affiliations dropped before splitting, since
    affiliations contain commas of their own; "Jr."-style suffixes rejoin the preceding name.
    """
    text = _strip_parenthesised(decode_tex_accents(_clean(text) or ""))
    names: list[str] = []
    for piece in _NAME_SPLIT.split(text):
        name = _ET_AL.sub("", piece).strip(" .") if _ET_AL.search(piece) else piece.strip()
        if not name:
            continue
        if _SUFFIX.match(name) and names:
            names[-1] = f"{names[-1]} {name}"
        else:
            names.append(name)
    return names


def _strip_parenthesised(text: str) -> str:
    """Remove (possibly nested) parenthesised groups; an unmatched bracket is dropped by itself."""
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    if depth:
        # Unclosed "(": keep the text after it rather than silently losing later authors.
        return _strip_parenthesised(text.replace("(", " ", 1))
    return " ".join("".join(out).split())
