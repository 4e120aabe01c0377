// RUN: qnn-opt %s --split-input-file --qnn-tag-linalg-loops | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-tag-linalg-loops --qnn-parallelize | FileCheck %s --check-prefix=PAR

// An elementwise op: every loop of its nest is tagged; qnn-parallelize
// splits the channel loop (the batch loop has one iteration).
// CHECK-LABEL: func.func @add
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for
// CHECK: memref.store
// CHECK: } {qnn.parallel}
// CHECK-NEXT: } {qnn.parallel}
// CHECK-NEXT: } {qnn.parallel}
// CHECK-NEXT: } {qnn.parallel}
// CHECK-NOT: linalg.
// PAR-LABEL: func.func @add
// PAR: scf.for %{{.*}} = %c0 to %c1 step %c1 {
// PAR-NEXT: scf.parallel (%{{.*}}) = (%c0) to (%c64) step (%c1) {
#id = affine_map<(n, c, h, w) -> (n, c, h, w)>
func.func @add(%a: memref<1x64x32x32xi8>, %b: memref<1x64x32x32xi8>, %o: memref<1x64x32x32xi8>) {
  linalg.generic {indexing_maps = [#id, #id, #id],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a, %b : memref<1x64x32x32xi8>, memref<1x64x32x32xi8>)
      outs(%o : memref<1x64x32x32xi8>) {
  ^bb0(%x: i8, %y: i8, %z: i8):
    %s = arith.addi %x, %y : i8
    linalg.yield %s : i8
  }
  return
}

// -----

// Max pooling: the four output dimensions are tagged, not the window's
// reduction loops.
// CHECK-LABEL: func.func @pool
// CHECK-COUNT-6: scf.for
// CHECK: arith.maxsi
// CHECK: }
// CHECK-NEXT: }
// CHECK-NEXT: } {qnn.parallel}
// CHECK-NEXT: } {qnn.parallel}
// CHECK-NEXT: } {qnn.parallel}
// CHECK-NEXT: } {qnn.parallel}
func.func @pool(%x: memref<1x64x34x34xi8>, %w: memref<3x3xi8>, %o: memref<1x64x16x16xi8>) {
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %w : memref<1x64x34x34xi8>, memref<3x3xi8>) outs(%o : memref<1x64x16x16xi8>)
  return
}

// -----

// A dimension the output does not index (a broadcast store: every
// iteration writes the same element) ends the tagged ones, and so does a
// reduction.
// CHECK-LABEL: func.func @sum_rows
// CHECK: scf.for
// CHECK: scf.for
// CHECK: }
// CHECK-NEXT: } {qnn.parallel}
// CHECK-LABEL: func.func @broadcast_out
// CHECK-NOT: qnn.parallel
// CHECK: return
func.func @sum_rows(%a: memref<64x128xi32>, %o: memref<64xi32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<64x128xi32>) outs(%o : memref<64xi32>) {
  ^bb0(%x: i32, %acc: i32):
    %s = arith.addi %x, %acc : i32
    linalg.yield %s : i32
  }
  return
}
func.func @broadcast_out(%a: memref<64x128xi32>, %o: memref<128xi32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<64x128xi32>) outs(%o : memref<128xi32>) {
  ^bb0(%x: i32, %acc: i32):
    linalg.yield %x : i32
  }
  return
}

// -----

// Ops on tensors are left to bufferization.
// CHECK-LABEL: func.func @tensor
// CHECK: linalg.generic
func.func @tensor(%a: tensor<4xi8>, %o: tensor<4xi8>) -> tensor<4xi8> {
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}
      ins(%a : tensor<4xi8>) outs(%o : tensor<4xi8>) {
  ^bb0(%x: i8, %y: i8):
    linalg.yield %x : i8
  }
  -> tensor<4xi8>
  return %r : tensor<4xi8>
}
