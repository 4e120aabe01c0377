"""Quantized MultiheadAttention: torch's custom-module flow
(nn.MultiheadAttention -> torch.ao.nn.quantizable.MultiheadAttention at
prepare, -> torch.ao.nn.quantized.MultiheadAttention at convert), against
torch 1.13 (qnnpack), bit for bit.

The importer traces the quantizable module's Python forward: linear_Q/K/V
and out_proj are quantized qnn.linear ops (GEMM micro-kernels),
q_scaling_product.mul_scalar a qnn.mul_scalar with torch's derived qparams;
between dequant_q/k/v and quant_attn_output(_weights) torch computes in
float: the two torch.bmm (one float qnn.linear per batch entry, k summed in
order from zero as ATen's bmm kernel does for these small products), the
masks (a constant bool mask filled with -inf is added in its additive form,
a float mask added), softmax; the head average of the weights is torch's
quantized mean (dequantize, float mean, quantize with the input's qparams).

Covered: attn_mask (bool 2-D and 3-D, float), key_padding_mask, kdim != vdim,
average_attn_weights=False, need_weights=False; each through the converted
model, the prepared model (qnn's convert of torch's observer state) and the
float model through qnn's own prepare / calibrate / convert.
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


CUSTOM = {"float_to_observed_custom_module_class":
              {nn.MultiheadAttention: torch.ao.nn.quantizable.MultiheadAttention},
          "observed_to_quantized_custom_module_class":
              {torch.ao.nn.quantizable.MultiheadAttention: torch.ao.nn.quantized.MultiheadAttention}}
E, H, L, S, B = 8, 2, 3, 4, 2


class Net(nn.Module):
    def __init__(self, kdim=None, vdim=None, attn_mask=None, key_padding_mask=False,
                 average=True, need_weights=True):
        super().__init__()
        self.quant_q = torch.ao.quantization.QuantStub()
        self.quant_k = torch.ao.quantization.QuantStub()
        self.quant_v = torch.ao.quantization.QuantStub()
        self.mha = nn.MultiheadAttention(E, H, kdim=kdim, vdim=vdim)
        self.dequant = torch.ao.quantization.DeQuantStub()
        g = torch.Generator().manual_seed(5)
        masks = {"bool": lambda: torch.rand(L, S, generator=g) > 0.7,
                 "float": lambda: torch.randn(L, S, generator=g),
                 "bool3": lambda: torch.rand(B * H, L, S, generator=g) > 0.7}
        self.register_buffer("attn_mask", masks[attn_mask]() if attn_mask else None)
        self.register_buffer("key_padding_mask", torch.tensor(
            [[False, False, True, False], [False, True, False, True]]) if key_padding_mask else None)
        self.average, self.need_weights = average, need_weights

    def forward(self, q, k, v):
        out, weights = self.mha(self.quant_q(q), self.quant_k(k), self.quant_v(v),
                                key_padding_mask=self.key_padding_mask, attn_mask=self.attn_mask,
                                need_weights=self.need_weights, average_attn_weights=self.average)
        if not self.need_weights:
            return self.dequant(out)
        return self.dequant(out), self.dequant(weights)


CONFIGS = {
    "plain": {},
    "bool_attn_mask": dict(attn_mask="bool"),
    "float_attn_mask_key_padding": dict(attn_mask="float", key_padding_mask=True),
    "bool3_attn_mask_per_head": dict(attn_mask="bool3", average=False),
    "kdim_vdim_key_padding": dict(kdim=6, vdim=5, key_padding_mask=True),
    "no_weights_kdim": dict(kdim=6, need_weights=False),
}


def _float_model(name):
    torch.manual_seed(0)
    m = Net(**CONFIGS[name]).eval()
    m.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    return m


def _inputs(name, seed):
    cfg = CONFIGS[name]
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(L, B, E, generator=g), torch.randn(S, B, cfg.get("kdim") or E, generator=g),
            torch.randn(S, B, cfg.get("vdim") or E, generator=g))


def _calibration(name):
    return [_inputs(name, s) for s in range(10, 13)]


def _torch_flow(name):
    prepared = torch.ao.quantization.prepare(_float_model(name), prepare_custom_config_dict=CUSTOM)
    with torch.no_grad():
        for sample in _calibration(name):
            prepared(*sample)
    converted = torch.ao.quantization.convert(copy.deepcopy(prepared), convert_custom_config_dict=CUSTOM)
    return prepared, converted


def _assert_identical(ours, model, inputs):
    with torch.no_grad():
        ref = model(*inputs)
    ref = ref if isinstance(ref, tuple) else (ref,)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b.numpy())


@pytest.mark.parametrize("name", CONFIGS)
def test_converted_mha_identical(name):
    _, converted = _torch_flow(name)
    inputs = _inputs(name, 1)
    ir = qnn.from_torch(converted, inputs)
    for proj in ("linear_Q", "linear_K", "linear_V", "out_proj"):
        assert f"qnn.qconstant dense_resource<q_mha_{proj}_weight>" in ir
    assert "qnn.multihead_attention" not in ir
    _assert_identical(qnn.run(ir, *inputs), converted, inputs)


@pytest.mark.parametrize("name", CONFIGS)
def test_prepared_mha_converts_like_torch(name):
    prepared, converted = _torch_flow(name)
    inputs = _inputs(name, 2)
    ir = qnn.from_torch(prepared, inputs)
    assert "= qnn.observe " in ir
    _assert_identical(qnn.run(qnn.convert(ir), *inputs), converted, inputs)


@pytest.mark.parametrize("name", CONFIGS)
def test_float_mha_qnn_ptq_matches_torch(name):
    _, converted = _torch_flow(name)
    inputs = _inputs(name, 3)
    ir = qnn.from_torch(_float_model(name), inputs, prepare_custom_config_dict=CUSTOM)
    assert "= qnn.observe " not in ir and "qnn.multihead_attention" not in ir
    calibrated = qnn.calibrate(qnn.prepare(ir), [tuple(t.numpy() for t in s) for s in _calibration(name)])
    _assert_identical(qnn.run(qnn.convert(calibrated), *inputs), converted, inputs)


def test_converted_mha_compiled_through_microkernels(tmp_path, monkeypatch):
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    name = "float_attn_mask_key_padding"
    _, converted = _torch_flow(name)
    inputs = _inputs(name, 4)
    ir = qnn.from_torch(converted, inputs)
    lowered = qnn_opt(ir, "--qnn-to-kernels=target=x86-64-avx2", tmp_path=tmp_path)
    assert "pmadd_wd" in lowered
    compiled = qnn.compile(ir, target="native")
    _assert_identical(compiled(*[t.numpy() for t in inputs]), converted, inputs)


class MaskInput(nn.Module):
    def __init__(self, mha):
        super().__init__()
        self.mha = mha

    def forward(self, q, k, v, key_padding_mask):
        return self.mha(q, k, v, key_padding_mask=key_padding_mask)[0]


def test_mask_that_is_an_input_is_an_error():
    _, converted = _torch_flow("plain")
    inputs = _inputs("plain", 5)
    qs = [torch.quantize_per_tensor(t, 0.05, 128, torch.quint8) for t in inputs]
    with pytest.raises(qnn.UnsupportedModuleError, match="masked_fill .*constant of the traced function"):
        qnn.from_torch(MaskInput(converted.mha), (*qs, torch.zeros(B, S, dtype=torch.bool)))
