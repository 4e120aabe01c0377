// A quint8 residual add (add/add_relu of two same-shape tensors) whose one
// operand is an ungrouped conv with no other user runs in that conv's GEMM
// epilogue: the conv is moved down to the add, the residual is read
// channels-last next to the accumulators, and the add is gone. Without
// micro-kernels, or when the conv has another user or groups, the add stays
// a separate elementwise op.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx2" | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx2" --qnn-fuse-elementwise --canonicalize | FileCheck %s --check-prefix=FUSED
// RUN: qnn-opt %s --split-input-file --qnn-to-linalg | FileCheck %s --check-prefix=REF

!x = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:7>>
!d = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:120>>
!s = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.07:2>>
!w3 = tensor<8x8x3x3x!quant.uniform<i8:f32, 0.01>>
!w1 = tensor<8x8x1x1x!quant.uniform<i8:f32, 0.01>>

// The residual (a 1x1 "downsample" conv) is defined after the conv, as in
// resnet: the conv moves below it.
// CHECK-LABEL: func.func @later_residual
// CHECK: memref.get_global @__qnn_down_packed
// CHECK: %[[T:.+]] = linalg.transpose ins(%{{.*}} : tensor<1x4x4x8xi8>) outs(%{{.*}} : tensor<1x8x4x4xi8>)
// CHECK: %[[CL:.+]] = linalg.transpose ins(%[[T]] : tensor<1x8x4x4xi8>) outs(%{{.*}} : tensor<1x4x4x8xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[RM:.+]] = tensor.collapse_shape %[[CL]] {{\[}}[0, 1, 2], [3]] : tensor<1x4x4x8xi8> into tensor<16x8xi8>
// CHECK: memref.get_global @__qnn_main_packed
// CHECK: %[[RB:.+]] = bufferization.to_buffer %[[RM]] read_only : tensor<16x8xi8> to memref<16x8xi8>
// CHECK: scf.for
// CHECK: call @__qnn_intrinsic_llvm_x86_avx_cvt_ps2dq_256
// CHECK: vector.load %[[RB]][%{{.*}}, %{{.*}}] : memref<16x8xi8>, vector<8xi8>
// CHECK: arith.extui %{{.*}} : vector<8xi8> to vector<8xi32>
// CHECK: arith.shrsi %{{.*}} : vector<8xi32>
// CHECK: %[[OUT:.+]] = linalg.transpose ins(%{{.*}} : tensor<1x4x4x8xi8>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[OUT]]

// After fusion the residual's layout changes cancel: the epilogue reads the
// downsample GEMM's channels-last buffer.
// FUSED-LABEL: func.func @later_residual
// FUSED: %[[DOWN:.+]] = memref.alloc() {alignment = 64 : i64} : memref<16x8xi8>
// FUSED: bufferization.to_buffer
// FUSED-NOT: linalg.generic
// FUSED: vector.load %[[DOWN]][%{{.*}}, %{{.*}}] : memref<16x8xi8>, vector<8xi8>

// REF-LABEL: func.func @later_residual
// REF: linalg.generic
// REF: arith.shrsi %{{.*}} : i32
func.func @later_residual(%q: !x) -> !s {
  %w = qnn.qconstant dense<3> : tensor<8x8x3x3xi8> -> !w3
  %w2 = qnn.qconstant dense<-2> : tensor<8x8x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "main", padding = array<i64: 1, 1>} : (!x, !w3) -> !c
  %d = qnn.conv2d %q, %w2 {name = "down"} : (!x, !w1) -> !d
  %s = qnn.add_relu %c, %d : (!c, !d) -> !s
  return %s : !s
}

// -----

!x = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:7>>
!s = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.07:2>>
!w1 = tensor<8x8x1x1x!quant.uniform<i8:f32, 0.01>>

// The conv is also returned: its output must exist, so the add stays.
// CHECK-LABEL: func.func @conv_has_two_users
// CHECK: linalg.generic
// CHECK: arith.shrsi %{{.*}} : i32
func.func @conv_has_two_users(%q: !x) -> (!s, !c) {
  %w = qnn.qconstant dense<3> : tensor<8x8x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "pw"} : (!x, !w1) -> !c
  %s = qnn.add %q, %c : (!x, !c) -> !s
  return %s, %c : !s, !c
}

// -----

!x = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:7>>
!s = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.07:2>>
!wg = tensor<8x4x1x1x!quant.uniform<i8:f32, 0.01>>

// A grouped conv concatenates one GEMM per group: the add stays.
// CHECK-LABEL: func.func @grouped_conv
// CHECK: linalg.generic
// CHECK: arith.shrsi %{{.*}} : i32
func.func @grouped_conv(%q: !x) -> !s {
  %w = qnn.qconstant dense<3> : tensor<8x4x1x1xi8> -> !wg
  %c = qnn.conv2d %q, %w {name = "g", groups = 2 : i64} : (!x, !wg) -> !c
  %s = qnn.add %q, %c : (!x, !c) -> !s
  return %s : !s
}

// -----

!x = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:3>>
!c = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:7>>
!d = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.04:120>>
!s = tensor<1x8x4x4x!quant.uniform<u8:f32, 0.07:2>>
!w3 = tensor<8x8x3x3x!quant.uniform<i8:f32, 0.01>>
!w1 = tensor<8x8x1x1x!quant.uniform<i8:f32, 0.01>>

// A conv without constant weights has no GEMM epilogue to take the add: it
// is not moved and keeps the reference lowering. The other operand, the
// downsample conv, takes the add instead (its residual is the first conv).
// CHECK-LABEL: func.func @runtime_weight
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK: memref.get_global @__qnn_down2_packed
// CHECK: vector.load %{{.*}} : memref<16x8xi8>, vector<8xi8>
// CHECK: arith.shrsi %{{.*}} : vector<8xi32>
// CHECK-NOT: arith.shrsi %{{.*}} : i32
// CHECK: return
func.func @runtime_weight(%q: !x, %w: !w3) -> !s {
  %w2 = qnn.qconstant dense<-2> : tensor<8x8x1x1xi8> -> !w1
  %c = qnn.conv2d %q, %w {name = "main2", padding = array<i64: 1, 1>} : (!x, !w3) -> !c
  %d = qnn.conv2d %q, %w2 {name = "down2"} : (!x, !w1) -> !d
  %s = qnn.add_relu %c, %d : (!c, !d) -> !s
  return %s : !s
}
