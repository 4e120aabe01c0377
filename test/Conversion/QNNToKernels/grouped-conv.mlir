// A grouped conv is one batched GEMM (GemmProblem::batch, one problem per
// group): its loop nest is emitted once, inside an scf.for over the groups,
// with one packed B ([groups * panels][k groups][panel]), one global of each
// epilogue constant (each group's channels padded to whole panels), and per
// group views of those constants and of the [m][cout] result's columns
// g * cout / groups. No per-group slices, GEMMs or concatenation.
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx512vnni winograd=false" | FileCheck %s --check-prefixes=CHECK,VNNI
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx2 winograd=false" | FileCheck %s --check-prefixes=CHECK,AVX2

// 8 groups of 8 channels: each group's channel run is whole k groups
// (4 bytes for vpdpbusd, 2 words for vpmaddwd), so A is the padded canvas
// read in place, one segment per window position (problem g at channel 8g).
// CHECK-COUNT-1: memref.global "private" constant @__qnn_g8_packed
// CHECK-NOT: @__qnn_g8_packed_
// VNNI-SAME: memref<8x18x256xi8>
// AVX2-SAME: memref<8x36x32xi16>
// CHECK-LABEL: func.func @grouped_in_place
// CHECK-NOT: tensor.extract_slice
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<1x8x8x64xi{{8|16}}> into tensor<4096xi
// CHECK: %[[B:.*]] = memref.get_global @__qnn_g8_packed
// CHECK: %[[OFF:.*]] = memref.get_global @__qnn_g8_offsets
// VNNI-SAME: memref<512xi32>
// AVX2-SAME: memref<128xi32>
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<36x64xi8>
// CHECK: scf.for %[[G:.*]] = %c0 to %c8 step %c1 {
// VNNI: memref.subview %[[OFF]][%{{.*}}] [64] [1]
// AVX2: memref.subview %[[OFF]][%{{.*}}] [16] [1]
// CHECK: memref.subview %[[OUT]][0, %{{.*}}] [36, 8] [1, 1] : memref<36x64xi8> to memref<36x8xi8, strided<[64, 1], offset: ?>>
// The window positions: a loop over the 9 segments.
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c9{{.*}} step %c1
// CHECK-NOT: scf.for %{{.*}} = %c0 to %c8 step %c1 {
// CHECK-NOT: tensor.concat
// CHECK: return
func.func @grouped_in_place(%x: tensor<1x64x6x6x!quant.uniform<u8:f32, 0.02:3>>)
    -> tensor<1x64x6x6x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<1> : tensor<64x8x3x3xi8> -> tensor<64x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "g8", groups = 8, padding = array<i64: 1, 1>}
      : (tensor<1x64x6x6x!quant.uniform<u8:f32, 0.02:3>>, tensor<64x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x64x6x6x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x64x6x6x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// 32 groups of 2 input channels, stride 2: not a whole vpdpbusd k group, so
// VNNI builds one group-major im2col [g][n][oh][ow][kh][kw][c] (K 18 padded
// to 20, problem g at rows 9g); AVX2's pairs still read in place.
// CHECK-COUNT-1: memref.global "private" constant @__qnn_g32_packed
// CHECK-NOT: @__qnn_g32_packed_
// VNNI-SAME: memref<32x5x256xi8>
// AVX2-SAME: memref<32x9x32xi16>
// CHECK-LABEL: func.func @grouped_im2col
// CHECK-NOT: tensor.extract_slice
// VNNI: tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2], [3, 4]] output_shape [1, 8, 8, 32, 2]
// VNNI: linalg.generic {{.*}} outs(%{{.*}} : tensor<32x1x3x3x3x3x2xi8>)
// VNNI: tensor.collapse_shape %{{.*}} : tensor<32x1x3x3x3x3x2xi8> into tensor<288x18xi8>
// VNNI: tensor.pad
// VNNI: tensor<288x18xi8> to tensor<288x20xi8>
// CHECK: %[[OUT:.*]] = memref.alloc() {{.*}} : memref<9x96xi8>
// CHECK: scf.for %[[G:.*]] = %c0 to %c32 step %c1 {
// CHECK: memref.subview %[[OUT]][0, %{{.*}}] [9, 3] [1, 1] : memref<9x96xi8> to memref<9x3xi8, strided<[96, 1], offset: ?>>
// CHECK-NOT: scf.for %{{.*}} = %c0 to %c32 step %c1 {
// CHECK-NOT: tensor.concat
// CHECK: return
func.func @grouped_im2col(%x: tensor<1x64x6x6x!quant.uniform<u8:f32, 0.02:3>>)
    -> tensor<1x96x3x3x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<1> : tensor<96x2x3x3xi8> -> tensor<96x2x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "g32", groups = 32, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x64x6x6x!quant.uniform<u8:f32, 0.02:3>>, tensor<96x2x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x96x3x3x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x96x3x3x!quant.uniform<u8:f32, 0.05:7>>
}
