"""qnn.compare / qnn-run --compare: per-layer SQNR of a quantized model
against its float model, as torch.ao.ns computes it.

The numbers are checked against numpy on per-layer outputs that do not come
from the tool: forward hooks on the torch float model (the end of each fused
group: conv1's group ends at relu1) and on torch's own converted model,
imported with qnn.from_torch (qnn's quantized kernels are bit-identical to
torch's, so its dequantized per-layer outputs are torch's)."""
import math

import numpy as np
import pytest
import torch
import torch.nn as nn

import qnn
from qnn.tools import ToolError



class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8 * 4 * 4, 10)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.relu1(self.bn1(self.conv1(x)))
        x = self.pool(self.relu2(self.conv2(x)))
        return self.dequant(self.fc(self.flatten(x)))


FUSED = {"conv1": "relu1", "conv2": "relu2", "pool": "pool",
         "flatten": "flatten", "fc": "fc"}


def make_net():
    torch.manual_seed(0)
    net = Net()
    with torch.no_grad():
        net.bn1.running_mean.normal_(0, 0.2)
        net.bn1.running_var.uniform_(0.5, 1.5)
    net.eval()
    net.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    return net


def data(n=4):
    g = torch.Generator().manual_seed(1)
    return [torch.randn(1, 3, 8, 8, generator=g) for _ in range(n)], \
        torch.randn(1, 3, 8, 8, generator=g)


def hooked(model, x):
    """Each module's output (dequantized) on x, by module path."""
    outs = {}
    hooks = [m.register_forward_hook(
        lambda mod, inp, out, name=name: outs.__setitem__(
            name, (out.dequantize() if out.is_quantized else out).detach().numpy()))
        for name, m in model.named_modules() if name]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return outs


def sqnr(x, y):
    """torch.ao.ns.fx.utils.compute_sqnr, in numpy."""
    x, y = x.astype(np.float64), y.astype(np.float64)
    return 20 * math.log10(np.linalg.norm(x) / np.linalg.norm(x - y))


def torch_converted(net, calib):
    tm = make_net()
    tm.load_state_dict(net.state_dict())
    torch.ao.quantization.fuse_modules(
        tm, [["conv1", "bn1", "relu1"], ["conv2", "relu2"]], inplace=True)
    torch.ao.quantization.prepare(tm, inplace=True)
    with torch.no_grad():
        for c in calib:
            tm(c)
    return torch.ao.quantization.convert(tm)


def test_sqnr_matches_numpy_on_torch_outputs():
    net = make_net()
    calib, x = data()
    tq = torch_converted(net, calib)
    float_ir = qnn.from_torch(net, x)
    quant_ir = qnn.from_torch(tq, x)
    report = qnn.compare(float_ir, quant_ir, x)

    assert [l.label for l in report] == list(FUSED)
    f_out, q_out = hooked(net, x), hooked(tq, x)
    expected = {}
    for layer in report:
        assert layer.float_output == FUSED[layer.name]
        fv, qv = f_out[layer.float_output], q_out[layer.name]
        assert layer.shape == fv.shape == qv.shape
        # The tool's per-layer values are torch's.
        np.testing.assert_allclose(layer.float_value, fv, rtol=1e-4, atol=1e-5)
        np.testing.assert_array_equal(layer.quantized_value, qv)
        expected[layer.name] = sqnr(fv, qv)
        assert layer.sqnr_db == pytest.approx(expected[layer.name], abs=0.01)
        assert layer.max_abs_error == pytest.approx(
            np.abs(fv.astype(np.float64) - qv).max(), rel=1e-3, abs=1e-5)
        # The quantized op's output qparams are the converted module's.
        mod = dict(tq.named_modules())[layer.name]
        if hasattr(mod, "scale"):
            assert layer.scale == pytest.approx(float(mod.scale), rel=1e-6)
            assert layer.zero_point == int(mod.zero_point)
        assert layer.dtype == "quint8"
    worst = min(expected, key=expected.get)
    assert report.worst.name == worst
    assert f"worst layer: {worst} " in report.table
    assert report.unmatched_float == [] and report.unmatched_quantized == []


def test_qnn_flow_report_and_plot(tmp_path):
    net = make_net()
    calib, x = data()
    float_ir = qnn.from_torch(net, x)
    quant_ir = qnn.convert(qnn.calibrate(qnn.prepare(float_ir), calib))
    report = qnn.compare(float_ir, quant_ir, x, plot=tmp_path / "sqnr.png")

    assert [l.label for l in report] == list(FUSED)
    assert [l.op for l in report] == ["qnn.conv2d", "qnn.conv2d",
                                      "qnn.max_pool2d", "qnn.flatten",
                                      "qnn.linear"]
    f_out = hooked(net, x)
    for layer in report:
        assert layer.float_output == FUSED[layer.name]
        np.testing.assert_allclose(layer.float_value, f_out[layer.float_output],
                                   rtol=1e-4, atol=1e-5)
        # SQNR and max error are the formula over the reported outputs.
        assert layer.sqnr_db == pytest.approx(
            sqnr(layer.float_value, layer.quantized_value), abs=1e-6)
        assert layer.max_abs_error == pytest.approx(
            np.abs(layer.float_value.astype(np.float64)
                   - layer.quantized_value).max(), rel=1e-6)
        # Dequantized values lie on the reported grid.
        q = layer.quantized_value / layer.scale + layer.zero_point
        np.testing.assert_allclose(q, np.round(q), atol=1e-3)
        assert 0 < layer.sqnr_db < 100
    # The last layer's dequantized output is what the quantized model returns.
    (out,) = qnn.run(quant_ir, x)
    np.testing.assert_array_equal(report["fc"].quantized_value, out)
    worst = min(report, key=lambda l: l.sqnr_db)
    assert report.worst is worst
    assert f"worst layer: {worst.label} ({worst.op}): SQNR {worst.sqnr_db:.2f} dB" \
        in report.table
    assert (tmp_path / "sqnr.png").stat().st_size > 1000
    d = report.as_dict()
    assert d["worst"] == worst.label and len(d["layers"]) == 5


def test_a_badly_quantized_layer_stands_out():
    """conv2 with a 2-bit activation observer (quant range 0..3): the report
    shows the accuracy lost at conv2 (about 26 dB -> 10 dB)."""
    net = make_net()
    net.conv2.qconfig = torch.ao.quantization.QConfig(
        activation=torch.ao.quantization.MinMaxObserver.with_args(
            quant_min=0, quant_max=3),
        weight=torch.ao.quantization.default_weight_observer)
    calib, x = data()
    float_ir = qnn.from_torch(net, x)
    quant_ir = qnn.convert(qnn.calibrate(qnn.prepare(float_ir), calib))
    report = qnn.compare(float_ir, quant_ir, x)
    assert report["conv1"].sqnr_db > 20
    assert report["conv2"].sqnr_db < report["conv1"].sqnr_db - 10
    assert report.worst.name == "conv2"
    assert report.worst.sqnr_db == min(l.sqnr_db for l in report)
    assert "worst layer: conv2 (qnn.conv2d)" in report.table


def test_errors():
    net = make_net()
    _, x = data()
    float_ir = qnn.from_torch(net, x)
    with pytest.raises(ToolError, match="the models take 1 input"):
        qnn.compare(float_ir, float_ir, [x, x])
    with pytest.raises(ToolError, match="unknown"):
        qnn.compare(float_ir, "func.func @m() { qnn.bogus }", x)
    two = ("func.func @m(%a: tensor<1x3x8x8xf32>, %b: tensor<1x3x8x8xf32>) "
           "-> tensor<1x3x8x8xf32> {\n  return %a : tensor<1x3x8x8xf32>\n}\n")
    with pytest.raises(ToolError, match="the float model takes 2 input"):
        qnn.compare(two, float_ir, x)
