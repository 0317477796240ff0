"""arXiv XML (OAI-PMH, Atom) streamed through expat: one element tree per record, the
line of its start tag, and the one reject where the document breaks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from loaders.arxiv.fields import _Fields
from loaders.arxiv.mapping import _build_work
from loaders.records import Parsed
from loaders.source_files import BadRecord, SourceFile, check_record, open_source, reject
from loaders.xml_stream import RecordCollector

_CHUNK = 64 * 1024


@dataclass(slots=True)
class _XmlFailure:
    """The document stopped being well-formed; expat cannot resume after this."""

    message: str
    line: int


def _iter_xml_records(
    stream: SourceFile, record_tag: str
) -> Iterator[tuple[int, ET.Element | _XmlFailure]]:
    """(start line, element) for each record_tag element, fed to expat in 64 KiB chunks."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    collector = RecordCollector(parser, lambda tag, _depth: tag == record_tag)
    while True:
        chunk = stream.read(_CHUNK)
        try:
            # What came before damaged gzip content is parsed without ending the document.
            parser.Parse(chunk, not chunk and stream.damage is None)
        except expat.ExpatError as exc:
            yield from collector.take()
            # Blame the record that was open when the document broke, else the error's own line.
            line = collector.line if collector.builder is not None else exc.lineno
            message = (
                f"invalid XML: {expat.ErrorString(exc.code)} at line {exc.lineno}, "
                f"column {exc.offset + 1}; the rest of the file could not be read"
            )
            yield line, _XmlFailure(message, exc.lineno)
            return
        yield from collector.take()
        if stream.damage is not None:
            # Blame the record the damage cut, else the line where reading stopped.
            line = collector.line if collector.builder is not None else parser.CurrentLineNumber
            yield line, _XmlFailure(stream.damage, parser.CurrentLineNumber)
            return
        if not chunk:
            return


def _read_xml(
    path: Path, record_tag: str, to_fields: Callable[[ET.Element], _Fields]
) -> Iterator[Parsed]:
    with open_source(path) as stream:
        for line, item in _iter_xml_records(stream, record_tag):
            if isinstance(item, _XmlFailure):
                yield reject(path, line, item.message, "")
                return
            yield _xml_record(path, line, item, to_fields)


def _xml_record(
    path: Path, line: int, elem: ET.Element, to_fields: Callable[[ET.Element], _Fields]
) -> Parsed:
    problem: str | None
    try:
        work = _build_work(to_fields(elem))
    except BadRecord as exc:
        problem = str(exc)
    else:
        problem = check_record(work)
        if problem is None:
            return Parsed(path=str(path), line=line, record=work)
    # Raw is re-serialised from the tree (expat does not hand back the source bytes), so
    # namespace prefixes read ns0:, ns1: rather than the file's own.
    return reject(path, line, problem, ET.tostring(elem, encoding="unicode"))
