// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// qnn-calibrate stamps each fake-quant whose observer is enabled with a
// calibration slot: the lowering calls the host hook, which observes the
// input, recomputes the qparams and writes the fake-quantized values into a
// fresh buffer. Fake-quants without a slot keep the stored-qparams form.

// CHECK-LABEL: func.func @hook
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3xf32>)
// CHECK: %[[IN:.+]] = bufferization.to_buffer %[[X]] read_only : tensor<2x3xf32> to memref<2x3xf32>
// CHECK-NEXT: %[[OUT:.+]] = memref.alloc() : memref<2x3xf32>
// CHECK-NEXT: %[[SLOT:.+]] = arith.constant 7 : i64
// CHECK-NEXT: %[[INU:.+]] = memref.cast %[[IN]] : memref<2x3xf32> to memref<*xf32>
// CHECK-NEXT: %[[OUTU:.+]] = memref.cast %[[OUT]] : memref<2x3xf32> to memref<*xf32>
// CHECK-NEXT: call @qnn_calibrate_fake_quant(%[[SLOT]], %[[INU]], %[[OUTU]]) : (i64, memref<*xf32>, memref<*xf32>) -> ()
// CHECK-NEXT: %[[R:.+]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<2x3xf32> to tensor<2x3xf32>
// CHECK: %[[F:.+]] = linalg.generic {{.+}} ins(%[[R]] :
// CHECK: math.roundeven
// CHECK: return %[[F]]
// CHECK-NOT: call @qnn_calibrate_fake_quant
func.func private @qnn_calibrate_fake_quant(i64, memref<*xf32>, memref<*xf32>)
func.func @hook(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.fake_quant %x {name = "a", observer = #qnn.observer<moving_average_minmax>, fused, qnn.calibration_slot = 7 : i64} : tensor<2x3xf32>
  %1 = qnn.fake_quant %0 {name = "b", observer = #qnn.observer<moving_average_minmax>, observer_enabled = false, scale = array<f32: 0.5>, zero_point = array<i64: 3>} : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// The weight fake-quant of a QAT conv_bn: the conv_bn applies it to the
// BN-scaled weight (one hook call, on w * s); the fake-quant op itself
// lowers to nothing.
// CHECK-LABEL: func.func @conv_bn
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x1x1x2xf32>, %[[W:[^:]+]]: tensor<1x1x1x1xf32>
// CHECK: %[[SW:.+]] = linalg.generic {{.+}} ins(%[[W]], %{{.+}} :
// CHECK: arith.mulf
// CHECK: %[[IN:.+]] = bufferization.to_buffer %[[SW]] read_only
// CHECK: arith.constant 0 : i64
// CHECK: call @qnn_calibrate_fake_quant
// CHECK-NOT: call @qnn_calibrate_fake_quant
// CHECK: linalg.conv_2d_nchw_fchw
func.func private @qnn_calibrate_fake_quant(i64, memref<*xf32>, memref<*xf32>)
func.func @conv_bn(%x: tensor<1x1x1x2xf32>, %w: tensor<1x1x1x1xf32>, %g: tensor<1xf32>, %bb: tensor<1xf32>, %m: tensor<1xf32>, %v: tensor<1xf32>) -> tensor<1x1x1x2xf32> {
  %wf = qnn.fake_quant %w {name = "conv.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>, fused, qnn.calibration_slot = 0 : i64} : tensor<1x1x1x1xf32>
  %y = qnn.conv_bn2d %x, %wf, bn(%g, %bb, %m, %v) {name = "conv"} : (tensor<1x1x1x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %y : tensor<1x1x1x2xf32>
}
