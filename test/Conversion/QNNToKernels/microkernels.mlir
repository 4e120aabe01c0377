// qnn-to-kernels per target: prepacked weights in
// constant globals, im2col in the kernel's operand domain, the packed GEMM
// loop nest with the ISA's dot instruction, and the fused epilogue.
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx2 winograd=false" | FileCheck %s --check-prefixes=CHECK,AVX2
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx512vnni winograd=false" | FileCheck %s --check-prefixes=CHECK,VNNI
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=aarch64-neon winograd=false" | FileCheck %s --check-prefixes=CHECK,NEON
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=aarch64-neon-dotprod winograd=false" | FileCheck %s --check-prefixes=CHECK,DOT
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=generic winograd=false" | FileCheck %s --check-prefixes=CHECK,GENERIC
// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s --check-prefix=REF
// The old spelling, qnn-to-linalg{microkernels=}, is an alias:
// RUN: qnn-opt %s -split-input-file --qnn-to-linalg="microkernels=x86-64-avx2 winograd=false" | FileCheck %s --check-prefixes=CHECK,AVX2

!in = tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>
!w = tensor<32x16x3x3x!quant.uniform<i8:f32, 0.01>>
!out = tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>

// For avx2, 16-bit centered operands (x - 3), pairs of k, vpmaddwd.
// AVX2-DAG: memref.global "private" constant @__qnn_conv_packed : memref<2x72x32xi16>
// For vnni, bytes (u8 activations, s8 weights), quads of k, vpdpbusd, panels
// of 64 channels (zero-padded past 32); the
// offsets fold -zp * column sum (-3 * 432 = -1296) and the quantized bias
// (0.5 / (0.02 * 0.01) = 2500).
// VNNI-DAG: memref.global "private" constant @__qnn_conv_packed : memref<1x36x256xi8>
// VNNI-DAG: memref.global "private" constant @__qnn_conv_offsets : memref<64xi32> = dense<[1204, 1204,
// AVX2-DAG: memref.global "private" constant @__qnn_conv_offsets : memref<32xi32> = dense<2500>
// NEON-DAG: memref.global "private" constant @__qnn_conv_packed : memref<2x144x16xi16>
// For dotprod, sdot takes signed bytes: a = x - 128, offset -(3 - 128) * 432 + 2500.
// DOT-DAG: memref.global "private" constant @__qnn_conv_offsets : memref<32xi32> = dense<56500>
// DOT-DAG: memref.global "private" constant @__qnn_conv_packed : memref<2x36x64xi8>
// GENERIC-DAG: memref.global "private" constant @__qnn_conv_packed : memref<2x144x16xi16>
// CHECK-DAG: memref.global "private" constant @__qnn_conv_multipliers
// CHECK-LABEL: func.func @conv
// The channels-last copy and the padding with the zero point's image.
// AVX2: arith.subi %{{.*}}, %c3_i32
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// AVX2: tensor.yield %c0_i16
// VNNI: tensor.yield %c3_i8
// DOT: tensor.yield %c-125_i8
// Implicit GEMM: the kernel reads A in place from the flattened canvas
// (1 x 10 x 10 x 16), one segment of kw * cin = 48 elements per window row;
// no im2col.
// CHECK-NOT: tensor<1x8x8x3x48xi
// CHECK: tensor.collapse_shape {{.*}} into tensor<1600xi
// CHECK: memref.get_global @__qnn_conv_packed
// CHECK: bufferization.to_buffer
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args
// AVX2: func.call @__qnn_intrinsic_llvm_x86_avx2_pmadd_wd({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// VNNI: func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpbusd_512({{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// NEON: arm_neon.intr.smull {{.*}} : vector<4xi16> to vector<4xi32>
// DOT: arm_neon.intr.sdot {{.*}} : vector<16xi8>, vector<16xi8> to vector<4xi32>
// GENERIC: arith.muli {{.*}} : vector<8xi32>
// The fused epilogue on vectors, then the NCHW result. On AVX-512 the float
// clamp comes first and one vcvtps2dq {rn-sae} (rounding 8: nearest even,
// no exceptions) rounds and converts. On AVX2 (multipliers <= 0.5) one
// vcvtps2dq rounds and converts (MXCSR: nearest even, as for the multiply
// before it) and the clamp is in i32 (saturating packs).
// CHECK: arith.sitofp {{.*}} to vector<
// AVX2-NOT: math.roundeven
// AVX2: call @__qnn_intrinsic_llvm_x86_avx_cvt_ps2dq_256({{.*}}) : (vector<8xf32>) -> vector<8xi32>
// AVX2: arith.maxsi {{.*}} : vector<8xi32>
// VNNI: arith.minnumf {{.*}} : vector<16xf32>
// VNNI: call @__qnn_intrinsic_llvm_x86_avx512_mask_cvtps2dq_512({{.*}}) : (vector<16xf32>, vector<16xi32>, i16, i32) -> vector<16xi32>
// NEON: math.roundeven {{.*}} : vector<4xf32>
// DOT: math.roundeven {{.*}} : vector<4xf32>
// GENERIC: math.roundeven {{.*}} : vector<8xf32>
// CHECK: vector.store
// CHECK: bufferization.to_tensor
// CHECK: linalg.transpose
// REF-LABEL: func.func @conv
// REF-NOT: memref.global
// REF: linalg.conv_2d_nchw_fchw
func.func @conv(%x: !in) -> !out {
  %w = qnn.qconstant dense<3> : tensor<32x16x3x3xi8> -> !w
  %b = arith.constant dense<0.5> : tensor<32xf32>
  %c = qnn.conv2d %x, %w, %b {name = "conv", padding = array<i64: 1, 1>}
      : (!in, !w, tensor<32xf32>) -> !out
  return %c : !out
}

// -----

// Output channels that do not fill the last panel are stored with a mask.
// CHECK-LABEL: func.func @linear_tail
// CHECK: vector.constant_mask
// CHECK: vector.maskedstore
// REF-LABEL: func.func @linear_tail
// REF-NOT: vector.
func.func @linear_tail(%x: tensor<3x20x!quant.uniform<u8:f32, 0.1:128>>)
    -> tensor<3x5x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<-7> : tensor<5x20xi8> -> tensor<5x20x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {fused_relu}
      : (tensor<3x20x!quant.uniform<u8:f32, 0.1:128>>, tensor<5x20x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<3x5x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<3x5x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// Weights with a zero point rule out the 8-bit kernels: the VNNI and dotprod
// targets fall back to their 16-bit forms (vpdpwssd zmm, smlal).
// CHECK-LABEL: func.func @weight_zero_point
// VNNI: func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512
// DOT: arm_neon.intr.smull
func.func @weight_zero_point(%x: tensor<2x8x!quant.uniform<u8:f32, 0.1:128>>)
    -> tensor<2x4x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<4x8xi8> -> tensor<4x8x!quant.uniform<i8:f32, 0.01:2>>
  %y = qnn.linear %x, %w
      : (tensor<2x8x!quant.uniform<u8:f32, 0.1:128>>, tensor<4x8x!quant.uniform<i8:f32, 0.01:2>>)
      -> tensor<2x4x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<2x4x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// A dynamic linear (float input, quantized weight): run-time input qparams,
// the packed GEMM, and the float epilogue (column sums times the run-time
// zero point, x_scale * w_scale, bias, ReLU) storing f32. The weight and its
// per-channel constants are globals; the bias is one too.
// CHECK: memref.global "private" constant @__qnn_fc_bias
// CHECK: memref.global "private" constant @__qnn_fc_packed
// CHECK-LABEL: func.func @dynamic_linear
// CHECK: scf.for
// CHECK: arith.muli {{.*}} : vector<{{[0-9]+}}xi32>
// CHECK: arith.sitofp {{.*}} to vector<{{[0-9]+}}xf32>
// CHECK: arith.maximumf {{.*}} : vector<{{[0-9]+}}xf32>
// CHECK: vector.{{(masked)?}}store {{.*}} : memref<4x6xf32>
// REF-LABEL: func.func @dynamic_linear
// REF-NOT: memref.global
func.func @dynamic_linear(%x: tensor<4x10xf32>) -> tensor<4x6xf32> {
  %w = qnn.qconstant dense<-3> : tensor<6x10xi8> -> tensor<6x10x!quant.uniform<i8:f32, 0.01>>
  %b = arith.constant dense<0.5> : tensor<6xf32>
  %y = qnn.linear %x, %w, %b {name = "fc", fused_relu}
      : (tensor<4x10xf32>, tensor<6x10x!quant.uniform<i8:f32, 0.01>>, tensor<6xf32>) -> tensor<4x6xf32>
  return %y : tensor<4x6xf32>
}

// -----

// A grouped convolution is one batched GEMM, one problem per group, its
// loop nest inside a loop over the groups (grouped-conv.mlir).
// CHECK: memref.global "private" constant @__qnn_gconv_packed
// CHECK-LABEL: func.func @grouped
// CHECK-NOT: tensor.extract_slice
// CHECK: scf.for %{{.*}} = %c0 to %c2 step %c1 {
// CHECK-NOT: tensor.concat
// REF-LABEL: func.func @grouped
// REF: linalg.conv_2d_ngchw_gfchw
func.func @grouped(%x: tensor<1x4x5x5x!quant.uniform<u8:f32, 0.1:0>>)
    -> tensor<1x4x5x5x!quant.uniform<u8:f32, 0.1:0>> {
  %w = qnn.qconstant dense<[[[[1]], [[2]]], [[[3]], [[4]]], [[[5]], [[6]]], [[[7]], [[8]]]]>
      : tensor<4x2x1x1xi8> -> tensor<4x2x1x1x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "gconv", groups = 2}
      : (tensor<1x4x5x5x!quant.uniform<u8:f32, 0.1:0>>, tensor<4x2x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x4x5x5x!quant.uniform<u8:f32, 0.1:0>>
  return %c : tensor<1x4x5x5x!quant.uniform<u8:f32, 0.1:0>>
}

// -----

// Dilation along the last spatial dim breaks the contiguity of a window
// row, so the im2col stays: [n][oh][ow][kh][kw][c], then the [m][k] matrix.
// CHECK-LABEL: func.func @dilated
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4x4x3x3x8xi{{8|16}}>)
// CHECK: tensor.collapse_shape {{.*}} into tensor<16x72xi
// CHECK: tensor.collapse_shape {{.*}} into tensor<1152xi
func.func @dilated(%x: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.1:0>>)
    -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:0>> {
  %w = qnn.qconstant dense<1> : tensor<8x8x3x3xi8> -> tensor<8x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "dil", dilation = array<i64: 2, 2>}
      : (tensor<1x8x8x8x!quant.uniform<u8:f32, 0.1:0>>, tensor<8x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:0>>
  return %c : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:0>>
}

// -----

// A stem's window row (7 taps x 3 channels = 21 elements) is not a whole
// number of k groups: an 8th, zero-weight tap makes it one (24 elements;
// 7 x 24 / 4 = 42 vpdpbusd groups, 7 x 24 / 2 = 84 vpmaddwd pairs), the
// canvas grows by one column for the last window's extra tap
// (15 + 2 x 3 = 21 -> 22 wide), and the conv reads it in place.
// VNNI-DAG: memref.global "private" constant @__qnn_stem_packed : memref<1x42x256xi8>
// AVX2-DAG: memref.global "private" constant @__qnn_stem_packed : memref<1x84x32xi16>
// (Kernels with one k per lane, neon and generic, need no extra tap.)
// CHECK-LABEL: func.func @stem
// VNNI: tensor.pad %{{.*}} low[0, 3, 3, 0] high[0, 3, 4, 0]
// VNNI: tensor<1x15x15x3xi8> to tensor<1x21x22x3xi8>
// AVX2: tensor.pad %{{.*}} low[0, 3, 3, 0] high[0, 3, 4, 0]
// AVX2: tensor<1x15x15x3xi16> to tensor<1x21x22x3xi16>
// DOT: tensor.pad %{{.*}} low[0, 3, 3, 0] high[0, 3, 4, 0]
// NEON: tensor.pad %{{.*}} low[0, 3, 3, 0] high[0, 3, 3, 0]
// NEON: tensor<1x15x15x3xi16> to tensor<1x21x21x3xi16>
// VNNI: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]] : tensor<1x21x22x3xi8> into tensor<1386xi8>
// AVX2: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]] : tensor<1x21x22x3xi16> into tensor<1386xi16>
// CHECK: memref.get_global @__qnn_stem_packed
func.func @stem(%x: tensor<1x3x15x15x!quant.uniform<u8:f32, 0.1:0>>)
    -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.1:0>> {
  %w = qnn.qconstant dense<1> : tensor<8x3x7x7xi8> -> tensor<8x3x7x7x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "stem", stride = array<i64: 2, 2>, padding = array<i64: 3, 3>}
      : (tensor<1x3x15x15x!quant.uniform<u8:f32, 0.1:0>>, tensor<8x3x7x7x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.1:0>>
  return %c : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.1:0>>
}

// -----

// Not a micro-kernel problem: a weight that is not a constant keeps the
// reference lowering.
// CHECK-LABEL: func.func @fallbacks
// CHECK-NOT: memref.global
// CHECK: linalg.generic
// CHECK-NOT: vector.
func.func @fallbacks(%v: tensor<2x4x!quant.uniform<i8:f32, 0.1>>,
                     %y: tensor<3x4x!quant.uniform<u8:f32, 0.1:0>>)
    -> tensor<3x2x!quant.uniform<u8:f32, 0.1:0>> {
  %l = qnn.linear %y, %v
      : (tensor<3x4x!quant.uniform<u8:f32, 0.1:0>>, tensor<2x4x!quant.uniform<i8:f32, 0.1>>)
      -> tensor<3x2x!quant.uniform<u8:f32, 0.1:0>>
  return %l : tensor<3x2x!quant.uniform<u8:f32, 0.1:0>>
}
