// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-prepare --qnn-convert | FileCheck %s
// Converting twice changes nothing (the tables are already rowwise):
// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-prepare --qnn-convert --qnn-convert | FileCheck %s

// float_qparams_weight_only_qconfig: prepare inserts no observer (the
// qconfig is weight-only) and convert quantizes the table row by row as
// nnq.Embedding.from_float does. Expected values from torch 1.13
// (nnq.Embedding.from_float(e).weight(): int_repr, q_per_channel_scales,
// bias = -zero_point * scale in float32):
//   row 0 [0, 255, 0.5, 1.5, 2.5, 3.5]: scale 1, zero point 0, the .5 ties
//     round to even: [0, 255, 0, 2, 2, 4];
//   row 1 [-1, 1, 0.25, 0.3, 0, -0.7]: scale 2/255, zero point 127.5:
//     [0, 255, 159, 166, 127, 38]; bias -1.
// (The i8 storage prints the bytes 255, 159, 166 as -1, -97, -90.)
// CHECK-LABEL: func.func @embedding_quint8
// CHECK-NOT:  qnn.observe
// CHECK-DAG:  %[[T:.+]] = arith.constant dense<{{\[\[}}0, -1, 0, 2, 2, 4], [0, -1, -97, -90, 127, 38]]> : tensor<2x6xi8>
// CHECK-DAG:  %[[S:.+]] = arith.constant dense<[1.000000e+00, 0.00784313772]> : tensor<2xf32>
// CHECK-DAG:  %[[B:.+]] = arith.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK:      qnn.embedding %{{.+}}, %[[T]] rowwise(%[[S]], %[[B]]) {name = "emb", qconfig = {{.+}}} : (tensor<3xi64>, tensor<2x6xi8>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x6xf32>
func.func @embedding_quint8(%i: tensor<3xi64>) -> tensor<3x6xf32> {
  %w = arith.constant dense<[[0.0, 255.0, 0.5, 1.5, 2.5, 3.5], [-1.0, 1.0, 0.25, 0.3, 0.0, -0.7]]> : tensor<2x6xf32>
  %0 = qnn.embedding %i, %w {name = "emb", qconfig = #qnn.qconfig<activation = #qnn.observer<placeholder, dtype = float32>, weight = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine_float_qparams, ch_axis = 0>>}
      : (tensor<3xi64>, tensor<2x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// float_qparams_weight_only_qconfig_4bit (quint4x2, 0..15): row 0 gets scale
// 17 (255 / 15), row 1 2/15; two columns a byte, the even one in the low
// nibble; scale and bias as f16 (torch's 4-bit prepack): 2/15 rounds to
// 0.13330078125. torch: int_repr [[240, 0, 0], [240, 169, 39]].
// The bag's mode mean becomes sum, as in torch's converted module.
// CHECK-LABEL: func.func @embedding_bag_quint4x2
// CHECK-DAG:  %[[T:.+]] = arith.constant dense<{{\[\[}}-16, 0, 0], [-16, -87, 39]]> : tensor<2x3xi8>
// CHECK-DAG:  %[[S:.+]] = arith.constant dense<[1.700000e+01, 1.333010e-01]> : tensor<2xf16>
// CHECK-DAG:  %[[B:.+]] = arith.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf16>
// CHECK:      qnn.embedding_bag %{{.+}}, %[[T]] rowwise(%[[S]], %[[B]]) offsets %{{.+}} {bits = 4 : i64, mode = #qnn<embedding_bag_mode sum>, name = "bag", qconfig = {{.+}}} : (tensor<5xi64>, tensor<2x3xi8>, tensor<2xf16>, tensor<2xf16>, tensor<2xi64>) -> tensor<2x6xf32>
func.func @embedding_bag_quint4x2(%i: tensor<5xi64>, %off: tensor<2xi64>) -> tensor<2x6xf32> {
  %w = arith.constant dense<[[0.0, 255.0, 0.5, 1.5, 2.5, 3.5], [-1.0, 1.0, 0.25, 0.3, 0.0, -0.7]]> : tensor<2x6xf32>
  // expected-warning @+1 {{torch's quantized EmbeddingBag always sums: mode 'mean' becomes 'sum', as in torch's convert}}
  %0 = qnn.embedding_bag %i, %w offsets %off {name = "bag", qconfig = #qnn.qconfig<activation = #qnn.observer<placeholder, dtype = float32>, weight = #qnn.observer<per_channel_minmax, dtype = quint4x2, qscheme = per_channel_affine_float_qparams, ch_axis = 0>>}
      : (tensor<5xi64>, tensor<2x6xf32>, tensor<2xi64>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// Another qconfig (not weight-only float_qparams) leaves the table float.
// CHECK-LABEL: func.func @embedding_other_qconfig
// CHECK: qnn.embedding %{{.+}}, %{{.+}} {name = "emb", qconfig = #qnn.qconfig<qnnpack>} : (tensor<3xi64>, tensor<2x2xf32>) -> tensor<3x2xf32>
func.func @embedding_other_qconfig(%i: tensor<3xi64>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.0, 1.0], [2.0, 3.0]]> : tensor<2x2xf32>
  %0 = qnn.embedding %i, %w {name = "emb", qconfig = #qnn.qconfig<qnnpack>} : (tensor<3xi64>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
