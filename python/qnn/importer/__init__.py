"""`qnn.from_torch`: a PyTorch model -> qnn IR text.

The model is traced on its example inputs (`qnn.tracing`: QuantStub,
DeQuantStub, observers, fake-quants, fused modules and the torch.nn modules
qnn has an op for stay leaves; Python reading shapes is specialized), and
every node is imported by the handler registered for it:

- `registry`: the two tables, function handlers (keyed by torch function or
  Tensor method name) and module handlers (keyed by module class), and the
  dispatch through them;
- `modules`: the leaf modules that import as one qnn op (float, fused, QAT,
  prepared and converted forms);
- `recurrent`: LSTM, GRU, RNN, their cells and MultiheadAttention, unrolled
  or imported as their qnn ops;
- `quantizable`: torch's quantizable/quantized LSTM and MultiheadAttention
  (custom-module flow), traced through their forward, and the swap of
  `prepare_custom_config_dict`;
- `functions`, `layout`, `pooling`: functional and Tensor-method forms;
- `fx`: torch.fx GraphModules (FX graph-mode quantization: prepare_fx,
  prepare_qat_fx, convert_fx outputs), imported from their own graph;
- `emitter`: the printer of qnn op text, constants and resource blobs;
- `frontend`: tracing, the walk over the graph, and the function's qconfig.

Unsupported modules and functions raise `UnsupportedModuleError` naming the
module type or function, its path in the model and the source line.
"""
from .common import _LEAF_TYPES, UnsupportedModuleError  # noqa: F401 (_LEAF_TYPES: tests)
from . import functions, fx, layout, modules, pooling, quantizable, recurrent  # noqa: F401 (register handlers)
from .frontend import from_torch
from .registry import supported_functions, supported_modules

__all__ = ["from_torch", "UnsupportedModuleError", "supported_functions", "supported_modules"]
