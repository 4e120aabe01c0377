#!/usr/bin/python3
"""Per-layer comparison of qnn against OpenVINO inside the whole compiled
models (issue 21: where the remaining gap goes). A benchmark, never a test.

    /usr/bin/python3 bench/ov_layers.py resnet50 [inception_v3 ...] [--rounds 5] [--seconds 3]
        [--target x86-64-avx512vnni] [--json rounds.json]
    /usr/bin/python3 bench/ov_layers.py resnet50 [...] --from-json rounds.json [more.json ...]

Prints markdown tables per model: the whole-model times and the sum
checks, the time by kind of layer, the largest non-conv items, the ten
layers where qnn loses the most, and every layer (qnn us, OpenVINO us,
qnn/OV, OpenVINO's exec_type).

The models are bench/run.py's, built by its functions: torchvision's
quantizable model (bench/torch_worker.py), converted with the qnnpack
qconfig, imported by qnn.from_torch and compiled by qnn.compile for
--target; the float model exported to ONNX and quantized by ORT's
quantize_static (QDQ) for OpenVINO. Batch 1, one thread.

OpenVINO (bench/anchor_worker.py ov-layers, under the bench venv): compiled
on CPU with INFERENCE_NUM_THREADS=1, the latency hint and PERF_COUNT; per
executed node the median real_time over a round's calls. Node names are
the ONNX export's (`/layer1/layer1.0/conv1/Conv/WithoutBiases`), mapped
back to torch module paths (`layer1.0.conv1`); a conv's node includes what
OpenVINO fused into it (bias, requantization, the residual add, ReLU);
reorders, pools, concats and the input/output quantization are their own
nodes, reported by kind.

qnn: the compiled model runs in a child process under `perf record -e
cpu-clock -c 250000` (a sample every 250 us of the thread's CPU time), and
each sample's address is attributed to a layer through the code itself:
the model's object names each conv's constants `__qnn_<layer>_packed` /
`_multipliers`, and the code that computes a conv loads their addresses
(rip-relative). Each top-level loop nest of the entry function's pieces
(`__qnn_forward_*_part<i>`) belongs to the layer whose constants it (or the
straight-line code just before it) references; nests that reference none
are the loops without weights (the input's quantization and layout
change, pads, pools, concat copies, the output's dequantization), labelled
by the layer whose code precedes them. qnn-share-kernels moves the nests of
convs of one shape class into one `__qnn_kernel<i>` function called from
the pieces' top level, once per member per inference; the members of a
class are the same loops with the same trip counts and differ only in
their data, so a shared kernel's samples are split equally among its call
sites (each call site's layer: the constants referenced just before it).
The model has no unwind tables, so perf cannot give call chains to do
better.

Times: each profile gives shares (qnn: of the samples in the model's code;
OpenVINO: of the executed nodes' median real_time), and a layer's time is
its share times the whole model's median process CPU time per call
measured without the profiler in the same round (qnn in this process,
OpenVINO on a second compiled model without PERF_COUNT): perf's sampling
interrupts inflate the profiled child's CPU time on this VM, and
OpenVINO's real_time is wall time, which a busy machine's preemption
inflates. The raw sums are printed as the profiles' checks: qnn's samples
times the period per call against the profiled child's CPU time,
OpenVINO's per-call node sum against its calls' wall time.

Rounds: qnn's child and OpenVINO's worker alternate, --seconds each, for
--rounds rounds; per layer the median over the rounds.
"""
import argparse
import bisect
import collections
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time


BENCH = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "python"))
import layer_profile  # noqa: E402
import run  # noqa: E402
import torch_worker  # noqa: E402

PERIOD_NS = 250_000  # perf's cpu-clock sample period (4 kHz: its interrupts cost the VM several %)
REF = re.compile(r"# ([0-9a-f]+) <(__qnn_(\w+?)_(?:packed|multipliers))(?:\+0x[0-9a-f]+)?>")
CALL = re.compile(r"call\s+([0-9a-f]+) <(__qnn_kernel\w*)>")
OTHER = "(loops without weights)"


# ---------------------------------------------------------------- layers

def layers(ir):
    """The model's convs and linears in program order: name, kind (with
    `+add` when the residual add is fused), shape, MACs, category."""
    out = []
    for name, kind, desc, macs, _ in layer_profile.units(ir):
        if not kind.startswith(("conv2d", "linear")):
            continue
        out.append({"name": name, "kind": kind, "shape": desc, "macs": macs})
    return categorize(out)


def categorize(out):
    """Sets each layer's category (a conv alone in its top-level module is
    a stem conv: resnet's conv1, inception_v3's Conv2d_*, googlenet's
    conv1-3)."""
    tops = collections.Counter(l["name"].split(".")[0] for l in out)
    for l in out:
        k = re.search(r" (\d+)x(\d+)/", l["shape"])
        if l["kind"].startswith("linear"):
            l["cat"] = "fc"
        elif tops[l["name"].split(".")[0]] == 1:
            l["cat"] = "stem convs"
        elif "add" in l["kind"]:
            l["cat"] = "convs with the residual add fused"
        elif k and k.groups() == ("1", "1"):
            l["cat"] = "1x1 convs"
        elif k and k.groups() == ("3", "3"):
            l["cat"] = "3x3 convs"
        else:
            l["cat"] = "other convs (5x5, 1x7, 7x1)"
    return out


def symbol_stem(name):
    return re.sub(r"\W", "_", name)


# ---------------------------------------------------------------- qnn's code

def code_map(library, names):
    """A function of (symbol, offset) giving [(layer, weight)] for a sample
    (layer: a name of `names`, an OTHER label, or None outside the model's
    code), the layers of each shared kernel's call sites, and the number of
    nests that reference the constants of several layers (their samples go
    to the last layer referenced before them)."""
    by_stem = {symbol_stem(n): n for n in names}
    syms, loops = layer_profile.loops_of(library)
    # The constants' extents: objdump also names the unnamed constants laid
    # out after one (vector constants) by it, at an offset past its end.
    extent = {}
    for line in subprocess.run(["nm", "-S", library], capture_output=True, text=True).stdout.splitlines():
        p = line.split()
        if len(p) == 4 and p[2] in "rRdD":
            extent[p[3]] = (int(p[0], 16), int(p[0], 16) + int(p[1], 16))
    asm = subprocess.run(["objdump", "-d", "--no-show-raw-insn", library], capture_output=True,
                         text=True).stdout
    funcs = {}  # name -> (start, [(addr, layer)] markers, [(addr, kernel)] calls, end)
    cur = None
    for line in asm.splitlines():
        m = re.match(r"^([0-9a-f]+) <(\S+)>:$", line)
        if m:
            cur = funcs.setdefault(m.group(2), [int(m.group(1), 16), [], [], int(m.group(1), 16)])
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+(.*)$", line)
        if not m or cur is None:
            continue
        at, text = int(m.group(1), 16), m.group(2)
        cur[3] = at
        r = REF.search(text)
        if r and r.group(3) in by_stem and r.group(2) in extent and \
                extent[r.group(2)][0] <= int(r.group(1), 16) < extent[r.group(2)][1]:
            cur[1].append((at, by_stem[r.group(3)]))
        c = CALL.search(text)
        if c:
            cur[2].append((at, c.group(2)))
    dots = {f for f, (s, _, _, e) in funcs.items() if f.startswith("__qnn_kernel")
            and any(s <= l[0] <= e and any(l[3][d] for d in layer_profile.DOTS) for l in loops)}
    # Top-level nests: the union of overlapping loops.
    nests = []
    for s, e, _, _ in sorted(loops):
        if nests and s <= nests[-1][1]:
            nests[-1][1] = max(nests[-1][1], e)
        else:
            nests.append([s, e])
    starts = [n[0] for n in nests]

    def nest_of(at):
        i = bisect.bisect_right(starts, at) - 1
        return nests[i] if i >= 0 and at <= nests[i][1] else None

    def before(markers, at):
        i = bisect.bisect_right([a for a, _ in markers], at) - 1
        return markers[i][1] if i >= 0 else None

    def other(markers, at, f):
        """The label of loops without weights at `at`: where they are."""
        prev = before(markers, at)
        if prev:
            return f"{OTHER} after {prev}"
        nxt = [l for a, l in markers if a > at]
        return f"{OTHER} before {nxt[0]}" if nxt else f"{OTHER} in {f}"

    owner = {}  # (function, nest start) -> layer
    sites = collections.defaultdict(list)  # shared kernel -> call sites' layers
    for f, (s, markers, calls, e) in funcs.items():
        if f.startswith("__qnn_kernel"):
            continue
        for at, k in calls:
            sites[k].append(before(markers, at) if k in dots else other(markers, at, f))
        prev_end = s
        for n in nests:
            if not (s <= n[0] <= e):
                continue
            inside = {l for a, l in markers if n[0] <= a <= n[1]}
            # The straight-line code before the nest, since the previous
            # nest or shared-kernel call (whose constants those were).
            start = max([prev_end] + [a for a, _ in calls if a < n[0]])
            pre = [l for a, l in markers if start < a < n[0]]
            owner[f, n[0]] = (inside.pop() if len(inside) == 1 else "split" if inside else pre[-1] if pre
                              else other(markers, n[0], f))
            prev_end = n[1]

    def attribute(sym, off):
        """[(layer, weight)] of one sample."""
        if sym not in funcs or not sym.startswith(("__qnn", "forward")):
            return [(None, 1.0)]
        if sym.startswith("__qnn_kernel"):
            ls = sites.get(sym) or [f"{OTHER} in {sym}"]
            return [(l, 1.0 / len(ls)) for l in ls]
        at = syms.get(sym, funcs[sym][0]) + off
        n = nest_of(at)
        o = owner.get((sym, n[0])) if n else None
        if o is None:  # outside the function's loop nests
            return [(before(funcs[sym][1], at) or other(funcs[sym][1], at, sym), 1.0)]
        if o == "split":
            markers = [(a, l) for a, l in funcs[sym][1] if a <= at] or funcs[sym][1][:1]
            o = markers[-1][1]
        return [(o, 1.0)]
    splits = sum(o == "split" for o in owner.values())
    return attribute, {k: collections.Counter(v) for k, v in sites.items()}, splits


def qnn_round(model, attribute, seconds, work):
    """One perf round of the compiled model in a child: per layer us per
    call, the child's median CPU ms per call, and the samples' total."""
    lists = work / "libs.json"
    lists.write_text(json.dumps([model.library, model.signature]))
    data, out = str(work / "perf.data"), work / "child.json"
    subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-c", str(PERIOD_NS), "-o", data, "--",
                    sys.executable, __file__, "--qnn-run", str(lists), str(seconds), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    child = json.loads(out.read_text())
    script = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym,symoff,dso"],
                            capture_output=True, text=True).stdout
    per = collections.Counter()
    for m in re.finditer(r"(\S+)\+0x([0-9a-f]+) \((\S+)\)", script):
        if m.group(3) != model.library:
            continue
        for layer, w in attribute(m.group(1), int(m.group(2), 16)):
            per[layer] += w
    # A sample is PERIOD_NS of CPU time; perf counts the warm-up calls too.
    scale = PERIOD_NS / 1e3 / (child["calls"] + child["warmup"])
    return {l: n * scale for l, n in per.items()}, child["cpu_ms"]


def timed_calls(model, seconds, warmup=0):
    """The model called in a loop for `seconds` (at least 3 calls) after
    `warmup` calls: (calls, median process CPU ms per call)."""
    args, keep = layer_profile.arguments(model)
    for _ in range(warmup):
        model._run(*args)
    cpu = []
    start = time.perf_counter()
    while len(cpu) < 3 or time.perf_counter() - start < seconds:
        c = time.process_time()
        model._run(*args)
        cpu.append(time.process_time() - c)
    return len(cpu), 1e3 * sorted(cpu)[len(cpu) // 2]


def qnn_run(lists, seconds, out):
    """The child under perf: the compiled model in a loop for `seconds`."""
    from qnn.compiled import CompiledModel
    library, signature = json.loads(pathlib.Path(lists).read_text())
    warmup = 3
    calls, cpu_ms = timed_calls(CompiledModel(library, signature), seconds, warmup)
    pathlib.Path(out).write_text(json.dumps({"calls": calls, "warmup": warmup, "cpu_ms": cpu_ms}))


def plain_qnn(model, seconds):
    """Median process CPU ms per call of the model in this process (no perf)."""
    return timed_calls(model, seconds)[1]


# ---------------------------------------------------------------- OpenVINO's nodes

def torch_path(node):
    """`/layer1/layer1.0/downsample/downsample.0/Conv/WithoutBiases` ->
    `layer1.0.downsample.0`: the ONNX export's scope without the op (and
    what OpenVINO appended to the name), whose components repeat their
    parent's prefix for Sequential children."""
    parts = [p for p in node.split("/") if p]
    while parts and parts[-1] in ("WithoutBiases", "DequantizationMultiply"):
        parts.pop()
    path = []
    for p in parts[:-1]:
        if path and p.startswith(path[-1] + "."):
            path[-1] = p
        else:
            path.append(p)
    return ".".join(path)


def ov_kind(node_type, name):
    if node_type in ("MaxPool", "AvgPool", "ReduceMean", "Pooling"):
        return "pooling"
    if node_type == "Concat":
        return "concat"
    if node_type == "Reorder":
        return "reorders"
    return "other (quantize, convert, ...)"


# ---------------------------------------------------------------- one model

def med(xs):
    return statistics.median(xs) if xs else 0.0


def profile_model(name, args, anchor_py, work):
    import torch
    torch.set_num_threads(1)
    ir = run.converted_ir(name, 1)
    model, _, _ = run.compile_model(ir, args.target)
    ls = layers(ir)
    names = [l["name"] for l in ls]
    attribute, sites, splits = code_map(model.library, names)
    if splits:
        print(f"  {splits} loop nests reference several layers' constants", file=sys.stderr)
    qdq = run.export_qdq(name, work, anchor_py)
    ov = subprocess.Popen([anchor_py, str(BENCH / "anchor_worker.py"), "ov-layers", str(qdq)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if ov.stdout.readline().strip() != "ready":
        raise RuntimeError("the OpenVINO worker failed")
    rounds = []
    for i in range(args.rounds):
        q, qcpu = qnn_round(model, attribute, args.seconds, work)
        qplain = plain_qnn(model, args.seconds)
        ov.stdin.write(f"{args.seconds}\n")
        ov.stdin.flush()
        o = json.loads(ov.stdout.readline())
        rounds.append({"qnn": q, "qnn_cpu_ms": qcpu, "qnn_plain_ms": qplain, "ov": o})
        print(f"  round {i + 1}: qnn {qcpu:.2f} ms (perf sum {sum(v for k, v in q.items() if k) / 1e3:.2f}, "
              f"no perf {qplain:.2f}), OpenVINO {o['cpu_ms']:.2f} ms (node sum "
              f"{sum(n['us'] for n in o['nodes'].values()) / 1e3:.2f}, per call {o['node_sum_ms']:.2f}, no profiling {o['plain_cpu_ms']:.2f})",
              file=sys.stderr, flush=True)
    ov.stdin.close()
    ov.wait()
    return {"model": name, "layers": ls, "rounds": rounds, "sites": {k: dict(v) for k, v in sites.items()}}


# ---------------------------------------------------------------- report

def scaled(rd):
    """One round's per-layer times: each profile's shares (qnn: of the
    samples in the model's code; OpenVINO: of the executed nodes' median
    times) times the whole model's median CPU time per call measured
    without the profiler in the same round."""
    qtotal = sum(v for k, v in rd["qnn"].items() if k and k != "null")
    q = {k: 1e3 * rd["qnn_plain_ms"] * v / qtotal for k, v in rd["qnn"].items() if k and k != "null"}
    ototal = sum(n["us"] for n in rd["ov"]["nodes"].values())
    o = {n: dict(d, us=1e3 * rd["ov"]["plain_cpu_ms"] * d["us"] / ototal) for n, d in rd["ov"]["nodes"].items()}
    return q, o


def summarize(r):
    ls = r["layers"]
    by_name = {l["name"]: l for l in ls}
    rounds = [scaled(rd) for rd in r["rounds"]]
    qnn = {l["name"]: med([q.get(l["name"], 0.0) for q, _ in rounds]) for l in ls}
    others = sorted({k for q, _ in rounds for k in q if k.startswith(OTHER)})
    qnn_others = {k: med([q.get(k, 0.0) for q, _ in rounds]) for k in others}
    qnn_other = sum(qnn_others.values())
    ov, ov_exec, ov_other = collections.defaultdict(list), {}, collections.defaultdict(list)
    ov_nodes = collections.defaultdict(list)  # the non-conv nodes, by name
    unmatched = set()
    ov_rounds = []  # per round: layer -> us
    for _, nodes in rounds:
        per, other = collections.Counter(), collections.Counter()
        ov_rounds.append(per)
        for node, d in nodes.items():
            p = torch_path(node)
            if p in by_name and d["type"] != "Reorder":
                per[p] += d["us"]
                ov_exec.setdefault(p, set()).add(d["exec"])
            else:
                other[ov_kind(d["type"], node)] += d["us"]
                ov_nodes[f"{node} ({d['type']})"].append(d["us"])
                if d["type"] in ("Convolution", "FullyConnected", "FullyConnectedQuantizedLegacy"):
                    unmatched.add(node)
        for l in ls:
            ov[l["name"]].append(per.get(l["name"], 0.0))
        for k in ("pooling", "concat", "reorders", "other (quantize, convert, ...)"):
            ov_other[k].append(other.get(k, 0.0))
    def ratio(names):
        """The median over the rounds of qnn's time of `names` over
        OpenVINO's in the same round (both measured back to back)."""
        rs = [sum(q.get(n, 0.0) for n in names) / sum(o.get(n, 0.0) for n in names)
              for (q, _), o in zip(rounds, ov_rounds) if sum(o.get(n, 0.0) for n in names)]
        return med(rs) if rs else 0.0
    return {"qnn": qnn, "qnn_other": qnn_other, "qnn_others": qnn_others, "ratio": ratio,
            "ov": {n: med(v) for n, v in ov.items()}, "ov_other": {k: med(v) for k, v in ov_other.items()},
            "ov_exec": ov_exec, "unmatched": sorted(unmatched), "by_name": by_name,
            "ov_nodes": {n: med(v + [0.0] * (len(rounds) - len(v))) for n, v in ov_nodes.items()}}


def report(r):
    categorize(r["layers"])
    s = summarize(r)
    ls, rounds = r["layers"], r["rounds"]
    qsum = sum(s["qnn"].values()) + s["qnn_other"]
    osum = sum(s["ov"].values()) + sum(s["ov_other"].values())
    qcpu = med([rd["qnn_cpu_ms"] for rd in rounds])
    qperf = med([sum(v for k, v in rd["qnn"].items() if k and k != "null") / 1e3 for rd in rounds])
    qplain = med([rd["qnn_plain_ms"] for rd in rounds])
    owall = med([rd["ov"]["wall_ms"] for rd in rounds])
    oplain = med([rd["ov"]["plain_cpu_ms"] for rd in rounds])
    onodes = med([rd["ov"]["node_sum_ms"] for rd in rounds])
    ratios = sorted(rd["qnn_plain_ms"] / rd["ov"]["plain_cpu_ms"] for rd in rounds)
    ratio = med(ratios)
    out = [f"**{r['model']}**: whole model, CPU time per call without the profilers: qnn {qplain:.2f} ms, "
           f"OpenVINO {oplain:.2f} ms; qnn/OpenVINO **{ratio:.2f}x** (median of the {len(rounds)} rounds' ratios, "
           f"which range {ratios[0]:.2f}-{ratios[-1]:.2f}). "
           f"Sum of the layer rows below: qnn {qsum / 1e3:.2f} ms, OpenVINO {osum / 1e3:.2f} ms. "
           f"The profiles' own sum checks: qnn's perf samples in the model's code give {qperf:.2f} ms per "
           f"call against the profiled child's median CPU time of {qcpu:.2f} ms; OpenVINO's nodes sum to "
           f"{onodes:.2f} ms per call (real time) against the profiled calls' median wall time of {owall:.2f} ms. "
           f"At 0.8x OpenVINO qnn would take {0.8 * osum / 1e3:.2f} ms: {(qsum - 0.8 * osum) / 1e3:.2f} ms "
           "less than now.", ""]
    if s["unmatched"]:
        out += ["OpenVINO conv nodes without a qnn layer of the same name: " + ", ".join(s["unmatched"]), ""]
    cats = collections.defaultdict(lambda: [0, 0.0, 0.0, 0])
    for l in ls:
        c = cats[l["cat"]]
        c[0] += 1
        c[1] += s["qnn"][l["name"]]
        c[2] += s["ov"][l["name"]]
        c[3] += l["macs"]

    def gmacs(macs, us):
        return f"{macs / us / 1e3:.0f}" if macs and us else "-"
    out += ["By kind of layer (us: medians over the rounds; qnn/OV: the median of the rounds' ratios; "
            "GMAC/s: the MACs over those times):", "",
            "| layers | count | qnn us | OpenVINO us | qnn/OV | qnn - OV us | qnn - 0.8 OV us | "
            "qnn GMAC/s | OpenVINO GMAC/s | GMAC/s for 0.8x |", "|---|---|---|---|---|---|---|---|---|---|"]
    for cat, (n, q, o, macs) in sorted(cats.items(), key=lambda kv: -kv[1][1]):
        names = [l["name"] for l in ls if l["cat"] == cat]
        out.append(f"| {cat} | {n} | {q:.0f} | {o:.0f} | {s['ratio'](names):.2f} | {q - o:+.0f} | {q - 0.8 * o:+.0f} | "
                   f"{gmacs(macs, q)} | {gmacs(macs, o)} | {gmacs(macs, 0.8 * o)} |")
    o_nonconv = sum(s["ov_other"].values())
    detail = ", ".join(f"{k} {v:.0f}" for k, v in s["ov_other"].items() if v)
    out.append(f"| non-conv work (qnn: loops without weights; OpenVINO: {detail}) | | {s['qnn_other']:.0f} | "
               f"{o_nonconv:.0f} | {s['qnn_other'] / o_nonconv if o_nonconv else 0:.2f} | "
               f"{s['qnn_other'] - o_nonconv:+.0f} | {s['qnn_other'] - 0.8 * o_nonconv:+.0f} | | | |")
    out.append(f"| **total** | | **{qsum:.0f}** | **{osum:.0f}** | **{qsum / osum:.2f}** | {qsum - osum:+.0f} | "
               f"{qsum - 0.8 * osum:+.0f} | | | |")
    qo = sorted(((k, v) for k, v in s["qnn_others"].items() if v >= 0.5), key=lambda kv: -kv[1])[:8]
    oo = sorted(s["ov_nodes"].items(), key=lambda kv: -kv[1])[:8]
    out += ["", "The largest non-conv items: qnn's loops without weights (placed by the layer whose code "
            "precedes them) and OpenVINO's non-conv nodes:", "", "| qnn | us | OpenVINO | us |", "|---|---|---|---|"]
    for i in range(max(len(qo), len(oo))):
        a = qo[i] if i < len(qo) else ("", None)
        b = oo[i] if i < len(oo) else ("", None)
        out.append(f"| {a[0][len(OTHER) + 1:]} | {'' if a[1] is None else f'{a[1]:.0f}'} | {b[0]} | "
                   f"{'' if b[1] is None else f'{b[1]:.0f}'} |")
    loss = sorted(ls, key=lambda l: s["ov"][l["name"]] - s["qnn"][l["name"]])[:10]
    out += ["", f"The 10 layers where qnn loses the most time against OpenVINO, or wins the least ({r['model']}):", "",
            "| layer | shape | category | qnn us | OpenVINO us | qnn/OV | qnn - OV us | qnn - 0.8 OV us | OV exec_type |",
            "|---|---|---|---|---|---|---|---|---|"]
    for l in loss:
        q, o = s["qnn"][l["name"]], s["ov"][l["name"]]
        out.append(f"| {l['name']} | {l['shape']} | {l['cat']} | {q:.0f} | {o:.0f} | {s['ratio']([l['name']]):.2f} | "
                   f"{q - o:+.0f} | {q - 0.8 * o:+.0f} | "
                   f"{'/'.join(sorted(s['ov_exec'].get(l['name'], ['-'])))} |")
    out += ["", "<details><summary>every layer (" + r["model"] + ")</summary>", "",
            "| layer | kind | shape | qnn us | OpenVINO us | qnn/OV | OV exec_type |", "|---|---|---|---|---|---|---|"]
    for l in ls:
        q, o = s["qnn"][l["name"]], s["ov"][l["name"]]
        kind = l["kind"].replace("conv2d+add", "conv+add").replace("conv2d", "conv")
        out.append(f"| {l['name']} | {kind} | {l['shape']} | {q:.0f} | {o:.0f} | {s['ratio']([l['name']]):.2f} | "
                   f"{'/'.join(sorted(s['ov_exec'].get(l['name'], ['-'])))} |")
    out += ["", "</details>"]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", choices=sorted(torch_worker.MODELS))
    ap.add_argument("--target", default="x86-64-avx512vnni")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=3.0, help="per runtime and round")
    ap.add_argument("--json", help="also write the raw rounds here")
    ap.add_argument("--from-json", nargs="+", metavar="FILE",
                    help="measure nothing: report the rounds of these --json files (the rounds of one model "
                         "in several files together)")
    args = ap.parse_args()
    if args.from_json:
        merged = {}
        for f in args.from_json:
            for r in json.loads(pathlib.Path(f).read_text()):
                if r["model"] in args.models:
                    merged.setdefault(r["model"], dict(r, rounds=[]))["rounds"] += r["rounds"]
        for name in args.models:
            print("\n".join(report(merged[name])) + "\n")
        return
    anchor_py, versions = run.anchor_python(False)
    if anchor_py is None:
        sys.exit(f"no OpenVINO: {versions}")
    import torch
    results, lines = [], []
    with tempfile.TemporaryDirectory(prefix="qnn-ovlayers-") as d:
        for name in args.models:
            print(f"{name}:", file=sys.stderr, flush=True)
            r = profile_model(name, args, anchor_py, pathlib.Path(d))
            results.append(r)
            lines += report(r) + [""]
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, default=list))
    h = run.host()
    print(f"Host: {h['cpu']} ({h['isa']}), {h['cores']} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"torch {torch.__version__}, OpenVINO {versions.get('openvino')}; target {args.target}; "
          f"{args.rounds} rounds of {args.seconds:g} s per runtime, medians over the rounds.\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--qnn-run":
        qnn_run(sys.argv[2], float(sys.argv[3]), sys.argv[4])
    else:
        main()
