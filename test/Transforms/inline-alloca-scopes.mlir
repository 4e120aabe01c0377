// RUN: qnn-opt %s --qnn-inline-alloca-scopes | FileCheck %s

// A scope that allocates nothing is inlined, results and all; one with a
// memref.alloca stays.
// CHECK-LABEL: func.func @f
// CHECK-NOT: memref.alloca_scope
// CHECK: %[[V:.+]] = arith.addi
// CHECK-NEXT: memref.store %[[V]]
// CHECK-NEXT: %[[W:.+]] = arith.muli
// CHECK-NEXT: memref.store %[[W]]
// CHECK-NEXT: memref.alloca_scope
// CHECK-NEXT: memref.alloca
func.func @f(%m: memref<4xi32>, %i: index, %x: i32) {
  memref.alloca_scope {
    %v = arith.addi %x, %x : i32
    memref.store %v, %m[%i] : memref<4xi32>
  }
  %r = memref.alloca_scope -> (i32) {
    %w = arith.muli %x, %x : i32
    memref.alloca_scope.return %w : i32
  }
  memref.store %r, %m[%i] : memref<4xi32>
  memref.alloca_scope {
    %a = memref.alloca() : memref<4xi32>
    memref.store %x, %a[%i] : memref<4xi32>
  }
  return
}
