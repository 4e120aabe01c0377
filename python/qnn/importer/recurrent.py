"""LSTM (one qnn.lstm), GRU and RNN (unrolled as ATen runs them), the
LSTM/GRU/RNN cells, and MultiheadAttention; float and dynamic forms."""
import torch.nn as nn
import torch.ao.nn.quantized.dynamic as nnqd

from .common import UnsupportedModuleError, _f64, _is_value, _meta_types, _module_attrs, _ttype
from .registry import _module_handler
from .layout import _emit_slice, _reshape


def _lstm_weights(m):
    """(name, tensor) of an nn.LSTM's (or dynamic LSTM's) weights in
    _flat_weights order: per layer and direction w_ih, w_hh, b_ih, b_hh."""
    if isinstance(m, nnqd.LSTM):
        wb = m._weight_bias()
        table = {**wb["weight"], **wb["bias"]}
    else:
        table = dict(zip(m._flat_weights_names, m._flat_weights))
    names = []
    for layer in range(m.num_layers):
        for suffix in ([""] + (["_reverse"] if m.bidirectional else [])):
            for kind in (["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if m.bias else [])):
                names.append(f"{kind}_l{layer}{suffix}")
    return [(n, table[n]) for n in names]


def _emit_lstm(em, path, m, args, out_types):
    if getattr(m, "proj_size", 0):
        raise UnsupportedModuleError("LSTM with proj_size")
    x, xt = args[0]
    types = [xt]
    init = ""
    if len(args) > 1 and args[1] is not None:
        (h0, ht), (c0, ct) = args[1]
        init = f" init({h0}, {c0})"
        types += [ht, ct]
    names, wtypes = [], []
    for n, w in _lstm_weights(m):
        v = em.qconst(f"{path}.{n}", w) if w.is_quantized else em.const(f"{path}.{n}", w)
        names.append(v[0])
        wtypes.append(v[1])
    attrs = [f"hidden_size = {m.hidden_size} : i64", f"num_layers = {m.num_layers} : i64"]
    if not m.bias:
        attrs.append("has_biases = false")
    if m.batch_first:
        attrs.append("batch_first")
    if m.bidirectional:
        attrs.append("bidirectional")
    o, h, c = em.fresh(), em.fresh(), em.fresh()
    a = _module_attrs(path, m, ", ".join(attrs))
    em.op(f"{o}, {h}, {c} = qnn.lstm {x}{init} weights({', '.join(names)}) {a}"
          f" : ({', '.join(types + wtypes)}) -> ({', '.join(out_types)})")
    return [(o, out_types[0]), [(h, out_types[1]), (c, out_types[2])]]


def _cell_weights(em, path, m):
    """(ssa, type) of w_ih, w_hh and the biases of an RNN/LSTM/GRU cell,
    float or dynamically quantized."""
    if isinstance(m, (nnqd.LSTMCell, nnqd.GRUCell, nnqd.RNNCell)):
        wb = m._weight_bias()
        table = {**wb["weight"], **wb["bias"]}
    else:
        table = {k: getattr(m, k) for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
    out = []
    for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        t = table.get(k)
        if t is None:
            continue
        out.append(em.qconst(f"{path}.{k}", t) if t.is_quantized else em.const(f"{path}.{k}", t))
    return out


def _zeros(em, shape):
    name = em.fresh()
    em.op(f"{name} = arith.constant dense<0.0> : {_ttype(shape)}")
    return name, _ttype(shape)


def _emit_cell(em, path, m, args, out_types):
    """nn.LSTMCell / GRUCell / RNNCell and their dynamic quantized forms."""
    x, xt = args[0]
    lstm = isinstance(m, (nn.LSTMCell, nnqd.LSTMCell))
    state_shape = [int(d) for d in out_types[0][len("tensor<"):].split("x")[:-1]]
    state = args[1] if len(args) > 1 else None
    if lstm:
        h, c = state if state is not None else (_zeros(em, state_shape), _zeros(em, state_shape))
        states = [h, c]
    else:
        states = [state if state is not None else _zeros(em, state_shape)]
    ws = _cell_weights(em, path, m)
    operands = [x] + [v for v, _ in states] + [v for v, _ in ws[:2]]
    text = ", ".join(operands)
    if len(ws) == 4:
        text += f", bias({ws[2][0]}, {ws[3][0]})"
    types = [xt] + [t for _, t in states] + [t for _, t in ws]
    extra = ""
    if isinstance(m, (nn.RNNCell, nnqd.RNNCell)):
        extra = f"nonlinearity = #qnn<nonlinearity {m.nonlinearity}>"
    opname = "lstm_cell" if lstm else "gru_cell" if isinstance(m, (nn.GRUCell, nnqd.GRUCell)) else "rnn_cell"
    results = [em.fresh() for _ in out_types]
    em.op(f"{', '.join(results)} = qnn.{opname} {text} {_module_attrs(path, m, extra)}"
          f" : ({', '.join(types)}) -> ({', '.join(out_types)})")
    pairs = list(zip(results, out_types))
    return pairs if lstm else pairs[0]


def _rnn_weights(m):
    """{name: tensor} of an nn.GRU's / nn.RNN's / dynamic GRU's parameters
    (weight_ih_l0, bias_hh_l1_reverse, ...); dynamic weights are torch's
    per-tensor qint8 tensors."""
    if isinstance(m, nnqd.GRU):
        wb = m._weight_bias()
        return {**wb["weight"], **wb["bias"]}
    return dict(zip(m._flat_weights_names, m._flat_weights))


def _emit_recurrent(em, path, m, args, out_types):
    """nn.GRU, nn.RNN (tanh/relu) and the dynamic GRU, unrolled over layers,
    directions and time as ATen's CPU layers run them (RNN.cpp, FullLayer /
    FullBidirectionalLayer): per layer and direction, the input projection
    `linear_ih` of the whole sequence is one qnn.linear (so a dynamic one
    quantizes the whole sequence with one set of run-time qparams), then
    each step is `linear_hh(h)` (qnn.linear) and the cell's gate arithmetic:
      GRU: r = sigmoid(hr + ir); z = sigmoid(hz + iz);
           n = tanh(in + hn * r); h' = (h - n) * z + n
      RNN: h' = act(linear_hh(h) + linear_ih(x))
    qnn.gru_cell/rnn_cell compute `linear_ih` per step, which a dynamic
    weight would quantize per step, unlike torch's layers. Each weight is one
    constant used by every step; qnn.quantize_dynamic quantizes the linears
    as torch's quantize_dynamic quantizes the module (per-tensor qint8).
    Returns [(output, type), (h_n, type)]."""
    x_arg = args[0]
    if not _is_value(x_arg):
        raise UnsupportedModuleError("a PackedSequence input (qnn imports padded tensors)")
    if getattr(m, "proj_size", 0):
        raise UnsupportedModuleError(f"{type(m).__name__} with proj_size")
    gru = isinstance(m, (nn.GRU, nnqd.GRU))
    if not gru and m.nonlinearity not in ("tanh", "relu"):
        raise UnsupportedModuleError(f"RNN nonlinearity {m.nonlinearity!r}")
    x, xt = x_arg
    xshape = [int(d) for d in xt[len("tensor<"):].split("x")[:-1]]
    batched = len(xshape) == 3
    batch_first = m.batch_first and batched
    if batched:
        T, B = (xshape[1], xshape[0]) if batch_first else (xshape[0], xshape[1])
    else:
        T, B = xshape[0], 1
    H, L, D = m.hidden_size, m.num_layers, 2 if m.bidirectional else 1
    G = 3 if gru else 1
    f32 = lambda shape: _ttype(shape, "f32")  # noqa: E731
    weights = _rnn_weights(m)
    h0 = args[1] if len(args) > 1 and args[1] is not None else None
    if h0 is not None and not _is_value(h0):
        raise UnsupportedModuleError(f"{type(m).__name__} with a hidden state that is not a tensor")

    def op(kind, operands, types, rt, name, attrs=""):
        res = em.fresh()
        a = f'{{name = "{name}"{", " + attrs if attrs else ""}}}'
        if len(operands) == 1:
            em.op(f"{res} = qnn.{kind} {operands[0]} {a} : {types[0]} -> {rt}")
        else:
            em.op(f"{res} = qnn.{kind} {', '.join(operands)} {a} : ({', '.join(types)}) -> {rt}")
        return res, rt

    def reshape(v, shape, name):
        return _reshape(em, v[0], v[1], name, f32(shape)), f32(shape)

    def linear(v, w, b, rows, name):
        ops, types = [v[0], w[0]], [v[1], w[1]]
        if b is not None:
            ops.append(b[0]); types.append(b[1])
        res = em.fresh()
        rt = f32([rows, G * H])
        em.op(f"{res} = qnn.linear {', '.join(ops)} {_module_attrs(name, m)} : ({', '.join(types)}) -> {rt}")
        return res, rt

    def gate(v, shape, rows, k, name):
        """Rows `rows` (start, end, step) and gate columns k of a 2-D value."""
        start, end, step = [rows[0], k * H], [rows[1], (k + 1) * H], [rows[2], 1]
        return _emit_slice(em, v[0], v[1], shape, start, end, step, name, "f32")

    def weight(key):
        t = weights.get(key)
        if t is None:
            return None
        return em.qconst(f"{path}.{key}", t) if t.is_quantized else em.const(f"{path}.{key}", t)

    # The layer input as a 2-D (rows x features) value: row t*B + b
    # (time-major) or b*T + t (batch_first), so step t's rows are a slice.
    def step_rows(t):
        return (t, B * T, T) if batch_first else (t * B, (t + 1) * B, 1)

    layer_in = reshape((x, xt), [T * B, xshape[-1]], f"{path}.input")
    finals, layer_out = [], None
    for layer in range(L):
        dir_outs = []
        for d in range(D):
            sfx = "_reverse" if d else ""
            base = f"{path}.l{layer}{sfx}"
            w_ih, w_hh = weight(f"weight_ih_l{layer}{sfx}"), weight(f"weight_hh_l{layer}{sfx}")
            b_ih = weight(f"bias_ih_l{layer}{sfx}") if m.bias else None
            b_hh = weight(f"bias_hh_l{layer}{sfx}") if m.bias else None
            ig = linear(layer_in, w_ih, b_ih, T * B, f"{base}.ih")
            k = layer * D + d
            if h0 is not None:
                hshape = [L * D, B, H] if batched else [L * D, H]
                part = _emit_slice(em, h0[0], h0[1], hshape, [k] + [0] * (len(hshape) - 1),
                                   [k + 1] + hshape[1:], [1] * len(hshape), f"{base}.h0", "f32")
                h = reshape(part, [B, H], f"{base}.h0")
            else:
                h = _zeros(em, [B, H])
            outs = [None] * T
            for t in (range(T) if d == 0 else reversed(range(T))):
                name = f"{base}.t{t}"
                hg = linear(h, w_hh, b_hh, B, f"{name}.hh")
                bh = f32([B, H])
                if gru:
                    i_r, i_z, i_n = (gate(ig, [T * B, 3 * H], step_rows(t), j, name) for j in range(3))
                    h_r, h_z, h_n = (gate(hg, [B, 3 * H], (0, B, 1), j, name) for j in range(3))
                    r = op("sigmoid", [op("add", [h_r[0], i_r[0]], [bh, bh], bh, name)[0]], [bh], bh, name)
                    z = op("sigmoid", [op("add", [h_z[0], i_z[0]], [bh, bh], bh, name)[0]], [bh], bh, name)
                    hn_r = op("mul", [h_n[0], r[0]], [bh, bh], bh, name)
                    n = op("tanh", [op("add", [i_n[0], hn_r[0]], [bh, bh], bh, name)[0]], [bh], bh, name)
                    # h - n as h + (-n): both exact in IEEE arithmetic.
                    neg_n = op("mul_scalar", [n[0]], [bh], bh, name, f"scalar = {_f64(-1.0)}")
                    diff = op("add", [h[0], neg_n[0]], [bh, bh], bh, name)
                    h = op("add", [op("mul", [diff[0], z[0]], [bh, bh], bh, name)[0], n[0]],
                           [bh, bh], bh, name)
                else:
                    i_t = gate(ig, [T * B, H], step_rows(t), 0, name)
                    pre = op("add", [hg[0], i_t[0]], [bh, bh], bh, name)
                    h = op("relu" if m.nonlinearity == "relu" else "tanh", [pre[0]], [bh], bh, name)
                outs[t] = h
            finals.append(h)
            # Stack the steps: T x B x H (B x T x H batch_first).
            one = [B, 1, H] if batch_first else [1, B, H]
            parts = [reshape(o, one, f"{base}.out") for o in outs]
            st = f32([B, T, H] if batch_first else [T, B, H])
            dir_outs.append(op("cat", [v for v, _ in parts], [t_ for _, t_ in parts], st, f"{base}.out",
                               f"dim = {1 if batch_first else 0} : i64") if T > 1 else
                            reshape(outs[0], [B, T, H] if batch_first else [T, B, H], f"{base}.out"))
        seq = [B, T, D * H] if batch_first else [T, B, D * H]
        layer_out = (dir_outs[0] if D == 1 else
                     op("cat", [v for v, _ in dir_outs], [t_ for _, t_ in dir_outs], f32(seq),
                        f"{path}.l{layer}.out", "dim = 2 : i64"))
        if layer + 1 < L:  # dropout between layers: identity in eval
            layer_in = reshape(layer_out, [T * B, D * H], f"{path}.l{layer + 1}.input")
    out = _reshape(em, layer_out[0], layer_out[1], f"{path}.output", out_types[0]), out_types[0]
    hs = [reshape(h, [1, B, H], f"{path}.h_n") for h in finals]
    hn = hs[0] if len(hs) == 1 else op("cat", [v for v, _ in hs], [t_ for _, t_ in hs],
                                        f32([L * D, B, H]), f"{path}.h_n", "dim = 0 : i64")
    hn = _reshape(em, hn[0], hn[1], f"{path}.h_n", out_types[1]), out_types[1]
    return [out, hn]


def _emit_attention(em, path, m, args, kwargs, out_types):
    """nn.MultiheadAttention (float): query, key, value; need_weights gives
    the head-averaged attention weights as a second result. (The quantizable
    and quantized MultiheadAttention are traced: quantizable.py.)"""
    if not m._qkv_same_embed_dim or m.bias_k is not None or m.add_zero_attn:
        raise UnsupportedModuleError("MultiheadAttention with kdim/vdim, add_bias_kv or add_zero_attn")
    if any(kwargs.get(k) is not None for k in ("key_padding_mask", "attn_mask")) or len(args) > 3:
        raise UnsupportedModuleError("MultiheadAttention masks")
    if kwargs.get("average_attn_weights") is False:
        raise UnsupportedModuleError("MultiheadAttention with average_attn_weights=False")
    (q, qt), (k, kt), (v, vt) = args[:3]
    w = em.const(path + ".in_proj_weight", m.in_proj_weight)
    wo = em.const(path + ".out_proj.weight", m.out_proj.weight)
    inproj, outproj, types = [w], [wo], [qt, kt, vt]
    if m.in_proj_bias is not None:
        inproj.append(em.const(path + ".in_proj_bias", m.in_proj_bias))
    if m.out_proj.bias is not None:
        outproj.append(em.const(path + ".out_proj.bias", m.out_proj.bias))
    types += [t for _, t in inproj] + [t for _, t in outproj]
    attrs = [f"num_heads = {m.num_heads} : i64"] + (["batch_first"] if m.batch_first else [])
    if m.dropout:
        attrs.append(f"dropout = {_f64(m.dropout)}")
    results = [em.fresh() for _ in out_types]
    em.op(f"{', '.join(results)} = qnn.multihead_attention {q}, {k}, {v}, "
          f"in_proj({', '.join(n for n, _ in inproj)}), out_proj({', '.join(n for n, _ in outproj)}) "
          f"{_module_attrs(path, m, ', '.join(attrs))} : ({', '.join(types)}) -> ({', '.join(out_types)})")
    pairs = list(zip(results, out_types))
    return pairs if len(pairs) > 1 else pairs[0]


@_module_handler(nn.LSTM, nnqd.LSTM)
def _lstm_module(em, n, m, ins, kw, shape, rt):
    """qnn.lstm."""
    t = _meta_types(n.meta["tensor_meta"])
    return _emit_lstm(em, n.target, m, ins, [t[0], t[1][0], t[1][1]])


@_module_handler(nn.LSTMCell, nn.GRUCell, nn.RNNCell, nnqd.LSTMCell, nnqd.GRUCell, nnqd.RNNCell)
def _cell_module(em, n, m, ins, kw, shape, rt):
    """qnn.lstm_cell, qnn.gru_cell or qnn.rnn_cell."""
    t = _meta_types(n.meta["tensor_meta"])
    return _emit_cell(em, n.target, m, ins, t if isinstance(t, list) else [t])


@_module_handler(nn.MultiheadAttention)
def _attention_module(em, n, m, ins, kw, shape, rt):
    """qnn.multihead_attention."""
    types = _meta_types(n.meta["tensor_meta"])
    res = _emit_attention(em, n.target, m, ins, kw, [r for r in types if r is not None])
    # Aligned with torch's (output, weights or None).
    res = res if isinstance(res, list) else [res]
    return [res.pop(0) if t is not None else None for t in types]


@_module_handler(nn.GRU, nn.RNN, nnqd.GRU)
def _recurrent_module(em, n, m, ins, kw, shape, rt):
    """qnn.linear per layer and step with the gate arithmetic (unrolled GRU/RNN)."""
    t = _meta_types(n.meta["tensor_meta"])
    ins = list(ins) + [None] * (2 - len(ins))
    ins[1] = kw.get("hx", ins[1])
    return _emit_recurrent(em, n.target, m, ins, t)
