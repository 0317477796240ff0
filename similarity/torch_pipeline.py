"""The embedding pipeline for a GPU: the model's transformer fed by a tokenising thread.

Plain ``SentenceTransformer.encode`` on a GPU spends most of its time outside the GPU: it
tokenises each batch in Python on the same thread that runs the model, pads every batch to
its longest text, copies from pageable memory and waits for each batch before preparing the
next. Here:

* the fast (Rust) tokenizer encodes a whole chunk of texts in one call (it uses every core);
* texts are sorted by token count and cut into batches under a padded-token budget
  (``similarity.tokens.buckets``), so almost no compute goes to padding;
* a feeder thread pads each batch into pinned (page-locked) host memory and starts its copy
  to the GPU on a side stream while the model runs the previous batch; the GPU never waits
  for Python, and Python never waits for a copy;
* weights in fp16 on CUDA; mean pooling and L2 normalisation in fp32 (pooling in fp16 loses
  digits for long texts); results stay on the GPU until the chunk is done, then come back in
  one copy.

On a CPU (tests, or ``device="cpu"`` with ``fast=False`` not set) the same code runs in fp32
without pinning or streams and gives the plain SentenceTransformer's vectors (to float
rounding): the pipeline is tested on every machine, the GPU only changes where it runs.
benchmarks/embed_bench.py --device cuda measures it beside plain fp16 ``encode``.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

import numpy as np

from similarity.backends import Backend
from similarity.model_folder import FastPathUnavailable, model_info
from similarity.tokens import buckets, load_tokenizer, padded, tokenise

# Padded tokens per forward pass on a GPU: large enough to fill it (MiniLM at 256 tokens:
# a batch of 256 texts), small enough that attention activations stay well under 1 GB.
GPU_TOKEN_BUDGET = 65_536
# Batches padded and on their way to the GPU while it runs the current one.
PREFETCH = 3


class TorchPipelineBackend(Backend):
    def __init__(self, path: str, name: str, device: str, *, fp16: bool | None = None,
                 token_budget: int | None = None) -> None:
        import torch
        from transformers import AutoModel

        folder = Path(path)
        if not folder.is_dir():
            raise FastPathUnavailable(f"{path} is not a local model folder")
        info = model_info(folder)  # only Transformer -> mean Pooling (-> Normalize) models
        self.device = torch.device(device)
        on_gpu = self.device.type == "cuda"
        self.fp16 = on_gpu if fp16 is None else fp16
        self.dtype = torch.float16 if self.fp16 else torch.float32
        model = AutoModel.from_pretrained(str(folder)).eval()
        self.model = model.to(self.device, dtype=self.dtype)
        self.tokenizer = load_tokenizer(folder, info["max_seq_length"])
        self.lower_case = info["do_lower_case"]
        self.dimension = info["dimension"]
        # fp16 vectors differ from fp32 ones in the last digits: another vector space id, so a
        # graph never mixes the two without re-embedding (as for the int8 export).
        self.model_id = f"{name}+fp16" if self.fp16 else name
        self.label = f"torch-pipeline-{self.device.type}{'-fp16' if self.fp16 else ''}"
        self.token_budget = token_budget or (GPU_TOKEN_BUDGET if on_gpu else 4096)
        self._pin = on_gpu
        self._copy_stream = torch.cuda.Stream(self.device) if on_gpu else None

    def embed(self, texts: list[str], batch_size: int, tick: Any) -> np.ndarray:
        import torch

        n = len(texts)
        if n == 0:
            return np.empty((0, self.dimension), np.float32)
        token_ids, lengths = tokenise(self.tokenizer, texts, self.lower_case)
        batches = buckets(lengths, batch_size, self.token_budget)
        out = torch.empty((n, self.dimension), dtype=torch.float32, device=self.device)
        ready: queue.Queue[Any] = queue.Queue(maxsize=PREFETCH)
        stop = threading.Event()

        def feed() -> None:
            try:
                for idx in batches:
                    if stop.is_set():
                        return
                    ready.put((idx, *self._stage(idx, lengths, token_ids)))
                ready.put(None)
            except BaseException as exc:  # handed to the model's thread, raised there
                ready.put(exc)

        feeder = threading.Thread(target=feed, name="embed-feed", daemon=True)
        feeder.start()
        try:
            with torch.inference_mode():
                while (item := ready.get()) is not None:
                    if isinstance(item, BaseException):
                        raise item
                    idx, ids, mask, copied = item
                    if copied is not None:  # the side stream's copy must land before the model reads
                        torch.cuda.current_stream(self.device).wait_event(copied)
                    hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
                    weights = mask.unsqueeze(-1).to(torch.float32)
                    pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
                    out[torch.from_numpy(idx).to(self.device)] = torch.nn.functional.normalize(pooled, p=2.0, dim=1)
                    if tick:
                        tick(len(idx))
        finally:
            stop.set()
            while feeder.is_alive():  # unblock a feeder waiting on a full queue
                try:
                    ready.get_nowait()
                except queue.Empty:
                    feeder.join(0.01)
        return out.cpu().numpy()

    def _stage(self, idx: np.ndarray, lengths: np.ndarray, token_ids: list[list[int]]) -> tuple[Any, Any, Any]:
        """One batch padded to its longest text, on the model's device; on CUDA copied from
        pinned memory on the side stream, with the event that marks the copy done."""
        import torch

        ids, mask = padded(idx, lengths, token_ids)
        ids_t, mask_t = torch.from_numpy(ids), torch.from_numpy(mask)
        if not self._pin:
            return ids_t.to(self.device), mask_t.to(self.device), None
        assert self._copy_stream is not None
        with torch.cuda.stream(self._copy_stream):
            ids_d = ids_t.pin_memory().to(self.device, non_blocking=True)
            mask_d = mask_t.pin_memory().to(self.device, non_blocking=True)
            copied = torch.cuda.Event()
            copied.record(self._copy_stream)
        # Tensors made on one stream and used on another: tell the allocator, so their memory
        # is not reused while the model's stream still reads them.
        ids_d.record_stream(torch.cuda.current_stream(self.device))
        mask_d.record_stream(torch.cuda.current_stream(self.device))
        return ids_d, mask_d, copied
