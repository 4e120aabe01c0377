#!/usr/bin/python3
"""Per-layer accuracy report for torchvision's quantizable resnet18 (random
weights): which layer loses accuracy in qnn's PTQ?

  float model -> qnn.from_torch (float IR)
              -> qnn.prepare -> qnn.calibrate -> qnn.convert (quantized IR)
  qnn.compare(float IR, quantized IR, x): per module (matched by module
  path), SQNR in dB of the dequantized output against the float one
  (torch.ao.ns's 20 log10(|x| / |x - q|)), max abs error, output scale and
  zero point; the table in model order, the worst layer, and a plot.

  examples/resnet18_compare.py --plot sqnr.png [--save-ir DIR]

`--save-ir DIR` writes float.mlir, quantized.mlir and x.npy, so that the same
report comes from the command line:

  qnn-run DIR/quantized.mlir --compare DIR/float.mlir --input DIR/x.npy
"""
import argparse
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "python"))
import qnn  # noqa: E402
from resnet18_setup import add_arguments, model_and_data  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    add_arguments(ap)
    ap.add_argument("--plot", help="save the SQNR-per-layer plot here (matplotlib)")
    ap.add_argument("--save-ir", help="directory for float.mlir, quantized.mlir, x.npy")
    args = ap.parse_args()
    model, calib, x = model_and_data(args)
    float_ir = qnn.from_torch(model, x)
    quantized_ir = qnn.convert(qnn.calibrate(qnn.prepare(float_ir), calib))
    if args.save_ir:
        d = pathlib.Path(args.save_ir)
        d.mkdir(parents=True, exist_ok=True)
        (d / "float.mlir").write_text(float_ir)
        (d / "quantized.mlir").write_text(quantized_ir)
        np.save(d / "x.npy", x.numpy())

    report = qnn.compare(float_ir, quantized_ir, x, plot=args.plot)
    print(report.table, end="")
    w = report.worst
    print(f"\n{len(report)} layers compared; worst: {w.label} ({w.op}, "
          f"compared with float {w.float_output}): {w.sqnr_db:.2f} dB, "
          f"output scale {w.scale:.6g}, zero point {w.zero_point}")
    if args.plot:
        print(f"plot: {args.plot}")


if __name__ == "__main__":
    main()
