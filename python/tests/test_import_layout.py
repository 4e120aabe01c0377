"""The layout functions torch runs on float and quantized tensors --
permute / transpose / t / .mT / contiguous, basic indexing (slices, ints,
None, ...), chunk / split / tensor_split / unbind / narrow -- import as
qnn.permute and qnn.slice (+ qnn.reshape for dropped or added dims) and
reproduce torch: to 1e-6 on float tensors (exactly, in fact: data movement
only) and bit for bit on quantized ones, whose results keep the input's
qparams as torch's quantized kernels do. The x86-64-avx2 object agrees
too."""
import pathlib
import re
import sys

import numpy as np
import pytest
import torch
import torch.ao.nn.quantized as nnq
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import torch_eager_ptq  # noqa: E402

SHAPE = (2, 4, 6, 5)


def channel_shuffle(x, groups=2):
    b, c, h, w = x.size()
    x = x.view(b, groups, c // groups, h, w)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(b, -1, h, w)


# name: (function of the input, ops the IR must contain)
FORMS = {
    "permute": (lambda x: x.permute(0, 2, 3, 1), ["qnn.permute"]),
    "permute_varargs_negative": (lambda x: x.permute(-1, 1, 0, 2), ["qnn.permute"]),
    "torch_permute": (lambda x: torch.permute(x, (3, 1, 0, 2)), ["qnn.permute"]),
    "transpose": (lambda x: x.transpose(1, 2), ["qnn.permute"]),
    "torch_transpose_negative": (lambda x: torch.transpose(x, -1, 0), ["qnn.permute"]),
    "swapaxes": (lambda x: x.swapaxes(0, 3), ["qnn.permute"]),
    "mT": (lambda x: x.mT, ["qnn.permute"]),
    "T_of_2d": (lambda x: x[0, 0].T, ["qnn.slice", "qnn.permute"]),
    "t": (lambda x: x[1, :, 2].t(), ["qnn.slice", "qnn.permute"]),
    "contiguous": (lambda x: x.transpose(1, 3).contiguous(), ["qnn.permute"]),
    "unit_dims_only": (lambda x: x[:, :1].transpose(1, 0), ["qnn.reshape"]),
    "channel_shuffle": (channel_shuffle, ["qnn.permute"]),
    "slice": (lambda x: x[:, 1:3], ["qnn.slice"]),
    "slice_steps": (lambda x: x[..., 1::2, ::3], ["qnn.slice"]),
    "slice_clamped": (lambda x: x[:, -3:100, :-4], ["qnn.slice"]),
    "slice_empty": (lambda x: x[:, 3:1], ["qnn.slice"]),
    "select": (lambda x: x[:, 0], ["qnn.slice", "qnn.reshape"]),
    "select_last": (lambda x: x[-1], ["qnn.slice", "qnn.reshape"]),
    "index_mixed": (lambda x: x[0, None, :, -2:, 3], ["qnn.slice", "qnn.reshape"]),
    "ellipsis_int": (lambda x: x[..., 1], ["qnn.slice", "qnn.reshape"]),
    "chunk": (lambda x: x.chunk(2, dim=1), ["qnn.slice"]),
    "chunk_uneven": (lambda x: torch.chunk(x, 3, dim=-1), ["qnn.slice"]),
    "split": (lambda x: x.split(4, dim=2), ["qnn.slice"]),
    "split_sizes": (lambda x: torch.split(x, [1, 3], 1), ["qnn.slice"]),
    "tensor_split": (lambda x: x.tensor_split([1, 4], dim=2), ["qnn.slice"]),
    "unbind": (lambda x: x.unbind(1), ["qnn.slice", "qnn.reshape"]),
    "narrow": (lambda x: x.narrow(3, 1, 3), ["qnn.slice"]),
    "narrow_negative_start": (lambda x: torch.narrow(x, 2, -4, 2), ["qnn.slice"]),
}


class Form(nn.Module):
    def __init__(self, fn, quantized=False, dtype=torch.quint8):
        super().__init__()
        self.fn = fn
        self.quant = nnq.Quantize(0.05, 3 if dtype == torch.quint8 else -2, dtype) if quantized else None

    def forward(self, x):
        return self.fn(self.quant(x) if self.quant is not None else x)


def flat(out):
    out = out if isinstance(out, (tuple, list)) else (out,)
    return [o for o in out]


@pytest.mark.parametrize("case", sorted(FORMS))
def test_float_forms(case):
    fn, ops = FORMS[case]
    model = Form(fn).eval()
    x = torch.randn(*SHAPE)
    ir = qnn.from_torch(model, x)
    for op in ops:
        assert op in ir, ir
    ours = qnn.run(ir, x)
    with torch.no_grad():
        ref = flat(model(x))
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        assert a.shape == tuple(b.shape)
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("dtype", [torch.quint8, torch.qint8], ids=["quint8", "qint8"])
@pytest.mark.parametrize("case", sorted(FORMS))
def test_quantized_forms_bit_exact(case, dtype):
    """Results are quantized tensors: their int_repr, scale and zero point
    equal torch's."""
    fn, ops = FORMS[case]
    model = Form(fn, quantized=True, dtype=dtype).eval()
    x = torch.randn(*SHAPE)
    ir = qnn.from_torch(model, x)
    for op in ops:
        assert re.search(op + r" [^\n]*!quant\.uniform", ir), ir
    ours = qnn.run(ir, x)
    with torch.no_grad():
        ref = flat(model(x))
    assert len(ours) == len(ref)
    for (ints, scale, zp), b in zip(ours, ref):
        assert ints.shape == tuple(b.shape)
        np.testing.assert_array_equal(ints, b.int_repr().numpy())
        assert (scale, zp) == (b.q_scale(), b.q_zero_point())


class ShuffleBlock(nn.Module):
    """A ShuffleNet unit on quantized tensors: chunk, conv one half, cat,
    channel shuffle, then strided slicing, a select and a transpose."""

    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.relu = nn.ReLU()
        self.cat = nn.quantized.FloatFunctional()
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        a, b = x.chunk(2, dim=1)
        y = channel_shuffle(self.cat.cat([a, self.relu(self.conv(b))], dim=1))
        y = y[:, 1:7:2, ::2].transpose(2, 3)[:, 0]
        return self.dequant(y)


def converted_shuffle_block():
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(7)
    return torch_eager_ptq(ShuffleBlock().eval(),
                           torch.ao.quantization.get_default_qconfig("qnnpack"),
                           [torch.randn(2, 8, 6, 6) for _ in range(2)])


def test_converted_shuffle_block_identical():
    model = converted_shuffle_block()
    x = torch.randn(2, 8, 6, 6)
    ir = qnn.from_torch(model, x)
    assert re.search(r"qnn\.permute [^\n]*!quant\.uniform", ir)
    assert re.search(r"qnn\.slice [^\n]*!quant\.uniform", ir)
    out, = qnn.run(ir, x)
    with torch.no_grad():
        np.testing.assert_array_equal(out, model(x).numpy())


def test_qnn_ptq_quantizes_layout_ops_in_place():
    """The float block through qnn's own PTQ (prepare, calibrate, convert)
    quantizes the layout ops in place (their results carry their input's
    qparams, no observer after them); the output stays near the float
    model's."""
    torch.manual_seed(8)
    m = ShuffleBlock().eval()
    m.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    x = torch.randn(2, 8, 6, 6)
    ir = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(m, x)), [x]))
    permute = re.search(r"qnn\.permute %\S+ [^\n]*: tensor<[^>]*(!quant\.uniform<[^>]*>)> -> "
                        r"tensor<[^>]*(!quant\.uniform<[^>]*>)>", ir)
    assert permute and permute.group(1) == permute.group(2), ir
    assert not re.search(r"qnn\.observe[^\n]*name = \"(getitem|chunk|transpose)", ir)
    out, = qnn.run(ir, x)
    with torch.no_grad():
        np.testing.assert_allclose(out, m(x).numpy(), atol=0.1)


@pytest.mark.parametrize("quantized", [False, True], ids=["float", "converted"])
def test_avx2_object_agrees(tmp_path, monkeypatch, quantized):
    """qnn-compile for x86-64-avx2 leaves the layout ops to the reference
    lowering around its micro-kernels (the conv) and matches torch."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    if quantized:
        model = converted_shuffle_block()
    else:
        torch.manual_seed(9)
        model = ShuffleBlock().eval()
    x = torch.randn(2, 8, 6, 6)
    compiled = qnn.compile(qnn.from_torch(model, x), target="x86-64-avx2")
    out = compiled(x.numpy())
    out = out[0] if isinstance(out, (list, tuple)) else out
    with torch.no_grad():
        ref = model(x).numpy()
    if quantized:
        np.testing.assert_array_equal(out, ref)
    else:
        np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)


# x.mean over the spatial dims of NCHW: qnn.adaptive_avg_pool2d to 1x1. On
# quint8 under the qnnpack engine with dim=(2, 3), torch 1.13 runs QNNPACK's
# global average pool, which that op reproduces; spelled otherwise
# ((-2, -1), (3, 2)), on qint8 or under another engine, torch's integer
# kernel rint(sum(q) / n) runs instead (it differs from QNNPACK's on exact
# halves): qnn.mean (INNER_MEANS below).
MEANS = {
    "dims_2_3": lambda x: x.mean((2, 3)),
    "list_keepdim": lambda x: x.mean([2, 3], keepdim=True),
    "torch_mean": lambda x: torch.mean(x, dim=(2, 3)),
}


def _mean_input(hw, seed=0):
    """Values on the quantization grid of scale 0.05, zero point 3: the sums
    hit exact halves."""
    g = torch.Generator().manual_seed(seed)
    return (torch.randint(0, 256, (2, 16) + hw, generator=g).float() - 3) * 0.05


@pytest.mark.parametrize("hw", [(4, 4), (7, 7), (3, 5), (6, 2)], ids=str)
@pytest.mark.parametrize("case", sorted(MEANS))
def test_mean_spatial_quantized_identical(case, hw):
    torch.backends.quantized.engine = "qnnpack"
    model = Form(MEANS[case], quantized=True).eval()
    x = _mean_input(hw)
    ir = qnn.from_torch(model, x)
    assert "qnn.adaptive_avg_pool2d" in ir
    (ours, scale, zp), = qnn.run(ir, x)
    ref = model(x)
    assert (scale, zp) == (ref.q_scale(), ref.q_zero_point())
    np.testing.assert_array_equal(ours, ref.int_repr().numpy())


@pytest.mark.parametrize("case", sorted(MEANS))
def test_mean_spatial_float(case):
    model = Form(MEANS[case]).eval()
    x = _mean_input((5, 6)) + 0.01
    out, = qnn.run(qnn.from_torch(model, x), x)
    np.testing.assert_allclose(out, model(x).numpy(), rtol=1e-6, atol=1e-6)


# Means over the innermost dims of a contiguous quantized tensor that are
# not QNNPACK's global pool: torch 1.13's integer kernel
# (qmean_inner_dim_kernel), nearbyint((float)sum(q) / (float)n) over the
# storage values, which qnn.mean computes.
INNER_MEANS = {
    "negative_dims": (lambda x: x.mean((-2, -1)), torch.quint8, "qnnpack"),
    "reversed_dims": (lambda x: x.mean((3, 2)), torch.quint8, "qnnpack"),
    "qint8": (lambda x: x.mean((2, 3)), torch.qint8, "qnnpack"),
    "dims_2_3_onednn": (lambda x: x.mean((2, 3)), torch.quint8, "onednn"),
    "last": (lambda x: x.mean(-1), torch.quint8, "qnnpack"),
    "last_keepdim_qint8": (lambda x: x.mean(3, keepdim=True), torch.qint8, "qnnpack"),
    "three_dims": (lambda x: torch.mean(x, dim=[1, 2, 3]), torch.quint8, "qnnpack"),
    "all": (lambda x: x.mean(), torch.quint8, "qnnpack"),
}


@pytest.mark.parametrize("case", sorted(INNER_MEANS))
def test_mean_innermost_quantized_identical(case):
    fn, dtype, engine = INNER_MEANS[case]
    torch.backends.quantized.engine = engine
    try:
        model = Form(fn, quantized=True, dtype=dtype).eval()
        x = _mean_input((4, 4))
        ir = qnn.from_torch(model, x)
        assert "qnn.mean" in ir and "adaptive_avg_pool2d" not in ir, ir
        (ours, scale, zp), = qnn.run(ir, x)
        ref = model(x)
    finally:
        torch.backends.quantized.engine = "qnnpack"
    assert (scale, zp) == (ref.q_scale(), ref.q_zero_point())
    assert ours.shape == tuple(ref.shape)
    np.testing.assert_array_equal(ours, ref.int_repr().numpy())


def test_mean_innermost_ties():
    """Exact halves, torch's form: 14 storage values summing to 91 give
    6.5, which rounds to 6 (to even, without subtracting the zero point 3;
    `(91 - 14 * 3) / 14 + 3` would give 7, and `91 * (1.0f / 14)` rounds to
    7 as well); 262147 values summing to 26345774 give 100.49999809 exactly,
    which the float32 division rounds to the tie 100.5 and then to 100 (the
    exact quotient would round to 101)."""
    small = np.array([[0, 10, 3, 7, 9, 1, 2, 8, 6, 5, 4, 11, 12, 13]], np.int64)
    assert small.sum() == 91
    n = 262147
    big = np.full((1, n), 100, np.int64)
    big[0, :26345774 - 100 * n] = 101
    for q, expect in ((small, 6), (big, 100)):
        x = torch.from_numpy(((q - 3) * 0.05).astype(np.float32))
        model = Form(lambda t: t.mean(-1), quantized=True).eval()
        assert model.quant(x).int_repr().numpy().sum() == q.sum()
        ir = qnn.from_torch(model, x)
        (ours, _, _), = qnn.run(ir, x)
        ref = model(x).int_repr().numpy()
        np.testing.assert_array_equal(ours, ref)
        assert ours.tolist() == [expect]


def test_mean_innermost_avx2_object_agrees(tmp_path, monkeypatch):
    """The x86-64-avx2 object computes qnn.mean's bits too (dequantized
    output of the ties above and of a 2-D mean)."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    torch.backends.quantized.engine = "qnnpack"

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.quant = nnq.Quantize(0.05, 3, torch.quint8)

        def forward(self, x):
            q = self.quant(x)
            return q.mean(-1).dequantize(), q.mean((-2, -1)).dequantize()

    x = _mean_input((14, 14))
    model = M().eval()
    ir = qnn.from_torch(model, x)
    assert "qnn.mean" in ir
    outs = qnn.compile(ir, target="x86-64-avx2")(x.numpy())
    for out, ref in zip(outs, model(x)):
        np.testing.assert_array_equal(out, ref.numpy())


class _ConvMean(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv = nn.Conv2d(16, 4, 1)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.conv(self.quant(x)).mean(-1))


def test_mean_innermost_of_channels_last_is_float_path():
    """A quantized conv's output is channels-last, not contiguous: torch
    dequantizes, takes the float mean and quantizes, and so does the import
    (no qnn.mean); ATen's float sum order makes that within 1 LSB."""
    torch.backends.quantized.engine = "qnnpack"
    model = _ConvMean().eval()
    model.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    torch.ao.quantization.prepare(model, inplace=True)
    x = _mean_input((4, 4))
    model(x)
    torch.ao.quantization.convert(model, inplace=True)
    assert not model.conv(model.quant(x)).is_contiguous()
    ir = qnn.from_torch(model, x)
    assert "qnn.mean" not in ir and "qnn.adaptive_avg_pool2d" in ir, ir
    ours, = qnn.run(ir, x)
    step = model.conv.scale
    assert np.abs(ours - model(x).numpy()).max() <= step * 1.0001


@pytest.mark.parametrize("fn", [lambda x: x.mean(-1), lambda x: x.mean(1, keepdim=True)],
                         ids=["last", "channels_keepdim"])
def test_mean_other_dims_float(fn):
    model = Form(fn).eval()
    x = _mean_input((4, 4)) + 0.01
    out, = qnn.run(qnn.from_torch(model, x), x)
    np.testing.assert_allclose(out, model(x).numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("fn", [lambda x: x.mean(1, keepdim=True), lambda x: x.mean((0, 1))],
                         ids=["channels_keepdim", "batch_channels"])
def test_mean_other_dims_quantized_within_one_step(fn):
    """Dims that are not innermost: torch dequantizes, takes the float mean
    and quantizes with the input's qparams; qnn does the same, but ATen's
    float sum reduces in its own order, so on the grid's exact halves a
    result may round the other way (docs/numerics.md): within 1 LSB."""
    torch.backends.quantized.engine = "qnnpack"
    model = Form(fn, quantized=True).eval()
    x = _mean_input((4, 4))
    (ours, scale, zp), = qnn.run(qnn.from_torch(model, x), x)
    ref = model(x)
    assert (scale, zp) == (ref.q_scale(), ref.q_zero_point())
    diff = np.abs(ours.astype(np.int32) - ref.int_repr().numpy().astype(np.int32))
    assert diff.max() <= 1 and (diff == 0).mean() > 0.9
