#!/usr/bin/python3
"""Per-layer batch gain of a bench model compiled by qnn (issue 20: where
would a block of images save time per image?). Never run as a test.

    /usr/bin/python3 bench/batch_layers.py resnet18 [--target x86-64-avx512vnni] [--rounds 7]
                                           [--batch 8] [--only layer4]
    /usr/bin/python3 bench/batch_layers.py resnet18 --cut layer4.0.conv1 [--rounds 100]

The model is cut into units as bench/layer_profile.py cuts it (one qnn op
each, a conv with its fused residual add one unit), and each unit is
compiled twice: at batch 1 and at a static batch of --batch (the unit's
leading dimensions rewritten), whose kernels tile batch x pixels, so each
packed weight panel is loaded once per block of images instead of once per
image. Both run in interleaved rounds; each unit's time is the minimum of
its calls' process CPU time (time.process_time: the preemption of a busy
machine does not count), per image. A unit alone converts its NCHW input
and output to and from channels-last, which the whole model does not, and
runs on inputs and weights left in the caches by its previous call: the
whole model's batch-1 weights come from further away, so a unit's gain is a
lower bound of what batching that layer inside the model would save.

With --cut OP, the stage split inside the whole model instead: the model's
function is cut before the op named OP (the one activation live across the
cut becomes the head's result and the tail's argument), the head compiled
at batch 1, the tail at batch 1 and at a static --batch. Interleaved
rounds time, per image: --batch calls of the whole batch-1 model; one call
of the whole model at a static --batch; --batch calls of head then tail at
batch 1; --batch calls of the head, then one call of the tail on the
block. The outputs of the four are compared
(bit-identical: the same integer arithmetic). The cut hands the
activation over in NCHW, which the head converts to and the tail from.
"""
import argparse
import pathlib
import re
import sys
import time

BENCH = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "python"))
import qnn  # noqa: E402
import layer_profile  # noqa: E402
from scaling import imported_ir  # noqa: E402
import torch_worker  # noqa: E402


def cut(ir, first):
    """(head, tail) IR texts of the function of `ir` cut before the op named
    `first` (with the constants just above it)."""
    end = ir.index("\n}\n")
    lines = ir[:end].splitlines()
    header, body, resources = lines[0], lines[1:], ir[end + 3:]
    k = next((i for i, line in enumerate(body) if f'name = "{first}"' in line), None)
    if not k:
        sys.exit(f"--cut {first}: no op of that name after the model's first op")
    while re.search(r"= (qnn.qconstant|arith.constant) ", body[k - 1]):
        k -= 1
    defs = {m.group(1): line for line in body[:k] if (m := re.match(r"\s*(%\w+) = ", line))}
    live = set(re.findall(r"%\w+", "\n".join(body[k:]))) & set(defs)
    if len(live) != 1:
        sys.exit(f"--cut {first}: {len(live)} values live across the cut, need 1")
    v = live.pop()
    t = defs[v].rsplit(" -> " if " -> " in defs[v] else " : ", 1)[1].strip()
    arg, arg_t, res_t = re.match(r"func.func @forward\((%\w+): ([^)]*)\) -> \((.*)\)", header).groups()
    head = (f"func.func @forward({arg}: {arg_t}) -> ({t}) {{\n" + "\n".join(body[:k])
            + f"\n  return {v} : {t}\n}}\n" + resources)
    tail = f"func.func @forward({v}: {t}) -> ({res_t}) {{\n" + "\n".join(body[k:]) + "\n}\n" + resources
    return head, tail


def stage_split(args):
    import numpy as np
    ir, _, size = imported_ir(args.model)
    ir = ir.replace(" attributes {qnn.dynamic_batch}", "")
    head, tail = cut(ir, args.cut)
    b = args.batch
    whole, static, head, tail, block = (
        qnn.compile(t, target=args.target) for t in
        (ir, ir.replace("tensor<1x", f"tensor<{b}x"), head, tail, tail.replace("tensor<1x", f"tensor<{b}x")))
    x = np.random.default_rng(0).standard_normal((b, 3, size, size)).astype(np.float32)
    mid = np.empty((b, *head.outputs[0]["shape"][1:]), dtype=np.uint8)
    outs = [np.empty((b, *whole.outputs[0]["shape"][1:]), dtype=np.float32) for _ in range(4)]
    ptr = lambda a, i=None: (a if i is None else a[i:i + 1]).ctypes.data  # noqa: E731
    ws = {m: m._workspace(m.batch).ctypes.data for m in (whole, static, head, tail, block)}

    def run_whole():
        for i in range(b):
            whole._run(ws[whole], 1, ptr(x, i), ptr(outs[0], i))

    def run_static():
        static._run(ws[static], b, ptr(x), ptr(outs[3]))

    def run_split():
        for i in range(b):
            head._run(ws[head], 1, ptr(x, i), ptr(mid, i))
            tail._run(ws[tail], 1, ptr(mid, i), ptr(outs[1], i))

    def run_block():
        for i in range(b):
            head._run(ws[head], 1, ptr(x, i), ptr(mid, i))
        block._run(ws[block], b, ptr(mid), ptr(outs[2]))
    ways = {"whole model, batch 1": run_whole, f"whole model, static batch {b}": run_static,
            "head + tail at batch 1": run_split, f"head at batch 1, tail on a block of {b}": run_block}
    times = {k: [] for k in ways}
    for _ in range(args.rounds):
        for k, f in ways.items():
            t = time.process_time()
            f()
            times[k].append((time.process_time() - t) / b * 1e3)
    same = [np.array_equal(outs[0], o) for o in outs[1:]]
    print(f"{args.model}, {args.target}, cut before {args.cut}: process CPU time per image (ms), "
          f"{args.rounds} interleaved rounds; outputs bit-identical: {same}\n")
    print("| way | min | 10th percentile | median | vs whole (median) |")
    print("|---|---:|---:|---:|---:|")
    base = sorted(times["whole model, batch 1"])[args.rounds // 2]
    for k, v in times.items():
        v = sorted(v)
        print(f"| {k} | {v[0]:.3f} | {v[args.rounds // 10]:.3f} | {v[args.rounds // 2]:.3f} "
              f"| {base / v[args.rounds // 2]:.3f}x |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", choices=sorted(torch_worker.MODELS))
    ap.add_argument("--target", default="x86-64-avx512vnni")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--only", default="", help="only the units whose name contains this")
    ap.add_argument("--cut", help="the stage split before this op, in the whole model")
    args = ap.parse_args()
    if args.cut:
        return stage_split(args)
    ir, _, _ = imported_ir(args.model)
    rows = []
    for name, kind, desc, _, text in layer_profile.units(ir):
        if args.only not in name:
            continue
        block = text.replace("tensor<1x", f"tensor<{args.batch}x")
        rows.append((name, kind, desc, [(1, qnn.compile(text, target=args.target)),
                                        (args.batch, qnn.compile(block, target=args.target))]))
        print(f"compiled {name}", file=sys.stderr, flush=True)
    best = {}
    for _ in range(args.rounds):
        for name, _, _, objects in rows:
            for b, model in objects:
                call, keep = layer_profile.arguments(model)
                model._run(*call)
                for _ in range(max(2, 16 // b)):
                    t = time.process_time()
                    model._run(*call)
                    per_image = (time.process_time() - t) / b
                    best[name, b] = min(best.get((name, b), float("inf")), per_image)
    print(f"{args.model}, {args.target}: process CPU time per image (us), minimum of "
          f"{args.rounds} interleaved rounds\n")
    print(f"| unit | op | shape | batch 1 | batch {args.batch} | gain |")
    print("|---|---|---|---:|---:|---:|")
    total = [0.0, 0.0]
    for name, kind, desc, _ in rows:
        one, block = best[name, 1] * 1e6, best[name, args.batch] * 1e6
        total[0] += one
        total[1] += block
        print(f"| {name} | {kind} | {desc} | {one:.1f} | {block:.1f} | {one / block:.2f}x |")
    print(f"| all | | | {total[0]:.0f} | {total[1]:.0f} | {total[0] / total[1]:.3f}x |")


if __name__ == "__main__":
    main()
