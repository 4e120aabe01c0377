// qnn-fuse-elementwise rewrites the linalg and tensor ops of the function
// body; the loop nests beside them (the micro-kernels, already lowered by
// qnn-to-kernels and canonicalized before) are not walked: a foldable op in
// a loop stays for the next canonicalization, while a foldable op in a
// linalg body is folded.
// RUN: qnn-opt %s --qnn-fuse-elementwise | FileCheck %s

// CHECK-LABEL: func.func @kernel_loop_untouched
// CHECK: scf.for
// CHECK-NEXT: %[[S:.+]] = arith.addi %{{.*}}, %{{.*}} : i32
// CHECK-NEXT: memref.store %[[S]]
// CHECK: linalg.generic
// CHECK-NOT: arith.muli
// CHECK: linalg.yield
func.func @kernel_loop_untouched(%buf: memref<4xi32>, %x: tensor<1x4x5x8xi8>) -> tensor<1x8x4x5xi8> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  scf.for %i = %c0 to %c4 step %c1 {
    %s = arith.addi %one, %two : i32
    memref.store %s, %buf[%i] : memref<4xi32>
  }
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %k = arith.constant 1 : i8
  %t = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, h, w, c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %m = arith.muli %v, %k : i8
    linalg.yield %m : i8
  } -> tensor<1x8x4x5xi8>
  return %t : tensor<1x8x4x5xi8>
}
