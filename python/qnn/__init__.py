"""qnn: PyTorch eager-mode quantization as an MLIR compiler.

`from_torch` turns a float `nn.Module` written for eager-mode quantization
into qnn IR text; `prepare`, `calibrate`, `convert` and `run` drive the qnn
tools over IR text (see python/qnn/tools.py); `compile` builds a native
shared library callable with numpy arrays or torch tensors; `compare`
reports per-layer accuracy (SQNR) of a quantized model against its float
model.
"""
from .compare import Comparison, LayerComparison, compare
from .compiled import CompiledModel, compile
from .importer import UnsupportedModuleError, from_torch
from .tools import calibrate, convert, prepare, quantize_dynamic, run

__all__ = ["from_torch", "compile", "CompiledModel", "prepare", "calibrate",
           "convert", "quantize_dynamic", "run", "UnsupportedModuleError",
           "compare", "Comparison", "LayerComparison"]
