"""Models torch has already quantized (prepare, calibrate, convert) are
imported with their int weights and qparams, compiled, and reproduce
torch's outputs exactly."""
import pathlib
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402


def torch_ptq(make, size, seed=0):
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(seed)
    m = make(weights=None, quantize=False).eval()
    m.fuse_model()
    m.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    torch.ao.quantization.prepare(m, inplace=True)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for _ in range(2):
            m(torch.randn(1, 3, size, size, generator=g))
    torch.ao.quantization.convert(m, inplace=True)
    return m, torch.randn(1, 3, size, size, generator=g)


@pytest.mark.parametrize("name", ["resnet18", "mobilenet_v2"])
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
