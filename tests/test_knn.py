"""similarity.knn: exact neighbours, no self, duplicates, unique pairs, approximate recall."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from similarity.knn import AUTO_APPROX, knn, query, unique_pairs

HNSWLIB_MISSING = "hnswlib is an optional extra (no wheel): pip install -e '.[hnswlib]' builds it"


def _needs(method: str) -> None:
    if method == "hnswlib":
        pytest.importorskip("hnswlib", reason=HNSWLIB_MISSING)


def _unit_2d(degrees: list[float]) -> np.ndarray:
    a = np.radians(degrees)
    return np.stack([np.cos(a), np.sin(a)], axis=1).astype(np.float32)


def _clustered(n: int, seed: int = 0) -> np.ndarray:
    """The benchmark's clustered generator, so the test checks what the benchmark measures."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "knn_bench.py"
    spec = importlib.util.spec_from_file_location("_knn_bench", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.clustered_unit_vectors(n, seed=seed)


def test_exact_hand_made() -> None:
    # Points on the unit circle: neighbours by angular distance are known by hand
    # (100 deg: 30 is 70 deg away, 180 is 80, 10 is 90).
    v = _unit_2d([0, 10, 30, 100, 180])
    idx, sc = knn(v, 2, method="exact")
    assert idx.tolist() == [[1, 2], [0, 2], [1, 0], [2, 4], [3, 2]]
    assert np.allclose(sc[0], np.cos(np.radians([10, 30])), atol=1e-6)
    assert np.allclose(sc[4], np.cos(np.radians([80, 150])), atol=1e-6)


def test_never_self_but_duplicates_are_neighbours() -> None:
    v = _unit_2d([0, 10, 30, 100, 180, 0])  # row 5 duplicates row 0
    idx, sc = knn(v, 3, method="exact")
    assert not (idx == np.arange(len(v))[:, None]).any()
    assert idx[0, 0] == 5 and idx[5, 0] == 0  # the identical vector comes first, score 1
    assert sc[0, 0] == pytest.approx(1.0, abs=1e-6)
    assert (np.diff(sc, axis=1) <= 1e-7).all()  # sorted by descending score


def test_auto_small_is_exact_and_k_is_capped() -> None:
    v = _unit_2d([0, 10, 30])
    idx, sc = knn(v, 10)  # k capped at n - 1
    assert idx.shape == (3, 2) and sc.shape == (3, 2)
    assert idx.tolist() == [[1, 2], [0, 2], [1, 0]]
    assert knn(v[:1], 5)[0].shape == (1, 0)
    with pytest.raises(ValueError):
        knn(v, 0)


def test_unique_pairs_dedup_and_min_score() -> None:
    v = _unit_2d([0, 10, 30, 100, 180])
    idx, sc = knn(v, 2, method="exact")
    pairs = unique_pairs(idx, sc)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (0, 2), (1, 2), (2, 3), (2, 4), (3, 4)]
    assert all(i < j for i, j, _ in pairs)
    assert dict(((i, j), s) for i, j, s in pairs)[(0, 1)] == pytest.approx(np.cos(np.radians(10)))
    strong = unique_pairs(idx, sc, min_score=0.5)  # 70 deg apart (cos 0.34) or more: dropped
    assert [(i, j) for i, j, _ in strong] == [(0, 1), (0, 2), (1, 2)]
    # A pair found in both directions with slightly different scores appears once, best score.
    assert unique_pairs(np.array([[1], [0]]), np.array([[0.8], [0.9]])) == [(0, 1, pytest.approx(0.9))]


def test_query_exact_top_k() -> None:
    v = _unit_2d([0, 10, 30, 100, 180])
    idx, sc = query(v, _unit_2d([25])[0], 2)
    assert idx.tolist() == [2, 1]
    assert sc[0] == pytest.approx(np.cos(np.radians(5)), abs=1e-6)


@pytest.mark.parametrize("method", sorted({AUTO_APPROX, "faiss-hnsw", "hnswlib", "usearch"}))
def test_approximate_recall_on_clustered_vectors(method: str) -> None:
    _needs(method)
    v = _clustered(5000)
    exact, _ = knn(v, 10, method="exact")
    approx, scores = knn(v, 10, method=method)
    assert not (approx == np.arange(len(v))[:, None]).any()
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(approx, exact, strict=True)])
    assert recall >= 0.95, f"{method}: recall@10 {recall:.3f}"
    # Scores are exact cosines of the returned pairs, whatever the index computed.
    i = 123
    assert np.allclose(scores[i], v[approx[i]] @ v[i], atol=1e-5)


def test_hnswlib_gives_the_same_neighbours_every_run() -> None:
    """A re-link over unchanged vectors must change no SIMILAR_TO edge."""
    _needs("hnswlib")
    v = _clustered(12000, seed=3)  # big enough for a racy multi-threaded build to differ
    first, _ = knn(v, 10, method="hnswlib")
    second, _ = knn(v, 10, method="hnswlib")
    assert np.array_equal(first, second)


def test_default_approximate_gives_the_same_neighbours_every_run() -> None:
    """The same for the back-end that "auto" uses above AUTO_EXACT_MAX (a one-thread build)."""
    v = _clustered(12000, seed=3)
    first, _ = knn(v, 10, method=AUTO_APPROX)
    second, _ = knn(v, 10, method=AUTO_APPROX)
    assert np.array_equal(first, second)


def test_missing_hnswlib_falls_back_to_the_default_saying_how_to_get_it(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    v = _clustered(3000)
    monkeypatch.setitem(sys.modules, "hnswlib", None)  # `import hnswlib` raises ImportError
    with caplog.at_level(logging.WARNING, logger="similarity.knn"):
        idx, sc = knn(v, 10, method="hnswlib")
    expected_idx, expected_sc = knn(v, 10, method=AUTO_APPROX)
    assert np.array_equal(idx, expected_idx) and np.array_equal(sc, expected_sc)
    message = caplog.text
    assert "hnswlib is not installed" in message and f"{AUTO_APPROX} instead" in message
    assert "pip install 'scholargraph[hnswlib]'" in message
