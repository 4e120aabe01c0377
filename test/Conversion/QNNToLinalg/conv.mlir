// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// Quantized conv: centered i32 operands, an i32 named convolution, and the
// requantizing epilogue with per-channel multipliers.
// CHECK-LABEL: func.func @qconv
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
// CHECK-SAME: tensor<1x3x10x10xi32>, tensor<4x3x3x3xi32>
// CHECK: linalg.generic
// CHECK: math.roundeven
!in = tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>
!w = tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.1, 0.3}>>
!out = tensor<1x4x4x4x!quant.uniform<u8:f32, 0.05:3>>
func.func @qconv(%x: !in, %b: tensor<4xf32>) -> !out {
  %w = qnn.qconstant dense<1> : tensor<4x3x3x3xi8> -> !w
  %y = qnn.conv2d %x, %w, %b {padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (!in, !w, tensor<4xf32>) -> !out
  return %y : !out
}

// -----

// Grouped float conv: linalg's grouped convolution over expanded shapes.
// CHECK-LABEL: func.func @grouped
// CHECK: tensor.expand_shape
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK: tensor.collapse_shape
func.func @grouped(%x: tensor<1x4x6x6xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %y = qnn.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x6x6xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Conv1d is a Conv2d over a height of 1.
// CHECK-LABEL: func.func @conv1d
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-SAME: tensor<1x2x1x8xf32>
func.func @conv1d(%x: tensor<1x2x8xf32>, %w: tensor<3x2x3xf32>) -> tensor<1x3x6xf32> {
  %y = qnn.conv1d %x, %w : (tensor<1x2x8xf32>, tensor<3x2x3xf32>) -> tensor<1x3x6xf32>
  return %y : tensor<1x3x6xf32>
}
