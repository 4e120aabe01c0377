"""Intra-op parallelism (`qnn-compile --threads=N`, OpenMP) and any batch
(`--dynamic-batch`): the objects' dependencies, 4 pthreads with their own
workspaces on an OpenMP object, thread counts 1/2/3 bit-identical to the
serial object, Python threads through CompiledModel, batches 1/3/8 equal to
image-by-image calls (aarch64 under qemu: serial objects, see
docs/UserGuide.md)."""
import ctypes
import json
import subprocess
import sys
import threading

import numpy as np
import pytest
import torch

from compiled_driver import C_IO, LLVM_BIN, run_reference, skip_unless_runnable
from conftest import ROOT, tool
from parallel_model import C, H, W, parallel_inputs, parallel_model

sys.path.insert(0, str(ROOT / "python"))
import qnn  # noqa: E402

IN_N, OUT_N = C * H * W, 2 * C * H * W


def compile_to(tmp_path, ir, target, threads=1, extra=(), stem="model"):
    """qnn-compile `ir` into tmp_path/<stem>.o and .h; returns the signature."""
    src = tmp_path / f"{stem}.mlir"
    src.write_text(ir)
    subprocess.run([tool("qnn-compile"), str(src), f"--target={target}", f"--threads={threads}",
                    "-o", str(tmp_path / f"{stem}.o"), "--header", str(tmp_path / f"{stem}.h"),
                    "--signature", str(tmp_path / f"{stem}.json"), *extra], check=True)
    return json.loads((tmp_path / f"{stem}.json").read_text())


def link(tmp_path, target, source, obj, openmp):
    (tmp_path / "run.c").write_text(source)
    arm = target.startswith("aarch64")
    cc = ["aarch64-linux-gnu-gcc"] if arm else [str(LLVM_BIN / "clang")]
    omp = ["-L/usr/lib/llvm-22/lib", "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lomp"] if openmp else []
    subprocess.run(cc + ["-O1", "-std=c11", "-D_GNU_SOURCE", "-I", str(tmp_path), str(tmp_path / "run.c"),
                         str(obj), *omp, "-lpthread", "-lm", "-o", str(tmp_path / "run")], check=True)
    if arm:
        return ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", str(tmp_path / "run")]
    return [str(tmp_path / "run")]


def undefined(obj):
    out = subprocess.run([str(LLVM_BIN / "llvm-nm"), "--undefined-only", "--just-symbol-name", str(obj)],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def needed(lib):
    out = subprocess.run([str(LLVM_BIN / "llvm-readelf"), "--dynamic-table", str(lib)],
                         capture_output=True, text=True, check=True).stdout
    return {line.split("[")[1].split("]")[0] for line in out.splitlines() if "(NEEDED)" in line}


@pytest.mark.parametrize("target", ["native", "aarch64-neon-dotprod"])
def test_dependencies_of_each_form(tmp_path, target):
    """--threads=1: no OpenMP symbol, only libc/libm; --threads=2: the
    kernels fork on OpenMP (__kmpc_fork_call), the shared library needs
    libomp."""
    compile_to(tmp_path, parallel_model(), target, threads=1, stem="serial")
    compile_to(tmp_path, parallel_model(), target, threads=2, stem="omp",
               extra=["--shared", str(tmp_path / "omp.so")] if target == "native" else [])
    serial, omp = undefined(tmp_path / "serial.o"), undefined(tmp_path / "omp.o")
    libc_libm = {"malloc", "free", "memcpy", "memset", "memmove", "aligned_alloc", "posix_memalign",
                 "expf", "exp", "logf", "log", "tanhf", "tanh", "erff", "erf", "powf", "pow",
                 "sqrtf", "sqrt", "roundf", "roundevenf", "nearbyintf", "rintf", "fmaf", "floorf", "ceilf"}
    assert serial <= libc_libm, serial - libc_libm
    assert not any(s.startswith(("__kmpc", "omp_")) for s in serial)
    assert "__kmpc_fork_call" in omp
    assert all(s in libc_libm or s.startswith("__kmpc") for s in omp), omp - libc_libm
    header = (tmp_path / "omp.h").read_text()
    assert "#define QNN_PAR_THREADS 2" in header and "link\n * with LLVM's libomp (-lomp)" in header
    assert "needs only libc and libm" in (tmp_path / "serial.h").read_text()
    if target == "native":
        assert any(n.startswith("libomp") for n in needed(tmp_path / "omp.so"))
        subprocess.run([tool("qnn-compile"), str(tmp_path / "serial.mlir"), "-o", str(tmp_path / "s2.o"),
                        "--shared", str(tmp_path / "serial.so")], check=True)
        assert needed(tmp_path / "serial.so") <= {"libm.so.6", "libc.so.6"}


THREAD_DRIVER = r"""
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
""" + C_IO + r"""
#if QNN_PAR_THREADS > 1
void omp_set_num_threads(int);
#define SET_THREADS(n) omp_set_num_threads(n)
#else
#define SET_THREADS(n) (void)(n)
#endif
#define T 4
/* B images per call (a dynamic batch: the images split over the OpenMP
   team), the reference one call per image. */
static float in[T][B * IN_N], serial[T][B * OUT_N];
static int iters, omp_threads;
static void *shared_ws;
static long wrong[T];
static void *worker(void *arg) {
  long t = (long)arg;
  SET_THREADS(omp_threads); /* the calling thread's OpenMP team size */
  size_t n = qnn_par_workspace_size(B);
  void *ws = shared_ws ? shared_ws : aligned_alloc(64, (n + 63) / 64 * 64);
  float *out = malloc(sizeof(float) * B * OUT_N);
  for (int i = 0; i < iters; ++i) {
    if (qnn_par_run(ws, B, in[t], out) != QNN_PAR_OK) { wrong[t] = -1; break; }
    wrong[t] += memcmp(out, serial[t], sizeof(float) * B * OUT_N) != 0;
  }
  free(out);
  if (!shared_ws) free(ws);
  return 0;
}
int main(int argc, char **argv) {
  iters = atoi(argv[1]);
  omp_threads = atoi(argv[4]);
  if (io(argv[2], in, sizeof in, 0)) return 2;
  size_t n = qnn_par_workspace_size(B);
  void *ws = aligned_alloc(64, (n + 63) / 64 * 64);
  SET_THREADS(omp_threads);
  for (int t = 0; t < T; ++t)
    for (int b = 0; b < B; ++b)
      if (qnn_par_run(ws, 1, in[t] + b * IN_N, serial[t] + b * OUT_N) != QNN_PAR_OK) return 3;
  if (argc > 5 && !strcmp(argv[5], "shared")) shared_ws = ws;
  pthread_t th[T];
  for (long t = 0; t < T; ++t) pthread_create(&th[t], 0, worker, (void *)t);
  for (int t = 0; t < T; ++t) pthread_join(th[t], 0);
  for (int t = 0; t < T; ++t) printf("%ld ", wrong[t]);
  printf("\n");
  return io(argv[3], serial, sizeof serial, 1) ? 5 : 0;
}
""".replace("IN_N", str(IN_N)).replace("OUT_N", str(OUT_N))


@pytest.mark.parametrize("target,threads,batch", [("native", 2, 1), ("x86-64-avx2", 3, 1), ("generic", 2, 1),
                                                  ("native", 2, 3), ("aarch64-neon", 1, 1),
                                                  ("aarch64-neon-dotprod", 1, 1)])
def test_pthreads_with_own_workspaces(tmp_path, target, threads, batch):
    """4 pthreads, each running the OpenMP object on `threads` OpenMP
    threads (aarch64: the serial object under qemu, no arm64 libomp), with
    their own workspaces and different inputs, many times: every result
    equals the serial run, which equals qnn-run. With batch 3 (a dynamic
    batch) each call splits its images over its OpenMP team, and the serial
    run is one call per image."""
    skip_unless_runnable(target)
    compile_to(tmp_path, parallel_model(), target, threads=threads,
               extra=["--dynamic-batch"] if batch > 1 else [])
    if threads > 1:
        assert "__kmpc_fork_call" in undefined(tmp_path / "model.o")
    cmd = link(tmp_path, target, THREAD_DRIVER.replace("#define T 4", f"#define T 4\n#define B {batch}"),
               tmp_path / "model.o", openmp=threads > 1)
    xs = np.stack(parallel_inputs(4 * batch))
    xs.tofile(tmp_path / "x.bin")
    iters = 20 if target.startswith("aarch64") or batch > 1 else 100
    out = subprocess.run(cmd + [str(iters), str(tmp_path / "x.bin"), str(tmp_path / "y.bin"), str(threads)],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0"] * 4, f"wrong results per thread: {out}"
    serial = np.fromfile(tmp_path / "y.bin", dtype=np.float32).reshape(4 * batch, 1, 2 * C, H, W)
    for t in (0, 4 * batch - 1):
        np.testing.assert_array_equal(serial[t], run_reference(tmp_path, tmp_path / "model.mlir", xs[t]))
    assert not np.array_equal(serial[0], serial[1])


def conv3x3_model(name, ci, co, h, w, seed, w_scale, out_q):
    """One 3x3 conv (padding 1) between quantize and dequantize: random int8
    weights in [-20, 20], input quint8 (0.05, 3), output quint8 `out_q`."""
    from irgen import dense, qtype, tensor
    rng = np.random.default_rng(seed)
    xs, ys = [1, ci, h, w], [1, co, h, w]
    ta, to = tensor(xs, qtype("quint8", 0.05, 3)), tensor(ys, qtype("quint8", *out_q))
    tw = tensor([co, ci, 3, 3], qtype("qint8", w_scale, 0))
    wt = dense(rng.integers(-20, 21, (co, ci, 3, 3)).astype(np.int8))
    return f"""func.func @{name}(%x: {tensor(xs)}) -> {tensor(ys)} {{
  %w = qnn.qconstant {wt} : {tensor([co, ci, 3, 3], 'i8')} -> {tw}
  %q = qnn.quantize %x : {tensor(xs)} -> {ta}
  %c = qnn.conv2d %q, %w {{name = "{name}", padding = array<i64: 1, 1>}} : ({ta}, {tw}) -> {to}
  %y = qnn.dequantize %c : {to} -> {tensor(ys)}
  return %y : {tensor(ys)}
}}
"""


def row_split_model():
    """A 3x3 conv with more output pixels (20 x 20) than channels (128:
    two panels, K = 864 in K blocks), a GEMM on x86-64-avx512vnni (AVX2 and
    generic take it to Winograd): qnn-parallelize deals its row tiles out
    around the panels and K blocks (qnn.split_rows)."""
    return conv3x3_model("rows", 96, 128, H, W, 3, 0.004, (0.3, 4))


def assert_thread_counts_identical(tmp_path, monkeypatch, ir, target, inputs, calls=1):
    """The OpenMP object of `ir` on 1, 2 and 3 threads gives exactly the
    serial object's results on every input, `calls` calls each."""
    skip_unless_runnable(target)
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    serial = qnn.compile(ir, target=target)
    par = qnn.compile(ir, target=target, threads=2)
    for x in inputs:
        want = serial(x)
        assert len(np.unique(want)) > 20
        for n in (1, 2, 3):
            par.threads = n
            for _ in range(calls):
                np.testing.assert_array_equal(par(x), want)


def test_row_split_is_bit_identical(tmp_path, monkeypatch):
    """The rows of a GEMM split around its panels and K blocks: the OpenMP
    object on 1, 2 and 3 threads gives exactly the serial object's results
    (x86-64-avx512vnni, where the host runs it)."""
    rng = np.random.default_rng(4)
    inputs = [(rng.standard_normal((1, 96, H, W)) * 2).astype(np.float32) for _ in range(2)]
    assert_thread_counts_identical(tmp_path, monkeypatch, row_split_model(), "x86-64-avx512vnni",
                                   inputs)


def blocked_winograd_model():
    """A 3x3 stride-1 conv with 1536 input channels: Winograd on the 16-bit
    kernels (x86-64-avx2, generic), its 16 batched GEMMs K-blocked (a panel
    of 1536 16-bit k pairs is over kPanelBytesInL1), sharing one buffer of
    partial sums, so the batch loop must not be split over threads."""
    return conv3x3_model("wino", 1536, 32, 6, 6, 5, 0.002, (0.5, 100))


@pytest.mark.parametrize("target", ["x86-64-avx2", "generic"])
def test_blocked_winograd_threads_are_bit_identical(tmp_path, monkeypatch, target):
    """A K-blocked Winograd conv (its 16 GEMMs share one partial-sum buffer)
    on 1, 2 and 3 threads gives exactly the serial object's results, call
    after call (a parallel batch loop raced on that buffer: about half the
    calls at 2 threads were wrong)."""
    rng = np.random.default_rng(6)
    x = (rng.standard_normal((1, 1536, 6, 6)) * 2).astype(np.float32)
    assert_thread_counts_identical(tmp_path, monkeypatch, blocked_winograd_model(), target, [x],
                                   calls=12)


@pytest.mark.parametrize("target", ["native", "generic"])
def test_thread_counts_are_bit_identical(tmp_path, monkeypatch, target):
    """The OpenMP object on 1, 2 and 3 threads gives exactly the serial
    object's results."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    serial = qnn.compile(parallel_model(), target=target)
    assert serial.signature["threads"] == 1
    par = qnn.compile(parallel_model(), target=target, threads=2)
    assert par.signature["threads"] == 2 and par.threads == 2
    for x in parallel_inputs(3):
        want = serial(x)
        for n in (1, 2, 3):
            par.threads = n
            np.testing.assert_array_equal(par(x), want)


def test_python_threads_on_openmp_object(tmp_path, monkeypatch):
    """4 Python threads call one OpenMP model (2 OpenMP threads each):
    exactly the serial results. The library is a CDLL, whose calls release
    the GIL (a PyDLL function would keep it)."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    model = qnn.compile(parallel_model(), target="native", threads=2)
    assert not model._run._flags_ & ctypes._FUNCFLAG_PYTHONAPI
    inputs = parallel_inputs(4)
    expected = [qnn.compile(parallel_model(), target="native")(x) for x in inputs]
    wrong = [0] * 4
    start = threading.Barrier(4)

    def worker(t):
        start.wait()
        for _ in range(30):
            wrong[t] += not np.array_equal(model(inputs[t]), expected[t])

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert wrong == [0] * 4


def test_threads_argument_is_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    for bad in (0, -2, 1.5):
        with pytest.raises(ValueError, match="threads must be None or an int >= 1"):
            qnn.compile(parallel_model(), threads=bad)


@pytest.mark.parametrize("threads", [None, 2])
def test_dynamic_batch_python(tmp_path, monkeypatch, threads):
    """One model compiled with a dynamic batch: batches 1, 3 and 8 equal
    image-by-image calls of the batch-1 model, with the serial and the
    OpenMP object (on 1, 2 and 3 threads); a static model keeps refusing
    other batches."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    one = qnn.compile(parallel_model(), target="native")
    dyn = qnn.compile(parallel_model(), target="native", threads=threads, dynamic_batch=True)
    assert dyn.dynamic_batch and not one.dynamic_batch
    slice_bytes = (one.workspace_bytes + 63) // 64 * 64
    assert dyn.workspace_size(8) == (8 * slice_bytes if threads else one.workspace_bytes)
    assert dyn.workspace_size(0) == 0 and one.workspace_size(3) == 0
    for batch in (1, 3, 8):
        x = parallel_inputs(1, batch=batch, seed=batch)[0]
        want = np.concatenate([one(x[i:i + 1]) for i in range(batch)])
        for n in (1, 2, 3) if threads else (None,):
            if n:
                dyn.threads = n
            y = dyn(x)
            assert y.shape == (batch, 2 * C, H, W)
            np.testing.assert_array_equal(y, want)
    with pytest.raises(ValueError, match="expected shape"):
        one(parallel_inputs(1, batch=3)[0])
    with pytest.raises(ValueError, match="same n >= 1"):
        dyn(np.zeros((0, C, H, W), np.float32))


DYNAMIC_DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"
""" + C_IO + r"""
#if QNN_PAR_THREADS > 1
void omp_set_num_threads(int);
#define SET_THREADS(n) omp_set_num_threads(n)
#else
#define SET_THREADS(n) (void)(n)
#endif
#define B 8
static float in[B][IN_N], out[B][OUT_N], one[B][OUT_N];
int main(int argc, char **argv) {
  if (io(argv[1], in, sizeof in, 0)) return 2;
  size_t n = qnn_par_workspace_size(1);
  /* Serial: the same workspace size for every batch; OpenMP: a slice per
     image; 0 for batch < 1. */
  size_t want = QNN_PAR_THREADS > 1 ? B * ((n + 63) / 64 * 64) : n;
  printf("%d %d %d %d\n", QNN_PAR_DYNAMIC_BATCH, want == qnn_par_workspace_size(B),
         (int)qnn_par_workspace_size(0), (int)qnn_par_workspace_size(-3));
  void *ws = aligned_alloc(64, (qnn_par_workspace_size(B) + 63) / 64 * 64);
  printf("%d %d\n", qnn_par_run(ws, 0, in[0], out[0]), qnn_par_run(ws, -1, in[0], out[0]));
  SET_THREADS(1);
  for (int b = 0; b < B; ++b)
    if (qnn_par_run(ws, 1, in[b], one[b]) != QNN_PAR_OK) return 3;
  int batches[] = {1, 3, 8};
  for (int t = 1; t <= 3; ++t) {
    SET_THREADS(t);
    for (int i = 0; i < 3; ++i) {
      memset(out, 0, sizeof out);
      if (qnn_par_run(ws, batches[i], in[0], out[0]) != QNN_PAR_OK) return 4;
      /* Exactly the image-by-image results, nothing written past the batch. */
      int same = !memcmp(out, one, sizeof(float) * OUT_N * batches[i]);
      int untouched = 1;
      for (size_t k = (size_t)batches[i] * OUT_N; k < (size_t)B * OUT_N; ++k)
        untouched &= ((float *)out)[k] == 0.0f;
      printf("%d%d ", same, untouched);
    }
  }
  printf("\n");
  return io(argv[2], one, sizeof one, 1) ? 5 : 0;
}
""".replace("IN_N", str(IN_N)).replace("OUT_N", str(OUT_N))


@pytest.mark.parametrize("target,threads", [("native", 1), ("native", 2), ("aarch64-neon", 1)])
def test_dynamic_batch_c(tmp_path, target, threads):
    """qnn_par_run with batches 1, 3 and 8 from one object, on 1, 2 and 3
    OpenMP threads (the OpenMP object splits the images over the team, each
    image in its slice of the workspace): bit-identical to one call per
    image on one thread; batch < 1 is QNN_PAR_E_BATCH; the image results
    equal qnn-run's."""
    skip_unless_runnable(target)
    compile_to(tmp_path, parallel_model(), target, threads=threads, extra=["--dynamic-batch"])
    header = (tmp_path / "model.h").read_text()
    assert "#define QNN_PAR_E_BATCH 3 /* batch < 1 */" in header
    assert "in0: float[batch][32][20][20]" in header
    cmd = link(tmp_path, target, DYNAMIC_DRIVER, tmp_path / "model.o", openmp=threads > 1)
    xs = np.stack(parallel_inputs(8, seed=3))
    xs.tofile(tmp_path / "x.bin")
    out = subprocess.run(cmd + [str(tmp_path / "x.bin"), str(tmp_path / "y.bin")],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0].split() == ["1", "1", "0", "0"]
    assert out[1].split() == ["3", "3"]
    assert out[2].split() == ["11"] * 9
    one = np.fromfile(tmp_path / "y.bin", dtype=np.float32).reshape(8, 1, 2 * C, H, W)
    np.testing.assert_array_equal(one[5], run_reference(tmp_path, tmp_path / "model.mlir", xs[5]))


def test_dynamic_batch_from_torch(tmp_path, monkeypatch):
    """from_torch(..., dynamic_batch=True) imports at batch 1 and marks the
    function; the compiled model takes any batch, each image as the batch-1
    model computes it."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.ao.quantization.QuantStub(), torch.nn.Conv2d(3, 8, 3, padding=1),
                            torch.nn.ReLU(), torch.ao.quantization.DeQuantStub()).eval()
    m.qconfig = torch.ao.quantization.get_default_qconfig("fbgemm")
    x = torch.randn(4, 3, 8, 8)
    ir = qnn.from_torch(m, x, dynamic_batch=True)
    assert "qnn.dynamic_batch" in ir and "tensor<1x3x8x8xf32>" in ir and "tensor<4x" not in ir
    qir = qnn.convert(qnn.calibrate(qnn.prepare(ir), [x[i:i + 1] for i in range(4)]))
    dyn = qnn.compile(qir, target="native")
    assert dyn.dynamic_batch
    static = qnn.compile(qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(m, x[:1])),
                                                   [x[i:i + 1] for i in range(4)])), target="native")
    y = dyn(x.numpy())
    assert y.shape == (4, 8, 8, 8)
    np.testing.assert_array_equal(y, np.concatenate([static(x[i:i + 1].numpy()) for i in range(4)]))


@pytest.mark.parametrize("arch", ["resnet18", "mobilenet_v2"])
def test_torchvision_threads_and_batch(tmp_path, monkeypatch, arch):
    """A torchvision model (residual adds, pooling, requantization and
    channels-last copies split by qnn-tag-linalg-loops, besides the
    kernels) with a dynamic batch: the OpenMP object at 1, 2 and 3 threads,
    batches 1 and 3, equals the serial object called image by image."""
    import torchvision.models.quantization as tvq
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    torch.manual_seed(0)
    model = getattr(tvq, arch)(weights=None, quantize=False)
    # Without trained weights the activations vanish: BatchNorm takes the
    # statistics of the inputs, and the pooled features are compared.
    setattr(model, "fc" if arch == "resnet18" else "classifier", torch.nn.Identity())
    g = torch.Generator().manual_seed(1)
    xs = torch.randn(3, 3, 32, 32, generator=g)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    with torch.no_grad():
        model.train()(xs)
    model.eval()
    model.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    ir = qnn.from_torch(model, xs[:1], dynamic_batch=True)
    qir = qnn.convert(qnn.calibrate(qnn.prepare(ir), [xs[i:i + 1] for i in range(3)]))
    serial = qnn.compile(qir, target="native")
    par = qnn.compile(qir, target="native", threads=2)
    want = np.concatenate([serial(xs[i:i + 1].numpy()) for i in range(3)])
    assert len(np.unique(want)) > 20 and not np.array_equal(want[0], want[1])
    for n in (1, 2, 3):
        par.threads = n
        np.testing.assert_array_equal(par(xs[:1].numpy()), want[:1])
        np.testing.assert_array_equal(par(xs.numpy()), want)
