"""Reshaping and layout: flatten, view/reshape, permute/transpose,
squeeze/unsqueeze, indexing and slicing, chunk/split/unbind, mean over
dims, pixel shuffle, and the Tensor attributes Python reads (shape)."""
import operator
import torch
import torch.nn.functional as F
from torch.fx.passes.shape_prop import _extract_tensor_metadata

from .common import (UnsupportedModuleError, _arg, _arr, _concrete, _elem_of, _is_int, _qtype_of,
                     _ttype)
from .registry import _function_handler


@_function_handler(F.pixel_shuffle, F.pixel_unshuffle)
def _pixel_shuffle(em, node, fn, args, out_shape, name, rt):
    """qnn.reshape, qnn.permute, qnn.reshape.

    pixel_shuffle / pixel_unshuffle as reshape, permute, reshape (data
    movement; a quantized result keeps the input's qparams)."""
    r = _arg(node, 1, "upscale_factor" if fn is F.pixel_shuffle else "downscale_factor", None)
    return _emit_pixel_shuffle(em, args[0], list(_concrete(node.args[0]).shape), r,
                               fn is F.pixel_shuffle, name, rt)


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
    """qnn.flatten."""
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
    """qnn.reshape to the traced shape (nothing when it does not change)."""
    if fn == "contiguous" and (len(args) > 1 or node.kwargs):
        return None  # a memory format
    x, xt = args[0]
    return _reshape(em, x, xt, name, rt)


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
    """qnn.permute (qnn.reshape when only size-1 dims move).

    torch.permute and the two-dim swaps (transpose, t, swapaxes): a
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
    """qnn.permute for x.T, x.mT, x.mH.

    x.T (all dims reversed) and x.mT / x.mH (last two swapped; real
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
    """qnn.slice, then qnn.reshape (basic indexing).

    Basic tensor indexing (tuple/list results are indexed by the
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
    """one qnn.slice (and qnn.reshape) per piece.

    chunk, split, tensor_split, unbind and narrow: one qnn.slice per piece
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
    """qnn.adaptive_avg_pool2d to 1x1 (and qnn.reshape): the mean over dims 2, 3 of NCHW.

    Mean over the two spatial dims of an NCHW tensor (ShuffleNet's global
    pool) is adaptive_avg_pool2d to 1x1, then a reshape without keepdim.
    On a quantized tensor this is the form torch 1.13 runs only for quint8
    with `dim` written (2, 3) under the 'qnnpack' engine (QNNPACK's global
    average pool); every other mean is imported by quantizable's handler
    (qnn.mean for torch's integer kernel over innermost dims)."""
    src = _concrete(node.args[0])
    given = _arg(node, 1, "dim", None)
    keepdim = _arg(node, 2, "keepdim", False)
    dims = [given] if isinstance(given, int) else list(given or [])
    if src.dim() != 4 or sorted(d % 4 for d in dims) != [2, 3] or "dtype" in node.kwargs:
        raise UnsupportedModuleError(f"mean over dims {dims} of a {src.dim()}-d tensor with "
                                     "dtype given or of a 0-d tensor (qnn imports torch.mean "
                                     "without dtype)")
    x, xt = args[0]
    pooled_shape = list(src.shape[:2]) + [1, 1]
    pt = _ttype(pooled_shape, _elem_of(rt))
    res = em.fresh()
    em.op(f'{res} = qnn.adaptive_avg_pool2d {x} {{name = "{name}", output_size = array<i64: 1, 1>}}'
          f" : {xt} -> {pt}")
    return res if keepdim else _reshape(em, res, pt, name, rt)
