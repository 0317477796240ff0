"""What the fast embedding paths read from a sentence-transformers model folder.

The int8 ONNX export (similarity/onnx_export.py) and the GPU pipeline
(similarity/torch_pipeline.py) both run the model's transformer themselves and redo its
pooling, so both check the folder first: only Transformer -> mean Pooling (-> Normalize)
models are reproduced. What they cannot run raises :class:`FastPathUnavailable`, the one
error every fast path uses to hand over to plain torch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class FastPathUnavailable(RuntimeError):
    """A fast path cannot run this model (a package missing, a model it does not reproduce):
    :meth:`similarity.embedder.Embedder.load` logs why and falls back to plain torch."""


def model_info(folder: Path) -> dict[str, Any]:
    """What the export needs from a sentence-transformers folder; refuses anything that is
    not Transformer -> mean Pooling (-> Normalize), which is what the export reproduces."""
    modules_file = folder / "modules.json"
    if not modules_file.exists():
        raise FastPathUnavailable(f"{folder} has no modules.json (not a sentence-transformers model)")
    modules = json.loads(modules_file.read_text(encoding="utf-8"))
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise FastPathUnavailable(f"unsupported module chain {kinds}")
    pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    if isinstance(pooling.get("pooling_mode"), str):  # as sentence-transformers 5.x saves it
        modes = [f"pooling_mode_{pooling['pooling_mode']}_tokens"]
    else:
        modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if modes != ["pooling_mode_mean_tokens"]:
        raise FastPathUnavailable(f"pooling {modes} (only mean pooling is exported)")
    st_cfg_file = folder / "sentence_bert_config.json"
    st_cfg = json.loads(st_cfg_file.read_text(encoding="utf-8")) if st_cfg_file.exists() else {}
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    positions = int(config.get("max_position_embeddings", 512))
    # sentence-transformers 5.x keeps the limit as the tokenizer's model_max_length (capped at
    # the model's positions, as it does; some tokenizers store a huge sentinel there).
    tok_file = folder / "tokenizer_config.json"
    tok_cfg = json.loads(tok_file.read_text(encoding="utf-8")) if tok_file.exists() else {}
    max_len = int(st_cfg.get("max_seq_length") or min(tok_cfg.get("model_max_length") or positions, positions))
    return {
        "dimension": int(pooling.get("word_embedding_dimension") or pooling["embedding_dimension"]),
        "max_seq_length": max_len,
        "do_lower_case": bool(st_cfg.get("do_lower_case", False)),
        "model_type": config.get("model_type", ""),
        "num_heads": int(config.get("num_attention_heads", 0)),
        "hidden_size": int(config.get("hidden_size", 0)),
    }
