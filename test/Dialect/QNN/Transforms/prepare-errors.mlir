// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-prepare
// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-prepare-qat

// PyTorch's assert_valid_qconfig: ConvTranspose has no per-channel weight
// observer (fbgemm, onednn, x86 and their QAT variants are per-channel).

func.func @conv_transpose2d_per_channel(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{per-channel weight observers are not supported for conv_transpose (PyTorch's assert_valid_qconfig); use a per-tensor weight observer}}
  %0 = qnn.conv_transpose2d %x, %w {name = "up", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @conv_transpose1d_per_channel_qat(%x: tensor<1x2x3xf32>, %w: tensor<2x2x1xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{per-channel weight observers are not supported for conv_transpose}}
  %0 = qnn.conv_transpose1d %x, %w {name = "up", qconfig = #qnn.qconfig<onednn_qat>} : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  return %0 : tensor<1x2x3xf32>
}

// -----

func.func @conv_transpose3d_per_channel(%x: tensor<1x1x2x2x2xf32>, %w: tensor<1x2x1x1x1xf32>) -> tensor<1x2x2x2x2xf32> {
  // expected-error @+1 {{per-channel weight observers are not supported for conv_transpose}}
  %0 = qnn.conv_transpose3d %x, %w {name = "up", qconfig = #qnn.qconfig<activation = #qnn.observer<minmax>, weight = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>>} : (tensor<1x1x2x2x2xf32>, tensor<1x2x1x1x1xf32>) -> tensor<1x2x2x2x2xf32>
  return %0 : tensor<1x2x2x2x2xf32>
}

// -----

// A statically quantized op needs a weight observer that records statistics.
func.func @weight_placeholder(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{the weight observer of a statically quantized op must record statistics}}
  %0 = qnn.linear %x, %w {name = "fc", qconfig = #qnn.qconfig<activation = #qnn.observer<minmax>, weight = #qnn.observer<placeholder, dtype = float16>>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
