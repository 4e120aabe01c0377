#!/usr/bin/python3
"""PyTorch latency measurements of one model in one engine, in a process of
their own (ONEDNN_MAX_CPU_ISA is read when oneDNN initializes), serving
bench/run.py's interleaved rounds (bench/timing.py's protocol):

    bench/torch_worker.py MODEL fp32|onednn|qnnpack BATCH THREADS
      stdin: `BATCH THREADS reps budget` lines; stdout: one median ms each

Batch and thread count are fixed per process: torch 1.13's oneDNN quantized
convs (mobilenet_v2's, at least) first run under one thread count fail under
another, and at 2 threads under another batch too ("could not create a
primitive descriptor for a reorder primitive").

It also holds the bench's model list: torchvision's quantizable models with
random weights (seed 0), converted with the engine's default qconfig after
calibrating on CALIBRATION_BATCHES random batches (seed 1), which are the
batches qnn (through torch's converted model) and ONNX Runtime calibrate on.
"""
import sys

import torch
from torchvision.models import quantization as tvq

from timing import median_ms, serve

MODELS = {  # name: (input size, constructor arguments)
    "resnet18": (224, {}),
    "resnet50": (224, {}),
    "mobilenet_v2": (224, {}),
    "mobilenet_v3_large": (224, {}),
    "resnext101_32x8d": (224, {}),
    "inception_v3": (299, {"aux_logits": False, "init_weights": True}),
    "shufflenet_v2_x1_0": (224, {}),
    "googlenet": (224, {"aux_logits": False, "init_weights": True}),
}
CALIBRATION_BATCHES = 2


def input_size(name):
    return MODELS[name][0]


def calibration_batches(name):
    g = torch.Generator().manual_seed(1)
    s = input_size(name)
    return [torch.randn(1, 3, s, s, generator=g) for _ in range(CALIBRATION_BATCHES)]


def macs(name):
    """Multiply-accumulates of the model's convs and linears per image."""
    m = build(name, "fp32")
    total = [0]

    def hook(mod, inp, out):
        if isinstance(mod, torch.nn.Conv2d):
            total[0] += out[0].numel() * mod.in_channels // mod.groups * mod.kernel_size[0] * mod.kernel_size[1]
        else:
            total[0] += mod.in_features * mod.out_features
    for mod in m.modules():
        if isinstance(mod, (torch.nn.Conv2d, torch.nn.Linear)):
            mod.register_forward_hook(hook)
    s = input_size(name)
    with torch.no_grad():
        m(torch.zeros(1, 3, s, s))
    return total[0]


def build(name, mode):
    torch.manual_seed(0)
    m = getattr(tvq, name)(weights=None, quantize=False, **MODELS[name][1]).eval()
    if mode == "fp32":
        return m
    torch.backends.quantized.engine = mode
    m.fuse_model()
    m.qconfig = torch.ao.quantization.get_default_qconfig(mode)
    torch.ao.quantization.prepare(m, inplace=True)
    with torch.no_grad():
        for x in calibration_batches(name):
            m(x)
    return torch.ao.quantization.convert(m, inplace=True)


def main():
    name, mode, nbatch, nthreads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(nthreads)
    m = build(name, mode)
    s = input_size(name)

    def measure(batch, threads, reps, budget):
        if (batch, threads) != (nbatch, nthreads):
            raise ValueError(f"this worker runs batch {nbatch} on {nthreads} thread(s)")
        x = torch.randn(batch, 3, s, s)
        with torch.no_grad():
            return median_ms(lambda: m(x), reps, budget)

    print("ready", flush=True)
    serve(measure)


if __name__ == "__main__":
    main()
