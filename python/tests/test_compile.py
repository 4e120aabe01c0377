"""qnn-compile end to end: compile for each target, link a C driver, run
(aarch64 under qemu), and compare bit-exactly with qnn-run."""
import re
import subprocess

import numpy as np
import pytest

from compiled_driver import (ARM_TARGETS, LLVM_BIN, X86_TARGETS, compile_and_run, compile_and_run_any,
                             run_reference, skip_unless_runnable)
from conftest import ROOT, tool

MODELS = {
    "basic_block": (ROOT / "examples" / "basic_block_quantized.mlir", (1, 8, 16, 16), (1, 8, 16, 16)),
}


@pytest.mark.parametrize("target", X86_TARGETS + ARM_TARGETS)
@pytest.mark.parametrize("model", list(MODELS))
def test_compiled_model_matches_qnn_run(tmp_path, model, target):
    path, in_shape, out_shape = MODELS[model]
    skip_unless_runnable(target)
    x = np.random.default_rng(1).standard_normal(in_shape).astype(np.float32)
    ref = run_reference(tmp_path, path, x)
    out = compile_and_run(tmp_path, path, target, x, out_shape)
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


def test_header_scratch_size_and_shape_checks(tmp_path):
    path = MODELS["basic_block"][0]
    subprocess.run([tool("qnn-compile"), str(path), "--target=x86-64-avx2", "-o", str(tmp_path / "model.o"),
                    "--header", str(tmp_path / "model.h")], check=True)
    header = (tmp_path / "model.h").read_text()
    scratch = int(header.split("#define QNN_BASIC_BLOCK_SCRATCH_BYTES ")[1].split()[0])
    assert scratch > 0
    (tmp_path / "driver.c").write_text(r"""
#include <stdio.h>
#include "model.h"
static float in[1 * 8 * 16 * 16], out[1 * 8 * 16 * 16];
int main(void) {
  qnn_memref4d a = {in, in, 0, {1, 8, 16, 16}, {2048, 256, 16, 1}};
  qnn_memref4d r = {out, out, 0, {1, 8, 16, 16}, {2048, 256, 16, 1}};
  for (int i = 0; i < 2048; ++i) in[i] = (float)(i % 13) - 6.0f;
  int ok = qnn_basic_block_checked(&a, &r);
  /* Size-1 dimensions may carry any stride. */
  a.strides[0] = 7;
  int anyStride = qnn_basic_block_checked(&a, &r);
  a.strides[0] = 2048;
  /* Every check below refuses and must leave the output untouched. */
  for (int i = 0; i < 2048; ++i) out[i] = -1234.0f;
  r.sizes[2] = 15;
  int size = qnn_basic_block_checked(&a, &r);
  r.sizes[2] = 16;
  a.offset = 16;
  int offset = qnn_basic_block_checked(&a, &r);
  a.offset = 0;
  /* NHWC strides over the same sizes. */
  a.strides[1] = 1; a.strides[2] = 128; a.strides[3] = 8;
  int nhwc = qnn_basic_block_checked(&a, &r);
  a.strides[1] = 256; a.strides[2] = 16; a.strides[3] = 1;
  r.offset = 1;
  int outOffset = qnn_basic_block_checked(&a, &r);
  r.offset = 0;
  a.aligned = 0;
  int null = qnn_basic_block_checked(&a, &r);
  int untouched = 1;
  for (int i = 0; i < 2048; ++i) untouched &= out[i] == -1234.0f;
  printf("%d %d %d %d %d %d %d %d\n", ok, anyStride, size, offset, nhwc, outOffset, null, untouched);
  return 0;
}
""")
    exe = tmp_path / "run"
    subprocess.run([str(LLVM_BIN / "clang"), "-I", str(tmp_path), str(tmp_path / "driver.c"),
                    str(tmp_path / "model.o"), "-lm", "-o", str(exe)], check=True)
    assert subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.split() == \
        ["0", "0", "2", "1", "1", "2", "1", "1"]
    # The temporaries live in the arena, of the size the header states.
    ll = subprocess.run([tool("qnn-compile"), str(path), "--target=x86-64-avx2", "--emit=llvm", "-o", "-"],
                        capture_output=True, text=True, check=True).stdout
    # (LLVM may or may not infer unnamed_addr.)
    assert re.search(rf"@__qnn_scratch_basic_block = private (unnamed_addr )?global \[{scratch} x i8\] "
                     r"undef, align 64", ll)


# 4-bit activation storage (u4 values in bytes): the basic block with every
# activation type narrowed to u4, and a model with u4 at its boundary.
U4_BLOCK = (MODELS["basic_block"][0].read_text()
            .replace("quant.uniform<u8:f32, 0.0157:64>", "quant.uniform<u4:f32, 0.25:7>")
            .replace("quant.uniform<u8:", "quant.uniform<u4:"))
_U4_W = np.random.default_rng(6).integers(-8, 8, (16, 16, 1, 1))
U4_BOUNDARY = f"""
!a = tensor<1x16x8x8x!quant.uniform<u4:f32, 0.25:3>>
!w = tensor<16x16x1x1x!quant.uniform<i8:f32, 0.03>>
func.func @f(%q: !a) -> !a {{
  %w = qnn.qconstant dense<{_U4_W.tolist()}> : tensor<16x16x1x1xi8> -> !w
  %d = qnn.conv2d %q, %w : (!a, !w) -> !a
  return %d : !a
}}
"""


@pytest.mark.parametrize("target", X86_TARGETS + ARM_TARGETS)
def test_u4_activations(tmp_path, target, qnn_run):
    skip_unless_runnable(target)
    x = np.random.default_rng(5).standard_normal((1, 8, 16, 16)).astype(np.float32) * 2
    ref, = qnn_run(U4_BLOCK, x)
    out, = compile_and_run_any(tmp_path / "block", U4_BLOCK, target, [x])
    np.testing.assert_array_equal(out, ref)
    assert len(np.unique(ref)) > 4
    q = np.random.default_rng(7).integers(0, 16, (1, 16, 8, 8)).astype(np.uint8)
    (ref, meta), = qnn_run(U4_BOUNDARY, q)
    out, = compile_and_run_any(tmp_path / "boundary", U4_BOUNDARY, target, [q])
    np.testing.assert_array_equal(out, ref)
    assert ref.max() <= 15 and len(np.unique(ref)) > 4


LINEAR_1D = """
!x = tensor<SHAPE16x!quant.uniform<u8:f32, 0.05:128>>
!y = tensor<SHAPE8x!quant.uniform<u8:f32, 0.1:120>>
!w = tensor<8x16x!quant.uniform<i8:f32, 0.02>>
func.func @f(%x: tensor<SHAPE16xf32>) -> (tensor<SHAPE8xf32>, tensor<SHAPE8xf32>, tensor<SHAPE8xf32>) {
  %q = qnn.quantize %x : tensor<SHAPE16xf32> -> !x
  %w = qnn.qconstant dense<WEIGHTS> : tensor<8x16xi8> -> !w
  %c = qnn.linear %q, %w : (!x, !w) -> !y
  %d = qnn.dequantize %c : !y -> tensor<SHAPE8xf32>
  %e = qnn.linear %x, %w : (tensor<SHAPE16xf32>, !w) -> tensor<SHAPE8xf32>
  %fw = qnn.dequantize %w : !w -> tensor<8x16xf32>
  %f = qnn.linear %x, %fw : (tensor<SHAPE16xf32>, tensor<8x16xf32>) -> tensor<SHAPE8xf32>
  return %d, %e, %f : tensor<SHAPE8xf32>, tensor<SHAPE8xf32>, tensor<SHAPE8xf32>
}
""".replace("WEIGHTS", str(np.random.default_rng(8).integers(-20, 20, (8, 16)).tolist()))


@pytest.mark.parametrize("target", X86_TARGETS + ARM_TARGETS)
def test_linear_with_1d_input(tmp_path, target, qnn_run):
    """torch's Linear takes a 1-D input as one row: quantized, dynamic and
    float qnn.linear on a 1-D input equal the 1 x K form, compiled too."""
    skip_unless_runnable(target)
    x = np.random.default_rng(9).standard_normal(16).astype(np.float32) * 2
    one = LINEAR_1D.replace("SHAPE", "")
    rows = qnn_run(LINEAR_1D.replace("SHAPE", "1x"), x[None])
    outs = qnn_run(one, x)
    for o, r in zip(outs, rows):
        np.testing.assert_array_equal(o, r[0])
    compiled = compile_and_run_any(tmp_path, one, target, [x])
    for c, o in zip(compiled, outs):
        np.testing.assert_array_equal(c, o)
