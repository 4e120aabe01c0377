// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of #qnn.observer and #qnn.qconfig. Observers are attached to
// qnn.observe ops, qconfigs to qnn.relu module ops.

//===----------------------------------------------------------------------===//
// #qnn.observer: the bare kind prints as the bare kind.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @observer_kinds_default
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4x5xf32>)
// CHECK:      %[[A:.+]] = qnn.observe %[[X]] {observer = #qnn.observer<minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: %[[B:.+]] = qnn.observe %[[A]] {observer = #qnn.observer<moving_average_minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.observe %[[B]] {observer = #qnn.observer<per_channel_minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: %[[D:.+]] = qnn.observe %[[C]] {observer = #qnn.observer<moving_average_per_channel_minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: %[[E:.+]] = qnn.observe %[[D]] {observer = #qnn.observer<histogram>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: %[[F:.+]] = qnn.observe %[[E]] {observer = #qnn.observer<noop>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: %[[G:.+]] = qnn.observe %[[F]] {observer = #qnn.observer<placeholder>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: return %[[G]]
func.func @observer_kinds_default(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<minmax>} : tensor<2x3x4x5xf32>
  %1 = qnn.observe %0 {observer = #qnn.observer<moving_average_minmax>} : tensor<2x3x4x5xf32>
  %2 = qnn.observe %1 {observer = #qnn.observer<per_channel_minmax>} : tensor<2x3x4x5xf32>
  %3 = qnn.observe %2 {observer = #qnn.observer<moving_average_per_channel_minmax>} : tensor<2x3x4x5xf32>
  %4 = qnn.observe %3 {observer = #qnn.observer<histogram>} : tensor<2x3x4x5xf32>
  %5 = qnn.observe %4 {observer = #qnn.observer<noop>} : tensor<2x3x4x5xf32>
  %6 = qnn.observe %5 {observer = #qnn.observer<placeholder>} : tensor<2x3x4x5xf32>
  return %6 : tensor<2x3x4x5xf32>
}

//===----------------------------------------------------------------------===//
// #qnn.observer: every kind with every field set to a non-default value.
// Fields are given in scrambled order; the printer uses a canonical order.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @observer_minmax_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric, reduce_range = true, quant_min = -64, quant_max = 63, averaging_constant = 5.000000e-01, ch_axis = 1, bins = 100, eps = 9.9999999999999995E-7, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_minmax_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, is_dynamic = true, eps = 1.0e-06, bins = 100, ch_axis = 1, averaging_constant = 0.5, quant_max = 63, quant_min = -64, reduce_range = true, qscheme = per_tensor_symmetric, dtype = qint8>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @observer_moving_average_minmax_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<moving_average_minmax, dtype = qint32, qscheme = per_tensor_symmetric, reduce_range = true, quant_min = -1000, quant_max = 1000, averaging_constant = 1.000000e+00, ch_axis = -1, bins = 1, eps = 1.000000e-03, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_moving_average_minmax_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax, quant_min = -1000, quant_max = 1000, dtype = qint32, averaging_constant = 1.0, reduce_range = true, qscheme = per_tensor_symmetric, bins = 1, ch_axis = -1, eps = 1.0e-3, is_dynamic = true>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @observer_per_channel_minmax_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, reduce_range = true, quant_min = -127, quant_max = 127, averaging_constant = 2.500000e-01, ch_axis = 1, bins = 4096, eps = 2.000000e-05, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_per_channel_minmax_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<per_channel_minmax, ch_axis = 1, dtype = qint8, qscheme = per_channel_symmetric, reduce_range = true, quant_min = -127, quant_max = 127, averaging_constant = 0.25, bins = 4096, eps = 2.0e-5, is_dynamic = true>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @observer_moving_average_per_channel_minmax_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_affine_float_qparams, reduce_range = true, quant_min = -8, quant_max = 7, averaging_constant = 1.250000e-01, ch_axis = 2, bins = 64, eps = 1.000000e-04, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_moving_average_per_channel_minmax_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_per_channel_minmax, is_dynamic = true, bins = 64, qscheme = per_channel_affine_float_qparams, dtype = qint8, reduce_range = true, quant_min = -8, quant_max = 7, averaging_constant = 0.125, ch_axis = 2, eps = 1.0e-4>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @observer_histogram_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<histogram, dtype = qint8, qscheme = per_tensor_symmetric, reduce_range = true, quant_min = -100, quant_max = 100, averaging_constant = 7.500000e-01, ch_axis = 3, bins = 256, eps = 1.500000e-06, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_histogram_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<histogram, bins = 256, reduce_range = true, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -100, quant_max = 100, averaging_constant = 0.75, ch_axis = 3, eps = 1.5e-6, is_dynamic = true>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @observer_noop_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<noop, dtype = quint8, qscheme = per_channel_affine, reduce_range = true, quant_min = 0, quant_max = 255, averaging_constant = 9.000000e-01, ch_axis = 1, bins = 10, eps = 1.000000e-02, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_noop_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<noop, eps = 1.0e-2, dtype = quint8, qscheme = per_channel_affine, reduce_range = true, quant_min = 0, quant_max = 255, averaging_constant = 0.9, ch_axis = 1, bins = 10, is_dynamic = true>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// CHECK-LABEL: func.func @observer_placeholder_all_fields
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<placeholder, dtype = float16, qscheme = per_tensor_symmetric, reduce_range = true, quant_min = -8, quant_max = 7, averaging_constant = 2.000000e-01, ch_axis = 1, bins = 32, eps = 1.000000e-08, is_dynamic = true>} : tensor<2x3x4x5xf32>
func.func @observer_placeholder_all_fields(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<placeholder, is_dynamic = true, dtype = float16, qscheme = per_tensor_symmetric, reduce_range = true, quant_min = -8, quant_max = 7, averaging_constant = 0.2, ch_axis = 1, bins = 32, eps = 1.0e-8>} : tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

//===----------------------------------------------------------------------===//
// #qnn.observer: fields spelled with their (per-kind) default values are
// omitted by the printer; non-default values relative to the kind are kept.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @observer_print_omits_defaults
// CHECK:      qnn.observe %{{.+}} {observer = #qnn.observer<minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<moving_average_minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<per_channel_minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<moving_average_per_channel_minmax>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<histogram>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<noop>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<placeholder>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<noop, dtype = float32>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<placeholder, dtype = float16>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<minmax, qscheme = per_tensor_symmetric>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<per_channel_minmax, qscheme = per_channel_symmetric>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: qnn.observe %{{.+}} {observer = #qnn.observer<histogram, quant_min = 0, quant_max = 255>} : tensor<2x3x4x5xf32>
// CHECK-NEXT: return
func.func @observer_print_omits_defaults(%x: tensor<2x3x4x5xf32>) -> tensor<2x3x4x5xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, dtype = quint8, qscheme = per_tensor_affine, reduce_range = false, averaging_constant = 0.01, ch_axis = 0, bins = 2048, eps = 1.1920928955078125e-07, is_dynamic = false>} : tensor<2x3x4x5xf32>
  %1 = qnn.observe %0 {observer = #qnn.observer<moving_average_minmax, dtype = quint8, qscheme = per_tensor_affine, reduce_range = false, averaging_constant = 0.01, ch_axis = 0, bins = 2048, eps = 1.1920928955078125e-07, is_dynamic = false>} : tensor<2x3x4x5xf32>
  %2 = qnn.observe %1 {observer = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine, dtype = quint8, reduce_range = false, averaging_constant = 0.01, ch_axis = 0, bins = 2048, is_dynamic = false, eps = 1.1920928955078125e-07>} : tensor<2x3x4x5xf32>
  %3 = qnn.observe %2 {observer = #qnn.observer<moving_average_per_channel_minmax, qscheme = per_channel_affine, dtype = quint8, ch_axis = 0>} : tensor<2x3x4x5xf32>
  %4 = qnn.observe %3 {observer = #qnn.observer<histogram, dtype = quint8, qscheme = per_tensor_affine, bins = 2048, reduce_range = false>} : tensor<2x3x4x5xf32>
  %5 = qnn.observe %4 {observer = #qnn.observer<noop, dtype = float16, is_dynamic = false>} : tensor<2x3x4x5xf32>
  %6 = qnn.observe %5 {observer = #qnn.observer<placeholder, dtype = float32, qscheme = per_tensor_affine>} : tensor<2x3x4x5xf32>
  %7 = qnn.observe %6 {observer = #qnn.observer<noop, dtype = float32>} : tensor<2x3x4x5xf32>
  %8 = qnn.observe %7 {observer = #qnn.observer<placeholder, dtype = float16>} : tensor<2x3x4x5xf32>
  %9 = qnn.observe %8 {observer = #qnn.observer<minmax, qscheme = per_tensor_symmetric, dtype = quint8>} : tensor<2x3x4x5xf32>
  %10 = qnn.observe %9 {observer = #qnn.observer<per_channel_minmax, qscheme = per_channel_symmetric, ch_axis = 0>} : tensor<2x3x4x5xf32>
  // An explicit range equal to the dtype's range is still printed: PyTorch
  // distinguishes a customized range from the default one.
  %11 = qnn.observe %10 {observer = #qnn.observer<histogram, quant_min = 0, quant_max = 255>} : tensor<2x3x4x5xf32>
  return %11 : tensor<2x3x4x5xf32>
}

// Floats that the short form cannot represent exactly are printed with full
// precision and stay stable over repeated roundtrips. PyTorch's printed
// float32 eps (1.19209290e-07) is not the exact default and is kept.
// CHECK-LABEL: func.func @observer_float_precision
// CHECK: qnn.observe %{{.+}} {observer = #qnn.observer<moving_average_minmax, averaging_constant = 0.123456789012345, eps = 1.1920929000000001E-7>} : tensor<4xf32>
func.func @observer_float_precision(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.observe %x {observer = #qnn.observer<moving_average_minmax, averaging_constant = 0.123456789012345, eps = 1.19209290e-07>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// #qnn.qconfig presets print back as their name.
//
// NOTE: x86 and x86_qat are not tested here: they expand to exactly the same
// attribute as fbgemm and fbgemm_qat (as in PyTorch 1.13), so they print back
// as `fbgemm` / `fbgemm_qat`, not as their own name as the attribute's
// documentation promises; see the report that came with this file.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @qconfig_presets
// CHECK:      qnn.relu %{{.+}} {name = "a", qconfig = #qnn.qconfig<fbgemm>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "b", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "c", qconfig = #qnn.qconfig<onednn>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "e", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "f", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "g", qconfig = #qnn.qconfig<onednn_qat>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "i", qconfig = #qnn.qconfig<dynamic>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "j", qconfig = #qnn.qconfig<float16_dynamic>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: qnn.relu %{{.+}} {name = "k", qconfig = #qnn.qconfig<none>} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: return
func.func @qconfig_presets(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x {name = "a", qconfig = #qnn.qconfig<fbgemm>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.relu %0 {name = "b", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.relu %1 {name = "c", qconfig = #qnn.qconfig<onednn>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.relu %2 {name = "e", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<4xf32> -> tensor<4xf32>
  %4 = qnn.relu %3 {name = "f", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<4xf32> -> tensor<4xf32>
  %5 = qnn.relu %4 {name = "g", qconfig = #qnn.qconfig<onednn_qat>} : tensor<4xf32> -> tensor<4xf32>
  %6 = qnn.relu %5 {name = "i", qconfig = #qnn.qconfig<dynamic>} : tensor<4xf32> -> tensor<4xf32>
  %7 = qnn.relu %6 {name = "j", qconfig = #qnn.qconfig<float16_dynamic>} : tensor<4xf32> -> tensor<4xf32>
  %8 = qnn.relu %7 {name = "k", qconfig = #qnn.qconfig<none>} : tensor<4xf32> -> tensor<4xf32>
  return %8 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// #qnn.qconfig spelled out field by field: equal to a preset prints the
// preset's name.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @qconfig_spelled_out_equals_preset
// CHECK:      qnn.relu %{{.+}} {name = "fbgemm", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "qnnpack", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "onednn", qconfig = #qnn.qconfig<onednn>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "fbgemm_qat", qconfig = #qnn.qconfig<fbgemm_qat>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "qnnpack_qat", qconfig = #qnn.qconfig<qnnpack_qat>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "onednn_qat", qconfig = #qnn.qconfig<onednn_qat>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "dynamic", qconfig = #qnn.qconfig<dynamic>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "float16_dynamic", qconfig = #qnn.qconfig<float16_dynamic>}
// CHECK-NEXT: return
func.func @qconfig_spelled_out_equals_preset(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x {name = "fbgemm", qconfig = #qnn.qconfig<
      activation = #qnn.observer<histogram, reduce_range = true>,
      weight = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.relu %0 {name = "qnnpack", qconfig = #qnn.qconfig<
      activation = #qnn.observer<histogram, reduce_range = false>,
      weight = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>>} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.relu %1 {name = "onednn", qconfig = #qnn.qconfig<
      activation = #qnn.observer<histogram>,
      weight = #qnn.observer<per_channel_minmax, qscheme = per_channel_symmetric, dtype = qint8>>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.relu %2 {name = "fbgemm_qat", qconfig = #qnn.qconfig<
      activation = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255, reduce_range = true>,
      weight = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>,
      fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  %4 = qnn.relu %3 {name = "qnnpack_qat", qconfig = #qnn.qconfig<
      activation = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>,
      weight = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>,
      fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  %5 = qnn.relu %4 {name = "onednn_qat", qconfig = #qnn.qconfig<
      activation = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>,
      weight = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>,
      fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  %6 = qnn.relu %5 {name = "dynamic", qconfig = #qnn.qconfig<
      activation = #qnn.observer<placeholder, dtype = quint8, is_dynamic = true>,
      weight = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>>} : tensor<4xf32> -> tensor<4xf32>
  %7 = qnn.relu %6 {name = "float16_dynamic", qconfig = #qnn.qconfig<
      activation = #qnn.observer<placeholder, dtype = float16, is_dynamic = true>,
      weight = #qnn.observer<placeholder, dtype = float16>>} : tensor<4xf32> -> tensor<4xf32>
  return %7 : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// #qnn.qconfig: custom configurations that match no preset are printed in
// full, with `fake_quant` last.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @qconfig_custom
// CHECK:      qnn.relu %{{.+}} {name = "custom_fq", qconfig = #qnn.qconfig<activation = #qnn.observer<moving_average_minmax, reduce_range = true, averaging_constant = 1.000000e-01>, weight = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, ch_axis = 1>, fake_quant>}
// CHECK-NEXT: qnn.relu %{{.+}} {name = "custom_ptq", qconfig = #qnn.qconfig<activation = #qnn.observer<histogram, reduce_range = true, bins = 1024>, weight = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>>}
// The fbgemm observers wrapped in fake-quant are not the fbgemm preset.
// CHECK-NEXT: qnn.relu %{{.+}} {name = "fbgemm_fq", qconfig = #qnn.qconfig<activation = #qnn.observer<histogram, reduce_range = true>, weight = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>, fake_quant>}
// The fbgemm_qat observers without fake-quant are not the fbgemm_qat preset.
// CHECK-NEXT: qnn.relu %{{.+}} {name = "fbgemm_qat_no_fq", qconfig = #qnn.qconfig<activation = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, weight = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>>}
// CHECK-NEXT: return
func.func @qconfig_custom(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x {name = "custom_fq", qconfig = #qnn.qconfig<
      activation = #qnn.observer<moving_average_minmax, averaging_constant = 0.1, reduce_range = true>,
      weight = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, ch_axis = 1>,
      fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.relu %0 {name = "custom_ptq", qconfig = #qnn.qconfig<
      activation = #qnn.observer<histogram, bins = 1024, reduce_range = true>,
      weight = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>>} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.relu %1 {name = "fbgemm_fq", qconfig = #qnn.qconfig<
      activation = #qnn.observer<histogram, reduce_range = true>,
      weight = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>,
      fake_quant>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.relu %2 {name = "fbgemm_qat_no_fq", qconfig = #qnn.qconfig<
      activation = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255, reduce_range = true>,
      weight = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>>} : tensor<4xf32> -> tensor<4xf32>
  return %3 : tensor<4xf32>
}
