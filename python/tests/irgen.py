"""Small helpers that spell numpy/torch values as qnn IR text."""
import numpy as np


def f32(v):
    """A float32 as a round-tripping MLIR float literal."""
    return repr(float(np.float32(v)))


def dense(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        flat = ", ".join(f32(v) for v in a.reshape(-1))
    else:
        flat = ", ".join(str(int(v)) for v in a.reshape(-1))
    return f"dense<[{flat}]>" if a.ndim == 1 else _nested(a)


def _nested(a):
    def rec(x):
        if x.ndim == 0:
            return f32(x) if x.dtype.kind == "f" else str(int(x))
        return "[" + ", ".join(rec(y) for y in x) + "]"
    return f"dense<{rec(a)}>"


def shape(s):
    return "x".join(str(d) for d in s)


def tensor(s, elem="f32"):
    return f"tensor<{shape(s)}x{elem}>" if len(s) else f"tensor<{elem}>"


def qtype(dtype, scale, zp):
    storage = {"quint8": "u8", "qint8": "i8", "qint32": "i32"}[dtype]
    return f"!quant.uniform<{storage}:f32, {f32(scale)}:{int(zp)}>"


def qtype_per_channel(dtype, scales, zps, axis=0):
    storage = {"quint8": "u8", "qint8": "i8"}[dtype]
    body = ", ".join(f"{f32(s)}:{int(z)}" for s, z in zip(scales, zps))
    return f"!quant.uniform<{storage}:f32:{axis}, {{{body}}}>"


def storage_of(qt):
    """The numpy array qnn-run expects/produces for a torch quantized tensor."""
    r = qt.int_repr().numpy()
    return r


def torch_qtype(qt):
    dt = {"torch.quint8": "quint8", "torch.qint8": "qint8", "torch.qint32": "qint32"}[str(qt.dtype)]
    return qtype(dt, qt.q_scale(), qt.q_zero_point())


def weight_qtype(w):
    """qnn type of a torch quantized weight (per tensor or per channel)."""
    import torch
    if w.qscheme() in (torch.per_channel_affine, torch.per_channel_symmetric):
        return qtype_per_channel("qint8", w.q_per_channel_scales().numpy(),
                                 w.q_per_channel_zero_points().numpy(),
                                 w.q_per_channel_axis())
    return qtype("qint8", w.q_scale(), w.q_zero_point())
