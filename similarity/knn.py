"""k nearest neighbours of every work among all works (cosine similarity of unit vectors).

``knn(vectors, k)`` is exact for small n (blockwise matrix products, bounded memory) and
approximate above AUTO_EXACT_MAX rows, with the library and parameters that won in
benchmarks/knn_bench.py (see the constants below for the figures). Every result excludes the
row itself, never an identical vector at another row: duplicate works (same abstract loaded
twice) are legitimate, and useful, neighbours.

Returned scores are always exact float32 cosines recomputed from the vectors, whatever the
index computed internally, so exact and approximate results are comparable.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import numpy as np

log = logging.getLogger(__name__)

# "auto" uses exact search up to this many rows. Measured (benchmarks/knn_bench.py, 2 shared
# cores, 384-d, k=10): at 10k rows exact takes ~2.7 s and an HNSW index ~2.5-5 s; exact grows
# with n^2 (100k: ~240 s) while the HNSW index grows ~n log n (100k: ~30-40 s). Near the
# crossover exact wins on quality (recall 1.0) at the same cost, so it keeps a little beyond it.
AUTO_EXACT_MAX = 12_000
# The approximate method "auto" uses above AUTO_EXACT_MAX: faiss's HNSW, because faiss-cpu
# installs from a binary wheel on Linux x86_64 / aarch64 and macOS, so no install compiles
# anything. hnswlib (the default before) publishes no wheel: every install built it from source,
# with -march=native, which a slim image has no compiler for and an older CPU can die on; it is
# an optional extra now (pip install 'scholargraph[hnswlib]'). knn_bench at 100k, one run, 2
# loaded cores, one-thread builds (docs/similar-works.md has the table): faiss HNSW recall@10
# 0.970 in 47 s, hnswlib 0.971 in 46 s (same graph parameters: 99% of pairs agree at 20k),
# faiss IVF 0.969 in 57 s (nlist 4 sqrt(n), nprobe 16), usearch 0.969 in 86 s (f32; its i8 /
# f16 storage is faster but loses recall: 0.92 / 0.96), exact 1.0 in 352 s.
AUTO_APPROX = "faiss-hnsw"
# Memory for one block of the exact similarity matrix (rows x n float32, plus argpartition's
# index array of the same shape in int64).
EXACT_BLOCK_BYTES = 192 << 20

METHODS = ("auto", "exact", "faiss-hnsw", "faiss-ivf", "hnswlib", "usearch")


def knn(vectors: np.ndarray, k: int, method: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """The k nearest OTHER rows of every row.

    vectors: [n, d], rows L2-normalised (cosine = dot product); float32 is used internally.
    k: neighbours per row, capped at n - 1.
    method: "auto" (exact up to AUTO_EXACT_MAX rows, else AUTO_APPROX), "exact", or one of
        the approximate back-ends "faiss-hnsw", "faiss-ivf", "hnswlib", "usearch".
    Returns (indices [n, k] int64, scores [n, k] float32), each row sorted by descending
    score, ties by ascending index.
    """
    v = _as_float32(vectors)
    n = v.shape[0]
    if k < 1:
        raise ValueError("k must be >= 1")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; one of {METHODS}")
    k = min(k, n - 1)
    if k < 1:
        return np.empty((n, 0), np.int64), np.empty((n, 0), np.float32)
    if method == "auto":
        method = "exact" if n <= AUTO_EXACT_MAX else AUTO_APPROX
    if method == "exact":
        return _exact(v, k)
    if method not in _APPROX:  # pragma: no cover - METHODS and _APPROX agree
        raise ValueError(method)
    while True:
        try:
            labels = _APPROX[method](v, k + 1)  # +1: the row itself is usually among the results
            break
        except ImportError as e:
            # A back-end whose library is missing: the default approximate one, else exact.
            fallback = AUTO_APPROX if _LIBRARY[method] != _LIBRARY[AUTO_APPROX] else "exact"
            log.warning("%s is not installed (%s): %s instead. %s", _LIBRARY[method], e, fallback, _INSTALL[method])
            if fallback == "exact":
                return _exact(v, k)
            method = fallback
    return _finish(v, labels, k)


def query(vectors: np.ndarray, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k rows for one query vector [d] (or several, [m, d]): (indices, scores),
    shaped [k] / [m, k], sorted by descending cosine."""
    v = _as_float32(vectors)
    qq = _as_float32(np.atleast_2d(q))
    k = min(k, v.shape[0])
    sims = qq @ v.T
    idx, sc = _top_k_rows(sims, k)
    return (idx[0], sc[0]) if np.ndim(q) == 1 else (idx, sc)


def unique_pairs(indices: np.ndarray, scores: np.ndarray,
                 min_score: float | None = None) -> list[tuple[int, int, float]]:
    """Undirected pairs (i, j, score) with i < j, each once, from a kNN result.

    If both i->j and j->i were found the pair appears once (with the higher of the two
    scores; exact search gives the same score both ways). Pairs below min_score are dropped.
    Sorted by (i, j). Negative indices (no neighbour) are ignored.
    """
    n, k = indices.shape
    if n == 0 or k == 0:
        return []
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = indices.reshape(-1).astype(np.int64)
    sc = scores.reshape(-1).astype(np.float32)
    keep = (cols >= 0) & (cols != rows)
    if min_score is not None:
        keep &= sc >= min_score
    a = np.minimum(rows, cols)[keep]
    b = np.maximum(rows, cols)[keep]
    sc = sc[keep]
    # Sort by (a, b, -score) so the first of each (a, b) run carries the best score.
    order = np.lexsort((-sc, b, a))
    a, b, sc = a[order], b[order], sc[order]
    first = np.ones(len(a), bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return [(int(i), int(j), float(s)) for i, j, s in zip(a[first], b[first], sc[first], strict=True)]


# --------------------------------------------------------------------------- exact


def _as_float32(vectors: np.ndarray) -> np.ndarray:
    v = np.ascontiguousarray(vectors, dtype=np.float32)
    if v.ndim != 2:
        raise ValueError(f"vectors must be 2-D, got shape {v.shape}")
    return v


def _top_k_rows(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k columns of each row of sims, sorted by (-score, index)."""
    m, n = sims.shape
    part = (np.argpartition(sims, n - k, axis=1)[:, n - k :]  # unordered top k, O(n) per row
            if k < n else np.broadcast_to(np.arange(n), (m, n)).copy())
    part_scores = np.take_along_axis(sims, part, axis=1)
    order = np.lexsort((part, -part_scores), axis=1)  # score desc, then index asc
    idx = np.take_along_axis(part, order, axis=1).astype(np.int64)
    return idx, np.take_along_axis(part_scores, order, axis=1)


def _exact(v: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = v.shape[0]
    # rows per block so that block x n float32 sims + int64 argpartition fit the budget
    rows = int(max(1, min(n, EXACT_BLOCK_BYTES // (12 * n))))
    idx = np.empty((n, k), np.int64)
    sc = np.empty((n, k), np.float32)
    for s in range(0, n, rows):
        e = min(n, s + rows)
        sims = v[s:e] @ v.T
        # Exclude the row itself by position, not by value: a duplicate vector elsewhere stays.
        sims[np.arange(e - s), np.arange(s, e)] = -np.inf
        idx[s:e], sc[s:e] = _top_k_rows(sims, k)
    return idx, sc


# --------------------------------------------------------------------------- approximate


def _threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _finish(v: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """From k+1 candidate labels per row: drop the row itself and invalid labels, keep the
    first k, recompute exact cosines, sort. Rows left with fewer than k go to exact search."""
    n = v.shape[0]
    labels = labels.astype(np.int64, copy=False)
    valid = (labels >= 0) & (labels < n) & (labels != np.arange(n)[:, None])
    # Stable sort puts valid candidates first, in the index's own (best-first) order.
    pos = np.argsort(~valid, axis=1, kind="stable")[:, :k]
    idx = np.take_along_axis(labels, pos, axis=1)
    short = valid.sum(1) < k
    # Exact cosines of the chosen pairs: d flops per pair, cheap next to the search; in row
    # blocks so the gathered [rows, k, d] neighbour vectors stay ~128 MB.
    sc = np.empty(idx.shape, np.float32)
    safe = np.where(idx >= 0, idx, 0)
    step = max(1, (32 << 20) // (k * v.shape[1]))
    for s in range(0, n, step):
        sc[s : s + step] = np.einsum("ij,ikj->ik", v[s : s + step], v[safe[s : s + step]])
    order = np.lexsort((idx, -sc), axis=1)
    idx = np.take_along_axis(idx, order, axis=1)
    sc = np.take_along_axis(sc, order, axis=1)
    if short.any():
        rows = np.flatnonzero(short)
        log.debug("%d rows with fewer than %d approximate neighbours: exact for those", len(rows), k)
        sims = v[rows] @ v.T
        sims[np.arange(len(rows)), rows] = -np.inf
        idx[rows], sc[rows] = _top_k_rows(sims, k)
    return idx, sc


# HNSW graph parameters (all three HNSW libraries): measured at 100k (knn_bench), M=16 with
# efConstruction 100 and efSearch 64 gives recall@10 0.970, a margin over the required 0.95;
# efConstruction 64 dropped to 0.943 at the same efSearch, and raising efSearch costs more
# search time than a better-built graph does. efSearch grows with k so k=100 stays accurate.
# Every HNSW back-end builds its graph on ONE thread: a multi-threaded build inserts in a racy
# order, so two runs over the same vectors can give different graphs (hnswlib churned ~4% of
# SIMILAR_TO edges on a re-link; usearch gave other neighbours for ~1% of rows at 12k).
# Queries on a built index are deterministic and run on every core. On 2 shared cores the
# one-thread faiss build was also the faster one (12k: 3.5 s against 6.3 s with OpenMP).
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 100
HNSW_EF_SEARCH = 64


def _ef(k: int) -> int:
    return max(HNSW_EF_SEARCH, 2 * k)


def _faiss_hnsw(v: np.ndarray, kk: int) -> np.ndarray:
    import faiss

    index = faiss.IndexHNSWFlat(v.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    faiss.omp_set_num_threads(1)  # one-thread build: see above
    try:
        index.add(v)
    finally:
        faiss.omp_set_num_threads(_threads())
    index.hnsw.efSearch = _ef(kk)
    _, labels = index.search(v, kk)
    return labels


def _faiss_ivf(v: np.ndarray, kk: int) -> np.ndarray:
    import faiss

    faiss.omp_set_num_threads(_threads())
    n, d = v.shape
    nlist = int(max(1, min(4 * np.sqrt(n), n // 39)))  # faiss wants >= 39 training points per list
    quantizer = faiss.IndexFlatIP(d)
    index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    train = v if n <= 64 * nlist else v[rng.choice(n, 64 * nlist, replace=False)]
    index.train(train)
    index.add(v)
    index.nprobe = max(1, min(nlist, IVF_NPROBE))
    _, labels = index.search(v, kk)
    return labels


IVF_NPROBE = 16


def _hnswlib(v: np.ndarray, kk: int) -> np.ndarray:
    import hnswlib  # optional extra, built from source: pip install 'scholargraph[hnswlib]'

    n, d = v.shape
    index = hnswlib.Index(space="ip", dim=d)
    index.init_index(max_elements=n, ef_construction=HNSW_EF_CONSTRUCTION, M=HNSW_M, random_seed=0)
    index.add_items(v, np.arange(n), num_threads=1)  # one-thread build: see above
    index.set_ef(_ef(kk))
    labels, _ = index.knn_query(v, k=kk, num_threads=_threads())
    return labels


def _usearch(v: np.ndarray, kk: int) -> np.ndarray:
    from usearch.index import BatchMatches, Index

    n, d = v.shape
    index = Index(ndim=d, metric="ip", dtype="f32", connectivity=HNSW_M,
                  expansion_add=HNSW_EF_CONSTRUCTION, expansion_search=_ef(kk))
    index.add(np.arange(n, dtype=np.uint64), v, threads=1)  # one-thread build: see above
    matches = index.search(v, kk, threads=_threads())
    # A 2-D query answers one match list per row (BatchMatches); a 1-D one would give Matches.
    assert isinstance(matches, BatchMatches)
    labels = np.asarray(matches.keys).astype(np.int64)
    counts = np.asarray(matches.counts)
    labels[np.arange(kk)[None, :] >= counts[:, None]] = -1  # unfilled slots
    return labels


_APPROX: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "faiss-hnsw": _faiss_hnsw,
    "faiss-ivf": _faiss_ivf,
    "hnswlib": _hnswlib,
    "usearch": _usearch,
}
# The library behind each approximate method, and how to get it where it is missing.
_LIBRARY = {"faiss-hnsw": "faiss", "faiss-ivf": "faiss", "hnswlib": "hnswlib", "usearch": "usearch"}
_INSTALL = {
    "faiss-hnsw": "faiss-cpu is a dependency of scholargraph: reinstall it (pip install 'scholargraph').",
    "faiss-ivf": "faiss-cpu is a dependency of scholargraph: reinstall it (pip install 'scholargraph').",
    "hnswlib": "hnswlib is an optional extra with no binary wheel: pip install 'scholargraph[hnswlib]' "
               "builds it from source and needs a C++ compiler.",
    "usearch": "usearch is in the dev extra (benchmarks): pip install usearch.",
}
