"""The latency measurement every runtime of bench/run.py shares (the qnn
models in run.py, torch in torch_worker.py, ONNX Runtime and OpenVINO in
anchor_worker.py under the bench venv's python): plain Python, no numpy.

A measurement warms up (2 calls, up to 10 within 0.5 s; a single call when
it alone takes over a second), then times up to `reps` calls, stopping
after `budget` seconds once it has `min_calls` (3); it returns the median
in ms. The budget and the single warm-up keep the slow context columns
(torch fp32 and qnnpack at batch 8: resnet50's fp32 call takes about 9 s
on this host) from dominating the bench's time."""
import sys
import time


MIN_CALLS = 3


def median_ms(call, reps, budget, min_calls=MIN_CALLS):
    start = time.perf_counter()
    for i in range(10):
        call()
        elapsed = time.perf_counter() - start
        if (i >= 1 and elapsed > 0.5) or elapsed > 1.0:
            break
    times = []
    start = time.perf_counter()
    while len(times) < reps:
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
        if len(times) >= min_calls and time.perf_counter() - start > budget:
            break
    times.sort()
    return times[len(times) // 2] * 1000


def serve(measure):
    """A worker's loop: reads `batch threads reps budget` lines on stdin and
    answers each with the median latency in ms (`measure(batch, threads,
    reps, budget)`), or `error: ...`; stops at end of input."""
    for line in sys.stdin:
        if not line.strip():
            continue
        b, t, reps, budget = line.split()
        try:
            ms = measure(int(b), int(t), int(reps), float(budget))
            print(f"{ms:.4f}", flush=True)
        except Exception as e:  # report, keep serving the other configurations
            print("error: " + f"{type(e).__name__}: {e}".replace("\n", " ")[:300], flush=True)
