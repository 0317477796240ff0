"""`scholargraph link-similar`: SIMILAR_TO edges from embeddings, and novelty.

Novelty of a work: 1 minus its highest cosine similarity to any work published
before it (by publication date, else year), that similarity taken as 0 when negative, so
novelty lies in [0, 1]: a work opposite to everything earlier is as novel as one unrelated
to it. Works with no earlier work in the graph, or no date, have none. An author's novelty
is the mean over their works.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from graphdb import Graph
from similarity.embed_works import pages
from similarity.knn import knn, unique_pairs

EXACT_NOVELTY_MAX = 60_000  # above this, novelty uses the NOVELTY_NEIGHBOURS nearest instead
# Neighbours searched per work above EXACT_NOVELTY_MAX: the links' k and novelty's earlier
# works come from one search. 50 keeps the HNSW search effort at its links-only level
# (efSearch 2k = 100; k=100 took 78 s at 100k against ~35 s) and nearly every work with
# earlier works in the graph has one among them.
NOVELTY_NEIGHBOURS = 50
WRITE_BATCH = 5000


@dataclass
class LinkSummary:
    works: int = 0
    pairs: int = 0
    added: int = 0
    removed: int = 0
    updated: int = 0
    novelty: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, for benchmarks/link_bench.py


def _date_key(date: str | None, year: int | None) -> str | None:
    if date:
        return str(date)[:10]
    return f"{int(year):04d}-12-31" if year is not None else None


def load_vectors(graph: Graph) -> tuple[list[str], np.ndarray, list[str | None], list[float | None]]:
    """Ids, vectors, date keys and stored novelty of every embedded work, in id order."""
    ids: list[str] = []
    vecs: list[list[float]] = []
    dates: list[str | None] = []
    stored: list[float | None] = []
    for rows in pages(graph, "similar/vectors"):
        for r in rows:
            ids.append(r["id"])
            vecs.append(r["vector"])
            dates.append(_date_key(r["date"], r["year"]))
            stored.append(r["novelty"])
    matrix = np.asarray(vecs, dtype=np.float32).reshape(len(ids), -1) if ids else np.zeros((0, 0), np.float32)
    return ids, matrix, dates, stored


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
    first_of: dict[str, int] = {}  # position of the first work with each date: only strictly earlier ones count
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
                out[order[start + row]] = float(1.0 - min(1.0, max(0.0, sims[row, :earlier].max())))
    return out


def novelty_from_neighbours(idx: np.ndarray, scores: np.ndarray, dates: list[str | None]) -> list[float | None]:
    """Large graphs: the highest similarity among a work's nearest neighbours that are
    earlier. When none of them is earlier but some work in the graph is, the best earlier
    similarity is at most the last neighbour's, so 1 minus that is the value (a lower
    bound on the exact novelty, and close: such a work is far from everything earlier)."""
    known = sorted({d for d in dates if d is not None})
    rank = {d: i for i, d in enumerate(known)}
    r = np.array([rank[d] if d is not None else -1 for d in dates], dtype=np.int64)
    nb = r[idx]  # the neighbours' date ranks
    best = np.where((nb >= 0) & (nb < r[:, None]), scores, -np.inf).max(axis=1, initial=-np.inf)
    if scores.shape[1]:  # no earlier neighbour: the last neighbour's similarity bounds the best
        best = np.where(np.isfinite(best), best, scores[:, -1])
    known_best = np.isfinite(best)
    novel = 1.0 - np.clip(best, 0.0, 1.0)
    # Rank 0 is the earliest date: nothing in the graph is earlier.
    return [float(novel[i]) if r[i] > 0 and known_best[i] else None for i in range(len(dates))]


def link_similar(graph: Graph, k: int = 10, min_score: float | None = None, progress: bool = True,
                 method: str = "auto") -> LinkSummary:
    """SIMILAR_TO edges to each work's k nearest works (one edge per pair, diffed against
    the edges there), then novelty. `method`: the kNN search (similarity.knn.knn)."""
    summary = LinkSummary()
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[phase] = summary.seconds.get(phase, 0.0) + now - clock
        clock = now

    ids, vectors, dates, stored = load_vectors(graph)
    summary.works = len(ids)
    meta = graph.query("similar/embedding_meta").rows
    model = meta[0]["model"] if meta else "unknown"
    lap("read vectors")
    if len(ids) < 2:
        return summary
    k = min(k, len(ids) - 1)
    exact_novelty = len(ids) <= EXACT_NOVELTY_MAX
    # Large graphs: one search for the top NOVELTY_NEIGHBOURS serves both the links (its first
    # k, more accurate than a top-k search of the same index) and novelty; a second index
    # build would cost as much again.
    idx, scores = knn(vectors, k if exact_novelty else max(k, min(NOVELTY_NEIGHBOURS, len(ids) - 1)), method)
    lap("knn")
    wanted = {}
    for i, j, s in unique_pairs(idx[:, :k], scores[:, :k], min_score=min_score):
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
    lap("write edges")

    values = novelty(vectors, dates) if exact_novelty else novelty_from_neighbours(idx, scores, dates)
    lap("novelty")
    # Only the values that changed: FalkorDB updates a node that holds a vector slowly
    # (~0.5-0.9 ms each at 30k-100k works, measured in benchmarks/link_bench.py).
    rounded = [None if v is None else round(v, 6) for v in values]
    rows = [{"id": wid, "novelty": v} for wid, v, old in zip(ids, rounded, stored, strict=True) if v != old]
    for i in range(0, len(rows), WRITE_BATCH):
        graph.execute("similar/set_novelty", {"rows": rows[i : i + WRITE_BATCH]})
    graph.execute("similar/author_novelty")
    summary.novelty = sum(v is not None for v in values)
    lap("write novelty")
    return summary
