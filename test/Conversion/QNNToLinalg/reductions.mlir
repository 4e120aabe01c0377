// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// Float softmax over the last dim (ATen's _vec_softmax_lastdim): Sleef's
// expf_u10 in FMA steps, the sum of eight strided lanes (e[l::8]) combined
// as a tree, then the product with 1 / sum.
// CHECK-LABEL: func.func @softmax_lastdim
// CHECK:       arith.maximumf
// CHECK:       arith.constant 1.44269502 : f32
// CHECK:       math.roundeven
// CHECK:       math.fma
// CHECK:       arith.bitcast
// CHECK-NOT:   math.exp
// CHECK:       tensor.extract_slice %{{.+}}[0, 0] [2, 3] [1, 8]
// CHECK:       tensor.extract_slice %{{.+}}[0, 7] [2, 2] [1, 8]
// CHECK:       arith.divf %{{.+}}, %{{.+}} : f32
// CHECK:       arith.mulf
func.func @softmax_lastdim(%x: tensor<2x20xf32>) -> tensor<2x20xf32> {
  %0 = qnn.softmax %x {name = "sm", dim = -1 : i64} : tensor<2x20xf32> -> tensor<2x20xf32>
  return %0 : tensor<2x20xf32>
}

// -----

// Another dim (ATen's _vec_softmax): columns 0..7 of the 10 inner ones
// fill a vector and use Sleef's exp, columns 8 and 9 libm's expf; the sum
// runs in order and the result is a division.
// CHECK-LABEL: func.func @softmax_middim
// CHECK:       linalg.index 2
// CHECK:       arith.cmpi ult
// CHECK:       math.fma
// CHECK:       math.exp
// CHECK:       arith.select
// CHECK-NOT:   extract_slice
// CHECK:       arith.divf
func.func @softmax_middim(%x: tensor<3x4x10xf32>) -> tensor<3x4x10xf32> {
  %0 = qnn.softmax %x {name = "sm", dim = 1 : i64} : tensor<3x4x10xf32> -> tensor<3x4x10xf32>
  return %0 : tensor<3x4x10xf32>
}

// -----

// quint8 in, (1/256, 0) out: QNNPACK's table in integers. 10 channels:
// qscale = 8388607: t[0] = lrint(8388607 * exp(-255 * 0.05)) = 24 (0x18),
// t[255] = 8388607 (0x7FFFFF), little-endian; index q + 255 - max, the i64 sum
// truncated to 32 bits, ((t << 8) + (sum >> 1)) / sum unsigned, min 255.
// CHECK-LABEL: func.func @softmax_qnnpack_table
// CHECK:       arith.constant dense<"0x18000000{{[0-9A-F]*}}FFFF7F00"> : tensor<256xi32>
// CHECK:       tensor.extract
// CHECK:       arith.extui {{.*}} : i32 to i64
// CHECK:       arith.trunci {{.*}} : i64 to i32
// CHECK:       arith.shli
// CHECK:       arith.shrui
// CHECK:       arith.divui
// CHECK:       arith.minui
// CHECK-NOT:   math.exp
func.func @softmax_qnnpack_table(%x: tensor<2x10x!quant.uniform<u8:f32, 0.05:120>>)
    -> tensor<2x10x!quant.uniform<u8:f32, 0.00390625>> {
  %0 = qnn.softmax %x {name = "sm", dim = 1 : i64}
      : tensor<2x10x!quant.uniform<u8:f32, 0.05:120>> -> tensor<2x10x!quant.uniform<u8:f32, 0.00390625>>
  return %0 : tensor<2x10x!quant.uniform<u8:f32, 0.00390625>>
}

// -----

// The same qparams with float_path (torch's other engines), or other output
// qparams: dequantize, the float softmax, quantize.
// CHECK-LABEL: func.func @softmax_float_path
// CHECK-NOT:   arith.divui
// CHECK:       math.fma
// CHECK-NOT:   arith.divui
// CHECK-LABEL: func.func @softmax_other_qparams
// CHECK-NOT:   arith.divui
// CHECK:       math.fma
// CHECK-NOT:   arith.divui
func.func @softmax_float_path(%x: tensor<2x10x!quant.uniform<u8:f32, 0.05:120>>)
    -> tensor<2x10x!quant.uniform<u8:f32, 0.00390625>> {
  %0 = qnn.softmax %x {name = "sm", dim = 1 : i64, float_path}
      : tensor<2x10x!quant.uniform<u8:f32, 0.05:120>> -> tensor<2x10x!quant.uniform<u8:f32, 0.00390625>>
  return %0 : tensor<2x10x!quant.uniform<u8:f32, 0.00390625>>
}
func.func @softmax_other_qparams(%x: tensor<2x10x!quant.uniform<u8:f32, 0.05:120>>)
    -> tensor<2x10x!quant.uniform<u8:f32, 0.004:0>> {
  %0 = qnn.softmax %x {name = "sm", dim = 1 : i64}
      : tensor<2x10x!quant.uniform<u8:f32, 0.05:120>> -> tensor<2x10x!quant.uniform<u8:f32, 0.004:0>>
  return %0 : tensor<2x10x!quant.uniform<u8:f32, 0.004:0>>
}

// -----

// qnn.mean: the i64 sum of the storage values, sitofp, a division by
// (float)n = 16, round half to even, back to the storage type.
// CHECK-LABEL: func.func @mean_inner
// CHECK:       arith.extui {{.*}} : i8 to i64
// CHECK:       arith.addi
// CHECK:       arith.sitofp {{.*}} : i64 to f32
// CHECK-NEXT:  arith.constant 1.600000e+01 : f32
// CHECK-NEXT:  arith.divf {{.*}} : f32
// CHECK-NEXT:  math.roundeven
// CHECK-NEXT:  arith.fptosi
// CHECK-NEXT:  arith.trunci {{.*}} : i64 to i8
// CHECK:       tensor.reshape {{.*}} -> tensor<2x3x1x1xi8>
func.func @mean_inner(%x: tensor<2x3x4x4x!quant.uniform<u8:f32, 0.05:3>>)
    -> tensor<2x3x1x1x!quant.uniform<u8:f32, 0.05:3>> {
  %0 = qnn.mean %x {name = "m", dims = array<i64: 2, 3>}
      : tensor<2x3x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<2x3x1x1x!quant.uniform<u8:f32, 0.05:3>>
  return %0 : tensor<2x3x1x1x!quant.uniform<u8:f32, 0.05:3>>
}

// -----

// qint8 storage is sign-extended.
// CHECK-LABEL: func.func @mean_qint8
// CHECK:       arith.extsi {{.*}} : i8 to i64
// CHECK-NOT:   tensor.reshape
func.func @mean_qint8(%x: tensor<2x6x!quant.uniform<i8:f32, 0.1:-1>>)
    -> tensor<2x!quant.uniform<i8:f32, 0.1:-1>> {
  %0 = qnn.mean %x {name = "m", dims = array<i64: -1>}
      : tensor<2x6x!quant.uniform<i8:f32, 0.1:-1>> -> tensor<2x!quant.uniform<i8:f32, 0.1:-1>>
  return %0 : tensor<2x!quant.uniform<i8:f32, 0.1:-1>>
}
