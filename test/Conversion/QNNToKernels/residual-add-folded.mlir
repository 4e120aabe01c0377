// The residual add fused into a conv's GEMM epilogue, in its folded form
// (GemmEpilogue.cpp: foldAdd, residualSum, packRowStore; docs/MicroKernels.md):
// with A = zpp + qa * am + qb * bm, QNNPACK's rounded shift plus the output
// zero point is (A - (A < 0) + 2^(s-1) + zo * 2^s) >> s, the (A < 0) term
// dropped when the clamp's lower bound is >= zo, all constants in one add.
// On AVX-512 (vpdpbusd kernels) the sum is two word dot products instead of
// two i32 multiplies (FoldedAdd.h: pairAdd): Z1 = the conv's value in the
// low word, the residual's byte in the high word, Z2 = Z1 << 7 per word,
// k + Z1 . (cl, rl) + Z2 . (ch, rh); a row's four full vectors are then
// clamped and narrowed by vpackssdw + vpackuswb. With the conv's multipliers
// <= 0.5 (residualPackedRow) the conv's own clamp is the packs too: its 64
// bytes (vpackssdw, vpaddsw zc, vpackuswb, vpermd) are interleaved with the
// residual's bytes and then with zeros (Z1 = conv byte | residual << 16),
// and the result's packs leave the channels in order (no shuffle at the
// store). Otherwise (residualPairs) the conv's value is clamped in float,
// Z1 = (value - zc) | residual << 16 (one vpshufb), and one dword shuffle
// restores the order after the packs.
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
// sign term, no clamp before the packs. am = bm = 2^21 = 16384 * 128 + 0:
// word multipliers (0, 0) and (16384, 16384) = 1073758208. The conv's
// multipliers are 0.005: its bytes come from the packs (no float clamp, its
// zero point 7 added by vpaddsw), so the constant is zpp + 2^21 alone.
// CHECK-LABEL: func.func @relu_zero
// CHECK-NOT: arith.muli {{.*}} : vector<16xi32>
// CHECK-NOT: arith.maxnumf
// CHECK: %[[Q0:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[Q1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[Q2:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[Q3:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[C01:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[Q0]], %[[Q1]])
// CHECK: %[[ZC:.+]] = arith.constant dense<7> : vector<32xi16>
// CHECK: %[[C01Z:.+]] = func.call @__qnn_intrinsic_llvm_sadd_sat_v32i16(%[[C01]], %[[ZC]])
// CHECK: %[[C23:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[Q2]], %[[Q3]])
// CHECK: %[[C23Z:.+]] = func.call @__qnn_intrinsic_llvm_sadd_sat_v32i16(%[[C23]]
// CHECK: %[[CB:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packuswb_512(%[[C01Z]], %[[C23Z]])
// CHECK: %[[CD:.+]] = vector.bitcast %[[CB]] : vector<64xi8> to vector<16xi32>
// CHECK: %[[CO:.+]] = vector.shuffle %[[CD]], %[[CD]] [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]
// CHECK: %[[CONV:.+]] = vector.bitcast %[[CO]] : vector<16xi32> to vector<64xi8>
// CHECK: %[[R:.+]] = vector.load %{{.*}} : memref<4x64xi8>, vector<64xi8>
// CHECK: %[[ZERO:.+]] = arith.constant dense<0> : vector<64xi8>
// CHECK: %[[LO:.+]] = vector.shuffle %[[CONV]], %[[R]] [0, 64, 1, 65, 2, 66, 3, 67, 4, 68, 5, 69, 6, 70, 7, 71, 16, 80,
// CHECK: %[[Z1B:.+]] = vector.shuffle %[[LO]], %[[ZERO]] [0, 64, 1, 65, 2, 66, 3, 67, 4, 68, 5, 69, 6, 70, 7, 71, 16, 80,
// CHECK: %[[Z1:.+]] = vector.bitcast %[[Z1B]] : vector<64xi8> to vector<16xi32>
// CHECK: %[[Z1W:.+]] = vector.bitcast %[[Z1]] : vector<16xi32> to vector<32xi16>
// CHECK: %[[SEVEN:.+]] = arith.constant dense<7> : vector<32xi16>
// CHECK: %[[Z2W:.+]] = arith.shli %[[Z1W]], %[[SEVEN]] : vector<32xi16>
// CHECK: %[[K:.+]] = arith.constant dense<-264241152> : vector<16xi32>
// CHECK: %[[M1:.+]] = arith.constant dense<0> : vector<16xi32>
// CHECK: %[[M1W:.+]] = vector.bitcast %[[M1]] : vector<16xi32> to vector<32xi16>
// CHECK: %[[D1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512(%[[K]], %[[Z1W]], %[[M1W]])
// CHECK: %[[M2:.+]] = arith.constant dense<1073758208> : vector<16xi32>
// CHECK: %[[M2W:.+]] = vector.bitcast %[[M2]] : vector<16xi32> to vector<32xi16>
// CHECK: %[[D2:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512(%[[D1]], %[[Z2W]], %[[M2W]])
// CHECK: %[[S22:.+]] = arith.constant dense<22> : vector<16xi32>
// CHECK: %[[V0:.+]] = arith.shrsi %[[D2]], %[[S22]] : vector<16xi32>
// CHECK: vector.shuffle %[[LO]], %[[ZERO]] [8, 72, 9, 73,
// CHECK: %[[V1:.+]] = arith.shrsi
// CHECK: %[[HI:.+]] = vector.shuffle %[[CONV]], %[[R]] [8, 72, 9, 73,
// CHECK: vector.shuffle %[[HI]], %[[ZERO]] [0, 64, 1, 65,
// CHECK: %[[V2:.+]] = arith.shrsi
// CHECK: vector.shuffle %[[HI]], %[[ZERO]] [8, 72, 9, 73,
// CHECK: %[[V3:.+]] = arith.shrsi
// CHECK-NOT: arith.maxsi
// CHECK: %[[W0:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[V0]], %[[V1]])
// CHECK: %[[W1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[V2]], %[[V3]])
// CHECK: %[[B:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packuswb_512(%[[W0]], %[[W1]])
// CHECK-NEXT: vector.store %[[B]], %{{.*}} : memref<4x64xi8>, vector<64xi8>

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
!s = tensor<1x64x2x2x!quant.uniform<u8:f32, 0.08:0>>
!w1 = tensor<64x64x1x1x!quant.uniform<i8:f32, 2.0>>

// The same add after a conv whose multipliers are 1 (weight scale 2.0):
// above 0.5 vcvtps2dq could overflow, so the conv's value is clamped in
// float before its conversion (residualPairs), the residual's bytes are
// spread into the high words by one vpshufb, and the conv's zero point 7
// joins the constant: -264241152 + 7 * 2^21 = -249561088.
// CHECK-LABEL: func.func @relu_zero_float
// CHECK-NOT: arith.muli {{.*}} : vector<16xi32>
// CHECK: arith.maxnumf
// CHECK: arith.minnumf
// CHECK: %[[Q:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[R:.+]] = vector.load %{{.*}} : memref<4x64xi8>, vector<16xi8>
// CHECK: %[[R4:.+]] = vector.shuffle %[[R]], %[[R]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1,
// CHECK: %[[CTL:.+]] = arith.constant dense<[-128, -128, 0, -128, -128, -128, 1, -128,
// CHECK: %[[RS:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_pshuf_b_512(%[[R4]], %[[CTL]])
// CHECK: %[[RH:.+]] = vector.bitcast %[[RS]] : vector<64xi8> to vector<16xi32>
// CHECK: %[[LOW:.+]] = arith.constant dense<65535> : vector<16xi32>
// CHECK: %[[QL:.+]] = arith.andi %[[Q]], %[[LOW]] : vector<16xi32>
// CHECK: %[[Z1:.+]] = arith.ori %[[QL]], %[[RH]] : vector<16xi32>
// CHECK: %[[Z1W:.+]] = vector.bitcast %[[Z1]] : vector<16xi32> to vector<32xi16>
// CHECK: %[[SEVEN:.+]] = arith.constant dense<7> : vector<32xi16>
// CHECK: %[[Z2W:.+]] = arith.shli %[[Z1W]], %[[SEVEN]] : vector<32xi16>
// CHECK: %[[K:.+]] = arith.constant dense<-249561088> : vector<16xi32>
// CHECK: %[[M1:.+]] = arith.constant dense<0> : vector<16xi32>
// CHECK: %[[M1W:.+]] = vector.bitcast %[[M1]] : vector<16xi32> to vector<32xi16>
// CHECK: %[[D1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512(%[[K]], %[[Z1W]], %[[M1W]])
// CHECK: %[[M2:.+]] = arith.constant dense<1073758208> : vector<16xi32>
// CHECK: %[[M2W:.+]] = vector.bitcast %[[M2]] : vector<16xi32> to vector<32xi16>
// CHECK: %[[D2:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512(%[[D1]], %[[Z2W]], %[[M2W]])
// CHECK: %[[S22:.+]] = arith.constant dense<22> : vector<16xi32>
// CHECK: %[[V0:.+]] = arith.shrsi %[[D2]], %[[S22]] : vector<16xi32>
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
func.func @relu_zero_float(%q: !x, %d: !d) -> !s {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "relu_zero_float"} : (!x, !w1) -> !c
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
// In the pairs form the sign term's A is k + the dots with k = zpp =
// -2^21 * 127 = -266338304 (the conv's byte itself in Z1).
// CHECK-LABEL: func.func @add_signed
// CHECK-NOT: arith.muli {{.*}} : vector<16xi32>
// CHECK: arith.constant dense<-266338304> : vector<16xi32>
// CHECK: func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512
// CHECK: %[[A:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512
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
// The pairs of the conv's byte: the same constant.
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
