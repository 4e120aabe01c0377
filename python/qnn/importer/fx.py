"""torch FX graph-mode quantization models (`prepare_fx`, `prepare_qat_fx`,
`convert_fx` outputs, and any other `torch.fx.GraphModule`).

A GraphModule already is a graph: it is imported node by node as torch
wrote it rather than traced again. `fx_graph` runs a private copy of it on
the example inputs (`torch.fx.Interpreter`) to give every node its concrete
value, and specializes the values that are not tensors (sizes, shapes) into
their users' arguments, as the concrete tracer does.

Prepared models (observers or FakeQuantize modules called at the root,
`activation_post_process_N`) are imported so that qnn's `convert` computes
what torch's `convert_fx` computes. The observers become `qnn.observe` /
`qnn.fake_quant` with their state. torch's convert turns every observer
into quantize + dequantize and then lowers only the patterns in
torch.ao.quantization.fx._lower_to_native_backend to quantized ops; the
same classification is made here, with torch's own pattern lists:

- weighted modules (their qconfig on the op) and the fused/QAT forms;
- `add`/`mul` of observed tensors (`torch.ops.quantized.add`/`mul`, and
  `add_relu` when a ReLU follows): the op gets the node's qconfig;
- torch's special patterns: ops that run on the quantized input with its
  qparams (pools, relu, flatten, view, ...), the fixed-qparams ones
  (sigmoid, tanh, hardsigmoid), `cat` (the first input's qparams, as
  torch's quantized cat) and F.hardswish / F.elu (the output observer's
  qparams);
- every other op stays float in torch (dequantize, float op, quantize):
  its inputs go through a `qnn.dequant_stub`, so qnn's convert dequantizes
  them too, even where qnn has a quantized form of the op.

The model's outputs are dequantized (torch's convert_fx returns float
unless `output_quantized_idxs` says otherwise).
"""
import copy
import operator
import os
import re

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.node import map_arg

_TORCH_DIR = os.path.dirname(torch.__file__) + os.sep

from torch.ao.nn.quantized.reference.modules.utils import ReferenceQuantizedModule
from torch.ao.quantization.observer import FixedQParamsObserver

from ..qconfig import observer_attr
from .common import (UnsupportedModuleError, _FakeQuantizeBase, _ObserverBase, _arr, _f32_array,
                     _fn_name, _where)
from .registry import _function_handler, _module_handler


def _float_boundary(x):
    """Marks a value torch's convert_fx dequantizes before a float op."""
    return x


def _add_relu(x, y):
    """add followed by relu, lowered by torch to quantized.add_relu."""
    return torch.relu(x + y)


@_function_handler(_float_boundary)
def _emit_float_boundary(em, node, fn, args, out_shape, name, rt):
    """qnn.dequant_stub before an op convert_fx leaves in float."""
    x, xt = args[0]
    res = em.fresh()
    em.op(f'{res} = qnn.dequant_stub {x} {{name = "{name}"}} : {xt} -> {rt}')
    return res


@_function_handler(_add_relu)
def _emit_add_relu(em, node, fn, args, out_shape, name, rt):
    """qnn.add_relu for an FX add followed by a ReLU that convert_fx fuses."""
    (x, xt), (y, yt) = args[:2]
    res = em.fresh()
    em.op(f'{res} = qnn.add_relu {x}, {y} {{name = "{name}"}} : ({xt}, {yt}) -> {rt}')
    return res


@_module_handler(_ObserverBase, _FakeQuantizeBase)
def _root_observer(em, n, m, ins, kw, shape, rt):
    """qnn.observe or qnn.fake_quant: an observer or FakeQuantize called as
    a node (prepare_fx and prepare_qat_fx put them at the root:
    activation_post_process_N)."""
    x, xt = ins[0]
    if isinstance(m, FixedQParamsObserver):
        # Its scale and zero point live on a qnn.fake_quant (with both flags
        # off it is the identity an observer is in the forward).
        res = em.fresh()
        em.op(f'{res} = qnn.fake_quant {x} {{name = "{n.target}", observer = {observer_attr(m)}, '
              f'observer_enabled = false, fake_quant_enabled = false, '
              f'scale = {_f32_array(m.scale)}, '
              f'zero_point = {_arr(m.zero_point.reshape(-1))}}} : {xt}')
        return (res, xt)
    return (em.observer(n.target, m, x, xt), xt)


def _source_of(node):
    """"file:line" of the innermost model-code frame of the stack fx
    recorded for the node (innermost first), if it recorded one."""
    for path, line in re.findall(r'File "([^"]+)", line (\d+)', node.stack_trace or ""):
        if not os.path.abspath(path).startswith(_TORCH_DIR):
            return f"{path}:{line}"
    return None


def _error(node, scopes, message, what):
    path = node.target if node.op == "call_module" else scopes.get(node.name, ("",))[0]
    source = _source_of(node)
    return UnsupportedModuleError(f"qnn cannot import {message}{_where(path, source)}",
                                  what=what, path=path, source=source)


class _Recorder(torch.fx.Interpreter):
    """Runs the graph and records each node's value in node.meta."""

    def run_node(self, n):
        value = super().run_node(n)
        n.meta["concrete"] = value
        return value


def _tensor_meta(value):
    from torch.fx.passes.shape_prop import _extract_tensor_metadata
    if isinstance(value, torch.Tensor):
        return _extract_tensor_metadata(value)
    if isinstance(value, (tuple, list)) and any(isinstance(v, torch.Tensor) for v in value):
        return type(value)(_tensor_meta(v) for v in value)
    return None


def _holds_tensor(value):
    if isinstance(value, (torch.Tensor, torch.ScriptObject)):
        return True
    if isinstance(value, (tuple, list)):
        return any(_holds_tensor(v) for v in value)
    return False


def fx_graph(gm, example_inputs):
    """The graph of GraphModule `gm` (a copy) with every node's concrete
    value on `example_inputs`, non-tensor values specialized into their
    users, and a prepared model's nodes classified as torch's convert_fx
    lowers them."""
    twin = copy.deepcopy(gm)  # its observers see the example inputs, not gm's
    graph = twin.graph
    scopes = getattr(gm, "_node_name_to_scope", {}) or {}
    placeholders = [n for n in graph.nodes if n.op == "placeholder"]
    if len(placeholders) != len(example_inputs):
        raise UnsupportedModuleError(
            f"{len(example_inputs)} example inputs for a GraphModule taking {len(placeholders)}",
            what="GraphModule", path="", source=None)
    try:
        with torch.no_grad():
            _Recorder(twin).run(*example_inputs)
    except Exception as e:  # noqa: BLE001 -- reported with its location
        first = (str(e).strip().splitlines() or [""])[0]
        raise UnsupportedModuleError(f"the GraphModule does not run on the example inputs "
                                     f"({type(e).__name__}: {first})", what="GraphModule", path="",
                                     source=None) from e
    for n in graph.nodes:
        value = n.meta.get("concrete")
        n.meta["qnn_scope"] = n.target if n.op == "call_module" else scopes.get(n.name, ("",))[0]
        n.meta["qnn_source"] = _source_of(n)
        meta = _tensor_meta(value)
        if meta is not None:
            n.meta["tensor_meta"] = meta
    _specialize(graph)
    _mark_qparams(graph)
    modules = dict(gm.named_modules(remove_duplicate=False))
    for n in graph.nodes:
        m = modules.get(n.target) if n.op == "call_module" else None
        for part in ([] if m is None else [m] + list(m.children())):
            # Reference modules (convert_to_reference_fx) other than conv
            # and linear are float modules to the handlers: their weight
            # quantization would be lost.
            if (isinstance(part, ReferenceQuantizedModule)
                    and not isinstance(part, (nn.modules.conv._ConvNd, nn.Linear))):
                raise _error(n, scopes, f"the reference module {type(part).__name__} (qnn imports "
                             "reference Conv*d/ConvTranspose*d/Linear)", type(part).__name__)
    if any(_is_observer(n, modules) for n in graph.nodes):
        _lower_like_convert_fx(gm, graph, modules, scopes)
    return graph


def _specialize(graph):
    """Values that are not tensors (x.size(0), x.shape) become constants in
    their users' arguments, as torch.jit.trace would specialize them."""
    for n in list(graph.nodes):
        if n.op in ("output", "get_attr") or _holds_tensor(n.meta.get("concrete")):
            continue
        value = n.meta.get("concrete")
        for user in list(n.users):
            user.args = map_arg(user.args, lambda a: value if a is n else a)
            user.kwargs = map_arg(user.kwargs, lambda a: value if a is n else a)
        graph.erase_node(n)


def _mark_qparams(graph):
    """get_attr nodes of a converted model's output scales / zero points
    (`_scale_0`, `conv_input_zero_point_0`) read only by quantize_per_tensor
    and torch.ops.quantized ops: the traced result types carry them, so they
    are not emitted as constants."""
    def qparam_use(u):
        return u.op == "call_function" and (
            u.target is torch.quantize_per_tensor
            or getattr(u.target, "__module__", None) == "torch._ops.quantized")
    for n in graph.nodes:
        value = n.meta.get("concrete")
        if (n.op == "get_attr" and n.users and isinstance(value, torch.Tensor)
                and value.numel() == 1 and all(qparam_use(u) for u in n.users)):
            n.meta["qnn_qparam"] = True


def _is_observer(n, modules):
    return n.op == "call_module" and isinstance(modules.get(n.target), (_ObserverBase,
                                                                         _FakeQuantizeBase))


# ReLU forms whose quantized output torch's convert_fx fuses into add_relu.
_RELU_FUNCTIONS = (F.relu, torch.relu)


def _is_relu(n, modules):
    """The ReLU forms torch's _match_static_pattern folds into the op."""
    if n.op == "call_function":
        return n.target in _RELU_FUNCTIONS
    return n.op == "call_module" and type(modules.get(n.target)) is nn.ReLU


# Modules torch's convert_fx swaps for quantized weighted modules (float,
# fused and QAT forms; nn.intrinsic's fused modules are Sequentials).
_WEIGHTED = (nn.modules.conv._ConvNd, nn.Linear, torch.nn.intrinsic._FusedModule)


# Default (`is_default_node`) functions qnn imports with the output observer's
# qparams, as torch.ops.quantized.hardswish / elu take them.
_QUANTIZED_DEFAULT_FUNCTIONS = {F.hardswish, F.elu}


def _lower_like_convert_fx(gm, graph, modules, scopes):
    """Classifies each node of a prepared graph as torch's convert_fx
    lowers it (see the module docstring) and rewrites the copy accordingly."""
    from torch.ao.quantization.fx import _lower_to_native_backend as lower
    qconfig_map = getattr(gm, "_qconfig_map", {}) or {}
    custom = getattr(gm, "_prepare_custom_config", None)
    if custom is not None and (getattr(custom, "input_quantized_indexes", None)
                               or getattr(custom, "output_quantized_indexes", None)):
        raise UnsupportedModuleError(
            "qnn cannot import a prepared GraphModule with quantized inputs or outputs "
            "(input_quantized_indexes / output_quantized_indexes); qnn's functions take and "
            "return float tensors", what="GraphModule", path="", source=None)

    def observed(a):
        return isinstance(a, torch.fx.Node) and _is_observer(a, modules)

    def output_observed(n):
        return any(_is_observer(u, modules) for u in n.users)

    def skip(n):
        return n.name in qconfig_map and qconfig_map[n.name] is None

    def tensor_args(n):
        out = []
        map_arg((n.args, n.kwargs), lambda a: out.append(a) or a)
        return [a for a in out if isinstance(a.meta.get("concrete"), torch.Tensor)]

    def qconfig_of(n):
        if n.name not in qconfig_map:
            raise _error(n, scopes, f"{_fn_name(n.target)} without a qconfig in the prepared "
                         "model's qconfig map", _fn_name(n.target))
        return qconfig_map[n.name]

    for n in list(graph.nodes):
        if n.op not in ("call_function", "call_method", "call_module") or _is_observer(n, modules):
            continue
        if n.target in (_float_boundary, _add_relu):
            continue
        if n.op == "call_module":
            m = modules[n.target]
            if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and getattr(m, "qconfig", None):
                raise _error(n, scopes, f"{type(m).__name__} with a weight-only qconfig (torch "
                             "quantizes its table with float zero points, which qnn's convert "
                             "does not)", type(m).__name__)
            # Modules keep their qconfig (the op's qconfig attribute): qnn's
            # convert quantizes the weighted ones when observed, as torch
            # lowers them; special-pattern modules run on observed inputs.
            if isinstance(m, _WEIGHTED) and not skip(n):
                continue
            lowered = (lower.is_special_pattern_node(n, modules)[2] and not skip(n)
                       and bool(n.args) and observed(n.args[0]) and output_observed(n))
            if not lowered:
                _float_inputs(graph, n, tensor_args(n))
            continue
        ins = tensor_args(n)
        binary = n.target in lower.QBIN_OP_MAPPING and not skip(n)
        if binary and ins and all(observed(a) for a in ins):
            users = list(n.users)
            relu = users[0] if len(users) == 1 and _is_relu(users[0], modules) else None
            if relu is not None and output_observed(relu):
                if n.target not in (operator.add, torch.add):
                    raise _error(n, scopes, f"{_fn_name(n.target)} followed by relu "
                                 "(torch's quantized mul_relu; qnn has no mul_relu)",
                                 _fn_name(n.target))
                n.target = _add_relu
                n.meta["qnn_qconfig"] = qconfig_of(n)
                relu.replace_all_uses_with(n)
                graph.erase_node(relu)
                continue
            if output_observed(n):
                if n.target is torch.matmul:
                    raise _error(n, scopes, "torch.matmul of quantized tensors (torch's "
                                 "quantized matmul; qnn has no quantized matmul)", "torch.matmul")
                if len(ins) == 2:
                    n.meta["qnn_qconfig"] = qconfig_of(n)
                # a tensor and a scalar: quantized add_scalar / mul_scalar,
                # whose output qparams torch and qnn derive from the input's.
                continue
        first = n.args[0] if n.args else None
        first_observed = (all(observed(a) for a in first) if isinstance(first, (list, tuple))
                          else observed(first))
        special = any(lower.is_special_pattern_node(n, modules))
        if special and first_observed and output_observed(n) and not skip(n):
            if any(lower.is_default_node(n, modules)):
                if n.target not in _QUANTIZED_DEFAULT_FUNCTIONS:
                    raise _error(n, scopes, f"{_fn_name(n.target)} lowered to torch's quantized "
                                 "functional form with the output's qparams", _fn_name(n.target))
                n.meta["qnn_qconfig"] = qconfig_of(n)
            elif n.target is torch.cat:
                n.meta["qnn_attrs"] = "qnn.functional"  # the first input's qparams
            continue
        _float_inputs(graph, n, ins)
    out = next(n for n in graph.nodes if n.op == "output")
    _float_inputs(graph, out, [a for a in _flat(out.args[0]) if isinstance(a, torch.fx.Node)])


def _flat(a):
    if isinstance(a, (tuple, list)):
        return [o for b in a for o in _flat(b)]
    return [a]


def _float_inputs(graph, n, ins):
    """Puts each tensor input of `n` through a _float_boundary node."""
    for a in dict.fromkeys(ins):
        with graph.inserting_before(n):
            b = graph.create_node("call_function", _float_boundary, (a,), {},
                                  name=f"{a.name}_dequantize")
        b.meta.update({k: a.meta[k] for k in ("concrete", "tensor_meta") if k in a.meta})
        b.meta["qnn_scope"] = n.meta.get("qnn_scope", "")
        b.meta["qnn_source"] = n.meta.get("qnn_source")
        n.args = map_arg(n.args, lambda v: b if v is a else v)
        n.kwargs = map_arg(n.kwargs, lambda v: b if v is a else v)
