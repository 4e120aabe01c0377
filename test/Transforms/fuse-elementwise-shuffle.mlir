// RUN: qnn-opt %s -split-input-file --qnn-fuse-elementwise --canonicalize | FileCheck %s

// shufflenet's channel shuffle (qnn.reshape, qnn.permute, qnn.reshape, then
// the two qnn.slice chunks) of a channels-last kernel output, the chunks
// read back channels-last by the next kernels. The shuffle runs on the
// channels-last tensor: its channel dim split into (2 groups, 4), the parts
// swapped, merged back; the chunks are slices of that along the channel dim
// and no NCHW tensor is left.
// CHECK-DAG: #[[SWAP:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4, d3)>
// CHECK-DAG: #[[ID5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @shuffle_channels_last
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x5x8xi8>)
// CHECK: %[[X:.+]] = tensor.expand_shape %[[A]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 4, 5, 2, 4] : tensor<1x4x5x8xi8> into tensor<1x4x5x2x4xi8>
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[SWAP]], #[[ID5]]]
// CHECK-SAME: ins(%[[X]] : tensor<1x4x5x2x4xi8>) outs(%{{.*}} : tensor<1x4x5x4x2xi8>)
// CHECK: %[[M:.+]] = tensor.collapse_shape %[[S]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x4x5x4x2xi8> into tensor<1x4x5x8xi8>
// CHECK: %[[C0:.+]] = tensor.extract_slice %[[M]][0, 0, 0, 0] [1, 4, 5, 4] [1, 1, 1, 1]
// CHECK: %[[C1:.+]] = tensor.extract_slice %[[M]][0, 0, 0, 4] [1, 4, 5, 4] [1, 1, 1, 1]
// CHECK-NOT: linalg.generic
// CHECK-NOT: tensor.reshape
// CHECK: return %[[C0]], %[[C1]]
func.func @shuffle_channels_last(%a: tensor<1x4x5x8xi8>) -> (tensor<1x4x5x4xi8>, tensor<1x4x5x4xi8>) {
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %t = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %s1 = arith.constant dense<[1, 2, 4, 4, 5]> : tensor<5xi64>
  %r1 = tensor.reshape %t(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %e5 = tensor.empty() : tensor<1x4x2x4x5xi8>
  %p = linalg.transpose ins(%r1 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %s2 = arith.constant dense<[1, 8, 4, 5]> : tensor<4xi64>
  %r2 = tensor.reshape %p(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %c0 = tensor.extract_slice %r2[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %c1 = tensor.extract_slice %r2[0, 4, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %e0 = tensor.empty() : tensor<1x4x5x4xi8>
  %o0 = linalg.transpose ins(%c0 : tensor<1x4x4x5xi8>) outs(%e0 : tensor<1x4x5x4xi8>) permutation = [0, 2, 3, 1]
  %o1 = linalg.transpose ins(%c1 : tensor<1x4x4x5xi8>) outs(%e0 : tensor<1x4x5x4xi8>) permutation = [0, 2, 3, 1]
  return %o0, %o1 : tensor<1x4x5x4xi8>, tensor<1x4x5x4xi8>
}

// -----

// The next unit: the first chunk is concatenated with a kernel output (the
// second chunk fed the kernel). The concat reads the chunk and the kernel
// output channels-last, and its shuffle again runs channels-last, in the
// same pass.
// CHECK-LABEL: func.func @shuffle_concat_shuffle
// CHECK: tensor.collapse_shape
// CHECK: %[[C0:.+]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 4, 5, 4] [1, 1, 1, 1]
// CHECK: %[[J:.+]] = tensor.concat dim(3) %[[C0]], %{{.*}} : (tensor<1x4x5x4xi8>, tensor<1x4x5x4xi8>) -> tensor<1x4x5x8xi8>
// CHECK: tensor.expand_shape %[[J]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 4, 5, 2, 4]
// CHECK-NOT: tensor.reshape
// CHECK-NOT: tensor.concat
func.func @shuffle_concat_shuffle(%a: tensor<1x4x5x8xi8>, %b: tensor<1x4x5x4xi8>) -> tensor<1x4x5x8xi8> {
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %t = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %s1 = arith.constant dense<[1, 2, 4, 4, 5]> : tensor<5xi64>
  %r1 = tensor.reshape %t(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %e5 = tensor.empty() : tensor<1x4x2x4x5xi8>
  %p = linalg.transpose ins(%r1 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %s2 = arith.constant dense<[1, 8, 4, 5]> : tensor<4xi64>
  %r2 = tensor.reshape %p(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %c0 = tensor.extract_slice %r2[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %eb = tensor.empty() : tensor<1x4x4x5xi8>
  %tb = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %cat = tensor.concat dim(1) %c0, %tb : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %q1 = tensor.reshape %cat(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %q = linalg.transpose ins(%q1 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %q2 = tensor.reshape %q(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %eo = tensor.empty() : tensor<1x4x5x8xi8>
  %o = linalg.transpose ins(%q2 : tensor<1x8x4x5xi8>) outs(%eo : tensor<1x4x5x8xi8>) permutation = [0, 2, 3, 1]
  return %o : tensor<1x4x5x8xi8>
}

// -----

// Negative: the shuffled tensor is no transpose (an NCHW argument): the
// reshapes stay.
// CHECK-LABEL: func.func @shuffle_of_nchw
// CHECK: tensor.reshape
// CHECK: linalg.generic
// CHECK: tensor.reshape
// CHECK-NOT: tensor.expand_shape
func.func @shuffle_of_nchw(%a: tensor<1x8x4x5xi8>) -> tensor<1x8x4x5xi8> {
  %s1 = arith.constant dense<[1, 2, 4, 4, 5]> : tensor<5xi64>
  %r1 = tensor.reshape %a(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %e5 = tensor.empty() : tensor<1x4x2x4x5xi8>
  %p = linalg.transpose ins(%r1 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %s2 = arith.constant dense<[1, 8, 4, 5]> : tensor<4xi64>
  %r2 = tensor.reshape %p(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  return %r2 : tensor<1x8x4x5xi8>
}

// -----

// Negative: the middle transpose also moves a dim outside the split one (h),
// so it is no permutation of the channel's parts: the reshapes stay.
// CHECK-LABEL: func.func @transpose_leaves_group
// CHECK: tensor.reshape
// CHECK: tensor.reshape
// CHECK-NOT: tensor.expand_shape
func.func @transpose_leaves_group(%a: tensor<1x4x4x8xi8>) -> tensor<1x8x4x4xi8> {
  %e = tensor.empty() : tensor<1x8x4x4xi8>
  %t = linalg.transpose ins(%a : tensor<1x4x4x8xi8>) outs(%e : tensor<1x8x4x4xi8>) permutation = [0, 3, 1, 2]
  %s1 = arith.constant dense<[1, 2, 4, 4, 4]> : tensor<5xi64>
  %r1 = tensor.reshape %t(%s1) : (tensor<1x8x4x4xi8>, tensor<5xi64>) -> tensor<1x2x4x4x4xi8>
  %e5 = tensor.empty() : tensor<1x4x2x4x4xi8>
  %p = linalg.transpose ins(%r1 : tensor<1x2x4x4x4xi8>) outs(%e5 : tensor<1x4x2x4x4xi8>) permutation = [0, 3, 1, 2, 4]
  %s2 = arith.constant dense<[1, 8, 4, 4]> : tensor<4xi64>
  %r2 = tensor.reshape %p(%s2) : (tensor<1x4x2x4x4xi8>, tensor<4xi64>) -> tensor<1x8x4x4xi8>
  return %r2 : tensor<1x8x4x4xi8>
}

// -----

// Negative: the transpose has a user besides the slice (it is returned
// whole): slicing its input would copy twice, so the slice stays on it.
// CHECK-LABEL: func.func @slice_of_shared_transpose
// CHECK: %[[T:.+]] = linalg.generic
// CHECK: tensor.extract_slice %[[T]][0, 4, 0, 0] [1, 4, 4, 5]
func.func @slice_of_shared_transpose(%a: tensor<1x4x5x8xi8>) -> (tensor<1x4x4x5xi8>, tensor<1x8x4x5xi8>) {
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %t = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %c = tensor.extract_slice %t[0, 4, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  return %c, %t : tensor<1x4x4x5xi8>, tensor<1x8x4x5xi8>
}

// -----

// Twelve units in a chain (more than the pass's 10 rounds could take one
// unit at a time): every concat and shuffle runs channels-last.
// CHECK-LABEL: func.func @shuffle_chain
// CHECK-COUNT-12: tensor.concat dim(3)
// CHECK-NOT: tensor.reshape
// CHECK-NOT: tensor.concat dim(1)
func.func @shuffle_chain(%a: tensor<1x4x5x8xi8>, %b: tensor<1x4x5x4xi8>) -> tensor<1x4x5x8xi8> {
  %s1 = arith.constant dense<[1, 2, 4, 4, 5]> : tensor<5xi64>
  %s2 = arith.constant dense<[1, 8, 4, 5]> : tensor<4xi64>
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %e5 = tensor.empty() : tensor<1x4x2x4x5xi8>
  %eb = tensor.empty() : tensor<1x4x4x5xi8>
  %c = arith.constant 1 : i8
  %x0 = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %r0 = tensor.reshape %x0(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p0 = linalg.transpose ins(%r0 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m0 = tensor.reshape %p0(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k0 = tensor.extract_slice %m0[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t0 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q0 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t0 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x1 = tensor.concat dim(1) %k0, %q0 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r1 = tensor.reshape %x1(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p1 = linalg.transpose ins(%r1 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m1 = tensor.reshape %p1(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k1 = tensor.extract_slice %m1[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t1 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q1 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t1 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x2 = tensor.concat dim(1) %k1, %q1 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r2 = tensor.reshape %x2(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p2 = linalg.transpose ins(%r2 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m2 = tensor.reshape %p2(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k2 = tensor.extract_slice %m2[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t2 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q2 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t2 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x3 = tensor.concat dim(1) %k2, %q2 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r3 = tensor.reshape %x3(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p3 = linalg.transpose ins(%r3 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m3 = tensor.reshape %p3(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k3 = tensor.extract_slice %m3[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t3 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q3 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t3 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x4 = tensor.concat dim(1) %k3, %q3 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r4 = tensor.reshape %x4(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p4 = linalg.transpose ins(%r4 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m4 = tensor.reshape %p4(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k4 = tensor.extract_slice %m4[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t4 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q4 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t4 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x5 = tensor.concat dim(1) %k4, %q4 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r5 = tensor.reshape %x5(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p5 = linalg.transpose ins(%r5 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m5 = tensor.reshape %p5(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k5 = tensor.extract_slice %m5[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t5 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q5 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t5 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x6 = tensor.concat dim(1) %k5, %q5 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r6 = tensor.reshape %x6(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p6 = linalg.transpose ins(%r6 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m6 = tensor.reshape %p6(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k6 = tensor.extract_slice %m6[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t6 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q6 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t6 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x7 = tensor.concat dim(1) %k6, %q6 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r7 = tensor.reshape %x7(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p7 = linalg.transpose ins(%r7 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m7 = tensor.reshape %p7(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k7 = tensor.extract_slice %m7[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t7 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q7 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t7 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x8 = tensor.concat dim(1) %k7, %q7 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r8 = tensor.reshape %x8(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p8 = linalg.transpose ins(%r8 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m8 = tensor.reshape %p8(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k8 = tensor.extract_slice %m8[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t8 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q8 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t8 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x9 = tensor.concat dim(1) %k8, %q8 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r9 = tensor.reshape %x9(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p9 = linalg.transpose ins(%r9 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m9 = tensor.reshape %p9(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k9 = tensor.extract_slice %m9[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t9 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q9 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t9 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x10 = tensor.concat dim(1) %k9, %q9 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r10 = tensor.reshape %x10(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p10 = linalg.transpose ins(%r10 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m10 = tensor.reshape %p10(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k10 = tensor.extract_slice %m10[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t10 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q10 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t10 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x11 = tensor.concat dim(1) %k10, %q10 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %r11 = tensor.reshape %x11(%s1) : (tensor<1x8x4x5xi8>, tensor<5xi64>) -> tensor<1x2x4x4x5xi8>
  %p11 = linalg.transpose ins(%r11 : tensor<1x2x4x4x5xi8>) outs(%e5 : tensor<1x4x2x4x5xi8>) permutation = [0, 2, 1, 3, 4]
  %m11 = tensor.reshape %p11(%s2) : (tensor<1x4x2x4x5xi8>, tensor<4xi64>) -> tensor<1x8x4x5xi8>
  %k11 = tensor.extract_slice %m11[0, 0, 0, 0] [1, 4, 4, 5] [1, 1, 1, 1] : tensor<1x8x4x5xi8> to tensor<1x4x4x5xi8>
  %t11 = linalg.transpose ins(%b : tensor<1x4x5x4xi8>) outs(%eb : tensor<1x4x4x5xi8>) permutation = [0, 3, 1, 2]
  %q11 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%t11 : tensor<1x4x4x5xi8>) outs(%eb : tensor<1x4x4x5xi8>) {
  ^bb0(%v: i8, %o: i8):
    %w = arith.addi %v, %c : i8
    linalg.yield %w : i8
  } -> tensor<1x4x4x5xi8>
  %x12 = tensor.concat dim(1) %k11, %q11 : (tensor<1x4x4x5xi8>, tensor<1x4x4x5xi8>) -> tensor<1x8x4x5xi8>
  %eo = tensor.empty() : tensor<1x4x5x8xi8>
  %o = linalg.transpose ins(%x12 : tensor<1x8x4x5xi8>) outs(%eo : tensor<1x4x5x8xi8>) permutation = [0, 2, 3, 1]
  return %o : tensor<1x4x5x8xi8>
}
