#!/usr/bin/python3
"""torchvision's quantizable resnet18 (random weights) through qnn's PTQ
flow, side by side with torch's own eager-mode PTQ on the same data:

  float model -> qnn.from_torch -> qnn.prepare (fuse, qconfig, observers)
  -> qnn.calibrate (random batches) -> qnn.convert -> qnn.compile (.so) -> run

Prints the agreement of the two quantized models and the latency of both.
"""
import argparse
import pathlib
import sys
import time

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "python"))
import qnn  # noqa: E402
from torchvision.models.quantization import resnet18  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--calibration-batches", type=int, default=4)
    ap.add_argument("--backend", default="qnnpack")
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    torch.backends.quantized.engine = "qnnpack"
    shape = (1, 3, args.size, args.size)
    g = torch.Generator().manual_seed(1)
    calib = [torch.randn(*shape, generator=g) for _ in range(args.calibration_batches)]
    x = torch.randn(*shape, generator=g)

    model = resnet18(weights=None, quantize=False).eval()
    model.qconfig = torch.ao.quantization.get_default_qconfig(args.backend)

    t0 = time.time()
    ir = qnn.from_torch(model, x)
    prepared = qnn.prepare(ir)
    calibrated = qnn.calibrate(prepared, calib)
    quantized = qnn.convert(calibrated)
    t1 = time.time()
    compiled = qnn.compile(quantized, target="native")
    t2 = time.time()
    print(f"qnn: import + prepare + calibrate ({len(calib)} batches) + convert: {t1 - t0:.1f} s; "
          f"compile to {pathlib.Path(compiled.library).name}: {t2 - t1:.1f} s")

    tm = resnet18(weights=None, quantize=False).eval()
    tm.load_state_dict(model.state_dict())
    tm.qconfig = model.qconfig
    tm.fuse_model()
    torch.ao.quantization.prepare(tm, inplace=True)
    with torch.no_grad():
        for c in calib:
            tm(c)
    torch.ao.quantization.convert(tm, inplace=True)

    with torch.no_grad():
        ours = compiled(x.numpy())
        theirs = tm(x).numpy()
        fp32 = model(x).numpy()
    step = float(tm.fc.scale)
    diff = np.abs(ours - theirs)
    print(f"agreement with torch's PTQ ({args.backend}): max |diff| {diff.max():.5f} "
          f"= {diff.max() / step:.2f} output quantization steps (scale {step:.5f}); "
          f"top-1 {'matches' if ours.argmax() == theirs.argmax() else 'differs'}")
    print(f"int8 vs fp32: max |diff| qnn {np.abs(ours - fp32).max():.4f}, "
          f"torch {np.abs(theirs - fp32).max():.4f}")

    def latency(fn, reps=5):
        fn()
        t = time.time()
        for _ in range(reps):
            fn()
        return (time.time() - t) / reps * 1000

    xn = x.numpy()
    with torch.no_grad():
        print(f"latency, 1 thread: qnn {latency(lambda: compiled(xn)):.1f} ms, "
              f"torch int8 (qnnpack) {latency(lambda: tm(x)):.1f} ms, "
              f"torch fp32 {latency(lambda: model(x)):.1f} ms")


if __name__ == "__main__":
    main()
