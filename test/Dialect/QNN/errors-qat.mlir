// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for the QAT forms: qnn.linear_bn's shapes, the weight
// fake-quant of conv_bn / linear_bn (it applies to the BN-scaled weight, so
// nothing else may read it) and fixed-qparams observers.

func.func @linear_bn_input_rank(%x: tensor<2x3x4xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.linear_bn' op expects an input (N x in_features): BatchNorm1d normalizes dimension 1 of rank 2, got [2, 3, 4]}}
  %0 = qnn.linear_bn %x, %w, bn(%p, %p, %p, %p) : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @linear_bn_features(%x: tensor<2x5xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.linear_bn' op input has 5 features but the weight [3, 4] expects 4}}
  %0 = qnn.linear_bn %x, %w, bn(%p, %p, %p, %p) : (tensor<2x5xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @linear_bn_result(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.linear_bn' op result has shape [2, 4], expected [2, 3]}}
  %0 = qnn.linear_bn %x, %w, bn(%p, %p, %p, %p) : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @linear_bn_running_var(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>, %v: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.linear_bn' op running_var has shape [2], expected [3]}}
  %0 = qnn.linear_bn %x, %w, bn(%p, %p, %p, %v) : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @linear_bn_quantized(%x: tensor<2x4x!quant.uniform<u8:f32, 0.1:128>>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.linear_bn' op operand #0 must be}}
  %0 = qnn.linear_bn %x, %w, bn(%p, %p, %p, %p) : (tensor<2x4x!quant.uniform<u8:f32, 0.1:128>>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @linear_bn_shared_weight_fake_quant(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  %wf = qnn.fake_quant %w {observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<3x4xf32>
  // expected-error @+1 {{'qnn.linear_bn' op weight fake-quant applies to the BN-scaled weight and must have no other user}}
  %0 = qnn.linear_bn %x, %wf, bn(%p, %p, %p, %p) : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = qnn.linear %x, %wf : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

func.func @conv_bn_shared_weight_fake_quant(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> tensor<2x2x1x1xf32> {
  %wf = qnn.fake_quant %w {observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<2x2x1x1xf32>
  // expected-error @+1 {{'qnn.conv_bn2d' op weight fake-quant applies to the BN-scaled weight and must have no other user}}
  %0 = qnn.conv_bn2d %x, %wf, bn(%p, %p, %p, %p) : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %wf : tensor<2x2x1x1xf32>
}

// -----

func.func @fixed_qparams_without_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.fake_quant' op a fixed-qparams fake-quant needs its scale and zero_point}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<fixed_qparams>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fixed_qparams_statistics(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.fake_quant' op observer 'fixed_qparams' records no statistics}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<fixed_qparams>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>, scale = array<f32: 0.00390625>, zero_point = array<i64: 0>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fixed_qparams_observe(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.observe' op a fixed-qparams observer belongs on a qnn.fake_quant, which holds its scale and zero_point}}
  %0 = qnn.observe %x {observer = #qnn.observer<fixed_qparams>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fixed_qparams_zero_point(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.fake_quant' op zero point 300 is outside [0, 255]}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<fixed_qparams>, scale = array<f32: 0.00390625>, zero_point = array<i64: 300>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{observer 'fixed_qparams' does not support qscheme per_channel_affine}}
func.func @fixed_qparams_per_channel(%x: tensor<4xf32>) attributes {o = #qnn.observer<fixed_qparams, qscheme = per_channel_affine>} {
  return
}

// -----

// FusedMovingAvgObsFakeQuantize only wraps the moving-average observers.
func.func @fused_needs_moving_average(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.fake_quant' op a fused fake-quant (FusedMovingAvgObsFakeQuantize) needs a moving-average observer, got 'minmax'}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<minmax>, fused} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
