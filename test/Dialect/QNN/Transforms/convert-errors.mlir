// RUN: qnn-opt %s -split-input-file --qnn-convert -verify-diagnostics

// Diagnostics of --qnn-convert: missing calibration state, weights that
// cannot be quantized at compile time, and quantized ops with float inputs.

// An activation observer without statistics (qnn-calibrate was not run).
func.func @no_statistics(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error @+1 {{observer has no statistics: run qnn-calibrate on the prepared model before qnn-convert}}
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>} : tensor<4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// The same for the output observer of a quantized module.
func.func @no_statistics_output(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.hardswish %1 {name = "hs", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error @+1 {{observer has no statistics}}
  %3 = qnn.observe %2 {name = "hs", observer = #qnn.observer<histogram>} : tensor<4xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %4 : tensor<4xf32>
}

// -----

// An observer at a float/quantized boundary needs statistics too.
func.func @no_statistics_boundary(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{observer has no statistics}}
  %0 = qnn.observe %x {name = "hs.input", observer = #qnn.observer<minmax>} : tensor<4xf32>
  %1 = qnn.hardswish %0 {name = "hs", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.observe %1 {name = "hs", observer = #qnn.observer<minmax>, min_val = array<f32: 0.0>, max_val = array<f32: 4.0>} : tensor<4xf32>
  %3 = qnn.dequant_stub %2 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// A fake_quant with neither scale/zero_point nor statistics.
func.func @fake_quant_no_state(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack_qat>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error @+1 {{observer has no statistics}}
  %1 = qnn.fake_quant %0 {name = "quant", observer = #qnn.observer<moving_average_minmax, quant_min = 0, quant_max = 255>} : tensor<4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// A histogram observer needs its histogram for the non-linear search.
func.func @histogram_without_histogram(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error @+1 {{histogram observer has min_val/max_val but no histogram}}
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<histogram>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// The same on a module's output observer.
func.func @histogram_without_histogram_output(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<2x4xf32>
  %2 = qnn.linear %1, %w {name = "fc", qconfig = #qnn.qconfig<fbgemm>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  // expected-error @+1 {{histogram observer has min_val/max_val but no histogram}}
  %3 = qnn.observe %2 {name = "fc", observer = #qnn.observer<histogram, reduce_range = true>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<2x3xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// -----

// A weight that is not a constant (here a function argument, behind the
// weight observer prepare inserts) cannot be quantized at compile time.
func.func @weight_not_constant(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> tensor<2x3xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<2x4xf32> -> tensor<2x4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<2x4xf32>
  %wo = qnn.observe %w {name = "fc.weight", observer = #qnn.observer<minmax, dtype = qint8, qscheme = per_tensor_symmetric>} : tensor<3x4xf32>
  // expected-error @+1 {{cannot quantize the weight at compile time: it is not an f32 constant}}
  %2 = qnn.linear %1, %wo {name = "fc", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %3 = qnn.observe %2 {name = "fc", observer = #qnn.observer<minmax>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<2x3xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// -----

// The same for a conv2d weight computed by another op, with no weight
// observer (the qconfig's weight observer applies).
func.func @weight_computed(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2x4x4xf32>
  %wr = qnn.relu %w {name = "wrelu"} : tensor<3x2x1x1xf32> -> tensor<3x2x1x1xf32>
  // expected-error @+1 {{cannot quantize the weight at compile time}}
  %2 = qnn.conv2d %1, %wr {name = "conv", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %3 = qnn.observe %2 {name = "conv", observer = #qnn.observer<minmax>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<1x3x4x4xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  return %4 : tensor<1x3x4x4xf32>
}

// -----

// A quantized module whose input nothing observes (no quant_stub, no
// observer) would read a float tensor.
func.func @float_operand(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4xf32>
  // expected-error @+1 {{operand #0 is float but this op is quantized: nothing observes it (run qnn-prepare, or add a quant_stub before it)}}
  %0 = qnn.linear %x, %w {name = "fc", qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  %1 = qnn.observe %0 {name = "fc", observer = #qnn.observer<minmax>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<2x3xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// The second operand of FloatFunctional.add is float (it comes from a
// qconfig-None module with no observer on its output).
func.func @float_rhs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<4xf32>
  %2 = qnn.elu %x {name = "elu", qconfig = #qnn.qconfig<none>} : tensor<4xf32> -> tensor<4xf32>
  // expected-error @+1 {{operand #1 is float but this op is quantized}}
  %3 = qnn.add %1, %2 {name = "add", qconfig = #qnn.qconfig<qnnpack>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = qnn.observe %3 {name = "add", observer = #qnn.observer<minmax>, min_val = array<f32: -2.0>, max_val = array<f32: 4.0>} : tensor<4xf32>
  %5 = qnn.dequant_stub %4 {name = "dequant"} : tensor<4xf32> -> tensor<4xf32>
  return %5 : tensor<4xf32>
}

// -----

// A QAT conv_bn is folded before it is quantized; that needs constant BN
// statistics.
func.func @conv_bn_not_constant(%x: tensor<1x2x4x4xf32>, %v: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x2x1x1xf32>
  %g = arith.constant dense<1.0> : tensor<3xf32>
  %bb = arith.constant dense<0.0> : tensor<3xf32>
  %m = arith.constant dense<0.0> : tensor<3xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm_qat>} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  %1 = qnn.fake_quant %0 {name = "quant", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x2x4x4xf32>
  // expected-error @+1 {{cannot fold conv_bn2d for convert: its weight, bias and BN parameters must be f32 constants}}
  %2 = qnn.conv_bn2d %1, %w, bn(%g, %bb, %m, %v) {name = "conv", qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %3 = qnn.fake_quant %2 {name = "conv", observer = #qnn.observer<moving_average_minmax, reduce_range = true, quant_min = 0, quant_max = 255>, min_val = array<f32: -3.0>, max_val = array<f32: 2.0>} : tensor<1x3x4x4xf32>
  %4 = qnn.dequant_stub %3 {name = "dequant"} : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  return %4 : tensor<1x3x4x4xf32>
}

// -----

func.func @per_channel_activation_observer(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<qnnpack>} : tensor<2x3xf32> -> tensor<2x3xf32>
  // expected-error @+1 {{activations are quantized per tensor; a per-channel observer can only observe weights}}
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<per_channel_minmax, ch_axis = 1>, min_val = array<f32: -1.0, -2.0, -3.0>, max_val = array<f32: 1.0, 2.0, 3.0>} : tensor<2x3xf32>
  %2 = qnn.dequant_stub %1 {name = "dequant"} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// torch's quantized PReLU quantizes its slopes per tensor.
func.func @prelu_per_channel(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %w = arith.constant dense<[-0.3, 0.5, 2.55]> : tensor<3xf32>
  %0 = qnn.quant_stub %x {name = "quant", qconfig = #qnn.qconfig<fbgemm>} : tensor<1x3x2xf32> -> tensor<1x3x2xf32>
  %1 = qnn.observe %0 {name = "quant", observer = #qnn.observer<minmax>, min_val = array<f32: -1.0>, max_val = array<f32: 2.0>} : tensor<1x3x2xf32>
  %2 = qnn.observe %w {name = "act.weight", observer = #qnn.observer<per_channel_minmax, dtype = qint8, qscheme = per_channel_symmetric>} : tensor<3xf32>
  // expected-error @+1 {{prelu's weight needs a per-tensor weight observer}}
  %3 = qnn.prelu %1, %2 {name = "act", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x3x2xf32>, tensor<3xf32>) -> tensor<1x3x2xf32>
  %4 = qnn.observe %3 {name = "act", observer = #qnn.observer<minmax>, min_val = array<f32: -4.0>, max_val = array<f32: 4.0>} : tensor<1x3x2xf32>
  %5 = qnn.dequant_stub %4 {name = "dequant"} : tensor<1x3x2xf32> -> tensor<1x3x2xf32>
  return %5 : tensor<1x3x2xf32>
}
