// RUN: qnn-opt %s -split-input-file --qnn-prepare | FileCheck %s
// Running prepare again on its own output changes nothing:
// RUN: qnn-opt %s -split-input-file --qnn-prepare --qnn-prepare | FileCheck %s

// torch.ao.quantization.prepare (add_observer_): an activation observer
// after quant_stub and after every module kind of the default propagation
// list with a qconfig, a weight observer on conv/linear weights, none after
// ops that keep their input's qparams, after dequant_stub or dropout.

// fbgemm: HistogramObserver(reduce_range=True) activations,
// per-channel symmetric qint8 weights.
// CHECK-LABEL: func.func @ptq_model
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x4x4xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QO:.+]] = qnn.observe %[[Q]] {name = "quant", observer = #qnn.observer<histogram, reduce_range = true>} : tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[W:.+]] = arith.constant dense<5.000000e-01> : tensor<2x2x1x1xf32>
// CHECK-NEXT: %[[WO:.+]] = qnn.observe %[[W]] {name = "conv.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>} : tensor<2x2x1x1xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.conv2d %[[QO]], %[[WO]] {name = "conv", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: %[[CO:.+]] = qnn.observe %[[C]] {name = "conv", observer = #qnn.observer<histogram, reduce_range = true>} : tensor<1x2x4x4xf32>
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[CO]]
// CHECK-NEXT: %[[P:.+]] = qnn.max_pool2d %[[R]]
// CHECK-NEXT: %[[F:.+]] = qnn.flatten %[[P]]
// CHECK-NEXT: %[[D:.+]] = qnn.dropout %[[F]]
// CHECK-NEXT: %[[LW:.+]] = arith.constant dense<2.500000e-01> : tensor<3x8xf32>
// CHECK-NEXT: %[[LB:.+]] = arith.constant dense<1.000000e-01> : tensor<3xf32>
// CHECK-NEXT: %[[LWO:.+]] = qnn.observe %[[LW]] {name = "fc.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>} : tensor<3x8xf32>
// CHECK-NEXT: %[[L:.+]] = qnn.linear %[[D]], %[[LWO]], %[[LB]] {name = "fc", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: %[[LO:.+]] = qnn.observe %[[L]] {name = "fc", observer = #qnn.observer<histogram, reduce_range = true>} : tensor<1x3xf32>
// CHECK-NEXT: %[[S:.+]] = qnn.sigmoid %[[LO]]
// CHECK-NEXT: %[[DQ:.+]] = qnn.dequant_stub %[[S]]
// CHECK-NEXT: return %[[DQ]]
func.func @ptq_model(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = qnn.conv2d %q, %w {name = "conv", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qnn.relu %c {name = "relu", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %p = qnn.max_pool2d %r {name = "pool", kernel_size = array<i64: 2, 2>, qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %f = qnn.flatten %p {name = "flatten", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %d = qnn.dropout %f {name = "drop", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x8xf32> -> tensor<1x8xf32>
  %lw = arith.constant dense<0.25> : tensor<3x8xf32>
  %lb = arith.constant dense<0.1> : tensor<3xf32>
  %l = qnn.linear %d, %lw, %lb {name = "fc", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %s = qnn.sigmoid %l {name = "sig", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x3xf32> -> tensor<1x3xf32>
  %dq = qnn.dequant_stub %s {name = "dequant", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x3xf32> -> tensor<1x3xf32>
  return %dq : tensor<1x3xf32>
}

// -----

// FloatFunctional ops are observed after their output; their inputs come
// from observed values, so they need no input observers.
// CHECK-LABEL: func.func @float_functional
// CHECK:      %[[A:.+]] = qnn.observe %{{.+}} {name = "qa", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[B:.+]] = qnn.quant_stub
// CHECK-NEXT: %[[BO:.+]] = qnn.observe %[[B]] {name = "qb", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[ADD:.+]] = qnn.add %[[A]], %[[BO]] {name = "f.add", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[ADDO:.+]] = qnn.observe %[[ADD]] {name = "f.add", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[MUL:.+]] = qnn.mul %[[ADDO]], %[[A]] {name = "f.mul", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[MULO:.+]] = qnn.observe %[[MUL]] {name = "f.mul", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[AR:.+]] = qnn.add_relu %[[MULO]], %[[BO]] {name = "f.add_relu", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[ARO:.+]] = qnn.observe %[[AR]] {name = "f.add_relu", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[CAT:.+]] = qnn.cat %[[A]], %[[ARO]], %[[BO]] {dim = 1 : i64, name = "f.cat", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[CATO:.+]] = qnn.observe %[[CAT]] {name = "f.cat", observer = #qnn.observer<histogram>}
// CHECK-NEXT: return %[[CATO]]
func.func @float_functional(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %a = qnn.quant_stub %x {name = "qa", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %b = qnn.quant_stub %y {name = "qb", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %0 = qnn.add %a, %b {name = "f.add", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.mul %0, %a {name = "f.mul", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %2 = qnn.add_relu %1, %b {name = "f.add_relu", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %3 = qnn.cat %a, %2, %b {name = "f.cat", dim = 1 : i64, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x6x4x4xf32>
  return %3 : tensor<1x6x4x4xf32>
}

// -----

// Norms and activations with quantized modules are observed; BatchNorm1d
// (rank 2/3) has no quantized module and sigmoid/tanh/hardsigmoid have
// fixed output qparams, so they get none.
// CHECK-LABEL: func.func @norms_and_activations
// CHECK:      %[[Q:.+]] = qnn.observe %{{.+}} {name = "quant", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[BN:.+]] = qnn.batch_norm %[[Q]], %{{.+}}, %{{.+}} {name = "bn2d", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[BNO:.+]] = qnn.observe %[[BN]] {name = "bn2d", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[LN:.+]] = qnn.layer_norm %[[BNO]] {name = "ln", normalized_shape = array<i64: 4>, qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[LNO:.+]] = qnn.observe %[[LN]] {name = "ln", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[GN:.+]] = qnn.group_norm %[[LNO]] {name = "gn", num_groups = 2 : i64, qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[GNO:.+]] = qnn.observe %[[GN]] {name = "gn", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[IN:.+]] = qnn.instance_norm %[[GNO]] {name = "in", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[INO:.+]] = qnn.observe %[[IN]] {name = "in", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[ELU:.+]] = qnn.elu %[[INO]] {name = "elu", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[ELUO:.+]] = qnn.observe %[[ELU]] {name = "elu", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[HS:.+]] = qnn.hardswish %[[ELUO]] {name = "hs", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[HSO:.+]] = qnn.observe %[[HS]] {name = "hs", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[LR:.+]] = qnn.leaky_relu %[[HSO]] {name = "lrelu", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[LRO:.+]] = qnn.observe %[[LR]] {name = "lrelu", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[SIG:.+]] = qnn.sigmoid %[[LRO]]
// CHECK-NEXT: %[[TANH:.+]] = qnn.tanh %[[SIG]]
// CHECK-NEXT: %[[HSIG:.+]] = qnn.hardsigmoid %[[TANH]]
// CHECK-NEXT: %[[RS:.+]] = qnn.reshape %[[HSIG]]
// CHECK-NEXT: %[[BN1:.+]] = qnn.batch_norm %[[RS]], %{{.+}}, %{{.+}} {name = "bn1d", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: return %[[BN1]]
func.func @norms_and_activations(%x: tensor<1x2x4x4xf32>, %m: tensor<2xf32>) -> tensor<1x2x16xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %0 = qnn.batch_norm %q, %m, %m {name = "bn2d", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = qnn.layer_norm %0 {name = "ln", normalized_shape = array<i64: 4>, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %2 = qnn.group_norm %1 {name = "gn", num_groups = 2 : i64, qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %3 = qnn.instance_norm %2 {name = "in", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %4 = qnn.elu %3 {name = "elu", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %5 = qnn.hardswish %4 {name = "hs", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %6 = qnn.leaky_relu %5 {name = "lrelu", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %7 = qnn.sigmoid %6 {name = "sig", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %8 = qnn.tanh %7 {name = "tanh", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %9 = qnn.hardsigmoid %8 {name = "hsig", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %10 = qnn.reshape %9 {name = "view", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x16xf32>
  %11 = qnn.batch_norm %10, %m, %m {name = "bn1d", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x16xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x16xf32>
  return %11 : tensor<1x2x16xf32>
}

// -----

// BatchNorm3d is observed like BatchNorm2d.
// CHECK-LABEL: func.func @batch_norm_3d
// CHECK:      %[[BN:.+]] = qnn.batch_norm
// CHECK-NEXT: %[[BNO:.+]] = qnn.observe %[[BN]] {name = "bn3d", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: return %[[BNO]]
func.func @batch_norm_3d(%x: tensor<1x2x2x2x2xf32>, %m: tensor<2xf32>) -> tensor<1x2x2x2x2xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x2x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %0 = qnn.batch_norm %q, %m, %m {name = "bn3d", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2x2xf32>
  return %0 : tensor<1x2x2x2x2xf32>
}

// -----

// Observers per qconfig preset (get_default_qconfig): fbgemm and x86 use
// HistogramObserver(reduce_range=True) and per-channel weights, qnnpack a
// plain HistogramObserver and per-tensor MinMaxObserver weights, onednn a
// plain HistogramObserver and per-channel weights. A custom qconfig uses
// exactly its observers.
// CHECK-LABEL: func.func @presets
// CHECK:      qnn.observe %{{.+}} {name = "fbgemm.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>}
// CHECK-NEXT: qnn.conv2d
// CHECK-NEXT: qnn.observe %{{.+}} {name = "fbgemm", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: qnn.observe %{{.+}} {name = "qnnpack.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>}
// CHECK-NEXT: qnn.conv2d
// CHECK-NEXT: qnn.observe %{{.+}} {name = "qnnpack", observer = #qnn.observer<histogram>}
// CHECK-NEXT: qnn.observe %{{.+}} {name = "onednn.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>}
// CHECK-NEXT: qnn.conv2d
// CHECK-NEXT: qnn.observe %{{.+}} {name = "onednn", observer = #qnn.observer<histogram>}
// CHECK-NEXT: qnn.observe %{{.+}} {name = "x86.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>}
// CHECK-NEXT: qnn.conv2d
// CHECK-NEXT: qnn.observe %{{.+}} {name = "x86", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: qnn.observe %{{.+}} {name = "custom.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, ch_axis = 1>}
// CHECK-NEXT: qnn.conv2d
// CHECK-NEXT: qnn.observe %{{.+}} {name = "custom", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 127>}
// CHECK-NEXT: return
func.func @presets(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %0 = qnn.conv2d %q, %w {name = "fbgemm", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qnn.conv2d %0, %w {name = "qnnpack", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %2 = qnn.conv2d %1, %w {name = "onednn", qconfig = #qnn.qconfig<onednn>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %3 = qnn.conv2d %2, %w {name = "x86", qconfig = #qnn.qconfig<x86>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %4 = qnn.conv2d %3, %w {name = "custom", qconfig = #qnn.qconfig<activation = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 127>, weight = #qnn.observer<per_channel_minmax, dtype = qint8, ch_axis = 1>>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %4 : tensor<1x2x3x3xf32>
}

// -----

// A QAT qconfig (fake_quant) under plain prepare gives qnn.fake_quant, as
// qconfig.activation() / qconfig.weight() are then FakeQuantize modules.
// CHECK-LABEL: func.func @qat_qconfig
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8xf32>, %[[W:[^:]+]]: tensor<3x8xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QF:.+]] = qnn.fake_quant %[[Q]] {fused, name = "quant", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<1x8xf32>
// CHECK-NEXT: %[[WF:.+]] = qnn.fake_quant %[[W]] {fused, name = "fc.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>} : tensor<3x8xf32>
// CHECK-NEXT: %[[L:.+]] = qnn.linear %[[QF]], %[[WF]] {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>}
// CHECK-NEXT: %[[LF:.+]] = qnn.fake_quant %[[L]] {fused, name = "fc", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<1x3xf32>
// CHECK-NEXT: return %[[LF]]
func.func @qat_qconfig(%x: tensor<1x8xf32>, %w: tensor<3x8xf32>) -> tensor<1x3xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<1x8xf32> -> tensor<1x8xf32>
  %l = qnn.linear %q, %w {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  return %l : tensor<1x3xf32>
}

// -----

// Input observers at the float/quantized boundary: a quantized op reading a
// function argument (no quant_stub) or the output of an op left float (no
// qconfig, or none) gets an observer "<path>.input<operand>", with its own
// qconfig's activation observer. Values passed through relu/pooling/flatten
// from an observed value, or through sigmoid (fixed qparams), need none.
// CHECK-LABEL: func.func @input_observers
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x3x3xf32>, %[[W:[^:]+]]: tensor<2x2x1x1xf32>)
// CHECK-NEXT: %[[W1:.+]] = qnn.observe %[[W]] {name = "conv1.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>}
// CHECK-NEXT: %[[XO:.+]] = qnn.observe %[[X]] {name = "conv1.input0", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[C1:.+]] = qnn.conv2d %[[XO]], %[[W1]] {name = "conv1", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[C1O:.+]] = qnn.observe %[[C1]] {name = "conv1", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[R:.+]] = qnn.relu %[[C1O]]
// CHECK-NEXT: %[[S:.+]] = qnn.sigmoid %[[R]]
// CHECK-NEXT: %[[ADD:.+]] = qnn.add %[[S]], %[[R]] {name = "add", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[ADDO:.+]] = qnn.observe %[[ADD]] {name = "add", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[F:.+]] = qnn.conv2d %[[ADDO]], %[[W]] {name = "float_conv", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: %[[G:.+]] = qnn.relu %[[F]] {name = "float_relu"}
// CHECK-NEXT: %[[GO:.+]] = qnn.observe %[[G]] {name = "mul.input1", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: %[[MUL:.+]] = qnn.mul %[[ADDO]], %[[GO]] {name = "mul", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: %[[MULO:.+]] = qnn.observe %[[MUL]] {name = "mul", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: %[[CO0:.+]] = qnn.observe %[[F]] {name = "cat.input0", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[CO2:.+]] = qnn.observe %[[X]] {name = "cat.input2", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[CAT:.+]] = qnn.cat %[[CO0]], %[[MULO]], %[[CO2]] {dim = 1 : i64, name = "cat", qconfig = #qnn.qconfig<onednn>}
// CHECK-NEXT: %[[CATO:.+]] = qnn.observe %[[CAT]] {name = "cat", observer = #qnn.observer<histogram>}
// CHECK-NEXT: return %[[CATO]]
func.func @input_observers(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x6x3x3xf32> {
  %c1 = qnn.conv2d %x, %w {name = "conv1", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r = qnn.relu %c1 {name = "relu", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %s = qnn.sigmoid %r {name = "sig", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %a = qnn.add %s, %r {name = "add", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %f = qnn.conv2d %a, %w {name = "float_conv", qconfig = #qnn.qconfig<none>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %g = qnn.relu %f {name = "float_relu"} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %m = qnn.mul %a, %g {name = "mul", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %c = qnn.cat %f, %m, %x {name = "cat", dim = 1 : i64, qconfig = #qnn.qconfig<onednn>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %c : tensor<1x6x3x3xf32>
}

// -----

// Ops with #qnn.qconfig<none>, a dynamic qconfig, or no qconfig at all get
// no observers (neither on weights, inputs nor outputs).
// CHECK-LABEL: func.func @not_observed
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[W:[^:]+]]: tensor<4x4xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]] {name = "quant", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: %[[A:.+]] = qnn.linear %[[Q]], %[[W]] {name = "none", qconfig = #qnn.qconfig<none>}
// CHECK-NEXT: %[[B:.+]] = qnn.linear %[[A]], %[[W]] {name = "dynamic", qconfig = #qnn.qconfig<dynamic>}
// CHECK-NEXT: %[[C:.+]] = qnn.linear %[[B]], %[[W]] {name = "float16_dynamic", qconfig = #qnn.qconfig<float16_dynamic>}
// CHECK-NEXT: %[[D:.+]] = qnn.linear %[[C]], %[[W]] {name = "unset"}
// CHECK-NEXT: %[[E:.+]] = qnn.add %[[D]], %[[D]] {name = "add"}
// CHECK-NEXT: return %[[E]]
func.func @not_observed(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<none>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %0 = qnn.linear %q, %w {name = "none", qconfig = #qnn.qconfig<none>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = qnn.linear %0, %w {name = "dynamic", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %2 = qnn.linear %1, %w {name = "float16_dynamic", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %3 = qnn.linear %2, %w {name = "unset"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %4 = qnn.add %3, %3 {name = "add"} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %4 : tensor<2x4xf32>
}

// -----

// ConvTranspose with a per-tensor weight observer (qnnpack) is observed
// like a conv; conv_bnNd (from QAT fusion) gets a weight observer too.
// CHECK-LABEL: func.func @conv_transpose_and_conv_bn
// CHECK:      %[[WO:.+]] = qnn.observe %{{.+}} {name = "up.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>}
// CHECK-NEXT: %[[U:.+]] = qnn.conv_transpose2d %{{.+}}, %[[WO]] {name = "up", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[UO:.+]] = qnn.observe %[[U]] {name = "up", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[CW:.+]] = qnn.observe %{{.+}} {name = "convbn.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>}
// CHECK-NEXT: %[[CB:.+]] = qnn.conv_bn2d %[[UO]], %[[CW]], bn(%{{.+}}) {name = "convbn", qconfig = #qnn.qconfig<fbgemm>}
// CHECK-NEXT: %[[CBO:.+]] = qnn.observe %[[CB]] {name = "convbn", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: return %[[CBO]]
func.func @conv_transpose_and_conv_bn(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x3x3xf32> -> tensor<1x2x3x3xf32>
  %0 = qnn.conv_transpose2d %q, %w {name = "up", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qnn.conv_bn2d %0, %w, bn(%p, %p, %p, %p) {name = "convbn", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// Existing observers are kept: a weight already observed, and an op whose
// output is already observed, get no second observer.
// CHECK-LABEL: func.func @already_observed
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[W:[^:]+]]: tensor<4x4xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QO:.+]] = qnn.observe %[[Q]] {name = "mine", observer = #qnn.observer<minmax>}
// CHECK-NEXT: %[[WO:.+]] = qnn.observe %[[W]] {name = "my_weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>}
// CHECK-NEXT: %[[L:.+]] = qnn.linear %[[QO]], %[[WO]]
// CHECK-NEXT: %[[LO:.+]] = qnn.observe %[[L]] {name = "fc", observer = #qnn.observer<histogram, reduce_range = true>}
// CHECK-NEXT: return %[[LO]]
func.func @already_observed(%x: tensor<2x4xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %qo = qnn.observe %q {name = "mine", observer = #qnn.observer<minmax>} : tensor<2x4xf32>
  %wo = qnn.observe %w {name = "my_weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<4x4xf32>
  %0 = qnn.linear %qo, %wo {name = "fc", qconfig = #qnn.qconfig<fbgemm>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// The output of a dequant_stub is float again: a quantized op reading it
// gets an input observer.
// CHECK-LABEL: func.func @after_dequant_stub
// CHECK: qnn.dequant_stub
// CHECK: [[IN:%.+]] = qnn.observe %{{.+}} {name = "conv.input0", observer = #qnn.observer<histogram>}
// CHECK: qnn.conv2d [[IN]]
func.func @after_dequant_stub(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %d = qnn.dequant_stub %q {name = "dequant"} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %c = qnn.conv2d %d, %w {name = "conv", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// -----

// nn.ReLU6 is in PyTorch's propagation list, so it is observed.
// CHECK-LABEL: func.func @relu6_observed
// CHECK: [[R:%.+]] = qnn.relu6
// CHECK-NEXT: qnn.observe [[R]] {name = "act", observer = #qnn.observer<histogram>}
func.func @relu6_observed(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %r = qnn.relu6 %q {name = "act", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// permute and slice keep their input's qparams (torch's quantized permute
// and slicing are views): like reshape they get no observer, and a
// quantized op reading them from an observed value needs no input observer.
// A slice of a float value (no observer upstream) is a boundary: the cat
// that reads it observes it.
// CHECK-LABEL: func.func @layout_ops
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x2x2xf32>, %[[Y:[^:]+]]: tensor<1x4x2x2xf32>)
// CHECK-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]]
// CHECK-NEXT: %[[QO:.+]] = qnn.observe %[[Q]] {name = "quant", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[P:.+]] = qnn.permute %[[QO]] {dims = array<i64: 0, 2, 1, 3>, name = "shuffle", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[S:.+]] = qnn.slice %[[P]] {end = array<i64: 1, 2, 2, 2>, name = "chunk", qconfig = #qnn.qconfig<qnnpack>, start = array<i64: 0, 0, 0, 0>}
// CHECK-NEXT: %[[F:.+]] = qnn.slice %[[Y]] {end = array<i64: 1, 4, 2, 2>, name = "float_chunk", qconfig = #qnn.qconfig<qnnpack>, start = array<i64: 0, 2, 0, 0>}
// CHECK-NEXT: %[[FO:.+]] = qnn.observe %[[F]] {name = "cat.input1", observer = #qnn.observer<histogram>}
// CHECK-NEXT: %[[C:.+]] = qnn.cat %[[S]], %[[FO]] {dim = 1 : i64, name = "cat", qconfig = #qnn.qconfig<qnnpack>}
// CHECK-NEXT: %[[CO:.+]] = qnn.observe %[[C]] {name = "cat", observer = #qnn.observer<histogram>}
// CHECK-NEXT: return %[[CO]]
func.func @layout_ops(%x: tensor<1x4x2x2xf32>, %y: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %p = qnn.permute %q {name = "shuffle", dims = array<i64: 0, 2, 1, 3>, qconfig = #qnn.qconfig<qnnpack>}
      : tensor<1x4x2x2xf32> -> tensor<1x2x4x2xf32>
  %s = qnn.slice %p {name = "chunk", start = array<i64: 0, 0, 0, 0>, end = array<i64: 1, 2, 2, 2>, qconfig = #qnn.qconfig<qnnpack>}
      : tensor<1x2x4x2xf32> -> tensor<1x2x2x2xf32>
  %f = qnn.slice %y {name = "float_chunk", start = array<i64: 0, 2, 0, 0>, end = array<i64: 1, 4, 2, 2>, qconfig = #qnn.qconfig<qnnpack>}
      : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %c = qnn.cat %s, %f {name = "cat", dim = 1 : i64, qconfig = #qnn.qconfig<qnnpack>}
      : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %c : tensor<1x4x2x2xf32>
}

// -----

// The float linear / add the importer writes for torch.bmm and masked_fill
// inside a quantizable MultiheadAttention (qnn.functional) are function
// calls, which torch never observes: they get no observers, not even on
// their float inputs; the same ops without the mark are observed.
// CHECK-LABEL: func.func @float_functions
// CHECK-NEXT:  %[[L:.+]] = qnn.linear %arg0, %arg1 {name = "bmm", qconfig = #qnn.qconfig<qnnpack>, qnn.functional}
// CHECK-NEXT:  %[[A:.+]] = qnn.add %[[L]], %arg2 {name = "masked_fill", qconfig = #qnn.qconfig<qnnpack>, qnn.functional}
// CHECK-NEXT:  %[[S:.+]] = qnn.softmax %[[A]]
// CHECK-NEXT:  %[[Q:.+]] = qnn.quant_stub %[[S]]
// CHECK-NEXT:  qnn.observe %[[Q]] {name = "quant_w"
// CHECK-NOT:   = qnn.observe
// CHECK:       return
func.func @float_functions(%q: tensor<3x4xf32>, %k: tensor<5x4xf32>, %m: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = qnn.linear %q, %k {name = "bmm", qconfig = #qnn.qconfig<qnnpack>, qnn.functional} : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  %1 = qnn.add %0, %m {name = "masked_fill", qconfig = #qnn.qconfig<qnnpack>, qnn.functional} : (tensor<3x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  %2 = qnn.softmax %1 {name = "softmax", dim = -1 : i64, qconfig = #qnn.qconfig<qnnpack>} : tensor<3x5xf32> -> tensor<3x5xf32>
  %3 = qnn.quant_stub %2 {name = "quant_w", qconfig = #qnn.qconfig<qnnpack>} : tensor<3x5xf32> -> tensor<3x5xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<3x5xf32> -> tensor<3x5xf32>
  return %4 : tensor<3x5xf32>
}
