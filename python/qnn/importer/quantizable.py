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
values, so qnn's convert gives the qparams torch's convert gives.
"""
import copy

import torch
import torch.nn as nn

from .common import UnsupportedModuleError, _elem_of, _type_shape
from .layout import _emit_slice
from .registry import _constant_hook, _function_handler, _traced_module

import torch.ao.nn.quantizable.modules.rnn as _qrnn

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
def _lstm_zero_state(em, node, modules, value):
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
            or bool(concrete.abs().sum())):
        return value
    x, xt = value
    dtype = cell.qconfig.activation().dtype
    observer = "#qnn.observer<fixed_qparams" + (", dtype = qint8" if dtype == torch.qint8 else "") + ">"
    res = em.fresh()
    em.op(f'{res} = qnn.fake_quant {x} {{name = "{node.meta["qnn_scope"]}.zero_state", '
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


_OBSERVED_BUILDERS = {(nn.LSTM, _qrnn.LSTM): _observed_lstm}


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
