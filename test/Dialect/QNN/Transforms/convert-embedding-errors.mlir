// RUN: qnn-opt %s -split-input-file -verify-diagnostics --qnn-convert


func.func @table_argument(%i: tensor<3xi64>, %w: tensor<2x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+1 {{'qnn.embedding' op quantizing an embedding table needs an f32 constant weight}}
  %0 = qnn.embedding %i, %w {name = "emb", qconfig = #qnn.qconfig<activation = #qnn.observer<placeholder, dtype = float32>, weight = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine_float_qparams, ch_axis = 0>>}
      : (tensor<3xi64>, tensor<2x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

func.func @odd_dim_4bit(%i: tensor<3xi64>) -> tensor<3x5xf32> {
  %w = arith.constant dense<1.0> : tensor<2x5xf32>
  // expected-error @+1 {{'qnn.embedding' op quint4x2 rows need an even embedding_dim (torch packs two columns a byte), got 5}}
  %0 = qnn.embedding %i, %w {name = "emb", qconfig = #qnn.qconfig<activation = #qnn.observer<placeholder, dtype = float32>, weight = #qnn.observer<per_channel_minmax, dtype = quint4x2, qscheme = per_channel_affine_float_qparams, ch_axis = 0>>}
      : (tensor<3xi64>, tensor<2x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @include_last_offset(%i: tensor<5xi64>, %off: tensor<3xi64>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  // expected-error @+1 {{'qnn.embedding_bag' op torch's convert drops include_last_offset (nnq.EmbeddingBag is constructed without it), which changes the number of bags}}
  %0 = qnn.embedding_bag %i, %w offsets %off {name = "bag", include_last_offset, mode = #qnn<embedding_bag_mode sum>, qconfig = #qnn.qconfig<activation = #qnn.observer<placeholder, dtype = float32>, weight = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine_float_qparams, ch_axis = 0>>}
      : (tensor<5xi64>, tensor<4x2xf32>, tensor<3xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @padding_idx_bag(%i: tensor<5xi64>, %off: tensor<2xi64>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  // expected-warning @+1 {{torch's quantized EmbeddingBag has no padding_idx: its rows are summed, as in torch's convert}}
  %0 = qnn.embedding_bag %i, %w offsets %off {name = "bag", padding_idx = 0 : i64, mode = #qnn<embedding_bag_mode sum>, qconfig = #qnn.qconfig<activation = #qnn.observer<placeholder, dtype = float32>, weight = #qnn.observer<per_channel_minmax, qscheme = per_channel_affine_float_qparams, ch_axis = 0>>}
      : (tensor<5xi64>, tensor<4x2xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
