#!/usr/bin/python3
"""Benchmark (not a test): calibrating torchvision's quantizable resnet18
(random weights, x86 qconfig: HistogramObserver activations, per-channel
weights) on N samples of 3x224x224 with qnn-calibrate, against torch's own
prepared model on the same data.

    /usr/bin/python3 bench/calibrate_resnet18.py [--samples 32] [--jobs 1 2]

For each thread count it runs qnn-calibrate --timing --jobs J (the JIT
compile, then the forwards with the observer updates: wall and process CPU
time, and the updates' CPU time on their thread) and
torch's prepared-model forwards with torch.set_num_threads(J), and prints
the time per sample of both. CPU times are of the whole process (all
threads): on a shared machine, wall times are not comparable.
"""
import argparse
import pathlib
import re
import resource
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


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def torch_forwards(model, samples, threads):
    """Wall and CPU seconds per sample of torch's prepared forward."""
    torch.set_num_threads(threads)
    tm = resnet18(weights=None, quantize=False).eval()
    tm.load_state_dict(model.state_dict())
    tm.qconfig = model.qconfig
    tm.fuse_model()
    torch.ao.quantization.prepare(tm, inplace=True)
    with torch.no_grad():
        t, c = time.time(), time.process_time()
        for x in samples:
            tm(x)
        return (time.time() - t) / len(samples), (time.process_time() - c) / len(samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=32)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
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
        runs = []
        for jobs in args.jobs:
            t, c = time.time(), children_cpu()
            proc = subprocess.run([tool("qnn-calibrate"), str(d / "prepared.mlir"), "--data",
                                   str(d / "data"), "-o", str(d / "calibrated.mlir"), "--timing",
                                   f"--jobs={jobs}"], check=True, capture_output=True, text=True)
            runs.append((jobs, time.time() - t, children_cpu() - c, proc.stderr))

    print(f"resnet18, {args.samples} samples of 1x3x224x224, x86 qconfig")
    print(f"  qnn.from_torch            {t_import:6.2f} s")
    print(f"  qnn-opt --qnn-ptq-prepare {t_prepare:6.2f} s")
    for jobs, wall, cpu, log in runs:
        print(f"  qnn-calibrate --jobs={jobs}   {wall:6.2f} s wall, {cpu:6.2f} s CPU in all"
              " (parse, JIT compile and writing the output included)")
        for line in log.splitlines():
            if re.match(r"qnn-calibrate: (parse|lower|forwards|  of which|\d+ (float|sample))", line):
                print("    " + line[len("qnn-calibrate: "):])
        loop = re.search(r"forwards \+ updates +([\d.]+) s wall +([\d.]+) s CPU", log)
        per = [float(loop.group(k)) / args.samples * 1e3 for k in (1, 2)]
        tw, tc = torch_forwards(model, samples, jobs)
        print(f"    per sample: qnn {per[0]:6.1f} ms wall {per[1]:6.1f} ms CPU;"
              f" torch prepared forward ({jobs} thread(s)) {tw * 1e3:6.1f} ms wall {tc * 1e3:6.1f} ms CPU")


if __name__ == "__main__":
    main()
