"""How many fields a query text selects, read from the text with a few regular expressions, before
it is parsed.

graphql-core's parser is pure Python: 5,000 aliases in 89 kB of text took 50-115 ms to parse, on
the event loop, before the field limit could refuse them; counting them here takes a few
milliseconds. The count is a lower bound of the fields a parsed document holds (each field node
once, fragments not expanded), never more: strings, block strings and comments are dropped first
(they may hold any character), then argument lists and variable definitions (parentheses do not
nest once strings are gone; object values live inside them), then fragment spreads and inline
fragments' `... on Type`, directives and aliases; every name left inside braces is a field. Text
that does not parse can count anything; its parse error or the field limit refuses it anyway.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress

_IGNORED = r"[\s,\ufeff]"  # whitespace, commas and the byte order mark separate tokens
_NAME = r"[_A-Za-z][_0-9A-Za-z]*"
_NOT_IN_NAME = r"(?<![_0-9A-Za-z])"  # a name starts here (no retry at every character of one)

_TEXT = re.compile(r'"""(?:\\"""|[^"\\]|\\|"(?!""))*+"""'  # block string: only \""" escapes
                   r'|"(?:[^"\\\n\r]|\\.)*+"'  # string
                   r"|#[^\n\r]*")  # comment
_ARGUMENTS = re.compile(r"\([^()]*\)")
_NOT_FIELDS = re.compile(
    rf"\.\.\.{_IGNORED}*(?:on(?![_0-9A-Za-z]){_IGNORED}*{_NAME}|{_NAME})?"  # ...Fragment, ... on Type
    rf"|@{_IGNORED}*{_NAME}"  # a directive (its arguments are gone)
    rf"|{_NOT_IN_NAME}{_NAME}{_IGNORED}*:")  # an alias
_BRACES = re.compile(r"([{}])")
_NAMES = re.compile(_NAME)


def fields_in_text(text: str) -> int:
    """A lower bound of the fields the query text selects, aliases and __typename included, each
    written field once (a fragment's fields once, however often it is spread)."""
    text = _TEXT.sub(" ", text)
    text = _ARGUMENTS.sub(" ", text)
    text = _NOT_FIELDS.sub(" ", text)
    parts = _BRACES.split(text)  # text, brace, text, brace, …, text
    # the depth after each brace, in C loops (a text of 100,000 braces takes milliseconds)
    depths = accumulate(map(_STEP.__getitem__, parts[1::2]))
    inside = compress(parts[2::2], map((0).__lt__, depths))  # outside: `query Name`, `fragment F on T`
    return len(_NAMES.findall(" ".join(inside)))


_STEP = {"{": 1, "}": -1}
