"""OpenAlex snapshot `merged_ids` files -> MergedId records.

The snapshot lists every entity OpenAlex merged into another in
`merged_ids/<entity>/<merge date>.csv.gz`, CSV with the header `merge_date,id,merge_into_id`
(ids short, "A3130170251", or as URLs). The entity type comes from the folder name
(authors, works, institutions, sources, topics), else from the ids' letter. A bad row is
one reject by line; the writer (loaders/merges.py) folds the old node into the survivor.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from loaders import ids
from loaders.records import MergedId, Parsed
from loaders.source_files import BOM, accept, open_source, reject

HEADER = b"merge_date,id,merge_into_id"
KINDS = {"works": "work", "authors": "author", "institutions": "institution", "sources": "source",
         "topics": "topic"}
_LETTERS = {"W": "work", "A": "author", "I": "institution", "S": "source", "T": "topic"}


def is_merged_ids(head: bytes) -> bool:
    """The file's first bytes are the merged_ids header (a BOM and quotes allowed)."""
    first = head.removeprefix(BOM).split(b"\n", 1)[0].strip().replace(b'"', b"").replace(b" ", b"")
    return first.lower() == HEADER


def kind_of_path(path: str | Path) -> str | None:
    """The entity type the snapshot's folder names (merged_ids/authors/…), else None."""
    for part in reversed(Path(path).parts[:-1]):
        if part.lower() in KINDS:
            return KINDS[part.lower()]
    return None


def parse_merged_ids(path: str | Path) -> Iterator[Parsed]:
    name = str(path)
    folder_kind = kind_of_path(path)
    last = 0
    with open_source(path) as fh:
        for lineno, raw in fh.lines():
            last = lineno
            if lineno == 1:
                continue  # the header (is_merged_ids checked it)
            text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
            if not text.strip():
                continue
            yield _row(text, name, lineno, folder_kind)
        damaged = fh.damage_reject(last + 1)
    if damaged is not None:
        yield damaged


def _row(text: str, name: str, line: int, folder_kind: str | None) -> Parsed:
    cells = next(csv.reader([text]))
    if len(cells) != 3:
        return reject(name, line, f"expected 3 columns (merge_date,id,merge_into_id), got {len(cells)}", text)
    old, into = ids.openalex_id(cells[1]), ids.openalex_id(cells[2])
    if old is None or into is None:
        bad = cells[1] if old is None else cells[2]
        column = "id" if old is None else "merge_into_id"
        return reject(name, line, f"{column}: not an OpenAlex id: {bad[:100]!r}", text)
    if old == into:
        return reject(name, line, f"id {old} is merged into itself", text)
    if old[0] != into[0]:
        return reject(name, line, f"id {old} and merge_into_id {into} are different entity types", text)
    kind = _LETTERS.get(old[0])
    if kind is None:
        return reject(name, line, f"unsupported OpenAlex entity type: {old} (the graph has no such node)", text)
    if folder_kind is not None and kind != folder_kind:
        return reject(name, line, f"id {old} is not one of the {folder_kind}s its folder holds", text)
    return accept(name, line, MergedId(old=old, into=into, kind=kind), text)
