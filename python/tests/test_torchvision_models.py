"""Every torchvision quantizable classification model
(torchvision.models.quantization, weights=None, seeded random
initialization) on qnn's two paths:

1. torch-converted: torch's eager PTQ under the qnnpack engine
   (fuse_model, prepare with the qnnpack qconfig, two random calibration
   batches, convert) imported with `qnn.from_torch`, compiled for
   x86-64-avx2, is bit-identical to torch's qnnpack output (resnet18 and
   mobilenet_v2 also compiled for the aarch64 byte kernels, under qemu;
   mobilenet_v2 and mobilenet_v3_large also for AVX-512 VNNI, whose
   depthwise kernel differs);
2. float: the same float model imported with its qconfig and quantized by
   qnn's PTQ (`qnn.prepare`, `qnn.calibrate` on the same batches,
   `qnn.convert`, run by `qnn.run`) against torch's PTQ of it: the input's
   qparams identical (its observer sees the data itself), the output within
   PTQ_STEPS steps of the output's scale. Deeper observers see float
   convolutions, which torch and qnn sum in different orders
   (docs/numerics.md, "The PTQ flow against torch"), so a scale may differ
   in its last bits and an int by a step, which later layers can carry.
   inception_v3 leaves the bound (PTQ_DIVERGES): its histogram PTQ is an
   xfail (not strict: torch's float convolutions depend on the host's
   ISA), and its PTQ under a MinMax activation observer is compared qparam
   by qparam with torch's.

Inputs are as small as each model allows (inception_v3 needs 75x75).
"""
import pathlib
import re
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import torch_eager_ptq  # noqa: E402
from compiled_driver import compile_and_run_any, skip_unless_runnable  # noqa: E402

tvq = pytest.importorskip("torchvision.models.quantization")

# name: (input size, constructor arguments)
MODELS = {
    "googlenet": (64, {"init_weights": True}),
    "inception_v3": (75, {"aux_logits": False, "init_weights": True}),
    "mobilenet_v2": (64, {}),
    "mobilenet_v3_large": (64, {}),
    "resnet18": (64, {}),
    "resnet50": (64, {}),
    "resnext101_32x8d": (64, {}),
    "shufflenet_v2_x0_5": (64, {}),
    "shufflenet_v2_x1_0": (64, {}),
    "shufflenet_v2_x1_5": (64, {}),
    "shufflenet_v2_x2_0": (64, {}),
}
# The PTQ path's bound, in quantization steps of the model's output (the
# bound test_from_torch.py's resnet18 PTQ test uses).
PTQ_STEPS = 3
# Models whose qnn PTQ output is known to leave that bound. Deeper observers
# see float convolutions, which torch and qnn sum in different orders, so a
# scale may differ from torch's in its last bits; on inception_v3 (random
# weights, activations up to 5e6 at 75x75) that is enough:
# - the qnnpack qconfig's HistogramObserver, whose range search is not
#   continuous in the data, picks another range for Mixed_7b.branch1x1.conv
#   (scale 21156 against torch's 21011: its observed max agrees to 1.2e-6,
#   which shifts the edges of its 2048 bins);
# - under a MinMax activation observer every one of its 111 qparams agrees
#   with torch's (scales to a relative 1e-5), and the last-bit scale
#   differences flip roundings that its 94 layers carry to 6 output steps.
# So its histogram PTQ is an xfail, and its MinMax PTQ is compared
# layer by layer, qparam by qparam, instead of at the output.
PTQ_DIVERGES = {
    "inception_v3": "HistogramObserver range search flips on last-bit activation differences "
                    "(Mixed_7b.branch1x1.conv: scale 21156 vs torch's 21011; observed max "
                    "within 1.2e-6)",
}

# The biggest models' tests take minutes each (resnext101_32x8d: about 2.5
# minutes to compile, 2 to calibrate; inception_v3's PTQ about a minute):
# marked slow, which conftest.py runs first so pytest-xdist's two workers
# share them. They run in the default test command.
SLOW = {"resnext101_32x8d", "inception_v3", "resnet50"}


class Case:
    """One model: its float form, torch's converted form, the calibration
    batches and the test input, and torch's output on it."""

    def __init__(self, name):
        self.name = name
        torch.backends.quantized.engine = "qnnpack"
        size, kwargs = MODELS[name]
        self.make = lambda: getattr(tvq, name)(weights=None, quantize=False, **kwargs).eval()
        torch.manual_seed(0)
        self.float_model = self.make()
        g = torch.Generator().manual_seed(1)
        self.calib = [torch.randn(1, 3, size, size, generator=g) for _ in range(2)]
        self.x = torch.randn(1, 3, size, size, generator=g)
        self.converted, self.ref, self.step = self.torch_ptq(
            torch.ao.quantization.get_default_qconfig("qnnpack"))

    def torch_ptq(self, qconfig):
        """torch's PTQ of a fused copy of the float model under `qconfig`:
        the converted model, its output on `x` and its output's step (the
        scale of the quantized tensor entering the final DeQuantStub)."""
        m = self.make()
        m.load_state_dict(self.float_model.state_dict())
        m.fuse_model()
        converted = torch_eager_ptq(m, qconfig, self.calib)
        steps = []
        hook = converted.dequant.register_forward_pre_hook(
            lambda module, args: steps.append(args[0].q_scale()))
        with torch.no_grad():
            ref = converted(self.x).numpy()
        hook.remove()
        return converted, ref, steps[0]


@pytest.fixture(scope="module", params=[
    pytest.param(name, marks=pytest.mark.slow) if name in SLOW else name for name in sorted(MODELS)])
def case(request):
    """Module-scoped, so a model's tests run one after the other on the
    same torch reference."""
    return Case(request.param)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("qnn-cache")


def test_converted_model_compiled_identical(case, cache_dir, monkeypatch):
    monkeypatch.setenv("QNN_CACHE_DIR", str(cache_dir))
    ir = qnn.from_torch(case.converted, case.x)
    assert "qnn.qconstant dense_resource" in ir
    out = qnn.compile(ir, target="x86-64-avx2")(case.x.numpy())
    np.testing.assert_array_equal(out, case.ref)


# The models with depthwise convs compiled for AVX-512 VNNI, whose 3x3
# depthwise convs run as byte quad dots (vpdpbusd; mobilenet_v3's 5x5 ones
# on the 16-bit kernel): bit-identical to torch's qnnpack output too. And
# resnet18 and inception_v3, whose long-K panels run tiles of 6 rows,
# inception's 32-, 96- and 160-channel convs partial last panels of 12 rows
# and its Conv2d_4a (cin 80) 45 KiB panels unblocked. And resnext101_32x8d,
# whose grouped 3x3 convs (32 groups of 8 to 64 channels) are batched GEMMs
# reading the canvas in place.
@pytest.mark.parametrize("name", ["mobilenet_v2", "mobilenet_v3_large", "resnet18",
                                  pytest.param("inception_v3", marks=pytest.mark.slow),
                                  pytest.param("resnext101_32x8d", marks=pytest.mark.slow)])
def test_converted_model_vnni_identical(name, cache_dir, monkeypatch):
    skip_unless_runnable("x86-64-avx512vnni")
    monkeypatch.setenv("QNN_CACHE_DIR", str(cache_dir))
    c = Case(name)
    out = qnn.compile(qnn.from_torch(c.converted, c.x), target="x86-64-avx512vnni")(c.x.numpy())
    np.testing.assert_array_equal(out, c.ref)


# The object-identity models compiled for the aarch64 byte kernels (sdot,
# and i8mm's 2x2-block usmmla with its own tile layout) and run under qemu:
# bit-identical to torch's qnnpack output too.
@pytest.mark.parametrize("target", ["aarch64-neon-dotprod", "aarch64-neon-i8mm"])
@pytest.mark.parametrize("name", ["mobilenet_v2", "resnet18"])
def test_converted_model_aarch64_identical(name, target, tmp_path):
    skip_unless_runnable(target)
    c = Case(name)
    ir = qnn.from_torch(c.converted, c.x)
    out, = compile_and_run_any(tmp_path, ir, target, [c.x.numpy()])
    np.testing.assert_array_equal(out, c.ref)


def qnn_ptq(case, qconfig, torch_quant):
    """qnn's PTQ of the float model under `qconfig` (qnn.prepare,
    qnn.calibrate on the same batches, qnn.convert): the converted IR, after
    checking the input's qparams are torch's `torch_quant`'s exactly (its
    observer sees the data itself)."""
    model = case.float_model
    model.qconfig = qconfig
    converted = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(model, case.x)), case.calib))
    m = re.search(r"qnn\.quantize %arg0 : [^\n]*!quant\.uniform<u8:f32, ([^:>]+)(?::(\d+))?>>",
                  converted)
    assert m, "the input's quant_stub was not converted"
    assert np.float32(float(m.group(1))) == np.float32(float(torch_quant.scale))
    assert int(m.group(2) or 0) == int(torch_quant.zero_point)
    return converted


def test_float_model_qnn_ptq_against_torch(case, request):
    """Output within PTQ_STEPS of torch's PTQ, in steps of its output."""
    if case.name in PTQ_DIVERGES:
        # Not strict: whether the range search flips depends on torch's own
        # float convolutions, which differ in their last bits between hosts'
        # ISAs (oneDNN's AVX2 and AVX-512 paths); the MinMax test below
        # holds this model's PTQ to torch's on every host.
        request.applymarker(pytest.mark.xfail(strict=False, reason=PTQ_DIVERGES[case.name]))
    converted = qnn_ptq(case, torch.ao.quantization.get_default_qconfig("qnnpack"),
                        case.converted.quant)
    out, = qnn.run(converted, case.x)
    steps = np.abs(out - case.ref).max() / case.step
    assert steps <= PTQ_STEPS + 1e-3, (steps, case.step)


MINMAX_QCONFIG = torch.ao.quantization.QConfig(
    activation=torch.ao.quantization.MinMaxObserver.with_args(dtype=torch.quint8),
    weight=torch.ao.quantization.default_weight_observer)
# `name = "<module path>"` on an op whose result is quantized, and that
# result's scale and zero point.
_NAMED_QTYPE = re.compile(r'name = "([^"]+)".*-> tensor<[^>]*!quant\.uniform<u8:f32, '
                          r'([0-9.eE+-]+)(?::(\d+))?>>')


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PTQ_DIVERGES), indirect=True)
def test_float_model_qnn_ptq_minmax_qparams_are_torchs(case):
    """qnn's PTQ under a MinMax activation observer (continuous in the data)
    gives every quantized module torch's PTQ's zero point and its scale to
    a relative 1e-5."""
    torch_converted, _, _ = case.torch_ptq(MINMAX_QCONFIG)
    converted = qnn_ptq(case, MINMAX_QCONFIG, torch_converted.quant)
    ours = {m[1]: (float(m[2]), int(m[3] or 0)) for m in _NAMED_QTYPE.finditer(converted)}
    theirs = {name: (float(mod.scale), int(mod.zero_point))
              for name, mod in torch_converted.named_modules()
              if name != "quant" and isinstance(getattr(mod, "scale", None), (float, torch.Tensor))}
    assert len(theirs) > 90 and set(theirs) <= set(ours), sorted(set(theirs) - set(ours))
    for name, (scale, zp) in theirs.items():
        assert ours[name][1] == zp, (name, ours[name], (scale, zp))
        assert ours[name][0] == pytest.approx(scale, rel=1e-5), (name, ours[name], (scale, zp))
