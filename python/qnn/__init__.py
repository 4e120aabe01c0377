"""qnn: PyTorch eager-mode quantization as an MLIR compiler.

`from_torch` turns a float `nn.Module` written for eager-mode quantization
into qnn IR text; `prepare`, `calibrate`, `convert` and `run` drive the qnn
tools over IR text (see python/qnn/tools.py).
"""
from .importer import UnsupportedModuleError, from_torch
from .tools import calibrate, convert, prepare, run

__all__ = ["from_torch", "prepare", "calibrate", "convert", "run",
           "UnsupportedModuleError"]
