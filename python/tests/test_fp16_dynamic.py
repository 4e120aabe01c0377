"""fp16 dynamic quantization (`float16_dynamic_qconfig`): Linear, LSTM,
LSTMCell and GRU with float16 weights and float compute, run by qnn-run and
compiled for every target.

torch's own fp16 dynamic modules need fbgemm's `linear_prepack_fp16`, which
this torch build lacks (every engine raises, checked below), so torch cannot
produce the converted model; the reference is torch's float model with its
weight matrices rounded through `.half().float()` (biases stay float, as in
fbgemm's fp16 linear): fp16 weights, float compute (docs/numerics.md)."""
import copy
import pathlib
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
from torch.ao.quantization import float16_dynamic_qconfig

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import tool  # noqa: E402
from compiled_driver import (ARM_TARGETS, LLVM_BIN, X86_TARGETS, assert_targets_match,  # noqa: E402
                             compile_and_run_any, data_section_bytes, skip_unless_runnable)


class Sequence(nn.Module):
    """A recurrent layer's output sequence and final hidden state."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        out, h = self.rnn(x)
        return (out, *h) if isinstance(h, tuple) else (out, h)


class Cell(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    def forward(self, x, h, c):
        return self.cell(x, (h, c))


# name: (model factory, input shapes, module kind)
MODELS = {
    "linear": (lambda: nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4)), [(3, 16)], nn.Linear),
    "lstm": (lambda: Sequence(nn.LSTM(6, 5, num_layers=2, bidirectional=True)), [(4, 2, 6)], nn.LSTM),
    "lstm_cell": (lambda: Cell(nn.LSTMCell(6, 5)), [(3, 6), (3, 5), (3, 5)], nn.LSTMCell),
    "gru": (lambda: Sequence(nn.GRU(6, 5, num_layers=2, batch_first=True)), [(2, 4, 6)], nn.GRU),
}


def _model(name):
    factory, shapes, kind = MODELS[name]
    torch.manual_seed(0)
    model = factory().eval()
    g = torch.Generator().manual_seed(1)
    x = tuple(torch.randn(*s, generator=g) for s in shapes)
    return model, x, kind


def _fp16_reference(model, x):
    """The float model with every weight matrix rounded to float16."""
    ref = copy.deepcopy(model)
    with torch.no_grad():
        for name, p in ref.named_parameters():
            if "weight" in name:
                p.copy_(p.half().float())
        out = ref(*x)
    return [o.numpy() for o in (out if isinstance(out, tuple) else (out,))]


def _float(model, x):
    with torch.no_grad():
        out = model(*x)
    return [o.numpy() for o in (out if isinstance(out, tuple) else (out,))]


def _qnn_fp16(model, x, kind):
    """qnn's own dynamic quantization of the float model whose modules carry
    float16_dynamic_qconfig (their qconfig picks float16; no dtype option)."""
    model = copy.deepcopy(model)
    for m in model.modules():
        if isinstance(m, kind):
            m.qconfig = float16_dynamic_qconfig
    return qnn.quantize_dynamic(qnn.from_torch(model, x))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_fp16_dynamic_matches_rounded_float_model(name):
    model, x, kind = _model(name)
    ir = _qnn_fp16(model, x, kind)
    assert "xf16>" in ir and "qconfig = #qnn.qconfig<float16_dynamic>" in ir
    assert "quant.uniform" not in ir
    ours = qnn.run(ir, *[t.numpy() for t in x])
    ref, fp32 = _fp16_reference(model, x), _float(model, x)
    # The same via the pass option on the plain float model.
    by_dtype = qnn.run(qnn.quantize_dynamic(qnn.from_torch(model, x), dtype="float16"),
                       *[t.numpy() for t in x])
    for a, b in zip(ours, by_dtype):
        np.testing.assert_array_equal(a, b)
    for out, r, f in zip(ours, ref, fp32):
        # Float compute in another summation order (and, in the recurrent
        # layers, the polynomial sigmoid/tanh of docs/numerics.md): 1e-5.
        np.testing.assert_allclose(out, r, rtol=1e-5, atol=2e-6)
        # The weights really are rounded: the unrounded float model is
        # much farther away than the tolerance.
        assert np.abs(out - f).max() > 10 * np.abs(out - r).max()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_fp16_dynamic_compiled_every_target(tmp_path, name):
    model, x, kind = _model(name)
    ir = _qnn_fp16(model, x, kind)
    inputs = [t.numpy() for t in x]
    ref = qnn.run(ir, *inputs)
    ran = assert_targets_match(tmp_path, ir, inputs, ref, X86_TARGETS + ARM_TARGETS, name)
    assert ran >= 3


@pytest.mark.parametrize("target", ["generic", "x86-64-avx2", "aarch64-neon"])
def test_fp16_weights_stored_as_half(tmp_path, target):
    """256 x 128 weights: 128 KiB as f32, 64 KiB as f16 in the object; the
    generic target widens them without a runtime call (__extendhfsf2)."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(256, 128)).eval()
    x = torch.randn(2, 256)
    sizes = {}
    for kind, ir in (("f32", qnn.from_torch(model, (x,))),
                     ("f16", qnn.quantize_dynamic(qnn.from_torch(model, (x,)), dtype="float16"))):
        d = tmp_path / kind
        d.mkdir()
        (d / "m.mlir").write_text(ir)
        subprocess.run([tool("qnn-compile"), str(d / "m.mlir"), f"--target={target}",
                        "-o", str(d / "m.o")], check=True)
        sizes[kind] = data_section_bytes(d / "m.o")
        undefined = subprocess.run([str(LLVM_BIN / "llvm-nm"), "-u", str(d / "m.o")],
                                   capture_output=True, text=True, check=True).stdout
        assert "__extendhfsf2" not in undefined
    assert sizes["f32"] >= 256 * 128 * 4
    assert sizes["f32"] - sizes["f16"] >= 256 * 128 * 2 - 1024, sizes


def test_torch_cannot_convert_fp16_dynamic_here():
    """Why the reference is the rounded float model: this torch build has no
    fbgemm, and quantize_dynamic(dtype=float16) fails in every engine. If
    this starts passing conversion, the converted model should be imported
    and compared too."""
    model = nn.Sequential(nn.Linear(4, 4))
    engine = torch.backends.quantized.engine
    try:
        for e in torch.backends.quantized.supported_engines:
            torch.backends.quantized.engine = e
            with pytest.raises(RuntimeError, match="linear_prepack_fp16|NoQEngine"):
                torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.float16)
    finally:
        torch.backends.quantized.engine = engine


def test_f16_widening_exact_every_target(tmp_path):
    """Every target widens the stored f16 weights exactly: subnormal halves
    (2^-24 ... 1023 * 2^-24), the smallest normal, -0, +-65504 and ordinary
    values come out of `eye @ w^T` unchanged (the generic target widens with
    integer operations instead of a half-to-float instruction)."""
    w = np.array([[2.0 ** -24, -(2.0 ** -24), 3 * 2.0 ** -24, 1023 * 2.0 ** -24],
                  [2.0 ** -14, -0.0, 65504.0, -65504.0],
                  [1.0, 1 + 2.0 ** -10, 0.333251953125, -2.5]], dtype=np.float16)
    dense = "[" + ", ".join("[" + ", ".join(f"0x{int(v):04X}" for v in row.view(np.uint16)) + "]"
                            for row in w) + "]"
    ir = f"""func.func @f(%x: tensor<4x4xf32>) -> tensor<4x3xf32> {{
  %w = arith.constant dense<{dense}> : tensor<3x4xf16>
  %y = qnn.linear %x, %w {{name = "fc", qconfig = #qnn.qconfig<float16_dynamic>}} : (tensor<4x4xf32>, tensor<3x4xf16>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}}"""
    x = np.eye(4, dtype=np.float32)
    # The GEMM sums from +0, so the -0 weight comes out as +0.
    expected = w.astype(np.float32).T + np.float32(0.0)
    ref, = qnn.run(ir, x)
    np.testing.assert_array_equal(ref.view(np.uint32), expected.view(np.uint32))
    ran = 0
    for target in X86_TARGETS + ARM_TARGETS:
        try:
            skip_unless_runnable(target)
        except pytest.skip.Exception:
            continue
        out, = compile_and_run_any(tmp_path / target, ir, target, [x])
        np.testing.assert_array_equal(out.view(np.uint32), expected.view(np.uint32), err_msg=target)
        ran += 1
    assert ran >= 3
