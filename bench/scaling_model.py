#!/usr/bin/python3
"""How qnn's OpenMP objects would scale past this machine's 2 cores: a
model from instruction counts (a benchmark aid, not a test).

The model (torch's qnnpack-converted torchvision model, imported by
`qnn.from_torch` with a dynamic batch) is compiled for --target serial
(P = 1, the one-core baseline) and, for every other P in --threads, with
`threads=P` (qnn-parallelize plans its splits for the compile's thread
count). Each object runs in a small C driver under `valgrind
--tool=callgrind --separate-threads=yes` with OMP_NUM_THREADS=P (callgrind
runs the P threads one at a time on one core, so any P can be modelled on
2 cores), at batch 1 and --batch. From each thread's instructions inside the model's own
object and libc's memset / memcpy / memmove, which it calls (libomp's
and the rest of libc's are left out: spinning, waiting and scheduling, not
work), it reports:

* `work`: all threads' instructions in the model: the serial object's
  when the split adds no work;
* `critical`: the calling thread's instructions. It runs the serial code
  between parallel regions and, under libomp's static schedule, the
  first chunk of every split loop (the largest when the iterations do not
  divide evenly), so its count is the critical path of the compute: the
  busiest thread of each region is the calling thread or within a chunk
  of it;
* `speed-up bound` = the serial object's work / critical at P: what P cores give if
  fork/join, memory bandwidth and frequency cost nothing;
* `regions`: parallel regions per call (`__kmpc_fork_call`), whose
  fork/join cost (about 1-5 us each with libomp on a socket) bounds the
  batch-1 latency from below.

    /usr/bin/python3 bench/scaling_model.py [--models resnet18] [--threads 1,2,16,64]
                                            [--batch 8] [--target x86-64-avx2]
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))
import qnn  # noqa: E402
from scaling import imported_ir  # noqa: E402

DRIVER = r"""
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
int main(int argc, char **argv) {
  int64_t batch = atoll(argv[1]);
  size_t in = %(in_elems)dull * batch, out = %(out_elems)dull * batch;
  float *x = aligned_alloc(64, in * sizeof(float) + 64);
  float *y = aligned_alloc(64, out * sizeof(float) + 64);
  for (size_t i = 0; i < in; ++i) x[i] = (float)((i * 2654435761u) %% 1000) / 250.0f - 2.0f;
  size_t ws = qnn_%(fn)s_workspace_size(batch);
  void *w = aligned_alloc(64, (ws + 63) / 64 * 64);
  for (int call = 0; call < 2; ++call)
    if (qnn_%(fn)s_run(w, batch, x, y)) { fprintf(stderr, "run failed\n"); return 1; }
  printf("%%f\n", y[0]);
  return 0;
}
"""


# libc's memset / memcpy / memmove (any of their ISA variants), which the
# model calls; the rest of libc (futex, sched_yield) is libomp waiting.
MEM_FUNCTION = re.compile(r"mem(set|cpy|move)")


def parse_callgrind(path, obj):
    """Self instructions in object `obj` and in libc (the memset / memcpy
    the model calls), and the calls to __kmpc_fork_call, of one callgrind
    output file."""
    names = {}
    ob = cfn = fn = None
    after_calls = False
    inside = forks = 0

    def resolve(kind, text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m:
            return text
        if m.group(2) is not None:
            names[(kind, m.group(1))] = m.group(2)
        return names.get((kind, m.group(1)), "")

    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("ob="):
            ob = resolve("ob", line[3:])
        elif line.startswith("cob="):
            resolve("ob", line[4:])  # names an object for later ob= lines too
        elif line.startswith("cfn="):
            cfn = resolve("fn", line[4:])
        elif line.startswith("fn="):
            fn = resolve("fn", line[3:])
        elif line.startswith("calls="):
            after_calls = True
            if cfn and cfn.startswith("__kmpc_fork_call"):
                forks += int(line[6:].split()[0])
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_calls:
                after_calls = False  # the call's inclusive cost, not self cost
                continue
            parts = line.split()
            if len(parts) >= 2 and ob and (ob.endswith(obj) or (
                    "/libc.so" in ob and fn and MEM_FUNCTION.search(fn))):
                inside += int(parts[1])
    return inside, forks


def measure(workdir, exe, obj, threads, batch):
    out = workdir / f"cg.{threads}.{batch}"
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OMP_WAIT_POLICY="passive",
               KMP_BLOCKTIME="0", OMP_PROC_BIND="false")
    subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                    f"--callgrind-out-file={out}.%p", str(exe), str(batch)],
                   check=True, env=env, capture_output=True)
    files = sorted(workdir.glob(f"cg.{threads}.{batch}.*"))
    per_thread = {}
    forks = 0
    for f in files:
        m = re.search(r"-(\d+)$", f.name)
        if not m:  # the process-wide file --separate-threads leaves empty
            f.unlink()
            continue
        tid = int(m.group(1))
        n, k = parse_callgrind(f, obj)
        per_thread[tid] = n
        forks += k
        f.unlink()
    return per_thread, forks


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="resnet18")
    ap.add_argument("--threads", default="1,2,16,64")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--target", default="x86-64-avx2")
    args = ap.parse_args()
    ps = sorted({1, *(int(t) for t in args.threads.split(","))})
    print(f"target {args.target}; instructions in the model's object, 2 calls, callgrind\n")
    print("| model | batch | threads | work (M instr) | critical (M instr) | speed-up bound "
          "| regions / call |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in args.models.split(","):
        ir, _, _ = imported_ir(name)
        with tempfile.TemporaryDirectory() as d:
            d = pathlib.Path(d)
            # The serial object (no OpenMP) is the one-core baseline; each P
            # gets an object compiled for P threads, as qnn-parallelize
            # plans its splits for the compile's thread count.
            exes = {p: driver(d, qnn.compile(ir, target=args.target,
                                             threads=None if p == 1 else p), f"driver{p}")
                    for p in ps}
            for batch in (1, args.batch):
                base = None
                for p in ps:
                    per_thread, forks = measure(d, exes[p][0], exes[p][1], p, batch)
                    work = sum(per_thread.values())
                    critical = per_thread[min(per_thread)]
                    base = base or work
                    print(f"| {name} | {batch} | {p} | {work / 1e6:.1f} | {critical / 1e6:.1f} "
                          f"| {base / critical:.2f}x | {forks / 2:.0f} |", flush=True)


def driver(d, model, stem):
    """A C driver for `model` in `d`: (its path, the model library's name)."""
    lib = pathlib.Path(model.library)
    in_elems = int(np.prod(model.inputs[0]["shape"][1:]))
    out_elems = int(np.prod(model.outputs[0]["shape"][1:]))
    src = d / f"{stem}.c"
    src.write_text(DRIVER % dict(fn=model.signature["function"], in_elems=in_elems,
                                 out_elems=out_elems))
    exe = d / stem
    subprocess.run(["/usr/lib/llvm-22/bin/clang", "-O1", "-I", str(lib.parent), str(src),
                    str(lib), f"-Wl,-rpath,{lib.parent}", "-o", str(exe)], check=True)
    return exe, lib.name


if __name__ == "__main__":
    main()
