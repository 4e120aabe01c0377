// RUN: qnn-calibrate %s --data %S/Inputs/calibrate-shared.npy 2>/dev/null | FileCheck %s

// Observers with one name and one observer are one torch observer: a module
// called several times (a quantizable LSTM cell at every time step) has one
// activation_post_process that sees every call. qnn-calibrate gives them one
// state, updated in execution order, and writes it to each. The sample is
// [1, -2, 3, 0.5]: "cell.gates" sees it and 3x it, so both observers get
// [-6, 9]; "other" (another name) and "cell.gates" with a different
// observer keep their own [-2, 3].

// CHECK: qnn.observe %{{.*}} {max_val = array<f32: 9.000000e+00>, min_val = array<f32: -6.000000e+00>, name = "cell.gates", observer = #qnn.observer<minmax>}
// CHECK: qnn.observe %{{.*}} {max_val = array<f32: 3.000000e+00>, min_val = array<f32: -2.000000e+00>, name = "other", observer = #qnn.observer<minmax>}
// CHECK: qnn.observe %{{.*}} {max_val = array<f32: 3.000000e+00>, min_val = array<f32: -2.000000e+00>, name = "cell.gates", observer = #qnn.observer<minmax, reduce_range = true>}
// CHECK: qnn.observe %{{.*}} {max_val = array<f32: 9.000000e+00>, min_val = array<f32: -6.000000e+00>, name = "cell.gates", observer = #qnn.observer<minmax>}
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.observe %x {name = "cell.gates", observer = #qnn.observer<minmax>} : tensor<4xf32>
  %1 = qnn.observe %x {name = "other", observer = #qnn.observer<minmax>} : tensor<4xf32>
  %2 = qnn.observe %x {name = "cell.gates", observer = #qnn.observer<minmax, reduce_range = true>} : tensor<4xf32>
  %3 = qnn.mul_scalar %x {name = "scale", scalar = 3.0 : f64} : tensor<4xf32> -> tensor<4xf32>
  %4 = qnn.observe %3 {name = "cell.gates", observer = #qnn.observer<minmax>} : tensor<4xf32>
  return %4 : tensor<4xf32>
}
