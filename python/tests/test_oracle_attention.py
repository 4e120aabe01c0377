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
