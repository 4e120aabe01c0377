// RUN: qnn-opt %s -split-input-file --qnn-fuse-elementwise --canonicalize | FileCheck %s

// A transpose back to NCHW followed by the next op's conversion to
// channels-last (with an elementwise transform) becomes one generic reading
// the channels-last data with identity maps.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @transpose_then_transform
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]]]
// CHECK-SAME: ins(%{{.*}} : tensor<1x4x5x8xi8>)
// CHECK: arith.addi
// CHECK-NOT: linalg.generic
func.func @transpose_then_transform(%nhwc: tensor<1x4x5x8xi8>) -> tensor<1x4x5x8xi8> {
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %t = linalg.transpose ins(%nhwc : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %e2 = tensor.empty() : tensor<1x4x5x8xi8>
  %c = arith.constant 3 : i8
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, c, h, w)>, affine_map<(n, h, w, c) -> (n, h, w, c)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t : tensor<1x8x4x5xi8>) outs(%e2 : tensor<1x4x5x8xi8>) {
  ^bb0(%a: i8, %o: i8):
    %s = arith.addi %a, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x4x5x8xi8>
  return %r : tensor<1x4x5x8xi8>
}

// -----

// Layout propagation: an add of two channels-last values that feeds only
// elementwise users is computed channels-last; its consumer (here a
// conversion back to channels-last) then reads it with identity maps, and
// fuses with it: one channels-last loop nest, no transpose.
// CHECK-LABEL: func.func @add_stays_channels_last
// CHECK: linalg.generic {indexing_maps = [#[[ID2:.+]], #[[ID2]], #[[ID2]]]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x4x5x8xi8>, tensor<1x4x5x8xi8>)
// CHECK-SAME: outs(%{{.*}} : tensor<1x4x5x8xi8>)
// CHECK: arith.addi
// CHECK: arith.muli
// CHECK-NOT: linalg.generic
func.func @add_stays_channels_last(%a: tensor<1x4x5x8xi8>, %b: tensor<1x4x5x8xi8>) -> tensor<1x4x5x8xi8> {
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %ta = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %tb = linalg.transpose ins(%b : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %sum = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ta, %tb : tensor<1x8x4x5xi8>, tensor<1x8x4x5xi8>) outs(%e : tensor<1x8x4x5xi8>) {
  ^bb0(%x: i8, %y: i8, %o: i8):
    %s = arith.addi %x, %y : i8
    linalg.yield %s : i8
  } -> tensor<1x8x4x5xi8>
  %e2 = tensor.empty() : tensor<1x4x5x8xi8>
  %two = arith.constant 2 : i8
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, c, h, w)>, affine_map<(n, h, w, c) -> (n, h, w, c)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%sum : tensor<1x8x4x5xi8>) outs(%e2 : tensor<1x4x5x8xi8>) {
  ^bb0(%v: i8, %o: i8):
    %m = arith.muli %v, %two : i8
    linalg.yield %m : i8
  } -> tensor<1x4x5x8xi8>
  return %r : tensor<1x4x5x8xi8>
}

// -----

// Nothing is computed twice: an elementwise producer with two users stays;
// a consumer with a reduction does not absorb it; an op whose user is not
// elementwise (a pad) keeps its layout. The pad becomes fills of its
// border slabs only and an insert_slice of its source (which
// eliminate-empty-tensors then lets the source's producer write in place).
// CHECK-LABEL: func.func @no_recompute
// CHECK: %[[P:.+]] = linalg.generic
// CHECK: arith.muli
// CHECK: %[[U:.+]] = linalg.generic {{.*}} ins(%[[P]] :
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK-SAME: ins(%[[P]] :
// CHECK-NOT: tensor.pad
// CHECK: %[[C:.+]] = tensor.empty() : tensor<6x8xi32>
// CHECK: %[[TOP:.+]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<1x8xi32>)
// CHECK: %[[C1:.+]] = tensor.insert_slice %[[TOP]] into %[[C]][0, 0] [1, 8] [1, 1]
// CHECK: %[[BOTTOM:.+]] = linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<1x8xi32>)
// CHECK: %[[C2:.+]] = tensor.insert_slice %[[BOTTOM]] into %[[C1]][5, 0] [1, 8] [1, 1]
// CHECK: tensor.insert_slice %[[U]] into %[[C2]][1, 0] [4, 8] [1, 1]
func.func @no_recompute(%a: tensor<4x8xi32>) -> (tensor<4x8xi32>, tensor<4xi32>, tensor<6x8xi32>) {
  %e = tensor.empty() : tensor<4x8xi32>
  %p = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xi32>) outs(%e : tensor<4x8xi32>) {
  ^bb0(%x: i32, %o: i32):
    %m = arith.muli %x, %x : i32
    linalg.yield %m : i32
  } -> tensor<4x8xi32>
  %u = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%p : tensor<4x8xi32>) outs(%e : tensor<4x8xi32>) {
  ^bb0(%x: i32, %o: i32):
    %n = arith.addi %x, %x : i32
    linalg.yield %n : i32
  } -> tensor<4x8xi32>
  %z = arith.constant 0 : i32
  %e1 = tensor.empty() : tensor<4xi32>
  %f = linalg.fill ins(%z : i32) outs(%e1 : tensor<4xi32>) -> tensor<4xi32>
  %s = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                       iterator_types = ["parallel", "reduction"]}
      ins(%p : tensor<4x8xi32>) outs(%f : tensor<4xi32>) {
  ^bb0(%x: i32, %acc: i32):
    %n = arith.addi %x, %acc : i32
    linalg.yield %n : i32
  } -> tensor<4xi32>
  %pad = tensor.pad %u low[1, 0] high[1, 0] {
  ^bb0(%i: index, %j: index):
    tensor.yield %z : i32
  } : tensor<4x8xi32> to tensor<6x8xi32>
  return %u, %s, %pad : tensor<4x8xi32>, tensor<4xi32>, tensor<6x8xi32>
}

// -----

// A transpose with several users is folded into each of them (they read its
// input through the composed map) and disappears; it is not kept as an
// extra result of one of them.
// CHECK-LABEL: func.func @transpose_two_users
// CHECK-NOT: linalg.transpose
// CHECK: %[[A:.+]] = linalg.generic {indexing_maps = [#[[P:.+]], #[[I:.+]]]
// CHECK-SAME: ins(%arg0 : tensor<1x4x5x8xi8>) outs(%{{.*}} : tensor<1x8x4x5xi8>)
// CHECK: %[[B:.+]] = linalg.generic {indexing_maps = [#[[P]], #[[I]]]
// CHECK-SAME: ins(%arg0 : tensor<1x4x5x8xi8>) outs(%{{.*}} : tensor<1x8x4x5xi8>)
// CHECK: return %[[A]], %[[B]]
func.func @transpose_two_users(%nhwc: tensor<1x4x5x8xi8>) -> (tensor<1x8x4x5xi8>, tensor<1x8x4x5xi8>) {
  %e = tensor.empty() : tensor<1x8x4x5xi8>
  %t = linalg.transpose ins(%nhwc : tensor<1x4x5x8xi8>) outs(%e : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %c = arith.constant 3 : i8
  %u = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t : tensor<1x8x4x5xi8>) outs(%e : tensor<1x8x4x5xi8>) {
  ^bb0(%a: i8, %o: i8):
    %s = arith.addi %a, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x8x4x5xi8>
  %v = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t : tensor<1x8x4x5xi8>) outs(%e : tensor<1x8x4x5xi8>) {
  ^bb0(%a: i8, %o: i8):
    %s = arith.muli %a, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x8x4x5xi8>
  return %u, %v : tensor<1x8x4x5xi8>, tensor<1x8x4x5xi8>
}


// -----

// qnn.cat of two channels-last kernel outputs (one requantized to the cat's
// qparams, one as it is) read back channels-last by the next kernel: the
// concat runs channels-last along the channel dim (3), the requantization
// reads its input with identity maps, and no transpose is left.
// CHECK-LABEL: func.func @concat_stays_channels_last
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID3:.+]], #[[ID3]]]
// CHECK-SAME: ins(%{{.*}} : tensor<1x4x5x8xi8>) outs(%{{.*}} : tensor<1x4x5x8xi8>)
// CHECK: arith.addi
// CHECK: %[[C:.+]] = tensor.concat dim(3) %[[R]], %{{.*}} : (tensor<1x4x5x8xi8>, tensor<1x4x5x16xi8>) -> tensor<1x4x5x24xi8>
// CHECK-NOT: linalg.generic
// CHECK: return %[[C]]
func.func @concat_stays_channels_last(%a: tensor<1x4x5x8xi8>, %b: tensor<1x4x5x16xi8>) -> tensor<1x4x5x24xi8> {
  %ea = tensor.empty() : tensor<1x8x4x5xi8>
  %c = arith.constant 3 : i8
  %ra = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, h, w, c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a : tensor<1x4x5x8xi8>) outs(%ea : tensor<1x8x4x5xi8>) {
  ^bb0(%x: i8, %o: i8):
    %s = arith.addi %x, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x8x4x5xi8>
  %eb = tensor.empty() : tensor<1x16x4x5xi8>
  %tb = linalg.transpose ins(%b : tensor<1x4x5x16xi8>) outs(%eb : tensor<1x16x4x5xi8>) permutation = [0, 3, 1, 2]
  %cat = tensor.concat dim(1) %ra, %tb : (tensor<1x8x4x5xi8>, tensor<1x16x4x5xi8>) -> tensor<1x24x4x5xi8>
  %e = tensor.empty() : tensor<1x4x5x24xi8>
  %t = linalg.transpose ins(%cat : tensor<1x24x4x5xi8>) outs(%e : tensor<1x4x5x24xi8>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x4x5x24xi8>
}

// -----

// Negative: an operand that does not arrive through the same permutation
// (here an NCHW function argument) keeps the concat in NCHW.
// CHECK-LABEL: func.func @concat_mixed_layouts
// CHECK: tensor.concat dim(1)
func.func @concat_mixed_layouts(%a: tensor<1x4x5x8xi8>, %b: tensor<1x16x4x5xi8>) -> tensor<1x4x5x24xi8> {
  %ea = tensor.empty() : tensor<1x8x4x5xi8>
  %ta = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%ea : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %cat = tensor.concat dim(1) %ta, %b : (tensor<1x8x4x5xi8>, tensor<1x16x4x5xi8>) -> tensor<1x24x4x5xi8>
  %e = tensor.empty() : tensor<1x4x5x24xi8>
  %t = linalg.transpose ins(%cat : tensor<1x24x4x5xi8>) outs(%e : tensor<1x4x5x24xi8>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x4x5x24xi8>
}

// -----

// Negative: an operand's requantization has another user, so computing it
// channels-last for the concat would compute it twice; the concat stays.
// CHECK-LABEL: func.func @concat_operand_with_two_users
// CHECK: tensor.concat dim(1)
func.func @concat_operand_with_two_users(%a: tensor<1x4x5x8xi8>, %b: tensor<1x4x5x8xi8>) -> (tensor<1x4x5x16xi8>, tensor<1x8x4x5xi8>) {
  %ea = tensor.empty() : tensor<1x8x4x5xi8>
  %c = arith.constant 3 : i8
  %ra = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, h, w, c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a : tensor<1x4x5x8xi8>) outs(%ea : tensor<1x8x4x5xi8>) {
  ^bb0(%x: i8, %o: i8):
    %s = arith.addi %x, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x8x4x5xi8>
  %tb = linalg.transpose ins(%b : tensor<1x4x5x8xi8>) outs(%ea : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %cat = tensor.concat dim(1) %ra, %tb : (tensor<1x8x4x5xi8>, tensor<1x8x4x5xi8>) -> tensor<1x16x4x5xi8>
  %e = tensor.empty() : tensor<1x4x5x16xi8>
  %t = linalg.transpose ins(%cat : tensor<1x16x4x5xi8>) outs(%e : tensor<1x4x5x16xi8>) permutation = [0, 2, 3, 1]
  return %t, %ra : tensor<1x4x5x16xi8>, tensor<1x8x4x5xi8>
}

// -----

// As in inception_v3: each concat operand requantizes an NCHW transpose of a
// kernel's channels-last output. The transposes fold into the requantizing
// generics first, which only then let the concat run channels-last: the
// pass repeats its rounds until nothing changes.
// CHECK-LABEL: func.func @concat_after_copy_folding
// CHECK: %[[RA:.+]] = linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<1x4x5x8xi8>) outs(%{{.*}} : tensor<1x4x5x8xi8>)
// CHECK: %[[RB:.+]] = linalg.generic
// CHECK-SAME: ins(%{{.*}} : tensor<1x4x5x16xi8>) outs(%{{.*}} : tensor<1x4x5x16xi8>)
// CHECK: %[[C:.+]] = tensor.concat dim(3) %[[RA]], %[[RB]] : (tensor<1x4x5x8xi8>, tensor<1x4x5x16xi8>) -> tensor<1x4x5x24xi8>
// CHECK-NOT: linalg.generic
// CHECK: return %[[C]]
#id4 = affine_map<(n, c, h, w) -> (n, c, h, w)>
func.func @concat_after_copy_folding(%a: tensor<1x4x5x8xi8>, %b: tensor<1x4x5x16xi8>) -> tensor<1x4x5x24xi8> {
  %c = arith.constant 3 : i8
  %eta = tensor.empty() : tensor<1x8x4x5xi8>
  %ta = linalg.transpose ins(%a : tensor<1x4x5x8xi8>) outs(%eta : tensor<1x8x4x5xi8>) permutation = [0, 3, 1, 2]
  %etb = tensor.empty() : tensor<1x16x4x5xi8>
  %tb = linalg.transpose ins(%b : tensor<1x4x5x16xi8>) outs(%etb : tensor<1x16x4x5xi8>) permutation = [0, 3, 1, 2]
  %ea = tensor.empty() : tensor<1x8x4x5xi8>
  %ra = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ta : tensor<1x8x4x5xi8>) outs(%ea : tensor<1x8x4x5xi8>) {
  ^bb0(%x: i8, %o: i8):
    %s = arith.addi %x, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x8x4x5xi8>
  %eb = tensor.empty() : tensor<1x16x4x5xi8>
  %rb = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%tb : tensor<1x16x4x5xi8>) outs(%eb : tensor<1x16x4x5xi8>) {
  ^bb0(%x: i8, %o: i8):
    %s = arith.subi %x, %c : i8
    linalg.yield %s : i8
  } -> tensor<1x16x4x5xi8>
  %cat = tensor.concat dim(1) %ra, %rb : (tensor<1x8x4x5xi8>, tensor<1x16x4x5xi8>) -> tensor<1x24x4x5xi8>
  %e = tensor.empty() : tensor<1x4x5x24xi8>
  %t = linalg.transpose ins(%cat : tensor<1x24x4x5xi8>) outs(%e : tensor<1x4x5x24xi8>) permutation = [0, 2, 3, 1]
  return %t : tensor<1x4x5x24xi8>
}

// -----

// The mean (adaptive_avg_pool2d to 1x1): the window sum over the whole
// image runs with the channel loop innermost (kh, kw outside it), so the
// sums of a row of channels vectorize; the sum of each channel adds its
// elements in the same order.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 7 + d3, d2 * 7 + d4, d5)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @global_sum_channels_innermost
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #{{.+}}, #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK: arith.addi
// CHECK-NOT: linalg.pooling_nhwc_sum
func.func @global_sum_channels_innermost(%x: tensor<1x7x7x64xi16>) -> tensor<1x1x1x64xi16> {
  %w = tensor.empty() : tensor<7x7xf32>
  %z = arith.constant 0 : i16
  %e = tensor.empty() : tensor<1x1x1x64xi16>
  %i = linalg.fill ins(%z : i16) outs(%e : tensor<1x1x1x64xi16>) -> tensor<1x1x1x64xi16>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<7> : vector<2xi64>}
      ins(%x, %w : tensor<1x7x7x64xi16>, tensor<7x7xf32>) outs(%i : tensor<1x1x1x64xi16>) -> tensor<1x1x1x64xi16>
  return %s : tensor<1x1x1x64xi16>
}

// -----

// Negative: a pool with more than one output position (inception's 3x3
// branch pools) keeps its named op and loop order.
// CHECK-LABEL: func.func @windowed_sum_stays
// CHECK: linalg.pooling_nhwc_sum
func.func @windowed_sum_stays(%x: tensor<1x7x7x64xi16>) -> tensor<1x5x5x64xi16> {
  %w = tensor.empty() : tensor<3x3xf32>
  %z = arith.constant 0 : i16
  %e = tensor.empty() : tensor<1x5x5x64xi16>
  %i = linalg.fill ins(%z : i16) outs(%e : tensor<1x5x5x64xi16>) -> tensor<1x5x5x64xi16>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%x, %w : tensor<1x7x7x64xi16>, tensor<3x3xf32>) outs(%i : tensor<1x5x5x64xi16>) -> tensor<1x5x5x64xi16>
  return %s : tensor<1x5x5x64xi16>
}
