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
from resnet18_setup import add_arguments, model_and_data  # noqa: E402
from torchvision.models.quantization import resnet18  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    add_arguments(ap)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.backends.quantized.engine = "qnnpack"
    model, calib, x = model_and_data(args)

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
