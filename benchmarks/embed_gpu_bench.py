"""GPU embedding throughput: plain SentenceTransformer fp16 `encode` vs our pipeline, same run.

    .venv/bin/python benchmarks/embed_gpu_bench.py                     # 100k texts on cuda
    .venv/bin/python benchmarks/embed_gpu_bench.py --model DIR         # a carried model folder
    .venv/bin/python benchmarks/embed_gpu_bench.py --device cpu --texts 300 --batch-sizes 32  # smoke run
    .venv/bin/python benchmarks/embed_gpu_bench.py --export-fp16 models/minilm-fp16   # then exit

A lent GPU machine has torch and sentence-transformers but not this project's packages:
export the shipped model as fp16 (~45 MB) into an ignored folder here, carry it, and pass it
with --model (the device tool's `carry`).

Texts: title + abstract of synthetic works (scholargraph.synthetic, seed 0; abstracts rebuilt
from their inverted index as the OpenAlex loader does), so the run needs no data files.

  plain     SentenceTransformer(model).half() on the device, `encode(texts, batch_size=B,
            normalize_embeddings=True)`: tokenises each batch on the calling thread, pads it,
            copies it, waits for it
  ours      similarity/torch_pipeline.py in fp16, what Embedder.load() picks on a GPU (texts
            tokenised in one call, length-bucketed batches, a feeder thread padding into
            pinned memory and copying on a side stream while the model runs)

Each round times plain then ours (the order alternates between rounds) over all texts, for
every --batch-sizes value; texts/s is texts over the best round. Quality: top-10 neighbour
overlap of each variant's vectors against plain fp32 vectors of the first --quality texts.
Target (issue 4): ours at least 5x plain at the same batch size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


from benchmarks.embed_bench import _openalex_abstract, overlap, top_k  # noqa: E402


def synthetic_texts(n: int) -> list[str]:
    from scholargraph.synthetic import generate_works
    from similarity.texts import work_text

    return [work_text(w.get("title"), _openalex_abstract(w.get("abstract_inverted_index")))
            for w in generate_works(n, seed=0)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=int, default=100_000)
    ap.add_argument("--batch-sizes", default="256,1024", help="comma-separated, each timed for both variants")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--quality", type=int, default=5000, help="texts compared for neighbour overlap")
    ap.add_argument("--model", default=None, help="model folder (default: the shipped all-MiniLM-L6-v2)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--export-fp16", type=Path, help="write the model in fp16 to this folder and exit")
    args = ap.parse_args(argv)

    import torch
    from sentence_transformers import SentenceTransformer

    from similarity.embedder import Embedder, _resolve_model
    from similarity.torch_pipeline import TorchPipelineBackend

    if args.export_fp16:
        SentenceTransformer(_resolve_model(args.model)[0], device="cpu").half().save(str(args.export_fp16))
        size = sum(f.stat().st_size for f in args.export_fp16.rglob("*") if f.is_file())
        print(f"wrote {args.export_fp16} ({size / 1e6:.0f} MB)")
        return 0
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("this benchmark needs a CUDA GPU (torch.cuda.is_available() is False); "
              "`--device cpu` runs it as a smoke test", file=sys.stderr)
        return 2
    path, name = _resolve_model(args.model)
    t0 = time.perf_counter()
    texts = synthetic_texts(args.texts)
    print(f"{len(texts):,} synthetic texts in {time.perf_counter() - t0:.0f} s; "
          f"mean {np.mean([len(t) for t in texts]):.0f} characters", flush=True)
    gpu = torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu"
    print(f"device: {gpu}; torch {torch.__version__}; {os.cpu_count()} CPU cores", flush=True)

    plain_model = SentenceTransformer(path, device=args.device).half()
    backend = TorchPipelineBackend(path, name, args.device, fp16=True)
    ours = Embedder(backend.model_id, backend.dimension, backend)
    print(f"ours: {ours!r}", flush=True)

    def sync() -> None:
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()

    def plain(b: int) -> Callable[[list[str]], np.ndarray]:
        return lambda t: plain_model.encode(t, batch_size=b, normalize_embeddings=True, convert_to_numpy=True,
                                            show_progress_bar=False)

    def mine(b: int) -> Callable[[list[str]], np.ndarray]:
        return lambda t: ours.embed(t, batch_size=b)

    sizes = [int(b) for b in args.batch_sizes.split(",") if b.strip()]
    for b in sizes:  # warm-up: kernels, allocator, cuDNN/cuBLAS heuristics
        plain(b)(texts[:2048])
        mine(b)(texts[:2048])
    sync()

    results: dict[tuple[str, int], float] = {}
    vectors: dict[str, np.ndarray] = {}
    for b in sizes:
        runs = [("plain", plain(b)), ("ours", mine(b))]
        for r in range(args.rounds):
            for name, fn in runs if r % 2 == 0 else runs[::-1]:
                sync()
                t = time.perf_counter()
                v = fn(texts)
                sync()
                dt = time.perf_counter() - t
                results[(name, b)] = min(results.get((name, b), float("inf")), dt)
                vectors.setdefault(name, v[: args.quality])
                print(f"  batch {b}, round {r + 1}: {name} {len(texts) / dt:,.0f} texts/s", flush=True)

    q = texts[: args.quality]
    fp32 = SentenceTransformer(path, device=args.device).encode(q, batch_size=256, normalize_embeddings=True,
                                                                convert_to_numpy=True, show_progress_bar=False)
    ref = top_k(fp32.astype(np.float32))
    print("\n| batch | plain fp16 texts/s | ours texts/s | ours / plain | top-10 overlap vs fp32: plain fp16 | ours |")
    print("|---:|---:|---:|---:|---:|---:|")
    ok = True
    plain_overlap = overlap(ref, top_k(vectors["plain"].astype(np.float32)))
    ours_overlap = overlap(ref, top_k(vectors["ours"].astype(np.float32)))
    for b in sizes:
        p, o = len(texts) / results[("plain", b)], len(texts) / results[("ours", b)]
        ok &= o >= 5 * p
        print(f"| {b} | {p:,.0f} | {o:,.0f} | {o / p:.2f}x | {plain_overlap:.4f} | {ours_overlap:.4f} |")
    if not args.device.startswith("cuda"):
        print("\n(smoke run on the CPU: fp16 torch is not what a CPU runs fast, so no target applies)")
        return 0
    print("\ntarget (ours >= 5x plain at every batch size):", "met" if ok else "missed")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
