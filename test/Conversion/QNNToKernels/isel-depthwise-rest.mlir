// Depthwise channels past the last whole split block: 48 channels on
// AVX-512 are one split block of 32 (taps interleaved within 128-bit lanes,
// vpunpck*wd) and one block of 16 whose tap pairs are interleaved across
// lanes (vpermt2w). Before, any channel count that is not a multiple of 32
// ran every block the second way. (Bit-exactness: the e2e case
// depthwise_split_rest in python/tests/test_microkernels.py.) The weights
// have a zero point (1), which keeps this on the 16-bit pair kernel: the
// byte quad kernel (isel-depthwise-quads.mlir) takes only zero-point-0
// weights.
// RUN: qnn-compile %s --target=x86-64-avx512vnni --emit=asm -o - | FileCheck %s
// REQUIRES: x86-registered-target

// CHECK-LABEL: __qnn_depthwise_rest_workspace:
// CHECK-DAG: vpunpcklwd {{.*}}%zmm
// CHECK-DAG: vpunpckhwd {{.*}}%zmm
// CHECK-DAG: vpermt2w {{.*}}%zmm
func.func @depthwise_rest(%x: tensor<1x48x10x10xf32>) -> tensor<1x48x10x10xf32> {
  %w = qnn.qconstant dense<3> : tensor<48x1x3x3xi8> -> tensor<48x1x3x3x!quant.uniform<i8:f32, 0.01:1>>
  %q = qnn.quantize %x : tensor<1x48x10x10xf32> -> tensor<1x48x10x10x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "dw", groups = 48 : i64, padding = array<i64: 1, 1>}
      : (tensor<1x48x10x10x!quant.uniform<u8:f32, 0.02:3>>, tensor<48x1x3x3x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x48x10x10x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x48x10x10x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x48x10x10xf32>
  return %y : tensor<1x48x10x10xf32>
}
