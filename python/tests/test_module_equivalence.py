"""Per-module equivalence with torch, for every module kind the dialect
covers, on both import paths of `qnn.from_torch`:

1. the float model (QuantStub -> module -> output) imported as qnn IR:
   - it runs to torch's float output;
   - qnn's own PTQ (prepare -> calibrate -> convert) reaches torch's PTQ
     (prepare -> calibrate -> convert) of the same model and data;
2. the model torch has prepared, calibrated and converted, imported with its
   int weights and qparams: qnn reproduces torch's quantized output.

Quantized outputs are compared as (int values, scale, zero point).
"Identical" is the default; the bounds below are those of docs/numerics.md.
Path 1's PTQ adds one reason for a difference: observers downstream of a
float op whose summation order differs from torch's (conv, linear, norms)
can see float values a few ulps apart (docs/numerics.md, "The PTQ flow
against torch"), so there the qparams agree to 1e-5 relative and the
outputs to one quantization step.

Dynamic modules (linear, LSTM and the cells) go through
`qnn.quantize_dynamic` on path 1 and `torch.ao.quantization.quantize_dynamic`
on path 2; their outputs are float.
"""
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.intrinsic as nni
from torch.ao.quantization import DeQuantStub, QuantStub

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import torch_eager_ptq  # noqa: E402
from torch_forms import assert_exact  # noqa: E402

QCONFIG = torch.ao.quantization.get_default_qconfig("qnnpack")


class Wrap(nn.Module):
    """QuantStub(s) -> body; the output stays quantized in the converted
    model, so the comparison sees its ints and qparams."""

    def __init__(self, body, n_in=1):
        super().__init__()
        self.quant = QuantStub()
        self.quant2 = QuantStub() if n_in == 2 else None
        self.body = body

    def forward(self, x, y=None):
        if self.quant2 is None:
            return self.body(self.quant(x))
        return self.body(self.quant(x), self.quant2(y))


class Functional(nn.Module):
    """A FloatFunctional method as a module."""

    def __init__(self, method, *extra):
        super().__init__()
        self.f = torch.ao.nn.quantized.FloatFunctional()
        self.method, self.extra = method, extra

    def forward(self, x, y=None):
        fn = getattr(self.f, self.method)
        if self.method == "cat":
            return fn([x, y], dim=1)
        return fn(x, *self.extra) if y is None else fn(x, y)


def _bn(n, dims):
    m = {1: nn.BatchNorm1d, 2: nn.BatchNorm2d, 3: nn.BatchNorm3d}[dims](n)
    with torch.no_grad():
        m.running_mean.normal_(0, 0.3)
        m.running_var.uniform_(0.5, 1.5)
        m.weight.uniform_(0.5, 1.5)
        m.bias.normal_(0, 0.3)
    return m


def _prelu():
    m = nn.PReLU(4)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([0.25, 1.5, 2.6, -0.3]))
    return m


def _affine(m):
    with torch.no_grad():
        m.weight.uniform_(0.5, 1.5)
        m.bias.normal_(0, 0.3)
    return m


S2, S1, S3 = (2, 4, 6, 6), (2, 4, 10), (1, 2, 4, 5, 5)
# name: (body factory, input shapes, path-2 bound in LSB, path-1 PTQ bound)
# A path-1 bound of "float" means an observer downstream of a float op with
# a different summation order (see the module docstring).
STATIC = {
    "conv1d": (lambda: nn.Conv1d(4, 5, 3, padding=1, stride=2), [S1], 0, "float"),
    "conv2d": (lambda: nn.Conv2d(4, 6, 3, padding=1), [S2], 0, "float"),
    "conv2d_grouped": (lambda: nn.Conv2d(4, 6, 3, groups=2, dilation=2), [S2], 0, "float"),
    "conv2d_depthwise": (lambda: nn.Conv2d(4, 4, 3, groups=4, padding=1), [S2], 0, "float"),
    # QNNPACK cannot unpack conv3d weights, so torch converts this one with
    # onednn, whose result depends on the host's ISA (1.4 LSB from exact
    # arithmetic on AVX2-only hosts): it is checked against exact arithmetic
    # (EXACT_REFERENCE below), and against torch only where torch is exact.
    "conv3d": (lambda: nn.Conv3d(2, 3, 2), [S3], 0, "float"),
    "conv_transpose1d": (lambda: nn.ConvTranspose1d(4, 3, 3, stride=2), [S1], 0, "float"),
    "conv_transpose2d": (lambda: nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1), [S2], 0, "float"),
    "linear": (lambda: nn.Linear(6, 5), [(3, 6)], 0, "float"),
    "conv_relu2d": (lambda: nni.ConvReLU2d(nn.Conv2d(4, 6, 3), nn.ReLU()), [S2], 0, "float"),
    "conv_relu1d": (lambda: nni.ConvReLU1d(nn.Conv1d(4, 6, 3), nn.ReLU()), [S1], 0, "float"),
    "linear_relu": (lambda: nni.LinearReLU(nn.Linear(6, 5), nn.ReLU()), [(3, 6)], 0, "float"),
    "batch_norm2d": (lambda: _bn(4, 2), [S2], 0, "float"),
    "batch_norm3d": (lambda: _bn(2, 3), [S3], 0, "float"),
    "bn_relu2d": (lambda: nni.BNReLU2d(_bn(4, 2), nn.ReLU()), [S2], 0, "float"),
    "layer_norm": (lambda: _affine(nn.LayerNorm([6, 6])), [S2], 1, "float"),
    "group_norm": (lambda: _affine(nn.GroupNorm(2, 4)), [S2], 1, "float"),
    "instance_norm1d": (lambda: _affine(nn.InstanceNorm1d(4, affine=True)), [S1], 1, "float"),
    "instance_norm2d": (lambda: _affine(nn.InstanceNorm2d(4, affine=True)), [S2], 1, "float"),
    "instance_norm3d": (lambda: _affine(nn.InstanceNorm3d(2, affine=True)), [S3], 1, "float"),
    "relu": (nn.ReLU, [S2], 0, 0),
    "relu6": (nn.ReLU6, [S2], 0, 0),
    "hardswish": (nn.Hardswish, [S2], 0, 0),
    "hardsigmoid": (nn.Hardsigmoid, [S2], 0, 0),
    "sigmoid": (nn.Sigmoid, [S2], 0, 0),
    "tanh": (nn.Tanh, [S2], 0, 0),
    "elu": (lambda: nn.ELU(0.7), [S2], 0, 0),
    "leaky_relu": (lambda: nn.LeakyReLU(0.05), [S2], 0, 0),
    "dropout": (lambda: nn.Dropout(0.3), [S2], 0, 0),
    # torch's default eager flow leaves Softmax float (it has no observer and
    # no default mapping), so there is no torch PTQ to compare qnn's with;
    # the converted path uses nnq.Softmax through a custom mapping.
    "softmax": (lambda: nn.Softmax(dim=1), [S2], 1, None),
    "prelu": (_prelu, [S2], 0, 0),
    "max_pool2d": (lambda: nn.MaxPool2d(3, stride=2, padding=1), [S2], 0, 0),
    "avg_pool2d": (lambda: nn.AvgPool2d(2), [S2], 0, 0),
    "adaptive_avg_pool2d": (lambda: nn.AdaptiveAvgPool2d((2, 3)), [S2], 0, 0),
    "upsample_nearest": (lambda: nn.Upsample(scale_factor=2), [S2], 0, 0),
    "upsample_bilinear": (lambda: nn.Upsample(size=(9, 7), mode="bilinear", align_corners=False),
                          [S2], 1, 1),
    "flatten": (lambda: nn.Flatten(), [S2], 0, 0),
    "add": (lambda: Functional("add"), [S2, S2], 0, 0),
    "add_relu": (lambda: Functional("add_relu"), [S2, S2], 0, 0),
    "mul": (lambda: Functional("mul"), [S2, S2], 0, 0),
    "cat": (lambda: Functional("cat"), [S2, S2], 0, 0),
    "add_scalar": (lambda: Functional("add_scalar", 0.75), [S2], 0, 0),
    "mul_scalar": (lambda: Functional("mul_scalar", -1.5), [S2], 0, 0),
}


def _inputs(shapes, seed, n=1):
    g = torch.Generator().manual_seed(seed)
    return [tuple(torch.randn(*s, generator=g) * 1.5 for s in shapes) for _ in range(n)]


def _as_q(out):
    """(ints, scale, zero_point) of a torch quantized tensor or a qnn.run result."""
    if isinstance(out, tuple):
        return out[0].astype(np.int64), float(out[1]), int(out[2])
    return out.int_repr().numpy().astype(np.int64), float(out.q_scale()), int(out.q_zero_point())


def _assert_q_close(ours, ref, lsb, what):
    (a, sa, za), (b, sb, zb) = _as_q(ours), _as_q(ref)
    if lsb == "float":
        np.testing.assert_allclose(sa, sb, rtol=1e-5, err_msg=f"{what}: scale")
        assert abs(za - zb) <= 1, (what, za, zb)
        # Compare dequantized values: one step of either scale.
        diff = np.abs((a - za) * sa - (b - zb) * sb).max()
        assert diff <= 1.0001 * max(sa, sb), (what, diff, sa)
        return
    assert (sa, za) == (sb, zb), (what, (sa, za), (sb, zb))
    assert a.shape == b.shape
    assert np.abs(a - b).max(initial=0) <= lsb, (what, np.abs(a - b).max())


def _prelu_from_float_observing_weight(cls, mod):
    """nnq.PReLU.from_float as later torch versions have it: torch 1.13 never
    runs the weight observer, so every slope is quantized with scale 1.0
    (slopes below 0.5 become 0). qnn observes the weight (docs/numerics.md)."""
    scale, zero_point = mod.activation_post_process.calculate_qparams()
    q = cls(float(scale), int(zero_point), mod.num_parameters)
    observer = mod.qconfig.weight()
    observer(mod.weight.float())
    wt_scale, wt_zp = observer.calculate_qparams()
    q.set_weight(torch.quantize_per_tensor(mod.weight.float(), float(wt_scale),
                                           int(wt_zp), torch.quint8))
    return q


# torch's default eager mapping leaves Softmax float; nnq.Softmax exists.
MAPPING = {**torch.ao.quantization.get_default_static_quant_module_mappings(),
           nn.Softmax: torch.ao.nn.quantized.Softmax}


def _torch_ptq(body_factory, shapes, calib, fixed_prelu=False, engine="qnnpack"):
    torch.backends.quantized.engine = engine
    torch.manual_seed(0)
    model = Wrap(body_factory(), len(shapes)).eval()
    float_model = Wrap(body_factory(), len(shapes)).eval()
    float_model.load_state_dict(model.state_dict())
    allow = torch.ao.quantization.quantization_mappings.get_default_qconfig_propagation_list() | {nn.Softmax}
    original = torch.ao.nn.quantized.PReLU.from_float
    if fixed_prelu:
        torch.ao.nn.quantized.PReLU.from_float = classmethod(_prelu_from_float_observing_weight)
    try:
        torch_eager_ptq(model, QCONFIG, [tuple(c) for c in calib], allow_list=allow, mapping=MAPPING)
    finally:
        torch.ao.nn.quantized.PReLU.from_float = original
    return float_model, model


def _exact_conv(converted, x):
    """The float64 value, in output quantization steps, of the integer
    computation torch's quantized conv `converted.body` performs on `x`
    (before rounding and clamping), with its qparams."""
    conv = converted.body
    xq = converted.quant(x)
    xi = xq.int_repr().double() - xq.q_zero_point()
    w = conv.weight()
    if w.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric):
        shape = (-1,) + (1,) * (w.dim() - 1)
        wi = w.int_repr().double() - w.q_per_channel_zero_points().double().reshape(shape)
        ws = w.q_per_channel_scales().double()
    else:
        wi = w.int_repr().double() - w.q_zero_point()
        ws = torch.tensor([w.q_scale()], dtype=torch.float64)
    f = {3: torch.nn.functional.conv1d, 4: torch.nn.functional.conv2d,
         5: torch.nn.functional.conv3d}[x.dim()]
    acc = f(xi, wi, None, conv.stride, conv.padding, conv.dilation, conv.groups)
    view = (1, -1) + (1,) * (x.dim() - 2)
    y = acc * xq.q_scale() * ws.reshape(view)
    if conv.bias() is not None:
        y = y + conv.bias().double().reshape(view)
    return (y / conv.scale + conv.zero_point).numpy()


# Modules whose torch kernel depends on the host's ISA.
EXACT_REFERENCE = {"conv3d": _exact_conv}


@pytest.mark.parametrize("name", sorted(STATIC))
def test_static_module(name):
    factory, shapes, lsb_converted, lsb_ptq = STATIC[name]
    calib = _inputs(shapes, 1, 3)
    x, = _inputs(shapes, 2)
    engine = "onednn" if name == "conv3d" else "qnnpack"
    float_model, converted = _torch_ptq(factory, shapes, calib, engine=engine)
    reference_ptq = converted
    if name == "prelu":
        _, reference_ptq = _torch_ptq(factory, shapes, calib, fixed_prelu=True)

    # Path 1: the float model.
    ir = qnn.from_torch(float_model, x)
    out, = qnn.run(ir, *x)
    with torch.no_grad():
        np.testing.assert_allclose(out, float_model(*x).numpy(), rtol=1e-5, atol=1e-5)
    float_model.qconfig = QCONFIG
    if lsb_ptq is None:
        return _check_converted(name, converted, x, lsb_converted)
    qir = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(float_model, x)), calib))
    ours, = qnn.run(qir, *x)
    with torch.no_grad():
        ref = reference_ptq(*x)
        if name in EXACT_REFERENCE:
            # torch's PTQ (its weights and qparams) in exact arithmetic.
            exact = EXACT_REFERENCE[name](reference_ptq, *x)
            ref = (np.clip(np.round(exact), 0, 255).astype(np.int64), ref.q_scale(),
                   ref.q_zero_point())
        _assert_q_close(ours, ref, lsb_ptq, f"{name}: qnn PTQ vs torch PTQ")

    _check_converted(name, converted, x, lsb_converted)


def _check_converted(name, converted, x, lsb):
    """Path 2: the model torch converted, imported."""
    ours, = qnn.run(qnn.from_torch(converted, x), *x)
    with torch.no_grad():
        ref = converted(*x)
        if name in EXACT_REFERENCE:
            return assert_exact(ours, EXACT_REFERENCE[name](converted, *x), ref,
                                 f"{name}: imported torch-converted model")
    _assert_q_close(ours, ref, lsb, f"{name}: imported torch-converted model")


class Cell(nn.Module):
    """A GRU/RNN cell applied to (x, h)."""

    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    def forward(self, x, h):
        return self.cell(x, h)


class LSTMCell(Cell):
    def forward(self, x, h, c):
        r = self.cell(x, (h, c))
        return r[0], r[1]


class Seq(nn.Module):
    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm

    def forward(self, x, h, c):
        r = self.lstm(x, (h, c))
        return r[0], r[1][0], r[1][1]


DYNAMIC = {
    "linear": (lambda: nn.Sequential(nn.Linear(6, 5)), [(3, 6)], nn.Linear),
    "lstm": (lambda: Seq(nn.LSTM(4, 5, num_layers=2)), [(3, 2, 4), (2, 2, 5), (2, 2, 5)], nn.LSTM),
    "lstm_cell": (lambda: LSTMCell(nn.LSTMCell(4, 5)), [(2, 4), (2, 5), (2, 5)], nn.LSTMCell),
    "gru_cell": (lambda: Cell(nn.GRUCell(4, 5)), [(2, 4), (2, 5)], nn.GRUCell),
    "rnn_cell": (lambda: Cell(nn.RNNCell(4, 5, nonlinearity="relu")), [(2, 4), (2, 5)], nn.RNNCell),
}


@pytest.mark.parametrize("name", sorted(DYNAMIC))
def test_dynamic_module(name):
    torch.backends.quantized.engine = "qnnpack"
    factory, shapes, kind = DYNAMIC[name]
    torch.manual_seed(0)
    model = factory().eval()
    x, = _inputs(shapes, 2)
    with torch.no_grad():
        ref_float = model(*x)
        converted = torch.ao.quantization.quantize_dynamic(model, {kind}, dtype=torch.qint8)
        ref = converted(*x)
    ref_float = ref_float if isinstance(ref_float, tuple) else (ref_float,)
    ref = ref if isinstance(ref, tuple) else (ref,)
    ir = qnn.from_torch(model, x)
    # Dynamic linear is identical; the recurrent gates' sigmoid/tanh are
    # polynomial approximations, torch's its own (docs/numerics.md: within
    # 1e-5 relative).
    tol = dict(rtol=0, atol=0) if name == "linear" else dict(rtol=1e-5, atol=1e-5)
    for a, b in zip(qnn.run(ir, *x), ref_float):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-5, atol=1e-5)
    for path, text in [("qnn.quantize_dynamic", qnn.quantize_dynamic(ir)),
                       ("imported quantize_dynamic model", qnn.from_torch(converted, x))]:
        assert "qnn.qconstant" in text, path
        for a, b in zip(qnn.run(text, *x), ref):
            np.testing.assert_allclose(a, b.numpy(), **tol, err_msg=path)


def test_embeddings_weight_only():
    torch.backends.quantized.engine = "qnnpack"
    """Embedding/EmbeddingBag with torch's float_qparams weight-only qconfig:
    the converted tables are imported in their storage and looked up as
    torch's kernels do (test_quantized_embeddings.py has the rest)."""
    class Bags(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(10, 4, padding_idx=0)
            self.bag = nn.EmbeddingBag(10, 4, mode="sum")

        def forward(self, idx, flat, offsets):
            return self.emb(idx), self.bag(flat, offsets)

    torch.manual_seed(0)
    m = Bags().eval()
    idx = torch.tensor([[1, 0, 9], [3, 3, 2]])
    flat, offsets = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 3, 3])
    with torch.no_grad():
        for a, b in zip(qnn.run(qnn.from_torch(m, (idx, flat, offsets)), idx, flat, offsets),
                        m(idx, flat, offsets)):
            np.testing.assert_allclose(a, b.numpy(), rtol=1e-6, atol=1e-6)
        q = Bags().eval()
        q.load_state_dict(m.state_dict())
        qc = torch.ao.quantization.float_qparams_weight_only_qconfig
        q.emb.qconfig = q.bag.qconfig = qc
        torch.ao.quantization.prepare(q, inplace=True)
        torch.ao.quantization.convert(q, inplace=True)
        assert "Quantized" in type(q.emb).__name__ or "quantized" in type(q.emb).__module__
        ours = qnn.run(qnn.from_torch(q, (idx, flat, offsets)), idx, flat, offsets)
        ref = q(idx, flat, offsets)
    np.testing.assert_array_equal(ours[0], ref[0].numpy())
    np.testing.assert_array_equal(ours[1], ref[1].numpy())


def test_multihead_attention_float_and_quantizable():
    torch.manual_seed(0)

    class Attn(nn.Module):
        def __init__(self):
            super().__init__()
            self.attn = nn.MultiheadAttention(8, 2)

        def forward(self, q, k, v):
            r = self.attn(q, k, v)
            return r[0], r[1]

    m = Attn().eval()
    q, k = torch.randn(4, 2, 8), torch.randn(5, 2, 8)
    with torch.no_grad():
        ref = m(q, k, k)
    for a, b in zip(qnn.run(qnn.from_torch(m, (q, k, k)), q, k, k), ref):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-5, atol=1e-5)

    class QAttn(Attn):
        def __init__(self):
            super().__init__()
            self.attn = torch.ao.nn.quantizable.MultiheadAttention(8, 2)

    # The quantizable module (float, not prepared) is traced through its
    # forward (test_quantized_mha.py covers its prepared/converted forms).
    qm = QAttn().eval()
    with torch.no_grad():
        ref = qm(q, k, k)
    ir = qnn.from_torch(qm, (q, k, k))
    assert "qnn.multihead_attention" not in ir
    for a, b in zip(qnn.run(ir, q, k, k), ref):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-5, atol=1e-5)
