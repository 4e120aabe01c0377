// A 1x1 stride-1 conv on a 16-bit kernel whose packed B fits L2 converts its
// input per register tile of rows (GemmOperandA::bytes): the channels-last
// copy keeps the storage bytes, each tile of 6 rows (AVX2) is widened and
// centered into a small buffer, then every panel of B runs on it. The full
// tiles run in groups (here 4 tiles, 4 groups of 1) tagged qnn.parallel,
// each converting into its own 64-byte-aligned slice of the buffer. The 8-bit
// kernels read the bytes directly anyway; larger B keeps a converted copy.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s --check-prefix=AVX2
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s --check-prefix=VNNI

// AVX2-LABEL: func.func @pw
// AVX2: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x24x5x5xi8>) outs(%{{.*}} : tensor<1x5x5x24xi8>)
// AVX2-NEXT: ^bb0(%[[IN:.+]]: i8, %{{.*}}: i8):
// AVX2-NEXT: linalg.yield %[[IN]] : i8
// AVX2: %[[BYTES:.+]] = bufferization.to_buffer %{{.*}} read_only : tensor<600xi8> to memref<600xi8>
// 4 slices of 6 rows x 24 channels of i16, 144 rounded up to 160.
// AVX2: %[[TILE:.+]] = memref.alloc() {{.*}} : memref<640xi16>
// AVX2: scf.for %[[G:.+]] = %c0{{.*}} to %c4{{.*}} step %c1 {
// AVX2: %[[FIRST:.+]] = arith.muli %[[G]], %c1
// AVX2: %[[END:.+]] = arith.minui %{{.*}}, %c4
// AVX2: %[[BASE:.+]] = arith.muli %[[G]], %c160
// AVX2: scf.for %{{.*}} = %[[FIRST]] to %[[END]] step
// AVX2: vector.load %[[BYTES]]
// AVX2: arith.extui %{{.*}} : vector<16xi8> to vector<16xi16>
// AVX2: arith.subi %{{.*}}, %{{.*}} : vector<16xi16>
// AVX2: vector.store %{{.*}}, %[[TILE]]
// The tail of the 24 channels: 8 lanes.
// AVX2: vector.maskedload %[[BYTES]]
// AVX2: vector.maskedstore %[[TILE]]
// Then the panels (40 channels: 2 full, 1 partial) on the tile.
// AVX2: scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step %c1
// AVX2: vector.load %[[TILE]]
// AVX2: func.call @__qnn_intrinsic_llvm_x86_avx2_pmadd_wd
// VNNI-LABEL: func.func @pw
// VNNI-NOT: memref<144xi16>
// VNNI: func.call @__qnn_intrinsic_llvm_x86_avx512_vpdpbusd_512
func.func @pw(%x: tensor<1x24x5x5xf32>) -> tensor<1x40x5x5xf32> {
  %w = qnn.qconstant dense<3> : tensor<40x24x1x1xi8> -> tensor<40x24x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x24x5x5xf32> -> tensor<1x24x5x5x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "pw"}
      : (tensor<1x24x5x5x!quant.uniform<u8:f32, 0.02:3>>, tensor<40x24x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x40x5x5x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x40x5x5x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x40x5x5xf32>
  return %y : tensor<1x40x5x5xf32>
}

// -----

// 512 x 512 i16 weights (512 KiB) would be re-read from beyond L2 per row
// tile: the converted copy stays.
// AVX2-LABEL: func.func @pw_large
// AVX2: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x2x2x512xi16>)
// AVX2: arith.subi %{{.*}}, %{{.*}} : i32
// AVX2-NOT: memref<3072xi16>
// AVX2: return
func.func @pw_large(%x: tensor<1x512x2x2xf32>) -> tensor<1x512x2x2xf32> {
  %w = qnn.qconstant dense<3> : tensor<512x512x1x1xi8> -> tensor<512x512x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x512x2x2xf32> -> tensor<1x512x2x2x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "pw_large"}
      : (tensor<1x512x2x2x!quant.uniform<u8:f32, 0.02:3>>, tensor<512x512x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x512x2x2x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x512x2x2x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x512x2x2xf32>
  return %y : tensor<1x512x2x2xf32>
}

// -----

// 24 output channels: one full panel of 16 and a partial one with 8, which
// computes (and loads B for) only its first vector.
// AVX2-LABEL: func.func @pw24
// AVX2-NOT: vector.load %{{.*}}[%c1{{[_0-9]*}}, %{{[0-9]+}}, %c16{{[_0-9]*}}] : memref<2x12x32xi16>
// AVX2: vector.load %{{.*}}[%c1{{[_0-9]*}}, %{{[0-9]+}}, %c0{{[_0-9]*}}] : memref<2x12x32xi16>, vector<16xi16>
// AVX2-NOT: vector.load %{{.*}}[%c1{{[_0-9]*}}, %{{[0-9]+}}, %c16{{[_0-9]*}}] : memref<2x12x32xi16>
// AVX2: return
func.func @pw24(%x: tensor<1x24x5x5xf32>) -> tensor<1x24x5x5xf32> {
  %w = qnn.qconstant dense<3> : tensor<24x24x1x1xi8> -> tensor<24x24x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x24x5x5xf32> -> tensor<1x24x5x5x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "pw24"}
      : (tensor<1x24x5x5x!quant.uniform<u8:f32, 0.02:3>>, tensor<24x24x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x24x5x5x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x24x5x5x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x24x5x5xf32>
  return %y : tensor<1x24x5x5xf32>
}
