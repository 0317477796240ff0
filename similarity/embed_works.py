"""`scholargraph embed`: vectors for every work that has none or whose text changed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from graphdb import Graph, schema
from similarity.embedder import Embedder
from similarity.texts import content_hash, work_text

log = logging.getLogger(__name__)
PAGE = 5000


@dataclass
class EmbedSummary:
    model: str
    dimension: int
    works: int = 0
    embedded: int = 0
    reembedded: int = 0


def pages(graph: Graph, name: str, page: int = PAGE) -> Iterator[list[dict[str, Any]]]:
    """Keyset pagination over a named query taking $after and $limit, in id order."""
    after = ""
    while True:
        rows = graph.query(name, {"after": after, "limit": page}).rows
        if not rows:
            return
        yield rows
        after = rows[-1]["id"]


def embed_works(graph: Graph, embedder: Embedder, batch_size: int = 64, progress: bool = True) -> EmbedSummary:
    summary = EmbedSummary(embedder.model_id, embedder.dimension)
    meta = graph.query("similar/embedding_meta").rows
    if meta and meta[0]["model"] != embedder.model_id:
        log.warning("embedding model changed from %s to %s: re-embedding every work",
                    meta[0]["model"], embedder.model_id)
    schema.set_vector_dimension(graph, embedder.dimension)
    graph.execute("similar/set_embedding_meta", {"model": embedder.model_id, "dimension": embedder.dimension})

    todo: list[tuple[str, str, str, bool]] = []  # id, text, hash, had a vector
    for rows in pages(graph, "similar/works_to_embed"):
        for r in rows:
            summary.works += 1
            h = content_hash(r["title"], r["abstract"])
            if r["has_vector"] and r["hash"] == h and r["model"] == embedder.model_id:
                continue
            todo.append((r["id"], work_text(r["title"], r["abstract"]), h, r["has_vector"]))
    stale = [wid for wid, _, _, had in todo if had]
    for i in range(0, len(stale), PAGE):
        # Removed first: FalkorDB's vector index can keep serving a replaced vector.
        graph.execute("similar/clear_embeddings", {"ids": stale[i : i + PAGE]})
    summary.reembedded = len(stale)

    bar = tqdm(total=len(todo), desc="embedding", unit=" works", disable=not progress, dynamic_ncols=True)
    chunk = max(batch_size * 8, 1024)  # embed in length-bucketed chunks, write as they finish
    for i in range(0, len(todo), chunk):
        part = todo[i : i + chunk]
        vectors = embedder.embed([t for _, t, _, _ in part], batch_size=batch_size)
        rows = [{"id": wid, "vector": [float(x) for x in vec], "hash": h}
                for (wid, _, h, _), vec in zip(part, vectors, strict=True)]
        for j in range(0, len(rows), 500):
            graph.execute("similar/set_embeddings", {"rows": rows[j : j + 500], "model": embedder.model_id})
        summary.embedded += len(part)
        bar.update(len(part))
    bar.close()
    return summary
