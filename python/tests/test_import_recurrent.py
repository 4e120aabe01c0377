"""Whole recurrent layers and transformer encoders imported by
`qnn.from_torch`, against torch.

nn.GRU, nn.RNN (tanh, relu) and torch.ao.nn.quantized.dynamic.GRU are
unrolled as ATen's CPU layers run them: per layer and direction one
qnn.linear projects the whole input sequence, then each step is a
qnn.linear of the hidden state and the cell's gate arithmetic (add,
sigmoid, tanh, mul, slice). The dynamic GRU goes both ways: the float model's
IR through `qnn.quantize_dynamic`, and torch's `quantize_dynamic` model
imported with its int weights. The dynamic linears are bit-identical to
torch's; sigmoid/tanh are not torch's vectorized kernels, so the outputs
agree within 1e-5 (docs/numerics.md, the recurrent cells' bound; measured
about 2e-7).

nn.TransformerEncoderLayer / nn.TransformerEncoder are traced through their
Python forward (what torch's eval-mode fast path computes): multihead
attention, dropout (identity), residual adds, layer norms and the
feed-forward linears; float within 1e-5, and with the feed-forward linears
dynamically quantized (quantize_dynamic(model, {nn.Linear})) within 1e-5 as
well: the dynamic linears are exact, but their run-time qparams come from
float attention / layer-norm outputs that differ from torch's in the last
bits.
"""
import copy
import itertools
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402

THIS = str(pathlib.Path(__file__).resolve())
TOL = dict(rtol=1e-5, atol=1e-5)


class Recurrent(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x, h=None):
        out, h_n = self.rnn(x, h)
        return out, h_n


def _rnn(kind, layers, bidirectional, batch_first, bias=True):
    kw = dict(num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias)
    if kind == "gru":
        return nn.GRU(4, 5, **kw)
    return nn.RNN(4, 5, nonlinearity=kind.split("_")[1], **kw)


def _inputs(layers, bidirectional, batch_first, h0, seed=1):
    g = torch.Generator().manual_seed(seed)
    T, B = 4, 3
    x = torch.randn((B, T, 4) if batch_first else (T, B, 4), generator=g)
    if not h0:
        return (x,)
    return (x, torch.randn(layers * (2 if bidirectional else 1), B, 5, generator=g))


def _torch(model, inputs):
    with torch.no_grad():
        return [t.numpy() for t in model(*inputs)]


def _assert_close(ours, ref, **tol):
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, **(tol or TOL))


CONFIGS = list(itertools.product([1, 2], [False, True], [False, True], [False, True]))
CONFIG_IDS = [f"L{n}-{'bi' if b else 'uni'}-{'bf' if f else 'tf'}-{'h0' if h else 'noh0'}"
              for n, b, f, h in CONFIGS]


@pytest.mark.parametrize("kind", ["gru", "rnn_tanh", "rnn_relu"])
@pytest.mark.parametrize("layers,bidirectional,batch_first,h0", CONFIGS, ids=CONFIG_IDS)
def test_float_gru_rnn(kind, layers, bidirectional, batch_first, h0):
    torch.manual_seed(0)
    model = Recurrent(_rnn(kind, layers, bidirectional, batch_first)).eval()
    x = _inputs(layers, bidirectional, batch_first, h0)
    ir = qnn.from_torch(model, x)
    # One constant per weight, shared by every step.
    n_weights = 4 * layers * (2 if bidirectional else 1)
    assert ir.count("arith.constant dense_resource") == n_weights
    assert "qnn.gru_cell" not in ir and "qnn.rnn_cell" not in ir
    _assert_close(qnn.run(ir, *x), _torch(model, x))


@pytest.mark.parametrize("layers,bidirectional,batch_first,h0", CONFIGS, ids=CONFIG_IDS)
def test_dynamic_gru(layers, bidirectional, batch_first, h0):
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(0)
    model = Recurrent(_rnn("gru", layers, bidirectional, batch_first)).eval()
    x = _inputs(layers, bidirectional, batch_first, h0)
    converted = torch.ao.quantization.quantize_dynamic(model, {nn.GRU}, dtype=torch.qint8)
    assert isinstance(converted.rnn, torch.ao.nn.quantized.dynamic.GRU)
    ref = _torch(converted, x)
    for path, text in [("qnn.quantize_dynamic", qnn.quantize_dynamic(qnn.from_torch(model, x))),
                       ("imported quantize_dynamic model", qnn.from_torch(converted, x))]:
        assert "qnn.qconstant" in text, path
        ours = qnn.run(text, *x)
        for a, b in zip(ours, ref):
            np.testing.assert_allclose(a, b, **TOL, err_msg=path)


def test_dynamic_gru_paths_agree_with_each_other():
    """qnn's quantize_dynamic quantizes the weights as torch does: both
    paths give the same bits."""
    torch.manual_seed(0)
    model = Recurrent(_rnn("gru", 2, True, False)).eval()
    x = _inputs(2, True, False, True)
    converted = torch.ao.quantization.quantize_dynamic(model, {nn.GRU}, dtype=torch.qint8)
    a = qnn.run(qnn.quantize_dynamic(qnn.from_torch(model, x)), *x)
    b = qnn.run(qnn.from_torch(converted, x), *x)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


def test_unbatched_no_bias_hx_keyword():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(4, 5, num_layers=2, bias=False, bidirectional=True)
            self.rnn = nn.RNN(4, 3, nonlinearity="relu")

        def forward(self, x, h):
            out, h_n = self.gru(x, hx=h)
            return out, h_n, self.rnn(x)[0]

    torch.manual_seed(0)
    m = M().eval()
    x = (torch.randn(3, 4), torch.randn(4, 5))
    _assert_close(qnn.run(qnn.from_torch(m, x), *x), _torch(m, x))


def test_compiled_dynamic_gru_equals_run():
    torch.manual_seed(0)
    model = Recurrent(_rnn("gru", 2, True, True)).eval()
    x = _inputs(2, True, True, True)
    converted = torch.ao.quantization.quantize_dynamic(model, {nn.GRU}, dtype=torch.qint8)
    text = qnn.from_torch(converted, x)
    compiled = qnn.compile(text, target="x86-64-avx2")
    got = compiled(*[t.numpy() for t in x])
    for a, b in zip(got, qnn.run(text, *x)):
        np.testing.assert_array_equal(np.asarray(a), b)


# --- Transformer encoders ----------------------------------------------------

class Encoder(nn.Module):
    def __init__(self, stack, norm_first, batch_first, activation="relu"):
        super().__init__()
        layer = nn.TransformerEncoderLayer(8, 2, 16, norm_first=norm_first, batch_first=batch_first,
                                           activation=activation)
        self.enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8)) if stack else layer

    def forward(self, x):
        return self.enc(x)


TRANSFORMER = list(itertools.product([False, True], [False, True], [False, True]))
TRANSFORMER_IDS = [f"{'encoder' if s else 'layer'}-{'norm_first' if n else 'post_norm'}-"
                   f"{'bf' if b else 'tf'}" for s, n, b in TRANSFORMER]


def _encoder_layers(m):
    return [m.enc] if isinstance(m.enc, nn.TransformerEncoderLayer) else list(m.enc.layers)


def _torch_encoder(model, x, batch_first):
    """torch's eval-mode output. torch 1.13 cannot run a batch_first layer
    whose linears are dynamic (its fast-path check reads `.is_cuda` of the
    dynamic Linear's `weight` method and raises AttributeError); its Python
    forward computes the same as the batch_first=False layer on the
    transposed input, which is the reference there."""
    with torch.no_grad():
        try:
            return model(x).numpy()
        except AttributeError:
            assert batch_first
        twin = copy.deepcopy(model)
        for layer in _encoder_layers(twin):
            layer.self_attn.batch_first = False
        return twin(x.transpose(0, 1)).transpose(0, 1).numpy()


@pytest.mark.parametrize("stack,norm_first,batch_first", TRANSFORMER, ids=TRANSFORMER_IDS)
def test_transformer_encoder_float(stack, norm_first, batch_first):
    torch.manual_seed(0)
    m = Encoder(stack, norm_first, batch_first).eval()
    x = torch.randn(3, 5, 8)
    ir = qnn.from_torch(m, x)
    assert "qnn.multihead_attention" in ir and "qnn.layer_norm" in ir
    with torch.no_grad():
        ref = m(x).numpy()  # the fast path where torch takes it
    np.testing.assert_allclose(qnn.run(ir, x)[0], ref, **TOL)


@pytest.mark.parametrize("stack,norm_first,batch_first", TRANSFORMER, ids=TRANSFORMER_IDS)
def test_transformer_encoder_dynamic_linear(stack, norm_first, batch_first):
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(0)
    m = Encoder(stack, norm_first, batch_first).eval()
    x = torch.randn(3, 5, 8)
    converted = torch.ao.quantization.quantize_dynamic(m, {nn.Linear}, dtype=torch.qint8)
    layer = _encoder_layers(converted)[0]
    assert isinstance(layer.linear1, torch.ao.nn.quantized.dynamic.Linear)
    assert type(layer.self_attn.out_proj) is nn.modules.linear.NonDynamicallyQuantizableLinear
    ref = _torch_encoder(converted, x, batch_first)
    for path, text in [("qnn.quantize_dynamic", qnn.quantize_dynamic(qnn.from_torch(m, x))),
                       ("imported quantize_dynamic model", qnn.from_torch(converted, x))]:
        # linear1 and linear2 of every layer; attention stays float as in torch.
        assert text.count("qnn.qconstant") == 2 * len(_encoder_layers(m)), path
        np.testing.assert_allclose(qnn.run(text, x)[0], ref, **TOL, err_msg=path)


# --- Unsupported variants ----------------------------------------------------

def _line_of(fn, text):
    import inspect
    lines, start = inspect.getsourcelines(fn)
    return next(f"{THIS}:{start + i}" for i, line in enumerate(lines) if text in line)


@pytest.mark.parametrize("stack", [False, True], ids=["layer", "encoder"])
def test_gelu_encoder_float(stack):
    """The gelu activation (qnn.gelu, exact erf form) as torch runs it."""
    torch.manual_seed(0)
    m = Encoder(stack, False, True, activation="gelu").eval()
    x = torch.randn(3, 5, 8)
    ir = qnn.from_torch(m, x)
    assert "qnn.gelu" in ir
    with torch.no_grad():
        ref = m(x).numpy()
    np.testing.assert_allclose(qnn.run(ir, x)[0], ref, **TOL)


class Masked(nn.Module):
    def __init__(self, stack):
        super().__init__()
        layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
        self.enc = nn.TransformerEncoder(layer, 2) if stack else layer

    def forward(self, x, mask):
        if isinstance(self.enc, nn.TransformerEncoder):
            return self.enc(x, src_key_padding_mask=mask)
        return self.enc(x, src_mask=mask)


@pytest.mark.parametrize("stack", [False, True], ids=["layer-src_mask", "encoder-padding_mask"])
def test_masked_encoder_is_a_clear_error(stack):
    mask = torch.zeros(3, 5, dtype=torch.bool) if stack else torch.zeros(5, 5)
    with pytest.raises(qnn.UnsupportedModuleError) as info:
        qnn.from_torch(Masked(stack).eval(), (torch.randn(3, 5, 8), mask))
    e = info.value
    assert e.path.startswith("enc")
    assert e.source == _line_of(Masked.forward, "self.enc(x, src_key_padding_mask" if stack
                                else "self.enc(x, src_mask")
    kind = "TransformerEncoder" if stack else "TransformerEncoderLayer"
    assert f"torch's {kind} at 'enc'" in str(e) and "mask" in str(e)


def test_packed_sequence_is_a_clear_error():
    class Packed(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(4, 5)

        def forward(self, x, lengths):
            p = nn.utils.rnn.pack_padded_sequence(x, lengths)
            return self.gru(p)[1]

    with pytest.raises(qnn.UnsupportedModuleError) as info:
        qnn.from_torch(Packed().eval(), (torch.randn(3, 2, 4), torch.tensor([3, 2])))
    assert info.value.source == _line_of(Packed.forward, "pack_padded_sequence")
