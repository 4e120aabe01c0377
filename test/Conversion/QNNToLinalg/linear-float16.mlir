// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s
// The generic target widens with integer and f32 operations (no
// __extendhfsf2 call in the object):
// RUN: qnn-opt %s -split-input-file --qnn-to-linalg=microkernels=generic | FileCheck %s --check-prefix=GENERIC

// float16_dynamic: the f16 weight stays an f16 constant (stored as f16 in
// the object) and is widened exactly to f32 inside the float GEMM, which
// accumulates in f32 (fp16 weights, float compute); the bias is added in
// the float epilogue.
// CHECK-LABEL: func.func @linear_f16
// CHECK: arith.constant dense<{{.+}}> : tensor<3x4xf16>
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.+}}, %{{.+}} : tensor<2x4xf32>, tensor<3x4xf16>) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK: ^bb0(%[[X:.+]]: f32, %[[W:.+]]: f16, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[WF:.+]] = arith.extf %[[W]] : f16 to f32
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[X]], %[[WF]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[P]] : f32
// CHECK: arith.addf
// GENERIC-LABEL: func.func @linear_f16
// GENERIC: ^bb0(%[[X:.+]]: f32, %[[W:.+]]: f16, %[[ACC:.+]]: f32):
// GENERIC-NOT: arith.extf
// GENERIC: %[[BITS:.+]] = arith.bitcast %[[W]] : f16 to i16
// GENERIC: %[[B32:.+]] = arith.extui %[[BITS]] : i16 to i32
// GENERIC: %[[MAG:.+]] = arith.andi %[[B32]], %{{.+}} : i32
// GENERIC: arith.shli %[[MAG]]
// GENERIC: arith.mulf %{{.+}}, %{{.+}} : f32
// GENERIC: arith.cmpi uge, %[[MAG]]
// GENERIC: arith.select
// GENERIC: %[[WF:.+]] = arith.bitcast %{{.+}} : i32 to f32
// GENERIC-NEXT: %[[P:.+]] = arith.mulf %[[X]], %[[WF]] : f32
// GENERIC-NEXT: arith.addf %[[ACC]], %[[P]] : f32
func.func @linear_f16(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = arith.constant dense<[[0.1, -0.2, 0.3, -0.4], [1.5, 0.5, -0.5, -1.27], [0.7, 0.8, -0.9, 1.0]]> : tensor<3x4xf16>
  %b = arith.constant dense<[0.25, -0.5, 0.75]> : tensor<3xf32>
  %y = qnn.linear %x, %w, %b {name = "fc", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x4xf32>, tensor<3x4xf16>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// The float16_dynamic LSTM cell: both gate GEMMs widen their f16 weights.
// CHECK-LABEL: func.func @lstm_cell_f16
// CHECK-COUNT-2: arith.extf %{{.+}} : f16 to f32
// CHECK-NOT: arith.extf %{{.+}} : f16 to f32
// CHECK: return
func.func @lstm_cell_f16(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %c: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %wih = arith.constant dense<0.5> : tensor<4x2xf16>
  %whh = arith.constant dense<0.25> : tensor<4x1xf16>
  %h1, %c1 = qnn.lstm_cell %x, %h, %c, %wih, %whh {name = "cell", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<1x2xf32>, tensor<1x1xf32>, tensor<1x1xf32>, tensor<4x2xf16>, tensor<4x1xf16>) -> (tensor<1x1xf32>, tensor<1x1xf32>)
  return %h1 : tensor<1x1xf32>
}
