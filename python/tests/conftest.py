"""Shared fixtures: locate the qnn tools and run IR on numpy arrays."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("QNN_BUILD_DIR", ROOT / "build"))


# torch's qnnpack engine is the reference of the comparisons (bit-exact
# kernels on every host); set here once, before the test modules build their
# models at import time.
torch.backends.quantized.engine = "qnnpack"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: a test of minutes (the biggest torchvision models); runs in the "
        "default command, first, so pytest-xdist's workers share the long ones "
        "(deselect with -m 'not slow' while iterating)")


def pytest_collection_modifyitems(items):
    """Slow tests first (stable otherwise): with `-n 2` the long ones start
    at once on both workers instead of ending the run on one of them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _qnnpack_engine():
    """Every test starts on the qnnpack engine, whatever an earlier test
    switched to, and leaves the engine as it found it."""
    saved = torch.backends.quantized.engine
    torch.backends.quantized.engine = "qnnpack"
    yield
    torch.backends.quantized.engine = saved


def torch_eager_ptq(model, qconfig, calib, allow_list=None, mapping=None):
    """torch 1.13's eager-mode PTQ of `model`, in place: `qconfig`,
    `prepare` (with `allow_list`), the calibration inputs (each a tensor or
    a tuple of tensors) under no_grad, `convert` (with `mapping`). Returns
    the converted model."""
    model.qconfig = qconfig
    torch.ao.quantization.prepare(model, inplace=True, allow_list=allow_list)
    with torch.no_grad():
        for c in calib:
            model(*c) if isinstance(c, (tuple, list)) else model(c)
    return torch.ao.quantization.convert(model, mapping=mapping, inplace=True)


def tool(name):
    path = BUILD / "bin" / name
    if not path.exists():
        pytest.fail(f"{path} is not built (set QNN_BUILD_DIR)")
    return str(path)


def qnn_opt(ir, *flags, tmp_path):
    """`qnn-opt` on IR text with `flags`; returns the output IR (fails the
    test with qnn-opt's stderr if it fails)."""
    path = pathlib.Path(tmp_path) / "qnn-opt-input.mlir"
    path.write_text(ir)
    proc = subprocess.run([tool("qnn-opt"), str(path), *flags], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


class Runner:
    """Runs `qnn-run` on IR text and numpy inputs."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.count = 0

    def __call__(self, ir, *inputs, expect_error=False):
        self.count += 1
        work = self.tmp / f"run{self.count}"
        work.mkdir()
        model = work / "model.mlir"
        model.write_text(ir)
        args = [tool("qnn-run"), str(model), "--output-dir", str(work / "out")]
        for i, x in enumerate(inputs):
            path = work / f"in{i}.npy"
            np.save(path, x)
            args += ["--input", str(path)]
        proc = subprocess.run(args, capture_output=True, text=True)
        if expect_error:
            assert proc.returncode != 0, "qnn-run unexpectedly succeeded"
            return proc.stderr
        assert proc.returncode == 0, proc.stderr
        outs = []
        i = 0
        while (work / "out" / f"result{i}.npy").exists():
            arr = np.load(work / "out" / f"result{i}.npy")
            meta = work / "out" / f"result{i}.json"
            outs.append((arr, json.loads(meta.read_text())) if meta.exists() else arr)
            i += 1
        return outs


@pytest.fixture
def qnn_run(tmp_path):
    return Runner(tmp_path)
