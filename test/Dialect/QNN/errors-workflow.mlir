// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for the qparam rules every qnn op applies to its
// !quant.uniform operand and result types (ValidQParams), and for the
// workflow ops: stubs, observe, fake_quant, quantize, dequantize,
// requantize and qconstant.

//===----------------------------------------------------------------------===//
// Scales and zero points. !quant.uniform itself rejects zero, negative and
// infinite scales when the type is parsed; qnn rejects NaN scales and zero
// points outside the storage range.
//===----------------------------------------------------------------------===//

func.func @scale_zero(%x: tensor<4xf32>) {
  // expected-error @+1 {{scale 0.000000e+00 out of expressed type range [1.401298e-45, 3.402823e+38]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.0:128>>
  return
}

// -----

func.func @scale_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{scale -5.000000e-01 out of expressed type range [1.401298e-45, 3.402823e+38]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, -0.5>>
  return
}

// -----

func.func @scale_inf(%x: tensor<4xf32>) {
  // expected-error @+1 {{scale INF out of expressed type range [1.401298e-45, 3.402823e+38]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0x7FF0000000000000:128>>
  return
}

// -----

func.func @per_axis_scale_zero(%x: tensor<2xf32>) {
  // expected-error @+1 {{scale 0.000000e+00 out of expressed type range [1.401298e-45, 3.402823e+38]}}
  %0 = qnn.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.0}>>
  return
}

// -----

// NaN passes the !quant.uniform parser; qnn rejects it.
func.func @scale_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: invalid scale nan: scales must be positive and finite}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0x7FF8000000000000:128>>
  return
}

// -----

func.func @per_axis_scale_nan(%x: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: invalid scale nan: scales must be positive and finite}}
  %0 = qnn.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32:0, {0.1, 0x7FF8000000000000}>>
  return
}

// -----

func.func @zero_point_above_u8(%x: tensor<4x!quant.uniform<u8:f32, 0.1:256>>) {
  // expected-error @+1 {{'qnn.dequantize' op operand #0: zero point 256 is outside the storage range [0, 255]}}
  %0 = qnn.dequantize %x : tensor<4x!quant.uniform<u8:f32, 0.1:256>> -> tensor<4xf32>
  return
}

// -----

func.func @zero_point_below_u8(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: zero point -1 is outside the storage range [0, 255]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1:-1>>
  return
}

// -----

func.func @zero_point_below_i8(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: zero point -129 is outside the storage range [-128, 127]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:-129>>
  return
}

// -----

func.func @zero_point_outside_narrow_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: zero point -128 is outside the storage range [-127, 127]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<i8<-127:127>:f32, 0.1:-128>>
  return
}

// -----

func.func @per_axis_zero_point(%x: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: zero point 300 is outside the storage range [0, 255]}}
  %0 = qnn.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32:0, {0.1:10, 0.2:300}>>
  return
}

// -----

// The operand number is reported.
func.func @bad_second_operand(%a: tensor<4xf32>, %b: tensor<4x!quant.uniform<u8:f32, 0.1:999>>) {
  // expected-error @+1 {{'qnn.add' op operand #1: zero point 999 is outside the storage range [0, 255]}}
  %0 = qnn.add %a, %b : (tensor<4xf32>, tensor<4x!quant.uniform<u8:f32, 0.1:999>>) -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Per-axis types: the axis must exist and its size must match the scales.
//===----------------------------------------------------------------------===//

func.func @per_axis_count(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: per-axis type has 2 scales but dimension 0 has size 4}}
  %0 = qnn.quantize %x : tensor<4x2xf32> -> tensor<4x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  return
}

// -----

func.func @per_axis_count_weight(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'qnn.qconstant' op result #0: per-axis type has 3 scales but dimension 0 has size 4}}
  %w = qnn.qconstant dense<1> : tensor<4x3x3x3xi8> -> tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>
  return
}

// -----

func.func @per_axis_axis_out_of_range(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: quantization axis 2 is out of range for a tensor of rank 2}}
  %0 = qnn.quantize %x : tensor<4x2xf32> -> tensor<4x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  return
}

// -----

// A negative axis is already rejected by !quant.uniform.
func.func @per_axis_negative_axis(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{illegal quantized dimension: -1}}
  %0 = qnn.quantize %x : tensor<4x2xf32> -> tensor<4x2x!quant.uniform<i8:f32:-1, {0.1, 0.2}>>
  return
}

// -----

func.func @unsupported_any(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0: unsupported quantized type '!quant.any<i8:f32>': expected !quant.uniform (per tensor or per axis)}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.any<i8:f32>>
  return
}

// -----

func.func @unsupported_calibrated(%x: tensor<4x!quant.calibrated<f32<-1.0:1.0>>>) {
  // expected-error @+1 {{'qnn.dequantize' op operand #0: unsupported quantized type '!quant.calibrated<f32<-1.000000e+00:1.000000e+00>>': expected !quant.uniform (per tensor or per axis)}}
  %0 = qnn.dequantize %x : tensor<4x!quant.calibrated<f32<-1.0:1.0>>> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quant_stub / dequant_stub
//===----------------------------------------------------------------------===//

func.func @quant_stub_shape(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'qnn.quant_stub' op result has shape [1, 3, 8, 4], expected [1, 3, 8, 8]}}
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<1x3x8x8xf32> -> tensor<1x3x8x4xf32>
  return
}

// -----

func.func @dequant_stub_shape(%x: tensor<1x10xf32>) {
  // expected-error @+1 {{'qnn.dequant_stub' op result has shape [10], expected [1, 10]}}
  %0 = qnn.dequant_stub %x {name = "dequant"} : tensor<1x10xf32> -> tensor<10xf32>
  return
}

// -----

// Stubs are float-only: convert replaces them by quantize/dequantize.
func.func @quant_stub_quantized_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quant_stub' op result #0 must be ranked tensor of floating-point values, but got 'tensor<4x!quant.uniform<u8:f32, 1.000000e-01>>'}}
  %0 = qnn.quant_stub %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @dequant_stub_quantized_input(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.dequant_stub' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4x!quant.uniform<u8:f32, 1.000000e-01>>'}}
  %0 = qnn.dequant_stub %x : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// observe: statistics must fit the observer and the observed tensor.
//===----------------------------------------------------------------------===//

func.func @observe_min_without_max(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.observe' op min_val and max_val must be given together}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>} : tensor<1x8x4x4xf32>
  return
}

// -----

func.func @observe_max_without_min(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.observe' op min_val and max_val must be given together}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, max_val = array<f32: 1.0>} : tensor<1x8x4x4xf32>
  return
}

// -----

func.func @observe_min_max_sizes_differ(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.observe' op min_val has 1 values but max_val has 2}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 1.0, 2.0>} : tensor<1x8x4x4xf32>
  return
}

// -----

func.func @observe_per_tensor_count(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.observe' op expects 1 statistics value(s) for a per-tensor observer of 'tensor<1x8x4x4xf32>', got 2}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram>, min_val = array<f32: -1.0, 0.0>, max_val = array<f32: 1.0, 2.0>} : tensor<1x8x4x4xf32>
  return
}

// -----

func.func @observe_per_channel_count(%x: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.observe' op expects 8 statistics value(s) for a per-channel observer of 'tensor<8x3x3x3xf32>', got 2}}
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>, min_val = array<f32: -1.0, 0.0>, max_val = array<f32: 1.0, 2.0>} : tensor<8x3x3x3xf32>
  return
}

// -----

func.func @observe_per_channel_count_ch_axis(%x: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.observe' op expects 3 statistics value(s) for a per-channel observer of 'tensor<8x3x3x3xf32>', got 8}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_per_channel_minmax, ch_axis = 1>, min_val = array<f32: 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0>, max_val = array<f32: 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0>} : tensor<8x3x3x3xf32>
  return
}

// -----

func.func @observe_ch_axis_out_of_range(%x: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.observe' op ch_axis 4 is out of range for rank 4}}
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax, ch_axis = 4>} : tensor<8x3x3x3xf32>
  return
}

// -----

func.func @observe_ch_axis_negative_out_of_range(%x: tensor<8x3xf32>) {
  // expected-error @+1 {{'qnn.observe' op ch_axis -3 is out of range for rank 2}}
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax, ch_axis = -3>} : tensor<8x3xf32>
  return
}

// -----

func.func @observe_min_greater_than_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op min_val 2.000000e+00 is greater than max_val 1.000000e+00}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, min_val = array<f32: 2.0>, max_val = array<f32: 1.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_per_channel_min_greater_than_max(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.observe' op min_val 5.000000e+00 is greater than max_val 4.000000e+00}}
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax>, min_val = array<f32: 0.0, 5.0>, max_val = array<f32: 1.0, 4.0>} : tensor<2x3xf32>
  return
}

// -----

func.func @observe_nan_min(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op statistics must not be NaN}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, min_val = array<f32: 0x7FC00000>, max_val = array<f32: 1.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_nan_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op statistics must not be NaN}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 0x7FC00000>} : tensor<4xf32>
  return
}

// -----

func.func @observe_stats_on_placeholder(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op observer 'placeholder' records no statistics}}
  %0 = qnn.observe %x {observer = #qnn.observer<placeholder>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_stats_on_noop(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op observer 'noop' records no statistics}}
  %0 = qnn.observe %x {observer = #qnn.observer<noop>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_histogram_on_minmax(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op only a histogram observer has a histogram}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>, histogram = array<f32: 1.0, 2.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_histogram_without_min_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op a histogram needs min_val and max_val}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 2>, histogram = array<f32: 1.0, 2.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_histogram_size(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op histogram has 3 bins, the observer has 4}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 4>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>, histogram = array<f32: 1.0, 2.0, 3.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_histogram_default_bins(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op histogram has 2 bins, the observer has 2048}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>, histogram = array<f32: 1.0, 2.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_histogram_nan_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op histogram counts must be finite}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 2>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>, histogram = array<f32: 0x7FC00000, 2.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_histogram_inf_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op histogram counts must be finite}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 2>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>, histogram = array<f32: 0x7F800000, 2.0>} : tensor<4xf32>
  return
}

// -----

func.func @observe_type_mismatch(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op failed to verify that all of {input, result} have same type}}
  %0 = "qnn.observe"(%x) {observer = #qnn.observer<minmax>} : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @observe_quantized(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.observe' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4x!quant.uniform<u8:f32, 1.000000e-01>>'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// fake_quant
//===----------------------------------------------------------------------===//

func.func @fake_quant_placeholder(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op fake-quant needs a statistics or fixed-qparams observer, got 'placeholder'}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<placeholder>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_noop(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op fake-quant needs a statistics or fixed-qparams observer, got 'noop'}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<noop>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_min_without_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op min_val and max_val must be given together}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: 0.0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_min_greater_than_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op min_val 3.000000e+00 is greater than max_val 1.000000e+00}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, min_val = array<f32: 3.0>, max_val = array<f32: 1.0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_per_channel_stats_count(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op expects 4 statistics value(s) for a per-channel observer of 'tensor<4x2xf32>', got 1}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>, min_val = array<f32: 0.0>, max_val = array<f32: 1.0>} : tensor<4x2xf32>
  return
}

// -----

func.func @fake_quant_ch_axis_out_of_range(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op ch_axis 2 is out of range for rank 2}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_per_channel_minmax, ch_axis = 2>} : tensor<4x2xf32>
  return
}

// -----

func.func @fake_quant_scale_without_zero_point(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op scale and zero_point must be given together}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0.1>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_zero_point_without_scale(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op scale and zero_point must be given together}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, zero_point = array<i64: 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_scale_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op expects 1 scale and zero_point value(s), got 2 and 2}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0.1, 0.2>, zero_point = array<i64: 0, 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_scale_zero_point_sizes_differ(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op expects 1 scale and zero_point value(s), got 1 and 2}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0.1>, zero_point = array<i64: 0, 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_per_channel_scale_count(%x: tensor<4x2xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op expects 4 scale and zero_point value(s), got 2 and 2}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>, scale = array<f32: 0.1, 0.2>, zero_point = array<i64: 0, 0>} : tensor<4x2xf32>
  return
}

// -----

func.func @fake_quant_scale_zero(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op invalid scale 0.000000e+00: scales must be positive and finite}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0.0>, zero_point = array<i64: 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_scale_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op invalid scale -5.000000e-01: scales must be positive and finite}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: -0.5>, zero_point = array<i64: 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_scale_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op invalid scale nan: scales must be positive and finite}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0x7FC00000>, zero_point = array<i64: 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_scale_inf(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op invalid scale INF: scales must be positive and finite}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0x7F800000>, zero_point = array<i64: 0>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_zero_point_above(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op zero point 256 is outside [0, 255]}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0.1>, zero_point = array<i64: 256>} : tensor<4xf32>
  return
}

// -----

// reduce_range halves quint8 to [0, 127].
func.func @fake_quant_zero_point_reduce_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op zero point 128 is outside [0, 127]}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax, reduce_range = true>, scale = array<f32: 0.1>, zero_point = array<i64: 128>} : tensor<4xf32>
  return
}

// -----

// The zero point must lie in the observer's quant_min/quant_max.
func.func @fake_quant_zero_point_custom_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op zero point -9 is outside [-8, 7]}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax, dtype = qint8, quant_min = -8, quant_max = 7>, scale = array<f32: 0.1>, zero_point = array<i64: -9>} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_per_channel_zero_point(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op zero point 128 is outside [-128, 127]}}
  %0 = qnn.fake_quant %x {observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>, scale = array<f32: 0.1, 0.2>, zero_point = array<i64: 0, 128>} : tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantize / dequantize / requantize
//===----------------------------------------------------------------------===//

func.func @quantize_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result has shape [5], expected [4]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<5x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @quantize_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result has shape [4, 1], expected [4]}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x1x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @quantize_expressed_type(%x: tensor<4xf16>) {
  // expected-error @+1 {{'qnn.quantize' op quantized type expresses 'f32' but the float type is 'f16'}}
  %0 = qnn.quantize %x : tensor<4xf16> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @quantize_float_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.quantize' op result #0 must be ranked tensor of quantized type values, but got 'tensor<4xf32>'}}
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @quantize_quantized_input(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.quantize' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>'}}
  %0 = qnn.quantize %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @dequantize_shape(%x: tensor<2x4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.dequantize' op result has shape [4, 2], expected [2, 4]}}
  %0 = qnn.dequantize %x : tensor<2x4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4x2xf32>
  return
}

// -----

func.func @dequantize_expressed_type(%x: tensor<4x!quant.uniform<u8:f16, 0.1:128>>) {
  // expected-error @+1 {{'qnn.dequantize' op quantized type expresses 'f16' but the float type is 'f32'}}
  %0 = qnn.dequantize %x : tensor<4x!quant.uniform<u8:f16, 0.1:128>> -> tensor<4xf32>
  return
}

// -----

func.func @dequantize_float_input(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.dequantize' op operand #0 must be ranked tensor of quantized type values, but got 'tensor<4xf32>'}}
  %0 = qnn.dequantize %x : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @requantize_shape(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.requantize' op result has shape [2], expected [4]}}
  %0 = qnn.requantize %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<2x!quant.uniform<i8:f32, 0.05>>
  return
}

// -----

func.func @requantize_expressed_type(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.requantize' op input expresses 'f32' but result expresses 'f16'}}
  %0 = qnn.requantize %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4x!quant.uniform<i8:f16, 0.05>>
  return
}

// -----

func.func @requantize_result_qparams(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.requantize' op result #0: zero point 200 is outside the storage range [-128, 127]}}
  %0 = qnn.requantize %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4x!quant.uniform<i8:f32, 0.05:200>>
  return
}

// -----

func.func @requantize_float_result(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error @+1 {{'qnn.requantize' op result #0 must be ranked tensor of quantized type values, but got 'tensor<4xf32>'}}
  %0 = qnn.requantize %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qconstant
//===----------------------------------------------------------------------===//

func.func @qconstant_float_value() {
  // expected-error @+1 {{'qnn.qconstant' op value element type 'f32' must be an integer of the storage width 8}}
  %0 = qnn.qconstant dense<1.0> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_storage_width() {
  // expected-error @+1 {{'qnn.qconstant' op value element type 'i16' must be an integer of the storage width 8}}
  %0 = qnn.qconstant dense<1> : tensor<4xi16> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_storage_width_u8() {
  // expected-error @+1 {{'qnn.qconstant' op value element type 'i32' must be an integer of the storage width 8}}
  %0 = qnn.qconstant dense<1> : tensor<4xi32> -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @qconstant_index_value() {
  // expected-error @+1 {{'qnn.qconstant' op value element type 'index' must be an integer of the storage width 8}}
  %0 = qnn.qconstant dense<1> : tensor<4xindex> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_shape() {
  // expected-error @+1 {{'qnn.qconstant' op value shape [2, 2] does not match the result shape [4]}}
  %0 = qnn.qconstant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_shape_transposed() {
  // expected-error @+1 {{'qnn.qconstant' op value shape [2, 3] does not match the result shape [3, 2]}}
  %0 = qnn.qconstant dense<1> : tensor<2x3xi8> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_value_below_range() {
  // expected-error @+1 {{'qnn.qconstant' op value -128 is outside the storage range [-127, 127]}}
  %0 = qnn.qconstant dense<[0, -128]> : tensor<2xi8> -> tensor<2x!quant.uniform<i8<-127:127>:f32, 0.1>>
  return
}

// -----

func.func @qconstant_value_above_range() {
  // expected-error @+1 {{'qnn.qconstant' op value 16 is outside the storage range [0, 15]}}
  %0 = qnn.qconstant dense<[0, 16]> : tensor<2xi8> -> tensor<2x!quant.uniform<u8<0:15>:f32, 0.1>>
  return
}

// -----

func.func @qconstant_float_result() {
  // expected-error @+1 {{'qnn.qconstant' op result #0 must be ranked tensor of quantized type values, but got 'tensor<4xf32>'}}
  %0 = qnn.qconstant dense<1> : tensor<4xi8> -> tensor<4xf32>
  return
}

// -----

func.func @qconstant_bad_qparams() {
  // expected-error @+1 {{'qnn.qconstant' op result #0: zero point 200 is outside the storage range [-128, 127]}}
  %0 = qnn.qconstant dense<1> : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 0.1:200>>
  return
}
