"""`qnn.compile`: IR text -> a native shared library, called with numpy
arrays or torch tensors through ctypes."""
import ctypes
import hashlib
import json
import os
import pathlib
import shutil
import tempfile
import threading

import numpy as np

from .tools import _run, tool

_DTYPES = {"<f4": np.float32, "<f8": np.float64, "|u1": np.uint8, "|i1": np.int8,
           "<i4": np.int32, "<i8": np.int64}


def _compile_into_cache(d, command, mlir_text):
    """Compiles into a private directory next to `d`, then renames it to `d`:
    processes and threads sharing the cache (pytest-xdist workers, several
    servers) never load a half-written library. When two compile the same
    key at once, the first rename wins and the other's copy is dropped."""
    d.parent.mkdir(parents=True, exist_ok=True)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=d.name + ".", dir=d.parent))
    try:
        (tmp / "model.mlir").write_text(mlir_text)
        compiler, *flags = command
        _run([compiler, str(tmp / "model.mlir"), "-o", str(tmp / "model.o"),
              "--header", str(tmp / "model.h"), "--shared", str(tmp / "model.so"),
              "--signature", str(tmp / "model.json"), *flags])
        try:
            os.rename(tmp, d)
        except OSError:
            if not (d / "model.so").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _cache_dir():
    base = os.environ.get("QNN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "qnn")
    return pathlib.Path(base)


_RUN_ERRORS = {1: "a null workspace, input or output", 2: "a misaligned workspace",
               3: "a batch other than the compiled one (dynamic batch: a batch < 1)"}


class CompiledModel:
    """A compiled model: call it with numpy arrays or torch tensors.

    Calls are safe from many threads and run in parallel: each goes through
    the object's reentrant entry point `qnn_<name>_run` with a workspace of
    the calling thread's own (allocated on its first call, kept for the
    next), and ctypes releases the GIL during the call (the library is a
    `ctypes.CDLL`, whose functions drop the GIL; a `PyDLL` would keep it).

    `threads`: for a model compiled with `threads` > 1 (OpenMP), the number
    of threads each call's kernels use, set with `omp_set_num_threads` in
    the calling thread before the call; None leaves OpenMP's own setting
    (`OMP_NUM_THREADS`, else every core). A serial model ignores it.

    A model compiled with a dynamic batch (`signature["dynamic_batch"]`)
    takes inputs with any leading dimension n >= 1 (the same for every
    input) and returns outputs with leading dimension n."""

    def __init__(self, library, signature, threads=None):
        self.library = str(library)
        self.signature = signature
        self._lib = ctypes.CDLL(self.library)
        name = signature["function"]
        self.inputs = signature["inputs"]
        self.outputs = signature["outputs"]
        self._run = getattr(self._lib, f"qnn_{name}_run")
        self._run.restype = ctypes.c_int
        self._run.argtypes = [ctypes.c_void_p, ctypes.c_int64] + \
            [ctypes.c_void_p] * (len(self.inputs) + len(self.outputs))
        size = getattr(self._lib, f"qnn_{name}_workspace_size")
        size.restype = ctypes.c_size_t
        size.argtypes = [ctypes.c_int64]
        self._size = size
        self.batch = signature["batch"]
        self.dynamic_batch = bool(signature.get("dynamic_batch", False))
        self.workspace_bytes = size(self.batch)
        self.threads = threads
        self._set_threads = None
        if signature.get("threads", 1) > 1:
            # libomp, a dependency of the library: dlsym on its handle finds it.
            self._set_threads = self._lib.omp_set_num_threads
            self._set_threads.restype = None
            self._set_threads.argtypes = [ctypes.c_int]
        self._alignment = signature.get("workspace_alignment", 64)
        self._local = threading.local()

    def workspace_size(self, batch):
        """Bytes of the workspace a call with `batch` images needs
        (qnn_<name>_workspace_size; 0 for a batch the model refuses)."""
        return self._size(batch)

    def _workspace(self, batch):
        """This thread's workspace for `batch`: aligned, never shared with
        another thread."""
        need = self._size(batch) if batch != self.batch else self.workspace_bytes
        ws = getattr(self._local, "workspace", None)
        if ws is None or ws.size < need:
            buf = np.empty(need + self._alignment, dtype=np.uint8)
            skip = -buf.ctypes.data % self._alignment
            ws = self._local.workspace = buf[skip:skip + need]
        return ws

    def __call__(self, *args):
        if len(args) != len(self.inputs):
            raise TypeError(f"the model takes {len(self.inputs)} input(s), got {len(args)}")
        torch_in = any(type(a).__module__.startswith("torch") for a in args)
        arrays = []
        batch = self.batch
        for i, (a, spec) in enumerate(zip(args, self.inputs)):
            if hasattr(a, "detach"):
                a = a.detach().cpu()
                a = a.int_repr().numpy() if a.is_quantized else a.numpy()
            a = np.asarray(a)
            want = _DTYPES[spec["dtype"]]
            if a.dtype != want:
                raise TypeError(f"input #{i}: expected dtype {np.dtype(want).name}, got {a.dtype.name}")
            shape = list(spec["shape"])
            if self.dynamic_batch and a.ndim == len(shape) and a.ndim:
                if i == 0:
                    batch = a.shape[0]
                shape[0] = batch
            if list(a.shape) != shape or batch < 1:
                expected = ("(n, " + ", ".join(map(str, shape[1:])) + ") with the same n >= 1 "
                            "for every input") if self.dynamic_batch else str(tuple(shape))
                raise ValueError(f"input #{i}: expected shape {expected}, got {tuple(a.shape)}")
            arrays.append(np.ascontiguousarray(a))
        outs = [np.empty([batch, *s["shape"][1:]] if self.dynamic_batch else s["shape"],
                         dtype=_DTYPES[s["dtype"]]) for s in self.outputs]
        if self._set_threads is not None and self.threads is not None:
            self._set_threads(int(self.threads))
        code = self._run(self._workspace(batch).ctypes.data, batch,
                         *[a.ctypes.data for a in arrays + outs])
        if code:
            raise RuntimeError(f"qnn_{self.signature['function']}_run refused the call "
                               f"({code}: {_RUN_ERRORS.get(code, 'unknown error')})")
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


def compile(mlir_text, target="native", flags=(), name=None, threads=None,
            dynamic_batch=False, optimize_size=False):
    """Compiles IR text with qnn-compile into a cached shared library;
    `flags` are further qnn-compile options (e.g. ["--winograd=false"]);
    `name` names the exported symbols (`qnn_<name>_run`, ...; default: the
    function's name), as `qnn-compile --name`.

    `threads`: None or 1 compiles serial code (no OpenMP, `--threads=1`);
    N > 1 compiles with `--threads=N` (the kernels' loops split on OpenMP,
    the library linked against LLVM's libomp) and the returned model runs
    each call on N threads (`CompiledModel.threads`, changeable at any
    time). `dynamic_batch=True` is `--dynamic-batch` (a model imported at
    batch 1, called with any batch; `from_torch(..., dynamic_batch=True)`
    marks its IR so that this is implied). `optimize_size=True` is
    `--optimize-size` (the 16-bit kernels keep int8 weights in the library
    and widen / Winograd-transform them at the first call; the same
    outputs)."""
    compiler = tool("qnn-compile")
    if name is not None:
        flags = [*flags, f"--name={name}"]
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ValueError(f"threads must be None or an int >= 1, got {threads!r}")
    if threads is not None and threads > 1:
        flags = [*flags, f"--threads={threads}"]
    if dynamic_batch:
        flags = [*flags, "--dynamic-batch"]
    if optimize_size:
        flags = [*flags, "--optimize-size"]
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
        _compile_into_cache(d, [compiler, f"--target={target}", *flags], mlir_text)
    return CompiledModel(lib, json.loads(sig.read_text()),
                         threads=threads if threads is not None and threads > 1 else None)
