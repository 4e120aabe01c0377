"""Elementwise functions and activations (float, quantized functional and
torch.ops.quantized forms), cat/stack, pad, interpolate, and
quantize_per_tensor/dequantize called in forward."""
import operator
import torch
import torch.fx
import torch.nn.functional as F

from .common import (UnsupportedModuleError, _arg, _arr, _elem_of, _f64, _fn_name,
                     _interpolate_attrs, _is_value, _number, _ttype)
from .registry import _function_handler
from .layout import _reshape


_QUANTIZED_BINARY = {torch.ops.quantized.add: "add", torch.ops.quantized.add_relu: "add_relu",
                     torch.ops.quantized.mul: "mul"}


@_function_handler(*_QUANTIZED_BINARY)
def _quantized_binary(em, node, fn, args, out_shape, name, rt):
    """qnn.add, qnn.add_relu or qnn.mul, the output qparams traced."""
    res = em.fresh()
    (x, xt), (y, yt) = args[:2]
    em.op(f'{res} = qnn.{_QUANTIZED_BINARY[fn]} {x}, {y} {{name = "{name}"}} : ({xt}, {yt}) -> {rt}')
    return res


@_function_handler(torch.ops.quantized.cat, torch.cat)
def _cat(em, node, fn, args, out_shape, name, rt):
    """qnn.cat along `dim`."""
    res = em.fresh()
    parts = args[0]
    dim = _arg(node, 1, "dim", 0)
    # FloatFunctional.cat is observed; a plain torch.cat is not (torch's
    # quantized cat keeps the first input's qparams): qnn.functional.
    observed = any(u.op == "call_module" and u.target.endswith(".activation_post_process")
                   for u in node.users)
    functional = "" if observed or fn is torch.ops.quantized.cat else ", qnn.functional"
    em.op(f"{res} = qnn.cat {', '.join(v for v, _ in parts)} {{name = \"{name}\", dim = {dim} : i64{functional}}}"
          f" : ({', '.join(t for _, t in parts)}) -> {rt}")
    return res


_SCALAR_OPS = {torch.ops.quantized.add_scalar: "add_scalar", torch.ops.quantized.mul_scalar: "mul_scalar",
               torch.add: "add_scalar", operator.add: "add_scalar", "add": "add_scalar",
               torch.mul: "mul_scalar", operator.mul: "mul_scalar", "mul": "mul_scalar"}


_BINARY_OPS = {torch.add: "add", operator.add: "add", "add": "add",
               torch.mul: "mul", operator.mul: "mul", "mul": "mul"}


@_function_handler(*_SCALAR_OPS)
def _add_mul(em, node, fn, args, out_shape, name, rt):
    """qnn.add_scalar / qnn.mul_scalar (tensor and number), qnn.add / qnn.mul (two tensors)."""
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
    """qnn.interpolate."""
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
    """qnn.relu."""
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
    """qnn.relu6, hardswish, hardsigmoid, sigmoid, tanh, silu or gelu (the module ops)."""
    x, xt = args[0]
    attrs = ""
    if fn is F.gelu:
        approximate = _arg(node, 1, "approximate", "none")
        attrs = f'approximate = "{approximate}"' if approximate != "none" else ""
    return _unary(em, _ACTIVATION_FUNCTIONS[fn], x, xt, name, rt, attrs)


@_function_handler(F.leaky_relu, "leaky_relu", F.leaky_relu_, torch._C._nn.leaky_relu)
def _leaky_relu(em, node, fn, args, out_shape, name, rt):
    """qnn.leaky_relu, qnn.functional (keeps its input's qparams)."""
    x, xt = args[0]
    slope = _arg(node, 1, "negative_slope", 0.01)
    # qnn.functional: unlike nn.LeakyReLU, not observed; torch's quantized
    # leaky_relu keeps the input's qparams.
    return _unary(em, "leaky_relu", x, xt, name, rt,
                  f"negative_slope = {_f64(slope)}, qnn.functional")


@_function_handler(F.elu, F.elu_)
def _elu(em, node, fn, args, out_shape, name, rt):
    """qnn.elu."""
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
    """qnn.relu6 for bounds (0, 6), else qnn.hardtanh."""
    x, xt = args[0]
    lo, hi = _arg(node, 1, "min_val", -1.0), _arg(node, 2, "max_val", 1.0)
    return _emit_hardtanh(em, x, xt, lo, hi, name, rt)


@_function_handler(torch.clamp, "clamp", torch.clip, "clip", "clamp_", "clip_", torch.clamp_)
def _clamp(em, node, fn, args, out_shape, name, rt):
    """qnn.relu6 or qnn.hardtanh (scalar bounds).

    clamp(min, max) with scalar bounds; a missing bound is infinite (torch
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
    """qnn.reshape of each input, then qnn.cat (qnn.functional).

    torch.stack: each input reshaped with a unit dim at `dim`, then a
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


@_function_handler(operator.sub, torch.sub, "sub", torch.subtract, "subtract", torch.rsub)
def _sub(em, node, fn, args, out_shape, name, rt):
    """qnn.add_scalar, or qnn.mul_scalar by -alpha then qnn.add / qnn.add_scalar.

    x - y as x + (-1 * y), x - c as x + (-c), c - x as -1 * x + c (each
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
    """qnn.pad (constant mode).

    F.pad in constant mode: qnn.pad (torch's pad list, last dim first)."""
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


@_function_handler(torch.quantize_per_tensor)
def _quantize_per_tensor(em, node, fn, args, out_shape, name, rt):
    """qnn.quantize to the traced result's qparams.

    torch.quantize_per_tensor in forward: qnn.quantize to the traced
    result's type (its scale, zero point and dtype)."""
    if not _is_value(args[0]):
        return None
    x, xt = args[0]
    res = em.fresh()
    em.op(f"{res} = qnn.quantize {x} : {xt} -> {rt}")
    return res


@_function_handler("dequantize", torch.dequantize)
def _dequantize(em, node, fn, args, out_shape, name, rt):
    """qnn.dequantize (nothing for a float tensor)."""
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
    """qnn.hardswish or qnn.elu, the output qparams traced."""
    x, xt = args[0]
    if fn is torch.ops.quantized.elu:
        return _unary(em, "elu", x, xt, name, rt, f"alpha = {_f64(_arg(node, 3, 'alpha', 1.0))}")
    return _unary(em, "hardswish", x, xt, name, rt)


_QUANTIZED_CONV = {torch.ops.quantized.conv1d: 1, torch.ops.quantized.conv1d_relu: 1,
                   torch.ops.quantized.conv2d: 2, torch.ops.quantized.conv2d_relu: 2,
                   torch.ops.quantized.conv3d: 3, torch.ops.quantized.conv3d_relu: 3}
_QUANTIZED_RELU = (torch.ops.quantized.conv1d_relu, torch.ops.quantized.conv2d_relu,
                   torch.ops.quantized.conv3d_relu, torch.ops.quantized.linear_relu)


def _unpack_conv(packed, rank):
    """The int weight, float bias and conv attributes of packed conv params;
    conv1d's are packed as a conv2d over N x C x 1 x L (torch's
    conv1d_prepack), so its weight and attributes drop the unit height."""
    try:
        w, b = torch.ops.quantized.conv1d_unpack(packed) if rank == 1 else packed.unpack()
    except RuntimeError as e:
        raise UnsupportedModuleError(
            f"torch cannot unpack the conv{rank}d weight packed in forward under the "
            f"'{torch.backends.quantized.engine}' engine ({str(e).splitlines()[0]}); run it "
            "with another engine, e.g. torch.backends.quantized.engine = 'onednn'") from None
    skip = 1 if rank == 1 and len(packed.stride()) == 2 else 0
    stride, padding, dilation = (list(v)[skip:] for v in (packed.stride(), packed.padding(),
                                                           packed.dilation()))
    attrs = []
    if any(v != 1 for v in stride):
        attrs.append(f"stride = {_arr(stride)}")
    if any(padding):
        attrs.append(f"padding = {_arr(padding)}")
    if any(v != 1 for v in dilation):
        attrs.append(f"dilation = {_arr(dilation)}")
    if packed.groups() != 1:
        attrs.append(f"groups = {packed.groups()} : i64")
    return w, b, attrs


@_function_handler(*_QUANTIZED_CONV, torch.ops.quantized.linear, torch.ops.quantized.linear_relu)
def _quantized_packed(em, node, fn, args, out_shape, name, rt):
    """qnn.conv1d/2d/3d or qnn.linear from weights packed in forward.

    torch.ops.quantized.conv1d/2d/3d and linear (qF.conv1d/2d/3d,
    qF.linear) with the weight packed in forward -> qnn.conv1d/2d/3d,
    qnn.linear: the packed params' int weight and float bias as constants,
    the output qparams from the traced result."""
    (x, xt), packed = args[0], args[1]
    if not (isinstance(packed, tuple) and packed[0] == "packed"):
        return None
    packed = packed[1]
    rank = _QUANTIZED_CONV.get(fn)
    if rank is not None:
        if packed.transpose():
            return None
        w, b, attrs = _unpack_conv(packed, rank)
        opname = f"conv{rank}d"
    else:
        w, b = torch.ops.quantized.linear_unpack(packed)
        attrs, opname = [], "linear"
    if fn in _QUANTIZED_RELU:
        attrs.append("fused_relu")
    wv = em.qconst(f"{name}.weight", w)
    ops, types = [x, wv[0]], [xt, wv[1]]
    if b is not None:
        bv = em.const(f"{name}.bias", b)
        ops.append(bv[0]); types.append(bv[1])
    res = em.fresh()
    a = ", ".join([f'name = "{name}"'] + attrs)
    em.op(f"{res} = qnn.{opname} {', '.join(ops)} {{{a}}} : ({', '.join(types)}) -> {rt}")
    return res
