// RUN: qnn-opt %s --split-input-file --qnn-plan-scratch | FileCheck %s

// A buffer lives from its first to its last use (ownership-based
// deallocation puts the deallocs at the end of the block): uses inside
// loops count at the loop, uses of a view count for the viewed buffer.
// %a (1024 B) is used until the loop; %b (512 B) through its subview in
// the loop, so they overlap. %c starts after both: it reuses offset 0.
// Buffers without a dealloc in the entry block (here: returned) keep their
// alloc.
// CHECK: module attributes {qnn.scratch_bytes = 1536 : i64}
// CHECK: memref.global "private" @__qnn_scratch_f : memref<1536xi8> = uninitialized {alignment = 64 : i64}
// CHECK-LABEL: func.func @f
// CHECK: %[[ARENA:.+]] = memref.get_global @__qnn_scratch_f
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<1536xi8> to memref<256xf32>
// CHECK: memref.view %[[ARENA]][%c1024{{.*}}][] : memref<1536xi8> to memref<512xi8>
// CHECK: memref.view %[[ARENA]][%c0{{.*}}][] : memref<1536xi8> to memref<16xi32>
// CHECK: memref.alloc() : memref<4xf32>
// CHECK-NOT: memref.dealloc
func.func @f(%x: f32, %y: i8, %z: i32) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<256xf32>
  %b = memref.alloc() : memref<512xi8>
  %sb = memref.subview %b[8] [4] [1] : memref<512xi8> to memref<4xi8, strided<[1], offset: 8>>
  memref.store %x, %a[%c0] : memref<256xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    memref.store %y, %sb[%i] : memref<4xi8, strided<[1], offset: 8>>
    %v = memref.load %a[%i] : memref<256xf32>
  }
  %c = memref.alloc() : memref<16xi32>
  memref.store %z, %c[%c0] : memref<16xi32>
  memref.dealloc %a : memref<256xf32>
  memref.dealloc %b : memref<512xi8>
  memref.dealloc %c : memref<16xi32>
  %r = memref.alloc() : memref<4xf32>
  return %r : memref<4xf32>
}

// -----

// A user that derives a memref which is not a view (here an scf.if yielding
// the buffer) makes its aliasing unknown: that buffer keeps the whole
// alloc-to-dealloc range, so %e cannot reuse %d's space.
// CHECK: module attributes {qnn.scratch_bytes = 2048 : i64}
// CHECK-LABEL: func.func @g
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK: memref.view %{{.*}}[%c1024{{.*}}][] : memref<2048xi8> to memref<256xf32>
func.func @g(%x: f32, %p: i1, %o: memref<256xf32>) {
  %c0 = arith.constant 0 : index
  %d = memref.alloc() : memref<256xf32>
  %s = scf.if %p -> memref<256xf32> {
    scf.yield %d : memref<256xf32>
  } else {
    scf.yield %o : memref<256xf32>
  }
  memref.store %x, %s[%c0] : memref<256xf32>
  %e = memref.alloc() : memref<256xf32>
  memref.store %x, %e[%c0] : memref<256xf32>
  memref.dealloc %d : memref<256xf32>
  memref.dealloc %e : memref<256xf32>
  return
}
