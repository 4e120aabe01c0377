// RUN: qnn-opt %s -split-input-file --qnn-convert | FileCheck %s

// Declarations have no body to convert.
// CHECK-LABEL: func.func private @decl
func.func private @decl(tensor<4xf32>) -> tensor<4xf32>

// -----

// A quantized argument returned as is stays quantized.
// CHECK-LABEL: func.func @qarg
// CHECK-NEXT: return %{{.*}} : tensor<4x!quant.uniform<u8:f32, 1.000000e-01:128>>
func.func @qarg(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x!quant.uniform<u8:f32, 0.1:128>> {
  return %x : tensor<4x!quant.uniform<u8:f32, 0.1:128>>
}
