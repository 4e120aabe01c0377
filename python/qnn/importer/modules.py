"""Leaf modules that import as one qnn op, one handler per family: float
(and float-fused), QAT, prepared and torch-converted forms."""
import numpy as np
import torch
import torch.nn as nn
import torch.ao.nn.quantized as nnq
import torch.ao.nn.quantized.dynamic as nnqd
from torch.ao.nn.quantized.reference.modules.utils import ReferenceQuantizedModule
import torch.nn.intrinsic.quantized as nniq

from .common import (UnsupportedModuleError, _CONV_BN, _LINEAR_BN, _arr, _conv_attrs, _f64,
                     _interpolate_attrs, _module_attrs, _post_process, _type_shape)
from .registry import _module_handler, _op_module, _emit_module
from .pooling import _POOL_ARGS, _POOL_MODULES, _PoolAttrs, _emit_pool
from .layout import _emit_pixel_shuffle


def _weight(em, path, m):
    """A conv/linear weight constant, behind the module's weight fake-quant
    (QAT-prepared) or weight observer (PTQ-prepared) if it has one. A
    reference module's (convert_to_reference_fx) is its quantized weight
    dequantized, as its forward computes it."""
    if isinstance(m, ReferenceQuantizedModule):
        qw = em.qconst(path + ".weight", m.get_quantized_weight())
        res = em.fresh()
        ft = qw[1].split("x!quant")[0] + "xf32>"
        em.op(f"{res} = qnn.dequantize {qw[0]} : {qw[1]} -> {ft}")
        return res, ft
    w = em.const(path + ".weight", m.weight)
    post = getattr(m, "weight_fake_quant", None)
    if post is None and _post_process(m) is not None and getattr(m, "qconfig", None) is not None:
        post = m.qconfig.weight()
    if post is None:
        return w
    return em.observer(path + ".weight", post, *w), w[1]


def _embedding_table(em, path, m):
    """The table of an Embedding(Bag): (operands, types, attrs). A float
    table is one f32 constant. A converted module's quantized table keeps
    torch's prepacked storage (see qnn.embedding): the quint8 bytes, or the
    quint4x2 rows two columns a byte, with each row's scale and
    `bias = -zero_point * scale` in float32 (float16 for quint4x2, as
    torch's 4-bit prepack stores them); the lookup dequantizes as torch's
    embedding_byte/embedding_4bit kernels do."""
    if not isinstance(m, (nnq.Embedding, nnq.EmbeddingBag)):
        w = em.const(path + ".weight", m.weight)
        return [w[0]], [w[1]], []
    w = m.weight()
    if w.dtype not in (torch.quint8, torch.quint4x2):
        raise UnsupportedModuleError(f"quantized embedding table of dtype {w.dtype}")
    rows, dim = w.shape
    ints = w.int_repr().contiguous().numpy()
    scale = w.q_per_channel_scales().clone().numpy().astype(np.float32)
    bias = (-w.q_per_channel_zero_points().clone().numpy().astype(np.float32) * scale).astype(np.float32)
    attrs = []
    if w.dtype == torch.quint4x2:
        if not isinstance(m, nnq.EmbeddingBag):  # (a subclass of nnq.Embedding)
            # from_float builds it with dtype quint8, so its forward (and the
            # trace) runs embedding_byte on the 4-bit rows: wrong values and
            # shape, or an error.
            raise UnsupportedModuleError(
                "a converted 4-bit nnq.Embedding: torch 1.13 runs embedding_byte on its 4-bit rows "
                "(wrong values and shape); import the float model with float_qparams_weight_only_qconfig_4bit "
                "and use qnn.prepare/qnn.convert, or an EmbeddingBag")
        if dim % 2:
            raise UnsupportedModuleError(f"quint4x2 embedding table with odd embedding_dim {dim}")
        # int_repr packs the flat table two values a byte, low nibble first:
        # with an even dim, row r is bytes [r * dim / 2, (r + 1) * dim / 2).
        ints = ints.reshape(rows, dim // 2)
        scale, bias = scale.astype(np.float16), bias.astype(np.float16)
        attrs.append("bits = 4 : i64")
        elem = "f16"
    else:
        elem = "f32"
    t = em.array(path + ".weight", ints.astype(np.uint8), "i8")
    s = em.array(path + ".scale", scale, elem)
    b = em.array(path + ".bias", bias, elem)
    return [t[0], s[0], b[0]], [t[1], s[1], b[1]], attrs


def _table_text(ops):
    """`%w` or `%w rowwise(%scale, %bias)`."""
    return ops[0] + (f" rowwise({ops[1]}, {ops[2]})" if len(ops) > 1 else "")


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


# Modules of a model torch has already converted: their int weights and
# qparams are imported as they are.
@_op_module(nnq.Quantize)
def _quantize(c):
    """qnn.quantize to the module's qparams."""
    c.em.op(f"{c.res} = qnn.quantize {c.x} : {c.xt} -> {c.rt}")
    return c.res


@_op_module(nnq.DeQuantize)
def _dequantize(c):
    """qnn.dequantize."""
    c.em.op(f"{c.res} = qnn.dequantize {c.x} : {c.xt} -> {c.rt}")
    return c.res


_QUANTIZED_WEIGHTED = {nniq.ConvReLU1d: ("conv1d", True), nniq.ConvReLU2d: ("conv2d", True),
                       nniq.ConvReLU3d: ("conv3d", True), nnq.Conv1d: ("conv1d", False),
                       nnq.Conv2d: ("conv2d", False), nnq.Conv3d: ("conv3d", False),
                       nnq.ConvTranspose1d: ("conv_transpose1d", False),
                       nnq.ConvTranspose2d: ("conv_transpose2d", False),
                       nnq.ConvTranspose3d: ("conv_transpose3d", False),
                       nniq.LinearReLU: ("linear", True), nnq.Linear: ("linear", False),
                       nnqd.Linear: ("linear", False)}


@_op_module(*_QUANTIZED_WEIGHTED)
def _quantized_weighted(c):
    """qnn.conv1d/2d/3d, qnn.conv_transpose1d/2d/3d or qnn.linear with int weights."""
    m = c.module
    opname, relu = next(v for t, v in _QUANTIZED_WEIGHTED.items() if isinstance(m, t))
    try:
        qweight = m.weight()
    except RuntimeError as e:
        raise UnsupportedModuleError(
            f"torch cannot unpack its weight under the '{torch.backends.quantized.engine}' "
            f"engine ({str(e).splitlines()[0]}); convert it with another engine, e.g. "
            "torch.backends.quantized.engine = 'onednn'") from None
    ops, types = c.weighted(c.em.qconst(c.path + ".weight", qweight), m.bias())
    attrs = []
    if opname.startswith("conv"):
        attrs = _conv_attrs(m, len(m.stride))
        if opname.startswith("conv_transpose") and any(p != 0 for p in m.output_padding):
            attrs.append(f"output_padding = {_arr(m.output_padding)}")
    if relu:
        attrs.append("fused_relu")
    a = _module_attrs(c.path, m, ", ".join(attrs))
    c.em.op(f"{c.res} = qnn.{opname} {', '.join(ops)} {a} : ({', '.join(types)}) -> {c.rt}")
    return c.res


@_op_module(nnq.ReLU6, nnq.Hardswish, nnq.ELU, nnq.LeakyReLU)
def _quantized_activation(c):
    """qnn.relu6, hardswish, elu or leaky_relu with the module's qparams."""
    m = c.module
    if isinstance(m, nnq.ELU):
        return c.unary("elu", f"alpha = {_f64(m.alpha)}")
    if isinstance(m, nnq.LeakyReLU):
        return c.unary("leaky_relu", f"negative_slope = {_f64(m.negative_slope)}")
    return c.unary("relu6" if isinstance(m, nnq.ReLU6) else "hardswish")


@_op_module(torch.ao.quantization.QuantStub)
def _quant_stub(c):
    """qnn.quant_stub."""
    return c.unary("quant_stub")


@_op_module(torch.ao.quantization.DeQuantStub)
def _dequant_stub(c):
    """qnn.dequant_stub."""
    return c.unary("dequant_stub")


@_op_module(nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)
def _conv(c):
    """qnn.conv1d/2d/3d, qnn.conv_bn1d/2d/3d or qnn.conv_transpose1d/2d/3d."""
    m = c.module
    rank = len(m.stride)
    if len(_type_shape(c.xt)) != rank + 2:
        raise UnsupportedModuleError(
            f"an unbatched ({rank + 1}-d) input; qnn's conv ops take N x C x spatial "
            f"(add the batch dimension, e.g. x.unsqueeze(0))")
    transposed = isinstance(m, nn.modules.conv._ConvTransposeNd)
    conv_bn = isinstance(m, _CONV_BN) or c.bn is not None
    opname = f"conv_transpose{rank}d" if transposed else f"conv_bn{rank}d" if conv_bn else f"conv{rank}d"
    if getattr(m, "padding_mode", "zeros") != "zeros":
        raise UnsupportedModuleError(f"padding_mode={m.padding_mode!r}")
    ops, types = c.weighted(_weight(c.em, c.path, m), m.bias)
    attrs = _conv_attrs(m, rank)
    if transposed and any(p != 0 for p in m.output_padding):
        attrs.append(f"output_padding = {_arr(m.output_padding)}")
    if c.fused_relu:
        attrs.append("fused_relu")
    if conv_bn:
        return _emit_with_bn(c.em, c.path, m, c.bn if c.bn is not None else m.bn, c.res, opname,
                             ops, types, attrs, c.rt)
    return c.emit(opname, ops, types, ", ".join(attrs))


@_op_module(*_LINEAR_BN)
def _linear_bn(c):
    """qnn.linear_bn."""
    # nniqat.LinearBn1d is an nn.Linear holding .bn; nni.LinearBn1d is
    # Sequential(Linear, BatchNorm1d).
    m = c.module
    bn = m.bn if isinstance(m, nn.Linear) else m[1]
    lin = m if isinstance(m, nn.Linear) else m[0]
    ops, types = c.weighted(_weight(c.em, c.path, lin), lin.bias)
    return _emit_with_bn(c.em, c.path, m, bn, c.res, "linear_bn", ops, types, [], c.rt)


@_op_module(nn.Linear)
def _linear(c):
    """qnn.linear (fused_relu for a fused LinearReLU)."""
    ops, types = c.weighted(_weight(c.em, c.path, c.module), c.module.bias)
    return c.emit("linear", ops, types, "fused_relu" if c.fused_relu else "")


@_op_module(nn.modules.batchnorm._BatchNorm)
def _batch_norm(c):
    """qnn.batch_norm."""
    m, em, x, xt = c.module, c.em, c.x, c.xt
    if m.running_mean is None:
        raise UnsupportedModuleError("BatchNorm without running statistics")
    mean = em.const(c.path + ".running_mean", m.running_mean)
    var = em.const(c.path + ".running_var", m.running_var)
    a = _module_attrs(c.path, m, ", ".join(
        s for s in [f"eps = {_f64(m.eps)}" if m.eps != 1e-5 else "",
                    "fused_relu" if c.fused_relu else ""] if s))
    if m.affine:
        g = em.const(c.path + ".weight", m.weight)
        bb = em.const(c.path + ".bias", m.bias)
        em.op(f"{c.res} = qnn.batch_norm {x}, {mean[0]}, {var[0]}, weight {g[0]}, bias {bb[0]} {a}"
              f" : ({xt}, {mean[1]}, {var[1]}, {g[1]}, {bb[1]}) -> {c.rt}")
    else:
        em.op(f"{c.res} = qnn.batch_norm {x}, {mean[0]}, {var[0]} {a} : ({xt}, {mean[1]}, {var[1]}) -> {c.rt}")
    return c.res


_ACTIVATION_MODULES = {nn.ReLU: "relu", nn.ReLU6: "relu6", nn.Hardswish: "hardswish",
                       nn.Hardsigmoid: "hardsigmoid", nn.Sigmoid: "sigmoid", nn.Tanh: "tanh",
                       nn.SiLU: "silu"}


@_op_module(*_ACTIVATION_MODULES)
def _activation(c):
    """qnn.relu, relu6, hardswish, hardsigmoid, sigmoid, tanh or silu."""
    return c.unary(next(v for t, v in _ACTIVATION_MODULES.items() if isinstance(c.module, t)))


@_op_module(nn.ELU)
def _elu(c):
    """qnn.elu."""
    return c.unary("elu", f"alpha = {_f64(c.module.alpha)}")


@_op_module(nn.LeakyReLU)
def _leaky_relu(c):
    """qnn.leaky_relu (observed, unlike F.leaky_relu)."""
    return c.unary("leaky_relu", f"negative_slope = {_f64(c.module.negative_slope)}")


@_op_module(nn.Hardtanh)  # after ReLU6, which is one
def _hardtanh(c):
    """qnn.relu6 for (0, 6), else qnn.hardtanh."""
    m = c.module
    if float(m.min_val) == 0.0 and float(m.max_val) == 6.0:
        return c.unary("relu6")
    return c.unary("hardtanh", f"min_val = {_f64(m.min_val)}, max_val = {_f64(m.max_val)}")


@_op_module(nn.GELU)
def _gelu(c):
    """qnn.gelu."""
    m = c.module
    return c.unary("gelu", f'approximate = "{m.approximate}"' if m.approximate != "none" else "")


@_op_module(nn.Dropout)
def _dropout(c):
    """qnn.dropout."""
    return c.unary("dropout", f"p = {_f64(c.module.p)}")


@_op_module(nn.Softmax)
def _softmax(c):
    """qnn.softmax.

    A quantized softmax (nnq.Softmax) under an engine other than 'qnnpack'
    gets `float_path`: torch then always dequantizes, runs the float
    softmax and quantizes, where the qnnpack engine uses QNNPACK's lookup
    table for a quint8 output of scale 1/256, zero point 0."""
    if c.module.dim is None:
        raise UnsupportedModuleError("Softmax without dim")
    extra = f"dim = {c.module.dim} : i64"
    if "!quant" in c.xt and torch.backends.quantized.engine != "qnnpack":
        extra += ", float_path"
    return c.unary("softmax", extra)


@_op_module(nn.Identity)
def _identity(c):
    """no op: the input itself."""
    return c.x


@_op_module(nn.Flatten)
def _flatten(c):
    """qnn.flatten."""
    m = c.module
    return c.unary("flatten", f"start_dim = {m.start_dim} : i64, end_dim = {m.end_dim} : i64")


@_op_module(*_POOL_MODULES)
def _pool(c):
    """qnn.max_pool2d/3d, avg_pool2d/3d, adaptive_avg_pool2d/3d or adaptive_max_pool2d
    (1-d pools: the 2-d op between two qnn.reshape)."""
    m = c.module
    kind, rank = next(v for t, v in _POOL_MODULES.items() if isinstance(m, t))
    if getattr(m, "return_indices", False):
        raise UnsupportedModuleError(f"{type(m).__name__} with return_indices=True")
    kw = {k: getattr(m, k) for k in _POOL_ARGS[kind] if hasattr(m, k)}
    return _emit_pool(c.em, kind, rank, c.x, c.xt, _type_shape(c.xt), c.out_shape, c.rt,
                      _PoolAttrs(kind, rank, kw, c.out_shape, c.path, m))


@_op_module(nn.EmbeddingBag, nnq.EmbeddingBag)
def _embedding_bag(c):
    """qnn.embedding_bag."""
    m, args, x = c.module, c.args, c.x
    wops, wtypes, attrs = _embedding_table(c.em, c.path, m)
    ops, types = [x] + wops, [c.xt] + wtypes
    text = f"{x}, {_table_text(wops)}"
    if len(args) > 1 and args[1] is not None:
        text += f" offsets {args[1][0]}"
        ops.append(args[1][0]); types.append(args[1][1])
    if len(args) > 2 and args[2] is not None:
        text += f" per_sample_weights {args[2][0]}"
        ops.append(args[2][0]); types.append(args[2][1])
    # nnq.EmbeddingBag's kernels always sum (torch passes mode 0 whatever
    # the module's mode) and take no padding_idx.
    mode = "sum" if isinstance(m, nnq.EmbeddingBag) else m.mode
    attrs.append(f"mode = #qnn<embedding_bag_mode {mode}>")
    if m.include_last_offset:
        attrs.append("include_last_offset")
    if getattr(m, "padding_idx", None) is not None and not isinstance(m, nnq.EmbeddingBag):
        attrs.append(f"padding_idx = {m.padding_idx} : i64")
    c.em.op(f"{c.res} = qnn.embedding_bag {text} {_module_attrs(c.path, m, ', '.join(attrs))}"
            f" : ({', '.join(types)}) -> {c.rt}")
    return c.res


@_op_module(nn.Embedding, nnq.Embedding)
def _embedding(c):
    """qnn.embedding."""
    m = c.module
    wops, wtypes, attrs = _embedding_table(c.em, c.path, m)
    if getattr(m, "padding_idx", None) is not None:
        attrs.append(f"padding_idx = {m.padding_idx} : i64")
    a = _module_attrs(c.path, m, ", ".join(attrs))
    c.em.op(f"{c.res} = qnn.embedding {c.x}, {_table_text(wops)} {a}"
            f" : ({', '.join([c.xt] + wtypes)}) -> {c.rt}")
    return c.res


@_op_module(nn.GroupNorm)
def _group_norm(c):
    """qnn.group_norm."""
    m = c.module
    attrs = [f"num_groups = {m.num_groups} : i64"] + ([f"eps = {_f64(m.eps)}"] if m.eps != 1e-5 else [])
    return _norm(c.em, c.path, m, c.x, c.xt, c.rt, c.res, "group_norm", attrs)


@_op_module(nn.modules.instancenorm._InstanceNorm)
def _instance_norm(c):
    """qnn.instance_norm."""
    m = c.module
    if m.track_running_stats:
        raise UnsupportedModuleError("InstanceNorm with track_running_stats")
    attrs = [f"eps = {_f64(m.eps)}"] if m.eps != 1e-5 else []
    return _norm(c.em, c.path, m, c.x, c.xt, c.rt, c.res, "instance_norm", attrs)


@_op_module(nn.LayerNorm)
def _layer_norm(c):
    """qnn.layer_norm."""
    m = c.module
    attrs = [f"normalized_shape = {_arr(m.normalized_shape)}"]
    if m.eps != 1e-5:
        attrs.append(f"eps = {_f64(m.eps)}")
    return _norm(c.em, c.path, m, c.x, c.xt, c.rt, c.res, "layer_norm", attrs)


@_op_module(nn.PReLU, nnq.PReLU)
def _prelu(c):
    """qnn.prelu."""
    m = c.module
    w = (c.em.qconst(c.path + ".weight", m.weight) if isinstance(m, nnq.PReLU)
         else c.em.const(c.path + ".weight", m.weight))
    return c.emit("prelu", [c.x, w[0]], [c.xt, w[1]])


@_op_module(nn.Upsample)
def _upsample(c):
    """qnn.interpolate."""
    m = c.module
    return c.unary("interpolate", _interpolate_attrs(m.size, m.scale_factor, m.mode, m.align_corners,
                                                     len(c.out_shape) - 2))


@_op_module(nn.modules.padding._ConstantPadNd)
def _constant_pad(c):
    """qnn.pad."""
    pad = list(c.module.padding)
    if any(p < 0 for p in pad):
        raise UnsupportedModuleError(f"padding {tuple(pad)} with negative entries")
    value = c.module.value
    return c.unary("pad", f"pad = {_arr(pad)}" + (f", value = {_f64(value)}" if value != 0 else ""))


@_op_module(nn.PixelShuffle, nn.PixelUnshuffle)
def _pixel_shuffle(c):
    """qnn.reshape, qnn.permute, qnn.reshape."""
    m = c.module
    up = isinstance(m, nn.PixelShuffle)
    return _emit_pixel_shuffle(c.em, (c.x, c.xt), _type_shape(c.xt),
                               m.upscale_factor if up else m.downscale_factor, up, c.path, c.rt)


@_module_handler(nn.EmbeddingBag, nnq.EmbeddingBag)
def _embedding_bag_module(em, n, m, ins, kw, shape, rt):
    """qnn.embedding_bag (offsets, per_sample_weights also by keyword)."""
    ins = ins + [None] * (3 - len(ins))
    ins[1] = kw.get("offsets", ins[1])
    ins[2] = kw.get("per_sample_weights", ins[2])
    return (_emit_module(em, n.target, m, ins, shape, rt), rt)
