"""qnn.softmax against torch 1.13, bit for bit (docs/numerics.md, "Softmax").

* Float: ATen's AVX2 kernels (Sleef's expf_u10, their summation orders, the
  reciprocal multiply along the last dim), including the inputs where
  Sleef's range reduction `rint(d / ln 2)` meets an exact half, the
  underflow and overflow thresholds, subnormal results and -inf.
* Quantized under the qnnpack engine with a quint8 input and output
  (1/256, 0): QNNPACK's lookup-table kernel, with its rounding ties (the
  +sum/2 of its division, the lrint of a table entry) and the uint32
  wrap-around of its sum beyond 512 channels.
* Every other quantized case (other qparams; `float_path`, torch's other
  engines): dequantize, the float softmax, quantize; also at exact halves
  of the output grid.
"""
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.ao.nn.quantized as nnq

from irgen import storage_of, tensor, torch_qtype

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402

R_LN2 = np.float32(1.442695040888963407359924681001892137426645954152985934135449406931)


@pytest.fixture(autouse=True)
def _one_thread_qnnpack():
    """torch's non-last-dim kernel splits its columns by thread: qnn
    reproduces the single-threaded split (numerics.md)."""
    threads, engine = torch.get_num_threads(), torch.backends.quantized.engine
    torch.set_num_threads(1)
    torch.backends.quantized.engine = "qnnpack"
    yield
    torch.set_num_threads(threads)
    torch.backends.quantized.engine = engine


def run_softmax(cases, attrs=""):
    """One qnn-run over [(input, dim, result type or None)]: float inputs are
    numpy arrays, quantized ones torch tensors (result type = qnn type)."""
    args, body, rets, ins = [], [], [], []
    for i, (x, dim, out_type) in enumerate(cases):
        if isinstance(x, torch.Tensor) and x.is_quantized:
            it = tensor(x.shape, torch_qtype(x))
            ins.append(storage_of(x))
        else:
            it = tensor(x.shape)
            ins.append(np.asarray(x, np.float32))
        ot = tensor(x.shape, out_type) if out_type else it
        args.append(f"%x{i}: {it}")
        body.append(f'  %y{i} = qnn.softmax %x{i} {{name = "s{i}", dim = {dim} : i64{attrs}}} '
                    f": {it} -> {ot}")
        rets.append((f"%y{i}", ot))
    ir = (f"func.func @f({', '.join(args)}) -> ({', '.join(t for _, t in rets)}) {{\n"
          + "\n".join(body) + f"\n  return {', '.join(v for v, _ in rets)} : "
          + ", ".join(t for _, t in rets) + "\n}")
    return [o[0] if isinstance(o, tuple) else o for o in qnn.run(ir, *ins)]


def range_reduction_ties():
    """float32 d with fl(d * (1/ln 2)) exactly k + 0.5: Sleef's rint picks
    the even neighbour there (as _mm256_cvtps_epi32 does)."""
    out = []
    for k in (-1, -2, -5, -20, -60, -100, -140):
        target = np.float32(k + 0.5)
        c = np.float32(target / R_LN2)
        for _ in range(8):
            c = np.nextafter(c, np.float32(-np.inf))
        for _ in range(17):
            if np.float32(c * R_LN2) == target:
                out.append(c)
            c = np.nextafter(c, np.float32(np.inf))
    assert len(out) >= 5, out
    return np.array(out, np.float32)


def adversarial_rows():
    """Rows whose x - max hits the ties above, the -104 / -87.3 thresholds
    (zero, subnormal, smallest normal results) and -inf."""
    d = range_reduction_ties()
    extremes = np.array([-103.97, -104.0, -104.00001, -103.99999, -87.33655, -87.4, -95.5,
                         -0.0, -1e-30, -88.72284, -7.5, -np.inf], np.float32)
    vals = np.concatenate([d, extremes])
    return np.stack([np.concatenate([[np.float32(0)], np.roll(vals, r)[:19]]) for r in range(6)])


@pytest.mark.parametrize("shape,dim", [
    ((3, 1), 1), ((4, 5), 1), ((4, 7), -1), ((2, 8), 1), ((3, 9), 1), ((2, 3, 20), 2),
    ((2, 67), 1), ((5, 300), -1),           # last dim: 8-lane sum, reciprocal
    ((4, 3), 0), ((2, 6, 8), 1), ((2, 5, 11), 1), ((3, 4, 2, 5), 1), ((6, 4, 1), 1),
    ((5, 3, 19), 0),                        # other dims: Sleef / libm columns, division
], ids=str)
def test_float_identical(shape, dim):
    g = torch.Generator().manual_seed(sum(shape) + dim)
    x = torch.randn(*shape, generator=g) * 6
    ours, = run_softmax([(x.numpy(), dim, None)])
    np.testing.assert_array_equal(ours, torch.softmax(x, dim).numpy())


def test_float_adversarial_identical():
    rows = adversarial_rows()
    x = torch.from_numpy(rows)
    mid = torch.from_numpy(np.ascontiguousarray(np.stack([rows.T] * 2)))   # dim 1 of 2 x 20 x 6
    ours = run_softmax([(rows, 1, None), (mid.numpy(), 1, None)])
    for o, ref in zip(ours, (torch.softmax(x, 1), torch.softmax(mid, 1))):
        np.testing.assert_array_equal(o, ref.numpy())


def test_sleef_exp_is_not_libm():
    """The adversarial rows tell Sleef's exp from a correctly rounded one:
    the test above would fail with libm's expf on the last dim."""
    rows = torch.from_numpy(adversarial_rows()).double()
    e = torch.exp(rows - rows.max(1, keepdim=True).values)
    exact = (e / e.sum(1, keepdim=True)).float()
    assert (exact != torch.softmax(rows.float(), 1)).any()


def qsoftmax_input(shape, scale, zp, seed, lo=0, hi=256):
    g = torch.Generator().manual_seed(seed)
    q = torch.randint(lo, hi, shape, generator=g).to(torch.uint8)
    return torch._make_per_tensor_quantized_tensor(q, scale, zp)


def ref_qsoftmax(x, dim, scale, zp):
    return torch.ops.quantized.softmax(x, dim, scale, zp)


QNNPACK_CASES = [
    ((4, 10), 1, 0.05, 120), ((3, 37), -1, 0.3, 7), ((2, 5, 6), 1, 0.02, 0),
    ((2, 3, 7), 0, 1.0, 128), ((1, 300), 1, 0.1, 250), ((2, 520), 1, 0.01, 3),
    ((1, 3000), 1, 0.2, 1),
]


@pytest.mark.parametrize("engine", ["qnnpack", "onednn"])
def test_quantized_table_and_float_path_identical(engine):
    """quint8 -> (1/256, 0): QNNPACK's table under the qnnpack engine, the
    float path (qnn's `float_path`) under onednn; same inputs, same bits."""
    torch.backends.quantized.engine = engine
    cases, refs = [], []
    for i, (shape, dim, s, z) in enumerate(QNNPACK_CASES):
        x = qsoftmax_input(shape, s, z, seed=i)
        y = ref_qsoftmax(x, dim, 1 / 256, 0)
        cases.append((x, dim, torch_qtype(y)))
        refs.append(y)
    ours = run_softmax(cases, "" if engine == "qnnpack" else ", float_path")
    for o, y in zip(ours, refs):
        np.testing.assert_array_equal(o, y.int_repr().numpy())


@pytest.mark.parametrize("n,expect_table,expect_float", [
    (512, 1, 0),      # 1/512 of 256 = 0.5: QNNPACK's +sum/2 rounds up, rint to even
    (514, 255, 0),    # qscale = UINT32_MAX / 514 = 8355967.5: lrint's tie goes to even,
                      # 8355968, and 514 of those wrap past 2^32 (8355967 would give 0)
    (1536, 255, 0),   # 1536 * lrint(UINT32_MAX / 1536) wraps past 2^32
    (171, 1, 1),      # 256 / 171 = 1.497
])
def test_quantized_table_ties(n, expect_table, expect_float):
    """Equal inputs: every output is 256 / n on the grid; the two engines
    round the exact half (n = 512) differently, and QNNPACK's uint32 sum
    wraps for 514 (through the tie of its table entry) and 1536 channels."""
    x = torch._make_per_tensor_quantized_tensor(torch.full((2, n), 7, dtype=torch.uint8), 0.1, 0)
    out_t = torch_qtype(torch._make_per_tensor_quantized_tensor(
        torch.zeros(1, dtype=torch.uint8), 1 / 256, 0))
    table, = run_softmax([(x, 1, out_t)])
    floatp, = run_softmax([(x, 1, out_t)], ", float_path")
    ref_table = ref_qsoftmax(x, 1, 1 / 256, 0).int_repr().numpy()
    torch.backends.quantized.engine = "onednn"
    ref_float = ref_qsoftmax(x, 1, 1 / 256, 0).int_repr().numpy()
    np.testing.assert_array_equal(table, ref_table)
    np.testing.assert_array_equal(floatp, ref_float)
    assert (table == expect_table).all() and (floatp == expect_float).all()


def test_quantized_other_qparams_identical_with_ties():
    """Outputs whose float value lies exactly on a half step of the output
    grid (2 equal inputs -> 0.5 -> 125.5 steps of 1/251, rounded to 126; 4
    -> 0.25 -> 63.5 steps of 1/254, to 64; 1.0f / scale is exactly 251 and
    254 there) and random rows with qint8 and other scales: dequantize, float
    softmax, quantize, as torch's naive path (every engine)."""
    ties = [torch._make_per_tensor_quantized_tensor(torch.full((3, n), v, dtype=torch.uint8), 0.05, 9)
            for n, v in ((2, 40), (4, 200))]
    cases, refs = [], []
    for x, (s, z) in zip(ties, ((1 / 251, 0), (1 / 254, 0))):
        y = ref_qsoftmax(x, 1, s, z)
        cases.append((x, 1, torch_qtype(y))); refs.append(y)
    for i, (shape, dim, s_out, z_out) in enumerate([((4, 21), 1, 0.004, 2), ((3, 5, 9), 1, 0.01, 0),
                                                    ((6, 13), 0, 1 / 256, 1)]):
        x = qsoftmax_input(shape, 0.07, 100, seed=50 + i)
        y = ref_qsoftmax(x, dim, s_out, z_out)
        cases.append((x, dim, torch_qtype(y))); refs.append(y)
    g = torch.Generator().manual_seed(9)
    xi = torch._make_per_tensor_quantized_tensor(
        torch.randint(-128, 128, (5, 33), generator=g).to(torch.int8), 0.08, -3)
    y = ref_qsoftmax(xi, 1, 1 / 256, 0)                # qint8: never QNNPACK's table
    cases.append((xi, 1, torch_qtype(y))); refs.append(y)
    ours = run_softmax(cases)
    assert [int(o[0, 0]) for o in ours[:2]] == [126, 64]
    for o, y in zip(ours, refs):
        np.testing.assert_array_equal(o, y.int_repr().numpy())


class _SoftmaxModel(torch.nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.sm = torch.nn.Softmax(dim=dim)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        return self.dequant(self.sm(self.quant(x)))


@pytest.mark.parametrize("engine", ["qnnpack", "onednn"])
def test_import_nnq_softmax_identical(engine):
    """A converted model with nnq.Softmax (1/256, 0), imported under each
    engine, equals torch's forward under that engine."""
    torch.backends.quantized.engine = engine
    m = _SoftmaxModel(1).eval()
    m.quant = nnq.Quantize(0.1, 0, torch.quint8)
    m.sm = nnq.Softmax(dim=1, scale=1 / 256, zero_point=0)
    m.dequant = nnq.DeQuantize()
    x = torch.full((2, 512), 0.7)
    x[1, :40] = torch.linspace(-3, 3, 40)
    ir = qnn.from_torch(m, x)
    assert ("float_path" in ir) == (engine != "qnnpack")
    ours, = qnn.run(ir, x)
    np.testing.assert_array_equal(ours, m(x).numpy())


def test_threaded_non_last_dim_within_bound():
    """Not identical by construction: torch with two threads on a non-last
    dim splits the columns at a chunk boundary, where glibc's expf replaces
    Sleef's. numerics.md bounds the difference of the float results by
    Delta <= (4 * 2^-23 + (n + 1) * 2^-24) * p; quantized results then differ
    by at most 1 LSB, and only where p / scale lies within Delta / scale of a
    half step. Inputs: values on a coarse grid, so that many outputs sit
    near half steps."""
    torch.set_num_threads(2)
    g = torch.Generator().manual_seed(11)
    x = (torch.randint(-40, 1, (5, 300, 41), generator=g).float() * 0.125)
    ref = torch.softmax(x, 1)
    scale = 1 / 256
    qref = torch.quantize_per_tensor(ref, scale, 0, torch.quint8).int_repr().numpy().astype(int)
    out_t = torch_qtype(torch._make_per_tensor_quantized_tensor(torch.zeros(1, dtype=torch.uint8), scale, 0))
    f, = run_softmax([(x.numpy(), 1, None)])
    q, = run_softmax([(torch.quantize_per_tensor(x, 0.125, 255, torch.quint8), 1, out_t)], ", float_path")
    n = x.shape[1]
    delta = (4 * 2.0 ** -23 + (n + 1) * 2.0 ** -24) * ref.numpy().astype(np.float64)
    assert (np.abs(f.astype(np.float64) - ref.numpy()) <= delta).all()
    diff = np.abs(q.astype(int) - qref)
    assert diff.max() <= 1
    steps = ref.numpy().astype(np.float64) / scale
    near_half = np.abs(steps - np.floor(steps) - 0.5) <= delta / scale
    assert (near_half | (diff == 0)).all()
    assert (f != ref.numpy()).any(), "the threaded split no longer differs: update numerics.md"


@pytest.mark.parametrize("target", ["native", "x86-64-avx2"])
def test_compiled_identical(tmp_path, monkeypatch, target):
    """The compiled object computes the same bits as qnn-run and torch:
    the float kernels (last dim, another dim) on the adversarial rows, and
    QNNPACK's table through an imported nnq.Softmax."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    rows = adversarial_rows()
    x = torch.from_numpy(np.ascontiguousarray(np.stack([rows.T] * 2)))    # 2 x 20 x 6
    for dim in (1, 2):
        ir = (f"func.func @f(%x: {tensor(x.shape)}) -> {tensor(x.shape)} {{\n"
              f'  %y = qnn.softmax %x {{name = "s", dim = {dim} : i64}} : {tensor(x.shape)} -> {tensor(x.shape)}\n'
              f"  return %y : {tensor(x.shape)}\n}}")
        out = qnn.compile(ir, target=target)(x.numpy())
        out = out[0] if isinstance(out, (list, tuple)) else out
        np.testing.assert_array_equal(out, torch.softmax(x, dim).numpy())
    m = _SoftmaxModel(1).eval()
    m.quant = nnq.Quantize(0.1, 0, torch.quint8)
    m.sm = nnq.Softmax(dim=1, scale=1 / 256, zero_point=0)
    m.dequant = nnq.DeQuantize()
    xq = torch.full((2, 512), 0.7)
    xq[1, :40] = torch.linspace(-3, 3, 40)
    out = qnn.compile(qnn.from_torch(m, xq), target=target)(xq.numpy())
    out = out[0] if isinstance(out, (list, tuple)) else out
    np.testing.assert_array_equal(out, m(xq).numpy())
