"""What a work's embedded text is: its canonical title + abstract, and the hash of that text.

The graph stores :func:`content_hash` next to each vector and re-embeds a work when it
changes, so whatever embeds works (similarity/embed_works.py, the benchmarks) must use one
definition of the text. It depends on no model, so it lives apart from the embedder.
"""

from __future__ import annotations

import hashlib
import unicodedata


def work_text(title: str | None, abstract: str | None) -> str:
    """The canonical text embedded for a work: ``title + ". " + abstract``.

    Whitespace is collapsed (runs of spaces, tabs, newlines, NBSP -> one space) and the text is
    NFC-normalised, so re-fetching the same record with different line wrapping or Unicode
    composition gives the same text, hence the same :func:`content_hash`, and no re-embedding.
    Case and punctuation are kept: they are real edits. A title already ending in ., ? or !
    is not given a second full stop. Missing parts are left out (no dangling ". ").
    """
    t = _clean(title)
    a = _clean(abstract)
    if t and a:
        return f"{t} {a}" if t[-1] in ".?!" else f"{t}. {a}"
    return t or a


def content_hash(title: str | None, abstract: str | None) -> str:
    """sha1 (hex) of :func:`work_text`: a work is re-embedded when this changes.

    Whitespace-only differences do not change it; any other edit of title or abstract does.
    It is a hash of the text only: whether a stored vector is current also depends on the
    model id stored next to it.
    """
    return hashlib.sha1(work_text(title, abstract).encode("utf-8")).hexdigest()


def _clean(s: str | None) -> str:
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFC", s).split())
