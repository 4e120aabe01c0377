#!/usr/bin/python3
"""qnn's compiled int8 models against PyTorch 1.13 on this machine, in one
run (benchmark, not a test):

* whole models: torchvision quantizable resnet18 and mobilenet_v2 (random
  weights, 1x3x224x224, batch 1, one thread). torch converts them with the
  qnnpack qconfig; qnn imports the converted model (same int8 weights and
  qparams, bit-identical outputs) and compiles it for x86-64-avx2 and
  x86-64-avx512vnni. Compared with torch fp32, int8 onednn (native and
  ONEDNN_MAX_CPU_ISA=AVX2) and int8 qnnpack, each in its own process.
* peak: bench/peak.c measures the int8 MAC peak (vpmaddwd / vpdpbusd loops);
  a 3x3 conv (256 -> 256 channels, 14x14) compiled by qnn reports GMAC/s and
  % of that peak; the models' effective GMAC/s too.
* NEON: llvm-mca -mcpu=neoverse-n1 on the inner loops of the aarch64-neon and
  aarch64-neon-dotprod micro-kernels against the SMLAL / SDOT peak that
  llvm-mca gives a loop of independent MACs.
* compile time (qnn-compile of the imported model) and object size.

Writes the table and a bar chart (docs/benchmarks.png) into
docs/benchmarks.md between the BEGIN/END markers.

    /usr/bin/python3 bench/run.py [--reps 20]
"""
import argparse
import os
import pathlib
import re
import struct
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
import qnn  # noqa: E402
from qnn.tools import tool  # noqa: E402

LLVM_BIN = pathlib.Path("/usr/lib/llvm-22/bin")
PY = "/usr/bin/python3"
MACS = {"resnet18": 1.814e9, "mobilenet_v2": 0.300e9}  # multiply-accumulates per image


def torch_latency(model, mode, reps, env=None):
    out = subprocess.run([PY, str(ROOT / "bench" / "torch_worker.py"), model, mode, str(reps)],
                         capture_output=True, text=True, check=True, env={**os.environ, **(env or {})})
    return float(out.stdout.strip().splitlines()[-1])


def converted_ir(model):
    sys.path.insert(0, str(ROOT / "bench"))
    import torch
    from torch_worker import build
    torch.set_num_threads(1)
    m = build(model, "qnnpack")
    return qnn.from_torch(m, torch.randn(1, 3, 224, 224))


def compile_model(ir, target, workdir):
    """qnn-compile of `ir` (timed, object size) and the loaded model."""
    path = workdir / "model.mlir"
    path.write_text(ir)
    t = time.perf_counter()
    subprocess.run([tool("qnn-compile"), str(path), f"--target={target}", "-o", str(workdir / "m.o")],
                   check=True)
    compile_s = time.perf_counter() - t
    size = (workdir / "m.o").stat().st_size
    return qnn.compile(ir, target=target), compile_s, size


def model_latency(model, reps):
    x = np.random.default_rng(0).standard_normal(tuple(model.inputs[0]["shape"])).astype(np.float32)
    for _ in range(10):
        model(x)
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        model(x)
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1000


def compiled_latency(ir, target, reps, workdir):
    model, compile_s, size = compile_model(ir, target, workdir)
    return model_latency(model, reps), compile_s, size


def peak(kind, workdir):
    flags = {"avx2": ["-mavx2"], "vnni": ["-mavx2", "-mavx512f", "-mavx512bw", "-mavx512vnni"]}[kind]
    exe = workdir / f"peak_{kind}"
    subprocess.run([str(LLVM_BIN / "clang"), "-O2", *flags, str(ROOT / "bench" / "peak.c"), "-o", str(exe)],
                   check=True)
    # Best of three: frequency and neighbours vary on a shared machine.
    return max(float(subprocess.run([str(exe), kind], capture_output=True, text=True, check=True).stdout)
               for _ in range(3))


CONV_IR = """func.func @conv(%x: tensor<1x256x14x14xf32>) -> tensor<1x256x14x14xf32> {
  %w = qnn.qconstant dense<WEIGHTS> : tensor<256x256x3x3xi8> -> tensor<256x256x3x3x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x256x14x14xf32> -> tensor<1x256x14x14x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "conv", padding = array<i64: 1, 1>}
      : (tensor<1x256x14x14x!quant.uniform<u8:f32, 0.02:3>>, tensor<256x256x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x256x14x14x!quant.uniform<u8:f32, 0.5:7>>
  %y = qnn.dequantize %c : tensor<1x256x14x14x!quant.uniform<u8:f32, 0.5:7>> -> tensor<1x256x14x14xf32>
  return %y : tensor<1x256x14x14xf32>
}
"""
CONV_MACS = 256 * 256 * 9 * 14 * 14


def conv_ir():
    w = np.random.default_rng(0).integers(-128, 128, 256 * 256 * 9, dtype=np.int8)
    return CONV_IR.replace("dense<WEIGHTS>", 'dense<"0x' + w.tobytes().hex().upper() + '">')


def conv_gmacs(target, reps, workdir):
    ms, _, _ = compiled_latency(conv_ir(), target, reps, workdir)
    return CONV_MACS / (ms / 1000) / 1e9


def neon_mca(target, workdir):
    """llvm-mca on the micro-kernel's K loop: MACs per cycle on Neoverse N1."""
    path = workdir / "conv.mlir"
    path.write_text(conv_ir())
    asm = subprocess.run([tool("qnn-compile"), str(path), f"--target={target}", "--emit=asm", "-o", "-"],
                         capture_output=True, text=True, check=True).stdout
    mnemonic = "sdot" if "dotprod" in target else "smlal"
    # The basic block with the most MAC instructions is the K loop.
    blocks, cur = [], []
    for line in asm.splitlines():
        text = line.strip()
        if re.match(r"^[\w.$]+:", text) or text.startswith("// %bb"):
            blocks.append(cur)
            cur = []
        elif line.startswith("\t") and not text.startswith((".", "//")):
            cur.append(line)
            if text.split()[0].startswith(("b.", "cb", "tb", "ret")) or text.split()[0] == "b":
                blocks.append(cur)
                cur = []
    blocks.append(cur)
    loop = max(blocks, key=lambda b: sum(1 for l in b if l.split()[0].startswith(mnemonic)))
    macs_per_insn = 16 if mnemonic == "sdot" else 4
    macs = sum(macs_per_insn for l in loop if l.split()[0].startswith(mnemonic))
    (workdir / "loop.s").write_text("\n".join(loop) + "\n")
    cycles = mca_cycles(workdir / "loop.s")
    # The peak is what the same model gives a loop of 16 independent MAC
    # instructions: on Neoverse N1 SDOT issues on both SIMD pipes (32 MACs per
    # cycle) but SMLAL only on V0 (4 MACs per cycle on .4h).
    operands = "v{0}.4s, v16.16b, v17.16b" if mnemonic == "sdot" else "v{0}.4s, v16.4h, v17.4h"
    (workdir / "peak.s").write_text("".join(f"\t{mnemonic}\t{operands.format(i)}\n" for i in range(16)))
    peak = 16 * macs_per_insn / mca_cycles(workdir / "peak.s")
    return macs / cycles, peak, mnemonic


def mca_cycles(path):
    """Block reciprocal throughput (cycles per iteration) on Neoverse N1."""
    mca = subprocess.run([str(LLVM_BIN / "llvm-mca"), "-mtriple=aarch64", "-mcpu=neoverse-n1",
                          "-iterations=200", str(path)], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Block RThroughput:\s*([\d.]+)", mca).group(1))


def png_bar_chart(path, groups, series, values, colors):
    """A minimal grouped bar chart (no plotting library on the machine):
    bars are latencies relative to onednn native (lower is better)."""
    w, h, pad = 900, 360, 40
    img = np.full((h, w, 3), 255, np.uint8)
    vmax = max(v for row in values for v in row if v) * 1.1
    gw = (w - 2 * pad) // len(groups)
    bw = (gw - 20) // len(series)
    img[h - pad, pad:w - pad] = 0
    img[pad:h - pad, pad] = 0
    for gi, row in enumerate(values):
        for si, v in enumerate(row):
            if not v:
                continue
            x0 = pad + gi * gw + 10 + si * bw
            top = int(h - pad - (h - 2 * pad) * v / vmax)
            img[top:h - pad, x0:x0 + bw - 2] = colors[si]
    # 1.0 reference line
    y1 = int(h - pad - (h - 2 * pad) * 1.0 / vmax)
    img[y1, pad:w - pad:4] = (0, 0, 0)
    raw = b"".join(b"\0" + img[y].tobytes() for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    pathlib.Path(path).write_bytes(png)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3,
                    help="interleaved rounds of every measurement; the median round counts")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="qnn-bench-"))
    os.environ.setdefault("QNN_CACHE_DIR", str(work / "cache"))
    cpu = re.search(r"model name\s*:\s*(.*)", pathlib.Path("/proc/cpuinfo").read_text()).group(1)

    peaks = {"avx2": peak("avx2", work), "vnni": peak("vnni", work)}
    rows = []
    for model in ["resnet18", "mobilenet_v2"]:
        ir = converted_ir(model)
        r = {"model": model}
        avx2, r["compile_s"], r["object_bytes"] = compile_model(ir, "x86-64-avx2", work)
        vnni, _, r["object_bytes_vnni"] = compile_model(ir, "x86-64-avx512vnni", work)
        # The machine's speed drifts (shared host): every configuration is
        # measured once per round, rounds interleaved, and the median round
        # counts, so that all configurations see the same conditions.
        measure = {
            "fp32": lambda: torch_latency(model, "fp32", args.reps),
            "onednn": lambda: torch_latency(model, "onednn", args.reps),
            "onednn_avx2": lambda: torch_latency(model, "onednn", args.reps, {"ONEDNN_MAX_CPU_ISA": "AVX2"}),
            "qnnpack": lambda: torch_latency(model, "qnnpack", args.reps),
            "qnn_avx2": lambda: model_latency(avx2, args.reps),
            "qnn_vnni": lambda: model_latency(vnni, args.reps),
        }
        samples = {k: [] for k in measure}
        for _ in range(args.rounds):
            for k, f in measure.items():
                samples[k].append(f())
        for k, v in samples.items():
            r[k] = sorted(v)[len(v) // 2]
        r["rounds"] = samples
        rows.append(r)
        print(r, flush=True)
    conv = {"avx2": conv_gmacs("x86-64-avx2", args.reps, work),
            "vnni": conv_gmacs("x86-64-avx512vnni", args.reps, work)}
    neon = {t: neon_mca(t, work) for t in ["aarch64-neon", "aarch64-neon-dotprod"]}

    lines = [f"Machine: {cpu}, one thread. Command: `/usr/bin/python3 bench/run.py --reps {args.reps}"
             f" --rounds {args.rounds}` ({time.strftime('%Y-%m-%d')}). Latency in ms: the median of"
             f" {args.rounds} interleaved rounds, each the median of {args.reps} runs.", "",
             "| model | torch fp32 | onednn native | onednn AVX2 | qnnpack | **qnn avx2** | **qnn avx512vnni** "
             "| qnn avx2 / onednn AVX2 (target) | qnn vnni / onednn native (target) | qnn-compile | object |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    targets = {"resnet18": 0.95, "mobilenet_v2": 0.67}
    for r in rows:
        lines.append(
            f"| {r['model']} | {r['fp32']:.1f} | {r['onednn']:.1f} | {r['onednn_avx2']:.1f} | {r['qnnpack']:.1f} "
            f"| **{r['qnn_avx2']:.1f}** | **{r['qnn_vnni']:.1f}** "
            f"| {r['qnn_avx2'] / r['onednn_avx2']:.2f}x (<= {targets[r['model']]}) "
            f"| {r['qnn_vnni'] / r['onednn']:.2f}x (<= 0.7) | {r['compile_s']:.1f} s | "
            f"{r['object_bytes'] / 1e6:.1f} MB |")
    lines += ["", "Effective int8 throughput and the measured peak (`bench/peak.c`):", "",
              "| | measured peak | 3x3 conv 256->256 @14x14 | resnet18 | mobilenet_v2 |", "|---|---|---|---|---|"]
    for isa, key in [("avx2", "qnn_avx2"), ("vnni", "qnn_vnni")]:
        cells = [f"{conv[isa]:.1f} GMAC/s ({100 * conv[isa] / peaks[isa]:.0f}%)"]
        for r in rows:
            g = MACS[r["model"]] / (r[key] / 1000) / 1e9
            cells.append(f"{g:.1f} GMAC/s ({100 * g / peaks[isa]:.0f}%)")
        lines.append(f"| {isa} | {peaks[isa]:.1f} GMAC/s | " + " | ".join(cells) + " |")
    lines += ["", "NEON micro-kernels (llvm-mca -mcpu=neoverse-n1, K loop of the 3x3 conv kernel):", "",
              "| target | instruction | MACs / cycle | peak MACs / cycle | % of peak |", "|---|---|---|---|---|"]
    for t, (mpc, pk, mn) in neon.items():
        lines.append(f"| {t} | {mn} | {mpc:.1f} | {pk:.0f} | {100 * mpc / pk:.0f}% |")
    lines += ["", "![latency relative to onednn native](benchmarks.png)", "",
              "Bars (per model, latency / onednn native, lower is better): torch fp32, onednn AVX2, qnnpack, "
              "qnn avx2, qnn avx512vnni; dotted line = onednn native."]
    table = "\n".join(lines)
    print(table)
    if args.no_write:
        return
    series = ["fp32", "onednn_avx2", "qnnpack", "qnn_avx2", "qnn_vnni"]
    colors = [(150, 150, 150), (70, 110, 200), (230, 150, 40), (40, 160, 80), (20, 90, 40)]
    png_bar_chart(ROOT / "docs" / "benchmarks.png", [r["model"] for r in rows], series,
                  [[r[s] / r["onednn"] for s in series] for r in rows], colors)
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text()
    begin, end = "<!-- BEGIN bench/run.py -->", "<!-- END bench/run.py -->"
    if begin in text:
        text = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
    else:
        text += f"\n## Inference: qnn-compile against PyTorch\n\n{begin}\n{table}\n{end}\n"
    doc.write_text(text)


if __name__ == "__main__":
    main()
