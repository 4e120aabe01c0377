// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for embedding, embedding_bag, lstm, lstm_cell, gru_cell,
// rnn_cell and multihead_attention.

//===----------------------------------------------------------------------===//
// qnn.embedding
//===----------------------------------------------------------------------===//

func.func @embedding_weight_rank_1(%idx: tensor<2x3xi64>, %w: tensor<10xf32>) {
  // expected-error @+1 {{'qnn.embedding' op expects a weight (num_embeddings x embedding_dim) of rank 2, got [10]}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xi64>, tensor<10xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @embedding_weight_rank_3(%idx: tensor<2x3xi64>, %w: tensor<10x4x1xf32>) {
  // expected-error @+1 {{'qnn.embedding' op expects a weight (num_embeddings x embedding_dim) of rank 2, got [10, 4, 1]}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xi64>, tensor<10x4x1xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @embedding_padding_idx_too_large(%idx: tensor<2x3xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op padding_idx 10 must be within num_embeddings (10)}}
  %0 = qnn.embedding %idx, %w {padding_idx = 10 : i64}
      : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @embedding_padding_idx_too_small(%idx: tensor<2x3xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op padding_idx -11 must be within num_embeddings (10)}}
  %0 = qnn.embedding %idx, %w {padding_idx = -11 : i64}
      : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @embedding_result_shape(%idx: tensor<2x3xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op result has shape [2, 3, 5], expected [2, 3, 4]}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @embedding_result_rank(%idx: tensor<2x3xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op result has shape [6, 4], expected [2, 3, 4]}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xi64>, tensor<10x4xf32>) -> tensor<6x4xf32>
  return
}

// -----

// Quantized embeddings have one scale per row (axis 0).
func.func @embedding_weight_axis_1(%idx: tensor<2x3xi64>, %w: tensor<10x4x!quant.uniform<u8:f32:1, {0.1, 0.2, 0.3, 0.4}>>) {
  // expected-error @+1 {{'qnn.embedding' op a per-axis quantized weight must be quantized along axis 0 (one scale per row)}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xi64>, tensor<10x4x!quant.uniform<u8:f32:1, {0.1, 0.2, 0.3, 0.4}>>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @embedding_float_indices(%idx: tensor<2x3xf32>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op operand #0 must be ranked tensor of signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xf32>, tensor<10x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

// The quantized embedding returns float rows.
func.func @embedding_quantized_result(%idx: tensor<2x3xi64>, %w: tensor<10x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.embedding' op result #0 must be ranked tensor of floating-point values, but got 'tensor<2x3x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.embedding %idx, %w
      : (tensor<2x3xi64>, tensor<10x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x3x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Rowwise quantized tables.

func.func @embedding_rowwise_float_weight(%idx: tensor<2xi64>, %t: tensor<4x6xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op rowwise(scale, bias) needs the table's i8 storage as weight, got 'tensor<4x6xf32>'}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s)
      : (tensor<2xi64>, tensor<4x6xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_storage_without_rowwise(%idx: tensor<2xi64>, %t: tensor<4x6xi8>) {
  // expected-error @+1 {{'qnn.embedding' op an i8 weight is the storage of a rowwise quantized table and needs rowwise(scale, bias)}}
  %0 = qnn.embedding %idx, %t
      : (tensor<2xi64>, tensor<4x6xi8>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_bits_without_rowwise(%idx: tensor<2xi64>, %t: tensor<4x6xf32>) {
  // expected-error @+1 {{'qnn.embedding' op bits is only valid with rowwise(scale, bias)}}
  %0 = qnn.embedding %idx, %t {bits = 4 : i64}
      : (tensor<2xi64>, tensor<4x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_bits_3(%idx: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op bits must be 8 (quint8) or 4 (quint4x2), got 3}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s) {bits = 3 : i64}
      : (tensor<2xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_scale_rows(%idx: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<5xf32>) {
  // expected-error @+1 {{'qnn.embedding' op scale has shape [5], expected [4]}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s)
      : (tensor<2xi64>, tensor<4x6xi8>, tensor<5xf32>, tensor<5xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_scale_f16_for_8bit(%idx: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf16>) {
  // expected-error @+1 {{'qnn.embedding' op rowwise scale must be 'f32' for 8-bit rows (as torch's prepacked table stores it)}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s)
      : (tensor<2xi64>, tensor<4x6xi8>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_bias_f32_for_4bit(%idx: tensor<2xi64>, %t: tensor<4x3xi8>, %s: tensor<4xf16>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op rowwise bias must be 'f16' for 4-bit rows (as torch's prepacked table stores it)}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %b) {bits = 4 : i64}
      : (tensor<2xi64>, tensor<4x3xi8>, tensor<4xf16>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_4bit_row_bytes(%idx: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf16>) {
  // expected-error @+1 {{'qnn.embedding' op 4-bit rows of embedding_dim 6 need 3 bytes, the weight has 6}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s) {bits = 4 : i64}
      : (tensor<2xi64>, tensor<4x6xi8>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x6xf32>
  return
}

// -----

func.func @embedding_8bit_row_bytes(%idx: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op 8-bit rows of embedding_dim 5 need 5 bytes, the weight has 6}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s)
      : (tensor<2xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @embedding_rowwise_result_rank(%idx: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.embedding' op result must have rank 2 (indices.shape x embedding_dim)}}
  %0 = qnn.embedding %idx, %t rowwise(%s, %s)
      : (tensor<2xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x1x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.embedding_bag
//===----------------------------------------------------------------------===//

func.func @bag_1d_without_offsets(%idx: tensor<8xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op 1-D indices need offsets}}
  %0 = qnn.embedding_bag %idx, %w
      : (tensor<8xi64>, tensor<10x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_offsets_rank_2(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3x1xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op expects offsets of rank 1, got [3, 1]}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3x1xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_include_last_offset_empty(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<0xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op include_last_offset needs at least one offset}}
  %0 = qnn.embedding_bag %idx, %w offsets %off {include_last_offset}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<0xi64>) -> tensor<0x4xf32>
  return
}

// -----

func.func @bag_2d_with_offsets(%idx: tensor<3x4xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op 2-D indices take no offsets: every row is a bag}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<3x4xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_3d_indices(%idx: tensor<2x3x4xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op expects 1-D or 2-D indices, got [2, 3, 4]}}
  %0 = qnn.embedding_bag %idx, %w
      : (tensor<2x3x4xi64>, tensor<10x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// per_sample_weights is only supported with mode 'sum'.
func.func @bag_per_sample_weights_mean(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>, %psw: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op per_sample_weights is only supported for mode 'sum'}}
  %0 = qnn.embedding_bag %idx, %w offsets %off per_sample_weights %psw
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_per_sample_weights_max(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>, %psw: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op per_sample_weights is only supported for mode 'sum'}}
  %0 = qnn.embedding_bag %idx, %w offsets %off per_sample_weights %psw {mode = #qnn<embedding_bag_mode max>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_per_sample_weights_shape(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>, %psw: tensor<7xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op per_sample_weights has shape [7], expected [8]}}
  %0 = qnn.embedding_bag %idx, %w offsets %off per_sample_weights %psw {mode = #qnn<embedding_bag_mode sum>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<7xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_result_bags(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op result has shape [4, 4], expected [3, 4]}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<4x4xf32>
  return
}

// -----

// With include_last_offset the last offset closes the last bag: 2 bags.
func.func @bag_result_include_last_offset(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op result has shape [3, 4], expected [2, 4]}}
  %0 = qnn.embedding_bag %idx, %w offsets %off {include_last_offset}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_result_2d_indices(%idx: tensor<3x4xi64>, %w: tensor<10x4xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op result has shape [4, 4], expected [3, 4]}}
  %0 = qnn.embedding_bag %idx, %w
      : (tensor<3x4xi64>, tensor<10x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @bag_result_dim(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op result has shape [3, 5], expected [3, 4]}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x5xf32>
  return
}

// -----

func.func @bag_padding_idx(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op padding_idx 10 must be within num_embeddings (10)}}
  %0 = qnn.embedding_bag %idx, %w offsets %off {padding_idx = 10 : i64}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_weight_axis_1(%idx: tensor<8xi64>, %w: tensor<10x4x!quant.uniform<u8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op a per-axis quantized weight must be quantized along axis 0 (one scale per row)}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<8xi64>, tensor<10x4x!quant.uniform<u8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_weight_rank(%idx: tensor<8xi64>, %w: tensor<10x4x2xf32>, %off: tensor<3xi64>) {
  // expected-error @+1 {{'qnn.embedding_bag' op expects a weight (num_embeddings x embedding_dim) of rank 2, got [10, 4, 2]}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<8xi64>, tensor<10x4x2xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_float_offsets(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op operand #2 must be ranked tensor of signless integer values, but got 'tensor<3xf32>'}}
  %0 = qnn.embedding_bag %idx, %w offsets %off
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_quantized_per_sample_weights(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>, %psw: tensor<8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.embedding_bag' op operand #3 must be ranked tensor of floating-point values, but got 'tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.embedding_bag %idx, %w offsets %off per_sample_weights %psw {mode = #qnn<embedding_bag_mode sum>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>, tensor<8x!quant.uniform<i8:f32, 0.1>>) -> tensor<3x4xf32>
  return
}

// -----

func.func @bag_unknown_mode(%idx: tensor<8xi64>, %w: tensor<10x4xf32>, %off: tensor<3xi64>) {
  // expected-error @+2 {{expected ::mlir::qnn::EmbeddingBagMode to be one of: sum, mean, max}}
  // expected-error @+1 {{failed to parse QNN_EmbeddingBagModeAttr parameter 'value' which is to be a `::mlir::qnn::EmbeddingBagMode`}}
  %0 = qnn.embedding_bag %idx, %w offsets %off {mode = #qnn<embedding_bag_mode min>}
      : (tensor<8xi64>, tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @embedding_bag_rowwise_mean(%idx: tensor<6xi64>, %off: tensor<2xi64>, %t: tensor<4x6xi8>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.embedding_bag' op a rowwise quantized table only supports mode 'sum' (torch's quantized embedding_bag kernels always sum)}}
  %0 = qnn.embedding_bag %idx, %t rowwise(%s, %s) offsets %off {mode = #qnn<embedding_bag_mode mean>}
      : (tensor<6xi64>, tensor<4x6xi8>, tensor<4xf32>, tensor<4xf32>, tensor<2xi64>) -> tensor<2x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.lstm
//===----------------------------------------------------------------------===//

func.func @lstm_hidden_size_zero(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op hidden_size must be positive, got 0}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 0 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_hidden_size_negative(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op hidden_size must be positive, got -8}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = -8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_missing_hidden_size(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op requires attribute 'hidden_size'}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh)
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_num_layers_zero(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op num_layers must be positive, got 0}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, num_layers = 0 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_dropout_above_one(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op dropout should be a number in range [0, 1], got 1.500000e+00}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, dropout = 1.5}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_dropout_negative(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op dropout should be a number in range [0, 1], got -5.000000e-01}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, dropout = -0.5}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_input_rank(%x: tensor<2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op expects an input (seq x batch x input_size) of rank 3, got [2, 4]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_weight_count(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op expects 4 weights (1 layer(s) x 1 direction(s) x 4), got 3}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Without biases there are two weights per layer and direction.
func.func @lstm_weight_count_no_biases(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op expects 2 weights (1 layer(s) x 1 direction(s) x 2), got 4}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, has_biases = false}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_weight_count_bidirectional(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op expects 8 weights (1 layer(s) x 2 direction(s) x 4), got 4}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, bidirectional}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x16xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  return
}

// -----

func.func @lstm_weight_count_two_layers(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op expects 8 weights (2 layer(s) x 1 direction(s) x 4), got 4}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, num_layers = 2 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  return
}

// -----

func.func @lstm_weight_ih_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x5xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 weight_ih has shape [32, 5], expected [32, 4]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x5xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// LSTM has four gates: 4 * hidden_size rows.
func.func @lstm_weight_ih_rows(%x: tensor<5x2x4xf32>, %wih: tensor<24x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 weight_ih has shape [24, 4], expected [32, 4]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<24x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_weight_hh_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x4xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 weight_hh has shape [32, 4], expected [32, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x4xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_bias_ih_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<8xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 bias_ih has shape [8], expected [32]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<8xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_bias_hh_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<1x32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 bias_hh has shape [1, 32], expected [32]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<1x32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// Layers after the first take hidden_size * num_directions inputs.
func.func @lstm_second_layer_input_size(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>, %wih1: tensor<32x4xf32>, %whh1: tensor<32x8xf32>, %bih1: tensor<32xf32>, %bhh1: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 1 weight_ih has shape [32, 4], expected [32, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh, %wih1, %whh1, %bih1, %bhh1) {hidden_size = 8 : i64, num_layers = 2 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  return
}

// -----

func.func @lstm_bidirectional_second_layer(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>, %wih1: tensor<32x8xf32>, %whh1: tensor<32x8xf32>, %bih1: tensor<32xf32>, %bhh1: tensor<32xf32>, %wih1r: tensor<32x16xf32>, %whh1r: tensor<32x8xf32>, %bih1r: tensor<32xf32>, %bhh1r: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 1 weight_ih has shape [32, 8], expected [32, 16]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh, %wih, %whh, %bih, %bhh, %wih1, %whh1, %bih1, %bhh1, %wih1r, %whh1r, %bih1r, %bhh1r) {hidden_size = 8 : i64, num_layers = 2 : i64, bidirectional}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x8xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x16xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x16xf32>, tensor<4x2x8xf32>, tensor<4x2x8xf32>)
  return
}

// -----

func.func @lstm_reverse_weight(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>, %wihr: tensor<32x4xf32>, %whhr: tensor<16x8xf32>, %bihr: tensor<32xf32>, %bhhr: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 (reverse) weight_hh has shape [16, 8], expected [32, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh, %wihr, %whhr, %bihr, %bhhr) {hidden_size = 8 : i64, bidirectional}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x4xf32>, tensor<16x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x16xf32>, tensor<2x2x8xf32>, tensor<2x2x8xf32>)
  return
}

// -----

func.func @lstm_h0_shape(%x: tensor<5x2x4xf32>, %h0: tensor<2x8xf32>, %c0: tensor<1x2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op h0 has shape [2, 8], expected [1, 2, 8]}}
  %0:3 = qnn.lstm %x init(%h0, %c0) weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<2x8xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_c0_shape(%x: tensor<5x2x4xf32>, %h0: tensor<1x2x8xf32>, %c0: tensor<1x3x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op c0 has shape [1, 3, 8], expected [1, 2, 8]}}
  %0:3 = qnn.lstm %x init(%h0, %c0) weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<1x3x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_h_n_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op h_n has shape [2, 2, 8], expected [1, 2, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<2x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_c_n_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op c_n has shape [1, 2, 16], expected [1, 2, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x16xf32>)
  return
}

// -----

func.func @lstm_bidirectional_states(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op h_n has shape [1, 2, 8], expected [2, 2, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh, %wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, bidirectional}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x16xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_output_shape(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op output has shape [5, 2, 16], expected [5, 2, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x16xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

// batch_first: the input is B x T x I = 5 x 2 x 4, the output B x T x H.
func.func @lstm_batch_first_output(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op output has shape [2, 5, 8], expected [5, 2, 8]}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64, batch_first}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x5x8xf32>, tensor<1x5x8xf32>, tensor<1x5x8xf32>)
  return
}

// -----

func.func @lstm_weight_axis_1(%x: tensor<5x2x4xf32>, %wih: tensor<32x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %whh: tensor<32x8x!quant.uniform<i8:f32, 0.1>>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op layer 0 weight_ih must be quantized per tensor or along axis 0, got axis 1}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<32x8x!quant.uniform<i8:f32, 0.1>>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_quantized_input(%x: tensor<5x2x4x!quant.uniform<u8:f32, 0.02:128>>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<5x2x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %bih, %bhh) {hidden_size = 8 : i64}
      : (tensor<5x2x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.lstm_cell
//===----------------------------------------------------------------------===//

func.func @lstm_cell_cx_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op cx has shape [2, 4], expected [2, 8]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_hx_rank(%x: tensor<2x4xf32>, %h: tensor<1x2x8xf32>, %c: tensor<1x2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op expects a hidden state (batch x hidden_size) of rank 2, got [1, 2, 8]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_input_rank(%x: tensor<4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op expects an input (batch x input_size) of rank 2, got [4]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_hx_batch(%x: tensor<2x4xf32>, %h: tensor<3x8xf32>, %c: tensor<3x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op hx has shape [3, 8], expected [2, 8]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<3x8xf32>, tensor<3x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_weight_ih_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x5xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op weight_ih has shape [32, 5], expected [32, 4]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x5xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

// lstm_cell has 4 gate(s): 4 * hidden_size rows.
func.func @lstm_cell_weight_ih_gates(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op weight_ih has shape [8, 4], expected [32, 4]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_weight_hh_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x33xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op weight_hh has shape [32, 33], expected [32, 8]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x33xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_bias_ih_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<33xf32>, %bhh: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op bias_ih has shape [33], expected [32]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh, bias(%bih, %bhh)
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<33xf32>, tensor<32xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_bias_hh_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %bih: tensor<32xf32>, %bhh: tensor<1x32xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op bias_hh has shape [1, 32], expected [32]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh, bias(%bih, %bhh)
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<1x32xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @lstm_cell_result_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op result has shape [2, 4], expected [2, 8]}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @lstm_cell_weight_axis_1(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %c: tensor<2x8xf32>, %wih: tensor<32x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op weight_ih must be quantized per tensor or along axis 0, got axis 1}}
  %0:2 = qnn.lstm_cell %x, %h, %c, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<32x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.gru_cell
//===----------------------------------------------------------------------===//

func.func @gru_cell_hx_rank(%x: tensor<2x4xf32>, %h: tensor<1x2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op expects a hidden state (batch x hidden_size) of rank 2, got [1, 2, 8]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<1x2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_input_rank(%x: tensor<4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op expects an input (batch x input_size) of rank 2, got [4]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_hx_batch(%x: tensor<2x4xf32>, %h: tensor<3x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op hx has shape [3, 8], expected [2, 8]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<3x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_weight_ih_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x5xf32>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op weight_ih has shape [24, 5], expected [24, 4]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x5xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// gru_cell has 3 gate(s): 3 * hidden_size rows.
func.func @gru_cell_weight_ih_gates(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op weight_ih has shape [8, 4], expected [24, 4]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<24x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_weight_hh_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x25xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op weight_hh has shape [24, 25], expected [24, 8]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x25xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_bias_ih_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>, %bih: tensor<25xf32>, %bhh: tensor<24xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op bias_ih has shape [25], expected [24]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh, bias(%bih, %bhh)
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<25xf32>, tensor<24xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_bias_hh_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>, %bih: tensor<24xf32>, %bhh: tensor<1x24xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op bias_hh has shape [1, 24], expected [24]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh, bias(%bih, %bhh)
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<1x24xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gru_cell_result_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op result has shape [2, 4], expected [2, 8]}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gru_cell_weight_axis_1(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %whh: tensor<24x8xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op weight_ih must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.gru_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<24x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.rnn_cell
//===----------------------------------------------------------------------===//

func.func @rnn_cell_hx_rank(%x: tensor<2x4xf32>, %h: tensor<1x2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op expects a hidden state (batch x hidden_size) of rank 2, got [1, 2, 8]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<1x2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_input_rank(%x: tensor<4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op expects an input (batch x input_size) of rank 2, got [4]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_hx_batch(%x: tensor<2x4xf32>, %h: tensor<3x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op hx has shape [3, 8], expected [2, 8]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<3x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_weight_ih_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x5xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op weight_ih has shape [8, 5], expected [8, 4]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x5xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// rnn_cell has 1 gate(s): 1 * hidden_size rows.
func.func @rnn_cell_weight_ih_gates(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op weight_ih has shape [32, 4], expected [8, 4]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_weight_hh_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x9xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op weight_hh has shape [8, 9], expected [8, 8]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x9xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_bias_ih_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>, %bih: tensor<9xf32>, %bhh: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op bias_ih has shape [9], expected [8]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh, bias(%bih, %bhh)
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>, tensor<9xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_bias_hh_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>, %bih: tensor<8xf32>, %bhh: tensor<1x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op bias_hh has shape [1, 8], expected [8]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh, bias(%bih, %bhh)
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>, tensor<8xf32>, tensor<1x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_result_shape(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op result has shape [2, 4], expected [2, 8]}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @rnn_cell_weight_axis_1(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %whh: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op weight_ih must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_unknown_nonlinearity(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>) {
  // expected-error @+2 {{expected ::mlir::qnn::RNNNonlinearity to be one of: tanh, relu}}
  // expected-error @+1 {{failed to parse QNN_RNNNonlinearityAttr parameter 'value' which is to be a `::mlir::qnn::RNNNonlinearity`}}
  %0 = qnn.rnn_cell %x, %h, %wih, %whh {nonlinearity = #qnn<nonlinearity sigmoid>}
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.multihead_attention
//===----------------------------------------------------------------------===//

func.func @mha_query_rank(%q: tensor<5x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op expects a query (L x N x E) of rank 3, got [5, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_key_rank(%q: tensor<5x1x8xf32>, %k: tensor<5x1x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op expects a key (S x N x E) of rank 3, got [5, 1, 1, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_value_rank(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<40xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op expects a value (S x N x E) of rank 3, got [40]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<40xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_num_heads_zero(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op num_heads must be positive, got 0}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 0 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_missing_num_heads(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op requires attribute 'num_heads'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo)
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_embed_dim_not_divisible(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op embed_dim (8) must be divisible by num_heads (3)}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 3 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_key_embed_dim(%q: tensor<5x1x8xf32>, %k: tensor<5x1x4xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op key has shape [5, 1, 4], expected [5, 1, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x4xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_key_batch(%q: tensor<5x1x8xf32>, %k: tensor<5x2x8xf32>, %v: tensor<5x2x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op key has shape [5, 2, 8], expected [5, 1, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x2x8xf32>, tensor<5x2x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

// key and value have the same source length.
func.func @mha_value_length(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<6x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op value has shape [6, 1, 8], expected [5, 1, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<6x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_in_proj_weight_shape(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<8x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op in_proj_weight has shape [8, 8], expected [24, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<8x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_in_proj_bias_shape(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<8xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op in_proj_bias has shape [8], expected [24]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_out_proj_weight_shape(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x24xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op out_proj_weight has shape [8, 24], expected [8, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x24xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_out_proj_bias_shape(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<24xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op out_proj_bias has shape [24], expected [8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<24xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_output_shape(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op output has shape [5, 1, 16], expected [5, 1, 8]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x16xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_dropout(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op dropout must be in [0, 1], got 2.000000e+00}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64, dropout = 2.0}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_attn_weights_shape(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op attn_weights has shape [5, 5], expected [1, 5, 5]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<5x5xf32>)
  return
}

// -----

func.func @mha_attn_weights_source(%q: tensor<5x1x8xf32>, %k: tensor<7x1x8xf32>, %v: tensor<7x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op attn_weights has shape [1, 5, 5], expected [1, 5, 7]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<7x1x8xf32>, tensor<7x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_attn_weights_batch_first(%q: tensor<1x5x8xf32>, %k: tensor<1x5x8xf32>, %v: tensor<1x5x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op attn_weights has shape [5, 1, 1], expected [1, 5, 5]}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64, batch_first}
      : (tensor<1x5x8xf32>, tensor<1x5x8xf32>, tensor<1x5x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<1x5x8xf32>, tensor<5x1x1xf32>)
  return
}

// -----

func.func @mha_quantized_query_float_output(%q: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %k: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %v: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<24x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<24xf32>, %wo: tensor<8x8x!quant.uniform<i8:f32, 0.1>>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op input and result must both be float or both be quantized, got 'tensor<5x1x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<5x1x8xf32>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<24x8x!quant.uniform<i8:f32, 0.1>>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_float_query_quantized_output(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op input and result must both be float or both be quantized, got 'tensor<5x1x8xf32>' and 'tensor<5x1x8x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_float_key(%q: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<24x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<24xf32>, %wo: tensor<8x8x!quant.uniform<i8:f32, 0.1>>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op input and result must both be float or both be quantized, got 'tensor<5x1x8xf32>' and 'tensor<5x1x8x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8xf32>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<24x8x!quant.uniform<i8:f32, 0.1>>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_quantized_query_float_weight(%q: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %k: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %v: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8xf32>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op a quantized input needs a quantized in_proj_weight, got 'tensor<24x8xf32>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8xf32>, tensor<8xf32>) -> (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x5x5xf32>)
  return
}

// -----

// MultiheadAttention has no dynamically quantized form here.
func.func @mha_float_query_quantized_weight(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<24xf32>, %wo: tensor<8x8x!quant.uniform<i8:f32, 0.1>>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op a float input needs a float in_proj_weight (this op has no dynamically quantized form), got 'tensor<24x8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8x!quant.uniform<i8:f32, 0.1>>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_float_query_quantized_out_proj(%q: tensor<5x1x8xf32>, %k: tensor<5x1x8xf32>, %v: tensor<5x1x8xf32>, %w: tensor<24x8xf32>, %b: tensor<24xf32>, %wo: tensor<8x8x!quant.uniform<i8:f32, 0.1>>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op a float input needs a float out_proj_weight (this op has no dynamically quantized form), got 'tensor<8x8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<5x1x8xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> (tensor<5x1x8xf32>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_weight_axis_1(%q: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %k: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %v: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<24x8x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>, %b: tensor<24xf32>, %wo: tensor<8x8x!quant.uniform<i8:f32, 0.1>>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op in_proj_weight must be quantized per tensor or along axis 0, got axis 1}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<24x8x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x5x5xf32>)
  return
}

// -----

func.func @mha_per_axis_query(%q: tensor<5x1x8x!quant.uniform<u8:f32:0, {0.1, 0.1, 0.1, 0.1, 0.1}>>, %k: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %v: tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<24x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<24xf32>, %wo: tensor<8x8x!quant.uniform<i8:f32, 0.1>>, %bo: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.multihead_attention' op activations must be quantized per tensor, got 'tensor<5x1x8x!quant.uniform<u8:f32:0, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0:2 = qnn.multihead_attention %q, %k, %v, in_proj(%w, %b), out_proj(%wo, %bo) {num_heads = 2 : i64}
      : (tensor<5x1x8x!quant.uniform<u8:f32:0, {0.1, 0.1, 0.1, 0.1, 0.1}>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<24x8x!quant.uniform<i8:f32, 0.1>>, tensor<24xf32>, tensor<8x8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>) -> (tensor<5x1x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x5x5xf32>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// Optional operands that PyTorch only has in pairs. The custom syntax cannot
// express half a pair (`init(%h0, %c0)`, `bias(%bih, %bhh)`); the generic
// form can.
//===----------------------------------------------------------------------===//

func.func @lstm_h0_without_c0(%x: tensor<5x2x4xf32>, %h0: tensor<1x2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op h0 and c0 must be given together}}
  %0:3 = "qnn.lstm"(%x, %h0, %wih, %whh, %b, %b) <{hidden_size = 8 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 4>}>
      : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
      -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_c0_without_h0(%x: tensor<5x2x4xf32>, %c0: tensor<1x2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op h0 and c0 must be given together}}
  %0:3 = "qnn.lstm"(%x, %c0, %wih, %whh, %b, %b) <{hidden_size = 8 : i64, operandSegmentSizes = array<i32: 1, 0, 1, 4>}>
      : (tensor<5x2x4xf32>, tensor<1x2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
      -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @lstm_cell_bias_ih_only(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op bias_ih and bias_hh must be given together}}
  %0:2 = "qnn.lstm_cell"(%x, %h, %h, %wih, %whh, %b) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 0>}>
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>)
      -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

func.func @gru_cell_bias_hh_only(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<24x4xf32>, %whh: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'qnn.gru_cell' op bias_ih and bias_hh must be given together}}
  %0 = "qnn.gru_cell"(%x, %h, %wih, %whh, %b) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 1>}>
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @rnn_cell_bias_ih_only(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<8x4xf32>, %whh: tensor<8x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.rnn_cell' op bias_ih and bias_hh must be given together}}
  %0 = "qnn.rnn_cell"(%x, %h, %wih, %whh, %b) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0>}>
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<8x4xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @lstm_cell_segment_sizes(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>) {
  // expected-error @+1 {{'qnn.lstm_cell' op operand count (5) does not match with the total size (6) specified in attribute 'operandSegmentSizes'}}
  %0:2 = "qnn.lstm_cell"(%x, %h, %h, %wih, %whh) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 1, 0>}>
      : (tensor<2x4xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<32x8xf32>)
      -> (tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

// -----

// num_layers * directions * 4 must not wrap around to the weight count.
func.func @lstm_num_layers_overflow(%x: tensor<5x2x4xf32>, %wih: tensor<32x4xf32>, %whh: tensor<32x8xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'qnn.lstm' op num_layers must be positive, got 4611686018427387905}}
  %0:3 = qnn.lstm %x weights(%wih, %whh, %b, %b) {hidden_size = 8 : i64, num_layers = 4611686018427387905 : i64}
      : (tensor<5x2x4xf32>, tensor<32x4xf32>, tensor<32x8xf32>, tensor<32xf32>, tensor<32xf32>)
      -> (tensor<5x2x8xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>)
  return
}
