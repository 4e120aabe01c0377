"""Per-layer accuracy report: a quantized model against its float model.

What torch.ao.ns's numeric suite (`compare_model_outputs`) gives for
eager-mode models, over qnn IR::

    report = qnn.compare(float_ir, quantized_ir, x)
    print(report.table)              # in model order, worst layer last
    report.worst.name                # e.g. "layer4.1.conv2"
    report.plot("sqnr.png")          # SQNR per layer (needs matplotlib)

Both models run through the JIT (`qnn-run --compare`) on the same inputs
with every named op's result exposed. Ops are matched by module path (the
ops' `name`); a fused quantized op (conv1 standing for conv1 + bn1 + relu)
is compared with the float value at the end of its fused group (relu's
output). For each layer: SQNR in dB, 20 log10(||x_float|| / ||x_float -
x_dequantized||) as torch.ao.ns computes it, the max abs error, and the
quantized op's output dtype, scale and zero point.
"""
import dataclasses
import json
import math
import pathlib
import subprocess
import tempfile
from typing import List, Optional

import numpy as np

from .tools import ToolError, _np, tool


@dataclasses.dataclass
class LayerComparison:
    """One layer (one result of one call of a named op)."""
    index: int
    name: str              # module path, e.g. "layer1.0.conv1"
    label: str             # name, with "#<result>" / " (call <k>)" if needed
    op: str                # quantized model's op, e.g. "qnn.conv2d"
    float_output: str      # the float op compared with (end of fused group)
    float_op: str
    shape: tuple
    dtype: str             # quint8, qint8, qint32, or f32 (op left float)
    sqnr_db: float         # inf when the outputs are identical
    max_abs_error: float
    scale: Optional[float]
    zero_point: Optional[int]
    float_value: Optional[np.ndarray] = dataclasses.field(default=None, repr=False)
    quantized_value: Optional[np.ndarray] = dataclasses.field(default=None, repr=False)

    def as_dict(self, values=False):
        d = dataclasses.asdict(self)
        if not values:
            d.pop("float_value")
            d.pop("quantized_value")
        return d


@dataclasses.dataclass
class Comparison:
    """The report: `layers` in model order, `worst` (lowest SQNR), the
    names found in only one model, and `table`, the printed table."""
    layers: List[LayerComparison]
    worst: LayerComparison
    unmatched_float: List[str]
    unmatched_quantized: List[str]
    not_compared: List[dict]
    table: str

    def __iter__(self):
        return iter(self.layers)

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, key):
        """By position or by label (module path)."""
        if isinstance(key, str):
            for layer in self.layers:
                if key in (layer.label, layer.name):
                    return layer
            raise KeyError(key)
        return self.layers[key]

    def as_dict(self):
        return {"layers": [l.as_dict() for l in self.layers],
                "worst": self.worst.label,
                "unmatched_float": list(self.unmatched_float),
                "unmatched_quantized": list(self.unmatched_quantized),
                "not_compared": list(self.not_compared)}

    def plot(self, path, title=None):
        """Saves a plot of SQNR per layer (model order) to `path`; the worst
        layer is highlighted. Imports matplotlib lazily."""
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError as e:
            raise ImportError("plotting needs matplotlib (Debian: apt-get "
                              "install python3-matplotlib)") from e
        finite = [l.sqnr_db for l in self.layers if math.isfinite(l.sqnr_db)]
        top = max(finite) + 5 if finite else 100.0
        ys = [l.sqnr_db if math.isfinite(l.sqnr_db) else top for l in self.layers]
        xs = list(range(len(self.layers)))
        fig, ax = plt.subplots(figsize=(max(6.0, 0.22 * len(xs) + 2), 4.5))
        ax.plot(xs, ys, marker="o", markersize=3, linewidth=1)
        w = self.worst.index
        ax.plot([w], [ys[w]], marker="o", color="red", markersize=7,
                label=f"worst: {self.worst.label} ({self.worst.sqnr_db:.1f} dB)")
        ax.set_xticks(xs)
        ax.set_xticklabels([l.label for l in self.layers], rotation=90,
                           fontsize=7)
        ax.set_xlabel("layer (model order)")
        ax.set_ylabel("SQNR (dB), quantized vs float")
        ax.set_title(title or "Per-layer SQNR of the quantized model")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best")
        fig.tight_layout()
        fig.savefig(str(path), dpi=120)
        plt.close(fig)
        return path


def compare(float_ir, quantized_ir, inputs, plot=None, verbose=False,
            function=None):
    """Runs `quantized_ir` and `float_ir` (IR text) on `inputs` (one array
    or tensor, or a list/tuple of them, one per model input) and returns a
    `Comparison` with per-layer SQNR, max abs error and output qparams, each
    layer carrying its float and dequantized outputs (`float_value`,
    `quantized_value`). `plot`: a file path to save the SQNR plot to;
    `verbose`: print the table."""
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    with tempfile.TemporaryDirectory() as d:
        d = pathlib.Path(d)
        (d / "float.mlir").write_text(float_ir)
        (d / "quantized.mlir").write_text(quantized_ir)
        args = [tool("qnn-run"), str(d / "quantized.mlir"), "--compare",
                str(d / "float.mlir"), "--output-dir", str(d / "out")]
        if function:
            args += ["--function", function]
        for i, x in enumerate(inputs):
            np.save(d / f"in{i}.npy", _np(x))
            args += ["--input", str(d / f"in{i}.npy")]
        proc = subprocess.run(args, capture_output=True, text=True)
        if proc.returncode != 0:
            raise ToolError(proc.stderr.strip())
        # The table names the temporary files: say "quantized"/"float".
        table = proc.stdout.replace(str(d / "quantized.mlir"), "the quantized model")
        table = table.replace(str(d / "float.mlir"), "the float model")
        report = json.loads((d / "out" / "compare.json").read_text())
        layers = []
        for r in report["layers"]:
            layers.append(LayerComparison(
                index=r["index"], name=r["name"], label=r["label"], op=r["op"],
                float_output=r["float_output"], float_op=r["float_op"],
                shape=tuple(r["shape"]), dtype=r["dtype"],
                sqnr_db=float(r["sqnr_db"]),
                max_abs_error=float(r["max_abs_error"]),
                scale=r["scale"], zero_point=r["zero_point"],
                float_value=np.load(d / "out" / r["float_file"]),
                quantized_value=np.load(d / "out" / r["quantized_file"])))
    result = Comparison(layers=layers, worst=layers[report["worst"]],
                        unmatched_float=report["unmatched_float"],
                        unmatched_quantized=report["unmatched_quantized"],
                        not_compared=report["not_compared"], table=table)
    if verbose:
        print(table, end="")
    if plot is not None:
        result.plot(plot)
    return result
