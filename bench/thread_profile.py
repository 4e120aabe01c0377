#!/usr/bin/python3
"""Where a compiled model's second thread loses time (a benchmark aid for
issue 20, not a test): compiles the model serial and with OpenMP
(`threads=2`, dynamic batch, as bench/scaling.py), and times batch-1 calls
of both in interleaved rounds. The OpenMP calls run under
bench/omp_profile.c, an OMPT tool preloaded into this process (the script
builds it with clang and re-executes itself with LD_PRELOAD), which times
each thread's share of every parallel region and its waits at the
barriers. Per call it prints:

* serial: the serial object's time (one thread);
* wall: the OpenMP object's time at --threads threads, and the speed-up;
* outside regions: the calling thread's time outside parallel regions
  (the serial code between kernels; the other threads idle);
* per thread, busy = its tasks' time less its barrier waits: the sum of
  the threads' busy time against the serial time is the work inflation
  (memory and cache effects, the OpenMP loop overheads);
* imbalance: the barrier waits inside the regions (a thread done with its
  share waits for the slowest one).

    /usr/bin/python3 bench/thread_profile.py [--models resnet18] [--target x86-64-avx512vnni]
                                             [--threads 2] [--rounds 5] [--calls 50]
"""
import argparse
import ctypes
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))
import qnn  # noqa: E402
from run import host  # noqa: E402
from scaling import imported_ir  # noqa: E402

TOOL_ENV = "QNN_OMPT_TOOL"


def ensure_tool():
    """Builds bench/omp_profile.c and re-executes this script with it
    preloaded (libomp looks for the tool when it initializes)."""
    if os.environ.get(TOOL_ENV):
        return ctypes.CDLL(os.environ[TOOL_ENV])
    out = pathlib.Path(tempfile.mkdtemp(prefix="qnn-ompt-")) / "libqnn_ompt.so"
    clang = "/usr/lib/llvm-22/bin/clang"
    subprocess.run([clang, "-O2", "-shared", "-fPIC", str(ROOT / "bench" / "omp_profile.c"), "-o", str(out)],
                   check=True)
    env = dict(os.environ, LD_PRELOAD=str(out), **{TOOL_ENV: str(out)})
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


def per_call(tool, calls, threads):
    buf = (ctypes.c_double * (2 + 2 * 64))()
    n = tool.qnn_ompt_read(buf, 64)
    tasks = [buf[2 + 2 * i] / calls * 1e3 for i in range(n)]
    waits = [buf[3 + 2 * i] / calls * 1e3 for i in range(n)]
    return buf[0] / calls, buf[1] / calls * 1e3, tasks[:threads], waits[:threads]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="resnet18")
    ap.add_argument("--target", default="x86-64-avx512vnni")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=50)
    args = ap.parse_args()
    tool = ensure_tool()
    tool.qnn_ompt_read.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_int]
    info = host()
    print(f"Host: {info['cpu']}, {info['cores']} cores, {info['isa']}; target {args.target}; batch 1; "
          f"{args.rounds} interleaved rounds of {args.calls} calls, median round (ms per call).\n")
    print("| model | serial | wall, {0} threads | speed-up | regions | outside regions | busy per thread "
          "| busy sum / serial | barrier waits in regions |".format(args.threads))
    print("|---|---:|---:|---:|---:|---:|---|---:|---|")
    for name in args.models.split(","):
        ir, _, size = imported_ir(name)
        serial = qnn.compile(ir, target=args.target)
        omp = qnn.compile(ir, target=args.target, threads=2)
        omp.threads = args.threads
        x = np.random.default_rng(0).standard_normal((1, 3, size, size)).astype(np.float32)
        if not np.array_equal(serial(x), omp(x)):
            sys.exit(f"{name}: the OpenMP object's output differs from the serial one's")
        rounds = []
        for _ in range(args.rounds):
            for _ in range(3):
                serial(x)
            t = time.perf_counter()
            for _ in range(args.calls):
                serial(x)
            ser = (time.perf_counter() - t) / args.calls * 1e3
            time.sleep(0.3)  # the serial object ran alone; let libomp's threads settle too
            for _ in range(3):
                omp(x)
            tool.qnn_ompt_reset()
            t = time.perf_counter()
            for _ in range(args.calls):
                omp(x)
            wall = (time.perf_counter() - t) / args.calls * 1e3
            regions, in_regions, tasks, waits = per_call(tool, args.calls, args.threads)
            busy = [tk - w for tk, w in zip(tasks, waits)]
            # The calling thread's waits are all inside regions; the other
            # threads' also span the serial code between regions.
            imbalance = [waits[0]] + [w - (wall - in_regions) for w in waits[1:]]
            rounds.append((wall, ser, regions, wall - in_regions, busy, imbalance))
            time.sleep(0.3)
        rounds.sort(key=lambda r: r[0])
        wall, ser, regions, outside, busy, imbalance = rounds[len(rounds) // 2]
        print(f"| {name} | {ser:.2f} | {wall:.2f} | {ser / wall:.2f}x | {regions:.0f} | {outside:.3f} | "
              f"{' / '.join(f'{b:.2f}' for b in busy)} | {sum(busy) / ser:.2f} | "
              f"{' / '.join(f'{w:.3f}' for w in imbalance)} |", flush=True)


if __name__ == "__main__":
    main()
