"""per_channel_dynamic_qconfig: per-channel dynamic weights, on both import
paths, against torch's quantize_dynamic (it used to be applied per tensor
without a word)."""
import pathlib
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn
from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import qnn  # noqa: E402



class Sequence(nn.Module):
    """An LSTM's output sequence."""

    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm

    def forward(self, x):
        out, _ = self.lstm(x)
        return out


MODELS = {
    "linear": (lambda: nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4)), (3, 16), 0.0),
    # The recurrent cells' sigmoid/tanh are polynomial approximations
    # (docs/numerics.md): within 1e-5 relative, as per-tensor.
    "lstm": (lambda: Sequence(nn.LSTM(6, 5)), (4, 2, 6), 1e-5),
    "gru_cell": (lambda: nn.Sequential(nn.GRUCell(6, 5)), (3, 6), 1e-5),
}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_per_channel_dynamic(name):
    make, shape, rtol = MODELS[name]
    torch.manual_seed(0)
    model = make().eval()
    x = torch.randn(*shape)
    ref = quantize_dynamic(model, {nn.Linear: per_channel_dynamic_qconfig,
                                   nn.LSTM: per_channel_dynamic_qconfig,
                                   nn.GRUCell: per_channel_dynamic_qconfig})
    with torch.no_grad():
        expected = ref(x).numpy()
    # Path 2: torch's converted model, imported.
    imported, = qnn.run(qnn.from_torch(ref, (x,)), x.numpy())
    # Path 1: the float model with the qconfig on its modules.
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.LSTM, nn.GRUCell)):
            m.qconfig = per_channel_dynamic_qconfig
    ir = qnn.quantize_dynamic(qnn.from_torch(model, (x,)))
    assert "quant.uniform<i8:f32:0, {" in ir, "weights are not per-channel"
    ours, = qnn.run(ir, x.numpy())
    for out in (imported, ours):
        if rtol:
            np.testing.assert_allclose(out, expected, rtol=rtol, atol=1e-6)
        else:
            np.testing.assert_array_equal(out, expected)
