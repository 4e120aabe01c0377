"""CompiledModel called from many Python threads at once gets exactly the
serial results (ctypes releases the GIL during the call, so the calls
really overlap; each thread has its own workspace: with one workspace shared
by all threads this fails within a few calls)."""
import sys
import threading

import numpy as np

from conftest import ROOT

sys.path.insert(0, str(ROOT / "python"))
import qnn  # noqa: E402

THREADS, CALLS = 4, 300
SHAPE = (1, 16, 64, 64)
T = "x".join(map(str, SHAPE))
Q = f"tensor<{T}x!quant.uniform<u8:f32, 0.05:128>>"
# Big enough temporaries (in the workspace) that calls sharing one would
# overlap in them within a few iterations.
MODEL = f"""
func.func @f(%x: tensor<{T}xf32>) -> tensor<{T}xf32> {{
  %q = qnn.quantize %x : tensor<{T}xf32> -> {Q}
  %r = qnn.relu %q : {Q} -> {Q}
  %y = qnn.dequantize %r : {Q} -> tensor<{T}xf32>
  %z = qnn.hardswish %y : tensor<{T}xf32> -> tensor<{T}xf32>
  return %z : tensor<{T}xf32>
}}
"""


def test_threads_get_serial_results(tmp_path, monkeypatch):
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path / "cache"))
    model = qnn.compile(MODEL, target="native")
    rng = np.random.default_rng(7)
    inputs = [rng.standard_normal(SHAPE).astype(np.float32) for _ in range(THREADS)]
    expected = [model(x) for x in inputs]
    assert not all(np.array_equal(expected[0], e) for e in expected[1:])
    wrong = [0] * THREADS
    start = threading.Barrier(THREADS)

    def worker(t):
        start.wait()
        for _ in range(CALLS):
            if not np.array_equal(model(inputs[t]), expected[t]):
                wrong[t] += 1

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert wrong == [0] * THREADS, f"wrong results per thread: {wrong}"
