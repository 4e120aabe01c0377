// RUN: qnn-opt %s --split-input-file --qnn-parallelize | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-parallelize="min-work=0" | FileCheck %s --check-prefix=ALL

// A tagged loop with enough iterations and work becomes scf.parallel with
// the same bounds and body.
// CHECK-LABEL: func.func @big
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[C64:.+]] = arith.constant 64 : index
// CHECK: %[[C1:.+]] = arith.constant 1 : index
// CHECK: scf.parallel (%[[I:.+]]) = (%[[C0]]) to (%[[C64]]) step (%[[C1]]) {
// CHECK-NEXT: scf.for %[[J:.+]] =
// CHECK-NEXT: memref.load %{{.*}}[%[[I]], %[[J]]]
// CHECK-NOT: qnn.parallel
// ALL-LABEL: func.func @big
// ALL: scf.parallel
func.func @big(%a: memref<64x1024xf32>, %b: memref<64x1024xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  scf.for %i = %c0 to %c64 step %c1 {
    scf.for %j = %c0 to %c1024 step %c1 {
      %v = memref.load %a[%i, %j] : memref<64x1024xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %b[%i, %j] : memref<64x1024xf32>
    }
  } {qnn.parallel}
  return
}

// -----

// A tiny op: the same loop over 4 x 16 elements is not worth a fork and join
// (under min-work), and stays serial, tag and all.
// CHECK-LABEL: func.func @tiny
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK: } {qnn.parallel}
// ALL-LABEL: func.func @tiny
// ALL: scf.parallel
func.func @tiny(%a: memref<4x16xf32>, %b: memref<4x16xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %v = memref.load %a[%i, %j] : memref<4x16xf32>
      memref.store %v, %b[%i, %j] : memref<4x16xf32>
    }
  } {qnn.parallel}
  return
}

// -----

// Untagged loops stay serial, however much work they do.
// CHECK-LABEL: func.func @untagged
// CHECK-NOT: scf.parallel
// ALL-LABEL: func.func @untagged
// ALL-NOT: scf.parallel
func.func @untagged(%a: memref<64x1024xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  scf.for %i = %c0 to %c64 step %c1 {
    scf.for %j = %c0 to %c1024 step %c1 {
      %v = memref.load %a[%i, %j] : memref<64x1024xf32>
      memref.store %v, %a[%i, %j] : memref<64x1024xf32>
    }
  }
  return
}

// -----

// One loop per nest. An odd count of panels (3 on 2 threads: 2 + 1) around
// many rows: splitting the rows balances the threads, and that is worth a
// fork and join per panel; the rows are split inside the serial panel loop.
// CHECK-LABEL: func.func @rows_inside_panels
// CHECK: scf.for %[[P:.+]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT: scf.parallel (%[[R:.+]]) =
// CHECK-NOT: scf.parallel
// CHECK: } {qnn.parallel}
// ALL-LABEL: func.func @rows_inside_panels
// ALL: scf.for
// ALL-NEXT: scf.parallel
// ALL-NOT: scf.parallel
func.func @rows_inside_panels(%a: memref<3x56x4096xf32>) {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c56 = arith.constant 56 : index
  %c1 = arith.constant 1 : index
  %c4096 = arith.constant 4096 : index
  scf.for %p = %c0 to %c3 step %c1 {
    scf.for %r = %c0 to %c56 step %c1 {
      scf.for %k = %c0 to %c4096 step %c1 {
        %v = memref.load %a[%p, %r, %k] : memref<3x56x4096xf32>
        memref.store %v, %a[%p, %r, %k] : memref<3x56x4096xf32>
      }
    } {qnn.parallel}
  } {qnn.parallel}
  return
}

// -----

// Panels that divide evenly among the threads (4 on 2) around many rows:
// one fork and join for the panels, not one per panel for the rows.
// CHECK-LABEL: func.func @even_panels
// CHECK: scf.parallel (%[[P:.+]]) =
// CHECK-NEXT: scf.for
// CHECK: } {qnn.parallel}
// CHECK-NOT: scf.parallel
// ALL-LABEL: func.func @even_panels
// ALL: scf.parallel
// ALL-NEXT: scf.for
// ALL-NOT: scf.parallel
func.func @even_panels(%a: memref<4x56x256xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c56 = arith.constant 56 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  scf.for %p = %c0 to %c4 step %c1 {
    scf.for %r = %c0 to %c56 step %c1 {
      scf.for %k = %c0 to %c256 step %c1 {
        %v = memref.load %a[%p, %r, %k] : memref<4x56x256xf32>
        memref.store %v, %a[%p, %r, %k] : memref<4x56x256xf32>
      }
    } {qnn.parallel}
  } {qnn.parallel}
  return
}

// -----

// Few panels around even fewer rows: the panels are split, the rows stay
// serial inside.
// CHECK-LABEL: func.func @panels_around_rows
// ALL-LABEL: func.func @panels_around_rows
// CHECK: scf.parallel (%[[P:.+]]) =
// CHECK-NEXT: scf.for
// CHECK: } {qnn.parallel}
// CHECK-NOT: scf.parallel
func.func @panels_around_rows(%a: memref<4x3x4096xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %c4096 = arith.constant 4096 : index
  scf.for %p = %c0 to %c4 step %c1 {
    scf.for %r = %c0 to %c3 step %c1 {
      scf.for %k = %c0 to %c4096 step %c1 {
        %v = memref.load %a[%p, %r, %k] : memref<4x3x4096xf32>
        memref.store %v, %a[%p, %r, %k] : memref<4x3x4096xf32>
      }
    } {qnn.parallel}
  } {qnn.parallel}
  return
}

// -----

// Many panels: the outer loop is split and the tagged loop inside it is
// left serial (no nested parallel regions).
// CHECK-LABEL: func.func @outer_first
// ALL-LABEL: func.func @outer_first
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: } {qnn.parallel}
// CHECK-NOT: scf.parallel
func.func @outer_first(%a: memref<32x56x64xf32>) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %c56 = arith.constant 56 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.for %p = %c0 to %c32 step %c1 {
    scf.for %r = %c0 to %c56 step %c1 {
      scf.for %k = %c0 to %c64 step %c1 {
        %v = memref.load %a[%p, %r, %k] : memref<32x56x64xf32>
        memref.store %v, %a[%p, %r, %k] : memref<32x56x64xf32>
      }
    } {qnn.parallel}
  } {qnn.parallel}
  return
}

// -----

// Loops that cannot be rewritten stay serial: iteration arguments, dynamic
// bounds.
// CHECK-LABEL: func.func @not_rewritable
// CHECK-NOT: scf.parallel
// ALL-LABEL: func.func @not_rewritable
// ALL-NOT: scf.parallel
func.func @not_rewritable(%a: memref<64x1024xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant 0.0 : f32
  %s = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %zero) -> f32 {
    %t = scf.for %j = %c0 to %c1024 step %c1 iter_args(%in = %acc) -> f32 {
      %v = memref.load %a[%i, %j] : memref<64x1024xf32>
      %w = arith.addf %in, %v : f32
      scf.yield %w : f32
    }
    scf.yield %t : f32
  } {qnn.parallel}
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %c1024 step %c1 {
      %v = memref.load %a[%i, %j] : memref<64x1024xf32>
      memref.store %v, %a[%i, %j] : memref<64x1024xf32>
    }
  } {qnn.parallel}
  return %s : f32
}

// -----

// A loop with dynamic bounds counts an upper bound of its trips: here a K
// block, [%q0, min(%q0 + 512, 1000)), at most 512 trips, under 64 rows. The
// rows loop is worth splitting (with the K loop counted as one trip it
// would be under min-work and stay serial).
// CHECK-LABEL: func.func @dynamic_k_block
// CHECK: scf.for %[[B:.+]] = %{{.*}} to %{{.*}} step
// CHECK: scf.parallel
// CHECK-NEXT: scf.for %{{.*}} = %{{.*}} to %{{.*}} step
// CHECK-NOT: scf.parallel
// ALL-LABEL: func.func @dynamic_k_block
// ALL: scf.parallel
func.func @dynamic_k_block(%a: memref<64x1000xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  %c1000 = arith.constant 1000 : index
  scf.for %blk = %c0 to %c2 step %c1 {
    %q0 = arith.muli %blk, %c512 : index
    %q1 = arith.addi %q0, %c512 : index
    %qe = arith.minui %q1, %c1000 : index
    scf.for %r = %c0 to %c64 step %c1 {
      scf.for %k = %q0 to %qe step %c1 {
        %v = memref.load %a[%r, %k] : memref<64x1000xf32>
        memref.store %v, %a[%r, %k] : memref<64x1000xf32>
      }
    } {qnn.parallel}
  }
  return
}

// -----

// Panels marked qnn.split_rows (a GEMM with more output pixels than
// channels) around K blocks around row tiles: the row tiles are dealt out
// in 2 blocks (28 on 2 threads: 14 + 14) around the whole nest, so each
// thread runs its rows for every panel and K block, in their order.
// CHECK-LABEL: func.func @split_rows
// CHECK: arith.constant 128 : index
// CHECK-NEXT: arith.constant 0 : index
// CHECK-NEXT: %[[TWO:.+]] = arith.constant 2 : index
// CHECK-NEXT: arith.constant 1 : index
// CHECK-NEXT: scf.parallel (%[[B:.+]]) = (%{{.*}}) to (%[[TWO]]) step
// CHECK-NEXT: %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[C14:.+]] = arith.constant 14 : index
// CHECK-NEXT: %[[OFF:.+]] = arith.muli %[[B]], %[[C14]] : index
// CHECK-NEXT: %[[BEGIN:.+]] = arith.addi %[[C0]], %[[OFF]] : index
// CHECK-NEXT: %[[NEXT:.+]] = arith.addi %[[BEGIN]], %[[C14]] : index
// CHECK-NEXT: %[[C28:.+]] = arith.constant 28 : index
// CHECK-NEXT: %[[END:.+]] = arith.minsi %[[NEXT]], %[[C28]] : index
// CHECK-NEXT: scf.for %[[P:.+]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT: scf.for %[[K:.+]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT: arith.muli %[[K]]
// CHECK-NEXT: scf.for %[[R:.+]] = %[[BEGIN]] to %[[END]] step
// CHECK-NOT: scf.parallel
// CHECK: } {qnn.parallel}
// CHECK-NEXT: }
// CHECK-NEXT: } {qnn.parallel, qnn.split_rows}
// CHECK-NEXT: scf.reduce
func.func @split_rows(%a: memref<2x28x384xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c28 = arith.constant 28 : index
  %c128 = arith.constant 128 : index
  scf.for %p = %c0 to %c2 step %c1 {
    scf.for %k = %c0 to %c3 step %c1 {
      %k0 = arith.muli %k, %c128 : index
      scf.for %r = %c0 to %c28 step %c1 {
        scf.for %j = %c0 to %c128 step %c1 {
          %kj = arith.addi %k0, %j : index
          %v = memref.load %a[%p, %r, %kj] : memref<2x28x384xi32>
          %w = arith.addi %v, %v : i32
          memref.store %w, %a[%p, %r, %kj] : memref<2x28x384xi32>
        }
      } {qnn.parallel}
    }
  } {qnn.parallel, qnn.split_rows}
  return
}

// -----

// The same nest unmarked: the panels are split (one fork, each thread
// half the panels), as before.
// CHECK-LABEL: func.func @panels_unmarked
// CHECK: scf.parallel (%[[P:.+]]) = (%{{.*}}) to (%{{.*}}) step
// CHECK-NEXT: scf.for %[[K:.+]] =
// CHECK-NOT: scf.parallel
func.func @panels_unmarked(%a: memref<2x28x384xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c28 = arith.constant 28 : index
  %c128 = arith.constant 128 : index
  scf.for %p = %c0 to %c2 step %c1 {
    scf.for %k = %c0 to %c3 step %c1 {
      %k0 = arith.muli %k, %c128 : index
      scf.for %r = %c0 to %c28 step %c1 {
        scf.for %j = %c0 to %c128 step %c1 {
          %kj = arith.addi %k0, %j : index
          %v = memref.load %a[%p, %r, %kj] : memref<2x28x384xi32>
          memref.store %v, %a[%p, %r, %kj] : memref<2x28x384xi32>
        }
      } {qnn.parallel}
    }
  } {qnn.parallel}
  return
}

// -----

// Marked, but the K block also writes memory outside the row tiles (a
// remainder tile): the rows cannot move around it, and the panels are
// split.
// CHECK-LABEL: func.func @split_rows_blocked
// CHECK: scf.parallel (%[[P:.+]]) = (%{{.*}}) to (%{{.*}}) step
// CHECK-NEXT: scf.for %[[K:.+]] =
// CHECK-NOT: scf.parallel
func.func @split_rows_blocked(%a: memref<2x29x384xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c28 = arith.constant 28 : index
  %c128 = arith.constant 128 : index
  %z = arith.constant 0 : i32
  scf.for %p = %c0 to %c2 step %c1 {
    scf.for %k = %c0 to %c3 step %c1 {
      %k0 = arith.muli %k, %c128 : index
      scf.for %r = %c0 to %c28 step %c1 {
        scf.for %j = %c0 to %c128 step %c1 {
          %kj = arith.addi %k0, %j : index
          memref.store %z, %a[%p, %r, %kj] : memref<2x29x384xi32>
        }
      } {qnn.parallel}
      memref.store %z, %a[%p, %c28, %k0] : memref<2x29x384xi32>
    }
  } {qnn.parallel, qnn.split_rows}
  return
}

// -----

// Marked, 3 panels around 5 row tiles: on 2 threads the rows (3 + 2, the
// slowest thread 3/5 of the work) beat the panels (2 + 1: 2/3); the second
// block's end is clamped to the last row. With 2 panels (1 + 1) the panels
// would win: the row split is taken on a tie or better only.
// CHECK-LABEL: func.func @split_rows_odd
// CHECK: scf.parallel
// CHECK: arith.constant 3 : index
// CHECK: %[[C5:.+]] = arith.constant 5 : index
// CHECK-NEXT: arith.minsi %{{.*}}, %[[C5]] : index
// CHECK-NEXT: scf.for
func.func @split_rows_odd(%a: memref<3x5x4096xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %c4096 = arith.constant 4096 : index
  %z = arith.constant 0 : i32
  scf.for %p = %c0 to %c3 step %c1 {
    scf.for %r = %c0 to %c5 step %c1 {
      scf.for %j = %c0 to %c4096 step %c1 {
        memref.store %z, %a[%p, %r, %j] : memref<3x5x4096xi32>
      }
    } {qnn.parallel}
  } {qnn.parallel, qnn.split_rows}
  return
}
