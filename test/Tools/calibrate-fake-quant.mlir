// RUN: qnn-calibrate %s --data %S/Inputs/x2x4.npy -o - 2>/dev/null | FileCheck %s

// qnn-calibrate runs a fake-quant whose observer is enabled as torch's
// forward does (observe, recompute the qparams, fake-quantize) and writes
// its statistics and qparams back. "fc" observes the output of "sig"
// fake-quantized: 1.0 became 255/256. A fixed-qparams fake-quant keeps its
// scale and zero point; one with a disabled observer is left alone.

// CHECK: qnn.fake_quant %{{.+}} {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 3.906250e-03>, zero_point = array<i64: 0>}
// CHECK: qnn.fake_quant %{{.+}} {fused, max_val = array<f32: 0.99609375>, min_val = array<f32: 0.000000e+00>, name = "fc", observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 3.906250e-03>, zero_point = array<i64: 0>}
// CHECK: qnn.fake_quant %{{.+}} {name = "off", observer = #qnn.observer<moving_average_minmax>, observer_enabled = false, scale = array<f32: 1.000000e-01>, zero_point = array<i64: 0>}
func.func @f(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = qnn.fake_quant %x {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 0.00390625>, zero_point = array<i64: 0>} : tensor<2x4xf32>
  %1 = qnn.fake_quant %0 {name = "fc", observer = #qnn.observer<moving_average_minmax>, fused} : tensor<2x4xf32>
  %2 = qnn.fake_quant %1 {name = "off", observer = #qnn.observer<moving_average_minmax>, observer_enabled = false, scale = array<f32: 0.1>, zero_point = array<i64: 0>} : tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}
