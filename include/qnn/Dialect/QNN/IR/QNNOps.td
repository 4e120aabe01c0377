//===- QNNOps.td - qnn operations --------------------------*- tablegen -*-===//
//
// One op per torch.nn module kind, plus the workflow ops of eager-mode
// quantization. Module ops accept float tensors and `!quant.uniform` tensors
// alike; see docs/Rationale.md.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_IR_QNNOPS_TD
#define QNN_DIALECT_QNN_IR_QNNOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"
include "qnn/Dialect/QNN/IR/QNNDialect.td"
include "qnn/Dialect/QNN/IR/QNNAttrs.td"
include "qnn/Dialect/QNN/IR/QNNInterfaces.td"

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

def QNN_Tensor : RankedTensorOf<[AnyFloat, quant_QuantizedType]>;
def QNN_FloatTensor : RankedTensorOf<[AnyFloat]>;
def QNN_QuantTensor : RankedTensorOf<[quant_QuantizedType]>;
def QNN_IndexTensor : RankedTensorOf<[AnySignlessInteger]>;

// Attributes every module op carries: its module path and its own qconfig.
defvar QNN_ModuleAttrs = (ins DefaultValuedStrAttr<StrAttr, "">:$name,
                              OptionalAttr<QNN_QConfigAttr>:$qconfig);

// An op that stands for one torch.nn module instance.
class QNN_ModuleOp<string mnemonic, list<Trait> traits = []>
    : QNN_Op<mnemonic, !listconcat(traits,
                                   [NoMemoryEffect, QNN_ModuleOpInterface])> {
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Workflow ops
//===----------------------------------------------------------------------===//

def QNN_QuantStubOp : QNN_ModuleOp<"quant_stub", [QNN_SameQuantParams]> {
  let summary = "torch.ao.quantization.QuantStub";
  let description = [{
    Marks where a float model enters the quantized region. It is an identity
    on float tensors; `--qnn-prepare` observes its output and `--qnn-convert`
    replaces it by `qnn.quantize` with the observed qparams.

    ```mlir
    %0 = qnn.quant_stub %x {name = "quant"} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input), QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_DeQuantStubOp : QNN_ModuleOp<"dequant_stub", [QNN_SameQuantParams]> {
  let summary = "torch.ao.quantization.DeQuantStub";
  let description = [{
    Marks where the quantized region ends. Identity on float tensors;
    `--qnn-convert` turns it into `qnn.dequantize`.

    ```mlir
    %0 = qnn.dequant_stub %y {name = "dequant"} : tensor<1x10xf32> -> tensor<1x10xf32>
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input), QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_ObserveOp : QNN_Op<"observe", [AllTypesMatch<["input", "result"]>]> {
  let summary = "an observer (activation_post_process): identity that records statistics";
  let description = [{
    Returns its input unchanged and records statistics of it with the observer
    described by `observer`. After calibration (`qnn-calibrate`) the op holds
    the merged statistics that PyTorch's observer would hold:
    `min_val`/`max_val` (one value per tensor, or one per channel along
    `ch_axis` for per-channel observers) and, for `histogram`, the `histogram`
    counts over [`min_val`, `max_val`]. `--qnn-convert` computes qparams from
    them with PyTorch's `calculate_qparams`.

    ```mlir
    %0 = qnn.observe %x {observer = #qnn.observer<minmax>, name = "conv1",
                         min_val = array<f32: -1.0>, max_val = array<f32: 2.5>}
        : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, QNN_ObserverAttr:$observer,
                       DefaultValuedStrAttr<StrAttr, "">:$name,
                       OptionalAttr<DenseF32ArrayAttr>:$min_val,
                       OptionalAttr<DenseF32ArrayAttr>:$max_val,
                       OptionalAttr<DenseF32ArrayAttr>:$histogram);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    bool hasStatistics() { return getMinVal() && getMaxVal(); }
  }];
}

def QNN_FakeQuantOp : QNN_Op<"fake_quant", [AllTypesMatch<["input", "result"]>]> {
  let summary = "torch.ao.quantization.FakeQuantize";
  let description = [{
    Quantize-dequantize in float, as used by quantization-aware training.
    `observer` gives the observer class and its quant_min/quant_max, dtype
    and qscheme; `observer_enabled` and `fake_quant_enabled` are PyTorch's
    enable flags. The current state (`min_val`/`max_val` of the observer, and
    `scale`/`zero_point` once computed) is carried as attributes. `fused`
    marks torch's `FusedMovingAvgObsFakeQuantize` (what
    `get_default_qat_qconfig` and `--qnn-prepare-qat` use), which computes
    the forward's qparams with ATen's `ChooseQuantizationParams` instead of
    the observer's `calculate_qparams`.

    Compiled and run (`qnn-run`, `qnn-compile`), the forward quantizes with
    the stored `scale`/`zero_point` (`torch.fake_quantize_per_tensor_affine`
    / `_per_channel_affine`) and does not update them: torch's forward after
    `disable_observer`. `qnn-calibrate` runs torch's forward with the
    observer enabled instead: observe the batch, recompute the qparams
    (`calculate_qparams`, or `ChooseQuantizationParams` when `fused`), then
    fake-quantize with them, so later ops see this batch's qparams; it
    writes the final `min_val`/`max_val`/`scale`/`zero_point` back.

    With `#qnn.observer<fixed_qparams>` it is torch's
    `FixedQParamsFakeQuantize` (what `prepare_qat` puts after Sigmoid,
    Hardsigmoid, Tanh and Softmax): no statistics, and `scale`/`zero_point`
    are required and never change.

    On the weight of `qnn.conv_bnNd` / `qnn.linear_bn` it is the QAT
    module's `weight_fake_quant` and applies to the BN-scaled weight (see
    those ops).

    ```mlir
    %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>,
                            name = "conv1",
                            scale = array<f32: 0.0235>, zero_point = array<i64: 64>}
        : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input, QNN_ObserverAttr:$observer,
                       DefaultValuedStrAttr<StrAttr, "">:$name,
                       DefaultValuedAttr<BoolAttr, "true">:$observer_enabled,
                       DefaultValuedAttr<BoolAttr, "true">:$fake_quant_enabled,
                       OptionalAttr<DenseF32ArrayAttr>:$min_val,
                       OptionalAttr<DenseF32ArrayAttr>:$max_val,
                       OptionalAttr<DenseF32ArrayAttr>:$scale,
                       OptionalAttr<DenseI64ArrayAttr>:$zero_point,
                       UnitAttr:$fused);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def QNN_QuantizeOp : QNN_Op<"quantize", [Pure]> {
  let summary = "float to quantized: torch.quantize_per_tensor / per_channel";
  let description = [{
    Quantizes a float tensor to the `!quant.uniform` result type:
    `q = clamp(rint(x * (1.0f / scale)) + zero_point, qmin, qmax)`, with the
    reciprocal in float32 and `rint` rounding half to even (see
    docs/numerics.md). Per-axis result types quantize each slice with its own
    scale and zero point.

    ```mlir
    %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
    ```
  }];
  let arguments = (ins QNN_FloatTensor:$input);
  let results = (outs QNN_QuantTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def QNN_DequantizeOp : QNN_Op<"dequantize", [Pure]> {
  let summary = "quantized to float: Tensor.dequantize()";
  let description = [{
    `x = (q - zero_point) * scale`, computed in float32.

    ```mlir
    %x = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins QNN_QuantTensor:$input);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def QNN_RequantizeOp : QNN_Op<"requantize", [Pure]> {
  let summary = "change the qparams of a quantized tensor";
  let description = [{
    Re-expresses a quantized tensor in the result's qparams:
    `clamp(rint((q - zp_in) * (scale_in / scale_out)) + zp_out)` in float32,
    which is what PyTorch's kernels do when an op's output qparams differ from
    its input's.

    ```mlir
    %r = qnn.requantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:128>>
                          -> tensor<4x!quant.uniform<i8:f32, 0.05>>
    ```
  }];
  let arguments = (ins QNN_QuantTensor:$input);
  let results = (outs QNN_QuantTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def QNN_QConstantOp : QNN_Op<"qconstant", [Pure]> {
  let summary = "a quantized constant (int storage plus qparams)";
  let description = [{
    A constant of quantized type: `value` holds the integer storage values
    (a `dense` or `dense_resource` attribute of the storage width) and the
    result type holds scale and zero point. `--qnn-convert` produces these
    for weights.

    ```mlir
    %w = qnn.qconstant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>
        -> tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs QNN_QuantTensor:$result);
  let assemblyFormat = "$value attr-dict `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolutions (torch.nn.ConvNd, ConvTransposeNd) and fused conv modules
//===----------------------------------------------------------------------===//

// `ones`/`zeros` are C++ initializers with `rank` elements.
class QNN_ConvOpBase<string mnemonic, int rank, string ones, string zeros,
                     string example>
    : QNN_ModuleOp<mnemonic> {
  int spatialRank = rank;
  let summary = "torch.nn.Conv" # rank # "d";
  let description = [{
    Convolution over an N x C_in x spatial input with weight
    C_out x C_in/groups x kernel and optional float bias C_out, with PyTorch's
    stride, padding (zeros), dilation and groups. With `fused_relu` it is
    `torch.ao.nn.intrinsic.ConvReLU}] # rank # [{d` (from `fuse_modules`);
    BatchNorm folded by eval-mode fusion leaves an ordinary convolution.

    Quantized form: quantized input, quantized weight (per-tensor or per-axis
    along dimension 0), float bias, quantized result.

    ```mlir
    }] # example # [{
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, QNN_Tensor:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            DefaultValuedAttr<DenseI64ArrayAttr, ones>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, zeros>:$padding,
                            DefaultValuedAttr<DenseI64ArrayAttr, ones>:$dilation,
                            DefaultValuedAttr<I64Attr, "1">:$groups,
                            UnitAttr:$fused_relu),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_Conv1dOp : QNN_ConvOpBase<"conv1d", 1, "{1}", "{0}", [{
    %y = qnn.conv1d %x, %w, %b {name = "conv", padding = array<i64: 1>}
        : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x16xf32>}]>;
def QNN_Conv2dOp : QNN_ConvOpBase<"conv2d", 2, "{1, 1}", "{0, 0}", [{
    %y = qnn.conv2d %x, %w, %b {name = "layer1.0.conv1", stride = array<i64: 2, 2>,
                                padding = array<i64: 1, 1>, fused_relu}
        : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    %q = qnn.conv2d %xq, %wq, %b {name = "conv"}
        : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>,
           tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.1, 0.3}>>,
           tensor<4xf32>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>}]>;
def QNN_Conv3dOp : QNN_ConvOpBase<"conv3d", 3, "{1, 1, 1}", "{0, 0, 0}", [{
    %y = qnn.conv3d %x, %w {name = "conv"}
        : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>}]>;

class QNN_ConvTransposeOpBase<string mnemonic, int rank, string ones,
                              string zeros, string example>
    : QNN_ModuleOp<mnemonic> {
  int spatialRank = rank;
  let summary = "torch.nn.ConvTranspose" # rank # "d";
  let description = [{
    Transposed convolution with weight C_in x C_out/groups x kernel and
    PyTorch's output size
    `(in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1`.
    `output_padding` must be smaller than either stride or dilation.

    ```mlir
    }] # example # [{
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, QNN_Tensor:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            DefaultValuedAttr<DenseI64ArrayAttr, ones>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, zeros>:$padding,
                            DefaultValuedAttr<DenseI64ArrayAttr, zeros>:$output_padding,
                            DefaultValuedAttr<DenseI64ArrayAttr, ones>:$dilation,
                            DefaultValuedAttr<I64Attr, "1">:$groups),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_ConvTranspose1dOp : QNN_ConvTransposeOpBase<"conv_transpose1d", 1,
    "{1}", "{0}", [{
    %y = qnn.conv_transpose1d %x, %w {name = "up", stride = array<i64: 2>}
        : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x16xf32>}]>;
def QNN_ConvTranspose2dOp : QNN_ConvTransposeOpBase<"conv_transpose2d", 2,
    "{1, 1}", "{0, 0}", [{
    %y = qnn.conv_transpose2d %x, %w, %b {name = "up", stride = array<i64: 2, 2>,
                                          padding = array<i64: 1, 1>,
                                          output_padding = array<i64: 1, 1>}
        : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x16x16xf32>}]>;
def QNN_ConvTranspose3dOp : QNN_ConvTransposeOpBase<"conv_transpose3d", 3,
    "{1, 1, 1}", "{0, 0, 0}", [{
    %y = qnn.conv_transpose3d %x, %w {name = "up"}
        : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>}]>;

class QNN_ConvBnOpBase<string mnemonic, int rank, string ones, string zeros,
                       string example>
    : QNN_ModuleOp<mnemonic> {
  int spatialRank = rank;
  let summary = "torch.ao.nn.intrinsic.ConvBn" # rank # "d (QAT fusion)";
  let description = [{
    Convolution followed by BatchNorm, kept unfolded as `fuse_modules` does in
    training mode (`ConvBn}] # rank # [{d`, or `ConvBnReLU}] # rank # [{d` with
    `fused_relu`). Eval-mode fusion instead folds the BN into an ordinary
    convolution. BatchNorm always uses the running statistics (PyTorch's
    eval mode, or `freeze_bn`; batch statistics are not modelled).

    Two forms, told apart by the producer of `weight`:

    - float (`nni.ConvBn}] # rank # [{d`): `weight` is not a `qnn.fake_quant`;
      `y = bn(conv(x, weight) + bias)`.
    - QAT (`nniqat.ConvBn}] # rank # [{d`, what `--qnn-prepare-qat` makes):
      `weight` is the result of a `qnn.fake_quant` of the raw weight `w`,
      its `weight_fake_quant`, and that fake-quant applies to the BN-scaled
      weight, as torch's `_forward_approximate` does (each step in float32):
      `s = bn_weight / sqrt(running_var + eps)`,
      `y = bn(conv(x, fake_quant(w * s)) / s + bias)` with `s` per output
      channel. The fake-quant must have no other user.

    `--qnn-convert` folds the BN into the raw weight and bias
    (`fuse_conv_bn_weights`) and quantizes the folded weight with the
    fake-quant's state, as torch's `convert` does.

    ```mlir
    }] # example # [{
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, QNN_Tensor:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            QNN_FloatTensor:$bn_weight, QNN_FloatTensor:$bn_bias,
                            QNN_FloatTensor:$running_mean,
                            QNN_FloatTensor:$running_var,
                            DefaultValuedAttr<DenseI64ArrayAttr, ones>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, zeros>:$padding,
                            DefaultValuedAttr<DenseI64ArrayAttr, ones>:$dilation,
                            DefaultValuedAttr<I64Attr, "1">:$groups,
                            DefaultValuedAttr<F64Attr, "1e-05">:$eps,
                            DefaultValuedAttr<F64Attr, "0.1">:$momentum,
                            UnitAttr:$fused_relu,
                            UnitAttr:$freeze_bn),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` (`bias` $bias^ `,`)? `bn` `(` $bn_weight `,` $bn_bias `,`
    $running_mean `,` $running_var `)` attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_ConvBn1dOp : QNN_ConvBnOpBase<"conv_bn1d", 1, "{1}", "{0}", [{
    %y = qnn.conv_bn1d %x, %w, bn(%g, %b, %m, %v) {name = "conv"}
        : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>}]>;
def QNN_ConvBn2dOp : QNN_ConvBnOpBase<"conv_bn2d", 2, "{1, 1}", "{0, 0}", [{
    %y = qnn.conv_bn2d %x, %w, bn(%g, %b, %m, %v) {name = "conv", fused_relu}
        : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>}]>;
def QNN_ConvBn3dOp : QNN_ConvBnOpBase<"conv_bn3d", 3, "{1, 1, 1}", "{0, 0, 0}", [{
    %y = qnn.conv_bn3d %x, %w, bn(%g, %b, %m, %v) {name = "conv"}
        : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>,
           tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>}]>;

//===----------------------------------------------------------------------===//
// Linear
//===----------------------------------------------------------------------===//

def QNN_LinearOp : QNN_ModuleOp<"linear"> {
  let summary = "torch.nn.Linear";
  let description = [{
    `y = x W^T + b` over the last dimension: input `* x in_features`, weight
    `out_features x in_features`, optional float bias `out_features`. With
    `fused_relu` it is `torch.ao.nn.intrinsic.LinearReLU`.

    Quantized forms: static (quantized input, weight and result) and dynamic
    (`torch.ao.nn.quantized.dynamic.Linear`: float input and result with a
    quantized qint8 or float16 weight).

    ```mlir
    %y = qnn.linear %x, %w, %b {name = "fc"}
        : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
    %d = qnn.linear %x, %wq, %b {name = "fc"}
        : (tensor<2x16xf32>, tensor<10x16x!quant.uniform<i8:f32, 0.01>>, tensor<10xf32>)
          -> tensor<2x10xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, QNN_Tensor:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            UnitAttr:$fused_relu),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_LinearBnOp : QNN_ModuleOp<"linear_bn"> {
  let summary = "torch.ao.nn.intrinsic.LinearBn1d (QAT fusion)";
  let description = [{
    Linear followed by BatchNorm1d over (N, features) inputs, kept unfolded
    as `fuse_modules_qat` does (`nni.LinearBn1d`). BatchNorm uses the running
    statistics (eval mode or `freeze_bn`). As for `qnn.conv_bn2d`, a
    `weight` produced by a `qnn.fake_quant` (the QAT form,
    `nniqat.LinearBn1d`) means that fake-quant applies to the BN-scaled
    weight: `s = bn_weight / sqrt(running_var + eps)`,
    `y = bn(linear(x, fake_quant(w * s)) / s + bias)`; otherwise
    `y = bn(linear(x, weight) + bias)`. `--qnn-convert` folds the BN
    (`fuse_linear_bn_weights`) into a `qnn.linear`, as torch's convert
    turns `nniqat.LinearBn1d` into `nnq.Linear`.

    ```mlir
    %y = qnn.linear_bn %x, %w, bias %b, bn(%g, %bb, %m, %v) {name = "fc"}
        : (tensor<2x16xf32>, tensor<8x16xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input, QNN_FloatTensor:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            QNN_FloatTensor:$bn_weight, QNN_FloatTensor:$bn_bias,
                            QNN_FloatTensor:$running_mean,
                            QNN_FloatTensor:$running_var,
                            DefaultValuedAttr<F64Attr, "1e-05">:$eps,
                            DefaultValuedAttr<F64Attr, "0.1">:$momentum,
                            UnitAttr:$freeze_bn),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` (`bias` $bias^ `,`)? `bn` `(` $bn_weight `,` $bn_bias `,`
    $running_mean `,` $running_var `)` attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def QNN_BatchNormOp : QNN_ModuleOp<"batch_norm", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.BatchNorm1d / 2d / 3d (inference form)";
  let description = [{
    Normalizes over the channel dimension (1) with the running statistics:
    `y = (x - mean) / sqrt(var + eps) * weight + bias`. The input rank selects
    the module: 2 or 3 for BatchNorm1d, 4 for BatchNorm2d, 5 for
    BatchNorm3d. `weight` and `bias` are absent when `affine=False`. With
    `fused_relu` it is `torch.ao.nn.intrinsic.BNReLU2d/3d`.

    ```mlir
    %y = qnn.batch_norm %x, %mean, %var, weight %g, bias %b {name = "bn1"}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
          -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, QNN_FloatTensor:$running_mean,
                            QNN_FloatTensor:$running_var,
                            Optional<QNN_FloatTensor>:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            DefaultValuedAttr<F64Attr, "1e-05">:$eps,
                            DefaultValuedAttr<F64Attr, "0.1">:$momentum,
                            UnitAttr:$fused_relu),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $running_mean `,` $running_var (`,` `weight` $weight^)?
    (`,` `bias` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_LayerNormOp : QNN_ModuleOp<"layer_norm", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.LayerNorm";
  let description = [{
    Normalizes over the trailing `normalized_shape` dimensions, with optional
    elementwise affine `weight` and `bias` of that shape.

    ```mlir
    %y = qnn.layer_norm %x, weight %g, bias %b {name = "ln", normalized_shape = array<i64: 16>}
        : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            Optional<QNN_FloatTensor>:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            DenseI64ArrayAttr:$normalized_shape,
                            DefaultValuedAttr<F64Attr, "1e-05">:$eps),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input (`,` `weight` $weight^)? (`,` `bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def QNN_GroupNormOp : QNN_ModuleOp<"group_norm", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.GroupNorm";
  let description = [{
    Splits the C channels into `num_groups` groups and normalizes each group
    over its channels and spatial positions; optional per-channel affine.

    ```mlir
    %y = qnn.group_norm %x, weight %g, bias %b {name = "gn", num_groups = 2 : i64}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            Optional<QNN_FloatTensor>:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            I64Attr:$num_groups,
                            DefaultValuedAttr<F64Attr, "1e-05">:$eps),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input (`,` `weight` $weight^)? (`,` `bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def QNN_InstanceNormOp : QNN_ModuleOp<"instance_norm", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.InstanceNorm1d / 2d / 3d";
  let description = [{
    Normalizes each (sample, channel) over its spatial positions using
    instance statistics (`track_running_stats=False`, PyTorch's default);
    optional per-channel affine. The input rank (3, 4 or 5) selects the
    module.

    ```mlir
    %y = qnn.instance_norm %x {name = "in"} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            Optional<QNN_FloatTensor>:$weight,
                            Optional<QNN_FloatTensor>:$bias,
                            DefaultValuedAttr<F64Attr, "1e-05">:$eps),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input (`,` `weight` $weight^)? (`,` `bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise activations
//===----------------------------------------------------------------------===//

class QNN_UnaryOp<string mnemonic, string module, string formula,
                  list<Trait> traits = [], dag extraArgs = (ins)>
    : QNN_ModuleOp<mnemonic, traits> {
  let summary = "torch.nn." # module;
  let description = "Elementwise `" # formula # "`, with `torch.nn." # module #
    "` semantics on float and quantized tensors.\n\n```mlir\n" #
    "%y = qnn." # mnemonic # " %x {name = \"act\"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>\n" #
    "```\n";
  let arguments = !con((ins QNN_Tensor:$input), extraArgs, QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_ReluOp : QNN_UnaryOp<"relu", "ReLU", "max(x, 0)", [QNN_SameQuantParams]>;
def QNN_Relu6Op : QNN_UnaryOp<"relu6", "ReLU6", "min(max(x, 0), 6)",
                              [QNN_SameQuantParams]>;
def QNN_HardswishOp : QNN_UnaryOp<"hardswish", "Hardswish",
                                  "x * relu6(x + 3) / 6">;
def QNN_HardsigmoidOp : QNN_UnaryOp<"hardsigmoid", "Hardsigmoid",
                                    "relu6(x + 3) / 6">;
def QNN_SigmoidOp : QNN_UnaryOp<"sigmoid", "Sigmoid", "1 / (1 + exp(-x))">;
def QNN_TanhOp : QNN_UnaryOp<"tanh", "Tanh", "tanh(x)">;
def QNN_EluOp : QNN_UnaryOp<"elu", "ELU", "x > 0 ? x : alpha * (exp(x) - 1)",
    [], (ins DefaultValuedAttr<F64Attr, "1.0">:$alpha)>;
def QNN_LeakyReluOp : QNN_UnaryOp<"leaky_relu", "LeakyReLU",
    "x >= 0 ? x : negative_slope * x", [],
    (ins DefaultValuedAttr<F64Attr, "0.01">:$negative_slope)>;
def QNN_DropoutOp : QNN_UnaryOp<"dropout", "Dropout",
    "x (identity in eval mode; p is kept for training)", [QNN_SameQuantParams],
    (ins DefaultValuedAttr<F64Attr, "0.5">:$p)>;

def QNN_HardtanhOp : QNN_ModuleOp<"hardtanh", [QNN_SameQuantParams]> {
  let summary = "torch.nn.Hardtanh / F.hardtanh / torch.clamp";
  let description = [{
    Elementwise `min(max(x, min_val), max_val)` with `min_val <= max_val`
    (either may be infinite: `torch.clamp` with one bound). The bounds are
    rounded to the element type, as PyTorch does. A quantized result keeps
    the input's qparams, as torch's quantized hardtanh and clamp do.
    `hardtanh(0, 6)` is `qnn.relu6`.

    ```mlir
    %y = qnn.hardtanh %x {name = "clip", min_val = -1.0 : f64, max_val = 2.0 : f64}
        : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DefaultValuedAttr<F64Attr, "-1.0">:$min_val,
                            DefaultValuedAttr<F64Attr, "1.0">:$max_val),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_GeluOp : QNN_ModuleOp<"gelu"> {
  let summary = "torch.nn.GELU";
  let description = [{
    `x * 0.5 * (1 + erf(x / sqrt(2)))`, or with `approximate = "tanh"`
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`, as ATen's
    CPU kernel evaluates them in float32. torch has no quantized GELU module;
    `F.gelu` on a quantized tensor computes on the dequantized values and
    quantizes with the input's zero point and its scale rounded to float32,
    which is what `--qnn-convert` gives the result.

    ```mlir
    %y = qnn.gelu %x {name = "act", approximate = "tanh"}
        : tensor<2x16xf32> -> tensor<2x16xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DefaultValuedStrAttr<StrAttr, "none">:$approximate),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_SiluOp : QNN_ModuleOp<"silu"> {
  let summary = "torch.nn.SiLU";
  let description = [{
    `x / (1 + exp(-x))` on float tensors. torch 1.13 has no quantized SiLU
    (`aten::silu.out` has no QuantizedCPU kernel), so the op takes float
    tensors only; `--qnn-convert` dequantizes a quantized operand, as for
    every op that stays float.

    ```mlir
    %y = qnn.silu %x {name = "act"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input), QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_SoftmaxOp : QNN_ModuleOp<"softmax"> {
  let summary = "torch.nn.Softmax";
  let description = [{
    `exp(x_i) / sum_j exp(x_j)` along `dim` (negative values count from the
    end, as in PyTorch), computed as torch 1.13 computes it on x86 (AVX2):

    * Float: ATen's vectorized kernels. Along the last dimension
      (`_vec_softmax_lastdim`): `e = exp(x - max)` with Sleef's `expf_u10`
      (its polynomial, with FMA), the sum over eight lanes (`e[i]` added to
      lane `i % 8` in index order, then `(l0 + l4) + (l2 + l6)` plus
      `(l1 + l5) + (l3 + l7)`; fewer than eight elements are summed in
      order), then `e * (1 / sum)`. Along another dimension (`_vec_softmax`):
      the sum in index order and `e / sum`, with Sleef's exp on the columns
      that fill whole 8-wide vectors and libm's `expf` on the rest (the
      single-threaded split; see docs/numerics.md).
    * Quantized, quint8 input and an output of scale 1/256, zero point 0
      (torch's `quantized::softmax` under the qnnpack engine): QNNPACK's
      lookup table, in integers: `t[i] = lrint(qscale * exp((i - 255) *
      s_in))` in double, `qscale = min(UINT32_MAX / n, 8388607)`; per row
      `t' = t[q + 255 - max(q)]`, `sum` their uint32 (wrapping) sum, and
      `min(((t' << 8) + (sum >> 1)) / sum, 255)` in uint32.
    * Any other quantized operands, or `float_path` (torch's other engines):
      dequantize, the float softmax above, quantize.

    ```mlir
    %y = qnn.softmax %x {name = "sm", dim = -1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, I64Attr:$dim,
                            UnitAttr:$float_path), QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_PReluOp : QNN_ModuleOp<"prelu"> {
  let summary = "torch.nn.PReLU";
  let description = [{
    `x >= 0 ? x : a * x`, with a learned float slope `weight` of 1 element
    (shared) or one per channel (dimension 1).

    ```mlir
    %y = qnn.prelu %x, %a {name = "act"}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, QNN_Tensor:$weight),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling and resizing
//===----------------------------------------------------------------------===//

def QNN_MaxPool2dOp : QNN_ModuleOp<"max_pool2d", [QNN_SameQuantParams]> {
  let summary = "torch.nn.MaxPool2d";
  let description = [{
    Max pooling over N x C x H x W with `kernel_size`, `stride` (default:
    the kernel size), `padding` (at most half the kernel), `dilation` and
    `ceil_mode`. Quantized results keep the input's qparams.

    ```mlir
    %y = qnn.max_pool2d %x {name = "pool", kernel_size = array<i64: 3, 3>,
                            stride = array<i64: 2, 2>, padding = array<i64: 1, 1>}
        : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$kernel_size,
                            OptionalAttr<DenseI64ArrayAttr>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
                            UnitAttr:$ceil_mode),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_AvgPool2dOp : QNN_ModuleOp<"avg_pool2d", [QNN_SameQuantParams]> {
  let summary = "torch.nn.AvgPool2d";
  let description = [{
    Average pooling with `kernel_size`, `stride` (default: the kernel size),
    `padding`, `ceil_mode`, `count_include_pad` (default true) and an optional
    nonzero `divisor_override`. Quantized results keep the input's qparams,
    as `torch.nn.quantized.functional.avg_pool2d` does.

    ```mlir
    %y = qnn.avg_pool2d %x {name = "pool", kernel_size = array<i64: 2, 2>}
        : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$kernel_size,
                            OptionalAttr<DenseI64ArrayAttr>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                            UnitAttr:$ceil_mode,
                            DefaultValuedAttr<BoolAttr, "true">:$count_include_pad,
                            OptionalAttr<I64Attr>:$divisor_override),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_AdaptiveAvgPool2dOp : QNN_ModuleOp<"adaptive_avg_pool2d",
                                           [QNN_SameQuantParams]> {
  let summary = "torch.nn.AdaptiveAvgPool2d";
  let description = [{
    Average pooling to a fixed `output_size` (H_out, W_out), with PyTorch's
    bins `[floor(i*H/H_out), ceil((i+1)*H/H_out))`.

    ```mlir
    %y = qnn.adaptive_avg_pool2d %x {name = "avgpool", output_size = array<i64: 1, 1>}
        : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$output_size),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_MeanOp : QNN_ModuleOp<"mean", [QNN_SameQuantParams]> {
  let summary = "torch.mean over the innermost dims of a quantized tensor";
  let description = [{
    torch 1.13's quantized mean over the innermost dimensions of a
    contiguous tensor (ATen's `qmean_inner_dim_kernel`): per group of the
    `n` elements of the reduced dims, `nearbyint((float)sum(q) / (float)n)`
    over the storage values `q` (an int64 sum; the zero point is not
    subtracted, ties round to even). The result keeps the input's qparams.
    `dims` lists the reduced dimensions, which must be the last ones; the
    result drops them, or keeps them as size 1 (`keepdim`).

    ```mlir
    %y = qnn.mean %x {name = "mean", dims = array<i64: 2, 3>}
        : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>
        -> tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>
    ```
  }];
  let arguments = !con((ins QNN_QuantTensor:$input,
                            DenseI64ArrayAttr:$dims), QNN_ModuleAttrs);
  let results = (outs QNN_QuantTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_MaxPool3dOp : QNN_ModuleOp<"max_pool3d", [QNN_SameQuantParams]> {
  let summary = "torch.nn.MaxPool3d";
  let description = [{
    Max pooling over N x C x D x H x W (or C x D x H x W) with the attributes
    of `qnn.max_pool2d`, three values each. A quantized result keeps the
    input's qparams (torch 1.13 has no quantized max_pool3d kernel; the
    maximum of the storage values is the definition, exactly).

    ```mlir
    %y = qnn.max_pool3d %x {name = "pool", kernel_size = array<i64: 2, 2, 2>}
        : tensor<1x8x4x8x8xf32> -> tensor<1x8x2x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$kernel_size,
                            OptionalAttr<DenseI64ArrayAttr>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0}">:$padding,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1, 1}">:$dilation,
                            UnitAttr:$ceil_mode),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_AvgPool3dOp : QNN_ModuleOp<"avg_pool3d", [QNN_SameQuantParams]> {
  let summary = "torch.nn.AvgPool3d";
  let description = [{
    Average pooling over N x C x D x H x W (or C x D x H x W) with the
    attributes of `qnn.avg_pool2d`, three values each. Quantized results keep
    the input's qparams, as torch's quantized avg_pool3d does.

    ```mlir
    %y = qnn.avg_pool3d %x {name = "pool", kernel_size = array<i64: 2, 2, 2>}
        : tensor<1x8x4x8x8xf32> -> tensor<1x8x2x4x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$kernel_size,
                            OptionalAttr<DenseI64ArrayAttr>:$stride,
                            DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0}">:$padding,
                            UnitAttr:$ceil_mode,
                            DefaultValuedAttr<BoolAttr, "true">:$count_include_pad,
                            OptionalAttr<I64Attr>:$divisor_override),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_AdaptiveAvgPool3dOp : QNN_ModuleOp<"adaptive_avg_pool3d",
                                           [QNN_SameQuantParams]> {
  let summary = "torch.nn.AdaptiveAvgPool3d";
  let description = [{
    Average pooling of N x C x D x H x W (or C x D x H x W) to a fixed
    `output_size` (D_out, H_out, W_out), with PyTorch's bins
    `[floor(i*D/D_out), ceil((i+1)*D/D_out))` along each dimension.

    ```mlir
    %y = qnn.adaptive_avg_pool3d %x {name = "avgpool", output_size = array<i64: 1, 1, 1>}
        : tensor<1x64x4x7x7xf32> -> tensor<1x64x1x1x1xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$output_size),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_AdaptiveMaxPool2dOp : QNN_ModuleOp<"adaptive_max_pool2d",
                                           [QNN_SameQuantParams]> {
  let summary = "torch.nn.AdaptiveMaxPool2d";
  let description = [{
    Max pooling of N x C x H x W (or C x H x W) to a fixed `output_size`
    (H_out, W_out), over PyTorch's adaptive bins (see
    `qnn.adaptive_avg_pool2d`); `return_indices` is not supported. A
    quantized result keeps the input's qparams (torch 1.13 has no quantized
    kernel; the maximum of the storage values is the definition, exactly).

    ```mlir
    %y = qnn.adaptive_max_pool2d %x {name = "pool", output_size = array<i64: 3, 3>}
        : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DenseI64ArrayAttr:$output_size),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_InterpolateOp : QNN_ModuleOp<"interpolate", [QNN_SameQuantParams]> {
  let summary = "torch.nn.functional.interpolate / torch.nn.Upsample";
  let description = [{
    Resizes the spatial dimensions of N x C x H x W by `size` or
    `scale_factor` (exactly one is given), with `mode` nearest or bilinear.
    `align_corners` is only allowed with bilinear. The result type gives the
    output size, which must equal PyTorch's.

    ```mlir
    %y = qnn.interpolate %x {name = "up", scale_factor = array<f64: 2.0, 2.0>,
                             mode = #qnn<interpolate_mode bilinear>, align_corners = false}
        : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            OptionalAttr<DenseI64ArrayAttr>:$size,
                            OptionalAttr<DenseF64ArrayAttr>:$scale_factor,
                            DefaultValuedAttr<QNN_InterpolateModeAttr,
                                "InterpolateMode::nearest">:$mode,
                            OptionalAttr<BoolAttr>:$align_corners),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// FloatFunctional arithmetic
//===----------------------------------------------------------------------===//

class QNN_BinaryOp<string mnemonic, string method, string formula>
    : QNN_ModuleOp<mnemonic> {
  let summary = "FloatFunctional." # method;
  let description = "Elementwise `" # formula # "` with broadcasting, as " #
    "`torch.ao.nn.quantized.FloatFunctional." # method # "`; quantized " #
    "operands may have different qparams and the result has its own.\n\n" #
    "```mlir\n%z = qnn." # mnemonic # " %x, %y {name = \"skip\"}\n" #
    "    : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>\n```\n";
  let arguments = !con((ins QNN_Tensor:$lhs, QNN_Tensor:$rhs), QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_AddOp : QNN_BinaryOp<"add", "add", "lhs + rhs">;
def QNN_MulOp : QNN_BinaryOp<"mul", "mul", "lhs * rhs">;
def QNN_AddReluOp : QNN_BinaryOp<"add_relu", "add_relu", "relu(lhs + rhs)">;

class QNN_ScalarOp<string mnemonic, string method, string formula>
    : QNN_ModuleOp<mnemonic> {
  let summary = "FloatFunctional." # method;
  let description = "Elementwise `" # formula # "` with a float scalar, as " #
    "`FloatFunctional." # method # "`.\n\n```mlir\n" #
    "%y = qnn." # mnemonic # " %x {name = \"f\", scalar = 2.0 : f64}" #
    " : tensor<4xf32> -> tensor<4xf32>\n```\n";
  let arguments = !con((ins QNN_Tensor:$input, F64Attr:$scalar),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_AddScalarOp : QNN_ScalarOp<"add_scalar", "add_scalar", "x + scalar">;
def QNN_MulScalarOp : QNN_ScalarOp<"mul_scalar", "mul_scalar", "x * scalar">;

def QNN_CatOp : QNN_ModuleOp<"cat"> {
  let summary = "FloatFunctional.cat";
  let description = [{
    Concatenates its operands along `dim` (negative counts from the end).
    Quantized operands may have different qparams; the result has its own.

    ```mlir
    %y = qnn.cat %a, %b {name = "cat", dim = 1 : i64}
        : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
    ```
  }];
  let arguments = !con((ins Variadic<QNN_Tensor>:$inputs,
                            DefaultValuedAttr<I64Attr, "0">:$dim),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

def QNN_FlattenOp : QNN_ModuleOp<"flatten", [QNN_SameQuantParams]> {
  let summary = "torch.nn.Flatten";
  let description = [{
    Merges dimensions `start_dim`..`end_dim` (inclusive, negative counts from
    the end; defaults 1 and -1 as in `nn.Flatten`).

    ```mlir
    %y = qnn.flatten %x {name = "flatten"} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input,
                            DefaultValuedAttr<I64Attr, "1">:$start_dim,
                            DefaultValuedAttr<I64Attr, "-1">:$end_dim),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_ReshapeOp : QNN_ModuleOp<"reshape", [QNN_SameQuantParams]> {
  let summary = "Tensor.reshape";
  let description = [{
    Reshapes to the static result shape, which must have as many elements as
    the input.

    ```mlir
    %y = qnn.reshape %x {name = "view"} : tensor<2x3x4xf32> -> tensor<6x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input), QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_PermuteOp : QNN_ModuleOp<"permute", [QNN_SameQuantParams]> {
  let summary = "torch.permute / Tensor.transpose / Tensor.t";
  let description = [{
    Reorders the dimensions: result dimension `i` is input dimension
    `dims[i]` (negative values count from the end), as `torch.permute`.
    `transpose`, `t`, `swapaxes` and `.mT` are the permutations swapping two
    dimensions. Data movement only: a quantized result keeps the input's
    qparams, as torch's quantized permute does.

    ```mlir
    %y = qnn.permute %x {name = "shuffle", dims = array<i64: 0, 2, 1, 3, 4>}
        : tensor<1x2x24x8x8xf32> -> tensor<1x24x2x8x8xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, DenseI64ArrayAttr:$dims),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def QNN_SliceOp : QNN_ModuleOp<"slice", [QNN_SameQuantParams]> {
  let summary = "basic slicing: x[a:b:c, ...], narrow, chunk, split, select";
  let description = [{
    Takes the elements `start[d], start[d] + step[d], ...` below `end[d]`
    of every dimension `d`, as `x[start:end:step]` does with bounds already
    clamped by PyTorch: `0 <= start <= end <= size` and `step >= 1` (one
    entry per dimension; `step` defaults to all ones). The result dimension
    is `ceil((end - start) / step)`. `narrow`, the parts of `chunk`, `split`
    and `unbind`, and `select` (followed by a `qnn.reshape` dropping the
    indexed dimension) are slices. Data movement only: a quantized result
    keeps the input's qparams.

    ```mlir
    %y = qnn.slice %x {name = "chunk", start = array<i64: 0, 4, 0, 0>,
                       end = array<i64: 1, 8, 8, 8>}
        : tensor<1x8x8x8xf32> -> tensor<1x4x8x8xf32>
    %z = qnn.slice %x {name = "every_other", start = array<i64: 0, 0, 0, 1>,
                       end = array<i64: 1, 8, 8, 8>, step = array<i64: 1, 1, 1, 2>}
        : tensor<1x8x8x8xf32> -> tensor<1x8x8x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, DenseI64ArrayAttr:$start,
                            DenseI64ArrayAttr:$end,
                            OptionalAttr<DenseI64ArrayAttr>:$step),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// The step of every dimension (all ones when `step` is absent).
    SmallVector<int64_t> getSteps();
  }];
}

def QNN_PadOp : QNN_ModuleOp<"pad", [QNN_SameQuantParams]> {
  let summary = "F.pad (constant mode) / nn.ZeroPad2d / nn.ConstantPad1d/2d/3d";
  let description = [{
    Pads with the constant `value` (default 0). `pad` is PyTorch's list:
    (before, after) pairs starting from the last dimension, at most one pair
    per dimension, all non-negative. A quantized result keeps the input's
    qparams and pads with `value` quantized in them, as torch does.

    ```mlir
    %y = qnn.pad %x {name = "pad", pad = array<i64: 1, 1, 2, 0>, value = 0.5 : f64}
        : tensor<1x8x4x4xf32> -> tensor<1x8x6x6xf32>
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$input, DenseI64ArrayAttr:$pad,
                            DefaultValuedAttr<F64Attr, "0.0">:$value),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

//===----------------------------------------------------------------------===//
// Embeddings
//===----------------------------------------------------------------------===//

// An embedding table: float, quantized (!quant.uniform, per tensor or per
// row), or the i8 storage of a rowwise table with float per-row qparams.
def QNN_EmbeddingTable : RankedTensorOf<[AnyFloat, quant_QuantizedType, I8]>;

def QNN_EmbeddingOp : QNN_ModuleOp<"embedding",
                                   [AttrSizedOperandSegments]> {
  let summary = "torch.nn.Embedding";
  let description = [{
    Gathers rows of `weight` (num_embeddings x embedding_dim) at integer
    `indices`; the result has shape `indices.shape x embedding_dim`.

    The quantized form (`torch.ao.nn.quantized.Embedding`,
    `float_qparams_weight_only_qconfig`) keeps torch's storage: `weight` is
    the i8 storage of the quint8 rows (bytes read as unsigned, 0..255) and
    `rowwise(scale, bias)` gives each row's float scale and bias
    (`bias = -zero_point * scale`, as torch's prepacked table holds them).
    With `bits = 4` (quint4x2, `float_qparams_weight_only_qconfig_4bit`)
    each byte holds two 4-bit values, the even column in the low nibble, a
    row is `ceil(embedding_dim / 2)` bytes, and scale and bias are f16 (as
    torch stores them); with `bits = 8` (the default) they are f32. A
    lookup dequantizes as torch's `embedding_byte`/`embedding_4bit`
    kernels do: `fma(scale, q, 0 + bias)` in f32. A weight quantized with
    `!quant.uniform` (per tensor, or per axis along dimension 0) is
    dequantized at lookup too.

    ```mlir
    %y = qnn.embedding %idx, %w {name = "emb"}
        : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
    %q = qnn.embedding %idx, %t rowwise(%scale, %bias) {name = "emb"}
        : (tensor<2x3xi64>, tensor<10x4xi8>, tensor<10xf32>, tensor<10xf32>)
        -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_IndexTensor:$indices,
                            QNN_EmbeddingTable:$weight,
                            Optional<QNN_FloatTensor>:$row_scale,
                            Optional<QNN_FloatTensor>:$row_bias,
                            OptionalAttr<I64Attr>:$bits,
                            OptionalAttr<I64Attr>:$padding_idx),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = [{
    $indices `,` $weight (`rowwise` `(` $row_scale^ `,` $row_bias `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def QNN_EmbeddingBagOp : QNN_ModuleOp<"embedding_bag",
                                      [AttrSizedOperandSegments]> {
  let summary = "torch.nn.EmbeddingBag";
  let description = [{
    Reduces (sum, mean or max) bags of embedding rows. With 1-D `indices`,
    `offsets` gives the start of each bag (`include_last_offset` as in
    PyTorch); with 2-D `indices` every row is one bag and there are no
    offsets. `per_sample_weights` (same shape as `indices`) is only allowed
    with `sum`.

    A rowwise quantized table (`rowwise(scale, bias)`, `bits`: see
    `qnn.embedding`) is `torch.ao.nn.quantized.EmbeddingBag`, whose
    `embedding_bag_byte`/`embedding_bag_4bit` kernels always sum: the mode
    must be `sum`. Each bag accumulates in f32 as those kernels do:
    `out = fma(s, q, out + b)` per element, with `s = w * scale` and
    `b = w * bias` for a per-sample weight `w` (1 without them).

    ```mlir
    %y = qnn.embedding_bag %idx, %w offsets %off {name = "bag",
                                                    mode = #qnn<embedding_bag_mode sum>}
        : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = !con((ins QNN_IndexTensor:$indices,
                            QNN_EmbeddingTable:$weight,
                            Optional<QNN_FloatTensor>:$row_scale,
                            Optional<QNN_FloatTensor>:$row_bias,
                            Optional<QNN_IndexTensor>:$offsets,
                            Optional<QNN_FloatTensor>:$per_sample_weights,
                            DefaultValuedAttr<QNN_EmbeddingBagModeAttr,
                                "EmbeddingBagMode::mean">:$mode,
                            UnitAttr:$include_last_offset,
                            OptionalAttr<I64Attr>:$bits,
                            OptionalAttr<I64Attr>:$padding_idx),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$result);
  let assemblyFormat = [{
    $indices `,` $weight (`rowwise` `(` $row_scale^ `,` $row_bias `)`)?
    (`offsets` $offsets^)?
    (`per_sample_weights` $per_sample_weights^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Recurrent layers and attention
//===----------------------------------------------------------------------===//

def QNN_LSTMOp : QNN_ModuleOp<"lstm", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.LSTM";
  let description = [{
    A multi-layer LSTM. `weights` lists PyTorch's `_flat_weights` in order:
    for each layer and direction `weight_ih` (4H x in), `weight_hh` (4H x H)
    and, with `has_biases`, `bias_ih` and `bias_hh` (4H). The input is
    T x B x I (B x T x I with `batch_first`); `h0`/`c0` (L*D x B x H) are
    zero when absent. Results: output (T x B x D*H), h_n and c_n. The
    dynamic quantized form (`torch.ao.nn.quantized.dynamic.LSTM`) has qint8 or
    float16 weights and float activations.

    ```mlir
    %out, %h, %c = qnn.lstm %x weights(%wih, %whh, %bih, %bhh)
        {name = "lstm", hidden_size = 8 : i64}
        : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>,
           tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input,
                            Optional<QNN_FloatTensor>:$h0,
                            Optional<QNN_FloatTensor>:$c0,
                            Variadic<QNN_Tensor>:$weights,
                            I64Attr:$hidden_size,
                            DefaultValuedAttr<I64Attr, "1">:$num_layers,
                            DefaultValuedAttr<BoolAttr, "true">:$has_biases,
                            UnitAttr:$batch_first,
                            UnitAttr:$bidirectional,
                            DefaultValuedAttr<F64Attr, "0.0">:$dropout),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$output, QNN_FloatTensor:$h_n,
                      QNN_FloatTensor:$c_n);
  let assemblyFormat = [{
    $input (`init` `(` $h0^ `,` $c0 `)`)? `weights` `(` $weights `)` attr-dict
    `:` functional-type(operands, results)
  }];
}

def QNN_LSTMCellOp : QNN_ModuleOp<"lstm_cell", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.LSTMCell";
  let description = [{
    One LSTM step: input B x I, state `hx`, `cx` (B x H), weights
    `weight_ih` (4H x I), `weight_hh` (4H x H) and optional biases (4H), gate
    order i, f, g, o. Results: h' and c'.

    ```mlir
    %h1, %c1 = qnn.lstm_cell %x, %h, %c, %wih, %whh, bias(%bih, %bhh) {name = "cell"}
        : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>,
           tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
          -> (tensor<2x8xf32>, tensor<2x8xf32>)
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input, QNN_FloatTensor:$hx,
                            QNN_FloatTensor:$cx, QNN_Tensor:$weight_ih,
                            QNN_Tensor:$weight_hh,
                            Optional<QNN_FloatTensor>:$bias_ih,
                            Optional<QNN_FloatTensor>:$bias_hh),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$h, QNN_FloatTensor:$c);
  let assemblyFormat = [{
    $input `,` $hx `,` $cx `,` $weight_ih `,` $weight_hh
    (`,` `bias` `(` $bias_ih^ `,` $bias_hh `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def QNN_GRUCellOp : QNN_ModuleOp<"gru_cell", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.GRUCell";
  let description = [{
    One GRU step: input B x I, state `hx` (B x H), weights `weight_ih`
    (3H x I), `weight_hh` (3H x H) and optional biases (3H), gate order
    r, z, n. Result: h'.

    ```mlir
    %h1 = qnn.gru_cell %x, %h, %wih, %whh {name = "cell"}
        : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>)
          -> tensor<2x8xf32>
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input, QNN_FloatTensor:$hx,
                            QNN_Tensor:$weight_ih, QNN_Tensor:$weight_hh,
                            Optional<QNN_FloatTensor>:$bias_ih,
                            Optional<QNN_FloatTensor>:$bias_hh),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$h);
  let assemblyFormat = [{
    $input `,` $hx `,` $weight_ih `,` $weight_hh
    (`,` `bias` `(` $bias_ih^ `,` $bias_hh `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def QNN_RNNCellOp : QNN_ModuleOp<"rnn_cell", [AttrSizedOperandSegments]> {
  let summary = "torch.nn.RNNCell";
  let description = [{
    One Elman RNN step `h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)` with
    `nonlinearity` tanh (default) or relu; weights H x I and H x H.

    ```mlir
    %h1 = qnn.rnn_cell %x, %h, %wih, %whh {name = "cell",
                                           nonlinearity = #qnn<nonlinearity relu>}
        : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>)
          -> tensor<2x8xf32>
    ```
  }];
  let arguments = !con((ins QNN_FloatTensor:$input, QNN_FloatTensor:$hx,
                            QNN_Tensor:$weight_ih, QNN_Tensor:$weight_hh,
                            Optional<QNN_FloatTensor>:$bias_ih,
                            Optional<QNN_FloatTensor>:$bias_hh,
                            DefaultValuedAttr<QNN_RNNNonlinearityAttr,
                                "RNNNonlinearity::tanh">:$nonlinearity),
                       QNN_ModuleAttrs);
  let results = (outs QNN_FloatTensor:$h);
  let assemblyFormat = [{
    $input `,` $hx `,` $weight_ih `,` $weight_hh
    (`,` `bias` `(` $bias_ih^ `,` $bias_hh `)`)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def QNN_MultiheadAttentionOp : QNN_ModuleOp<"multihead_attention",
    [AttrSizedOperandSegments]> {
  let summary = "torch.nn.MultiheadAttention";
  let description = [{
    Multi-head scaled dot-product attention with embed_dim E
    (`kdim = vdim = E`), `num_heads` dividing E, packed `in_proj_weight`
    (3E x E) with optional `in_proj_bias` (3E), and `out_proj_weight`
    (E x E) with optional bias. Inputs are L x N x E (N x L x E with
    `batch_first`). The optional second result holds the head-averaged
    attention weights (N x L x S), as with `need_weights=True`.

    ```mlir
    %o, %a = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo)
        {name = "attn", num_heads = 2 : i64}
        : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>,
           tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>)
          -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
    ```
  }];
  let arguments = !con((ins QNN_Tensor:$query, QNN_Tensor:$key,
                            QNN_Tensor:$value,
                            QNN_Tensor:$in_proj_weight,
                            Optional<QNN_FloatTensor>:$in_proj_bias,
                            QNN_Tensor:$out_proj_weight,
                            Optional<QNN_FloatTensor>:$out_proj_bias,
                            I64Attr:$num_heads,
                            UnitAttr:$batch_first,
                            DefaultValuedAttr<F64Attr, "0.0">:$dropout),
                       QNN_ModuleAttrs);
  let results = (outs QNN_Tensor:$output,
                      Optional<QNN_FloatTensor>:$attn_weights);
  let assemblyFormat = [{
    $query `,` $key `,` $value `,` `in_proj` `(` $in_proj_weight
    (`,` $in_proj_bias^)? `)` `,` `out_proj` `(` $out_proj_weight
    (`,` $out_proj_bias^)? `)` attr-dict `:` functional-type(operands, results)
  }];
}

#endif // QNN_DIALECT_QNN_IR_QNNOPS_TD
