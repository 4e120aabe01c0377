// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of embeddings, recurrent layers and cells, and multi-head
// attention.

//===----------------------------------------------------------------------===//
// embedding
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[I:[^:]+]]: tensor<2x3xi64>, %[[W:[^:]+]]: tensor<10x4xf32>, %[[I1:[^:]+]]: tensor<5xi32>)
// CHECK:      qnn.embedding %[[I]], %[[W]] {name = "emb"} : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: qnn.embedding %[[I1]], %[[W]] {name = "emb_pad", padding_idx = 0 : i64} : (tensor<5xi32>, tensor<10x4xf32>) -> tensor<5x4xf32>
// CHECK-NEXT: qnn.embedding %[[I]], %[[W]] {name = "emb_negpad", padding_idx = -1 : i64, qconfig = #qnn.qconfig<none>} : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
func.func @embedding(%i: tensor<2x3xi64>, %w: tensor<10x4xf32>, %i1: tensor<5xi32>)
    -> (tensor<2x3x4xf32>, tensor<5x4xf32>, tensor<2x3x4xf32>) {
  %0 = qnn.embedding %i, %w {name = "emb"} : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  %1 = qnn.embedding %i1, %w {name = "emb_pad", padding_idx = 0 : i64} : (tensor<5xi32>, tensor<10x4xf32>) -> tensor<5x4xf32>
  %2 = qnn.embedding %i, %w {name = "emb_negpad", padding_idx = -1 : i64, qconfig = #qnn.qconfig<none>}
      : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<5x4xf32>, tensor<2x3x4xf32>
}

// Quantized embedding: quantized weight (per row), float result.
// CHECK-LABEL: func.func @embedding_quantized
// CHECK: qnn.embedding %{{.+}}, %{{.+}} {name = "qemb"} : (tensor<2x3xi64>, tensor<4x3x!quant.uniform<u8:f32:0, {1.000000e-01:1,2.000000e-01:2,3.000000e-01:3,4.000000e-01:4}>>) -> tensor<2x3x3xf32>
// CHECK: qnn.embedding %{{.+}}, %{{.+}} {name = "qemb4"} : (tensor<7xi64>, tensor<4x3x!quant.uniform<u4:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01:8}>>) -> tensor<7x3xf32>
// CHECK: qnn.embedding %{{.+}}, %{{.+}} {name = "qemb_pt"} : (tensor<7xi64>, tensor<4x3x!quant.uniform<i8:f32, 5.000000e-02>>) -> tensor<7x3xf32>
func.func @embedding_quantized(%i: tensor<2x3xi64>, %i7: tensor<7xi64>,
                               %w: tensor<4x3x!quant.uniform<u8:f32:0, {0.1:1, 0.2:2, 0.3:3, 0.4:4}>>,
                               %w4: tensor<4x3x!quant.uniform<u4:f32:0, {0.1, 0.2, 0.3, 0.4:8}>>,
                               %wt: tensor<4x3x!quant.uniform<i8:f32, 0.05>>)
    -> (tensor<2x3x3xf32>, tensor<7x3xf32>, tensor<7x3xf32>) {
  %0 = qnn.embedding %i, %w {name = "qemb"}
      : (tensor<2x3xi64>, tensor<4x3x!quant.uniform<u8:f32:0, {0.1:1, 0.2:2, 0.3:3, 0.4:4}>>) -> tensor<2x3x3xf32>
  %1 = qnn.embedding %i7, %w4 {name = "qemb4"}
      : (tensor<7xi64>, tensor<4x3x!quant.uniform<u4:f32:0, {0.1, 0.2, 0.3, 0.4:8}>>) -> tensor<7x3xf32>
  %2 = qnn.embedding %i7, %wt {name = "qemb_pt"}
      : (tensor<7xi64>, tensor<4x3x!quant.uniform<i8:f32, 0.05>>) -> tensor<7x3xf32>
  return %0, %1, %2 : tensor<2x3x3xf32>, tensor<7x3xf32>, tensor<7x3xf32>
}

// Rowwise quantized tables (torch's prepacked storage): quint8 bytes with
// f32 scale/bias, and quint4x2 (bits = 4) two columns a byte with f16
// scale/bias; embedding_bag with offsets and per-sample weights.
// CHECK-LABEL: func.func @embedding_rowwise
// CHECK:      qnn.embedding %{{.+}}, %{{.+}} rowwise(%{{.+}}, %{{.+}}) {name = "q8"} : (tensor<2x3xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x6xf32>
// CHECK-NEXT: qnn.embedding %{{.+}}, %{{.+}} rowwise(%{{.+}}, %{{.+}}) {bits = 4 : i64, name = "q4"} : (tensor<2x3xi64>, tensor<4x3xi8>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x3x6xf32>
// CHECK-NEXT: qnn.embedding_bag %{{.+}}, %{{.+}} rowwise(%{{.+}}, %{{.+}}) offsets %{{.+}} per_sample_weights %{{.+}} {bits = 4 : i64, mode = #qnn<embedding_bag_mode sum>, name = "bag4"} : (tensor<7xi64>, tensor<4x3xi8>, tensor<4xf16>, tensor<4xf16>, tensor<3xi64>, tensor<7xf32>) -> tensor<3x6xf32>
func.func @embedding_rowwise(%i: tensor<2x3xi64>, %i7: tensor<7xi64>, %off: tensor<3xi64>, %psw: tensor<7xf32>,
                             %s: tensor<4xf32>, %b: tensor<4xf32>, %s16: tensor<4xf16>, %b16: tensor<4xf16>)
    -> (tensor<2x3x6xf32>, tensor<2x3x6xf32>, tensor<3x6xf32>) {
  %t8 = arith.constant dense<7> : tensor<4x6xi8>
  %t4 = arith.constant dense<-1> : tensor<4x3xi8>
  %0 = qnn.embedding %i, %t8 rowwise(%s, %b) {name = "q8"}
      : (tensor<2x3xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x6xf32>
  %1 = qnn.embedding %i, %t4 rowwise(%s16, %b16) {name = "q4", bits = 4 : i64}
      : (tensor<2x3xi64>, tensor<4x3xi8>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x3x6xf32>
  %2 = qnn.embedding_bag %i7, %t4 rowwise(%s16, %b16) offsets %off per_sample_weights %psw
      {name = "bag4", bits = 4 : i64, mode = #qnn<embedding_bag_mode sum>}
      : (tensor<7xi64>, tensor<4x3xi8>, tensor<4xf16>, tensor<4xf16>, tensor<3xi64>, tensor<7xf32>) -> tensor<3x6xf32>
  return %0, %1, %2 : tensor<2x3x6xf32>, tensor<2x3x6xf32>, tensor<3x6xf32>
}

//===----------------------------------------------------------------------===//
// embedding_bag
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @embedding_bag_offsets
// CHECK-SAME: (%[[I:[^:]+]]: tensor<8xi64>, %[[W:[^:]+]]: tensor<10x4xf32>, %[[O:[^:]+]]: tensor<3xi64>, %[[PSW:[^:]+]]: tensor<8xf32>)
// mode = mean is the default and is not printed.
// CHECK:      qnn.embedding_bag %[[I]], %[[W]] offsets %[[O]] {name = "bag_mean"} : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] offsets %[[O]] {mode = #qnn<embedding_bag_mode sum>, name = "bag_sum"} : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] offsets %[[O]] {mode = #qnn<embedding_bag_mode max>, name = "bag_max", padding_idx = 9 : i64} : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] offsets %[[O]] per_sample_weights %[[PSW]] {mode = #qnn<embedding_bag_mode sum>, name = "bag_psw"} : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8xf32>) -> tensor<3x4xf32>
// With include_last_offset the last offset closes the last bag: 3 offsets, 2 bags.
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] offsets %[[O]] {include_last_offset, mode = #qnn<embedding_bag_mode max>, name = "bag_last"} : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<2x4xf32>
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] offsets %[[O]] per_sample_weights %[[PSW]] {include_last_offset, mode = #qnn<embedding_bag_mode sum>, name = "bag_all"} : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8xf32>) -> tensor<2x4xf32>
func.func @embedding_bag_offsets(%i: tensor<8xi64>, %w: tensor<10x4xf32>, %o: tensor<3xi64>, %psw: tensor<8xf32>)
    -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = qnn.embedding_bag %i, %w offsets %o {name = "bag_mean", mode = #qnn<embedding_bag_mode mean>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %1 = qnn.embedding_bag %i, %w offsets %o {name = "bag_sum", mode = #qnn<embedding_bag_mode sum>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %2 = qnn.embedding_bag %i, %w offsets %o {name = "bag_max", mode = #qnn<embedding_bag_mode max>, padding_idx = 9 : i64}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  %3 = qnn.embedding_bag %i, %w offsets %o per_sample_weights %psw {name = "bag_psw", mode = #qnn<embedding_bag_mode sum>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8xf32>) -> tensor<3x4xf32>
  %4 = qnn.embedding_bag %i, %w offsets %o {name = "bag_last", mode = #qnn<embedding_bag_mode max>, include_last_offset}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<2x4xf32>
  %5 = qnn.embedding_bag %i, %w offsets %o per_sample_weights %psw
      {name = "bag_all", mode = #qnn<embedding_bag_mode sum>, include_last_offset}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8xf32>) -> tensor<2x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// 2-D indices: every row is a bag, no offsets.
// NOTE: 2-D indices with per_sample_weights (`%i, %w per_sample_weights %p`)
// are not tested: the custom parser cannot read that form back (the optional
// ` offsets %o` group consumes the `,`), see the report that came with this
// file.
// CHECK-LABEL: func.func @embedding_bag_2d
// CHECK-SAME: (%[[I:[^:]+]]: tensor<3x2xi64>, %[[W:[^:]+]]: tensor<10x4xf32>)
// CHECK:      qnn.embedding_bag %[[I]], %[[W]] {name = "bag2d"} : (tensor<3x2xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] {mode = #qnn<embedding_bag_mode max>, name = "bag2d_max"} : (tensor<3x2xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: qnn.embedding_bag %[[I]], %[[W]] {mode = #qnn<embedding_bag_mode sum>, name = "bag2d_sum", padding_idx = -10 : i64} : (tensor<3x2xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
func.func @embedding_bag_2d(%i: tensor<3x2xi64>, %w: tensor<10x4xf32>)
    -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) {
  %0 = qnn.embedding_bag %i, %w {name = "bag2d"} : (tensor<3x2xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
  %1 = qnn.embedding_bag %i, %w {name = "bag2d_max", mode = #qnn<embedding_bag_mode max>}
      : (tensor<3x2xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
  %2 = qnn.embedding_bag %i, %w {name = "bag2d_sum", mode = #qnn<embedding_bag_mode sum>, padding_idx = -10 : i64}
      : (tensor<3x2xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>
}

// CHECK-LABEL: func.func @embedding_bag_quantized
// CHECK: qnn.embedding_bag %{{[^,]+}}, %{{[^,]+}} offsets %{{[^ ]+}} {include_last_offset, mode = #qnn<embedding_bag_mode sum>, name = "qbag", qconfig = #qnn.qconfig<none>} : (tensor<6xi32>, tensor<4x3x!quant.uniform<u8:f32:0, {1.000000e-01:1,2.000000e-01:2,3.000000e-01:3,4.000000e-01:4}>>, tensor<3xi32>) -> tensor<2x3xf32>
// CHECK: qnn.embedding_bag %{{[^,]+}}, %{{[^,]+}} offsets %{{[^,]+}} per_sample_weights %{{[^ ]+}} {mode = #qnn<embedding_bag_mode sum>, name = "qbag4"} : (tensor<6xi32>, tensor<4x3x!quant.uniform<u4:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>, tensor<3xi32>, tensor<6xf32>) -> tensor<3x3xf32>
func.func @embedding_bag_quantized(%i: tensor<6xi32>, %o: tensor<3xi32>, %psw: tensor<6xf32>,
                                   %w: tensor<4x3x!quant.uniform<u8:f32:0, {0.1:1, 0.2:2, 0.3:3, 0.4:4}>>,
                                   %w4: tensor<4x3x!quant.uniform<u4:f32:0, {0.1, 0.2, 0.3, 0.4}>>)
    -> (tensor<2x3xf32>, tensor<3x3xf32>) {
  %0 = qnn.embedding_bag %i, %w offsets %o
      {name = "qbag", mode = #qnn<embedding_bag_mode sum>, include_last_offset, qconfig = #qnn.qconfig<none>}
      : (tensor<6xi32>, tensor<4x3x!quant.uniform<u8:f32:0, {0.1:1, 0.2:2, 0.3:3, 0.4:4}>>, tensor<3xi32>) -> tensor<2x3xf32>
  %1 = qnn.embedding_bag %i, %w4 offsets %o per_sample_weights %psw {name = "qbag4", mode = #qnn<embedding_bag_mode sum>}
      : (tensor<6xi32>, tensor<4x3x!quant.uniform<u4:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3xi32>, tensor<6xf32>) -> tensor<3x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<3x3xf32>
}

//===----------------------------------------------------------------------===//
// lstm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @lstm_one_layer
// CHECK-SAME: (%[[X:[^:]+]]: tensor<5x2x4xf32>, %[[WIH:[^:]+]]: tensor<32x4xf32>, %[[WHH:[^:]+]]: tensor<32x8xf32>, %[[BIH:[^:]+]]: tensor<32xf32>, %[[BHH:[^:]+]]: tensor<32xf32>, %[[H0:[^:]+]]: tensor<1x2x8xf32>, %[[C0:[^:]+]]: tensor<1x2x8xf32>)
// CHECK:      %[[O:[^,]+]], %[[H:[^,]+]], %[[C:[^ ]+]] = qnn.lstm %[[X]] weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 8 : i64, name = "lstm"} : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
// CHECK-NEXT: qnn.lstm %[[X]] init(%[[H0]], %[[C0]]) weights(%[[WIH]], %[[WHH]], %[[BIH]], %[[BHH]]) {hidden_size = 8 : i64, name = "lstm_init"} : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
// CHECK-NEXT: qnn.lstm %[[X]] init(%[[H]], %[[C]]) weights(%[[WIH]], %[[WHH]]) {has_biases = false, hidden_size = 8 : i64, name = "lstm_nobias"} : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
// CHECK:      return %[[O]]
func.func @lstm_one_layer(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>,
                          %bih: tensor<32xf32>, %bhh: tensor<32xf32>,
                          %h0: tensor<1x2x8xf32>, %c0: tensor<1x2x8xf32>) -> tensor<5x2x8xf32> {
  %out, %h, %c = qnn.lstm %x weights(%wih, %whh, %bih, %bhh)
      {name = "lstm", hidden_size = 8 : i64, num_layers = 1 : i64, has_biases = true, dropout = 0.0}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
        -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  %out1, %h1, %c1 = qnn.lstm %x init(%h0, %c0) weights(%wih, %whh, %bih, %bhh)
      {name = "lstm_init", hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>,
         tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  %out2, %h2, %c2 = qnn.lstm %x init(%h, %c) weights(%wih, %whh)
      {name = "lstm_nobias", hidden_size = 8 : i64, has_biases = false}
      : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>)
        -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return %out : tensor<5x2x8xf32>
}

// Two layers: layer 1 takes the hidden state of layer 0 as input.
// CHECK-LABEL: func.func @lstm_two_layers
// CHECK-SAME: (%[[X:[^:]+]]: tensor<5x2x4xf32>, %[[W0:[^:]+]]: tensor<32x4xf32>, %[[U:[^:]+]]: tensor<32x8xf32>, %[[B:[^:]+]]: tensor<32xf32>, %[[H0:[^:]+]]: tensor<2x2x8xf32>)
// CHECK: qnn.lstm %[[X]] init(%[[H0]], %[[H0]]) weights(%[[W0]], %[[U]], %[[B]], %[[B]], %[[U]], %[[U]], %[[B]], %[[B]]) {dropout = 2.500000e-01 : f64, hidden_size = 8 : i64, name = "lstm2", num_layers = 2 : i64} : (tensor<5x2x4xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x8xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
func.func @lstm_two_layers(%x: tensor<5x2x4xf32>, %w0: tensor<32x4xf32>, %u: tensor<32x8xf32>, %b: tensor<32xf32>,
                           %h0: tensor<2x2x8xf32>) -> tensor<5x2x8xf32> {
  %out, %h, %c = qnn.lstm %x init(%h0, %h0) weights(%w0, %u, %b, %b, %u, %u, %b, %b)
      {name = "lstm2", hidden_size = 8 : i64, num_layers = 2 : i64, dropout = 0.25}
      : (tensor<5x2x4xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>,
         tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>,
         tensor<32x8xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
        -> (tensor<5x2x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  return %out : tensor<5x2x8xf32>
}

// Bidirectional: weights per layer are (forward, reverse); the output
// carries both directions and the states have L * 2 entries.
// CHECK-LABEL: func.func @lstm_bidirectional
// CHECK: qnn.lstm %{{[^ ]+}} weights(%{{[^)]+}}) {bidirectional, hidden_size = 8 : i64, name = "bilstm"} : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x16xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
// CHECK: qnn.lstm %{{[^ ]+}} weights(%{{[^)]+}}) {batch_first, bidirectional, has_biases = false, hidden_size = 8 : i64, name = "bilstm2", num_layers = 2 : i64} : (tensor<2x5x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32x16xf32>, tensor<32x8xf32>, tensor<32x16xf32>, tensor<32x8xf32>) -> (tensor<2x5x16xf32>, tensor<4x2x8xf32>, tensor<4x2x8xf32>)
func.func @lstm_bidirectional(%x: tensor<5x2x4xf32>, %xb: tensor<2x5x4xf32>, %w0: tensor<32x4xf32>, %u: tensor<32x8xf32>,
                              %w1: tensor<32x16xf32>, %b: tensor<32xf32>)
    -> (tensor<5x2x16xf32>, tensor<2x5x16xf32>) {
  %out, %h, %c = qnn.lstm %x weights(%w0, %u, %b, %b, %w0, %u, %b, %b)
      {name = "bilstm", hidden_size = 8 : i64, bidirectional}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>,
         tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
        -> (tensor<5x2x16xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  %out2, %h2, %c2 = qnn.lstm %xb weights(%w0, %u, %w0, %u, %w1, %u, %w1, %u)
      {name = "bilstm2", hidden_size = 8 : i64, num_layers = 2 : i64, bidirectional, batch_first, has_biases = false}
      : (tensor<2x5x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>,
         tensor<32x16xf32>, tensor<32x8xf32>, tensor<32x16xf32>, tensor<32x8xf32>)
        -> (tensor<2x5x16xf32>, tensor<4x2x8xf32>, tensor<4x2x8xf32>)
  return %out, %out2 : tensor<5x2x16xf32>, tensor<2x5x16xf32>
}

// CHECK-LABEL: func.func @lstm_batch_first
// CHECK: qnn.lstm %{{[^ ]+}} init(%{{[^,]+}}, %{{[^)]+}}) weights(%{{[^)]+}}) {batch_first, hidden_size = 8 : i64, name = "lstm_bf"} : (tensor<3x5x4xf32>, tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<3x5x8xf32>, tensor<1x3x8xf32>, tensor<1x3x8xf32>)
func.func @lstm_batch_first(%x: tensor<3x5x4xf32>, %h0: tensor<1x3x8xf32>, %wih: tensor<32x4xf32>,
                            %whh: tensor<32x8xf32>, %b: tensor<32xf32>) -> tensor<3x5x8xf32> {
  %out, %h, %c = qnn.lstm %x init(%h0, %h0) weights(%wih, %whh, %b, %b)
      {name = "lstm_bf", hidden_size = 8 : i64, batch_first}
      : (tensor<3x5x4xf32>, tensor<1x3x8xf32>, tensor<1x3x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>,
         tensor<32xf32>, tensor<32xf32>) -> (tensor<3x5x8xf32>, tensor<1x3x8xf32>, tensor<1x3x8xf32>)
  return %out : tensor<3x5x8xf32>
}

// Dynamic quantized LSTM: qint8 weights (per tensor or per row), float
// activations and biases.
// CHECK-LABEL: func.func @lstm_dynamic_quantized
// CHECK: qnn.lstm %{{[^ ]+}} weights(%{{[^)]+}}) {hidden_size = 2 : i64, name = "qlstm", qconfig = #qnn.qconfig<dynamic>} : (tensor<5x1x3xf32>, tensor<8x3x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<8x2x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02,3.000000e-02,4.000000e-02,5.000000e-02,6.000000e-02,7.000000e-02,8.000000e-02}>>, tensor<8xf32>, tensor<8xf32>) -> (tensor<5x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
// float16 dynamic quantization keeps f16 weights.
// CHECK: qnn.lstm %{{[^ ]+}} weights(%{{[^)]+}}) {hidden_size = 2 : i64, name = "hlstm", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<5x1x3xf32>, tensor<8x3xf16>, tensor<8x2xf16>, tensor<8xf32>, tensor<8xf32>) -> (tensor<5x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
func.func @lstm_dynamic_quantized(%x: tensor<5x1x3xf32>,
                                  %wih: tensor<8x3x!quant.uniform<i8:f32, 0.01>>,
                                  %whh: tensor<8x2x!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08}>>,
                                  %b: tensor<8xf32>, %hih: tensor<8x3xf16>, %hhh: tensor<8x2xf16>)
    -> (tensor<5x1x2xf32>, tensor<5x1x2xf32>) {
  %out, %h, %c = qnn.lstm %x weights(%wih, %whh, %b, %b)
      {name = "qlstm", hidden_size = 2 : i64, qconfig = #qnn.qconfig<dynamic>}
      : (tensor<5x1x3xf32>, tensor<8x3x!quant.uniform<i8:f32, 0.01>>,
         tensor<8x2x!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08}>>,
         tensor<8xf32>, tensor<8xf32>) -> (tensor<5x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  %out2, %h2, %c2 = qnn.lstm %x weights(%hih, %hhh, %b, %b)
      {name = "hlstm", hidden_size = 2 : i64, qconfig = #qnn.qconfig<float16_dynamic>}
      : (tensor<5x1x3xf32>, tensor<8x3xf16>, tensor<8x2xf16>, tensor<8xf32>, tensor<8xf32>)
        -> (tensor<5x1x2xf32>, tensor<1x1x2xf32>, tensor<1x1x2xf32>)
  return %out, %out2 : tensor<5x1x2xf32>, tensor<5x1x2xf32>
}

//===----------------------------------------------------------------------===//
// lstm_cell / gru_cell / rnn_cell
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @lstm_cell
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[H:[^:]+]]: tensor<2x8xf32>, %[[C:[^:]+]]: tensor<2x8xf32>, %[[WIH:[^:]+]]: tensor<32x4xf32>, %[[WHH:[^:]+]]: tensor<32x8xf32>, %[[BIH:[^:]+]]: tensor<32xf32>, %[[BHH:[^:]+]]: tensor<32xf32>, %[[QIH:[^:]+]]: tensor<32x4x!quant.uniform<i8:f32, 1.000000e-02>>, %[[QHH:[^:]+]]: tensor<32x8x!quant.uniform<i8:f32, 2.000000e-02>>)
// CHECK:      %[[H1:[^,]+]], %[[C1:[^ ]+]] = qnn.lstm_cell %[[X]], %[[H]], %[[C]], %[[WIH]], %[[WHH]], bias(%[[BIH]], %[[BHH]]) {name = "cell"} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK-NEXT: %[[H2:[^,]+]], %[[C2:[^ ]+]] = qnn.lstm_cell %[[X]], %[[H1]], %[[C1]], %[[WIH]], %[[WHH]] {name = "cell_nobias"} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK-NEXT: qnn.lstm_cell %[[X]], %[[H2]], %[[C2]], %[[QIH]], %[[QHH]], bias(%[[BIH]], %[[BHH]]) {name = "qcell"} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<32x8x!quant.uniform<i8:f32, 2.000000e-02>>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
func.func @lstm_cell(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>,
                     %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>,
                     %qih: tensor<32x4x!quant.uniform<i8:f32, 0.01>>, %qhh: tensor<32x8x!quant.uniform<i8:f32, 0.02>>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %h1, %c1 = qnn.lstm_cell %x, %h, %c, %wih, %whh, bias(%bih, %bhh) {name = "cell"}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>,
         tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  %h2, %c2 = qnn.lstm_cell %x, %h1, %c1, %wih, %whh {name = "cell_nobias"}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>)
        -> (tensor<2x8xf32>, tensor<2x8xf32>)
  %h3, %c3 = qnn.lstm_cell %x, %h2, %c2, %qih, %qhh, bias(%bih, %bhh) {name = "qcell"}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4x!quant.uniform<i8:f32, 0.01>>,
         tensor<32x8x!quant.uniform<i8:f32, 0.02>>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return %h3, %c3 : tensor<2x8xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @gru_cell
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[H:[^:]+]]: tensor<2x8xf32>, %[[WIH:[^:]+]]: tensor<24x4xf32>, %[[WHH:[^:]+]]: tensor<24x8xf32>, %[[B:[^:]+]]: tensor<24xf32>, %[[QIH:[^:]+]]: tensor<24x4x!quant.uniform<i8:f32, 1.000000e-02>>)
// CHECK:      %[[H1:.+]] = qnn.gru_cell %[[X]], %[[H]], %[[WIH]], %[[WHH]] {name = "cell"} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[H2:.+]] = qnn.gru_cell %[[X]], %[[H1]], %[[WIH]], %[[WHH]], bias(%[[B]], %[[B]]) {name = "cell_bias"} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[H3:.+]] = qnn.gru_cell %[[X]], %[[H2]], %[[QIH]], %[[WHH]], bias(%[[B]], %[[B]]) {name = "qcell", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: return %[[H3]]
func.func @gru_cell(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>,
                    %b: tensor<24xf32>, %qih: tensor<24x4x!quant.uniform<i8:f32, 0.01>>) -> tensor<2x8xf32> {
  %0 = qnn.gru_cell %x, %h, %wih, %whh {name = "cell"}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
  %1 = qnn.gru_cell %x, %0, %wih, %whh, bias(%b, %b) {name = "cell_bias"}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<2x8xf32>
  %2 = qnn.gru_cell %x, %1, %qih, %whh, bias(%b, %b) {name = "qcell", qconfig = #qnn.qconfig<dynamic>}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4x!quant.uniform<i8:f32, 0.01>>, tensor<24x8xf32>,
         tensor<24xf32>, tensor<24xf32>) -> tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @rnn_cell
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x4xf32>, %[[H:[^:]+]]: tensor<2x8xf32>, %[[WIH:[^:]+]]: tensor<8x4xf32>, %[[WHH:[^:]+]]: tensor<8x8xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[QHH:[^:]+]]: tensor<8x8x!quant.uniform<i8:f32:0, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,2.000000e-01,2.000000e-01,2.000000e-01,2.000000e-01}>>)
// nonlinearity = tanh is the default and is not printed.
// CHECK:      %[[H1:.+]] = qnn.rnn_cell %[[X]], %[[H]], %[[WIH]], %[[WHH]], bias(%[[B]], %[[B]]) {name = "tanh_cell"} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[H2:.+]] = qnn.rnn_cell %[[X]], %[[H1]], %[[WIH]], %[[WHH]] {name = "relu_cell", nonlinearity = #qnn<nonlinearity relu>} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: %[[H3:.+]] = qnn.rnn_cell %[[X]], %[[H2]], %[[WIH]], %[[QHH]], bias(%[[B]], %[[B]]) {name = "qcell", nonlinearity = #qnn<nonlinearity relu>} : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8x!quant.uniform<i8:f32:0, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,2.000000e-01,2.000000e-01,2.000000e-01,2.000000e-01}>>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: return %[[H3]]
func.func @rnn_cell(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>,
                    %b: tensor<8xf32>,
                    %qhh: tensor<8x8x!quant.uniform<i8:f32:0, {0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2}>>) -> tensor<2x8xf32> {
  %0 = qnn.rnn_cell %x, %h, %wih, %whh, bias(%b, %b) {name = "tanh_cell", nonlinearity = #qnn<nonlinearity tanh>}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %1 = qnn.rnn_cell %x, %0, %wih, %whh {name = "relu_cell", nonlinearity = #qnn<nonlinearity relu>}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  %2 = qnn.rnn_cell %x, %1, %wih, %qhh, bias(%b, %b) {name = "qcell", nonlinearity = #qnn<nonlinearity relu>}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>,
         tensor<8x8x!quant.uniform<i8:f32:0, {0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2}>>,
         tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %2 : tensor<2x8xf32>
}

//===----------------------------------------------------------------------===//
// multihead_attention
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @multihead_attention
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<5x1x8xf32>, %[[K:[^:]+]]: tensor<6x1x8xf32>, %[[V:[^:]+]]: tensor<6x1x8xf32>, %[[W:[^:]+]]: tensor<24x8xf32>, %[[B:[^:]+]]: tensor<24xf32>, %[[WO:[^:]+]]: tensor<8x8xf32>, %[[BO:[^:]+]]: tensor<8xf32>)
// CHECK:      %[[O:[^,]+]], %[[A:[^ ]+]] = qnn.multihead_attention %[[Q]], %[[K]], %[[V]], in_proj(%[[W]], %[[B]]), out_proj(%[[WO]], %[[BO]]) {name = "attn", num_heads = 2 : i64} : (tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x6xf32>)
// CHECK-NEXT: %[[O2:.+]] = qnn.multihead_attention %[[Q]], %[[K]], %[[V]], in_proj(%[[W]]), out_proj(%[[WO]]) {dropout = 1.000000e-01 : f64, name = "attn_nobias", num_heads = 4 : i64} : (tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>, tensor<8x8xf32>) -> tensor<5x1x8xf32>
// CHECK-NEXT: %[[O3:[^,]+]], %[[A3:[^ ]+]] = qnn.multihead_attention %[[Q]], %[[Q]], %[[Q]], in_proj(%[[W]]), out_proj(%[[WO]], %[[BO]]) {name = "self_attn", num_heads = 8 : i64} : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
// CHECK-NEXT: %[[O4:.+]] = qnn.multihead_attention %[[Q]], %[[K]], %[[V]], in_proj(%[[W]], %[[B]]), out_proj(%[[WO]]) {name = "attn_inbias", num_heads = 1 : i64} : (tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>) -> tensor<5x1x8xf32>
func.func @multihead_attention(%q: tensor<5x1x8xf32>, %k: tensor<6x1x8xf32>, %v: tensor<6x1x8xf32>,
                               %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>)
    -> (tensor<5x1x8xf32>, tensor<1x5x6xf32>, tensor<5x1x8xf32>, tensor<1x5x5xf32>, tensor<5x1x8xf32>) {
  %o, %a = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo)
      {name = "attn", num_heads = 2 : i64, dropout = 0.0}
      : (tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>,
         tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x6xf32>)
  %o2 = qnn.multihead_attention %q, %k, %v, in_proj(%w), out_proj(%wo)
      {name = "attn_nobias", num_heads = 4 : i64, dropout = 0.1}
      : (tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>, tensor<8x8xf32>)
        -> tensor<5x1x8xf32>
  %o3, %a3 = qnn.multihead_attention %q, %q, %q, in_proj(%w), out_proj(%wo, %bo)
      {name = "self_attn", num_heads = 8 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<8x8xf32>, tensor<8xf32>)
        -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  %o4 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo)
      {name = "attn_inbias", num_heads = 1 : i64}
      : (tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>)
        -> tensor<5x1x8xf32>
  return %o, %a, %o2, %a3, %o4 : tensor<5x1x8xf32>, tensor<1x5x6xf32>, tensor<5x1x8xf32>, tensor<1x5x5xf32>, tensor<5x1x8xf32>
}

// CHECK-LABEL: func.func @multihead_attention_batch_first
// CHECK: qnn.multihead_attention %{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}, in_proj(%{{[^,]+}}, %{{[^)]+}}), out_proj(%{{[^,]+}}, %{{[^)]+}}) {batch_first, name = "attn_bf", num_heads = 2 : i64} : (tensor<3x5x8xf32>, tensor<3x7x8xf32>, tensor<3x7x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<3x5x8xf32>, tensor<3x5x7xf32>)
func.func @multihead_attention_batch_first(%q: tensor<3x5x8xf32>, %k: tensor<3x7x8xf32>, %v: tensor<3x7x8xf32>,
                                           %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>)
    -> (tensor<3x5x8xf32>, tensor<3x5x7xf32>) {
  %o, %a = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo)
      {name = "attn_bf", num_heads = 2 : i64, batch_first}
      : (tensor<3x5x8xf32>, tensor<3x7x8xf32>, tensor<3x7x8xf32>, tensor<24x8xf32>, tensor<24xf32>,
         tensor<8x8xf32>, tensor<8xf32>) -> (tensor<3x5x8xf32>, tensor<3x5x7xf32>)
  return %o, %a : tensor<3x5x8xf32>, tensor<3x5x7xf32>
}

// Quantized attention: quantized activations and projection weights.
// CHECK-LABEL: func.func @multihead_attention_quantized
// CHECK: qnn.multihead_attention %{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}, in_proj(%{{[^,]+}}, %{{[^)]+}}), out_proj(%{{[^,]+}}, %{{[^)]+}}) {name = "qattn", num_heads = 2 : i64} : (tensor<5x1x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 4.000000e-02:120>>, tensor<5x1x8x!quant.uniform<u8:f32, 3.000000e-02:110>>, tensor<24x8x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32:0, {1.000000e-02,1.000000e-02,1.000000e-02,1.000000e-02,2.000000e-02,2.000000e-02,2.000000e-02,2.000000e-02}>>, tensor<8xf32>) -> tensor<5x1x8x!quant.uniform<u8:f32, 6.000000e-02:100>>
func.func @multihead_attention_quantized(%q: tensor<5x1x8x!quant.uniform<u8:f32, 0.05:128>>,
                                         %k: tensor<5x1x8x!quant.uniform<u8:f32, 0.04:120>>,
                                         %v: tensor<5x1x8x!quant.uniform<u8:f32, 0.03:110>>,
                                         %w: tensor<24x8x!quant.uniform<i8:f32, 0.01>>, %b: tensor<24xf32>,
                                         %wo: tensor<8x8x!quant.uniform<i8:f32:0, {0.01, 0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02}>>,
                                         %bo: tensor<8xf32>)
    -> tensor<5x1x8x!quant.uniform<u8:f32, 0.06:100>> {
  %o = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo)
      {name = "qattn", num_heads = 2 : i64}
      : (tensor<5x1x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.04:120>>,
         tensor<5x1x8x!quant.uniform<u8:f32, 0.03:110>>, tensor<24x8x!quant.uniform<i8:f32, 0.01>>, tensor<24xf32>,
         tensor<8x8x!quant.uniform<i8:f32:0, {0.01, 0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.02}>>, tensor<8xf32>)
        -> tensor<5x1x8x!quant.uniform<u8:f32, 0.06:100>>
  return %o : tensor<5x1x8x!quant.uniform<u8:f32, 0.06:100>>
}
