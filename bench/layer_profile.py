#!/usr/bin/python3
"""Per-layer profile of a bench model compiled by qnn (issue 21: where the
time goes). Never run as a test.

    /usr/bin/python3 bench/layer_profile.py resnet50 [--target x86-64-avx512vnni] [--perf]
    /usr/bin/python3 bench/layer_profile.py resnet50 --whole

The model is bench/torch_worker.py's (torchvision, qnnpack-converted, the
IR qnn.from_torch gives). Its function is cut into units, one qnn op each
(a conv with the residual add fused into its epilogue stays one unit, as
in the compiled model), each unit compiled alone by qnn.compile with the
op's real shapes, constants and qparams, and timed in process CPU time
(time.process_time: a busy machine's preemption does not count), the
minimum over --rounds rounds of --calls calls.

A unit alone also converts its NCHW input to channels-last and its output
back, which the whole model does not (its kernels hand channels-last
activations to each other). With --perf the units run under
`perf record -e cpu-clock`, and each unit's samples in loops that contain
the dot instruction (vpdpbusd, vpmaddwd/vpdpwssd: the GEMM and depthwise
kernels with their epilogues) give the kernel's share of the unit's time;
"kernel us" is that share of the unit's time, and GMAC/s and % of peak are
computed from it. "K loop" is the share of those samples in the innermost
dot loops alone (the rest: epilogues, edge tiles). The peak is
bench/peak.c's (12 independent vpdpbusd or vpmaddwd chains), best of many
short runs.

With --whole the compiled model itself runs under perf, and its samples
are split by the kind of innermost loop they fall in (GEMM K loops, GEMM
epilogues and edge tiles, depthwise loops, the rest).
"""
import argparse
import bisect
import collections
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

BENCH = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "python"))
import qnn  # noqa: E402
import torch_worker  # noqa: E402

DOTS = ("vpdpbusd", "vpmaddwd", "vpdpwssd")
CONSTANTS = ("qnn.qconstant", "arith.constant")


def split_top(s):
    """`s` split at the commas outside <> and ()."""
    out, depth, cur = [], 0, ""
    for ch in s:
        depth += ch in "<(" and 1 or (-1 if ch in ">)" else 0)
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return out + ([cur.strip()] if cur.strip() else [])


def signature(line):
    """(operand types, result type) of an op line."""
    sig = line.rsplit(" : ", 1)[1]
    if sig.startswith("("):
        ins, out = sig.split(") -> ")
        return split_top(ins[1:]), out.strip()
    a, b = sig.split(" -> ")
    return [a.strip()], b.strip()


def operands(line):
    return re.findall(r"%\w+", line.split("=", 1)[1].split("{")[0].split(" : ")[0])


def units(ir):
    """The function of `ir` cut into units: [(name, kind, description, MACs, IR text)]."""
    body_end = ir.index("\n}\n")
    resources = dict(re.findall(r'^\s+([\w.]+): ("0x[0-9A-Fa-f]*")', ir[body_end:], re.M))
    ops = [(m.group(1), m.group(2), l) for l in ir[:body_end].splitlines()[1:]
           if (m := re.match(r"\s*(%\w+) = (\S+) ", l))]
    defs = {v: (k, l) for v, k, l in ops}
    uses = collections.defaultdict(list)
    for v, _, l in ops:
        for u in operands(l):
            uses[u].append(v)
    out, taken = [], set()
    for v, k, l in ops:
        if k in CONSTANTS + ("qnn.quantize", "qnn.dequantize") or v in taken:
            continue
        group = [(v, k, l)]
        if k == "qnn.conv2d" and len(uses[v]) == 1 and defs[uses[v][0]][0] in ("qnn.add", "qnn.add_relu"):
            add = uses[v][0]
            convs = [o for o in operands(defs[add][1])
                     if defs.get(o, ("",))[0] == "qnn.conv2d" and len(uses[o]) == 1]
            # The first conv operand takes the add, as the compiler picks it
            # (placeConvsBeforeResidualAdds in ConvToGemm.cpp).
            if convs[0] == v:
                group.append((add, *defs[add]))
                taken.add(add)
        inner = {g[0] for g in group}
        args, consts = {}, []
        for _, _, gl in group:
            for o, t in zip(operands(gl), signature(gl)[0]):
                if o in inner or o in args:
                    continue
                if o in defs and defs[o][0] in CONSTANTS:
                    consts.append(defs[o][1])
                else:
                    args[o] = t
        last, result = group[-1][0], signature(group[-1][2])[1]
        used = sorted({r for c in consts for r in re.findall(r"dense_resource<(\w+)>", c)})
        text = (f"func.func @forward({', '.join(f'{a}: {t}' for a, t in args.items())}) -> ({result}) {{\n"
                + "\n".join(consts + [g[2] for g in group]) + f"\n  return {last} : {result}\n}}\n")
        if used:
            text += ("\n{-#\n  dialect_resources: {\n    builtin: {\n"
                     + ",\n".join(f"      {r}: {resources[r]}" for r in used) + "\n    }\n  }\n#-}\n")
        name = re.search(r'name = "([^"]*)"', l).group(1)
        macs, desc = 0, ""
        if k == "qnn.conv2d":
            co, ci, kh, kw = map(int, re.search(r"tensor<(\d+)x(\d+)x(\d+)x(\d+)x!quant.uniform<i8", l).groups())
            c, h, w = re.search(r"tensor<\d+x(\d+)x(\d+)x(\d+)x", signature(l)[0][0]).groups()
            oc, oh, ow = map(int, re.search(r"-> tensor<\d+x(\d+)x(\d+)x(\d+)x", l).groups())
            macs = oc * oh * ow * ci * kh * kw
            stride = re.search(r"stride = array<i64: (\d+)", l)
            groups = re.search(r"groups = (\d+)", l)
            desc = (f"{c}x{h}x{w} -> {oc}x{oh}x{ow} {kh}x{kw}/{stride.group(1) if stride else 1}"
                    + (" dw" if groups and int(groups.group(1)) == oc else ""))
        out.append((name, "+".join(g[1].split(".", 1)[1] for g in group), desc, macs, text))
    return out


def arguments(model):
    rng = np.random.default_rng(0)
    ins = [rng.integers(0, 256, s["shape"], dtype=np.uint8) if s["dtype"] == "|u1"
           else rng.standard_normal(s["shape"]).astype(np.float32) for s in model.inputs]
    outs = [np.empty(s["shape"], dtype=np.uint8 if s["dtype"] == "|u1" else np.float32)
            for s in model.outputs]
    ws = model._workspace(model.batch)
    return [ws.ctypes.data, model.batch] + [a.ctypes.data for a in ins + outs], (ins, outs, ws)


def unit_times(models, rounds, calls):
    """Minimum process CPU time per call (us) of each compiled unit."""
    prepared = [(m._run, *arguments(m)) for m in models]
    best = [float("inf")] * len(models)
    for _ in range(rounds):
        for i, (run, args, _) in enumerate(prepared):
            run(*args)
            for _ in range(calls):
                t = time.process_time()
                run(*args)
                best[i] = min(best[i], time.process_time() - t)
    return [b * 1e6 for b in best]


def loops_of(library):
    """The loops (first, last instruction offset) of each function of
    `library`, with their opcode counts."""
    syms = {}
    for line in subprocess.run(["nm", library], capture_output=True, text=True).stdout.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tT":
            syms[p[2]] = int(p[0], 16)
    asm = subprocess.run(["objdump", "-d", "--no-show-raw-insn", library], capture_output=True, text=True).stdout
    ins = [(int(m.group(1), 16), m.group(2), m.group(3))
           for m in re.finditer(r"^\s+([0-9a-f]+):\s+(\S+)\s*(.*)$", asm, re.M)]
    addrs = [a for a, _, _ in ins]
    loops = []
    for a, op, rest in ins:
        m = re.match(r"([0-9a-f]+) <", rest)
        if op.startswith("j") and m and int(m.group(1), 16) < a:
            t = int(m.group(1), 16)
            i0, i1 = bisect.bisect_left(addrs, t), bisect.bisect_right(addrs, a)
            loops.append((t, a, i1 - i0, collections.Counter(o for _, o, _ in ins[i0:i1])))
    return syms, loops


def kernel_shares(perf_data, libraries):
    """Per library: (share of its samples in dot loops, share of those in
    innermost dot loops of under 60 instructions)."""
    script = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip,sym,symoff,dso"],
                            capture_output=True, text=True).stdout
    samples = collections.defaultdict(collections.Counter)
    for m in re.finditer(r"(\S+)\+0x([0-9a-f]+) \((\S+)\)", script):
        samples[m.group(3)][m.group(1), int(m.group(2), 16)] += 1
    out = {}
    for lib in libraries:
        counts = samples.get(lib)
        if not counts:
            out[lib] = (0.0, 0.0)
            continue
        syms, loops = loops_of(lib)
        total = kernel = tight = 0
        for (sym, off), n in counts.items():
            total += n
            at = syms.get(sym, 0) + off
            inner = min((l for l in loops if l[0] <= at <= l[1]), key=lambda l: l[1] - l[0], default=None)
            if inner and any(inner[3][d] for d in DOTS):
                kernel += n
                tight += n if inner[2] < 60 else 0
        out[lib] = (kernel / total, tight / kernel if kernel else 0.0)
    return out


def classify(perf_data, library):
    """The whole model's samples by the innermost loop they fall in: GEMM K
    loops (a dot loop of under 60 instructions with vpdpbusd), other GEMM
    loops (epilogues, edge tiles), depthwise and 16-bit loops (vpmaddwd /
    vpdpwssd), the rest (layout changes, pads, conversions, pooling)."""
    script = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip,sym,symoff,dso"],
                            capture_output=True, text=True).stdout
    syms, loops = loops_of(library)
    kinds = collections.Counter()
    for m in re.finditer(r"(\S+)\+0x([0-9a-f]+) \((\S+)\)", script):
        if m.group(3) != library:
            continue
        at = syms.get(m.group(1), 0) + int(m.group(2), 16)
        inner = min((l for l in loops if l[0] <= at <= l[1]), key=lambda l: l[1] - l[0], default=None)
        if inner is None:
            kinds["outside loops"] += 1
        elif inner[3]["vpdpbusd"]:
            kinds["GEMM K loops" if inner[2] < 60 else "GEMM epilogues and edge tiles"] += 1
        elif inner[3]["vpmaddwd"] or inner[3]["vpdpwssd"]:
            kinds["depthwise (and 16-bit GEMM) loops"] += 1
        else:
            kinds["other loops (layout, pads, conversions, pooling)"] += 1
    return kinds


def whole_model(args):
    """perf over the whole compiled model, its samples by kind of loop."""
    import torch
    torch.set_num_threads(1)
    m = torch_worker.build(args.model, "qnnpack")
    s = torch_worker.input_size(args.model)
    model = qnn.compile(qnn.from_torch(m, torch.randn(1, 3, s, s)), target=args.target)
    with tempfile.TemporaryDirectory() as d:
        lists = pathlib.Path(d) / "libs.json"
        lists.write_text(json.dumps([[model.library, model.signature]]))
        data = str(pathlib.Path(d) / "perf.data")
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "4000", "-o", data, "--",
                        sys.executable, __file__, "--perf-run", str(lists), str(10 * args.perf_seconds)],
                       check=True, stdout=subprocess.DEVNULL)
        kinds = classify(data, model.library)
    total = sum(kinds.values())
    print(f"{args.model} on {args.target}, whole model: {total} samples")
    for k, n in kinds.most_common():
        print(f"  {100 * n / total:5.1f}%  {k}")


def peak(kind):
    with tempfile.TemporaryDirectory() as d:
        src = (BENCH / "peak.c").read_text().replace("#define ITERS 20000000L", "#define ITERS 1000000L")
        (pathlib.Path(d) / "peak.c").write_text(src)
        flags = {"avx2": ["-mavx2"], "vnni": ["-mavx2", "-mavx512f", "-mavx512bw", "-mavx512vnni"]}[kind]
        exe = pathlib.Path(d) / "peak"
        subprocess.run(["/usr/lib/llvm-22/bin/clang", "-O2", *flags, str(pathlib.Path(d) / "peak.c"),
                        "-o", str(exe)], check=True)
        return max(float(subprocess.run([str(exe), kind], capture_output=True, text=True).stdout)
                   for _ in range(30))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", choices=sorted(torch_worker.MODELS))
    ap.add_argument("--target", default="x86-64-avx512vnni")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--perf", action="store_true", help="split each unit's time with perf (needs perf)")
    ap.add_argument("--perf-seconds", type=float, default=0.4)
    ap.add_argument("--json", help="also write the rows here")
    ap.add_argument("--whole", action="store_true",
                    help="instead: perf over the whole compiled model, its time by kind of loop")
    args = ap.parse_args()
    if args.whole:
        whole_model(args)
        return
    import torch
    torch.set_num_threads(1)
    m = torch_worker.build(args.model, "qnnpack")
    s = torch_worker.input_size(args.model)
    parts = units(qnn.from_torch(m, torch.randn(1, 3, s, s)))
    models = [qnn.compile(text, target=args.target) for *_, text in parts]
    times = unit_times(models, args.rounds, args.calls)
    shares = {}
    if args.perf:
        with tempfile.TemporaryDirectory() as d:
            lists = pathlib.Path(d) / "libs.json"
            lists.write_text(json.dumps([[m.library, m.signature] for m in models]))
            data = str(pathlib.Path(d) / "perf.data")
            subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "4000", "-o", data, "--",
                            sys.executable, __file__, "--perf-run", str(lists), str(args.perf_seconds)],
                           check=True, stdout=subprocess.DEVNULL)
            shares = kernel_shares(data, [m.library for m in models])
    pk = peak("vnni" if "vnni" in args.target else "avx2")
    rows = []
    for (name, kind, desc, macs, _), model, us in zip(parts, models, times):
        k, t = shares.get(model.library, (None, None))
        kus = us * k if k is not None else us
        g = macs / (kus * 1e3) if macs and kus else 0.0
        rows.append({"name": name, "kind": kind, "shape": desc, "unit_us": us, "kernel_share": k,
                     "kernel_us": kus if k is not None else None, "k_loop_share": t, "gmacs": g,
                     "peak_pct": 100 * g / pk})
    total = sum(r["unit_us"] for r in rows)
    ktotal = sum(r["kernel_us"] or 0 for r in rows)
    print(f"{args.model} on {args.target}: {len(rows)} units, sum of unit times {total / 1e3:.2f} ms"
          + (f", of kernel loops {ktotal / 1e3:.2f} ms" if shares else "") + f"; peak {pk:.0f} GMAC/s")
    print("| layer | op | shape | unit us | kernel us | kernel % of model | GMAC/s | % of peak | K loop |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        kern = f"{r['kernel_us']:.0f}" if r["kernel_us"] is not None else "-"
        share = f"{100 * r['kernel_us'] / ktotal:.1f}%" if r["kernel_us"] is not None and ktotal else "-"
        loop = f"{100 * r['k_loop_share']:.0f}%" if r["k_loop_share"] is not None and r["kernel_us"] else "-"
        g = f"{r['gmacs']:.0f}" if r["gmacs"] else "-"
        pct = f"{r['peak_pct']:.0f}%" if r["gmacs"] else "-"
        print(f"| {r['name']} | {r['kind']} | {r['shape']} | {r['unit_us']:.0f} | {kern} | {share} | {g} | {pct} | {loop} |")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1))


def perf_run(lists, seconds):
    """The child under perf: each unit in a loop for `seconds`."""
    from qnn.compiled import CompiledModel
    for library, signature in json.loads(pathlib.Path(lists).read_text()):
        model = CompiledModel(library, signature)
        args, keep = arguments(model)
        t = time.time()
        while time.time() - t < seconds:
            model._run(*args)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--perf-run":
        perf_run(sys.argv[2], float(sys.argv[3]))
    else:
        main()
