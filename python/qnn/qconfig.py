"""torch QConfig -> `#qnn.qconfig` text."""
import torch
import torch.ao.quantization.observer as obs
import torch.ao.quantization.fake_quantize as fq
import torch.nn as nn

_KINDS = [
    (obs.MovingAveragePerChannelMinMaxObserver, "moving_average_per_channel_minmax"),
    (obs.PerChannelMinMaxObserver, "per_channel_minmax"),
    (obs.MovingAverageMinMaxObserver, "moving_average_minmax"),
    (obs.HistogramObserver, "histogram"),
    (obs.MinMaxObserver, "minmax"),
    (obs.PlaceholderObserver, "placeholder"),
    (obs.NoopObserver, "noop"),
    (obs.FixedQParamsObserver, "fixed_qparams"),
]
_DTYPES = {torch.quint8: "quint8", torch.qint8: "qint8", torch.qint32: "qint32", torch.quint4x2: "quint4x2",
           torch.float16: "float16", torch.float32: "float32"}
_SCHEMES = {torch.per_tensor_affine: "per_tensor_affine",
            torch.per_tensor_symmetric: "per_tensor_symmetric",
            torch.per_channel_affine: "per_channel_affine",
            torch.per_channel_symmetric: "per_channel_symmetric",
            torch.per_channel_affine_float_qparams: "per_channel_affine_float_qparams"}


def _float(v):
    return repr(float(v))


def observer_attr(o):
    """`#qnn.observer<...>` for an observer instance (fields spelled out)."""
    kind = next((k for cls, k in _KINDS if isinstance(o, cls)), None)
    if kind is None:
        raise TypeError(f"qnn has no observer kind for {type(o).__name__}")
    fields = [kind, f"dtype = {_DTYPES[o.dtype]}"]
    if kind in ("placeholder", "noop"):
        if getattr(o, "compute_dtype", None) is not None:
            fields.append("is_dynamic = true")
        return "#qnn.observer<" + ", ".join(fields) + ">"
    fields.append(f"qscheme = {_SCHEMES[o.qscheme]}")
    if kind == "fixed_qparams":
        # The fixed scale/zero_point live on the qnn.fake_quant.
        info = torch.iinfo(o.dtype)
        if (o.quant_min, o.quant_max) != (info.min, info.max):
            fields += [f"quant_min = {int(o.quant_min)}", f"quant_max = {int(o.quant_max)}"]
        return "#qnn.observer<" + ", ".join(fields) + ">"
    if getattr(o, "has_customized_qrange", False):
        # The stored range already includes reduce_range's halving.
        fields += [f"quant_min = {int(o.quant_min)}", f"quant_max = {int(o.quant_max)}"]
    elif o.reduce_range:
        fields.append("reduce_range = true")
    if "moving_average" in kind:
        fields.append(f"averaging_constant = {_float(o.averaging_constant)}")
    if "per_channel" in kind:
        fields.append(f"ch_axis = {int(o.ch_axis)}")
    if kind == "histogram":
        fields.append(f"bins = {int(o.bins)}")
    fields.append(f"eps = {_float(o.eps)}")
    return "#qnn.observer<" + ", ".join(fields) + ">"


def _unwrap(p):
    """(observer instance, is_fake_quant) for a qconfig half."""
    inst = p()
    if isinstance(inst, (fq.FakeQuantizeBase,)):
        return inst.activation_post_process, True
    return inst, False


def qconfig_attr(qc):
    """`#qnn.qconfig<...>` for a torch QConfig (None is `none`)."""
    if qc is None:
        return "#qnn.qconfig<none>"
    act, act_fq = _unwrap(qc.activation)
    wt, _ = _unwrap(qc.weight)
    text = f"#qnn.qconfig<activation = {observer_attr(act)}, weight = {observer_attr(wt)}"
    if act_fq:
        text += ", fake_quant"
    return text + ">"


_OP_NAMES = {nn.Conv1d: "conv1d", nn.Conv2d: "conv2d", nn.Conv3d: "conv3d",
             nn.ConvTranspose1d: "conv_transpose1d", nn.ConvTranspose2d: "conv_transpose2d",
             nn.ConvTranspose3d: "conv_transpose3d", nn.Linear: "linear",
             nn.BatchNorm1d: "batch_norm", nn.BatchNorm2d: "batch_norm",
             nn.BatchNorm3d: "batch_norm", nn.ReLU: "relu", nn.ReLU6: "relu6",
             nn.Hardswish: "hardswish", nn.ELU: "elu", nn.LeakyReLU: "leaky_relu",
             nn.Sigmoid: "sigmoid", nn.Tanh: "tanh", nn.Softmax: "softmax",
             nn.Dropout: "dropout", nn.LayerNorm: "layer_norm", nn.GroupNorm: "group_norm",
             nn.LSTM: "lstm", nn.LSTMCell: "lstm_cell", nn.GRUCell: "gru_cell",
             nn.RNNCell: "rnn_cell", nn.Embedding: "embedding",
             nn.EmbeddingBag: "embedding_bag", nn.MaxPool2d: "max_pool2d",
             nn.AvgPool2d: "avg_pool2d", nn.AdaptiveAvgPool2d: "adaptive_avg_pool2d",
             nn.MaxPool1d: "max_pool2d", nn.AvgPool1d: "avg_pool2d",
             nn.AdaptiveAvgPool1d: "adaptive_avg_pool2d", nn.MaxPool3d: "max_pool3d",
             nn.AvgPool3d: "avg_pool3d", nn.AdaptiveAvgPool3d: "adaptive_avg_pool3d",
             nn.AdaptiveMaxPool2d: "adaptive_max_pool2d",
             torch.ao.quantization.QuantStub: "quant_stub",
             torch.ao.quantization.DeQuantStub: "dequant_stub"}


def op_name_of_module_type(t):
    if t not in _OP_NAMES:
        raise TypeError(f"no qnn op for module type {t.__name__}")
    return "qnn." + _OP_NAMES[t]
