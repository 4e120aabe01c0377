"""The importer's tables: handlers for torch functions and Tensor methods
(keyed by the function or method name), for leaf modules with their own
result structure, and for leaf modules that import as one qnn op (keyed by
class, first match in registration order); and the dispatch through them.
`supported_functions()` and `supported_modules()` read the tables."""
import torch
import torch.nn as nn
import torch.nn.intrinsic.quantized as nniq

from .common import (UnsupportedModuleError, _FLOAT_CONV_BN, _FLOAT_FUSED, _QAT_RELU, _fn_name,
                     _hashable, _module_attrs)


_FUNCTION_HANDLERS = {}


def _function_handler(*targets, first=False):
    """Registers a handler for torch functions / Tensor method names; the
    handlers of a target are tried in registration order (`first`: before
    the ones already registered) until one returns a result."""
    def register(handler):
        for t in targets:
            handlers = _FUNCTION_HANDLERS.setdefault(t, [])
            handlers.insert(0, handler) if first else handlers.append(handler)
        return handler
    return register


def supported_functions():
    """The functions and Tensor methods the importer has handlers for."""
    return sorted({t if isinstance(t, str) else getattr(t, "__name__", str(t))
                   for t in _FUNCTION_HANDLERS})


def _emit_function(em, node, fn, args, out_shape, post_name, rt):
    """call_function / call_method nodes; `rt` is the result type."""
    name = post_name or node.name
    for handler in _FUNCTION_HANDLERS.get(fn, []) if _hashable(fn) else []:
        res = handler(em, node, fn, args, out_shape, name, rt)
        if res is not None:
            return res
    raise UnsupportedModuleError(_fn_name(fn))


_TRACED_MODULES = {}


def _traced_module(kind, note):
    """Registers a torch module class whose Python forward the tracer goes
    through (rather than keeping it a leaf); `note` says what qnn imports of
    it, for error messages."""
    _TRACED_MODULES[kind] = note


_CONSTANT_HOOKS = []


def _constant_hook(hook):
    """Registers `hook(em, node, modules) -> (ssa, type) or None` for the
    tensor constants the traced graph reads (get_attr nodes): the first hook
    returning a value imports the constant, else it is a plain constant."""
    _CONSTANT_HOOKS.append(hook)
    return hook


_MODULE_HANDLERS = []


def _module_handler(*types):
    """Registers a handler for leaf modules of the given classes."""
    def register(handler):
        _MODULE_HANDLERS.append((types, handler))
        return handler
    return register


def _emit_call_module(em, n, m, ins, kw, shape, rt):
    """env entry of a leaf module call: (ssa, type), or nested lists of them
    for modules with several results."""
    for types, handler in _MODULE_HANDLERS:
        if isinstance(m, types):
            return handler(em, n, m, ins, kw, shape, rt)
    if not isinstance(n.meta.get("concrete"), torch.Tensor):
        raise UnsupportedModuleError(f"a module returning {type(n.meta.get('concrete')).__name__}")
    return (_emit_module(em, n.target, m, ins, shape, rt), rt)


class _OneOp:
    """One leaf module imported as one qnn op: the handlers registered with
    `_op_module` get this. `module` is the module the op is for (a float
    fused module's first child, e.g. the Conv2d of a ConvBnReLU2d), with the
    fused ReLU and BatchNorm in `fused_relu` and `bn`; `res` is the result's
    SSA name and `rt` its type."""

    def __init__(self, em, path, m, args, out_shape, rt):
        self.em, self.path, self.args, self.out_shape, self.rt = em, path, args, out_shape, rt
        self.x, self.xt = args[0]
        self.res = em.fresh()
        self.fused_relu = isinstance(m, _QAT_RELU + (nniq.BNReLU2d, nniq.BNReLU3d))
        self.bn = None
        if isinstance(m, _FLOAT_FUSED):
            self.fused_relu = isinstance(m[-1], nn.ReLU)
            if isinstance(m, _FLOAT_CONV_BN):
                self.bn = m[1]
            m = m[0]
        self.module = m

    def emit(self, opname, operands, types, extra=""):
        """`res = qnn.<opname> operands {name, qconfig, extra} : types -> rt`."""
        a = _module_attrs(self.path, self.module, extra)
        if len(operands) == 1 and not types[1:]:
            self.em.op(f"{self.res} = qnn.{opname} {operands[0]} {a} : {types[0]} -> {self.rt}")
        else:
            self.em.op(f"{self.res} = qnn.{opname} {', '.join(operands)} {a} : "
                       f"({', '.join(types)}) -> {self.rt}")
        return self.res

    def unary(self, opname, extra=""):
        return self.emit(opname, [self.x], [self.xt], extra)

    def weighted(self, w, bias):
        """Operands and types (input, weight, optional bias)."""
        ops, types = [self.x, w[0]], [self.xt, w[1]]
        if bias is not None:
            b = self.em.const(self.path + ".bias", bias)
            ops.append(b[0]); types.append(b[1])
        return ops, types


_OP_MODULES = []


def _op_module(*types):
    """Registers the handler of leaf modules of the given classes that
    import as one qnn op (first match in registration order, so a subclass
    registers before its base)."""
    def register(handler):
        _OP_MODULES.append((types, handler))
        return handler
    return register


def _emit_module(em, path, m, args, out_shape, rt):
    """Returns the SSA name of the result of leaf module `m` applied to args
    (list of (ssa, type) pairs); `rt` is the result type."""
    c = _OneOp(em, path, m, args, out_shape, rt)
    for types, handler in _OP_MODULES:
        if isinstance(c.module, types):
            return handler(c)
    raise UnsupportedModuleError(type(c.module).__name__)


def supported_modules():
    """The module classes the importer has handlers for, in dispatch order."""
    return [t for types, _ in _MODULE_HANDLERS + _OP_MODULES for t in types]
