"""Concrete tracing: torch.fx symbolic tracing that runs the example inputs
alongside.

Every Proxy carries the concrete value its node computes on the example
inputs (calculated as the node is created), so the Python a model runs
around its tensors sees real values, as under `torch.jit.trace`:

- `x.size()`, `x.shape`, `x.dim()`, `len(x)`, `x.dtype`, ... are the example
  inputs' Python ints / `torch.Size` (no node is recorded); code computing
  with them (`x.view(b, -1)`, `torch.zeros(x.size(0), H)`, `range(x.shape[0])`)
  is specialized on the example inputs: loops unroll, tensors built only from
  sizes become constants (`get_attr` nodes of `Tracer.constants`);
- iterating or unpacking a Proxy (`out, (h, c) = self.lstm(x)`,
  `a, b = x.chunk(2)`) yields one `operator.getitem` node per element of the
  concrete value, whatever Python version (torch 1.13's own `Proxy.__iter__`
  reads the bytecode and is wrong under Python 3.11);
- `bool(x)`, `int(x)`, `x.item()`, `x.tolist()` are the concrete values
  (data-dependent control flow is specialized, as `torch.jit.trace` does).

Only tensor-valued computation stays symbolic. Each node carries
`meta["concrete"]` (its value), `meta["tensor_meta"]` (as ShapeProp sets
it), `meta["qnn_scope"]` (the qualified path of the module whose forward made
the call; a leaf module's own path) and `meta["qnn_source"]` ("file:line" of
the call in the model's Python source).

Leaf modules run on a deep copy of the model, so the model's observers and
fake-quant modules do not see the example inputs.
"""
import copy
import operator
import os
import sys
import traceback

import torch
import torch.fx
from torch.fx.node import map_aggregate
from torch.fx.passes.shape_prop import _extract_tensor_metadata

__all__ = ["ConcreteTracer", "TracingError", "trace", "source_of_traceback"]

_TORCH_DIR = os.path.dirname(torch.__file__) + os.sep
_QNN_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_STDLIB_DIR = os.path.dirname(os.__file__) + os.sep

# Tensor attributes and methods that describe a tensor rather than compute
# one: they return the example value's answer, and record nothing.
_CONCRETE_ATTRS = {"shape", "dtype", "device", "ndim", "is_quantized", "is_cuda", "layout",
                   "requires_grad", "is_sparse", "is_mkldnn", "names", "qscheme", "is_nested"}
_CONCRETE_METHODS = {"size", "dim", "ndimension", "numel", "nelement", "element_size", "stride",
                     "is_contiguous", "is_floating_point", "is_complex", "get_device", "item",
                     "tolist", "q_scale", "q_zero_point", "q_per_channel_scales",
                     "q_per_channel_zero_points", "q_per_channel_axis", "type", "storage_offset",
                     "data_ptr"}
# Calls whose tensor result depends only on the shape/dtype of their tensor
# arguments: a constant of the traced (specialized) function.
_SHAPE_ONLY_FUNCTIONS = {torch.zeros_like, torch.ones_like, torch.full_like, torch.empty_like,
                         torch.rand_like, torch.randn_like}
_SHAPE_ONLY_METHODS = {"new_zeros", "new_ones", "new_full", "new_empty", "new_tensor"}


class TracingError(Exception):
    """Tracing stopped at a Python construct; carries where it happened."""

    def __init__(self, message, scope, source, cause):
        super().__init__(message)
        self.scope = scope
        self.source = source
        self.cause = cause


def _is_model_code(code):
    fn = os.path.abspath(code.co_filename)
    return not (fn.startswith(_TORCH_DIR) or fn.startswith(_QNN_DIR) or fn.startswith(_STDLIB_DIR)
                or fn.startswith("<"))


_TRACE_CODE = torch.fx.Tracer.trace.__code__


def _user_frame_source(frame):
    """"file:line" of the innermost frame (from `frame` outwards) that runs
    model code rather than torch, qnn or the standard library; None when
    the call is in torch's own code (e.g. nn.Sequential's forward)."""
    while frame is not None and frame.f_code is not _TRACE_CODE:
        if _is_model_code(frame.f_code):
            return f"{frame.f_code.co_filename}:{frame.f_lineno}"
        frame = frame.f_back
    return None


def source_of_traceback(tb):
    """"file:line" of the innermost model-code frame of a traceback, inside
    the traced forward."""
    found, inside = None, False
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code is _TRACE_CODE:
            inside = True
        elif inside and _is_model_code(frame.f_code):
            found = f"{frame.f_code.co_filename}:{lineno}"
    return found


class ConcreteProxy(torch.fx.Proxy):
    """A Proxy that knows its value on the example inputs."""

    def __init__(self, node, tracer, concrete):
        super().__init__(node, tracer)
        self.concrete = concrete

    def __repr__(self):
        return f"ConcreteProxy({self.node.name})"

    def __getattr__(self, k):
        if k in ("concrete", "node", "tracer"):  # not set yet (copy/pickle)
            raise AttributeError(k)
        if k in _CONCRETE_ATTRS:
            return getattr(self.concrete, k)
        if k in _CONCRETE_METHODS:
            return getattr(self.concrete, k)
        return super().__getattr__(k)

    def __iter__(self):
        return iter([self[i] for i in range(len(self.concrete))])

    def __len__(self):
        return len(self.concrete)

    def __bool__(self):
        return bool(self.concrete)

    def __int__(self):
        return int(self.concrete)

    def __float__(self):
        return float(self.concrete)

    def __index__(self):
        return operator.index(self.concrete)

    def __contains__(self, item):
        return item in self.concrete

    def keys(self):
        return self.concrete.keys()


def _concrete(a):
    """`a` with every Proxy replaced by its example value."""
    def value(v):
        if isinstance(v, ConcreteProxy):
            return v.concrete
        if isinstance(v, torch.fx.proxy.Attribute):  # x.T, not called
            return getattr(value(v.root), v.attr)
        return v
    if isinstance(a, (ConcreteProxy, torch.fx.proxy.Attribute)):
        return value(a)
    return map_aggregate(a, value)


def _tensor_meta(value):
    found = False

    def extract(v):
        nonlocal found
        if isinstance(v, torch.Tensor):
            found = True
            return _extract_tensor_metadata(v)
        return v
    meta = map_aggregate(value, extract)
    return meta if found else None


class ConcreteTracer(torch.fx.Tracer):
    """fx tracing with concrete values (see the module docstring).

    `leaf_types` are module classes kept as `call_module` nodes besides
    torch.nn's own modules; `traced_types` are torch.nn module classes whose
    forward is traced through rather than kept as a leaf."""

    def __init__(self, leaf_types=(), traced_types=()):
        super().__init__()
        self.leaf_types = tuple(leaf_types)
        self.traced_types = tuple(traced_types)
        self.constants = {}
        self._constant_ids = {}
        self._scope = [""]
        self._running = 0  # >0 while a leaf module runs on concrete values
        self._error_scope = None
        self._examples = []
        self._twins = {}

    # -- module structure --------------------------------------------------

    def is_leaf_module(self, m, qualname):
        if isinstance(m, self.leaf_types):
            return True
        if isinstance(m, self.traced_types):
            return False
        return super().is_leaf_module(m, qualname)

    def call_module(self, m, forward, args, kwargs):
        if self._running:
            return forward(*args, **kwargs)
        path = self.path_of_module(m)
        if self.is_leaf_module(m, path):
            return self.create_proxy("call_module", path, args, kwargs)
        self._scope.append(path)
        try:
            return forward(*args, **kwargs)
        except Exception:
            if self._error_scope is None:
                self._error_scope = path
            raise
        finally:
            self._scope.pop()

    def getattr(self, attr, attr_val, parameter_proxy_cache):
        if self._running:
            return attr_val
        return super().getattr(attr, attr_val, parameter_proxy_cache)

    # -- constants ---------------------------------------------------------

    def create_arg(self, a):
        if isinstance(a, torch.Tensor) and not isinstance(a, torch.nn.Parameter):
            qualname = self.tensor_attrs.get(a)
            if qualname is None:
                for n_, b in self.root.named_buffers():
                    if a is b:
                        qualname = n_
                        break
            if qualname is None:
                # A tensor built during tracing (torch.zeros(x.size(0), H)):
                # a constant of the specialized function, kept here rather
                # than set on the user's module.
                qualname = self._constant_ids.get(id(a))
                if qualname is None:
                    qualname = f"_qnn_constant{len(self.constants)}"
                    self.constants[qualname] = a
                    self._constant_ids[id(a)] = qualname
            return self.create_node("get_attr", qualname, (), {})
        return super().create_arg(a)

    def _attr_value(self, target):
        if target in self.constants:
            return self.constants[target]
        v = self.root
        self._running += 1  # plain attribute reads, not fx's parameter proxies
        try:
            for atom in target.split("."):
                v = getattr(v, atom)
        finally:
            self._running -= 1
        return v

    def create_node(self, kind, target, args, kwargs, name=None, type_expr=None):
        node = super().create_node(kind, target, args, kwargs, name, type_expr)
        if kind == "get_attr":
            self._annotate(node, self._attr_value(target))
        return node

    # -- concrete values ---------------------------------------------------

    def _annotate(self, node, value):
        node.meta["concrete"] = value
        meta = _tensor_meta(value)
        if meta is not None:
            node.meta["tensor_meta"] = meta
        node.meta["type"] = type(value)
        node.meta["qnn_scope"] = self._scope[-1]
        node.meta["qnn_source"] = _user_frame_source(sys._getframe(1))

    def _run(self, kind, target, args, kwargs):
        cargs, ckwargs = _concrete(args), _concrete(kwargs)
        with torch.no_grad():
            if kind == "call_function":
                return target(*cargs, **ckwargs)
            if kind == "call_method":
                return getattr(cargs[0], target)(*cargs[1:], **ckwargs)
            if kind == "call_module":
                self._running += 1
                try:
                    return self._twins[target](*cargs, **ckwargs)
                finally:
                    self._running -= 1
            if kind == "get_attr":
                return self._attr_value(target)
        raise NotImplementedError(kind)

    def create_proxy(self, kind, target, args, kwargs, name=None, type_expr=None,
                     proxy_factory_fn=None):
        if kind == "placeholder":
            if target.startswith("*"):
                raise TypeError(f"forward's variadic argument '{target}'")
            i = len(self._examples_used)
            if i < len(self._examples):
                value = self._examples[i]
                self._examples_used.append(target)
                if not isinstance(value, torch.Tensor):
                    return value  # an int/bool/None argument: specialized on
            elif args:
                return args[0]  # the default: the example inputs leave it out
            else:
                raise TypeError(f"input '{target}' has no example value")
            proxy = super().create_proxy(kind, target, args, kwargs, name, type_expr,
                                         proxy_factory_fn=lambda n: ConcreteProxy(n, self, value))
            self._annotate(proxy.node, value)
            return proxy
        # Descriptions of a tensor (x.size(), via torch functions too) and
        # tensors that depend only on shapes are values, not nodes.
        if kind == "call_method" and target in _CONCRETE_METHODS:
            return self._run(kind, target, args, kwargs)
        if kind == "call_function" and target is getattr and len(args) == 2 and args[1] in _CONCRETE_ATTRS:
            return self._run(kind, target, args, kwargs)
        if ((kind == "call_function" and target in _SHAPE_ONLY_FUNCTIONS)
                or (kind == "call_method" and target in _SHAPE_ONLY_METHODS)):
            return self._run(kind, target, args, kwargs)
        try:
            value = self._run(kind, target, args, kwargs)
        except Exception:
            if self._error_scope is None and kind == "call_module":
                self._error_scope = target
            raise
        proxy = super().create_proxy(kind, target, args, kwargs, name, type_expr,
                                     proxy_factory_fn=lambda n: ConcreteProxy(n, self, value))
        self._annotate(proxy.node, value)
        if kind == "call_module":
            proxy.node.meta["qnn_scope"] = target
        if (kind == "call_method" and target.endswith("_") and not target.endswith("__")
                and args and isinstance(args[0], ConcreteProxy)):
            # x.masked_fill_(m, v): the forward goes on using x, so x now
            # stands for the result (its concrete value was updated in place).
            args[0].node = proxy.node
        return proxy

    def trace_with(self, root, example_inputs):
        """The graph of `root` on `example_inputs` (a tuple)."""
        self._examples = [x.clone() if isinstance(x, torch.Tensor) else x for x in example_inputs]
        self._examples_used = []
        twin = root
        try:
            twin = copy.deepcopy(root)
        except Exception:  # a module that cannot be copied runs itself
            pass
        self._twins = dict(twin.named_modules())
        graph = self.trace(root)
        if len(self._examples_used) < len(self._examples):
            raise TypeError(f"{len(self._examples)} example inputs for a forward taking "
                            f"{len(self._examples_used)}")
        return graph


def trace(root, example_inputs, leaf_types=(), traced_types=()):
    """(graph, tracer) of `root` traced on `example_inputs`. Anything that
    stops tracing raises TracingError with the module path and source line
    where it happened (the original exception as `cause`)."""
    tracer = ConcreteTracer(leaf_types, traced_types)
    try:
        graph = tracer.trace_with(root, example_inputs)
    except Exception as e:  # noqa: BLE001 -- reported with its location
        scope = tracer._error_scope if tracer._error_scope is not None else ""
        raise TracingError(f"{type(e).__name__}: {e}", scope, source_of_traceback(e.__traceback__),
                           e) from e
    return graph, tracer
