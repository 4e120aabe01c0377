"""interpolate, embedding and embedding_bag against torch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from irgen import dense, storage_of, tensor, torch_qtype
from test_oracle_ops import assert_equal, qrand



@pytest.mark.parametrize("mode,align,size,factor", [
    ("nearest", None, (10, 7), None), ("nearest", None, None, (2.0, 2.0)),
    ("bilinear", False, (9, 13), None), ("bilinear", True, (9, 13), None),
    ("bilinear", False, None, (1.5, 2.0)), ("bilinear", False, None, (0.6, 0.7)),
    ("bilinear", True, (3, 4), None),
    # Scale factors that keep a size (floor(5 * 1.1) = 5, floor(6 * 1.1) =
    # 6): ATen's float kernel copies along such a dim, whatever the factor.
    ("bilinear", False, None, (1.1, 1.1)), ("bilinear", False, None, (1.15, 2.0)),
    ("bilinear", False, None, (2.0, 1.1))])
def test_interpolate(qnn_run, mode, align, size, factor):
    x = torch.randn(1, 2, 5, 6, generator=torch.Generator().manual_seed(3))
    y = F.interpolate(x, size=size, scale_factor=factor, mode=mode, align_corners=align)
    attrs = f'name = "up", mode = #qnn<interpolate_mode {mode}>'
    if size:
        attrs += f", size = array<i64: {size[0]}, {size[1]}>"
    else:
        attrs += f", scale_factor = array<f64: {factor[0]}, {factor[1]}>"
    if align is not None:
        attrs += f", align_corners = {str(align).lower()}"
    ir = f"""
func.func @f(%x: {tensor(x.shape)}) -> {tensor(y.shape)} {{
  %y = qnn.interpolate %x {{{attrs}}} : {tensor(x.shape)} -> {tensor(y.shape)}
  return %y : {tensor(y.shape)}
}}"""
    out, = qnn_run(ir, x.numpy())
    np.testing.assert_allclose(out, y.numpy(), rtol=1e-6, atol=1e-6)
    if y.shape == x.shape:
        np.testing.assert_array_equal(out, y.numpy())

    qx = qrand((1, 2, 5, 6), seed=4)
    qy = F.interpolate(qx, size=size, scale_factor=factor, mode=mode, align_corners=align)
    it, ot = torch_qtype(qx), torch_qtype(qy)
    qir = ir.replace(tensor(x.shape), tensor(x.shape, it)).replace(tensor(y.shape), tensor(y.shape, ot))
    (qout, _), = qnn_run(qir, storage_of(qx))
    # Bilinear: ATen's quantized kernel interpolates the storage values in
    # float, subtracts the zero point and rounds (docs/numerics.md).
    assert_equal(qout, qy, bound=0)


def test_embedding(qnn_run):
    w = torch.randn(10, 4, generator=torch.Generator().manual_seed(5))
    idx = torch.tensor([[1, 9, 0], [3, 3, 7]])
    y = F.embedding(idx, w)
    ir = f"""
func.func @f(%i: tensor<2x3xi64>) -> tensor<2x3x4xf32> {{
  %w = arith.constant {dense(w.numpy())} : tensor<10x4xf32>
  %y = qnn.embedding %i, %w {{name = "emb"}} : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}}"""
    out, = qnn_run(ir, idx.numpy())
    np.testing.assert_array_equal(out, y.numpy())


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
def test_embedding_bag(qnn_run, mode):
    w = torch.randn(10, 4, generator=torch.Generator().manual_seed(6))
    idx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
    off = torch.tensor([0, 3, 3, 5])  # includes an empty bag
    psw = torch.rand(8, generator=torch.Generator().manual_seed(7))
    use_w = mode == "sum"
    y = F.embedding_bag(idx, w, off, mode=mode, per_sample_weights=psw if use_w else None)
    extra_arg = ", %p: tensor<8xf32>" if use_w else ""
    extra_use = " per_sample_weights %p" if use_w else ""
    extra_ty = ", tensor<8xf32>" if use_w else ""
    ir = f"""
func.func @f(%i: tensor<8xi64>, %o: tensor<4xi64>{extra_arg}) -> tensor<4x4xf32> {{
  %w = arith.constant {dense(w.numpy())} : tensor<10x4xf32>
  %y = qnn.embedding_bag %i, %w offsets %o{extra_use} {{name = "bag", mode = #qnn<embedding_bag_mode {mode}>}}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<4xi64>{extra_ty}) -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}}"""
    args = [idx.numpy(), off.numpy()] + ([psw.numpy()] if use_w else [])
    out, = qnn_run(ir, *args)
    np.testing.assert_allclose(out, y.numpy(), rtol=1e-6, atol=1e-6)
