// AArch64 i8mm (aarch64-neon-i8mm): USMMLA multiplies a 2 x 8 block of A
// (rows r and r + 1, u8) by an 8 x 2 block of B (s8) into a row-major 2 x 2
// block of i32 accumulators (MicroKernel::accRows = 2). The K loop's A
// operand is two rows' 8-byte k groups joined, B's operand two columns' k
// groups (packPanels' layout), and the accumulators go from the row view into
// that layout before the K loop and back after it ([0, 1, 4, 5] and
// [2, 3, 6, 7] of two row vectors, or of two accumulators).
// REQUIRES: aarch64-registered-target
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=aarch64-neon-i8mm | FileCheck %s
// RUN: qnn-compile %s --function=pairs --target=aarch64-neon-i8mm --emit=asm -o - | FileCheck %s --check-prefix=ASM

// A full 4 x 16 tile (2 row pairs x 8 column pairs: 16 accumulators),
// K = 64: 8 groups of 8.
// CHECK: memref.global "private" constant @__qnn_pairs_packed : memref<1x8x128xi8>
// CHECK-LABEL: func.func @pairs
// CHECK-COUNT-16: vector.shuffle %{{.+}}, %{{.+}} [{{0, 1, 4, 5|2, 3, 6, 7}}] : vector<4xi32>, vector<4xi32>
// CHECK: scf.for %{{.+}} = %c0{{.*}} to %c8{{.*}} step %c1
// CHECK-COUNT-2: vector.load %{{.+}} : memref<{{[0-9]+}}xi8>, vector<8xi8>
// CHECK: vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xi8>, vector<8xi8>
// CHECK-COUNT-2: vector.load %{{.+}} : memref<{{[0-9]+}}xi8>, vector<8xi8>
// CHECK: vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xi8>, vector<8xi8>
// CHECK-COUNT-8: vector.load %{{.+}} : memref<1x8x128xi8>, vector<16xi8>
// CHECK-COUNT-16: call @__qnn_intrinsic_llvm_aarch64_neon_usmmla_v4i32_v16i8
// CHECK: scf.yield
// CHECK-COUNT-16: vector.shuffle %{{.+}}, %{{.+}} [{{0, 1, 4, 5|2, 3, 6, 7}}] : vector<4xi32>, vector<4xi32>
// ASM-LABEL: pairs:
// ASM: usmmla v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b
// ASM-NOT: sdot
// ASM-NOT: smlal
func.func @pairs(%x: tensor<4x64x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:3>> {
  %w = qnn.qconstant dense<5> : tensor<16x64xi8> -> tensor<16x64x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "pairs"}
      : (tensor<4x64x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x64x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:3>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:3>>
}

// -----

// Three rows: the second row pair repeats row 2 (its second row is never
// stored), and only three rows leave the K loop.
// CHECK-LABEL: func.func @odd
// CHECK: scf.for
// CHECK-COUNT-4: call @__qnn_intrinsic_llvm_aarch64_neon_usmmla_v4i32_v16i8
// CHECK-NOT: call @__qnn_intrinsic
// CHECK: scf.yield
// CHECK-COUNT-3: vector.shuffle %{{.+}}, %{{.+}} [{{0, 1, 4, 5|2, 3, 6, 7}}] : vector<4xi32>, vector<4xi32>
// CHECK-NOT: vector.shuffle
// CHECK: return
func.func @odd(%x: tensor<3x16x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<3x4x!quant.uniform<u8:f32, 0.2:3>> {
  %w = qnn.qconstant dense<5> : tensor<4x16xi8> -> tensor<4x16x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "odd"}
      : (tensor<3x16x!quant.uniform<u8:f32, 0.1:128>>, tensor<4x16x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<3x4x!quant.uniform<u8:f32, 0.2:3>>
  return %y : tensor<3x4x!quant.uniform<u8:f32, 0.2:3>>
}

// -----

// Weights with a zero point take the 16-bit kernel (smlal), like dotprod.
// CHECK-LABEL: func.func @zero_point
// CHECK-NOT: usmmla
// CHECK: arm_neon.intr.smull
func.func @zero_point(%x: tensor<4x16x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x4x!quant.uniform<u8:f32, 0.2:3>> {
  %w = qnn.qconstant dense<5> : tensor<4x16xi8> -> tensor<4x16x!quant.uniform<i8:f32, 0.01:2>>
  %y = qnn.linear %x, %w {name = "zp"}
      : (tensor<4x16x!quant.uniform<u8:f32, 0.1:128>>, tensor<4x16x!quant.uniform<i8:f32, 0.01:2>>)
      -> tensor<4x4x!quant.uniform<u8:f32, 0.2:3>>
  return %y : tensor<4x4x!quant.uniform<u8:f32, 0.2:3>>
}
