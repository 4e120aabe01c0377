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

func.func @not_lowered(%x: tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.3, 0.2}>> {
  // expected-error @+2 {{qnn-to-linalg supports per-tensor requantize only}}
  // expected-error @+1 {{failed to legalize operation 'qnn.requantize'}}
  %y = qnn.requantize %x : tensor<2x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x3x!quant.uniform<i8:f32:0, {0.3, 0.2}>>
  return %y : tensor<2x3x!quant.uniform<i8:f32:0, {0.3, 0.2}>>
}
