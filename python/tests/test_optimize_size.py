"""qnn.compile(..., optimize_size=True) / qnn-compile --optimize-size: the
16-bit kernels keep int8 weights in the object and widen (or Winograd-
transform) them at the first call; every call's output is bit-identical to
the default object's, and the object's constants shrink."""
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

from conftest import torch_eager_ptq  # noqa: E402
from compiled_driver import LLVM_BIN, X86_TARGETS, data_section_bytes, skip_unless_runnable

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402


class Net(nn.Module):
    """A 3x3 stem (direct), two 3x3 stride-1 convs of 32 channels
    (Winograd on the 16-bit kernels), a grouped 3x3 conv (8 groups of 5
    channels: a batched GEMM, its int8 weights widened for every group), a
    pointwise conv and a linear."""

    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.stem = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU())
        self.c1 = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1), nn.ReLU())
        self.c2 = nn.Conv2d(32, 40, 3, padding=1)
        self.g = nn.Sequential(nn.Conv2d(40, 40, 3, padding=1, groups=8), nn.ReLU())
        self.pw = nn.Conv2d(40, 24, 1)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(24, 10)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.pw(self.g(self.c2(self.c1(self.stem(self.quant(x))))))
        return self.dequant(self.fc(torch.flatten(self.pool(x), 1)))


@pytest.fixture(scope="module")
def model_ir():
    torch.manual_seed(0)
    torch.backends.quantized.engine = "qnnpack"
    m = torch_eager_ptq(Net().eval(), torch.ao.quantization.get_default_qconfig("qnnpack"),
                        [torch.randn(2, 3, 13, 13) for _ in range(4)])
    return m, qnn.from_torch(m, torch.randn(1, 3, 13, 13))


@pytest.mark.parametrize("threads", [None, 2])
@pytest.mark.parametrize("target", X86_TARGETS)
def test_optimize_size_bit_identical(tmp_path, monkeypatch, model_ir, target, threads):
    skip_unless_runnable(target)
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    m, ir = model_ir
    default = qnn.compile(ir, target=target, threads=threads)
    small = qnn.compile(ir, target=target, threads=threads, optimize_size=True)
    assert small.library != default.library
    rng = np.random.default_rng(5)
    # The first call fills the buffers, the next ones reuse them.
    for _ in range(3):
        x = rng.standard_normal((1, 3, 13, 13)).astype(np.float32)
        ours = small(x)
        np.testing.assert_array_equal(ours, default(x))
        np.testing.assert_array_equal(ours, m(torch.from_numpy(x)).numpy())
    size = {k: data_section_bytes(pathlib.Path(v.library).parent / "model.o")
            for k, v in (("default", default), ("small", small))}
    if target in ("native", "x86-64-avx512vnni"):
        # The 8-bit kernels store int8 weights anyway (native: whichever
        # kernels this host gets): never larger.
        assert size["small"] <= size["default"]
    else:
        # int16 (and 16/9 more for Winograd) against int8.
        assert size["small"] < 0.6 * size["default"], size


@pytest.mark.parametrize("optimize_size", [False, True])
def test_parallel_codegen_keeps_weights_apart(tmp_path, monkeypatch, model_ir, optimize_size):
    """--jobs=2 emits the large constants (the weights) from a data-only
    module apart from the split pieces: the same outputs as --jobs=1, and the
    weights stay local symbols of the joined object."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    m, ir = model_ir
    one = qnn.compile(ir, target="x86-64-avx2", flags=["--jobs=1"], optimize_size=optimize_size)
    two = qnn.compile(ir, target="x86-64-avx2", flags=["--jobs=2"], optimize_size=optimize_size)
    x = np.random.default_rng(9).standard_normal((1, 3, 13, 13)).astype(np.float32)
    np.testing.assert_array_equal(two(x), one(x))
    obj = pathlib.Path(two.library).parent / "model.o"
    symbols = subprocess.run([str(LLVM_BIN / "llvm-nm"), str(obj)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    weights = [s for s in symbols if "_packed" in s]
    assert weights and all(s.split()[-2] in "rbd" for s in weights), weights
