// Window rows that read only padding: a 2-D conv read in place whose canvas
// padding is 0 in the kernel's domain (an 8-bit kernel and input zero point
// 0, or any 16-bit kernel, which computes in x - zp) runs, per row tile, only
// the window rows [lo, hi) that touch the input for some of the tile's output
// rows; a tile across two images runs all of them. The windows here are one
// column wide, so row tiles run over the whole M dimension (wider windows
// also tile by output row: padding-cols.mlir).
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s --check-prefix=AVX2

// Two 6x6 outputs, padding 1: canvas rows [1, 7) hold the input.
// CHECK-LABEL: func.func @skip
// CHECK: scf.for %[[M0:.+]] = %{{.*}} to %c72 step %c4
// CHECK: arith.ceildivsi
// CHECK: %[[LO:.+]] = arith.minsi %{{.*}}, %c2
// CHECK: arith.ceildivsi
// CHECK: %[[HI:.+]] = arith.maxsi
// CHECK: arith.divui %[[M0]], %c36
// CHECK: %[[SPANS:.+]] = arith.cmpi ne
// CHECK: %[[FROM:.+]] = arith.select %[[SPANS]], %{{.*}}, %[[LO]]
// CHECK: %[[TO:.+]] = arith.select %[[SPANS]], %{{.*}}, %[[HI]]
// CHECK: scf.for %{{.*}} = %[[FROM]] to %[[TO]] step
// CHECK: vpdpbusd
// AVX2-LABEL: func.func @skip
// AVX2: arith.ceildivsi
func.func @skip(%x: tensor<2x8x6x6x!quant.uniform<u8:f32, 0.02>>) -> tensor<2x16x6x6x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x3x1xi8> -> tensor<16x8x3x1x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv", padding = array<i64: 1, 0>}
      : (tensor<2x8x6x6x!quant.uniform<u8:f32, 0.02>>, tensor<16x8x3x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<2x16x6x6x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<2x16x6x6x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// Zero point 3: the 8-bit kernel's padding bytes are 3, every tile runs
// every window row. The 16-bit kernel's padding is 0 (stride 2: no
// Winograd), so it still skips.
// CHECK-LABEL: func.func @zero_point
// CHECK-NOT: arith.ceildivsi
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step
// CHECK: vpdpbusd
// AVX2-LABEL: func.func @zero_point
// AVX2: arith.ceildivsi
// AVX2: pmadd.wd
func.func @zero_point(%x: tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:3>>) -> tensor<1x16x3x3x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x3x1xi8> -> tensor<16x8x3x1x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_zp", padding = array<i64: 1, 0>, stride = array<i64: 2, 2>}
      : (tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x8x3x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x3x3x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x3x3x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// K-blocked (960 channels: 3 window rows x 3 parts): a tile runs the blocks
// of its window rows only, its first block starts from the offsets and its
// last runs the epilogue.
// CHECK-LABEL: func.func @blocked
// CHECK: scf.for %[[B:.+]] = %{{.*}} to %c9
// CHECK: %[[SEG:.+]] = arith.divui %[[B]], %c3
// CHECK: %[[PART:.+]] = arith.remui %[[B]], %c3
// CHECK: scf.for %{{.*}} = %{{.*}} to %c24 step %c4
// CHECK: %[[LO:.+]] = arith.select
// CHECK: %[[HI:.+]] = arith.select
// CHECK: arith.cmpi eq, %[[SEG]], %[[LO]]
// CHECK: arith.cmpi eq, %[[PART]], %c0
// CHECK: %[[FIRST:.+]] = arith.andi
// CHECK: %[[LAST:.+]] = arith.andi
// CHECK: %[[GE:.+]] = arith.cmpi sge, %[[SEG]], %[[LO]]
// CHECK: %[[LT:.+]] = arith.cmpi slt, %[[SEG]], %[[HI]]
// CHECK: %[[IN:.+]] = arith.andi %[[GE]], %[[LT]]
// CHECK: scf.if %[[IN]] {
// CHECK: scf.if %[[FIRST]]
// CHECK: vpdpbusd
// CHECK: scf.if %[[LAST]]
func.func @blocked(%x: tensor<1x960x5x5x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x960x3x1xi8> -> tensor<16x960x3x1x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_blocked", padding = array<i64: 1, 0>}
      : (tensor<1x960x5x5x!quant.uniform<u8:f32, 0.02>>, tensor<16x960x3x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>>
}
