// A per-channel weight is not a torch conv_transpose: the micro-kernel
// declines and the reference lowering reports it, on every target.
// RUN: qnn-opt %s --qnn-to-kernels=target=x86-64-avx2 -verify-diagnostics
// RUN: qnn-opt %s --qnn-to-linalg -verify-diagnostics
!x = tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:3>>
!w = tensor<2x3x2x2x!quant.uniform<i8:f32:0, {0.01, 0.02}>>
!y = tensor<1x3x5x5x!quant.uniform<u8:f32, 0.05:7>>
func.func @per_axis(%x: !x) -> !y {
  %w = qnn.qconstant dense<1> : tensor<2x3x2x2xi8> -> !w
  // expected-error @+2 {{quantized conv_transpose needs a per-tensor quantized weight}}
  // expected-error @+1 {{failed to legalize operation 'qnn.conv_transpose2d'}}
  %y = qnn.conv_transpose2d %x, %w {name = "pa"} : (!x, !w) -> !y
  return %y : !y
}
