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
                                             [--regions [--compare-build DIR]]

With --regions it prints instead, per model, one row per parallel region
of a call (keyed by its order in the call; the function that forks it,
from the object's symbols): the OpenMP object's region time on one thread,
each thread's busy time, barrier waits and start delay (from the fork on
the calling thread to the thread's share beginning, monotonic clock) at
--threads threads, the busy
sum over the one-thread time (inflation) and the busier thread's busy time
over half the one-thread time (the region's own speed-up bound's loss):
interleaved rounds of one and --threads threads, median per region; then
the wall time per call at one and --threads threads and the speed-up.
--compare-build DIR adds the OpenMP object compiled by another build's
qnn-compile (DIR/bin/qnn-compile, e.g. a build of main) to the same
interleaved rounds: an A/B of a partitioning change, region by region.
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


def region_samples(tool, omp, x, threads, calls, period):
    """One measurement of `calls` calls at `threads` threads: the wall time
    per call (ms) and per region (wall, code address, per-thread task, wait
    and start-delay times, ms per call)."""
    maxt = 4
    stride = 2 + 3 * maxt
    omp.threads = threads
    for _ in range(3):
        omp(x)
    tool.qnn_ompt_set_period(period)
    t = time.perf_counter()
    for _ in range(calls):
        omp(x)
    wall = (time.perf_counter() - t) / calls * 1e3
    out = (ctypes.c_double * (period * stride))()
    tool.qnn_ompt_read_regions(out, maxt)
    tool.qnn_ompt_set_period(0)
    rows = []
    for r in range(period):
        o = out[r * stride:(r + 1) * stride]
        task = [o[2 + 3 * i] / calls * 1e3 for i in range(maxt)]
        wait = [o[3 + 3 * i] / calls * 1e3 for i in range(maxt)]
        delay = [o[4 + 3 * i] / calls * 1e3 for i in range(maxt)]
        rows.append((o[0] / calls * 1e3, o[1], task, wait, delay))
    return wall, rows


def med(vals):
    vals = sorted(vals)
    return vals[len(vals) // 2]


def per_region(tool, objects, x, args, name):
    """The --regions tables for one model: `objects` maps a label to an
    OpenMP object (this build's, and with --compare-build another's),
    measured in interleaved rounds."""
    periods = {}
    for label, omp in objects.items():
        tool.qnn_ompt_set_period(0)
        tool.qnn_ompt_reset()
        omp.threads = 1
        omp(x)
        buf = (ctypes.c_double * (2 + 2 * 64))()
        tool.qnn_ompt_read(buf, 64)
        periods[label] = int(buf[0])
    t = args.threads
    samples = {(label, n): [] for label in objects for n in (1, t)}
    for _ in range(args.rounds):
        for label, omp in objects.items():
            for n in (1, t):
                samples[(label, n)].append(region_samples(tool, omp, x, n, args.calls, periods[label]))
                time.sleep(0.1)
    summary = []
    for label, omp in objects.items():
        period, table = periods[label], code_symbols(omp.library)
        one_s, two_s = samples[(label, 1)], samples[(label, t)]
        print(f"\n{name}, {label}: {period} regions per call; ms per call, median of {args.rounds} rounds "
              f"of {args.calls} calls; busy = task - barrier wait\n")
        print(f"| region | function | 1 thread | busy per thread, {t} threads | waits | start delay "
              f"| busy sum / 1 thread | slowest busy / (1 thread / {t}) |")
        print("|---:|---|---:|---|---|---|---:|---:|")
        totals = [0.0, [0.0] * t, [0.0] * t, [0.0] * t]
        for r in range(period):
            one = med([s[r][2][0] - s[r][3][0] for _, s in one_s])
            busy = [med([s[r][2][i] - s[r][3][i] for _, s in two_s]) for i in range(t)]
            wait = [med([s[r][3][i] for _, s in two_s]) for i in range(t)]
            delay = [med([s[r][4][i] for _, s in two_s]) for i in range(t)]
            fn = symbol_of(two_s[0][1][r][1], omp.library, table)
            totals[0] += one
            totals[1] = [a + b for a, b in zip(totals[1], busy)]
            totals[2] = [a + b for a, b in zip(totals[2], wait)]
            totals[3] = [a + b for a, b in zip(totals[3], delay)]
            print(f"| {r} | {fn} | {one:.3f} | {' / '.join(f'{b:.3f}' for b in busy)} | "
                  f"{' / '.join(f'{w:.3f}' for w in wait)} | {' / '.join(f'{d:.3f}' for d in delay)} | "
                  f"{sum(busy) / one:.2f} | {max(busy) / (one / t):.2f} |")
        print(f"| all | | {totals[0]:.3f} | {' / '.join(f'{b:.3f}' for b in totals[1])} | "
              f"{' / '.join(f'{w:.3f}' for w in totals[2])} | {' / '.join(f'{d:.3f}' for d in totals[3])} | "
              f"{sum(totals[1]) / totals[0]:.2f} | {max(totals[1]) / (totals[0] / t):.2f} |", flush=True)
        ratios = sorted(w1 / w2 for (w1, _), (w2, _) in zip(one_s, two_s))
        summary.append((label, med([w for w, _ in one_s]), med([w for w, _ in two_s]), med(ratios)))
    print(f"\n| {name} | wall, 1 thread (ms) | wall, {t} threads (ms) | speed-up (median of rounds) |")
    print("|---|---:|---:|---:|")
    for label, w1, w2, ratio in summary:
        print(f"| {label} | {w1:.2f} | {w2:.2f} | {ratio:.2f}x |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="resnet18")
    ap.add_argument("--target", default="x86-64-avx512vnni")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--regions", action="store_true",
                    help="per-region table: each region's one-thread time against its threads' busy times")
    ap.add_argument("--compare-build", metavar="DIR",
                    help="with --regions: also compile the OpenMP object with DIR/bin/qnn-compile "
                         "(another build, e.g. main's) and measure both in interleaved rounds")
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
            objects = {"this build": omp}
            if args.compare_build:
                own = os.environ.get("QNN_BUILD_DIR")
                os.environ["QNN_BUILD_DIR"] = args.compare_build
                other = qnn.compile(ir, target=args.target, threads=2)
                if own is None:
                    del os.environ["QNN_BUILD_DIR"]
                else:
                    os.environ["QNN_BUILD_DIR"] = own
                if not np.array_equal(serial(x), other(x)):
                    sys.exit(f"{name}: {args.compare_build}'s OpenMP object's output differs")
                objects[args.compare_build] = other
            per_region(tool, objects, x, args, name)
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
