// The AVX2 epilogue rounds and converts with one vcvtps2dq (MXCSR's
// round-to-nearest-even, the mode the float multiply before it assumes too)
// and clamps in i32, when every multiplier is at most 0.5 so that no i32
// accumulator can overflow the conversion; otherwise it keeps the
// reference's roundeven + float clamp.
// RUN: qnn-opt %s --split-input-file --qnn-to-kernels="target=x86-64-avx2" | FileCheck %s

// Multiplier 0.02 * 0.01 / 0.05 = 0.004.
// CHECK-LABEL: func.func @small_multiplier
// CHECK-NOT: math.roundeven {{.*}} : vector<8xf32>
// CHECK: %[[I:.+]] = func.call @__qnn_intrinsic_llvm_x86_avx_cvt_ps2dq_256(%{{.*}}) : (vector<8xf32>) -> vector<8xi32>
// CHECK: %[[Q:.+]] = arith.addi %[[I]], %{{.*}} : vector<8xi32>
// With fused ReLU the lower bound is the zero point (7).
// CHECK: %[[LO:.+]] = arith.maxsi %[[Q]], %{{.*}} : vector<8xi32>
// CHECK: arith.minsi %[[LO]], %{{.*}} : vector<8xi32>
// CHECK-NOT: math.roundeven {{.*}} : vector<8xf32>
// CHECK: return
func.func @small_multiplier(%x: tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %w = qnn.qconstant dense<3> : tensor<16x16x1x1xi8> -> tensor<16x16x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x16x4x4xf32> -> tensor<1x16x4x4x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "small", fused_relu}
      : (tensor<1x16x4x4x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x16x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x4x4x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x16x4x4x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

// Multiplier 0.02 * 0.01 / 0.0001 = 2: a large accumulator would overflow
// vcvtps2dq, so the float clamp stays.
// CHECK-LABEL: func.func @large_multiplier
// CHECK-NOT: avx_cvt_ps2dq
// CHECK: math.roundeven {{.*}} : vector<8xf32>
// CHECK: arith.maxnumf {{.*}} : vector<8xf32>
// CHECK: arith.minnumf {{.*}} : vector<8xf32>
// CHECK: arith.fptosi
func.func @large_multiplier(%x: tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %w = qnn.qconstant dense<3> : tensor<16x16x1x1xi8> -> tensor<16x16x1x1x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x16x4x4xf32> -> tensor<1x16x4x4x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "large"}
      : (tensor<1x16x4x4x!quant.uniform<u8:f32, 0.02:3>>, tensor<16x16x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x4x4x!quant.uniform<u8:f32, 0.0001:7>>
  %y = qnn.dequantize %c : tensor<1x16x4x4x!quant.uniform<u8:f32, 0.0001:7>> -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}
