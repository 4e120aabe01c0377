"""Dynamically quantized linear (torch.ao.nn.quantized.dynamic.Linear,
qnnpack): run-time input qparams (ChooseQuantizationParams), int8 GEMM,
float output."""
import numpy as np
import pytest
import torch
import torch.ao.nn.quantized.dynamic as nnqd

from irgen import dense, tensor, weight_qtype



@pytest.mark.parametrize("seed,spread,offset", [(0, 1.0, 0.0), (1, 8.0, 3.0), (2, 1e-4, 0.0),
                                               (3, 2.0, -5.0), (4, 0.5, 2.0)])
def test_dynamic_linear(qnn_run, seed, spread, offset):
    torch.manual_seed(seed)
    lin = torch.nn.Linear(16, 5)
    wobs = torch.ao.quantization.default_weight_observer()
    wobs(lin.weight)
    s, z = wobs.calculate_qparams()
    qw = torch.quantize_per_tensor(lin.weight, float(s), int(z), torch.qint8)
    q = nnqd.Linear(16, 5)
    q.set_weight_bias(qw, lin.bias)
    g = torch.Generator().manual_seed(seed + 10)
    x = torch.randn(4, 16, generator=g) * spread + offset
    y = q(x).numpy()
    wt = weight_qtype(qw)
    b = lin.bias.detach().numpy()
    ir = f"""
func.func @f(%x: tensor<4x16xf32>) -> tensor<4x5xf32> {{
  %w = qnn.qconstant {dense(qw.int_repr().numpy())} : tensor<5x16xi8> -> {tensor([5, 16], wt)}
  %b = arith.constant {dense(b)} : tensor<5xf32>
  %y = qnn.linear %x, %w, %b {{name = "fc"}} : (tensor<4x16xf32>, {tensor([5, 16], wt)}, tensor<5xf32>) -> tensor<4x5xf32>
  return %y : tensor<4x5xf32>
}}"""
    out, = qnn_run(ir, x.numpy())
    np.testing.assert_array_equal(out, y)
