"""The latency measurement every runtime of bench/run.py shares (the qnn
models in run.py, torch in torch_worker.py, ONNX Runtime and OpenVINO in
anchor_worker.py under the bench venv's python): plain Python, no numpy.

A measurement warms up (at least 2 calls, up to 10 within 0.5 s), then times
up to `reps` calls, stopping after `budget` seconds once it has 5; it
returns the median in ms. The budget keeps batch-8 fp32 and qnnpack runs of
the big models from dominating the bench."""
import sys
import time


def median_ms(call, reps, budget):
    start = time.perf_counter()
    for i in range(10):
        call()
        if i >= 1 and time.perf_counter() - start > 0.5:
            break
    times = []
    start = time.perf_counter()
    while len(times) < reps:
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
        if len(times) >= 5 and time.perf_counter() - start > budget:
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
