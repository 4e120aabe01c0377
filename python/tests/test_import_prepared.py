"""Models torch has prepared (observers) or prepared for QAT (fake-quant
modules), imported with their current state: qnn.fake_quant / qnn.observe
carry the observers' statistics and the fake-quants' scale, zero point and
enable flags, so `qnn.convert` of the imported IR reaches the same qparams
as torch's `convert` and the converted outputs are identical."""
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402



class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.bn = nn.BatchNorm2d(6)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(6, 4, 3, stride=2)
        self.skip = torch.ao.nn.quantized.FloatFunctional()
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(4, 5)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        y = self.relu(self.bn(self.conv(x)))
        y = self.conv2(y)
        y = self.skip.add(y, y)
        y = torch.flatten(self.pool(y), 1)
        return self.dequant(self.fc(y))


def _data(n, seed):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(2, 3, 9, 9, generator=g) for _ in range(n)]


def _qat_model(qconfig_name):
    torch.manual_seed(0)
    m = Net().train()
    m.qconfig = torch.ao.quantization.get_default_qat_qconfig(qconfig_name)
    torch.ao.quantization.fuse_modules_qat(m, [["conv", "bn", "relu"]], inplace=True)
    torch.ao.quantization.prepare_qat(m, inplace=True)
    opt = torch.optim.SGD(m.parameters(), lr=0.01)
    for x in _data(4, 1):
        opt.zero_grad()
        m(x).square().mean().backward()
        opt.step()
    return m.eval()


def assert_converts_like_torch(model, ir, x):
    """qnn.convert of the imported IR runs to torch convert's output."""
    ours, = qnn.run(qnn.convert(ir), x)
    torch.backends.quantized.engine = "qnnpack"
    converted = torch.ao.quantization.convert(model, inplace=False)
    with torch.no_grad():
        ref = converted(x).numpy()
    np.testing.assert_array_equal(ours, ref)


@pytest.mark.parametrize("qconfig_name", ["qnnpack", "fbgemm"])
def test_qat_prepared_model(qconfig_name):
    model = _qat_model(qconfig_name)
    # Freeze the state so both sides see the same fake-quant parameters.
    model.apply(torch.ao.quantization.disable_observer)
    x = _data(1, 2)[0]
    ir = qnn.from_torch(model, x)
    assert "qnn.conv_bn2d" in ir and "fused_relu" in ir
    # quant, conv, conv2, skip and fc outputs, and three weights (torch does
    # not observe AdaptiveAvgPool2d).
    assert ir.count("qnn.fake_quant") == 8, ir
    assert "observer_enabled = false" in ir and "scale = array<f32:" in ir

    # The imported QAT graph computes torch's fake-quantized forward. Float
    # convolutions sum in a different order, so a value next to a rounding
    # boundary of a fake-quant may land one step away.
    ours, = qnn.run(ir, x)
    with torch.no_grad():
        ref = model(x).numpy()
    step = float(model.fc.activation_post_process.scale)
    assert np.abs(ours - ref).max() <= step * 1.0001

    # convert: the same qparams from the same state, identical outputs.
    assert_converts_like_torch(model, ir, x)


def test_observed_model_converts_identically():
    """A PTQ-prepared and calibrated torch model: its observers' statistics
    are imported, so qnn's convert needs no calibration of its own and is
    bit-identical to torch's (no float re-run whose summation order could
    move a statistic by an ulp)."""
    torch.manual_seed(0)
    m = Net().eval()
    m.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    torch.ao.quantization.fuse_modules(m, [["conv", "bn", "relu"]], inplace=True)
    torch.ao.quantization.prepare(m, inplace=True)
    with torch.no_grad():
        for c in _data(3, 3):
            m(c)
    x = _data(1, 4)[0]
    ir = qnn.from_torch(m, x)
    assert "histogram = array<f32:" in ir and "qnn.observe" in ir
    assert_converts_like_torch(m, ir, x)


def test_qat_model_with_live_observers_converts_identically():
    """With observers still enabled, torch's convert runs each weight
    fake-quant once more on the (BN-folded) weight, updating its moving
    average before calculate_qparams; qnn's convert does the same."""
    model = _qat_model("qnnpack")
    x = _data(1, 5)[0]
    ir = qnn.from_torch(model, x)
    assert "observer_enabled = false" not in ir
    assert_converts_like_torch(model, ir, x)
