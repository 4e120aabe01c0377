// K blocking: when a panel of packed B (K x 64 bytes for vpdpbusd) exceeds
// 48 KiB (40 KiB for the 16-bit kernels), K is split into blocks of about 24 KiB of the panel. Each block
// runs over every row tile while it stays in L1; the first block starts
// from zero, later ones resume from i32 partial sums, and only the last one
// runs the epilogue. Smaller panels keep one K loop. While a block runs,
// every row tile prefetches (into L2) one line of each k group of the next
// block, clamped to the end of the packed weights.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s

// K = 1024: a 64 KiB panel in 3 blocks of at most 86 k groups.
// CHECK-LABEL: func.func @blocked
// CHECK: %[[P:.+]] = memref.alloc() {alignment = 64 : i64} : memref<4x64xi32>
// CHECK: %[[FLAT:.+]] = memref.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : memref<1x256x256xi8> into memref<65536xi8>
// CHECK: scf.for %[[B:.+]] = %{{.*}} to %c3
// CHECK: %[[SEG:.+]] = arith.divui %[[B]]
// CHECK: %[[PART:.+]] = arith.remui %[[B]]
// CHECK: arith.minui %{{.*}}, %c256
// CHECK: arith.cmpi eq, %[[SEG]], %c0
// CHECK: arith.cmpi eq, %[[PART]], %c0
// CHECK: %[[FIRST:.+]] = arith.andi
// CHECK: arith.cmpi eq, %[[PART]], %c2
// CHECK: %[[LAST:.+]] = arith.andi
// CHECK-NOT: scf.if
// CHECK: scf.if %[[FIRST]]
// CHECK: } else {
// CHECK: vector.load %[[P]]
// One block (86 groups of 256 bytes) ahead.
// CHECK: %[[AHEAD:.+]] = arith.addi %c22016,
// CHECK: scf.for
// CHECK: %[[AT:.+]] = arith.addi %{{.*}}, %[[AHEAD]]
// CHECK: %[[CLAMPED:.+]] = arith.minui %[[AT]], %c65535
// CHECK: memref.prefetch %[[FLAT]][%[[CLAMPED]]], read, locality<2>, data
// CHECK: vpdpbusd
// CHECK: scf.if %[[LAST]] {
// CHECK: call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: } else {
// CHECK: vector.store %{{.*}}, %[[P]]
func.func @blocked(%x: tensor<4x1024x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x1024xi8> -> tensor<16x1024x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc"}
      : (tensor<4x1024x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x1024x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 512: a 32 KiB panel, one K loop, no partial sums.
// CHECK-LABEL: func.func @unblocked
// CHECK-NOT: memref<4x64xi32>
// CHECK-NOT: memref.prefetch
// CHECK-NOT: scf.if
// CHECK: vpdpbusd
// CHECK-NOT: scf.if
// CHECK: return
func.func @unblocked(%x: tensor<4x512x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x512xi8> -> tensor<16x512x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc2"}
      : (tensor<4x512x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x512x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 768: a 48 KiB panel is still one K loop for the byte kernel.
// CHECK-LABEL: func.func @unblocked48
// CHECK-NOT: memref.prefetch
// CHECK-NOT: scf.if
// CHECK: vpdpbusd
// CHECK-NOT: scf.if
// CHECK: return
func.func @unblocked48(%x: tensor<4x768x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x768xi8> -> tensor<16x768x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc3"}
      : (tensor<4x768x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x768x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 772: 193 k groups, just over 48 KiB: blocked.
// CHECK-LABEL: func.func @blocked49
// CHECK: memref.prefetch
// CHECK: vpdpbusd
// CHECK: return
func.func @blocked49(%x: tensor<4x772x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x772xi8> -> tensor<16x772x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc4"}
      : (tensor<4x772x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x772x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}
