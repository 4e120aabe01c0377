// RUN: qnn-opt %s --qnn-plan-scratch | FileCheck %s

// Buffers with overlapping lifetimes get disjoint ranges; %c reuses %a's
// space after %a's dealloc. Buffers without a dealloc in the entry block
// (here: returned) keep their alloc.
// CHECK: module attributes {qnn.scratch_bytes = 1536 : i64}
// CHECK: memref.global "private" @__qnn_scratch_f : memref<1536xi8> = uninitialized {alignment = 64 : i64}
// CHECK-LABEL: func.func @f
// CHECK: %[[ARENA:.+]] = memref.get_global @__qnn_scratch_f
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<1536xi8> to memref<256xf32>
// CHECK: memref.view %[[ARENA]][%c1024{{.*}}][] : memref<1536xi8> to memref<512xi8>
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<1536xi8> to memref<16xi32>
// CHECK: memref.alloc() : memref<4xf32>
// CHECK-NOT: memref.dealloc
func.func @f(%x: f32) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<256xf32>
  %b = memref.alloc() : memref<512xi8>
  memref.store %x, %a[%c0] : memref<256xf32>
  memref.dealloc %a : memref<256xf32>
  %c = memref.alloc() : memref<16xi32>
  memref.dealloc %b : memref<512xi8>
  memref.dealloc %c : memref<16xi32>
  %r = memref.alloc() : memref<4xf32>
  return %r : memref<4xf32>
}
