// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-convert | FileCheck %s

// convert of the QAT forms: linear_bn folds its BN into the linear
// (LinearBn1d.to_float, fuse_linear_bn_weights: s = g / sqrt(v + eps),
// w' = w * s, b' = (b - m) * s + bb) and quantizes the folded weight with
// its fake-quant's state (nnq.Linear.from_float); a fixed-qparams
// fake-quant is dropped after sigmoid, whose quantized kernel has the same
// fixed output qparams.

// CHECK-LABEL: func.func @linear_bn
// CHECK: %[[Q:.+]] = qnn.quantize %{{.+}} : tensor<1x2xf32> -> tensor<1x2x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT: arith.constant dense<{{\[\[}}1.15469861, -2.30939722], [4.999900e-01, 3.999920e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: %[[B:.+]] = arith.constant dense<[-0.327349305, -2.500000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[W:.+]] = qnn.qconstant dense<{{\[\[}}37, -74], [16, 127]]> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 0.031372550874948502>>
// CHECK-NEXT: %[[L:.+]] = qnn.linear %[[Q]], %[[W]], %[[B]] {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : {{.+}} -> tensor<1x2x!quant.uniform<u8:f32, 0.031372550874948502:127>>
// CHECK-NEXT: %[[S:.+]] = qnn.sigmoid %[[L]] {{.+}} -> tensor<1x2x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT: %[[D:.+]] = qnn.dequantize %[[S]]
// CHECK-NEXT: return %[[D]]
func.func @linear_bn(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, -2.0], [0.5, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %g = arith.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %bb = arith.constant dense<[0.25, -0.25]> : tensor<2xf32>
  %m = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %v = arith.constant dense<[3.0, 0.25]> : tensor<2xf32>
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<1x2xf32> -> tensor<1x2xf32>
  %qf = qnn.fake_quant %q {name = "quant", observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2xf32>
  %wf = qnn.fake_quant %w {name = "fc.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>, observer_enabled = false, min_val = array<f32: -2.0>, max_val = array<f32: 4.0>, scale = array<f32: 0.03125>, zero_point = array<i64: 0>} : tensor<2x2xf32>
  %l = qnn.linear_bn %qf, %wf, bias %b, bn(%g, %bb, %m, %v) {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %lf = qnn.fake_quant %l {name = "fc", observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: -4.0>, max_val = array<f32: 4.0>} : tensor<1x2xf32>
  %s = qnn.sigmoid %lf {name = "sig", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<1x2xf32> -> tensor<1x2xf32>
  %sf = qnn.fake_quant %s {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 0.00390625>, zero_point = array<i64: 0>} : tensor<1x2xf32>
  %d = qnn.dequant_stub %sf {name = "dequant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<1x2xf32> -> tensor<1x2xf32>
  return %d : tensor<1x2xf32>
}

// -----

func.func @linear_bn_not_constant(%x: tensor<1x2xf32>, %w: tensor<2x2xf32>, %p: tensor<2xf32>) -> tensor<1x2xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<1x2xf32> -> tensor<1x2xf32>
  %qf = qnn.fake_quant %q {name = "quant", observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2xf32>
  // expected-error @+1 {{cannot fold linear_bn for convert: its weight, bias and BN parameters must be f32 constants}}
  %l = qnn.linear_bn %qf, %w, bn(%p, %p, %p, %p) {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %lf = qnn.fake_quant %l {name = "fc", observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: -4.0>, max_val = array<f32: 4.0>} : tensor<1x2xf32>
  return %lf : tensor<1x2xf32>
}
