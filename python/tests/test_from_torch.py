"""qnn.from_torch on float eager-mode models: the imported IR runs to the
same float outputs, and unsupported modules are clear errors."""
import re
import sys
import pathlib

import numpy as np
import pytest
import torch
import torch.nn as nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = torch.ao.quantization.QuantStub()
        self.conv = nn.Conv2d(3, 6, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(6)
        self.act = nn.Hardswish()
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.skip = torch.ao.nn.quantized.FloatFunctional()
        self.fc = nn.Linear(6, 4)
        self.dequant = torch.ao.quantization.DeQuantStub()

    def forward(self, x):
        x = self.quant(x)
        y = self.act(self.bn(self.conv(x)))
        y = self.skip.add(y, y)
        y = torch.flatten(self.pool(y), 1)
        return self.dequant(self.fc(y))


def test_small_model_float_equivalence():
    torch.manual_seed(0)
    m = Small().eval()
    x = torch.randn(2, 3, 8, 8)
    ir = qnn.from_torch(m, x)
    assert 'qnn.add %' in ir and 'name = "skip"' in ir
    assert 'qnn.quant_stub' in ir and 'name = "bn"' in ir
    out, = qnn.run(ir, x)
    np.testing.assert_allclose(out, m(x).detach().numpy(), rtol=1e-5, atol=1e-5)


def test_qconfigs_are_carried():
    m = Small().eval()
    m.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    m.fc.qconfig = None
    ir = qnn.from_torch(m, torch.randn(1, 3, 8, 8))
    assert "global = #qnn.qconfig<activation = #qnn.observer<histogram" in ir
    assert re.search(r'qnn\.linear [^\n]*name = "fc", qconfig = #qnn\.qconfig<none>', ir)
    prepared = qnn.prepare(ir)
    # The global preset is recognised, and fc stays float.
    assert "#qnn.qconfig<qnnpack>" in prepared
    assert 'name = "fc.weight"' not in prepared


def test_unsupported_module_names_path():
    class M(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Sequential(nn.Conv2d(1, 1, 1), nn.ReflectionPad2d(1))

        def forward(self, x):
            return self.inner(x)

    with pytest.raises(qnn.UnsupportedModuleError, match=r"ReflectionPad2d at 'inner\.1'"):
        qnn.from_torch(M().eval(), torch.randn(1, 1, 4, 4))


def test_resnet18_ptq_against_torch():
    from torchvision.models.quantization import resnet18
    torch.manual_seed(0)
    torch.backends.quantized.engine = "qnnpack"
    model = resnet18(weights=None, quantize=False).eval()
    g = torch.Generator().manual_seed(1)
    calib = [torch.randn(1, 3, 32, 32, generator=g) for _ in range(3)]
    x = torch.randn(1, 3, 32, 32, generator=g)
    ir = qnn.from_torch(model, x)
    out, = qnn.run(ir, x)
    np.testing.assert_allclose(out, model(x).detach().numpy(), rtol=1e-4, atol=1e-4)

    model.qconfig = torch.ao.quantization.get_default_qconfig("qnnpack")
    qir = qnn.convert(qnn.calibrate(qnn.prepare(qnn.from_torch(model, x)), calib))
    qout, = qnn.run(qir, x)

    tm = resnet18(weights=None, quantize=False).eval()
    tm.load_state_dict(model.state_dict())
    tm.qconfig = model.qconfig
    tm.fuse_model()
    torch.ao.quantization.prepare(tm, inplace=True)
    for c in calib:
        tm(c)
    torch.ao.quantization.convert(tm, inplace=True)
    ref = tm(x).numpy()
    # Float activations feeding deeper observers differ in their last bits
    # (docs/numerics.md), so allow a few output quantization steps.
    step = float(tm.fc.scale)
    assert np.abs(qout - ref).max() <= 3 * step + 1e-6, (np.abs(qout - ref).max(), step)


@pytest.mark.parametrize("conv,x,message", [
    (nn.Conv2d(3, 4, 3), torch.randn(3, 8, 8), "an unbatched \\(3-d\\) input"),
    (nn.Conv1d(3, 4, 3), torch.randn(3, 8), "an unbatched \\(2-d\\) input"),
    (nn.Conv2d(3, 4, 3, padding="same"), torch.randn(1, 3, 8, 8), "string padding"),
])
def test_conv_forms_qnn_does_not_model_are_reported(conv, x, message):
    """Unbatched conv inputs and string paddings are reported at import, not
    emitted as IR that fails to verify later."""
    with pytest.raises(qnn.UnsupportedModuleError, match=message):
        qnn.from_torch(nn.Sequential(conv).eval(), (x,))
