"""Functional, Tensor-method and module forms of activations, clamps,
padding, stacking, subtraction and pixel shuffle, on both import paths:

1. the float model (QuantStub -> form): qnn runs it to torch's float output,
   and qnn's PTQ (prepare, calibrate, convert) equals torch's PTQ of the same
   model bit for bit (ints, scale and zero point), where torch's converted
   model runs at all;
2. the model torch converted: imported, it reproduces torch bit for bit, or,
   where torch has no quantized kernel for the form (F.hardswish, F.elu,
   F.silu, sub), import fails as torch's own run does, naming the call.

The forms torch runs on quantized tensors keep their input's qparams
(relu6, hardtanh/clamp, leaky_relu, pad, stack, pixel_shuffle) or have fixed
(sigmoid, tanh, hardsigmoid) or derived (gelu: the float32 scale) ones.
"""
import pathlib
import re
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.ao.nn.quantized.functional as qF
from torch.ao.quantization import QuantStub

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import torch_eager_ptq  # noqa: E402
from torch_forms import Form, assert_exact, assert_float_form, assert_identical  # noqa: E402

QCONFIG = torch.ao.quantization.get_default_qconfig("qnnpack")
SHAPE = (2, 8, 4, 6)

# name: (form, op the IR must contain, whether torch runs it on quantized
# tensors, float tolerance (relative and absolute))
FORMS = {
    "F.relu6": (F.relu6, "qnn.relu6", True, 0),
    "F.hardtanh_relu6": (lambda x: F.hardtanh(x, 0.0, 6.0), "qnn.relu6", True, 0),
    "F.hardswish": (F.hardswish, "qnn.hardswish", False, 0),
    "F.hardsigmoid": (F.hardsigmoid, "qnn.hardsigmoid", True, 0),
    "torch.sigmoid": (torch.sigmoid, "qnn.sigmoid", True, 1e-6),
    "F.sigmoid": (lambda x: F.sigmoid(x), "qnn.sigmoid", True, 1e-6),
    "Tensor.sigmoid": (lambda x: x.sigmoid(), "qnn.sigmoid", True, 1e-6),
    "torch.tanh": (torch.tanh, "qnn.tanh", True, 1e-6),
    "Tensor.tanh": (lambda x: x.tanh(), "qnn.tanh", True, 1e-6),
    "Tensor.relu": (lambda x: x.relu(), "qnn.relu", True, 0),
    "F.leaky_relu": (lambda x: F.leaky_relu(x, 0.2), "qnn.leaky_relu", True, 0),
    "F.elu": (lambda x: F.elu(x, 0.7), "qnn.elu", False, 1e-6),
    "F.hardtanh": (F.hardtanh, "qnn.hardtanh", True, 0),
    "nn.Hardtanh": (nn.Hardtanh(-0.5, 2.25), "qnn.hardtanh", True, 0),
    "nn.ReLU6_is_relu6": (nn.ReLU6(), "qnn.relu6", True, 0),
    "torch.clamp": (lambda x: torch.clamp(x, -1.3, 0.8), "qnn.hardtanh", True, 0),
    "Tensor.clamp_min": (lambda x: x.clamp(min=0.25), "qnn.hardtanh", False, 0),
    "Tensor.clip_max": (lambda x: x.clip(max=0.5), "qnn.hardtanh", False, 0),
    "F.gelu": (F.gelu, "qnn.gelu", True, 1e-6),
    "F.gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), "qnn.gelu", True, 1e-6),
    "nn.GELU": (nn.GELU(), "qnn.gelu", True, 1e-6),
    "nn.SiLU": (nn.SiLU(), "qnn.silu", False, 1e-6),
    "F.silu": (F.silu, "qnn.silu", False, 1e-6),
    "F.pad": (lambda x: F.pad(x, (1, 2, 0, 1)), "qnn.pad", True, 0),
    "F.pad_value": (lambda x: F.pad(x, (2, 1), value=0.7), "qnn.pad", True, 0),
    "F.pad_3_dims": (lambda x: F.pad(x, (1, 0, 0, 2, 1, 1), value=-1.5), "qnn.pad", True, 0),
    "nn.ZeroPad2d": (nn.ZeroPad2d((1, 0, 2, 1)), "qnn.pad", True, 0),
    "nn.ConstantPad1d": (nn.ConstantPad1d(2, 3.5), "qnn.pad", True, 0),
    "nn.ConstantPad3d": (nn.ConstantPad3d(1, 0.25), "qnn.pad", True, 0),
    "torch.stack": (lambda x: torch.stack([x, x.relu()], 1), "qnn.cat", True, 0),
    "torch.stack_last": (lambda x: torch.stack([x, x, x], -1), "qnn.cat", True, 0),
    "F.pixel_shuffle": (lambda x: F.pixel_shuffle(x, 2), "qnn.permute", True, 0),
    "nn.PixelShuffle": (nn.PixelShuffle(2), "qnn.permute", True, 0),
    "F.pixel_unshuffle": (lambda x: F.pixel_unshuffle(x, 2), "qnn.permute", True, 0),
    "nn.PixelUnshuffle": (nn.PixelUnshuffle(2), "qnn.permute", True, 0),
    "sub": (lambda x: x - x.relu(), "qnn.add", False, 0),
    "sub_scalar": (lambda x: x - 1.25, "qnn.add_scalar", False, 0),
    "rsub_scalar": (lambda x: 2.0 - x, "qnn.add_scalar", False, 0),
    "torch.sub": (lambda x: torch.sub(x, torch.tanh(x)), "qnn.add", False, 1e-6),
    "Tensor.sub": (lambda x: x.sub(x.sigmoid()), "qnn.add", False, 1e-6),
}


def _data(seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*SHAPE, generator=g) * 2.5


def _torch_ptq(fn):
    return torch_eager_ptq(Form(fn).eval(), QCONFIG, [_data(1)])


# torch's quantized leaky_relu (same qparams) dequantizes with an FMA in
# vector blocks (docs/numerics.md): 1 LSB on some inputs and slopes.
LSB = {"qF.leaky_relu": 1}


@pytest.mark.parametrize("case", sorted(FORMS))
def test_float_form(case):
    fn, op, _, tol = FORMS[case]
    assert_float_form(fn, op, _data(2), tol)


@pytest.mark.parametrize("case", sorted(c for c in FORMS if FORMS[c][2]))
def test_ptq_and_converted_identical(case):
    fn, op, _, _ = FORMS[case]
    converted = _torch_ptq(fn)
    x = _data(2)
    with torch.no_grad():
        ref = converted(x)
    assert ref.is_quantized
    # Path 2: torch's converted model.
    ir = qnn.from_torch(converted, x)
    assert re.search(re.escape(op) + r" [^\n]*!quant\.uniform", ir), ir
    ours, = qnn.run(ir, x)
    assert_identical(ours, ref, f"{case}: imported torch-converted model")
    # Path 1: qnn's PTQ of the float model.
    model = Form(fn).eval()
    model.qconfig = QCONFIG
    qir = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(model, x)), [_data(1)]))
    ours, = qnn.run(qir, x)
    assert_identical(ours, ref, f"{case}: qnn PTQ vs torch PTQ")


@pytest.mark.parametrize("case", sorted(c for c in FORMS if not FORMS[c][2]))
def test_converted_without_torch_kernel_raises(case):
    """torch has no quantized kernel for the form: its converted model fails
    to run, and qnn's import fails with torch's reason and the call site."""
    fn, _, _, _ = FORMS[case]
    converted = _torch_ptq(fn)
    x = _data(2)
    with pytest.raises(Exception):
        converted(x)
    with pytest.raises(qnn.UnsupportedModuleError, match=r"QuantizedCPU|quantized"):
        qnn.from_torch(converted, x)


class NewOps(nn.Module):
    """hardtanh, gelu, pad and (float) silu around a conv, for qnn-compile."""

    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv = nn.Conv2d(8, 8, 3, padding=1)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        # contiguous(): torch 1.13's quantized hardtanh/clamp/relu6 write a
        # channels-last input (the conv's output) in its memory order into a
        # contiguous result (docs/numerics.md); qnn follows the definition.
        y = self.conv(self.quant(x)).contiguous()
        y = F.pad(F.gelu(F.hardtanh(y, -1.5, 2.0)), (1, 1, 2, 0), value=0.5)
        return F.silu(self.dequant(y))


@pytest.mark.parametrize("quantized", [False, True], ids=["float", "converted"])
def test_avx2_object_agrees(tmp_path, monkeypatch, quantized):
    """qnn-compile for x86-64-avx2 leaves the new ops to the reference
    lowering around its conv micro-kernel, with qnn-run's results."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    torch.manual_seed(3)
    model = NewOps().eval()
    if quantized:
        model.qconfig = QCONFIG
        torch.ao.quantization.prepare(model, inplace=True)
        with torch.no_grad():
            model(_data(1))
        torch.ao.quantization.convert(model, inplace=True)
    x = _data(2)
    ir = qnn.from_torch(model, x)
    for op in ("qnn.hardtanh", "qnn.gelu", "qnn.pad", "qnn.silu"):
        assert op in ir
    out = qnn.compile(ir, target="x86-64-avx2")(x.numpy())
    out = out[0] if isinstance(out, (list, tuple)) else out
    ref, = qnn.run(ir, x)
    np.testing.assert_array_equal(out, ref)
    with torch.no_grad():
        np.testing.assert_allclose(out, model(x).numpy(), rtol=1e-5, atol=1e-5)


# torch.ao.nn.quantized.functional in forward, on tensors quantized in
# forward (torch.quantize_per_tensor): name -> form of the quint8 input.
def _qweight(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.quantize_per_tensor(torch.randn(*shape, generator=g) * 0.3, 0.01, 0, torch.qint8)


QF_FORMS = {
    "quantize_dequantize": lambda m, q: q.dequantize(),
    "qF.hardswish": lambda m, q: qF.hardswish(q, 0.04, 90),
    "qF.elu": lambda m, q: qF.elu(q, 0.03, 80, alpha=0.7),
    "qF.hardtanh": lambda m, q: qF.hardtanh(q, -1.0, 1.5),
    "qF.clamp": lambda m, q: qF.clamp(q, -0.5, 2.0),
    "qF.leaky_relu": lambda m, q: qF.leaky_relu(q, 0.1),
    "qF.leaky_relu_rescaled": lambda m, q: qF.leaky_relu(q, 0.1, scale=0.02, zero_point=120),
    "qF.hardsigmoid": lambda m, q: qF.hardsigmoid(q),
    "qF.max_pool2d": lambda m, q: qF.max_pool2d(q, 2),
    "qF.avg_pool2d": lambda m, q: qF.avg_pool2d(q, 2, stride=1, padding=1),
    "qF.adaptive_avg_pool2d": lambda m, q: qF.adaptive_avg_pool2d(q, (2, 3)),
    "qF.interpolate": lambda m, q: qF.interpolate(q, scale_factor=2),
    "qF.conv2d": lambda m, q: qF.conv2d(q, m.w, m.b, padding=1, scale=0.1, zero_point=70),
    "qF.conv2d_grouped": lambda m, q: qF.conv2d(q, m.wg, None, stride=2, groups=2, scale=0.05,
                                               zero_point=128),
    "qF.linear": lambda m, q: qF.linear(q.reshape(-1, 6), m.lw, m.lb, 0.2, 60),
    "qF.conv1d": lambda m, q: qF.conv1d(q.reshape(2, 8, 24), m.w1, m.b, stride=2, padding=1,
                                        dilation=2, scale=0.1, zero_point=70),
    "qF.conv1d_grouped": lambda m, q: qF.conv1d(q.reshape(2, 8, 24), m.wg1, None, groups=2,
                                                scale=0.05, zero_point=128),
}


class QFForm(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.w, self.wg = _qweight((5, 8, 3, 3), 1), _qweight((4, 4, 3, 3), 2)
        self.b = torch.linspace(-1, 1, 5)
        self.lw, self.lb = _qweight((5, 6), 3), torch.linspace(-0.5, 0.5, 5)
        self.w1, self.wg1 = _qweight((5, 8, 3), 4), _qweight((4, 4, 5), 5)
        self.w3 = _qweight((5, 8, 3, 3, 3), 6)

    def forward(self, x):
        return self.fn(self, torch.quantize_per_tensor(x, 0.05, 101, torch.quint8))


@pytest.mark.parametrize("case", sorted(QF_FORMS))
def test_quantized_functional_identical(case):
    model = QFForm(QF_FORMS[case]).eval()
    x = _data(3)
    ir = qnn.from_torch(model, x)
    assert "qnn.quantize" in ir
    ours, = qnn.run(ir, x)
    with torch.no_grad():
        ref = model(x)
    if ref.is_quantized:
        assert_identical(ours, ref, case, LSB.get(case, 0))
    else:
        np.testing.assert_array_equal(ours, ref.numpy())


_CONV3D = dict(padding=(1, 1, 0), stride=(1, 2, 1))


def _qf_conv3d(m, q):
    return qF.conv3d(q.reshape(2, 8, 2, 2, 6), m.w3, m.b, scale=0.1, zero_point=70, **_CONV3D)


def test_quantized_functional_conv3d_identical(monkeypatch):
    """qF.conv3d: torch's QNNPACK packs a 3-d conv weight it cannot unpack,
    so the model is traced under oneDNN, whose conv3d rounding depends on
    the host's ISA (docs/Testing.md): qnn is compared with the exact value
    of torch's integer computation, and with torch where torch is exact."""
    monkeypatch.setattr(torch.backends.quantized, "engine", "onednn")
    model = QFForm(_qf_conv3d).eval()
    x = _data(3)
    ir = qnn.from_torch(model, x)
    assert "qnn.conv3d" in ir
    ours, = qnn.run(ir, x)
    q = torch.quantize_per_tensor(x, 0.05, 101, torch.quint8).reshape(2, 8, 2, 2, 6)
    acc = F.conv3d(q.int_repr().double() - 101, model.w3.int_repr().double(), **_CONV3D)
    exact = (acc * 0.05 * 0.01 + model.b.double().reshape(1, -1, 1, 1, 1)) / 0.1 + 70
    with torch.no_grad():
        assert_exact(ours, exact.numpy(), model(x), "qF.conv3d")


def test_quantized_functional_conv3d_qnnpack_reported():
    with pytest.raises(qnn.UnsupportedModuleError, match="cannot unpack the conv3d weight.*onednn"):
        qnn.from_torch(QFForm(_qf_conv3d).eval(), _data(3))
