// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for qnn.linear and the normalization ops: batch_norm,
// layer_norm, group_norm and instance_norm.

//===----------------------------------------------------------------------===//
// qnn.linear
//===----------------------------------------------------------------------===//

func.func @linear_feature_mismatch(%x: tensor<2x16xf32>, %w: tensor<10x15xf32>) {
  // expected-error @+1 {{'qnn.linear' op input has 16 features but the weight [10, 15] expects 15}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<10x15xf32>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_feature_mismatch_3d(%x: tensor<2x5x16xf32>, %w: tensor<10x8xf32>) {
  // expected-error @+1 {{'qnn.linear' op input has 16 features but the weight [10, 8] expects 8}}
  %0 = qnn.linear %x, %w
      : (tensor<2x5x16xf32>, tensor<10x8xf32>) -> tensor<2x5x10xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<2x16xf32>, %w: tensor<10x16x1xf32>) {
  // expected-error @+1 {{'qnn.linear' op expects a weight (out_features x in_features) of rank 2, got [10, 16, 1]}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<10x16x1xf32>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_weight_rank_1(%x: tensor<2x16xf32>, %w: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.linear' op expects a weight (out_features x in_features) of rank 2, got [16]}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<16xf32>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_input_rank_0(%x: tensor<f32>, %w: tensor<10x16xf32>) {
  // expected-error @+1 {{'qnn.linear' op expects an input of rank >= 1}}
  %0 = qnn.linear %x, %w
      : (tensor<f32>, tensor<10x16xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @linear_bias_shape(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.linear' op bias has shape [16], expected [10]}}
  %0 = qnn.linear %x, %w, %b
      : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<16xf32>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_bias_rank(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<1x10xf32>) {
  // expected-error @+1 {{'qnn.linear' op bias has shape [1, 10], expected [10]}}
  %0 = qnn.linear %x, %w, %b
      : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<1x10xf32>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_quantized_bias(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<10x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.linear' op operand #2 must be ranked tensor of floating-point values, but got 'tensor<10x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.linear %x, %w, %b
      : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_result_features(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>) {
  // expected-error @+1 {{'qnn.linear' op result has shape [2, 16], expected [2, 10]}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x16xf32>
  return
}

// -----

func.func @linear_result_batch(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>) {
  // expected-error @+1 {{'qnn.linear' op result has shape [3, 10], expected [2, 10]}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<3x10xf32>
  return
}

// -----

func.func @linear_result_rank(%x: tensor<2x5x16xf32>, %w: tensor<10x16xf32>) {
  // expected-error @+1 {{'qnn.linear' op result has shape [10, 10], expected [2, 5, 10]}}
  %0 = qnn.linear %x, %w
      : (tensor<2x5x16xf32>, tensor<10x16xf32>) -> tensor<10x10xf32>
  return
}

// -----

func.func @linear_quantized_input_float_result(%x: tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<10x16x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.linear' op input and result must both be float or both be quantized, got 'tensor<2x16x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<2x10xf32>'}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<10x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10xf32>
  return
}

// -----

func.func @linear_float_input_quantized_result(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>) {
  // expected-error @+1 {{'qnn.linear' op input and result must both be float or both be quantized, got 'tensor<2x16xf32>' and 'tensor<2x10x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Dynamic quantization keeps float activations on both sides.
func.func @linear_dynamic_quantized_result(%x: tensor<2x16xf32>, %w: tensor<10x16x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.linear' op input and result must both be float or both be quantized, got 'tensor<2x16xf32>' and 'tensor<2x10x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16xf32>, tensor<10x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @linear_quantized_input_float_weight(%x: tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<10x16xf32>) {
  // expected-error @+1 {{'qnn.linear' op a quantized input needs a quantized weight, got 'tensor<10x16xf32>'}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<10x16xf32>) -> tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Linear weights are quantized per output feature (axis 0).
func.func @linear_weight_axis_1(%x: tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<10x16x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>) {
  // expected-error @+1 {{'qnn.linear' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<10x16x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>) -> tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @linear_per_axis_input(%x: tensor<2x16x!quant.uniform<u8:f32:0, {0.1, 0.2}>>, %w: tensor<10x16x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.linear' op activations must be quantized per tensor, got 'tensor<2x16x!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16x!quant.uniform<u8:f32:0, {0.1, 0.2}>>, tensor<10x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @linear_per_axis_result(%x: tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<10x16x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.linear' op activations must be quantized per tensor, got 'tensor<2x10x!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.linear %x, %w
      : (tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<10x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x10x!quant.uniform<u8:f32:0, {0.1, 0.2}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.batch_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_rank_1(%x: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op expects an input of rank 2 to 5 (N x C x ...), got [8]}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @batch_norm_rank_6(%x: tensor<1x8x2x2x2x2xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op expects an input of rank 2 to 5 (N x C x ...), got [1, 8, 2, 2, 2, 2]}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x2x2x2x2xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x2x2x2xf32>
  return
}

// -----

func.func @batch_norm_running_mean(%x: tensor<1x8x4x4xf32>, %m: tensor<4xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op running_mean has shape [4], expected [8]}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @batch_norm_running_var(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %v: tensor<1x8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op running_var has shape [1, 8], expected [8]}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<1x8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @batch_norm_weight(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>, %g: tensor<4xf32>, %bb: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op weight has shape [4], expected [8]}}
  %0 = qnn.batch_norm %x, %m, %v, weight %g, bias %bb
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @batch_norm_bias(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<9xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op bias has shape [9], expected [8]}}
  %0 = qnn.batch_norm %x, %m, %v, weight %g, bias %bb
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<9xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

// BatchNorm1d normalizes dimension 1, not the last one.
func.func @batch_norm_1d_channels(%x: tensor<2x8x5xf32>, %m: tensor<5xf32>, %v: tensor<5xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op running_mean has shape [5], expected [8]}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<2x8x5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x8x5xf32>
  return
}

// -----

func.func @batch_norm_eps(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op eps must be non-negative, got -1.000000e-03}}
  %0 = qnn.batch_norm %x, %m, %v {eps = -1.0e-03}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @batch_norm_result_shape(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op result has shape [1, 8, 4, 5], expected [1, 8, 4, 4]}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x5xf32>
  return
}

// -----

func.func @batch_norm_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @batch_norm_float_input_quantized_result(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @batch_norm_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, %m: tensor<2xf32>, %v: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @batch_norm_quantized_mean(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %m: tensor<8x!quant.uniform<i8:f32, 0.1>>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op operand #1 must be ranked tensor of floating-point values, but got 'tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.batch_norm %x, %m, %v
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.layer_norm
//===----------------------------------------------------------------------===//

func.func @layer_norm_empty_shape(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op normalized_shape must not be empty}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_zero_dim(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op normalized_shape must be positive, got [0]}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 0>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_negative_dim(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op normalized_shape must be positive, got [-16]}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: -16>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

// normalized_shape must match the trailing dimensions.
func.func @layer_norm_shape_mismatch(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op input of shape [2, 5, 16] does not end with normalized_shape [5]}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 5>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_shape_mismatch_2d(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op input of shape [2, 5, 16] does not end with normalized_shape [16, 5]}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 16, 5>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_rank_too_small(%x: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op input of shape [16] does not end with normalized_shape [2, 16]}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 2, 16>}
      : (tensor<16xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @layer_norm_missing_shape(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op requires attribute 'normalized_shape'}}
  %0 = qnn.layer_norm %x
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_weight(%x: tensor<2x5x16xf32>, %g: tensor<5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op weight has shape [5, 16], expected [16]}}
  %0 = qnn.layer_norm %x, weight %g, bias %g {normalized_shape = array<i64: 16>}
      : (tensor<2x5x16xf32>, tensor<5x16xf32>, tensor<5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_bias(%x: tensor<2x5x16xf32>, %g: tensor<5x16xf32>, %bb: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op bias has shape [16], expected [5, 16]}}
  %0 = qnn.layer_norm %x, weight %g, bias %bb {normalized_shape = array<i64: 5, 16>}
      : (tensor<2x5x16xf32>, tensor<5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_eps(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op eps must be non-negative}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 16>, eps = -1.0}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_result_shape(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op result has shape [2, 16, 5], expected [2, 5, 16]}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 16>}
      : (tensor<2x5x16xf32>) -> tensor<2x16x5xf32>
  return
}

// -----

func.func @layer_norm_quantized_input_float_result(%x: tensor<2x5x16x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.layer_norm' op input and result must both be float or both be quantized, got 'tensor<2x5x16x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<2x5x16xf32>'}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 16>}
      : (tensor<2x5x16x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @layer_norm_float_input_quantized_result(%x: tensor<2x5x16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op input and result must both be float or both be quantized, got 'tensor<2x5x16xf32>' and 'tensor<2x5x16x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 16>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @layer_norm_per_axis_result(%x: tensor<2x5x16x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.layer_norm' op activations must be quantized per tensor, got 'tensor<2x5x16x!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.layer_norm %x {normalized_shape = array<i64: 16>}
      : (tensor<2x5x16x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x5x16x!quant.uniform<u8:f32:0, {0.1, 0.2}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.group_norm
//===----------------------------------------------------------------------===//

func.func @group_norm_not_divisible(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op num_channels (8) must be divisible by num_groups (3)}}
  %0 = qnn.group_norm %x {num_groups = 3 : i64}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_zero_groups(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op num_groups must be positive, got 0}}
  %0 = qnn.group_norm %x {num_groups = 0 : i64}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_negative_groups(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op num_groups must be positive, got -2}}
  %0 = qnn.group_norm %x {num_groups = -2 : i64}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_more_groups_than_channels(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op num_channels (8) must be divisible by num_groups (16)}}
  %0 = qnn.group_norm %x {num_groups = 16 : i64}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_missing_groups(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op requires attribute 'num_groups'}}
  %0 = qnn.group_norm %x
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_rank_1(%x: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op expects an input of rank 2 to 8 (N x C x ...), got [8]}}
  %0 = qnn.group_norm %x {num_groups = 2 : i64}
      : (tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @group_norm_weight(%x: tensor<1x8x4x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op weight has shape [4], expected [8]}}
  %0 = qnn.group_norm %x, weight %g, bias %g {num_groups = 2 : i64}
      : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_bias(%x: tensor<1x8x4x4xf32>, %g: tensor<8xf32>, %bb: tensor<8x1xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op bias has shape [8, 1], expected [8]}}
  %0 = qnn.group_norm %x, weight %g, bias %bb {num_groups = 2 : i64}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8x1xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_eps(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op eps must be non-negative, got -1.000000e-05}}
  %0 = qnn.group_norm %x {num_groups = 2 : i64, eps = -1.0e-05}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op result has shape [1, 4, 8, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.group_norm %x {num_groups = 2 : i64}
      : (tensor<1x8x4x4xf32>) -> tensor<1x4x8x4xf32>
  return
}

// -----

func.func @group_norm_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.group_norm' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.group_norm %x {num_groups = 2 : i64}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.instance_norm
//===----------------------------------------------------------------------===//

// InstanceNorm1d needs a batch dimension (N x C x L).
func.func @instance_norm_rank_2(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op expects an input of rank 3 to 5 (N x C x ...), got [2, 8]}}
  %0 = qnn.instance_norm %x
      : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @instance_norm_rank_6(%x: tensor<1x2x2x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op expects an input of rank 3 to 5 (N x C x ...), got [1, 2, 2, 2, 2, 2]}}
  %0 = qnn.instance_norm %x
      : (tensor<1x2x2x2x2x2xf32>) -> tensor<1x2x2x2x2x2xf32>
  return
}

// -----

func.func @instance_norm_weight(%x: tensor<1x8x4x4xf32>, %g: tensor<4xf32>, %bb: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op weight has shape [4], expected [8]}}
  %0 = qnn.instance_norm %x, weight %g, bias %bb
      : (tensor<1x8x4x4xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @instance_norm_bias(%x: tensor<1x8x4x4xf32>, %g: tensor<8xf32>, %bb: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op bias has shape [4], expected [8]}}
  %0 = qnn.instance_norm %x, weight %g, bias %bb
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @instance_norm_eps(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op eps must be non-negative, got -1.000000e-05}}
  %0 = qnn.instance_norm %x {eps = -1.0e-05}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @instance_norm_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op result has shape [1, 8, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.instance_norm %x
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4xf32>
  return
}

// -----

func.func @instance_norm_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.instance_norm %x
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @instance_norm_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.instance_norm' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.instance_norm %x
      : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @layer_norm_weight_without_bias(%x: tensor<2x5x16xf32>, %g: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op weight and bias must be given together (affine)}}
  %0 = qnn.layer_norm %x, weight %g {normalized_shape = array<i64: 16>}
      : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @batch_norm_weight_without_bias(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op weight and bias must be given together (affine)}}
  %0 = qnn.batch_norm %x, %m, %m, weight %g
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @group_norm_weight_without_bias(%x: tensor<1x8x4x4xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.group_norm' op weight and bias must be given together (affine)}}
  %0 = qnn.group_norm %x, weight %g {num_groups = 2 : i64}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @instance_norm_weight_without_bias(%x: tensor<1x8x4x4xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.instance_norm' op weight and bias must be given together (affine)}}
  %0 = qnn.instance_norm %x, weight %g
      : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

// The custom syntax cannot put a bias without a weight; the generic form can.
func.func @batch_norm_bias_without_weight(%x: tensor<1x8x4x4xf32>, %m: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.batch_norm' op weight and bias must be given together (affine)}}
  %0 = "qnn.batch_norm"(%x, %m, %m, %m) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 1>}>
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @layer_norm_bias_without_weight(%x: tensor<2x5x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'qnn.layer_norm' op weight and bias must be given together (affine)}}
  %0 = "qnn.layer_norm"(%x, %b) <{normalized_shape = array<i64: 16>, operandSegmentSizes = array<i32: 1, 0, 1>}>
      : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  return
}
