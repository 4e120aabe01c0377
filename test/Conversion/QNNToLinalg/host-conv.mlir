// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// qnn-calibrate marks each float conv1d/conv2d/conv3d with qnn.host_conv:
// the lowering accumulates through a call of the host GEMM (groups, then
// stride, padding and dilation as (depth, height, width), then input,
// weight and a fresh output buffer) instead of linalg's convolution; the
// bias and fused ReLU stay a linalg epilogue.

// CHECK-LABEL: func.func @host
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x9x9xf32>, %[[W:[^:]+]]: tensor<6x2x3x3xf32>, %[[B:[^:]+]]: tensor<6xf32>)
// CHECK-NOT: linalg.conv
// CHECK: %[[XB:.+]] = bufferization.to_buffer %[[X]] read_only : tensor<1x4x9x9xf32> to memref<1x4x9x9xf32>
// CHECK-NEXT: %[[WB:.+]] = bufferization.to_buffer %[[W]] read_only : tensor<6x2x3x3xf32> to memref<6x2x3x3xf32>
// CHECK-NEXT: %[[OUT:.+]] = memref.alloc() : memref<1x6x4x4xf32>
// CHECK-NEXT: %[[G:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[SD:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[SH:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[SW:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[PD:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[PH:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[PW:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DD:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DH:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DW:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[XU:.+]] = memref.cast %[[XB]] : memref<1x4x9x9xf32> to memref<*xf32>
// CHECK-NEXT: %[[WU:.+]] = memref.cast %[[WB]] : memref<6x2x3x3xf32> to memref<*xf32>
// CHECK-NEXT: %[[OU:.+]] = memref.cast %[[OUT]] : memref<1x6x4x4xf32> to memref<*xf32>
// CHECK-NEXT: call @qnn_host_conv_f32(%[[G]], %[[SD]], %[[SH]], %[[SW]], %[[PD]], %[[PH]], %[[PW]], %[[DD]], %[[DH]], %[[DW]], %[[XU]], %[[WU]], %[[OU]])
// CHECK-NEXT: %[[ACC:.+]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<1x6x4x4xf32> to tensor<1x6x4x4xf32>
// CHECK: linalg.generic {{.+}} ins(%[[ACC]], %[[B]] :
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: linalg.conv
func.func private @qnn_host_conv_f32(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, memref<*xf32>, memref<*xf32>, memref<*xf32>)
func.func @host(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x4x4xf32> {
  %y = qnn.conv2d %x, %w, %b {name = "c", stride = array<i64: 2, 2>, padding = array<i64: 0, 1>, dilation = array<i64: 1, 2>, groups = 2 : i64, fused_relu, qnn.host_conv}
      : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  return %y : tensor<1x6x4x4xf32>
}

// -----

// Without the attribute, and for quantized convolutions even with it, the
// linalg convolution stays.
// CHECK-LABEL: func.func @unmarked
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: call
func.func @unmarked(%x: tensor<1x2x5x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32> {
  %y = qnn.conv2d %x, %w {name = "c"} : (tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}

// -----

// A conv1d: unit depth and height in front of its stride, padding and
// dilation; the memrefs keep their rank (the host reads it).
// CHECK-LABEL: func.func @conv1d
// CHECK-NOT: linalg.conv
// CHECK: %[[OUT:.+]] = memref.alloc() : memref<1x3x2xf32>
// CHECK-NEXT: %[[G:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[SD:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[SH:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[SW:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[PD:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[PH:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[PW:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DD:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DH:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DW:.+]] = arith.constant 3 : i64
// CHECK: call @qnn_host_conv_f32(%[[G]], %[[SD]], %[[SH]], %[[SW]], %[[PD]], %[[PH]], %[[PW]], %[[DD]], %[[DH]], %[[DW]], %{{.+}}, %{{.+}}, %{{.+}}) : (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, memref<*xf32>, memref<*xf32>, memref<*xf32>) -> ()
// CHECK-NOT: linalg.conv
func.func private @qnn_host_conv_f32(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, memref<*xf32>, memref<*xf32>, memref<*xf32>)
func.func @conv1d(%x: tensor<1x2x5xf32>, %w: tensor<3x2x2xf32>) -> tensor<1x3x2xf32> {
  %y = qnn.conv1d %x, %w {name = "c", stride = array<i64: 2>, padding = array<i64: 1>, dilation = array<i64: 3>, qnn.host_conv} : (tensor<1x2x5xf32>, tensor<3x2x2xf32>) -> tensor<1x3x2xf32>
  return %y : tensor<1x3x2xf32>
}

// -----

// A conv3d passes its three strides, paddings and dilations.
// CHECK-LABEL: func.func @conv3d
// CHECK-NOT: linalg.conv
// CHECK: %[[OUT:.+]] = memref.alloc() : memref<1x4x2x3x3xf32>
// CHECK-NEXT: %[[G:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[SD:.+]] = arith.constant 2 : i64
// CHECK-NEXT: %[[SH:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[SW:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[PD:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[PH:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[PW:.+]] = arith.constant 0 : i64
// CHECK-NEXT: %[[DD:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DH:.+]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DW:.+]] = arith.constant 1 : i64
// CHECK: call @qnn_host_conv_f32(%[[G]], %[[SD]], %[[SH]], %[[SW]], %[[PD]], %[[PH]], %[[PW]], %[[DD]], %[[DH]], %[[DW]], %{{.+}}, %{{.+}}, %{{.+}})
// CHECK-NOT: linalg.conv
func.func private @qnn_host_conv_f32(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, memref<*xf32>, memref<*xf32>, memref<*xf32>)
func.func @conv3d(%x: tensor<1x2x3x5x5xf32>, %w: tensor<4x2x2x3x3xf32>) -> tensor<1x4x2x3x3xf32> {
  %y = qnn.conv3d %x, %w {name = "c", stride = array<i64: 2, 1, 1>, padding = array<i64: 1, 0, 0>, qnn.host_conv} : (tensor<1x2x3x5x5xf32>, tensor<4x2x2x3x3xf32>) -> tensor<1x4x2x3x3xf32>
  return %y : tensor<1x4x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @quantized
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: call
func.func @quantized(%x: tensor<1x2x5x5x!quant.uniform<u8:f32, 0.5:3>>, %w: tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x3x3x!quant.uniform<u8:f32, 1.0:2>> {
  %y = qnn.conv2d %x, %w {name = "c", qnn.host_conv} : (tensor<1x2x5x5x!quant.uniform<u8:f32, 0.5:3>>, tensor<3x2x3x3x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x3x3x3x!quant.uniform<u8:f32, 1.0:2>>
  return %y : tensor<1x3x3x3x!quant.uniform<u8:f32, 1.0:2>>
}
