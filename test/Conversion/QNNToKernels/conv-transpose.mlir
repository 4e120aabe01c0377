// Quantized conv_transpose runs the GEMM micro-kernels as a direct
// convolution: the channels-last input is placed every `stride` positions
// on a canvas holding the zero point's image (0 after centering), padded by
// dilation * (k - 1) - padding, and the weight [cin][cout][k...] is packed
// flipped, with its channel dimensions swapped, at compile time.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=generic | FileCheck %s
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels=target=x86-64-avx512vnni | FileCheck %s --check-prefix=VNNI

// CHECK: memref.global "private" constant @__qnn_up_packed : memref<1x4x16xi16> = dense<{{\[}}{{\[}}[4, 8, 0, {{.*}}], [3, 7, 0, {{.*}}], [2, 6, 0, {{.*}}], [1, 5, 0, {{.*}}]]]>
// CHECK-LABEL: func.func @up
// CHECK: %[[X:.+]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x3x1xi16>)
// CHECK: arith.subi
// CHECK: %[[C:.+]] = linalg.fill ins(%{{.*}} : i16) outs(%{{.*}} : tensor<1x7x7x1xi16>)
// CHECK: tensor.insert_slice %[[X]] into %[[C]][0, 1, 1, 0] [1, 3, 3, 1] [1, 2, 2, 1]
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2, 3]] : tensor<1x7x7x1xi16> into tensor<49xi16>
// CHECK: memref.get_global @__qnn_up_packed
// VNNI-LABEL: func.func @up
// VNNI: call @__qnn_intrinsic_llvm_x86_avx512_vpdpbusd_512
!x = tensor<1x1x3x3x!quant.uniform<u8:f32, 0.02:3>>
!w = tensor<1x2x2x2x!quant.uniform<i8:f32, 0.01>>
!y = tensor<1x2x6x6x!quant.uniform<u8:f32, 0.05:7>>
func.func @up(%x: !x) -> !y {
  %w = qnn.qconstant dense<[[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]]> : tensor<1x2x2x2xi8> -> !w
  %y = qnn.conv_transpose2d %x, %w {name = "up", stride = array<i64: 2, 2>} : (!x, !w) -> !y
  return %y : !y
}

// -----

// Padding beyond dilation * (k - 1) crops the canvas.
// CHECK-LABEL: func.func @crop
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 6, 6, 2] [1, 1, 1, 1] : tensor<1x6x6x2xi16> into tensor<1x6x6x2xi16>
// CHECK: tensor.extract_slice %{{.*}}[0, 1, 1, 0] [1, 4, 4, 2] [1, 1, 1, 1] : tensor<1x6x6x2xi16> to tensor<1x4x4x2xi16>
// CHECK: memref.get_global @__qnn_crop_packed
!x = tensor<1x2x6x6x!quant.uniform<u8:f32, 0.02:3>>
!w = tensor<2x3x2x2x!quant.uniform<i8:f32, 0.01>>
!y = tensor<1x3x3x3x!quant.uniform<u8:f32, 0.05:7>>
func.func @crop(%x: !x) -> !y {
  %w = qnn.qconstant dense<1> : tensor<2x3x2x2xi8> -> !w
  %y = qnn.conv_transpose2d %x, %w {name = "crop", padding = array<i64: 2, 2>} : (!x, !w) -> !y
  return %y : !y
}

