// RUN: qnn-opt %s --split-input-file --qnn-share-kernels=min-ops=4 | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-share-kernels=min-ops=0 | FileCheck %s --check-prefix=OFF

// Two nests that differ only in their buffer (a conv's weights) and in a
// zero point added to their values share one function: the buffer and the
// zero point become arguments; the scale both multiply by stays a constant
// in it. A nest of another shape (trip count 8) and one with other clamp
// bounds stay where they are.

// CHECK-LABEL: func.func private @__qnn_kernel(
// CHECK-SAME:    %[[W:.*]]: memref<4xi32>, %[[ZP:.*]]: i32, %[[OUT:.*]]: memref<8xi32>)
// CHECK-SAME:    attributes {passthrough = ["noinline"]}
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 3 : i32
// CHECK:         scf.for %[[I:.*]] = %{{.*}} to %[[C4]]
// CHECK:           %[[V:.*]] = memref.load %[[W]][%[[I]]]
// CHECK:           %[[M:.*]] = arith.muli %[[V]], %[[SCALE]]
// CHECK:           %[[A:.*]] = arith.addi %[[M]], %[[ZP]]
// CHECK:           arith.maxsi %[[A]], %{{.*}}
// CHECK:           memref.store %{{.*}}, %[[OUT]][%[[I]]]
// CHECK:         return
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @f(
// CHECK-SAME:    %[[OUT0:.*]]: memref<8xi32>
// CHECK-DAG:     %[[ZP1:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[ZP2:.*]] = arith.constant 2 : i32
// CHECK-DAG:     %[[W1:.*]] = memref.get_global @w1
// CHECK-DAG:     %[[W2:.*]] = memref.get_global @w2
// CHECK:         call @__qnn_kernel(%[[W1]], %[[ZP1]], %[[OUT0]])
// CHECK:         call @__qnn_kernel(%[[W2]], %[[ZP2]], %[[OUT0]])
// CHECK:         scf.for %{{.*}} to %{{.*}} step
// CHECK:           arith.maxsi
// CHECK:         scf.for %{{.*}} to %{{.*}} step
// CHECK:           arith.maxsi
// CHECK:         return

// OFF-NOT: __qnn_kernel
memref.global "private" constant @w1 : memref<4xi32> = dense<[1, 2, 3, 4]>
memref.global "private" constant @w2 : memref<4xi32> = dense<[5, 6, 7, 8]>
memref.global "private" constant @w3 : memref<8xi32> = dense<0>
func.func @f(%out: memref<8xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zp1 = arith.constant 1 : i32
  %zp2 = arith.constant 2 : i32
  %scale = arith.constant 3 : i32
  %lo = arith.constant 0 : i32
  %lo2 = arith.constant -128 : i32
  %w1 = memref.get_global @w1 : memref<4xi32>
  %w2 = memref.get_global @w2 : memref<4xi32>
  %w3 = memref.get_global @w3 : memref<8xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %w1[%i] : memref<4xi32>
    %m = arith.muli %v, %scale : i32
    %a = arith.addi %m, %zp1 : i32
    %r = arith.maxsi %a, %lo : i32
    memref.store %r, %out[%i] : memref<8xi32>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %w2[%i] : memref<4xi32>
    %m = arith.muli %v, %scale : i32
    %a = arith.addi %m, %zp2 : i32
    %r = arith.maxsi %a, %lo : i32
    memref.store %r, %out[%i] : memref<8xi32>
  }
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %w3[%i] : memref<8xi32>
    %m = arith.muli %v, %scale : i32
    %a = arith.addi %m, %zp1 : i32
    %r = arith.maxsi %a, %lo : i32
    memref.store %r, %out[%i] : memref<8xi32>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %w1[%i] : memref<4xi32>
    %m = arith.muli %v, %scale : i32
    %a = arith.addi %m, %zp1 : i32
    %r = arith.maxsi %a, %lo2 : i32
    memref.store %r, %out[%i] : memref<8xi32>
  }
  return
}

// -----

// A nest's results become the shared function's. Two nests that read one
// buffer twice share a function; a nest reading two buffers (%x, %y) uses
// its outer values in other places and is not of their class. Nests under
// min-ops (the scf.ifs, 3 ops) are not compared.

// CHECK-LABEL: func.func private @__qnn_kernel(
// CHECK-SAME:    %[[B:.*]]: memref<4xf32>) -> f32
// CHECK:         %[[S:.*]] = scf.for
// CHECK:           memref.load %[[B]]
// CHECK:           memref.load %[[B]]
// CHECK:         return %[[S]] : f32
// CHECK-LABEL: func.func @g(
// CHECK-SAME:    %[[X:.*]]: memref<4xf32>, %[[Y:.*]]: memref<4xf32>
// CHECK:         %[[S1:.*]] = scf.for
// CHECK:         %[[S2:.*]] = call @__qnn_kernel(%[[Y]]) : (memref<4xf32>) -> f32
// CHECK:         %[[S3:.*]] = call @__qnn_kernel(%[[X]]) : (memref<4xf32>) -> f32
// CHECK:         %[[T:.*]] = arith.addf %[[S1]], %[[S2]]
// CHECK:         arith.addf %[[T]], %[[S3]]
// CHECK:         scf.if
// CHECK:         scf.if
// CHECK-NOT:     call
func.func @g(%x: memref<4xf32>, %y: memref<4xf32>, %p: i1) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %z = arith.constant 0.0 : f32
  %s1 = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> f32 {
    %v = memref.load %x[%i] : memref<4xf32>
    %w = memref.load %y[%i] : memref<4xf32>
    %m = arith.mulf %v, %w : f32
    %n = arith.addf %acc, %m : f32
    scf.yield %n : f32
  }
  %s2 = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> f32 {
    %v = memref.load %y[%i] : memref<4xf32>
    %w = memref.load %y[%i] : memref<4xf32>
    %m = arith.mulf %v, %w : f32
    %n = arith.addf %acc, %m : f32
    scf.yield %n : f32
  }
  %s3 = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> f32 {
    %v = memref.load %x[%i] : memref<4xf32>
    %w = memref.load %x[%i] : memref<4xf32>
    %m = arith.mulf %v, %w : f32
    %n = arith.addf %acc, %m : f32
    scf.yield %n : f32
  }
  %t = arith.addf %s1, %s2 : f32
  %u = arith.addf %t, %s3 : f32
  scf.if %p {
    memref.store %u, %x[%c0] : memref<4xf32>
  }
  scf.if %p {
    memref.store %u, %y[%c0] : memref<4xf32>
  }
  return %u : f32
}
