#!/usr/bin/python3
"""Generates test/Dialect/QNN/Transforms/convert-qparams.mlir.

Every case builds a torch.ao.quantization observer (PyTorch 1.13), feeds it
fixed data, and takes PyTorch's `calculate_qparams()` (and, for weights,
the quantized int8 values that eager-mode convert produces) as the expected
result. The case is then written as MLIR -- a `qnn.observe` carrying the
observer's statistics, or a constant weight of a `qnn.linear`/`qnn.conv2d` --
and run through `qnn-opt --qnn-convert` once, here. The script checks that
qnn's scales are bit-exact float32 equal to torch's and that zero points and
quantized weight values are equal, and only then writes the CHECK lines
(using the scale strings the MLIR printer produced, so they match
textually).

Any case that does not match torch fails the script with a message giving
the inputs and both results. Cases listed as known mismatches (`xfail=`)
are left out of the generated test; the script still runs them and fails
if they start to match (so the list cannot go stale).

Usage (from anywhere; needs torch 1.13 and a built qnn-opt):

    /usr/bin/python3 scripts/gen_convert_qparams_tests.py [--qnn-opt PATH]
        [--output PATH] [--check]

`--check` compares the generated text with the file on disk instead of
writing it (exit code 1 if it differs).
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch.ao.nn.quantized.modules.utils import _quantize_weight
from torch.ao.quantization import observer as tobs
from torch.ao.quantization.fake_quantize import FakeQuantize

warnings.filterwarnings("ignore")  # reduce_range deprecation chatter

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test" / "Dialect" / "QNN" / "Transforms" / "convert-qparams.mlir"
SCRIPT = "scripts/gen_convert_qparams_tests.py"

# ---------------------------------------------------------------------------
# Observer specs: one description gives both the torch observer and the
# #qnn.observer attribute.
# ---------------------------------------------------------------------------

KINDS = {
    "minmax": tobs.MinMaxObserver,
    "moving_average_minmax": tobs.MovingAverageMinMaxObserver,
    "per_channel_minmax": tobs.PerChannelMinMaxObserver,
    "moving_average_per_channel_minmax": tobs.MovingAveragePerChannelMinMaxObserver,
    "histogram": tobs.HistogramObserver,
}
DTYPES = {"quint8": torch.quint8, "qint8": torch.qint8, "qint32": torch.qint32}
QSCHEMES = {
    "per_tensor_affine": torch.per_tensor_affine,
    "per_tensor_symmetric": torch.per_tensor_symmetric,
    "per_channel_affine": torch.per_channel_affine,
    "per_channel_symmetric": torch.per_channel_symmetric,
}
STORAGE = {"quint8": "u8", "qint8": "i8", "qint32": "i32"}


@dataclass
class Obs:
    """Constructor arguments of one observer; None means PyTorch's default."""

    kind: str
    dtype: Optional[str] = None
    qscheme: Optional[str] = None
    reduce_range: Optional[bool] = None
    quant_min: Optional[int] = None
    quant_max: Optional[int] = None
    eps: Optional[float] = None
    ch_axis: Optional[int] = None
    bins: Optional[int] = None

    @property
    def dtype_name(self) -> str:
        return self.dtype or "quint8"

    def torch(self):
        kw = {}
        if self.dtype is not None:
            kw["dtype"] = DTYPES[self.dtype]
        if self.qscheme is not None:
            kw["qscheme"] = QSCHEMES[self.qscheme]
        if self.reduce_range is not None:
            kw["reduce_range"] = self.reduce_range
        if self.quant_min is not None:
            kw["quant_min"] = self.quant_min
            kw["quant_max"] = self.quant_max
        if self.eps is not None:
            kw["eps"] = self.eps
        if self.ch_axis is not None:
            kw["ch_axis"] = self.ch_axis
        if self.bins is not None:
            kw["bins"] = self.bins
        return KINDS[self.kind](**kw)

    def attr(self) -> str:
        fields = [self.kind]
        if self.dtype is not None:
            fields.append(f"dtype = {self.dtype}")
        if self.qscheme is not None:
            fields.append(f"qscheme = {self.qscheme}")
        if self.reduce_range is not None:
            fields.append(f"reduce_range = {'true' if self.reduce_range else 'false'}")
        if self.quant_min is not None:
            fields.append(f"quant_min = {self.quant_min}, quant_max = {self.quant_max}")
        if self.ch_axis is not None:
            fields.append(f"ch_axis = {self.ch_axis}")
        if self.bins is not None:
            fields.append(f"bins = {self.bins}")
        if self.eps is not None:
            fields.append(f"eps = {mlir_float(self.eps, f32=False)}")
        return "#qnn.observer<" + ", ".join(fields) + ">"

    def describe(self) -> str:
        return self.attr()


# ---------------------------------------------------------------------------
# Float formatting.
# ---------------------------------------------------------------------------


def mlir_float(x, f32=True) -> str:
    """A float literal MLIR parses back to exactly `x` (float32 if `f32`).

    MLIR parses a decimal literal to the nearest double and, for f32, rounds
    that to float32; float(np.float32(float(s))) does exactly the same, so
    the round trip is checked here.
    """
    if f32:
        v = np.float32(x)
        s = "%.9g" % float(v)
    else:
        v = float(x)
        s = repr(v)
    mant, _, exp = s.partition("e")
    if "." not in mant and mant.lstrip("-").isdigit():
        mant += ".0"
    s = mant + ("e" + exp if exp else "")
    back = np.float32(float(s)) if f32 else float(s)
    assert back == v and np.signbit(back) == np.signbit(v), (x, s)
    return s


def f32_array(values) -> str:
    return "array<f32: " + ", ".join(mlir_float(v) for v in values) + ">"


def f32_bits_equal(a: float, b: float) -> bool:
    return np.float32(a).view(np.uint32) == np.float32(b).view(np.uint32)


def filecheck_literal(text: str) -> str:
    """`text` as a FileCheck pattern: `[[` would start a variable."""
    assert "{{" not in text and "}}" not in text, text
    return re.sub(r"\[\[+", lambda m: "{{" + re.escape(m.group()) + "}}", text)


def tensor_type(shape: Sequence[int], elem: str) -> str:
    return "tensor<" + "".join(f"{d}x" for d in shape) + elem + ">"


def dense_literal(t: torch.Tensor) -> str:
    """The float literal of a weight constant (each value round-trips)."""
    arr = t.detach().numpy().astype(np.float32)

    def rec(a):
        if a.ndim == 0:
            return mlir_float(a)
        return "[" + ", ".join(rec(x) for x in a) + "]"

    return "dense<" + rec(arr) + ">"


# ---------------------------------------------------------------------------
# Cases.
# ---------------------------------------------------------------------------


class Mismatch(AssertionError):
    pass


@dataclass
class ActCase:
    """quant_stub + observer (or fake_quant) with recorded statistics."""

    name: str
    comment: str
    obs: Obs
    feeds: List[Sequence[float]] = field(default_factory=list)
    torch_feeds: Optional[List[torch.Tensor]] = None
    fake_quant: bool = False
    xfail: Optional[str] = None
    shape: Tuple[int, ...] = (4,)

    def run_torch(self):
        if self.fake_quant:
            # FakeQuantize forwards its kwargs to the observer it builds.
            kw = {}
            ob = self.obs
            if ob.dtype is not None:
                kw["dtype"] = DTYPES[ob.dtype]
            if ob.qscheme is not None:
                kw["qscheme"] = QSCHEMES[ob.qscheme]
            if ob.reduce_range is not None:
                kw["reduce_range"] = ob.reduce_range
            if ob.eps is not None:
                kw["eps"] = ob.eps
            o = FakeQuantize(observer=KINDS[ob.kind], quant_min=ob.quant_min,
                             quant_max=ob.quant_max, **kw)
            post = o.activation_post_process
        else:
            o = self.obs.torch()
            post = o
        feeds = self.torch_feeds or [torch.tensor(f, dtype=torch.float32) for f in self.feeds]
        for x in feeds:
            o(x)
        self.min_val = [float(v) for v in post.min_val.reshape(-1)]
        self.max_val = [float(v) for v in post.max_val.reshape(-1)]
        self.histogram = None
        if self.obs.kind == "histogram":
            self.histogram = [float(v) for v in post.histogram]
            assert len(self.histogram) == (self.obs.bins or 2048)
        scale, zp = o.calculate_qparams()
        assert scale.dtype == torch.float32
        self.scale = float(scale.reshape(-1)[0])
        self.zp = int(zp.reshape(-1)[0])

    def func(self) -> str:
        ty = tensor_type(self.shape, "f32")
        attrs = [f'name = "quant"', f"observer = {self.obs.attr()}",
                 f"min_val = {f32_array(self.min_val)}",
                 f"max_val = {f32_array(self.max_val)}"]
        if self.histogram is not None:
            attrs.append(f"histogram = {f32_array(self.histogram)}")
        op = "qnn.fake_quant" if self.fake_quant else "qnn.observe"
        return "\n".join([
            f"func.func @{self.name}(%x: {ty}) -> {ty} {{",
            f'  %0 = qnn.quant_stub %x {{name = "quant"}} : {ty} -> {ty}',
            f"  %1 = {op} %0 {{{', '.join(attrs)}}} : {ty}",
            f'  %2 = qnn.dequant_stub %1 {{name = "dequant"}} : {ty} -> {ty}',
            f"  return %2 : {ty}",
            "}",
        ])

    QUANTIZE_RE = re.compile(
        r"qnn\.quantize %\S+ : (tensor<[^>]*>) -> (tensor<(?:\d+x)*!quant\.uniform<"
        r"(\w+):f32, ([^:>]+)(?::(-?\d+))?>>)")

    def check(self, output: str) -> List[str]:
        m = self.QUANTIZE_RE.search(output)
        if not m:
            raise Mismatch(f"{self.name}: no qnn.quantize in qnn-opt output:\n{output}")
        in_type, out_type, storage, scale_s, zp_s = m.groups()
        zp = int(zp_s) if zp_s else 0
        want_storage = STORAGE[self.obs.dtype_name]
        if (storage != want_storage or not f32_bits_equal(float(scale_s), self.scale)
                or float(scale_s) != float(np.float32(self.scale)) or zp != self.zp):
            raise Mismatch(
                f"{self.name}: observer {self.obs.describe()} with "
                f"min_val={self.min_val} max_val={self.max_val}"
                + (f" histogram(bins={len(self.histogram)})" if self.histogram else "")
                + f"\n  torch: scale={self.scale!r} ({np.float32(self.scale).view(np.uint32):#010x})"
                f" zero_point={self.zp} storage={want_storage}"
                f"\n  qnn:   scale={scale_s} ({np.float32(float(scale_s)).view(np.uint32):#010x})"
                f" zero_point={zp} storage={storage}")
        return [
            f"// CHECK-LABEL: func.func @{self.name}(",
            f"// CHECK: qnn.quantize %{{{{.*}}}} : {in_type} -> {out_type}",
            f"// CHECK-NEXT: qnn.dequantize %{{{{.*}}}} : {out_type} -> {in_type}",
        ]


@dataclass
class WeightCase:
    """A conv2d/linear whose constant weight is quantized by convert."""

    name: str
    comment: str
    op: str  # "linear" or "conv2d"
    weight: torch.Tensor
    wobs: Obs
    # "observe": weight wrapped in qnn.observe without statistics (prepared
    # model); "stats": qnn.observe with the torch observer's statistics;
    # "qconfig": bare constant, weight observer taken from the qconfig.
    how: str = "observe"
    xfail: Optional[str] = None

    def run_torch(self):
        o = self.wobs.torch()
        o(self.weight)
        self.min_val = [float(v) for v in o.min_val.reshape(-1)]
        self.max_val = [float(v) for v in o.max_val.reshape(-1)]
        scale, zp = o.calculate_qparams()
        self.scales = [float(s) for s in scale.reshape(-1)]
        self.zps = [int(z) for z in zp.reshape(-1)]
        # What eager-mode convert stores (nnq.Linear/Conv2d.from_float):
        # quantize_per_tensor / quantize_per_channel, then _clamp_weights.
        q = _quantize_weight(self.weight.float(), o)
        self.qvalues = q.int_repr().reshape(-1).tolist()
        if self.wobs.qscheme and self.wobs.qscheme.startswith("per_channel"):
            plain = torch.quantize_per_channel(
                self.weight, scale.to(torch.double), zp.to(torch.int64),
                self.wobs.ch_axis or 0, torch.qint8)
        else:
            plain = torch.quantize_per_tensor(self.weight, float(scale), int(zp), torch.qint8)
        self.plain_qvalues = plain.int_repr().reshape(-1).tolist()

    @property
    def per_channel(self) -> bool:
        return bool(self.wobs.qscheme and self.wobs.qscheme.startswith("per_channel"))

    def func(self) -> str:
        wshape = tuple(self.weight.shape)
        wty = tensor_type(wshape, "f32")
        if self.op == "linear":
            xshape, yshape = (2, wshape[1]), (2, wshape[0])
        else:
            xshape = (1, wshape[1], 4, 4)
            yshape = (1, wshape[0], 4 - wshape[2] + 1, 4 - wshape[3] + 1)
        xty, yty = tensor_type(xshape, "f32"), tensor_type(yshape, "f32")
        act = "#qnn.observer<minmax>"
        qconfig = f"#qnn.qconfig<activation = {act}, weight = {self.wobs.attr()}>"
        lines = [
            f"func.func @{self.name}(%x: {xty}) -> {yty} {{",
            f"  %w = arith.constant {dense_literal(self.weight)} : {wty}",
            f'  %0 = qnn.quant_stub %x {{name = "quant"}} : {xty} -> {xty}',
            f'  %1 = qnn.observe %0 {{name = "quant", observer = {act}, '
            f"min_val = array<f32: -1.0>, max_val = array<f32: 2.0>}} : {xty}",
        ]
        if self.how == "qconfig":
            wname = "%w"
        else:
            stats = ""
            if self.how == "stats":
                stats = (f", min_val = {f32_array(self.min_val)}, "
                         f"max_val = {f32_array(self.max_val)}")
            lines.append(f'  %wo = qnn.observe %w {{name = "{self.op}.weight", '
                         f"observer = {self.wobs.attr()}{stats}}} : {wty}")
            wname = "%wo"
        lines += [
            f'  %2 = qnn.{self.op} %1, {wname} {{name = "{self.op}", qconfig = {qconfig}}}'
            f" : ({xty}, {wty}) -> {yty}",
            f'  %3 = qnn.observe %2 {{name = "{self.op}", observer = {act}, '
            f"min_val = array<f32: -4.0>, max_val = array<f32: 4.0>}} : {yty}",
            f'  %4 = qnn.dequant_stub %3 {{name = "dequant"}} : {yty} -> {yty}',
            f"  return %4 : {yty}",
            "}",
        ]
        return "\n".join(lines)

    QCONST_RE = re.compile(
        r"(qnn\.qconstant dense<(.*?)> : (tensor<[^>]*>) -> (tensor<(?:\d+x)*"
        r"!quant\.uniform<i8:f32(:\d+)?, ([^>]*)>>))")

    def check(self, output: str) -> List[str]:
        m = self.QCONST_RE.search(output)
        if not m:
            raise Mismatch(f"{self.name}: no qnn.qconstant in qnn-opt output:\n{output}")
        text, dense, storage_ty, qty, axis, params = m.groups()
        if dense.startswith('"0x'):  # large constants print as raw hex bytes
            values = np.frombuffer(bytes.fromhex(dense[3:-1]), dtype=np.int8).astype(np.int64)
        else:
            values = np.array(json.loads(dense), dtype=np.int64)
        n = self.weight.numel()
        if values.ndim == 0:  # splat
            values = np.broadcast_to(values, self.weight.shape)
        values = values.reshape(-1).tolist()
        if self.per_channel:
            entries = params.strip("{}").split(",")
        else:
            entries = [params]
        scales_s, zps = [], []
        for e in entries:
            s, _, z = e.partition(":")
            scales_s.append(s)
            zps.append(int(z) if z else 0)
        want_axis = f":{self.wobs.ch_axis or 0}" if self.per_channel else None
        problems = []
        if (axis or None) != want_axis:
            problems.append(f"axis {axis!r} != {want_axis!r}")
        if len(scales_s) != len(self.scales) or not all(
                f32_bits_equal(float(a), b) and float(a) == float(np.float32(b))
                for a, b in zip(scales_s, self.scales)):
            problems.append("scales differ")
        if zps != self.zps:
            problems.append("zero points differ")
        if values != self.qvalues:
            diff = [(i, a, b) for i, (a, b) in enumerate(zip(values, self.qvalues)) if a != b]
            problems.append(f"{len(diff)} of {n} quantized values differ "
                            f"(flat index, qnn, torch): {diff[:8]}")
        if problems:
            raise Mismatch(
                f"{self.name}: {self.op} weight {self.weight.tolist()} with weight "
                f"observer {self.wobs.describe()} ({self.how}): " + "; ".join(problems)
                + f"\n  torch: scales={self.scales} zero_points={self.zps}"
                f"\n         int_repr={self.qvalues}"
                + (f"\n         (torch.quantize_per_*, before _clamp_weights: {self.plain_qvalues})"
                   if self.plain_qvalues != self.qvalues else "")
                + f"\n  qnn:   scales={scales_s} zero_points={zps}\n         int_repr={values}")
        return [
            f"// CHECK-LABEL: func.func @{self.name}(",
            f"// CHECK: %[[W:.*]] = {filecheck_literal(text)}",
            f"// CHECK: qnn.{self.op} %{{{{.*}}}}, %[[W]]",
        ]


# ---------------------------------------------------------------------------
# The case list.
# ---------------------------------------------------------------------------


def seeded(seed: int, *shapes, scale=1.0, shift=0.0):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(*s, generator=g) * scale + shift for s in shapes]


def cases():
    A = ActCase
    mm = lambda **kw: Obs("minmax", **kw)
    out = [
        # --- MinMaxObserver, quint8 per_tensor_affine (the defaults) -------
        A("minmax_quint8_affine", "ordinary range straddling zero",
          mm(), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_quint8_affine_odd", "non-representable bounds",
          mm(), [[-0.3711, 0.1, 1.2345678, 0.0]]),
        A("minmax_quint8_all_positive", "min is clipped to 0: zero point 0",
          mm(), [[0.5, 1.0, 3.75, 2.0]]),
        A("minmax_quint8_all_negative", "max is clipped to 0: zero point 255",
          mm(), [[-0.5, -1.0, -3.75, -2.0]]),
        A("minmax_quint8_zero", "min == max == 0: the scale is eps",
          mm(), [[0.0, 0.0, 0.0, 0.0]]),
        A("minmax_quint8_const_pos", "min == max != 0",
          mm(), [[1.5, 1.5, 1.5, 1.5]]),
        A("minmax_quint8_const_neg", "min == max < 0",
          mm(), [[-2.0, -2.0, -2.0, -2.0]]),
        A("minmax_quint8_tiny", "range below 255 * eps: the scale is eps",
          mm(), [[-1e-6, 0.0, 2e-6, 1e-6]]),
        A("minmax_quint8_reduce_range", "reduce_range: quant range 0..127",
          mm(reduce_range=True), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_quint8_multi_feed", "statistics of three forward calls",
          mm(), [[-0.5, 0.2, 0.1, 0.3], [0.1, 2.5, 0.0, 0.0], [-0.75, 0.0, 0.0, 1.0]]),
        # --- qint8 ----------------------------------------------------------
        A("minmax_qint8_affine", "qint8 affine: quant range -128..127",
          mm(dtype="qint8"), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_qint8_affine_reduce_range", "qint8 affine, reduce_range: -64..63",
          mm(dtype="qint8", reduce_range=True), [[-0.7, 0.25, 3.1, 0.5]]),
        A("minmax_qint8_symmetric", "qint8 symmetric: zero point 0",
          mm(dtype="qint8", qscheme="per_tensor_symmetric"), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_qint8_symmetric_neg", "qint8 symmetric, |min| > max",
          mm(dtype="qint8", qscheme="per_tensor_symmetric"), [[-3.3, 0.25, 2.0, 0.5]]),
        A("minmax_qint8_symmetric_reduce_range", "qint8 symmetric, reduce_range",
          mm(dtype="qint8", qscheme="per_tensor_symmetric", reduce_range=True),
          [[-1.0, 0.25, 2.0, 0.5]]),
        # --- quint8 symmetric ---------------------------------------------
        A("minmax_quint8_symmetric", "quint8 symmetric: zero point 128",
          mm(qscheme="per_tensor_symmetric"), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_quint8_symmetric_custom", "quint8 symmetric, custom range: midpoint (0+127)//2",
          mm(qscheme="per_tensor_symmetric", quant_min=0, quant_max=127), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_quint8_symmetric_custom_even", "quint8 symmetric, custom range 0..200: midpoint 100",
          mm(qscheme="per_tensor_symmetric", quant_min=0, quant_max=200), [[-1.0, 0.25, 2.0, 0.5]]),
        # --- custom ranges --------------------------------------------------
        A("minmax_quint8_custom_range", "custom range 0..15",
          mm(quant_min=0, quant_max=15), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_quint8_custom_reduce_range", "custom 0..255 with reduce_range: halved to 0..127",
          mm(quant_min=0, quant_max=255, reduce_range=True), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_qint8_custom_reduce_range", "custom -127..127 with reduce_range: floor-halved to -64..63",
          mm(dtype="qint8", quant_min=-127, quant_max=127, reduce_range=True),
          [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_qint8_symmetric_custom_reduce_range",
          "qint8 symmetric, custom -127..127 with reduce_range",
          mm(dtype="qint8", qscheme="per_tensor_symmetric", quant_min=-127, quant_max=127,
             reduce_range=True), [[-1.0, 0.25, 2.0, 0.5]]),
        # --- eps --------------------------------------------------------------
        A("minmax_eps_override", "eps = 1e-3 bounds the scale from below",
          mm(eps=1e-3), [[0.0, 0.05, 0.1, 0.02]]),
        A("minmax_eps_override_inactive", "eps = 1e-3 not reached",
          mm(eps=1e-3), [[-1.0, 0.25, 2.0, 0.5]]),
        A("minmax_symmetric_eps_override", "symmetric with eps = 0.5",
          mm(dtype="qint8", qscheme="per_tensor_symmetric", eps=0.5), [[-1.0, 0.25, 2.0, 0.5]]),
        # --- qint32 -----------------------------------------------------------
        A("minmax_qint32_affine", "qint32 affine: range/float(2**32 - 1)",
          mm(dtype="qint32"), [[-1.0, 0.25, 3.0, 0.5]]),
        A("minmax_qint32_all_positive", "qint32 affine, all positive: zero point -2**31",
          mm(dtype="qint32"), [[0.5, 1.0, 3.75, 2.0]]),
        A("minmax_qint32_symmetric", "qint32 symmetric",
          mm(dtype="qint32", qscheme="per_tensor_symmetric"), [[-1.0, 0.25, 3.0, 0.5]]),
        A("minmax_qint32_large_range", "qint32 affine, range large enough that the scale exceeds eps",
          mm(dtype="qint32"), [[-1000.0, 0.25, 3000.0, 0.5]]),
        A("minmax_qint32_affine_overflow", "qint32 affine with |min| > max",
          mm(dtype="qint32"), [[-3000.0, 0.25, 1000.0, 0.5]],
          xfail="torch rounds min_neg / scale into an int32 tensor (.to(torch.int)); "
                "below -2**31 that conversion overflows (INT_MIN on x86) and torch's "
                "zero point becomes 0, while qnn computes in int64 and clamps to quant_max"),
        # --- MovingAverageMinMaxObserver ------------------------------------
        A("moving_average_minmax", "moving average of three calls, same formula",
          Obs("moving_average_minmax"),
          [[-1.0, 0.25, 2.0, 0.5], [-3.0, 0.0, 5.0, 1.0], [0.5, 0.5, 0.7, 0.6]]),
        A("moving_average_minmax_qat", "fbgemm_qat activation: 0..255 with reduce_range",
          Obs("moving_average_minmax", quant_min=0, quant_max=255, reduce_range=True),
          [[-1.0, 0.25, 2.0, 0.5], [-3.0, 0.0, 5.0, 1.0]]),
        A("moving_average_minmax_qint8_symmetric", "moving average, qint8 symmetric",
          Obs("moving_average_minmax", dtype="qint8", qscheme="per_tensor_symmetric"),
          [[-1.0, 0.25, 2.0, 0.5], [-3.0, 0.0, 5.0, 1.0]]),
        A("fake_quant_moving_average", "FakeQuantize statistics without scale/zero_point",
          Obs("moving_average_minmax", quant_min=0, quant_max=255),
          [[-1.0, 0.25, 2.0, 0.5], [-3.0, 0.0, 5.0, 1.0]], fake_quant=True),
    ]

    # --- HistogramObserver: min/max/histogram from torch, non-linear search --
    H = lambda **kw: Obs("histogram", **kw)
    out += [
        A("histogram_bins16", "16 bins, one normal tensor",
          H(bins=16), torch_feeds=seeded(0, (64,), scale=2.0)),
        A("histogram_bins64", "64 bins, one tensor, skewed",
          H(bins=64), torch_feeds=seeded(1, (256,), scale=1.5, shift=0.5)),
        A("histogram_bins64_multi", "64 bins, three tensors of growing range (combined histograms)",
          H(bins=64), torch_feeds=[t * (i + 1) for i, t in enumerate(seeded(2, (128,), (128,), (128,)))]),
        A("histogram_bins64_reduce_range", "64 bins, reduce_range (fbgemm activation)",
          H(bins=64, reduce_range=True), torch_feeds=seeded(3, (256,), (256,), scale=3.0)),
        A("histogram_bins64_qint8_symmetric", "64 bins, qint8 symmetric",
          H(bins=64, dtype="qint8", qscheme="per_tensor_symmetric"),
          torch_feeds=seeded(4, (256,), scale=2.0, shift=-0.3)),
        A("histogram_bins64_positive", "64 bins, non-negative data (after ReLU)",
          H(bins=64), torch_feeds=[t.abs() for t in seeded(5, (256,), (256,), scale=4.0)]),
        A("histogram_constant", "16 bins, constant data: min == max",
          H(bins=16), [[1.5] * 8]),
        A("histogram_empty", "16 bins, all counts 0 (torch.histc over [int(min), int(max)] "
          "misses every value)", H(bins=16), [[-1.9, 1.9, 1.2], [-1.5, 2.5]]),
        A("histogram_bins2048", "the default 2048 bins, reduce_range (fbgemm's activation observer)",
          H(reduce_range=True), torch_feeds=seeded(7, (512,), (512,), scale=2.0)),
        A("histogram_negative_counts", "16 bins; combining histograms leaves tiny negative counts",
          H(bins=16), torch_feeds=[t * (7 * i + 1) for i, t in enumerate(
              seeded(27, (16,), (16,), (16,), (16,), (16,)))]),
        A("histogram_bins128_outliers", "128 bins, heavy tails (the search clips them)",
          H(bins=128), torch_feeds=[torch.cat([t, torch.tensor([40.0, -35.0])])
                                    for t in seeded(6, (512,), scale=2.0)]),
    ]

    # --- Weights of linear / conv2d ---------------------------------------
    W = WeightCase
    g = torch.Generator().manual_seed(10)
    lin_w = torch.tensor([[0.1, -0.2, 0.3, 0.05],
                          [1.0, 0.5, -0.25, 0.0],
                          [-0.01, 0.02, 0.03, -0.04]], dtype=torch.float32)
    lin_w2 = (torch.randn(4, 5, generator=g) * 0.3)
    conv_w = (torch.randn(3, 2, 2, 2, generator=g) * 0.2)
    conv_w2 = (torch.randn(4, 2, 1, 1, generator=g) * 0.5 + 0.1)
    pc_sym = lambda kind="per_channel_minmax", **kw: Obs(kind, dtype="qint8", qscheme="per_channel_symmetric", **kw)
    out += [
        W("linear_per_channel_symmetric", "default_per_channel_weight_observer on a linear",
          "linear", lin_w, pc_sym()),
        W("linear_per_channel_symmetric_random", "per-channel symmetric, random weight",
          "linear", lin_w2, pc_sym()),
        W("linear_per_channel_affine_qconfig",
          "per_channel_affine from the qconfig (no weight observe op)",
          "linear", lin_w, Obs("per_channel_minmax", dtype="qint8", qscheme="per_channel_affine"),
          how="qconfig"),
        W("conv2d_per_channel_symmetric", "fbgemm's weight observer on a conv2d",
          "conv2d", conv_w, pc_sym()),
        W("conv2d_moving_average_per_channel", "fbgemm_qat-style weight observer, with statistics",
          "conv2d", conv_w, pc_sym("moving_average_per_channel_minmax", quant_min=-128, quant_max=127),
          how="stats"),
        W("conv2d_moving_average_per_channel_affine", "moving-average per-channel affine",
          "conv2d", conv_w2, Obs("moving_average_per_channel_minmax", dtype="qint8",
                                 qscheme="per_channel_affine")),
        W("conv2d_per_tensor_symmetric", "default_weight_observer (qnnpack) on a conv2d",
          "conv2d", conv_w, Obs("minmax", dtype="qint8", qscheme="per_tensor_symmetric")),
        W("linear_per_tensor_symmetric", "default_weight_observer on a linear",
          "linear", lin_w2, Obs("minmax", dtype="qint8", qscheme="per_tensor_symmetric")),
        W("linear_per_tensor_affine", "per_tensor_affine qint8 weight",
          "linear", lin_w2, Obs("minmax", dtype="qint8")),
        W("linear_per_tensor_symmetric_reduce_range",
          "qint8 symmetric weight with reduce_range: torch clamps to -64..63",
          "linear", lin_w, Obs("minmax", dtype="qint8", qscheme="per_tensor_symmetric",
                               reduce_range=True)),
        W("linear_per_channel_symmetric_narrow",
          "per-channel symmetric weight, custom range -64..63: torch clamps",
          "linear", lin_w, pc_sym(quant_min=-64, quant_max=63)),
    ]
    return out


# ---------------------------------------------------------------------------
# Driver.
# ---------------------------------------------------------------------------


def run_qnn(qnn_opt: str, func: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(func + "\n")
        path = f.name
    try:
        p = subprocess.run([qnn_opt, path, "--qnn-convert"], capture_output=True, text=True)
    finally:
        os.unlink(path)
    if p.returncode != 0:
        err = "\n".join(line[:300] for line in p.stderr.splitlines()[:6])
        raise Mismatch(f"qnn-opt failed (exit {p.returncode}):\n{err}")
    return p.stdout


def generate(qnn_opt: str) -> Tuple[str, List[str], List[str]]:
    torch.manual_seed(0)
    blocks, unexpected, expected_fail = [], [], []
    for case in cases():
        case.run_torch()
        func = case.func()
        try:
            try:
                output = run_qnn(qnn_opt, func)
            except Mismatch as e:
                raise Mismatch(f"{case.name}: {e}") from None
            checks = case.check(output)
        except Mismatch as e:
            if case.xfail:
                expected_fail.append(f"{case.name}: {case.xfail}\n{e}")
            else:
                unexpected.append(str(e))
            continue
        if case.xfail:
            unexpected.append(f"{case.name} is listed as a known mismatch ({case.xfail}) "
                              f"but now matches torch: remove its xfail")
            continue
        blocks.append("\n".join([f"// {case.comment}"] + checks + [func]))

    xfails = [c for c in cases() if c.xfail]
    header = [
        "// RUN: qnn-opt %s -split-input-file --qnn-convert | FileCheck %s",
        "",
        f"// GENERATED by {SCRIPT} -- do not edit by hand.",
        f"// Regenerate (needs torch 1.13 and build/bin/qnn-opt): /usr/bin/python3 {SCRIPT}",
        "//",
        "// Each case feeds a torch.ao.quantization observer fixed data and checks",
        "// that --qnn-convert computes calculate_qparams() bit-exactly (scales as",
        "// float32, zero points, and for weights the quantized int8 values that",
        "// eager-mode convert stores). The statistics below are the observer's",
        "// min_val/max_val/histogram after the feeds.",
    ]
    if xfails:
        header += ["//", "// Left out because qnn does not match torch (see the script's xfail list):"]
        header += [f"//   {c.name}: {c.xfail}" for c in xfails]
    text = "\n".join(header) + "\n\n" + "\n\n// -----\n\n".join(blocks) + "\n"
    return text, unexpected, expected_fail


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--qnn-opt", default=os.environ.get("QNN_OPT", str(ROOT / "build" / "bin" / "qnn-opt")))
    ap.add_argument("--output", default=str(OUTPUT))
    ap.add_argument("--check", action="store_true",
                    help="compare with the file on disk instead of writing it")
    args = ap.parse_args()

    text, unexpected, expected_fail = generate(args.qnn_opt)
    for msg in expected_fail:
        print("known mismatch (left out of the test):\n" + msg + "\n", file=sys.stderr)
    if unexpected:
        for msg in unexpected:
            print("MISMATCH:\n" + msg + "\n", file=sys.stderr)
        print(f"error: {len(unexpected)} case(s) do not match torch; "
              f"{args.output} was not written", file=sys.stderr)
        sys.exit(1)
    out = Path(args.output)
    if args.check:
        old = out.read_text() if out.exists() else ""
        if old != text:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True), str(out), "generated"))
            sys.exit(1)
        print(f"{out} is up to date")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
