"""Quantization-aware training models against torch 1.13: the QAT forward
(fake-quantized, BatchNorm with running statistics as in eval mode or after
freeze_bn_stats) and the converted model, bit-identical.

- nniqat.ConvBn*d / ConvBnReLU*d: torch's `_forward_approximate`
  (fake-quantize w * bn_w / sqrt(var + eps), convolve, divide, add the
  bias, BatchNorm), as qnn.conv_bnNd with its weight fake-quant;
- nniqat.LinearBn1d (and the float nni.LinearBn1d): qnn.linear_bn;
- FixedQParamsFakeQuantize after Hardsigmoid/Sigmoid/Tanh (prepare_qat):
  qnn.fake_quant with #qnn.observer<fixed_qparams>.

Each model is trained for a few SGD steps on random data first, so weights
and BN statistics are not their initial values; then observers are
disabled and BN frozen, the state both sides compute from.
"""
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402

tq = torch.ao.quantization


def _train(m, shape, steps=6, seed=1):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
    for _ in range(steps):
        x = torch.randn(*shape, generator=g) * 1.5 + 0.3
        opt.zero_grad()
        m(x).square().mean().backward()
        opt.step()


def _freeze(m):
    """Observers off, BN statistics frozen, eval mode: the state torch's
    forward then uses as-is."""
    m.apply(tq.disable_observer)
    m.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    return m.eval()


def _qat(m, fuse, qconfig, shape):
    torch.manual_seed(0)
    m.train()
    m.qconfig = tq.get_default_qat_qconfig(qconfig)
    tq.fuse_modules_qat(m, fuse, inplace=True)
    tq.prepare_qat(m, inplace=True)
    _train(m, shape)
    return _freeze(m)


def _inputs(shape, n=3, seed=7):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(*shape, generator=g) * 1.5 for _ in range(n)]


def assert_forward_identical(model, ir, xs):
    for x in xs:
        ours, = qnn.run(ir, x)
        with torch.no_grad():
            ref = model(x).numpy()
        np.testing.assert_array_equal(ours, ref)


def assert_converts_identically(model, ir, xs):
    converted_ir = qnn.convert(ir)
    converted = tq.convert(model, inplace=False)
    for x in xs:
        ours, = qnn.run(converted_ir, x)
        with torch.no_grad():
            ref = converted(x).numpy()
        np.testing.assert_array_equal(ours, ref)


class ConvBnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2, groups=2, bias=False)
        self.bn2 = nn.BatchNorm2d(8, eps=1e-3)
        self.conv3 = nn.Conv1d(8, 4, 2)
        self.bn3 = nn.BatchNorm1d(4)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.relu1(self.bn1(self.conv1(x)))
        x = self.bn2(self.conv2(x))
        x = self.bn3(self.conv3(x.flatten(2)))
        return self.dequant(x)


CONV_FUSE = [["conv1", "bn1", "relu1"], ["conv2", "bn2"], ["conv3", "bn3"]]


@pytest.mark.parametrize("qconfig", ["qnnpack", "fbgemm"])
def test_conv_bn_qat_forward_and_convert(qconfig):
    """ConvBnReLU2d, ConvBn2d (grouped, no bias, eps 1e-3) and ConvBn1d with
    per-tensor (qnnpack) and per-channel (fbgemm) weight fake-quants."""
    model = _qat(ConvBnNet(), CONV_FUSE, qconfig, (4, 3, 9, 9))
    assert isinstance(model.conv1, torch.nn.intrinsic.qat.ConvBnReLU2d)
    xs = _inputs((2, 3, 9, 9))
    ir = qnn.from_torch(model, xs[0])
    assert ir.count("qnn.conv_bn2d") == 2 and "qnn.conv_bn1d" in ir
    assert_forward_identical(model, ir, xs)
    assert_converts_identically(model, ir, xs)


def test_conv_bn_qat_train_mode_frozen_bn():
    """freeze_bn_stats without eval(): the model stays in train() mode (the
    fake-quants still run; the observers are disabled) and BN uses its
    running statistics, which is qnn's semantics."""
    model = _qat(ConvBnNet(), CONV_FUSE, "qnnpack", (4, 3, 9, 9)).train()
    model.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    xs = _inputs((2, 3, 9, 9), seed=8)
    ir = qnn.from_torch(model, xs[0])
    assert "freeze_bn" in ir
    assert_forward_identical(model, ir, xs)


class LinearBnNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.fc1 = nn.Linear(12, 16)
        self.bn1 = nn.BatchNorm1d(16)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(16, 6, bias=False)
        self.bn2 = nn.BatchNorm1d(6, eps=1e-3)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.relu(self.bn1(self.fc1(x)))
        return self.dequant(self.bn2(self.fc2(x)))


@pytest.mark.parametrize("qconfig", ["qnnpack", "fbgemm"])
def test_linear_bn_qat_forward_and_convert(qconfig):
    """nniqat.LinearBn1d: imported with its BatchNorm (it used to be taken
    for a plain Linear, the BN silently dropped); convert folds it into
    nnq.Linear as torch does."""
    model = _qat(LinearBnNet(), [["fc1", "bn1"], ["fc2", "bn2"]], qconfig, (16, 12))
    assert isinstance(model.fc1, torch.nn.intrinsic.qat.LinearBn1d)
    xs = _inputs((5, 12))
    ir = qnn.from_torch(model, xs[0])
    assert ir.count("qnn.linear_bn") == 2
    assert_forward_identical(model, ir, xs)
    assert_converts_identically(model, ir, xs)


def test_float_linear_bn_fusion():
    """nni.LinearBn1d (fuse_modules_qat of a float model): linear, then
    BatchNorm with the running statistics."""
    torch.manual_seed(0)
    m = LinearBnNet().train()
    _train(m, (16, 12))
    m.eval()
    tq.fuse_modules_qat(m, [["fc1", "bn1"], ["fc2", "bn2"]], inplace=True)
    assert isinstance(m.fc1, torch.nn.intrinsic.LinearBn1d)
    xs = _inputs((5, 12))
    ir = qnn.from_torch(m, xs[0])
    assert ir.count("qnn.linear_bn") == 2
    for x in xs:
        ours, = qnn.run(ir, x)
        with torch.no_grad():
            ref = m(x).numpy()
        # Float matmuls sum in a different order.
        np.testing.assert_allclose(ours, ref, rtol=1e-5, atol=1e-5)


class SEBlock(nn.Module):
    """MobileNetV3-style squeeze-and-excitation with Hardsigmoid, plus
    Sigmoid and Tanh heads: torch's prepare_qat gives the three activations
    a FixedQParamsFakeQuantize."""

    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(8, 4, 1)
        self.relu2 = nn.ReLU()
        self.fc2 = nn.Conv2d(4, 8, 1)
        self.hsig = nn.Hardsigmoid()
        self.scale = torch.ao.nn.quantized.FloatFunctional()
        self.head = nn.Conv2d(8, 4, 1)
        self.sig = nn.Sigmoid()
        self.tanh = nn.Tanh()
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.relu(self.bn(self.conv(x)))
        s = self.hsig(self.fc2(self.relu2(self.fc1(self.pool(x)))))
        x = self.scale.mul(x, s)
        x = self.tanh(self.sig(self.head(x)))
        return self.dequant(x)


def test_fixed_qparams_se_block():
    model = SEBlock()
    torch.manual_seed(0)
    model.train()
    model.qconfig = tq.get_default_qat_qconfig("qnnpack")
    tq.fuse_modules_qat(model, [["conv", "bn", "relu"], ["fc1", "relu2"]], inplace=True)
    tq.prepare_qat(model, inplace=True)
    assert isinstance(model.hsig.activation_post_process, tq.FixedQParamsFakeQuantize)
    _train(model, (4, 3, 8, 8))
    _freeze(model)
    xs = _inputs((2, 3, 8, 8))
    ir = qnn.from_torch(model, xs[0])
    assert ir.count("#qnn.observer<fixed_qparams") == 3, ir
    assert "scale = array<f32: 0.0078125>, zero_point = array<i64: 128>" in ir
    assert_forward_identical(model, ir, xs)
    assert_converts_identically(model, ir, xs)


def test_prepare_qat_inserts_fixed_qparams():
    """qnn's own prepare-qat of the float SE block gives the same three
    fixed-qparams fake-quants torch's prepare_qat does."""
    m = SEBlock().eval()
    m.qconfig = tq.get_default_qat_qconfig("qnnpack")
    ir = qnn.prepare(qnn.from_torch(m, _inputs((1, 3, 8, 8))[0]), qat=True)
    fixed = [line for line in ir.splitlines() if "fixed_qparams" in line]
    assert len(fixed) == 3, ir
    assert sum("zero_point = array<i64: 128>" in line for line in fixed) == 1
