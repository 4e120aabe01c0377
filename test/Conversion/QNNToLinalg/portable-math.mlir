// RUN: qnn-opt %s --split-input-file --qnn-to-linalg | FileCheck %s

// The recurrent cells' sigmoid and tanh become MLIR's polynomial
// approximations (arith and math.fma only): no libm call, so every target
// computes the same bits (glibc's expf/tanhf differ between x86-64 and
// aarch64; docs/numerics.md).
// CHECK-LABEL: func.func @lstm_cell
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: math.fma
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: return
func.func @lstm_cell(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>,
                     %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %h1, %c1 = qnn.lstm_cell %x, %h, %c, %wih, %whh {name = "cell"}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>)
      -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return %h1, %c1 : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// Elsewhere math ops stay (torch's kernels use libm-accurate functions,
// and the quantized forms are bit-identical to torch with them).
// CHECK-LABEL: func.func @sigmoid
// CHECK: math.exp
// CHECK-NOT: qnn.portable
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = qnn.sigmoid %x {name = "s"} : tensor<4xf32> -> tensor<4xf32>
  return %y : tensor<4xf32>
}
