// The AVX-512 VNNI byte kernel's register tiles hold 24 accumulators
// (GemmEmitter::panelRows) where 4 rows would not do: a partial last panel
// computes only the vectors it has columns in, and with 2 or 3 of the 4
// its tiles run 12 or 8 rows; a full panel with at least 32 k groups runs
// 6 rows. A shorter full panel, and a last panel of one vector, keep 4
// rows; the 16-bit kernels are unchanged.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s --check-prefix=AVX2

// 96 channels, K = 64 (16 k groups): a full panel (tiles of 4 rows x 4
// vectors, then a tile of 2 rows), then 32 columns (tiles of 12 rows x 2
// vectors, then 6 rows).
// CHECK-LABEL: func.func @two_vectors
// CHECK: scf.for %{{.*}} = %{{.*}} to %c28 step %c4
// CHECK: %{{.*}}:16 = scf.for
// CHECK: %{{.*}}:8 = scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c24 step %c12
// CHECK: %{{.*}}:24 = scf.for
// CHECK: %{{.*}}:12 = scf.for
// CHECK: return
// AVX2-LABEL: func.func @two_vectors
// AVX2-NOT: step %c12
// AVX2: return
func.func @two_vectors(%x: tensor<30x64x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<30x96x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<96x64xi8> -> tensor<96x64x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc96"}
      : (tensor<30x64x!quant.uniform<u8:f32, 0.1:128>>, tensor<96x64x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<30x96x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<30x96x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// 112 channels: the last 48 columns (3 vectors) in tiles of 8 rows, then 6.
// CHECK-LABEL: func.func @three_vectors
// CHECK: %{{.*}}:16 = scf.for
// CHECK: %{{.*}}:8 = scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c24 step %c8
// CHECK: %{{.*}}:24 = scf.for
// CHECK: %{{.*}}:18 = scf.for
// CHECK: return
func.func @three_vectors(%x: tensor<30x64x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<30x112x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<112x64xi8> -> tensor<112x64x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc112"}
      : (tensor<30x64x!quant.uniform<u8:f32, 0.1:128>>, tensor<112x64x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<30x112x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<30x112x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// 80 channels: the last 16 columns (one vector) keep tiles of 4 rows.
// CHECK-LABEL: func.func @one_vector
// CHECK: %{{.*}}:16 = scf.for
// CHECK: %{{.*}}:8 = scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %c28 step %c4
// CHECK: %{{.*}}:4 = scf.for
// CHECK: %{{.*}}:2 = scf.for
// CHECK: return
func.func @one_vector(%x: tensor<30x64x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<30x80x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<80x64xi8> -> tensor<80x64x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc80"}
      : (tensor<30x64x!quant.uniform<u8:f32, 0.1:128>>, tensor<80x64x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<30x80x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<30x80x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 128 (32 k groups): full panels run tiles of 6 rows (30 = 5 x 6).
// CHECK-LABEL: func.func @long_k
// CHECK: scf.for %{{.*}} = %{{.*}} to %c30 step %c6
// CHECK: %{{.*}}:24 = scf.for
// CHECK-NOT: :16 = scf.for
// CHECK: return
func.func @long_k(%x: tensor<30x128x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<30x64x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<64x128xi8> -> tensor<64x128x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc128"}
      : (tensor<30x128x!quant.uniform<u8:f32, 0.1:128>>, tensor<64x128x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<30x64x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<30x64x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// K = 124 (31 k groups): 4 rows.
// CHECK-LABEL: func.func @shorter_k
// CHECK: scf.for %{{.*}} = %{{.*}} to %c28 step %c4
// CHECK: %{{.*}}:16 = scf.for
// CHECK-NOT: :24 = scf.for
// CHECK: return
func.func @shorter_k(%x: tensor<30x124x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<30x64x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<64x124xi8> -> tensor<64x124x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc124"}
      : (tensor<30x124x!quant.uniform<u8:f32, 0.1:128>>, tensor<64x124x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<30x64x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<30x64x!quant.uniform<u8:f32, 0.2:0>>
}
