// The AVX-512 static epilogue of a row of four full vectors (64 output
// channels) with every multiplier <= 0.5 (GemmEmitter.cpp: packsRows,
// emitPackedEpilogue, packRowStore; docs/MicroKernels.md): no float clamp,
// `vcvtps2dq {rn-sae}` of (float)acc * m (|y| < 2^31, so it cannot
// overflow), then vpackssdw, the zero point added with saturation
// (vpaddsw), vpackuswb / vpacksswb (the clamp to the 8-bit range), a byte
// max / min only for a narrower [qmin, qmax], one dword shuffle, one 64-byte
// store. Every i32 and zero point: scripts/check-residual-add-fold.cpp;
// the values at ties and clamps: python/tests/test_microkernels.py gemm_packed_*.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx512vnni" | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx2" | FileCheck %s --check-prefix=AVX2

// Multiplier 0.02 * 0.01 / 0.05 = 0.004; fused ReLU: qmin = zero point 7.
// CHECK-LABEL: func.func @relu
// CHECK-NOT: arith.maxnumf {{.*}} : vector<16xf32>
// CHECK: %[[F:.+]] = arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: %[[Y:.+]] = arith.mulf %[[F]], %{{.*}} : vector<16xf32>
// CHECK: %[[I0:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512(%[[Y]], %{{.*}}, %{{.*}}, %{{.*}})
// CHECK: %[[I1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[I2:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[I3:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512
// CHECK: %[[W0:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[I0]], %[[I1]])
// CHECK: %[[ZP:.+]] = arith.constant dense<7> : vector<32xi16>
// CHECK: %[[S0:.+]] = func.call @__qnn_intrinsic_llvm_sadd_sat_v32i16(%[[W0]], %[[ZP]])
// CHECK: %[[W1:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packssdw_512(%[[I2]], %[[I3]])
// CHECK: %[[S1:.+]] = func.call @__qnn_intrinsic_llvm_sadd_sat_v32i16(%[[W1]], %{{.*}})
// CHECK: %[[B:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx512_packuswb_512(%[[S0]], %[[S1]])
// CHECK: %[[LO:.+]] = arith.constant dense<7> : vector<64xi8>
// CHECK: %[[M:.+]] = arith.maxui %[[B]], %[[LO]] : vector<64xi8>
// CHECK-NOT: arith.minui
// CHECK: %[[D:.+]] = vector.bitcast %[[M]] : vector<64xi8> to vector<16xi32>
// CHECK: vector.shuffle %[[D]], %[[D]] [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]
// CHECK: vector.store %{{.*}} : memref<4x64xi8>, vector<64xi8>
// CHECK-NOT: arith.maxnumf {{.*}} : vector<16xf32>
// CHECK: return

// AVX2 keeps its vcvtps2dq ymm form.
// AVX2-LABEL: func.func @relu
// AVX2-NOT: packssdw_512
// AVX2: avx_cvt_ps2dq_256
func.func @relu(%x: tensor<1x64x2x2xf32>) -> tensor<1x64x2x2xf32> {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x64x2x2xf32> -> tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "relu", fused_relu}
      : (tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>, tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x64x2x2x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x64x2x2x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x64x2x2xf32>
  return %y : tensor<1x64x2x2xf32>
}

// -----

// qint8 result, zero point -20, no ReLU: vpacksswb clamps to [-128, 127],
// no byte clamp.
// CHECK-LABEL: func.func @qint8_out
// CHECK: arith.constant dense<-20> : vector<32xi16>
// CHECK: func.call @__qnn_intrinsic_llvm_x86_avx512_packsswb_512
// CHECK-NOT: arith.maxsi {{.*}} : vector<64xi8>
// CHECK-NOT: arith.minsi {{.*}} : vector<64xi8>
// CHECK: vector.shuffle
// CHECK: vector.store %{{.*}} : memref<4x64xi8>, vector<64xi8>
func.func @qint8_out(%x: tensor<1x64x2x2xf32>) -> tensor<1x64x2x2xf32> {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x64x2x2xf32> -> tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "qint8_out"}
      : (tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>, tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x64x2x2x!quant.uniform<i8:f32, 0.05:-20>>
  %y = qnn.dequantize %c : tensor<1x64x2x2x!quant.uniform<i8:f32, 0.05:-20>> -> tensor<1x64x2x2xf32>
  return %y : tensor<1x64x2x2xf32>
}

// -----

// Multiplier 0.02 * 0.01 / 0.0001 = 2: a large accumulator would overflow
// vcvtps2dq, so the float clamp stays and no pack narrows.
// CHECK-LABEL: func.func @large_multiplier
// CHECK-NOT: packssdw_512
// CHECK: arith.maxnumf {{.*}} : vector<16xf32>
// CHECK: arith.minnumf {{.*}} : vector<16xf32>
// CHECK-NOT: packssdw_512
// CHECK: return
func.func @large_multiplier(%x: tensor<1x64x2x2xf32>) -> tensor<1x64x2x2xf32> {
  %w = qnn.qconstant dense<3> : tensor<64x64x1x1xi8> -> tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x64x2x2xf32> -> tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "large"}
      : (tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>, tensor<64x64x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x64x2x2x!quant.uniform<u8:f32, 0.0001:7>>
  %y = qnn.dequantize %c : tensor<1x64x2x2x!quant.uniform<u8:f32, 0.0001:7>> -> tensor<1x64x2x2xf32>
  return %y : tensor<1x64x2x2xf32>
}

// -----

// 48 channels: one partial panel, per-vector clamp and masked stores.
// CHECK-LABEL: func.func @partial_panel
// CHECK-NOT: packssdw_512
// CHECK: arith.maxnumf {{.*}} : vector<16xf32>
// CHECK-NOT: packssdw_512
// CHECK: return
func.func @partial_panel(%x: tensor<1x64x2x2xf32>) -> tensor<1x48x2x2xf32> {
  %w = qnn.qconstant dense<3> : tensor<48x64x1x1xi8> -> tensor<48x64x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x64x2x2xf32> -> tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "partial"}
      : (tensor<1x64x2x2x!quant.uniform<u8:f32, 0.02:3>>, tensor<48x64x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x48x2x2x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x48x2x2x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x48x2x2xf32>
  return %y : tensor<1x48x2x2xf32>
}
