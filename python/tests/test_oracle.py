"""qnn-run against PyTorch 1.13's quantized kernels (engine qnnpack).

Each test builds a quantized module or op in torch, writes the same
computation as qnn IR with torch's integer weights and qparams, runs it with
qnn-run, and compares the integer outputs. Expected: identical, unless
docs/numerics.md documents a bound.
"""
import numpy as np
import pytest
import torch
import torch.ao.nn.quantized as nnq
import torch.nn.intrinsic.quantized as nniq

from irgen import dense, f32, qtype, storage_of, tensor, torch_qtype, weight_qtype



def rand(*shape, seed=0, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g) * scale


@pytest.mark.parametrize("dtype,scale,zp", [("quint8", 0.05, 128), ("quint8", 0.0173, 3),
                                            ("qint8", 0.02, 0), ("qint8", 0.1, -5)])
def test_quantize(qnn_run, dtype, scale, zp):
    x = rand(1000, seed=1, scale=4.0)
    # Include exact ties and values far out of range.
    x[:8] = torch.tensor([0.025, -0.025, 0.075, 1e9, -1e9, 0.0, scale * 2.5, scale * -3.5])
    tdt = getattr(torch, dtype)
    expected = torch.quantize_per_tensor(x, scale, zp, tdt)
    ir = f"""
func.func @f(%x: {tensor([1000])}) -> {tensor([1000], qtype(dtype, scale, zp))} {{
  %q = qnn.quantize %x : {tensor([1000])} -> {tensor([1000], qtype(dtype, scale, zp))}
  return %q : {tensor([1000], qtype(dtype, scale, zp))}
}}"""
    (out, meta), = qnn_run(ir, x.numpy())
    np.testing.assert_array_equal(out, storage_of(expected))
    assert meta["zero_point"] == zp


def test_dequantize(qnn_run):
    q = torch.quantize_per_tensor(rand(64, seed=2), 0.0371, 117, torch.quint8)
    qt = torch_qtype(q)
    ir = f"""
func.func @f(%q: {tensor([64], qt)}) -> {tensor([64])} {{
  %x = qnn.dequantize %q : {tensor([64], qt)} -> {tensor([64])}
  return %x : {tensor([64])}
}}"""
    out, = qnn_run(ir, storage_of(q))
    np.testing.assert_array_equal(out, q.dequantize().numpy())


def quantized_conv(cin, cout, k, stride, padding, dilation, groups, relu, per_channel, seed):
    conv = torch.nn.Conv2d(cin, cout, k, stride, padding, dilation, groups)
    torch.manual_seed(seed)
    conv.weight.data = rand(*conv.weight.shape, seed=seed, scale=0.3)
    conv.bias.data = rand(cout, seed=seed + 1, scale=0.5)
    cls = nniq.ConvReLU2d if relu else nnq.Conv2d
    q = cls(cin, cout, k, stride, padding, dilation, groups)
    wobs = (torch.ao.quantization.default_per_channel_weight_observer if per_channel
            else torch.ao.quantization.default_weight_observer)()
    wobs(conv.weight)
    s, z = wobs.calculate_qparams()
    if per_channel:
        qw = torch.quantize_per_channel(conv.weight, s.double(), z.long(), 0, torch.qint8)
    else:
        qw = torch.quantize_per_tensor(conv.weight, float(s), int(z), torch.qint8)
    q.set_weight_bias(qw, conv.bias)
    q.scale, q.zero_point = 0.071, 63
    return q, qw, conv.bias.detach()


@pytest.mark.parametrize("cfg", [
    dict(cin=3, cout=8, k=3, stride=1, padding=1, dilation=1, groups=1, relu=False, per_channel=False),
    dict(cin=3, cout=8, k=3, stride=2, padding=0, dilation=1, groups=1, relu=True, per_channel=True),
    dict(cin=4, cout=8, k=3, stride=1, padding=2, dilation=2, groups=2, relu=False, per_channel=True),
    dict(cin=8, cout=8, k=3, stride=1, padding=1, dilation=1, groups=8, relu=True, per_channel=False),
    dict(cin=16, cout=4, k=1, stride=1, padding=0, dilation=1, groups=1, relu=False, per_channel=True),
])
def test_conv2d(qnn_run, cfg):
    q, qw, bias = quantized_conv(seed=3, **cfg)
    x = torch.quantize_per_tensor(rand(1, cfg["cin"], 9, 9, seed=4, scale=2.0), 0.043, 120, torch.quint8)
    y = q(x)
    ins = torch_qtype(x)
    outs = torch_qtype(y)
    wt = weight_qtype(qw)
    attrs = [f'name = "conv"', f"stride = array<i64: {cfg['stride']}, {cfg['stride']}>",
             f"padding = array<i64: {cfg['padding']}, {cfg['padding']}>",
             f"dilation = array<i64: {cfg['dilation']}, {cfg['dilation']}>",
             f"groups = {cfg['groups']} : i64"]
    if cfg["relu"]:
        attrs.append("fused_relu")
    ir = f"""
func.func @f(%x: {tensor(x.shape, ins)}) -> {tensor(y.shape, outs)} {{
  %w = qnn.qconstant {dense(qw.int_repr().numpy())} : {tensor(qw.shape, 'i8')} -> {tensor(qw.shape, wt)}
  %b = arith.constant {dense(bias.numpy())} : {tensor(bias.shape)}
  %y = qnn.conv2d %x, %w, %b {{{', '.join(attrs)}}}
      : ({tensor(x.shape, ins)}, {tensor(qw.shape, wt)}, {tensor(bias.shape)}) -> {tensor(y.shape, outs)}
  return %y : {tensor(y.shape, outs)}
}}"""
    (out, meta), = qnn_run(ir, storage_of(x))
    ref = storage_of(y)
    diff = np.abs(out.astype(np.int32) - ref.astype(np.int32))
    assert diff.max() == 0, f"max diff {diff.max()} in {np.count_nonzero(diff)} of {diff.size}"


@pytest.mark.parametrize("relu,per_channel", [(False, False), (True, True)])
def test_linear(qnn_run, relu, per_channel):
    fin, fout = 24, 10
    lin = torch.nn.Linear(fin, fout)
    lin.weight.data = rand(fout, fin, seed=5, scale=0.3)
    lin.bias.data = rand(fout, seed=6)
    wobs = (torch.ao.quantization.default_per_channel_weight_observer if per_channel
            else torch.ao.quantization.default_weight_observer)()
    wobs(lin.weight)
    s, z = wobs.calculate_qparams()
    qw = (torch.quantize_per_channel(lin.weight, s.double(), z.long(), 0, torch.qint8) if per_channel
          else torch.quantize_per_tensor(lin.weight, float(s), int(z), torch.qint8))
    q = (nniq.LinearReLU if relu else nnq.Linear)(fin, fout)
    q.set_weight_bias(qw, lin.bias.detach())
    q.scale, q.zero_point = 0.093, 70
    x = torch.quantize_per_tensor(rand(3, fin, seed=7, scale=2.0), 0.031, 128, torch.quint8)
    y = q(x)
    ins, outs, wt = torch_qtype(x), torch_qtype(y), weight_qtype(qw)
    bias = lin.bias.detach()
    ir = f"""
func.func @f(%x: {tensor(x.shape, ins)}) -> {tensor(y.shape, outs)} {{
  %w = qnn.qconstant {dense(qw.int_repr().numpy())} : {tensor(qw.shape, 'i8')} -> {tensor(qw.shape, wt)}
  %b = arith.constant {dense(bias.numpy())} : {tensor(bias.shape)}
  %y = qnn.linear %x, %w, %b {{name = "fc"{', fused_relu' if relu else ''}}}
      : ({tensor(x.shape, ins)}, {tensor(qw.shape, wt)}, {tensor(bias.shape)}) -> {tensor(y.shape, outs)}
  return %y : {tensor(y.shape, outs)}
}}"""
    (out, meta), = qnn_run(ir, storage_of(x))
    np.testing.assert_array_equal(out, storage_of(y))


def test_requantize_per_axis_and_per_tensor(qnn_run):
    x = torch.randn(3, 4, generator=torch.Generator().manual_seed(9))
    q = torch.quantize_per_channel(x, torch.tensor([0.1, 0.05, 0.02], dtype=torch.double),
                                   torch.tensor([0, 3, -2]), 0, torch.qint8)
    out_t = torch.quantize_per_tensor(q.dequantize(), 0.03, 5, torch.qint8)
    it = weight_qtype(q)
    ot = torch_qtype(out_t)
    ir = f"""
func.func @f(%x: {tensor([3, 4])}) -> {tensor([3, 4], ot)} {{
  %q = qnn.quantize %x : {tensor([3, 4])} -> {tensor([3, 4], it)}
  %r = qnn.requantize %q : {tensor([3, 4], it)} -> {tensor([3, 4], ot)}
  return %r : {tensor([3, 4], ot)}
}}"""
    (out, _), = qnn_run(ir, x.numpy())
    np.testing.assert_array_equal(out, storage_of(out_t))


def test_quantized_conv1d(qnn_run):
    conv = torch.nn.Conv1d(3, 4, 3, padding=1)
    conv.weight.data = rand(4, 3, 3, seed=11, scale=0.3)
    wobs = torch.ao.quantization.default_per_channel_weight_observer()
    wobs(conv.weight)
    s, z = wobs.calculate_qparams()
    qw = torch.quantize_per_channel(conv.weight.detach(), s.double(), z.long(), 0, torch.qint8)
    q = nnq.Conv1d(3, 4, 3, padding=1)
    q.set_weight_bias(qw, conv.bias.detach())
    q.scale, q.zero_point = 0.05, 70
    x = torch.quantize_per_tensor(rand(1, 3, 10, seed=12), 0.04, 120, torch.quint8)
    y = q(x)
    it, ot, wt = torch_qtype(x), torch_qtype(y), weight_qtype(qw)
    b = conv.bias.detach()
    ir = f"""
func.func @f(%x: {tensor(x.shape, it)}) -> {tensor(y.shape, ot)} {{
  %w = qnn.qconstant {dense(qw.int_repr().numpy())} : {tensor(qw.shape, 'i8')} -> {tensor(qw.shape, wt)}
  %b = arith.constant {dense(b.numpy())} : {tensor(b.shape)}
  %y = qnn.conv1d %x, %w, %b {{name = "c", padding = array<i64: 1>}}
      : ({tensor(x.shape, it)}, {tensor(qw.shape, wt)}, {tensor(b.shape)}) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(x))
    np.testing.assert_array_equal(out, storage_of(y))
