// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for the activation modules: relu, relu6, hardswish,
// hardsigmoid, sigmoid, tanh, elu, leaky_relu, dropout, softmax and prelu.

//===----------------------------------------------------------------------===//
// qnn.relu
//===----------------------------------------------------------------------===//

func.func @relu_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.relu' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.relu %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @relu_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.relu' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.relu %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @relu_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.relu %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @relu_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.relu %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @relu_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.relu' op result must keep the input's quantization parameters '!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 2.000000e-02:128>'; use qnn.requantize to change them}}
  %0 = qnn.relu %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// The quantized kernel keeps the input's scale and zero point.
func.func @relu_requantizes(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.relu %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @relu_changes_storage_type(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<i8:f32, 2.000000e-02>'; use qnn.requantize to change them}}
  %0 = qnn.relu %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<i8:f32, 0.02>>
  return
}

// -----

// Per-axis results are rejected by the qparam comparison.
func.func @relu_per_axis_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>'; use qnn.requantize to change them}}
  %0 = qnn.relu %x : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

// Same qparams, but activations are quantized per tensor.
func.func @relu_per_axis_input_and_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.relu' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.relu %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.relu6
//===----------------------------------------------------------------------===//

func.func @relu6_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.relu6' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.relu6 %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @relu6_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.relu6' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.relu6 %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @relu6_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu6' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.relu6 %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @relu6_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.relu6' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.relu6 %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @relu6_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.relu6' op result must keep the input's quantization parameters '!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 2.000000e-02:128>'; use qnn.requantize to change them}}
  %0 = qnn.relu6 %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// The quantized kernel keeps the input's scale and zero point.
func.func @relu6_requantizes(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu6' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.relu6 %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @relu6_changes_storage_type(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu6' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<i8:f32, 2.000000e-02>'; use qnn.requantize to change them}}
  %0 = qnn.relu6 %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<i8:f32, 0.02>>
  return
}

// -----

// Per-axis results are rejected by the qparam comparison.
func.func @relu6_per_axis_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.relu6' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>'; use qnn.requantize to change them}}
  %0 = qnn.relu6 %x : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

// Same qparams, but activations are quantized per tensor.
func.func @relu6_per_axis_input_and_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.relu6' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.relu6 %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.hardswish
//===----------------------------------------------------------------------===//

func.func @hardswish_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.hardswish' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.hardswish %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @hardswish_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.hardswish' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.hardswish %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @hardswish_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.hardswish' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.hardswish %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @hardswish_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.hardswish' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.hardswish %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @hardswish_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.hardswish' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.hardswish %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.hardsigmoid
//===----------------------------------------------------------------------===//

func.func @hardsigmoid_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.hardsigmoid' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.hardsigmoid %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @hardsigmoid_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.hardsigmoid' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.hardsigmoid %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @hardsigmoid_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.hardsigmoid' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.hardsigmoid %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @hardsigmoid_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.hardsigmoid' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.hardsigmoid %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @hardsigmoid_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.hardsigmoid' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.hardsigmoid %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.sigmoid
//===----------------------------------------------------------------------===//

func.func @sigmoid_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.sigmoid' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.sigmoid %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @sigmoid_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.sigmoid' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.sigmoid %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @sigmoid_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.sigmoid' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.sigmoid %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @sigmoid_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.sigmoid' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.sigmoid %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @sigmoid_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.sigmoid' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.sigmoid %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.tanh
//===----------------------------------------------------------------------===//

func.func @tanh_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.tanh' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.tanh %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @tanh_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.tanh' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.tanh %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @tanh_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.tanh' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.tanh %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @tanh_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.tanh' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.tanh %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @tanh_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.tanh' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.tanh %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.elu
//===----------------------------------------------------------------------===//

func.func @elu_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.elu' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.elu %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @elu_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.elu' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.elu %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @elu_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.elu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.elu %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @elu_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.elu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.elu %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @elu_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.elu' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.elu %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @elu_alpha_integer(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.elu' op attribute 'alpha' failed to satisfy constraint: 64-bit float attribute}}
  %0 = qnn.elu %x {alpha = "one"} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.leaky_relu
//===----------------------------------------------------------------------===//

func.func @leaky_relu_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.leaky_relu' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.leaky_relu %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @leaky_relu_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.leaky_relu' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.leaky_relu %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @leaky_relu_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.leaky_relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.leaky_relu %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @leaky_relu_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.leaky_relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.leaky_relu %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @leaky_relu_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.leaky_relu' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.leaky_relu %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @leaky_relu_slope_f32(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.leaky_relu' op attribute 'negative_slope' failed to satisfy constraint: 64-bit float attribute}}
  %0 = qnn.leaky_relu %x {negative_slope = 0.1 : f32} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.dropout
//===----------------------------------------------------------------------===//

func.func @dropout_result_shape(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op result has shape [1, 8, 4, 2], expected [1, 8, 4, 4]}}
  %0 = qnn.dropout %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x2xf32>
  return
}

// -----

func.func @dropout_result_rank(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.dropout %x : tensor<1x8x4x4xf32> -> tensor<8x4x4xf32>
  return
}

// -----

func.func @dropout_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.dropout' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.dropout %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @dropout_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.dropout %x : tensor<1x8x4x4xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @dropout_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.dropout' op result must keep the input's quantization parameters '!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 2.000000e-02:128>'; use qnn.requantize to change them}}
  %0 = qnn.dropout %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// The quantized kernel keeps the input's scale and zero point.
func.func @dropout_requantizes(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.dropout' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.dropout %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @dropout_changes_storage_type(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.dropout' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<i8:f32, 2.000000e-02>'; use qnn.requantize to change them}}
  %0 = qnn.dropout %x : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<i8:f32, 0.02>>
  return
}

// -----

// Per-axis results are rejected by the qparam comparison.
func.func @dropout_per_axis_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.dropout' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>'; use qnn.requantize to change them}}
  %0 = qnn.dropout %x : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

// Same qparams, but activations are quantized per tensor.
func.func @dropout_per_axis_input_and_result(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.dropout' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.dropout %x : tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

func.func @dropout_p_above_one(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op dropout probability has to be between 0 and 1, but got 1.500000e+00}}
  %0 = qnn.dropout %x {p = 1.5} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @dropout_p_negative(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op dropout probability has to be between 0 and 1, but got -1.000000e-01}}
  %0 = qnn.dropout %x {p = -0.1} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @dropout_p_nan(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op dropout probability has to be between 0 and 1, but got nan}}
  %0 = qnn.dropout %x {p = 0x7FF8000000000000 : f64} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @dropout_p_integer(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.dropout' op attribute 'p' failed to satisfy constraint: 64-bit float attribute}}
  %0 = qnn.dropout %x {p = 1 : i64} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.softmax
//===----------------------------------------------------------------------===//

func.func @softmax_dim_too_large(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.softmax' op dim 2 is out of range for rank 2}}
  %0 = qnn.softmax %x {dim = 2 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return
}

// -----

func.func @softmax_dim_too_small(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.softmax' op dim -3 is out of range for rank 2}}
  %0 = qnn.softmax %x {dim = -3 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return
}

// -----

func.func @softmax_dim_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'qnn.softmax' op dim 1 is out of range for rank 1}}
  %0 = qnn.softmax %x {dim = 1 : i64} : tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @softmax_missing_dim(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.softmax' op requires attribute 'dim'}}
  %0 = qnn.softmax %x : tensor<2x10xf32> -> tensor<2x10xf32>
  return
}

// -----

func.func @softmax_result_shape(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.softmax' op result has shape [10, 2], expected [2, 10]}}
  %0 = qnn.softmax %x {dim = -1 : i64} : tensor<2x10xf32> -> tensor<10x2xf32>
  return
}

// -----

func.func @softmax_quantized_input_float_result(%x: tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.softmax' op input and result must both be float or both be quantized, got 'tensor<2x10x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<2x10xf32>'}}
  %0 = qnn.softmax %x {dim = 1 : i64} : tensor<2x10x!quant.uniform<u8:f32, 0.02:128>> -> tensor<2x10xf32>
  return
}

// -----

func.func @softmax_float_input_quantized_result(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.softmax' op input and result must both be float or both be quantized, got 'tensor<2x10xf32>' and 'tensor<2x10x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.softmax %x {dim = 1 : i64} : tensor<2x10xf32> -> tensor<2x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @softmax_per_axis_input(%x: tensor<4x2x!quant.uniform<u8:f32:0, {0.1, 0.2, 0.3, 0.4}>>) {
  // expected-error @+1 {{'qnn.softmax' op activations must be quantized per tensor, got 'tensor<4x2x!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>'}}
  %0 = qnn.softmax %x {dim = 1 : i64} : tensor<4x2x!quant.uniform<u8:f32:0, {0.1, 0.2, 0.3, 0.4}>> -> tensor<4x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.prelu
//===----------------------------------------------------------------------===//

// num_parameters must be 1 or the number of channels (dimension 1).
func.func @prelu_parameter_count(%x: tensor<1x8x4x4xf32>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.prelu' op mismatch of parameter numbers and input channel size: weight has 4 values, input has 8 channels}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @prelu_parameter_count_2d(%x: tensor<2x3xf32>, %a: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.prelu' op mismatch of parameter numbers and input channel size: weight has 2 values, input has 3 channels}}
  %0 = qnn.prelu %x, %a : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// A 1-D input has one channel.
func.func @prelu_parameter_count_1d_input(%x: tensor<8xf32>, %a: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.prelu' op mismatch of parameter numbers and input channel size: weight has 8 values, input has 1 channels}}
  %0 = qnn.prelu %x, %a : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @prelu_weight_rank_2(%x: tensor<1x8x4x4xf32>, %a: tensor<1x8xf32>) {
  // expected-error @+1 {{'qnn.prelu' op expects a 1-D weight, got [1, 8]}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4xf32>, tensor<1x8xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @prelu_weight_rank_0(%x: tensor<1x8x4x4xf32>, %a: tensor<f32>) {
  // expected-error @+1 {{'qnn.prelu' op expects a 1-D weight, got []}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4xf32>, tensor<f32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @prelu_result_shape(%x: tensor<1x8x4x4xf32>, %a: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.prelu' op result has shape [1, 8, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4xf32>
  return
}

// -----

func.func @prelu_quantized_input_float_result(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %a: tensor<8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.prelu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @prelu_float_input_quantized_result(%x: tensor<1x8x4x4xf32>, %a: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.prelu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @prelu_quantized_input_float_weight(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %a: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.prelu' op a quantized input needs a quantized weight, got 'tensor<8xf32>'}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<8xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// PReLU has no dynamically quantized form.
func.func @prelu_float_input_quantized_weight(%x: tensor<1x8x4x4xf32>, %a: tensor<8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.prelu' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.prelu %x, %a : (tensor<1x8x4x4xf32>, tensor<8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @prelu_per_axis_input(%x: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, %a: tensor<2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.prelu' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.prelu %x, %a : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, tensor<2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.hardtanh
//===----------------------------------------------------------------------===//

func.func @hardtanh_min_above_max(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.hardtanh' op min_val cannot be greater than max_val (2.000000e+00 > 1.000000e+00)}}
  %0 = qnn.hardtanh %x {min_val = 2.0 : f64, max_val = 1.0 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return
}

// -----

func.func @hardtanh_nan_bound(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.hardtanh' op min_val and max_val must not be NaN}}
  %0 = qnn.hardtanh %x {min_val = 0x7FF8000000000000 : f64} : tensor<2x10xf32> -> tensor<2x10xf32>
  return
}

// -----

func.func @hardtanh_result_shape(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.hardtanh' op result has shape [2, 5], expected [2, 10]}}
  %0 = qnn.hardtanh %x : tensor<2x10xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @hardtanh_changes_qparams(%x: tensor<2x10x!quant.uniform<u8:f32, 0.05:100>>) {
  // expected-error @+1 {{'qnn.hardtanh' op}}
  %0 = qnn.hardtanh %x : tensor<2x10x!quant.uniform<u8:f32, 0.05:100>> -> tensor<2x10x!quant.uniform<u8:f32, 0.1:100>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.gelu
//===----------------------------------------------------------------------===//

func.func @gelu_approximate(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.gelu' op approximate must be "none" or "tanh", got "erf"}}
  %0 = qnn.gelu %x {approximate = "erf"} : tensor<2x10xf32> -> tensor<2x10xf32>
  return
}

// -----

func.func @gelu_float_to_quantized(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.gelu' op input and result must both be float or both be quantized}}
  %0 = qnn.gelu %x : tensor<2x10xf32> -> tensor<2x10x!quant.uniform<u8:f32, 0.05:100>>
  return
}

// -----

func.func @gelu_result_shape(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.gelu' op result has shape [10], expected [2, 10]}}
  %0 = qnn.gelu %x : tensor<2x10xf32> -> tensor<10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.silu
//===----------------------------------------------------------------------===//

func.func @silu_quantized(%x: tensor<2x10x!quant.uniform<u8:f32, 0.05:100>>) {
  // expected-error @+1 {{'qnn.silu' op operand #0 must be ranked tensor of floating-point values}}
  %0 = qnn.silu %x : tensor<2x10x!quant.uniform<u8:f32, 0.05:100>> -> tensor<2x10xf32>
  return
}

// -----

func.func @silu_result_shape(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'qnn.silu' op result has shape [2, 9], expected [2, 10]}}
  %0 = qnn.silu %x : tensor<2x10xf32> -> tensor<2x9xf32>
  return
}
