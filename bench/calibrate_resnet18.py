#!/usr/bin/python3
"""Benchmark (not a test): calibrating torchvision's quantizable resnet18
(random weights, x86 qconfig: HistogramObserver activations, per-channel
weights) on 32 samples of 3x224x224 with qnn-calibrate, against torch's own
prepare + calibrate on the same data.

    /usr/bin/python3 bench/calibrate_resnet18.py [--samples 32]
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "python"))
import qnn  # noqa: E402
from qnn.tools import tool  # noqa: E402
from torchvision.models.quantization import resnet18  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=32)
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = resnet18(weights=None, quantize=False).eval()
    model.qconfig = torch.ao.quantization.get_default_qconfig("x86")
    g = torch.Generator().manual_seed(1)
    samples = [torch.randn(1, 3, 224, 224, generator=g) for _ in range(args.samples)]

    with tempfile.TemporaryDirectory() as d:
        d = pathlib.Path(d)
        t = time.time()
        ir = qnn.from_torch(model, samples[0])
        t_import = time.time() - t
        (d / "model.mlir").write_text(ir)
        t = time.time()
        prepared = subprocess.run([tool("qnn-opt"), str(d / "model.mlir"), "--qnn-ptq-prepare"],
                                  capture_output=True, text=True, check=True).stdout
        t_prepare = time.time() - t
        (d / "prepared.mlir").write_text(prepared)
        (d / "data").mkdir()
        for i, x in enumerate(samples):
            np.save(d / "data" / f"{i:03d}.npy", x.numpy())
        t = time.time()
        subprocess.run([tool("qnn-calibrate"), str(d / "prepared.mlir"), "--data", str(d / "data"),
                        "-o", str(d / "calibrated.mlir")], check=True, capture_output=True)
        t_calib = time.time() - t

    tm = resnet18(weights=None, quantize=False).eval()
    tm.load_state_dict(model.state_dict())
    tm.qconfig = model.qconfig
    tm.fuse_model()
    torch.ao.quantization.prepare(tm, inplace=True)
    t = time.time()
    with torch.no_grad():
        for x in samples:
            tm(x)
    t_torch = time.time() - t
    print(f"resnet18, {args.samples} samples of 1x3x224x224, x86 qconfig (1 thread)")
    print(f"  qnn.from_torch            {t_import:6.2f} s")
    print(f"  qnn-opt --qnn-ptq-prepare {t_prepare:6.2f} s")
    print(f"  qnn-calibrate             {t_calib:6.2f} s  (JIT compile included)")
    print(f"  torch prepare + calibrate {t_torch:6.2f} s  (eager, fp32 observers)")


if __name__ == "__main__":
    main()
