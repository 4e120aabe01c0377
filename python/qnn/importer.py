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
import torch.ao.nn.quantized as nnq
import torch.ao.nn.quantized.dynamic as nnqd
import torch.nn.intrinsic as nni
import torch.nn.intrinsic.qat as nniqat
import torch.nn.intrinsic.quantized as nniq
from torch.fx.passes.shape_prop import _extract_tensor_metadata

from .qconfig import observer_attr, qconfig_attr
from .tracing import TracingError, trace

__all__ = ["from_torch", "UnsupportedModuleError"]


class UnsupportedModuleError(TypeError):
    """A module or function qnn cannot express, or Python qnn cannot trace.

    The message names the module type or function, the qualified path in the
    model of the module (or of the module whose forward makes the call), and
    the call's source line; they are also the attributes `what`, `path` and
    `source` ("file:line") when known."""

    def __init__(self, message, *, what=None, path=None, source=None):
        super().__init__(message)
        self.what = what
        self.path = path
        self.source = source


_STUBS = (torch.ao.quantization.QuantStub, torch.ao.quantization.DeQuantStub)
_ObserverBase = torch.ao.quantization.observer.ObserverBase
_FakeQuantizeBase = torch.ao.quantization.fake_quantize.FakeQuantizeBase
_QAT_RELU = (nniqat.ConvReLU1d, nniqat.ConvReLU2d, nniqat.ConvReLU3d, nniqat.ConvBnReLU1d,
             nniqat.ConvBnReLU2d, nniqat.ConvBnReLU3d, nniqat.LinearReLU)
_CONV_BN = (nniqat.ConvBn1d, nniqat.ConvBn2d, nniqat.ConvBn3d)
# Linear + BatchNorm1d: QAT (weight fake-quant on the BN-scaled weight) and
# the float fusion fuse_modules_qat produces; both become qnn.linear_bn.
_LINEAR_BN = (nniqat.LinearBn1d, nni.LinearBn1d)
_FLOAT_CONV_BN = (nni.ConvBn1d, nni.ConvBn2d, nni.ConvBn3d, nni.ConvBnReLU1d, nni.ConvBnReLU2d,
                  nni.ConvBnReLU3d)
_FLOAT_FUSED = _FLOAT_CONV_BN + (nni.ConvReLU1d, nni.ConvReLU2d, nni.ConvReLU3d, nni.LinearReLU,
                                 nni.BNReLU2d, nni.BNReLU3d)


# Leaves besides torch.nn's modules. Fused modules (float, QAT and
# quantized) are Sequentials that fx would trace through; each is one qnn op.
_LEAF_TYPES = _STUBS + (torch.nn.intrinsic._FusedModule, _ObserverBase, _FakeQuantizeBase)


def _where(path, source):
    """" at 'path' (file:line)" for error messages."""
    text = f" at '{path}'" if path else " in the model's forward"
    return text + (f", called at {source}" if source else "")


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


def _f32_array(t):
    vals = t.detach().reshape(-1).to(torch.float32).tolist()
    return f"array<f32: {', '.join(repr(float(np.float32(v))) for v in vals)}>"


def _observer_state(o):
    """min_val/max_val (and the histogram) of a calibrated observer; nothing
    for one that has not seen data."""
    mn, mx = getattr(o, "min_val", None), getattr(o, "max_val", None)
    if mn is None or mn.numel() == 0 or not torch.isfinite(mn).all():
        return []
    attrs = [f"min_val = {_f32_array(mn)}", f"max_val = {_f32_array(mx)}"]
    if isinstance(o, torch.ao.quantization.observer.HistogramObserver):
        attrs.append(f"histogram = {_f32_array(o.histogram)}")
    return attrs


def _post_process(m):
    """The observer or FakeQuantize a prepared module applies to its output,
    or None (float and converted models)."""
    post = getattr(m, "activation_post_process", None)
    if post is None or isinstance(post, nn.Identity):
        return None
    return post


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

    def observer(self, path, post, x, xt):
        """`qnn.observe` or `qnn.fake_quant` for an observer or FakeQuantize
        module of a prepared model, with its current state. Returns the SSA
        name of the observed value."""
        import torch.ao.quantization.fake_quantize as fq
        res = self.fresh()
        if isinstance(post, fq.FakeQuantizeBase):
            attrs = [f'name = "{path}"', f"observer = {observer_attr(post.activation_post_process)}"]
            attrs += _observer_state(post.activation_post_process)
            if not bool(post.observer_enabled[0]):
                attrs.append("observer_enabled = false")
            if not bool(post.fake_quant_enabled[0]):
                attrs.append("fake_quant_enabled = false")
            scale = getattr(post, "scale", None)
            if scale is not None and (scale.numel() > 1 or float(scale.reshape(-1)[0]) != 1.0
                                      or int(post.zero_point.reshape(-1)[0]) != 0
                                      or isinstance(post, fq.FixedQParamsFakeQuantize)):
                attrs.append(f"scale = {_f32_array(scale)}")
                attrs.append(f"zero_point = array<i64: {', '.join(str(int(v)) for v in post.zero_point.reshape(-1))}>")
            self.op(f"{res} = qnn.fake_quant {x} {{{', '.join(attrs)}}} : {xt}")
        else:
            attrs = [f'name = "{path}"', f"observer = {observer_attr(post)}"] + _observer_state(post)
            self.op(f"{res} = qnn.observe {x} {{{', '.join(attrs)}}} : {xt}")
        return res


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


def _weight(em, path, m):
    """A conv/linear weight constant, behind the module's weight fake-quant
    (QAT-prepared) or weight observer (PTQ-prepared) if it has one."""
    w = em.const(path + ".weight", m.weight)
    post = getattr(m, "weight_fake_quant", None)
    if post is None and _post_process(m) is not None and getattr(m, "qconfig", None) is not None:
        post = m.qconfig.weight()
    if post is None:
        return w
    return em.observer(path + ".weight", post, *w), w[1]


def _embedding_table(em, path, m):
    """The float table of an Embedding(Bag). A converted module's quantized
    table is imported as torch's embedding_byte kernel reads it:
    `fmaf(scale, q, bias)` per row with `bias = -zero_point * scale` in
    float32 (the zero points are floats, which `!quant.uniform` cannot
    express). The fma is exact in double here (a 24-bit scale times an 8-bit
    q, plus a bias of similar magnitude), then rounded once to float32."""
    if not isinstance(m, (nnq.Embedding, nnq.EmbeddingBag)):
        return em.const(path + ".weight", m.weight)
    w = m.weight()
    if w.dtype != torch.quint8:
        return em.const(path + ".weight", w.dequantize())
    q = w.int_repr().numpy().astype(np.float64)
    scale = w.q_per_channel_scales().numpy().astype(np.float32)[:, None]
    bias = (-w.q_per_channel_zero_points().numpy().astype(np.float32)[:, None] * scale).astype(np.float32)
    table = (scale.astype(np.float64) * q + bias.astype(np.float64)).astype(np.float32)
    return em.const(path + ".weight", torch.from_numpy(table))


def _emit_with_bn(em, path, m, bn, res, opname, ops, types, attrs, rt):
    """qnn.conv_bnNd / qnn.linear_bn: `ops` are input, weight and the
    optional bias, followed by the BatchNorm's parameters."""
    params = [em.const(f"{path}.bn.{k}", getattr(bn, k))
              for k in ("weight", "bias", "running_mean", "running_var")]
    if bn.eps != 1e-5:
        attrs.append(f"eps = {_f64(bn.eps)}")
    if bn.momentum != 0.1:
        attrs.append(f"momentum = {_f64(bn.momentum)}")
    if getattr(m, "freeze_bn", False):
        attrs.append("freeze_bn")
    bias = f"bias {ops[2]}, " if len(ops) > 2 else ""
    a = _module_attrs(path, m, ", ".join(attrs))
    em.op(f"{res} = qnn.{opname} {ops[0]}, {ops[1]}, {bias}bn({', '.join(v for v, _ in params)}) {a}"
          f" : ({', '.join(types + [t for _, t in params])}) -> {rt}")
    return res


def _norm(em, path, m, x, xt, rt, res, opname, attrs):
    """layer_norm/group_norm/instance_norm with optional affine weight/bias."""
    a = _module_attrs(path, m, ", ".join(attrs))
    if getattr(m, "weight", None) is not None:
        g = em.const(path + ".weight", m.weight)
        b = em.const(path + ".bias", m.bias)
        em.op(f"{res} = qnn.{opname} {x}, weight {g[0]}, bias {b[0]} {a} : ({xt}, {g[1]}, {b[1]}) -> {rt}")
    else:
        em.op(f"{res} = qnn.{opname} {x} {a} : {xt} -> {rt}")
    return res


def _interpolate_attrs(size, scale_factor, mode, align_corners, rank):
    if mode not in ("nearest", "bilinear"):
        raise UnsupportedModuleError(f"interpolate mode {mode!r}")
    attrs = [f"mode = #qnn<interpolate_mode {mode}>"]
    if size is not None:
        attrs.append(f"size = {_arr(_pair(size, rank))}")
    else:
        attrs.append("scale_factor = array<f64: " + ", ".join(
            repr(float(v)) for v in _pair(scale_factor, rank)) + ">")
    if align_corners is not None:
        attrs.append(f"align_corners = {str(bool(align_corners)).lower()}")
    return ", ".join(attrs)


_POOL_MODULES = {nn.MaxPool1d: ("max", 1), nn.MaxPool2d: ("max", 2), nn.MaxPool3d: ("max", 3),
                 nn.AvgPool1d: ("avg", 1), nn.AvgPool2d: ("avg", 2), nn.AvgPool3d: ("avg", 3),
                 nn.AdaptiveAvgPool1d: ("adaptive_avg", 1), nn.AdaptiveAvgPool2d: ("adaptive_avg", 2),
                 nn.AdaptiveAvgPool3d: ("adaptive_avg", 3), nn.AdaptiveMaxPool2d: ("adaptive_max", 2)}


def _type_shape(ttype):
    """The static shape of a `tensor<...>` type string."""
    body = ttype[len("tensor<"):-1]
    dims = body[:len(body) - len(_elem_of(ttype))].rstrip("x")
    return [int(d) for d in dims.split("x")] if dims else []


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
    bn = None
    if isinstance(m, _FLOAT_FUSED):
        fused_relu = isinstance(m[-1], nn.ReLU)
        if isinstance(m, _FLOAT_CONV_BN):
            bn = m[1]
        m = m[0]
    if isinstance(m, _QAT_RELU + (nniq.BNReLU2d, nniq.BNReLU3d)):
        fused_relu = True
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d,
                      nn.ConvTranspose2d, nn.ConvTranspose3d)):
        rank = len(m.stride)
        if len(_type_shape(xt)) != rank + 2:
            raise UnsupportedModuleError(
                f"an unbatched ({rank + 1}-d) input; qnn's conv ops take N x C x spatial "
                f"(add the batch dimension, e.g. x.unsqueeze(0))")
        transposed = isinstance(m, nn.modules.conv._ConvTransposeNd)
        conv_bn = isinstance(m, _CONV_BN) or bn is not None
        opname = f"conv_transpose{rank}d" if transposed else f"conv_bn{rank}d" if conv_bn else f"conv{rank}d"
        if getattr(m, "padding_mode", "zeros") != "zeros":
            raise UnsupportedModuleError(f"padding_mode={m.padding_mode!r}")
        w = _weight(em, path, m)
        ops, types = [x, w[0]], [xt, w[1]]
        if m.bias is not None:
            b = em.const(path + ".bias", m.bias)
            ops.append(b[0]); types.append(b[1])
        attrs = _conv_attrs(m, rank)
        if transposed and any(p != 0 for p in m.output_padding):
            attrs.append(f"output_padding = {_arr(m.output_padding)}")
        if fused_relu:
            attrs.append("fused_relu")
        if conv_bn:
            return _emit_with_bn(em, path, m, bn if bn is not None else m.bn, res, opname,
                                 ops, types, attrs, rt)
        return emit(opname, ops, types, ", ".join(attrs))
    if isinstance(m, _LINEAR_BN):
        # nniqat.LinearBn1d is an nn.Linear holding .bn; nni.LinearBn1d is
        # Sequential(Linear, BatchNorm1d).
        bn = m.bn if isinstance(m, nn.Linear) else m[1]
        lin = m if isinstance(m, nn.Linear) else m[0]
        w = _weight(em, path, lin)
        ops, types = [x, w[0]], [xt, w[1]]
        if lin.bias is not None:
            b = em.const(path + ".bias", lin.bias)
            ops.append(b[0]); types.append(b[1])
        return _emit_with_bn(em, path, m, bn, res, "linear_bn", ops, types, [], rt)
    if isinstance(m, nn.Linear):
        w = _weight(em, path, m)
        ops, types = [x, w[0]], [xt, w[1]]
        if m.bias is not None:
            b = em.const(path + ".bias", m.bias)
            ops.append(b[0]); types.append(b[1])
        return emit("linear", ops, types, "fused_relu" if fused_relu else "")
    if isinstance(m, nn.modules.batchnorm._BatchNorm):
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
    simple = [(nn.ReLU, "relu"), (nn.ReLU6, "relu6"), (nn.Hardswish, "hardswish"),
              (nn.Hardsigmoid, "hardsigmoid"), (nn.Sigmoid, "sigmoid"), (nn.Tanh, "tanh")]
    for cls, opname in simple:
        if isinstance(m, cls):
            return emit(opname, [x], [xt])
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
    if isinstance(m, tuple(_POOL_MODULES)):
        kind, rank = next(v for t, v in _POOL_MODULES.items() if isinstance(m, t))
        if getattr(m, "return_indices", False):
            raise UnsupportedModuleError(f"{type(m).__name__} with return_indices=True")
        kw = {k: getattr(m, k) for k in _POOL_ARGS[kind] if hasattr(m, k)}
        return _emit_pool(em, kind, rank, x, xt, _type_shape(xt), out_shape, rt,
                          _PoolAttrs(kind, rank, kw, out_shape, path, m))
    if isinstance(m, (nn.EmbeddingBag, nnq.EmbeddingBag)):
        w = _embedding_table(em, path, m)
        ops, types = [x, w[0]], [xt, w[1]]
        text = f"{x}, {w[0]}"
        if len(args) > 1 and args[1] is not None:
            text += f" offsets {args[1][0]}"
            ops.append(args[1][0]); types.append(args[1][1])
        if len(args) > 2 and args[2] is not None:
            text += f" per_sample_weights {args[2][0]}"
            ops.append(args[2][0]); types.append(args[2][1])
        attrs = [f"mode = #qnn<embedding_bag_mode {m.mode}>"]
        if m.include_last_offset:
            attrs.append("include_last_offset")
        if getattr(m, "padding_idx", None) is not None:
            attrs.append(f"padding_idx = {m.padding_idx} : i64")
        em.op(f"{res} = qnn.embedding_bag {text} {_module_attrs(path, m, ', '.join(attrs))}"
              f" : ({', '.join(types)}) -> {rt}")
        return res
    if isinstance(m, (nn.Embedding, nnq.Embedding)):
        w = _embedding_table(em, path, m)
        extra = f"padding_idx = {m.padding_idx} : i64" if getattr(m, "padding_idx", None) is not None else ""
        return emit("embedding", [x, w[0]], [xt, w[1]], extra)
    if isinstance(m, nn.GroupNorm):
        attrs = [f"num_groups = {m.num_groups} : i64"] + ([f"eps = {_f64(m.eps)}"] if m.eps != 1e-5 else [])
        return _norm(em, path, m, x, xt, rt, res, "group_norm", attrs)
    if isinstance(m, nn.modules.instancenorm._InstanceNorm):
        if m.track_running_stats:
            raise UnsupportedModuleError("InstanceNorm with track_running_stats")
        attrs = [f"eps = {_f64(m.eps)}"] if m.eps != 1e-5 else []
        return _norm(em, path, m, x, xt, rt, res, "instance_norm", attrs)
    if isinstance(m, (nn.PReLU, nnq.PReLU)):
        w = (em.qconst(path + ".weight", m.weight) if isinstance(m, nnq.PReLU)
             else em.const(path + ".weight", m.weight))
        return emit("prelu", [x, w[0]], [xt, w[1]])
    if isinstance(m, nn.Upsample):
        return emit("interpolate", [x], [xt], _interpolate_attrs(m.size, m.scale_factor, m.mode,
                                                                   m.align_corners, len(out_shape) - 2))
    if isinstance(m, nn.LayerNorm):
        attrs = [f"normalized_shape = {_arr(m.normalized_shape)}"]
        if m.eps != 1e-5:
            attrs.append(f"eps = {_f64(m.eps)}")
        return _norm(em, path, m, x, xt, rt, res, "layer_norm", attrs)
    if isinstance(m, nn.Hardtanh):  # ReLU6 is one, handled above
        if float(m.min_val) == 0.0 and float(m.max_val) == 6.0:
            return emit("relu6", [x], [xt])
        return emit("hardtanh", [x], [xt], f"min_val = {_f64(m.min_val)}, max_val = {_f64(m.max_val)}")
    if isinstance(m, nn.GELU):
        return emit("gelu", [x], [xt], f'approximate = "{m.approximate}"' if m.approximate != "none" else "")
    if isinstance(m, nn.SiLU):
        return emit("silu", [x], [xt])
    if isinstance(m, nn.modules.padding._ConstantPadNd):
        pad = list(m.padding)
        if any(p < 0 for p in pad):
            raise UnsupportedModuleError(f"padding {tuple(pad)} with negative entries")
        attrs = f"pad = {_arr(pad)}" + (f", value = {_f64(m.value)}" if m.value != 0 else "")
        return emit("pad", [x], [xt], attrs)
    if isinstance(m, (nn.PixelShuffle, nn.PixelUnshuffle)):
        up = isinstance(m, nn.PixelShuffle)
        body = xt[len("tensor<"):-1]
        dims = body[:body.index("!quant")] if "!quant" in body else body[:body.rindex("x") + 1]
        shape = [int(d) for d in dims.split("x") if d]
        return _emit_pixel_shuffle(em, (x, xt), shape, m.upscale_factor if up else m.downscale_factor,
                                   up, path, rt)
    raise UnsupportedModuleError(type(m).__name__)


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
    the head-averaged attention weights as a second result."""
    if isinstance(m, (nnq.MultiheadAttention, torch.ao.nn.quantizable.MultiheadAttention)):
        raise UnsupportedModuleError(
            "quantizable MultiheadAttention observes every internal step; qnn's quantized "
            "multihead_attention quantizes only its boundary (docs/numerics.md)")
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


def _emit_quantized_module(em, path, m, x, xt, rt, res):
    """Modules of a model torch has already converted: their int weights and
    qparams are imported as they are. Returns None for other modules."""
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
        try:
            qweight = m.weight()
        except RuntimeError as e:
            raise UnsupportedModuleError(
                f"torch cannot unpack its weight under the '{torch.backends.quantized.engine}' "
                f"engine ({str(e).splitlines()[0]}); convert it with another engine, e.g. "
                "torch.backends.quantized.engine = 'onednn'") from None
        w = em.qconst(path + ".weight", qweight)
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


# ---------------------------------------------------------------------------
# Functions and Tensor methods: one handler per family, registered against the
# torch functions / method names it handles. A handler gets
# (em, node, fn, args, out_shape, name, rt), `args` being node.args with
# every traced value as its (ssa, type) pair, and returns the result's SSA
# name, a list of (ssa, type) pairs for several results, or None when it
# does not handle this form of the call.

_FUNCTION_HANDLERS = {}


def _function_handler(*targets):
    """Registers a handler for torch functions / Tensor method names."""
    def register(handler):
        for t in targets:
            _FUNCTION_HANDLERS.setdefault(t, []).append(handler)
        return handler
    return register


def supported_functions():
    """The functions and Tensor methods the importer has handlers for."""
    return sorted({t if isinstance(t, str) else getattr(t, "__name__", str(t))
                   for t in _FUNCTION_HANDLERS})


def _is_value(v):
    return isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) and v[0].startswith("%")


def _arg(node, i, key, default):
    return node.args[i] if len(node.args) > i else node.kwargs.get(key, default)


_QUANTIZED_BINARY = {torch.ops.quantized.add: "add", torch.ops.quantized.add_relu: "add_relu",
                     torch.ops.quantized.mul: "mul"}


@_function_handler(*_QUANTIZED_BINARY)
def _quantized_binary(em, node, fn, args, out_shape, name, rt):
    res = em.fresh()
    (x, xt), (y, yt) = args[:2]
    em.op(f'{res} = qnn.{_QUANTIZED_BINARY[fn]} {x}, {y} {{name = "{name}"}} : ({xt}, {yt}) -> {rt}')
    return res


@_function_handler(torch.ops.quantized.cat, torch.cat)
def _cat(em, node, fn, args, out_shape, name, rt):
    res = em.fresh()
    parts = args[0]
    dim = _arg(node, 1, "dim", 0)
    em.op(f"{res} = qnn.cat {', '.join(v for v, _ in parts)} {{name = \"{name}\", dim = {dim} : i64}}"
          f" : ({', '.join(t for _, t in parts)}) -> {rt}")
    return res


_SCALAR_OPS = {torch.ops.quantized.add_scalar: "add_scalar", torch.ops.quantized.mul_scalar: "mul_scalar",
               torch.add: "add_scalar", operator.add: "add_scalar", "add": "add_scalar",
               torch.mul: "mul_scalar", operator.mul: "mul_scalar", "mul": "mul_scalar"}
_BINARY_OPS = {torch.add: "add", operator.add: "add", "add": "add",
               torch.mul: "mul", operator.mul: "mul", "mul": "mul"}


@_function_handler(*_SCALAR_OPS)
def _add_mul(em, node, fn, args, out_shape, name, rt):
    if len(args) != 2 or node.kwargs:
        return None
    if fn in (operator.add, operator.mul) and _is_value(args[1]) and not _is_value(args[0]):
        args = [args[1], args[0]]  # 2 * x: commutative
    res = em.fresh()
    if _is_value(args[0]) and isinstance(args[1], (int, float)) and not isinstance(args[1], bool):
        x, xt = args[0]
        em.op(f'{res} = qnn.{_SCALAR_OPS[fn]} {x} {{name = "{name}", scalar = {_f64(args[1])}}} : {xt} -> {rt}')
        return res
    if fn in _BINARY_OPS and all(_is_value(v) for v in args):
        (x, xt), (y, yt) = args
        em.op(f'{res} = qnn.{_BINARY_OPS[fn]} {x}, {y} {{name = "{name}"}} : ({xt}, {yt}) -> {rt}')
        return res
    return None


@_function_handler(F.interpolate)
def _interpolate(em, node, fn, args, out_shape, name, rt):
    res = em.fresh()
    x, xt = args[0]
    kw = dict(zip(["size", "scale_factor", "mode", "align_corners"], node.args[1:]))
    kw.update(node.kwargs)
    if kw.get("recompute_scale_factor") or kw.get("antialias"):
        raise UnsupportedModuleError("interpolate with recompute_scale_factor/antialias")
    attrs = _interpolate_attrs(kw.get("size"), kw.get("scale_factor"), kw.get("mode", "nearest"),
                               kw.get("align_corners"), len(out_shape) - 2)
    em.op(f'{res} = qnn.interpolate {x} {{name = "{name}", {attrs}}} : {xt} -> {rt}')
    return res


@_function_handler(F.relu, torch.relu, "relu", torch.relu_, "relu_")
def _relu(em, node, fn, args, out_shape, name, rt):
    res = em.fresh()
    x, xt = args[0]
    em.op(f'{res} = qnn.relu {x} {{name = "{name}"}} : {xt} -> {rt}')
    return res


def _unary(em, opname, x, xt, name, rt, attrs=""):
    res = em.fresh()
    extra = f", {attrs}" if attrs else ""
    em.op(f'{res} = qnn.{opname} {x} {{name = "{name}"{extra}}} : {xt} -> {rt}')
    return res


# Activation functions and their Tensor methods: the op of the module kind
# (on a quantized tensor torch runs its quantized kernel of the function:
# relu6, hardsigmoid, sigmoid and tanh as the modules; F.hardswish and
# F.elu raise in torch, so a converted model using them does not trace).
_ACTIVATION_FUNCTIONS = {
    F.relu6: "relu6", F.hardswish: "hardswish", F.hardsigmoid: "hardsigmoid",
    torch.sigmoid: "sigmoid", F.sigmoid: "sigmoid", "sigmoid": "sigmoid", "sigmoid_": "sigmoid",
    torch.sigmoid_: "sigmoid", torch.tanh: "tanh", F.tanh: "tanh", "tanh": "tanh", "tanh_": "tanh",
    torch.tanh_: "tanh", F.silu: "silu", F.gelu: "gelu", torch._C._nn.hardsigmoid: "hardsigmoid",
}


@_function_handler(*_ACTIVATION_FUNCTIONS)
def _activation(em, node, fn, args, out_shape, name, rt):
    x, xt = args[0]
    attrs = ""
    if fn is F.gelu:
        approximate = _arg(node, 1, "approximate", "none")
        attrs = f'approximate = "{approximate}"' if approximate != "none" else ""
    return _unary(em, _ACTIVATION_FUNCTIONS[fn], x, xt, name, rt, attrs)


@_function_handler(F.leaky_relu, "leaky_relu", F.leaky_relu_, torch._C._nn.leaky_relu)
def _leaky_relu(em, node, fn, args, out_shape, name, rt):
    x, xt = args[0]
    slope = _arg(node, 1, "negative_slope", 0.01)
    # qnn.functional: unlike nn.LeakyReLU, not observed; torch's quantized
    # leaky_relu keeps the input's qparams.
    return _unary(em, "leaky_relu", x, xt, name, rt,
                  f"negative_slope = {_f64(slope)}, qnn.functional")


@_function_handler(F.elu, F.elu_)
def _elu(em, node, fn, args, out_shape, name, rt):
    x, xt = args[0]
    alpha = _arg(node, 1, "alpha", 1.0)
    return _unary(em, "elu", x, xt, name, rt, f"alpha = {_f64(alpha)}")


def _emit_hardtanh(em, x, xt, lo, hi, name, rt):
    """qnn.relu6 for (0, 6), otherwise qnn.hardtanh; both keep a quantized
    input's qparams, as torch's quantized hardtanh/clamp do."""
    if float(lo) == 0.0 and float(hi) == 6.0:
        return _unary(em, "relu6", x, xt, name, rt)
    def bound(v):  # MLIR spells infinities by their bits
        if v in (float("inf"), float("-inf")):
            return f"{'0x7FF0000000000000' if v > 0 else '0xFFF0000000000000'} : f64"
        return _f64(v)
    return _unary(em, "hardtanh", x, xt, name, rt, f"min_val = {bound(lo)}, max_val = {bound(hi)}")


@_function_handler(F.hardtanh, F.hardtanh_, torch._C._nn.hardtanh, torch._C._nn.hardtanh_)
def _hardtanh(em, node, fn, args, out_shape, name, rt):
    x, xt = args[0]
    lo, hi = _arg(node, 1, "min_val", -1.0), _arg(node, 2, "max_val", 1.0)
    return _emit_hardtanh(em, x, xt, lo, hi, name, rt)


@_function_handler(torch.clamp, "clamp", torch.clip, "clip", "clamp_", "clip_", torch.clamp_)
def _clamp(em, node, fn, args, out_shape, name, rt):
    """clamp(min, max) with scalar bounds; a missing bound is infinite (torch
    refuses a quantized clamp without both, so only float tensors get here)."""
    lo, hi = _arg(node, 1, "min", None), _arg(node, 2, "max", None)
    if any(isinstance(v, (tuple, torch.fx.Node)) for v in (lo, hi)):
        raise UnsupportedModuleError(f"{_fn_name(fn)} with tensor bounds")
    if lo is None and hi is None:
        return None
    lo = float("-inf") if lo is None else lo
    hi = float("inf") if hi is None else hi
    if lo > hi:
        raise UnsupportedModuleError(f"{_fn_name(fn)} with min {lo} > max {hi}")
    x, xt = args[0]
    return _emit_hardtanh(em, x, xt, lo, hi, name, rt)


@_function_handler(torch.stack)
def _stack(em, node, fn, args, out_shape, name, rt):
    """torch.stack: each input reshaped with a unit dim at `dim`, then a
    qnn.cat along it."""
    parts = args[0]
    dim = _arg(node, 1, "dim", 0)
    dim = dim % len(out_shape)
    unit = list(out_shape)
    unit[dim] = 1
    pieces = []
    for i, (v, t) in enumerate(parts):
        pt = _ttype(unit, _elem_of(t))
        pieces.append((_reshape(em, v, t, f"{name}.{i}", pt), pt))
    if len(pieces) == 1:
        return _reshape(em, pieces[0][0], pieces[0][1], name, rt)
    res = em.fresh()
    # qnn.functional: not observed (unlike FloatFunctional.cat); torch's
    # quantized cat keeps the first input's qparams.
    em.op(f"{res} = qnn.cat {', '.join(v for v, _ in pieces)} "
          f"{{name = \"{name}\", dim = {dim} : i64, qnn.functional}}"
          f" : ({', '.join(t for _, t in pieces)}) -> {rt}")
    return res


def _number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@_function_handler(operator.sub, torch.sub, "sub", torch.subtract, "subtract", torch.rsub)
def _sub(em, node, fn, args, out_shape, name, rt):
    """x - y as x + (-1 * y), x - c as x + (-c), c - x as -1 * x + c (each
    step exact in IEEE arithmetic). torch has no quantized sub: a converted
    model subtracting quantized tensors does not run (nor trace)."""
    alpha = node.kwargs.get("alpha", args[2] if len(args) > 2 else 1)
    if not _number(alpha) or len(args) < 2:
        return None
    a, b = args[0], args[1]
    if fn is torch.rsub:
        a, b = b, a
    neg = lambda v, vt: _unary(em, "mul_scalar", v, vt, name, vt, f"scalar = {_f64(-1.0)}")  # noqa: E731
    if _is_value(a) and _number(b):
        x, xt = a
        return _unary(em, "add_scalar", x, xt, name, rt, f"scalar = {_f64(-alpha * b)}")
    if _number(a) and _is_value(b):
        y, yt = b
        if alpha != 1:
            ny = _unary(em, "mul_scalar", y, yt, name, yt, f"scalar = {_f64(-alpha)}")
        else:
            ny = neg(y, yt)
        return _unary(em, "add_scalar", ny, yt, name, rt, f"scalar = {_f64(a)}")
    if _is_value(a) and _is_value(b):
        (x, xt), (y, yt) = a, b
        ny = _unary(em, "mul_scalar", y, yt, name, yt, f"scalar = {_f64(-alpha)}")
        res = em.fresh()
        em.op(f'{res} = qnn.add {x}, {ny} {{name = "{name}"}} : ({xt}, {yt}) -> {rt}')
        return res
    return None


@_function_handler(F.pad)
def _pad(em, node, fn, args, out_shape, name, rt):
    """F.pad in constant mode: qnn.pad (torch's pad list, last dim first)."""
    pad = list(_arg(node, 1, "pad", ()))
    mode = _arg(node, 2, "mode", "constant")
    value = _arg(node, 3, "value", None)
    if mode != "constant":
        raise UnsupportedModuleError(f"F.pad mode {mode!r} (qnn imports constant padding)")
    x, xt = args[0]
    return _emit_pad(em, x, xt, pad, 0.0 if value is None else value, name, rt)


def _emit_pad(em, x, xt, pad, value, name, rt):
    if any(p < 0 for p in pad):
        raise UnsupportedModuleError(f"padding {tuple(pad)} with negative entries")
    if not any(pad):
        return _reshape(em, x, xt, name, rt)
    attrs = f"pad = {_arr(pad)}" + (f", value = {_f64(value)}" if value != 0 else "")
    return _unary(em, "pad", x, xt, name, rt, attrs)


@_function_handler(F.pixel_shuffle, F.pixel_unshuffle)
def _pixel_shuffle(em, node, fn, args, out_shape, name, rt):
    """pixel_shuffle / pixel_unshuffle as reshape, permute, reshape (data
    movement; a quantized result keeps the input's qparams)."""
    r = _arg(node, 1, "upscale_factor" if fn is F.pixel_shuffle else "downscale_factor", None)
    return _emit_pixel_shuffle(em, args[0], list(_concrete(node.args[0]).shape), r,
                               fn is F.pixel_shuffle, name, rt)


@_function_handler(torch.quantize_per_tensor)
def _quantize_per_tensor(em, node, fn, args, out_shape, name, rt):
    """torch.quantize_per_tensor in forward: qnn.quantize to the traced
    result's type (its scale, zero point and dtype)."""
    if not _is_value(args[0]):
        return None
    x, xt = args[0]
    res = em.fresh()
    em.op(f"{res} = qnn.quantize {x} : {xt} -> {rt}")
    return res


@_function_handler("dequantize", torch.dequantize)
def _dequantize(em, node, fn, args, out_shape, name, rt):
    if not _is_value(args[0]):
        return None
    x, xt = args[0]
    if "!quant" not in xt:
        return x  # dequantize of a float tensor is the identity
    res = em.fresh()
    em.op(f"{res} = qnn.dequantize {x} : {xt} -> {rt}")
    return res


# torch.ao.nn.quantized.functional's hardswish/elu call these with the
# output's scale and zero point, which the traced result type carries.
@_function_handler(torch.ops.quantized.hardswish, torch.ops.quantized.elu)
def _quantized_activation(em, node, fn, args, out_shape, name, rt):
    x, xt = args[0]
    if fn is torch.ops.quantized.elu:
        return _unary(em, "elu", x, xt, name, rt, f"alpha = {_f64(_arg(node, 3, 'alpha', 1.0))}")
    return _unary(em, "hardswish", x, xt, name, rt)


# Pooling functions: (kind, spatial rank) of every form torch's tracing records.
_POOL_FUNCTIONS = {F.max_pool1d: ("max", 1), torch.max_pool1d: ("max", 1),
                   F.max_pool2d: ("max", 2), torch.max_pool2d: ("max", 2),
                   F.max_pool3d: ("max", 3), torch.max_pool3d: ("max", 3),
                   torch.avg_pool1d: ("avg", 1), torch._C._nn.avg_pool2d: ("avg", 2),
                   torch._C._nn.avg_pool3d: ("avg", 3),
                   torch.adaptive_avg_pool1d: ("adaptive_avg", 1),
                   F.adaptive_avg_pool2d: ("adaptive_avg", 2),
                   torch._C._nn.adaptive_avg_pool2d: ("adaptive_avg", 2),
                   F.adaptive_avg_pool3d: ("adaptive_avg", 3),
                   torch._C._nn.adaptive_avg_pool3d: ("adaptive_avg", 3),
                   F.adaptive_max_pool2d: ("adaptive_max", 2),
                   torch._C._nn.adaptive_max_pool2d: ("adaptive_max", 2)}
_POOL_ARGS = {"max": ["kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices"],
              "avg": ["kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                      "divisor_override"],
              "adaptive_avg": ["output_size"], "adaptive_max": ["output_size", "return_indices"]}


def _pool_op_attrs(kind, rank, kw, out_shape):
    """The op attributes of a pool of `kind` over `rank` spatial dims (kw: its
    torch arguments, values of rank entries or one)."""
    if kind.startswith("adaptive"):
        return [f"output_size = {_arr(out_shape[-rank:])}"]
    k = _pair(kw["kernel_size"], rank)
    stride = kw.get("stride")
    stride = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) else _pair(stride, rank)
    attrs = [f"kernel_size = {_arr(k)}", f"stride = {_arr(stride)}"]
    pad = _pair(kw.get("padding", 0), rank)
    if any(pad):
        attrs.append(f"padding = {_arr(pad)}")
    if kind == "max" and any(d != 1 for d in _pair(kw.get("dilation", 1), rank)):
        attrs.append(f"dilation = {_arr(_pair(kw['dilation'], rank))}")
    if kw.get("ceil_mode"):
        attrs.append("ceil_mode")
    if kind == "avg" and not kw.get("count_include_pad", True):
        attrs.append("count_include_pad = false")
    if kind == "avg" and kw.get("divisor_override"):
        attrs.append(f"divisor_override = {kw['divisor_override']} : i64")
    return attrs


def _emit_pool(em, kind, rank, x, xt, in_shape, out_shape, rt, attrs_of):
    """qnn.<kind>_pool2d/3d on `x`; 1-D pools are the 2-D op on the input
    unsqueezed at -2 (N x C x 1 x L), as ATen computes them, float and
    quantized. `attrs_of(kw)` gives the op's attribute text for a dict of
    (possibly unsqueezed) torch arguments. Returns the result's SSA name."""
    if kind == "adaptive_max" and rank != 2:
        raise UnsupportedModuleError(f"adaptive_max_pool{rank}d (qnn has adaptive_max_pool2d)")
    if rank == 1:
        batch = [] if len(in_shape) == 3 else [1]
        elem = _elem_of(xt)
        it = _ttype(batch + list(in_shape[:-1]) + [1, in_shape[-1]], elem)
        ot = _ttype(batch + list(out_shape[:-1]) + [1, out_shape[-1]], elem)
        v = _reshape(em, x, xt, attrs_of.name, it)
        res = em.fresh()
        em.op(f"{res} = qnn.{kind}_pool2d {v} {attrs_of(2)} : {it} -> {ot}")
        return _reshape(em, res, ot, attrs_of.name, rt)
    res = em.fresh()
    em.op(f"{res} = qnn.{kind}_pool{rank}d {x} {attrs_of(rank)} : {xt} -> {rt}")
    return res


class _PoolAttrs:
    """Callable giving a pool's attribute dictionary text for the op's rank
    (a 1-D pool is emitted as 2-D: its window gets a leading 1)."""

    def __init__(self, kind, rank, kw, out_shape, name, module=None):
        self.kind, self.rank, self.kw, self.out_shape = kind, rank, kw, out_shape
        self.name, self.module = name, module

    def __call__(self, op_rank):
        kw, out_shape = dict(self.kw), list(self.out_shape)
        if op_rank != self.rank:  # 1-D as 2-D: a window of height 1
            if not self.kind.startswith("adaptive"):
                k = _pair(kw["kernel_size"], 1)
                stride = kw.get("stride")
                empty = stride is None or (isinstance(stride, (list, tuple)) and not stride)
                kw["kernel_size"] = [1] + k
                kw["stride"] = [1] + (k if empty else _pair(stride, 1))
                kw["padding"] = [0] + _pair(kw.get("padding", 0), 1)
                kw["dilation"] = [1] + _pair(kw.get("dilation", 1), 1)
            out_shape = out_shape[:-1] + [1, out_shape[-1]]
        extra = ", ".join(_pool_op_attrs(self.kind, op_rank, kw, out_shape))
        if self.module is not None:
            return _module_attrs(self.name, self.module, extra)
        return "{" + ", ".join([f'name = "{self.name}"'] + ([extra] if extra else [])) + "}"


@_function_handler(*_POOL_FUNCTIONS)
def _pool(em, node, fn, args, out_shape, name, rt):
    """F.max_pool1d/2d/3d, F.avg_pool1d/2d/3d, F.adaptive_avg_pool1d/2d/3d,
    F.adaptive_max_pool2d and their torch.* / torch._C._nn forms (also
    reached by the torch.nn.quantized.functional pools)."""
    kind, rank = _POOL_FUNCTIONS[fn]
    x, xt = args[0]
    src = _concrete(node.args[0])
    if src.dim() not in (rank + 1, rank + 2):
        return None
    kw = dict(zip(_POOL_ARGS[kind], node.args[1:]))
    kw.update(node.kwargs)
    if kw.get("return_indices"):
        raise UnsupportedModuleError(f"{_fn_name(fn)} with return_indices=True")
    return _emit_pool(em, kind, rank, x, xt, list(src.shape), out_shape, rt,
                      _PoolAttrs(kind, rank, kw, out_shape, name))


@_function_handler(torch.ops.quantized.conv2d, torch.ops.quantized.conv2d_relu,
                   torch.ops.quantized.linear, torch.ops.quantized.linear_relu)
def _quantized_packed(em, node, fn, args, out_shape, name, rt):
    """torch.ops.quantized.conv2d / linear (qF.conv2d, qF.linear) with the
    weight packed in forward: the packed params' int weight and float bias
    as constants, the output qparams from the traced result."""
    (x, xt), packed = args[0], args[1]
    if not (isinstance(packed, tuple) and packed[0] == "packed"):
        return None
    packed = packed[1]
    conv = fn in (torch.ops.quantized.conv2d, torch.ops.quantized.conv2d_relu)
    if conv:
        w, b = packed.unpack()
        if packed.transpose():
            return None
        attrs = []
        if any(v != 1 for v in packed.stride()):
            attrs.append(f"stride = {_arr(packed.stride())}")
        if any(packed.padding()):
            attrs.append(f"padding = {_arr(packed.padding())}")
        if any(v != 1 for v in packed.dilation()):
            attrs.append(f"dilation = {_arr(packed.dilation())}")
        if packed.groups() != 1:
            attrs.append(f"groups = {packed.groups()} : i64")
    else:
        w, b = torch.ops.quantized.linear_unpack(packed)
        attrs = []
    if fn in (torch.ops.quantized.conv2d_relu, torch.ops.quantized.linear_relu):
        attrs.append("fused_relu")
    wv = em.qconst(f"{name}.weight", w)
    ops, types = [x, wv[0]], [xt, wv[1]]
    if b is not None:
        bv = em.const(f"{name}.bias", b)
        ops.append(bv[0]); types.append(bv[1])
    res = em.fresh()
    a = ", ".join([f'name = "{name}"'] + attrs)
    em.op(f"{res} = qnn.{'conv2d' if conv else 'linear'} {', '.join(ops)} {{{a}}}"
          f" : ({', '.join(types)}) -> {rt}")
    return res


def _emit_pixel_shuffle(em, arg, shape, r, up, name, rt):
    x, xt = arg
    *batch, c, h, w = shape
    elem = _elem_of(xt)
    nb = len(batch)
    if up:
        mid = batch + [c // (r * r), r, r, h, w]
        perm = list(range(nb)) + [nb, nb + 3, nb + 1, nb + 4, nb + 2]
    else:
        mid = batch + [c, h // r, r, w // r, r]
        perm = list(range(nb)) + [nb, nb + 2, nb + 4, nb + 1, nb + 3]
    mt = _ttype(mid, elem)
    v = _reshape(em, x, xt, name, mt)
    pshape = [mid[p] for p in perm]
    pt = _ttype(pshape, elem)
    v = _emit_permute(em, v, mt, mid, perm, name, pt)
    return _reshape(em, v, pt, name, rt)


@_function_handler(torch.flatten, "flatten")
def _flatten(em, node, fn, args, out_shape, name, rt):
    res = em.fresh()
    x, xt = args[0]
    start = _arg(node, 1, "start_dim", 0)
    end = _arg(node, 2, "end_dim", -1)
    extra = f", end_dim = {end} : i64" if end != -1 else ""
    em.op(f'{res} = qnn.flatten {x} {{name = "{name}", start_dim = {start} : i64{extra}}} : {xt} -> {rt}')
    return res


def _reshape(em, x, xt, name, rt):
    if xt == rt:
        return x
    res = em.fresh()
    em.op(f'{res} = qnn.reshape {x} {{name = "{name}"}} : {xt} -> {rt}')
    return res


# Shape functions whose result is the input's elements in their order: all
# are qnn.reshape (to the traced, static shape), or nothing when the shape
# does not change.
@_function_handler("reshape", "view", torch.reshape, "view_as", "reshape_as", "squeeze", "unsqueeze",
                   torch.squeeze, torch.unsqueeze, "contiguous", "detach", torch.detach)
def _view(em, node, fn, args, out_shape, name, rt):
    if fn == "contiguous" and (len(args) > 1 or node.kwargs):
        return None  # a memory format
    x, xt = args[0]
    return _reshape(em, x, xt, name, rt)


def _concrete(a):
    return a.meta.get("concrete") if isinstance(a, torch.fx.Node) else a


def _only_unit_dims_move(shape, perm):
    """True when permuting `shape` by `perm` keeps the order of the dims
    larger than one, so the permutation is a reshape."""
    kept = [d for d in perm if shape[d] != 1]
    return kept == sorted(kept)


def _emit_permute(em, x, xt, shape, perm, name, rt):
    """qnn.permute, or a qnn.reshape (nothing) when only size-1 dims move."""
    if _only_unit_dims_move(shape, perm):
        return _reshape(em, x, xt, name, rt)
    res = em.fresh()
    em.op(f'{res} = qnn.permute {x} {{name = "{name}", dims = {_arr(perm)}}} : {xt} -> {rt}')
    return res


def _transpose_dims(node, first, second):
    """dim0/dim1 of transpose/swapdims or axis0/axis1 of swapaxes."""
    a = _arg(node, 1, first, node.kwargs.get("axis0", 0))
    b = _arg(node, 2, second, node.kwargs.get("axis1", 1))
    return a, b


@_function_handler("transpose", torch.transpose, "permute", torch.permute, "t", torch.t,
                   "swapaxes", "swapdims", torch.swapaxes, torch.swapdims)
def _permute(em, node, fn, args, out_shape, name, rt):
    """torch.permute and the two-dim swaps (transpose, t, swapaxes): a
    qnn.permute, data movement only (quantized: the input's qparams)."""
    src = _concrete(node.args[0])
    shape = list(src.shape)
    rank = len(shape)
    perm = list(range(rank))
    if fn in ("permute", torch.permute):
        dims = node.args[1:] if fn == "permute" else [_arg(node, 1, "dims", None)]
        if fn == "permute" and not dims:
            dims = [node.kwargs.get("dims")]
        dims = list(dims[0]) if len(dims) == 1 and isinstance(dims[0], (list, tuple)) else list(dims)
        perm = [d % rank for d in dims]
    elif fn in ("t", torch.t):
        perm = perm[::-1]
    elif rank:
        a, b = _transpose_dims(node, "dim0", "dim1")
        a, b = a % rank, b % rank
        perm[a], perm[b] = perm[b], perm[a]
    x, xt = args[0]
    return _emit_permute(em, x, xt, shape, perm, name, rt)


@_function_handler(getattr)
def _tensor_attribute(em, node, fn, args, out_shape, name, rt):
    """x.T (all dims reversed) and x.mT / x.mH (last two swapped; real
    tensors, so mH is mT)."""
    src, attr = _concrete(node.args[0]), node.args[1]
    if not isinstance(src, torch.Tensor) or attr not in ("T", "mT", "mH", "H"):
        return None
    shape = list(src.shape)
    perm = list(range(len(shape)))
    if attr in ("T", "H"):
        perm = perm[::-1]
    elif len(perm) >= 2:
        perm[-2], perm[-1] = perm[-1], perm[-2]
    x, xt = args[0]
    return _emit_permute(em, x, xt, shape, perm, name, rt)


def _is_basic_index(idx):
    items = idx if isinstance(idx, tuple) else (idx,)
    return all(i is None or i is Ellipsis or _is_int(i)
               or (isinstance(i, slice) and all(v is None or _is_int(v) for v in (i.start, i.stop, i.step)))
               for i in items)


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _emit_slice(em, x, xt, shape, start, end, step, name, elem):
    """qnn.slice of x (shape `shape`) to [start, end) by step per dim; x
    itself when that is every element. Returns (ssa, type)."""
    if all(s == 0 and e == n and st == 1 for s, e, st, n in zip(start, end, step, shape)):
        return x, xt
    sizes = [0 if e == s else (e - s - 1) // st + 1 for s, e, st in zip(start, end, step)]
    t = _ttype(sizes, elem)
    res = em.fresh()
    attrs = [f'name = "{name}"', f"start = {_arr(start)}", f"end = {_arr(end)}"]
    if any(st != 1 for st in step):
        attrs.append(f"step = {_arr(step)}")
    em.op(f"{res} = qnn.slice {x} {{{', '.join(attrs)}}} : {xt} -> {t}")
    return res, t


@_function_handler(operator.getitem)
def _tensor_getitem(em, node, fn, args, out_shape, name, rt):
    """Basic tensor indexing (tuple/list results are indexed by the
    importer): slices with a positive step and ints are a qnn.slice, then a
    qnn.reshape drops the indexed dims and adds the None ones."""
    src, idx = _concrete(node.args[0]), node.args[1]
    if not (_is_basic_index(idx) and isinstance(node.meta.get("concrete"), torch.Tensor)):
        raise UnsupportedModuleError(
            f"tensor indexing [{_index_str(idx)}] of a {tuple(src.shape)} tensor (qnn imports "
            "slices, ints, None and ..., not indexing by tensors, lists or bools)")
    items = list(idx) if isinstance(idx, tuple) else [idx]
    shape = list(src.shape)
    consumed = sum(1 for i in items if i is not None and i is not Ellipsis)
    at = next((k for k, i in enumerate(items) if i is Ellipsis), len(items))
    items[at:at + 1] = [slice(None)] * (len(shape) - consumed)
    start, end, step = [], [], []
    dims = iter(range(len(shape)))
    for i in items:
        if i is None:
            continue
        n = shape[next(dims)]
        if isinstance(i, slice):
            if i.step is not None and i.step <= 0:
                raise UnsupportedModuleError(f"tensor indexing [{_index_str(idx)}] with step {i.step}")
            a, b, c = i.indices(n)
            start.append(a); end.append(max(a, b)); step.append(c)
        else:
            k = i + n if i < 0 else i
            start.append(k); end.append(k + 1); step.append(1)
    x, xt = args[0]
    x, xt = _emit_slice(em, x, xt, shape, start, end, step, name, _elem_of(rt))
    return _reshape(em, x, xt, name, rt)


def _index_str(idx):
    def one(i):
        if isinstance(i, slice):
            return ":".join("" if v is None else str(v) for v in (i.start, i.stop)) + (
                f":{i.step}" if i.step is not None else "")
        return "..." if i is Ellipsis else str(i)
    return ", ".join(one(i) for i in (idx if isinstance(idx, tuple) else (idx,)))


@_function_handler("chunk", torch.chunk, "split", torch.split, "unbind", torch.unbind,
                   "tensor_split", torch.tensor_split, "narrow", torch.narrow)
def _split(em, node, fn, args, out_shape, name, rt):
    """chunk, split, tensor_split, unbind and narrow: one qnn.slice per piece
    along `dim` (pieces that hold every element are reshapes); unbind's
    pieces are reshaped to drop the dim."""
    src, pieces = _concrete(node.args[0]), node.meta.get("concrete")
    shape = list(src.shape)
    rank = len(shape)
    unbind = fn in ("unbind", torch.unbind)
    if fn in ("narrow", torch.narrow):
        dim = _arg(node, 1, "dim", 0) % rank
        begin = _concrete(_arg(node, 2, "start", 0))
        begin = begin + shape[dim] if begin < 0 else begin
        pieces, offsets = [pieces], [begin]
    else:
        dim = _arg(node, 1 if unbind else 2, "dim", 0) % rank
        offsets, at = [], 0
        for p in pieces:
            offsets.append(at)
            at += 1 if unbind else p.shape[dim]
    x, xt = args[0]
    out = []
    for i, (p, begin) in enumerate(zip(pieces, offsets)):
        t = _ttype(list(p.shape), _qtype_of(_extract_tensor_metadata(p)))
        start, end = [0] * rank, list(shape)
        start[dim], end[dim] = begin, begin + (1 if unbind else p.shape[dim])
        part = f"{name}.{i}" if len(pieces) > 1 else name
        v, vt = _emit_slice(em, x, xt, shape, start, end, [1] * rank, part, _elem_of(t))
        out.append((_reshape(em, v, vt, part, t), t))
    return out[0][0] if fn in ("narrow", torch.narrow) else out


@_function_handler("mean", torch.mean)
def _mean(em, node, fn, args, out_shape, name, rt):
    """Mean over the two spatial dims of an NCHW tensor (ShuffleNet's global
    pool) is adaptive_avg_pool2d to 1x1, then a reshape without keepdim."""
    src = _concrete(node.args[0])
    dims = _arg(node, 1, "dim", None)
    keepdim = _arg(node, 2, "keepdim", False)
    dims = [dims] if isinstance(dims, int) else list(dims or [])
    if src.dim() != 4 or sorted(d % 4 for d in dims) != [2, 3] or "dtype" in node.kwargs:
        raise UnsupportedModuleError(f"mean over dims {dims} of a {src.dim()}-d tensor "
                                     "(qnn imports the mean over dims 2, 3 of NCHW tensors)")
    x, xt = args[0]
    pooled_shape = list(src.shape[:2]) + [1, 1]
    pt = _ttype(pooled_shape, _elem_of(rt))
    res = em.fresh()
    em.op(f'{res} = qnn.adaptive_avg_pool2d {x} {{name = "{name}", output_size = array<i64: 1, 1>}}'
          f" : {xt} -> {pt}")
    return res if keepdim else _reshape(em, res, pt, name, rt)


def _elem_of(ttype):
    """The element type of a `tensor<...>` type string."""
    body = ttype[len("tensor<"):-1]
    if "!quant" in body:
        return body[body.index("!quant"):]
    return body.split("x")[-1]


def _fn_name(fn):
    """How the user wrote a traced call: Tensor.view, torch.cat, operator.add, F.relu."""
    if isinstance(fn, str):
        return f"Tensor.{fn}"
    n = getattr(fn, "__name__", str(fn))
    mod = getattr(fn, "__module__", None)
    if mod == "_operator":
        return f"operator.{n}"
    if mod in (None, "torch", "torch.functional"):
        return f"torch.{n}"
    if mod == "torch._ops.quantized":
        return f"torch.ops.quantized.{n}"
    return f"{mod}.{n}"


def _emit_function(em, node, fn, args, out_shape, post_name, rt):
    """call_function / call_method nodes; `rt` is the result type."""
    name = post_name or node.name
    for handler in _FUNCTION_HANDLERS.get(fn, []) if _hashable(fn) else []:
        res = handler(em, node, fn, args, out_shape, name, rt)
        if res is not None:
            return res
    raise UnsupportedModuleError(_fn_name(fn))


def _hashable(fn):
    try:
        hash(fn)
    except TypeError:
        return False
    return True


def _meta_types(tm):
    """Result types of a traced tuple output (nested like the output)."""
    if tm is None:
        return None
    if not hasattr(tm, "shape"):
        return [_meta_types(t) for t in tm]
    return _ttype(list(tm.shape), _qtype_of(tm))


# ---------------------------------------------------------------------------
# Leaf modules with their own result structure: handlers registered against
# the module classes they handle (first match in registration order); every
# other leaf is one op of `_emit_module`. A handler gets
# (em, node, module, args, kwargs, out_shape, rt) and returns the env entry:
# (ssa, type), or lists of them shaped like the module's output.

_MODULE_HANDLERS = []


def _module_handler(*types):
    """Registers a handler for leaf modules of the given classes."""
    def register(handler):
        _MODULE_HANDLERS.append((types, handler))
        return handler
    return register


@_module_handler(nn.LSTM, nnqd.LSTM)
def _lstm_module(em, n, m, ins, kw, shape, rt):
    t = _meta_types(n.meta["tensor_meta"])
    return _emit_lstm(em, n.target, m, ins, [t[0], t[1][0], t[1][1]])


@_module_handler(nn.LSTMCell, nn.GRUCell, nn.RNNCell, nnqd.LSTMCell, nnqd.GRUCell, nnqd.RNNCell)
def _cell_module(em, n, m, ins, kw, shape, rt):
    t = _meta_types(n.meta["tensor_meta"])
    return _emit_cell(em, n.target, m, ins, t if isinstance(t, list) else [t])


@_module_handler(nn.MultiheadAttention, nnq.MultiheadAttention)
def _attention_module(em, n, m, ins, kw, shape, rt):
    types = _meta_types(n.meta["tensor_meta"])
    res = _emit_attention(em, n.target, m, ins, kw, [r for r in types if r is not None])
    # Aligned with torch's (output, weights or None).
    res = res if isinstance(res, list) else [res]
    return [res.pop(0) if t is not None else None for t in types]


@_module_handler(nn.GRU, nn.RNN, nnqd.GRU)
def _recurrent_module(em, n, m, ins, kw, shape, rt):
    t = _meta_types(n.meta["tensor_meta"])
    ins = list(ins) + [None] * (2 - len(ins))
    ins[1] = kw.get("hx", ins[1])
    return _emit_recurrent(em, n.target, m, ins, t)


@_module_handler(nn.EmbeddingBag, nnq.EmbeddingBag)
def _embedding_bag_module(em, n, m, ins, kw, shape, rt):
    ins = ins + [None] * (3 - len(ins))
    ins[1] = kw.get("offsets", ins[1])
    ins[2] = kw.get("per_sample_weights", ins[2])
    return (_emit_module(em, n.target, m, ins, shape, rt), rt)


def _emit_call_module(em, n, m, ins, kw, shape, rt):
    """env entry of a leaf module call: (ssa, type), or nested lists of them
    for modules with several results."""
    for types, handler in _MODULE_HANDLERS:
        if isinstance(m, types):
            return handler(em, n, m, ins, kw, shape, rt)
    if not isinstance(n.meta.get("concrete"), torch.Tensor):
        raise UnsupportedModuleError(f"a module returning {type(n.meta.get('concrete')).__name__}")
    return (_emit_module(em, n.target, m, ins, shape, rt), rt)


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
_TRACED_TYPES = (nn.TransformerEncoderLayer, nn.TransformerEncoder)


def _trace(module, example_inputs):
    try:
        graph, _ = trace(module, example_inputs, _LEAF_TYPES, _TRACED_TYPES)
    except TracingError as e:
        raise UnsupportedModuleError(f"qnn cannot trace the model{_where(e.scope, e.source)}: {e}",
                                     path=e.scope, source=e.source) from e.cause
    return graph


# What qnn imports of the torch modules it traces through (_TRACED_TYPES).
_TRACED_SUPPORT = {
    nn.TransformerEncoderLayer: "qnn imports it with activation relu and without src_mask / "
                                "src_key_padding_mask",
    nn.TransformerEncoder: "qnn imports it with activation relu and without mask / "
                           "src_key_padding_mask",
}


def _traced_owner_note(path, modules):
    """" (in the forward of torch's X at 'p': ...)" when the failing node
    comes from the forward of a torch module qnn traces through."""
    parts = path.split(".") if path else []
    for k in range(len(parts), 0, -1):
        owner = modules.get(".".join(parts[:k]))
        if isinstance(owner, _TRACED_TYPES):
            kind = type(owner)
            return (f" (in the forward of torch's {kind.__name__} at '{'.'.join(parts[:k])}'; "
                    f"{_TRACED_SUPPORT.get(kind, 'qnn traces its Python forward')})")
    return ""


def _flat_outputs(a):
    if isinstance(a, (tuple, list)):
        return [o for b in a for o in _flat_outputs(b)]
    return [a]


def from_torch(module, example_inputs, qconfig_dict=None, dynamic_batch=False):
    """Emits qnn MLIR text for a float eager-mode `module`.

    `example_inputs` is a tensor or a tuple of tensors; `qconfig_dict` maps
    module paths (str) or module types to torch QConfigs (None keeps a module
    float), as `propagate_qconfig_` takes it. The model is traced on the
    example inputs (python/qnn/tracing.py): Python reading shapes is
    specialized on them, as `torch.jit.trace` would.

    `dynamic_batch=True` imports the model at batch 1 (the first sample of
    each example input) and marks the function `qnn.dynamic_batch`:
    `qnn-compile`/`qnn.compile` then take the batch per call.
    """
    if isinstance(example_inputs, torch.Tensor):
        example_inputs = (example_inputs,)
    if dynamic_batch:
        example_inputs = tuple(x[:1] for x in example_inputs)
    module = module.eval()
    graph = _trace(module, tuple(example_inputs))
    modules = dict(module.named_modules())
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
        if isinstance(n.meta.get("concrete"), torch.ScriptObject):
            # Packed conv/linear params (qF.conv2d, qF.linear prepack their
            # weight in forward): read by the op using them.
            env[n] = ("packed", n.meta["concrete"])
            return
        if n.users:  # e.g. weights a traced forward only inspects
            env[n] = _emit_constant(em, n)
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
