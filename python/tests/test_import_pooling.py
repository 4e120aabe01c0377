"""Pooling modules and functions of every rank, on both import paths:

1. the float model (QuantStub -> pool): qnn runs it to torch's float output,
   and qnn's PTQ (prepare, calibrate, convert) equals torch's PTQ of the same
   model bit for bit (ints, scale and zero point);
2. the model torch converted: imported, it reproduces torch bit for bit.

1-D pools are the 2-D ops on the input unsqueezed at -2, as ATen computes
them. torch 1.13 has no quantized max_pool3d or adaptive_max_pool2d: its
converted model does not run; qnn's quantized result is the definition (the
float op on the dequantized input, with the input's qparams, exactly).
Adaptive pools use sizes that do not divide (ATen's non-uniform bins).
"""
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import QuantStub

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from torch_forms import Form, assert_float_form, assert_identical  # noqa: E402

QCONFIG = torch.ao.quantization.get_default_qconfig("qnnpack")
SHAPES = {1: (2, 6, 13), 2: (2, 6, 9, 11), 3: (2, 4, 7, 9, 8)}

# name: (form, spatial rank, op the IR must contain, whether torch runs it on
# quantized tensors, float tolerance: 0, every float result is identical)
FORMS = {
    "nn.MaxPool1d": (nn.MaxPool1d(3, 2, 1), 1, "qnn.max_pool2d", True, 0),
    "nn.MaxPool1d_dil_ceil": (nn.MaxPool1d(2, 3, dilation=2, ceil_mode=True), 1, "qnn.max_pool2d",
                              True, 0),
    "nn.AvgPool1d": (nn.AvgPool1d(3, 2, 1), 1, "qnn.avg_pool2d", True, 0),
    "nn.AvgPool1d_ceil_nopad": (nn.AvgPool1d(4, 3, 2, ceil_mode=True, count_include_pad=False), 1,
                                "qnn.avg_pool2d", True, 0),
    "nn.AdaptiveAvgPool1d": (nn.AdaptiveAvgPool1d(5), 1, "qnn.adaptive_avg_pool2d", True, 0),
    "nn.MaxPool2d": (nn.MaxPool2d(3, 2, 1), 2, "qnn.max_pool2d", True, 0),
    "nn.AvgPool2d": (nn.AvgPool2d(3, 2, 1), 2, "qnn.avg_pool2d", True, 0),
    "nn.AdaptiveAvgPool2d": (nn.AdaptiveAvgPool2d((4, 3)), 2, "qnn.adaptive_avg_pool2d", True, 0),
    "nn.AdaptiveAvgPool2d_up": (nn.AdaptiveAvgPool2d((12, 5)), 2, "qnn.adaptive_avg_pool2d", True, 0),
    "nn.AdaptiveMaxPool2d": (nn.AdaptiveMaxPool2d((4, 3)), 2, "qnn.adaptive_max_pool2d", False, 0),
    "nn.MaxPool3d": (nn.MaxPool3d(3, 2, 1), 3, "qnn.max_pool3d", False, 0),
    "nn.MaxPool3d_dil": (nn.MaxPool3d((2, 3, 2), (1, 2, 2), dilation=(2, 1, 1), ceil_mode=True), 3,
                         "qnn.max_pool3d", False, 0),
    "nn.AvgPool3d": (nn.AvgPool3d(3, 2, 1), 3, "qnn.avg_pool3d", True, 0),
    "nn.AvgPool3d_ceil_nopad": (nn.AvgPool3d((2, 3, 3), (2, 2, 1), 1, ceil_mode=True,
                                             count_include_pad=False), 3, "qnn.avg_pool3d", True, 0),
    "nn.AvgPool3d_divisor": (nn.AvgPool3d(2, divisor_override=3), 3, "qnn.avg_pool3d", True, 0),
    "nn.AdaptiveAvgPool3d": (nn.AdaptiveAvgPool3d((3, 4, 3)), 3, "qnn.adaptive_avg_pool3d", True, 0),
    "F.max_pool1d": (lambda x: F.max_pool1d(x, 3), 1, "qnn.max_pool2d", True, 0),
    "F.max_pool2d": (lambda x: F.max_pool2d(x, (2, 3), padding=1), 2, "qnn.max_pool2d", True, 0),
    "F.max_pool3d": (lambda x: F.max_pool3d(x, 2, 1), 3, "qnn.max_pool3d", False, 0),
    "torch.max_pool1d": (lambda x: torch.max_pool1d(x, 2), 1, "qnn.max_pool2d", True, 0),
    "F.avg_pool1d": (lambda x: F.avg_pool1d(x, 4, 2, 2), 1, "qnn.avg_pool2d", True, 0),
    "F.avg_pool2d": (lambda x: F.avg_pool2d(x, 3, 1), 2, "qnn.avg_pool2d", True, 0),
    "F.avg_pool3d": (lambda x: F.avg_pool3d(x, (3, 2, 2), padding=(1, 1, 0)), 3, "qnn.avg_pool3d",
                     True, 0),
    "F.adaptive_avg_pool1d": (lambda x: F.adaptive_avg_pool1d(x, 4), 1, "qnn.adaptive_avg_pool2d",
                              True, 0),
    "F.adaptive_avg_pool2d": (lambda x: F.adaptive_avg_pool2d(x, (5, 4)), 2,
                              "qnn.adaptive_avg_pool2d", True, 0),
    "F.adaptive_avg_pool3d": (lambda x: F.adaptive_avg_pool3d(x, (2, 5, 3)), 3,
                              "qnn.adaptive_avg_pool3d", True, 0),
    "F.adaptive_max_pool2d": (lambda x: F.adaptive_max_pool2d(x, (5, 4)), 2,
                              "qnn.adaptive_max_pool2d", False, 0),
}


def _data(rank, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*SHAPES[rank], generator=g) * 2.5


def _calibrated(fn, rank):
    model = Form(fn).eval()
    model.qconfig = QCONFIG
    torch.ao.quantization.prepare(model, inplace=True)
    with torch.no_grad():
        model(_data(rank, 1))
    return model


@pytest.mark.parametrize("case", sorted(FORMS))
def test_float_form(case):
    fn, rank, op, _, tol = FORMS[case]
    assert_float_form(fn, op, _data(rank, 2), tol)


@pytest.mark.parametrize("case", sorted(FORMS))
def test_ptq_and_converted_identical(case):
    fn, rank, op, torch_runs, _ = FORMS[case]
    x = _data(rank, 2)
    converted = torch.ao.quantization.convert(_calibrated(fn, rank))
    if torch_runs:
        with torch.no_grad():
            ref = converted(x)
        # Path 2: torch's converted model.
        ir = qnn.from_torch(converted, x)
        assert op in ir and "!quant.uniform" in ir, ir
        ours, = qnn.run(ir, x)
        assert_identical(ours, ref, f"{case}: imported torch-converted model")
    else:
        with pytest.raises(Exception):
            converted(x)
        # The definition: the float pool on the dequantized input, with the
        # input's qparams (max commutes with the monotonic dequantize).
        qx = converted.quant(x)
        with torch.no_grad():
            y = fn(qx.dequantize())
        ref = torch.quantize_per_tensor(y, qx.q_scale(), qx.q_zero_point(), qx.dtype)
    # Path 1: qnn's PTQ of the float model.
    model = Form(fn).eval()
    model.qconfig = QCONFIG
    qir = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(model, x)), [_data(rank, 1)]))
    assert op in qir, qir
    ours, = qnn.run(qir, x)
    assert_identical(ours, ref, f"{case}: qnn PTQ vs torch PTQ")


# Storage-level oracle: quint8 and qint8 inputs with odd zero points,
# through every bin pattern torch's kernels take (QNNPACK for divisible
# quint8 2-D adaptive averages, ATen's raw-sum kernel otherwise).
ADAPTIVE = [((1, 16, 14, 14), (7, 7)), ((2, 5, 9, 11), (4, 3)), ((1, 3, 7, 10), (1, 1)),
            ((1, 8, 11, 10), (1, 1)), ((1, 4, 5, 6), (9, 13)), ((2, 3, 7, 9, 11), (4, 3, 5)),
            ((1, 4, 6, 10, 10), (3, 5, 5)), ((1, 2, 9, 7, 10), (1, 1, 1))]


class Adaptive(nn.Module):
    def __init__(self, out):
        super().__init__()
        self.out = out

    def forward(self, x):
        f = F.adaptive_avg_pool2d if len(self.out) == 2 else F.adaptive_avg_pool3d
        return f(x, self.out)


@pytest.mark.parametrize("dtype", [torch.quint8, torch.qint8], ids=["quint8", "qint8"])
@pytest.mark.parametrize("shape,out", ADAPTIVE, ids=[f"{s}->{o}" for s, o in ADAPTIVE])
def test_adaptive_avg_quantized_oracle(shape, out, dtype):
    g = torch.Generator().manual_seed(7)
    x = torch.randn(*shape, generator=g) * 3
    zp = 3 if dtype == torch.quint8 else -5
    q = torch.quantize_per_tensor(x, 0.0371, zp, dtype)
    ref = Adaptive(out)(q)

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.pool = Adaptive(out)

        def forward(self, x):
            return self.pool(torch.quantize_per_tensor(x, 0.0371, zp, dtype))

    ir = qnn.from_torch(M(), x)
    ours, = qnn.run(ir, x)
    assert_identical(ours, ref, f"{shape} -> {out}")


def test_adaptive_qint8_multiplier_is_one_over_n():
    """A 7x10 bin whose storage sum is -8855: torch rounds `sum * (1.0f /
    70)` to -126; `sum * ((1.0f / 7) / 10)` would give -127."""
    vals = np.full(70, -8855 // 70)
    vals[:-8855 - (-8855 // 70) * 70] += 1
    x = torch.tensor(vals * 0.5, dtype=torch.float32).reshape(1, 1, 7, 10)
    q = torch.quantize_per_tensor(x, 0.5, 0, torch.qint8)
    assert q.int_repr().sum().item() == -8855
    ref = F.adaptive_avg_pool2d(q, 1)
    assert ref.int_repr().item() == -126

    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.pool = Adaptive((1, 1))

        def forward(self, x):
            return self.pool(torch.quantize_per_tensor(x, 0.5, 0, torch.qint8))

    ours, = qnn.run(qnn.from_torch(M(), x), x)
    assert_identical(ours, ref, "7x10 bin")


def test_return_indices_is_rejected():
    model = Form(nn.MaxPool2d(2, return_indices=True)).eval()
    with pytest.raises(qnn.UnsupportedModuleError, match="return_indices|tuple"):
        qnn.from_torch(model, _data(2, 2))


class Pools3d(nn.Module):
    """The new pooling ops in one quantized model, for qnn-compile."""

    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.avg = nn.AvgPool3d(2, 1, 1)
        self.ada = nn.AdaptiveAvgPool3d((3, 4, 5))
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        y = self.ada(self.avg(self.quant(x)))
        z = F.adaptive_max_pool2d(F.max_pool3d(y, 2, 1).flatten(1, 2), (5, 3))
        return self.dequant(z)


def test_avx2_object_agrees(tmp_path, monkeypatch):
    """qnn-compile for x86-64-avx2 runs the N-D and adaptive-bin reductions
    (tensor.extract inside linalg.generic) with qnn-run's results."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    model = Pools3d().eval()
    model.qconfig = QCONFIG
    x = _data(3, 2)
    qir = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(model, x)), [_data(3, 1)]))
    for op in ("qnn.avg_pool3d", "qnn.adaptive_avg_pool3d", "qnn.max_pool3d",
               "qnn.adaptive_max_pool2d"):
        assert op in qir
    out = qnn.compile(qir, target="x86-64-avx2")(x.numpy())
    out = out[0] if isinstance(out, (list, tuple)) else out
    ref, = qnn.run(qir, x)
    np.testing.assert_array_equal(out, ref)
