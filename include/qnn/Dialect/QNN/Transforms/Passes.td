//===- Passes.td - qnn quantization workflow passes --------*- tablegen -*-===//
//
// PyTorch's torch.ao.quantization eager-mode functions as passes.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
#define QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseModules : Pass<"qnn-fuse-modules", "func::FuncOp"> {
  let summary = "torch.ao.quantization.fuse_modules";
  let description = [{
    Fuses the module sequences `fuse_known_modules` supports:
    conv{1,2,3}d + batch_norm (+ relu), conv{1,2,3}d + relu, linear + relu,
    linear + batch_norm (rank 2/3), batch_norm (rank 4/5) + relu, and
    conv_transpose + batch_norm.

    In eval mode (the default) BatchNorm is folded into the preceding
    conv/linear with `fuse_conv_bn_weights` / `fuse_linear_bn_weights`, in
    float32 and with BN's eps; the trailing ReLU becomes `fused_relu`. This
    needs the weights and BN parameters to be constants (`arith.constant`);
    otherwise the pair is left unfused with a warning.

    With `qat=true` (`fuse_modules_qat`), conv + bn (+ relu) becomes
    `qnn.conv_bnNd` and linear + bn (over (N, features)) becomes
    `qnn.linear_bn`, keeping the BN parameters, as
    `torch.ao.nn.intrinsic.ConvBnNd` / `LinearBn1d`, so that
    `--qnn-prepare-qat` fake-quantizes the BN-scaled weight. The BN must be
    affine (PyTorch asserts it); PyTorch has no QAT fusion for
    conv_transpose + bn (an error).

    A pair is fused only when the intermediate value has exactly one use: in
    PyTorch the intermediate module's output disappears with fusion (the
    second module becomes nn.Identity), which is only sound when nothing else
    reads it. Otherwise the ops are left alone. The fused op keeps the first
    module's name and qconfig, as `fuse_modules` keeps the first module.

    ```mlir
    %c = qnn.conv2d %x, %w {name = "conv"} : ...
    %b = qnn.batch_norm %c, %m, %v, weight %g, bias %bb {name = "bn"} : ...
    %r = qnn.relu %b {name = "relu"} : ...
    // becomes
    %r = qnn.conv2d %x, %w_folded, %b_folded {name = "conv", fused_relu} : ...
    ```
  }];
  let options = [
    Option<"qat", "qat", "bool", /*default=*/"false",
           "Fuse for quantization-aware training (keep BatchNorm)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def PropagateQConfig : Pass<"qnn-propagate-qconfig", "func::FuncOp"> {
  let summary = "torch.ao.quantization.propagate_qconfig_";
  let description = [{
    Gives every module op the qconfig PyTorch's `propagate_qconfig_` would:

    1. the op's own `qconfig` attribute (`module.qconfig`) wins;
    2. else an exact module-path entry of the function's
       `qnn.qconfig_dict` (`module_name`);
    3. else an op-kind entry (`object_type`, keyed by op name such as
       `"qnn.linear"`);
    4. else the qconfig of the nearest parent path (`layer1.0` for
       `layer1.0.conv1`), itself resolved by its `module_name` entry or its
       own parent; the root is `global` (`model.qconfig`).

    `#qnn.qconfig<none>` is PyTorch's None: the op stays float. Ops whose
    qconfig resolves to nothing are left without one.

    ```mlir
    func.func @f(...) attributes {qnn.qconfig_dict = {
        global = #qnn.qconfig<fbgemm>,
        module_name = {"layer1" = #qnn.qconfig<qnnpack>},
        object_type = {"qnn.linear" = #qnn.qconfig<none>}}} { ... }
    ```
  }];
}

def Prepare : Pass<"qnn-prepare", "func::FuncOp"> {
  let summary = "torch.ao.quantization.prepare: insert observers";
  let description = [{
    Inserts a `qnn.observe` (its `activation_post_process`) after every op
    that PyTorch's `add_observer_` observes: `quant_stub`, the module kinds in
    PyTorch's default propagation list (convolutions, linear, batch_norm 2d/3d,
    the other norms, elu, hardswish, leaky_relu, prelu, relu6; embeddings
    get none: their float_qparams qconfig is weight-only, and convert
    quantizes their tables)
    and the FloatFunctional ops (add, mul, cat, add_relu, add_scalar,
    mul_scalar), each with its qconfig's activation observer. Weights of
    conv/linear get a `qnn.observe` with the weight observer. Ops that keep
    their input's qparams (relu, pooling, flatten, reshape, dropout,
    interpolate) and dequant_stub get none; dropout is skipped as in PyTorch.
    Function calls torch never observes are marked `qnn.functional` by the
    importer and get none: leaky_relu and cat (quantized: the input's
    qparams), and the float linear/add the importer writes for torch.bmm
    and masked_fill (they stay float).

    With a QAT qconfig (`fake_quant`), `qnn.fake_quant` is inserted instead,
    as `qconfig.activation()` is then a FakeQuantize.

    Where a quantized op reads a value that will stay float (its producer has
    no observer and is not a quant_stub), an observer is put on that input so
    `--qnn-convert` can insert the quantize at the float/quantized boundary.

    ```mlir
    %y = qnn.conv2d %x, %w {name = "conv", qconfig = #qnn.qconfig<qnnpack>} : ...
    // becomes
    %wo = qnn.observe %w {name = "conv.weight", observer = #qnn.observer<minmax, ...>}
    %y = qnn.conv2d %x, %wo {...}
    %o = qnn.observe %y {name = "conv", observer = #qnn.observer<histogram>}
    ```
  }];
}

def PrepareQAT : Pass<"qnn-prepare-qat", "func::FuncOp"> {
  let summary = "torch.ao.quantization.prepare_qat: insert fake-quant";
  let description = [{
    Like `--qnn-prepare`, but every activation post-process and every
    weight of conv/linear/conv_bn/linear_bn is a `qnn.fake_quant` with the
    qconfig's observer settings (quant_min/quant_max, dtype, qscheme,
    observer kind) and both enable flags on, as PyTorch's QAT modules
    (`nn.qat.Conv2d`, `nn.intrinsic.qat.ConvBn2d`, `LinearBn1d`, ...) hold
    `weight_fake_quant`. With a moving-average observer (the `*_qat`
    presets, `get_default_qat_qconfig`) it is `fused`:
    `FusedMovingAvgObsFakeQuantize`. `qnn-calibrate` then runs the QAT
    forward with the observers enabled, and `--qnn-convert` converts. On conv_bn/linear_bn that fake-quant applies to the
    BN-scaled weight (see the ops).

    As `prepare_qat` does for modules in training mode, sigmoid, hardsigmoid
    and softmax (output range [0, 1]: scale 1/256, zero point 0) and tanh
    ([-1, 1]: 2/256, 128) with a qconfig get a fixed-qparams fake-quant
    (`FixedQParamsFakeQuantize`, `#qnn.observer<fixed_qparams>`) instead of
    the qconfig's activation.

    ```mlir
    %y = qnn.linear %x, %w {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : ...
    // becomes
    %wf = qnn.fake_quant %w {name = "fc.weight", observer = #qnn.observer<moving_average_minmax, ...>}
    %y = qnn.linear %x, %wf {...}
    %o = qnn.fake_quant %y {name = "fc", observer = ...}
    ```
  }];
}

def Convert : Pass<"qnn-convert", "func::FuncOp"> {
  let summary = "torch.ao.quantization.convert: observers to quantized types";
  let description = [{
    Computes qparams from each observer's statistics with PyTorch's
    `calculate_qparams` (affine/symmetric, quint8/qint8/qint32,
    reduce_range, the eps clamp of the scale, min == max, zero-point
    rounding, per-channel axes; HistogramObserver's non-linear search), then:

    - `quant_stub` + its observer become `qnn.quantize`, `dequant_stub`
      becomes `qnn.dequantize`;
    - observed ops get quantized operand and result types (the result type
      carries the observer's scale and zero point);
    - constant weights are quantized at compile time into `qnn.qconstant`,
      per tensor or per channel; biases stay float; `conv_bnNd` and
      `linear_bn` fold their BN first (`to_float()`: `fuse_conv_bn_weights`
      / `fuse_linear_bn_weights`) into a conv / linear;
    - ops that keep their input's qparams (relu, pooling, flatten, ...) take
      the input's quantized type; sigmoid/hardsigmoid/tanh get PyTorch's
      fixed output qparams;
    - ops without a qconfig (or `none`) stay float, with `qnn.dequantize`
      and `qnn.quantize` inserted at the boundaries;
    - `qnn.fake_quant` converts like an observer: from its statistics, as
      torch's convert calls `calculate_qparams()`; its stored
      scale/zero_point only when it has no statistics. A weight fake-quant
      whose observer is enabled first observes the (folded) weight once
      more, as torch's convert does; a fixed-qparams fake-quant gives its
      fixed scale/zero_point (and disappears after sigmoid/hardsigmoid/tanh,
      whose quantized kernels have the same output qparams);
    - add_scalar/mul_scalar (not observed) get the output qparams torch's
      kernels derive from their input's; prelu's slopes become quint8 with
      the weight observer's qparams (`nnq.PReLU.from_float`);
    - an `adaptive_avg_pool2d` marked `qnn.functional` (the importer's
      torch.mean over non-spatial dims) on a quantized input computes as
      torch's quantized mean: dequantize, float mean, `qnn.quantize` with
      the input's qparams.
    - embedding / embedding_bag whose qconfig has a
      per_channel_affine_float_qparams weight observer
      (`float_qparams_weight_only_qconfig`, quint8, or its `_4bit` form,
      quint4x2) get rowwise tables as `nnq.Embedding(Bag).from_float` makes
      them: per row a float scale and zero point, the storage, and the
      prepacked `bias = -zero_point * scale` (f16 scale/bias for 4 bits).
      Like torch's converted module, an embedding_bag then sums (mode
      `mean`/`max` and padding_idx are dropped with a warning);
      include_last_offset, which torch's from_float drops too, is an error.

    An activation observer without statistics is an error at its location:
    run `qnn-calibrate` first (weights need none: they are observed here).

    ```mlir
    %q = qnn.quant_stub %x {name = "quant"} : ...
    %o = qnn.observe %q {observer = #qnn.observer<minmax>,
                         min_val = array<f32: -1.0>, max_val = array<f32: 2.0>}
    // becomes
    %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706:85>>
    ```
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def QuantizeDynamic : Pass<"qnn-quantize-dynamic", "func::FuncOp"> {
  let summary = "torch.ao.quantization.quantize_dynamic";
  let description = [{
    Quantizes the weights of linear, lstm, lstm_cell, gru_cell and rnn_cell
    ops at compile time while activations stay float (quantized at run time),
    as `quantize_dynamic` does with `default_dynamic_qconfig`
    (MinMaxObserver, qint8, per_tensor_symmetric) or, with `dtype=float16`,
    `float16_dynamic_qconfig` (weights rounded to float16, ties to even,
    saturated to the float16 range as fbgemm's fp16 prepack does; the
    lowering keeps them f16 in the object and computes in f32). Biases stay
    float. `ops` is the `qconfig_spec`: op kinds (`linear`, `lstm`, ...)
    and/or module paths; a path selects that module and its children. An
    op's own qconfig wins, as in `propagate_qconfig_`: `None` keeps it float,
    its weight observer's dtype picks float16 (`float16_dynamic_qconfig`)
    or qint8 whatever `dtype` says, and a qint8 weight observer that records
    statistics is used, per tensor or per channel
    (`per_channel_dynamic_qconfig`: one scale per output channel).

    ```mlir
    %y = qnn.linear %x, %w, %b {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
    // becomes
    %wq = qnn.qconstant dense<...> : tensor<3x4xi8> -> tensor<3x4x!quant.uniform<i8:f32, 0.0078>>
    %y = qnn.linear %x, %wq, %b {name = "fc", qconfig = #qnn.qconfig<dynamic>} : ...
    ```
  }];
  let options = [
    ListOption<"ops", "ops", "std::string",
               "Op kinds and/or module paths to quantize (qconfig_spec); "
               "default: linear, lstm, lstm_cell, gru_cell, rnn_cell">,
    Option<"dtype", "dtype", "std::string", /*default=*/"\"qint8\"",
           "Weight dtype: qint8 or float16">
  ];
  // The qconfig presets are qnn attributes, created even when the input
  // holds no qnn op (and the dialect is not loaded yet).
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::qnn::QNNDialect"];
}

#endif // QNN_DIALECT_QNN_TRANSFORMS_PASSES_TD
