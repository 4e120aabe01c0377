"""Every module kind the dialect covers, compiled: the models of
test_module_equivalence.py as torch converts them (static: every quantized
module and FloatFunctional op; dynamic: linear, LSTM and the cells; the
weight-only embeddings), imported with `qnn.from_torch`, compiled by
qnn-compile for every target, linked with a C driver generated from the
signature, run (aarch64 under qemu) and compared bit for bit with qnn-run.
test_module_equivalence.py compares the same models' qnn-run results with
torch."""
import functools

import pytest
import torch

import test_module_equivalence as me  # puts python/ on sys.path
import qnn  # noqa: E402
from compiled_driver import ARM_TARGETS, X86_TARGETS, assert_targets_match

TARGETS = X86_TARGETS + ARM_TARGETS


def _static(name):
    factory, shapes, _, _ = me.STATIC[name]
    engine = "onednn" if name == "conv3d" else "qnnpack"
    _, converted = me._torch_ptq(factory, shapes, me._inputs(shapes, 1, 3), engine=engine)
    torch.backends.quantized.engine = "qnnpack"
    x, = me._inputs(shapes, 2)
    return qnn.from_torch(converted, x), x


def _dynamic(name):
    torch.backends.quantized.engine = "qnnpack"
    factory, shapes, kind = me.DYNAMIC[name]
    torch.manual_seed(0)
    model = factory().eval()
    x, = me._inputs(shapes, 2)
    with torch.no_grad():
        converted = torch.ao.quantization.quantize_dynamic(model, {kind}, dtype=torch.qint8)
    return qnn.from_torch(converted, x), x


def _embeddings():
    torch.backends.quantized.engine = "qnnpack"

    class Bags(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(10, 4, padding_idx=0)
            self.bag = torch.nn.EmbeddingBag(10, 4, mode="mean")

        def forward(self, idx, flat, offsets):
            return self.emb(idx), self.bag(flat, offsets)

    torch.manual_seed(0)
    q = Bags().eval()
    q.emb.qconfig = q.bag.qconfig = torch.ao.quantization.float_qparams_weight_only_qconfig
    torch.ao.quantization.prepare(q, inplace=True)
    torch.ao.quantization.convert(q, inplace=True)
    x = (torch.tensor([[1, 0, 9], [3, 3, 2]]), torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]),
         torch.tensor([0, 3, 3]))
    return qnn.from_torch(q, x), x


MODELS = {**{n: functools.partial(_static, n) for n in me.STATIC},
          **{f"dynamic_{n}": functools.partial(_dynamic, n) for n in me.DYNAMIC},
          "embeddings_weight_only": _embeddings}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_compiled_module_matches_qnn_run(tmp_path, name):
    ir, x = MODELS[name]()
    inputs = [t.numpy() for t in x]
    ref = [r[0] if isinstance(r, tuple) else r for r in qnn.run(ir, *inputs)]
    assert_targets_match(tmp_path, ir, inputs, ref, TARGETS, name)
