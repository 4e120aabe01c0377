"""qnn.from_torch traces what torch runs (python/qnn/tracing.py): unpacking
module outputs and split results under Python 3.11, Python reading shapes
specialized on the example inputs (as torch.jit.trace would), tensor
indexing kept apart from tuple indexing, and every construct qnn cannot
express reported as UnsupportedModuleError with the module path and the
user's source line."""
import inspect
import pathlib
import re
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from qnn.tracing import trace  # noqa: E402

THIS = pathlib.Path(__file__).name


def line_of(fn, text):
    """file:line of the first source line of `fn` containing `text`."""
    lines, start = inspect.getsourcelines(fn)
    for i, line in enumerate(lines):
        if text in line:
            return f"{THIS}:{start + i}"
    raise AssertionError(text)


def torch_outputs(model, inputs):
    with torch.no_grad():
        out = model(*inputs)
    out = out if isinstance(out, (tuple, list)) else (out,)
    flat = []
    for o in out:
        flat += list(o) if isinstance(o, (tuple, list)) else [o]
    return [o.numpy() for o in flat]


def assert_runs_like_torch(qnn_run, model, inputs, ir=None, tol=1e-5):
    ir = ir or qnn.from_torch(model, inputs)
    ours = qnn_run(ir, *[x.numpy() for x in inputs])
    ref = torch_outputs(model, inputs)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
    return ir


# --- ShuffleNet ------------------------------------------------------------

def shufflenet():
    from torchvision.models.quantization import shufflenet_v2_x0_5
    torch.manual_seed(0)
    return shufflenet_v2_x0_5(weights=None, quantize=False).eval()


def test_shufflenet_traces_at_module_granularity():
    """channel_shuffle's `b, c, h, w = x.size()` and the blocks'
    `x1, x2 = x.chunk(2, dim=1)` trace (torch.fx alone: 'Proxy object cannot
    be iterated'), with torch's modules as leaves named by their paths."""
    model = shufflenet()
    x = torch.randn(1, 3, 64, 64)
    graph, _ = trace(model, (x,), qnn.importer._LEAF_TYPES)
    nodes = list(graph.nodes)
    targets = {n.target for n in nodes if n.op == "call_module"}
    assert {"quant", "conv1.0", "stage2.0.branch1.0", "stage2.1.branch2.7", "fc", "dequant"} <= targets
    views = [n for n in nodes if n.op == "call_method" and n.target == "view"]
    assert views[0].args[1:] == (1, 2, 24, 8, 8)  # sizes are the example's ints
    chunk = next(n for n in nodes if n.target == "chunk")
    assert chunk.meta["qnn_scope"] == "stage2.1"
    assert [u.args[1] for u in chunk.users] == [0, 1]
    out = next(n for n in nodes if n.op == "output").args[0]
    with torch.no_grad():
        torch.testing.assert_close(out.meta["concrete"], model(x))


def test_shufflenet_imports_shuffle_and_chunk():
    """channel_shuffle's transpose is a qnn.permute and a unit's chunk two
    qnn.slice ops, named after the call."""
    ir = qnn.from_torch(shufflenet(), torch.randn(1, 3, 64, 64))
    assert re.search(r'qnn\.permute %\S+ \{name = "transpose", dims = array<i64: 0, 2, 1, 3, 4>\}'
                     r' : tensor<1x2x24x8x8xf32> -> tensor<1x24x2x8x8xf32>', ir), ir
    assert re.search(r'qnn\.slice %\S+ \{name = "chunk\.1", start = array<i64: 0, 24, 0, 0>, '
                     r'end = array<i64: 1, 48, 8, 8>\}', ir), ir
    # 4 + 8 + 4 units shuffle; all but the first of each stage chunk.
    assert len(re.findall(r"qnn\.permute ", ir)) == 16
    assert len(re.findall(r'qnn\.slice [^\n]*name = "chunk[_0-9]*\.0"', ir)) == 13


def test_shufflenet_float_equivalence(qnn_run):
    model = shufflenet()
    x = torch.randn(1, 3, 64, 64)
    assert_runs_like_torch(qnn_run, model, (x,), tol=1e-5)


# --- recurrent modules: unpacking their outputs ------------------------------

class LSTMUnpack(nn.Module):
    def __init__(self, batch_first=False):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, batch_first=batch_first)
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.fc(h[-1]), out, c


class LSTMInitUnpack(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6, num_layers=2, bidirectional=True)

    def forward(self, x, h0, c0):
        out, state = self.lstm(x, (h0, c0))
        h, c = state
        return out, h, c


class CellUnpack(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.LSTMCell(4, 6)

    def forward(self, x, hx=None):
        if hx is None:  # the default: the example inputs leave it out
            hx = (torch.zeros(x.size(0), 6), torch.zeros(x.size(0), 6))
        h, c = self.cell(x, hx)
        return h, c


RECURRENT = {
    "lstm": (LSTMUnpack, lambda: (torch.randn(5, 2, 4),)),
    "lstm_batch_first": (lambda: LSTMUnpack(batch_first=True), lambda: (torch.randn(2, 5, 4),)),
    "lstm_init": (LSTMInitUnpack, lambda: (torch.randn(5, 2, 4), torch.randn(4, 2, 6),
                                           torch.randn(4, 2, 6))),
    "lstm_cell_default_state": (CellUnpack, lambda: (torch.randn(3, 4),)),
}


@pytest.mark.parametrize("dynamic", [False, True], ids=["float", "dynamic"])
@pytest.mark.parametrize("case", sorted(RECURRENT))
def test_recurrent_unpacking(qnn_run, case, dynamic):
    make, inputs = RECURRENT[case]
    torch.manual_seed(1)
    model = make().eval()
    if dynamic:
        torch.backends.quantized.engine = "qnnpack"
        model = torch.ao.quantization.quantize_dynamic(
            model, {nn.LSTM, nn.LSTMCell, nn.Linear}, dtype=torch.qint8)
    ir = assert_runs_like_torch(qnn_run, model, inputs())
    assert re.search(r'qnn\.lstm(_cell)? [^\n]*name = "(lstm|cell)"', ir)


class GRUUnpack(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 6)

    def forward(self, x):
        _, h = self.gru(x)
        return h


def test_gru_unpacking(qnn_run):
    """The unpacking traces; the whole GRU is unrolled into linears and its
    gate arithmetic (python/tests/test_import_recurrent.py)."""
    torch.manual_seed(0)
    ir = assert_runs_like_torch(qnn_run, GRUUnpack().eval(), (torch.randn(5, 2, 4),))
    assert 'name = "gru.l0.ih"' in ir


# --- Python reading shapes ---------------------------------------------------

class SizeView(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.fc = nn.Linear(4 * 6 * 6, 5)

    def forward(self, x):
        y = self.conv(x)
        return self.fc(y.view(y.size(0), -1))


class ShapeUnpack(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        b, c, h, w = y.shape
        y = y.reshape(b, c * h * w // 2, 2)
        return y.reshape(b, len(y), -1) if y.dim() == 3 else y


class ZerosFromSize(nn.Module):
    """torch.zeros(x.size(0), H) is a constant of the specialized function."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 6)
        self.cell = nn.GRUCell(6, 6)

    def forward(self, x):
        h = torch.zeros(x.size(0), 6)
        return self.cell(self.fc(x), h)


class ShapeBranch(nn.Module):
    """Branching on shapes takes the example's branch."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        if x.shape[-1] > 1 and x.ndim == 4:
            x = self.pool(x)
        return self.fc(torch.flatten(x, 1))


SHAPES = {
    "size_view": (SizeView, (1, 3, 8, 8), "qnn.reshape"),
    "shape_unpack": (ShapeUnpack, (2, 3, 8, 8), "tensor<2x72x2xf32> -> tensor<2x2x72xf32>"),
    "zeros_from_size": (ZerosFromSize, (3, 4), "arith.constant dense<0.0> : tensor<3x6xf32>"),
    "shape_branch": (ShapeBranch, (2, 8, 5, 5), "qnn.adaptive_avg_pool2d"),
}


@pytest.mark.parametrize("case", sorted(SHAPES))
def test_shapes_are_specialized(qnn_run, case):
    make, shape, expect = SHAPES[case]
    torch.manual_seed(2)
    model = make().eval()
    ir = assert_runs_like_torch(qnn_run, model, (torch.randn(*shape),))
    assert expect in ir, ir


class Unrolled(nn.Module):
    """`for t in range(x.shape[0])` unrolls as torch.jit.trace would."""

    def __init__(self):
        super().__init__()
        self.cell = nn.LSTMCell(4, 6)
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        h = torch.zeros(x.size(0), 6)
        c = torch.zeros(x.size(0), 6)
        for _ in range(x.shape[0]):
            h, c = self.cell(x, (h, c))
        return self.fc(h)


@pytest.mark.parametrize("batch", [1, 3])
def test_range_over_shape_unrolls(qnn_run, batch):
    torch.manual_seed(3)
    model = Unrolled().eval()
    ir = assert_runs_like_torch(qnn_run, model, (torch.randn(batch, 4),))
    assert len(re.findall(r'qnn\.lstm_cell [^\n]*name = "cell"', ir)) == batch
    # The cell's weights are one set of constants, shared by the steps.
    assert ir.count("dense_resource<w_cell_weight_ih>") == 1


# --- tensor indexing vs tuple indexing ---------------------------------------

class TupleIndex(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6)

    def forward(self, x):
        r = self.lstm(x)
        return r[0], r[1][0], r[-1][-1]


class TensorIndex(nn.Module):
    """Indexing that keeps every element is a reshape: h[-1] of a
    one-layer LSTM's state, c[0, :, None], out[0] of a one-step sequence, out[..., :]."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 6)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return h[-1], c[0, :, None], out[0], out[..., :]


class IterateTensor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        (row,) = x  # iterating a tensor: one x[i] per row
        return self.fc(row)


class SplitWhole(nn.Module):
    def forward(self, x):
        (a,) = x.chunk(1, dim=1)
        (b,) = x.unbind(0)
        return a, b


INDEXING = {
    "tuple_index": (TupleIndex, (5, 1, 4), 3),
    "tensor_index": (TensorIndex, (1, 2, 4), 4),
    "iterate_tensor": (IterateTensor, (1, 2, 4), 1),
    "split_whole": (SplitWhole, (1, 3), 2),
}


@pytest.mark.parametrize("case", sorted(INDEXING))
def test_tensor_and_tuple_indexing(qnn_run, case):
    make, shape, nout = INDEXING[case]
    torch.manual_seed(4)
    model = make().eval()
    ir = assert_runs_like_torch(qnn_run, model, (torch.randn(*shape),))
    assert ir.count("return") == 1 and len(qnn_run(ir, torch.randn(*shape).numpy())) == nout


# --- unsupported constructs --------------------------------------------------

class Gather(nn.Module):
    """Indexing by a list is a gather, not a slice."""

    def forward(self, x):
        return x[:, [0, 2]]


class Cumsum(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 1)

    def forward(self, x):
        a, b = x.chunk(2, dim=1)
        return self.conv(a.cumsum(1))


class Block(nn.Module):
    def forward(self, x):
        return x.sum(dim=1)


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(4, 4, 1), Block())
        self.shuffle = nn.Sequential(nn.Identity(), nn.ReflectionPad2d(1))

    def forward(self, x):
        return self.body(x), self.shuffle(x)


class IsInstance(nn.Module):
    def forward(self, x):
        if not isinstance(x, torch.Tensor):
            raise TypeError("expects a tensor")
        return x


def _nested_shuffle(x):
    return Nested().shuffle(x)


UNSUPPORTED = {
    # name: (model, input shape, what, path, (function, source text))
    "gather": (Gather, (2, 3), "operator.getitem", "", (Gather.forward, "x[:, [0, 2]]")),
    "cumsum": (Cumsum, (1, 4, 2, 2), "Tensor.cumsum", "", (Cumsum.forward, "a.cumsum")),
    "method_in_block": (Nested, (1, 4, 2, 2), "Tensor.sum", "body.1", (Block.forward, "x.sum")),
    "module_in_sequential": (lambda: nn.Sequential(nn.Identity(), Nested().shuffle), (1, 4, 2, 2),
                             "ReflectionPad2d", "1.1", None),
    "isinstance_on_traced_value": (IsInstance, (2,), None, "", (IsInstance.forward, "raise TypeError")),
}


@pytest.mark.parametrize("case", sorted(UNSUPPORTED))
def test_unsupported_constructs_name_path_and_line(case):
    make, shape, what, path, where = UNSUPPORTED[case]
    with pytest.raises(qnn.UnsupportedModuleError) as info:
        qnn.from_torch(make().eval(), torch.randn(*shape))
    e = info.value
    assert type(e) is qnn.UnsupportedModuleError
    assert e.what == what
    if what is not None:
        assert (what if what != "operator.getitem" else "tensor indexing [:, [0, 2]]") in str(e)
    assert e.path == path
    assert (f"at '{path}'" if path else "in the model's forward") in str(e)
    if where is not None:
        assert e.source.endswith(line_of(*where)), (e.source, str(e))
        assert e.source in str(e)


class InPlace(nn.Module):
    def forward(self, x):
        y = x * 2.0
        y.relu_()
        y.sigmoid_()
        return y + 1.0


def test_in_place_methods_rebind_their_tensor():
    """After `y.relu_()` / `y.sigmoid_()`, `y` is their result."""
    x = torch.randn(3, 4)
    ir = qnn.from_torch(InPlace(), x)
    assert "qnn.relu" in ir and "qnn.sigmoid" in ir
    out, = qnn.run(ir, x)
    np.testing.assert_allclose(out, InPlace()(x).numpy(), rtol=1e-6, atol=1e-6)


class Flip(nn.Module):
    def forward(self, x):
        return x.flip(1) + torch.flip(x, (0, 2))


def test_flip():
    """Tensor.flip / torch.flip: unit slices in reverse order, one qnn.cat
    per flipped dim (data movement: exact)."""
    x = torch.randn(2, 3, 4)
    ir = qnn.from_torch(Flip(), x)
    assert ir.count("qnn.cat") == 3
    out, = qnn.run(ir, x)
    np.testing.assert_array_equal(out, Flip()(x).numpy())
