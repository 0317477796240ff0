"""OpenAlex ids as the tests compare them."""

from __future__ import annotations


def short(url: str) -> str:
    """The short id at the end of an OpenAlex URL: https://openalex.org/A5023888391 -> A5023888391."""
    return url.rsplit("/", 1)[-1]
