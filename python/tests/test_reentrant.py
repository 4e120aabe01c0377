"""The reentrant C ABI of compiled models: `qnn_<name>_run` with a
caller-owned workspace from several pthreads at once (aarch64 under qemu),
its error codes, and `qnn-compile --name` linking two models into one
program."""
import json
import pathlib
import subprocess

import numpy as np
import pytest

from compiled_driver import C_IO, LLVM_BIN, skip_unless_runnable
from conftest import ROOT, tool

BLOCK = ROOT / "examples" / "basic_block_quantized.mlir"
SHAPE = (1, 8, 16, 16)
N = int(np.prod(SHAPE))

THREAD_DRIVER = r"""
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
#define T 4
#define N NELEM
static float in[T][N], serial[T][N];
static int iters;
static void *shared_ws;
static long wrong[T];
static void *worker(void *arg) {
  long t = (long)arg;
  size_t n = qnn_block_workspace_size(QNN_BLOCK_BATCH);
  /* Each thread its own workspace, unless the run demonstrates sharing. */
  void *ws = shared_ws ? shared_ws : aligned_alloc(64, (n + 63) / 64 * 64);
  float *out = malloc(sizeof(float) * N);
  for (int i = 0; i < iters; ++i) {
    if (qnn_block_run(ws, QNN_BLOCK_BATCH, in[t], out) != QNN_BLOCK_OK) { wrong[t] = -1; break; }
    wrong[t] += memcmp(out, serial[t], sizeof(float) * N) != 0;
  }
  free(out);
  if (!shared_ws) free(ws);
  return 0;
}
int main(int argc, char **argv) {
  iters = atoi(argv[1]);
  FILE *f = fopen(argv[2], "rb");
  if (!f || fread(in, sizeof(float), T * N, f) != T * N) return 2;
  fclose(f);
  size_t n = qnn_block_workspace_size(QNN_BLOCK_BATCH);
  void *ws = aligned_alloc(64, (n + 63) / 64 * 64);
  /* The serial results: the reentrant entry one call at a time, equal to the
     static-arena entry. */
  static float stat[N];
  for (int t = 0; t < T; ++t) {
    if (qnn_block_run(ws, QNN_BLOCK_BATCH, in[t], serial[t]) != QNN_BLOCK_OK) return 3;
    qnn_block(in[t], stat);
    if (memcmp(stat, serial[t], sizeof stat)) return 4;
  }
  if (argc > 4 && !strcmp(argv[4], "shared")) shared_ws = ws;
  pthread_t th[T];
  for (long t = 0; t < T; ++t) pthread_create(&th[t], 0, worker, (void *)t);
  for (int t = 0; t < T; ++t) pthread_join(th[t], 0);
  for (int t = 0; t < T; ++t) printf("%ld ", wrong[t]);
  printf("\n");
  f = fopen(argv[3], "wb");
  if (!f || fwrite(serial, sizeof(float), T * N, f) != T * N) return 5;
  fclose(f);
  return 0;
}
"""


def compile_model(ir_path, target, out, name=None, extra=()):
    cmd = [tool("qnn-compile"), str(ir_path), f"--target={target}", "-o", str(out.with_suffix(".o")),
           "--header", str(out.with_suffix(".h")), *extra]
    if name:
        cmd.append(f"--name={name}")
    subprocess.run(cmd, check=True)


def link(tmp_path, target, source, objects, exe="run"):
    """Links C `source` with `objects` (pthreads, libm) for `target`; returns
    the command running it (aarch64: under qemu)."""
    (tmp_path / f"{exe}.c").write_text(source)
    arm = target.startswith("aarch64")
    cc = ["aarch64-linux-gnu-gcc"] if arm else [str(LLVM_BIN / "clang")]
    subprocess.run(cc + ["-O1", "-std=c11", "-D_GNU_SOURCE", "-I", str(tmp_path), str(tmp_path / f"{exe}.c"),
                         *map(str, objects), "-lpthread", "-lm", "-o", str(tmp_path / exe)], check=True)
    if arm:
        return ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", str(tmp_path / exe)]
    return [str(tmp_path / exe)]


def reference(tmp_path, ir_path, x, tag):
    np.save(tmp_path / f"{tag}.npy", x)
    subprocess.run([tool("qnn-run"), str(ir_path), "--input", str(tmp_path / f"{tag}.npy"),
                    "--output-dir", str(tmp_path / tag)], check=True)
    return np.load(tmp_path / tag / "result0.npy")


@pytest.mark.parametrize("target", ["native", "x86-64-avx2", "aarch64-neon", "aarch64-neon-dotprod"])
def test_threads_with_own_workspaces(tmp_path, target):
    """4 pthreads call one model with their own workspaces and different
    inputs, many times: every result equals the serial one, which equals
    qnn-run."""
    skip_unless_runnable(target)
    compile_model(BLOCK, target, tmp_path / "model", name="block")
    cmd = link(tmp_path, target, THREAD_DRIVER.replace("NELEM", str(N)), [tmp_path / "model.o"])
    x = np.random.default_rng(11).standard_normal((4, *SHAPE)).astype(np.float32) * 2
    x.tofile(tmp_path / "x.bin")
    iters = 500 if target.startswith("aarch64") else 3000
    out = subprocess.run(cmd + [str(iters), str(tmp_path / "x.bin"), str(tmp_path / "y.bin")],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0"] * 4, f"wrong results per thread: {out}"
    serial = np.fromfile(tmp_path / "y.bin", dtype=np.float32).reshape(4, *SHAPE)
    for t in range(4):
        np.testing.assert_array_equal(serial[t], reference(tmp_path, BLOCK, x[t], f"ref{t}"))
    assert not np.array_equal(serial[0], serial[1])


ERROR_DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
static float in[NELEM], out[NELEM], want[NELEM];
static int untouched(void) {
  for (int i = 0; i < NELEM; ++i) if (out[i] != -1234.0f) return 0;
  return 1;
}
static void fill(void) { for (int i = 0; i < NELEM; ++i) out[i] = -1234.0f; }
/* 10 x the code + whether the output is untouched (read after the call). */
static int refused(int code) { return code * 10 + untouched(); }
#define REFUSED(call) (fill(), refused(call))
int main(void) {
  for (int i = 0; i < NELEM; ++i) in[i] = (float)(i % 13) - 6.0f;
  size_t n = qnn_block_workspace_size(QNN_BLOCK_BATCH);
  unsigned char *ws = aligned_alloc(64, (n + 64 + 63) / 64 * 64);
  qnn_block(in, want);
  printf("%d %d %d %d\n", n >= QNN_BLOCK_SCRATCH_BYTES && n >= 64, (int)qnn_block_workspace_size(2),
         (int)qnn_block_workspace_size(0), (int)qnn_block_workspace_size(-1));
  printf("%d %d %d\n", REFUSED(qnn_block_run(ws, 2, in, out)), REFUSED(qnn_block_run(ws, 0, in, out)),
         REFUSED(qnn_block_run(ws, -1, in, out)));
  printf("%d %d %d\n", REFUSED(qnn_block_run(0, 1, in, out)), REFUSED(qnn_block_run(ws, 1, 0, out)),
         REFUSED(qnn_block_run(ws, 1, in, 0)));
  printf("%d %d\n", REFUSED(qnn_block_run(ws + 1, 1, in, out)), REFUSED(qnn_block_run(ws + 32, 1, in, out)));
  /* Batch is checked first, then null pointers, then alignment. */
  printf("%d %d\n", REFUSED(qnn_block_run(ws + 1, 3, 0, out)), REFUSED(qnn_block_run(ws + 1, 1, 0, out)));
  fill();
  int ok = qnn_block_run(ws + 64, QNN_BLOCK_BATCH, in, out);
  printf("%d %d\n", ok, !memcmp(out, want, sizeof out));
  return 0;
}
"""


@pytest.mark.parametrize("target", ["generic", "aarch64-neon"])
def test_run_error_codes(tmp_path, target):
    """A wrong batch, a null workspace/input/output and a misaligned
    workspace are refused with the header's codes, nothing written."""
    skip_unless_runnable(target)
    compile_model(BLOCK, target, tmp_path / "model", name="block")
    header = (tmp_path / "model.h").read_text()
    for line in ["#define QNN_BLOCK_BATCH 1", "#define QNN_BLOCK_OK 0", "#define QNN_BLOCK_E_NULL 1",
                 "#define QNN_BLOCK_E_ALIGN 2", "#define QNN_BLOCK_E_BATCH 3",
                 "size_t qnn_block_workspace_size(int64_t batch);",
                 "int qnn_block_run(void *workspace, int64_t batch, const float *in0, float *out0);",
                 "#ifndef QNN_MODEL_BLOCK_H"]:
        assert line in header, line
    assert "NOT\n * reentrant" in header
    cmd = link(tmp_path, target, ERROR_DRIVER.replace("NELEM", str(N)), [tmp_path / "model.o"])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["1 0 0 0",
                   "31 31 31",   # E_BATCH, output untouched
                   "11 11 11",   # E_NULL: workspace, input, output
                   "21 21",      # E_ALIGN: 1 and 32 bytes off
                   "31 11",
                   "0 1"], out


# A second model, also named @forward: two objects define the same symbols
# unless compiled with different --name.
SMALL = "1x4x8x8"
SECOND = f"""
func.func @forward(%x: tensor<{SMALL}xf32>) -> tensor<{SMALL}xf32> {{
  %q = qnn.quantize %x : tensor<{SMALL}xf32> -> tensor<{SMALL}x!quant.uniform<u8:f32, 0.05:128>>
  %r = qnn.relu %q : tensor<{SMALL}x!quant.uniform<u8:f32, 0.05:128>> -> tensor<{SMALL}x!quant.uniform<u8:f32, 0.05:128>>
  %y = qnn.dequantize %r : tensor<{SMALL}x!quant.uniform<u8:f32, 0.05:128>> -> tensor<{SMALL}xf32>
  %z = qnn.hardswish %y : tensor<{SMALL}xf32> -> tensor<{SMALL}xf32>
  return %z : tensor<{SMALL}xf32>
}}
"""

TWO_DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
#include "a.h"
#include "b.h"
static float xa[NA], ya[NA], za[NA], xb[NB], yb[NB], zb[NB];
""" + C_IO + r"""int main(int argc, char **argv) {
  if (io(argv[1], xa, sizeof xa, 0) || io(argv[2], xb, sizeof xb, 0)) return 2;
  void *wa = aligned_alloc(64, (qnn_a_workspace_size(QNN_A_BATCH) + 63) / 64 * 64);
  void *wb = aligned_alloc(64, (qnn_b_workspace_size(QNN_B_BATCH) + 63) / 64 * 64);
  if (qnn_a_run(wa, QNN_A_BATCH, xa, ya) || qnn_b_run(wb, QNN_B_BATCH, xb, yb)) return 3;
  qnn_a(xa, za);
  qnn_b(xb, zb);
  if (io(argv[3], ya, sizeof ya, 1) || io(argv[4], yb, sizeof yb, 1) || io(argv[5], za, sizeof za, 1) ||
      io(argv[6], zb, sizeof zb, 1)) return 4;
  return 0;
}
"""


@pytest.mark.parametrize("target", ["x86-64-avx2", "aarch64-neon"])
def test_two_models_in_one_program(tmp_path, target):
    """Two different models, both @forward, compiled with --name a and
    --name b, link into one C program; both entry points of each give
    qnn-run's results. Without --name the link fails on duplicate symbols."""
    skip_unless_runnable(target)
    first = tmp_path / "first.mlir"
    first.write_text(BLOCK.read_text().replace("@basic_block", "@forward"))
    second = tmp_path / "second.mlir"
    second.write_text(SECOND)
    compile_model(first, target, tmp_path / "a", name="a")
    compile_model(second, target, tmp_path / "b", name="b")
    nm = subprocess.run([str(LLVM_BIN / "llvm-nm"), "--defined-only", "--extern-only", str(tmp_path / "a.o")],
                        capture_output=True, text=True, check=True).stdout.split()[2::3]
    assert sorted(nm) == ["_mlir_ciface_a", "a", "qnn_a_run", "qnn_a_workspace_size"], nm
    driver = TWO_DRIVER.replace("NA", str(N)).replace("NB", str(4 * 8 * 8))
    cmd = link(tmp_path, target, driver, [tmp_path / "a.o", tmp_path / "b.o"])
    rng = np.random.default_rng(12)
    xa = rng.standard_normal(SHAPE).astype(np.float32) * 2
    xb = rng.standard_normal((1, 4, 8, 8)).astype(np.float32) * 4
    xa.tofile(tmp_path / "xa.bin")
    xb.tofile(tmp_path / "xb.bin")
    outs = [tmp_path / f"{n}.bin" for n in ["ya", "yb", "za", "zb"]]
    subprocess.run(cmd + [str(tmp_path / "xa.bin"), str(tmp_path / "xb.bin"), *map(str, outs)], check=True)
    ref_a = reference(tmp_path, first, xa, "ref_a")
    ref_b = reference(tmp_path, second, xb, "ref_b")
    for path, ref in zip(outs, [ref_a, ref_b, ref_a, ref_b]):
        np.testing.assert_array_equal(np.fromfile(path, dtype=np.float32).reshape(ref.shape), ref)
    # The same two models without --name: both export `forward`.
    compile_model(first, target, tmp_path / "c")
    compile_model(second, target, tmp_path / "d")
    cc = ["aarch64-linux-gnu-gcc"] if target.startswith("aarch64") else [str(LLVM_BIN / "clang")]
    (tmp_path / "empty.c").write_text("int main(void) { return 0; }\n")
    proc = subprocess.run(cc + [str(tmp_path / "empty.c"), str(tmp_path / "c.o"), str(tmp_path / "d.o"), "-lm",
                                "-o", str(tmp_path / "clash")], capture_output=True, text=True)
    assert proc.returncode != 0 and "forward" in proc.stderr


def test_name_errors(tmp_path):
    for name, message in [("9lives", "is not a C identifier"), ("a-b", "is not a C identifier")]:
        proc = subprocess.run([tool("qnn-compile"), str(BLOCK), "--target=generic", "-o", str(tmp_path / "m.o"),
                               f"--name={name}"], capture_output=True, text=True)
        assert proc.returncode == 1 and message in proc.stderr, proc.stderr
    (tmp_path / "two.mlir").write_text("""
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = call @helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}""")
    proc = subprocess.run([tool("qnn-compile"), str(tmp_path / "two.mlir"), "--function=f", "--target=generic",
                           "-o", str(tmp_path / "m.o"), "--name=helper"], capture_output=True, text=True)
    assert proc.returncode == 1 and "already has a symbol of that name" in proc.stderr, proc.stderr


def test_signature_and_python_name(tmp_path, monkeypatch):
    """The signature names the exported function, batch and workspace;
    qnn.compile(name=...) uses it."""
    import sys
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    sys.path.insert(0, str(ROOT / "python"))
    import qnn
    ir = BLOCK.read_text()
    model = qnn.compile(ir, target="native", name="my_block")
    assert model.signature["function"] == "my_block"
    assert model.signature["batch"] == 1 and model.signature["workspace_bytes"] >= 64
    x = np.random.default_rng(13).standard_normal(SHAPE).astype(np.float32)
    ref, = qnn.run(ir, x)
    np.testing.assert_array_equal(model(x), ref)
    sig = json.loads((pathlib.Path(model.library).parent / "model.json").read_text())
    assert sig["function"] == "my_block"
