// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// A rowwise quint8 table: the byte read as unsigned, then torch's
// embedding_byte step fma(scale, q, 0 + bias) in f32.
// CHECK-LABEL: func.func @embedding_quint8
// CHECK: linalg.generic
// CHECK: %[[S:.+]] = tensor.extract %{{.+}} : tensor<4xf32>
// CHECK-NEXT: %[[B:.+]] = tensor.extract %{{.+}} : tensor<4xf32>
// CHECK-NEXT: %[[BYTE:.+]] = tensor.extract %{{.+}} : tensor<4x6xi8>
// CHECK-NEXT: %[[Q32:.+]] = arith.extui %[[BYTE]] : i8 to i32
// CHECK-NEXT: %[[Q:.+]] = arith.uitofp %[[Q32]] : i32 to f32
// CHECK-NEXT: %[[ACC:.+]] = arith.addf %{{.+}}, %[[B]] : f32
// CHECK-NEXT: math.fma %[[S]], %[[Q]], %[[ACC]] : f32
func.func @embedding_quint8(%i: tensor<3xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<3x6xf32> {
  %0 = qnn.embedding %i, %t rowwise(%s, %b) {name = "emb"}
      : (tensor<3xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// quint4x2: byte col / 2, shifted right by 4 * (col % 2), low nibble; the
// f16 scale and bias widened exactly without arith.extf (bit operations,
// no runtime call on targets without a half-to-float instruction).
// CHECK-LABEL: func.func @embedding_quint4x2
// CHECK-NOT: arith.extf
// CHECK: tensor.extract %{{.+}} : tensor<4xf16>
// CHECK-NEXT: arith.bitcast %{{.+}} : f16 to i16
// CHECK: tensor.extract %{{.+}} : tensor<4xf16>
// CHECK-NEXT: arith.bitcast %{{.+}} : f16 to i16
// CHECK: %[[COL:.+]] = arith.divui %{{.+}}, %{{.+}} : index
// CHECK-NEXT: %[[BYTE:.+]] = tensor.extract %{{.+}}[%{{.+}}, %[[COL]]] : tensor<4x3xi8>
// CHECK-NEXT: %[[V:.+]] = arith.extui %[[BYTE]] : i8 to i32
// CHECK: %[[ODD:.+]] = arith.remui
// CHECK-NEXT: %[[ODD32:.+]] = arith.index_cast %[[ODD]] : index to i32
// CHECK: %[[SH:.+]] = arith.muli %[[ODD32]], %{{.+}} : i32
// CHECK-NEXT: %[[SHIFTED:.+]] = arith.shrui %[[V]], %[[SH]] : i32
// CHECK: %[[NIB:.+]] = arith.andi %[[SHIFTED]], %{{.+}} : i32
// CHECK-NEXT: %[[Q:.+]] = arith.uitofp %[[NIB]] : i32 to f32
// CHECK-NEXT: %[[ACC:.+]] = arith.addf %{{.+}}, %{{.+}} : f32
// CHECK-NEXT: math.fma %{{.+}}, %[[Q]], %[[ACC]] : f32
// CHECK-NOT: arith.extf
func.func @embedding_quint4x2(%i: tensor<3xi64>, %t: tensor<4x3xi8>, %s: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<3x6xf32> {
  %0 = qnn.embedding %i, %t rowwise(%s, %b) {name = "emb", bits = 4 : i64}
      : (tensor<3xi64>, tensor<4x3xi8>, tensor<4xf16>, tensor<4xf16>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// A bag: per index, the per-sample weight scales scale and bias first, then
// out = fma(w * scale, q, out + w * bias).
// CHECK-LABEL: func.func @bag_quint8
// CHECK: scf.for {{.+}} iter_args(%[[OUT:[^ ]+]] = {{.+}}, %{{[^ ]+}} = {{.+}})
// CHECK: %[[W:.+]] = tensor.extract %{{.+}} : tensor<7xf32>
// CHECK-NEXT: %[[S:.+]] = tensor.extract %{{.+}} : tensor<4xf32>
// CHECK-NEXT: %[[B:.+]] = tensor.extract %{{.+}} : tensor<4xf32>
// CHECK-NEXT: %[[WS:.+]] = arith.mulf %[[W]], %[[S]] : f32
// CHECK-NEXT: %[[WB:.+]] = arith.mulf %[[W]], %[[B]] : f32
// CHECK: %[[Q:.+]] = arith.uitofp
// CHECK-NEXT: %[[ACC:.+]] = arith.addf %[[OUT]], %[[WB]] : f32
// CHECK-NEXT: math.fma %[[WS]], %[[Q]], %[[ACC]] : f32
func.func @bag_quint8(%i: tensor<7xi64>, %off: tensor<3xi64>, %psw: tensor<7xf32>, %t: tensor<4x6xi8>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<3x6xf32> {
  %0 = qnn.embedding_bag %i, %t rowwise(%s, %b) offsets %off per_sample_weights %psw {name = "bag", mode = #qnn<embedding_bag_mode sum>}
      : (tensor<7xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>, tensor<3xi64>, tensor<7xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}
