// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-fuse-modules | FileCheck %s

// Eval-mode fusion needs the weights, bias and BatchNorm parameters as f32
// constants to fold the BN; otherwise the pair is left unfused with a
// warning (the IR is checked to be unchanged).

// CHECK-LABEL: func.func @weight_not_constant
// CHECK-NEXT: %{{.+}} = arith.constant
// CHECK-NEXT: %[[C:.+]] = qnn.conv2d
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]]
// CHECK-NEXT: return %[[Y]]
func.func @weight_not_constant(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %p = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  // expected-warning @+1 {{not folding 'bn' into this op: its weight, bias and the batch_norm parameters must be f32 constants}}
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %p, %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// The conv + bn pair is left alone; the bn + relu that follows is then a
// BNReLU2d fusion of its own.
// CHECK-LABEL: func.func @bias_not_constant
// CHECK:      %[[C:.+]] = qnn.conv2d
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]], {{.+}} {fused_relu, name = "bn"}
// CHECK-NEXT: return %[[Y]]
func.func @bias_not_constant(%x: tensor<1x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  // expected-warning @+1 {{not folding 'bn' into this op}}
  %c = qnn.conv2d %x, %w, %b {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %p, %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %r : tensor<1x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @bn_stats_not_constant
// CHECK:      %[[C:.+]] = qnn.conv1d
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]]
// CHECK-NEXT: return %[[Y]]
func.func @bn_stats_not_constant(%x: tensor<1x2x3xf32>, %mean: tensor<2xf32>) -> tensor<1x2x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1xf32>
  %p = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  // expected-warning @+1 {{not folding 'bn1' into this op}}
  %c = qnn.conv1d %x, %w {name = "conv"} : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  %y = qnn.batch_norm %c, %mean, %p, weight %p, bias %p {name = "bn1"} : (tensor<1x2x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  return %y : tensor<1x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @bn_affine_not_constant
// CHECK:      %[[C:.+]] = qnn.conv2d
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]]
// CHECK-NEXT: return %[[Y]]
func.func @bn_affine_not_constant(%x: tensor<1x2x3x3xf32>, %gamma: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  // expected-warning @+1 {{not folding 'bn' into this op}}
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %p, %p, weight %gamma, bias %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Only f32 constants are folded.
// CHECK-LABEL: func.func @weight_f16
// CHECK:      %[[C:.+]] = qnn.conv2d
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]]
// CHECK-NEXT: return %[[Y]]
func.func @weight_f16(%x: tensor<1x2x3x3xf16>) -> tensor<1x2x3x3xf16> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf16>
  %p = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  // expected-warning @+1 {{not folding 'bn' into this op}}
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x3x3xf16>
  %y = qnn.batch_norm %c, %p, %p {name = "bn"} : (tensor<1x2x3x3xf16>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf16>
  return %y : tensor<1x2x3x3xf16>
}

// -----

// fuse_linear_bn_weights needs the BN's weight and bias (affine).
// CHECK-LABEL: func.func @linear_bn_not_affine
// CHECK:      %[[L:.+]] = qnn.linear
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[L]]
// CHECK-NEXT: return %[[Y]]
func.func @linear_bn_not_affine(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x4xf32>
  %p = arith.constant dense<[0.5, 1.5]> : tensor<2xf32>
  // expected-warning @+1 {{not folding 'bn' into this op: its weight, bias and the batch_norm parameters must be f32 constants and the batch_norm affine}}
  %l = qnn.linear %x, %w {name = "fc"} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x2xf32>
  %y = qnn.batch_norm %l, %p, %p {name = "bn"} : (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @grouped_conv_transpose_bn
// CHECK:      %[[C:.+]] = qnn.conv_transpose2d
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]]
// CHECK-NEXT: return %[[Y]]
func.func @grouped_conv_transpose_bn(%x: tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<[0.5, 1.5, 2.5, 3.5]> : tensor<4xf32>
  // expected-warning @+1 {{not folding batch_norm into a grouped conv_transpose}}
  %c = qnn.conv_transpose2d %x, %w {name = "up", groups = 2 : i64} : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x2x2xf32>
  %y = qnn.batch_norm %c, %p, %p {name = "bn"} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}
