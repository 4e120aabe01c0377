// The byte quad depthwise kernel (DepthwiseDesc::byteQuads, AVX-512 VNNI):
// one vpdpbusd per kernel row of 16 channels (quads [x(c0) x(c1) x(c2) 0]
// built per input row into a ring of canvas rows with 128-bit-lane unpacks),
// weights packed as quads, channel order restored after the epilogue by
// saturating packs.
// Declined (the 16-bit pair kernel instead): kw > 4, weights with a nonzero
// zero point, AVX2. (Bit-exactness: the depthwise_quads_* cases in
// python/tests/test_microkernels.py.)
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx512vnni" | FileCheck %s --check-prefix=IR
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx2" | FileCheck %s --check-prefix=AVX2IR
// RUN: qnn-compile %s --function=quads --target=x86-64-avx512vnni --emit=asm -o - | FileCheck %s --check-prefix=ASM
// REQUIRES: x86-registered-target

// IR: memref.global "private" constant @__qnn_quads_tap_quads : memref<3x320xi8>
// IR: func.func @quads
// IR: memref.alloc() {alignment = 64 : i64} : memref<1x2x3x9x256xi8>
// IR: vector.shuffle {{.*}} : vector<64xi8>, vector<64xi8>
// IR: vector.store {{.*}} : memref<1x2x3x9x256xi8>, vector<64xi8>
// IR: call @{{.*}}vpdpbusd{{.*}} : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// IR: call @{{.*}}packssdw{{.*}} : (vector<16xi32>, vector<16xi32>) -> vector<32xi16>
// IR: call @{{.*}}packuswb{{.*}} : (vector<32xi16>, vector<32xi16>) -> vector<64xi8>
// IR: vector.store {{.*}} : memref<1x9x9x80xi8>, vector<64xi8>
// The tail of 16 channels: xmm quads (vpdpbusd.128, SSE2 packs), one
// epilogue on the 4 quads concatenated.
// IR: call @{{.*}}vpdpbusd_128{{.*}} : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// IR: vector.shuffle {{.*}} : vector<8xi32>, vector<8xi32>
// IR: call @{{.*}}sse2_packuswb_128
// IR: vector.store {{.*}} : memref<1x9x9x80xi8>, vector<16xi8>
// IR-NOT: tap_pairs
// IR: // -----
// AVX2IR-NOT: tap_quads
// AVX2IR: @__qnn_quads_tap_pairs
// ASM-LABEL: quads:
// ASM-DAG: vpunpcklbw {{.*}}%zmm
// ASM-DAG: vpunpckhwd {{.*}}%zmm
// ASM-DAG: vpdpbusd {{.*}}%zmm
// ASM-DAG: vpackssdw {{.*}}%zmm
// ASM-DAG: vpackuswb {{.*}}%zmm
// 80 channels: one whole block of 64 and a block of 16; stride 2.
func.func @quads(%x: tensor<1x80x18x18xf32>) -> tensor<1x80x9x9xf32> {
  %w = qnn.qconstant dense<3> : tensor<80x1x3x3xi8> -> tensor<80x1x3x3x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x80x18x18xf32> -> tensor<1x80x18x18x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "quads", groups = 80 : i64, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>}
      : (tensor<1x80x18x18x!quant.uniform<u8:f32, 0.02:3>>, tensor<80x1x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x80x9x9x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x80x9x9x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x80x9x9xf32>
  return %y : tensor<1x80x9x9xf32>
}

// -----

// A weight zero point: the byte kernel cannot take the weights exactly.
// IR-NOT: tap_quads
// IR: @__qnn_wzp_tap_pairs
// IR: func.func @weight_zero_point
// IR: // -----
func.func @weight_zero_point(%x: tensor<1x16x6x6xf32>) -> tensor<1x16x6x6xf32> {
  %w = qnn.qconstant dense<3> : tensor<16x1x3x3xi8> -> tensor<16x1x3x3x!quant.uniform<i8:f32, 0.01:1>>
  %q = qnn.quantize %x : tensor<1x16x6x6xf32> -> tensor<1x16x6x6x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "wzp", groups = 16 : i64, padding = array<i64: 1, 1>}
      : (tensor<1x16x6x6x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x1x3x3x!quant.uniform<i8:f32, 0.01:1>>)
      -> tensor<1x16x6x6x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x16x6x6x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

// kw = 5 > 4 taps per quad.
// IR-NOT: tap_quads
// IR: @__qnn_wide_tap_pairs
// IR: func.func @wide
func.func @wide(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %w = qnn.qconstant dense<3> : tensor<16x1x5x5xi8> -> tensor<16x1x5x5x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "wide", groups = 16 : i64, padding = array<i64: 2, 2>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x1x5x5x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}
