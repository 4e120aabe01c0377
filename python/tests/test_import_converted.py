"""Models torch has already quantized (prepare, calibrate, convert) are
imported with their int weights and qparams, compiled, and reproduce
torch's outputs exactly."""
import pathlib
import re
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402
from conftest import torch_eager_ptq  # noqa: E402


def torch_ptq(make, size, seed=0):
    torch.manual_seed(seed)
    m = make(weights=None, quantize=False).eval()
    m.fuse_model()
    g = torch.Generator().manual_seed(seed + 1)
    calib = [torch.randn(1, 3, size, size, generator=g) for _ in range(2)]
    torch_eager_ptq(m, torch.ao.quantization.get_default_qconfig("qnnpack"), calib)
    return m, torch.randn(1, 3, size, size, generator=g)


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v2", "shufflenet_v2_x0_5"])
def test_converted_torchvision_model_identical(tmp_path, monkeypatch, name):
    import torchvision.models.quantization as tvq
    monkeypatch.setenv("QNN_CACHE_DIR", str(tmp_path))
    model, x = torch_ptq(getattr(tvq, name), 64)
    ir = qnn.from_torch(model, x)
    assert "qnn.qconstant dense_resource" in ir
    compiled = qnn.compile(ir, target="native")
    ours = compiled(x.numpy())
    with torch.no_grad():
        ref = model(x).numpy()
    np.testing.assert_array_equal(ours, ref)


def test_dynamic_linear_model_identical():
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(3)
    m = torch.nn.Sequential(torch.nn.Linear(12, 8), torch.nn.ReLU(), torch.nn.Linear(8, 4)).eval()
    q = torch.ao.quantization.quantize_dynamic(m, {torch.nn.Linear}, dtype=torch.qint8)
    x = torch.randn(5, 12)
    ir = qnn.from_torch(q, x)
    out, = qnn.run(ir, x)
    np.testing.assert_array_equal(out, q(x).numpy())


class LSTMNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(4, 6, num_layers=2, bidirectional=True)
        self.fc = torch.nn.Linear(12, 3)

    def forward(self, x, h0, c0):
        # Indexing rather than `out, (h, c) = ...`: torch 1.13's fx cannot
        # trace tuple unpacking under Python 3.11.
        r = self.lstm(x, (h0, c0))
        return self.fc(r[0]), r[1][0], r[1][1]


def test_float_and_dynamic_lstm_models():
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(4)
    net = LSTMNet().eval()
    x, h0, c0 = torch.randn(5, 2, 4), torch.randn(4, 2, 6), torch.randn(4, 2, 6)
    for model in [net, torch.ao.quantization.quantize_dynamic(net, {torch.nn.LSTM, torch.nn.Linear},
                                                              dtype=torch.qint8)]:
        ir = qnn.from_torch(model, (x, h0, c0))
        ours = qnn.run(ir, x, h0, c0)
        with torch.no_grad():
            ref = model(x, h0, c0)
        for a, b in zip(ours, ref):
            np.testing.assert_allclose(a, b.numpy(), rtol=1e-5, atol=1e-5)


def test_embedding_model():
    class Emb(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(10, 4, padding_idx=0)
            self.fc = torch.nn.Linear(4, 2)

        def forward(self, idx):
            return self.fc(self.emb(idx))

    torch.manual_seed(5)
    m = Emb().eval()
    idx = torch.tensor([[1, 0, 9], [3, 3, 2]])
    out, = qnn.run(qnn.from_torch(m, idx), idx)
    with torch.no_grad():
        np.testing.assert_allclose(out, m(idx).numpy(), rtol=1e-6, atol=1e-6)


def test_converted_shufflenet_quantized_layout_ops_identical():
    """shufflenet's channel shuffle and chunk run on quantized tensors
    (qnn.permute / qnn.slice keeping their input's qparams); the result of
    the last unit, before the global pool, has torch's int_repr."""
    import torchvision.models.quantization as tvq
    model, x = torch_ptq(tvq.shufflenet_v2_x0_5, 64)

    class Stages(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, x):
            m = self.m
            return m.stage4(m.stage3(m.stage2(m.maxpool(m.conv1(m.quant(x))))))

    stages = Stages(model).eval()
    ir = qnn.from_torch(stages, x)
    assert re.search(r"qnn\.permute [^\n]*!quant\.uniform", ir)
    assert re.search(r"qnn\.slice [^\n]*!quant\.uniform", ir)
    (ints, scale, zero_point), = qnn.run(ir, x)
    with torch.no_grad():
        ref = stages(x)
    np.testing.assert_array_equal(ints, ref.int_repr().numpy())
    assert (scale, zero_point) == (ref.q_scale(), ref.q_zero_point())
