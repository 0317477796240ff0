"""Tokenising, length buckets and padding, shared by the ONNX backend and the GPU pipeline.

Length-bucketed batches: texts are tokenised once, sorted by token count and batched under a
padded-token budget, so almost no compute is spent on padding. Each batch is then padded to
its own longest text, not to the model's limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from similarity.model_folder import FastPathUnavailable

# Padded tokens per forward pass: above this, batches stop paying for themselves and the
# attention activations (batch x heads x len^2) grow large (measured in embed_bench).
DEFAULT_TOKEN_BUDGET = 4096


def load_tokenizer(folder: Path, max_length: int) -> Any:
    """The model's fast (Rust) tokenizer, truncating like SentenceTransformer does."""
    from transformers import AutoTokenizer

    hf = AutoTokenizer.from_pretrained(str(folder))
    backend = getattr(hf, "backend_tokenizer", None)
    if backend is None:
        raise FastPathUnavailable("the model has no fast tokenizer")
    tok = backend.__class__.from_str(backend.to_str())  # own copy: we change its settings
    tok.no_padding()  # padding is done per batch, to the batch's longest text
    tok.enable_truncation(max_length=max_length)
    return tok


def buckets(lengths: np.ndarray, batch_size: int, token_budget: int) -> list[np.ndarray]:
    """Index batches, longest texts first, each with at most batch_size texts and at most
    token_budget padded tokens (len(batch) * longest in batch)."""
    order = np.argsort(-lengths, kind="stable")
    out: list[np.ndarray] = []
    i, n = 0, len(order)
    while i < n:
        longest = max(int(lengths[order[i]]), 1)  # sorted: the first is the longest
        size = max(1, min(batch_size, token_budget // longest))
        out.append(order[i : i + size])
        i += size
    return out


def tokenise(tokenizer: Any, texts: list[str], lower_case: bool) -> tuple[list[Any], np.ndarray]:
    """The texts' Encodings (lower-cased first when the model is, as SentenceTransformer's
    Transformer module does) and their token counts. `encode_batch_fast` (tokenizers >= 0.21)
    skips the character offsets nothing here reads."""
    if lower_case:
        texts = [t.lower() for t in texts]
    encode = getattr(tokenizer, "encode_batch_fast", tokenizer.encode_batch)
    encodings = encode(texts, add_special_tokens=True)
    return encodings, np.fromiter(map(len, encodings), np.int64, len(encodings))


def padded(idx: np.ndarray, lengths: np.ndarray, encodings: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """One batch's token ids and attention mask, padded to its longest text. Each row is
    filled from its Encoding's ids, a short-lived list: on 2,000 texts this took 16 ms where
    keeping all texts' id lists and padding from them took 25 ms."""
    longest = int(lengths[idx].max())
    ids = np.zeros((len(idx), longest), np.int64)
    for row, i in enumerate(idx):
        ids[row, : lengths[i]] = encodings[i].ids
    mask = (np.arange(longest) < lengths[idx, None]).astype(np.int64)
    return ids, mask
