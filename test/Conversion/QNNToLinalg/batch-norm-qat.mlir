// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// QAT conv_bn / linear_bn (weight produced by its weight fake-quant):
// torch's _forward_approximate. s = bn_weight / sqrt(var + eps); the
// fake-quant applies to w * s; the convolution/linear runs without bias;
// the epilogue divides by s, adds the bias, then BatchNorm's
// x * alpha + beta and the ReLU, one float32 rounding per torch op.

// CHECK-LABEL: func.func @conv_bn_qat
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x1x1x2xf32>, %[[W:[^:]+]]: tensor<1x1x1x1xf32>, %[[B:[^:]+]]: tensor<1xf32>, %[[G:[^:]+]]: tensor<1xf32>, %[[BB:[^:]+]]: tensor<1xf32>, %[[M:[^:]+]]: tensor<1xf32>, %[[V:[^:]+]]: tensor<1xf32>)
// CHECK: %[[S:.+]] = linalg.generic {{.+}} ins(%[[V]], %[[G]] :
// CHECK-NEXT: ^bb0(%[[VV:.+]]: f32, %[[GG:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[EPS:.+]] = arith.constant 9.99999974E-6 : f32
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[VV]], %[[EPS]]
// CHECK-NEXT: %[[STD:.+]] = math.sqrt %[[SUM]]
// CHECK-NEXT: %[[SF:.+]] = arith.divf %[[GG]], %[[STD]]
// CHECK-NEXT: linalg.yield %[[SF]]
// CHECK: %[[SW:.+]] = linalg.generic {{.+}} ins(%[[W]], %[[S]] :
// CHECK: arith.mulf
// CHECK: %[[FQ:.+]] = linalg.generic {{.+}} ins(%[[SW]] :
// CHECK: math.roundeven
// CHECK: %[[CONV:.+]] = linalg.conv_2d_nchw_fchw {{.+}} ins(%[[X]], %[[FQ]] :
// CHECK: linalg.generic {{.+}} ins(%[[CONV]], %[[ALPHA:[^,]+]], %[[BETA:[^,]+]], %[[S]], %[[B]] :
// CHECK-NEXT: ^bb0(%[[A:[^:]+]]: f32, %[[AL:[^:]+]]: f32, %[[BE:[^:]+]]: f32, %[[SS:[^:]+]]: f32, %[[BI:[^:]+]]: f32,
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[A]], %[[SS]]
// CHECK-NEXT: %[[DB:.+]] = arith.addf %[[D]], %[[BI]]
// CHECK-NEXT: %[[N:.+]] = arith.mulf %[[DB]], %[[AL]]
// CHECK-NEXT: %[[NB:.+]] = arith.addf %[[N]], %[[BE]]
// CHECK: arith.maximumf %[[NB]]
func.func @conv_bn_qat(%x: tensor<1x1x1x2xf32>, %w: tensor<1x1x1x1xf32>, %b: tensor<1xf32>, %g: tensor<1xf32>, %bb: tensor<1xf32>, %m: tensor<1xf32>, %v: tensor<1xf32>) -> tensor<1x1x1x2xf32> {
  %wf = qnn.fake_quant %w {observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>, scale = array<f32: 0.25>, zero_point = array<i64: 0>} : tensor<1x1x1x1xf32>
  %y = qnn.conv_bn2d %x, %wf, bias %b, bn(%g, %bb, %m, %v) {fused_relu} : (tensor<1x1x1x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}

// -----

// Float conv_bn (nni.ConvBn2d, no weight fake-quant): conv, then BatchNorm;
// no BN scaling of the weight.
// CHECK-LABEL: func.func @conv_bn_float
// CHECK-NOT: math.roundeven
// CHECK: %[[CONV:.+]] = linalg.conv_2d_nchw_fchw
// CHECK: linalg.generic {{.+}} ins(%[[CONV]], %{{[^,]+}}, %{{[^ ]+}} :
// CHECK-NEXT: ^bb0(%[[A:[^:]+]]: f32, %[[AL:[^:]+]]: f32, %[[BE:[^:]+]]: f32,
// CHECK-NEXT: %[[N:.+]] = arith.mulf %[[A]], %[[AL]]
// CHECK-NEXT: %[[NB:.+]] = arith.addf %[[N]], %[[BE]]
// CHECK-NEXT: linalg.yield %[[NB]]
func.func @conv_bn_float(%x: tensor<1x1x1x2xf32>, %w: tensor<1x1x1x1xf32>, %p: tensor<1xf32>) -> tensor<1x1x1x2xf32> {
  %y = qnn.conv_bn2d %x, %w, bn(%p, %p, %p, %p) : (tensor<1x1x1x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}

// -----

// QAT linear_bn: the same over the matmul, channel dimension 1.
// CHECK-LABEL: func.func @linear_bn_qat
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3xf32>, %[[W:[^:]+]]: tensor<4x3xf32>,
// CHECK: math.sqrt
// CHECK: %[[SW:.+]] = linalg.generic {{.+}} ins(%[[W]], %{{[^ ]+}} :
// CHECK: %[[FQ:.+]] = linalg.generic {{.+}} ins(%[[SW]], %{{.+}} : tensor<4x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>)
// CHECK: math.roundeven
// CHECK: %[[MM:.+]] = linalg.generic {{.+}} ins(%[[X]], %[[FQ]] :
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic {{.+}} ins(%[[MM]], %{{[^,]+}}, %{{[^,]+}}, %{{[^ ]+}} :
// CHECK-NEXT: ^bb0(%[[A:[^:]+]]: f32, %[[AL:[^:]+]]: f32, %[[BE:[^:]+]]: f32, %[[SS:[^:]+]]: f32,
// CHECK-NEXT: %[[D:.+]] = arith.divf %[[A]], %[[SS]]
// CHECK-NEXT: %[[N:.+]] = arith.mulf %[[D]], %[[AL]]
// CHECK-NEXT: %[[NB:.+]] = arith.addf %[[N]], %[[BE]]
// CHECK-NEXT: linalg.yield %[[NB]]
func.func @linear_bn_qat(%x: tensor<2x3xf32>, %w: tensor<4x3xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  %wf = qnn.fake_quant %w {observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>, scale = array<f32: 0.25, 0.5, 0.25, 0.125>, zero_point = array<i64: 0, 0, 0, 0>} : tensor<4x3xf32>
  %y = qnn.linear_bn %x, %wf, bn(%p, %p, %p, %p) : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
