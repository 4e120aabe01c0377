// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of the QAT forms: qnn.linear_bn (float and with its weight
// fake-quant) and a fixed-qparams fake-quant (FixedQParamsFakeQuantize).

// CHECK-LABEL: func.func @linear_bn
// CHECK: qnn.linear_bn %{{.+}}, %{{.+}}, bias %{{.+}}, bn(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) {eps = 1.000000e-03 : f64, freeze_bn, name = "fc"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: qnn.linear_bn %{{.+}}, %{{.+}}, bn(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) {name = "fc2"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @linear_bn(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %y = qnn.linear_bn %x, %w, bias %p, bn(%p, %p, %p, %p) {name = "fc", eps = 1.0e-3, freeze_bn} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %wf = qnn.fake_quant %w {name = "fc2.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<3x4xf32>
  %z = qnn.linear_bn %x, %wf, bn(%p, %p, %p, %p) {name = "fc2"} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y, %z : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @fixed_qparams
// CHECK: qnn.fake_quant %{{.+}} {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 3.906250e-03>, zero_point = array<i64: 0>} : tensor<4xf32>
// CHECK: qnn.fake_quant %{{.+}} {name = "tanh", observer = #qnn.observer<fixed_qparams, dtype = qint8, quant_min = -128, quant_max = 127>, observer_enabled = false, scale = array<f32: 7.812500e-03>, zero_point = array<i64: 0>} : tensor<4xf32>
func.func @fixed_qparams(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %a = qnn.fake_quant %x {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 0.00390625>, zero_point = array<i64: 0>} : tensor<4xf32>
  %b = qnn.fake_quant %x {name = "tanh", observer = #qnn.observer<fixed_qparams, dtype = qint8, quant_min = -128, quant_max = 127>, observer_enabled = false, scale = array<f32: 0.0078125>, zero_point = array<i64: 0>} : tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
