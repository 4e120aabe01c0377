"""torch's quantizable (custom-module) LSTM and MultiheadAttention, in their
observed (`torch.ao.nn.quantizable`) and converted (`torch.ao.nn.quantized`)
forms.

torch builds these modules from observable pieces: the LSTM cell from two
Linears (`igates`, `hgates`), FloatFunctional add/mul and sigmoid/tanh, the
layers as Python loops over time steps, layers and directions. The tracer
goes through their Python forward, so each piece imports as the op it is
(qnn.linear with its int weights, qnn.add/mul with the FloatFunctional's
qparams, sigmoid/tanh with their fixed qparams, slices, cat), in torch's own
order and with torch's initial states (quantized zeros, scale 1.0, zero
point 0). A prepared model's observers import as qnn.observe on the same
values, so qnn's convert gives the qparams torch's convert gives. The
MultiheadAttention's float zone (torch.bmm, masked_fill with a constant
bool mask, the float mask add, softmax) gets handlers here, marked
qnn.functional: torch never observes function calls.

`prepare_for_trace` applies torch's `prepare_custom_config_dict` swap
(nn.LSTM / nn.MultiheadAttention to their quantizable forms, without
observers) for qnn's own PTQ of a float model.
"""
import copy
import operator

import numpy as np
import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
import torch.ao.nn.quantizable.modules.activation as _qact
import torch.ao.nn.quantizable.modules.rnn as _qrnn
from torch.ao.quantization.quantize import _remove_activation_post_process

from .common import (UnsupportedModuleError, _arg, _arr, _concrete, _elem_of, _fn_name, _is_value, _ttype,
                     _type_shape)
from .layout import _emit_slice, _reshape
from .registry import _constant_hook, _function_handler, _traced_module

for _kind in (_qrnn.LSTM, _qrnn._LSTMLayer, _qrnn._LSTMSingleLayer, _qrnn.LSTMCell):
    _traced_module(_kind, "qnn traces its Python forward")


@_function_handler("flip", torch.flip)
def _flip(em, node, fn, args, out_shape, name, rt):
    """Tensor.flip(dims): per flipped dim, the unit slices in reverse order
    joined by one qnn.cat (pure data movement: the result keeps the input's
    type, quantized or not). The quantizable LSTM reverses the sequence for
    its backward direction this way."""
    x, xt = args[0]
    dims = node.args[1] if len(node.args) > 1 else node.kwargs.get("dims")
    dims = [dims] if isinstance(dims, int) else list(dims)
    shape = _type_shape(xt)
    elem = _elem_of(xt)
    for d in sorted({d % len(shape) for d in dims}):
        if shape[d] == 1:
            continue
        parts = []
        for i in reversed(range(shape[d])):
            start, end = [0] * len(shape), list(shape)
            start[d], end[d] = i, i + 1
            parts.append(_emit_slice(em, x, xt, shape, start, end, [1] * len(shape), name, elem))
        res = em.fresh()
        em.op(f"{res} = qnn.cat {', '.join(v for v, _ in parts)} "
              f"{{name = \"{name}\", dim = {d} : i64, qnn.functional}}"
              f" : ({', '.join(t for _, t in parts)}) -> {xt}")
        x = res
    return x


@_constant_hook
def _lstm_zero_state(em, node, modules):
    """The zero initial states of a quantizable LSTM that will be quantized
    (a prepared model, or a float one with a qconfig). torch's converted
    LSTM quantizes them with scale 1.0 and zero point 0 in the input's dtype
    (`torch.quantize_per_tensor(zeros, 1.0, 0, x.dtype)`); the prepared
    model runs them float and nothing observes them. A qnn.fake_quant with
    those fixed qparams (the identity on zeros) makes qnn's convert quantize
    them as torch does: the scale matters, since qnnpack quantizes the
    hgates bias with the input scale."""
    cell = modules.get(node.meta.get("qnn_scope", ""))
    concrete = node.meta.get("concrete")
    if (not isinstance(cell, _qrnn.LSTMCell) or getattr(cell, "qconfig", None) is None
            or not isinstance(concrete, torch.Tensor) or concrete.is_quantized
            or not concrete.is_floating_point() or bool(concrete.abs().sum())):
        return None
    zeros, xt = em.fresh(), _ttype(list(concrete.shape))
    em.op(f"{zeros} = arith.constant dense<0.0> : {xt}")
    dtype = cell.qconfig.activation().dtype
    observer = "#qnn.observer<fixed_qparams" + (", dtype = qint8" if dtype == torch.qint8 else "") + ">"
    res = em.fresh()
    em.op(f'{res} = qnn.fake_quant {zeros} {{name = "{node.meta["qnn_scope"]}.zero_state", '
          f"observer = {observer}, scale = array<f32: 1.0>, zero_point = array<i64: 0>}} : {xt}")
    return res, xt


def _observed_lstm(other, qconfig):
    """torch's `quantizable.LSTM.from_float` without its `prepare`: the
    same layers (`_LSTMLayer.from_float`, the float weights), every
    submodule carrying the qconfig as torch's prepare propagates it, and no
    observers, which qnn's prepare inserts."""
    observed = _qrnn.LSTM(other.input_size, other.hidden_size, other.num_layers, other.bias,
                          other.batch_first, other.dropout, other.bidirectional)
    for idx in range(other.num_layers):
        observed.layers[idx] = _qrnn._LSTMLayer.from_float(other, idx, qconfig, batch_first=False)
    for sub in observed.modules():
        sub.qconfig = qconfig
    return observed.eval()


def _observed_mha(other, qconfig):
    """torch's `quantizable.MultiheadAttention.from_float` (the float
    weights split into linear_Q/K/V, out_proj) with the observers its
    explicit `prepare` inserts taken out again: qnn's prepare inserts them.
    The FloatFunctional's observer goes back to its Identity."""
    other = copy.deepcopy(other)
    other.qconfig = qconfig
    observed = _qact.MultiheadAttention.from_float(other)
    for sub in observed.modules():
        if isinstance(sub, torch.ao.nn.quantized.FloatFunctional):
            sub.activation_post_process = nn.Identity()
        else:
            _remove_activation_post_process(sub)
        sub.qconfig = qconfig
    return observed.eval()


_OBSERVED_BUILDERS = {(nn.LSTM, _qrnn.LSTM): _observed_lstm,
                      (nn.MultiheadAttention, _qact.MultiheadAttention): _observed_mha}


def _traced_lstm_forward(lstm):
    """The quantizable LSTM's forward for tracing: torch's, with a given
    (h0, c0) split per layer first. torch's forward tells a tensor state
    from a per-layer list with `isinstance(hidden[0], Tensor)`, which is
    False for a traced value, so it would take the tensor for the list and
    unpack its first dimension; this does the tensor branch's
    `reshape(num_layers, directions, batch, hidden).unbind(0)` and
    `squeeze(0)` itself and passes the per-layer list on."""
    forward = type(lstm).forward

    def traced(x, hidden=None):
        if hidden is not None and not isinstance(hidden, list):
            d = 2 if lstm.bidirectional else 1
            batch = x.size(0 if lstm.batch_first else 1)
            hx, cx = (t.reshape(lstm.num_layers, d, batch, lstm.hidden_size).unbind(0)
                      for t in hidden)
            hidden = [(hx[i].squeeze(0), cx[i].squeeze(0)) for i in range(lstm.num_layers)]
        return forward(lstm, x, hidden)
    return traced


def prepare_for_trace(module, qconfig_dict, config):
    """The model from_torch traces: `module` itself, or a copy with torch's
    custom-module swap applied (`config` is torch's
    `prepare_custom_config_dict`, whose `float_to_observed_custom_module_class`
    maps a float class to its quantizable class; like torch's `prepare`, a
    module is swapped when its propagated qconfig, from the modules'
    `qconfig` attributes and `qconfig_dict` as `propagate_qconfig_` applies
    them, is not None) and the quantizable LSTMs' forward made traceable
    (_traced_lstm_forward)."""
    mapping = dict((config or {}).get("float_to_observed_custom_module_class", {}))
    for key in config or {}:
        if key not in ("float_to_observed_custom_module_class",
                       "observed_to_quantized_custom_module_class"):
            raise UnsupportedModuleError(f"prepare_custom_config_dict key {key!r}")
    for pair in mapping.items():
        if pair not in _OBSERVED_BUILDERS:
            raise UnsupportedModuleError(
                f"the custom module mapping {pair[0].__name__} -> {pair[1].__name__} (qnn swaps "
                + ", ".join(f"{a.__module__}.{a.__name__} -> {b.__module__}.{b.__name__}"
                            for a, b in _OBSERVED_BUILDERS) + ")")
    swap = [name for name, m in module.named_modules() if name and type(m) in mapping]
    if not swap and not any(isinstance(m, _qrnn.LSTM) for m in module.modules()):
        return module
    module = copy.deepcopy(module)
    if swap:
        scratch = copy.deepcopy(module)
        torch.ao.quantization.propagate_qconfig_(scratch, qconfig_dict)
        for name in swap:
            qconfig = getattr(scratch.get_submodule(name), "qconfig", None)
            if qconfig is None:
                continue
            child = module.get_submodule(name)
            parent, _, attr = name.rpartition(".")
            owner = module.get_submodule(parent) if parent else module
            setattr(owner, attr, _OBSERVED_BUILDERS[(type(child), mapping[type(child)])](child, qconfig))
    for m in module.modules():
        if isinstance(m, _qrnn.LSTM):
            m.forward = _traced_lstm_forward(m)
    return module


# torch.ao.nn.quantizable.MultiheadAttention (and its converted subclass
# torch.ao.nn.quantized.MultiheadAttention): traced through _forward_impl,
# whose quantized zone is linear_Q/K/V (qnn.linear, micro-kernels),
# q_scaling_product.mul_scalar and out_proj, and whose float zone (between
# dequant_q/k/v and quant_attn_output / quant_attn_output_weights) is the
# two bmm, the masks, softmax and the reshapes.
_traced_module(_qact.MultiheadAttention,
               "qnn traces its Python forward (masks: constants of the traced function)")


def _emit(em, text):
    res = em.fresh()
    em.op(f"{res} = {text}")
    return res


@_function_handler(torch.bmm, "bmm")
def _bmm(em, node, fn, args, out_shape, name, rt):
    """Float torch.bmm(a, b) as one qnn.linear per batch entry:
    `a[i] @ b[i] = linear(a[i], weight = b[i]^T)` with no bias, a sum over
    k from zero in k order, as ATen's bmm kernel for small products
    (`baddbmm_cpu_kernel` when contraction x rows x cols < 400; larger ones
    go to the BLAS, whose summation order is its own)."""
    (a, at), (b, bt) = args[:2]
    # qnn.functional: a float function call, never observed nor quantized.
    if _elem_of(at) != "f32" or _elem_of(bt) != "f32":
        raise UnsupportedModuleError("torch.bmm of quantized tensors (torch has no quantized bmm)")
    (n, rows, k), (_, _, cols) = _type_shape(at), _type_shape(bt)
    b_t = _emit(em, f'qnn.permute {b} {{name = "{name}", dims = array<i64: 0, 2, 1>}}'
                    f" : {bt} -> {_ttype([n, cols, k])}")
    parts = []
    for i in range(n):
        ai, ait = _emit_slice(em, a, at, [n, rows, k], [i, 0, 0], [i + 1, rows, k], [1, 1, 1], name, "f32")
        wi, wit = _emit_slice(em, b_t, _ttype([n, cols, k]), [n, cols, k], [i, 0, 0], [i + 1, cols, k],
                              [1, 1, 1], name, "f32")
        ai = _reshape(em, ai, ait, name, _ttype([rows, k]))
        wi = _reshape(em, wi, wit, name, _ttype([cols, k]))
        yi = _emit(em, f'qnn.linear {ai}, {wi} {{name = "{name}", qnn.functional}} : '
                       f"({_ttype([rows, k])}, {_ttype([cols, k])}) -> {_ttype([rows, cols])}")
        parts.append(_reshape(em, yi, _ttype([rows, cols]), name, _ttype([1, rows, cols])))
    if n == 1:
        return parts[0]
    return _emit(em, f'qnn.cat {", ".join(parts)} {{name = "{name}", dim = 0 : i64, qnn.functional}}'
                     f' : ({", ".join([_ttype([1, rows, cols])] * n)}) -> {rt}')


_MASK_VIEWS = ("unsqueeze", torch.unsqueeze, "view", "reshape", torch.reshape)


def _mask_source(arg):
    """The get_attr node a mask operand is a view of, or None."""
    while isinstance(arg, torch.fx.Node) and arg.op != "get_attr":
        if arg.target not in _MASK_VIEWS:
            return None
        arg = arg.args[0]
    return arg


def _only_fills_with_minus_inf(node):
    """True when every use of `node` (through views) is the mask of a
    masked_fill(_) with -inf."""
    for user in node.users:
        if user.target in _MASK_VIEWS and user.args[0] is node:
            if not _only_fills_with_minus_inf(user):
                return False
        elif not (user.target in ("masked_fill", "masked_fill_", torch.masked_fill)
                  and len(user.args) > 2 and user.args[1] is node and user.args[0] is not node
                  and user.args[2] == float("-inf")):
            return False
    return True


@_constant_hook
def _additive_mask(em, node, modules):
    """A bool mask constant used only to fill with -inf (the attention masks)
    becomes its additive form, -inf where True and 0 where False:
    `x + mask` is `masked_fill(x, mask, -inf)` for every finite x."""
    concrete = node.meta.get("concrete")
    if (not isinstance(concrete, torch.Tensor) or concrete.dtype != torch.bool
            or not _only_fills_with_minus_inf(node)):
        return None
    additive = torch.zeros(concrete.shape).masked_fill(concrete, float("-inf"))
    return em.const(node.target, additive)


@_function_handler("masked_fill", "masked_fill_", torch.masked_fill)
def _masked_fill(em, node, fn, args, out_shape, name, rt):
    """masked_fill(x, mask, -inf) with a constant bool mask (imported in its
    additive form): qnn.add with broadcasting."""
    source = _mask_source(node.args[1])
    if (source is None or node.meta.get("concrete") is None or len(node.args) < 3
            or node.args[2] != float("-inf") or not _only_fills_with_minus_inf(source)):
        raise UnsupportedModuleError(
            f"{_fn_name(fn)} (qnn imports masked_fill with -inf and a bool mask that is a "
            "constant of the traced function)")
    (x, xt), (m, mt) = args[:2]
    return _emit(em, f'qnn.add {x}, {m} {{name = "{name}", qnn.functional}} : ({xt}, {mt}) -> {rt}')


@_function_handler(F.softmax, torch.softmax, "softmax")
def _softmax_function(em, node, fn, args, out_shape, name, rt):
    """qnn.softmax over `dim` (F.softmax / Tensor.softmax / torch.softmax)."""
    dim = _arg(node, 1, "dim", None)
    if dim is None or node.kwargs.get("dtype") is not None or (len(node.args) > 3 and node.args[3]):
        raise UnsupportedModuleError(f"{_fn_name(fn)} without dim or with a dtype")
    x, xt = args[0]
    return _emit(em, f'qnn.softmax {x} {{name = "{name}", dim = {dim} : i64}} : {xt} -> {rt}')


@_function_handler(F.dropout)
def _dropout_function(em, node, fn, args, out_shape, name, rt):
    """No op: F.dropout in eval (training=False) is the identity, as qnn.dropout is."""
    if _arg(node, 2, "training", True):
        raise UnsupportedModuleError("F.dropout with training=True (qnn imports eval-mode models)")
    return args[0][0]


@_function_handler("mean", torch.mean, first=True)
def _mean_over_dims(em, node, fn, args, out_shape, name, rt):
    """qnn.mean: torch's integer mean over the innermost dims of a contiguous
    quantized tensor; other means: a float adaptive_avg_pool2d over the
    reduced dims (between qnn.dequantize and qnn.quantize for a quantized
    input).

    torch.mean other than the cases layout's handler imports as a global
    pool (NCHW's dims (2, 3) of a float tensor, or of a quint8 one under the
    'qnnpack' engine with `dim` written (2, 3): QNNPACK's global average
    pool). On a quantized tensor torch 1.13 then averages the innermost
    dims of a contiguous tensor with its integer kernel
    (qmean_inner_dim_kernel), which qnn.mean computes. Otherwise: the
    reduced dims moved last, a float adaptive_avg_pool2d over them (a sum
    in index order, then one division, as ATen's sum + div_), and for a
    quantized input torch's quantized mean: dequantize, float mean,
    quantize with the input's qparams. The pool is marked qnn.functional
    so that qnn's convert does the same to a float model's mean
    (Convert.cpp, isFloatMean)."""
    src = _concrete(node.args[0])
    given = _arg(node, 1, "dim", None)
    dims = [given] if isinstance(given, int) else list(given or range(src.dim()))
    rank = src.dim()
    dims = sorted({d % rank for d in dims}) if rank else []
    if "dtype" in node.kwargs or not rank:
        return None
    x, xt = args[0]
    quantized = "!quant" in xt
    qnnpack_pool = (src.dtype == torch.quint8 and torch.backends.quantized.engine == "qnnpack"
                    and isinstance(given, (tuple, list)) and list(given) == [2, 3])
    if rank == 4 and dims == [2, 3] and (not quantized or qnnpack_pool):
        return None
    shape = list(src.shape)
    if quantized and src.is_contiguous() and dims == list(range(rank - len(dims), rank)):
        return _emit(em, f'qnn.mean {x} {{name = "{name}", dims = {_arr(dims)}}} : {xt} -> {rt}')
    if quantized:
        x = _emit(em, f"qnn.dequantize {x} : {xt} -> {_ttype(shape)}")
        xt = _ttype(shape)
    kept = [d for d in range(rank) if d not in dims]
    perm = kept + dims
    if perm != list(range(rank)):
        pt = _ttype([shape[d] for d in perm])
        x = _emit(em, f'qnn.permute {x} {{name = "{name}", dims = {_arr(perm)}}} : {xt} -> {pt}')
        xt = pt
    outer = int(np.prod([shape[d] for d in kept])) if kept else 1
    inner = int(np.prod([shape[d] for d in dims]))
    x = _reshape(em, x, xt, name, _ttype([1, outer, inner, 1]))
    pooled = _emit(em, f'qnn.adaptive_avg_pool2d {x} {{name = "{name}", output_size = array<i64: 1, 1>, '
                       f'qnn.functional}}'
                       f" : {_ttype([1, outer, inner, 1])} -> {_ttype([1, outer, 1, 1])}")
    ft = _ttype(list(out_shape))
    res = _reshape(em, pooled, _ttype([1, outer, 1, 1]), name, ft)
    if quantized:
        res = _emit(em, f"qnn.quantize {res} : {ft} -> {rt}")
    return res


@_function_handler(operator.add, torch.add, "add", first=True)
def _attention_float_add(em, node, fn, args, out_shape, name, rt):
    """`weights += attn_mask` (a float mask) in the float zone of a
    quantizable MultiheadAttention: a float function call, which torch
    never observes (qnn.functional); other adds go to the generic handler."""
    try:
        owner = em.root.get_submodule(node.meta.get("qnn_scope", ""))
    except AttributeError:
        return None
    if (not isinstance(owner, _qact.MultiheadAttention) or len(args) != 2 or node.kwargs
            or not all(_is_value(a) and _elem_of(a[1]) == "f32" for a in args)):
        return None
    (x, xt), (y, yt) = args
    return _emit(em, f'qnn.add {x}, {y} {{name = "{name}", qnn.functional}} : ({xt}, {yt}) -> {rt}')
