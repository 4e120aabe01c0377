"""What the resnet18 examples share: their command-line options and
torchvision's quantizable resnet18 (random weights, seed 0) with the
qconfig of the chosen backend, its calibration batches and an input."""
import torch
from torchvision.models.quantization import resnet18


def add_arguments(ap):
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--calibration-batches", type=int, default=4)
    ap.add_argument("--backend", default="qnnpack")


def model_and_data(args):
    """(float model with its qconfig, calibration batches, input)."""
    torch.manual_seed(0)
    shape = (1, 3, args.size, args.size)
    g = torch.Generator().manual_seed(1)
    calib = [torch.randn(*shape, generator=g) for _ in range(args.calibration_batches)]
    x = torch.randn(*shape, generator=g)

    model = resnet18(weights=None, quantize=False).eval()
    model.qconfig = torch.ao.quantization.get_default_qconfig(args.backend)
    return model, calib, x
