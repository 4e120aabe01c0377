"""multihead_attention (float) against torch.nn.MultiheadAttention."""
import numpy as np
import pytest
import torch

from irgen import dense, tensor


@pytest.mark.parametrize("batch_first,bias", [(False, True), (True, False)])
def test_multihead_attention(qnn_run, batch_first, bias):
    torch.manual_seed(0)
    E, H, L, S, N = 8, 2, 4, 5, 2
    m = torch.nn.MultiheadAttention(E, H, bias=bias, batch_first=batch_first).eval()
    qs = (N, L, E) if batch_first else (L, N, E)
    ks = (N, S, E) if batch_first else (S, N, E)
    q, k, v = torch.randn(*qs), torch.randn(*ks), torch.randn(*ks)
    out, weights = m(q, k, v)
    c = lambda name, t: f"  %{name} = arith.constant {dense(t.detach().numpy())} : {tensor(t.shape)}"
    decls = [c("w", m.in_proj_weight), c("wo", m.out_proj.weight)]
    inproj, outproj, types = "%w", "%wo", [tensor(m.in_proj_weight.shape)]
    if bias:
        decls += [c("b", m.in_proj_bias), c("bo", m.out_proj.bias)]
        inproj, outproj = "%w, %b", "%wo, %bo"
        types = [tensor(m.in_proj_weight.shape), tensor(m.in_proj_bias.shape),
                 tensor(m.out_proj.weight.shape), tensor(m.out_proj.bias.shape)]
    else:
        types.append(tensor(m.out_proj.weight.shape))
    attrs = f'name = "attn", num_heads = {H} : i64' + (", batch_first" if batch_first else "")
    body = "\n".join(decls)
    ir = f"""
func.func @f(%q: {tensor(qs)}, %k: {tensor(ks)}, %v: {tensor(ks)}) -> ({tensor(out.shape)}, {tensor(weights.shape)}) {{
{body}
  %o, %a = qnn.multihead_attention %q, %k, %v, in_proj({inproj}), out_proj({outproj}) {{{attrs}}}
      : ({tensor(qs)}, {tensor(ks)}, {tensor(ks)}, {', '.join(types)}) -> ({tensor(out.shape)}, {tensor(weights.shape)})
  return %o, %a : {tensor(out.shape)}, {tensor(weights.shape)}
}}"""
    o, a = qnn_run(ir, q.numpy(), k.numpy(), v.numpy())
    np.testing.assert_allclose(o, out.detach().numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(a, weights.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_quantized_multihead_attention_runs_as_dequantize_float_quantize(qnn_run):
    """qnn's quantized multihead_attention: dequantize the operands, float
    attention, quantize the output (documented in docs/numerics.md)."""
    torch.manual_seed(1)
    E, H, L, N = 8, 2, 3, 1
    m = torch.nn.MultiheadAttention(E, H).eval()
    x = torch.randn(L, N, E)
    qx = torch.quantize_per_tensor(x, 0.03, 128, torch.quint8)
    qw = torch.quantize_per_tensor(m.in_proj_weight.detach(), 0.01, 0, torch.qint8)
    qwo = torch.quantize_per_tensor(m.out_proj.weight.detach(), 0.01, 0, torch.qint8)
    with torch.no_grad():
        m.in_proj_weight.copy_(qw.dequantize())
        m.out_proj.weight.copy_(qwo.dequantize())
    out, _ = m(qx.dequantize(), qx.dequantize(), qx.dequantize())
    ref = torch.quantize_per_tensor(out, 0.02, 120, torch.quint8).int_repr().numpy()
    xt = f"tensor<{L}x{N}x{E}x!quant.uniform<u8:f32, {qx.q_scale()!r}:128>>"
    ot = f"tensor<{L}x{N}x{E}x!quant.uniform<u8:f32, 0.02:120>>"
    c = lambda name, t: f"  %{name} = arith.constant {dense(t.detach().numpy())} : {tensor(t.shape)}"
    wq = "!quant.uniform<i8:f32, 0.01>"
    body = "\n".join([
        f"  %w = qnn.qconstant {dense(qw.int_repr().numpy())} : tensor<24x8xi8> -> tensor<24x8x{wq}>",
        c("b", m.in_proj_bias),
        f"  %wo = qnn.qconstant {dense(qwo.int_repr().numpy())} : tensor<8x8xi8> -> tensor<8x8x{wq}>",
        c("bo", m.out_proj.bias)])
    ir = f"""
func.func @f(%x: {xt}) -> {ot} {{
{body}
  %o = qnn.multihead_attention %x, %x, %x, in_proj(%w, %b), out_proj(%wo, %bo) {{name = "attn", num_heads = {H} : i64}}
      : ({xt}, {xt}, {xt}, tensor<24x8x{wq}>, tensor<24xf32>, tensor<8x8x{wq}>, tensor<8xf32>) -> {ot}
  return %o : {ot}
}}"""
    (o, _), = qnn_run(ir, qx.int_repr().numpy())
    assert np.abs(o.astype(int) - ref.astype(int)).max() <= 1
