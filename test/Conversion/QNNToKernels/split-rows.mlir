// The GEMM emitter marks its panel loop qnn.split_rows when the GEMM has
// more rows (output pixels) than columns (output channels), so that
// qnn-parallelize splits the rows around the panels (docs/MicroKernels.md,
// step 7); with fewer rows than channels the mark is absent and the panels
// stay the split's candidate.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s

// 16 x 16 = 256 pixels, 128 channels.
// CHECK-LABEL: func.func @many_rows
// CHECK: } {qnn.parallel, qnn.split_rows}
func.func @many_rows(%x: tensor<1x64x16x16xf32>) -> tensor<1x128x16x16xf32> {
  %w = qnn.qconstant dense<3> : tensor<128x64x1x1xi8> -> tensor<128x64x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x64x16x16xf32> -> tensor<1x64x16x16x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "many_rows"}
      : (tensor<1x64x16x16x!quant.uniform<u8:f32, 0.02:3>>, tensor<128x64x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x128x16x16x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x128x16x16x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x128x16x16xf32>
  return %y : tensor<1x128x16x16xf32>
}

// -----

// 8 x 8 = 64 pixels, 128 channels.
// CHECK-LABEL: func.func @few_rows
// CHECK-NOT: qnn.split_rows
// CHECK: } {qnn.parallel}
// CHECK-NOT: qnn.split_rows
func.func @few_rows(%x: tensor<1x64x8x8xf32>) -> tensor<1x128x8x8xf32> {
  %w = qnn.qconstant dense<3> : tensor<128x64x1x1xi8> -> tensor<128x64x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x64x8x8xf32> -> tensor<1x64x8x8x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "few_rows"}
      : (tensor<1x64x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<128x64x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x128x8x8x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x128x8x8x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x128x8x8xf32>
  return %y : tensor<1x128x8x8xf32>
}
