"""Compile a model with qnn-compile, link it with a C driver, run it (aarch64
targets under qemu) and return its outputs: `compile_and_run` for a
one-input, one-output float model, `compile_and_run_any` for any signature."""
import json
import os
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

from conftest import tool

LLVM_BIN = pathlib.Path("/usr/lib/llvm-22/bin")
X86_TARGETS = ["generic", "native", "x86-64-avx2", "x86-64-avx512vnni"]
ARM_TARGETS = ["aarch64-neon", "aarch64-neon-dotprod", "aarch64-neon-i8mm"]
# aarch64 code runs under qemu's `max` CPU, which has every extension the
# aarch64 targets use (dotprod, i8mm).
QEMU_AARCH64 = ["qemu-aarch64", "-cpu", "max", "-L", "/usr/aarch64-linux-gnu"]

DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
#include "model.h"
int main(int argc, char **argv) {
  static float in[IN_N], out[OUT_N];
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(in, sizeof(float), IN_N, f) != IN_N) return 2;
  fclose(f);
  qnn_FN(in, out);
  f = fopen(argv[2], "wb");
  if (!f || fwrite(out, sizeof(float), OUT_N, f) != OUT_N) return 3;
  fclose(f);
  return 0;
}
"""


def host_supports(flag):
    """Whether the host has the /proc/cpuinfo `flag`, as qnn sees it:
    QNN_MAX_CPU_ISA=avx2 (or generic) hides AVX-512 VNNI, as it caps
    `native` (docs/Testing.md)."""
    cap = os.environ.get("QNN_MAX_CPU_ISA", "").lower()
    if flag == "avx512_vnni" and cap and "avx512vnni" not in cap:
        return False
    return flag in pathlib.Path("/proc/cpuinfo").read_text()


def skip_unless_runnable(target):
    if target == "x86-64-avx512vnni" and not host_supports("avx512_vnni"):
        pytest.skip("no AVX-512 VNNI on this host (VNNI execution)")
    if target.startswith("aarch64") and not (shutil.which("qemu-aarch64")
                                             and shutil.which("aarch64-linux-gnu-gcc")):
        pytest.skip("qemu-aarch64 or the aarch64 cross toolchain is not installed")


def link_driver(tmp_path, target, driver):
    """Links the C `driver` with tmp_path/model.o (its header next to it) for
    `target`; returns the command that runs it (aarch64: under qemu)."""
    (tmp_path / "driver.c").write_text(driver)
    exe = tmp_path / "run"
    cc = ["aarch64-linux-gnu-gcc"] if target.startswith("aarch64") else [str(LLVM_BIN / "clang")]
    subprocess.run(cc + ["-O1", "-I", str(tmp_path), str(tmp_path / "driver.c"), str(tmp_path / "model.o"),
                         "-lm", "-o", str(exe)], check=True)
    if target.startswith("aarch64"):
        return QEMU_AARCH64 + [str(exe)]
    return [str(exe)]


def run_reference(tmp_path, path, x):
    """The model's result under qnn-run (the reference lowering)."""
    np.save(tmp_path / "x.npy", x)
    subprocess.run([tool("qnn-run"), str(path), "--input", str(tmp_path / "x.npy"),
                    "--output-dir", str(tmp_path / "ref")], check=True)
    return np.load(tmp_path / "ref" / "result0.npy")


def compile_and_run(tmp_path, path, target, x, out_shape):
    subprocess.run([tool("qnn-compile"), str(path), f"--target={target}",
                    "-o", str(tmp_path / "model.o"), "--header", str(tmp_path / "model.h")],
                   check=True)
    fn = pathlib.Path(path).read_text().split("func.func @")[1].split("(")[0]
    driver = (DRIVER.replace("IN_N", str(x.size)).replace("OUT_N", str(int(np.prod(out_shape))))
              .replace("qnn_FN", f"qnn_{fn}"))
    cmd = link_driver(tmp_path, target, driver)
    x.tofile(tmp_path / "x.bin")
    subprocess.run(cmd + [str(tmp_path / "x.bin"), str(tmp_path / "y.bin")], check=True)
    return np.fromfile(tmp_path / "y.bin", dtype=np.float32).reshape(out_shape)


# C for the drivers: reads (write = 0) or writes `n` bytes of a file; nonzero
# on failure.
C_IO = r"""static int io(const char *path, void *buf, size_t n, int write) {
  FILE *f = fopen(path, write ? "wb" : "rb");
  if (!f) return 1;
  size_t done = write ? fwrite(buf, 1, n, f) : fread(buf, 1, n, f);
  fclose(f);
  return done != n;
}
"""

SIGNATURE_DRIVER = r"""
#include <stdio.h>
#include "model.h"
""" + C_IO + r"""BUFFERS
int main(int argc, char **argv) {
  if (argc != NARGS) return 2;
READS
  qnn_FN(ARGS);
WRITES
  return 0;
}
"""


def compile_and_run_any(tmp_path, ir_text, target, inputs):
    """Compiles `ir_text` for `target`, runs it through a C driver generated
    from its signature (any number of inputs and outputs, any dtype; aarch64
    under qemu) and returns the outputs as numpy arrays."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "model.mlir"
    path.write_text(ir_text)
    subprocess.run([tool("qnn-compile"), str(path), f"--target={target}", "-o", str(tmp_path / "model.o"),
                    "--header", str(tmp_path / "model.h"), "--signature", str(tmp_path / "sig.json")],
                   check=True)
    sig = json.loads((tmp_path / "sig.json").read_text())
    specs = sig["inputs"] + sig["outputs"]
    sizes = [max(1, int(np.prod(s["shape"])) * np.dtype(s["dtype"]).itemsize) for s in specs]
    n_in = len(sig["inputs"])
    buffers = "\n".join(f"static _Alignas(64) unsigned char b{i}[{n}];" for i, n in enumerate(sizes))
    reads = "\n".join(f"  if (io(argv[{i + 1}], b{i}, {sizes[i]}, 0)) return 3;" for i in range(n_in))
    writes = "\n".join(f"  if (io(argv[{i + 1}], b{i}, {sizes[i]}, 1)) return 4;"
                       for i in range(n_in, len(specs)))
    driver = (SIGNATURE_DRIVER.replace("BUFFERS", buffers).replace("READS", reads)
              .replace("WRITES", writes).replace("NARGS", str(len(specs) + 1))
              .replace("qnn_FN", f"qnn_{sig['function']}")
              .replace("ARGS", ", ".join(f"(void *)b{i}" for i in range(len(specs)))))
    cmd = link_driver(tmp_path, target, driver)
    files = []
    for i, (x, spec) in enumerate(zip(inputs, sig["inputs"])):
        x = np.ascontiguousarray(np.asarray(x), dtype=np.dtype(spec["dtype"]))
        assert list(x.shape) == spec["shape"], (x.shape, spec["shape"])
        files.append(tmp_path / f"in{i}.bin")
        x.tofile(files[-1])
    outs = [tmp_path / f"out{i}.bin" for i in range(len(sig["outputs"]))]
    subprocess.run(cmd + [str(f) for f in files + outs], check=True)
    return [np.fromfile(f, dtype=np.dtype(s["dtype"])).reshape(s["shape"])
            for f, s in zip(outs, sig["outputs"])]


def assert_targets_match(tmp_path, ir_text, inputs, ref, targets, label=""):
    """Compiles and runs `ir_text` on every target of `targets` this host can
    run (compile_and_run_any) and asserts each output equals `ref`'s, bit for
    bit. Returns how many targets ran."""
    ran = 0
    for target in targets:
        try:
            skip_unless_runnable(target)
        except pytest.skip.Exception:
            continue
        outs = compile_and_run_any(tmp_path / target, ir_text, target, inputs)
        assert len(outs) == len(ref)
        for i, (a, b) in enumerate(zip(outs, ref)):
            np.testing.assert_array_equal(a, b, err_msg=f"{label} on {target}, output {i}")
        ran += 1
    return ran


def data_section_bytes(obj):
    """Bytes of an object's data sections (its constants: the weights)."""
    out = subprocess.run([str(LLVM_BIN / "llvm-size"), "-A", str(obj)], capture_output=True,
                         text=True, check=True).stdout
    return sum(int(line.split()[1]) for line in out.splitlines()
               if line.startswith((".rodata", ".data", ".lrodata")))
