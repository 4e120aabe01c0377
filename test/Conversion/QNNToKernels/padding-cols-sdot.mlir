// Window columns of padding with lane-indexed sdot (4 k groups per A load):
// signed activations with zero point 0 make the canvas padding 0. 24
// channels are 6 k groups per tap, so a tap range is one 4-group step and
// a one-group remainder loop.
// RUN: qnn-opt %s --qnn-to-kernels=target=aarch64-neon-dotprod | FileCheck %s

// CHECK-LABEL: func.func @edges
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c49 step %c7
// Columns 0-3, tap 0 (rows 1-3): groups [0, 4) by 4, [4, 6) by 1.
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c4{{.*}} step %c4
// CHECK: scf.for %{{.*}} = %c4{{.*}} to %c6{{.*}} step %c1
// Taps 1-2 (every row): [6, 18) by 4.
// CHECK: scf.for %{{.*}} = %c6{{.*}} to %c18{{.*}} step %c4
// CHECK: arm_neon.intr.sdot
// Columns 4-6: taps 0-1 [0, 12) by 4, tap 2 (rows 0-1) [12, 16) by 4 and
// [16, 18) by 1.
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c12{{.*}} step %c4
// CHECK: scf.for %{{.*}} = %c12{{.*}} to %c16{{.*}} step %c4
// CHECK: scf.for %{{.*}} = %c16{{.*}} to %c18{{.*}} step %c1
func.func @edges(%x: tensor<1x24x7x7x!quant.uniform<i8:f32, 0.02>>) -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>> {
  %w = qnn.qconstant dense<3> : tensor<16x24x3x3xi8> -> tensor<16x24x3x3x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %x, %w {name = "conv", padding = array<i64: 1, 1>}
      : (tensor<1x24x7x7x!quant.uniform<i8:f32, 0.02>>, tensor<16x24x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<1x16x7x7x!quant.uniform<u8:f32, 0.05:7>>
}
