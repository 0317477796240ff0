"""The key a title is compared by: a pasted title must find its work whatever its case,
accents, punctuation and spacing.

'Graph  Databases: Søren’s Æther-Model' -> 'graph databases soren s aether model'.

Its own normaliser, not loaders.ids.normalise_name (which keys people's names across sources),
so neither can change for the other's sake; today both give the same key for every text.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not split into a base letter and a combining mark ("ø" stays "ø"):
# without these "Søren" and "Soren" would differ.
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i",
})
# Anything but a letter or digit separates words (underscores too).
_SEPARATORS = re.compile(r"[\W_]+")


def title_key(title: str | None) -> str:
    """Lower-case words of plain letters and digits, joined by one space; "" for no title."""
    if not isinstance(title, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", title.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()
