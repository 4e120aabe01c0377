// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// permute is a linalg.transpose with the dims normalized; quantized tensors
// move their storage unchanged (no dequantize/requantize arithmetic).
// CHECK-LABEL: func.func @permute
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x4xf32>) -> tensor<1x3x2x4xf32>
// CHECK:      %[[E:.+]] = tensor.empty() : tensor<1x3x2x4xf32>
// CHECK-NEXT: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<1x2x3x4xf32>) outs(%[[E]] : tensor<1x3x2x4xf32>) permutation = [0, 2, 1, 3]
// CHECK-NEXT: return %[[T]]
func.func @permute(%x: tensor<1x2x3x4xf32>) -> tensor<1x3x2x4xf32> {
  %0 = qnn.permute %x {name = "p", dims = array<i64: 0, -2, 1, 3>} : tensor<1x2x3x4xf32> -> tensor<1x3x2x4xf32>
  return %0 : tensor<1x3x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @permute_quantized
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xi8>) -> tensor<3x2xi8>
// CHECK:      %[[E:.+]] = tensor.empty() : tensor<3x2xi8>
// CHECK-NEXT: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<2x3xi8>) outs(%[[E]] : tensor<3x2xi8>) permutation = [1, 0]
// CHECK-NEXT: return %[[T]]
func.func @permute_quantized(%x: tensor<2x3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<3x2x!quant.uniform<u8:f32, 0.1:3>> {
  %0 = qnn.permute %x {name = "t", dims = array<i64: 1, 0>}
      : tensor<2x3x!quant.uniform<u8:f32, 0.1:3>> -> tensor<3x2x!quant.uniform<u8:f32, 0.1:3>>
  return %0 : tensor<3x2x!quant.uniform<u8:f32, 0.1:3>>
}

// -----

// slice is a strided tensor.extract_slice: offsets = start, sizes = the
// result shape, strides = step (ones by default).
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x5x5xf32>)
// CHECK:      %[[A:.+]] = tensor.extract_slice %[[X]][0, 4, 0, 0] [1, 4, 5, 5] [1, 1, 1, 1] : tensor<1x8x5x5xf32> to tensor<1x4x5x5xf32>
// CHECK-NEXT: %[[B:.+]] = tensor.extract_slice %[[X]][0, 1, 2, 0] [1, 3, 2, 5] [1, 3, 2, 1] : tensor<1x8x5x5xf32> to tensor<1x3x2x5xf32>
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @slice(%x: tensor<1x8x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x3x2x5xf32>) {
  %0 = qnn.slice %x {name = "chunk.1", start = array<i64: 0, 4, 0, 0>, end = array<i64: 1, 8, 5, 5>}
      : tensor<1x8x5x5xf32> -> tensor<1x4x5x5xf32>
  %1 = qnn.slice %x {name = "strided", start = array<i64: 0, 1, 2, 0>, end = array<i64: 1, 8, 5, 5>,
                     step = array<i64: 1, 3, 2, 1>} : tensor<1x8x5x5xf32> -> tensor<1x3x2x5xf32>
  return %0, %1 : tensor<1x4x5x5xf32>, tensor<1x3x2x5xf32>
}

// -----

// CHECK-LABEL: func.func @slice_quantized
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x6xi8>) -> tensor<1x3x6xi8>
// CHECK-NEXT: %[[S:.+]] = tensor.extract_slice %[[X]][1, 0, 0] [1, 3, 6] [1, 1, 1] : tensor<2x3x6xi8> to tensor<1x3x6xi8>
// CHECK-NEXT: return %[[S]]
func.func @slice_quantized(%x: tensor<2x3x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x6x!quant.uniform<i8:f32, 0.1>> {
  %0 = qnn.slice %x {name = "h", start = array<i64: 1, 0, 0>, end = array<i64: 2, 3, 6>}
      : tensor<2x3x6x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x6x!quant.uniform<i8:f32, 0.1>>
  return %0 : tensor<1x3x6x!quant.uniform<i8:f32, 0.1>>
}

// -----

// pad fills the result with the pad value (quantized: quantize_val(0.5) with
// the input's qparams, 128 + rint(0.5 * (1 / 0.05)) = 138) and inserts the
// input at the low padding (pad lists the last dimension first).
// CHECK-LABEL: func.func @pad_quantized
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3xi8>) -> tensor<1x5x4xi8>
// CHECK:      %[[E:.+]] = tensor.empty() : tensor<1x5x4xi8>
// CHECK-NEXT: %[[V:.+]] = arith.constant -118 : i8
// CHECK-NEXT: %[[F:.+]] = linalg.fill ins(%[[V]] : i8) outs(%[[E]] : tensor<1x5x4xi8>)
// CHECK-NEXT: %[[R:.+]] = tensor.insert_slice %[[X]] into %[[F]][0, 2, 1] [1, 2, 3] [1, 1, 1]
// CHECK-NEXT: return %[[R]]
func.func @pad_quantized(%x: tensor<1x2x3x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<1x5x4x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.pad %x {name = "pad", pad = array<i64: 1, 0, 2, 1>, value = 0.5 : f64}
      : tensor<1x2x3x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x5x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0 : tensor<1x5x4x!quant.uniform<u8:f32, 0.05:128>>
}
