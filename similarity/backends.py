"""What runs the model for :class:`similarity.embedder.Embedder`: a :class:`Backend`.

Here the plain fp32 SentenceTransformer (any device: ``fast=False`` and the fallback) and the
int8 ONNX export on a CPU; the GPU pipeline (similarity/torch_pipeline.py) is a third one.
They live apart from the Embedder so that the pipeline can build on :class:`Backend` and the
shared tokenising (similarity/tokens.py) without importing the module that picks it.

Threads (the ONNX backend): one ONNX session, several batches in flight, each on one
intra-op thread: the many small element-wise kernels of a 6-layer model parallelise worse
than whole batches do.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from similarity.model_folder import FastPathUnavailable, model_info
from similarity.onnx_export import QUANT_RECIPE, cached_export
from similarity.tokens import DEFAULT_TOKEN_BUDGET, buckets, load_tokenizer, padded, tokenise

# The embedder's logger, as before the backends left similarity/embedder.py: the CLI prints
# logger names, and a level set on similarity.embedder still covers them.
log = logging.getLogger("similarity.embedder")


class Backend:
    """One way to run the model. ``model_id`` names the vector space (two backends that give
    different vectors must not share one), ``label`` is for logs and benchmarks."""

    model_id: str
    dimension: int
    label: str

    def embed(self, texts: list[str], batch_size: int, tick: Any) -> np.ndarray:
        """float32 [len(texts), dimension], L2-normalised, in input order; ``tick(n)`` (when
        given) after each n texts."""
        raise NotImplementedError


class TorchBackend(Backend):
    """Plain SentenceTransformer (fp32): ``fast=False`` and the fallback."""

    def __init__(self, path: str, name: str, device: str, threads: int | None) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        if threads and device == "cpu":
            torch.set_num_threads(threads)
        self.model = SentenceTransformer(path, device=device)
        # Renamed in sentence-transformers 5.x; the old name still works with a warning.
        get_dim = (getattr(self.model, "get_embedding_dimension", None)
                   or self.model.get_sentence_embedding_dimension)
        dim = get_dim()
        if dim is None:
            raise ValueError(f"{name}: cannot tell the embedding dimension")
        self.dimension = int(dim)
        self.model_id = name
        self.label = f"torch-{device}"

    def embed(self, texts: list[str], batch_size: int, tick: Any) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dimension), np.float32)
        out = np.empty((len(texts), self.dimension), np.float32)
        # SentenceTransformer sorts by length within a call; calling it on chunks lets the
        # progress bar move while keeping that benefit.
        step = max(batch_size * 16, 1024)
        for s in range(0, len(texts), step):
            part = texts[s : s + step]
            out[s : s + len(part)] = self.model.encode(
                part, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
                show_progress_bar=False)
            if tick:
                tick(len(part))
        return out


class OnnxBackend(Backend):
    """int8 ONNX export run by onnxruntime, with length-bucketed parallel batches."""

    def __init__(self, session: Any, tokenizer: Any, model_id: str, dimension: int,
                 max_length: int, streams: int, lower_case: bool = False,
                 token_budget: int = DEFAULT_TOKEN_BUDGET) -> None:
        self.session = session
        self.lower_case = lower_case
        self.tokenizer = tokenizer
        self.model_id = model_id
        self.dimension = dimension
        self.max_length = max_length
        self.streams = streams
        self.token_budget = token_budget
        self.label = "onnx-int8"
        self._pool = ThreadPoolExecutor(streams, thread_name_prefix="embed") if streams > 1 else None
        self._input_names = {i.name for i in session.get_inputs()}

    @classmethod
    def create(cls, path: str, name: str, threads: int | None,
               cache_dir: str | Path | None) -> OnnxBackend:
        try:
            import onnx  # noqa: F401
            import onnxruntime as ort
        except ImportError as e:
            raise FastPathUnavailable(f"{e.name} is not installed") from e
        folder = Path(path)
        if not folder.is_dir():
            raise FastPathUnavailable(f"{path} is not a local model folder")
        info = model_info(folder)
        try:
            onnx_file = cached_export(folder, name, info, cache_dir)
        except FastPathUnavailable:
            raise
        except Exception as e:  # an export failure must not stop embedding: torch still works
            log.exception("int8 ONNX export of %s failed", name)
            raise FastPathUnavailable(f"export failed: {e}") from e

        cores = threads or _cpu_count()
        so = ort.SessionOptions()
        # One thread per run and `cores` runs in flight (see module docstring); no spinning,
        # so idle workers do not steal CPU from the tokenizer or from other processes.
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(onnx_file), so, providers=["CPUExecutionProvider"])
        tokenizer = load_tokenizer(folder, info["max_seq_length"])
        model_id = f"{name}+onnx-int8.r{QUANT_RECIPE}"
        return cls(session, tokenizer, model_id, info["dimension"], info["max_seq_length"], cores,
                   lower_case=info["do_lower_case"])

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feed["token_type_ids"] = np.zeros_like(ids)
        return self.session.run(None, feed)[0]

    def embed(self, texts: list[str], batch_size: int, tick: Any) -> np.ndarray:
        n = len(texts)
        out = np.empty((n, self.dimension), np.float32)
        if n == 0:
            return out
        encodings, lengths = tokenise(self.tokenizer, texts, self.lower_case)
        lock = threading.Lock()

        def one(idx: np.ndarray) -> None:
            out[idx] = self._run(*padded(idx, lengths, encodings))
            if tick:
                with lock:  # tqdm is not thread-safe
                    tick(len(idx))

        batches = buckets(lengths, batch_size, self.token_budget)
        if self._pool is None:
            for b in batches:
                one(b)
        else:
            # list() re-raises the first worker exception here.
            list(self._pool.map(one, batches))
        return out


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
