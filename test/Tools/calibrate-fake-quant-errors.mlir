// RUN: not qnn-calibrate %s -o /dev/null 2>&1 | FileCheck %s

// torch's FakeQuantize updates its observer and qparams inside the forward
// and fake-quantizes with the new qparams at once; qnn-calibrate's runner
// uses fixed qparams, so it refuses a live fake-quant instead of computing
// statistics torch would not. A fixed-qparams fake-quant (no statistics)
// would be fine.

// CHECK: error: qnn-calibrate cannot run a fake-quant whose observer is enabled (torch updates its qparams within the forward); calibrate the PTQ-prepared model (--qnn-ptq-prepare), or import the QAT model's state from torch
// CHECK-NEXT: %1 = qnn.fake_quant %0 {name = "fc"
func.func @f(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = qnn.fake_quant %x {name = "sig", observer = #qnn.observer<fixed_qparams>, scale = array<f32: 0.00390625>, zero_point = array<i64: 0>} : tensor<2x4xf32>
  %1 = qnn.fake_quant %0 {name = "fc", observer = #qnn.observer<moving_average_minmax>, scale = array<f32: 0.1>, zero_point = array<i64: 0>} : tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
