// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of the eager-mode workflow ops: stubs, observers, fake-quant,
// (de/re)quantize and quantized constants. The custom printer emits the
// attribute dictionary in alphabetical order.

//===----------------------------------------------------------------------===//
// quant_stub / dequant_stub
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @stubs
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x8x8xf32>)
// CHECK:      %[[Q:.+]] = qnn.quant_stub %[[X]] {name = "quant"} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
// CHECK-NEXT: %[[Q2:.+]] = qnn.quant_stub %[[Q]] {name = "sub.quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
// CHECK-NEXT: %[[D:.+]] = qnn.dequant_stub %[[Q2]] {name = "dequant"} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
// CHECK-NEXT: %[[D2:.+]] = qnn.dequant_stub %[[D]] {qconfig = #qnn.qconfig<none>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
// An empty module path is the default and is not printed.
// CHECK-NEXT: %[[D3:.+]] = qnn.dequant_stub %[[D2]] : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
// CHECK-NEXT: return %[[D3]]
func.func @stubs(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32> {
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %1 = qnn.quant_stub %0 {name = "sub.quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %3 = qnn.dequant_stub %2 {qconfig = #qnn.qconfig<none>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  %4 = qnn.dequant_stub %3 {name = ""} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  return %4 : tensor<1x3x8x8xf32>
}

// CHECK-LABEL: func.func @stubs_dynamic_f16
// CHECK: qnn.quant_stub %{{.+}} {name = "quant"} : tensor<?x16xf16> -> tensor<?x16xf16>
// CHECK: qnn.dequant_stub %{{.+}} {name = "dequant"} : tensor<?x16xf16> -> tensor<?x16xf16>
func.func @stubs_dynamic_f16(%x: tensor<?x16xf16>) -> tensor<?x16xf16> {
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<?x16xf16> -> tensor<?x16xf16>
  %1 = qnn.dequant_stub %0 {name = "dequant"} : tensor<?x16xf16> -> tensor<?x16xf16>
  return %1 : tensor<?x16xf16>
}

//===----------------------------------------------------------------------===//
// observe: every observer kind, with and without statistics
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @observe_no_statistics
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK:      %[[A:.+]] = qnn.observe %[[X]] {name = "a", observer = #qnn.observer<minmax>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[B:.+]] = qnn.observe %[[A]] {name = "b", observer = #qnn.observer<moving_average_minmax>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.observe %[[B]] {name = "c", observer = #qnn.observer<per_channel_minmax, ch_axis = 1>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[D:.+]] = qnn.observe %[[C]] {name = "d", observer = #qnn.observer<moving_average_per_channel_minmax, ch_axis = 2>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[E:.+]] = qnn.observe %[[D]] {name = "e", observer = #qnn.observer<histogram>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[F:.+]] = qnn.observe %[[E]] {name = "f", observer = #qnn.observer<noop>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[G:.+]] = qnn.observe %[[F]] {name = "g", observer = #qnn.observer<placeholder, dtype = quint8, is_dynamic = true>} : tensor<2x3x4xf32>
// CHECK-NEXT: %[[H:.+]] = qnn.observe %[[G]] {observer = #qnn.observer<minmax>} : tensor<2x3x4xf32>
// CHECK-NEXT: return %[[H]]
func.func @observe_no_statistics(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, name = "a"} : tensor<2x3x4xf32>
  %1 = qnn.observe %0 {observer = #qnn.observer<moving_average_minmax>, name = "b"} : tensor<2x3x4xf32>
  %2 = qnn.observe %1 {observer = #qnn.observer<per_channel_minmax, ch_axis = 1>, name = "c"} : tensor<2x3x4xf32>
  %3 = qnn.observe %2 {observer = #qnn.observer<moving_average_per_channel_minmax, ch_axis = 2>, name = "d"} : tensor<2x3x4xf32>
  %4 = qnn.observe %3 {observer = #qnn.observer<histogram>, name = "e"} : tensor<2x3x4xf32>
  %5 = qnn.observe %4 {observer = #qnn.observer<noop>, name = "f"} : tensor<2x3x4xf32>
  %6 = qnn.observe %5 {observer = #qnn.observer<placeholder, dtype = quint8, is_dynamic = true>, name = "g"} : tensor<2x3x4xf32>
  %7 = qnn.observe %6 {observer = #qnn.observer<minmax>} : tensor<2x3x4xf32>
  return %7 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @observe_per_tensor_statistics
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 2.500000e+00>, min_val = array<f32: -1.000000e+00>, name = "conv1", observer = #qnn.observer<minmax>} : tensor<1x8x4x4xf32>
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 6.000000e+00>, min_val = array<f32: 0.000000e+00>, name = "relu", observer = #qnn.observer<moving_average_minmax, reduce_range = true>} : tensor<1x8x4x4xf32>
// min_val == max_val (a constant tensor) is valid.
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 1.000000e+00>, min_val = array<f32: 1.000000e+00>, observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<1x8x4x4xf32>
func.func @observe_per_tensor_statistics(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, name = "conv1",
                       min_val = array<f32: -1.0>, max_val = array<f32: 2.5>} : tensor<1x8x4x4xf32>
  %1 = qnn.observe %0 {observer = #qnn.observer<moving_average_minmax, reduce_range = true>, name = "relu",
                       min_val = array<f32: 0.0>, max_val = array<f32: 6.0>} : tensor<1x8x4x4xf32>
  %2 = qnn.observe %1 {observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>,
                       min_val = array<f32: 1.0>, max_val = array<f32: 1.0>} : tensor<1x8x4x4xf32>
  return %2 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @observe_per_channel_statistics
// One value per channel along ch_axis (default 0, negative counts from the end).
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 1.000000e+00, 2.000000e+00, 5.000000e-01, 4.000000e+00>, min_val = array<f32: -1.000000e+00, -2.000000e+00, 0.000000e+00, -4.000000e+00>, name = "conv.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>} : tensor<4x3x2x2xf32>
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 1.000000e+00, 2.000000e+00, 3.000000e+00>, min_val = array<f32: 0.000000e+00, 0.000000e+00, 0.000000e+00>, observer = #qnn.observer<moving_average_per_channel_minmax, ch_axis = 1>} : tensor<4x3x2x2xf32>
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 1.000000e+00, 2.000000e+00>, min_val = array<f32: -1.000000e+00, -2.000000e+00>, observer = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine_float_qparams, ch_axis = -1>} : tensor<4x3x2x2xf32>
func.func @observe_per_channel_statistics(%w: tensor<4x3x2x2xf32>) -> tensor<4x3x2x2xf32> {
  %0 = qnn.observe %w {observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>,
                       name = "conv.weight",
                       min_val = array<f32: -1.0, -2.0, 0.0, -4.0>,
                       max_val = array<f32: 1.0, 2.0, 0.5, 4.0>} : tensor<4x3x2x2xf32>
  %1 = qnn.observe %0 {observer = #qnn.observer<moving_average_per_channel_minmax, ch_axis = 1>,
                       min_val = array<f32: 0.0, 0.0, 0.0>,
                       max_val = array<f32: 1.0, 2.0, 3.0>} : tensor<4x3x2x2xf32>
  %2 = qnn.observe %1 {observer = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine_float_qparams, ch_axis = -1>,
                       min_val = array<f32: -1.0, -2.0>,
                       max_val = array<f32: 1.0, 2.0>} : tensor<4x3x2x2xf32>
  return %2 : tensor<4x3x2x2xf32>
}

// A dynamic channel dimension accepts any number of statistics values.
// CHECK-LABEL: func.func @observe_per_channel_dynamic
// CHECK: qnn.observe %{{.+}} {max_val = array<f32: 1.000000e+00, 2.000000e+00>, min_val = array<f32: -1.000000e+00, -2.000000e+00>, observer = #qnn.observer<per_channel_minmax>} : tensor<?x3xf32>
func.func @observe_per_channel_dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax>,
                       min_val = array<f32: -1.0, -2.0>, max_val = array<f32: 1.0, 2.0>} : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @observe_histogram
// CHECK: qnn.observe %{{.+}} {histogram = array<f32: 1.000000e+00, 0.000000e+00, 5.000000e+00, 1.800000e+01>, max_val = array<f32: 3.000000e+00>, min_val = array<f32: -1.000000e+00>, name = "act", observer = #qnn.observer<histogram, bins = 4>} : tensor<2x3x4xf32>
// CHECK: qnn.observe %{{.+}} {histogram = array<f32: 0.000000e+00, 2.400000e+01>, max_val = array<f32: 0.000000e+00>, min_val = array<f32: 0.000000e+00>, observer = #qnn.observer<histogram, reduce_range = true, bins = 2>} : tensor<2x3x4xf32>
func.func @observe_histogram(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 4>, name = "act",
                       min_val = array<f32: -1.0>, max_val = array<f32: 3.0>,
                       histogram = array<f32: 1.0, 0.0, 5.0, 18.0>} : tensor<2x3x4xf32>
  %1 = qnn.observe %0 {observer = #qnn.observer<histogram, bins = 2, reduce_range = true>,
                       min_val = array<f32: 0.0>, max_val = array<f32: 0.0>,
                       histogram = array<f32: 0.0, 24.0>} : tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

//===----------------------------------------------------------------------===//
// fake_quant
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @fake_quant_fresh
// Both enable flags default to true and are not printed.
// CHECK: qnn.fake_quant %{{.+}} {name = "conv1", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<1x8x4x4xf32>
func.func @fake_quant_fresh(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>,
                          name = "conv1", observer_enabled = true, fake_quant_enabled = true} : tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @fake_quant_with_state
// CHECK: qnn.fake_quant %{{.+}} {max_val = array<f32: 2.000000e+00>, min_val = array<f32: -1.000000e+00>, name = "conv1", observer = #qnn.observer<moving_average_minmax>, observer_enabled = false, scale = array<f32: 2.350000e-02>, zero_point = array<i64: 64>} : tensor<1x8x4x4xf32>
// CHECK: qnn.fake_quant %{{.+}} {fake_quant_enabled = false, max_val = array<f32: 2.000000e+00>, min_val = array<f32: -1.000000e+00>, observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric, reduce_range = true>, scale = array<f32: 3.125000e-02>, zero_point = array<i64: 0>} : tensor<1x8x4x4xf32>
// Statistics without qparams (calibrated, qparams not yet computed).
// CHECK: qnn.fake_quant %{{.+}} {fake_quant_enabled = false, max_val = array<f32: 1.000000e+00>, min_val = array<f32: 0.000000e+00>, observer = #qnn.observer<histogram>, observer_enabled = false} : tensor<1x8x4x4xf32>
func.func @fake_quant_with_state(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, name = "conv1",
                          observer_enabled = false,
                          min_val = array<f32: -1.0>, max_val = array<f32: 2.0>,
                          scale = array<f32: 0.0235>, zero_point = array<i64: 64>} : tensor<1x8x4x4xf32>
  %1 = qnn.fake_quant %0 {observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric, reduce_range = true>,
                          fake_quant_enabled = false,
                          min_val = array<f32: -1.0>, max_val = array<f32: 2.0>,
                          scale = array<f32: 0.03125>, zero_point = array<i64: 0>} : tensor<1x8x4x4xf32>
  %2 = qnn.fake_quant %1 {observer = #qnn.observer<histogram>,
                          observer_enabled = false, fake_quant_enabled = false,
                          min_val = array<f32: 0.0>, max_val = array<f32: 1.0>} : tensor<1x8x4x4xf32>
  return %2 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @fake_quant_per_channel
// CHECK: qnn.fake_quant %{{.+}} {max_val = array<f32: 1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00>, min_val = array<f32: -1.000000e+00, -2.000000e+00, -3.000000e+00, -4.000000e+00>, name = "conv1.weight_fake_quant", observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>, scale = array<f32: 7.812500e-03, 1.562500e-02, 2.343750e-02, 3.125000e-02>, zero_point = array<i64: 0, 0, 0, 0>} : tensor<4x3x3x3xf32>
// CHECK: qnn.fake_quant %{{.+}} {observer = #qnn.observer<per_channel_minmax, ch_axis = -3>, scale = array<f32: 1.000000e-01, 2.000000e-01, 3.000000e-01>, zero_point = array<i64: 0, 128, 255>} : tensor<4x3x3x3xf32>
func.func @fake_quant_per_channel(%w: tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32> {
  %0 = qnn.fake_quant %w {observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>,
                          name = "conv1.weight_fake_quant",
                          min_val = array<f32: -1.0, -2.0, -3.0, -4.0>,
                          max_val = array<f32: 1.0, 2.0, 3.0, 4.0>,
                          scale = array<f32: 0.0078125, 0.015625, 0.0234375, 0.03125>,
                          zero_point = array<i64: 0, 0, 0, 0>} : tensor<4x3x3x3xf32>
  %1 = qnn.fake_quant %0 {observer = #qnn.observer<per_channel_minmax, ch_axis = -3>,
                          scale = array<f32: 0.1, 0.2, 0.3>,
                          zero_point = array<i64: 0, 128, 255>} : tensor<4x3x3x3xf32>
  return %1 : tensor<4x3x3x3xf32>
}

//===----------------------------------------------------------------------===//
// quantize / dequantize / requantize
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @quantize_dequantize_per_tensor
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK:      %[[Q:.+]] = qnn.quantize %[[X]] : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT: %[[D:.+]] = qnn.dequantize %[[Q]] : tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<4xf32>
// CHECK-NEXT: return %[[D]]
func.func @quantize_dequantize_per_tensor(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  %d = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// CHECK-LABEL: func.func @quantize_dequantize_per_axis
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK:      %[[Q:.+]] = qnn.quantize %[[X]] : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01:-3,3.000000e-01:5}>>
// CHECK-NEXT: %[[D:.+]] = qnn.dequantize %[[Q]] : tensor<2x3x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01:-3,3.000000e-01:5}>> -> tensor<2x3xf32>
// CHECK-NEXT: return %[[D]]
func.func @quantize_dequantize_per_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2:-3, 0.3:5}>>
  %d = qnn.dequantize %q : tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2:-3, 0.3:5}>> -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @quantize_dequantize_other_types
// CHECK: qnn.quantize %{{.+}} : tensor<1x?xf16> -> tensor<1x?x!quant.uniform<i8:f16, 5.000000e-02>>
// CHECK: qnn.dequantize %{{.+}} : tensor<1x?x!quant.uniform<i8:f16, 5.000000e-02>> -> tensor<1x?xf16>
// CHECK: qnn.quantize %{{.+}} : tensor<8xf32> -> tensor<8x!quant.uniform<i32:f32, 1.000000e-03>>
func.func @quantize_dequantize_other_types(%x: tensor<1x?xf16>, %y: tensor<8xf32>)
    -> (tensor<1x?xf16>, tensor<8x!quant.uniform<i32:f32, 0.001>>) {
  %q = qnn.quantize %x : tensor<1x?xf16> -> tensor<1x?x!quant.uniform<i8:f16, 0.05>>
  %d = qnn.dequantize %q : tensor<1x?x!quant.uniform<i8:f16, 0.05>> -> tensor<1x?xf16>
  %b = qnn.quantize %y : tensor<8xf32> -> tensor<8x!quant.uniform<i32:f32, 0.001>>
  return %d, %b : tensor<1x?xf16>, tensor<8x!quant.uniform<i32:f32, 0.001>>
}

// CHECK-LABEL: func.func @requantize
// CHECK-SAME: (%[[Q:.+]]: tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>)
// CHECK:      %[[R:.+]] = qnn.requantize %[[Q]] : tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<4x!quant.uniform<i8:f32, 5.000000e-02>>
// CHECK-NEXT: %[[S:.+]] = qnn.requantize %[[R]] : tensor<4x!quant.uniform<i8:f32, 5.000000e-02>> -> tensor<4x!quant.uniform<u8:f32, 2.000000e-01:3>>
// CHECK-NEXT: %[[T:.+]] = qnn.requantize %[[S]] : tensor<4x!quant.uniform<u8:f32, 2.000000e-01:3>> -> tensor<4x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>
// CHECK-NEXT: return %[[T]]
func.func @requantize(%q: tensor<4x!quant.uniform<u8:f32, 0.1:128>>)
    -> tensor<4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>> {
  %r = qnn.requantize %q : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4x!quant.uniform<i8:f32, 0.05>>
  %s = qnn.requantize %r : tensor<4x!quant.uniform<i8:f32, 0.05>> -> tensor<4x!quant.uniform<u8:f32, 0.2:3>>
  %t = qnn.requantize %s : tensor<4x!quant.uniform<u8:f32, 0.2:3>> -> tensor<4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  return %t : tensor<4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
}

//===----------------------------------------------------------------------===//
// qconstant
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @qconstant_per_tensor
// CHECK:      %[[A:.+]] = qnn.qconstant dense<[0, 128, 255]> : tensor<3xui8> -> tensor<3x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT: %[[B:.+]] = qnn.qconstant dense<[-128, 0, 127]> : tensor<3xi8> -> tensor<3x!quant.uniform<i8:f32, 2.500000e-01>>
// CHECK-NEXT: %[[C:.+]] = qnn.qconstant dense<7> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 5.000000e-01:-1>>
// CHECK-NEXT: %[[D:.+]] = qnn.qconstant dense<[100000, -5]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32, 1.000000e-03>>
// CHECK-NEXT: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @qconstant_per_tensor()
    -> (tensor<3x!quant.uniform<u8:f32, 0.1:128>>, tensor<3x!quant.uniform<i8:f32, 0.25>>,
        tensor<2x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x!quant.uniform<i32:f32, 0.001>>) {
  %a = qnn.qconstant dense<[0, 128, 255]> : tensor<3xui8> -> tensor<3x!quant.uniform<u8:f32, 0.1:128>>
  %b = qnn.qconstant dense<[-128, 0, 127]> : tensor<3xi8> -> tensor<3x!quant.uniform<i8:f32, 0.25>>
  %c = qnn.qconstant dense<7> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 0.5:-1>>
  %d = qnn.qconstant dense<[100000, -5]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32, 0.001>>
  return %a, %b, %c, %d : tensor<3x!quant.uniform<u8:f32, 0.1:128>>, tensor<3x!quant.uniform<i8:f32, 0.25>>,
                          tensor<2x2x!quant.uniform<i8:f32, 0.5:-1>>, tensor<2x!quant.uniform<i32:f32, 0.001>>
}

// CHECK-LABEL: func.func @qconstant_per_axis
// CHECK:      %[[W:.+]] = qnn.qconstant dense<{{\[}}[1, -2], [3, 4]]> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>>
// CHECK-NEXT: %[[V:.+]] = qnn.qconstant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xui8> -> tensor<2x3x!quant.uniform<u8:f32:1, {1.000000e-01:1,2.000000e-01:2,3.000000e-01:3}>>
// CHECK-NEXT: return %[[W]], %[[V]]
func.func @qconstant_per_axis()
    -> (tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>,
        tensor<2x3x!quant.uniform<u8:f32:1, {0.1:1, 0.2:2, 0.3:3}>>) {
  %w = qnn.qconstant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>
      -> tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %v = qnn.qconstant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xui8>
      -> tensor<2x3x!quant.uniform<u8:f32:1, {0.1:1, 0.2:2, 0.3:3}>>
  return %w, %v : tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>,
                  tensor<2x3x!quant.uniform<u8:f32:1, {0.1:1, 0.2:2, 0.3:3}>>
}

// CHECK-LABEL: func.func @qconstant_dense_resource
// CHECK:      %[[W:.+]] = qnn.qconstant dense_resource<conv_weight> : tensor<2x3xi8> -> tensor<2x3x!quant.uniform<i8:f32:0, {5.000000e-02,1.000000e-01}>>
// CHECK-NEXT: %[[B:.+]] = qnn.qconstant dense_resource<act_table> : tensor<4xui8> -> tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NEXT: return %[[W]], %[[B]]
func.func @qconstant_dense_resource()
    -> (tensor<2x3x!quant.uniform<i8:f32:0, {0.05, 0.1}>>, tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  %w = qnn.qconstant dense_resource<conv_weight> : tensor<2x3xi8>
      -> tensor<2x3x!quant.uniform<i8:f32:0, {0.05, 0.1}>>
  %b = qnn.qconstant dense_resource<act_table> : tensor<4xui8>
      -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return %w, %b : tensor<2x3x!quant.uniform<i8:f32:0, {0.05, 0.1}>>, tensor<4x!quant.uniform<u8:f32, 0.1:128>>
}

// The blobs survive the roundtrip, alignment prefix included.
// CHECK:      {-#
// CHECK-NEXT:   dialect_resources: {
// CHECK-NEXT:     builtin: {
// CHECK-DAG:        conv_weight: "0x0100000001FE0304FB7F"
// CHECK-DAG:        act_table: "0x04000000008080FF"
// CHECK:          }
// CHECK-NEXT:   }
// CHECK-NEXT: #-}

{-#
  dialect_resources: {
    builtin: {
      conv_weight: "0x0100000001FE0304FB7F",
      act_table: "0x04000000008080FF"
    }
  }
#-}
