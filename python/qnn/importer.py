"""`qnn.from_torch`: a float eager-mode model -> qnn IR text.

The model is traced with torch.fx (QuantStub, DeQuantStub and torch.nn
modules stay leaves), shapes come from running the example inputs through
the traced graph, and every leaf becomes the qnn op of its module kind with
its module path as `name`. FloatFunctional calls are recognised by their
`activation_post_process` and named after the FloatFunctional module.
Weights are `dense_resource` blobs. Qconfigs set on modules (`.qconfig`)
become `#qnn.qconfig` attributes: the root's as the function's global
qconfig, a leaf's on its op, an inner module's as a `module_name` entry.
"""
import operator

import numpy as np
import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F
from torch.fx.passes.shape_prop import ShapeProp

from .qconfig import qconfig_attr

__all__ = ["from_torch", "UnsupportedModuleError"]


class UnsupportedModuleError(TypeError):
    """A module or function qnn cannot express, with its module path."""


_STUBS = (torch.ao.quantization.QuantStub, torch.ao.quantization.DeQuantStub)


class _Tracer(torch.fx.Tracer):
    def is_leaf_module(self, m, qualname):
        if isinstance(m, _STUBS):
            return True
        return super().is_leaf_module(m, qualname)


def _shape(s):
    return "x".join(str(int(d)) for d in s)


def _ttype(shape, elem="f32"):
    return f"tensor<{_shape(shape)}x{elem}>" if len(shape) else f"tensor<{elem}>"


_DTYPES = {torch.float32: ("f32", "<f4"), torch.int64: ("i64", "<i8"),
           torch.int32: ("i32", "<i4")}


def _qtype_of(meta):
    """The element type of a traced value: f32/i64, or its quant type."""
    if getattr(meta, "is_quantized", False):
        q = meta.qparams
        if q.get("qscheme") not in (torch.per_tensor_affine, torch.per_tensor_symmetric):
            raise UnsupportedModuleError("per-channel quantized activations")
        storage = {torch.quint8: "u8", torch.qint8: "i8", torch.qint32: "i32"}[meta.dtype]
        return f"!quant.uniform<{storage}:f32, {float(q['scale'])!r}:{int(q['zero_point'])}>"
    return _DTYPES.get(meta.dtype, ("f32",))[0]


def _weight_qtype(w):
    """`!quant.uniform` of a torch quantized weight."""
    storage = {torch.quint8: "u8", torch.qint8: "i8"}[w.dtype]
    if w.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric):
        pairs = ", ".join(f"{float(sc)!r}:{int(zp)}" for sc, zp in
                          zip(w.q_per_channel_scales().tolist(), w.q_per_channel_zero_points().tolist()))
        return f"!quant.uniform<{storage}:f32:{w.q_per_channel_axis()}, {{{pairs}}}>"
    return f"!quant.uniform<{storage}:f32, {float(w.q_scale())!r}:{int(w.q_zero_point())}>"


def _pair(v, n):
    if isinstance(v, str):
        raise ValueError(v)
    return list(v) if isinstance(v, (tuple, list)) else [v] * n


def _arr(vals, kind="i64"):
    return f"array<{kind}: {', '.join(str(int(v)) for v in vals)}>"


def _f64(v):
    return f"{float(v)!r} : f64" if "e" in repr(float(v)) or "." in repr(float(v)) else f"{float(v)}.0 : f64"


class _Emitter:
    def __init__(self, root):
        self.root = root
        self.lines = []
        self.blobs = {}
        self.counter = 0
        self.consts = {}

    def fresh(self):
        self.counter += 1
        return f"%v{self.counter}"

    def const(self, path, tensor):
        """A float tensor parameter as a dense_resource constant."""
        key = path
        if key in self.consts:
            return self.consts[key]
        t = tensor.detach().to(torch.float32).contiguous().cpu().numpy()
        blob = "w_" + path.replace(".", "_")
        self.blobs[blob] = t
        name = self.fresh()
        self.lines.append(f"  {name} = arith.constant dense_resource<{blob}> : {_ttype(t.shape)}")
        self.consts[key] = (name, _ttype(t.shape))
        return self.consts[key]

    def qconst(self, path, qweight):
        """A torch quantized weight as a qnn.qconstant over a resource blob."""
        ints = qweight.int_repr().contiguous().cpu().numpy()
        blob = "q_" + path.replace(".", "_")
        self.blobs[blob] = ints
        name = self.fresh()
        qt = f"tensor<{_shape(ints.shape)}x{_weight_qtype(qweight)}>"
        storage = f"tensor<{_shape(ints.shape)}xi{8 * ints.itemsize}>"
        self.lines.append(f"  {name} = qnn.qconstant dense_resource<{blob}> : {storage} -> {qt}")
        return name, qt

    def op(self, text):
        self.lines.append("  " + text)


def _module_attrs(path, module, extra=""):
    attrs = [f'name = "{path}"']
    if "qconfig" in module.__dict__:
        attrs.append(f"qconfig = {qconfig_attr(module.qconfig)}")
    if extra:
        attrs.append(extra)
    return "{" + ", ".join(attrs) + "}"


def _conv_attrs(m, rank):
    if isinstance(m.padding, str):
        raise UnsupportedModuleError("string padding")
    attrs = []
    if any(s != 1 for s in m.stride):
        attrs.append(f"stride = {_arr(m.stride)}")
    if any(p != 0 for p in m.padding):
        attrs.append(f"padding = {_arr(m.padding)}")
    if any(d != 1 for d in m.dilation):
        attrs.append(f"dilation = {_arr(m.dilation)}")
    if m.groups != 1:
        attrs.append(f"groups = {m.groups} : i64")
    return attrs


def _emit_module(em, path, m, args, out_shape, rt):
    """Returns the SSA name of the result of leaf module `m` applied to args
    (list of (ssa, type) pairs); `rt` is the result type."""
    x, xt = args[0]
    res = em.fresh()

    def emit(opname, operands, types, extra="", fused=None):
        ex = ", ".join(e for e in [extra] if e)
        a = _module_attrs(path, m, ex)
        if len(operands) == 1 and not types[1:]:
            em.op(f"{res} = qnn.{opname} {operands[0]} {a} : {types[0]} -> {rt}")
        else:
            em.op(f"{res} = qnn.{opname} {', '.join(operands)} {a} : ({', '.join(types)}) -> {rt}")
        return res

    qres = _emit_quantized_module(em, path, m, x, xt, rt, res)
    if qres is not None:
        return qres
    if isinstance(m, torch.ao.quantization.QuantStub):
        return emit("quant_stub", [x], [xt])
    if isinstance(m, torch.ao.quantization.DeQuantStub):
        return emit("dequant_stub", [x], [xt])
    fused_relu = False
    if isinstance(m, (torch.nn.intrinsic.ConvReLU1d, torch.nn.intrinsic.ConvReLU2d,
                      torch.nn.intrinsic.ConvReLU3d, torch.nn.intrinsic.LinearReLU,
                      torch.nn.intrinsic.BNReLU2d, torch.nn.intrinsic.BNReLU3d)):
        fused_relu = True
        m = m[0]
    conv_kinds = {nn.Conv1d: ("conv1d", 1), nn.Conv2d: ("conv2d", 2), nn.Conv3d: ("conv3d", 3)}
    tconv_kinds = {nn.ConvTranspose1d: ("conv_transpose1d", 1),
                   nn.ConvTranspose2d: ("conv_transpose2d", 2),
                   nn.ConvTranspose3d: ("conv_transpose3d", 3)}
    if type(m) in conv_kinds or type(m) in tconv_kinds:
        opname, rank = conv_kinds.get(type(m)) or tconv_kinds[type(m)]
        if getattr(m, "padding_mode", "zeros") != "zeros":
            raise UnsupportedModuleError(f"padding_mode={m.padding_mode!r}")
        w = em.const(path + ".weight", m.weight)
        ops, types = [x, w[0]], [xt, w[1]]
        if m.bias is not None:
            b = em.const(path + ".bias", m.bias)
            ops.append(b[0]); types.append(b[1])
        attrs = _conv_attrs(m, rank)
        if type(m) in tconv_kinds and any(p != 0 for p in m.output_padding):
            attrs.append(f"output_padding = {_arr(m.output_padding)}")
        if fused_relu:
            attrs.append("fused_relu")
        return emit(opname, ops, types, ", ".join(attrs))
    if isinstance(m, nn.Linear):
        w = em.const(path + ".weight", m.weight)
        ops, types = [x, w[0]], [xt, w[1]]
        if m.bias is not None:
            b = em.const(path + ".bias", m.bias)
            ops.append(b[0]); types.append(b[1])
        return emit("linear", ops, types, "fused_relu" if fused_relu else "")
    if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
        if m.running_mean is None:
            raise UnsupportedModuleError("BatchNorm without running statistics")
        mean = em.const(path + ".running_mean", m.running_mean)
        var = em.const(path + ".running_var", m.running_var)
        a = _module_attrs(path, m, ", ".join(
            s for s in [f"eps = {_f64(m.eps)}" if m.eps != 1e-5 else "",
                        "fused_relu" if fused_relu else ""] if s))
        if m.affine:
            g = em.const(path + ".weight", m.weight)
            bb = em.const(path + ".bias", m.bias)
            em.op(f"{res} = qnn.batch_norm {x}, {mean[0]}, {var[0]}, weight {g[0]}, bias {bb[0]} {a}"
                  f" : ({xt}, {mean[1]}, {var[1]}, {g[1]}, {bb[1]}) -> {rt}")
        else:
            em.op(f"{res} = qnn.batch_norm {x}, {mean[0]}, {var[0]} {a} : ({xt}, {mean[1]}, {var[1]}) -> {rt}")
        return res
    simple = {nn.ReLU: "relu", nn.ReLU6: "relu6", nn.Hardswish: "hardswish",
              nn.Hardsigmoid: "hardsigmoid", nn.Sigmoid: "sigmoid", nn.Tanh: "tanh"}
    if type(m) in simple:
        return emit(simple[type(m)], [x], [xt])
    if isinstance(m, nn.ELU):
        return emit("elu", [x], [xt], f"alpha = {_f64(m.alpha)}")
    if isinstance(m, nn.LeakyReLU):
        return emit("leaky_relu", [x], [xt], f"negative_slope = {_f64(m.negative_slope)}")
    if isinstance(m, nn.Dropout):
        return emit("dropout", [x], [xt], f"p = {_f64(m.p)}")
    if isinstance(m, nn.Softmax):
        if m.dim is None:
            raise UnsupportedModuleError("Softmax without dim")
        return emit("softmax", [x], [xt], f"dim = {m.dim} : i64")
    if isinstance(m, nn.Identity):
        return x
    if isinstance(m, nn.Flatten):
        return emit("flatten", [x], [xt], f"start_dim = {m.start_dim} : i64, end_dim = {m.end_dim} : i64")
    if isinstance(m, nn.MaxPool2d):
        k = _pair(m.kernel_size, 2)
        s = _pair(m.stride if m.stride is not None else m.kernel_size, 2)
        attrs = [f"kernel_size = {_arr(k)}", f"stride = {_arr(s)}"]
        if any(p != 0 for p in _pair(m.padding, 2)):
            attrs.append(f"padding = {_arr(_pair(m.padding, 2))}")
        if any(d != 1 for d in _pair(m.dilation, 2)):
            attrs.append(f"dilation = {_arr(_pair(m.dilation, 2))}")
        if m.ceil_mode:
            attrs.append("ceil_mode")
        return emit("max_pool2d", [x], [xt], ", ".join(attrs))
    if isinstance(m, nn.AvgPool2d):
        k = _pair(m.kernel_size, 2)
        s = _pair(m.stride if m.stride is not None else m.kernel_size, 2)
        attrs = [f"kernel_size = {_arr(k)}", f"stride = {_arr(s)}"]
        if any(p != 0 for p in _pair(m.padding, 2)):
            attrs.append(f"padding = {_arr(_pair(m.padding, 2))}")
        if m.ceil_mode:
            attrs.append("ceil_mode")
        if not m.count_include_pad:
            attrs.append("count_include_pad = false")
        if m.divisor_override:
            attrs.append(f"divisor_override = {m.divisor_override} : i64")
        return emit("avg_pool2d", [x], [xt], ", ".join(attrs))
    if isinstance(m, nn.AdaptiveAvgPool2d):
        return emit("adaptive_avg_pool2d", [x], [xt], f"output_size = {_arr(out_shape[-2:])}")
    if isinstance(m, nn.Embedding):
        w = em.const(path + ".weight", m.weight)
        extra = f"padding_idx = {m.padding_idx} : i64" if m.padding_idx is not None else ""
        return emit("embedding", [x, w[0]], [xt, w[1]], extra)
    if isinstance(m, (nn.LayerNorm,)):
        attrs = [f"normalized_shape = {_arr(m.normalized_shape)}"]
        if m.eps != 1e-5:
            attrs.append(f"eps = {_f64(m.eps)}")
        if m.elementwise_affine:
            g = em.const(path + ".weight", m.weight)
            b = em.const(path + ".bias", m.bias)
            a = _module_attrs(path, m, ", ".join(attrs))
            em.op(f"{res} = qnn.layer_norm {x}, weight {g[0]}, bias {b[0]} {a} : ({xt}, {g[1]}, {b[1]}) -> {rt}")
            return res
        return emit("layer_norm", [x], [xt], ", ".join(attrs))
    raise UnsupportedModuleError(type(m).__name__)


def _lstm_weights(m):
    """(name, tensor) of an nn.LSTM's (or dynamic LSTM's) weights in
    _flat_weights order: per layer and direction w_ih, w_hh, b_ih, b_hh."""
    import torch.ao.nn.quantized.dynamic as nnqd
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
    import torch.ao.nn.quantized.dynamic as nnqd
    if getattr(m, "proj_size", 0):
        raise UnsupportedModuleError("LSTM with proj_size")
    x, xt = args[0]
    ops, types = [x], [xt]
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


def _emit_quantized_module(em, path, m, x, xt, rt, res):
    """Modules of a model torch has already converted: their int weights and
    qparams are imported as they are. Returns None for other modules."""
    import torch.ao.nn.quantized as nnq
    import torch.ao.nn.quantized.dynamic as nnqd
    import torch.nn.intrinsic.quantized as nniq
    if isinstance(m, nnq.Quantize):
        em.op(f"{res} = qnn.quantize {x} : {xt} -> {rt}")
        return res
    if isinstance(m, nnq.DeQuantize):
        em.op(f"{res} = qnn.dequantize {x} : {xt} -> {rt}")
        return res
    kinds = [((nniq.ConvReLU1d,), "conv1d", True), ((nniq.ConvReLU2d,), "conv2d", True),
             ((nniq.ConvReLU3d,), "conv3d", True), ((nnq.Conv1d,), "conv1d", False),
             ((nnq.Conv2d,), "conv2d", False), ((nnq.Conv3d,), "conv3d", False),
             ((nnq.ConvTranspose1d,), "conv_transpose1d", False),
             ((nnq.ConvTranspose2d,), "conv_transpose2d", False),
             ((nnq.ConvTranspose3d,), "conv_transpose3d", False),
             ((nniq.LinearReLU,), "linear", True), ((nnq.Linear, nnqd.Linear), "linear", False)]
    for classes, opname, relu in kinds:
        if not isinstance(m, classes):
            continue
        w = em.qconst(path + ".weight", m.weight())
        ops, types = [x, w[0]], [xt, w[1]]
        bias = m.bias()
        if bias is not None:
            b = em.const(path + ".bias", bias)
            ops.append(b[0]); types.append(b[1])
        attrs = []
        if opname.startswith("conv"):
            attrs = _conv_attrs(m, len(m.stride))
            if opname.startswith("conv_transpose") and any(p != 0 for p in m.output_padding):
                attrs.append(f"output_padding = {_arr(m.output_padding)}")
        if relu:
            attrs.append("fused_relu")
        a = _module_attrs(path, m, ", ".join(attrs))
        em.op(f"{res} = qnn.{opname} {', '.join(ops)} {a} : ({', '.join(types)}) -> {rt}")
        return res
    if isinstance(m, (nnq.ReLU6, nnq.Hardswish, nnq.ELU, nnq.LeakyReLU)):
        opname = {nnq.ReLU6: "relu6", nnq.Hardswish: "hardswish", nnq.ELU: "elu",
                  nnq.LeakyReLU: "leaky_relu"}[type(m)]
        extra = ""
        if isinstance(m, nnq.ELU):
            extra = f"alpha = {_f64(m.alpha)}"
        if isinstance(m, nnq.LeakyReLU):
            extra = f"negative_slope = {_f64(m.negative_slope)}"
        em.op(f"{res} = qnn.{opname} {x} {_module_attrs(path, m, extra)} : {xt} -> {rt}")
        return res
    return None


def _emit_function(em, node, fn, args, out_shape, post_name, rt):
    """call_function / call_method nodes; `rt` is the result type."""
    res = em.fresh()
    name = post_name or node.name
    a = f'{{name = "{name}"}}'
    qops = {torch.ops.quantized.add: "add", torch.ops.quantized.add_relu: "add_relu",
            torch.ops.quantized.mul: "mul"}
    if fn in qops:
        (x, xt), (y, yt) = args[:2]
        em.op(f"{res} = qnn.{qops[fn]} {x}, {y} {a} : ({xt}, {yt}) -> {rt}")
        return res
    if fn in (torch.ops.quantized.cat, torch.cat):
        parts = args[0]
        dim = node.args[1] if len(node.args) > 1 else node.kwargs.get("dim", 0)
        em.op(f"{res} = qnn.cat {', '.join(v for v, _ in parts)} {{name = \"{name}\", dim = {dim} : i64}}"
              f" : ({', '.join(t for _, t in parts)}) -> {rt}")
        return res
    if fn in (torch.add, operator.add, "add") and len(args) == 2 and all(isinstance(v, tuple) for v in args):
        (x, xt), (y, yt) = args
        em.op(f"{res} = qnn.add {x}, {y} {a} : ({xt}, {yt}) -> {rt}")
        return res
    if fn in (torch.mul, operator.mul, "mul") and len(args) == 2 and all(isinstance(v, tuple) for v in args):
        (x, xt), (y, yt) = args
        em.op(f"{res} = qnn.mul {x}, {y} {a} : ({xt}, {yt}) -> {rt}")
        return res
    if fn in (F.relu, torch.relu, "relu"):
        x, xt = args[0]
        em.op(f"{res} = qnn.relu {x} {a} : {xt} -> {rt}")
        return res
    if fn in (torch.flatten, "flatten"):
        x, xt = args[0]
        start = node.args[1] if len(node.args) > 1 else node.kwargs.get("start_dim", 0)
        em.op(f'{res} = qnn.flatten {x} {{name = "{name}", start_dim = {start} : i64}} : {xt} -> {rt}')
        return res
    if fn in (F.adaptive_avg_pool2d, torch._C._nn.adaptive_avg_pool2d):
        x, xt = args[0]
        em.op(f'{res} = qnn.adaptive_avg_pool2d {x} {{name = "{name}", output_size = '
              f'array<i64: {out_shape[-2]}, {out_shape[-1]}>}} : {xt} -> {rt}')
        return res
    if fn in ("reshape", "view", torch.reshape):
        x, xt = args[0]
        em.op(f"{res} = qnn.reshape {x} {a} : {xt} -> {rt}")
        return res
    raise UnsupportedModuleError(getattr(fn, "__name__", str(fn)))


def from_torch(module, example_inputs, qconfig_dict=None):
    """Emits qnn MLIR text for a float eager-mode `module`.

    `example_inputs` is a tensor or a tuple of tensors; `qconfig_dict` maps
    module paths (str) or module types to torch QConfigs (None keeps a module
    float), as `propagate_qconfig_` takes it.
    """
    if isinstance(example_inputs, torch.Tensor):
        example_inputs = (example_inputs,)
    module = module.eval()
    graph = _Tracer().trace(module)
    gm = torch.fx.GraphModule(module, graph)
    ShapeProp(gm).propagate(*example_inputs)
    modules = dict(module.named_modules())
    em = _Emitter(module)
    env = {}
    args_decl, results = [], []
    nodes = list(gm.graph.nodes)
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
        meta = n.meta.get("tensor_meta")
        if n.op == "placeholder":
            shape = list(meta.shape)
            elem = _qtype_of(meta)
            name = f"%{n.name}"
            args_decl.append(f"{name}: {_ttype(shape, elem)}")
            env[n] = (name, _ttype(shape, elem))
            continue
        if n.op == "output":
            outs = n.args[0] if isinstance(n.args[0], (tuple, list)) else (n.args[0],)
            results = [env[o] for o in outs]
            continue
        if n.op == "call_function" and n.target is operator.getitem:
            env[n] = env[n.args[0]][n.args[1]]
            continue
        shape = list(meta.shape) if meta is not None and hasattr(meta, "shape") else None
        rt = _ttype(shape, _qtype_of(meta)) if shape is not None else None

        def lookup(a):
            if isinstance(a, torch.fx.Node):
                return env[a]
            if isinstance(a, (list, tuple)):
                return [lookup(b) for b in a]
            return a
        ins = [lookup(a) for a in n.args]
        if n.op == "call_module":
            if n.target.endswith(".activation_post_process"):
                env[n] = ins[0]
                continue
            m = modules[n.target]
            import torch.ao.nn.quantized.dynamic as nnqd
            if isinstance(m, (nn.LSTM, nnqd.LSTM)):
                tm = n.meta["tensor_meta"]
                out_types = [_ttype(list(tm[0].shape), _qtype_of(tm[0])),
                             _ttype(list(tm[1][0].shape)), _ttype(list(tm[1][1].shape))]
                env[n] = _emit_lstm(em, n.target, m, ins, out_types)
                continue
            try:
                env[n] = (_emit_module(em, n.target, m, ins, shape, rt), rt)
            except UnsupportedModuleError as e:
                raise UnsupportedModuleError(
                    f"qnn cannot express {type(m).__name__} at '{n.target}' ({e})") from None
        elif n.op in ("call_function", "call_method"):
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
                continue
            if n.meta.get("qnn_done"):
                continue
            try:
                env[n] = (_emit_function(em, n, fn, ins, shape, owner, rt), rt)
            except UnsupportedModuleError as e:
                raise UnsupportedModuleError(
                    f"qnn cannot express the function {e} at '{n.name}'") from None
        elif n.op == "get_attr":
            raise UnsupportedModuleError(f"qnn cannot express attribute access '{n.target}'")
    attrs = _function_qconfig(module, qconfig_dict)
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


def _function_qconfig(module, qconfig_dict):
    entries = []
    root = getattr(module, "qconfig", None)
    if root is not None:
        entries.append(f"global = {qconfig_attr(root)}")
    names, types = {}, {}
    for path, sub in module.named_modules():
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
