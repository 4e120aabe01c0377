#!/usr/bin/python3
"""Compile time and object size of the bench models (a benchmark, not a
test): for every model of bench/torch_worker.py and every x86 target this
host runs, `qnn-compile --timing` of the torch-converted model at batch 1:
its wall time, its CPU time (user + system, all threads: what a busy machine
does not inflate), the wall time of its phases (parsing, the MLIR pipeline, translation to LLVM IR,
LLVM's O2, code generation), the object's size, and the model's int8 weight
bytes (what the converted torch model stores); then, untimed, the object's
size with `--optimize-size` (int8 weights widened at the first call). Writes the table into
docs/benchmarks.md between the `BEGIN bench/compile_report.py` / `END`
markers, with the host.

    /usr/bin/python3 bench/compile_report.py [--models resnet18,...] [--targets x86-64-avx2,...]
"""
import argparse
import pathlib
import re
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "bench"))

import torch  # noqa: E402

import qnn  # noqa: E402
import run as bench  # noqa: E402
import torch_worker  # noqa: E402

# The verification of the lowered module (once, after the pipeline) counts
# as MLIR time.
PHASES = {"parse": "parse", "MLIR pipeline": "MLIR", "verification": "MLIR",
          "translation to LLVM IR": "translate",
          "LLVM optimization": "LLVM", "LLVM code generation": "LLVM"}


def int8_weight_bytes(model):
    """Bytes of the converted model's int8 conv/linear weights."""
    total = 0
    for m in model.modules():
        w = getattr(m, "weight", None)
        if callable(w) and not isinstance(w, torch.nn.Module):
            try:
                t = w()
            except Exception:  # noqa: BLE001 -- modules without packed weights
                continue
            if isinstance(t, torch.Tensor) and t.is_quantized:
                total += t.numel() * t.element_size()
    return total


def compile_timed(ir_path, target, out, *flags):
    tool = qnn.tools.tool("qnn-compile")
    t = time.perf_counter()
    r = subprocess.run([str(tool), str(ir_path), f"--target={target}", "-o", str(out), "--timing",
                        *flags], capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode:
        raise RuntimeError(r.stderr)
    phases = {}
    for line in r.stderr.splitlines():
        m = re.match(r"\s+[\d.]+ \(\s*[\d.]+%\)\s+([\d.]+) \(\s*[\d.]+%\)  (\S.*)$", line)
        if m:
            for key, short in PHASES.items():
                if m.group(2).startswith(key):
                    # O2 and code generation: one phase when --jobs runs
                    # them per piece on several threads, two otherwise.
                    phases[short] = phases.get(short, 0.0) + float(m.group(1))
    return wall, phases, out.stat().st_size


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=",".join(torch_worker.MODELS))
    ap.add_argument("--targets", default=None)
    ap.add_argument("--no-docs", action="store_true", help="print the table only")
    args = ap.parse_args()
    info = bench.host()
    targets = args.targets.split(",") if args.targets else (
        ["x86-64-avx2"] + (["x86-64-avx512vnni"] if info.get("vnni") else []))
    rows = []
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = cpu.ru_utime + cpu.ru_stime
    with tempfile.TemporaryDirectory() as tmp:
        for model in args.models.split(","):
            torch.set_num_threads(1)
            m = torch_worker.build(model, "qnnpack")
            s = torch_worker.input_size(model)
            ir = pathlib.Path(tmp) / f"{model}.mlir"
            ir.write_text(qnn.from_torch(m, torch.randn(1, 3, s, s)))
            convs = sum(1 for line in ir.read_text().splitlines()
                        if re.search(r"= qnn\.(conv\dd|linear) ", line))
            wbytes = int8_weight_bytes(m)
            for target in targets:
                wall, phases, size = compile_timed(ir, target, pathlib.Path(tmp) / "m.o")
                cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
                phases["cpu"] = cpu.ru_utime + cpu.ru_stime - cpu_before
                small = compile_timed(ir, target, pathlib.Path(tmp) / "s.o", "--optimize-size")[2]
                cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu_before = cpu.ru_utime + cpu.ru_stime
                rows.append((model, convs, target, wall, phases, size, wbytes, small))
                print(model, target, f"{wall:.1f} s", phases, size, wbytes, small, flush=True)
    lines = ["| model | conv/linear ops | target | qnn-compile (s) | CPU (s) | parse | MLIR | translate | "
             "LLVM O2 + codegen | object (MB) | int8 weights (MB) | object / weights | "
             "object, --optimize-size (MB) |",
             "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for model, convs, target, wall, ph, size, wbytes, small in rows:
        cells = [f"{ph.get(k, 0):.1f}" for k in dict.fromkeys(PHASES.values())]
        lines.append(f"| {model} | {convs} | {target} | {wall:.1f} | {ph['cpu']:.1f} | {' | '.join(cells)} | "
                     f"{size / 1e6:.1f} | {wbytes / 1e6:.1f} | {size / wbytes:.1f}x | {small / 1e6:.1f} |")
    table = "\n".join(lines)
    print(table)
    if args.no_docs:
        return
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text()
    block = (f"<!-- BEGIN bench/compile_report.py -->\nHost: {info['cpu']} ({info['isa']}, "
             f"{info['cores']} cores); "
             f"{time.strftime('%Y-%m-%d')}; load average at the start "
             f"{open('/proc/loadavg').read().split()[0]} (the machine was "
             f"{'busy' if float(open('/proc/loadavg').read().split()[0]) > 1 else 'quiet'}).\n\n"
             f"{table}\n<!-- END bench/compile_report.py -->")
    pat = re.compile(r"<!-- BEGIN bench/compile_report.py -->.*?<!-- END bench/compile_report.py -->", re.S)
    if not pat.search(text):
        raise SystemExit("docs/benchmarks.md has no BEGIN/END bench/compile_report.py markers")
    doc.write_text(pat.sub(lambda _: block, text))


if __name__ == "__main__":
    main()
