// Exact integer Winograd F(2x2, 3x3) for the 3x3 stride-1 convs of the
// 16-bit kernels (docs/MicroKernels.md): the canvas grows to whole 4x4
// windows, the input transform fills V [16][tiles][channels], one batched
// GEMM of 16 problems keeps raw i32 accumulators, and the output transform
// (then >> 2) feeds the usual fused epilogue.
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s --check-prefixes=CHECK,AVX2
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx2 winograd=false" | FileCheck %s --check-prefixes=CHECK,DIRECT
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s --check-prefixes=CHECK,VNNI
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels=target=aarch64-neon | FileCheck %s --check-prefixes=CHECK,NEON
// RUN: qnn-compile %s --target=x86-64-avx2 --function=wino --emit=asm -o - | FileCheck %s --check-prefix=ASM
// qnn-compile --optimize-size (optimize-size.mlir): the ready flag is read
// and set with acquire/release atomics, the transformed weights are not a
// constant.
// RUN: qnn-compile %s --target=x86-64-avx2 --function=wino --optimize-size --emit=llvm -o - | FileCheck %s --check-prefix=LAZY
// LAZY-NOT: @__qnn_wino_packed = {{.*}}constant
// LAZY-DAG: @__qnn_wino_packed_lazy = private unnamed_addr global [32 x [8 x [32 x i16]]] zeroinitializer, align 64
// LAZY-DAG: @__qnn_wino_packed_int8 = private unnamed_addr constant [4608 x i8]
// LAZY: atomicrmw or ptr @__qnn_wino_packed_ready, i32 0 acq_rel
// LAZY: atomicrmw xchg ptr @__qnn_wino_packed_ready, i32 1 acq_rel
// REQUIRES: x86-registered-target

// The transformed weights U = G' g G'^T (G' = 2 G): for g = 3 everywhere,
// U[0][0] = 2 * 3 * 2 = 12 (0x000C); 16 problems x 2 panels of 16 columns,
// 8 pairs of k (16 channels).
// AVX2-DAG: memref.global "private" constant @__qnn_wino_packed : memref<32x8x32xi16> = dense<"0x0C000C00
// AVX2-DAG: memref.global "private" constant @__qnn_wino_offsets : memref<32xi32> = dense<[2500, 2500,
// CHECK-LABEL: func.func @wino
// A 7x7 output is 4x4 tiles: the canvas is 10x10 (one more row and column
// of zeros, the zero point's image in the centered domain).
// AVX2: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 2, 2, 0]
// AVX2: tensor.yield %c0_i16
// AVX2: memref.alloc() {{.*}} : memref<4096xi16>
// AVX2: vector.load {{.*}} : memref<1x10x10x16xi16>, vector<16xi16>
// AVX2: arith.subi {{.*}} : vector<16xi16>
// AVX2: arith.addi {{.*}} : vector<16xi16>
// AVX2: vector.store {{.*}} : memref<4096xi16>, vector<16xi16>
// AVX2: memref.alloc() {{.*}} : memref<256x32xi32>
// AVX2: scf.for %{{.*}} = %c0{{.*}} to %c16{{.*}} step %c1
// AVX2: func.call @__qnn_intrinsic_llvm_x86_avx2_pmadd_wd
// AVX2: vector.store {{.*}} : memref<256x32xi32>, vector<8xi32>
// AVX2: memref.alloc() {{.*}} : memref<49x24xi8>
// AVX2: vector.load {{.*}} : memref<256x32xi32>, vector<8xi32>
// AVX2: arith.shrsi {{.*}} : vector<8xi32>
// AVX2: call @__qnn_intrinsic_llvm_x86_avx_cvt_ps2dq_256
// The second row and column of the last tiles of an odd output are skipped.
// AVX2: scf.if
// AVX2: vector.store {{.*}} : memref<49x24xi8>, vector<8xi8>
// DIRECT-NOT: memref<4096xi16>
// DIRECT: memref.get_global @__qnn_wino_packed : memref<2x72x32xi16>
// The 8-bit kernel (vpdpbusd) of zero-point-0 weights: direct.
// VNNI-NOT: arith.shrsi
// VNNI: func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpbusd_512
// NEON: memref.alloc() {{.*}} : memref<4096xi16>
// NEON: arm_neon.intr.smull
// NEON: arith.shrsi {{.*}} : vector<4xi32>
// ASM: vpmaddwd {{.*}}%ymm
// ASM: vpsrad $2, %ymm
func.func @wino(%x: tensor<1x16x7x7xf32>) -> tensor<1x24x7x7xf32> {
  %w = qnn.qconstant dense<3> : tensor<24x16x3x3xi8> -> tensor<24x16x3x3x!quant.uniform<i8:f32, 0.01>>
  %b = arith.constant dense<0.5> : tensor<24xf32>
  %q = qnn.quantize %x : tensor<1x16x7x7xf32> -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w, %b {name = "wino", padding = array<i64: 1, 1>, fused_relu}
      : (tensor<1x16x7x7x!quant.uniform<u8:f32, 0.02:3>>, tensor<24x16x3x3x!quant.uniform<i8:f32, 0.01>>, tensor<24xf32>)
      -> tensor<1x24x7x7x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x24x7x7x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x24x7x7xf32>
  return %y : tensor<1x24x7x7xf32>
}

// -----

// Weights with a zero point take the 16-bit kernel on AVX-512 too: Winograd
// with 32-lane vectors (channels padded to 32).
// CHECK-LABEL: func.func @wino_wzp
// VNNI: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 16]
// VNNI: memref.alloc() {{.*}} : memref<8192xi16>
// VNNI: func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpwssd_512
// VNNI: arith.shrsi {{.*}} : vector<16xi32>
func.func @wino_wzp(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %w = qnn.qconstant dense<3> : tensor<16x16x3x3xi8> -> tensor<16x16x3x3x!quant.uniform<i8:f32, 0.01:1>>
  %q = qnn.quantize %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "wino_wzp", padding = array<i64: 1, 1>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x16x3x3x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// Not Winograd: stride 2, fewer than 16 channels, and weights so large that
// 4x the convolution sum could leave i32 (2048 x 9 x 128 x 255 x 4 > 2^31).
// CHECK-LABEL: func.func @direct
// CHECK-NOT: arith.shrsi
// CHECK: return
func.func @direct(%x: tensor<1x16x8x8xf32>, %x2: tensor<1x2048x2x2xf32>)
    -> (tensor<1x16x4x4xf32>, tensor<1x8x8x8xf32>, tensor<1x16x2x2xf32>) {
  %w = qnn.qconstant dense<3> : tensor<16x16x3x3xi8> -> tensor<16x16x3x3x!quant.uniform<i8:f32, 0.01:1>>
  %q = qnn.quantize %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>
  %s = qnn.conv2d %q, %w {name = "strided", padding = array<i64: 1, 1>, stride = array<i64: 2, 2>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x16x3x3x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x16x4x4x!quant.uniform<u8:f32, 0.05:7>>
  %w8 = qnn.qconstant dense<3> : tensor<8x16x3x3xi8> -> tensor<8x16x3x3x!quant.uniform<i8:f32, 0.01:1>>
  %n = qnn.conv2d %q, %w8 {name = "narrow", padding = array<i64: 1, 1>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<8x16x3x3x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:7>>
  %wl = qnn.qconstant dense<-128> : tensor<16x2048x3x3xi8> -> tensor<16x2048x3x3x!quant.uniform<i8:f32, 0.01:1>>
  %q2 = qnn.quantize %x2 : tensor<1x2048x2x2xf32> -> tensor<1x2048x2x2x!quant.uniform<u8:f32, 0.02:3>>
  %l = qnn.conv2d %q2, %wl {name = "large", padding = array<i64: 1, 1>}
      : (tensor<1x2048x2x2x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x2048x3x3x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x16x2x2x!quant.uniform<u8:f32, 0.05:7>>
  %ys = qnn.dequantize %s : tensor<1x16x4x4x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x4x4xf32>
  %yn = qnn.dequantize %n : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x8x8x8xf32>
  %yl = qnn.dequantize %l : tensor<1x16x2x2x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x2x2xf32>
  return %ys, %yn, %yl : tensor<1x16x4x4xf32>, tensor<1x8x8x8xf32>, tensor<1x16x2x2xf32>
}
