"""Records out of an XML stream (arXiv OAI-PMH and Atom, dblp), one element tree at a time.

`RecordCollector(parser, is_record)` installs expat handlers that build a tree for each record
element and nothing else: `is_record(tag, depth)` says whether an element that opens outside a
record starts one (tags in ElementTree's "{uri}local" form, depth 1 for the root). Only the
record being read is held; everything outside records (a feed's metadata, the OAI envelope,
dblp's root) is dropped as it streams past, so memory does not grow with the file. `take()`
hands over the records finished so far as (line of the start tag, element); `line` and
`builder` say which record was open when the document broke.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from xml.parsers import expat

__all__ = ["RecordCollector", "clark"]


def clark(name: str) -> str:
    """expat's "uri}local" to ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


class RecordCollector:
    """See the module docstring."""

    def __init__(self, parser: expat.XMLParserType, is_record: Callable[[str, int], bool]) -> None:
        self.parser = parser
        self.is_record = is_record
        self.builder: ET.TreeBuilder | None = None
        self.depth = 0  # of the element open now, in the document
        self.record_depth = 0  # of the record being built
        self.line = 0  # start line of the record being built
        self.done: list[tuple[int, ET.Element]] = []
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        tag = clark(name)
        if self.builder is None:
            if not self.is_record(tag, self.depth):
                return
            self.builder = ET.TreeBuilder()
            self.record_depth = self.depth
            self.line = self.parser.CurrentLineNumber
        self.builder.start(tag, {clark(k): v for k, v in attrs.items()})

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if self.builder is None:
            return
        self.builder.end(clark(name))
        if depth == self.record_depth:
            self.done.append((self.line, self.builder.close()))
            self.builder = None

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def take(self) -> list[tuple[int, ET.Element]]:
        done, self.done = self.done, []
        return done
