// RUN: qnn-opt %s -split-input-file --qnn-convert | FileCheck %s

// Structure of --qnn-convert (torch.ao.quantization.convert): which ops
// become quantize/dequantize, which types the converted ops get, and where
// float islands are cut out. The qparam arithmetic itself is checked against
// torch in convert-qparams.mlir (generated).
//
// Reference qparams used below (MinMaxObserver, quint8, affine):
//   [-1, 2] -> 0.011764706112444401:85   [0, 4]  -> 0.015686275437474251 (zp 0)
//   [-2, 4] -> 0.023529412224888802:85   [-3, 2] -> 0.019607843831181526:153

// quant_stub + its observer become qnn.quantize; dequant_stub becomes
// qnn.dequantize. Both stubs and the observer disappear.

// CHECK-LABEL: func.func @stubs(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[Q:.*]] = qnn.quantize %[[X]] : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[Q]] : tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<4xf32>
// CHECK-NEXT:    return %[[D]] : tensor<4xf32>
// CHECK-NOT:     qnn.quant_stub
// CHECK-NOT:     qnn.observe
// CHECK-NOT:     qnn.dequant_stub
func.func @stubs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Stubs without an observer (qconfig None) are identities and go away; the
// float op between them stays float.

// CHECK-LABEL: func.func @stubs_without_observer(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[R:.*]] = qnn.relu %[[X]] {name = "relu"} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT:    return %[[R]] : tensor<4xf32>
func.func @stubs_without_observer(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.relu %0 {name = "relu"} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// relu, max_pool2d and flatten reuse their input's qparams (their quantized
// kernels do not requantize): the result takes the input's quantized type.

// CHECK-LABEL: func.func @keeps_input_qparams(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[R:.*]] = qnn.relu %[[Q]] {name = "relu", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[P:.*]] = qnn.max_pool2d %[[R]] {{.*}}name = "pool"{{.*}} : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[F:.*]] = qnn.flatten %[[P]] {name = "flatten", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x2x2x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x8x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[F]] : tensor<1x8x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x8xf32>
// CHECK-NEXT:    return %[[D]] : tensor<1x8xf32>
func.func @keeps_input_qparams(%x: tensor<1x2x4x4xf32>) -> tensor<1x8xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2x4x4xf32>
  %2 = qnn.relu %1 {name = "relu", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %3 = qnn.max_pool2d %2 {name = "pool", kernel_size = array<i64: 2, 2>, qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %4 = qnn.flatten %3 {name = "flatten", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %5 = qnn.dequant_stub %4 {name = "dequant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x8xf32> -> tensor<1x8xf32>
  return %5 : tensor<1x8xf32>
}

// -----

// An observer after an op that keeps its input's qparams is dropped: the
// input's qparams win.

// CHECK-LABEL: func.func @keeps_input_qparams_drops_observer(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[R:.*]] = qnn.relu %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    qnn.dequantize %[[R]] : tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<4xf32>
// CHECK-NOT:     qnn.observe
func.func @keeps_input_qparams_drops_observer(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.relu %1 {name = "relu", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.observe %2 {name = "relu", observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 4.0>} : tensor<4xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %4 : tensor<4xf32>
}

// -----

// sigmoid, hardsigmoid and tanh on quint8 get PyTorch's fixed output
// qparams: scale 1/256, zp 0 (sigmoid, hardsigmoid) and scale 2/256, zp 128
// (tanh), whatever the input's qparams.

// CHECK-LABEL: func.func @fixed_qparams(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[S:.*]] = qnn.sigmoid %[[Q]] {{.*}} : tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[T:.*]] = qnn.tanh %[[Q]] {{.*}} : tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<4x!quant.uniform<u8:f32, 7.812500e-03:128>>
// CHECK-NEXT:    %[[H:.*]] = qnn.hardsigmoid %[[Q]] {{.*}} : tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK-NEXT:    %[[DS:.*]] = qnn.dequantize %[[S]] : tensor<4x!quant.uniform<u8:f32, 3.906250e-03>> -> tensor<4xf32>
// CHECK-NEXT:    %[[DT:.*]] = qnn.dequantize %[[T]] : tensor<4x!quant.uniform<u8:f32, 7.812500e-03:128>> -> tensor<4xf32>
// CHECK-NEXT:    %[[DH:.*]] = qnn.dequantize %[[H]] : tensor<4x!quant.uniform<u8:f32, 3.906250e-03>> -> tensor<4xf32>
// CHECK-NEXT:    return %[[DS]], %[[DT]], %[[DH]]
func.func @fixed_qparams(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.sigmoid %1 {name = "sig", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.tanh %1 {name = "tanh", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %4 = qnn.hardsigmoid %1 {name = "hsig", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %5 = qnn.dequant_stub %2 {name = "dq0"} : tensor<4xf32> -> tensor<4xf32>
  %6 = qnn.dequant_stub %3 {name = "dq1"} : tensor<4xf32> -> tensor<4xf32>
  %7 = qnn.dequant_stub %4 {name = "dq2"} : tensor<4xf32> -> tensor<4xf32>
  return %5, %6, %7 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// FloatFunctional.add with two observed inputs: each input keeps its own
// qparams, the result gets the add's observer's.

// CHECK-LABEL: func.func @float_functional_add(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<4xf32>, %[[Y:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[QX:.*]] = qnn.quantize %[[X]] : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[QY:.*]] = qnn.quantize %[[Y]] : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.015686275437474251>>
// CHECK-NEXT:    %[[A:.*]] = qnn.add %[[QX]], %[[QY]] {name = "skip", qconfig = #qnn.qconfig<qnnpack>} : (tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>, tensor<4x!quant.uniform<u8:f32, 0.015686275437474251>>) -> tensor<4x!quant.uniform<u8:f32, 0.023529412224888802:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[A]]
// CHECK-NEXT:    return %[[D]] : tensor<4xf32>
func.func @float_functional_add(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "qx", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "qx", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.quant_stub %y {name = "qy", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.observe %2 {name = "qy", observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 4.0>} : tensor<4xf32>
  %4 = qnn.add %1, %3 {name = "skip", qconfig = #qnn.qconfig<qnnpack>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = qnn.observe %4 {name = "skip", observer = #qnn.observer<minmax>, min_val = array<f32: -2.0>, max_val = array<f32: 4.0>} : tensor<4xf32>
  %6 = qnn.dequant_stub %5 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %6 : tensor<4xf32>
}

// -----

// FloatFunctional.cat of two linears that share one weight observer: each
// linear gets its own quantized weight constant; the float bias stays float.

// CHECK-LABEL: func.func @cat_of_linears(
// CHECK:         %[[B:.*]] = arith.constant dense<1.000000e-01> : tensor<3xf32>
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[W1:.*]] = qnn.qconstant dense<127> : tensor<3x4xi8> -> tensor<3x4x!quant.uniform<i8:f32, 0.0039215688593685627>>
// CHECK-NEXT:    %[[L1:.*]] = qnn.linear %[[Q]], %[[W1]], %[[B]] {fused_relu, name = "fc1", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4x!quant.uniform<u8:f32, 0.011764706112444401:85>>, tensor<3x4x!quant.uniform<i8:f32, 0.0039215688593685627>>, tensor<3xf32>) -> tensor<2x3x!quant.uniform<u8:f32, 0.015686275437474251>>
// CHECK-NEXT:    %[[W2:.*]] = qnn.qconstant dense<127> : tensor<3x4xi8> -> tensor<3x4x!quant.uniform<i8:f32, 0.0039215688593685627>>
// CHECK-NEXT:    %[[L2:.*]] = qnn.linear %[[Q]], %[[W2]] {name = "fc2", qconfig = #qnn.qconfig<qnnpack>} : {{.*}} -> tensor<2x3x!quant.uniform<u8:f32, 0.019607843831181526:153>>
// CHECK-NEXT:    %[[C:.*]] = qnn.cat %[[L1]], %[[L2]] {{.*}} : (tensor<2x3x!quant.uniform<u8:f32, 0.015686275437474251>>, tensor<2x3x!quant.uniform<u8:f32, 0.019607843831181526:153>>) -> tensor<2x6x!quant.uniform<u8:f32, 0.023529412224888802:85>>
// CHECK-NEXT:    qnn.dequantize %[[C]]
// CHECK-NOT:     qnn.observe
func.func @cat_of_linears(%x: tensor<2x4xf32>) -> tensor<2x6xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %b = arith.constant dense<0.1> : tensor<3xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<2x4xf32>
  %wo = qnn.observe %w {name = "fc.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<3x4xf32>
  %2 = qnn.linear %1, %wo, %b {name = "fc1", fused_relu, qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = qnn.observe %2 {name = "fc1", observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 4.0>} : tensor<2x3xf32>
  %4 = qnn.linear %1, %wo {name = "fc2", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %5 = qnn.observe %4 {name = "fc2", observer = #qnn.observer<minmax>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<2x3xf32>
  %6 = qnn.cat %3, %5 {name = "cat", dim = 1 : i64, qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  %7 = qnn.observe %6 {name = "cat", observer = #qnn.observer<minmax>, min_val = array<f32: -2.0>, max_val = array<f32: 4.0>} : tensor<2x6xf32>
  %8 = qnn.dequant_stub %7 {name = "dequant"} : tensor<2x6xf32> -> tensor<2x6xf32>
  return %8 : tensor<2x6xf32>
}

// -----

// A module with qconfig None between quantized modules stays float: its
// quantized input is dequantized, and the observer prepare put on its output
// (the next module's input) becomes a qnn.quantize.

// CHECK-LABEL: func.func @float_island(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[W1:.*]] = qnn.qconstant
// CHECK-NEXT:    %[[L1:.*]] = qnn.linear %[[Q]], %[[W1]] {name = "fc1", {{.*}} -> tensor<2x4x!quant.uniform<u8:f32, 0.023529412224888802:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[L1]] : tensor<2x4x!quant.uniform<u8:f32, 0.023529412224888802:85>> -> tensor<2x4xf32>
// CHECK-NEXT:    %[[L2:.*]] = qnn.linear %[[D]], %{{.*}} {name = "fc2", qconfig = #qnn.qconfig<none>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    %[[Q2:.*]] = qnn.quantize %[[L2]] : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.023529412224888802:128>>
// CHECK-NEXT:    %[[W3:.*]] = qnn.qconstant
// CHECK-NEXT:    %[[L3:.*]] = qnn.linear %[[Q2]], %[[W3]] {name = "fc3", {{.*}} -> tensor<2x4x!quant.uniform<u8:f32, 0.0078431377187371254:127>>
// CHECK-NEXT:    qnn.dequantize %[[L3]]
func.func @float_island(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x4xf32>
  %w2 = arith.constant dense<0.25> : tensor<4x4xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<2x4xf32>
  %2 = qnn.linear %1, %w {name = "fc1", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %3 = qnn.observe %2 {name = "fc1", observer = #qnn.observer<minmax>, min_val = array<f32: -2.0>, max_val = array<f32: 4.0>} : tensor<2x4xf32>
  %4 = qnn.linear %3, %w2 {name = "fc2", qconfig = #qnn.qconfig<none>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %5 = qnn.observe %4 {name = "fc3.input", observer = #qnn.observer<minmax>, min_val = array<f32: -3.0>, max_val = array<f32: 3.0>} : tensor<2x4xf32>
  %6 = qnn.linear %5, %w {name = "fc3", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %7 = qnn.observe %6 {name = "fc3", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 1.0>} : tensor<2x4xf32>
  %8 = qnn.dequant_stub %7 {name = "dequant"} : tensor<2x4xf32> -> tensor<2x4xf32>
  return %8 : tensor<2x4xf32>
}

// -----

// An observer on a function argument that feeds a quantized op (inserted by
// prepare at a float/quantized boundary) becomes a qnn.quantize.

// CHECK-LABEL: func.func @boundary_observer(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[Q:.*]] = qnn.quantize %[[X]] : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[H:.*]] = qnn.hardswish %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.015686275437474251>>
// CHECK-NEXT:    qnn.dequantize %[[H]]
func.func @boundary_observer(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.observe %x {name = "hs.input", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %1 = qnn.hardswish %0 {name = "hs", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.observe %1 {name = "hs", observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 4.0>} : tensor<4xf32>
  %3 = qnn.dequant_stub %2 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// qnn.fake_quant converts like torch's convert: from its observer statistics
// (calculate_qparams), not from its stored scale/zero_point, which torch's
// fused fake-quant computes with a different formula. Only a fake_quant
// without statistics converts with the stored qparams (fc: 0.0390625:77).
// The weight fake-quant's observer is disabled, so its statistics are used
// as they are (per channel: 0.3 / 127.5, 1.0 / 127.5, 0.04 / 127.5).

// CHECK-LABEL: func.func @fake_quant_state(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<u8:f32, 0.023622047156095505:42>>
// CHECK-NEXT:    %[[W:.*]] = qnn.qconstant dense<{{\[\[}}42, -85, 127, 21], [127, 64, -32, 0], [-32, 64, 96, -128]]> : tensor<3x4xi8> -> tensor<3x4x!quant.uniform<i8:f32:0, {0.0023529413156211376,0.0078431377187371254,3.1372549710795283E-4}>>
// CHECK-NEXT:    %[[L:.*]] = qnn.linear %[[Q]], %[[W]] {{.*}} -> tensor<2x3x!quant.uniform<u8:f32, 3.906250e-02:77>>
// CHECK-NEXT:    qnn.dequantize %[[L]]
// CHECK-NOT:     qnn.fake_quant
func.func @fake_quant_state(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 0.3, 0.05], [1.0, 0.5, -0.25, 0.0], [-0.01, 0.02, 0.03, -0.04]]> : tensor<3x4xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %1 = qnn.fake_quant %0 {name = "quant", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>, scale = array<f32: 0.03125>, zero_point = array<i64: 32>} : tensor<2x4xf32>
  %wf = qnn.fake_quant %w {name = "fc.weight", observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>, observer_enabled = false, min_val = array<f32: -0.2, -0.25, -0.04>, max_val = array<f32: 0.3, 1.0, 0.03>, scale = array<f32: 0.0025, 0.0078125, 0.0005>, zero_point = array<i64: 0, 0, 0>} : tensor<3x4xf32>
  %2 = qnn.linear %1, %wf {name = "fc", qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %3 = qnn.fake_quant %2 {name = "fc", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, scale = array<f32: 0.0390625>, zero_point = array<i64: 77>} : tensor<2x3xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// -----

// A weight fake-quant whose observer is still enabled first sees the weight
// once more, as torch's convert runs weight_fake_quant(weight): the moving
// average (c = 0.01) moves max 0.5 -> 0.5 + 0.01 * (1.0 - 0.5) = 0.505.

// CHECK-LABEL: func.func @fake_quant_live_weight(
// CHECK:         qnn.qconstant {{.*}} -> tensor<2x2x!quant.uniform<i8:f32, 0.0039607840590178967>>
func.func @fake_quant_live_weight(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, -0.25], [0.5, 0.125]]> : tensor<2x2xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<1x2xf32> -> tensor<1x2xf32>
  %1 = qnn.fake_quant %0 {name = "quant", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2xf32>
  %wf = qnn.fake_quant %w {name = "fc.weight", observer = #qnn.observer<moving_average_minmax, dtype = qint8, qscheme = per_tensor_symmetric, quant_min = -128, quant_max = 127>, min_val = array<f32: -0.25>, max_val = array<f32: 0.5>} : tensor<2x2xf32>
  %2 = qnn.linear %1, %wf {name = "fc", qconfig = #qnn.qconfig<qnnpack_qat>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %3 = qnn.fake_quant %2 {name = "fc", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<1x2xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<1x2xf32> -> tensor<1x2xf32>
  return %4 : tensor<1x2xf32>
}

// -----

// Without scale/zero_point, fake_quant converts from its statistics like an
// observer.

// CHECK-LABEL: func.func @fake_quant_statistics(
// CHECK-NEXT:    qnn.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
func.func @fake_quant_statistics(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.fake_quant %0 {name = "quant", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// Quantized values returned from the function change its result type.

// CHECK-LABEL: func.func @returns_quantized(
// CHECK-SAME:      %{{.*}}: tensor<4xf32>) -> (tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>, tensor<4xf32>)
// CHECK-NEXT:    %[[Q:.*]] = qnn.quantize
// CHECK-NEXT:    %[[R:.*]] = qnn.relu %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    return %[[R]], %{{.*}} : tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>, tensor<4xf32>
func.func @returns_quantized(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = qnn.quant_stub %x {name = "quant"} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.relu %1 {name = "relu"} : tensor<4xf32> -> tensor<4xf32>
  return %2, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// A QAT conv_bn2d is folded first (ConvBn2d.to_float / fuse_conv_bn_weights)
// and becomes a quantized conv2d with the folded, per-channel quantized
// weight and the folded float bias. The numbers equal PyTorch 1.13's
// nnq.Conv2d.from_float(nniqat.ConvBn2d) for the same parameters (fbgemm_qat
// qconfig, fresh weight fake-quant): int_repr [127, -64, 127, 96, -127, 32],
// scales [0.007843097671866417, 0.003921563737094402, 0.003921490162611008],
// bias [0.1, -0.49999940395355225, 0.8999799489974976], output 0.0393700786:76.

// CHECK-LABEL: func.func @conv_bn2d_qat(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.023622047156095505:42>>
// CHECK:         %[[B:.*]] = arith.constant dense<[1.000000e-01, -0.499999404, 0.899979948]> : tensor<3xf32>
// CHECK-NEXT:    %[[W:.*]] = qnn.qconstant dense<{{\[\[\[\[}}127]], {{\[\[}}-64]]], {{\[\[\[}}127]], {{\[\[}}96]]], {{\[\[\[}}-127]], {{\[\[}}32]]]]> : tensor<3x2x1x1xi8> -> tensor<3x2x1x1x!quant.uniform<i8:f32:0, {0.0078430976718664169,0.0039215637370944023,0.0039214901626110077}>>
// CHECK-NEXT:    %[[C:.*]] = qnn.conv2d %[[Q]], %[[W]], %[[B]] {name = "conv", qconfig = #qnn.qconfig<fbgemm_qat>} : {{.*}} -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.039370078593492508:76>>
// CHECK-NEXT:    qnn.dequantize %[[C]]
// CHECK-NOT:     qnn.conv_bn2d
// CHECK-NOT:     qnn.fake_quant
func.func @conv_bn2d_qat(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<[[[[0.5]], [[-0.25]]], [[[1.0]], [[0.75]]], [[[-0.5]], [[0.125]]]]> : tensor<3x2x1x1xf32>
  %g = arith.constant dense<[2.0, 1.0, 0.5]> : tensor<3xf32>
  %bb = arith.constant dense<[0.1, 0.0, -0.1]> : tensor<3xf32>
  %m = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %v = arith.constant dense<[1.0, 4.0, 0.25]> : tensor<3xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %1 = qnn.fake_quant %0 {name = "quant", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2x4x4xf32>
  %wf = qnn.fake_quant %w {name = "conv.weight", observer = #qnn.observer<moving_average_per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric, quant_min = -128, quant_max = 127>} : tensor<3x2x1x1xf32>
  %2 = qnn.conv_bn2d %1, %wf, bn(%g, %bb, %m, %v) {name = "conv", qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %3 = qnn.fake_quant %2 {name = "conv", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<1x3x4x4xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  return %4 : tensor<1x3x4x4xf32>
}

// -----

// sigmoid and tanh on qint8 inputs: the fixed qparams shifted by -128.
// CHECK-LABEL: func.func @fixed_qparams_qint8
// CHECK: qnn.sigmoid %{{.+}} : tensor<4x!quant.uniform<i8:f32, {{.+}}>> -> tensor<4x!quant.uniform<i8:f32, 3.906250e-03:-128>>
// CHECK: qnn.tanh %{{.+}} : tensor<4x!quant.uniform<i8:f32, {{.+}}>> -> tensor<4x!quant.uniform<i8:f32, 7.812500e-03>>
func.func @fixed_qparams_qint8(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %q = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %o = qnn.observe %q {name = "quant", observer = #qnn.observer<minmax, dtype = qint8>, min_val = array<f32: -1.0>, max_val = array<f32: 1.0>} : tensor<4xf32>
  %s = qnn.sigmoid %o {name = "sig"} : tensor<4xf32> -> tensor<4xf32>
  %t = qnn.tanh %o {name = "tanh"} : tensor<4xf32> -> tensor<4xf32>
  return %s, %t : tensor<4xf32>, tensor<4xf32>
}

// -----

// FloatFunctional add_scalar/mul_scalar are not observed; their quantized
// kernels derive the output qparams from the input's (qadd.cpp, qmul.cpp):
// add_scalar shifts the zero point by c_q = rint(c / s) (0.5 / s = 42.5 -> 42,
// so zp 85 - 42 = 43) or, past the storage range, pins it to the bound and
// rescales (2.0: 85 - 170 < 0 -> zp 0, scale s * 340 / 255); mul_scalar
// scales (c > 0), flips (c < 0: zp 255 - 85) or zeroes (c == 0: 1.0, 0).

// CHECK-LABEL: func.func @scalar_ops(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    qnn.add_scalar %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:43>>
// CHECK-NEXT:    qnn.add_scalar %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.015686274816592533>>
// CHECK-NEXT:    qnn.mul_scalar %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.023529412224888802:170>>
// CHECK-NEXT:    qnn.mul_scalar %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.0058823530562222004:85>>
// CHECK-NEXT:    qnn.mul_scalar %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 1.000000e+00>>
func.func @scalar_ops(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.add_scalar %1 {name = "f", scalar = 0.5 : f64, qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.add_scalar %1 {name = "g", scalar = 2.0 : f64, qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %4 = qnn.mul_scalar %1 {name = "h", scalar = -2.0 : f64, qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %5 = qnn.mul_scalar %1 {name = "i", scalar = 0.5 : f64, qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %6 = qnn.mul_scalar %1 {name = "j", scalar = 0.0 : f64, qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %d2 = qnn.dequant_stub %2 {name = "d2"} : tensor<4xf32> -> tensor<4xf32>
  %d3 = qnn.dequant_stub %3 {name = "d3"} : tensor<4xf32> -> tensor<4xf32>
  %d4 = qnn.dequant_stub %4 {name = "d4"} : tensor<4xf32> -> tensor<4xf32>
  %d5 = qnn.dequant_stub %5 {name = "d5"} : tensor<4xf32> -> tensor<4xf32>
  %d6 = qnn.dequant_stub %6 {name = "d6"} : tensor<4xf32> -> tensor<4xf32>
  return %d2, %d3, %d4, %d5, %d6 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// prelu is observed like a module with a weight; nnq.PReLU stores its slopes
// as quint8 with the weight observer's qparams (qnnpack: qint8 symmetric,
// scale 2.55 / 127.5 = 0.02, zp 0), so negative slopes clamp to 0.

// CHECK-LABEL: func.func @prelu(
// CHECK:         %[[W:.*]] = qnn.qconstant dense<[0, 25, -128]> : tensor<3xi8> -> tensor<3x!quant.uniform<u8:f32, 0.019999999552965164>>
// CHECK-NEXT:    qnn.prelu %{{.*}}, %[[W]] {{.*}} -> tensor<1x3x2x!quant.uniform<u8:f32, 0.031372550874948502:127>>
func.func @prelu(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<[-0.3, 0.5, 2.55]> : tensor<3xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x3x2xf32> -> tensor<1x3x2xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x3x2xf32>
  %2 = qnn.observe %w {name = "act.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<3xf32>
  %3 = qnn.prelu %1, %2 {name = "act", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x3x2xf32>, tensor<3xf32>) -> tensor<1x3x2xf32>
  %4 = qnn.observe %3 {name = "act", observer = #qnn.observer<minmax>, min_val = array<f32: -4.0>, max_val = array<f32: 4.0>} : tensor<1x3x2xf32>
  %5 = qnn.dequant_stub %4 {name = "dequant"} : tensor<1x3x2xf32> -> tensor<1x3x2xf32>
  return %5 : tensor<1x3x2xf32>
}

// -----

// permute and slice reuse their input's qparams (data movement, as torch's
// quantized permute and slicing): the result takes the input's quantized
// type, and an observer after them is dropped.

// CHECK-LABEL: func.func @layout_ops_keep_input_qparams(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[P:.*]] = qnn.permute %[[Q]] {dims = array<i64: 0, 2, 1, 3>, name = "shuffle", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x4x2x2x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x2x4x2x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[S:.*]] = qnn.slice %[[P]] {end = array<i64: 1, 2, 4, 2>, name = "chunk", qconfig = #qnn.qconfig<qnnpack>, start = array<i64: 0, 1, 0, 0>} : tensor<1x2x4x2x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x1x4x2x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[S]] : tensor<1x1x4x2x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x1x4x2xf32>
// CHECK-NEXT:    return %[[D]] : tensor<1x1x4x2xf32>
// CHECK-NOT:     qnn.observe
func.func @layout_ops_keep_input_qparams(%x: tensor<1x4x2x2xf32>) -> tensor<1x1x4x2xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x4x2x2xf32>
  %2 = qnn.permute %1 {name = "shuffle", dims = array<i64: 0, 2, 1, 3>, qconfig = #qnn.qconfig<qnnpack>} : tensor<1x4x2x2xf32> -> tensor<1x2x4x2xf32>
  %3 = qnn.slice %2 {name = "chunk", start = array<i64: 0, 1, 0, 0>, end = array<i64: 1, 2, 4, 2>, qconfig = #qnn.qconfig<qnnpack>} : tensor<1x2x4x2xf32> -> tensor<1x1x4x2xf32>
  %4 = qnn.observe %3 {name = "chunk", observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 4.0>} : tensor<1x1x4x2xf32>
  %5 = qnn.dequant_stub %4 {name = "dequant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x1x4x2xf32> -> tensor<1x1x4x2xf32>
  return %5 : tensor<1x1x4x2xf32>
}

// -----

// Ops from torch function calls torch does not observe: gelu gets the
// input's zero point and its scale rounded to float32 (observed scales are
// float32 already); hardtanh and pad keep
// the input's qparams; F.leaky_relu and torch.stack's cat (qnn.functional)
// keep them too, unlike nn.LeakyReLU and FloatFunctional.cat; silu has no
// quantized form and gets a dequantized operand.
// CHECK-LABEL: func.func @unobserved_functions(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[G:.*]] = qnn.gelu %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[H:.*]] = qnn.hardtanh %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[P:.*]] = qnn.pad %[[Q]] {{.*}} -> tensor<6x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[L:.*]] = qnn.leaky_relu %[[Q]] {{.*}} -> tensor<4x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[C:.*]] = qnn.cat %[[L]], %[[H]] {{.*}} -> tensor<8x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK-NEXT:    %[[S:.*]] = qnn.silu %[[D]] {{.*}} : tensor<4xf32> -> tensor<4xf32>
func.func @unobserved_functions(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<6xf32>, tensor<8xf32>, tensor<4xf32>) {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.gelu %1 {name = "gelu", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %3 = qnn.hardtanh %1 {name = "clip", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %4 = qnn.pad %1 {name = "pad", pad = array<i64: 1, 1>, qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<6xf32>
  %5 = qnn.leaky_relu %1 {name = "lrelu", qconfig = #qnn.qconfig<qnnpack>, qnn.functional} : tensor<4xf32> -> tensor<4xf32>
  %6 = qnn.cat %5, %3 {name = "stack", dim = 0 : i64, qconfig = #qnn.qconfig<qnnpack>, qnn.functional} : (tensor<4xf32>, tensor<4xf32>) -> tensor<8xf32>
  %7 = qnn.silu %1 {name = "silu", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %8 = qnn.dequant_stub %2 {name = "dq0"} : tensor<4xf32> -> tensor<4xf32>
  %9 = qnn.dequant_stub %4 {name = "dq1"} : tensor<6xf32> -> tensor<6xf32>
  %10 = qnn.dequant_stub %6 {name = "dq2"} : tensor<8xf32> -> tensor<8xf32>
  return %8, %9, %10, %7 : tensor<4xf32>, tensor<6xf32>, tensor<8xf32>, tensor<4xf32>
}

// -----

// torch.mean over non-spatial dims (the importer's adaptive_avg_pool2d
// marked qnn.functional) on a quantized value is torch's quantized mean:
// dequantize, float mean, quantize with the input's qparams; unmarked, the
// pool is the quantized pool with the input's qparams.
// CHECK-LABEL: func.func @float_mean(
// CHECK:         %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<1x3x2x1xf32> -> tensor<1x3x2x1x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[D:.*]] = qnn.dequantize %[[Q]] : {{.*}} -> tensor<1x3x2x1xf32>
// CHECK-NEXT:    %[[M:.*]] = qnn.adaptive_avg_pool2d %[[D]] {{.*}}qnn.functional} : tensor<1x3x2x1xf32> -> tensor<1x3x1x1xf32>
// CHECK-NEXT:    %[[MQ:.*]] = qnn.quantize %[[M]] : tensor<1x3x1x1xf32> -> tensor<1x3x1x1x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    %[[P:.*]] = qnn.adaptive_avg_pool2d %[[Q]] {{.*}} : tensor<1x3x2x1x!quant.uniform<u8:f32, 0.011764706112444401:85>> -> tensor<1x3x1x1x!quant.uniform<u8:f32, 0.011764706112444401:85>>
// CHECK-NEXT:    qnn.dequantize %[[MQ]]
// CHECK-NEXT:    qnn.dequantize %[[P]]
func.func @float_mean(%x: tensor<1x3x2x1xf32>) -> (tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>) {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<1x3x2x1xf32> -> tensor<1x3x2x1xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x3x2x1xf32>
  %2 = qnn.adaptive_avg_pool2d %1 {name = "mean", output_size = array<i64: 1, 1>, qconfig = #qnn.qconfig<qnnpack>, qnn.functional} : tensor<1x3x2x1xf32> -> tensor<1x3x1x1xf32>
  %3 = qnn.adaptive_avg_pool2d %1 {name = "pool", output_size = array<i64: 1, 1>, qconfig = #qnn.qconfig<qnnpack>} : tensor<1x3x2x1xf32> -> tensor<1x3x1x1xf32>
  %4 = qnn.dequant_stub %2 {name = "dq0"} : tensor<1x3x1x1xf32> -> tensor<1x3x1x1xf32>
  %5 = qnn.dequant_stub %3 {name = "dq1"} : tensor<1x3x1x1xf32> -> tensor<1x3x1x1xf32>
  return %4, %5 : tensor<1x3x1x1xf32>, tensor<1x3x1x1xf32>
}
