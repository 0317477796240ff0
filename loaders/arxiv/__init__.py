"""arXiv metadata parser: Kaggle JSON lines, OAI-PMH (arXiv / arXivRaw) XML and API Atom XML.

`parse_arxiv(path)` sniffs the format from the file's content (never its name), raises FormatError
straight away if it is none of the three, and otherwise returns a lazy stream of Parsed items: one
WorkRecord per record, or a Rejected saying exactly why a record could not be read. Memory stays
flat: JSON lines are read one line at a time, and XML is pulled through expat in 64 KiB chunks with
only the record being read held as an element tree.

Line numbers: JSON lines report the record's own line. XML reports the line of the record's start
tag (<entry> / <record>), taken from expat's CurrentLineNumber when that tag opens.

The package, by job: formats.py sniffs the format, kaggle.py reads JSON lines,
xml_records.py streams XML records and xml_fields.py reads their fields, fields.py holds
what every format boils down to (and the checks on it), text.py cleans text (TeX accents,
mojibake, author strings), mapping.py builds the WorkRecord.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from loaders.arxiv.formats import ArxivFormat, detect_arxiv_format
from loaders.arxiv.kaggle import _read_kaggle
from loaders.arxiv.mapping import arxiv_topic
from loaders.arxiv.text import decode_tex_accents, parse_author_string
from loaders.arxiv.xml_fields import _read_atom, _read_oai
from loaders.records import Parsed

__all__ = [
    "ArxivFormat",
    "arxiv_topic",
    "decode_tex_accents",
    "detect_arxiv_format",
    "parse_arxiv",
    "parse_author_string",
]


def parse_arxiv(path: str | Path) -> Iterator[Parsed]:
    """Stream arXiv records from a Kaggle JSON-lines, OAI-PMH or Atom file (plain or gzip).

    The format is checked eagerly, so a wrong file raises FormatError at the call, before any
    iteration; records are then read lazily.
    """
    fmt = detect_arxiv_format(path)
    readers: dict[ArxivFormat, Callable[[Path], Iterator[Parsed]]] = {
        "kaggle": _read_kaggle,
        "oai-pmh": _read_oai,
        "atom": _read_atom,
    }
    return readers[fmt](Path(path))
