"""The whole PTQ flow, qnn against torch on the same small CNN and data:
fuse -> prepare -> calibrate -> convert, then run.

The observers of the first layer see the model input itself, so their
qparams are identical. Deeper observers see float activations of float
convolutions, and torch's float convolution (oneDNN, blocked FMA
accumulation) rounds differently from the reference lowering's sequential
accumulation: activations differ in the last bits, so a scale derived from
them may differ in the last few ulps (relative 1e-5) and an output by one quantization step
(docs/numerics.md). Both bounds are asserted."""
import re
import subprocess

import numpy as np
import pytest
import torch
import torch.nn as nn

from conftest import tool
from irgen import dense

torch.backends.quantized.engine = "qnnpack"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1, groups=2)
        self.relu2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8 * 4 * 4, 10)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.pool(self.relu(self.bn(self.conv(x))))
        x = self.relu2(self.conv2(x))
        return self.dequant(self.fc(self.flatten(x)))


def make_net(seed=0):
    torch.manual_seed(seed)
    net = Net()
    with torch.no_grad():
        net.bn.running_mean.normal_(0, 0.2)
        net.bn.running_var.uniform_(0.5, 1.5)
        net.bn.weight.uniform_(0.5, 1.5)
        net.bn.bias.normal_(0, 0.2)
    return net.eval()


def to_ir(net, qconfig):
    p = {k: v.detach().numpy() for k, v in net.state_dict().items() if v.dtype == torch.float32}
    c = lambda name: f"arith.constant {dense(p[name])} : tensor<{'x'.join(map(str, p[name].shape))}xf32>"
    return f"""
func.func @net(%x: tensor<1x3x8x8xf32>) -> tensor<1x10xf32>
    attributes {{qnn.qconfig_dict = {{global = #qnn.qconfig<{qconfig}>}}}} {{
  %w1 = {c('conv.weight')}
  %b1 = {c('conv.bias')}
  %g = {c('bn.weight')}
  %bb = {c('bn.bias')}
  %m = {c('bn.running_mean')}
  %v = {c('bn.running_var')}
  %w2 = {c('conv2.weight')}
  %b2 = {c('conv2.bias')}
  %w3 = {c('fc.weight')}
  %b3 = {c('fc.bias')}
  %0 = qnn.quant_stub %x {{name = "quant"}} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %1 = qnn.conv2d %0, %w1, %b1 {{name = "conv", padding = array<i64: 1, 1>}}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %2 = qnn.batch_norm %1, %m, %v, weight %g, bias %bb {{name = "bn"}}
      : (tensor<1x8x8x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %3 = qnn.relu %2 {{name = "relu"}} : tensor<1x8x8x8xf32> -> tensor<1x8x8x8xf32>
  %4 = qnn.max_pool2d %3 {{name = "pool", kernel_size = array<i64: 2, 2>}} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  %5 = qnn.conv2d %4, %w2, %b2 {{name = "conv2", padding = array<i64: 1, 1>, groups = 2 : i64}}
      : (tensor<1x8x4x4xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %6 = qnn.relu %5 {{name = "relu2"}} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %7 = qnn.flatten %6 {{name = "flatten"}} : tensor<1x8x4x4xf32> -> tensor<1x128xf32>
  %8 = qnn.linear %7, %w3, %b3 {{name = "fc"}} : (tensor<1x128xf32>, tensor<10x128xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %9 = qnn.dequant_stub %8 {{name = "dequant"}} : tensor<1x10xf32> -> tensor<1x10xf32>
  return %9 : tensor<1x10xf32>
}}"""


def run(args, **kw):
    proc = subprocess.run(args, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("backend", ["qnnpack", "fbgemm", "x86"])
def test_ptq_flow_matches_torch(tmp_path, backend):
    net = make_net()
    g = torch.Generator().manual_seed(7)
    calib = [torch.randn(1, 3, 8, 8, generator=g) * 1.5 for _ in range(8)]
    test_x = torch.randn(1, 3, 8, 8, generator=g) * 1.5

    # torch: fuse, prepare, calibrate, convert.
    tnet = make_net()
    tnet.qconfig = torch.ao.quantization.get_default_qconfig(backend)
    torch.ao.quantization.fuse_modules(tnet, [["conv", "bn", "relu"], ["conv2", "relu2"]],
                                       inplace=True)
    torch.ao.quantization.prepare(tnet, inplace=True)
    for x in calib:
        tnet(x)
    torch.ao.quantization.convert(tnet, inplace=True)
    expected = tnet(test_x).numpy()

    # qnn: the same steps on IR.
    (tmp_path / "net.mlir").write_text(to_ir(net, backend))
    prepared = run([tool("qnn-opt"), str(tmp_path / "net.mlir"), "--qnn-ptq-prepare"])
    (tmp_path / "prepared.mlir").write_text(prepared)
    data = tmp_path / "calib"
    data.mkdir()
    for i, x in enumerate(calib):
        np.save(data / f"{i}.npy", x.numpy())
    run([tool("qnn-calibrate"), str(tmp_path / "prepared.mlir"), "--data", str(data),
         "-o", str(tmp_path / "calibrated.mlir")])
    converted = run([tool("qnn-opt"), str(tmp_path / "calibrated.mlir"), "--qnn-convert"])
    (tmp_path / "converted.mlir").write_text(converted)

    # The input's qparams are identical; deeper ones within 1e-5 relative.
    m = re.search(r"qnn\.quantize %arg0 : [^\n]*!quant\.uniform<u8:f32, ([^:>]+)(?::(\d+))?>>", converted)
    assert m, "quant_stub not converted"
    assert np.float32(float(m.group(1))) == np.float32(float(tnet.quant.scale))
    assert int(m.group(2) or 0) == int(tnet.quant.zero_point)
    for name, mod in [("conv", tnet.conv), ("conv2", tnet.conv2), ("fc", tnet.fc)]:
        m = re.search(rf'qnn\.\w+ [^\n]*name = "{name}"[^\n]*-> tensor<[0-9x]+x!quant\.uniform<u8:f32, ([^:>]+)(?::(\d+))?>>',
                      converted)
        assert m, f"{name} not converted"
        ours, theirs = np.float32(float(m.group(1))), np.float32(float(mod.scale))
        assert abs(ours - theirs) <= 1e-5 * theirs, (name, ours, theirs)
        assert abs(int(m.group(2) or 0) - int(mod.zero_point)) <= 1, name

    np.save(tmp_path / "x.npy", test_x.numpy())
    run([tool("qnn-run"), str(tmp_path / "converted.mlir"), "--input", str(tmp_path / "x.npy"),
         "--output-dir", str(tmp_path / "out")])
    out = np.load(tmp_path / "out" / "result0.npy")
    step = float(tnet.fc.scale)
    assert np.abs(out - expected).max() <= step * 1.0001, (out, expected)
