"""similarity.embedder (and the texts, export and backends it builds on) with the real shipped
all-MiniLM-L6-v2, offline."""

from __future__ import annotations

import numpy as np
import pytest

from similarity.embedder import Embedder, assert_same_space
from similarity.onnx_export import quantize_per_token
from similarity.texts import content_hash, work_text

pytestmark = pytest.mark.slow  # the tests load the real embedding model

PARAPHRASE_TITLE = "Deep residual learning for image recognition"
PARAPHRASE = ("Training very deep convolutional networks for classifying pictures by adding "
              "shortcut connections that learn residual functions")
UNRELATED = [
    "Population dynamics of coral reef fishes after bleaching events",
    "Medieval trade routes and the spread of coinage in northern Europe",
    "Superconductivity in layered copper oxide compounds under pressure",
    "The effect of minimum wage laws on teenage employment",
    "A randomised trial of vitamin D supplements in elderly patients",
]


@pytest.fixture(scope="module")
def fast() -> Embedder:
    # The default: on this CPU-only machine, the cached int8 ONNX export (built on first use).
    return Embedder.load(device="cpu")


@pytest.fixture(scope="module")
def fp32() -> Embedder:
    return Embedder.load(device="cpu", fast=False)


def test_loads_offline_with_expected_ids(fast: Embedder, fp32: Embedder) -> None:
    assert fp32.model_id == "all-MiniLM-L6-v2"
    assert fast.backend == "onnx-int8", "fast path fell back to torch (see the log warning)"
    assert fast.model_id.startswith("all-MiniLM-L6-v2+onnx-int8")
    # Quantised and fp32 vectors are different spaces: they must never share an id.
    assert fast.model_id != fp32.model_id
    assert fast.dimension == fp32.dimension == 384
    with pytest.raises(ValueError):
        assert_same_space([fast.model_id, fp32.model_id])
    assert assert_same_space([fast.model_id] * 3) == fast.model_id


@pytest.mark.parametrize("which", ["fast", "fp32"])
def test_paraphrase_is_nearest(which: str, request: pytest.FixtureRequest) -> None:
    emb: Embedder = request.getfixturevalue(which)
    v = emb.embed([PARAPHRASE_TITLE, PARAPHRASE, *UNRELATED])
    sims = v[1:] @ v[0]
    assert int(np.argmax(sims)) == 0, sims


@pytest.mark.parametrize("which", ["fast", "fp32"])
def test_normalised_float32(which: str, request: pytest.FixtureRequest) -> None:
    emb: Embedder = request.getfixturevalue(which)
    v = emb.embed(["a", "b c d", PARAPHRASE, ""])
    assert v.dtype == np.float32 and v.shape == (4, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert emb.embed([]).shape == (0, 384)


def test_order_preserved_under_bucketing(fast: Embedder) -> None:
    # Lengths deliberately out of order so bucketing reorders them internally, and a batch
    # size of 2 so several buckets (and parallel batches) are involved.
    texts = [
        "Short title.",
        " ".join([PARAPHRASE] * 20),  # truncated at 256 tokens
        PARAPHRASE_TITLE,
        UNRELATED[0] + ". " + UNRELATED[1] + ". " + UNRELATED[2],
        "x",
        " ".join(UNRELATED),
        UNRELATED[3],
    ]
    together = fast.embed(texts, batch_size=2)
    alone = np.vstack([fast.embed([t]) for t in texts])
    cos = (together * alone).sum(1)
    assert (cos > 0.99).all(), cos


def test_int8_close_to_fp32(fast: Embedder, fp32: Embedder) -> None:
    texts = [PARAPHRASE_TITLE, PARAPHRASE, *UNRELATED]
    cos = (fast.embed(texts) * fp32.embed(texts)).sum(1)
    assert (cos > 0.98).all(), cos


def test_embed_iter_matches_embed(fast: Embedder) -> None:
    texts = [PARAPHRASE_TITLE, PARAPHRASE, *UNRELATED]
    chunks = list(fast.embed_iter(iter(texts), chunk_size=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert np.allclose(np.vstack(chunks), fast.embed(texts), atol=1e-5)


def test_work_text_and_content_hash() -> None:
    assert work_text("A title", "An abstract.") == "A title. An abstract."
    assert work_text("Is it?", "Yes.") == "Is it? Yes."  # no ". " after a question mark
    assert work_text("Only title", None) == "Only title"
    assert work_text(None, "  only\n abstract ") == "only abstract"
    assert work_text(None, None) == ""
    h = content_hash("A title", "An abstract about graphs.")
    assert len(h) == 40
    # Whitespace-only differences (re-wrapped lines, tabs, NBSP) do not re-embed...
    assert content_hash(" A  title\n", "An abstract\tabout\u00a0graphs. ") == h
    # ... nor does Unicode composition (e + combining acute == e-acute).
    assert content_hash("Caf\u00e9", "x") == content_hash("Cafe\u0301", "x")
    # Any real edit does, including case.
    assert content_hash("A title", "An abstract about trees.") != h
    assert content_hash("A Title", "An abstract about graphs.") != h
    assert content_hash("A title", None) != h
    assert Embedder.content_hash("A title", "An abstract about graphs.") == h


def test_quantize_per_token_matches_float_matmul() -> None:
    # The graph rewrite on a single MatMul, including a row with a 20x outlier (the [CLS]
    # case): per-token scales keep every row's relative error small.
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    w = rng.standard_normal((64, 32)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["y"], name="mm")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, None, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, None, 32])],
        [numpy_helper.from_array(w, "W")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    q = quantize_per_token(model)
    onnx.checker.check_model(q)
    sess = ort.InferenceSession(q.SerializeToString(), providers=["CPUExecutionProvider"])
    x = rng.standard_normal((2, 5, 64)).astype(np.float32)
    x[0, 0] *= 20
    got = sess.run(None, {"x": x})[0]
    ref = x @ w
    rel = np.linalg.norm(got - ref, axis=-1) / np.linalg.norm(ref, axis=-1)
    assert got.shape == ref.shape and rel.max() < 0.02, rel


# -- the GPU pipeline (similarity/torch_pipeline.py), its code run on this CPU ----------------


def _pipeline(**kw: object) -> Embedder:
    from similarity.embedder import _resolve_model
    from similarity.torch_pipeline import TorchPipelineBackend

    path, name = _resolve_model(None)
    backend = TorchPipelineBackend(path, name, "cpu", **kw)  # type: ignore[arg-type]
    return Embedder(backend.model_id, backend.dimension, backend)


@pytest.fixture(scope="module")
def pipeline() -> Embedder:
    return _pipeline()


MIXED = ["Short title.", " ".join([PARAPHRASE] * 20), PARAPHRASE_TITLE, "", "x", " ".join(UNRELATED),
         UNRELATED[3], PARAPHRASE]


def test_pipeline_gives_the_plain_vectors_in_input_order(pipeline: Embedder, fp32: Embedder) -> None:
    """Bucketed, fed by its thread, several batches (batch size 2): the same vectors as plain
    SentenceTransformer.encode, row for row."""
    assert (pipeline.model_id, pipeline.backend) == ("all-MiniLM-L6-v2", "torch-pipeline-cpu")
    got = pipeline.embed(MIXED, batch_size=2)
    assert got.dtype == np.float32 and got.shape == (len(MIXED), 384)
    assert np.abs(got - fp32.embed(MIXED)).max() < 1e-4
    assert pipeline.embed([]).shape == (0, 384)


def test_pipeline_in_fp16_is_its_own_space() -> None:
    half, full = _pipeline(fp16=True), _pipeline()
    assert (half.model_id, half.backend) == ("all-MiniLM-L6-v2+fp16", "torch-pipeline-cpu-fp16")
    cos = (half.embed(MIXED[:3]) * full.embed(MIXED[:3])).sum(1)
    assert (cos > 0.999).all(), cos


def test_pipeline_feeder_errors_reach_the_caller(pipeline: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = pipeline._backend
    stage = backend._stage  # type: ignore[attr-defined]
    calls = []

    def failing(*args: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("out of pinned memory")
        return stage(*args)

    monkeypatch.setattr(backend, "_stage", failing)
    with pytest.raises(RuntimeError, match="^out of pinned memory$"):
        pipeline.embed(MIXED, batch_size=2)
    import threading

    assert not [t for t in threading.enumerate() if t.name == "embed-feed"]


def test_pipeline_runs_a_saved_fp16_model_folder(tmp_path, fp32: Embedder) -> None:  # type: ignore[no-untyped-def]
    """What a lent GPU gets (benchmarks/embed_gpu_bench.py --export-fp16): the shipped model
    saved in fp16 by sentence-transformers 5.x (its newer pooling config) runs in the pipeline."""
    from sentence_transformers import SentenceTransformer

    from similarity.embedder import _resolve_model
    from similarity.torch_pipeline import TorchPipelineBackend

    folder = tmp_path / "minilm-fp16"
    SentenceTransformer(_resolve_model(None)[0], device="cpu").half().save(str(folder))
    backend = TorchPipelineBackend(str(folder), "minilm-fp16", "cpu", fp16=True)
    assert (backend.model_id, backend.dimension) == ("minilm-fp16+fp16", 384)
    cos = (backend.embed(MIXED, 4, None) * fp32.embed(MIXED)).sum(1)
    assert (cos > 0.999).all(), cos
