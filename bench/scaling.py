#!/usr/bin/python3
"""Thread and batch scaling of qnn's compiled models (a benchmark, not a
test): each model is imported once with a dynamic batch
(`from_torch(..., dynamic_batch=True)` of torch's qnnpack-converted model,
as bench/run.py builds it) and compiled twice for one target, serial
(`threads=None`, no OpenMP) and with OpenMP (`threads=2`). Measured, in
interleaved rounds (median round; each measurement the median of up to
--reps calls, bench/timing.py):

* the serial object, batch 1 and batch 8;
* the OpenMP object at 1, 2 (and --max-threads) threads, batch 1 and 8
  (at batch >= threads its images are split over the threads);
* with --static-batch, also a serial object imported at a static batch of 8
  (the same torch model, so the same weights and qparams): its kernels tile
  batch x pixels, each packed weight panel loaded once per 8 images.

Prints a markdown table (ms per call, images/s, speed-up over the serial
object at batch 1, scaling efficiency) with the host, its ISA and the
workspace sizes. The speed-up is the median over the rounds of each
round's ratio to the serial batch-1 time of that round (the VM's speed
drifts between rounds); ms and images/s are the medians.

    /usr/bin/python3 bench/scaling.py [--models resnet18] [--target x86-64-avx2]
                                      [--rounds 5] [--reps 20] [--max-threads 2]
                                      [--static-batch]
"""
import argparse
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))
import qnn  # noqa: E402
from timing import median_ms  # noqa: E402
import torch_worker  # noqa: E402
from run import host  # noqa: E402


def imported_ir(model, static_batch=False):
    """(IR with a dynamic batch, IR at a static batch of 8 or None, input size)."""
    import torch
    torch.set_num_threads(1)
    m = torch_worker.build(model, "qnnpack")
    s = torch_worker.input_size(model)
    static = qnn.from_torch(m, torch.randn(8, 3, s, s)) if static_batch else None
    return qnn.from_torch(m, torch.randn(1, 3, s, s), dynamic_batch=True), static, s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="resnet18")
    ap.add_argument("--target", default="x86-64-avx2")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--budget", type=float, default=3.0)
    ap.add_argument("--max-threads", type=int, default=2)
    ap.add_argument("--static-batch", action="store_true",
                    help="also measure a serial object imported at a static batch of 8")
    args = ap.parse_args()
    info = host()
    print(f"Host: {info['cpu']}, {info['cores']} cores, {info['isa']}; target {args.target}; "
          f"{args.rounds} interleaved rounds, median round.\n")
    print("| model | object | threads | batch | ms / call | images/s | vs serial b1 | efficiency |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in args.models.split(","):
        ir, static_ir, size = imported_ir(name, args.static_batch)
        serial = qnn.compile(ir, target=args.target)
        omp = qnn.compile(ir, target=args.target, threads=2)
        xs = {b: np.random.default_rng(b).standard_normal((b, 3, size, size)).astype(np.float32)
              for b in (1, 8)}
        configs = [("serial", serial, None, b) for b in (1, 8)]
        if static_ir is not None:
            configs.append(("serial, static batch 8", qnn.compile(static_ir, target=args.target), None, 8))
        configs += [("OpenMP", omp, t, b) for t in range(1, args.max_threads + 1) for b in (1, 8)]
        times = {c: [] for c in range(len(configs))}
        for r in range(args.rounds):
            for c, (_, model, threads, b) in enumerate(configs):
                if threads is not None:
                    model.threads = threads
                times[c].append(median_ms(lambda: model(xs[b]), args.reps, args.budget))
            print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)
        med = {c: sorted(v)[len(v) // 2] for c, v in times.items()}
        for c, (kind, model, threads, b) in enumerate(configs):
            per_image = med[c] / b
            # Against serial batch 1 (configuration 0) in the same round:
            # the median of the rounds' ratios (the VM drifts between rounds).
            ratios = sorted(times[0][i] / (times[c][i] / b) for i in range(args.rounds))
            speedup = ratios[len(ratios) // 2]
            eff = f"{speedup / threads:.2f}" if threads else "-"
            print(f"| {name} | {kind} | {threads or 1} | {b} | {med[c]:.2f} | {1000 / per_image:.1f} "
                  f"| {speedup:.2f}x | {eff} |")
        print(f"\n{name}: workspace per calling thread: serial {serial.workspace_bytes / 2**20:.1f} MiB "
              f"for every batch; OpenMP {omp.workspace_size(1) / 2**20:.1f} MiB at batch 1, "
              f"{omp.workspace_size(8) / 2**20:.1f} MiB at batch 8 (a slice per image).", file=sys.stderr)


if __name__ == "__main__":
    main()
