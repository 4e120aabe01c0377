"""Norms, softmax and prelu: qnn-run against torch's quantized modules."""
import numpy as np
import pytest
import torch
import torch.ao.nn.quantized as nnq

from irgen import dense, storage_of, tensor, torch_qtype
from test_oracle_ops import assert_equal, qrand



def affine_params(c, seed):
    g = torch.Generator().manual_seed(seed)
    return (torch.nn.Parameter(torch.rand(c, generator=g) + 0.5),
            torch.nn.Parameter(torch.randn(c, generator=g) * 0.3))


def run_norm(qnn_run, x, y, op, wshape, w, b, attrs):
    it, ot = torch_qtype(x), torch_qtype(y)
    wt = tensor(wshape)
    ir = f"""
func.func @f(%x: {tensor(x.shape, it)}) -> {tensor(y.shape, ot)} {{
  %w = arith.constant {dense(w.reshape(wshape))} : {wt}
  %b = arith.constant {dense(b.reshape(wshape))} : {wt}
  %y = qnn.{op} %x, weight %w, bias %b {{name = "n"{attrs}}} : ({tensor(x.shape, it)}, {wt}, {wt}) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(x))
    return out


# Quantized norms follow ATen's quantized_normalize_kernel (integer moments
# of the storage values, docs/numerics.md): identical. The shapes cover
# groups shorter than one AVX2 vector (32 values) and longer ones with a
# remainder.
@pytest.mark.parametrize("shape,norm", [((2, 3, 6), [6]), ((2, 4, 10), [4, 10]),
                                        ((3, 70), [70])])
def test_layer_norm(qnn_run, shape, norm):
    n = int(np.prod(norm))
    w, b = affine_params(n, 1)
    m = nnq.LayerNorm(norm, torch.nn.Parameter(w.detach().reshape(norm)),
                      torch.nn.Parameter(b.detach().reshape(norm)), 0.04, 120)
    x = qrand(shape, seed=2)
    y = m(x)
    out = run_norm(qnn_run, x, y, "layer_norm", norm, w.detach().numpy(), b.detach().numpy(),
                   f", normalized_shape = array<i64: {', '.join(map(str, norm))}>")
    assert_equal(out, y, bound=0)


@pytest.mark.parametrize("shape,groups", [((2, 6, 3, 3), 3), ((2, 8, 5, 5), 2), ((1, 4, 9), 4)])
def test_group_norm(qnn_run, shape, groups):
    c = shape[1]
    w, b = affine_params(c, 3)
    m = nnq.GroupNorm(groups, c, w, b, 0.04, 120)
    x = qrand(shape, seed=4)
    y = m(x)
    out = run_norm(qnn_run, x, y, "group_norm", [c], w.detach().numpy(), b.detach().numpy(),
                   f", num_groups = {groups} : i64")
    assert_equal(out, y, bound=0)


@pytest.mark.parametrize("shape", [(2, 4, 3, 3), (2, 3, 7, 7)])
def test_instance_norm(qnn_run, shape):
    c = shape[1]
    w, b = affine_params(c, 5)
    m = nnq.InstanceNorm2d(c, w, b, 0.04, 120)
    x = qrand(shape, seed=6)
    y = m(x)
    out = run_norm(qnn_run, x, y, "instance_norm", [c], w.detach().numpy(), b.detach().numpy(), "")
    assert_equal(out, y, bound=0)


def test_float_softmax_and_prelu(qnn_run):
    x = torch.randn(2, 3, 4, generator=torch.Generator().manual_seed(8))
    a = torch.tensor([0.1, -0.2, 0.3])
    ir = f"""
func.func @f(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {{
  %a = arith.constant {dense(a.numpy())} : tensor<3xf32>
  %s = qnn.softmax %x {{name = "s", dim = -1 : i64}} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %p = qnn.prelu %x, %a {{name = "p"}} : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %s, %p : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}}"""
    s, p = qnn_run(ir, x.numpy())
    np.testing.assert_allclose(s, torch.softmax(x, -1).numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(p, torch.nn.functional.prelu(x, a).numpy())
