// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// Adaptive bins that are not uniform (7 -> 3: [0, 3), [2, 5), [4, 7)) read
// the input through tensor.extract at start[o] + j, skipping j >= size[o].
// CHECK-LABEL: func.func @adaptive_avg_nonuniform
// CHECK-DAG:   arith.constant dense<[0, 2, 4]> : tensor<3xi64>
// CHECK-DAG:   arith.constant dense<3> : tensor<3xi64>
// CHECK:       linalg.generic
// CHECK-SAME:  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK:       tensor.extract
// CHECK:       arith.select
// The quantized average: the raw storage sum times 1 / (kh * kw) = 1 / 6.
// CHECK:       arith.constant dense<0.166666672> : tensor<3x3xf32>
// CHECK:       arith.sitofp
// CHECK-NEXT:  arith.mulf
func.func @adaptive_avg_nonuniform(%x: tensor<1x2x7x6x!quant.uniform<i8:f32, 0.05:-3>>)
    -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:-3>> {
  %0 = qnn.adaptive_avg_pool2d %x {name = "p", output_size = array<i64: 3, 3>}
      : tensor<1x2x7x6x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:-3>>
  return %0 : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// Float adaptive averages divide by each bin size in turn (sum / kh / kw).
// CHECK-LABEL: func.func @adaptive_avg_float
// CHECK:       linalg.generic
// CHECK:       arith.divf
// CHECK-NEXT:  arith.divf
func.func @adaptive_avg_float(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x2x3xf32> {
  %0 = qnn.adaptive_avg_pool2d %x {name = "p", output_size = array<i64: 2, 3>}
      : tensor<1x2x6x6xf32> -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

// Quantized max pools compare the storage values (unsigned for quint8).
// CHECK-LABEL: func.func @max_pool3d_quint8
// CHECK:       tensor.pad
// CHECK:       linalg.generic
// CHECK-SAME:  iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK:       arith.maxui
func.func @max_pool3d_quint8(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.05:3>>)
    -> tensor<1x2x3x3x3x!quant.uniform<u8:f32, 0.05:3>> {
  %0 = qnn.max_pool3d %x {name = "p", kernel_size = array<i64: 2, 2, 2>, stride = array<i64: 2, 2, 2>,
                          padding = array<i64: 1, 1, 1>}
      : tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x2x3x3x3x!quant.uniform<u8:f32, 0.05:3>>
  return %0 : tensor<1x2x3x3x3x!quant.uniform<u8:f32, 0.05:3>>
}

// -----

// CHECK-LABEL: func.func @adaptive_max_float
// CHECK:       tensor.extract
// CHECK:       arith.maximumf
func.func @adaptive_max_float(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = qnn.adaptive_max_pool2d %x {name = "p", output_size = array<i64: 3, 3>}
      : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// A quantized average pool sums `q - zp` channels-last
// (linalg.pooling_nhwc_sum between transposes), in i16 when no window sum
// can leave it (9 elements x 255), padding with 0 (the centered zero point);
// QNNPACK's requantization then converts the i16 sum to f32.
// CHECK-LABEL: func.func @avg_pool_channels_last_i16
// CHECK:       linalg.transpose ins(%{{.*}} : tensor<1x8x5x5xi8>) outs(%{{.*}} : tensor<1x5x5x8xi8>) permutation = [0, 2, 3, 1]
// CHECK:       arith.extui
// CHECK:       arith.subi
// CHECK:       arith.trunci %{{.*}} : i32 to i16
// CHECK:       tensor.pad
// CHECK:       tensor.yield %c0_i16
// CHECK:       linalg.pooling_nhwc_sum {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x7x7x8xi16>, tensor<3x3xf32>) outs(%{{.*}} : tensor<1x5x5x8xi16>)
// CHECK:       linalg.transpose ins(%{{.*}} : tensor<1x5x5x8xi16>) outs(%{{.*}} : tensor<1x8x5x5xi16>) permutation = [0, 3, 1, 2]
// CHECK:       arith.sitofp %{{.*}} : i16 to f32
func.func @avg_pool_channels_last_i16(%x: tensor<1x8x5x5x!quant.uniform<u8:f32, 0.05:7>>)
    -> tensor<1x8x5x5x!quant.uniform<u8:f32, 0.05:7>> {
  %0 = qnn.avg_pool2d %x {name = "p", kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>}
      : tensor<1x8x5x5x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x8x5x5x!quant.uniform<u8:f32, 0.05:7>>
  return %0 : tensor<1x8x5x5x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// A window of 144 elements could leave i16 (144 x 255 > 32767): the sums
// stay i32.
// CHECK-LABEL: func.func @avg_pool_channels_last_i32
// CHECK-NOT:   i16
// CHECK:       linalg.pooling_nhwc_sum {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x12x12x4xi32>, tensor<12x12xf32>) outs(%{{.*}} : tensor<1x1x1x4xi32>)
// CHECK:       arith.sitofp %{{.*}} : i32 to f32
func.func @avg_pool_channels_last_i32(%x: tensor<1x4x12x12x!quant.uniform<u8:f32, 0.05:7>>)
    -> tensor<1x4x1x1x!quant.uniform<u8:f32, 0.05:7>> {
  %0 = qnn.adaptive_avg_pool2d %x {name = "p", output_size = array<i64: 1, 1>}
      : tensor<1x4x12x12x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x4x1x1x!quant.uniform<u8:f32, 0.05:7>>
  return %0 : tensor<1x4x1x1x!quant.uniform<u8:f32, 0.05:7>>
}
