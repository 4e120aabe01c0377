"""conv_transpose (float and quantized) against torch."""
import numpy as np
import pytest
import torch
import torch.ao.nn.quantized as nnq

from irgen import dense, storage_of, tensor, torch_qtype, weight_qtype


CFGS = [dict(cin=4, cout=6, k=3, stride=2, padding=1, output_padding=1, dilation=1, groups=1),
        dict(cin=4, cout=4, k=3, stride=1, padding=0, output_padding=0, dilation=2, groups=2),
        dict(cin=2, cout=3, k=2, stride=3, padding=2, output_padding=0, dilation=1, groups=1)]


def attrs(cfg):
    r = lambda v: f"array<i64: {v}, {v}>"
    return (f'name = "up", stride = {r(cfg["stride"])}, padding = {r(cfg["padding"])}, '
            f'output_padding = {r(cfg["output_padding"])}, dilation = {r(cfg["dilation"])}, '
            f'groups = {cfg["groups"]} : i64')


@pytest.mark.parametrize("cfg", CFGS)
def test_float_conv_transpose2d(qnn_run, cfg):
    torch.manual_seed(0)
    m = torch.nn.ConvTranspose2d(cfg["cin"], cfg["cout"], cfg["k"], cfg["stride"], cfg["padding"],
                                 cfg["output_padding"], cfg["groups"], dilation=cfg["dilation"])
    x = torch.randn(1, cfg["cin"], 5, 5)
    y = m(x).detach()
    w, b = m.weight.detach().numpy(), m.bias.detach().numpy()
    ir = f"""
func.func @f(%x: {tensor(x.shape)}) -> {tensor(y.shape)} {{
  %w = arith.constant {dense(w)} : {tensor(w.shape)}
  %b = arith.constant {dense(b)} : {tensor(b.shape)}
  %y = qnn.conv_transpose2d %x, %w, %b {{{attrs(cfg)}}} : ({tensor(x.shape)}, {tensor(w.shape)}, {tensor(b.shape)}) -> {tensor(y.shape)}
  return %y : {tensor(y.shape)}
}}"""
    out, = qnn_run(ir, x.numpy())
    np.testing.assert_allclose(out, y.numpy(), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("cfg", CFGS[:1] + CFGS[2:])
def test_quantized_conv_transpose2d(qnn_run, cfg):
    torch.manual_seed(1)
    m = torch.nn.ConvTranspose2d(cfg["cin"], cfg["cout"], cfg["k"], cfg["stride"], cfg["padding"],
                                 cfg["output_padding"], cfg["groups"], dilation=cfg["dilation"])
    wobs = torch.ao.quantization.default_weight_observer()
    wobs(m.weight)
    s, z = wobs.calculate_qparams()
    qw = torch.quantize_per_tensor(m.weight.detach(), float(s), int(z), torch.qint8)
    q = nnq.ConvTranspose2d(cfg["cin"], cfg["cout"], cfg["k"], cfg["stride"], cfg["padding"],
                            cfg["output_padding"], cfg["groups"], dilation=cfg["dilation"])
    q.set_weight_bias(qw, m.bias.detach())
    q.scale, q.zero_point = 0.07, 64
    x = torch.quantize_per_tensor(torch.randn(1, cfg["cin"], 5, 5), 0.03, 120, torch.quint8)
    y = q(x)
    it, ot, wt = torch_qtype(x), torch_qtype(y), weight_qtype(qw)
    b = m.bias.detach().numpy()
    ir = f"""
func.func @f(%x: {tensor(x.shape, it)}) -> {tensor(y.shape, ot)} {{
  %w = qnn.qconstant {dense(qw.int_repr().numpy())} : {tensor(qw.shape, 'i8')} -> {tensor(qw.shape, wt)}
  %b = arith.constant {dense(b)} : {tensor(b.shape)}
  %y = qnn.conv_transpose2d %x, %w, %b {{{attrs(cfg)}}} : ({tensor(x.shape, it)}, {tensor(qw.shape, wt)}, {tensor(b.shape)}) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(x))
    diff = np.abs(out.astype(int) - storage_of(y).astype(int))
    assert diff.max() == 0, f"max diff {diff.max()} in {np.count_nonzero(diff)}/{diff.size}"


def test_conv_bn_inference_form(qnn_run):
    """qnn.conv_bn2d (QAT fusion) runs as conv followed by BatchNorm with the
    running statistics, as torch's ConvBn2d does in eval mode."""
    torch.manual_seed(3)
    conv, bn = torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.BatchNorm2d(4)
    with torch.no_grad():
        bn.running_mean.normal_()
        bn.running_var.uniform_(0.5, 2)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.normal_()
    conv.eval(), bn.eval()
    x = torch.randn(1, 3, 6, 6)
    y = torch.relu(bn(conv(x))).detach()
    c = lambda t: f"arith.constant {dense(t.detach().numpy())} : {tensor(t.shape)}"
    ir = f"""
func.func @f(%x: tensor<1x3x6x6xf32>) -> tensor<1x4x6x6xf32> {{
  %w = {c(conv.weight)}
  %b = {c(conv.bias)}
  %g = {c(bn.weight)}
  %bb = {c(bn.bias)}
  %m = {c(bn.running_mean)}
  %v = {c(bn.running_var)}
  %y = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {{name = "c", padding = array<i64: 1, 1>, fused_relu}}
      : (tensor<1x3x6x6xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}}"""
    out, = qnn_run(ir, x.numpy())
    np.testing.assert_allclose(out, y.numpy(), rtol=1e-5, atol=1e-5)


def test_grouped_conv3d(qnn_run):
    torch.manual_seed(4)
    m = torch.nn.Conv3d(4, 6, 3, padding=1, groups=2)
    x = torch.randn(1, 4, 4, 5, 5)
    y = m(x).detach()
    w, b = m.weight.detach().numpy(), m.bias.detach().numpy()
    ir = f"""
func.func @f(%x: {tensor(x.shape)}) -> {tensor(y.shape)} {{
  %w = arith.constant {dense(w)} : {tensor(w.shape)}
  %b = arith.constant {dense(b)} : {tensor(b.shape)}
  %y = qnn.conv3d %x, %w, %b {{name = "c", padding = array<i64: 1, 1, 1>, groups = 2 : i64}}
      : ({tensor(x.shape)}, {tensor(w.shape)}, {tensor(b.shape)}) -> {tensor(y.shape)}
  return %y : {tensor(y.shape)}
}}"""
    out, = qnn_run(ir, x.numpy())
    np.testing.assert_allclose(out, y.numpy(), rtol=1e-5, atol=1e-5)
