"""What every importer handler shares: the error type, the torch module
families, qnn type strings for torch tensors, and attribute printers."""
import numpy as np
import torch
import torch.fx
import torch.nn as nn
import torch.nn.intrinsic as nni
import torch.nn.intrinsic.qat as nniqat
from ..qconfig import qconfig_attr


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
    if isinstance(m, (_ObserverBase, _FakeQuantizeBase)):
        return None  # a FakeQuantize's own observer is part of it
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


def _type_shape(ttype):
    """The static shape of a `tensor<...>` type string."""
    body = ttype[len("tensor<"):-1]
    dims = body[:len(body) - len(_elem_of(ttype))].rstrip("x")
    return [int(d) for d in dims.split("x")] if dims else []


def _is_value(v):
    return isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) and v[0].startswith("%")


def _arg(node, i, key, default):
    return node.args[i] if len(node.args) > i else node.kwargs.get(key, default)


def _number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _concrete(a):
    return a.meta.get("concrete") if isinstance(a, torch.fx.Node) else a


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


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
