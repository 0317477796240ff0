"""The embedding pipeline for a GPU: the model's transformer fed by tokenising and padding threads.

Plain ``SentenceTransformer.encode`` on a GPU spends most of its time outside the GPU: it
tokenises each batch in Python on the same thread that runs the model, pads every batch to
its longest text, copies from pageable memory and waits for each batch before preparing the
next. Here three stages overlap:

* tokenising: the fast (Rust) tokenizer encodes a chunk of ``chunk_size`` texts in one call
  (it releases the GIL and uses every core) on its own thread, one chunk ahead of the
  padding, so the GPU starts on the first chunk's batches while the next one is tokenised;
  ``encode_batch_fast`` (no character offsets) where the tokenizers version has it;
* padding, on a feeder thread: each chunk's texts sorted by token count and cut into batches
  under a padded-token budget (``similarity.tokens.buckets``), so almost no compute goes to
  padding; each batch's ids copied row by row from the Encodings straight into one int64
  array (no list of Python lists kept: measured cheaper), into pinned (page-locked) memory,
  and its copy to the GPU started on a side stream while the model runs the previous batch;
* the model, on the calling thread: weights in fp16 on CUDA; mean pooling and L2
  normalisation in fp32 (pooling in fp16 loses digits for long texts); results stay on the
  GPU and come back in one copy at the end, so the model's thread never waits for the GPU
  between batches.

On a CPU (tests, or ``device="cpu"`` with ``fast=False`` not set) the same code runs in fp32
without pinning or streams and gives the plain SentenceTransformer's vectors (to float
rounding): the pipeline is tested on every machine, the GPU only changes where it runs.
benchmarks/embed_gpu_bench.py measures it beside plain fp16 ``encode`` and its two ceilings
(forward pass alone, tokeniser alone). torch.compile and CUDA graphs were not tried (no GPU
to measure them on while writing this).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor
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
# Texts per tokeniser call: enough for the Rust tokenizer to keep every core busy and for
# length buckets to pad little, few enough that the GPU starts soon and that the last
# chunk's forward passes (after all tokenising is done) are short.
CHUNK_SIZE = 2048


class TorchPipelineBackend(Backend):
    def __init__(self, path: str, name: str, device: str, *, fp16: bool | None = None,
                 token_budget: int | None = None, chunk_size: int = CHUNK_SIZE) -> None:
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
        self.chunk_size = chunk_size
        self._pin = on_gpu
        self._copy_stream = torch.cuda.Stream(self.device) if on_gpu else None

    def tokenise(self, texts: list[str]) -> tuple[list[Any], np.ndarray]:
        """The texts' Encodings and their token counts, as this model tokenises them."""
        return tokenise(self.tokenizer, texts, self.lower_case)

    def embed(self, texts: list[str], batch_size: int, tick: Any) -> np.ndarray:
        import torch

        n = len(texts)
        if n == 0:
            return np.empty((0, self.dimension), np.float32)
        ready: queue.Queue[Any] = queue.Queue(maxsize=PREFETCH)
        stop = threading.Event()

        def feed() -> None:
            try:
                # One tokeniser thread, one chunk ahead: the next chunk is submitted before this
                # one is padded, so the tokenizer never waits for the feeder or the GPU.
                with ThreadPoolExecutor(1, thread_name_prefix="embed-tokenise") as tokeniser:
                    starts = range(0, n, self.chunk_size)
                    pending = tokeniser.submit(self.tokenise, texts[: self.chunk_size])
                    for start in starts:
                        encodings, lengths = pending.result()
                        following = start + self.chunk_size
                        if following < n:
                            pending = tokeniser.submit(self.tokenise, texts[following : following + self.chunk_size])
                        for idx in buckets(lengths, batch_size, self.token_budget):
                            if stop.is_set():
                                return
                            ready.put((start + idx, *self._stage(*padded(idx, lengths, encodings))))
                ready.put(None)
            except BaseException as exc:  # handed to the model's thread, raised there
                ready.put(exc)

        feeder = threading.Thread(target=feed, name="embed-feed", daemon=True)
        feeder.start()
        rows: list[np.ndarray] = []
        vectors: list[Any] = []
        try:
            with torch.inference_mode():
                while (item := ready.get()) is not None:
                    if isinstance(item, BaseException):
                        raise item
                    idx, ids, mask, copied = item
                    if copied is not None:  # the side stream's copy must land before the model reads
                        torch.cuda.current_stream(self.device).wait_event(copied)
                    vectors.append(self.forward(ids, mask))
                    rows.append(idx)
                    if tick:
                        tick(len(idx))
                # One copy back, one wait for the GPU (scattering into a device tensor with
                # indices copied from pageable memory waited for the GPU at every batch).
                got = torch.cat(vectors).cpu().numpy()
        finally:
            stop.set()
            while feeder.is_alive():  # unblock a feeder waiting on a full queue
                try:
                    ready.get_nowait()
                except queue.Empty:
                    feeder.join(0.01)
        out = np.empty_like(got)
        out[np.concatenate(rows)] = got
        return out

    def forward(self, ids: Any, mask: Any) -> Any:
        """One padded batch on the model's device -> its L2-normalised mean-pooled vectors
        (float32, on the device). Call under torch.inference_mode()."""
        import torch

        hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
        weights = mask.unsqueeze(-1).to(torch.float32)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    def _stage(self, ids: np.ndarray, mask: np.ndarray) -> tuple[Any, Any, Any]:
        """One padded batch on the model's device; on CUDA copied from pinned memory on the
        side stream, with the event that marks the copy done."""
        import torch

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

