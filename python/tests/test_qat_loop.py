"""The QAT loop inside qnn, against torch 1.13: import the float model,
`--qnn-qat-prepare`, `qnn-calibrate` (each fake-quant observes the batch,
recomputes its qparams and fake-quantizes with them within the forward, as
torch's FusedMovingAvgObsFakeQuantize does with its observer enabled),
`--qnn-convert`, `qnn-run`; torch: prepare_qat (qnnpack), the same batches
through the model with observers enabled, convert.

BatchNorm runs with its running statistics on both sides: torch's model
after freeze_bn_stats (still in train()) or in eval(). In train() without
freeze_bn_stats torch normalizes with each batch's statistics and updates
the running ones; qnn-calibrate does not model that
(test_unfrozen_bn_is_not_modelled).

test_qat_loop_exact_is_identical builds the model so that every float
operation is exact (dyadic weights, power-of-two BN and input scales, the
linear a scaled selection): summation order then cannot matter, so every
statistic, qparam and output must be bit-identical. The linear reads the
conv's fake-quant output, whose scale changes with every batch, so its
statistics are those of torch only if each batch is fake-quantized with the
qparams that include it. test_qat_loop_trained compares a trained model
with random data: the first layer's state is identical, deeper statistics
see float convolutions whose summation order differs (docs/numerics.md).
"""
import copy
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

from conftest import tool

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402

tq = torch.ao.quantization


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = tq.QuantStub()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(4 * 5 * 5, 6)
        self.dequant = tq.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        x = self.relu(self.bn(self.conv(x)))
        return self.dequant(self.fc(self.flatten(x)))


SHAPE = (2, 3, 5, 5)
POSTS = {"quant": "quant.activation_post_process", "conv.weight": "conv.weight_fake_quant",
         "conv": "conv.activation_post_process", "fc.weight": "fc.weight_fake_quant",
         "fc": "fc.activation_post_process"}


def make_exact_net(seed=0):
    """Conv weights k * 2**-6 / s (|k| <= 127, one k = 127) with s = bn.weight
    / sqrt(var + eps) a power of two: the weight fake-quant's scale is 2**-6
    and w * s is on its grid, so every conv sum is exact. The linear picks
    one feature per output, times a power of two."""
    g = torch.Generator().manual_seed(seed)
    net = Net()
    with torch.no_grad():
        net.bn.eps = 2.0 ** -10
        net.bn.running_var.copy_(4.0 ** torch.randint(-1, 2, (4,), generator=g) - net.bn.eps)
        net.bn.weight.copy_(2.0 ** torch.randint(-1, 2, (4,), generator=g).float())
        net.bn.running_mean.copy_(torch.randint(-8, 9, (4,), generator=g) * 2.0 ** -4)
        net.bn.bias.copy_(torch.randint(-8, 9, (4,), generator=g) * 2.0 ** -4)
        s = net.bn.weight / torch.sqrt(net.bn.running_var + net.bn.eps)
        k = torch.randint(-126, 127, net.conv.weight.shape, generator=g).float()
        k[1, 0, 1, 1] = 127
        net.conv.weight.copy_(k * 2.0 ** -6 / s.reshape(-1, 1, 1, 1))
        net.conv.bias.copy_(torch.randint(-8, 9, (4,), generator=g) * 2.0 ** -4)
        w = torch.zeros(6, 100)
        cols = torch.randperm(100, generator=g)[:6]
        for r, c in enumerate(cols):
            w[r, c] = 2.0 ** int(torch.randint(-2, 2, (1,), generator=g)) * (1 if r % 2 else -1)
        net.fc.weight.copy_(w)
        # No bias: each output is one rounded product, whether or not the
        # GEMM fuses it with the bias add.
        net.fc.bias.zero_()
    return net


def exact_batches(n, seed=1):
    """Dyadic inputs in [-4, 3.96875] containing both bounds: the input
    fake-quant's range stays [-4, 3.96875], scale 2**-5, zero point 128."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(n):
        x = torch.randint(-128, 128, SHAPE, generator=g).float() * 2.0 ** -5
        x[0, 0, 0, 0], x[1, 2, 4, 4] = -4.0, 127 * 2.0 ** -5
        out.append(x)
    return out


def random_batches(n, seed=1):
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(*SHAPE, generator=g) * (1.0 + 0.2 * i) + 0.1 * i for i in range(n)]


def train(net, steps=5, seed=3):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    net.train()
    for _ in range(steps):
        x = torch.randn(*SHAPE, generator=g)
        opt.zero_grad()
        net(x).square().mean().backward()
        opt.step()
    return net


def torch_qat(net, batches, mode):
    """prepare_qat (qnnpack), then the batches through the model with the
    observers enabled: `frozen` (train() after freeze_bn_stats), `eval`
    (eval()) or `train` (train(), BN on batch statistics)."""
    m = copy.deepcopy(net).train()
    m.qconfig = tq.get_default_qat_qconfig("qnnpack")
    tq.fuse_modules_qat(m, [["conv", "bn", "relu"]], inplace=True)
    tq.prepare_qat(m, inplace=True)
    if mode == "frozen":
        m.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    elif mode == "eval":
        m.eval()
    with torch.no_grad():
        for x in batches:
            m(x)
    return m


def qnn_qat(net, batches):
    """The qnn tools alone after the import: prepare-qat, calibrate."""
    net = copy.deepcopy(net).eval()
    net.qconfig = tq.get_default_qat_qconfig("qnnpack")
    prepared = qnn.prepare(qnn.from_torch(net, batches[0]), qat=True)
    return prepared, qnn.calibrate(prepared, batches)


def fake_quant_state(ir):
    """name -> (min_val, max_val, scale, zero_point) of each qnn.fake_quant."""
    state = {}
    for line in ir.splitlines():
        if "qnn.fake_quant" not in line:
            continue
        attrs = dict(re.findall(r'(\w+) = (array<[^>]*>|"[^"]*")', line))
        arr = lambda k: np.array([float(v) for v in attrs[k].split(":", 1)[1].strip(" >").split(",")])
        state[attrs["name"].strip('"')] = (np.float32(arr("min_val")), np.float32(arr("max_val")),
                                          np.float32(arr("scale")), arr("zero_point").astype(np.int64))
    return state


def assert_same_state(model, ir, names):
    ours = fake_quant_state(ir)
    mods = dict(model.named_modules())
    for name in names:
        fq = mods[POSTS[name]]
        obs = fq.activation_post_process
        ref = (obs.min_val.reshape(-1).numpy(), obs.max_val.reshape(-1).numpy(),
               fq.scale.reshape(-1).numpy(), fq.zero_point.reshape(-1).numpy().astype(np.int64))
        for what, a, b in zip(("min_val", "max_val", "scale", "zero_point"), ours[name], ref):
            np.testing.assert_array_equal(a, b, err_msg=f"{name} {what}")


def converted_outputs(ir, tests):
    converted = qnn.convert(ir)
    return [qnn.run(converted, x)[0] for x in tests]


def torch_converted_outputs(model, tests):
    converted = tq.convert(model.eval(), inplace=False)
    with torch.no_grad():
        return [converted(x).numpy() for x in tests]


@pytest.mark.parametrize("mode", ["frozen", "eval"])
def test_qat_loop_exact_is_identical(mode):
    net = make_exact_net()
    batches = exact_batches(6)
    model = torch_qat(net, batches, mode)
    prepared, calibrated = qnn_qat(net, batches)
    assert prepared.count("qnn.fake_quant") == 5 and "fused" in prepared
    assert_same_state(model, calibrated, POSTS)
    # The state really moved: the conv's range changed with the batches.
    conv = model.conv.activation_post_process.activation_post_process
    assert float(conv.max_val) != float(model.conv.activation_post_process.scale) * 255
    tests = exact_batches(3, seed=9) + random_batches(2, seed=9)
    for ours, ref in zip(converted_outputs(calibrated, tests), torch_converted_outputs(model, tests)):
        np.testing.assert_array_equal(ours, ref)


def test_qat_loop_run_is_torch_forward_with_observers_disabled():
    """qnn-run of the calibrated QAT model: the fake-quant forward with the
    stored qparams, i.e. torch's forward after disable_observer."""
    net = make_exact_net()
    batches = exact_batches(4)
    model = torch_qat(net, batches, "frozen")
    _, calibrated = qnn_qat(net, batches)
    model.apply(tq.disable_observer)
    for x in exact_batches(2, seed=5):
        with torch.no_grad():
            ref = model(x).numpy()
        np.testing.assert_array_equal(qnn.run(calibrated, x)[0], ref)


def test_qat_loop_trained():
    """Trained weights, non-trivial BN statistics, random data: the input's
    and the conv weight's fake-quant state is identical; deeper statistics
    follow float convolutions and linears whose summation order differs
    from torch's (oneDNN/BLAS), so their scales agree to 1e-5 and the
    outputs to one quantization step (docs/numerics.md)."""
    torch.manual_seed(0)
    net = train(Net())
    with torch.no_grad():
        net.bn.running_var.uniform_(0.5, 2.0)
        net.bn.running_mean.normal_(0, 0.3)
    batches = random_batches(8)
    model = torch_qat(net, batches, "frozen")
    _, calibrated = qnn_qat(net, batches)
    assert_same_state(model, calibrated, ["quant", "conv.weight"])
    ours = fake_quant_state(calibrated)
    mods = dict(model.named_modules())
    for name in ("conv", "fc.weight", "fc"):
        np.testing.assert_allclose(ours[name][2], mods[POSTS[name]].scale.numpy(), rtol=1e-5)
    tests = random_batches(3, seed=4)
    scale = float(tq.convert(model.eval(), inplace=False).fc.scale)
    for o, r in zip(converted_outputs(calibrated, tests), torch_converted_outputs(model, tests)):
        assert np.max(np.abs(o - r)) <= scale * 1.0001


def test_unfrozen_bn_is_not_modelled():
    """torch in train() without freeze_bn_stats normalizes with the batch
    statistics and updates the running ones; qnn-calibrate uses the running
    statistics, i.e. torch's frozen/eval forward."""
    torch.manual_seed(0)
    net = train(Net())
    batches = random_batches(4)
    train_mode = torch_qat(net, batches, "train")
    frozen = torch_qat(net, batches, "frozen")
    _, calibrated = qnn_qat(net, batches)
    ours = fake_quant_state(calibrated)["conv"]
    assert not np.array_equal(ours[1], train_mode.conv.activation_post_process.activation_post_process
                              .max_val.reshape(-1).numpy())
    np.testing.assert_allclose(ours[1], frozen.conv.activation_post_process.activation_post_process
                               .max_val.reshape(-1).numpy(), rtol=1e-5)


def test_calibrate_reports_a_fake_quant_without_qparams(tmp_path):
    """A fake-quant whose observer is enabled but that does not fake-quantize
    is run on the host; one downstream with a disabled observer and no
    stored qparams is reported at its location."""
    ir = """
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.fake_quant %x {name = "a", observer = #qnn.observer<moving_average_minmax>, fake_quant_enabled = false} : tensor<4xf32>
  %1 = qnn.fake_quant %0 {name = "b", observer = #qnn.observer<moving_average_minmax>, observer_enabled = false} : tensor<4xf32>
  return %1 : tensor<4xf32>
}
"""
    (tmp_path / "m.mlir").write_text(ir)
    np.save(tmp_path / "x.npy", np.ones(4, np.float32))
    proc = subprocess.run([tool("qnn-calibrate"), str(tmp_path / "m.mlir"), "--data",
                           str(tmp_path / "x.npy"), "-o", str(tmp_path / "o.mlir")],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "m.mlir:4" in proc.stderr and "scale/zero_point" in proc.stderr, proc.stderr


def test_exact_model_tells_stale_qparams_apart():
    """The exact test discriminates: had the conv's fake-quant used the
    qparams from before each batch (what a runner with fixed qparams
    computes), the linear's statistics would differ from torch's."""
    net = make_exact_net()
    batches = exact_batches(6)
    good = torch_qat(net, batches, "frozen")
    m = copy.deepcopy(net).train()
    m.qconfig = tq.get_default_qat_qconfig("qnnpack")
    tq.fuse_modules_qat(m, [["conv", "bn", "relu"]], inplace=True)
    tq.prepare_qat(m, inplace=True)
    m.apply(torch.nn.intrinsic.qat.freeze_bn_stats)
    fq = m.conv.activation_post_process
    forward, seen = fq.forward, []

    def stale(x):
        if not seen:
            seen.append(1)
            return forward(x)
        y = torch.fake_quantize_per_tensor_affine(x, float(fq.scale), int(fq.zero_point), 0, 255)
        fq.disable_fake_quant()
        forward(x)
        fq.enable_fake_quant()
        return y

    fq.forward = stale
    with torch.no_grad():
        for x in batches:
            m(x)
    ref = good.fc.activation_post_process.activation_post_process
    got = m.fc.activation_post_process.activation_post_process
    assert float(ref.min_val) != float(got.min_val) or float(ref.max_val) != float(got.max_val)
