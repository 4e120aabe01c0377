// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of the activation ops on float and quantized tensors.

// CHECK-LABEL: func.func @activations_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4xf32>)
// CHECK:      %[[R:.+]] = qnn.relu %[[X]] {name = "relu"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[R6:.+]] = qnn.relu6 %[[R]] {name = "relu6", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[HS:.+]] = qnn.hardswish %[[R6]] {name = "hswish"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[HG:.+]] = qnn.hardsigmoid %[[HS]] {name = "hsigmoid"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[SG:.+]] = qnn.sigmoid %[[HG]] {name = "sigmoid"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[TH:.+]] = qnn.tanh %[[SG]] {name = "tanh"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: return %[[TH]]
func.func @activations_float(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.relu %x {name = "relu"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %1 = qnn.relu6 %0 {name = "relu6", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %2 = qnn.hardswish %1 {name = "hswish"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %3 = qnn.hardsigmoid %2 {name = "hsigmoid"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %4 = qnn.sigmoid %3 {name = "sigmoid"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  %5 = qnn.tanh %4 {name = "tanh"} : tensor<1x8x4x4xf32> -> tensor<1x8x4x4xf32>
  return %5 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @activations_with_params_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x10xf32>)
// Default alpha, negative_slope and p are not printed.
// CHECK:      %[[E0:.+]] = qnn.elu %[[X]] {name = "elu"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[E1:.+]] = qnn.elu %[[E0]] {alpha = 5.000000e-01 : f64, name = "elu_a"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[L0:.+]] = qnn.leaky_relu %[[E1]] {name = "lrelu"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[L1:.+]] = qnn.leaky_relu %[[L0]] {name = "lrelu_s", negative_slope = 2.000000e-01 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[S0:.+]] = qnn.softmax %[[L1]] {dim = -1 : i64, name = "sm"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[S1:.+]] = qnn.softmax %[[S0]] {dim = 0 : i64, name = "sm0"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[D0:.+]] = qnn.dropout %[[S1]] {name = "drop"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[D1:.+]] = qnn.dropout %[[D0]] {name = "drop_p", p = 1.000000e-01 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[D2:.+]] = qnn.dropout %[[D1]] {name = "drop_1", p = 1.000000e+00 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: return %[[D2]]
func.func @activations_with_params_float(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = qnn.elu %x {name = "elu", alpha = 1.0} : tensor<2x10xf32> -> tensor<2x10xf32>
  %1 = qnn.elu %0 {name = "elu_a", alpha = 0.5} : tensor<2x10xf32> -> tensor<2x10xf32>
  %2 = qnn.leaky_relu %1 {name = "lrelu", negative_slope = 0.01} : tensor<2x10xf32> -> tensor<2x10xf32>
  %3 = qnn.leaky_relu %2 {name = "lrelu_s", negative_slope = 0.2} : tensor<2x10xf32> -> tensor<2x10xf32>
  %4 = qnn.softmax %3 {name = "sm", dim = -1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  %5 = qnn.softmax %4 {name = "sm0", dim = 0 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  %6 = qnn.dropout %5 {name = "drop", p = 0.5} : tensor<2x10xf32> -> tensor<2x10xf32>
  %7 = qnn.dropout %6 {name = "drop_p", p = 0.1} : tensor<2x10xf32> -> tensor<2x10xf32>
  %8 = qnn.dropout %7 {name = "drop_1", p = 1.0} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %8 : tensor<2x10xf32>
}

// CHECK-LABEL: func.func @activations_dynamic_f16
// CHECK: qnn.relu %{{.+}} {name = "relu"} : tensor<?x?xf16> -> tensor<?x?xf16>
// CHECK: qnn.softmax %{{.+}} {dim = 1 : i64, name = "sm"} : tensor<?x?xf16> -> tensor<?x?xf16>
func.func @activations_dynamic_f16(%x: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %0 = qnn.relu %x {name = "relu"} : tensor<?x?xf16> -> tensor<?x?xf16>
  %1 = qnn.softmax %0 {name = "sm", dim = 1 : i64} : tensor<?x?xf16> -> tensor<?x?xf16>
  return %1 : tensor<?x?xf16>
}

// CHECK-LABEL: func.func @prelu_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4xf32>, %[[A:[^:]+]]: tensor<8xf32>, %[[A1:[^:]+]]: tensor<1xf32>)
// CHECK:      %[[P0:.+]] = qnn.prelu %[[X]], %[[A]] {name = "prelu"} : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[P1:.+]] = qnn.prelu %[[P0]], %[[A1]] {name = "prelu_shared"} : (tensor<1x8x4x4xf32>, tensor<1xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: return %[[P1]]
func.func @prelu_float(%x: tensor<1x8x4x4xf32>, %a: tensor<8xf32>, %a1: tensor<1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.prelu %x, %a {name = "prelu"} : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %1 = qnn.prelu %0, %a1 {name = "prelu_shared"} : (tensor<1x8x4x4xf32>, tensor<1xf32>) -> tensor<1x8x4x4xf32>
  return %1 : tensor<1x8x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Quantized forms
//===----------------------------------------------------------------------===//

// relu, relu6 and dropout keep the input's qparams.
// CHECK-LABEL: func.func @activations_quantized_same_qparams
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK:      %[[R:.+]] = qnn.relu %[[X]] {name = "relu"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK-NEXT: %[[R6:.+]] = qnn.relu6 %[[R]] {name = "relu6"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK-NEXT: %[[D:.+]] = qnn.dropout %[[R6]] {name = "drop", p = 2.000000e-01 : f64} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK-NEXT: return %[[D]]
func.func @activations_quantized_same_qparams(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>)
    -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.relu %x {name = "relu"}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>
  %1 = qnn.relu6 %0 {name = "relu6"}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>
  %2 = qnn.dropout %1 {name = "drop", p = 0.2}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>
  return %2 : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>
}

// The other activations produce their own qparams (PyTorch's fixed output
// qparams for sigmoid, tanh, hardsigmoid and softmax).
// CHECK-LABEL: func.func @activations_quantized_new_qparams
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK:      qnn.hardswish %[[X]] {name = "hswish"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 3.000000e-02:12>>
// CHECK-NEXT: qnn.hardsigmoid %[[X]] {name = "hsigmoid"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT: qnn.sigmoid %[[X]] {name = "sigmoid"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT: qnn.tanh %[[X]] {name = "tanh"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 7.812500e-03:128>>
// CHECK-NEXT: qnn.elu %[[X]] {alpha = 1.500000e+00 : f64, name = "elu"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 4.000000e-02:100>>
// CHECK-NEXT: qnn.leaky_relu %[[X]] {name = "lrelu", negative_slope = 1.000000e-01 : f64} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:20>>
// CHECK-NEXT: qnn.softmax %[[X]] {dim = 1 : i64, name = "sm"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 3.906250e-03>>
func.func @activations_quantized_new_qparams(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>)
    -> (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:12>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.0078125:128>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:100>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:20>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>) {
  %0 = qnn.hardswish %x {name = "hswish"}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:12>>
  %1 = qnn.hardsigmoid %x {name = "hsigmoid"}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>
  %2 = qnn.sigmoid %x {name = "sigmoid"}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>
  %3 = qnn.tanh %x {name = "tanh"}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.0078125:128>>
  %4 = qnn.elu %x {name = "elu", alpha = 1.5}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:100>>
  %5 = qnn.leaky_relu %x {name = "lrelu", negative_slope = 0.1}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:20>>
  %6 = qnn.softmax %x {name = "sm", dim = 1 : i64}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:12>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.0078125:128>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:100>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:20>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.00390625>>
}

// qint8 activations.
// CHECK-LABEL: func.func @activations_quantized_qint8
// CHECK: qnn.relu %{{.+}} {name = "relu"} : tensor<4x16x!quant.uniform<i8:f32, 1.000000e-01:-10>> -> tensor<4x16x!quant.uniform<i8:f32, 1.000000e-01:-10>>
// CHECK: qnn.tanh %{{.+}} {name = "tanh"} : tensor<4x16x!quant.uniform<i8:f32, 1.000000e-01:-10>> -> tensor<4x16x!quant.uniform<i8:f32, 7.812500e-03>>
func.func @activations_quantized_qint8(%x: tensor<4x16x!quant.uniform<i8:f32, 0.1:-10>>)
    -> tensor<4x16x!quant.uniform<i8:f32, 0.0078125>> {
  %0 = qnn.relu %x {name = "relu"}
      : tensor<4x16x!quant.uniform<i8:f32, 0.1:-10>> -> tensor<4x16x!quant.uniform<i8:f32, 0.1:-10>>
  %1 = qnn.tanh %0 {name = "tanh"}
      : tensor<4x16x!quant.uniform<i8:f32, 0.1:-10>> -> tensor<4x16x!quant.uniform<i8:f32, 0.0078125>>
  return %1 : tensor<4x16x!quant.uniform<i8:f32, 0.0078125>>
}

// Quantized PReLU has a quantized weight.
// CHECK-LABEL: func.func @prelu_quantized
// CHECK: qnn.prelu %{{.+}}, %{{.+}} {name = "prelu"} : (tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8x!quant.uniform<i8:f32, 1.000000e-02>>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 4.000000e-02:110>>
// CHECK: qnn.prelu %{{.+}}, %{{.+}} {name = "prelu_shared"} : (tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x!quant.uniform<u8:f32, 1.000000e-02:3>>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 4.000000e-02:110>>
func.func @prelu_quantized(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>,
                           %a: tensor<8x!quant.uniform<i8:f32, 0.01>>,
                           %a1: tensor<1x!quant.uniform<u8:f32, 0.01:3>>)
    -> (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:110>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:110>>) {
  %0 = qnn.prelu %x, %a {name = "prelu"}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<8x!quant.uniform<i8:f32, 0.01>>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:110>>
  %1 = qnn.prelu %x, %a1 {name = "prelu_shared"}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x!quant.uniform<u8:f32, 0.01:3>>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:110>>
  return %0, %1 : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:110>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:110>>
}

// hardtanh, gelu, silu (float), and hardtanh/gelu on quantized tensors.

// CHECK-LABEL: func.func @hardtanh_gelu_silu
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x10xf32>, %[[Q:[^:]+]]: tensor<2x10x!quant.uniform<u8:f32, 5.000000e-02:100>>)
// CHECK:      %[[H:.+]] = qnn.hardtanh %[[X]] {max_val = 2.000000e+00 : f64, min_val = -5.000000e-01 : f64, name = "clip"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[HI:.+]] = qnn.hardtanh %[[H]] {max_val = 0x7FF0000000000000 : f64, min_val = 2.500000e-01 : f64, name = "clamp_min"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[G:.+]] = qnn.gelu %[[HI]] {name = "gelu"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[GT:.+]] = qnn.gelu %[[G]] {approximate = "tanh", name = "gelu_tanh"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[S:.+]] = qnn.silu %[[GT]] {name = "silu"} : tensor<2x10xf32> -> tensor<2x10xf32>
// CHECK-NEXT: %[[QH:.+]] = qnn.hardtanh %[[Q]] {name = "qclip"} : tensor<2x10x!quant.uniform<u8:f32, 5.000000e-02:100>> -> tensor<2x10x!quant.uniform<u8:f32, 5.000000e-02:100>>
// CHECK-NEXT: %[[QG:.+]] = qnn.gelu %[[QH]] {name = "qgelu"} : tensor<2x10x!quant.uniform<u8:f32, 5.000000e-02:100>> -> tensor<2x10x!quant.uniform<u8:f32, 0.05000000074505806:100>>
// CHECK-NEXT: return %[[S]], %[[QG]]
func.func @hardtanh_gelu_silu(%x: tensor<2x10xf32>, %q: tensor<2x10x!quant.uniform<u8:f32, 0.05:100>>)
    -> (tensor<2x10xf32>, tensor<2x10x!quant.uniform<u8:f32, 0.050000000745058059:100>>) {
  %0 = qnn.hardtanh %x {name = "clip", min_val = -0.5 : f64, max_val = 2.0 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
  %1 = qnn.hardtanh %0 {name = "clamp_min", min_val = 0.25 : f64, max_val = 0x7FF0000000000000 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
  %2 = qnn.gelu %1 {name = "gelu", approximate = "none"} : tensor<2x10xf32> -> tensor<2x10xf32>
  %3 = qnn.gelu %2 {name = "gelu_tanh", approximate = "tanh"} : tensor<2x10xf32> -> tensor<2x10xf32>
  %4 = qnn.silu %3 {name = "silu"} : tensor<2x10xf32> -> tensor<2x10xf32>
  %5 = qnn.hardtanh %q {name = "qclip"} : tensor<2x10x!quant.uniform<u8:f32, 0.05:100>> -> tensor<2x10x!quant.uniform<u8:f32, 0.05:100>>
  %6 = qnn.gelu %5 {name = "qgelu"} : tensor<2x10x!quant.uniform<u8:f32, 0.05:100>> -> tensor<2x10x!quant.uniform<u8:f32, 0.050000000745058059:100>>
  return %4, %6 : tensor<2x10xf32>, tensor<2x10x!quant.uniform<u8:f32, 0.050000000745058059:100>>
}
