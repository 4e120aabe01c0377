// The residual add fused into a conv's GEMM epilogue, in its folded form
// (GemmEmitter.cpp: foldAdd, residualSum, packRowStore; docs/MicroKernels.md):
// with A = zpp + qa * am + qb * bm, QNNPACK's rounded shift plus the output
// zero point is (A - (A < 0) + 2^(s-1) + zo * 2^s) >> s, the (A < 0) term
// dropped when the clamp's lower bound is >= zo, all constants in one add.
// On AVX-512 a row's four full vectors are clamped and narrowed by
// vpackssdw + vpackuswb and put back in order by one dword shuffle.
// Here conv and residual scales are half the sum's: shift 22, am = bm = 2^21,
// zpp = -2^21 * (7 + 120); every odd qa + qb - 127 is an exact tie (the
// tie values themselves: python/tests/test_microkernels.py residual_ties_*;
// every pair of every shift: scripts/check-residual-add-fold.cpp).
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx512vnni" | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx2" | FileCheck %s --check-prefix=AVX2

!x = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.04:7>>
!d = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.04:120>>
!s = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.08:0>>
!w1 = tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>

// add_relu, zo = 0: A + 2^21 >> 22 (-2^21 * 127 + 2^21 = -264241152), no
// sign term, no clamp before the packs.
// CHECK-LABEL: func.func @relu_zero
// CHECK: %[[Q:.+]] = arith.addi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: %[[R:.+]] = arith.extui %{{.*}} : vector<16xi8> to vector<16xi32>
// CHECK: %[[AM:.+]] = arith.constant dense<2097152> : vector<16xi32>
// CHECK: %[[QA:.+]] = arith.muli %[[Q]], %[[AM]] : vector<16xi32>
// CHECK: %[[RB:.+]] = arith.muli %[[R]], %{{.*}} : vector<16xi32>
// CHECK: %[[P:.+]] = arith.addi %[[QA]], %[[RB]] : vector<16xi32>
// CHECK: %[[BASE:.+]] = arith.constant dense<-264241152> : vector<16xi32>
// CHECK: %[[A:.+]] = arith.addi %[[P]], %[[BASE]] : vector<16xi32>
// CHECK: %[[S22:.+]] = arith.constant dense<22> : vector<16xi32>
// CHECK: %[[V0:.+]] = arith.shrsi %[[A]], %[[S22]] : vector<16xi32>
// CHECK-NOT: arith.maxsi
// CHECK-NOT: arith.minsi
// CHECK: %[[V1:.+]] = arith.shrsi
// CHECK: %[[V2:.+]] = arith.shrsi
// CHECK: %[[V3:.+]] = arith.shrsi
// CHECK-NOT: arith.maxsi
// CHECK: %[[W0:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[V0]], %[[V1]])
// CHECK: %[[W1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[V2]], %[[V3]])
// CHECK: %[[B:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packuswb_512(%[[W0]], %[[W1]])
// CHECK: %[[D:.+]] = vector.bitcast %[[B]] : vector<64xi8> to vector<16xi32>
// CHECK: %[[O:.+]] = vector.shuffle %[[D]], %[[D]] [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]
// CHECK: %[[OB:.+]] = vector.bitcast %[[O]] : vector<16xi32> to vector<64xi8>
// CHECK: vector.store %[[OB]], %{{.*}} : memref<4x64xi8>, vector<64xi8>

// AVX2 (8 lanes): the same sum, then the clamp and a truncation per vector.
// AVX2-LABEL: func.func @relu_zero
// AVX2: arith.constant dense<-264241152> : vector<8xi32>
// AVX2: %[[V:.+]] = arith.shrsi %{{.*}}, %{{.*}} : vector<8xi32>
// AVX2: %[[LO:.+]] = arith.maxsi %[[V]], %{{.*}} : vector<8xi32>
// AVX2: %[[HI:.+]] = arith.minsi %[[LO]], %{{.*}} : vector<8xi32>
// AVX2: arith.trunci %[[HI]] : vector<8xi32> to vector<8xi8>
// AVX2-NOT: packssdw
func.func @relu_zero(%q: !x, %d: !d) -> !s {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "relu_zero"} : (!x, !w1) -> !c
  %s = qnn.add_relu %c, %d : (!c, !d) -> !s
  return %s : !s
}

// -----

!x = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.04:7>>
!d = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.04:120>>
!s = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.08:90>>
!w1 = tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>

// add (no ReLU), zo = 90 > lo = 0: negative A keep the sign term; the
// constants 2^21 + 90 * 2^22 = 379584512 in one add after it.
// CHECK-LABEL: func.func @add_signed
// CHECK: arith.muli %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: arith.muli %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: %[[P:.+]] = arith.addi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: %[[ZPP:.+]] = arith.constant dense<-266338304> : vector<16xi32>
// CHECK: %[[A:.+]] = arith.addi %[[P]], %[[ZPP]] : vector<16xi32>
// CHECK: %[[S31:.+]] = arith.constant dense<31> : vector<16xi32>
// CHECK: %[[SIGN:.+]] = arith.shrsi %[[A]], %[[S31]] : vector<16xi32>
// CHECK: %[[AM:.+]] = arith.addi %[[A]], %[[SIGN]] : vector<16xi32>
// CHECK: %[[C:.+]] = arith.constant dense<379584512> : vector<16xi32>
// CHECK: %[[T:.+]] = arith.addi %[[AM]], %[[C]] : vector<16xi32>
// CHECK: arith.shrsi %[[T]], %{{.*}} : vector<16xi32>
// CHECK-NOT: arith.maxsi
// CHECK: func.call @__qnn_intrinsic_llvm_x86_avx512_packuswb_512
func.func @add_signed(%q: !x, %d: !d) -> !s {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "add_signed"} : (!x, !w1) -> !c
  %s = qnn.add %c, %d : (!c, !d) -> !s
  return %s : !s
}

// -----

!x = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.04:7>>
!d = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.04:120>>
!s = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.08:5>>
!w1 = tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>

// add_relu, zo = 5 = lo: no sign term (-266338304 + 2^21 + 5 * 2^22 =
// -243269632); the packs clamp above, one byte max (vpmaxub per 64
// outputs) below.
// CHECK-LABEL: func.func @relu_positive
// CHECK: arith.constant dense<-243269632> : vector<16xi32>
// CHECK-NOT: dense<31>
// CHECK: %[[V:.+]] = arith.shrsi %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK-NOT: arith.maxsi
// CHECK-NOT: arith.minsi
// CHECK: func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512
// CHECK-NOT: sadd_sat
// CHECK: %[[B:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packuswb_512
// CHECK: %[[LO:.+]] = arith.constant dense<5> : vector<64xi8>
// CHECK: arith.maxui %[[B]], %[[LO]] : vector<64xi8>
// CHECK-NOT: arith.minui
// CHECK: vector.shuffle
func.func @relu_positive(%q: !x, %d: !d) -> !s {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "relu_positive"} : (!x, !w1) -> !c
  %s = qnn.add_relu %c, %d : (!c, !d) -> !s
  return %s : !s
}

// -----

!x = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.001:7>>
!d = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.001:120>>
!s = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.512:100>>
!w1 = tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>

// Declined: scales 2^-9 of the sum's give shift 30, and 2^29 + 100 * 2^30
// does not fit in i32, so the add keeps emitQuantizedAdd's form
// ((t + 1 + 2 * 100) >> 1 with t = (A + (A >> 31)) >> 29), then the packs.
// CHECK-LABEL: func.func @declined
// CHECK: arith.constant dense<29> : vector<16xi32>
// CHECK: arith.constant dense<201> : vector<16xi32>
// CHECK: func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512
func.func @declined(%q: !x, %d: !d) -> !s {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "declined"} : (!x, !w1) -> !c
  %s = qnn.add %c, %d : (!c, !d) -> !s
  return %s : !s
}
