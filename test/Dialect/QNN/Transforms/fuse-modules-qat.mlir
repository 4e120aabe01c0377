// RUN: qnn-opt %s -split-input-file --qnn-fuse-modules=qat=true | FileCheck %s

// QAT fuse_modules: conv + bn (+ relu) becomes qnn.conv_bnNd, keeping the BN
// parameters unfolded (torch.ao.nn.intrinsic.ConvBnNd / ConvBnReLUNd), with
// the conv's name, qconfig and conv attributes and the BN's eps and
// momentum. The BN parameters need not be constants.

// CHECK-LABEL: func.func @conv1d_bn
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x5xf32>, %[[W:[^:]+]]: tensor<3x2x2xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[M:[^:]+]]: tensor<3xf32>, %[[V:[^:]+]]: tensor<3xf32>, %[[G:[^:]+]]: tensor<3xf32>, %[[BB:[^:]+]]: tensor<3xf32>)
// CHECK-NEXT: %[[C:.+]] = qnn.conv_bn1d %[[X]], %[[W]], bias %[[B]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {eps = 1.000000e-03 : f64, momentum = 2.000000e-01 : f64, name = "features.0", padding = array<i64: 1>, qconfig = #qnn.qconfig<fbgemm_qat>, stride = array<i64: 2>} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @conv1d_bn(%x: tensor<1x2x5xf32>, %w: tensor<3x2x2xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>, %g: tensor<3xf32>, %bb: tensor<3xf32>) -> tensor<1x3x3xf32> {
  %c = qnn.conv1d %x, %w, %b {name = "features.0", padding = array<i64: 1>, stride = array<i64: 2>, qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>, tensor<3xf32>) -> tensor<1x3x3xf32>
  %y = qnn.batch_norm %c, %m, %v, weight %g, bias %bb {name = "features.1", eps = 1.0e-3, momentum = 0.2} : (tensor<1x3x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3xf32>
  return %y : tensor<1x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_bn_no_bias
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x4x4xf32>, %[[W:[^:]+]]: tensor<4x2x3x3xf32>, %[[M:[^:]+]]: tensor<4xf32>, %[[V:[^:]+]]: tensor<4xf32>, %[[G:[^:]+]]: tensor<4xf32>, %[[BB:[^:]+]]: tensor<4xf32>)
// CHECK-NEXT: %[[C:.+]] = qnn.conv_bn2d %[[X]], %[[W]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {dilation = array<i64: 2, 2>, groups = 2 : i64, name = "conv", padding = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @conv2d_bn_no_bias(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  %c = qnn.conv2d %x, %w {name = "conv", groups = 2 : i64, dilation = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x2x2xf32>
  %y = qnn.batch_norm %c, %m, %v, weight %g, bias %bb {name = "bn"} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @conv3d_bn
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x1x2x2x2xf32>, %[[W:[^:]+]]: tensor<2x1x1x1x1xf32>, %[[B:[^:]+]]: tensor<2xf32>, %[[P:[^:]+]]: tensor<2xf32>)
// CHECK-NEXT: %[[C:.+]] = qnn.conv_bn3d %[[X]], %[[W]], bias %[[B]], bn(%[[P]], %[[B]], %[[B]], %[[P]]) {name = "c3"} : (tensor<1x1x2x2x2xf32>, tensor<2x1x1x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @conv3d_bn(%x: tensor<1x1x2x2x2xf32>, %w: tensor<2x1x1x1x1xf32>, %b: tensor<2xf32>, %p: tensor<2xf32>) -> tensor<1x2x2x2x2xf32> {
  %c = qnn.conv3d %x, %w, %b {name = "c3"} : (tensor<1x1x2x2x2xf32>, tensor<2x1x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  %y = qnn.batch_norm %c, %b, %p, weight %p, bias %b {name = "bn3"} : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %y : tensor<1x2x2x2x2xf32>
}

// -----

// Conv2d + BatchNorm2d + ReLU: ConvBnReLU2d, with constant parameters left
// untouched (no folding in QAT mode).
// CHECK-LABEL: func.func @conv2d_bn_relu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3x3xf32>)
// CHECK-NEXT: %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01]], {{\[\[}}1.500000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[1.000000e-01, -2.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[M:.+]] = arith.constant dense<[2.000000e-01, 1.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[V:.+]] = arith.constant dense<[1.500000e+00, 5.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[G:.+]] = arith.constant dense<[7.500000e-01, 1.250000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[BB:.+]] = arith.constant dense<[-5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.conv_bn2d %[[X]], %[[W]], bias %[[B]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {fused_relu, name = "layer1.0.conv1", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NEXT: return %[[C]]
func.func @conv2d_bn_relu(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[0.5]], [[1.5]]], [[[-1.0]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %m = arith.constant dense<[0.2, 0.1]> : tensor<2xf32>
  %v = arith.constant dense<[1.5, 0.5]> : tensor<2xf32>
  %g = arith.constant dense<[0.75, 1.25]> : tensor<2xf32>
  %bb = arith.constant dense<[-0.5, 0.25]> : tensor<2xf32>
  %c = qnn.conv2d %x, %w, %b {name = "layer1.0.conv1", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %m, %v, weight %g, bias %bb {name = "layer1.0.bn1"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %y {name = "layer1.0.relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %r : tensor<1x2x3x3xf32>
}

// -----

// The BN result has another use: conv + bn still become conv_bn2d, the ReLU
// stays separate.
// CHECK-LABEL: func.func @conv_bn_multi_use_relu
// CHECK-NEXT: %[[C:.+]] = qnn.conv_bn2d {{.+}} {name = "conv"}
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[C]] {name = "relu"}
// CHECK-NEXT: return %[[C]], %[[R]]
func.func @conv_bn_multi_use_relu(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %p, %p, weight %p, bias %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  return %y, %r : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// The conv result has another use: nothing is fused.
// CHECK-LABEL: func.func @conv_multi_use
// CHECK-NEXT: %[[C:.+]] = qnn.conv2d {{.+}} {name = "conv"}
// CHECK-NEXT: %[[Y:.+]] = qnn.batch_norm %[[C]], {{.+}} {name = "bn"}
// CHECK-NEXT: return %[[C]], %[[Y]]
func.func @conv_multi_use(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %c, %p, %p, weight %p, bias %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %c, %y : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// The fusions without BatchNorm are the same in QAT mode: ConvReLU2d,
// LinearReLU and BNReLU2d.
// CHECK-LABEL: func.func @relu_fusions
// CHECK-NEXT: %[[C:.+]] = qnn.conv2d {{.+}} {fused_relu, name = "conv"}
// CHECK-NEXT: %[[B:.+]] = qnn.batch_norm %[[C]], {{.+}} {fused_relu, name = "bn"}
// CHECK-NEXT: %[[L:.+]] = qnn.linear {{.+}} {fused_relu, name = "fc"}
// CHECK-NEXT: return %[[B]], %[[L]]
func.func @relu_fusions(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>, %xl: tensor<2x4xf32>, %wl: tensor<3x4xf32>) -> (tensor<1x2x3x3xf32>, tensor<2x3xf32>) {
  %c = qnn.conv2d %x, %w {name = "conv"} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %c {name = "relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %y = qnn.batch_norm %r, %p, %p {name = "bn"} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r2 = qnn.relu %y {name = "relu2"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %l = qnn.linear %xl, %wl {name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %r3 = qnn.relu %l {name = "relu3"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %r2, %r3 : tensor<1x2x3x3xf32>, tensor<2x3xf32>
}

// -----

// Linear + BatchNorm1d over (N, features): nni.LinearBn1d becomes
// qnn.linear_bn with the linear's name and qconfig and the BN's eps and
// momentum; a following relu stays separate (PyTorch has no LinearBnReLU).
// CHECK-LABEL: func.func @linear_bn
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[W:[^:]+]]: tensor<3x4xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[M:[^:]+]]: tensor<3xf32>, %[[V:[^:]+]]: tensor<3xf32>, %[[G:[^:]+]]: tensor<3xf32>, %[[BB:[^:]+]]: tensor<3xf32>)
// CHECK-NEXT: %[[L:.+]] = qnn.linear_bn %[[X]], %[[W]], bias %[[B]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {eps = 1.000000e-03 : f64, momentum = 2.000000e-01 : f64, name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[L]] {name = "relu"}
// CHECK-NEXT: return %[[R]]
func.func @linear_bn(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>, %g: tensor<3xf32>, %bb: tensor<3xf32>) -> tensor<2x3xf32> {
  %l = qnn.linear %x, %w, %b {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %y = qnn.batch_norm %l, %m, %v, weight %g, bias %bb {name = "bn", eps = 1.0e-3, momentum = 0.2} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %r = qnn.relu %y {name = "relu"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
