"""Static quantized LSTM: torch's custom-module flow (nn.LSTM ->
torch.ao.nn.quantizable.LSTM at prepare, -> torch.ao.nn.quantized.LSTM at
convert), against torch 1.13 (qnnpack), bit for bit.

The importer traces the quantizable LSTM's Python forward, so the converted
model imports as torch runs it: per layer, direction and time step the cell's
two quantized Linears (igates, hgates: qnn.linear with int weights, lowered
through the GEMM micro-kernels), the FloatFunctional add/mul with their own
qparams, sigmoid/tanh with their fixed qparams, chunk slices; the backward
direction's flip, the cat of the directions and the stacks of the states
(torch's quantized cat: the first input's qparams); the zero initial states
quantized with scale 1.0 and zero point 0.

Three ways in:
- the converted model itself;
- the prepared (observed) model, its observers' state imported, converted
  by qnn;
- the float model, swapped to the quantizable LSTM by qnn.from_torch's
  `prepare_custom_config_dict` (torch's argument), then qnn's own prepare,
  calibrate (the cell's observers are shared across time steps, as torch's
  module observers are) and convert, on the same calibration data: the same
  integers, with scales a few float32 ulps apart where calibration saw
  qnn's float sigmoid/tanh instead of torch's.
"""
import copy
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

from conftest import qnn_opt

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402


CUSTOM = {"float_to_observed_custom_module_class": {nn.LSTM: torch.ao.nn.quantizable.LSTM},
          "observed_to_quantized_custom_module_class":
              {torch.ao.nn.quantizable.LSTM: torch.ao.nn.quantized.LSTM}}
IN, HID, T, B = 4, 5, 3, 2


class Net(nn.Module):
    def __init__(self, layers, bidirectional, batch_first, state):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.quant_h = torch.ao.quantization.QuantStub()
        self.quant_c = torch.ao.quantization.QuantStub()
        self.lstm = nn.LSTM(IN, HID, num_layers=layers, bidirectional=bidirectional,
                            batch_first=batch_first)
        self.dequant = torch.ao.quantization.DeQuantStub()
        self.state = state

    def forward(self, x, h0, c0):
        x = self.quant(x)
        if self.state:
            r = self.lstm(x, (self.quant_h(h0), self.quant_c(c0)))
        else:
            r = self.lstm(x)
        return self.dequant(r[0]), self.dequant(r[1][0]), self.dequant(r[1][1])


# (layers, bidirectional, batch_first, initial state)
CONFIGS = [(1, False, False, False), (2, False, False, True), (1, True, False, False),
           (2, True, True, True), (3, True, False, False), (1, False, True, True)]


def _id(c):
    return f"L{c[0]}{'-bi' if c[1] else ''}{'-bf' if c[2] else ''}{'-h0' if c[3] else ''}"


def _inputs(config, seed):
    layers, bidirectional, batch_first, _ = config
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*((B, T, IN) if batch_first else (T, B, IN)), generator=g)
    d = 2 if bidirectional else 1
    h0 = torch.randn(layers * d, B, HID, generator=g) * 0.5
    c0 = torch.randn(layers * d, B, HID, generator=g) * 0.5
    return x, h0, c0


def _float_model(config, qconfig="qnnpack"):
    torch.manual_seed(7)
    m = Net(*config).eval()
    m.qconfig = torch.ao.quantization.get_default_qconfig(qconfig)
    return m


def _calibration(config):
    return [_inputs(config, s) for s in range(10, 13)]


def _torch_flow(config, qconfig="qnnpack"):
    """(prepared, converted) by torch's custom-module flow."""
    prepared = torch.ao.quantization.prepare(_float_model(config, qconfig),
                                             prepare_custom_config_dict=CUSTOM)
    with torch.no_grad():
        for sample in _calibration(config):
            prepared(*sample)
    converted = torch.ao.quantization.convert(copy.deepcopy(prepared),
                                              convert_custom_config_dict=CUSTOM)
    return prepared, converted


def _assert_identical(ours, model, inputs):
    with torch.no_grad():
        ref = model(*inputs)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b.numpy())


@pytest.mark.parametrize("config", CONFIGS, ids=_id)
def test_converted_lstm_identical(config):
    _, converted = _torch_flow(config)
    inputs = _inputs(config, 1)
    ir = qnn.from_torch(converted, inputs)
    layers, bidirectional = config[0], config[1]
    # Two gate GEMMs per layer, direction and step, on int weights.
    assert ir.count("= qnn.linear") == 2 * layers * (2 if bidirectional else 1) * T
    assert "qnn.qconstant dense_resource<q_lstm_layers_0_layer_fw_cell_igates_weight>" in ir
    _assert_identical(qnn.run(ir, *inputs), converted, inputs)


@pytest.mark.parametrize("config", [CONFIGS[0], CONFIGS[3], CONFIGS[4]], ids=_id)
def test_prepared_lstm_converts_like_torch(config):
    prepared, converted = _torch_flow(config)
    inputs = _inputs(config, 2)
    ir = qnn.from_torch(prepared, inputs)
    assert "= qnn.observe " in ir and "histogram = array<f32:" in ir
    _assert_identical(qnn.run(qnn.convert(ir), *inputs), converted, inputs)


@pytest.mark.parametrize("config", CONFIGS, ids=_id)
@pytest.mark.parametrize("qconfig", ["qnnpack", "fbgemm"])
def test_float_lstm_qnn_ptq_matches_torch(config, qconfig):
    """qnn's own PTQ of the float model against torch's custom-module flow
    on the same calibration data (qnnpack: histogram observers; fbgemm: the
    same with reduce_range): the same quantized integers everywhere. The
    calibration runs the float cell, whose sigmoid/tanh are not torch's
    vectorized kernels (docs/numerics.md), so the observers after the gate
    products see values an ulp apart and a scale may differ by a few float32
    ulps: the dequantized outputs agree to 1e-6 relative, which a 1 LSB
    difference (at least 1/255 of the value) would exceed; a zero output is
    exactly zero on both sides."""
    _, converted = _torch_flow(config, qconfig)
    inputs = _inputs(config, 3)
    ir = qnn.from_torch(_float_model(config, qconfig), inputs, prepare_custom_config_dict=CUSTOM)
    assert "= qnn.observe " not in ir and "qnn.lstm" not in ir
    calibrated = qnn.calibrate(qnn.prepare(ir), [tuple(t.numpy() for t in s)
                                                 for s in _calibration(config)])
    ours = qnn.run(qnn.convert(calibrated), *inputs)
    with torch.no_grad():
        ref = converted(*inputs)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-6, atol=0)


def test_float_lstm_without_custom_config_stays_one_op():
    """Without the custom-module mapping torch's prepare leaves nn.LSTM float;
    so does qnn (one qnn.lstm)."""
    config = CONFIGS[0]
    ir = qnn.from_torch(_float_model(config), _inputs(config, 4))
    assert ir.count("qnn.lstm ") == 1 and "qnn.linear" not in ir


def test_unknown_custom_mapping_is_an_error():
    config = CONFIGS[0]
    with pytest.raises(qnn.UnsupportedModuleError, match="custom module mapping GRU"):
        qnn.from_torch(_float_model(config), _inputs(config, 4), prepare_custom_config_dict={
            "float_to_observed_custom_module_class": {nn.GRU: torch.ao.nn.quantizable.LSTM}})


def test_converted_lstm_compiled_through_microkernels(tmp_path, monkeypatch):
    """The gate GEMMs take the micro-kernel path (qnn-to-kernels emits the
    target's GEMM instruction), and the compiled object is torch's result."""
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    config = CONFIGS[3]
    _, converted = _torch_flow(config)
    inputs = _inputs(config, 5)
    ir = qnn.from_torch(converted, inputs)
    lowered = qnn_opt(ir, "--qnn-to-kernels=target=x86-64-avx2", tmp_path=tmp_path)
    reference = qnn_opt(ir, "--qnn-to-kernels=target=reference", tmp_path=tmp_path)
    assert "qnn.linear" not in lowered
    assert "pmadd_wd" in lowered and "pmadd_wd" not in reference
    compiled = qnn.compile(ir, target="native")
    _assert_identical(compiled(*[t.numpy() for t in inputs]), converted, inputs)
