"""qnn-run against torch's quantized elementwise, pooling and shape ops."""
import numpy as np
import pytest
import torch
import torch.ao.nn.quantized as nnq
import torch.nn.functional as F

from irgen import f32, qtype, storage_of, tensor, torch_qtype



def qrand(shape, seed, scale=0.05, zp=100, spread=3.0, dtype="quint8"):
    g = torch.Generator().manual_seed(seed)
    return torch.quantize_per_tensor(torch.randn(*shape, generator=g) * spread, scale, zp,
                                     getattr(torch, dtype))


def run_unary(qnn_run, op, x, y, attrs=""):
    it, ot = torch_qtype(x), torch_qtype(y)
    ir = f"""
func.func @f(%x: {tensor(x.shape, it)}) -> {tensor(y.shape, ot)} {{
  %y = qnn.{op} %x {{name = "m"{attrs}}} : {tensor(x.shape, it)} -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(x))
    return out


def assert_equal(out, y, bound=0):
    """Integer outputs equal torch's, or within `bound` LSB where
    docs/numerics.md documents a difference."""
    ref = storage_of(y).astype(np.int32) if hasattr(y, "int_repr") else y.astype(np.int32)
    diff = np.abs(out.astype(np.int32) - ref)
    assert diff.max() <= bound, f"max diff {diff.max()} in {np.count_nonzero(diff)}/{diff.size}"


@pytest.mark.parametrize("op,fn", [
    ("relu", torch.relu),
    ("relu6", lambda x: torch.ao.nn.quantized.ReLU6()(x)),
])
def test_same_qparams(qnn_run, op, fn):
    x = qrand((2, 3, 5, 5), seed=1)
    y = fn(x)
    assert_equal(run_unary(qnn_run, op, x, y), y)


@pytest.mark.parametrize("op,module", [
    ("hardswish", lambda: nnq.Hardswish(0.031, 7)),
    ("elu", lambda: nnq.ELU(0.029, 91)),
    ("leaky_relu", lambda: nnq.LeakyReLU(0.027, 60, negative_slope=0.01)),
])
def test_activation_with_output_qparams(qnn_run, op, module):
    x = qrand((2, 3, 5, 5), seed=2)
    y = module()(x)
    assert_equal(run_unary(qnn_run, op, x, y), y)


@pytest.mark.parametrize("op,fn", [("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                                   ("hardsigmoid", F.hardsigmoid)])
def test_fixed_qparams(qnn_run, op, fn):
    x = qrand((2, 3, 5, 5), seed=3)
    y = fn(x)
    assert_equal(run_unary(qnn_run, op, x, y), y)


@pytest.mark.parametrize("op", ["add", "add_relu", "mul"])
def test_float_functional(qnn_run, op):
    a = qrand((2, 4, 3, 3), seed=4, scale=0.04, zp=120)
    b = qrand((2, 4, 3, 3), seed=5, scale=0.07, zp=90)
    qf = nnq.QFunctional()
    qf.scale, qf.zero_point = 0.09, 80
    y = getattr(qf, op)(a, b)
    at, bt, ot = torch_qtype(a), torch_qtype(b), torch_qtype(y)
    ir = f"""
func.func @f(%a: {tensor(a.shape, at)}, %b: {tensor(b.shape, bt)}) -> {tensor(y.shape, ot)} {{
  %y = qnn.{op} %a, %b {{name = "f"}} : ({tensor(a.shape, at)}, {tensor(b.shape, bt)}) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(a), storage_of(b))
    assert_equal(out, y)


def test_cat(qnn_run):
    a = qrand((1, 2, 3, 3), seed=6, scale=0.04, zp=120)
    b = qrand((1, 3, 3, 3), seed=7, scale=0.07, zp=90)
    qf = nnq.QFunctional()
    qf.scale, qf.zero_point = 0.06, 100
    y = qf.cat([a, b], dim=1)
    at, bt, ot = torch_qtype(a), torch_qtype(b), torch_qtype(y)
    ir = f"""
func.func @f(%a: {tensor(a.shape, at)}, %b: {tensor(b.shape, bt)}) -> {tensor(y.shape, ot)} {{
  %y = qnn.cat %a, %b {{name = "f", dim = 1 : i64}} : ({tensor(a.shape, at)}, {tensor(b.shape, bt)}) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(a), storage_of(b))
    assert_equal(out, y)


@pytest.mark.parametrize("k,s,p,d,ceil", [(3, 2, 1, 1, False), (2, 2, 0, 1, True), (3, 1, 1, 2, False)])
def test_max_pool2d(qnn_run, k, s, p, d, ceil):
    x = qrand((1, 3, 9, 9), seed=8)
    y = F.max_pool2d(x, k, s, p, d, ceil_mode=ceil)
    if d > 1:
        # torch 1.13's quantized max_pool2d misplaces dilated windows that
        # cross the bottom/right border (see docs/numerics.md); qnn follows
        # the float definition, max_pool2d on the dequantized values.
        y = torch.quantize_per_tensor(F.max_pool2d(x.dequantize(), k, s, p, d, ceil_mode=ceil),
                                      x.q_scale(), x.q_zero_point(), torch.quint8)
    attrs = (f", kernel_size = array<i64: {k}, {k}>, stride = array<i64: {s}, {s}>, "
             f"padding = array<i64: {p}, {p}>, dilation = array<i64: {d}, {d}>")
    if ceil:
        attrs += ", ceil_mode"
    assert_equal(run_unary(qnn_run, "max_pool2d", x, y, attrs), y)


@pytest.mark.parametrize("k,s,p,ceil,include,div,zp", [
    (3, 2, 1, False, True, None, 100), (2, 2, 0, False, True, None, 131),
    (3, 2, 1, False, False, None, 77), (2, 1, 1, False, True, 3, 100),
    (2, 2, 0, True, True, None, 131), (3, 2, 1, True, False, None, 77),
    (3, 2, 1, True, True, 5, 100), (3, 2, 1, False, False, None, -20)])
def test_avg_pool2d(qnn_run, k, s, p, ceil, include, div, zp):
    """Without ceil_mode torch runs quint8 through QNNPACK (which ignores
    count_include_pad and divisor_override), with it through ATen's kernel:
    both identical (docs/numerics.md). Odd zero points make the rounding of
    exact halves visible."""
    x = qrand((2, 3, 9, 9), seed=9, zp=zp, dtype="qint8" if zp < 0 else "quint8")
    y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=include, divisor_override=div)
    attrs = (f", kernel_size = array<i64: {k}, {k}>, stride = array<i64: {s}, {s}>, "
             f"padding = array<i64: {p}, {p}>, count_include_pad = {str(include).lower()}")
    if ceil:
        attrs += ", ceil_mode"
    if div:
        attrs += f", divisor_override = {div} : i64"
    assert_equal(run_unary(qnn_run, "avg_pool2d", x, y, attrs), y)


@pytest.mark.parametrize("shape,out,zp,dtype", [((1, 8, 7, 7), (1, 1), 100, "quint8"),
                                                ((2, 4, 6, 6), (2, 3), 131, "quint8"),
                                                ((1, 3, 8, 4), (4, 2), 255, "quint8"),
                                                ((2, 4, 6, 6), (2, 3), -3, "qint8"),
                                                ((1, 5, 10, 10), (2, 5), 7, "qint8"),
                                                ((1, 4, 9, 11), (4, 3), 5, "quint8"),
                                                ((1, 4, 9, 11), (4, 3), -3, "qint8"),
                                                ((1, 3, 7, 10), (1, 1), 9, "qint8"),
                                                ((1, 2, 5, 6), (9, 13), 200, "quint8")])
def test_adaptive_avg_pool2d(qnn_run, shape, out, zp, dtype):
    """quint8 with divisible sizes goes through QNNPACK's average pooling in
    torch; qint8 and non-divisible sizes (ATen's bins) through ATen's
    raw-sum kernel (docs/numerics.md): both identical."""
    x = qrand(shape, seed=10, zp=zp, dtype=dtype)
    y = F.adaptive_avg_pool2d(x, out)
    out = run_unary(qnn_run, "adaptive_avg_pool2d", x, y,
                    f", output_size = array<i64: {out[0]}, {out[1]}>")
    assert_equal(out, y)


def test_flatten(qnn_run):
    x = qrand((2, 3, 2, 2), seed=11)
    y = torch.flatten(x, 1)
    assert_equal(run_unary(qnn_run, "flatten", x, y), y)


def test_batch_norm(qnn_run):
    bn = nnq.BatchNorm2d(4)
    g = torch.Generator().manual_seed(12)
    bn.weight.data = torch.rand(4, generator=g) + 0.5
    bn.bias.data = torch.randn(4, generator=g)
    bn.running_mean = torch.randn(4, generator=g)
    bn.running_var = torch.rand(4, generator=g) + 0.1
    bn.scale, bn.zero_point = torch.tensor(0.05), torch.tensor(110)
    x = qrand((2, 4, 3, 3), seed=13)
    y = bn(x)
    it, ot = torch_qtype(x), torch_qtype(y)
    params = {k: getattr(bn, k).detach().numpy() for k in
              ["running_mean", "running_var", "weight", "bias"]}
    from irgen import dense
    consts = "\n".join(f"  %{k} = arith.constant {dense(v)} : tensor<4xf32>" for k, v in params.items())
    ir = f"""
func.func @f(%x: {tensor(x.shape, it)}) -> {tensor(y.shape, ot)} {{
{consts}
  %y = qnn.batch_norm %x, %running_mean, %running_var, weight %weight, bias %bias {{name = "bn"}}
      : ({tensor(x.shape, it)}, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, storage_of(x))
    assert_equal(out, y)


@pytest.mark.parametrize("op", ["add", "add_relu", "mul"])
@pytest.mark.parametrize("sa,za,sb,zb,so,zo", [(0.04, 120, 0.07, 90, 0.09, 80),
                                               (0.013, 3, 0.0131, 250, 0.021, 128),
                                               (0.5, 0, 0.02, 17, 0.37, 255)])
def test_float_functional_all_pairs(qnn_run, op, sa, za, sb, zb, so, zo):
    """Every pair of quint8 values (qnnpack's fixed-point add, float mul)."""
    qa = torch.arange(256, dtype=torch.uint8).repeat_interleave(256).reshape(1, 256, 256)
    qb = torch.arange(256, dtype=torch.uint8).repeat(256).reshape(1, 256, 256)
    a = torch._make_per_tensor_quantized_tensor(qa, sa, za)
    b = torch._make_per_tensor_quantized_tensor(qb, sb, zb)
    qf = nnq.QFunctional()
    qf.scale, qf.zero_point = so, zo
    if op == "add_relu" and zo == 255:
        pytest.skip("torch rejects add_relu with output zero point 255")
    y = getattr(qf, op)(a, b)
    at, bt, ot = torch_qtype(a), torch_qtype(b), torch_qtype(y)
    ir = f"""
func.func @f(%a: {tensor(a.shape, at)}, %b: {tensor(b.shape, bt)}) -> {tensor(y.shape, ot)} {{
  %y = qnn.{op} %a, %b {{name = "f"}} : ({tensor(a.shape, at)}, {tensor(b.shape, bt)}) -> {tensor(y.shape, ot)}
  return %y : {tensor(y.shape, ot)}
}}"""
    (out, _), = qnn_run(ir, qa.numpy(), qb.numpy())
    assert_equal(out, y)
