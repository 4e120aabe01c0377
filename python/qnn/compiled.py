"""`qnn.compile`: IR text -> a native shared library, called with numpy
arrays or torch tensors through ctypes."""
import ctypes
import hashlib
import json
import os
import pathlib
import threading

import numpy as np

from .tools import _run, tool

_DTYPES = {"<f4": np.float32, "<f8": np.float64, "|u1": np.uint8, "|i1": np.int8,
           "<i4": np.int32, "<i8": np.int64}


def _cache_dir():
    base = os.environ.get("QNN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "qnn")
    return pathlib.Path(base)


def _descriptor_type(rank):
    fields = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
              ("offset", ctypes.c_int64)]
    if rank:
        fields += [("sizes", ctypes.c_int64 * rank), ("strides", ctypes.c_int64 * rank)]
    return type(f"MemRef{rank}D", (ctypes.Structure,), {"_fields_": fields})


class CompiledModel:
    """A compiled model: call it with numpy arrays or torch tensors.

    Calls are safe from many threads. The object's entry point keeps its
    temporaries in one static arena, so two calls must never run in it at
    once: a lock serialises them (ctypes releases the GIL during the call,
    so without it concurrent calls would silently corrupt each other)."""

    def __init__(self, library, signature):
        self.library = str(library)
        self.signature = signature
        self._lib = ctypes.CDLL(self.library)
        self._fn = getattr(self._lib, "_mlir_ciface_" + signature["function"])
        self._fn.restype = None
        self.inputs = signature["inputs"]
        self.outputs = signature["outputs"]
        self._lock = threading.Lock()

    def _descriptor(self, array):
        rank = array.ndim
        d = _descriptor_type(rank)()
        ptr = array.ctypes.data
        d.allocated = d.aligned = ptr
        d.offset = 0
        if rank:
            d.sizes[:] = list(array.shape)
            d.strides[:] = [s // array.itemsize for s in array.strides]
        return d

    def __call__(self, *args):
        if len(args) != len(self.inputs):
            raise TypeError(f"the model takes {len(self.inputs)} input(s), got {len(args)}")
        torch_in = any(type(a).__module__.startswith("torch") for a in args)
        arrays = []
        for i, (a, spec) in enumerate(zip(args, self.inputs)):
            if hasattr(a, "detach"):
                a = a.detach().cpu()
                a = a.int_repr().numpy() if a.is_quantized else a.numpy()
            a = np.asarray(a)
            want = _DTYPES[spec["dtype"]]
            if a.dtype != want:
                raise TypeError(f"input #{i}: expected dtype {np.dtype(want).name}, got {a.dtype.name}")
            if list(a.shape) != spec["shape"]:
                raise ValueError(f"input #{i}: expected shape {tuple(spec['shape'])}, got {tuple(a.shape)}")
            arrays.append(np.ascontiguousarray(a))
        outs = [np.empty(s["shape"], dtype=_DTYPES[s["dtype"]]) for s in self.outputs]
        descs = [self._descriptor(a) for a in arrays + outs]
        with self._lock:
            self._fn(*[ctypes.byref(d) for d in descs])
        if not torch_in:
            return outs[0] if len(outs) == 1 else tuple(outs)
        import torch
        results = []
        for o, spec in zip(outs, self.outputs):
            t = torch.from_numpy(o)
            if "scale" in spec:
                t = torch._make_per_tensor_quantized_tensor(t, spec["scale"], spec["zero_point"])
            results.append(t)
        return results[0] if len(results) == 1 else tuple(results)


def compile(mlir_text, target="native", flags=()):
    """Compiles IR text with qnn-compile into a cached shared library;
    `flags` are further qnn-compile options (e.g. ["--winograd=false"])."""
    compiler = tool("qnn-compile")
    # A rebuilt compiler invalidates the cache: its size and mtime are part
    # of the key along with the target and the IR.
    st = os.stat(compiler)
    stamp = f"{compiler}\0{st.st_size}\0{st.st_mtime_ns}"
    options = "\0".join(flags)
    key = hashlib.sha256((stamp + "\0" + target + "\0" + options + "\0" + mlir_text)
                         .encode()).hexdigest()[:24]
    d = _cache_dir() / key
    lib, sig = d / "model.so", d / "model.json"
    if not (lib.exists() and sig.exists()):
        d.mkdir(parents=True, exist_ok=True)
        (d / "model.mlir").write_text(mlir_text)
        _run([compiler, str(d / "model.mlir"), f"--target={target}",
              "-o", str(d / "model.o"), "--header", str(d / "model.h"),
              "--shared", str(lib), "--signature", str(sig), *flags])
    return CompiledModel(lib, json.loads(sig.read_text()))
