// The quint8 add (QNNPACK's fixed point, docs/numerics.md): a_os = 0.4 and
// b_os = 0.6, so shift = 21 - (-1) = 22, am = lrintf(0.4 * 2^22) = 1677722,
// bm = 2516582, zpp = -(3 am + 9 bm). QNNPACK rounds the shift half away
// from zero (rem = (acc & mask) - (acc < 0), up when rem > mask / 2); the
// lowering computes the same value as t = (acc + (acc >> 31)) >> 21, then
// (t + 1 + 2 * 7) >> 1 with the output zero point 7 folded in, with no
// compare. The exhaustive check (all 256 x 256 input pairs against torch)
// is python/tests/test_oracle_ops.py; this pins the instruction sequence.
// RUN: qnn-opt %s --qnn-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @add
// CHECK: %[[AM:.+]] = arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: %[[BM:.+]] = arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: %[[ACC:.+]] = arith.addi %{{.*}}, %[[BM]] : i32
// CHECK: %[[C31:.+]] = arith.constant 31 : i32
// CHECK: %[[SIGN:.+]] = arith.shrsi %[[ACC]], %[[C31]] : i32
// CHECK: %[[ACCM:.+]] = arith.addi %[[ACC]], %[[SIGN]] : i32
// CHECK: %[[C21:.+]] = arith.constant 21 : i32
// CHECK: %[[T:.+]] = arith.shrsi %[[ACCM]], %[[C21]] : i32
// CHECK: %[[C15:.+]] = arith.constant 15 : i32
// CHECK: %[[T1:.+]] = arith.addi %[[T]], %[[C15]] : i32
// CHECK: %[[C1:.+]] = arith.constant 1 : i32
// CHECK: %[[Q:.+]] = arith.shrsi %[[T1]], %[[C1]] : i32
// CHECK-NOT: arith.cmpi
// CHECK: arith.maxsi %[[Q]]
// CHECK: arith.minsi
func.func @add(%a: tensor<4x!quant.uniform<u8:f32, 0.02:3>>, %b: tensor<4x!quant.uniform<u8:f32, 0.03:9>>) -> tensor<4x!quant.uniform<u8:f32, 0.05:7>> {
  %c = qnn.add %a, %b : (tensor<4x!quant.uniform<u8:f32, 0.02:3>>, tensor<4x!quant.uniform<u8:f32, 0.03:9>>) -> tensor<4x!quant.uniform<u8:f32, 0.05:7>>
  return %c : tensor<4x!quant.uniform<u8:f32, 0.05:7>>
}
