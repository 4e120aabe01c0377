"""`from_torch`: traces the model, walks its graph through the handler
tables, and prints the qnn function with its qconfig attributes."""
import operator
import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from ..qconfig import qconfig_attr
from ..tracing import TracingError, trace

from .common import (UnsupportedModuleError, _FakeQuantizeBase, _LEAF_TYPES, _ObserverBase,
                     _concrete, _fn_name, _is_value, _post_process, _qtype_of, _ttype, _where)
from .emitter import _Emitter
from .fx import fx_graph
from .quantizable import prepare_for_trace
from .registry import (_CONSTANT_HOOKS, _TRACED_MODULES, _emit_call_module, _emit_function,
                       _traced_module)


def _emit_constant(em, n):
    """A tensor the traced function reads as it is: a model attribute, or a
    tensor the forward built from sizes (torch.zeros(x.size(0), H))."""
    value = n.meta.get("concrete")
    if not isinstance(value, torch.Tensor):
        raise UnsupportedModuleError(f"attribute '{n.target}' of type {type(value).__name__}")
    if value.is_quantized:
        return em.qconst(n.target, value)
    if not value.is_floating_point():
        raise UnsupportedModuleError(f"the {value.dtype} tensor constant '{n.target}'")
    if value.numel() and not bool(value.detach().abs().sum()):
        name = em.fresh()
        em.op(f"{name} = arith.constant dense<0.0> : {_ttype(list(value.shape))}")
        return name, _ttype(list(value.shape))
    return em.const(n.target, value)


def _node_what(n, modules):
    if n.op == "call_module":
        return type(modules[n.target]).__name__
    if n.op in ("call_function", "call_method"):
        return _fn_name(n.target)
    return n.op


# torch.nn modules whose Python forward is traced rather than imported as one
# op: in eval mode torch 1.13 may run a TransformerEncoderLayer through its
# fused "fast path" (torch._transformer_encoder_layer_fwd), which computes
# what the Python forward (self-attention, dropout as identity, residual
# adds, layer norms and the feed-forward linears) computes; tracing that
# forward (a Proxy argument makes has_torch_function true, so the traced
# path is the Python one) imports it as qnn.multihead_attention, qnn.linear,
# qnn.layer_norm, qnn.add and the activation.
_traced_module(nn.TransformerEncoderLayer, "qnn imports it with activation relu and without src_mask / "
                                          "src_key_padding_mask")
_traced_module(nn.TransformerEncoder, "qnn imports it with activation relu and without mask / "
                                     "src_key_padding_mask")


def _trace(module, example_inputs):
    try:
        graph, _ = trace(module, example_inputs, _LEAF_TYPES, tuple(_TRACED_MODULES))
    except TracingError as e:
        raise UnsupportedModuleError(f"qnn cannot trace the model{_where(e.scope, e.source)}: {e}",
                                     path=e.scope, source=e.source) from e.cause
    return graph


def _traced_owner_note(path, modules):
    """" (in the forward of torch's X at 'p': ...)" when the failing node
    comes from the forward of a torch module qnn traces through."""
    parts = path.split(".") if path else []
    for k in range(len(parts), 0, -1):
        owner = modules.get(".".join(parts[:k]))
        if isinstance(owner, tuple(_TRACED_MODULES)):
            kind = type(owner)
            note = next(v for t, v in _TRACED_MODULES.items() if isinstance(owner, t))
            return f" (in the forward of torch's {kind.__name__} at '{'.'.join(parts[:k])}'; {note})"
    return ""


def _flat_outputs(a):
    if isinstance(a, (tuple, list)):
        return [o for b in a for o in _flat_outputs(b)]
    return [a]


def from_torch(module, example_inputs, qconfig_dict=None, prepare_custom_config_dict=None,
               dynamic_batch=False):
    """Emits qnn MLIR text for a float eager-mode `module`.

    `example_inputs` is a tensor or a tuple of tensors; `qconfig_dict` maps
    module paths (str) or module types to torch QConfigs (None keeps a module
    float), as `propagate_qconfig_` takes it. The model is traced on the
    example inputs (python/qnn/tracing.py): Python reading shapes is
    specialized on them, as `torch.jit.trace` would.

    `prepare_custom_config_dict` is torch's argument of that name: its
    `float_to_observed_custom_module_class` swaps nn.LSTM for
    torch.ao.nn.quantizable.LSTM (in a copy of the model) where a qconfig
    applies, as torch's `prepare` does, so qnn's prepare / calibrate /
    convert quantize it as torch's custom-module flow does.

    `dynamic_batch=True` imports the model at batch 1 (the first sample of
    each example input) and marks the function `qnn.dynamic_batch`:
    `qnn-compile`/`qnn.compile` then take the batch per call.
    """
    if isinstance(example_inputs, torch.Tensor):
        example_inputs = (example_inputs,)
    if dynamic_batch:
        example_inputs = tuple(x[:1] for x in example_inputs)
    if isinstance(module, torch.fx.GraphModule):  # FX graph mode: import its graph
        module = module.eval()
        graph = fx_graph(module, tuple(example_inputs))
    else:
        module = prepare_for_trace(module, qconfig_dict, prepare_custom_config_dict).eval()
        graph = _trace(module, tuple(example_inputs))
    modules = dict(module.named_modules(remove_duplicate=False))
    em = _Emitter(module)
    env = {}
    args_decl, results = [], []
    nodes = list(graph.nodes)
    # FloatFunctional: torch op(s) then X.activation_post_process.
    post_of = {}
    for n in nodes:
        if n.op == "call_module" and n.target.endswith(".activation_post_process"):
            owner = n.target[: -len(".activation_post_process")]
            src = n.args[0]
            post_of[src] = owner
            if src.op == "call_function" and src.target in (F.relu, torch.relu) and src.args:
                post_of[src.args[0]] = owner
    for n in nodes:
        if n.op == "output":
            outs = _flat_outputs(n.args[0])
            if not all(isinstance(o, torch.fx.Node) for o in outs):
                raise UnsupportedModuleError("the model returns values that are not tensors computed "
                                             "from its inputs (qnn functions return tensors)")
            # A node with several results (x.chunk(2) returned as it is)
            # contributes each of them.
            results = [r for o in outs for r in (env[o] if isinstance(env[o], list) else [env[o]])]
            if not all(_is_value(r) for r in results):
                raise UnsupportedModuleError("the model returns values that are not tensors")
            continue
        try:
            _import_node(em, n, env, modules, post_of, args_decl)
        except UnsupportedModuleError as e:
            if e.path is not None or e.source is not None:
                raise
            path, source = n.meta.get("qnn_scope", ""), n.meta.get("qnn_source")
            what = _node_what(n, modules)
            if n.op == "call_module":
                msg = f"qnn cannot express {what}{_where(path, source)} ({e})"
            else:
                msg = f"qnn cannot express {e}{_where(path, source)}"
            msg += _traced_owner_note(path, modules)
            raise UnsupportedModuleError(msg, what=what, path=path, source=source) from None
        except Exception as e:  # noqa: BLE001 -- never a raw error from a node's import
            path, source = n.meta.get("qnn_scope", ""), n.meta.get("qnn_source")
            what = _node_what(n, modules)
            raise UnsupportedModuleError(
                f"qnn cannot import {what}{_where(path, source)} ({type(e).__name__}: {e})",
                what=what, path=path, source=source) from e
    attrs = _function_qconfig(module, qconfig_dict)
    if dynamic_batch:
        attrs = attrs[:-1] + ", qnn.dynamic_batch}" if attrs else " attributes {qnn.dynamic_batch}"
    header = (f"func.func @forward({', '.join(args_decl)}) -> "
              f"({', '.join(t for _, t in results)}){attrs} {{")
    ret = f"  return {', '.join(v for v, _ in results)} : {', '.join(t for _, t in results)}"
    text = "\n".join([header] + em.lines + [ret, "}"])
    if em.blobs:
        entries = ",\n".join(
            f'      {k}: "0x{v.itemsize.to_bytes(4, "little").hex()}{v.tobytes().hex()}"'
            for k, v in em.blobs.items())
        text += "\n\n{-#\n  dialect_resources: {\n    builtin: {\n" + entries + "\n    }\n  }\n#-}\n"
    return text


def _import_node(em, n, env, modules, post_of, args_decl):
    """Emits node `n` of the traced graph, recording its value in env."""
    meta = n.meta.get("tensor_meta")
    if n.op == "placeholder":
        if not isinstance(n.meta.get("concrete"), torch.Tensor):
            raise UnsupportedModuleError(f"input '{n.target}' (a "
                                         f"{type(n.meta.get('concrete')).__name__}, not a tensor)")
        shape = list(meta.shape)
        elem = _qtype_of(meta)
        name = f"%{n.name}"
        args_decl.append(f"{name}: {_ttype(shape, elem)}")
        env[n] = (name, _ttype(shape, elem))
        return
    if n.op == "get_attr":
        if n.meta.get("qnn_qparam"):
            # A converted FX model's output scale / zero point: the traced
            # result type of the op reading it carries the value.
            env[n] = ("qparam", n.meta["concrete"])
            return
        if isinstance(n.meta.get("concrete"), torch.ScriptObject):
            # Packed conv/linear params (qF.conv2d, qF.linear prepack their
            # weight in forward): read by the op using them.
            env[n] = ("packed", n.meta["concrete"])
            return
        if n.users:  # e.g. weights a traced forward only inspects
            env[n] = next((v for v in (hook(em, n, modules) for hook in _CONSTANT_HOOKS)
                           if v is not None), None) or _emit_constant(em, n)
        return
    if (n.op == "call_function" and n.target is operator.getitem
            and not isinstance(_concrete(n.args[0]), torch.Tensor)):
        # An element of a tuple/list result (out, (h, c) = self.lstm(x)).
        env[n] = env[n.args[0]][n.args[1]]
        return
    shape = list(meta.shape) if meta is not None and hasattr(meta, "shape") else None
    rt = _ttype(shape, _qtype_of(meta)) if shape is not None else None

    def lookup(a):
        if isinstance(a, torch.fx.Node):
            return env[a]
        if isinstance(a, (list, tuple)):
            return [lookup(b) for b in a]
        return a
    ins = [lookup(a) for a in n.args]
    kw = {k: lookup(v) for k, v in n.kwargs.items()}
    if n.op == "call_module":
        m = modules[n.target]
        if n.target.endswith(".activation_post_process"):
            # FloatFunctional's output: an Identity in float and converted
            # models, an observer or FakeQuantize in prepared ones.
            post = _post_process(modules[n.target[: -len(".activation_post_process")]])
            env[n] = ins[0] if post is None else (
                em.observer(n.target[: -len(".activation_post_process")], post, *ins[0]), ins[0][1])
            return
        env[n] = _emit_call_module(em, n, m, ins, kw, shape, rt)
        post = _post_process(m)
        if post is not None and _is_value(env[n]):
            env[n] = (em.observer(n.target, post, *env[n]), env[n][1])
        return
    if n.op in ("call_function", "call_method"):
        fn = n.target
        owner = post_of.get(n)
        # add followed by relu inside FloatFunctional.add_relu.
        users = list(n.users)
        if (owner and fn in (torch.add, operator.add) and len(users) == 1
                and users[0].op == "call_function" and users[0].target in (F.relu, torch.relu)
                and post_of.get(users[0]) == owner):
            (x, xt), (y, yt) = ins
            res = em.fresh()
            em.op(f'{res} = qnn.add_relu {x}, {y} {{name = "{owner}"}} : ({xt}, {yt}) -> {rt}')
            env[n] = (res, rt)
            env[users[0]] = env[n]
            n.meta["qnn_done"] = True
            users[0].meta["qnn_done"] = True
            return
        if n.meta.get("qnn_done"):
            return
        res = _emit_function(em, n, fn, ins, shape, owner, rt)
        env[n] = (res, rt) if isinstance(res, str) else res
        # An FX-prepared op that torch's convert_fx quantizes (importer/fx.py).
        if n.meta.get("qnn_qconfig") is not None:
            em.add_attrs(res, f"qconfig = {qconfig_attr(n.meta['qnn_qconfig'])}")
        if n.meta.get("qnn_attrs"):
            em.add_attrs(res, n.meta["qnn_attrs"])
        return
    raise UnsupportedModuleError(f"a graph node of kind {n.op}")


def _function_qconfig(module, qconfig_dict):
    entries = []
    root = getattr(module, "qconfig", None)
    if root is not None:
        entries.append(f"global = {qconfig_attr(root)}")
    names, types = {}, {}
    for path, sub in module.named_modules():
        if isinstance(sub, (_ObserverBase, _FakeQuantizeBase)) or ".activation_post_process" in path:
            continue
        if path and "qconfig" in sub.__dict__ and len(list(sub.children())) > 0:
            names[path] = sub.qconfig
    for key, qc in (qconfig_dict or {}).items():
        if isinstance(key, str):
            names[key] = qc
        else:
            types[key] = qc
    if names:
        entries.append("module_name = {" + ", ".join(
            f'"{k}" = {qconfig_attr(v)}' for k, v in names.items()) + "}")
    if types:
        from .qconfig import op_name_of_module_type
        entries.append("object_type = {" + ", ".join(
            f'"{op_name_of_module_type(k)}" = {qconfig_attr(v)}' for k, v in types.items()) + "}")
    if not entries:
        return ""
    return " attributes {qnn.qconfig_dict = {" + ", ".join(entries) + "}}"
