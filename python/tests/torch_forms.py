"""Shared by the import tests of torch forms: a float model that quantizes
its input and applies one form, and the bit-exact comparison of quantized
results."""
import pathlib
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.ao.quantization import QuantStub

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402


class Form(nn.Module):
    """QuantStub -> `fn` (a module, which then is a submodule, or a function)."""

    def __init__(self, fn):
        super().__init__()
        self.quant = QuantStub()
        self.fn = fn if isinstance(fn, nn.Module) else None
        self.f = fn

    def forward(self, x):
        return self.f(self.quant(x))


def assert_float_form(fn, op, x, tol):
    """The float model of `fn` imports with `op` in its IR and qnn runs it to
    torch's float output (within `tol`, relative and absolute)."""
    model = Form(fn).eval()
    ir = qnn.from_torch(model, x)
    assert op in ir, ir
    ours, = qnn.run(ir, x)
    with torch.no_grad():
        ref = model(x).numpy()
    np.testing.assert_allclose(ours, ref, rtol=tol, atol=tol)


def as_q(out):
    """(ints, scale, zero point) of a quantized torch tensor or of qnn's
    (ints, scale, zero point) result."""
    if isinstance(out, tuple):
        return out[0], float(out[1]), int(out[2])
    return out.int_repr().numpy(), float(out.q_scale()), int(out.q_zero_point())


def assert_identical(ours, ref, what, lsb=0):
    """Same qparams and shape, and ints equal (or within `lsb`)."""
    (a, sa, za), (b, sb, zb) = as_q(ours), as_q(ref)
    assert (sa, za) == (sb, zb), (what, (sa, za), (sb, zb))
    assert a.shape == b.shape, what
    if lsb:
        assert np.abs(a.astype(np.int64) - b).max() <= lsb, what
        return
    np.testing.assert_array_equal(a, b, err_msg=what)


def assert_exact(ours, exact, torch_out, what):
    """For torch kernels whose rounding depends on the host's ISA (oneDNN's
    quantized conv3d): qnn within its fp32 requantization error
    (docs/numerics.md) of `exact`, the float64 value of torch's integer
    computation in output steps, and equal to torch wherever torch is that
    close too."""
    (a, _, _), (b, _, _) = as_q(ours), as_q(torch_out)
    a, b = a.astype(np.int64), b.astype(np.int64)
    t = np.clip(exact, 0, 255)
    assert np.abs(a - t).max() <= 0.5 + 0.1, (what, np.abs(a - t).max())
    # Where torch rounds the exact value and it is not within fp32 error of
    # a tie, both must give that integer.
    clear = np.abs(t - np.floor(t) - 0.5) > 0.1
    torch_exact = clear & (b == np.round(t))
    np.testing.assert_array_equal(a[torch_exact], b[torch_exact], err_msg=what)
