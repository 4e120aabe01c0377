"""ONNX Runtime and OpenVINO for bench/run.py. Runs under the bench venv's
python (bench/.venv, created by run.py with onnxruntime, onnx and openvino
from PyPI); imports neither torch nor qnn (the venv's numpy may be newer
than the one Debian's torch was built against).

    python anchor_worker.py versions
        -> one JSON line: {"onnxruntime": ..., "onnx": ..., "openvino": ...}
    python anchor_worker.py quantize FLOAT.onnx CALIB_DIR OUT.onnx
        ORT quantize_static: QDQ, per-channel s8 weights, u8 activations,
        MinMax calibration on CALIB_DIR/*.npy (the batches torch calibrated on)
    python anchor_worker.py serve ort|openvino MODEL.onnx
        bench/timing.py's protocol: `batch threads reps budget` lines on stdin
    python anchor_worker.py kernels ort|openvino MODEL.onnx
        -> one JSON line: which kernels ran (ORT: its profile's op types and
        their share of the time; OpenVINO: the runtime model's layer types and
        their execution precisions), batch 1, one thread
    python anchor_worker.py ov-layers MODEL.onnx
        OpenVINO's per-node times for bench/ov_layers.py (see ov_layers)
"""
import collections
import glob
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import median_ms, serve  # noqa: E402


def versions():
    out = {}
    for mod in ["onnxruntime", "onnx", "openvino"]:
        try:
            out[mod] = __import__(mod).__version__
        except Exception as e:  # noqa: BLE001 - report whatever is missing
            out[mod] = None
            out[mod + "_error"] = f"{type(e).__name__}: {e}"
    return out


def quantize(float_path, calib_dir, out_path):
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)
    from onnxruntime.quantization.shape_inference import quant_pre_process
    import onnxruntime as ort

    name = ort.InferenceSession(float_path, providers=["CPUExecutionProvider"]).get_inputs()[0].name
    batches = [np.load(p) for p in sorted(glob.glob(os.path.join(calib_dir, "*.npy")))]

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(batches)

        def get_next(self):
            x = next(self.it, None)
            return None if x is None else {name: x}

    src = float_path
    with tempfile.TemporaryDirectory() as d:
        # ORT's recommended pre-processing (shape inference, graph cleanup).
        pre = os.path.join(d, "pre.onnx")
        try:
            quant_pre_process(float_path, pre, skip_symbolic_shape=False)
            src = pre
        except Exception as e:  # noqa: BLE001 - quantize the exported model as it is
            print(f"quant_pre_process failed ({type(e).__name__}: {e}); quantizing the exported model",
                  file=sys.stderr)
        quantize_static(src, out_path, Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        calibrate_method=CalibrationMethod.MinMax)


def _input(shape, batch):
    return np.random.default_rng(0).standard_normal([batch, *shape[1:]]).astype(np.float32)


def _shape(path):
    import onnx
    dims = onnx.load(path, load_external_data=False).graph.input[0].type.tensor_type.shape.dim
    return [d.dim_value or 1 for d in dims]


def ort_session(path, threads, profile=None):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if profile:
        so.enable_profiling = True
        so.profile_file_prefix = profile
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ov_compiled(path, batch, threads, profiling=False):
    import openvino as ov
    core = ov.Core()
    model = core.read_model(path)
    model.reshape({model.inputs[0].get_any_name(): [batch, *_shape(path)[1:]]})
    config = {"INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY"}
    if profiling:
        config[ov.properties.enable_profiling] = True
    return core.compile_model(model, "CPU", config)


def ov_layers(path):
    """OpenVINO's per-node profile (PERF_COUNT), batch 1, one thread, for
    bench/ov_layers.py: reads a number of seconds per line on stdin, runs
    inferences for that long (at least 3) and answers one JSON line: the
    calls' median wall and process CPU time (ms), the median over the calls
    of the sum of their nodes' real_time (ms), and per executed node its
    type, exec_type and median real_time over the calls (us); then as long
    again without profiling (the same model compiled without PERF_COUNT):
    that median process CPU time ("plain_cpu_ms")."""
    import time
    req = ov_compiled(path, 1, 1, profiling=True).create_infer_request()
    plain = ov_compiled(path, 1, 1).create_infer_request()
    x = _input(_shape(path), 1)
    for _ in range(3):
        req.infer({0: x})
        plain.infer({0: x})
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        wall, cpu, sums, nodes = [], [], [], collections.defaultdict(list)
        types = {}
        start = time.perf_counter()
        while len(wall) < 3 or time.perf_counter() - start < float(line):
            t, c = time.perf_counter(), time.process_time()
            req.infer({0: x})
            cpu.append(time.process_time() - c)
            wall.append(time.perf_counter() - t)
            sums.append(0.0)
            for p in req.get_profiling_info():
                if p.status == p.Status.EXECUTED:
                    nodes[p.node_name].append(p.real_time.total_seconds() * 1e6)
                    types[p.node_name] = (p.node_type, p.exec_type)
                    sums[-1] += p.real_time.total_seconds() * 1e3
        plain_cpu = []
        start = time.perf_counter()
        while len(plain_cpu) < 3 or time.perf_counter() - start < float(line):
            c = time.process_time()
            plain.infer({0: x})
            plain_cpu.append(time.process_time() - c)
        print(json.dumps({"calls": len(wall), "wall_ms": 1e3 * sorted(wall)[len(wall) // 2],
                          "cpu_ms": 1e3 * sorted(cpu)[len(cpu) // 2],
                          "plain_cpu_ms": 1e3 * sorted(plain_cpu)[len(plain_cpu) // 2],
                          "node_sum_ms": sorted(sums)[len(sums) // 2],
                          "nodes": {n: {"type": types[n][0], "exec": types[n][1],
                                        "us": sorted(v)[len(v) // 2]} for n, v in nodes.items()}}),
              flush=True)


def runner(kind, path):
    shape = _shape(path)
    cache = {}

    def measure(batch, threads, reps, budget):
        if kind == "ort":
            if threads not in cache:
                cache[threads] = ort_session(path, threads)
            sess = cache[threads]
            feed = {sess.get_inputs()[0].name: _input(shape, batch)}
            return median_ms(lambda: sess.run(None, feed), reps, budget)
        if (batch, threads) not in cache:
            compiled = ov_compiled(path, batch, threads)
            cache[batch, threads] = (compiled, compiled.create_infer_request())
        compiled, req = cache[batch, threads]
        x = _input(shape, batch)
        return median_ms(lambda: req.infer({0: x}), reps, budget)
    return measure


def kernels(kind, path):
    x = _input(_shape(path), 1)
    if kind == "ort":
        with tempfile.TemporaryDirectory() as d:
            sess = ort_session(path, 1, profile=os.path.join(d, "ort"))
            feed = {sess.get_inputs()[0].name: x}
            for _ in range(5):
                sess.run(None, feed)
            events = json.load(open(sess.end_profiling()))
        time_by, nodes = collections.Counter(), collections.defaultdict(set)
        for e in events:
            args = e.get("args", {})
            if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time") and "op_name" in args:
                op = args["op_name"]
                time_by[op] += e.get("dur", 0)
                nodes[op].add(e["name"])
        total = sum(time_by.values()) or 1
        return {"kind": "ort", "ops": {op: {"nodes": len(nodes[op]), "time_share": t / total}
                                       for op, t in time_by.most_common()}}
    compiled = ov_compiled(path, 1, 1)
    counts = collections.Counter()
    for op in compiled.get_runtime_model().get_ordered_ops():
        rt = op.get_rt_info()
        layer = rt["layerType"].astype(str) if "layerType" in rt else op.get_type_name()
        prec = rt["runtimePrecision"].astype(str) if "runtimePrecision" in rt else "?"
        counts[f"{layer}:{prec}"] += 1
    return {"kind": "openvino", "ops": dict(counts.most_common())}


def main():
    cmd = sys.argv[1]
    if cmd == "versions":
        print(json.dumps(versions()))
    elif cmd == "quantize":
        quantize(*sys.argv[2:5])
    elif cmd == "serve":
        measure = runner(sys.argv[2], sys.argv[3])
        print("ready", flush=True)
        serve(measure)
    elif cmd == "kernels":
        print(json.dumps(kernels(sys.argv[2], sys.argv[3])))
    elif cmd == "ov-layers":
        ov_layers(sys.argv[2])
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
