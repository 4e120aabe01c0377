// RUN: qnn-opt %s --split-input-file --qnn-split-functions=max-ops=4 | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-split-functions=max-ops=0 | FileCheck %s --check-prefix=OFF

// Pieces of about 4 nested ops become private noinline functions called in
// order. Constants and views of the arena argument are cloned into the
// pieces that use them (the arena keeps its llvm.noalias); a value defined in
// one piece and used in a later one is a result of the first.

// CHECK-LABEL: func.func private @__qnn_f_part0(
// CHECK-SAME:    %[[X:.*]]: memref<4xf32>, %[[ARENA:.*]]: memref<64xi8> {llvm.noalias}) -> f32
// CHECK-SAME:    attributes {passthrough = ["noinline"]}
// CHECK-DAG:     arith.constant 0 : index
// CHECK-DAG:     memref.view %[[ARENA]]
// CHECK:         memref.load %[[X]]
// CHECK:         return
// CHECK-LABEL: func.func private @__qnn_f_part1(
// CHECK-SAME:    f32, %{{.*}}: memref<64xi8> {llvm.noalias}, %{{.*}}: memref<4xf32>)
// CHECK:         memref.view
// CHECK:         memref.store
// CHECK-LABEL: func.func @f(
// CHECK:         %[[V:.*]] = call @__qnn_f_part0(%{{.*}}, %{{.*}})
// CHECK:         call @__qnn_f_part1(%[[V]], %{{.*}}, %{{.*}})
// CHECK:         return

// OFF-NOT: __qnn_f_part
func.func @f(%arena: memref<64xi8> {llvm.noalias}, %x: memref<4xf32>, %y: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %t = memref.view %arena[%c0][] : memref<64xi8> to memref<4xf32>
  %a = memref.load %x[%c0] : memref<4xf32>
  %b = memref.load %x[%c1] : memref<4xf32>
  %s = arith.addf %a, %b : f32
  memref.store %s, %t[%c0] : memref<4xf32>
  %m = arith.mulf %s, %s : f32
  memref.store %m, %t[%c1] : memref<4xf32>
  %u = memref.load %t[%c1] : memref<4xf32>
  memref.store %u, %y[%c0] : memref<4xf32>
  return
}

// -----

// An alloca stays in the caller and ends a piece; functions at or under the
// limit are left alone.

// CHECK-LABEL: func.func private @__qnn_g_part0(
// CHECK:         memref.store
// CHECK-LABEL: func.func private @__qnn_g_part1(
// CHECK-SAME:    memref<4xf32>
// CHECK-LABEL: func.func @g(
// CHECK:         call @__qnn_g_part0
// CHECK-NEXT:    memref.alloca
// CHECK-NEXT:    call @__qnn_g_part1
// CHECK-LABEL: func.func @small(
// CHECK-NOT:     call
func.func @g(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  memref.store %f, %x[%c0] : memref<4xf32>
  memref.store %f, %x[%c0] : memref<4xf32>
  %a = memref.alloca() : memref<4xf32>
  memref.store %f, %a[%c0] : memref<4xf32>
  %v = memref.load %a[%c0] : memref<4xf32>
  memref.store %v, %x[%c0] : memref<4xf32>
  return
}

func.func @small(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  memref.store %f, %x[%c0] : memref<4xf32>
  return
}
