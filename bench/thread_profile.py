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

With --regions it prints instead, per model, one row per parallel region
of a call (keyed by its order in the call; the function that forks it,
from the object's symbols): the OpenMP object's region time on one thread,
each thread's busy time and barrier waits at --threads threads, the busy
sum over the one-thread time (inflation) and the busier thread's busy time
over half the one-thread time (the region's own speed-up bound's loss):
interleaved rounds of one and --threads threads, median per region.
On a loaded machine run it with QNN_OMPT_CLOCK=thread: the tool then
times with each thread's CPU clock (bench/omp_profile.c), so a thread's
busy time leaves out the time it was preempted (the waits still count
the spinning, and the wall and outside-regions columns of the default
table mix the two clocks: read only busy times then).
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


def code_symbols(library):
    """(sorted start offsets, names) of the functions in `library`."""
    out = subprocess.run(["nm", "--defined-only", str(library)], capture_output=True, text=True).stdout
    syms = sorted((int(a, 16), n) for a, t, n in (line.split()[:3] for line in out.splitlines()
                                                    if len(line.split()) >= 3) if t in "tT")
    return [a for a, _ in syms], [n for _, n in syms]


def symbol_of(addr, library, table):
    """The function of `library` (loaded in this process) holding `addr`."""
    import bisect

    class DlInfo(ctypes.Structure):
        _fields_ = [("fname", ctypes.c_char_p), ("fbase", ctypes.c_void_p),
                    ("sname", ctypes.c_char_p), ("saddr", ctypes.c_void_p)]
    info = DlInfo()
    if not ctypes.CDLL(None).dladdr(ctypes.c_void_p(int(addr)), ctypes.byref(info)):
        return "?"
    offset = int(addr) - info.fbase
    starts, names = table
    i = bisect.bisect_right(starts, offset) - 1
    return names[i] if i >= 0 else "?"


def per_region(tool, omp, x, args, name):
    """The --regions table for one model."""
    tool.qnn_ompt_set_period(0)
    tool.qnn_ompt_reset()
    omp.threads = 1
    omp(x)
    buf = (ctypes.c_double * (2 + 2 * 64))()
    tool.qnn_ompt_read(buf, 64)
    period = int(buf[0])
    maxt = 4
    stride = 2 + 2 * maxt
    samples = {1: [], args.threads: []}
    for _ in range(args.rounds):
        for threads in samples:
            omp.threads = threads
            for _ in range(3):
                omp(x)
            tool.qnn_ompt_set_period(period)
            for _ in range(args.calls):
                omp(x)
            out = (ctypes.c_double * (period * stride))()
            tool.qnn_ompt_read_regions(out, maxt)
            rows = []
            for r in range(period):
                o = out[r * stride:(r + 1) * stride]
                task = [o[2 + 2 * i] / args.calls * 1e3 for i in range(maxt)]
                wait = [o[3 + 2 * i] / args.calls * 1e3 for i in range(maxt)]
                rows.append((o[0] / args.calls * 1e3, o[1], task, wait))
            samples[threads].append(rows)
            tool.qnn_ompt_set_period(0)
            time.sleep(0.1)
    table = code_symbols(omp.library)

    def med(vals):
        vals = sorted(vals)
        return vals[len(vals) // 2]
    t = args.threads
    print(f"\n{name}: {period} regions per call; ms per call, median of {args.rounds} rounds of "
          f"{args.calls} calls; busy = task - barrier wait\n")
    print(f"| region | function | 1 thread | busy per thread, {t} threads | waits | busy sum / 1 thread "
          f"| slowest busy / (1 thread / {t}) |")
    print("|---:|---|---:|---|---|---:|---:|")
    totals = [0.0, 0.0, [0.0] * t, [0.0] * t]
    for r in range(period):
        one = med([s[r][2][0] - s[r][3][0] for s in samples[1]])
        busy = [med([s[r][2][i] - s[r][3][i] for s in samples[t]]) for i in range(t)]
        wait = [med([s[r][3][i] for s in samples[t]]) for i in range(t)]
        fn = symbol_of(samples[t][0][r][1], omp.library, table)
        totals[0] += one
        totals[2] = [a + b for a, b in zip(totals[2], busy)]
        totals[3] = [a + b for a, b in zip(totals[3], wait)]
        print(f"| {r} | {fn} | {one:.3f} | {' / '.join(f'{b:.3f}' for b in busy)} | "
              f"{' / '.join(f'{w:.3f}' for w in wait)} | {sum(busy) / one:.2f} | "
              f"{max(busy) / (one / t):.2f} |")
    print(f"| all | | {totals[0]:.3f} | {' / '.join(f'{b:.3f}' for b in totals[2])} | "
          f"{' / '.join(f'{w:.3f}' for w in totals[3])} | {sum(totals[2]) / totals[0]:.2f} | "
          f"{max(totals[2]) / (totals[0] / t):.2f} |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="resnet18")
    ap.add_argument("--target", default="x86-64-avx512vnni")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--regions", action="store_true",
                    help="per-region table: each region's one-thread time against its threads' busy times")
    args = ap.parse_args()
    tool = ensure_tool()
    tool.qnn_ompt_read.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_int]
    tool.qnn_ompt_read_regions.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_int]
    tool.qnn_ompt_set_period.argtypes = [ctypes.c_long]
    info = host()
    print(f"Host: {info['cpu']}, {info['cores']} cores, {info['isa']}; target {args.target}; batch 1; "
          f"{args.rounds} interleaved rounds of {args.calls} calls, median round (ms per call).\n")
    if not args.regions:
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
        if args.regions:
            per_region(tool, omp, x, args, name)
            continue
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
