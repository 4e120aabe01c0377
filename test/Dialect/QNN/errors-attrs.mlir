// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for #qnn.observer and #qnn.qconfig: parse errors and the
// attribute verifiers (PyTorch's observer constructor checks).

//===----------------------------------------------------------------------===//
// #qnn.observer syntax
//===----------------------------------------------------------------------===//

func.func @observer_unknown_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown observer kind 'minmaxx'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmaxx>} : tensor<4xf32>
  return
}

// -----

func.func @observer_missing_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown observer kind 'dtype'}}
  %0 = qnn.observe %x {observer = #qnn.observer<dtype = qint8>} : tensor<4xf32>
  return
}

// -----

func.func @observer_empty(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected valid keyword}}
  %0 = qnn.observe %x {observer = #qnn.observer<>} : tensor<4xf32>
  return
}

// -----

func.func @observer_unknown_field(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown observer field 'ch_axes'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, ch_axes = 1>} : tensor<4xf32>
  return
}

// -----

func.func @observer_duplicate_field(%x: tensor<4xf32>) {
  // expected-error @+1 {{duplicate observer field 'dtype'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = qint8, dtype = quint8>} : tensor<4xf32>
  return
}

// -----

func.func @observer_duplicate_field_same_value(%x: tensor<4xf32>) {
  // expected-error @+1 {{duplicate observer field 'bins'}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 16, bins = 16>} : tensor<4xf32>
  return
}

// -----

func.func @observer_unknown_dtype(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown dtype 'int8'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = int8>} : tensor<4xf32>
  return
}

// -----

func.func @observer_unknown_qscheme(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown qscheme 'symmetric'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, qscheme = symmetric>} : tensor<4xf32>
  return
}

// -----

func.func @observer_bad_bool(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected 'true' or 'false'}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, reduce_range = yes>} : tensor<4xf32>
  return
}

// -----

func.func @observer_bad_bool_is_dynamic(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected valid keyword}}
  %0 = qnn.observe %x {observer = #qnn.observer<placeholder, is_dynamic = 1>} : tensor<4xf32>
  return
}

// -----

func.func @observer_missing_equal(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected '='}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min 0>} : tensor<4xf32>
  return
}

// -----

func.func @observer_float_quant_min(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected integer value}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = 0.5, quant_max = 10>} : tensor<4xf32>
  return
}

// -----

func.func @observer_quant_min_overflow(%x: tensor<4xf32>) {
  // expected-error @+1 {{integer value too large}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = -99999999999999999999, quant_max = 10>} : tensor<4xf32>
  return
}

// -----

func.func @observer_missing_greater(%x: tensor<4xf32>) {
  // expected-error @+1 {{unbalanced '<' character in pretty dialect name}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, bins = 3} : tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// #qnn.observer verifier
//===----------------------------------------------------------------------===//

func.func @observer_float_dtype(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'minmax' needs dtype quint8, qint8, qint32 or quint4x2, got float16}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = float16>} : tensor<4xf32>
  return
}

// -----

func.func @observer_quint4x2_not_float_qparams(%x: tensor<4xf32>) {
  // expected-error @+1 {{quint4x2 is only supported with qscheme per_channel_affine_float_qparams (embedding tables)}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = quint4x2>} : tensor<4xf32>
  return
}

// -----

func.func @observer_histogram_float_dtype(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'histogram' needs dtype quint8, qint8, qint32 or quint4x2, got float32}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, dtype = float32>} : tensor<4xf32>
  return
}

// -----

func.func @observer_per_channel_kind_per_tensor_qscheme(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'per_channel_minmax' does not support qscheme per_tensor_affine}}
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax, qscheme = per_tensor_affine>} : tensor<4xf32>
  return
}

// -----

func.func @observer_ma_per_channel_kind_per_tensor_qscheme(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'moving_average_per_channel_minmax' does not support qscheme per_tensor_symmetric}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_per_channel_minmax, qscheme = per_tensor_symmetric>} : tensor<4xf32>
  return
}

// -----

func.func @observer_per_tensor_kind_per_channel_qscheme(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'minmax' does not support qscheme per_channel_symmetric}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, qscheme = per_channel_symmetric>} : tensor<4xf32>
  return
}

// -----

func.func @observer_ma_per_tensor_kind_per_channel_qscheme(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'moving_average_minmax' does not support qscheme per_channel_affine_float_qparams}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax, qscheme = per_channel_affine_float_qparams>} : tensor<4xf32>
  return
}

// -----

// HistogramObserver is per-tensor only.
func.func @observer_histogram_per_channel(%x: tensor<4xf32>) {
  // expected-error @+1 {{observer 'histogram' does not support qscheme per_channel_affine}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, qscheme = per_channel_affine>} : tensor<4xf32>
  return
}

// -----

func.func @observer_quint8_symmetric_reduce_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{cannot reduce range for symmetric quantization for quint8}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, qscheme = per_tensor_symmetric, reduce_range = true>} : tensor<4xf32>
  return
}

// -----

func.func @observer_quint8_symmetric_reduce_range_histogram(%x: tensor<4xf32>) {
  // expected-error @+1 {{cannot reduce range for symmetric quantization for quint8}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, reduce_range = true, qscheme = per_tensor_symmetric>} : tensor<4xf32>
  return
}

// -----

func.func @observer_quant_min_without_quant_max(%x: tensor<4xf32>) {
  // expected-error @+1 {{quant_min and quant_max must be given together}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = 0>} : tensor<4xf32>
  return
}

// -----

func.func @observer_quant_max_without_quant_min(%x: tensor<4xf32>) {
  // expected-error @+1 {{quant_min and quant_max must be given together}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_max = 127>} : tensor<4xf32>
  return
}

// -----

func.func @observer_range_excludes_zero_above(%x: tensor<4xf32>) {
  // expected-error @+1 {{user-specified quantization range [1, 255] must include 0}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = 1, quant_max = 255>} : tensor<4xf32>
  return
}

// -----

func.func @observer_range_excludes_zero_below(%x: tensor<4xf32>) {
  // expected-error @+1 {{user-specified quantization range [-128, -1] must include 0}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = qint8, quant_min = -128, quant_max = -1>} : tensor<4xf32>
  return
}

// -----

func.func @observer_qmin_equals_qmax(%x: tensor<4xf32>) {
  // expected-error @+1 {{quant_min must be strictly less than quant_max}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = 0, quant_max = 0>} : tensor<4xf32>
  return
}

// -----

func.func @observer_range_beyond_quint8(%x: tensor<4xf32>) {
  // expected-error @+1 {{quantization range [0, 256] exceeds the range of quint8 [0, 255]}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = 0, quant_max = 256>} : tensor<4xf32>
  return
}

// -----

func.func @observer_range_beyond_quint8_below(%x: tensor<4xf32>) {
  // expected-error @+1 {{quantization range [-1, 255] exceeds the range of quint8 [0, 255]}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, quant_min = -1, quant_max = 255>} : tensor<4xf32>
  return
}

// -----

func.func @observer_range_beyond_qint8(%x: tensor<4xf32>) {
  // expected-error @+1 {{quantization range [-129, 127] exceeds the range of qint8 [-128, 127]}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = qint8, quant_min = -129, quant_max = 127>} : tensor<4xf32>
  return
}

// -----

func.func @observer_range_beyond_qint32(%x: tensor<4xf32>) {
  // expected-error @+1 {{quantization range [-2147483648, 2147483648] exceeds the range of qint32 [-2147483648, 2147483647]}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = qint32, quant_min = -2147483648, quant_max = 2147483648>} : tensor<4xf32>
  return
}

// -----

func.func @observer_averaging_constant_zero(%x: tensor<4xf32>) {
  // expected-error @+1 {{averaging_constant must be in (0, 1], got 0.000000e+00}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax, averaging_constant = 0.0>} : tensor<4xf32>
  return
}

// -----

func.func @observer_averaging_constant_above_one(%x: tensor<4xf32>) {
  // expected-error @+1 {{averaging_constant must be in (0, 1], got 1.500000e+00}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax, averaging_constant = 1.5>} : tensor<4xf32>
  return
}

// -----

func.func @observer_averaging_constant_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{averaging_constant must be in (0, 1], got -1.000000e-02}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_per_channel_minmax, averaging_constant = -0.01>} : tensor<4xf32>
  return
}

// -----

func.func @observer_averaging_constant_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{averaging_constant must be in (0, 1], got nan}}
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax, averaging_constant = 0x7FF8000000000000>} : tensor<4xf32>
  return
}

// -----

func.func @observer_bins_zero(%x: tensor<4xf32>) {
  // expected-error @+1 {{bins must be positive, got 0}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 0>} : tensor<4xf32>
  return
}

// -----

func.func @observer_bins_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{bins must be positive, got -2048}}
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = -2048>} : tensor<4xf32>
  return
}

// -----

func.func @observer_eps_zero(%x: tensor<4xf32>) {
  // expected-error @+1 {{eps must be positive and finite, got 0.000000e+00}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, eps = 0.0>} : tensor<4xf32>
  return
}

// -----

func.func @observer_eps_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{eps must be positive and finite, got -1.000000e-05}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, eps = -1.0e-5>} : tensor<4xf32>
  return
}

// -----

func.func @observer_eps_inf(%x: tensor<4xf32>) {
  // expected-error @+1 {{eps must be positive and finite, got INF}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, eps = 0x7FF0000000000000>} : tensor<4xf32>
  return
}

// -----

func.func @observer_eps_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{eps must be positive and finite, got nan}}
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, eps = 0x7FF8000000000000>} : tensor<4xf32>
  return
}

// -----

// The observer verifier also runs when the observer sits inside a qconfig.
func.func @observer_invalid_inside_qconfig(%x: tensor<4xf32>) {
  // expected-error @+1 {{bins must be positive, got 0}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = #qnn.observer<minmax, bins = 0>, weight = #qnn.observer<minmax, dtype = qint8>>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// #qnn.qconfig
//===----------------------------------------------------------------------===//

func.func @qconfig_unknown_preset(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown qconfig preset 'fbgemm2'; expected 'activation = ...' or one of: fbgemm, qnnpack, onednn, x86, fbgemm_qat, qnnpack_qat, onednn_qat, x86_qat, dynamic, float16_dynamic, none}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<fbgemm2>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_preset_case(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown qconfig preset 'FBGEMM'; expected 'activation = ...' or one of: fbgemm, qnnpack, onednn, x86, fbgemm_qat, qnnpack_qat, onednn_qat, x86_qat, dynamic, float16_dynamic, none}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<FBGEMM>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_empty(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected valid keyword}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_preset_with_extra(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected '>'}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<fbgemm, fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

// Only an activation observer: PyTorch's QConfig needs both (or is None).
func.func @qconfig_activation_only(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected ','}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = #qnn.observer<minmax>>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_weight_first(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown qconfig preset 'weight'; expected 'activation = ...' or one of: fbgemm, qnnpack, onednn, x86, fbgemm_qat, qnnpack_qat, onednn_qat, x86_qat, dynamic, float16_dynamic, none}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<weight = #qnn.observer<minmax>, activation = #qnn.observer<minmax>>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_activation_not_observer(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected a #qnn.observer attribute}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = 3, weight = #qnn.observer<minmax>>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_weight_is_qconfig(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected a #qnn.observer attribute}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = #qnn.observer<minmax>, weight = #qnn.qconfig<fbgemm>>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_bad_fake_quant_keyword(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected 'fake_quant'}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = #qnn.observer<minmax>, weight = #qnn.observer<minmax>, fakequant>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_weight_ch_axis(%x: tensor<4xf32>) {
  // expected-error @+1 {{weight observers quantize along axis 0 or 1, got 2}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = #qnn.observer<histogram>, weight = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, ch_axis = 2>>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_weight_ch_axis_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{weight observers quantize along axis 0 or 1, got -1}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = #qnn.observer<histogram>, weight = #qnn.observer<moving_average_per_channel_minmax, ch_axis = -1>, fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Wrong attribute kinds where an observer or qconfig is expected
//===----------------------------------------------------------------------===//

func.func @qconfig_attr_integer(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.relu' op attribute 'qconfig' failed to satisfy constraint: a PyTorch QConfig: activation and weight observers}}
  %0 = qnn.relu %x {qconfig = 3} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_attr_observer(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.relu' op attribute 'qconfig' failed to satisfy constraint: a PyTorch QConfig: activation and weight observers}}
  %0 = qnn.relu %x {qconfig = #qnn.observer<minmax>} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @qconfig_attr_string(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op attribute 'qconfig' failed to satisfy constraint: a PyTorch QConfig: activation and weight observers}}
  %0 = qnn.conv2d %x, %x {qconfig = "fbgemm"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @observer_attr_qconfig(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op attribute 'observer' failed to satisfy constraint: configuration of a PyTorch observer}}
  %0 = qnn.observe %x {observer = #qnn.qconfig<fbgemm>} : tensor<4xf32>
  return
}

// -----

func.func @observer_attr_missing(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.observe' op requires attribute 'observer'}}
  %0 = qnn.observe %x {name = "obs"} : tensor<4xf32>
  return
}

// -----

func.func @fake_quant_observer_attr_string(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.fake_quant' op attribute 'observer' failed to satisfy constraint: configuration of a PyTorch observer}}
  %0 = qnn.fake_quant %x {observer = "minmax"} : tensor<4xf32>
  return
}

// -----

func.func @name_attr_integer(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.relu' op attribute 'name' failed to satisfy constraint: string attribute}}
  %0 = qnn.relu %x {name = 3} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @unknown_attr_prefix(%x: tensor<4xf32>) {
  // expected-error @+1 {{unknown attribute `qconfg` in dialect `qnn`}}
  %0 = qnn.relu %x {qconfig = #qnn.qconfg<fbgemm>} : tensor<4xf32> -> tensor<4xf32>
  return
}
