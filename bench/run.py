#!/usr/bin/python3
"""qnn's compiled int8 models against the int8 runtimes a user would pick
instead, on this machine, in one run (a benchmark, not a test):

* models: torchvision's quantizable resnet18, resnet50, mobilenet_v2,
  mobilenet_v3_large, resnext101_32x8d, inception_v3 (299x299, aux_logits=False),
  shufflenet_v2_x1_0 and googlenet
  (random weights; bench/torch_worker.py). torch converts them with the
  qnnpack qconfig after calibrating on two random batches; qnn imports the
  converted model (same int8 weights and qparams) and compiles it for
  x86-64-avx2 and, when the host has AVX-512 VNNI, x86-64-avx512vnni. A model
  the importer refuses is reported as such, and the others still run.
* PyTorch 1.13 (Debian): fp32, int8 onednn (native and
  ONEDNN_MAX_CPU_ISA=AVX2) and int8 qnnpack, each in a process of its own.
* ONNX Runtime and OpenVINO (PyPI, in bench/.venv, which this command
  creates with `python3 -m venv --system-site-packages` and fills with
  onnxruntime, onnx and openvino; bench/anchor_worker.py runs under it):
  the float model exported to ONNX (opset 13, dynamic batch), quantized by
  ORT's quantize_static (QDQ, per-channel s8 weights, u8 activations, MinMax
  calibration on the same two batches); ORT with all graph optimizations,
  OpenVINO's CPU plugin with the latency hint, both with INFERENCE_NUM_THREADS
  / intra-op threads = the configuration's threads. Which kernels ran (ORT's
  profile, OpenVINO's runtime model) is reported. If PyPI cannot be reached
  the bench says so and runs the rest.
* batch 1 and 8, 1 and 2 threads; qnn runs its serial object at one thread
  and its OpenMP object (`qnn.compile(..., threads=t)`) at t threads.
* every configuration of a model is measured once per round, rounds
  interleaved (the machine's speed drifts), and the median round counts;
  each measurement is the median of up to --reps calls within --budget
  seconds (bench/timing.py). Workers stay up across rounds.
* peak: bench/peak.c measures the int8 MAC peak (vpmaddwd / vpdpbusd loops);
  a 3x3 conv (256 -> 256 channels, 14x14) compiled by qnn reports GMAC/s and
  % of that peak; the models' effective GMAC/s too.
* NEON: llvm-mca on the inner loops of the aarch64 micro-kernels against the
  peak that llvm-mca gives a loop of independent MACs of the same
  instruction: aarch64-neon (SMLAL) and aarch64-neon-dotprod (SDOT) on
  Neoverse N1, aarch64-neon-i8mm (USMMLA) on Neoverse N2 (N1 has no i8mm).
  `--mca-only` prints just that table (no timing: usable on a busy machine).
* compile time (qnn.compile of the imported model, batch 1) and object size.

Writes the tables into docs/benchmarks.md between the BEGIN/END markers and
draws docs/benchmarks.png with matplotlib.

    /usr/bin/python3 bench/run.py [--reps 10] [--budget 1.0] [--rounds 3] [--models resnet18,...]
"""
import argparse
import atexit
import inspect
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import time
import sys
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(BENCH))
import qnn  # noqa: E402
from qnn.tools import tool  # noqa: E402
from timing import median_ms  # noqa: E402
import torch_worker  # noqa: E402

LLVM_BIN = pathlib.Path("/usr/lib/llvm-22/bin")
PY = "/usr/bin/python3"
VENV = BENCH / ".venv"
ANCHOR_PACKAGES = ["onnxruntime", "onnx", "openvino"]
ALL_MODELS = list(torch_worker.MODELS)
TORCH_RUNTIMES = {  # name: (torch_worker mode, environment)
    "fp32": ("fp32", {}),
    "onednn": ("onednn", {}),
    "onednn_avx2": ("onednn", {"ONEDNN_MAX_CPU_ISA": "AVX2"}),
    "qnnpack": ("qnnpack", {}),
}
ANCHOR_RUNTIMES = ["ort", "openvino"]
QNN_RUNTIMES = {"qnn_avx2": "x86-64-avx2", "qnn_vnni": "x86-64-avx512vnni"}
LABELS = {"fp32": "torch fp32", "onednn": "oneDNN native", "onednn_avx2": "oneDNN AVX2",
          "qnnpack": "qnnpack", "ort": "ONNX Runtime", "openvino": "OpenVINO",
          "qnn_avx2": "qnn avx2", "qnn_vnni": "qnn avx512vnni"}
# qnn.compile grows a `threads=` option with the threading work; until then
# its models run on one thread.
QNN_THREADS = "threads" in inspect.signature(qnn.compile).parameters


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def host():
    info = pathlib.Path("/proc/cpuinfo").read_text()
    cpu = re.search(r"model name\s*:\s*(.*)", info).group(1).strip()
    flags = set(re.search(r"flags\s*:\s*(.*)", info).group(1).split())
    isa = ["AVX2" if "avx2" in flags else "no AVX2"]
    if "avx512f" in flags:
        isa.append("AVX-512" + (" VNNI" if "avx512_vnni" in flags else " (no VNNI)"))
    if "amx_int8" in flags:
        isa.append("AMX-INT8")
    return {"cpu": cpu, "isa": ", ".join(isa), "vnni": "avx512_vnni" in flags,
            "cores": os.cpu_count()}


# ---------------------------------------------------------------- the venv

def anchor_python(upgrade):
    """bench/.venv's python with onnxruntime, onnx and openvino, and their
    versions; (None, reason) when they cannot be installed."""
    py = VENV / "bin" / "python"
    if not py.exists():
        log(f"creating {VENV} (python3 -m venv --system-site-packages)")
        p = subprocess.run([PY, "-m", "venv", "--system-site-packages", str(VENV)],
                           capture_output=True, text=True)
        if p.returncode:
            return None, "cannot create the venv: " + (p.stderr.strip().splitlines() or ["?"])[-1]

    def versions():
        p = subprocess.run([str(py), str(BENCH / "anchor_worker.py"), "versions"],
                           capture_output=True, text=True)
        return json.loads(p.stdout) if p.returncode == 0 else {}

    v = versions()
    if upgrade or not all(v.get(m) for m in ANCHOR_PACKAGES):
        log(f"pip install {' '.join(ANCHOR_PACKAGES)} into {VENV}")
        p = subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                            "--retries", "1", "--timeout", "30", *(["-U"] if upgrade else []),
                            *ANCHOR_PACKAGES], capture_output=True, text=True)
        if p.returncode:
            lines = [l for l in p.stderr.strip().splitlines() if l.strip()] or ["?"]
            return None, "pip install failed (is PyPI reachable?): " + lines[-1]
        v = versions()
    if not all(v.get(m) for m in ANCHOR_PACKAGES):
        return None, "the venv lacks " + ", ".join(m for m in ANCHOR_PACKAGES if not v.get(m))
    return str(py), v


# ---------------------------------------------------------------- workers

class Worker:
    """A measuring process (torch_worker.py or anchor_worker.py serve),
    kept up across the rounds: one `batch threads reps budget` line in, one
    median ms out."""

    def __init__(self, name, argv, env, workdir):
        self.name = name
        self.errfile = open(workdir / f"{name}.stderr", "w+")
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.errfile, text=True, env={**os.environ, **env})
        self.error = self.last_error = None

    def ready(self):
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            self.fail(line)
        return self.error is None

    def fail(self, line):
        self.errfile.seek(0)
        tail = [l for l in self.errfile.read().splitlines() if l.strip()]
        self.error = line[len("error: "):] if line.startswith("error: ") else \
            (tail[-1] if tail else f"worker exited ({line or 'no output'})")
        log(f"  {self.name}: {self.error}")

    def measure(self, batch, threads, reps, budget):
        self.last_error = self.error
        if self.error:
            return None
        try:
            self.proc.stdin.write(f"{batch} {threads} {reps} {budget}\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline().strip()
        except BrokenPipeError:
            line = ""
        try:
            return float(line)
        except ValueError:
            if line.startswith("error: "):
                log(f"  {self.name} b{batch} t{threads}: {line}")
                self.last_error = line[len("error: "):]
                return None  # this configuration only
            self.fail(line)
            return None

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.wait()
        self.errfile.close()


# ---------------------------------------------------------------- qnn

def converted_ir(model, batch):
    import torch
    torch.set_num_threads(1)
    m = torch_worker.build(model, "qnnpack")
    s = torch_worker.input_size(model)
    return qnn.from_torch(m, torch.randn(batch, 3, s, s))


def compile_model(ir, target, threads=1):
    """qnn.compile of `ir` (timed; the object's size)."""
    t = time.perf_counter()
    model = qnn.compile(ir, target=target, **({"threads": threads} if QNN_THREADS else {}))
    compile_s = time.perf_counter() - t
    size = (pathlib.Path(model.library).parent / "model.o").stat().st_size
    return model, compile_s, size


def model_latency(model, reps, budget=2.0):
    x = np.random.default_rng(0).standard_normal(tuple(model.inputs[0]["shape"])).astype(np.float32)
    return median_ms(lambda: model(x), reps, budget)


def compiled_latency(ir, target, reps, workdir):
    model, compile_s, size = compile_model(ir, target)
    return model_latency(model, reps), compile_s, size


def embedding_sizes(target="x86-64-avx2", rows=20000, dim=64):
    """Object size of an EmbeddingBag(rows, dim, sum) compiled by qnn: the
    float table, and torch's converted quint8 / quint4x2 tables, which qnn
    keeps in their storage (per-row scale and bias)."""
    import copy
    import torch
    from torch.ao.quantization import float_qparams_weight_only_qconfig, float_qparams_weight_only_qconfig_4bit

    class Bag(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bag = torch.nn.EmbeddingBag(rows, dim, mode="sum")

        def forward(self, indices, offsets):
            return self.bag(indices, offsets)

    torch.manual_seed(0)
    float_model = Bag().eval()
    x = (torch.randint(0, rows, (64,)), torch.arange(0, 64, 8))
    sizes = {}
    for kind, qc in [("f32", None), ("quint8", float_qparams_weight_only_qconfig),
                     ("quint4x2", float_qparams_weight_only_qconfig_4bit)]:
        m = copy.deepcopy(float_model)
        if qc is not None:
            m.bag.qconfig = qc
            torch.ao.quantization.prepare(m, inplace=True)
            torch.ao.quantization.convert(m, inplace=True)
        sizes[kind] = compile_model(qnn.from_torch(m, x), target)[2]
    return [f"| EmbeddingBag {rows}x{dim} | " + " | ".join(
        f"{b / 1e6:.2f} MB" + ("" if k == "f32" else f" ({sizes['f32'] / b:.1f}x smaller)")
        for k, b in sizes.items()) + " |"]


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


# The aarch64 targets: the MAC instruction of their 8-bit kernel, its MACs,
# the operands of the peak loop, and the llvm-mca CPU model.
NEON_MCA = {
    "aarch64-neon": ("smlal", 4, "v{0}.4s, v16.4h, v17.4h", "neoverse-n1"),
    "aarch64-neon-dotprod": ("sdot", 16, "v{0}.4s, v16.16b, v17.16b", "neoverse-n1"),
    # USMMLA: a 2x8 by 8x2 block product, 32 MACs.
    "aarch64-neon-i8mm": ("usmmla", 32, "v{0}.4s, v16.16b, v17.16b", "neoverse-n2"),
}


def neon_mca(target, workdir):
    """llvm-mca on the micro-kernel's K loop: MACs per cycle, the peak, the
    instruction and the CPU model (NEON_MCA)."""
    path = workdir / "conv.mlir"
    path.write_text(conv_ir())
    asm = subprocess.run([tool("qnn-compile"), str(path), f"--target={target}", "--emit=asm", "-o", "-"],
                         capture_output=True, text=True, check=True).stdout
    mnemonic, macs_per_insn, operands, cpu = NEON_MCA[target]
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
    macs = sum(macs_per_insn for l in loop if l.split()[0].startswith(mnemonic))
    (workdir / "loop.s").write_text("\n".join(loop) + "\n")
    cycles = mca_cycles(workdir / "loop.s", cpu)
    # The peak is what the same model gives a loop of 16 independent MAC
    # instructions: on Neoverse N1 SDOT issues on both SIMD pipes (32 MACs per
    # cycle) but SMLAL only on V0 (4 MACs per cycle on .4h); on N2 USMMLA
    # issues on both (64 MACs per cycle).
    (workdir / "peak.s").write_text("".join(f"\t{mnemonic}\t{operands.format(i)}\n" for i in range(16)))
    peak = 16 * macs_per_insn / mca_cycles(workdir / "peak.s", cpu)
    return macs / cycles, peak, mnemonic, cpu


def neon_table(neon):
    """The NEON table's lines for neon_mca results per target."""
    out = ["", "NEON micro-kernels (llvm-mca, K loop of the 3x3 conv kernel):", "",
           "| target | instruction | llvm-mca CPU | MACs / cycle | peak MACs / cycle | % of peak |",
           "|---|---|---|---|---|---|"]
    for t, (mpc, pk, mn, cpu) in neon.items():
        out.append(f"| {t} | {mn} | {cpu} | {mpc:.1f} | {pk:.0f} | {100 * mpc / pk:.0f}% |")
    return out


def mca_cycles(path, cpu):
    """Block reciprocal throughput (cycles per iteration) on `cpu`."""
    mca = subprocess.run([str(LLVM_BIN / "llvm-mca"), "-mtriple=aarch64", f"-mcpu={cpu}",
                          "-iterations=200", str(path)], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Block RThroughput:\s*([\d.]+)", mca).group(1))


# ---------------------------------------------------------------- one model

def export_qdq(model, workdir, anchor_py):
    """The float model as ONNX, and ORT's QDQ quantization of it."""
    import torch
    m = torch_worker.build(model, "fp32")
    s = torch_worker.input_size(model)
    fp = workdir / f"{model}.onnx"
    torch.onnx.export(m, torch.randn(1, 3, s, s), str(fp), opset_version=13,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    calib = workdir / f"{model}_calibration"
    calib.mkdir(exist_ok=True)
    for i, x in enumerate(torch_worker.calibration_batches(model)):
        np.save(calib / f"{i:03d}.npy", x.numpy())
    qdq = workdir / f"{model}_qdq.onnx"
    p = subprocess.run([anchor_py, str(BENCH / "anchor_worker.py"), "quantize", str(fp), str(calib), str(qdq)],
                       capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError("quantize_static failed: " + (p.stderr.strip().splitlines() or ["?"])[-1])
    return qdq


def kernels(anchor_py, kind, qdq):
    p = subprocess.run([anchor_py, str(BENCH / "anchor_worker.py"), "kernels", kind, str(qdq)],
                       capture_output=True, text=True)
    if p.returncode:
        return {"error": (p.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(p.stdout)


def bench_model(model, args, runtimes, anchor_py, hostinfo, work):
    r = {"model": model, "errors": {}, "samples": {}, "kernels": {}}
    configs = [(b, t) for b in args.batches for t in args.threads]
    qnn_models = {}  # (runtime, batch, threads) -> CompiledModel
    irs = {}
    for b in args.batches:
        if not any(rt in runtimes for rt in QNN_RUNTIMES):
            break
        try:
            irs[b] = converted_ir(model, b)
        except Exception as e:  # noqa: BLE001 - report it, run the rest
            for q in QNN_RUNTIMES:
                r["errors"][q] = "import: " + str(e).splitlines()[0][:200]
            log(f"  qnn import: {e}")
            irs = {}
            break

    def compile_all(batches):
        for rt, target in QNN_RUNTIMES.items():
            if rt in runtimes and rt not in r["errors"]:
                compile_batches(rt, target, batches)

    def compile_batches(rt, target, batches):
        for b in batches:
            ir = irs[b]
            for t in (args.threads if QNN_THREADS else [1]):
                try:
                    m, secs, size = compile_model(ir, target, t)
                except Exception as e:  # noqa: BLE001
                    r["errors"][rt] = "compile: " + (str(e).strip().splitlines() or ["?"])[-1][:200]
                    log(f"  {rt}: {e}")
                    return
                qnn_models[rt, b, t] = m
                if b == 1 and t == 1:
                    r[f"compile_s_{rt}"], r[f"object_bytes_{rt}"] = secs, size
                    log(f"  {rt}: qnn.compile {secs:.1f} s, object {size / 1e6:.1f} MB")

    # The batch-1 compiles are timed: nothing else of the bench runs then.
    compile_all([b for b in irs if b == 1])
    workers = {}
    # The measuring processes build and calibrate while qnn compiles the
    # other batches.
    # torch: one process per batch and thread count (torch_worker.py says
    # why); ONNX Runtime and OpenVINO: one process for all.
    for rt in runtimes:
        if rt in TORCH_RUNTIMES:
            mode, env = TORCH_RUNTIMES[rt]
            for b, t in configs:
                workers[rt, b, t] = Worker(f"{rt} b{b} t{t}", [PY, str(BENCH / "torch_worker.py"), model, mode,
                                                               str(b), str(t)], env, work)
    qdq = None
    if anchor_py and any(rt in runtimes for rt in ANCHOR_RUNTIMES):
        try:
            qdq = export_qdq(model, work, anchor_py)
        except Exception as e:  # noqa: BLE001 - report it, run the rest
            for rt in ANCHOR_RUNTIMES:
                r["errors"][rt] = f"{type(e).__name__}: {e}"
            log(f"  ONNX export / quantization: {e}")
        if qdq:
            for rt in ANCHOR_RUNTIMES:
                if rt in runtimes:
                    workers[rt, None, None] = Worker(rt, [anchor_py, str(BENCH / "anchor_worker.py"), "serve", rt,
                                                    str(qdq)], {}, work)
    compile_all([b for b in irs if b != 1])
    for (rt, b, t), w in workers.items():
        if not w.ready():
            r["errors"][rt if t is None else f"{rt} b{b} t{t}"] = w.error
    if qdq:
        for rt in ANCHOR_RUNTIMES:
            if rt in runtimes:
                r["kernels"][rt] = kernels(anchor_py, rt, qdq)

    def measure(rt, b, t):
        w = workers.get((rt, b, t)) or workers.get((rt, None, None))
        if w:
            v = w.measure(b, t, args.reps, args.budget)
            if v is None and w.last_error and not w.error:
                r["errors"][f"{rt} b{b} t{t}"] = w.last_error
            return v
        m = qnn_models.get((rt, b, t if QNN_THREADS else 1))
        if m is None or (t > 1 and not QNN_THREADS):
            return None
        return model_latency(m, args.reps, args.budget)

    # Every configuration once per round, rounds interleaved, so that all
    # of them see the same conditions; the median round counts. Before each
    # measurement the bench waits --settle seconds: the thread pools of the
    # runtime measured just before (qnn's libomp in this process, which
    # spins KMP_BLOCKTIME = 200 ms after a parallel region; torch's libgomp,
    # ONNX Runtime's and OpenVINO's TBB pools in the workers, which spin
    # shorter) are then asleep instead of holding the second core while the
    # next runtime measures its 2-thread configuration.
    samples = {(rt, b, t): [] for b, t in configs for rt in runtimes}
    rounds = []  # per round: (rt, b, t) -> ms, for the per-round ratios
    for i in range(args.rounds):
        rounds.append({})
        for b, t in configs:
            for rt in runtimes:
                time.sleep(args.settle)
                v = measure(rt, b, t)
                if v is not None:
                    samples[rt, b, t].append(v)
                    rounds[-1][rt, b, t] = v
        log(f"  {model}: round {i + 1}/{args.rounds} done")
    for w in workers.values():
        w.close()
    for (rt, b, t), v in samples.items():
        if v:
            r[rt, b, t] = sorted(v)[len(v) // 2]
            r["samples"][f"{rt} b{b} t{t}"] = [round(x, 3) for x in v]
    r["macs"] = torch_worker.macs(model)
    r["rounds"] = rounds
    return r


# ---------------------------------------------------------------- output

def error(r, rt, b, t):
    """Why `rt` has no number for batch b, t threads (None: it has one, or
    it was not asked for)."""
    e = r["errors"]
    return e.get(f"{rt} b{b} t{t}") or e.get(rt)


def fmt_ms(v):
    return "-" if v is None else (f"{v:.2f}" if v < 10 else f"{v:.1f}")


def best_anchor(r, runtimes, b, t, candidates=("onednn", "ort", "openvino")):
    """(ms, runtime) of the fastest of `candidates` (by default oneDNN
    native, ONNX Runtime and OpenVINO) for batch b, t threads (r: a model's
    result, or one round of it), or None."""
    anchors = [rt for rt in candidates if rt in runtimes]
    return min(((r[a, b, t], a) for a in anchors if r.get((a, b, t))), default=None)


def round_ratio(r, rt, runtimes, b, t, **against):
    """The median over rounds of rt's time / the best anchor's time (or
    best_anchor's `candidates`) in the same round. The machine's speed drifts by tens of percent over seconds,
    and a round measures one configuration's runtimes back to back, so the
    per-round ratio moves far less than the ratio of the two medians."""
    ratios = sorted(rd[rt, b, t] / best[0] for rd in r.get("rounds", [])
                    if rd.get((rt, b, t)) and (best := best_anchor(rd, runtimes, b, t, **against)))
    return ratios[len(ratios) // 2] if ratios else None


def main_table(rows, args, runtimes, hostinfo):
    native_qnn = "qnn_vnni" if hostinfo["vnni"] and "qnn_vnni" in runtimes else "qnn_avx2"
    cols = [rt for rt in LABELS if rt in runtimes and not (rt == "qnn_vnni" and not hostinfo["vnni"])]
    head = ["model", "batch", "threads"] + [("**%s**" % LABELS[c]) if c.startswith("qnn_") else LABELS[c]
                                              for c in cols]
    head += ["qnn img/s", "best of oneDNN / ORT / OpenVINO: img/s",
             f"**{LABELS[native_qnn]} / best** (target <= 0.8)"]
    if "qnn_avx2" in runtimes and "onednn_avx2" in runtimes:
        head.append("qnn avx2 / oneDNN AVX2")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        for b in args.batches:
            for t in args.threads:
                cells = [r["model"], str(b), str(t)]
                for c in cols:
                    v = r.get((c, b, t))
                    if c.startswith("qnn_") and t > 1 and not QNN_THREADS:
                        cells.append("n/a (single-threaded)")
                    elif v is None and error(r, c, b, t):
                        cells.append("failed")
                    else:
                        cells.append(("**%s**" % fmt_ms(v)) if c.startswith("qnn_") and v else fmt_ms(v))
                q = r.get((native_qnn, b, t))
                best = best_anchor(r, runtimes, b, t)
                cells.append(f"{b * 1000 / q:.0f}" if q else "-")
                cells.append(f"{b * 1000 / best[0]:.0f} ({LABELS[best[1]]})" if best else "-")
                ratio = round_ratio(r, native_qnn, runtimes, b, t)
                cells.append(f"**{ratio:.2f}x**" if ratio else "-")
                if len(head) > len(cells):
                    ratio = round_ratio(r, "qnn_avx2", runtimes, b, t, candidates=("onednn_avx2",))
                    cells.append(f"{ratio:.2f}x" if ratio else "-")
                lines.append("| " + " | ".join(cells) + " |")
    return lines


def chart(rows, args, runtimes, hostinfo, path, date):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = [rt for rt in LABELS if rt in runtimes and not (rt == "qnn_vnni" and not hostinfo["vnni"])]
    colors = {"fp32": "#9e9e9e", "onednn": "#1f4e9c", "onednn_avx2": "#6a9be0", "qnnpack": "#e39b2d",
              "ort": "#8e44ad", "openvino": "#c0392b", "qnn_avx2": "#58b368", "qnn_vnni": "#1b6b2f"}
    configs = [(b, t) for b in args.batches for t in args.threads]
    models = [r["model"] for r in rows]
    fig, axes = plt.subplots(len(configs), 1, figsize=(max(8, 2.3 * len(models) + 2), 4.6 * len(configs)),
                             squeeze=False)
    width = 0.85 / len(series)
    for ax, (b, t) in zip(axes[:, 0], configs):
        for si, rt in enumerate(series):
            xs, ys = [], []
            for mi, r in enumerate(rows):
                v = r.get((rt, b, t))
                if v:
                    xs.append(mi - 0.425 + width * (si + 0.5))
                    ys.append(v)
            bars = ax.bar(xs, ys, width * 0.95, label=LABELS[rt], color=colors[rt],
                          edgecolor="black" if rt.startswith("qnn_") else "none", linewidth=0.6)
            for bar, v in zip(bars, ys):
                ax.annotate(fmt_ms(v), (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom", rotation=90, fontsize=6.5)
            if rt.startswith("qnn_") and t > 1 and not QNN_THREADS:
                continue
            for mi, r in enumerate(rows):  # asked for, but no number: say so
                if not r.get((rt, b, t)):
                    ax.annotate("n/a", (mi - 0.425 + width * (si + 0.5), 0), xycoords=("data", "axes fraction"),
                                xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                                rotation=90, fontsize=6.5, color="#b00000")
        ax.set_yscale("log")
        ax.set_xticks(range(len(models)))
        ax.set_xticklabels(models)
        ax.set_xlim(-0.55, len(models) - 0.45)
        lo, hi = ax.get_ylim()
        ax.set_ylim(lo, hi * 4)  # room for the labels
        ax.set_ylabel("latency per batch (ms, log scale;\nlower is better)")
        note = "" if QNN_THREADS or t == 1 else " (qnn: single-threaded, not shown); n/a: see the table"
        ax.set_title(f"batch {b}, {t} thread{'s' if t > 1 else ''}{note}", fontsize=10)
        ax.grid(axis="y", which="major", alpha=0.3)
        ax.set_axisbelow(True)
    axes[-1, 0].set_xlabel("model (torchvision quantizable, random weights; inception_v3 at 299x299)")
    axes[0, 0].legend(ncol=min(4, len(series)), fontsize=8, loc="upper left")
    axes[0, 0].set_title(axes[0, 0].get_title() + " (n/a: no number, see the table)", fontsize=10)
    fig.suptitle(f"int8 inference latency: qnn vs PyTorch, ONNX Runtime, OpenVINO\n"
                 f"{hostinfo['cpu']} ({hostinfo['isa']}), {date}", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.75 / fig.get_figheight()))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def kernels_lines(rows):
    lines = []
    for r in rows:
        ort = r["kernels"].get("ort")
        ov = r["kernels"].get("openvino")
        if not ort and not ov:
            continue
        cells = [r["model"]]
        if ort and "ops" in ort:
            ops = ort["ops"]
            top = ", ".join(f"{op} x{d['nodes']} {100 * d['time_share']:.0f}%" for op, d in list(ops.items())[:4])
            floats = [op for op in ops if op in ("Conv", "Gemm", "MatMul", "ConvInteger", "MatMulInteger")]
            cells.append(top + ("; float/integer fallbacks: " + ", ".join(floats) if floats else
                                "; no float Conv/Gemm"))
        else:
            cells.append((ort or {}).get("error", "-"))
        if ov and "ops" in ov:
            compute = {k: n for k, n in ov["ops"].items()
                       if k.split(":")[0] in ("Convolution", "FullyConnected", "MatMul", "GroupConvolution")}
            cells.append(", ".join(f"{k} x{n}" for k, n in compute.items()) or "-")
        else:
            cells.append((ov or {}).get("error", "-"))
        lines.append("| " + " | ".join(cells) + " |")
    if not lines:
        return []
    return ["", "Which kernels ran (batch 1, one thread). ONNX Runtime: its profile's op types, nodes and share"
            " of the time (QLinearConv / QGemm are its int8 kernels; a float Conv would be a fallback). "
            "OpenVINO: the runtime model's compute layers and their execution precision (u8 = int8 kernels):",
            "", "| model | ONNX Runtime | OpenVINO |", "|---|---|---|"] + lines


def main():
    ap = argparse.ArgumentParser(description="qnn against PyTorch, ONNX Runtime and OpenVINO")
    ap.add_argument("--reps", type=int, default=10, help="timed calls per measurement at most")
    ap.add_argument("--budget", type=float, default=1.0, help="seconds per measurement (at least 3 calls)")
    ap.add_argument("--settle", type=float, default=0.3,
                    help="seconds to wait before each measurement, for the thread pools of the "
                         "previous one to stop spinning (libomp's KMP_BLOCKTIME is 200 ms)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="interleaved rounds of every measurement; the median round counts")
    ap.add_argument("--models", default=",".join(ALL_MODELS))
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--runtimes", default=",".join(LABELS), help="subset of " + ",".join(LABELS))
    ap.add_argument("--no-anchors", action="store_true", help="skip ONNX Runtime and OpenVINO (no venv)")
    ap.add_argument("--upgrade-anchors", action="store_true", help="pip install -U them in the venv")
    ap.add_argument("--no-peak", action="store_true", help="skip the peak, 3x3 conv and NEON tables")
    ap.add_argument("--mca-only", action="store_true",
                    help="print only the NEON llvm-mca table (no timing) and exit")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--keep-work", action="store_true", help="keep the temporary work directory")
    ap.add_argument("--label", default="", help="a note printed above the table (e.g. a reduced run)")
    args = ap.parse_args()
    if args.mca_only:
        with tempfile.TemporaryDirectory(prefix="qnn-mca-") as tmp:
            print("\n".join(neon_table({t: neon_mca(t, pathlib.Path(tmp)) for t in NEON_MCA})[1:]))
        return
    command = "/usr/bin/python3 bench/run.py" + "".join(" " + shlex.quote(a) for a in sys.argv[1:])
    args.models = args.models.split(",")
    args.batches = [int(x) for x in args.batches.split(",")]
    args.threads = [int(x) for x in args.threads.split(",")]
    runtimes = [rt for rt in args.runtimes.split(",") if rt]
    bad = [rt for rt in runtimes if rt not in LABELS] + [m for m in args.models if m not in ALL_MODELS]
    if bad:
        ap.error("unknown: " + ", ".join(bad))
    hostinfo = host()
    if not hostinfo["vnni"] and "qnn_vnni" in runtimes:
        runtimes.remove("qnn_vnni")
    work = pathlib.Path(tempfile.mkdtemp(prefix="qnn-bench-"))
    if args.keep_work:
        log(f"work directory (ONNX models, compiled models, workers' stderr): {work}")
    else:  # a full run leaves ~1.5 GB of models there
        atexit.register(shutil.rmtree, work, True)
    os.environ.setdefault("QNN_CACHE_DIR", str(work / "cache"))
    date = time.strftime("%Y-%m-%d")

    anchor_py, versions, anchor_note = None, {}, ""
    if args.no_anchors:
        runtimes = [rt for rt in runtimes if rt not in ANCHOR_RUNTIMES]
    elif any(rt in runtimes for rt in ANCHOR_RUNTIMES):
        anchor_py, versions = anchor_python(args.upgrade_anchors)
        if anchor_py is None:
            anchor_note = f"ONNX Runtime and OpenVINO not measured: {versions}"
            log(anchor_note)
            versions = {}
            runtimes = [rt for rt in runtimes if rt not in ANCHOR_RUNTIMES]
    import torch
    versions = {"torch": torch.__version__, **{k: v for k, v in versions.items() if v and "error" not in k}}
    log(f"host: {hostinfo['cpu']} ({hostinfo['isa']}); versions: {versions}")

    peaks = {}
    if not args.no_peak:
        peaks = {"avx2": peak("avx2", work)}
        if hostinfo["vnni"]:
            peaks["vnni"] = peak("vnni", work)
    rows = []
    for model in args.models:
        log(f"{model}:")
        r = bench_model(model, args, runtimes, anchor_py, hostinfo, work)
        rows.append(r)
        print(json.dumps({"model": model, "samples": r["samples"], "errors": r["errors"]}), flush=True)

    out = [f"Host: **{hostinfo['cpu']}**, {hostinfo['cores']} cores, ISA: **{hostinfo['isa']}**. "
           f"Date: {date}. Command: `{command}`.", ""]
    if args.label:
        out += [f"**{args.label}**", ""]
    out += ["Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) +
            (f". {anchor_note}" if anchor_note else "") + ".", "",
            f"Latency in ms per batch: the median of {args.rounds} interleaved rounds, each the median of up to "
            f"{args.reps} calls within {args.budget:g} s. \"best\" is the fastest of oneDNN native, ONNX Runtime "
            "and OpenVINO in the same row (all at the host's native ISA); qnn is compared by its native target,"
            " in the median of the rounds' ratios (each round measures a row's runtimes back to back)"
            + (" (avx512vnni)" if hostinfo["vnni"] else " (avx2)") + ". The oneDNN AVX2 column caps oneDNN at"
            " AVX2 (ONEDNN_MAX_CPU_ISA), the fair anchor for qnn avx2.", ""]
    out += main_table(rows, args, runtimes, hostinfo)
    errs = [f"* {r['model']}: {LABELS[k.split()[0]]}{k[len(k.split()[0]):]}: {e}"
            for r in rows for k, e in r["errors"].items() if k.split()[0] in runtimes]
    if errs:
        out += ["", "Not measured:", ""] + errs
    compiled = [r for r in rows if any(f"compile_s_{q}" in r for q in QNN_RUNTIMES)]
    if compiled:
        out += ["", "qnn.compile of the batch-1 model (qnn-compile and the shared-library link) and the object size:",
                "", "| model | " + " | ".join(f"{LABELS[q]} compile | object" for q in QNN_RUNTIMES if q in runtimes)
                + " |", "|---|" + "---|---|" * sum(q in runtimes for q in QNN_RUNTIMES)]
        for r in compiled:
            cells = []
            for q in QNN_RUNTIMES:
                if q in runtimes:
                    s = r.get(f"compile_s_{q}")
                    # Under half a second: qnn.compile found it in QNN_CACHE_DIR.
                    cells += ["-" if s is None else f"{s:.1f} s" if s >= 0.5 else "(cached)",
                              "-" if s is None else f"{r[f'object_bytes_{q}'] / 1e6:.1f} MB"]
            out.append(f"| {r['model']} | " + " | ".join(cells) + " |")
    out += ["", "Quantized embedding tables keep their storage (the object of an EmbeddingBag, x86-64-avx2):", "",
            "| table | f32 | quint8 | quint4x2 |", "|---|---|---|---|"] + embedding_sizes()
    out += kernels_lines(rows)
    if peaks:
        conv = {"avx2": conv_gmacs("x86-64-avx2", args.reps, work)}
        if hostinfo["vnni"]:
            conv["vnni"] = conv_gmacs("x86-64-avx512vnni", args.reps, work)
        neon = {t: neon_mca(t, work) for t in NEON_MCA}
        mrows = [r for r in rows if any(r.get((q, 1, 1)) for q in QNN_RUNTIMES)]
        out += ["", "Effective int8 throughput of qnn (batch 1, one thread) and the measured peak (`bench/peak.c`):",
                "", "| | measured peak | 3x3 conv 256->256 @14x14 | " + " | ".join(r["model"] for r in mrows) + " |",
                "|---|---|---|" + "---|" * len(mrows)]
        for isa, key in [("avx2", "qnn_avx2"), ("vnni", "qnn_vnni")]:
            if isa not in peaks:
                continue
            cells = [f"{conv[isa]:.1f} GMAC/s ({100 * conv[isa] / peaks[isa]:.0f}%)"]
            for r in mrows:
                v = r.get((key, 1, 1))
                g = r["macs"] / (v / 1000) / 1e9 if v else None
                cells.append(f"{g:.1f} GMAC/s ({100 * g / peaks[isa]:.0f}%)" if g else "-")
            out.append(f"| {isa} | {peaks[isa]:.1f} GMAC/s | " + " | ".join(cells) + " |")
        # The floor: no kernel beats the measured peak, so 0.8x the best
        # anchor is out of reach of any direct (non-Winograd) convolution
        # when it needs more than 100% of it over the whole model.
        isa = "vnni" if "vnni" in peaks else "avx2"
        cells = ["", ""]
        for r in mrows:
            best = best_anchor(r, runtimes, 1, 1)
            if not best:
                cells.append("-")
                continue
            g = r["macs"] / (best[0] / 1000) / 1e9
            cells.append(f"{LABELS[best[1]]} {g:.1f} GMAC/s ({100 * g / peaks[isa]:.0f}%); "
                         f"0.8x needs {100 * g / 0.8 / peaks[isa]:.0f}%")
        out.append(f"| best anchor, % of the {isa} peak; what qnn needs for 0.8x | " + " | ".join(cells) + " |")
        out += neon_table(neon)
    out += ["", "![int8 latency per model and runtime](benchmarks.png)"]
    table = "\n".join(out)
    print(table)
    if args.no_write:
        return
    chart(rows, args, runtimes, hostinfo, ROOT / "docs" / "benchmarks.png", date)
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text()
    begin, end = "<!-- BEGIN bench/run.py -->", "<!-- END bench/run.py -->"
    if begin in text:
        text = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
    else:
        text += f"\n## Inference\n\n{begin}\n{table}\n{end}\n"
    doc.write_text(text)


if __name__ == "__main__":
    main()
