"""RNN cells and LSTM (float and dynamically quantized) against torch."""
import numpy as np
import pytest
import torch
import torch.ao.nn.quantized.dynamic as nnqd

from irgen import dense, tensor, weight_qtype



def const(name, a):
    a = a.detach().numpy() if hasattr(a, "detach") else a
    return f"  %{name} = arith.constant {dense(a)} : {tensor(a.shape)}"


def qconst(name, qw):
    return (f"  %{name} = qnn.qconstant {dense(qw.int_repr().numpy())} : {tensor(qw.shape, 'i8')}"
            f" -> {tensor(qw.shape, weight_qtype(qw))}")


def wtype(qw):
    return tensor(qw.shape, weight_qtype(qw)) if qw.is_quantized else tensor(qw.shape)


@pytest.mark.parametrize("kind", ["lstm_cell", "gru_cell", "rnn_cell_tanh", "rnn_cell_relu"])
def test_float_cells(qnn_run, kind):
    torch.manual_seed(0)
    I, H, B = 5, 4, 3
    cell = {"lstm_cell": lambda: torch.nn.LSTMCell(I, H),
            "gru_cell": lambda: torch.nn.GRUCell(I, H),
            "rnn_cell_tanh": lambda: torch.nn.RNNCell(I, H, nonlinearity="tanh"),
            "rnn_cell_relu": lambda: torch.nn.RNNCell(I, H, nonlinearity="relu")}[kind]()
    x, h, c = torch.randn(B, I), torch.randn(B, H), torch.randn(B, H)
    consts = "\n".join(const(n, getattr(cell, n)) for n in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
    ws = f"{tensor(cell.weight_ih.shape)}, {tensor(cell.weight_hh.shape)}, {tensor(cell.bias_ih.shape)}, {tensor(cell.bias_hh.shape)}"
    xt, ht = tensor([B, I]), tensor([B, H])
    if kind == "lstm_cell":
        ref_h, ref_c = cell(x, (h, c))
        ir = f"""
func.func @f(%x: {xt}, %h: {ht}, %c: {ht}) -> ({ht}, {ht}) {{
{consts}
  %h1, %c1 = qnn.lstm_cell %x, %h, %c, %weight_ih, %weight_hh, bias(%bias_ih, %bias_hh) {{name = "cell"}}
      : ({xt}, {ht}, {ht}, {ws}) -> ({ht}, {ht})
  return %h1, %c1 : {ht}, {ht}
}}"""
        oh, oc = qnn_run(ir, x.numpy(), h.numpy(), c.numpy())
        np.testing.assert_allclose(oh, ref_h.detach().numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(oc, ref_c.detach().numpy(), rtol=1e-5, atol=1e-6)
        return
    ref = cell(x, h).detach().numpy()
    op = "gru_cell" if kind == "gru_cell" else "rnn_cell"
    attrs = ', nonlinearity = #qnn<nonlinearity relu>' if kind == "rnn_cell_relu" else ""
    ir = f"""
func.func @f(%x: {xt}, %h: {ht}) -> {ht} {{
{consts}
  %h1 = qnn.{op} %x, %h, %weight_ih, %weight_hh, bias(%bias_ih, %bias_hh) {{name = "cell"{attrs}}}
      : ({xt}, {ht}, {ws}) -> {ht}
  return %h1 : {ht}
}}"""
    out, = qnn_run(ir, x.numpy(), h.numpy())
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-6)


def lstm_ir(lstm, weights, T, B, I, batch_first, quantized):
    H, L = lstm.hidden_size, lstm.num_layers
    D = 2 if lstm.bidirectional else 1
    names, decls, types = [], [], []
    for i, w in enumerate(weights):
        n = f"w{i}"
        names.append("%" + n)
        if w.is_quantized:
            decls.append(qconst(n, w))
        else:
            decls.append(const(n, w))
        types.append(wtype(w))
    xs = [B, T, I] if batch_first else [T, B, I]
    os_ = [B, T, D * H] if batch_first else [T, B, D * H]
    st = tensor([L * D, B, H])
    attrs = f'name = "lstm", hidden_size = {H} : i64, num_layers = {L} : i64'
    if lstm.bidirectional:
        attrs += ", bidirectional"
    if batch_first:
        attrs += ", batch_first"
    body = "\n".join(decls)
    return f"""
func.func @f(%x: {tensor(xs)}, %h0: {st}, %c0: {st}) -> ({tensor(os_)}, {st}, {st}) {{
{body}
  %o, %h, %c = qnn.lstm %x init(%h0, %c0) weights({', '.join(names)}) {{{attrs}}}
      : ({tensor(xs)}, {st}, {st}, {', '.join(types)}) -> ({tensor(os_)}, {st}, {st})
  return %o, %h, %c : {tensor(os_)}, {st}, {st}
}}"""


@pytest.mark.parametrize("layers,bidir,batch_first", [(1, False, False), (2, True, True)])
def test_float_lstm(qnn_run, layers, bidir, batch_first):
    torch.manual_seed(1)
    T, B, I, H = 4, 2, 3, 5
    lstm = torch.nn.LSTM(I, H, layers, bidirectional=bidir, batch_first=batch_first).eval()
    D = 2 if bidir else 1
    x = torch.randn(B, T, I) if batch_first else torch.randn(T, B, I)
    h0, c0 = torch.randn(layers * D, B, H), torch.randn(layers * D, B, H)
    ref, (rh, rc) = lstm(x, (h0, c0))
    ir = lstm_ir(lstm, lstm._flat_weights, T, B, I, batch_first, False)
    o, h, c = qnn_run(ir, x.numpy(), h0.numpy(), c0.numpy())
    for got, want in [(o, ref), (h, rh), (c, rc)]:
        np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-5, atol=1e-5)


class Wrap(torch.nn.Module):
    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm


def test_dynamic_lstm(qnn_run):
    torch.manual_seed(2)
    T, B, I, H = 3, 2, 4, 6
    lstm = torch.nn.LSTM(I, H, 1).eval()
    qlstm = torch.ao.quantization.quantize_dynamic(Wrap(lstm), {torch.nn.LSTM},
                                                   dtype=torch.qint8).lstm
    x, h0, c0 = torch.randn(T, B, I), torch.randn(1, B, H), torch.randn(1, B, H)
    ref, (rh, rc) = qlstm(x, (h0, c0))
    wb = qlstm._weight_bias()
    weights = [wb["weight"]["weight_ih_l0"], wb["weight"]["weight_hh_l0"],
               wb["bias"]["bias_ih_l0"], wb["bias"]["bias_hh_l0"]]
    ir = lstm_ir(lstm, weights, T, B, I, False, True)
    o, h, c = qnn_run(ir, x.numpy(), h0.numpy(), c0.numpy())
    # The gate GEMMs are bit-exact (dynamic linear); sigmoid/tanh use libm
    # rather than torch's vectorized kernels: a few ulps.
    for got, want in [(o, ref), (h, rh), (c, rc)]:
        np.testing.assert_allclose(got, want.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kind", ["lstm_cell", "gru_cell", "rnn_cell"])
def test_dynamic_cells(qnn_run, kind):
    torch.manual_seed(5)
    I, H, B = 5, 4, 3
    float_cell = {"lstm_cell": torch.nn.LSTMCell, "gru_cell": torch.nn.GRUCell,
                  "rnn_cell": torch.nn.RNNCell}[kind](I, H)
    q = torch.ao.quantization.quantize_dynamic(Wrap(float_cell), {type(float_cell)},
                                               dtype=torch.qint8).lstm
    # torch 1.13 runs the cell with the biases packed with the weights (its
    # bias_ih/bias_hh attributes are left at their random init).
    wih, bih = q._packed_weight_ih.unpack()
    whh, bhh = q._packed_weight_hh.unpack()
    x, h, c = torch.randn(B, I), torch.randn(B, H), torch.randn(B, H)
    decls = "\n".join([qconst("wih", wih), qconst("whh", whh), const("bih", bih), const("bhh", bhh)])
    ws = f"{wtype(wih)}, {wtype(whh)}, {tensor(bih.shape)}, {tensor(bhh.shape)}"
    xt, ht = tensor([B, I]), tensor([B, H])
    if kind == "lstm_cell":
        rh, rc = q(x, (h, c))
        ir = f"""
func.func @f(%x: {xt}, %h: {ht}, %c: {ht}) -> ({ht}, {ht}) {{
{decls}
  %h1, %c1 = qnn.lstm_cell %x, %h, %c, %wih, %whh, bias(%bih, %bhh) {{name = "cell"}}
      : ({xt}, {ht}, {ht}, {ws}) -> ({ht}, {ht})
  return %h1, %c1 : {ht}, {ht}
}}"""
        oh, oc = qnn_run(ir, x.numpy(), h.numpy(), c.numpy())
        np.testing.assert_allclose(oh, rh.detach().numpy(), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(oc, rc.detach().numpy(), rtol=1e-5, atol=1e-6)
        return
    ref = q(x, h).detach().numpy()
    ir = f"""
func.func @f(%x: {xt}, %h: {ht}) -> {ht} {{
{decls}
  %h1 = qnn.{kind} %x, %h, %wih, %whh, bias(%bih, %bhh) {{name = "cell"}} : ({xt}, {ht}, {ws}) -> {ht}
  return %h1 : {ht}
}}"""
    out, = qnn_run(ir, x.numpy(), h.numpy())
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-6)
