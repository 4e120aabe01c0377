"""Compile a one-input, one-output float model with qnn-compile, link it with a
C driver, run it (aarch64 targets under qemu) and return its output."""
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

from conftest import tool

LLVM_BIN = pathlib.Path("/usr/lib/llvm-22/bin")
X86_TARGETS = ["generic", "native", "x86-64-avx2", "x86-64-avx512vnni"]
ARM_TARGETS = ["aarch64-neon", "aarch64-neon-dotprod"]

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
    return flag in pathlib.Path("/proc/cpuinfo").read_text()


def skip_unless_runnable(target):
    if target == "x86-64-avx512vnni" and not host_supports("avx512_vnni"):
        pytest.skip("no AVX-512 VNNI on this machine")
    if target.startswith("aarch64") and not (shutil.which("qemu-aarch64")
                                             and shutil.which("aarch64-linux-gnu-gcc")):
        pytest.skip("qemu-aarch64 or the aarch64 cross toolchain is not installed")


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
    (tmp_path / "driver.c").write_text(driver)
    exe = tmp_path / "run"
    if target.startswith("aarch64"):
        subprocess.run(["aarch64-linux-gnu-gcc", "-O1", "-I", str(tmp_path), str(tmp_path / "driver.c"),
                        str(tmp_path / "model.o"), "-lm", "-o", str(exe)], check=True)
        cmd = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", str(exe)]
    else:
        subprocess.run([str(LLVM_BIN / "clang"), "-O1", "-I", str(tmp_path), str(tmp_path / "driver.c"),
                        str(tmp_path / "model.o"), "-lm", "-o", str(exe)], check=True)
        cmd = [str(exe)]
    x.tofile(tmp_path / "x.bin")
    subprocess.run(cmd + [str(tmp_path / "x.bin"), str(tmp_path / "y.bin")], check=True)
    return np.fromfile(tmp_path / "y.bin", dtype=np.float32).reshape(out_shape)
