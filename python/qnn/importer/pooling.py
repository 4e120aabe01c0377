"""Pooling in all its forms: nn.*Pool*d modules, F.*pool*d functions and
the quantized functional pools; 1-d pools import as 2-d ones."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import (UnsupportedModuleError, _arr, _concrete, _elem_of, _fn_name, _module_attrs,
                     _pair, _ttype)
from .registry import _function_handler
from .layout import _reshape


_POOL_MODULES = {nn.MaxPool1d: ("max", 1), nn.MaxPool2d: ("max", 2), nn.MaxPool3d: ("max", 3),
                 nn.AvgPool1d: ("avg", 1), nn.AvgPool2d: ("avg", 2), nn.AvgPool3d: ("avg", 3),
                 nn.AdaptiveAvgPool1d: ("adaptive_avg", 1), nn.AdaptiveAvgPool2d: ("adaptive_avg", 2),
                 nn.AdaptiveAvgPool3d: ("adaptive_avg", 3), nn.AdaptiveMaxPool2d: ("adaptive_max", 2)}


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
    """qnn.max_pool2d/3d, avg_pool2d/3d, adaptive_avg_pool2d/3d or adaptive_max_pool2d
    (1-d pools: the 2-d op between two qnn.reshape).

    F.max_pool1d/2d/3d, F.avg_pool1d/2d/3d, F.adaptive_avg_pool1d/2d/3d,
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
