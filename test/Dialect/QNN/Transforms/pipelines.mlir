// RUN: qnn-opt %s -split-input-file --qnn-ptq-prepare | FileCheck %s --check-prefix=PTQ
// RUN: qnn-opt %s -split-input-file --qnn-qat-prepare | FileCheck %s --check-prefix=QAT
// RUN: qnn-opt --help | FileCheck %s --check-prefix=HELP

// End-to-end preparation of a small conv-bn-relu model with a qconfig dict:
//   --qnn-ptq-prepare = fuse_modules + propagate_qconfig_ + prepare
//   --qnn-qat-prepare = fuse_modules(qat) + propagate_qconfig_ + prepare_qat

// HELP-DAG: --qnn-fuse-modules
// HELP-DAG: --qat
// HELP-DAG: --qnn-propagate-qconfig
// HELP-DAG: --qnn-prepare {{ *}}- {{ *}}torch.ao.quantization.prepare: insert observers
// HELP-DAG: --qnn-prepare-qat
// HELP-DAG: --qnn-convert
// HELP-DAG: --qnn-quantize-dynamic
// HELP-DAG: --ops=<string>
// HELP-DAG: --dtype=<string>
// HELP-DAG: Pass Pipelines:
// HELP-DAG: --qnn-ptq-prepare {{ *}}- {{ *}}Post-training quantization preparation: fuse -> propagate qconfig -> prepare (insert observers)
// HELP-DAG: --qnn-qat-prepare {{ *}}- {{ *}}QAT preparation: fuse (qat) -> propagate qconfig -> prepare-qat (insert fake-quant)

// PTQ model: conv + bn + relu fold into a ConvReLU2d-style conv (BN folded with
// torch.nn.utils.fusion.fuse_conv_bn_weights; values are torch's float32
// results), which gets global fbgemm; classifier.fc gets the "classifier"
// entry (qnnpack); relu/pool/flatten/dequant_stub get no observer.
// PTQ-LABEL: func.func @ptq_model
// PTQ-SAME: (%[[X:[^:]+]]: tensor<1x2x4x4xf32>)
// PTQ-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]] {name = "quant", qconfig = #qnn.qconfig<fbgemm>}
// PTQ-NEXT: %[[QO:.+]] = qnn.observe %[[Q]] {name = "quant", observer = #qnn.observer<histogram, reduce_range = true>}
// PTQ:      %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}0.968237757, -0.484118879]], {{\[\[}}1.93647552, 1.45235658]]], {{\[\[\[}}3.49980545, -0.699961066]], {{\[\[}}-1.39992213, 2.09988308]]]]> : tensor<2x2x1x2xf32>
// PTQ-NEXT: %[[B:.+]] = arith.constant dense<[0.0936475619, 1.03332031]> : tensor<2xf32>
// PTQ-NEXT: %[[WO:.+]] = qnn.observe %[[W]] {name = "features.0.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>}
// PTQ-NEXT: %[[C:.+]] = qnn.conv2d %[[QO]], %[[WO]], %[[B]] {fused_relu, name = "features.0", padding = array<i64: 0, 1>, qconfig = #qnn.qconfig<fbgemm>}
// PTQ-NEXT: %[[CO:.+]] = qnn.observe %[[C]] {name = "features.0", observer = #qnn.observer<histogram, reduce_range = true>}
// PTQ-NEXT: %[[P:.+]] = qnn.max_pool2d %[[CO]] {kernel_size = array<i64: 2, 2>, name = "pool", qconfig = #qnn.qconfig<fbgemm>}
// PTQ-NEXT: %[[F:.+]] = qnn.flatten %[[P]] {name = "flatten", qconfig = #qnn.qconfig<fbgemm>}
// PTQ-NEXT: %[[LW:.+]] = arith.constant dense<1.250000e-01> : tensor<3x8xf32>
// PTQ-NEXT: %[[LWO:.+]] = qnn.observe %[[LW]] {name = "classifier.fc.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>}
// PTQ-NEXT: %[[L:.+]] = qnn.linear %[[F]], %[[LWO]] {name = "classifier.fc", qconfig = #qnn.qconfig<qnnpack>}
// PTQ-NEXT: %[[LO:.+]] = qnn.observe %[[L]] {name = "classifier.fc", observer = #qnn.observer<histogram>}
// PTQ-NEXT: %[[D:.+]] = qnn.dequant_stub %[[LO]] {name = "dequant", qconfig = #qnn.qconfig<fbgemm>}
// PTQ-NEXT: return %[[D]]
func.func @ptq_model(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm>,
                                    module_name = {"classifier" = #qnn.qconfig<qnnpack>}}} {
  %q = qnn.quant_stub %x {name = "quant"} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %w = arith.constant dense<[[[[0.5, -0.25]], [[1.0, 0.75]]], [[[-1.5, 0.3]], [[0.6, -0.9]]]]> : tensor<2x2x1x2xf32>
  %b = arith.constant dense<[0.2, -0.4]> : tensor<2xf32>
  %mean = arith.constant dense<[0.1, -0.3]> : tensor<2xf32>
  %var = arith.constant dense<[0.6, 0.09]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.5, -0.7]> : tensor<2xf32>
  %beta = arith.constant dense<[-0.1, 0.8]> : tensor<2xf32>
  %c = qnn.conv2d %q, %w, %b {name = "features.0", padding = array<i64: 0, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x4x5xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "features.1"} : (tensor<1x2x4x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x5xf32>
  %r = qnn.relu %y {name = "features.2"} : tensor<1x2x4x5xf32> -> tensor<1x2x4x5xf32>
  %p = qnn.max_pool2d %r {name = "pool", kernel_size = array<i64: 2, 2>} : tensor<1x2x4x5xf32> -> tensor<1x2x2x2xf32>
  %f = qnn.flatten %p {name = "flatten"} : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %lw = arith.constant dense<0.125> : tensor<3x8xf32>
  %l = qnn.linear %f, %lw {name = "classifier.fc"} : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  %dq = qnn.dequant_stub %l {name = "dequant"} : tensor<1x3xf32> -> tensor<1x3xf32>
  return %dq : tensor<1x3xf32>
}

// -----

// QAT model: conv + bn + relu become conv_bn2d {fused_relu} with the BN kept,
// and every weight and activation post-process is a fake_quant with the
// fbgemm_qat / qnnpack_qat settings.
// QAT-LABEL: func.func @qat_model
// QAT-SAME: (%[[X:[^:]+]]: tensor<1x2x4x4xf32>)
// QAT-NEXT: %[[Q:.+]] = qnn.quant_stub %[[X]] {name = "quant", qconfig = #qnn.qconfig<fbgemm_qat>}
// QAT-NEXT: %[[QF:.+]] = qnn.fake_quant %[[Q]] {fused, name = "quant", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>}
// QAT-NEXT: %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}5.000000e-01, -2.500000e-01]]
// QAT-NEXT: %[[B:.+]] = arith.constant dense<[2.000000e-01, -4.000000e-01]>
// QAT-NEXT: %[[M:.+]] = arith.constant dense<[1.000000e-01, -3.000000e-01]>
// QAT-NEXT: %[[V:.+]] = arith.constant dense<[6.000000e-01, 9.000000e-02]>
// QAT-NEXT: %[[G:.+]] = arith.constant dense<[1.500000e+00, -0.699999988]>
// QAT-NEXT: %[[BB:.+]] = arith.constant dense<[-1.000000e-01, 8.000000e-01]>
// QAT-NEXT: %[[WF:.+]] = qnn.fake_quant %[[W]] {fused, name = "features.0.weight", observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>}
// QAT-NEXT: %[[C:.+]] = qnn.conv_bn2d %[[QF]], %[[WF]], bias %[[B]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {fused_relu, name = "features.0", padding = array<i64: 0, 1>, qconfig = #qnn.qconfig<fbgemm_qat>}
// QAT-NEXT: %[[CF:.+]] = qnn.fake_quant %[[C]] {fused, name = "features.0", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>}
// QAT-NEXT: %[[P:.+]] = qnn.max_pool2d %[[CF]]
// QAT-NEXT: %[[F:.+]] = qnn.flatten %[[P]]
// QAT-NEXT: %[[LW:.+]] = arith.constant dense<1.250000e-01> : tensor<3x8xf32>
// QAT-NEXT: %[[LWF:.+]] = qnn.fake_quant %[[LW]] {fused, name = "classifier.fc.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>}
// QAT-NEXT: %[[L:.+]] = qnn.linear %[[F]], %[[LWF]] {name = "classifier.fc", qconfig = #qnn.qconfig<qnnpack_qat>}
// QAT-NEXT: %[[LF:.+]] = qnn.fake_quant %[[L]] {fused, name = "classifier.fc", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>}
// QAT-NEXT: %[[D:.+]] = qnn.dequant_stub %[[LF]] {name = "dequant", qconfig = #qnn.qconfig<fbgemm_qat>}
// QAT-NEXT: return %[[D]]
func.func @qat_model(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32>
    attributes {qnn.qconfig_dict = {global = #qnn.qconfig<fbgemm_qat>,
                                    module_name = {"classifier" = #qnn.qconfig<qnnpack_qat>}}} {
  %q = qnn.quant_stub %x {name = "quant"} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %w = arith.constant dense<[[[[0.5, -0.25]], [[1.0, 0.75]]], [[[-1.5, 0.3]], [[0.6, -0.9]]]]> : tensor<2x2x1x2xf32>
  %b = arith.constant dense<[0.2, -0.4]> : tensor<2xf32>
  %mean = arith.constant dense<[0.1, -0.3]> : tensor<2xf32>
  %var = arith.constant dense<[0.6, 0.09]> : tensor<2xf32>
  %gamma = arith.constant dense<[1.5, -0.7]> : tensor<2xf32>
  %beta = arith.constant dense<[-0.1, 0.8]> : tensor<2xf32>
  %c = qnn.conv2d %q, %w, %b {name = "features.0", padding = array<i64: 0, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x2xf32>, tensor<2xf32>) -> tensor<1x2x4x5xf32>
  %y = qnn.batch_norm %c, %mean, %var, weight %gamma, bias %beta {name = "features.1"} : (tensor<1x2x4x5xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x5xf32>
  %r = qnn.relu %y {name = "features.2"} : tensor<1x2x4x5xf32> -> tensor<1x2x4x5xf32>
  %p = qnn.max_pool2d %r {name = "pool", kernel_size = array<i64: 2, 2>} : tensor<1x2x4x5xf32> -> tensor<1x2x2x2xf32>
  %f = qnn.flatten %p {name = "flatten"} : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %lw = arith.constant dense<0.125> : tensor<3x8xf32>
  %l = qnn.linear %f, %lw {name = "classifier.fc"} : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  %dq = qnn.dequant_stub %l {name = "dequant"} : tensor<1x3xf32> -> tensor<1x3xf32>
  return %dq : tensor<1x3xf32>
}
