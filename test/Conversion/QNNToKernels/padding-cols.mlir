// Window columns that read only padding: a 2-D conv read in place whose
// canvas padding is 0 in the kernel's domain, with a whole number of k
// groups per input channel run, tiles each output row on its own (as few
// tiles as fit, as even as possible). A tile at the row's edges runs each
// tap of a window row only for its rows that read input there; the full
// tiles in between run in a loop with one K loop per window row.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx2 | FileCheck %s --check-prefix=AVX2

// 7 output columns, padding 1: tiles of columns 0-3 and 4-6. Each window
// row is 3 taps of 8 channels, 2 k groups of 4 bytes per tap (vpdpbusd).
// Column 0 reads padding at tap 0, column 6 at tap 2.
// CHECK-LABEL: func.func @edges
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c49 step %c7
// Columns 0-3: tap 0 for rows 1-3 (row 0 passes through), taps 1-2 for all.
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step %c1{{.*}} iter_args(%[[R0:[^ ]+]] =
// CHECK-COUNT-3: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield %[[R0]],
// CHECK: scf.for %{{.*}} = %c2{{.*}} to %c6{{.*}} step %c1
// CHECK-COUNT-4: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield
// CHECK: scf.yield
// Columns 4-6: taps 0-1 for all, tap 2 for rows 0-1 (row 2 passes through).
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c4{{.*}} step %c1
// CHECK-COUNT-3: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield
// CHECK: scf.for %{{.*}} = %c4{{.*}} to %c6{{.*}} step %c1{{.*}} iter_args({{.*}}, %[[R2:[^ ]+]] = %{{[^ ]+}})
// CHECK-COUNT-2: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield %{{.*}}, %{{.*}}, %[[R2]] :
// 16-bit kernel: 4 k groups of 2 per tap.
// AVX2-LABEL: func.func @edges
// AVX2: scf.for %{{.*}} = %c0{{.*}} to %c49 step %c7
// AVX2: scf.for %{{.*}} = %c0{{.*}} to %c4{{.*}} step %c1
// AVX2: scf.for %{{.*}} = %c4{{.*}} to %c12{{.*}} step %c1
// AVX2: scf.for %{{.*}} = %c0{{.*}} to %c8{{.*}} step %c1
// AVX2: scf.for %{{.*}} = %c8{{.*}} to %c12{{.*}} step %c1
func.func @edges(%x: tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x3x3xi8> -> tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv", padding = array<i64: 1, 1>, stride = array<i64: 1, 1>}
      : (tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02>>, tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// 16 output columns: the edge tiles (columns 0-3, 12-15) one by one, the
// two full tiles between them in a loop with one K loop per window row.
// CHECK-LABEL: func.func @interior
// CHECK: scf.for %[[ROW:.+]] = %c0{{.*}} to %c256 step %c16
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step %c1
// CHECK: scf.for %{{.*}} = %c2{{.*}} to %c6{{.*}} step %c1
// CHECK: scf.for %[[OFF:.+]] = %c0{{.*}} to %c8{{.*}} step %c4
// CHECK: %[[COL:.+]] = arith.addi %[[OFF]], %c4
// CHECK: arith.addi %[[ROW]], %[[COL]]
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c6{{.*}} step %c1
// CHECK-COUNT-4: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c4{{.*}} step %c1
// CHECK: scf.for %{{.*}} = %c4{{.*}} to %c6{{.*}} step %c1
func.func @interior(%x: tensor<1x8x16x16x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x16x16x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x3x3xi8> -> tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_interior", padding = array<i64: 1, 1>}
      : (tensor<1x8x16x16x!quant.uniform<u8:f32, 0.02>>, tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x16x16x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x16x16x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// K-blocked (320 channels, 80 k groups per tap, blocks of at most 80
// groups): an edge tile's tap ranges are cut to the block's range, empty
// when they do not meet.
// CHECK-LABEL: func.func @blocked
// CHECK: scf.for %[[B:.+]] = %{{.*}} to %c9
// CHECK: %[[PART:.+]] = arith.remui %[[B]], %c3
// CHECK: %[[BEGIN:.+]] = arith.muli %[[PART]], %c80
// CHECK: %[[END:.+]] = arith.minui %{{.*}}, %c240
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c25 step %c5
// CHECK: %[[FROM:.+]] = arith.maxui %[[BEGIN]], %c0
// CHECK: %[[CUT:.+]] = arith.minui %[[END]], %c80
// CHECK: %[[TO:.+]] = arith.maxui %[[CUT]], %[[FROM]]
// CHECK: scf.for %{{.*}} = %[[FROM]] to %[[TO]] step %c1
// CHECK-COUNT-2: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield
// CHECK: arith.maxui %[[BEGIN]], %c80
// CHECK: arith.minui %[[END]], %c240
func.func @blocked(%x: tensor<1x320x5x5x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x320x3x3xi8> -> tensor<16x320x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_blocked", padding = array<i64: 1, 1>}
      : (tensor<1x320x5x5x!quant.uniform<u8:f32, 0.02>>, tensor<16x320x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// Input zero point 3: the 8-bit kernel's padding bytes are 3, not 0, so
// its tiles run over the whole M dimension and every tap.
// CHECK-LABEL: func.func @zero_point
// CHECK-NOT: step %c7
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c48 step %c4
// CHECK-NOT: arith.maxui
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c6{{.*}} step %c1
// CHECK-COUNT-4: vpdpbusd
func.func @zero_point(%x: tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02:3>>) -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x3x3xi8> -> tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_zp", padding = array<i64: 1, 1>}
      : (tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// No output column reads padding (padding 0): tiles run over the whole M
// dimension as before.
// CHECK-LABEL: func.func @no_padding
// CHECK-NOT: step %c5
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c24 step %c4
func.func @no_padding(%x: tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x3x3xi8> -> tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_nopad"}
      : (tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02>>, tensor<16x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x5x5x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// 2 channels: a tap is half a k group of 4 bytes, so taps cannot be split
// (the 2x2 window row of 4 bytes is still read in place).
// CHECK-LABEL: func.func @channels_not_groups
// CHECK-NOT: step %c8
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c64 step %c4
func.func @channels_not_groups(%x: tensor<1x2x7x7x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x2x2x2xi8> -> tensor<16x2x2x2x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_c2", padding = array<i64: 1, 1>}
      : (tensor<1x2x7x7x!quant.uniform<u8:f32, 0.02>>, tensor<16x2x2x2x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x8x8x!quant.uniform<u8:f32, 0.05:7>>
}

// -----

// A one-row window (one K segment, no padding rows): the same tap split.
// CHECK-LABEL: func.func @one_row_window
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c49 step %c7
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step %c1
// CHECK-COUNT-3: vpdpbusd
// CHECK-NOT: vpdpbusd
// CHECK: scf.yield
// CHECK: scf.for %{{.*}} = %c2{{.*}} to %c6{{.*}} step %c1
func.func @one_row_window(%x: tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x8x1x3xi8> -> tensor<16x8x1x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv_1x3", padding = array<i64: 0, 1>}
      : (tensor<1x8x7x7x!quant.uniform<u8:f32, 0.02>>, tensor<16x8x1x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
}
