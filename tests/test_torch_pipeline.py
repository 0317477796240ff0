"""similarity/torch_pipeline.py run on this CPU: texts tokenised in chunks on their own thread
(one chunk ahead of the padding) give the vectors of one whole chunk, row for row."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from similarity.embedder import _resolve_model
from similarity.torch_pipeline import TorchPipelineBackend

pytestmark = pytest.mark.slow  # the tests load the real embedding model in torch

WORDS = ["graph", "neural", "networks", "for", "citation", "recommendation", "in", "large", "scholarly",
         "corpora", "with", "sparse", "metadata", "and", "noisy", "author", "disambiguation", "across",
         "publishers"]


def _texts(n: int) -> list[str]:
    """n texts of varied lengths (1 to ~300 words, so some are truncated), some empty."""
    rng = np.random.default_rng(7)
    out = []
    for i in range(n):
        k = 0 if i % 17 == 5 else int(rng.integers(1, 300))
        out.append(f"Work {i}: " * (k > 0) + " ".join(rng.choice(WORDS, k)))
    return out


@pytest.fixture(scope="module")
def path_name() -> tuple[str, str]:
    return _resolve_model(None)


def test_chunked_run_gives_the_whole_chunk_vectors_in_order(path_name: tuple[str, str]) -> None:
    texts = _texts(50)
    whole = TorchPipelineBackend(*path_name, "cpu", chunk_size=10_000)
    chunked = TorchPipelineBackend(*path_name, "cpu", chunk_size=7)
    ticks: list[int] = []
    a = whole.embed(texts, 8, None)
    b = chunked.embed(texts, 8, ticks.append)
    assert a.shape == b.shape == (50, 384) and b.dtype == np.float32
    assert np.allclose(a, b, atol=1e-5), np.abs(a - b).max()
    assert sum(ticks) == 50
    # Order: each row is its own text's vector (the nearest row of the whole run is itself;
    # the empty texts all share one vector, so they are compared as a set).
    distinct = [i for i, t in enumerate(texts) if t]
    nearest = np.argmax(b[distinct] @ a[distinct].T, axis=1)
    assert (nearest == np.arange(len(distinct))).all()
    assert not [t for t in threading.enumerate() if t.name.startswith(("embed-feed", "embed-tokenise"))]


def test_chunked_tokeniser_errors_reach_the_caller(path_name: tuple[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    backend = TorchPipelineBackend(*path_name, "cpu", chunk_size=7)
    tokenise = backend.tokenise
    calls = []

    def failing(texts: list[str]) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("tokenizer broke")
        return tokenise(texts)

    monkeypatch.setattr(backend, "tokenise", failing)
    with pytest.raises(RuntimeError, match="^tokenizer broke$"):
        backend.embed(_texts(50), 4, None)
    assert not [t for t in threading.enumerate() if t.name.startswith(("embed-feed", "embed-tokenise"))]
