// RUN: qnn-opt %s --split-input-file --qnn-copy-elision | FileCheck %s

// A kernel's [rows, channels] output copied into the interior of a padded
// canvas: the stores go to the canvas's subview, the row index split by the
// subview's shape (the unit batch gets 0); the channel index is kept. The canvas and its subview
// move up to where the output was allocated; the border fill stays.
// CHECK-LABEL: func.func @kernel_output
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[CANVAS:.+]] = memref.alloc() : memref<1x4x4x8xi8>
// CHECK-NEXT: %[[IN:.+]] = memref.subview %[[CANVAS]][0, 1, 1, 0] [1, 2, 2, 8] [1, 1, 1, 1]
// CHECK: scf.for %[[R:.+]] = 
// CHECK: %[[J:.+]] = arith.remui %[[R]], %{{.+}} : index
// CHECK: %[[I:.+]] = arith.divui %[[R]], %{{.+}} : index
// CHECK: vector.store %{{.+}}, %[[IN]][%{{.+}}, %[[I]], %[[J]], %[[C0]]]
// CHECK: linalg.fill {{.*}} outs(%{{.+}} : memref<1x1x4x8xi8
// CHECK-NOT: memref.copy
// CHECK-NOT: memref.alloc
// CHECK: memref.dealloc %[[CANVAS]]
// CHECK-NOT: memref.dealloc
func.func @kernel_output(%v: vector<8xi8>, %z: i8) -> i8 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %out = memref.alloc() : memref<4x8xi8>
  scf.for %r = %c0 to %c4 step %c1 {
    vector.store %v, %out[%r, %c0] : memref<4x8xi8>, vector<8xi8>
  }
  %e = memref.expand_shape %out [[0, 1, 2], [3]] output_shape [1, 2, 2, 8] : memref<4x8xi8> into memref<1x2x2x8xi8>
  %canvas = memref.alloc() : memref<1x4x4x8xi8>
  %top = memref.subview %canvas[0, 0, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : memref<1x4x4x8xi8> to memref<1x1x4x8xi8, strided<[128, 32, 8, 1]>>
  linalg.fill ins(%z : i8) outs(%top : memref<1x1x4x8xi8, strided<[128, 32, 8, 1]>>)
  %in = memref.subview %canvas[0, 1, 1, 0] [1, 2, 2, 8] [1, 1, 1, 1] : memref<1x4x4x8xi8> to memref<1x2x2x8xi8, strided<[128, 32, 8, 1], offset: 40>>
  memref.copy %e, %in : memref<1x2x2x8xi8> to memref<1x2x2x8xi8, strided<[128, 32, 8, 1], offset: 40>>
  %x = memref.load %canvas[%c0, %c1, %c1, %c0] : memref<1x4x4x8xi8>
  memref.dealloc %out : memref<4x8xi8>
  memref.dealloc %canvas : memref<1x4x4x8xi8>
  return %x : i8
}

// -----

// A same-shape source written by linalg ops (a pool's output) and read
// after the copy through a [rows, channels] reshape (a residual): the linalg
// ops take the subview, the read is re-indexed. Nothing writes the canvas
// after the copy.
// CHECK-LABEL: func.func @pool_output
// CHECK: %[[CANVAS:.+]] = memref.alloc() : memref<1x4x4x8xi8>
// CHECK-NEXT: %[[IN:.+]] = memref.subview %[[CANVAS]][0, 1, 1, 0] [1, 2, 2, 8] [1, 1, 1, 1]
// CHECK-NEXT: linalg.fill ins(%{{.+}} : i8) outs(%[[IN]] :
// CHECK-NOT: memref.copy
// CHECK: %[[J:.+]] = arith.remui %[[R:.+]], %{{.+}} : index
// CHECK: %[[I:.+]] = arith.divui %[[R]], %{{.+}} : index
// CHECK: vector.load %[[IN]][%{{.+}}, %[[I]], %[[J]], %{{.+}}]
func.func @pool_output(%z: i8, %r: index) -> vector<8xi8> {
  %c0 = arith.constant 0 : index
  %pool = memref.alloc() : memref<1x2x2x8xi8>
  linalg.fill ins(%z : i8) outs(%pool : memref<1x2x2x8xi8>)
  %canvas = memref.alloc() : memref<1x4x4x8xi8>
  %in = memref.subview %canvas[0, 1, 1, 0] [1, 2, 2, 8] [1, 1, 1, 1] : memref<1x4x4x8xi8> to memref<1x2x2x8xi8, strided<[128, 32, 8, 1], offset: 40>>
  memref.copy %pool, %in : memref<1x2x2x8xi8> to memref<1x2x2x8xi8, strided<[128, 32, 8, 1], offset: 40>>
  %x = memref.load %canvas[%c0, %c0, %c0, %c0] : memref<1x4x4x8xi8>
  %flat = memref.collapse_shape %pool [[0, 1, 2], [3]] : memref<1x2x2x8xi8> into memref<4x8xi8>
  %v = vector.load %flat[%r, %c0] : memref<4x8xi8>, vector<8xi8>
  memref.dealloc %pool : memref<1x2x2x8xi8>
  memref.dealloc %canvas : memref<1x4x4x8xi8>
  return %v : vector<8xi8>
}

// -----

// Not elided: the canvas is written after the copy while the source is
// still read (the read would see the new value).
// CHECK-LABEL: func.func @canvas_written_after
// CHECK: memref.copy
func.func @canvas_written_after(%z: i8) -> i8 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %src = memref.alloc() : memref<2x2xi8>
  linalg.fill ins(%z : i8) outs(%src : memref<2x2xi8>)
  %canvas = memref.alloc() : memref<4x4xi8>
  %in = memref.subview %canvas[1, 1] [2, 2] [1, 1] : memref<4x4xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.copy %src, %in : memref<2x2xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.store %z, %canvas[%c1, %c1] : memref<4x4xi8>
  %x = memref.load %src[%c0, %c0] : memref<2x2xi8>
  memref.dealloc %src : memref<2x2xi8>
  memref.dealloc %canvas : memref<4x4xi8>
  return %x : i8
}

// -----

// Not elided: the source is written after the copy.
// CHECK-LABEL: func.func @source_written_after
// CHECK: memref.copy
func.func @source_written_after(%z: i8) {
  %c0 = arith.constant 0 : index
  %src = memref.alloc() : memref<2x2xi8>
  linalg.fill ins(%z : i8) outs(%src : memref<2x2xi8>)
  %canvas = memref.alloc() : memref<4x4xi8>
  %in = memref.subview %canvas[1, 1] [2, 2] [1, 1] : memref<4x4xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.copy %src, %in : memref<2x2xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.store %z, %src[%c0, %c0] : memref<2x2xi8>
  memref.dealloc %src : memref<2x2xi8>
  memref.dealloc %canvas : memref<4x4xi8>
  return
}

// -----

// Not elided: before the copy, the canvas is used through a subview that
// overlaps the target (the early writes would be overwritten).
// CHECK-LABEL: func.func @overlapping_fill
// CHECK: memref.copy
func.func @overlapping_fill(%z: i8) {
  %src = memref.alloc() : memref<2x2xi8>
  linalg.fill ins(%z : i8) outs(%src : memref<2x2xi8>)
  %canvas = memref.alloc() : memref<4x4xi8>
  %all = memref.subview %canvas[0, 0] [4, 4] [1, 1] : memref<4x4xi8> to memref<4x4xi8, strided<[4, 1]>>
  linalg.fill ins(%z : i8) outs(%all : memref<4x4xi8, strided<[4, 1]>>)
  %in = memref.subview %canvas[1, 1] [2, 2] [1, 1] : memref<4x4xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.copy %src, %in : memref<2x2xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.dealloc %src : memref<2x2xi8>
  memref.dealloc %canvas : memref<4x4xi8>
  return
}

// -----

// Not elided: a vector access on a flat view would cross the subview's rows.
// CHECK-LABEL: func.func @vector_across_rows
// CHECK: memref.copy
func.func @vector_across_rows(%v: vector<4xi8>) {
  %c0 = arith.constant 0 : index
  %flat = memref.alloc() : memref<4xi8>
  vector.store %v, %flat[%c0] : memref<4xi8>, vector<4xi8>
  %src = memref.expand_shape %flat [[0, 1]] output_shape [2, 2] : memref<4xi8> into memref<2x2xi8>
  %canvas = memref.alloc() : memref<4x4xi8>
  %in = memref.subview %canvas[1, 1] [2, 2] [1, 1] : memref<4x4xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.copy %src, %in : memref<2x2xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.dealloc %flat : memref<4xi8>
  memref.dealloc %canvas : memref<4x4xi8>
  return
}

// -----

// Not elided: the source has a user the pass does not model (a call).
// CHECK-LABEL: func.func @unknown_user
// CHECK: memref.copy
func.func private @use(memref<2x2xi8>)
func.func @unknown_user() {
  %src = memref.alloc() : memref<2x2xi8>
  func.call @use(%src) : (memref<2x2xi8>) -> ()
  %canvas = memref.alloc() : memref<4x4xi8>
  %in = memref.subview %canvas[1, 1] [2, 2] [1, 1] : memref<4x4xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.copy %src, %in : memref<2x2xi8> to memref<2x2xi8, strided<[4, 1], offset: 5>>
  memref.dealloc %src : memref<2x2xi8>
  memref.dealloc %canvas : memref<4x4xi8>
  return
}
