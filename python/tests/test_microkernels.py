"""The micro-kernel GEMM path of qnn-compile (quantized conv1d/2d/3d and linear
with constant weights, the dynamic linear and the LSTM gate matmuls) against
qnn-run, bit for bit, on every target.

The cases cover the kernels' edge cases: rows and output channels that are not
multiples of the register tile, convs read in place (implicit GEMM) and through
an im2col, window rows that read only padding (skipped), K blocking, K that is not a multiple of the k group,
depthwise convolutions (width tails, stride 2, dilation), grouped convolutions
(one batched GEMM, a problem per group; a channel multiplier in 1-D),
padding, stride and dilation, Winograd F(2x2, 3x3), batches, signed and unsigned activations, weights
with nonzero zero points (the 16-bit fallback of the 8-bit kernels), fused
ReLU, no bias, and the extreme values that would saturate vpmaddubsw."""
import numpy as np
import pytest

from compiled_driver import ARM_TARGETS, X86_TARGETS, compile_and_run, run_reference, skip_unless_runnable
from irgen import dense, f32, qtype, qtype_per_channel, tensor


def conv_case(rng, name, rank, n, cin, cout, size, k, stride=1, pad=0, dil=1, act="quint8",
              act_zp=3, w_zp=None, bias=True, relu=False, extreme=False, groups=1,
              out_scale=None, act_scale=0.02, w_scale=None, w_max=128, out_type="quint8", out_zp=7):
    spatial = [size] * rank
    out = [(s + 2 * pad - dil * (k - 1) - 1) // stride + 1 for s in spatial]
    xs, ws, os_ = [n, cin] + spatial, [cout, cin // groups] + [k] * rank, [n, cout] + out
    w = rng.integers(-w_max, w_max, ws) if not extreme else np.full(ws, -128)
    scales = rng.uniform(0.002, 0.01, cout) if w_scale is None else np.full(cout, w_scale)
    zps = w_zp if w_zp is not None else [0] * cout
    wt = qtype_per_channel("qint8", scales, zps)
    it = qtype(act, act_scale, act_zp)
    ot = qtype(out_type, out_scale or (0.05 if not extreme else 40.0), out_zp)
    attrs = [f'name = "{name}"']
    if pad:
        attrs.append(f"padding = array<i64: {', '.join([str(pad)] * rank)}>")
    if stride != 1:
        attrs.append(f"stride = array<i64: {', '.join([str(stride)] * rank)}>")
    if dil != 1:
        attrs.append(f"dilation = array<i64: {', '.join([str(dil)] * rank)}>")
    if relu:
        attrs.append("fused_relu")
    if groups != 1:
        attrs.append(f"groups = {groups}")
    b = rng.uniform(-0.5, 0.5, cout).astype(np.float32)
    bias_def = f"  %b = arith.constant {dense(b)} : {tensor([cout])}\n" if bias else ""
    bias_use = ", %b" if bias else ""
    bias_ty = f", {tensor([cout])}" if bias else ""
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(os_)} {{
  %w = qnn.qconstant {dense(w)} : {tensor(ws, 'i8')} -> {tensor(ws, wt)}
{bias_def}  %q = qnn.quantize %x : {tensor(xs)} -> {tensor(xs, it)}
  %c = qnn.conv{rank}d %q, %w{bias_use} {{{', '.join(attrs)}}}
      : ({tensor(xs, it)}, {tensor(ws, wt)}{bias_ty}) -> {tensor(os_, ot)}
  %y = qnn.dequantize %c : {tensor(os_, ot)} -> {tensor(os_)}
  return %y : {tensor(os_)}
}}
"""
    scale = 3.0 if not extreme else 100.0
    return ir, xs, os_, scale


def conv_transpose_case(rng, name, rank, n, cin, cout, size, k, stride=1, pad=0, out_pad=0, dil=1,
                        groups=1, act="quint8", act_zp=3, w_zp=0, bias=True):
    """A quantized transposed convolution (per-tensor weight [cin][cout/groups][k...])."""
    spatial = [size] * rank
    out = [(s - 1) * stride - 2 * pad + dil * (k - 1) + out_pad + 1 for s in spatial]
    xs, ws, os_ = [n, cin] + spatial, [cin, cout // groups] + [k] * rank, [n, cout] + out
    w = rng.integers(-128, 128, ws)
    wt = qtype("qint8", 0.004, w_zp)
    it, ot = qtype(act, 0.02, act_zp), qtype("quint8", 0.05, 7)
    arr = lambda v: f"array<i64: {', '.join([str(v)] * rank)}>"
    attrs = [f'name = "{name}"', f"stride = {arr(stride)}", f"padding = {arr(pad)}",
             f"output_padding = {arr(out_pad)}", f"dilation = {arr(dil)}", f"groups = {groups}"]
    b = rng.uniform(-0.5, 0.5, cout).astype(np.float32)
    bias_def = f"  %b = arith.constant {dense(b)} : {tensor([cout])}\n" if bias else ""
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(os_)} {{
  %w = qnn.qconstant {dense(w)} : {tensor(ws, 'i8')} -> {tensor(ws, wt)}
{bias_def}  %q = qnn.quantize %x : {tensor(xs)} -> {tensor(xs, it)}
  %c = qnn.conv_transpose{rank}d %q, %w{", %b" if bias else ""} {{{', '.join(attrs)}}}
      : ({tensor(xs, it)}, {tensor(ws, wt)}{", " + tensor([cout]) if bias else ""}) -> {tensor(os_, ot)}
  %y = qnn.dequantize %c : {tensor(os_, ot)} -> {tensor(os_)}
  return %y : {tensor(os_)}
}}
"""
    return ir, xs, os_, 3.0


def residual_case(rng, name, n, c, size, k, op="add_relu", conv_is_lhs=True, later_residual=True,
                  act_zp=3, ties=False, conv_ties=False):
    """A conv whose only user is a quint8 residual add (the conv epilogue absorbs
    it). With `later_residual` the residual is a 1x1 conv defined after the
    conv, as in resnet's downsample blocks; otherwise it is the conv's own
    input, as in mobilenet_v2. With `ties` both operands' scales are half the
    sum's (QNNPACK's shift 22, am = bm = 2^21): the add's value is
    (qa + qb - 127) / 2 + zo, an exact tie of the rounding whenever
    qa + qb is even, below zero (add: zo = 90) as well as above. With
    `conv_ties` (and `ties`) the conv's multiplier is exactly 0.5 (act scale
    0.125, weight scale 0.5, output scale 0.125, small weights, no bias):
    every odd accumulator is a tie of the conv's own rounding, and its values
    leave [0, 255] on both sides."""
    pad = k // 2
    xs = ws_out = [n, c, size, size]
    ws = [c, c, k, k]
    it, ot, dt = qtype("quint8", 0.02, act_zp), qtype("quint8", 0.05, 7), qtype("quint8", 0.04, 120)
    st = qtype("quint8", 0.07, 2 if op == "add_relu" else 90)
    if ties:
        ot, st = qtype("quint8", 0.04, 7), qtype("quint8", 0.08, 2 if op == "add_relu" else 90)
    w = rng.integers(-128, 128, ws)
    wt = qtype_per_channel("qint8", rng.uniform(0.002, 0.01, c), [0] * c)
    if conv_ties:
        it, ot, dt = qtype("quint8", 0.125, act_zp), qtype("quint8", 0.125, 7), qtype("quint8", 0.125, 120)
        st = qtype("quint8", 0.25, 2 if op == "add_relu" else 90)
        w = rng.integers(-4, 5, ws)
        wt = qtype_per_channel("qint8", [0.5] * c, [0] * c)
    b = rng.uniform(-0.5, 0.5, c).astype(np.float32)
    w2 = rng.integers(-128, 128, [c, c, 1, 1])
    wt2 = qtype_per_channel("qint8", rng.uniform(0.002, 0.01, c), [0] * c)
    if later_residual:
        res_def = f"""  %d = qnn.conv2d %q, %w2 {{name = "{name}_down"}}
      : ({tensor(xs, it)}, {tensor([c, c, 1, 1], wt2)}) -> {tensor(xs, dt)}
"""
        res, rt = "%d", dt
    else:
        res_def, res, rt = "", "%q", it
    bias_def = "" if conv_ties else f"  %b = arith.constant {dense(b)} : {tensor([c])}\n"
    bias_use, bias_ty = ("", "") if conv_ties else (", %b", f", {tensor([c])}")
    lhs, rhs = ("%c", res) if conv_is_lhs else (res, "%c")
    lt, rtt = (ot, rt) if conv_is_lhs else (rt, ot)
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(xs)} {{
  %w = qnn.qconstant {dense(w)} : {tensor(ws, 'i8')} -> {tensor(ws, wt)}
  %w2 = qnn.qconstant {dense(w2)} : {tensor([c, c, 1, 1], 'i8')} -> {tensor([c, c, 1, 1], wt2)}
{bias_def}  %q = qnn.quantize %x : {tensor(xs)} -> {tensor(xs, it)}
  %c = qnn.conv2d %q, %w{bias_use} {{name = "{name}", padding = array<i64: {pad}, {pad}>}}
      : ({tensor(xs, it)}, {tensor(ws, wt)}{bias_ty}) -> {tensor(xs, ot)}
{res_def}  %s = qnn.{op} {lhs}, {rhs} : ({tensor(xs, lt)}, {tensor(xs, rtt)}) -> {tensor(xs, st)}
  %y = qnn.dequantize %s : {tensor(xs, st)} -> {tensor(xs)}
  return %y : {tensor(xs)}
}}
"""
    return ir, xs, xs, 3.0


def chain_case(rng, name, n, c, size):
    """conv (padding 1) -> max_pool2d (3x3, stride 1, padding 1) -> conv
    (padding 1) + the pool's output as residual: the first conv's output and
    the pool's output are written straight into the next op's padded canvas
    (qnn-copy-elision), and the pool's output is read again after that, by
    the residual add."""
    xs = [n, c, size, size]
    ws = [c, c, 3, 3]
    it, ot, st = qtype("quint8", 0.02, 3), qtype("quint8", 0.05, 7), qtype("quint8", 0.07, 2)
    w1, w2 = rng.integers(-128, 128, ws), rng.integers(-128, 128, ws)
    wt1 = qtype_per_channel("qint8", rng.uniform(0.002, 0.01, c), [0] * c)
    wt2 = qtype_per_channel("qint8", rng.uniform(0.002, 0.01, c), [0] * c)
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(xs)} {{
  %w1 = qnn.qconstant {dense(w1)} : {tensor(ws, 'i8')} -> {tensor(ws, wt1)}
  %w2 = qnn.qconstant {dense(w2)} : {tensor(ws, 'i8')} -> {tensor(ws, wt2)}
  %q = qnn.quantize %x : {tensor(xs)} -> {tensor(xs, it)}
  %c1 = qnn.conv2d %q, %w1 {{name = "{name}_1", padding = array<i64: 1, 1>}}
      : ({tensor(xs, it)}, {tensor(ws, wt1)}) -> {tensor(xs, ot)}
  %p = qnn.max_pool2d %c1 {{name = "{name}_pool", kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>}}
      : {tensor(xs, ot)} -> {tensor(xs, ot)}
  %c2 = qnn.conv2d %p, %w2 {{name = "{name}_2", padding = array<i64: 1, 1>}}
      : ({tensor(xs, ot)}, {tensor(ws, wt2)}) -> {tensor(xs, ot)}
  %s = qnn.add_relu %c2, %p : ({tensor(xs, ot)}, {tensor(xs, ot)}) -> {tensor(xs, st)}
  %y = qnn.dequantize %s : {tensor(xs, st)} -> {tensor(xs)}
  return %y : {tensor(xs)}
}}
"""
    return ir, xs, xs, 3.0


def linear_case(rng, name, lead, kin, nout, act="quint8", act_zp=128, w_zp=None, bias=True,
                relu=False):
    xs, ws, os_ = lead + [kin], [nout, kin], lead + [nout]
    w = rng.integers(-128, 128, ws)
    zps = w_zp if w_zp is not None else [0] * nout
    wt = qtype_per_channel("qint8", rng.uniform(0.002, 0.01, nout), zps)
    it, ot = qtype(act, 0.03, act_zp), qtype("quint8", 0.2, 100)
    b = rng.uniform(-1, 1, nout).astype(np.float32)
    bias_def = f"  %b = arith.constant {dense(b)} : {tensor([nout])}\n" if bias else ""
    relu_attr = ", fused_relu" if relu else ""
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(os_)} {{
  %w = qnn.qconstant {dense(w)} : {tensor(ws, 'i8')} -> {tensor(ws, wt)}
{bias_def}  %q = qnn.quantize %x : {tensor(xs)} -> {tensor(xs, it)}
  %c = qnn.linear %q, %w{", %b" if bias else ""} {{name = "{name}"{relu_attr}}}
      : ({tensor(xs, it)}, {tensor(ws, wt)}{", " + tensor([nout]) if bias else ""}) -> {tensor(os_, ot)}
  %y = qnn.dequantize %c : {tensor(os_, ot)} -> {tensor(os_)}
  return %y : {tensor(os_)}
}}
"""
    return ir, xs, os_, 2.0


def dynamic_linear_case(rng, name, lead, kin, nout, w_zp=None, per_channel=True, bias=True,
                        relu=False):
    """Float input, quantized weight: the dynamic linear's GEMM with the
    run-time input qparams and the float epilogue."""
    xs, ws, os_ = lead + [kin], [nout, kin], lead + [nout]
    w = rng.integers(-128, 128, ws)
    if per_channel:
        zps = w_zp if w_zp is not None else [0] * nout
        wt = qtype_per_channel("qint8", rng.uniform(0.002, 0.01, nout), zps)
    else:
        wt = qtype("qint8", 0.004, w_zp or 0)
    b = rng.uniform(-1, 1, nout).astype(np.float32)
    bias_def = f"  %b = arith.constant {dense(b)} : {tensor([nout])}\n" if bias else ""
    relu_attr = ", fused_relu" if relu else ""
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(os_)} {{
  %w = qnn.qconstant {dense(w)} : {tensor(ws, 'i8')} -> {tensor(ws, wt)}
{bias_def}  %y = qnn.linear %x, %w{", %b" if bias else ""} {{name = "{name}"{relu_attr}}}
      : ({tensor(xs)}, {tensor(ws, wt)}{", " + tensor([nout]) if bias else ""}) -> {tensor(os_)}
  return %y : {tensor(os_)}
}}
"""
    return ir, xs, os_, 2.0


def dynamic_lstm_case(rng, name, steps, batch, inp, hidden):
    """A dynamically quantized single-layer LSTM: the input projection and
    every step's hidden projection are micro-kernel GEMMs."""
    xs, os_ = [steps, batch, inp], [steps, batch, hidden]
    wih = rng.integers(-128, 128, (4 * hidden, inp))
    whh = rng.integers(-128, 128, (4 * hidden, hidden))
    bih = rng.uniform(-0.5, 0.5, 4 * hidden).astype(np.float32)
    bhh = rng.uniform(-0.5, 0.5, 4 * hidden).astype(np.float32)
    ti, th = qtype("qint8", 0.01, 0), qtype("qint8", 0.008, 0)
    wi, wh, bv = tensor([4 * hidden, inp], ti), tensor([4 * hidden, hidden], th), tensor([4 * hidden])
    hn = tensor([1, batch, hidden])
    ir = f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(os_)} {{
  %wih = qnn.qconstant {dense(wih)} : {tensor([4 * hidden, inp], 'i8')} -> {wi}
  %whh = qnn.qconstant {dense(whh)} : {tensor([4 * hidden, hidden], 'i8')} -> {wh}
  %bih = arith.constant {dense(bih)} : {bv}
  %bhh = arith.constant {dense(bhh)} : {bv}
  %o, %h, %c = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {{name = "{name}", hidden_size = {hidden} : i64}}
      : ({tensor(xs)}, {wi}, {wh}, {bv}, {bv}) -> ({tensor(os_)}, {hn}, {hn})
  return %o : {tensor(os_)}
}}
"""
    return ir, xs, os_, 1.0


def cases():
    rng = np.random.default_rng(7)
    # The session 15 tile cases draw from their own generator, so that the
    # cases after them keep their data.
    srng = np.random.default_rng(15)
    return {
        "conv2d_tails_relu": conv_case(rng, "conv2d_tails_relu", 2, 1, 5, 19, 7, 3, pad=1, relu=True),
        "conv2d_stride_dilation_batch": conv_case(rng, "conv2d_stride_dilation_batch", 2, 2, 3, 32,
                                                  11, 3, stride=2, pad=2, dil=2),
        # kw * cin = 24 is a whole number of k groups on every target: the
        # implicit GEMM (A read in place from the padded canvas, no im2col).
        "conv2d_implicit_stride_batch": conv_case(rng, "conv2d_implicit_stride_batch", 2, 2, 8,
                                                  20, 9, 3, stride=2, pad=1, relu=True),
        # K large enough that a panel of B exceeds L1 on every target: K blocking
        # (partial sums between blocks), over implicit-GEMM segments and within one.
        "conv2d_k_blocked": conv_case(rng, "conv2d_k_blocked", 2, 1, 320, 18, 5, 3, pad=1),
        "linear_k_blocked": linear_case(rng, "linear_k_blocked", [3], 2700, 20, relu=True),
        # Stems: window rows of 7 x 3 and 3 x 3 bytes get zero-weight taps so
        # that they are whole k groups (implicit GEMM, extra canvas padding).
        "conv2d_stem7": conv_case(rng, "conv2d_stem7", 2, 1, 3, 16, 15, 7, stride=2, pad=3,
                                  relu=True),
        "conv2d_stem3_wzp": conv_case(rng, "conv2d_stem3_wzp", 2, 1, 3, 10, 9, 3, stride=2, pad=1,
                                      w_zp=[2, -1] * 5),
        # AVX-512 VNNI: a partial last panel of 2 or 3 vectors runs tiles of
        # 12 or 8 rows (GemmEmitter::panelRows): within output rows of 15
        # columns at the padding edges (input zero point 0), batch 2; and
        # 48 channels, stride 2, with a row tail; 32 channels over 2 x 7 x 7
        # rows (tiles across the image boundary), qint8 input.
        "conv2d_narrow_panel_edges": conv_case(srng, "conv2d_narrow_panel_edges", 2, 2, 8, 96, 15,
                                               3, pad=1, act_zp=0, relu=True),
        "conv2d_narrow_panel_batch": conv_case(srng, "conv2d_narrow_panel_batch", 2, 2, 4, 32, 9,
                                               3, act="qint8", act_zp=-3),
        "conv2d_narrow_panel_48": conv_case(srng, "conv2d_narrow_panel_48", 2, 1, 5, 48, 13, 3,
                                            stride=2),
        # 36 k groups: full panels run tiles of 6 rows (even splits of the
        # 13 columns at the padding edges), the 16-column tail 4 rows.
        "conv2d_wide_tiles_edges": conv_case(srng, "conv2d_wide_tiles_edges", 2, 2, 16, 80, 13, 3,
                                             pad=1, act_zp=0, relu=True),
        # cin 80, 3x3 (inception's Conv2d_4a): a 45 KiB panel runs unblocked
        # on the byte kernels (up to 48 KiB), blocked on the 16-bit ones.
        "conv2d_panel_45k": conv_case(srng, "conv2d_panel_45k", 2, 1, 80, 70, 7, 3, pad=1),
        "conv2d_pointwise_signed_act": conv_case(rng, "conv2d_pointwise_signed_act", 2, 1, 16, 40, 6,
                                                 1, act="qint8", act_zp=-5, bias=False),
        # Pointwise on the 16-bit kernels: A converted per row tile (odd K: a
        # zeroed pad column; K tails of the conversion vector; row tails).
        "pointwise_odd_k_batch": conv_case(rng, "pointwise_odd_k_batch", 2, 2, 7, 30, 5, 1,
                                           act_zp=200, relu=True),
        "pointwise_k40_wzp": conv_case(rng, "pointwise_k40_wzp", 2, 1, 40, 17, 3, 1,
                                       w_zp=[(i % 3) - 1 for i in range(17)]),
        "conv2d_weight_zero_points": conv_case(rng, "conv2d_weight_zero_points", 2, 1, 8, 12, 5, 3,
                                               pad=1, w_zp=list(range(-6, 6))),
        "conv2d_extremes": conv_case(rng, "conv2d_extremes", 2, 1, 64, 16, 4, 3, act_zp=0,
                                     extreme=True),
        "depthwise_tail_relu": conv_case(rng, "depthwise_tail_relu", 2, 1, 6, 6, 7, 3, pad=1,
                                         relu=True, groups=6),
        "depthwise_stride2": conv_case(rng, "depthwise_stride2", 2, 2, 4, 4, 23, 3, stride=2, pad=1,
                                       groups=4, w_zp=[1, -2, 0, 3]),
        "depthwise_dilation_wide": conv_case(rng, "depthwise_dilation_wide", 2, 1, 3, 3, 40, 5,
                                             pad=4, dil=2, groups=3, act="qint8", act_zp=-9),
        # Channels a multiple of 16 (AVX2) or 32 (AVX-512): split blocks, taps
        # interleaved within 128-bit lanes, channel order restored in the store.
        "depthwise_split_relu": conv_case(rng, "depthwise_split_relu", 2, 1, 32, 32, 7, 3, pad=1,
                                          relu=True, groups=32),
        "depthwise_split_stride2_wzp": conv_case(rng, "depthwise_split_stride2_wzp", 2, 2, 64, 64,
                                                 9, 3, stride=2, pad=1, groups=64,
                                                 w_zp=[(i % 7) - 3 for i in range(64)],
                                                 act="qint8", act_zp=-6),
        # 61 channels: split blocks, then a block of lanes and a masked tail
        # (AVX-512: 32 + 16 + 13; AVX2: 48 + 8 + 5).
        "depthwise_split_rest": conv_case(rng, "depthwise_split_rest", 2, 1, 61, 61, 6, 3, pad=1,
                                          groups=61, relu=True),
        # AVX-512 VNNI's byte quad kernel (qint8 weights with zero point 0,
        # kw <= 4): 70 = 64 + a masked tail of 6 channels, a large input zero
        # point (the padding byte and the offset's correction); stride 2 with
        # a batch and qint8 activations (+128 into u8); kw = 4 (every byte of
        # the quad); kw = 2 with dilation 3 and stride 2; 16-, 32- and
        # 64-channel tail blocks (70, 80; 20, 17; 61 above); and exact ties in
        # the requantization (multiplier 0.25 * 0.5 / 0.25 = 0.5, odd
        # accumulators, no bias: round half to even).
        "depthwise_quads_tail_zp": conv_case(rng, "depthwise_quads_tail_zp", 2, 1, 70, 70, 9, 3,
                                             pad=1, act_zp=200, relu=True, groups=70),
        "depthwise_quads_stride2_qint8": conv_case(rng, "depthwise_quads_stride2_qint8", 2, 2, 80,
                                                   80, 10, 3, stride=2, pad=1, groups=80,
                                                   act="qint8", act_zp=-9),
        "depthwise_quads_k4": conv_case(rng, "depthwise_quads_k4", 2, 1, 20, 20, 8, 4, pad=2,
                                        groups=20),
        "depthwise_quads_k2_dil3_stride2": conv_case(rng, "depthwise_quads_k2_dil3_stride2", 2, 1,
                                                     17, 17, 12, 2, stride=2, pad=2, dil=3,
                                                     groups=17, act_zp=90),
        # Tall outputs: the ring of canvas rows wraps around many times.
        "depthwise_quads_tall": conv_case(rng, "depthwise_quads_tall", 2, 2, 24, 24, 36, 3, pad=1,
                                          groups=24, act_zp=77, relu=True),
        "depthwise_quads_tall_stride2": conv_case(rng, "depthwise_quads_tall_stride2", 2, 1, 16, 16,
                                                  35, 3, stride=2, pad=1, groups=16),
        # Windows wider than the input (no interior columns) and no padding.
        "depthwise_quads_small": conv_case(rng, "depthwise_quads_small", 2, 1, 24, 24, 3, 4, pad=2,
                                           groups=24, act_zp=250),
        "depthwise_quads_nopad_stride2": conv_case(rng, "depthwise_quads_nopad_stride2", 2, 1, 64,
                                                   64, 8, 3, stride=2, groups=64),
        # Clamps: the saturating packs with a byte max for ReLU (quint8 and
        # qint8 results); multipliers above 0.5 keep the float clamp.
        "depthwise_quads_qint8_out_relu": conv_case(rng, "depthwise_quads_qint8_out_relu", 2, 1, 40,
                                                    40, 7, 3, pad=1, groups=40, relu=True,
                                                    out_type="qint8", out_zp=-20),
        "depthwise_quads_qint8_out": conv_case(rng, "depthwise_quads_qint8_out", 2, 1, 64, 64, 5, 3,
                                               pad=1, groups=64, out_type="qint8", out_zp=5),
        "depthwise_quads_large_multiplier": conv_case(rng, "depthwise_quads_large_multiplier", 2, 1,
                                                      33, 33, 6, 3, pad=1, groups=33, relu=True,
                                                      out_scale=0.0002),
        "depthwise_quads_ties": conv_case(rng, "depthwise_quads_ties", 2, 1, 16, 16, 6, 3, pad=1,
                                          groups=16, bias=False, act_scale=0.25, w_scale=0.5,
                                          out_scale=0.25, w_max=4),
        "conv2d_grouped": conv_case(rng, "conv2d_grouped", 2, 2, 8, 12, 9, 3, pad=1, groups=4,
                                    relu=True),
        "conv2d_grouped_pointwise_wzp": conv_case(rng, "conv2d_grouped_pointwise_wzp", 2, 1, 6, 9, 5,
                                                  1, groups=3, w_zp=[1, 0, -1] * 3),
        "conv1d_depthwise_multiplier": conv_case(rng, "conv1d_depthwise_multiplier", 1, 1, 4, 8, 13,
                                                 3, pad=1, groups=4),
        "conv1d": conv_case(rng, "conv1d", 1, 2, 6, 10, 17, 3, pad=1),
        "conv3d": conv_case(rng, "conv3d", 3, 1, 4, 9, 5, 2, stride=2),
        # 3x3 stride-1 convs with >= 16 channels on the 16-bit kernels: Winograd
        # F(2x2, 3x3) (odd output sizes: partial last tiles; channels not a
        # multiple of the vector: zero-padded K; weight zero points: the 16-bit
        # kernels of the 8-bit targets too).
        "winograd_odd_relu": conv_case(rng, "winograd_odd_relu", 2, 1, 16, 24, 7, 3, pad=1,
                                       relu=True),
        "winograd_batch_tails_wzp": conv_case(rng, "winograd_batch_tails_wzp", 2, 2, 20, 17, 10, 3,
                                              act="qint8", act_zp=-7,
                                              w_zp=[(i % 5) - 2 for i in range(17)]),
        "winograd_residual": residual_case(rng, "winograd_residual", 1, 32, 9, 3),
        # Multipliers above 0.5 (output scale 0.0002): AVX2 keeps the float
        # clamp (vcvtps2dq could overflow); most outputs saturate.
        "conv2d_large_multiplier": conv_case(rng, "conv2d_large_multiplier", 2, 1, 16, 16, 5, 1,
                                             relu=True, out_scale=0.0002),
        "conv2d_residual_add_relu_later": residual_case(rng, "conv2d_residual_add_relu_later", 1, 19,
                                                        7, 3),
        "conv2d_residual_add_rhs_input": residual_case(rng, "conv2d_residual_add_rhs_input", 2, 24, 5,
                                                       1, op="add", conv_is_lhs=False,
                                                       later_residual=False),
        "conv_pool_conv_chain": chain_case(rng, "conv_pool_conv_chain", 2, 12, 6),
        "conv_transpose2d_stride_outpad": conv_transpose_case(
            rng, "conv_transpose2d_stride_outpad", 2, 1, 6, 10, 5, 3, stride=2, pad=1, out_pad=1),
        "conv_transpose2d_groups_dilation": conv_transpose_case(
            rng, "conv_transpose2d_groups_dilation", 2, 2, 8, 6, 4, 3, stride=3, pad=2, dil=2,
            groups=2, act="qint8", act_zp=-4, bias=False),
        "conv_transpose2d_crop_wzp": conv_transpose_case(
            rng, "conv_transpose2d_crop_wzp", 2, 1, 5, 7, 6, 2, pad=2, w_zp=3),
        # Stride 1, 3x3, 16 channels: the direct conv of a transposed conv
        # qualifies for Winograd (flipped weights).
        "conv_transpose2d_winograd": conv_transpose_case(
            rng, "conv_transpose2d_winograd", 2, 1, 16, 16, 6, 3, pad=1),
        "conv_transpose1d": conv_transpose_case(rng, "conv_transpose1d", 1, 1, 4, 9, 11, 4, stride=2,
                                                pad=1),
        "conv_transpose3d": conv_transpose_case(rng, "conv_transpose3d", 3, 1, 3, 5, 3, 2, stride=2),
        "linear_batched": linear_case(rng, "linear_batched", [2, 3], 37, 23, relu=True),
        "linear_signed_zp": linear_case(rng, "linear_signed_zp", [5], 64, 70, act="qint8", act_zp=0,
                                        w_zp=[(i % 5) - 2 for i in range(70)], bias=False),
        "dynamic_linear_relu": dynamic_linear_case(rng, "dynamic_linear_relu", [3, 4], 37, 21,
                                                   relu=True),
        "dynamic_linear_weight_zp": dynamic_linear_case(rng, "dynamic_linear_weight_zp", [7], 24, 9,
                                                        w_zp=3, per_channel=False, bias=False),
        "dynamic_lstm": dynamic_lstm_case(rng, "dynamic_lstm", 4, 3, 10, 12),
        # Zero point 0 (post-ReLU inputs) read in place: row tiles skip the
        # window rows that are padding for all their output rows (8-bit
        # kernels; the 16-bit domain pads with 0 for any zero point). Pad 3 >
        # the window: output rows that read only padding; batches: tiles across
        # two images; 320 channels: K-blocked, the tile's first and last blocks
        # move with its window rows.
        "conv2d_padding_rows_batch": conv_case(rng, "conv2d_padding_rows_batch", 2, 2, 8, 20, 5, 3,
                                               pad=2, act_zp=0, relu=True),
        "conv2d_padding_rows_all_padding": conv_case(rng, "conv2d_padding_rows_all_padding", 2, 1, 4,
                                                     12, 4, 3, pad=3, act_zp=0),
        "conv2d_padding_rows_blocked": conv_case(rng, "conv2d_padding_rows_blocked", 2, 2, 320, 18,
                                                 5, 3, pad=2, act_zp=0, out_scale=0.5),
        "conv2d_padding_rows_blocked_stride2": conv_case(rng, "conv2d_padding_rows_blocked_stride2", 2,
                                                         1, 320, 24, 9, 3, stride=2, pad=1,
                                                         act_zp=0, relu=True, out_scale=0.5),
        # Window columns that read only padding (edge tiles per output row).
        "conv2d_padding_cols_7": conv_case(rng, "conv2d_padding_cols_7", 2, 1, 8, 20, 7, 3, pad=1,
                                           act_zp=0),
        "conv2d_padding_cols_stride2": conv_case(rng, "conv2d_padding_cols_stride2", 2, 2, 16, 24, 28,
                                                 3, stride=2, pad=1, act_zp=0, relu=True),
        "conv2d_padding_cols_5x5": conv_case(rng, "conv2d_padding_cols_5x5", 2, 1, 8, 16, 9, 5, pad=2,
                                             act_zp=0),
        "conv2d_padding_cols_width2": conv_case(rng, "conv2d_padding_cols_width2", 2, 2, 8, 16, 2, 3,
                                                pad=1, act_zp=0),
        "conv2d_padding_cols_width1": conv_case(rng, "conv2d_padding_cols_width1", 2, 1, 8, 16, 1, 3,
                                                pad=1, act_zp=0),
        "conv2d_padding_cols_blocked": conv_case(rng, "conv2d_padding_cols_blocked", 2, 1, 320, 24, 7,
                                                 3, pad=1, act_zp=0, relu=True, out_scale=0.5),
        # Signed activations with zero point 0: the sdot kernel's padding is 0
        # too (k groups per tap 2 < 4: remainder loops only; 6 = 4 + 2).
        "conv2d_padding_cols_s8": conv_case(rng, "conv2d_padding_cols_s8", 2, 1, 8, 16, 7, 3, pad=1,
                                            act="qint8", act_zp=0),
        "conv2d_padding_cols_s8_ragged": conv_case(rng, "conv2d_padding_cols_s8_ragged", 2, 1, 24, 16,
                                                   7, 3, pad=1, act="qint8", act_zp=0),
        # K blocks that cut taps (dynamic tap ranges; on sdot ragged too).
        "conv2d_padding_cols_s8_blocked": conv_case(rng, "conv2d_padding_cols_s8_blocked", 2, 1, 520,
                                                    16, 7, 3, pad=1, act="qint8", act_zp=0,
                                                    out_scale=0.5),
        # 4 taps of 42 k groups: the segment is whole 4-group steps but its
        # taps are not, so a K-blocked edge tile needs remainder loops.
        "conv2d_padding_cols_s8_4x4_blocked": conv_case(rng, "conv2d_padding_cols_s8_4x4_blocked", 2,
                                                        1, 168, 16, 7, 4, pad=1, act="qint8",
                                                        act_zp=0, out_scale=0.4),
        "conv2d_padding_cols_blocked_cut": conv_case(rng, "conv2d_padding_cols_blocked_cut", 2, 1, 256,
                                                     24, 7, 3, pad=1, act_zp=0, out_scale=0.4),
        # A run of full interior tiles in a loop; the right edge at stride 2.
        "conv2d_padding_cols_interior": conv_case(rng, "conv2d_padding_cols_interior", 2, 2, 8, 16, 24,
                                                  3, pad=1, act_zp=0),
        "conv2d_padding_cols_stride2_right": conv_case(rng, "conv2d_padding_cols_stride2_right", 2, 1,
                                                       8, 16, 15, 3, stride=2, pad=1, act_zp=0),
        "conv2d_padding_cols_5x5_stride2": conv_case(rng, "conv2d_padding_cols_5x5_stride2", 2, 1, 8,
                                                     16, 13, 5, stride=2, pad=2, act_zp=0),
        "conv_transpose2d_padding_cols": conv_transpose_case(rng, "conv_transpose2d_padding_cols", 2,
                                                             1, 8, 16, 6, 3, act_zp=0),
        "residual_padding_cols": residual_case(rng, "residual_padding_cols", 1, 12, 7, 3, act_zp=0),
        # The residual add's folded form at exact ties, in rows of 64 channels
        # (AVX-512: saturating packs) and partial panels/rows (80 channels,
        # 25 rows).
        "residual_ties_add_relu": residual_case(rng, "residual_ties_add_relu", 1, 64, 6, 1,
                                                ties=True),
        "residual_ties_add": residual_case(rng, "residual_ties_add", 1, 80, 5, 1, op="add",
                                           ties=True),
        # AVX-512's packed epilogue (rows of 64 channels, multipliers <= 0.5: no
        # float clamp, vpackssdw + vpaddsw zero point + vpackuswb/vpacksswb):
        # a byte max for ReLU (quint8, 128 channels = two panels; qint8), exact
        # ties at multiplier 0.5 (odd accumulators, no bias), and accumulators
        # far beyond the i16 range (multiplier 0.5) on both sides.
        "gemm_packed_relu": conv_case(rng, "gemm_packed_relu", 2, 1, 32, 128, 5, 1, relu=True),
        "gemm_packed_qint8_out_relu": conv_case(rng, "gemm_packed_qint8_out_relu", 2, 1, 24, 64, 5,
                                                1, relu=True, out_type="qint8", out_zp=-20),
        "gemm_packed_ties": conv_case(rng, "gemm_packed_ties", 2, 1, 16, 64, 6, 1, bias=False,
                                      act_scale=0.25, w_scale=0.5, out_scale=0.25, w_max=4),
        "gemm_packed_saturate": conv_case(rng, "gemm_packed_saturate", 2, 1, 64, 64, 6, 1,
                                          act_zp=128, w_scale=0.01, out_scale=0.0004,
                                          out_zp=200),
        # AVX-512 VNNI's residual rows whose conv value is clamped by the packs
        # (multipliers <= 0.5, residualPackedRow): exact ties of the conv's
        # rounding (multiplier 0.5, odd accumulators) and of the add's, conv
        # values beyond [0, 255] on both sides; the conv as either operand,
        # add_relu and add (sign term), two panels of 64.
        "residual_packed_ties": residual_case(rng, "residual_packed_ties", 1, 64, 6, 1,
                                              ties=True, conv_ties=True),
        "residual_packed_ties_add_rhs": residual_case(rng, "residual_packed_ties_add_rhs", 1, 128,
                                                      5, 1, op="add", conv_is_lhs=False,
                                                      later_residual=False,
                                                      ties=True, conv_ties=True),
        # Grouped convs, one batched GEMM (a problem per group): distinct
        # weights, biases and per-channel scales in every group (multipliers
        # 0.5, 0.25, 0.125: exact ties x.5 in the requantization), so a group
        # reading another's A, B, offsets or multipliers, or storing into
        # another's columns, changes the result. In place (8 channels per
        # group: whole k groups), 12 output channels per group (a partial
        # vector / panel).
        "conv2d_grouped_ties": conv_case(rng, "conv2d_grouped_ties", 2, 2, 32, 48, 7, 3, pad=1,
                                         groups=4, act_scale=0.25, out_scale=0.25,
                                         w_scale=[0.5, 0.25, 0.125, 0.5, 0.25, 0.5] * 8, w_max=4),
        # 3 input channels per group (a group-major im2col, K padded), weight
        # zero points (the 16-bit kernels), stride 2, ReLU, 5 channels per group.
        "conv2d_grouped_im2col_ties_wzp": conv_case(
            rng, "conv2d_grouped_im2col_ties_wzp", 2, 1, 12, 20, 9, 3, stride=2, pad=1, groups=4,
            act_scale=0.25, out_scale=0.25, w_scale=[0.5, 0.25, 0.5, 0.125, 0.5] * 4, w_max=4,
            w_zp=[(i % 3) - 1 for i in range(20)], relu=True),
        # 64 channels per group: AVX-512's packed epilogue stores whole rows
        # of a group at column 64 g.
        "conv2d_grouped_packed_ties": conv_case(rng, "conv2d_grouped_packed_ties", 2, 1, 16, 128, 5,
                                                1, groups=2, bias=False, act_scale=0.25,
                                                out_scale=0.25, w_scale=[0.5, 0.25] * 64,
                                                w_max=4),
    }


CASES = cases()


@pytest.mark.parametrize("target", X86_TARGETS + ARM_TARGETS)
@pytest.mark.parametrize("case", list(CASES))
def test_microkernel_matches_reference(tmp_path, case, target):
    skip_unless_runnable(target)
    ir, xs, os_, scale = CASES[case]
    path = tmp_path / f"{case}.mlir"
    path.write_text(ir)
    x = (np.random.default_rng(11).standard_normal(xs) * scale).astype(np.float32)
    ref = run_reference(tmp_path, path, x)
    out = compile_and_run(tmp_path, path, target, x, os_)
    np.testing.assert_array_equal(out, ref)
    # The reference must exercise more than the clamp bounds.
    assert len(np.unique(ref)) > 2 or case == "conv2d_extremes"
