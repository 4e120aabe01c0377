"""torch 1.13's FX graph-mode quantization (`prepare_fx`, `prepare_qat_fx`,
`convert_fx`) imported by `qnn.from_torch`, with the eager paths'
guarantees:

- prepare_fx + calibration (in torch) -> import -> `qnn.convert`: torch's
  qparams exactly, and outputs bit-identical to `convert_fx`'s model;
- convert_fx -> import: bit-identical to running the GraphModule;
- prepare_qat_fx after a few training steps: the fake-quantized forward
  (observers off, BN frozen) and the converted model, bit-identical.

References run on the qnnpack engine, qnn's compiled objects run natively.
"""
import copy
import pathlib
import re
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.ao.quantization import get_default_qat_qconfig_mapping, get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import (convert_fx, convert_to_reference_fx, prepare_fx,
                                               prepare_qat_fx)

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402



class SmallCNN(nn.Module):
    """conv-bn-relu, pool, conv-bn-F.relu, global pool, flatten, linear."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.avg = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = self.pool(self.relu(self.bn(self.conv(x))))
        x = F.relu(self.bn2(self.conv2(x)))
        return self.fc(torch.flatten(self.avg(x), 1))


class Residual(nn.Module):
    """A residual block: `y + x` then ReLU (torch's quantized add_relu) and a
    plain torch.add."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(4, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 4, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        z = self.relu(y + x)
        return torch.add(z, y)


class CatAct(nn.Module):
    """cat of a Hardswish and a sigmoid branch, F.hardswish, and a
    quantized mul by a sigmoid (fixed-qparams observer)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 1)
        self.conv2 = nn.Conv2d(3, 4, 3, padding=1)
        self.hs = nn.Hardswish()
        self.conv3 = nn.Conv2d(8, 4, 1)

    def forward(self, x):
        a = self.hs(self.conv1(x))
        b = torch.sigmoid(self.conv2(x))
        d = F.hardswish(self.conv3(torch.cat([a, b], dim=1)))
        return d * torch.sigmoid(d)


class MLP(nn.Module):
    """Linear only. torch.relu after fc2 is not a pattern torch's convert_fx
    lowers: it runs in float between a dequantize and a quantize."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 16)
        self.fc2 = nn.Linear(16, 16)
        self.fc3 = nn.Linear(16, 3)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(x)


def _torchvision(name):
    def make():
        import torchvision
        return getattr(torchvision.models, name)(weights=None)
    return make


# torchvision's float models, FX-quantized (mobilenet_v3_small: hardswish,
# hardsigmoid and the squeeze-excitation mul).
MODELS = {"small_cnn": (SmallCNN, (2, 3, 8, 8)), "residual": (Residual, (2, 4, 6, 6)),
          "cat_hardswish_sigmoid": (CatAct, (2, 3, 6, 6)), "mlp": (MLP, (4, 10)),
          "resnet18": (_torchvision("resnet18"), (1, 3, 32, 32)),
          "mobilenet_v3_small": (_torchvision("mobilenet_v3_small"), (1, 3, 32, 32))}


def _data(shape, n, seed):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(*shape, generator=g) * 1.5 + 0.2 for _ in range(n)]


def _prepared(name, backend="qnnpack"):
    make, shape = MODELS[name]
    torch.manual_seed(0)
    model = make().eval()
    prepared = prepare_fx(model, get_default_qconfig_mapping(backend), tuple(_data(shape, 1, 1)))
    with torch.no_grad():
        for x in _data(shape, 3, 2):
            prepared(x)
    return prepared, _data(shape, 1, 3)[0]


_QTYPE = re.compile(r"!quant\.uniform<u8:f32, ([0-9.eE+-]+)(?::(\d+))?>")


def _qnn_activation_qparams(ir):
    return {(np.float32(s), int(z or 0)) for s, z in _QTYPE.findall(ir)}


def _torch_activation_qparams(converted):
    """(scale, zero point) of every quantize and quantized op output a
    convert_fx model computes: the scale/zero-point buffers its graph reads
    (lowering leaves some unused ones behind) and its quantized modules."""
    found, pairs = {}, set()
    for n in converted.graph.nodes:
        m = re.fullmatch(r"(.*)_(scale|zero_point)_(\d+)", str(n.target))
        if n.op == "get_attr" and m:
            value = getattr(converted, n.target)
            entry = found.setdefault((m[1], m[3]), [None, None])
            if m[2] == "scale":
                entry[0] = np.float32(value)
            else:
                entry[1] = int(value)
        if n.op == "call_module":
            mod = converted.get_submodule(n.target)
            if isinstance(getattr(mod, "scale", None), (float, torch.Tensor)):
                pairs.add((np.float32(float(mod.scale)), int(mod.zero_point)))
    return pairs | {tuple(v) for v in found.values() if None not in v}


def _compiled(ir, x):
    out = qnn.compile(ir, target="native")(x.numpy())
    return out[0] if isinstance(out, (list, tuple)) else out


@pytest.mark.parametrize("name", list(MODELS))
def test_prepared_fx_converts_like_convert_fx(tmp_path, monkeypatch, name):
    """prepare_fx + calibration in torch, imported: the observers carry
    their statistics, so qnn.convert reaches torch's qparams and its
    compiled output is convert_fx's model's, bit for bit."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    prepared, x = _prepared(name)
    ir = qnn.from_torch(prepared, x)
    assert "qnn.observe" in ir and "histogram = array<f32:" in ir
    converted_ir = qnn.convert(ir)
    reference = convert_fx(copy.deepcopy(prepared))
    torch_qparams = _torch_activation_qparams(reference)
    assert torch_qparams and torch_qparams <= _qnn_activation_qparams(converted_ir)
    with torch.no_grad():
        ref = reference(x).numpy()
    ours, = qnn.run(converted_ir, x)
    np.testing.assert_array_equal(ours, ref)
    np.testing.assert_array_equal(_compiled(converted_ir, x), ref)


@pytest.mark.parametrize("name", list(MODELS))
def test_converted_fx_identical(tmp_path, monkeypatch, name):
    """convert_fx's GraphModule (quantize_per_tensor with scale/zero-point
    buffers, quantized modules, torch.ops.quantized.add/add_relu/mul/
    hardswish, dequantize calls) imports as it is and runs identically."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    prepared, x = _prepared(name)
    converted = convert_fx(prepared)
    ir = qnn.from_torch(converted, x)
    assert "qnn.qconstant" in ir and "qnn.quantize" in ir and "qnn.observe" not in ir
    with torch.no_grad():
        ref = converted(x).numpy()
    np.testing.assert_array_equal(_compiled(ir, x), ref)


@pytest.mark.parametrize("name", ["small_cnn", "residual", "cat_hardswish_sigmoid", "mlp"])
def test_reference_fx_model(name):
    """convert_to_reference_fx: quantize / dequantize pairs around float ops
    and reference Conv2d/Linear modules, whose weight is the quantized
    weight dequantized (a qnn.qconstant and qnn.dequantize). The float
    convolutions sum in another order than torch's, so an output may land
    one quantization step away."""
    prepared, x = _prepared(name)
    reference = convert_to_reference_fx(prepared)
    ir = qnn.from_torch(reference, x)
    assert re.search(r"qnn.dequantize %\w+ : tensor<[0-9x]+x!quant.uniform<i8:f32", ir)
    ours, = qnn.run(ir, x)
    with torch.no_grad():
        ref = reference(x).numpy()
    step = float(_QTYPE.findall(ir)[-1][0])  # the last quantize's scale
    assert np.abs(ours - ref).max() <= step * 1.0001


SMALL = ["small_cnn", "residual", "cat_hardswish_sigmoid", "mlp"]


@pytest.mark.parametrize("backend", ["fbgemm", "x86"])
@pytest.mark.parametrize("name", SMALL)
def test_prepared_fx_other_qconfig_mappings(name, backend):
    """The fbgemm and x86 mappings: per-channel weights, reduce_range
    activations; both paths still give convert_fx's outputs."""
    prepared, x = _prepared(name, backend)
    converted_ir = qnn.convert(qnn.from_torch(prepared, x))
    assert "f32:0, {" in converted_ir  # a per-channel (axis 0) weight
    reference = convert_fx(copy.deepcopy(prepared))
    with torch.no_grad():
        ref = reference(x).numpy()
    ours, = qnn.run(converted_ir, x)
    np.testing.assert_array_equal(ours, ref)
    ours, = qnn.run(qnn.from_torch(reference, x), x)
    np.testing.assert_array_equal(ours, ref)


def test_prepared_fx_calibrated_by_qnn():
    """An uncalibrated prepare_fx model imported and calibrated by
    qnn.calibrate on the batches torch calibrates on: the same statistics,
    so qnn.convert gives convert_fx's model (the MLP shares no observer
    between nodes; see UserGuide for models that do)."""
    make, shape = MODELS["mlp"]
    torch.manual_seed(0)
    prepared = prepare_fx(make().eval(), get_default_qconfig_mapping("qnnpack"),
                          tuple(_data(shape, 1, 1)))
    batches, x = _data(shape, 3, 2), _data(shape, 1, 3)[0]
    ir = qnn.from_torch(prepared, x)
    assert "min_val" not in ir
    calibrated = qnn.calibrate(ir, [b.numpy() for b in batches])
    with torch.no_grad():
        for b in batches:
            prepared(b)
        ref = convert_fx(copy.deepcopy(prepared))(x).numpy()
    ours, = qnn.run(qnn.convert(calibrated), x)
    np.testing.assert_array_equal(ours, ref)


def test_float_edge_follows_convert_fx():
    """torch.relu after a Linear is not lowered by convert_fx: dequantize,
    float relu, quantize with the relu's own observer. The import puts a
    dequant_stub before it, so qnn's convert does not run a quantized relu
    with the Linear's qparams."""
    prepared, x = _prepared("mlp")
    ir = qnn.from_torch(prepared, x)
    assert re.search(r"qnn.dequant_stub %\w+ \{name = \"activation_post_process_2_dequantize\"", ir)
    converted_ir = qnn.convert(ir)
    assert re.search(r"qnn.relu %\w+ \{name = \"relu_1\"\} : tensor<4x16xf32>", converted_ir)


def test_add_relu_and_cat_forms():
    """add + ReLU is one qnn.add_relu with the add's qconfig (torch's
    quantized.add_relu); cat keeps its first input's qparams."""
    prepared, x = _prepared("residual")
    ir = qnn.from_torch(prepared, x)
    assert re.search(r"qnn.add_relu %\w+, %\w+ \{name = \"add\", qconfig = ", ir)
    assert "qnn.relu" not in ir
    q = r"tensor<2x4x6x6x!quant.uniform<u8:f32, [^>]*>>"
    converted = qnn.convert(ir)
    assert re.search(rf"qnn.add_relu %\w+, %\w+ {{[^}}]*}} : \({q}, {q}\) -> {q}", converted)
    assert re.search(rf"qnn.add %\w+, %\w+ {{[^}}]*}} : \({q}, {q}\) -> {q}", converted)
    prepared, x = _prepared("cat_hardswish_sigmoid")
    ir = qnn.from_torch(prepared, x)
    assert re.search(r"qnn.cat [^\n]*\{name = \"cat\"[^}\n]*qnn.functional", ir)
    # The sigmoid feeding mul has a fixed-qparams observer (scale 1/256).
    assert "observer = #qnn.observer<fixed_qparams" in ir and "scale = array<f32: 0.00390625>" in ir
    converted = qnn.convert(ir)
    assert re.search(rf"qnn.mul %\w+, %\w+ {{[^}}]*}} : \({q}, {q}\) -> {q}", converted)
    assert re.search(rf"qnn.cat %\w+, %\w+ {{[^}}]*}} : \({q}, {q}\) -> ", converted)


def _qat_model(name="small_cnn"):
    make, shape = MODELS[name]
    torch.manual_seed(0)
    model = make().train()
    prepared = prepare_qat_fx(model, get_default_qat_qconfig_mapping("qnnpack"),
                              tuple(_data(shape, 1, 1)))
    opt = torch.optim.SGD(prepared.parameters(), lr=0.05, momentum=0.9)
    for x in _data(shape, 5, 4):
        opt.zero_grad()
        prepared(x).square().mean().backward()
        opt.step()
    return prepared, _data(shape, 2, 5)


def test_prepared_qat_fx_forward_and_convert(tmp_path, monkeypatch):
    """prepare_qat_fx, a few SGD steps, then observers off and BN frozen:
    qnn.run of the import is torch's fake-quantized forward, and qnn.convert
    is convert_fx's model, bit for bit."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    prepared, xs = _qat_model()
    prepared.apply(torch.ao.quantization.disable_observer)
    prepared.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    prepared.eval()
    ir = qnn.from_torch(prepared, xs[0])
    assert "qnn.conv_bn2d" in ir and "observer_enabled = false" in ir
    assert ir.count("= qnn.observe ") == 0 and ir.count("= qnn.fake_quant ") == 10
    converted_ir = qnn.convert(ir)
    reference = convert_fx(copy.deepcopy(prepared))
    assert _torch_activation_qparams(reference) <= _qnn_activation_qparams(converted_ir)
    for x in xs:
        ours, = qnn.run(ir, x)
        with torch.no_grad():
            np.testing.assert_array_equal(ours, prepared(x).numpy())
            ref = reference(x).numpy()
        np.testing.assert_array_equal(_compiled(converted_ir, x), ref)


@pytest.mark.parametrize("name", SMALL[1:])
def test_prepared_qat_fx_other_models(name):
    """prepare_qat_fx of the residual block (add_relu), cat with a
    FixedQParamsFakeQuantize'd sigmoid, and the MLP: forward and convert."""
    prepared, xs = _qat_model(name)
    prepared.apply(torch.ao.quantization.disable_observer)
    prepared.eval()
    ir = qnn.from_torch(prepared, xs[0])
    converted_ir = qnn.convert(ir)
    reference = convert_fx(copy.deepcopy(prepared))
    for x in xs:
        ours, = qnn.run(ir, x)
        fq, = qnn.run(converted_ir, x)
        with torch.no_grad():
            np.testing.assert_array_equal(ours, prepared(x).numpy())
            np.testing.assert_array_equal(fq, reference(x).numpy())


def test_prepared_qat_fx_live_observers_convert():
    """With the fake-quants' observers still on, convert_fx observes each
    (BN-folded) weight once more before computing its qparams; so does
    qnn.convert."""
    prepared, xs = _qat_model()
    prepared.eval()
    ir = qnn.from_torch(prepared, xs[0])
    assert "observer_enabled = false" not in ir
    converted_ir = qnn.convert(ir)
    reference = convert_fx(copy.deepcopy(prepared))
    for x in xs:
        ours, = qnn.run(converted_ir, x)
        with torch.no_grad():
            np.testing.assert_array_equal(ours, reference(x).numpy())


class MulRelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)

    def forward(self, x):
        y = self.conv(x)
        return F.relu(y * y)


def test_unsupported_fx_construct_is_reported():
    """A mul followed by relu is lowered by convert_fx to
    torch.ops.quantized.mul_relu, which qnn has no op for: the prepared and
    the converted model both raise UnsupportedModuleError naming it."""
    torch.manual_seed(0)
    x = torch.randn(2, 3, 5, 5)
    prepared = prepare_fx(MulRelu().eval(), get_default_qconfig_mapping("qnnpack"), (x,))
    with torch.no_grad():
        prepared(x)
    with pytest.raises(qnn.UnsupportedModuleError, match="mul_relu") as err:
        qnn.from_torch(prepared, x)
    assert err.value.what == "operator.mul" and err.value.path == ""
    converted = convert_fx(prepared)
    with pytest.raises(qnn.UnsupportedModuleError, match="torch.ops.quantized.mul_relu") as err:
        qnn.from_torch(converted, x)
    assert err.value.what == "torch.ops.quantized.mul_relu"
    # A GraphModule that does not run on the example inputs: reported, not
    # a raw error from inside torch.fx.
    with pytest.raises(qnn.UnsupportedModuleError, match="does not run on the example inputs"):
        qnn.from_torch(converted, torch.randn(2, 7, 5, 5))


class Lowered(nn.Module):
    """conv, then one construct convert_fx lowers to a quantized kernel:
    softmax (imported), or one qnn has no op for."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        self.conv = nn.Conv2d(3, 4, 1)
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        y = self.conv(x)
        if self.kind == "softmax":
            return self.softmax(y)
        if self.kind == "leaky_relu":
            return F.leaky_relu(y, 0.1)
        return torch.matmul(y, y)


@pytest.mark.parametrize("kind,what,path", [("leaky_relu", "torch.nn.functional.leaky_relu", ""),
                                            ("matmul", "torch.matmul", "")])
def test_unlowerable_fx_constructs_are_reported(kind, what, path):
    x = torch.randn(2, 3, 5, 5)
    prepared = prepare_fx(Lowered(kind).eval(), get_default_qconfig_mapping("qnnpack"), (x,))
    with torch.no_grad():
        prepared(x)
    with pytest.raises(qnn.UnsupportedModuleError, match="qnn cannot import") as err:
        qnn.from_torch(prepared, x)
    assert (err.value.what, err.value.path) == (what, path)
    assert err.value.source and err.value.source.startswith(__file__ + ":")


@pytest.mark.parametrize("dim", [1, 3])
def test_fx_softmax_identical(dim):
    """nn.Softmax after a conv, which convert_fx lowers to torch's quantized
    softmax with the fixed qparams (1/256, 0): the prepared model through
    qnn's convert and the converted model both give convert_fx's output,
    bit for bit (QNNPACK's table under the qnnpack engine; numerics.md)."""
    torch.backends.quantized.engine = "qnnpack"
    x = torch.randn(2, 3, 5, 5, generator=torch.Generator().manual_seed(dim)) * 3
    model = Lowered("softmax").eval()
    model.softmax.dim = dim
    prepared = prepare_fx(model, get_default_qconfig_mapping("qnnpack"), (x,))
    with torch.no_grad():
        prepared(x)
    reference = convert_fx(copy.deepcopy(prepared))
    with torch.no_grad():
        ref = reference(x).numpy()
    converted_ir = qnn.convert(qnn.from_torch(prepared, x))
    assert "qnn.softmax" in converted_ir
    ours, = qnn.run(converted_ir, x)
    np.testing.assert_array_equal(ours, ref)
    imported, = qnn.run(qnn.from_torch(reference, x), x)
    np.testing.assert_array_equal(imported, ref)


class ShapeCode(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        return y.view(y.size(0), -1) * 2.0


def test_float_graph_module_specializes_shapes():
    """Any GraphModule (here torch.fx.symbolic_trace's) imports from its
    graph; the size nodes fx recorded are specialized on the example."""
    torch.manual_seed(0)
    gm = torch.fx.symbolic_trace(ShapeCode().eval())
    assert any(n.target == "size" for n in gm.graph.nodes)
    x = torch.randn(2, 3, 6, 6)
    ir = qnn.from_torch(gm, x)
    assert "qnn.reshape" in ir and "size" not in ir
    ours, = qnn.run(ir, x)
    with torch.no_grad():
        np.testing.assert_allclose(ours, gm(x).numpy(), rtol=1e-5, atol=1e-6)
