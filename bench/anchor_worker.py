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


def ov_compiled(path, batch, threads):
    import openvino as ov
    core = ov.Core()
    model = core.read_model(path)
    model.reshape({model.inputs[0].get_any_name(): [batch, *_shape(path)[1:]]})
    return core.compile_model(model, "CPU", {"INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY"})


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
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
