"""Quantized Embedding/EmbeddingBag (`float_qparams_weight_only_qconfig`,
quint8, and `float_qparams_weight_only_qconfig_4bit`, quint4x2): the tables
keep their storage (rowwise bytes or nibbles with per-row scale and bias)
and dequantize at lookup, bit-identical to torch's embedding_byte /
embedding_4bit kernels, on both import paths (torch's converted model and
qnn's own prepare/convert), compiled for every target, and the object holds
the quantized table (about 4x / 8x smaller than the float one)."""
import copy
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
from torch.ao.quantization import float_qparams_weight_only_qconfig, float_qparams_weight_only_qconfig_4bit

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import tool  # noqa: E402
from compiled_driver import ARM_TARGETS, X86_TARGETS, assert_targets_match, data_section_bytes  # noqa: E402

QCONFIGS = {"quint8": float_qparams_weight_only_qconfig, "quint4x2": float_qparams_weight_only_qconfig_4bit}


class Tables(nn.Module):
    """An Embedding, a bag with offsets and per-sample weights, and a bag of
    2-D indices."""

    def __init__(self, rows=40, dim=16):
        super().__init__()
        self.emb = nn.Embedding(rows, dim)
        self.bag = nn.EmbeddingBag(rows, dim, mode="sum")
        self.bag2d = nn.EmbeddingBag(rows, dim, mode="sum")

    def forward(self, idx, flat, offsets, psw, idx2d):
        return self.emb(idx), self.bag(flat, offsets, per_sample_weights=psw), self.bag2d(idx2d)


def _tables(seed=0, rows=40, dim=16):
    torch.manual_seed(seed)
    m = Tables(rows, dim).eval()
    with torch.no_grad():
        for t in (m.emb, m.bag, m.bag2d):
            # Rows of different ranges and offsets (some all positive).
            t.weight.copy_(torch.randn(rows, dim) * torch.rand(rows, 1) * 4 + torch.randn(rows, 1) * 3)
    g = torch.Generator().manual_seed(seed + 1)
    idx = torch.randint(0, rows, (3, 5), generator=g)
    flat = torch.randint(0, rows, (30,), generator=g)
    offsets = torch.tensor([0, 4, 4, 11, 12, 29])  # an empty bag, a bag of one
    psw = torch.randn(30, generator=g)
    idx2d = torch.randint(0, rows, (4, 7), generator=g)
    return m, (idx, flat, offsets, psw, idx2d)


def _torch_converted(model, dtype, emb_dtype=None):
    q = copy.deepcopy(model)
    for t in (q.emb, q.bag, q.bag2d):
        t.qconfig = QCONFIGS[dtype]
    q.emb.qconfig = QCONFIGS[emb_dtype or dtype]
    torch.ao.quantization.prepare(q, inplace=True)
    torch.ao.quantization.convert(q, inplace=True)
    assert type(q.emb).__name__ == "Embedding" and "quantized" in type(q.emb).__module__
    return q


def _embedding_ref(emb, idx):
    """torch's lookup. A 4-bit nnq.Embedding cannot run its own forward in
    torch 1.13 (from_float builds it with dtype quint8, so forward calls
    embedding_byte on 4-bit rows and fails): its kernel, embedding_4bit,
    is called directly."""
    if emb.weight().dtype == torch.quint4x2:
        return torch.ops.quantized.embedding_4bit(emb._packed_params._packed_weight, idx)
    return emb(idx)


def _ref(q, x):
    idx, flat, offsets, psw, idx2d = x
    with torch.no_grad():
        outs = (_embedding_ref(q.emb, idx), q.bag(flat, offsets, per_sample_weights=psw), q.bag2d(idx2d))
    return [o.numpy() for o in outs]


def _qnn_ptq(model, x, dtype):
    """qnn's own PTQ: the float model with the qconfig on its embeddings,
    qnn-prepare, qnn-calibrate, qnn-convert."""
    f = copy.deepcopy(model)
    for t in (f.emb, f.bag, f.bag2d):
        t.qconfig = QCONFIGS[dtype]
    prepared = qnn.prepare(qnn.from_torch(f, x))
    return qnn.convert(qnn.calibrate(prepared, [tuple(t.numpy() for t in x)]))


def _assert_rowwise(ir, dtype):
    assert ir.count("rowwise(") == 3, ir
    assert ("bits = 4 : i64" in ir) == (dtype == "quint4x2")
    # No float table is left: every table constant is i8 storage.
    assert "tensor<40x16xf32>" not in ir
    assert ("tensor<40x8xi8>" if dtype == "quint4x2" else "tensor<40x16xi8>") in ir


def test_converted_4bit_embedding_is_refused():
    """torch 1.13 builds a converted 4-bit nn.Embedding with dtype quint8,
    so its forward runs embedding_byte on 4-bit rows (a wrong shape and
    values here: 16 columns read as 4): the importer says so instead of
    importing what the trace computed. qnn's PTQ handles it (below)."""
    model, x = _tables()
    q = _torch_converted(model, "quint4x2")
    with pytest.raises(qnn.UnsupportedModuleError, match="4-bit nnq.Embedding"):
        qnn.from_torch(q, x)


@pytest.mark.parametrize("dtype", sorted(QCONFIGS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_torch_converted_bit_identical(dtype, seed):
    """The Embedding stays quint8 (a converted 4-bit one is refused, above);
    the bags take `dtype`."""
    model, x = _tables(seed)
    q = _torch_converted(model, dtype, emb_dtype="quint8")
    ref = _ref(q, x)
    ir = qnn.from_torch(q, x)
    assert ir.count("rowwise(") == 3 and ir.count("bits = 4 : i64") == (2 if dtype == "quint4x2" else 0)
    for i, (a, b) in enumerate(zip(qnn.run(ir, *[t.numpy() for t in x]), ref)):
        np.testing.assert_array_equal(a, b, err_msg=f"output {i}")


@pytest.mark.parametrize("dtype", sorted(QCONFIGS))
@pytest.mark.parametrize("seed", [0, 3])
def test_qnn_ptq_bit_identical_to_torch_convert(dtype, seed):
    model, x = _tables(seed)
    q = _torch_converted(model, dtype)
    ref = _ref(q, x)
    ir = _qnn_ptq(model, x, dtype)
    _assert_rowwise(ir, dtype)
    for i, (a, b) in enumerate(zip(qnn.run(ir, *[t.numpy() for t in x]), ref)):
        np.testing.assert_array_equal(a, b, err_msg=f"output {i}")


def _tie_table(dtype):
    """Rows whose quantization hits exact ties: scale 1 and zero point 0
    (min 0, max = qmax), so `x * inv_scale + zero_point` is x itself and
    k + 0.5 rounds half to even; for quint4x2 also scales and biases that
    are float16 ties (1 + 2^-11 rounds down to 1, 1 + 3 * 2^-11 up, and a
    bias of -(1 + 2^-11) down to -1)."""
    qmax = 15.0 if dtype == "quint4x2" else 255.0
    halves = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5]
    rows = [[0.0, qmax] + halves]
    if dtype == "quint4x2":
        a, b = 1 + 2.0 ** -11, 1 + 3 * 2.0 ** -11
        rows.append([0.0, 15 * a] + [a * h for h in halves])
        rows.append([0.0, 15 * b] + [b * h for h in halves])
        rows.append([-a, 15 - a] + [h - a for h in halves])
    else:
        rows.append([0.0, qmax] + [h + 100 for h in halves])
    return torch.tensor(rows, dtype=torch.float32)


@pytest.mark.parametrize("dtype", sorted(QCONFIGS))
def test_rounding_ties(dtype):
    table = _tie_table(dtype)
    n, dim = table.shape

    class One(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(n, dim)

        def forward(self, i):
            return self.emb(i)

    m = One().eval()
    with torch.no_grad():
        m.emb.weight.copy_(table)
    idx = torch.arange(n).reshape(1, n)
    q = copy.deepcopy(m)
    q.emb.qconfig = QCONFIGS[dtype]
    torch.ao.quantization.prepare(q, inplace=True)
    torch.ao.quantization.convert(q, inplace=True)
    with torch.no_grad():
        ref = _embedding_ref(q.emb, idx).numpy()
    # The ties really are ties and go to even in torch.
    ints = q.emb.weight().int_repr().numpy().reshape(n, -1)
    if dtype == "quint8":
        np.testing.assert_array_equal(ints[0, 2:6], [0, 2, 2, 4])
    f = copy.deepcopy(m)
    f.emb.qconfig = QCONFIGS[dtype]
    ours_ptq, = qnn.run(qnn.convert(qnn.prepare(qnn.from_torch(f, (idx,)))), idx.numpy())
    np.testing.assert_array_equal(ours_ptq, ref)
    if dtype == "quint8":  # a converted 4-bit Embedding is refused (above)
        ours_imported, = qnn.run(qnn.from_torch(q, (idx,)), idx.numpy())
        np.testing.assert_array_equal(ours_imported, ref)


@pytest.mark.parametrize("dtype", sorted(QCONFIGS))
def test_compiled_every_target(tmp_path, dtype):
    model, x = _tables(4)
    ir = _qnn_ptq(model, x, dtype)
    inputs = [t.numpy() for t in x]
    ref = qnn.run(ir, *inputs)
    ran = assert_targets_match(tmp_path, ir, inputs, ref, X86_TARGETS + ARM_TARGETS)
    assert ran >= 3


def test_object_size(tmp_path):
    """A 1000 x 64 table: 256,000 bytes as f32; quint8 is 64,000 bytes of
    storage plus 8,000 of scale/bias (~3.6x smaller); quint4x2 32,000 plus
    4,000 (~7x)."""

    class Bag(nn.Module):
        def __init__(self):
            super().__init__()
            self.bag = nn.EmbeddingBag(1000, 64, mode="sum")

        def forward(self, i, o):
            return self.bag(i, o)

    torch.manual_seed(0)
    m = Bag().eval()
    x = (torch.randint(0, 1000, (20,)), torch.tensor([0, 7, 13]))
    sizes = {}
    for kind in ("float", "quint8", "quint4x2"):
        q = copy.deepcopy(m)
        if kind != "float":
            q.bag.qconfig = QCONFIGS[kind]
            torch.ao.quantization.prepare(q, inplace=True)
            torch.ao.quantization.convert(q, inplace=True)
        d = tmp_path / kind
        d.mkdir()
        (d / "m.mlir").write_text(qnn.from_torch(q, x))
        subprocess.run([tool("qnn-compile"), str(d / "m.mlir"), "--target=x86-64-avx2", "-o", str(d / "m.o")],
                       check=True)
        sizes[kind] = data_section_bytes(d / "m.o")
    assert sizes["float"] >= 256000, sizes
    assert 64000 + 8000 <= sizes["quint8"] <= 64000 + 8000 + 4096, sizes
    assert 32000 + 4000 <= sizes["quint4x2"] <= 32000 + 4000 + 4096, sizes
    assert sizes["float"] / sizes["quint8"] > 3.4 and sizes["float"] / sizes["quint4x2"] > 6.5, sizes


def test_ptq_bag_mode_becomes_sum_as_in_torch():
    """torch's converted EmbeddingBag always sums (its kernels get mode 0):
    qnn's convert does the same, with a warning."""
    class Bag(nn.Module):
        def __init__(self):
            super().__init__()
            self.bag = nn.EmbeddingBag(20, 8, mode="mean")

        def forward(self, i, o):
            return self.bag(i, o)

    torch.manual_seed(0)
    m = Bag().eval()
    x = (torch.randint(0, 20, (9,)), torch.tensor([0, 4]))
    q = copy.deepcopy(m)
    q.bag.qconfig = float_qparams_weight_only_qconfig
    torch.ao.quantization.prepare(q, inplace=True)
    torch.ao.quantization.convert(q, inplace=True)
    with torch.no_grad():
        ref = q(*x).numpy()
    f = copy.deepcopy(m)
    f.bag.qconfig = float_qparams_weight_only_qconfig
    ir = qnn.convert(qnn.prepare(qnn.from_torch(f, x)))
    assert "embedding_bag_mode sum" in ir
    ours, = qnn.run(ir, *[t.numpy() for t in x])
    np.testing.assert_array_equal(ours, ref)
