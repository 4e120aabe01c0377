"""Every torchvision quantizable classification model
(torchvision.models.quantization, weights=None, seeded random
initialization) on qnn's two paths:

1. torch-converted: torch's eager PTQ under the qnnpack engine
   (fuse_model, prepare with the qnnpack qconfig, two random calibration
   batches, convert) imported with `qnn.from_torch`, compiled for
   x86-64-avx2, is bit-identical to torch's qnnpack output (resnet18 and
   mobilenet_v2 also compiled for the aarch64 byte kernels, under qemu);
2. float: the same float model imported with its qconfig and quantized by
   qnn's PTQ (`qnn.prepare`, `qnn.calibrate` on the same batches,
   `qnn.convert`, run by `qnn.run`) against torch's PTQ of it: the input's
   qparams identical (its observer sees the data itself), the output within
   a few of the last layer's quantization steps. Deeper observers see float
   convolutions, which torch and qnn sum in different orders
   (docs/numerics.md, "The PTQ flow against torch"), so a scale may differ
   in its last bits and an int by a step, which later layers can carry.
   The qnnpack qconfig's HistogramObserver can amplify such a difference
   into another range for a layer: resnet50 and inception_v3 leave the
   bound (PTQ_DIVERGES, expected to fail).

Inputs are as small as each model allows (inception_v3 needs 75x75).
"""
import os
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
# Models whose qnn PTQ is known to leave that bound. The qnnpack qconfig's
# activation observer is a HistogramObserver, whose qparams come from a
# search over the histogram that is not continuous in the data: the float
# activations qnn and torch observe differ in their last bits (float
# convolution summation order), a few elements land in neighbouring bins,
# and the search can stop at another range. In resnet50 every layer's scale
# agrees with torch's to 1.3e-6 except layer3.5.conv3 (0.4228 / zp 125 vs
# torch's 0.4123 / zp 128: its observed min and max agree to 4e-7, its
# histograms differ by one count in 20 of 2048 bins), and the output moves
# by more than 3 steps.
PTQ_DIVERGES = {
    "resnet50": "HistogramObserver range search flips on last-bit activation differences "
                "(layer3.5.conv3)",
    "inception_v3": "qnn PTQ output up to 4 steps from torch's (31% of outputs equal); "
                    "presumably the same HistogramObserver flip, not yet traced to a layer",
}

# Run only with QNN_SLOW_TESTS=1 (the default test command skips them, and
# the summary counts the skips): resnext101_32x8d's x86-64-avx2 compile alone
# took over 15 minutes of CPU here, and the PTQ path of the big models
# (inception_v3: 10 minutes of JIT compilation in qnn-calibrate) would put
# the test command far over its 30-minute budget. Compile time is issue 21's.
SLOW_CONVERTED = {"resnext101_32x8d"}
SLOW_PTQ = {"resnext101_32x8d", "inception_v3", "resnet50", "shufflenet_v2_x1_0",
            "shufflenet_v2_x1_5", "shufflenet_v2_x2_0"}
RUN_SLOW = os.environ.get("QNN_SLOW_TESTS") == "1"


def skip_unless_slow_enabled(name, slow, what):
    if name in slow and not RUN_SLOW:
        pytest.skip(f"{name} {what} takes too long for the default test command "
                    "(set QNN_SLOW_TESTS=1 to run it)")


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
        m = self.make()
        m.load_state_dict(self.float_model.state_dict())
        m.fuse_model()
        self.converted = torch_eager_ptq(m, torch.ao.quantization.get_default_qconfig("qnnpack"),
                                         self.calib)
        with torch.no_grad():
            self.ref = self.converted(self.x).numpy()
        last = [mod for mod in self.converted.modules() if hasattr(mod, "scale")][-1]
        self.step = float(last.scale)


@pytest.fixture(scope="module", params=sorted(MODELS))
def case(request):
    """Module-scoped, so a model's two tests run one after the other on the
    same torch reference."""
    if request.param in SLOW_CONVERTED & SLOW_PTQ and not RUN_SLOW:
        pytest.skip(f"{request.param} takes too long for the default test command "
                    "(set QNN_SLOW_TESTS=1 to run it)")
    return Case(request.param)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("qnn-cache")


def test_converted_model_compiled_identical(case, cache_dir, monkeypatch):
    skip_unless_slow_enabled(case.name, SLOW_CONVERTED, "compiled")
    monkeypatch.setenv("QNN_CACHE_DIR", str(cache_dir))
    ir = qnn.from_torch(case.converted, case.x)
    assert "qnn.qconstant dense_resource" in ir
    out = qnn.compile(ir, target="x86-64-avx2")(case.x.numpy())
    np.testing.assert_array_equal(out, case.ref)


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


def test_float_model_qnn_ptq_against_torch(case, request):
    skip_unless_slow_enabled(case.name, SLOW_PTQ, "through qnn's PTQ")
    if case.name in PTQ_DIVERGES:
        request.applymarker(pytest.mark.xfail(strict=True, reason=PTQ_DIVERGES[case.name]))
    model = case.float_model
    model.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    converted = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(model, case.x)), case.calib))
    m = re.search(r"qnn\.quantize %arg0 : [^\n]*!quant\.uniform<u8:f32, ([^:>]+)(?::(\d+))?>>",
                  converted)
    assert m, "the input's quant_stub was not converted"
    quant = case.converted.quant
    assert np.float32(float(m.group(1))) == np.float32(float(quant.scale))
    assert int(m.group(2) or 0) == int(quant.zero_point)
    out, = qnn.run(converted, case.x)
    steps = np.abs(out - case.ref).max() / case.step
    assert steps <= PTQ_STEPS + 1e-3, (steps, case.step)
