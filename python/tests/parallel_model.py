"""A model big enough for qnn-parallelize to split its kernels (a 3x3 conv
with ReLU, a depthwise 3x3 conv, a residual add of the two, a 3x3 max pool
(stride 1) and a 1x1 conv to twice the channels: kernels and ops lowered
through qnn-to-linalg), as qnn IR text at any batch, shared by the parallel
and dynamic-batch tests."""
import numpy as np

from irgen import dense, qtype, qtype_per_channel, tensor

C, H, W = 32, 20, 20


def parallel_model(batch=1, name="par", seed=5):
    """IR text of the model at `batch`; the input is (batch, C, H, W), the
    output (batch, 2C, H, W)."""
    rng = np.random.default_rng(seed)
    xs, ys = [batch, C, H, W], [batch, 2 * C, H, W]
    act = qtype("quint8", 0.05, 3)

    def weight(shape):
        w = rng.integers(-20, 21, shape).astype(np.int8)
        scales = rng.uniform(0.002, 0.006, shape[0])
        return dense(w), tensor(shape, qtype_per_channel("qint8", scales, [0] * shape[0]))

    w1, t1 = weight([C, C, 3, 3])
    w2, t2 = weight([C, 1, 3, 3])
    w3, t3 = weight([2 * C, C, 1, 1])
    b1 = dense(rng.uniform(-0.3, 0.3, C).astype(np.float32))
    b3 = dense(rng.uniform(-0.3, 0.3, 2 * C).astype(np.float32))
    ta, to = tensor(xs, act), tensor(ys, qtype("quint8", 0.08, 5))
    ts = tensor(xs, qtype("quint8", 0.07, 2))
    return f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(ys)} {{
  %w1 = qnn.qconstant {w1} : {tensor([C, C, 3, 3], 'i8')} -> {t1}
  %w2 = qnn.qconstant {w2} : {tensor([C, 1, 3, 3], 'i8')} -> {t2}
  %w3 = qnn.qconstant {w3} : {tensor([2 * C, C, 1, 1], 'i8')} -> {t3}
  %b1 = arith.constant {b1} : {tensor([C])}
  %b3 = arith.constant {b3} : {tensor([2 * C])}
  %q = qnn.quantize %x : {tensor(xs)} -> {ta}
  %c1 = qnn.conv2d %q, %w1, %b1 {{name = "c1", padding = array<i64: 1, 1>, fused_relu}}
      : ({ta}, {t1}, {tensor([C])}) -> {ta}
  %c2 = qnn.conv2d %c1, %w2, %b1 {{name = "dw", padding = array<i64: 1, 1>, groups = {C}}}
      : ({ta}, {t2}, {tensor([C])}) -> {ta}
  %s = qnn.add %c1, %c2 {{name = "skip"}} : ({ta}, {ta}) -> {ts}
  %p = qnn.max_pool2d %s {{name = "pool", kernel_size = array<i64: 3, 3>, padding = array<i64: 1, 1>,
      stride = array<i64: 1, 1>}} : {ts} -> {ts}
  %c3 = qnn.conv2d %p, %w3, %b3 {{name = "c3"}} : ({ts}, {t3}, {tensor([2 * C])}) -> {to}
  %y = qnn.dequantize %c3 : {to} -> {tensor(ys)}
  return %y : {tensor(ys)}
}}
"""


def parallel_inputs(count, batch=1, seed=9):
    """`count` different float inputs of the model at `batch`."""
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((batch, C, H, W)) * 2).astype(np.float32) for _ in range(count)]

