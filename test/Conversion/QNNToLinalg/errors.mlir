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

func.func @not_lowered(%x: tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>> {
  %w = qnn.qconstant dense<1> : tensor<1x1x1x1xi8> -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>
  %p = arith.constant dense<1.0> : tensor<1xf32>
  // expected-error @+2 {{quantized conv_bn2d is not supported (run qnn-convert, which folds it)}}
  // expected-error @+1 {{failed to legalize operation 'qnn.conv_bn2d'}}
  %y = qnn.conv_bn2d %x, %w, bn(%p, %p, %p, %p) : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>
  return %y : tensor<1x1x4x4x!quant.uniform<u8:f32, 0.1:128>>
}
