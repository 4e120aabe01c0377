"""qnn-calibrate's merged statistics against torch's observers on the same
data, for every observer kind."""
import os
import re
import subprocess

import numpy as np
import pytest
import torch
import torch.ao.quantization.observer as obs

from conftest import tool

SHAPE = (2, 3, 5, 5)

CASES = [
    ("minmax", "#qnn.observer<minmax>", lambda: obs.MinMaxObserver()),
    ("moving_average", "#qnn.observer<moving_average_minmax, averaging_constant = 0.25>",
     lambda: obs.MovingAverageMinMaxObserver(averaging_constant=0.25)),
    ("per_channel", "#qnn.observer<per_channel_minmax, ch_axis = 1>",
     lambda: obs.PerChannelMinMaxObserver(ch_axis=1)),
    ("moving_average_per_channel",
     "#qnn.observer<moving_average_per_channel_minmax, ch_axis = 1>",
     lambda: obs.MovingAveragePerChannelMinMaxObserver(ch_axis=1)),
    ("histogram", "#qnn.observer<histogram, bins = 64>",
     lambda: obs.HistogramObserver(bins=64)),
    ("histogram_default_bins", "#qnn.observer<histogram>", lambda: obs.HistogramObserver()),
]


def samples(n, seed):
    g = torch.Generator().manual_seed(seed)
    # Growing spread so every batch widens the range (exercises the
    # histogram re-binning and the moving averages).
    return [torch.randn(*SHAPE, generator=g) * (1.0 + 0.7 * i) + 0.3 * i for i in range(n)]


def parse_array(text, name):
    m = re.search(name + r" = array<f32: ([^>]*)>", text)
    assert m, f"{name} missing"
    return np.array([float(v) for v in m.group(1).split(",")], dtype=np.float32)


@pytest.mark.parametrize("name,attr,make", CASES, ids=[c[0] for c in CASES])
def test_calibrate_matches_torch_observer(tmp_path, name, attr, make):
    data = samples(5, seed=42)
    observer = make()
    for x in data:
        observer(x)
    ddir = tmp_path / "data"
    ddir.mkdir()
    for i, x in enumerate(data):
        np.save(ddir / f"{i:03d}.npy", x.numpy())
    shape = "x".join(map(str, SHAPE))
    (tmp_path / "p.mlir").write_text(f"""
func.func @f(%x: tensor<{shape}xf32>) -> tensor<{shape}xf32> {{
  %o = qnn.observe %x {{name = "act", observer = {attr}}} : tensor<{shape}xf32>
  return %o : tensor<{shape}xf32>
}}""")
    out = tmp_path / "c.mlir"
    proc = subprocess.run([tool("qnn-calibrate"), str(tmp_path / "p.mlir"), "--data", str(ddir),
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "5 sample(s)" in proc.stderr
    text = out.read_text()
    np.testing.assert_array_equal(parse_array(text, "min_val"),
                                  observer.min_val.reshape(-1).numpy())
    np.testing.assert_array_equal(parse_array(text, "max_val"),
                                  observer.max_val.reshape(-1).numpy())
    if "histogram" in name:
        np.testing.assert_array_equal(parse_array(text, "histogram"), observer.histogram.numpy())


def test_calibrate_errors(tmp_path):
    (tmp_path / "p.mlir").write_text("""
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %o = qnn.observe %x {observer = #qnn.observer<minmax>} : tensor<4xf32>
  return %o : tensor<4xf32>
}""")
    empty = tmp_path / "empty"
    empty.mkdir()
    run = lambda *a: subprocess.run([tool("qnn-calibrate"), str(tmp_path / "p.mlir"), *a,
                                     "-o", str(tmp_path / "o.mlir")], capture_output=True, text=True)
    proc = run("--data", str(empty))
    assert proc.returncode != 0 and "p.mlir:2:1: error: no calibration samples" in proc.stderr
    bad = tmp_path / "nan.npy"
    np.save(bad, np.array([1, np.nan, 2, 3], dtype=np.float32))
    proc = run("--data", str(bad))
    assert proc.returncode != 0 and "nan.npy: sample contains NaN or Inf" in proc.stderr
    # A bad sample after good ones: the forwards overlap the observer
    # updates, and the error still names the sample.
    several = tmp_path / "several"
    several.mkdir()
    for i in range(3):
        np.save(several / f"{i:03d}.npy", np.array([1, 2, 3, np.inf if i == 1 else 4], dtype=np.float32))
    proc = run("--data", str(several))
    assert proc.returncode != 0 and "001.npy: sample contains NaN or Inf (element 3)" in proc.stderr
    assert not (tmp_path / "o.mlir").exists()
    wrong = tmp_path / "wrong.npy"
    np.save(wrong, np.zeros(5, dtype=np.float32))
    proc = run("--data", str(wrong))
    assert proc.returncode != 0 and "expected shape (4,), got (5,)" in proc.stderr


def _outlier_batches(value):
    g = torch.Generator().manual_seed(3)
    first = torch.randn(*SHAPE, generator=g)
    second = torch.randn(*SHAPE, generator=g)
    second[0, 0, 0, 0] = value
    return [first, second]


def _calibrate_histogram(tmp_path, batches, bins, body="%o = qnn.observe %x"):
    ddir = tmp_path / "data"
    ddir.mkdir()
    for i, x in enumerate(batches):
        np.save(ddir / f"{i:03d}.npy", x.numpy())
    shape = "x".join(map(str, SHAPE))
    t = f"tensor<{shape}xf32>"
    (tmp_path / "p.mlir").write_text(f"""
func.func @f(%x: {t}) -> {t} {{
  %sq = qnn.mul %x, %x : ({t}, {t}) -> {t}
  %nan = qnn.mul_scalar %sq {{scalar = 0.0}} : {t} -> {t}
  {body} {{name = "act", observer = #qnn.observer<histogram, bins = {bins}>}} : {t}
  return %o : {t}
}}""")
    out = tmp_path / "c.mlir"
    proc = subprocess.run([tool("qnn-calibrate"), str(tmp_path / "p.mlir"), "--data", str(ddir),
                           "-o", str(out)], capture_output=True, text=True, timeout=60)
    return proc, out


# Outliers widen the merged range by up to 1e7 x: torch builds a zero tensor
# of bins x downsample entries (bins x 2e7 at 1e6); qnn's merge only sums the
# old histogram's bins x 128 upsampled entries, and must give torch's exact
# numbers (fewer bins keep torch's own run small).
@pytest.mark.parametrize("value,bins", [(1e4, 64), (1e4, 2), (1e5, 64), (1e6, 16), (-1e6, 16)])
def test_histogram_outliers_match_torch(tmp_path, value, bins):
    batches = _outlier_batches(value)
    observer = obs.HistogramObserver(bins=bins)
    for x in batches:
        observer(x)
    proc, out = _calibrate_histogram(tmp_path, batches, bins)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text()
    np.testing.assert_array_equal(parse_array(text, "min_val"), observer.min_val.reshape(-1).numpy())
    np.testing.assert_array_equal(parse_array(text, "max_val"), observer.max_val.reshape(-1).numpy())
    np.testing.assert_array_equal(parse_array(text, "histogram"), observer.histogram.numpy())


# Where torch's forward raises, qnn-calibrate reports the observer (located)
# and the sample instead of crashing: 1e20 and 1e40 (= inf after x * x) do
# not fit torch's int64 histc bounds, inf and NaN cannot become Python ints.
@pytest.mark.parametrize("value,body,torch_error,message", [
    (1e20, "%o = qnn.observe %x", "Overflow when unpacking long",
     "does not fit an int64 (torch raises RuntimeError: Overflow when unpacking long)"),
    (1e20, "%o = qnn.observe %sq", "cannot convert float infinity to integer",
     "is infinite (torch raises OverflowError"),
    (1e20, "%o = qnn.observe %nan", "cannot convert float NaN to integer",
     "is NaN (torch raises ValueError"),
])
def test_histogram_where_torch_raises(tmp_path, value, body, torch_error, message):
    batches = _outlier_batches(value)
    observer = obs.HistogramObserver()
    observer(batches[0] if "%x" in body else batches[0] * batches[0] * (0.0 if "nan" in body else 1.0))
    second = {"%x": batches[1], "%sq": batches[1] * batches[1],
              "%nan": batches[1] * batches[1] * 0.0}[body.split()[-1]]
    with pytest.raises((RuntimeError, OverflowError, ValueError), match=torch_error):
        observer(second)
    proc, _ = _calibrate_histogram(tmp_path, batches, 2048, body)
    assert proc.returncode == 1, proc.stderr
    assert "p.mlir:5:8: error: calibration sample" in proc.stderr and "001.npy" in proc.stderr
    assert message in proc.stderr
    assert "note: the observer of 'act'" in proc.stderr
    # A first batch with the outlier fails the same way.
    proc, _ = _calibrate_histogram(tmp_path / "first", batches[::-1], 2048, body) \
        if (tmp_path / "first").mkdir() is None else None
    assert proc.returncode == 1 and "000.npy" in proc.stderr, proc.stderr


# qnn-calibrate's float convolutions run on the host GEMM (HostConvolution.h):
# convolutions covering its blocking (k > 256, rows not a multiple of the
# micro-kernel's, several column chunks and a partial panel), strides,
# padding, dilation, groups, depthwise, 1x1 and a batch of 2.
CONVS = [  # name, out channels, kernel, stride, padding, dilation, groups
    ("k288", 13, (3, 3), (1, 1), (1, 1), (1, 1), 1),
    ("strided", 8, (3, 3), (2, 2), (1, 1), (2, 2), 2),
    ("depthwise", 32, (3, 3), (1, 1), (1, 1), (1, 1), 32),
    ("pointwise", 20, (1, 1), (1, 1), (0, 0), (1, 1), 1),
    ("rect", 7, (5, 3), (2, 1), (2, 0), (1, 1), 1),
]
CONV_IN = (2, 32, 13, 13)
CONV_OBSERVERS = ["#qnn.observer<histogram>", "#qnn.observer<per_channel_minmax, ch_axis = 1>"]
# Observers of the (constant) weights: qnn-calibrate computes their batch
# statistics once on the host and updates them every sample.
WEIGHT_OBSERVERS = [
    ("#qnn.observer<moving_average_per_channel_minmax, ch_axis = 0, averaging_constant = 0.25>",
     lambda: obs.MovingAveragePerChannelMinMaxObserver(ch_axis=0, averaging_constant=0.25)),
    ("#qnn.observer<minmax>", lambda: obs.MinMaxObserver()),
    ("#qnn.observer<histogram, bins = 64>", lambda: obs.HistogramObserver(bins=64)),
]


def conv_model(tmp_path, make):
    """IR of CONVS on one input, each output observed by CONV_OBSERVERS;
    returns the torch convolutions (weight, bias, kwargs) too."""
    from irgen import dense, tensor
    convs, lines, results = [], [], []
    x = tensor(CONV_IN)
    for i, (name, f, k, s, p, d, g) in enumerate(CONVS):
        w, b = make((f, CONV_IN[1] // g, *k)), make((f,))
        kw = dict(stride=s, padding=p, dilation=d, groups=g)
        y = torch.nn.functional.conv2d(torch.zeros(CONV_IN), w, b, **kw)
        convs.append((w, b, kw))
        t = tensor(y.shape)
        wt = tensor(w.shape)
        wobs = "".join(f"\n  %w{i}_{j} = qnn.observe %wc{i} {{name = \"{name}.w{j}\", observer = {o}}} : {wt}"
                       for j, (o, _) in enumerate(WEIGHT_OBSERVERS))
        lines.append(f"%wc{i} = arith.constant {dense(w.numpy())} : {wt}{wobs}\n"
                     f"  %b{i} = arith.constant {dense(b.numpy())} : {tensor(b.shape)}\n"
                     f"  %c{i} = qnn.conv2d %x, %w{i}_{len(WEIGHT_OBSERVERS) - 1}, %b{i} {{name = \"{name}\", "
                     f"stride = array<i64: {s[0]}, {s[1]}>, padding = array<i64: {p[0]}, {p[1]}>, "
                     f"dilation = array<i64: {d[0]}, {d[1]}>, groups = {g} : i64}} : "
                     f"({x}, {tensor(w.shape)}, {tensor(b.shape)}) -> {t}")
        last = f"%c{i}"
        for j, o in enumerate(CONV_OBSERVERS):
            lines.append(f"%o{i}_{j} = qnn.observe {last} {{name = \"{name}.{j}\", observer = {o}}} : {t}")
            last = f"%o{i}_{j}"
        results.append((last, t))
    body = "\n  ".join(lines)
    ret = ", ".join(r for r, _ in results)
    types = ", ".join(t for _, t in results)
    (tmp_path / "p.mlir").write_text(f"""
func.func @f(%x: {x}) -> ({types}) {{
  {body}
  return {ret} : {types}
}}""")
    return convs


def calibrate_convs(tmp_path, data, *args, env=None, out="c.mlir", with_log=False):
    ddir = tmp_path / "data"
    ddir.mkdir(exist_ok=True)
    for i, x in enumerate(data):
        np.save(ddir / f"{i:03d}.npy", x.numpy())
    proc = subprocess.run([tool("qnn-calibrate"), str(tmp_path / "p.mlir"), "--data", str(ddir),
                           "-o", str(tmp_path / out), *args], capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / out).read_text()
    return (text, proc.stderr) if with_log else text


def test_host_conv_dyadic_matches_torch(tmp_path):
    """Dyadic weights and data: every conv output is exact in float32 in
    any summation order, so the observers' statistics (histogram merges
    included) equal torch's observers on torch's convolutions bit for bit."""
    g = torch.Generator().manual_seed(5)
    dyadic = lambda shape, k, e: torch.randint(-k, k + 1, shape, generator=g).float() * 2.0 ** e
    convs = conv_model(tmp_path, lambda shape: dyadic(shape, 8, -3))
    data = [dyadic(CONV_IN, 16, -2) * (1 + i) for i in range(3)]
    text = calibrate_convs(tmp_path, data, "--timing")
    for (name, *_), (w, b, kw) in zip(CONVS, convs):
        hist, per_channel = obs.HistogramObserver(), obs.PerChannelMinMaxObserver(ch_axis=1)
        for x in data:
            y = torch.nn.functional.conv2d(x, w, b, **kw)
            hist(y)
            per_channel(y)
        weight_observers = [make() for _, make in WEIGHT_OBSERVERS]
        for x in data:
            for o in weight_observers:
                o(w)
        for j, o in enumerate(weight_observers):
            line = re.search(rf'[^\n]*name = "{re.escape(name)}\.w{j}"[^\n]*', text).group(0)
            np.testing.assert_array_equal(parse_array(line, "min_val"), o.min_val.reshape(-1).numpy())
            np.testing.assert_array_equal(parse_array(line, "max_val"), o.max_val.reshape(-1).numpy())
            if j == 2:
                np.testing.assert_array_equal(parse_array(line, "histogram"), o.histogram.numpy())
        for j, o in enumerate([hist, per_channel]):
            m = re.search(rf'[^\n]*name = "{re.escape(name)}\.{j}"[^\n]*', text)
            assert m, name
            line = m.group(0)
            np.testing.assert_array_equal(parse_array(line, "min_val"), o.min_val.reshape(-1).numpy())
            np.testing.assert_array_equal(parse_array(line, "max_val"), o.max_val.reshape(-1).numpy())
            if j == 0:
                np.testing.assert_array_equal(parse_array(line, "histogram"), o.histogram.numpy())


ISAS = ["generic", "avx2", "avx512"]


def assert_close_to_reference(text, reference):
    """The host GEMM fuses each multiply-add (one rounding), the reference
    loops round the product and the sum: the same observers, min/max within
    float32's last bits, every histogram with the same total count."""
    lines = [l for l in text.splitlines() if "qnn.observe" in l]
    ref_lines = [l for l in reference.splitlines() if "qnn.observe" in l]
    assert len(lines) == len(ref_lines) > 0
    for line, ref in zip(lines, ref_lines):
        assert re.search(r'name = "[^"]*"', line).group(0) == re.search(r'name = "[^"]*"', ref).group(0)
        for key in ["min_val", "max_val"]:
            np.testing.assert_allclose(parse_array(line, key), parse_array(ref, key), rtol=1e-5)
        if "histogram = " in ref:
            assert parse_array(line, "histogram").sum() == parse_array(ref, "histogram").sum()


def assert_same_bits_on_every_path(calibrate):
    """calibrate(args, env) -> (calibrated IR, log). The portable path
    (QNN_HOST_CONV_ISA=generic) is the reference: every ISA and thread
    count must print the same bits (each output's fused multiply-adds run
    in the same order on every path)."""
    reference, log = calibrate(["--timing"], dict(os.environ, QNN_HOST_CONV_ISA="generic"))
    assert "on the host GEMM (generic)" in log
    runs = [([], None), (["--jobs=1"], None), (["--jobs=2"], None)]
    runs += [([], dict(os.environ, QNN_HOST_CONV_ISA=isa)) for isa in ISAS[1:]]
    for args, env in runs:
        text, log = calibrate(["--timing", *args], env)
        isa = re.search(r"on the host GEMM \((\w+)\)", log).group(1)
        if env is not None and isa != env["QNN_HOST_CONV_ISA"]:
            # Only where this host lacks the ISA (then the widest it has).
            assert ISAS.index(isa) < ISAS.index(env["QNN_HOST_CONV_ISA"]), log
        assert text == reference, (args, isa)
    return reference


def test_host_conv_same_bits_on_every_isa(tmp_path):
    """Arbitrary float data: every statistic is bit-identical on the
    portable path, on every vector ISA the host has and at any thread
    count, and within the last bits of the reference loops'
    (--host-conv=false: no FMA)."""
    g = torch.Generator().manual_seed(6)
    conv_model(tmp_path, lambda shape: torch.randn(*shape, generator=g) * 0.2)
    data = [torch.randn(*CONV_IN, generator=g) * (1 + i) for i in range(3)]
    reference = calibrate_convs(tmp_path, data, "--host-conv=false", out="ref.mlir")
    assert "histogram = array<f32:" in reference

    text = assert_same_bits_on_every_path(
        lambda args, env: calibrate_convs(tmp_path, data, *args, env=env, with_log=True))
    assert text != reference  # fused multiply-adds: some last bits differ
    assert_close_to_reference(text, reference)


# 1-D and 3-D convolutions take the host GEMM too (unit depth and height):
# strides, padding, dilation, groups and more than 256 k (conv3d).
CONV_ND = [  # op, input, weight, stride, padding, dilation, groups
    ("conv1d", (2, 6, 40), (6, 3, 3), (2,), (1,), (2,), 2),
    ("conv3d", (1, 8, 5, 7, 6), (6, 8, 3, 3, 3), (2, 1, 1), (1, 1, 0), (1, 2, 1), 1),
]


def test_host_conv_1d_3d_same_bits_on_every_isa(tmp_path):
    """Observed conv1d and conv3d outputs (histogram and per-channel
    min/max, several samples): the same bits on the host GEMM's portable
    path as on every ISA and thread count, within the last bits of the
    reference loops'."""
    from irgen import dense, tensor
    g = torch.Generator().manual_seed(7)
    lines, results = [], []
    for op, xs, ws, s, p, d, groups in CONV_ND:
        w = torch.randn(*ws, generator=g) * 0.2
        y = getattr(torch.nn.functional, op)(torch.zeros(xs), w, stride=s, padding=p, dilation=d,
                                             groups=groups)
        attrs = ", ".join(f"{k} = array<i64: {', '.join(map(str, v))}>"
                          for k, v in [("stride", s), ("padding", p), ("dilation", d)])
        lines.append(f"%w_{op} = arith.constant {dense(w.numpy())} : {tensor(ws)}\n"
                     f"  %c_{op} = qnn.{op} %x_{op}, %w_{op} {{name = \"{op}\", {attrs}, groups = {groups} : i64}}"
                     f" : ({tensor(xs)}, {tensor(ws)}) -> {tensor(y.shape)}\n"
                     f"  %h_{op} = qnn.observe %c_{op} {{name = \"{op}.h\", observer = #qnn.observer<histogram>}}"
                     f" : {tensor(y.shape)}\n"
                     f"  %m_{op} = qnn.observe %h_{op} {{name = \"{op}.m\", observer = "
                     f"#qnn.observer<per_channel_minmax, ch_axis = 1>}} : {tensor(y.shape)}")
        results.append((f"%m_{op}", tensor(y.shape)))
    args = ", ".join(f"%x_{op}: {tensor(xs)}" for op, xs, *_ in CONV_ND)
    types = ", ".join(t for _, t in results)
    body = "\n  ".join(lines)
    (tmp_path / "p.mlir").write_text(f"""
func.func @f({args}) -> ({types}) {{
  {body}
  return {", ".join(r for r, _ in results)} : {types}
}}""")
    ddir = tmp_path / "data"
    ddir.mkdir()
    for i in range(3):
        (ddir / f"{i:03d}").mkdir()
        for k, (op, xs, *_) in enumerate(CONV_ND):
            np.save(ddir / f"{i:03d}" / f"{k}_{op}.npy", (torch.randn(*xs, generator=g) * (1 + i)).numpy())

    def calibrate(*args, env=None, out="c.mlir"):
        proc = subprocess.run([tool("qnn-calibrate"), str(tmp_path / "p.mlir"), "--data", str(ddir),
                               "-o", str(tmp_path / out), *args],
                              capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr
        return (tmp_path / out).read_text(), proc.stderr

    reference, log = calibrate("--host-conv=false", "--timing", out="ref.mlir")
    assert "float conv(s) on the host GEMM" not in log
    assert reference.count("histogram = array<f32:") == 2

    def host(args, env):
        text, log = calibrate(*args, env=env)
        assert "2 float conv(s) on the host GEMM" in log
        return text, log
    text = assert_same_bits_on_every_path(host)
    assert text != reference
    assert_close_to_reference(text, reference)
