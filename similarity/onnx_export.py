"""The int8 ONNX export of a sentence-transformers model, made locally once and cached.

* Export: torch -> ONNX (mean pooling and L2 normalisation inside the graph), then
  onnxruntime's transformer fusions (embedding LayerNorm, bias+GELU, Attention).
* Quantisation: the feed-forward and attention-output MatMuls become u8 x s8 integer products with
  *per-token* dynamic activation scales and per-column weight scales. onnxruntime's stock
  dynamic quantisation uses one activation scale per batch; MiniLM has massive activations
  on the [CLS] token and on punctuation (|x| ~ 25-30 where other tokens are ~ 2), so one scale
  wastes most of the bits and the top-10 neighbours drift (overlap ~ 0.92 vs fp32); per-token
  scales keep it >= 0.95. The fused Attention ops stay fp32: onnxruntime's QAttention is
  ~10% faster there but takes one activation scale per batch, which makes a text's vector
  depend on the other texts in its batch (tests/test_embedder.py holds vectors to that).
* Cache: keyed by the model folder's files, the recipe and the layout; built under a file
  lock in a temporary folder renamed into place, and refused unless it reproduces the torch
  model (:func:`_self_check`).

benchmarks/embed_bench.py has the figures behind each choice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from similarity.model_folder import FastPathUnavailable
from similarity.tokens import load_tokenizer

if TYPE_CHECKING:
    import onnx

# The embedder's logger, as before these functions left similarity/embedder.py: the CLI
# prints logger names, and a level set on similarity.embedder still covers the export.
log = logging.getLogger("similarity.embedder")

# Bump when the export/quantisation recipe changes: it is part of the cache key and of the
# model id, because a different recipe gives (slightly) different vectors.
QUANT_RECIPE = 4
# Bump when the graph layout of the export changes without changing the vectors (fusions,
# kernels): it is part of the cache key only, so caches are rebuilt but model ids stay.
EXPORT_LAYOUT = 3


# --------------------------------------------------------------------------- cache


def _file_sha1(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _cache_key(folder: Path, info: dict[str, Any]) -> str:
    """Changes when the weights, tokenizer, config or recipe change."""
    h = hashlib.sha1(f"recipe={QUANT_RECIPE};layout={EXPORT_LAYOUT};"
                     f"{json.dumps(info, sort_keys=True)}".encode())
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix in {".safetensors", ".bin", ".json", ".txt", ".model"}:
            rel = p.relative_to(folder).as_posix()
            if rel.startswith(("onnx/", "openvino/", ".")):
                continue
            # Weights are big: size + mtime would be cheaper, but a copied model folder keeps
            # its content and changes its mtime; sha1 of 90 MB takes ~0.2 s, once per load.
            h.update(f"{rel}={_file_sha1(p)};".encode())
    return h.hexdigest()[:16]


def cached_export(folder: Path, name: str, info: dict[str, Any],
                   cache_dir: str | Path | None) -> Path:
    """Path of the int8 ONNX file for this model, building it once.

    Concurrent processes: a file lock makes one of them build while the others wait; the
    build happens in a temporary folder renamed into place, so a crash mid-build never
    leaves a half-written model where a reader would load it."""
    import filelock
    import platformdirs

    root = Path(cache_dir) if cache_dir else Path(platformdirs.user_cache_dir("scholargraph")) / "onnx"
    root.mkdir(parents=True, exist_ok=True)
    slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    final = root / f"{slug}-{_cache_key(folder, info)}"
    model_file = final / "model_int8.onnx"
    if model_file.exists():
        return model_file
    with filelock.FileLock(str(final) + ".lock", timeout=1800):
        if model_file.exists():  # another process built it while we waited
            return model_file
        if final.exists():  # left incomplete by hand (builds never are): rebuild
            shutil.rmtree(final)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
        try:
            t0 = time.perf_counter()
            log.info("building int8 ONNX export of %s (once) in %s", folder.name, final)
            meta = _build_export(folder, info, tmp)
            meta["build_seconds"] = round(time.perf_counter() - t0, 1)
            (tmp / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
            tmp.chmod(0o755)  # mkdtemp makes it private; the cache is an ordinary folder
            os.replace(tmp, final)  # atomic: readers see the whole folder or none
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return model_file


# --------------------------------------------------------------------------- export


def _build_export(folder: Path, info: dict[str, Any], out: Path) -> dict[str, Any]:
    import onnx

    fp32 = out / "model_fp32.onnx"
    export_fp32(folder, fp32)
    model = fuse(fp32, info)
    int8 = out / "model_int8.onnx"
    onnx.save(quantize_per_token(model), str(int8))
    fp32.unlink()  # only needed as the source of the quantised graph
    check = _self_check(folder, int8, info)
    return {"recipe": QUANT_RECIPE, "layout": EXPORT_LAYOUT, "source": str(folder), **info, **check}


def export_fp32(folder: Path, target: Path) -> None:
    import warnings

    import torch
    from transformers import AutoModel

    # Eager attention traces to plain MatMul/Softmax ops that onnxruntime's fusions know.
    hf = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()

    class MeanPooled(torch.nn.Module):
        """Transformer + mean pooling + L2 norm, i.e. the whole SentenceTransformer."""

        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            h = self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            w = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * w).sum(1) / w.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    dummy = torch.ones(2, 16, dtype=torch.long)
    with warnings.catch_warnings(), torch.no_grad():
        # The TorchScript exporter is deprecated in favour of dynamo, which needs onnxscript
        # (not a dependency); it still exports BERT-like encoders exactly.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            MeanPooled(hf), (dummy, dummy), str(target),
            input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
            dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                          "sentence_embedding": {0: "batch"}},
            opset_version=17, dynamo=False)


def fuse(fp32: Path, info: dict[str, Any]) -> onnx.ModelProto:
    """onnxruntime's BERT fusions: embedding LayerNorm, bias+GELU and the Attention op
    (Q/K/V projections + attention in one kernel), but not skip-LayerNorm (see below).
    Measured on this model (1 thread, 16 x 256 tokens, per-token int8 elsewhere): fused
    Attention 752 ms per batch in fp32 and 677 ms as int8 QAttention, against 761 ms for plain
    MatMul/Softmax attention and ~25% more for MultiHeadAttention (which would have kept
    Q/K/V quantisable per token)."""
    import onnx

    if info["model_type"] not in {"bert", "roberta", "xlm-roberta", "mpnet", "distilbert", "electra"}:
        return onnx.load(str(fp32))
    try:
        from onnxruntime.transformers import optimizer
        from onnxruntime.transformers.fusion_options import FusionOptions
    except ImportError:
        return onnx.load(str(fp32))
    opts = FusionOptions("bert")
    # Residual Add + LayerNormalization measured ~10% faster end to end than the fused
    # SkipLayerNormalization kernel (one thread, 16 x 256 tokens: ~680-760 vs ~800-815 ms).
    opts.enable_skip_layer_norm = False
    opts.enable_bias_skip_layer_norm = False
    fused = optimizer.optimize_model(str(fp32), model_type="bert", num_heads=info["num_heads"],
                                     hidden_size=info["hidden_size"], opt_level=0,
                                     optimization_options=opts)
    model = fused.model
    # The fused ops live in the com.microsoft domain; save_model_to_file would declare it.
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(onnx.helper.make_opsetid("com.microsoft", 1))
    return model


def _self_check(folder: Path, int8: Path, info: dict[str, Any]) -> dict[str, Any]:
    """Refuse to cache an export that does not reproduce the torch model."""
    import onnxruntime as ort
    from sentence_transformers import SentenceTransformer

    texts = [
        "Attention is all you need. The dominant sequence transduction models are based on "
        "complex recurrent or convolutional neural networks.",
        "Deep residual learning for image recognition.",
        "A survey of protein structure prediction with machine learning methods, from "
        "homology modelling to end-to-end differentiable folding.",
        "Ecology of coral reef fishes",
    ]
    ref = SentenceTransformer(str(folder), device="cpu").encode(texts, normalize_embeddings=True)
    tok = load_tokenizer(folder, info["max_seq_length"])
    sess = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    enc = [e.ids for e in tok.encode_batch(texts)]
    longest = max(map(len, enc))
    ids = np.zeros((len(enc), longest), np.int64)
    mask = np.zeros_like(ids)
    for r, t in enumerate(enc):
        ids[r, : len(t)] = t
        mask[r, : len(t)] = 1
    got = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    cos = (got * ref).sum(1)
    if float(cos.min()) < 0.98:
        raise FastPathUnavailable(f"int8 export deviates from the model (cosine {cos.min():.3f})")
    return {"self_check_min_cosine": round(float(cos.min()), 5)}


# --------------------------------------------------------------------------- quantisation


ACT_MAX = 127  # activations' top code: 7 bits (see quantize_per_token)
GELU_MIN = 0.17  # min over x of x * Phi(x) is -0.16997: GELU outputs are >= -0.17


def quantize_per_token(model: onnx.ModelProto, exclude: Iterable[str] = ()) -> onnx.ModelProto:
    """Replace every MatMul by a constant 2-D weight with per-token int8 quantisation.

    y = x @ W becomes: per row r of x, s_r = max|x_r| / 63, q_r = round(x_r / s_r) (uint8
    with zero point 64); W is int8 with a per-column scale w_c; y = (q @ Wq) * w_c * s_r,
    computed by MatMulIntegerToFloat (u8 x s8 kernels) and one Mul. Inputs that are GELU
    outputs (>= -0.17) are shifted by +0.17 and use the whole 0..127 range, with the shift's
    contribution (0.17 * column sums of W) subtracted as a constant: that is one more bit for
    the FFN down-projection, the largest source of error. The quantisation of an input shared
    by several MatMuls (Q, K and V) is done once.

    Activations get 7 bits (0..127), not 8: CPUs without VNNI (AVX2) multiply u8 by s8 with
    an instruction that adds pairs of products into a saturating int16, and 255 * 127 * 2
    overflows it (a 13-17% error on some rows, measured), while 127 * 127 * 2 does not. So the
    integer results, hence the vectors, are the same on every CPU, as one model id promises.
    int8 activations (s8 x s8) avoid the overflow too, but ran 2.7x slower on AVX2.
    """
    from onnx import TensorProto, helper, numpy_helper

    g = model.graph
    skip = set(exclude)
    inits = {i.name: i for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}

    def const(a: np.ndarray, name: str) -> str:
        g.initializer.append(numpy_helper.from_array(a, name))
        return name

    zp64 = const(np.array(ACT_MAX // 2 + 1, np.uint8), "ptq_zp64")
    zp0 = const(np.array(0, np.uint8), "ptq_zp0")
    inv_half = const(np.array(1 / (ACT_MAX // 2), np.float32), "ptq_inv_half")
    inv_full = const(np.array(1 / ACT_MAX, np.float32), "ptq_inv_full")
    eps = const(np.array(1e-8, np.float32), "ptq_eps")
    one = const(np.array(1.0, np.float32), "ptq_one")
    gmin = const(np.array(GELU_MIN, np.float32), "ptq_gmin")
    i0 = const(np.array([0], np.int64), "ptq_i0")
    im1 = const(np.array([-1], np.int64), "ptq_im1")

    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 17)

    def reduce(op: str, x: str, y: str) -> Any:
        # Opset 18 moved `axes` from an attribute to an input.
        if opset >= 18:
            return helper.make_node(op, [x, "ptq_axis1"], [y], keepdims=0)
        return helper.make_node(op, [x], [y], axes=[1], keepdims=0)

    if opset >= 18:
        const(np.array([1], np.int64), "ptq_axis1")

    nodes: list[Any] = []
    quantised_inputs: dict[str, tuple[str, str]] = {}  # input -> (uint8 tensor, row scales)
    count = 0
    for node in g.node:
        w = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) == 2 else None
        if w is None or node.name in skip or len(w.dims) != 2 or w.data_type != TensorProto.FLOAT:
            nodes.append(node)
            continue
        weight = numpy_helper.to_array(w).astype(np.float32)
        k, n = weight.shape
        w_scale = (np.maximum(np.abs(weight).max(0), 1e-12) / 127.0).astype(np.float32)
        w_q = np.clip(np.round(weight / w_scale), -127, 127).astype(np.int8)
        p = f"ptq{count}_"
        count += 1
        x, y = node.input[0], node.output[0]
        src = producer.get(x)
        gelu = src is not None and src.op_type in {"BiasGelu", "Gelu", "FastGelu"}
        const(w_q, p + "Wq")
        const(w_scale, p + "ws")
        if x not in quantised_inputs:
            xq, scale = p + "xq", p + "s"
            quantised_inputs[x] = (xq, scale)
            nodes.append(helper.make_node("Reshape", [x, const(np.array([-1, k], np.int64), p + "2d")], [p + "x2d"]))
            if gelu:
                nodes += [
                    helper.make_node("Add", [p + "x2d", gmin], [p + "xpos"]),
                    reduce("ReduceMax", p + "xpos", p + "mx"),
                    helper.make_node("Max", [p + "mx", eps], [p + "amax"]),
                    helper.make_node("Mul", [p + "amax", inv_full], [scale]),
                ]
                q_in, zp = p + "xpos", zp0
            else:
                nodes += [
                    reduce("ReduceMax", p + "x2d", p + "mx"),
                    reduce("ReduceMin", p + "x2d", p + "mn"),
                    helper.make_node("Neg", [p + "mn"], [p + "nmn"]),
                    helper.make_node("Max", [p + "mx", p + "nmn", eps], [p + "amax"]),
                    helper.make_node("Mul", [p + "amax", inv_half], [scale]),
                ]
                q_in, zp = p + "x2d", zp64
            # QuantizeLinear's per-axis form wants a zero point per row as well.
            nodes += [
                helper.make_node("Shape", [scale], [p + "rows"]),
                helper.make_node("Expand", [zp, p + "rows"], [p + "zp"]),
                helper.make_node("QuantizeLinear", [q_in, scale, p + "zp"], [xq], axis=0),
            ]
        xq, scale = quantised_inputs[x]
        zp = zp0 if gelu else zp64
        nodes += [
            helper.make_node("MatMulIntegerToFloat", [xq, p + "Wq", one, p + "ws", zp], [p + "y2d"],
                             domain="com.microsoft"),
            helper.make_node("Unsqueeze", [scale, im1], [p + "scol"]),
            helper.make_node("Mul", [p + "y2d", p + "scol"], [p + "ys"]),
            helper.make_node("Shape", [x], [p + "xshape"]),
            helper.make_node("Slice", [p + "xshape", i0, im1], [p + "lead"]),
            helper.make_node("Concat", [p + "lead", const(np.array([n], np.int64), p + "n")], [p + "yshape"], axis=0),
        ]
        if gelu:
            corr = (-GELU_MIN * (w_q.astype(np.float32) * w_scale).sum(0)).astype(np.float32)
            nodes += [helper.make_node("Reshape", [p + "ys", p + "yshape"], [p + "y3"]),
                      helper.make_node("Add", [p + "y3", const(corr, p + "corr")], [y])]
        else:
            nodes.append(helper.make_node("Reshape", [p + "ys", p + "yshape"], [y]))
    del g.node[:]
    g.node.extend(nodes)
    used = {i for nd in g.node for i in nd.input}
    kept = [i for i in g.initializer if i.name in used]  # drop the fp32 weights
    del g.initializer[:]
    g.initializer.extend(kept)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    log.info("quantised %d MatMuls per token", count)
    return model
