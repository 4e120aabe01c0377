// Lane-indexed dots (aarch64-neon-dotprod): the K loop loads 16 bytes of
// each row of A at once (four k groups) and feeds group i to sdot from i32
// lane i (`sdot v.4s, v.16b, v.4b[i]`), instead of one broadcast load per
// group and row. Ranges that are not a multiple of four groups finish with
// a one-group loop.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=aarch64-neon-dotprod | FileCheck %s
// RUN: qnn-compile %s --function=whole --target=aarch64-neon-dotprod --emit=asm -o - | FileCheck %s --check-prefix=ASM
// REQUIRES: x86-registered-target, aarch64-registered-target

// K = 64: 16 groups, four at a time, no remainder loop.
// CHECK-LABEL: func.func @whole
// CHECK: scf.for %{{.+}} = %{{.+}} to %c16{{.*}} step %c4
// CHECK-COUNT-4: vector.load %{{.+}} : memref<{{[0-9]+}}xi8>, vector<16xi8>
// CHECK: vector.shuffle %{{.+}} [0, 0, 0, 0] : vector<4xi32>, vector<4xi32>
// CHECK: arm_neon.intr.sdot
// CHECK: vector.shuffle %{{.+}} [3, 3, 3, 3] : vector<4xi32>, vector<4xi32>
// CHECK: scf.yield
// CHECK-NOT: scf.for
// CHECK: return
// ASM-LABEL: whole:
// ASM: sdot v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.4b[0]
// ASM: sdot v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.4b[3]
func.func @whole(%x: tensor<4x64x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x64xi8> -> tensor<16x64x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "whole"}
      : (tensor<4x64x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x64x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 24: 6 groups, four by lanes, then two one at a time (broadcast
// loads).
// CHECK-LABEL: func.func @tail
// CHECK: %[[MAIN:.+]]:16 = scf.for %{{.+}} = %{{.+}} to %c4{{.*}} step %c4
// CHECK: vector.shuffle
// CHECK: scf.for %{{.+}} = %c4{{.*}} to %c6{{.*}} step %c1{{.*}} iter_args(%{{.+}} = %[[MAIN]]#0,
// CHECK-NOT: vector.shuffle
// CHECK: vector.load %{{.+}} : memref<{{[0-9]+}}xi8>, vector<4xi8>
// CHECK: vector.broadcast %{{.+}} : i32 to vector<4xi32>
// CHECK: arm_neon.intr.sdot
func.func @tail(%x: tensor<4x24x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x24xi8> -> tensor<16x24x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "tail"}
      : (tensor<4x24x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x24x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 4096 (a 64 KiB panel): K blocks are whole multiples of four groups
// (344), so each block runs the lane-indexed loop alone.
// CHECK-LABEL: func.func @blocked
// CHECK: scf.for %[[B:.+]] = %{{.*}} to %c3
// CHECK: arith.muli %{{.+}}, %c344
// CHECK: arith.minui %{{.*}}, %c1024
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %c4
// CHECK: vector.shuffle
// CHECK: scf.yield
// CHECK-NOT: scf.for
// CHECK: scf.if
func.func @blocked(%x: tensor<4x4096x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x4096xi8> -> tensor<16x4096x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "blocked"}
      : (tensor<4x4096x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x4096x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}
