"""`scholargraph link-similar`: SIMILAR_TO edges from embeddings, and novelty.

Novelty of a work: 1 minus its highest cosine similarity to any work published
before it (by publication date, else year). Works with no earlier work in the graph,
or no date, have none. An author's novelty is the mean over their works.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from graphdb import Graph
from similarity.embed_works import pages
from similarity.knn import knn, unique_pairs

EXACT_NOVELTY_MAX = 60_000  # above this, novelty uses the top-100 neighbours instead
WRITE_BATCH = 5000


@dataclass
class LinkSummary:
    works: int = 0
    pairs: int = 0
    added: int = 0
    removed: int = 0
    updated: int = 0
    novelty: int = 0


def _date_key(date: str | None, year: int | None) -> str | None:
    if date:
        return str(date)[:10]
    return f"{int(year):04d}-12-31" if year is not None else None


def load_vectors(graph: Graph) -> tuple[list[str], np.ndarray, list[str | None]]:
    ids: list[str] = []
    vecs: list[list[float]] = []
    dates: list[str | None] = []
    for rows in pages(graph, "similar/vectors"):
        for r in rows:
            ids.append(r["id"])
            vecs.append(r["vector"])
            dates.append(_date_key(r["date"], r["year"]))
    matrix = np.asarray(vecs, dtype=np.float32).reshape(len(ids), -1) if ids else np.zeros((0, 0), np.float32)
    return ids, matrix, dates


def novelty(vectors: np.ndarray, dates: list[str | None], block: int = 2048) -> list[float | None]:
    """Exact: every work against every earlier one, blockwise in date order."""
    n = len(dates)
    out: list[float | None] = [None] * n
    dated = sorted((d, i) for i, d in enumerate(dates) if d is not None)
    order = np.array([i for _, i in dated], dtype=np.int64)
    keys = [d for d, _ in dated]
    if len(order) < 2:
        return out
    v = vectors[order]
    first_of = {}  # position of the first work with each date: only strictly earlier ones count
    for pos, d in enumerate(keys):
        first_of.setdefault(d, pos)
    for start in range(0, len(order), block):
        stop = min(start + block, len(order))
        limit = first_of[keys[stop - 1]]
        if limit == 0:
            continue
        sims = v[start:stop] @ v[:limit].T
        for row in range(stop - start):
            earlier = first_of[keys[start + row]]
            if earlier:
                out[order[start + row]] = float(1.0 - min(1.0, sims[row, :earlier].max()))
    return out


def novelty_from_neighbours(idx: np.ndarray, scores: np.ndarray, dates: list[str | None]) -> list[float | None]:
    """Large graphs: the highest similarity among the nearest neighbours that are earlier."""
    out: list[float | None] = []
    for i, d in enumerate(dates):
        if d is None:
            out.append(None)
            continue
        best = [s for j, s in zip(idx[i], scores[i], strict=True) if dates[j] is not None and dates[j] < d]
        out.append(float(1.0 - min(1.0, max(best))) if best else None)
    return out


def link_similar(graph: Graph, k: int = 10, min_score: float | None = None, progress: bool = True) -> LinkSummary:
    summary = LinkSummary()
    ids, vectors, dates = load_vectors(graph)
    summary.works = len(ids)
    meta = graph.query("similar/embedding_meta").rows
    model = meta[0]["model"] if meta else "unknown"
    if len(ids) < 2:
        return summary
    idx, scores = knn(vectors, min(k, len(ids) - 1))
    wanted = {}
    for i, j, s in unique_pairs(idx, scores, min_score=min_score):
        a, b = sorted((ids[i], ids[j]))
        wanted[(a, b)] = round(float(s), 6)
    summary.pairs = len(wanted)
    existing = {(r["a"], r["b"]): (r["score"], r["model"]) for r in graph.query("similar/similar_edges").rows}
    remove = [{"a": a, "b": b} for (a, b) in existing if (a, b) not in wanted]
    write = [{"a": a, "b": b, "score": s} for (a, b), s in wanted.items()
             if existing.get((a, b)) != (s, model)]
    summary.removed = len(remove)
    summary.added = sum(1 for p in write if (p["a"], p["b"]) not in existing)
    summary.updated = len(write) - summary.added
    bar = tqdm(total=len(remove) + len(write), desc="linking", unit=" edges", disable=not progress)
    for i in range(0, len(remove), WRITE_BATCH):
        graph.execute("similar/delete_similar", {"pairs": remove[i : i + WRITE_BATCH]})
        bar.update(len(remove[i : i + WRITE_BATCH]))
    for i in range(0, len(write), WRITE_BATCH):
        graph.execute("similar/merge_similar", {"pairs": write[i : i + WRITE_BATCH], "model": model})
        bar.update(len(write[i : i + WRITE_BATCH]))
    bar.close()

    if len(ids) <= EXACT_NOVELTY_MAX:
        values = novelty(vectors, dates)
    else:
        nidx, nscores = knn(vectors, min(100, len(ids) - 1))
        values = novelty_from_neighbours(nidx, nscores, dates)
    rows = [{"id": wid, "novelty": None if v is None else round(v, 6)} for wid, v in zip(ids, values, strict=True)]
    for i in range(0, len(rows), WRITE_BATCH):
        graph.execute("similar/set_novelty", {"rows": rows[i : i + WRITE_BATCH]})
    graph.execute("similar/author_novelty")
    summary.novelty = sum(v is not None for v in values)
    return summary
