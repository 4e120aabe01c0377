"""qnn-compile end to end: compile for each target, link a C driver, run
(aarch64 under qemu), and compare bit-exactly with qnn-run."""
import pathlib
import shutil
import subprocess

import numpy as np
import pytest

from conftest import ROOT, tool

LLVM_BIN = pathlib.Path("/usr/lib/llvm-22/bin")
MODELS = {
    "basic_block": (ROOT / "examples" / "basic_block_quantized.mlir", (1, 8, 16, 16), (1, 8, 16, 16)),
}

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

X86_TARGETS = ["generic", "native", "x86-64-avx2", "x86-64-avx512vnni"]
ARM_TARGETS = ["aarch64-neon", "aarch64-neon-dotprod"]


def host_supports(flag):
    return flag in pathlib.Path("/proc/cpuinfo").read_text()


@pytest.mark.parametrize("target", X86_TARGETS + ARM_TARGETS)
@pytest.mark.parametrize("model", list(MODELS))
def test_compiled_model_matches_qnn_run(tmp_path, model, target):
    path, in_shape, out_shape = MODELS[model]
    if target == "x86-64-avx512vnni" and not host_supports("avx512_vnni"):
        pytest.skip("no AVX-512 VNNI on this machine")
    arm = target.startswith("aarch64")
    if arm and not (shutil.which("qemu-aarch64") and shutil.which("aarch64-linux-gnu-gcc")):
        pytest.skip("qemu-aarch64 or the aarch64 cross toolchain is not installed")
    x = np.random.default_rng(1).standard_normal(in_shape).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    subprocess.run([tool("qnn-run"), str(path), "--input", str(tmp_path / "x.npy"),
                    "--output-dir", str(tmp_path / "ref")], check=True)
    ref = np.load(tmp_path / "ref" / "result0.npy")

    subprocess.run([tool("qnn-compile"), str(path), f"--target={target}",
                    "-o", str(tmp_path / "model.o"), "--header", str(tmp_path / "model.h")],
                   check=True)
    fn = path.read_text().split("func.func @")[1].split("(")[0]
    driver = (DRIVER.replace("IN_N", str(x.size)).replace("OUT_N", str(int(np.prod(out_shape))))
              .replace("qnn_FN", f"qnn_{fn}"))
    (tmp_path / "driver.c").write_text(driver)
    exe = tmp_path / "run"
    if arm:
        subprocess.run(["aarch64-linux-gnu-gcc", "-O1", "-I", str(tmp_path), str(tmp_path / "driver.c"),
                        str(tmp_path / "model.o"), "-lm", "-o", str(exe)], check=True)
        cmd = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", str(exe)]
    else:
        subprocess.run([str(LLVM_BIN / "clang"), "-O1", "-I", str(tmp_path), str(tmp_path / "driver.c"),
                        str(tmp_path / "model.o"), "-lm", "-o", str(exe)], check=True)
        cmd = [str(exe)]
    x.tofile(tmp_path / "x.bin")
    subprocess.run(cmd + [str(tmp_path / "x.bin"), str(tmp_path / "y.bin")], check=True)
    out = np.fromfile(tmp_path / "y.bin", dtype=np.float32).reshape(out_shape)
    np.testing.assert_array_equal(out, ref)


def test_object_has_no_runtime_dependencies(tmp_path):
    path = MODELS["basic_block"][0]
    subprocess.run([tool("qnn-compile"), str(path), "--target=generic", "-o", str(tmp_path / "m.o")],
                   check=True)
    undefined = subprocess.run([str(LLVM_BIN / "llvm-nm"), "-u", str(tmp_path / "m.o")],
                               capture_output=True, text=True, check=True).stdout.split()
    symbols = {s for s in undefined if s != "U"}
    assert symbols <= {"malloc", "free", "memset", "memcpy", "roundevenf", "expf", "tanhf",
                       "expm1f", "sqrtf", "floorf"}, symbols


def test_reproducible_objects(tmp_path):
    path = MODELS["basic_block"][0]
    for i in range(2):
        subprocess.run([tool("qnn-compile"), str(path), "--target=x86-64-avx2",
                        "-o", str(tmp_path / f"m{i}.o")], check=True)
    assert (tmp_path / "m0.o").read_bytes() == (tmp_path / "m1.o").read_bytes()


def test_bad_target_and_observers(tmp_path):
    path = MODELS["basic_block"][0]
    proc = subprocess.run([tool("qnn-compile"), str(path), "--target=riscv", "-o", str(tmp_path / "m.o")],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "unknown target 'riscv'" in proc.stderr
    (tmp_path / "obs.mlir").write_text("""
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %o = qnn.observe %x {observer = #qnn.observer<minmax>} : tensor<4xf32>
  return %o : tensor<4xf32>
}""")
    proc = subprocess.run([tool("qnn-compile"), str(tmp_path / "obs.mlir"), "-o", str(tmp_path / "m.o")],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "obs.mlir:2:1: error: the model still has observers" in proc.stderr


def test_python_compile_numpy_and_torch(tmp_path, monkeypatch):
    import sys
    import torch
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    sys.path.insert(0, str(ROOT / "python"))
    import qnn
    ir = MODELS["basic_block"][0].read_text()
    model = qnn.compile(ir, target="native")
    x = np.random.default_rng(3).standard_normal((1, 8, 16, 16)).astype(np.float32)
    ref, = qnn.run(ir, x)
    np.testing.assert_array_equal(model(x), ref)
    out = model(torch.from_numpy(x))
    assert isinstance(out, torch.Tensor)
    np.testing.assert_array_equal(out.numpy(), ref)
    with pytest.raises(TypeError, match="expected dtype float32"):
        model(x.astype(np.float64))
    with pytest.raises(ValueError, match=r"expected shape \(1, 8, 16, 16\)"):
        model(x[:, :2])
    with pytest.raises(TypeError, match="takes 1 input"):
        model(x, x)
    # Cached: a second compile reuses the library.
    assert qnn.compile(ir, target="native").library == model.library
