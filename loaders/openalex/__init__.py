"""OpenAlex parser: snapshot JSON lines (plain or gzip), API list responses and single
API entities -> normalised records (loaders/records.py).

`parse_openalex(path)` streams: memory stays at about one record plus a 1 MiB read
buffer whatever the file size, including a multi-gigabyte API response on one line,
because `results` elements are cut out of the byte stream by a small structural
scanner (_Reader) and parsed one at a time.

Bad records never stop the stream; they come out as Parsed(rejected=...) with the
1-based line where the record starts and an exact reason. Only a file that is not
OpenAlex JSON at all raises FormatError.

The package, by job: layouts.py reads the stream (which layout, then each layout record by
record), scanner.py cuts JSON values out of the bytes, fields.py reads typed fields with
exact reasons, identify.py says which entity a record is, mapping.py turns one parsed value
into a Parsed with works.py and entities.py (nested.py: the institutions and topics
embedded in records).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from loaders.merged_ids import is_merged_ids, parse_merged_ids
from loaders.openalex.layouts import _detect_layout, _parse_json_lines, _parse_results, _parse_single
from loaders.records import Parsed
from loaders.source_files import open_source, reject

__all__ = ["parse_openalex"]


def parse_openalex(path: str | Path) -> Iterator[Parsed]:
    """One Parsed per record of an OpenAlex file, as a lazy iterator.

    Accepts JSON lines (one entity per line, the snapshot layout), an API list
    response `{"meta": ..., "results": [...]}` (or a bare JSON array of entities),
    a single API entity, and the snapshot's merged_ids CSV (loaders/merged_ids.py),
    plain or gzip-compressed (detected from the content, not the file name). Not
    itself a generator, so that a file that is none of these raises FormatError
    at the call, before the caller starts iterating.
    """
    name = str(path)
    with open_source(path) as fh:
        merged = is_merged_ids(fh.head(256))
    if merged:  # the snapshot's merged_ids/<entity>/<date>.csv(.gz)
        return parse_merged_ids(path)
    layout, damage = _detect_layout(path, name)
    if layout == "empty":
        # Damage before the first byte leaves nothing to read but the damage itself.
        return iter(() if damage is None else (reject(name, 1, damage, b""),))
    if layout == "lines":
        return _parse_json_lines(path, name)
    if layout == "single":
        return _parse_single(path, name)
    return _parse_results(path, name, layout)  # "results" or "array"
