"""kNN linking benchmark: time and recall@10 of exact vs approximate all-pairs kNN.

    .venv/bin/python benchmarks/knn_bench.py [--sizes 10000,100000] [--k 10] [--methods ...]

Vectors are synthetic, fixed seed, 384-d unit vectors clustered like a real corpus rather than
uniform noise: a shared "anisotropy" direction, fields, topics inside fields with Zipf-like
sizes (a few big topics, a long tail), and works that vary inside their topic along a
topic-specific 16-dimensional subspace plus small isotropic noise. Calibrated so that median
top-1 / top-10 neighbour cosines (0.70 / 0.54 at 10k, ~0.75 / ~0.64 at 40k) are close to
those of MiniLM vectors of real abstracts (0.62 / 0.48 on the ~1,950 shared texts; denser
corpora have closer neighbours). Uniform random vectors would make every neighbour nearly
equidistant, which is neither realistic nor a meaningful recall test.

Every method links every row to its k nearest other rows (similarity.knn.knn), timed end to
end (index build + all queries + exact rescoring). Recall@k is measured against exact search
on a fixed sample of query rows (--recall-sample; all rows for small n).

faiss-cpu (the default back-end) is a dependency and usearch is in the dev extra; hnswlib is
the optional extra that builds from source (pip install -e '.[hnswlib]'), and without it its
row is left out, saying so.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def clustered_unit_vectors(n: int, d: int = 384, seed: int = 0, fields: int = 20,
                           topics_per_field: int = 50, rank: int = 16, spread: float = 0.3,
                           noise: float = 0.4, anisotropy: float = 0.35) -> np.ndarray:
    """[n, d] float32 unit vectors with topic structure (see the module docstring)."""
    rng = np.random.default_rng(seed)
    shared = _unit(rng.standard_normal(d))
    field_centres = _unit(anisotropy * shared + _unit(rng.standard_normal((fields, d))))
    n_topics = fields * topics_per_field
    topic_centres = _unit(field_centres[np.repeat(np.arange(fields), topics_per_field)]
                          + 0.8 * _unit(rng.standard_normal((n_topics, d))))
    weights = 1.0 / np.arange(1, n_topics + 1)  # Zipf: topic sizes vary by ~1000x
    rng.shuffle(weights)
    topic = rng.choice(n_topics, n, p=weights / weights.sum())
    bases = (rng.standard_normal((n_topics, rank, d)) / np.sqrt(d)).astype(np.float32)
    z = (rng.standard_normal((n, rank)) * spread).astype(np.float32)
    x = (rng.standard_normal((n, d)) * (noise / np.sqrt(d))).astype(np.float32)
    for t in np.unique(topic):
        rows = np.flatnonzero(topic == t)
        x[rows] += topic_centres[t] + z[rows] @ bases[t]
    return _unit(x).astype(np.float32)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    k = truth.shape[1]
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(found, truth, strict=True)]))


def exact_for_rows(v: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    from similarity.knn import _top_k_rows

    out = np.empty((len(rows), k), np.int64)
    for s in range(0, len(rows), 1024):
        r = rows[s : s + 1024]
        sims = v[r] @ v.T
        sims[np.arange(len(r)), r] = -np.inf
        out[s : s + 1024] = _top_k_rows(sims, k)[0]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--methods", default="exact,faiss-hnsw,faiss-ivf,hnswlib,usearch")
    ap.add_argument("--recall-sample", type=int, default=2000, help="query rows checked against exact")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    from similarity import knn as knn_mod

    versions = {}
    for library, dist in (("faiss", "faiss-cpu"), ("hnswlib", "hnswlib"), ("usearch", "usearch")):
        try:
            versions[library] = f"{library} {importlib.metadata.version(dist)}"
            importlib.import_module(library)
        except ImportError:  # metadata.PackageNotFoundError is an ImportError too
            versions[library] = None
    # A method whose library is missing is left out, saying so (knn() would fall back to
    # another back-end, and the row would be mislabelled). hnswlib is the optional extra.
    methods = []
    for method in args.methods.split(","):
        library = knn_mod._LIBRARY.get(method)
        if library and versions[library] is None:
            print(f"{method}: not run, {library} is not installed. {knn_mod._INSTALL[method]}")
        else:
            methods.append(method)
    print(f"{len(os.sched_getaffinity(0))} cores; "
          + ", ".join(v or f"{lib} not installed" for lib, v in versions.items())
          + f"; HNSW M={knn_mod.HNSW_M} efConstruction={knn_mod.HNSW_EF_CONSTRUCTION} "
          f"efSearch={knn_mod.HNSW_EF_SEARCH} (one-thread builds); IVF nprobe={knn_mod.IVF_NPROBE}; "
          f"auto = exact up to {knn_mod.AUTO_EXACT_MAX} rows, then {knn_mod.AUTO_APPROX}")
    rows_out = []
    for n in (int(s) for s in args.sizes.split(",")):
        t0 = time.perf_counter()
        v = clustered_unit_vectors(n, seed=args.seed)
        print(f"\nn={n}: generated in {time.perf_counter() - t0:.1f} s; load average "
              f"{os.getloadavg()[0]:.2f}", flush=True)
        rng = np.random.default_rng(1)
        sample = np.arange(n) if n <= args.recall_sample else np.sort(rng.choice(n, args.recall_sample, replace=False))
        truth = exact_for_rows(v, sample, args.k)
        for method in methods:
            t0 = time.perf_counter()
            idx, _ = knn_mod.knn(v, args.k, method=method)
            dt = time.perf_counter() - t0
            r = recall(idx[sample], truth)
            pairs = len(knn_mod.unique_pairs(idx, _))
            rows_out.append((n, method, dt, r, pairs))
            print(f"  {method:11s} {dt:8.1f} s  recall@{args.k} {r:.4f}  ({pairs} unique pairs)", flush=True)
    print(f"\n| n | method | time (s) | recall@{args.k} | unique pairs |")
    print("|---:|---|---:|---:|---:|")
    for n, method, dt, r, pairs in rows_out:
        print(f"| {n} | {method} | {dt:.1f} | {r:.4f} | {pairs} |")


if __name__ == "__main__":
    main()
