// RUN: qnn-opt %s -split-input-file --qnn-prepare-qat | FileCheck %s
// RUN: qnn-opt %s -split-input-file --qnn-prepare-qat -mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// prepare_qat: every activation post-process and every conv/linear/conv_bn
// weight is a qnn.fake_quant (FakeQuantize with observer and fake-quant
// enabled), with the qconfig's observer settings.

// fbgemm_qat: FusedMovingAvgObsFakeQuantize(MovingAverageMinMaxObserver,
// quant_min=0, quant_max=255, reduce_range=True) activations and
// MovingAveragePerChannelMinMaxObserver(qint8, per_channel_symmetric,
// -128..127) weights.
// CHECK-LABEL: func.func @conv_bn_relu_fbgemm_qat
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3x3xf32>, %[[W:[^:]+]]: tensor<2x2x1x1xf32>, %[[P:[^:]+]]: tensor<2xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QF:.+]] = qnn.fake_quant %[[Q]] {fused, name = "quant", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>} : tensor<1x2x3x3xf32>
// CHECK-NEXT: %[[WF:.+]] = qnn.fake_quant %[[W]] {fused, name = "conv.weight", observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>} : tensor<2x2x1x1xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.conv_bn2d %[[QF]], %[[WF]], bn(%[[P]], %[[P]], %[[P]], %[[P]]) {fused_relu, name = "conv", qconfig = #qnn.qconfig<fbgemm_qat>}
// CHECK-NEXT: %[[CF:.+]] = qnn.fake_quant %[[C]] {fused, name = "conv", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>} : tensor<1x2x3x3xf32>
// CHECK-NEXT: %[[P2:.+]] = qnn.max_pool2d %[[CF]]
// CHECK-NEXT: %[[D:.+]] = qnn.dequant_stub %[[P2]]
// CHECK-NEXT: return %[[D]]
// GENERIC-LABEL: sym_name = "conv_bn_relu_fbgemm_qat"
// GENERIC-COUNT-3: "qnn.fake_quant"(%{{.+}}) <{fake_quant_enabled = true, fused, name = "{{[a-z.]+}}", observer = #qnn.observer<{{.+}}>, observer_enabled = true}>
// GENERIC-NOT: "qnn.fake_quant"
// GENERIC: "func.return"
func.func @conv_bn_relu_fbgemm_qat(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> tensor<1x2x1x1xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %c = qnn.conv_bn2d %q, %w, bn(%p, %p, %p, %p) {name = "conv", fused_relu, qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %p2 = qnn.max_pool2d %c {name = "pool", kernel_size = array<i64: 3, 3>, qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<1x2x3x3xf32> -> tensor<1x2x1x1xf32>
  %d = qnn.dequant_stub %p2 {name = "dequant", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<1x2x1x1xf32> -> tensor<1x2x1x1xf32>
  return %d : tensor<1x2x1x1xf32>
}

// -----

// qnnpack_qat: no reduce_range, per-tensor MovingAverageMinMaxObserver
// weights. conv_bn1d/3d get a weight fake_quant like conv_bn2d; a plain
// conv and an add too.
// CHECK-LABEL: func.func @qnnpack_qat
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3xf32>, %[[W:[^:]+]]: tensor<2x2x1xf32>, %[[P:[^:]+]]: tensor<2xf32>, %[[Y:[^:]+]]: tensor<1x1x2x2x2xf32>, %[[W3:[^:]+]]: tensor<1x1x1x1x1xf32>, %[[P1:[^:]+]]: tensor<1xf32>)
// CHECK-NEXT: %[[WF:.+]] = qnn.fake_quant %[[W]] {fused, name = "c1.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>} : tensor<2x2x1xf32>
// CHECK-NEXT: %[[XF:.+]] = qnn.fake_quant %[[X]] {fused, name = "c1.input0", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<1x2x3xf32>
// CHECK-NEXT: %[[C1:.+]] = qnn.conv_bn1d %[[XF]], %[[WF]], bn(
// CHECK-NEXT: %[[C1F:.+]] = qnn.fake_quant %[[C1]] {fused, name = "c1", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<1x2x3xf32>
// CHECK-NEXT: %[[WF2:.+]] = qnn.fake_quant %[[W]] {fused, name = "c2.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>}
// CHECK-NEXT: %[[C2:.+]] = qnn.conv1d %[[C1F]], %[[WF2]]
// CHECK-NEXT: %[[C2F:.+]] = qnn.fake_quant %[[C2]] {fused, name = "c2", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>}
// CHECK-NEXT: %[[A:.+]] = qnn.add %[[C2F]], %[[C1F]]
// CHECK-NEXT: %[[AF:.+]] = qnn.fake_quant %[[A]] {fused, name = "add", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>}
// CHECK-NEXT: %[[WF3:.+]] = qnn.fake_quant %[[W3]] {fused, name = "c3.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>}
// CHECK-NEXT: %[[YF:.+]] = qnn.fake_quant %[[Y]] {fused, name = "c3.input0"
// CHECK-NEXT: %[[C3:.+]] = qnn.conv_bn3d %[[YF]], %[[WF3]], bn(
// CHECK-NEXT: %[[C3F:.+]] = qnn.fake_quant %[[C3]] {fused, name = "c3"
// CHECK-NEXT: return %[[AF]], %[[C3F]]
func.func @qnnpack_qat(%x: tensor<1x2x3xf32>, %w: tensor<2x2x1xf32>, %p: tensor<2xf32>, %y: tensor<1x1x2x2x2xf32>, %w3: tensor<1x1x1x1x1xf32>, %p1: tensor<1xf32>) -> (tensor<1x2x3xf32>, tensor<1x1x2x2x2xf32>) {
  %c1 = qnn.conv_bn1d %x, %w, bn(%p, %p, %p, %p) {name = "c1", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2x3xf32>, tensor<2x2x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3xf32>
  %c2 = qnn.conv1d %c1, %w {name = "c2", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x2x3xf32>
  %a = qnn.add %c2, %c1 {name = "add", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2x3xf32>, tensor<1x2x3xf32>) -> tensor<1x2x3xf32>
  %c3 = qnn.conv_bn3d %y, %w3, bn(%p1, %p1, %p1, %p1) {name = "c3", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x1x2x2x2xf32>, tensor<1x1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2x2xf32>
  return %a, %c3 : tensor<1x2x3xf32>, tensor<1x1x2x2x2xf32>
}

// -----

// Linear with onednn_qat (per-channel weights, no reduce_range); ops with
// none or without a qconfig get nothing.
// CHECK-LABEL: func.func @linear_onednn_qat
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[W:[^:]+]]: tensor<3x4xf32>, %[[B:[^:]+]]: tensor<3xf32>, %[[W2:[^:]+]]: tensor<3x3xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QF:.+]] = qnn.fake_quant %[[Q]] {fused, name = "quant", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>}
// CHECK-NEXT: %[[WF:.+]] = qnn.fake_quant %[[W]] {fused, name = "fc.weight", observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>} : tensor<3x4xf32>
// CHECK-NEXT: %[[L:.+]] = qnn.linear %[[QF]], %[[WF]], %[[B]] {fused_relu, name = "fc", qconfig = #qnn.qconfig<onednn_qat>}
// CHECK-NEXT: %[[LF:.+]] = qnn.fake_quant %[[L]] {fused, name = "fc", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<2x3xf32>
// CHECK-NEXT: %[[L2:.+]] = qnn.linear %[[LF]], %[[W2]] {name = "fc2", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: %[[L3:.+]] = qnn.linear %[[L2]], %[[W2]] {name = "fc3"}
// CHECK-NEXT: return %[[L3]]
func.func @linear_onednn_qat(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3xf32>, %w2: tensor<3x3xf32>) -> tensor<2x3xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<onednn_qat>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %l = qnn.linear %q, %w, %b {name = "fc", fused_relu, qconfig = #qnn.qconfig<onednn_qat>} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %l2 = qnn.linear %l, %w2 {name = "fc2", qconfig = #qnn.qconfig<none>} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  %l3 = qnn.linear %l2, %w2 {name = "fc3"} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  return %l3 : tensor<2x3xf32>
}

// -----

// linear_bn (nni.LinearBn1d) gets a weight fake-quant like conv_bn. In
// training mode torch's prepare_qat puts a FixedQParamsFakeQuantize after
// Sigmoid, Hardsigmoid and Softmax (scale 1/256, zero point 0) and Tanh
// (2/256, 128) instead of the qconfig's activation; ops without a qconfig
// get none.
// CHECK-LABEL: func.func @linear_bn_and_fixed_qparams
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[W:[^:]+]]: tensor<3x4xf32>, %[[P:[^:]+]]: tensor<3xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QF:.+]] = qnn.fake_quant %[[Q]] {fused, name = "quant"
// CHECK-NEXT: %[[WF:.+]] = qnn.fake_quant %[[W]] {fused, name = "fc.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>} : tensor<3x4xf32>
// CHECK-NEXT: %[[L:.+]] = qnn.linear_bn %[[QF]], %[[WF]], bn(%[[P]], %[[P]], %[[P]], %[[P]]) {name = "fc"
// CHECK-NEXT: %[[LF:.+]] = qnn.fake_quant %[[L]] {fused, name = "fc", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>}
// CHECK-NEXT: %[[S:.+]] = qnn.sigmoid %[[LF]]
// CHECK-NEXT: %[[SF:.+]] = qnn.fake_quant %[[S]] {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 3.906250e-03>, zero_point = array<i64: 0>}
// CHECK-NEXT: %[[H:.+]] = qnn.hardsigmoid %[[SF]]
// CHECK-NEXT: %[[HF:.+]] = qnn.fake_quant %[[H]] {name = "hs", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 3.906250e-03>, zero_point = array<i64: 0>}
// CHECK-NEXT: %[[T:.+]] = qnn.tanh %[[HF]]
// CHECK-NEXT: %[[TF:.+]] = qnn.fake_quant %[[T]] {name = "tanh", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 7.812500e-03>, zero_point = array<i64: 128>}
// CHECK-NEXT: %[[SM:.+]] = qnn.softmax %[[TF]]
// CHECK-NEXT: %[[SMF:.+]] = qnn.fake_quant %[[SM]] {name = "softmax", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 3.906250e-03>, zero_point = array<i64: 0>}
// CHECK-NEXT: %[[T2:.+]] = qnn.tanh %[[SMF]] {name = "float_tanh", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: return %[[T2]]
func.func @linear_bn_and_fixed_qparams(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %p: tensor<3xf32>) -> tensor<2x3xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %l = qnn.linear_bn %q, %w, bn(%p, %p, %p, %p) {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %s = qnn.sigmoid %l {name = "sig", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %h = qnn.hardsigmoid %s {name = "hs", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %t = qnn.tanh %h {name = "tanh", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %sm = qnn.softmax %t {name = "softmax", dim = 1 : i64, qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %t2 = qnn.tanh %sm {name = "float_tanh", qconfig = #qnn.qconfig<none>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %t2 : tensor<2x3xf32>
}
