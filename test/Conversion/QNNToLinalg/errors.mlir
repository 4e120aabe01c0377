// RUN: qnn-opt %s -split-input-file --qnn-to-linalg -verify-diagnostics

func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @-1 {{qnn-to-linalg needs static shapes}}
  %y = qnn.relu %x : tensor<?xf32> -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

func.func @fake_quant_without_state(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{has no scale/zero_point to fake-quantize with}}
  // expected-error @+1 {{failed to legalize operation 'qnn.fake_quant'}}
  %y = qnn.fake_quant %x {observer = #qnn.observer<moving_average_minmax>} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @not_lowered(%x: tensor<1x4x4x4x4xf32>, %w: tensor<2x2x1x1x1xf32>) -> tensor<1x2x4x4x4xf32> {
  // expected-error @+2 {{grouped 3-D convolution is not supported}}
  // expected-error @+1 {{failed to legalize operation 'qnn.conv3d'}}
  %y = qnn.conv3d %x, %w {groups = 2 : i64} : (tensor<1x4x4x4x4xf32>, tensor<2x2x1x1x1xf32>) -> tensor<1x2x4x4x4xf32>
  return %y : tensor<1x2x4x4x4xf32>
}
