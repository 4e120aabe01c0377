// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for the convolution ops: conv{1,2,3}d,
// conv_transpose{1,2,3}d and conv_bn{1,2,3}d (PyTorch's _ConvNd shape rules,
// float/quantized agreement, per-axis weights, BatchNorm parameters).

//===----------------------------------------------------------------------===//
// qnn.conv1d
//===----------------------------------------------------------------------===//

func.func @conv1d_input_rank(%x: tensor<4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op expects an input (N x C_in x spatial) of rank 3, got [4, 16]}}
  %0 = qnn.conv1d %x, %w
      : (tensor<4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_weight_rank(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3x1xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op expects a weight of rank 3, got [8, 4, 3, 1]}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x3x1xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_stride_length(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op expects `stride` to have 1 value(s), got 2}}
  %0 = qnn.conv1d %x, %w {stride = array<i64: 1, 1>}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_stride_zero(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op `stride` values must be >= 1, got [0]}}
  %0 = qnn.conv1d %x, %w {stride = array<i64: 0>}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_padding_negative(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op `padding` values must be >= 0, got [-1]}}
  %0 = qnn.conv1d %x, %w {padding = array<i64: -1>}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_dilation_zero(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op `dilation` values must be >= 1, got [0]}}
  %0 = qnn.conv1d %x, %w {dilation = array<i64: 0>}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_groups_zero(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op groups must be positive, got 0}}
  %0 = qnn.conv1d %x, %w {groups = 0 : i64}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_in_channels_mismatch(%x: tensor<1x5x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op given groups=1, weight of size [8, 4, 3] expects an input with 4 channels, but got 5 channels}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x5x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_out_channels_not_divisible_by_groups(%x: tensor<1x8x16xf32>, %w: tensor<9x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op out_channels (9) must be divisible by groups (2)}}
  %0 = qnn.conv1d %x, %w {groups = 2 : i64}
      : (tensor<1x8x16xf32>, tensor<9x4x3xf32>) -> tensor<1x9x14xf32>
  return
}

// -----

func.func @conv1d_in_channels_not_divisible_by_groups(%x: tensor<1x3x16xf32>, %w: tensor<8x?x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv1d %x, %w {groups = 2 : i64}
      : (tensor<1x3x16xf32>, tensor<8x?x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_groups_channel_mismatch(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op given groups=2, weight of size [8, 4, 3] expects an input with 8 channels, but got 4 channels}}
  %0 = qnn.conv1d %x, %w {groups = 2 : i64}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_bias_shape(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>, %b: tensor<9xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op bias has shape [9], expected [8]}}
  %0 = qnn.conv1d %x, %w, %b
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<9xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_kernel_zero(%x: tensor<1x4x16xf32>, %w: tensor<8x4x0xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op kernel sizes must be positive, got weight [8, 4, 0]}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x0xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_output_too_small(%x: tensor<1x4x16xf32>, %w: tensor<8x4x17xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op calculated output size along spatial dimension 0 is 0: the input [1, 4, 16] is too small for kernel [17] with this padding and dilation}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x17xf32>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_result_shape(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op result has shape [1, 8, 15], expected [1, 8, 14]}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x15xf32>
  return
}

// -----

func.func @conv1d_result_channels(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op result has shape [1, 9, 14], expected [1, 8, 14]}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x9x14xf32>
  return
}

// -----

func.func @conv1d_result_batch(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op result has shape [2, 8, 14], expected [1, 8, 14]}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<2x8x14xf32>
  return
}

// -----

func.func @conv1d_quantized_input_float_result(%x: tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv1d' op input and result must both be float or both be quantized, got 'tensor<1x4x16x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x14xf32>'}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_float_input_quantized_result(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op input and result must both be float or both be quantized, got 'tensor<1x4x16xf32>' and 'tensor<1x8x14x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x14x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv1d_quantized_input_float_weight(%x: tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3xf32>) {
  // expected-error @+1 {{'qnn.conv1d' op a quantized input needs a quantized weight, got 'tensor<8x4x3xf32>'}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3xf32>) -> tensor<1x8x14x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv1d_float_input_quantized_weight(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv1d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<8x4x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16xf32>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x14xf32>
  return
}

// -----

func.func @conv1d_per_axis_input(%x: tensor<1x4x16x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv1d' op activations must be quantized per tensor, got 'tensor<1x4x16x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x14x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv1d_per_axis_result(%x: tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv1d' op activations must be quantized per tensor, got 'tensor<1x8x14x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x14x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

// Forward convolutions quantize the weight per output channel (axis 0).
func.func @conv1d_weight_axis_1(%x: tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>) {
  // expected-error @+1 {{'qnn.conv1d' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.conv1d %x, %w
      : (tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>) -> tensor<1x8x14x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op expects an input (N x C_in x spatial) of rank 4, got [3, 8, 8]}}
  %0 = qnn.conv2d %x, %w
      : (tensor<3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3x1xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op expects a weight of rank 4, got [8, 3, 3, 3, 1]}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3x1xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_stride_length(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op expects `stride` to have 2 value(s), got 3}}
  %0 = qnn.conv2d %x, %w {stride = array<i64: 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op `stride` values must be >= 1, got [0, 0]}}
  %0 = qnn.conv2d %x, %w {stride = array<i64: 0, 0>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op `padding` values must be >= 0, got [-1, -1]}}
  %0 = qnn.conv2d %x, %w {padding = array<i64: -1, -1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_padding_length(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op expects `padding` to have 2 value(s), got 1}}
  %0 = qnn.conv2d %x, %w {padding = array<i64: 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_dilation_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op `dilation` values must be >= 1, got [0, 0]}}
  %0 = qnn.conv2d %x, %w {dilation = array<i64: 0, 0>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op groups must be positive, got 0}}
  %0 = qnn.conv2d %x, %w {groups = 0 : i64}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_groups_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op groups must be positive, got -2}}
  %0 = qnn.conv2d %x, %w {groups = -2 : i64}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_in_channels_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op given groups=1, weight of size [8, 3, 3, 3] expects an input with 3 channels, but got 4 channels}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_out_channels_not_divisible_by_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<9x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op out_channels (9) must be divisible by groups (2)}}
  %0 = qnn.conv2d %x, %w {groups = 2 : i64}
      : (tensor<1x6x8x8xf32>, tensor<9x3x3x3xf32>) -> tensor<1x9x6x6xf32>
  return
}

// -----

func.func @conv2d_in_channels_not_divisible_by_groups(%x: tensor<1x5x8x8xf32>, %w: tensor<8x?x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op in_channels (5) must be divisible by groups (2)}}
  %0 = qnn.conv2d %x, %w {groups = 2 : i64}
      : (tensor<1x5x8x8xf32>, tensor<8x?x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_groups_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op given groups=2, weight of size [8, 3, 3, 3] expects an input with 6 channels, but got 3 channels}}
  %0 = qnn.conv2d %x, %w {groups = 2 : i64}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<9xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op bias has shape [9], expected [8]}}
  %0 = qnn.conv2d %x, %w, %b
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<9xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<1x8xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op bias has shape [1, 8], expected [8]}}
  %0 = qnn.conv2d %x, %w, %b
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<1x8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

// The bias stays float in the quantized form (torch packs it as float).
func.func @conv2d_quantized_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv2d' op operand #2 must be ranked tensor of floating-point values, but got 'tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv2d %x, %w, %b
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_kernel_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x0x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op kernel sizes must be positive, got weight [8, 3, 0, 3]}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x0x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_output_too_small(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x9x9xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op calculated output size along spatial dimension 0 is 0: the input [1, 3, 8, 8] is too small for kernel [9, 9] with this padding and dilation}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x9x9xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_output_too_small_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op calculated output size along spatial dimension 0 is 0: the input [1, 3, 8, 8] is too small for kernel [3, 3] with this padding and dilation}}
  %0 = qnn.conv2d %x, %w {dilation = array<i64: 4, 4>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op result has shape [1, 8, 6, 7], expected [1, 8, 6, 6]}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x7xf32>
  return
}

// -----

func.func @conv2d_result_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op result has shape [1, 9, 6, 6], expected [1, 8, 6, 6]}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x9x6x6xf32>
  return
}

// -----

func.func @conv2d_result_batch(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op result has shape [2, 8, 6, 6], expected [1, 8, 6, 6]}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<2x8x6x6xf32>
  return
}

// -----

func.func @conv2d_quantized_input_float_result(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv2d' op input and result must both be float or both be quantized, got 'tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x6x6xf32>'}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_float_input_quantized_result(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op input and result must both be float or both be quantized, got 'tensor<1x3x8x8xf32>' and 'tensor<1x8x6x6x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv2d_quantized_input_float_weight(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv2d' op a quantized input needs a quantized weight, got 'tensor<8x3x3x3xf32>'}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv2d_float_input_quantized_weight(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv2d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<8x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv2d_per_axis_input(%x: tensor<1x3x8x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1}>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv2d' op activations must be quantized per tensor, got 'tensor<1x3x8x8x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1}>>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv2d_per_axis_result(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv2d' op activations must be quantized per tensor, got 'tensor<1x8x6x6x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x8x6x6x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

// Forward convolutions quantize the weight per output channel (axis 0).
func.func @conv2d_weight_axis_1(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1}>>) {
  // expected-error @+1 {{'qnn.conv2d' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.conv2d %x, %w
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1}>>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv3d
//===----------------------------------------------------------------------===//

func.func @conv3d_input_rank(%x: tensor<2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op expects an input (N x C_in x spatial) of rank 5, got [2, 4, 4, 4]}}
  %0 = qnn.conv3d %x, %w
      : (tensor<2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_weight_rank(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3x1xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op expects a weight of rank 5, got [4, 2, 3, 3, 3, 1]}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3x1xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_stride_length(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op expects `stride` to have 3 value(s), got 4}}
  %0 = qnn.conv3d %x, %w {stride = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_stride_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op `stride` values must be >= 1, got [0, 0, 0]}}
  %0 = qnn.conv3d %x, %w {stride = array<i64: 0, 0, 0>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_padding_negative(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op `padding` values must be >= 0, got [-1, -1, -1]}}
  %0 = qnn.conv3d %x, %w {padding = array<i64: -1, -1, -1>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_padding_length(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op expects `padding` to have 3 value(s), got 1}}
  %0 = qnn.conv3d %x, %w {padding = array<i64: 1>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_dilation_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op `dilation` values must be >= 1, got [0, 0, 0]}}
  %0 = qnn.conv3d %x, %w {dilation = array<i64: 0, 0, 0>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_groups_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op groups must be positive, got 0}}
  %0 = qnn.conv3d %x, %w {groups = 0 : i64}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_in_channels_mismatch(%x: tensor<1x3x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op given groups=1, weight of size [4, 2, 3, 3, 3] expects an input with 2 channels, but got 3 channels}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x3x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_out_channels_not_divisible_by_groups(%x: tensor<1x4x4x4x4xf32>, %w: tensor<5x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op out_channels (5) must be divisible by groups (2)}}
  %0 = qnn.conv3d %x, %w {groups = 2 : i64}
      : (tensor<1x4x4x4x4xf32>, tensor<5x2x3x3x3xf32>) -> tensor<1x5x2x2x2xf32>
  return
}

// -----

func.func @conv3d_in_channels_not_divisible_by_groups(%x: tensor<1x3x4x4x4xf32>, %w: tensor<4x?x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv3d %x, %w {groups = 2 : i64}
      : (tensor<1x3x4x4x4xf32>, tensor<4x?x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_groups_channel_mismatch(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op given groups=2, weight of size [4, 2, 3, 3, 3] expects an input with 4 channels, but got 2 channels}}
  %0 = qnn.conv3d %x, %w {groups = 2 : i64}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_bias_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op bias has shape [5], expected [4]}}
  %0 = qnn.conv3d %x, %w, %b
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_kernel_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x0x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op kernel sizes must be positive, got weight [4, 2, 0, 3, 3]}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x0x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_output_too_small(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x9x9x9xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op calculated output size along spatial dimension 0 is 0: the input [1, 2, 4, 4, 4] is too small for kernel [9, 9, 9] with this padding and dilation}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x9x9x9xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_result_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op result has shape [1, 4, 2, 2, 3], expected [1, 4, 2, 2, 2]}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x3xf32>
  return
}

// -----

func.func @conv3d_result_channels(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op result has shape [1, 5, 2, 2, 2], expected [1, 4, 2, 2, 2]}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x5x2x2x2xf32>
  return
}

// -----

func.func @conv3d_quantized_input_float_result(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv3d' op input and result must both be float or both be quantized, got 'tensor<1x2x4x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x4x2x2x2xf32>'}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_float_input_quantized_result(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op input and result must both be float or both be quantized, got 'tensor<1x2x4x4x4xf32>' and 'tensor<1x4x2x2x2x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv3d_quantized_input_float_weight(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv3d' op a quantized input needs a quantized weight, got 'tensor<4x2x3x3x3xf32>'}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv3d_float_input_quantized_weight(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv3d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<4x2x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv3d_per_axis_input(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32:1, {0.1, 0.1}>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv3d' op activations must be quantized per tensor, got 'tensor<1x2x4x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32:1, {0.1, 0.1}>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv3d_per_axis_result(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv3d' op activations must be quantized per tensor, got 'tensor<1x4x2x2x2x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

// Forward convolutions quantize the weight per output channel (axis 0).
func.func @conv3d_weight_axis_1(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1}>>) {
  // expected-error @+1 {{'qnn.conv3d' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.conv3d %x, %w
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1}>>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv_transpose1d
//===----------------------------------------------------------------------===//

func.func @conv_transpose1d_input_rank(%x: tensor<4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op expects an input (N x C_in x spatial) of rank 3, got [4, 8]}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_weight_rank(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2x1xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op expects a weight of rank 3, got [4, 2, 2, 1]}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8xf32>, tensor<4x2x2x1xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_stride_length(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op expects `stride` to have 1 value(s), got 2}}
  %0 = qnn.conv_transpose1d %x, %w {stride = array<i64: 1, 1>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_stride_zero(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op `stride` values must be >= 1, got [0]}}
  %0 = qnn.conv_transpose1d %x, %w {stride = array<i64: 0>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_padding_negative(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op `padding` values must be >= 0, got [-1]}}
  %0 = qnn.conv_transpose1d %x, %w {padding = array<i64: -1>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_dilation_zero(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op `dilation` values must be >= 1, got [0]}}
  %0 = qnn.conv_transpose1d %x, %w {dilation = array<i64: 0>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_groups_zero(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op groups must be positive, got 0}}
  %0 = qnn.conv_transpose1d %x, %w {groups = 0 : i64}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_in_channels_mismatch(%x: tensor<1x5x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op weight of size [4, 2, 2] expects an input with 4 channels, but got 5 channels}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x5x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_in_channels_not_divisible_by_groups(%x: tensor<1x3x8xf32>, %w: tensor<3x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv_transpose1d %x, %w {groups = 2 : i64}
      : (tensor<1x3x8xf32>, tensor<3x2x2xf32>) -> tensor<1x4x9xf32>
  return
}

// -----

func.func @conv_transpose1d_groups_out_channels(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op result has shape [1, 2, 9], expected [1, 4, 9]}}
  %0 = qnn.conv_transpose1d %x, %w {groups = 2 : i64}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_bias_shape(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op bias has shape [3], expected [2]}}
  %0 = qnn.conv_transpose1d %x, %w, %b
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>, tensor<3xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_kernel_zero(%x: tensor<1x4x8xf32>, %w: tensor<4x2x0xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op kernel sizes must be positive, got weight [4, 2, 0]}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8xf32>, tensor<4x2x0xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_output_too_small(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op calculated output size along spatial dimension 0 is -1: the input [1, 4, 8] is too small for kernel [2] with this padding and dilation}}
  %0 = qnn.conv_transpose1d %x, %w {padding = array<i64: 5>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_result_shape(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op result has shape [1, 2, 10], expected [1, 2, 9]}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x10xf32>
  return
}

// -----

func.func @conv_transpose1d_result_channels(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op result has shape [1, 3, 9], expected [1, 2, 9]}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x3x9xf32>
  return
}

// -----

func.func @conv_transpose1d_quantized_input_float_result(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op input and result must both be float or both be quantized, got 'tensor<1x4x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x2x9xf32>'}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_float_input_quantized_result(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op input and result must both be float or both be quantized, got 'tensor<1x4x8xf32>' and 'tensor<1x2x9x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_transpose1d_quantized_input_float_weight(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op a quantized input needs a quantized weight, got 'tensor<4x2x2xf32>'}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x2xf32>) -> tensor<1x2x9x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv_transpose1d_float_input_quantized_weight(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<4x2x2x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8xf32>, tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_per_axis_input(%x: tensor<1x4x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %w: tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op activations must be quantized per tensor, got 'tensor<1x4x8x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x9x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_transpose1d_per_axis_result(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op activations must be quantized per tensor, got 'tensor<1x2x9x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_transpose1d %x, %w
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x9x!quant.uniform<u8:f32:1, {0.1, 0.1}>>
  return
}

// -----

// output_padding must be smaller than max(stride, dilation).
func.func @conv_transpose1d_output_padding_vs_stride(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op output padding must be smaller than either stride or dilation, got output_padding [1], stride [1], dilation [1]}}
  %0 = qnn.conv_transpose1d %x, %w {output_padding = array<i64: 1>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_output_padding_equals_stride(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op output padding must be smaller than either stride or dilation, got output_padding [2], stride [2], dilation [1]}}
  %0 = qnn.conv_transpose1d %x, %w {stride = array<i64: 2>, output_padding = array<i64: 2>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

func.func @conv_transpose1d_output_padding_negative(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose1d' op `output_padding` values must be >= 0, got [-1]}}
  %0 = qnn.conv_transpose1d %x, %w {output_padding = array<i64: -1>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x9xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv_transpose2d
//===----------------------------------------------------------------------===//

func.func @conv_transpose2d_input_rank(%x: tensor<4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op expects an input (N x C_in x spatial) of rank 4, got [4, 8, 8]}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_weight_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3x1xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op expects a weight of rank 4, got [4, 2, 3, 3, 1]}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3x1xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_stride_length(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op expects `stride` to have 2 value(s), got 3}}
  %0 = qnn.conv_transpose2d %x, %w {stride = array<i64: 1, 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_stride_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op `stride` values must be >= 1, got [0, 0]}}
  %0 = qnn.conv_transpose2d %x, %w {stride = array<i64: 0, 0>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op `padding` values must be >= 0, got [-1, -1]}}
  %0 = qnn.conv_transpose2d %x, %w {padding = array<i64: -1, -1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_padding_length(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op expects `padding` to have 2 value(s), got 1}}
  %0 = qnn.conv_transpose2d %x, %w {padding = array<i64: 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_dilation_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op `dilation` values must be >= 1, got [0, 0]}}
  %0 = qnn.conv_transpose2d %x, %w {dilation = array<i64: 0, 0>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op groups must be positive, got 0}}
  %0 = qnn.conv_transpose2d %x, %w {groups = 0 : i64}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_in_channels_mismatch(%x: tensor<1x5x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op weight of size [4, 2, 3, 3] expects an input with 4 channels, but got 5 channels}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x5x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_in_channels_not_divisible_by_groups(%x: tensor<1x3x8x8xf32>, %w: tensor<3x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv_transpose2d %x, %w {groups = 2 : i64}
      : (tensor<1x3x8x8xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_groups_out_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op result has shape [1, 2, 10, 10], expected [1, 4, 10, 10]}}
  %0 = qnn.conv_transpose2d %x, %w {groups = 2 : i64}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_bias_shape(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op bias has shape [3], expected [2]}}
  %0 = qnn.conv_transpose2d %x, %w, %b
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_bias_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<1x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op bias has shape [1, 2], expected [2]}}
  %0 = qnn.conv_transpose2d %x, %w, %b
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<1x2xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

// The bias stays float in the quantized form (torch packs it as float).
func.func @conv_transpose2d_quantized_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op operand #2 must be ranked tensor of floating-point values, but got 'tensor<2x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_transpose2d %x, %w, %b
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_kernel_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x0x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op kernel sizes must be positive, got weight [4, 2, 0, 3]}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<4x2x0x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_output_too_small(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op calculated output size along spatial dimension 0 is 0: the input [1, 4, 8, 8] is too small for kernel [3, 3] with this padding and dilation}}
  %0 = qnn.conv_transpose2d %x, %w {padding = array<i64: 5, 5>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_result_shape(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op result has shape [1, 2, 10, 11], expected [1, 2, 10, 10]}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x11xf32>
  return
}

// -----

func.func @conv_transpose2d_result_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op result has shape [1, 3, 10, 10], expected [1, 2, 10, 10]}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x3x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_quantized_input_float_result(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op input and result must both be float or both be quantized, got 'tensor<1x4x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x2x10x10xf32>'}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_float_input_quantized_result(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op input and result must both be float or both be quantized, got 'tensor<1x4x8x8xf32>' and 'tensor<1x2x10x10x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_transpose2d_quantized_input_float_weight(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op a quantized input needs a quantized weight, got 'tensor<4x2x3x3xf32>'}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv_transpose2d_float_input_quantized_weight(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<4x2x3x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_per_axis_input(%x: tensor<1x4x8x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %w: tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op activations must be quantized per tensor, got 'tensor<1x4x8x8x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x10x10x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_transpose2d_per_axis_result(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op activations must be quantized per tensor, got 'tensor<1x2x10x10x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_transpose2d %x, %w
      : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x10x10x!quant.uniform<u8:f32:1, {0.1, 0.1}>>
  return
}

// -----

// output_padding must be smaller than max(stride, dilation).
func.func @conv_transpose2d_output_padding_vs_stride(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op output padding must be smaller than either stride or dilation, got output_padding [1, 1], stride [1, 1], dilation [1, 1]}}
  %0 = qnn.conv_transpose2d %x, %w {output_padding = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_equals_stride(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op output padding must be smaller than either stride or dilation, got output_padding [2, 2], stride [2, 2], dilation [1, 1]}}
  %0 = qnn.conv_transpose2d %x, %w {stride = array<i64: 2, 2>, output_padding = array<i64: 2, 2>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_length(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op expects `output_padding` to have 2 value(s), got 1}}
  %0 = qnn.conv_transpose2d %x, %w {output_padding = array<i64: 0>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_vs_dilation(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op output padding must be smaller than either stride or dilation, got output_padding [0, 3], stride [2, 2], dilation [3, 3]}}
  %0 = qnn.conv_transpose2d %x, %w {dilation = array<i64: 3, 3>, stride = array<i64: 2, 2>, output_padding = array<i64: 0, 3>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

func.func @conv_transpose2d_output_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op `output_padding` values must be >= 0, got [-1, -1]}}
  %0 = qnn.conv_transpose2d %x, %w {output_padding = array<i64: -1, -1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x10x10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv_transpose3d
//===----------------------------------------------------------------------===//

func.func @conv_transpose3d_input_rank(%x: tensor<2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op expects an input (N x C_in x spatial) of rank 5, got [2, 2, 2, 2]}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_weight_rank(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2x1xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op expects a weight of rank 5, got [2, 3, 2, 2, 2, 1]}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2x1xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_stride_length(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op expects `stride` to have 3 value(s), got 4}}
  %0 = qnn.conv_transpose3d %x, %w {stride = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_stride_zero(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op `stride` values must be >= 1, got [0, 0, 0]}}
  %0 = qnn.conv_transpose3d %x, %w {stride = array<i64: 0, 0, 0>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_padding_negative(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op `padding` values must be >= 0, got [-1, -1, -1]}}
  %0 = qnn.conv_transpose3d %x, %w {padding = array<i64: -1, -1, -1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_padding_length(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op expects `padding` to have 3 value(s), got 1}}
  %0 = qnn.conv_transpose3d %x, %w {padding = array<i64: 1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_dilation_zero(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op `dilation` values must be >= 1, got [0, 0, 0]}}
  %0 = qnn.conv_transpose3d %x, %w {dilation = array<i64: 0, 0, 0>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_groups_zero(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op groups must be positive, got 0}}
  %0 = qnn.conv_transpose3d %x, %w {groups = 0 : i64}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_in_channels_mismatch(%x: tensor<1x3x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op weight of size [2, 3, 2, 2, 2] expects an input with 2 channels, but got 3 channels}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x3x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_in_channels_not_divisible_by_groups(%x: tensor<1x3x2x2x2xf32>, %w: tensor<3x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv_transpose3d %x, %w {groups = 2 : i64}
      : (tensor<1x3x2x2x2xf32>, tensor<3x3x2x2x2xf32>) -> tensor<1x6x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_groups_out_channels(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op result has shape [1, 3, 3, 3, 3], expected [1, 6, 3, 3, 3]}}
  %0 = qnn.conv_transpose3d %x, %w {groups = 2 : i64}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_bias_shape(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op bias has shape [4], expected [3]}}
  %0 = qnn.conv_transpose3d %x, %w, %b
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>, tensor<4xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_kernel_zero(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x0x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op kernel sizes must be positive, got weight [2, 3, 0, 2, 2]}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x0x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_output_too_small(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op calculated output size along spatial dimension 0 is -7: the input [1, 2, 2, 2, 2] is too small for kernel [2, 2, 2] with this padding and dilation}}
  %0 = qnn.conv_transpose3d %x, %w {padding = array<i64: 5, 5, 5>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_result_shape(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op result has shape [1, 3, 3, 3, 4], expected [1, 3, 3, 3, 3]}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x4xf32>
  return
}

// -----

func.func @conv_transpose3d_result_channels(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op result has shape [1, 4, 3, 3, 3], expected [1, 3, 3, 3, 3]}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x4x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_quantized_input_float_result(%x: tensor<1x2x2x2x2x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op input and result must both be float or both be quantized, got 'tensor<1x2x2x2x2x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x3x3x3x3xf32>'}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2x!quant.uniform<u8:f32, 0.02:128>>, tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_float_input_quantized_result(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op input and result must both be float or both be quantized, got 'tensor<1x2x2x2x2xf32>' and 'tensor<1x3x3x3x3x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_transpose3d_quantized_input_float_weight(%x: tensor<1x2x2x2x2x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op a quantized input needs a quantized weight, got 'tensor<2x3x2x2x2xf32>'}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2x!quant.uniform<u8:f32, 0.02:128>>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv_transpose3d_float_input_quantized_weight(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<2x3x2x2x2x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_per_axis_input(%x: tensor<1x2x2x2x2x!quant.uniform<u8:f32:1, {0.1, 0.1}>>, %w: tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op activations must be quantized per tensor, got 'tensor<1x2x2x2x2x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2x!quant.uniform<u8:f32:1, {0.1, 0.1}>>, tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x3x3x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_transpose3d_per_axis_result(%x: tensor<1x2x2x2x2x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op activations must be quantized per tensor, got 'tensor<1x3x3x3x3x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_transpose3d %x, %w
      : (tensor<1x2x2x2x2x!quant.uniform<u8:f32, 0.02:128>>, tensor<2x3x2x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x3x3x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1}>>
  return
}

// -----

// output_padding must be smaller than max(stride, dilation).
func.func @conv_transpose3d_output_padding_vs_stride(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op output padding must be smaller than either stride or dilation, got output_padding [1, 1, 1], stride [1, 1, 1], dilation [1, 1, 1]}}
  %0 = qnn.conv_transpose3d %x, %w {output_padding = array<i64: 1, 1, 1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_output_padding_equals_stride(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op output padding must be smaller than either stride or dilation, got output_padding [2, 2, 2], stride [2, 2, 2], dilation [1, 1, 1]}}
  %0 = qnn.conv_transpose3d %x, %w {stride = array<i64: 2, 2, 2>, output_padding = array<i64: 2, 2, 2>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_output_padding_length(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op expects `output_padding` to have 3 value(s), got 1}}
  %0 = qnn.conv_transpose3d %x, %w {output_padding = array<i64: 0>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_output_padding_vs_dilation(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op output padding must be smaller than either stride or dilation, got output_padding [0, 0, 3], stride [2, 2, 2], dilation [3, 3, 3]}}
  %0 = qnn.conv_transpose3d %x, %w {dilation = array<i64: 3, 3, 3>, stride = array<i64: 2, 2, 2>, output_padding = array<i64: 0, 0, 3>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

func.func @conv_transpose3d_output_padding_negative(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose3d' op `output_padding` values must be >= 0, got [-1, -1, -1]}}
  %0 = qnn.conv_transpose3d %x, %w {output_padding = array<i64: -1, -1, -1>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv_bn1d
//===----------------------------------------------------------------------===//

func.func @conv_bn1d_input_rank(%x: tensor<4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op expects an input (N x C_in x spatial) of rank 3, got [4, 8]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_weight_rank(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3x1xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op expects a weight of rank 3, got [8, 4, 3, 1]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3x1xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_stride_length(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op expects `stride` to have 1 value(s), got 2}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {stride = array<i64: 1, 1>}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_stride_zero(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op `stride` values must be >= 1, got [0]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {stride = array<i64: 0>}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_padding_negative(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op `padding` values must be >= 0, got [-1]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {padding = array<i64: -1>}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_dilation_zero(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op `dilation` values must be >= 1, got [0]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {dilation = array<i64: 0>}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_groups_zero(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op groups must be positive, got 0}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 0 : i64}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_in_channels_mismatch(%x: tensor<1x5x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op given groups=1, weight of size [8, 4, 3] expects an input with 4 channels, but got 5 channels}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x5x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_out_channels_not_divisible_by_groups(%x: tensor<1x8x8xf32>, %w: tensor<9x4x3xf32>, %b: tensor<9xf32>, %g: tensor<9xf32>, %bb: tensor<9xf32>, %m: tensor<9xf32>, %v: tensor<9xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op out_channels (9) must be divisible by groups (2)}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x8x8xf32>, tensor<9x4x3xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>) -> tensor<1x9x6xf32>
  return
}

// -----

func.func @conv_bn1d_in_channels_not_divisible_by_groups(%x: tensor<1x3x8xf32>, %w: tensor<8x?x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x3x8xf32>, tensor<8x?x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_groups_channel_mismatch(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op given groups=2, weight of size [8, 4, 3] expects an input with 8 channels, but got 4 channels}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_bias_shape(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<9xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op bias has shape [9], expected [8]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<9xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_kernel_zero(%x: tensor<1x4x8xf32>, %w: tensor<8x4x0xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op kernel sizes must be positive, got weight [8, 4, 0]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x0xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_output_too_small(%x: tensor<1x4x8xf32>, %w: tensor<8x4x9xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op calculated output size along spatial dimension 0 is 0: the input [1, 4, 8] is too small for kernel [9] with this padding and dilation}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x9xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_result_shape(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op result has shape [1, 8, 7], expected [1, 8, 6]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x7xf32>
  return
}

// -----

func.func @conv_bn1d_result_channels(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op result has shape [1, 9, 6], expected [1, 8, 6]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x9x6xf32>
  return
}

// -----

func.func @conv_bn1d_quantized_input_float_result(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op input and result must both be float or both be quantized, got 'tensor<1x4x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x6xf32>'}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_float_input_quantized_result(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op input and result must both be float or both be quantized, got 'tensor<1x4x8xf32>' and 'tensor<1x8x6x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn1d_quantized_input_float_weight(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op a quantized input needs a quantized weight, got 'tensor<8x4x3xf32>'}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv_bn1d_float_input_quantized_weight(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<8x4x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_per_axis_input(%x: tensor<1x4x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op activations must be quantized per tensor, got 'tensor<1x4x8x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn1d_per_axis_result(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op activations must be quantized per tensor, got 'tensor<1x8x6x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

// Forward convolutions quantize the weight per output channel (axis 0).
func.func @conv_bn1d_weight_axis_1(%x: tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x4x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x4x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1, 0.1}>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn1d_bn_weight_shape(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<9xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op bn_weight has shape [9], expected [8]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<9xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_bn_bias_shape(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<7xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op bn_bias has shape [7], expected [8]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<7xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_running_mean_shape(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<1x8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op running_mean has shape [1, 8], expected [8]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<1x8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_running_var_shape(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<1xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op running_var has shape [1], expected [8]}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<1xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

func.func @conv_bn1d_eps_negative(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn1d' op eps must be non-negative}}
  %0 = qnn.conv_bn1d %x, %w, bias %b, bn(%g, %bb, %m, %v) {eps = -1.0e-05}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv_bn2d
//===----------------------------------------------------------------------===//

func.func @conv_bn2d_input_rank(%x: tensor<3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op expects an input (N x C_in x spatial) of rank 4, got [3, 8, 8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_weight_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3x1xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op expects a weight of rank 4, got [8, 3, 3, 3, 1]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3x1xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_stride_length(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op expects `stride` to have 2 value(s), got 3}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {stride = array<i64: 1, 1, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_stride_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op `stride` values must be >= 1, got [0, 0]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {stride = array<i64: 0, 0>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_padding_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op `padding` values must be >= 0, got [-1, -1]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {padding = array<i64: -1, -1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_padding_length(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op expects `padding` to have 2 value(s), got 1}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {padding = array<i64: 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_dilation_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op `dilation` values must be >= 1, got [0, 0]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {dilation = array<i64: 0, 0>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_groups_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op groups must be positive, got 0}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 0 : i64}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_in_channels_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op given groups=1, weight of size [8, 3, 3, 3] expects an input with 3 channels, but got 4 channels}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_out_channels_not_divisible_by_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<9x3x3x3xf32>, %b: tensor<9xf32>, %g: tensor<9xf32>, %bb: tensor<9xf32>, %m: tensor<9xf32>, %v: tensor<9xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op out_channels (9) must be divisible by groups (2)}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x6x8x8xf32>, tensor<9x3x3x3xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>, tensor<9xf32>) -> tensor<1x9x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_in_channels_not_divisible_by_groups(%x: tensor<1x5x8x8xf32>, %w: tensor<8x?x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op in_channels (5) must be divisible by groups (2)}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x5x8x8xf32>, tensor<8x?x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_groups_channel_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op given groups=2, weight of size [8, 3, 3, 3] expects an input with 6 channels, but got 3 channels}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<9xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op bias has shape [9], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<9xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<1x8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op bias has shape [1, 8], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

// The bias stays float in the quantized form (torch packs it as float).
func.func @conv_bn2d_quantized_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8x!quant.uniform<i8:f32, 0.1>>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op operand #2 must be ranked tensor of floating-point values, but got 'tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_kernel_zero(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x0x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op kernel sizes must be positive, got weight [8, 3, 0, 3]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x0x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_output_too_small(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x9x9xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op calculated output size along spatial dimension 0 is 0: the input [1, 3, 8, 8] is too small for kernel [9, 9] with this padding and dilation}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x9x9xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_result_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op result has shape [1, 8, 6, 7], expected [1, 8, 6, 6]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x7xf32>
  return
}

// -----

func.func @conv_bn2d_result_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op result has shape [1, 9, 6, 6], expected [1, 8, 6, 6]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x9x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_quantized_input_float_result(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op input and result must both be float or both be quantized, got 'tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x6x6xf32>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_float_input_quantized_result(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op input and result must both be float or both be quantized, got 'tensor<1x3x8x8xf32>' and 'tensor<1x8x6x6x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn2d_quantized_input_float_weight(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op a quantized input needs a quantized weight, got 'tensor<8x3x3x3xf32>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv_bn2d_float_input_quantized_weight(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<8x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_per_axis_input(%x: tensor<1x3x8x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1}>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op activations must be quantized per tensor, got 'tensor<1x3x8x8x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1}>>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn2d_per_axis_result(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op activations must be quantized per tensor, got 'tensor<1x8x6x6x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

// Forward convolutions quantize the weight per output channel (axis 0).
func.func @conv_bn2d_weight_axis_1(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<8x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1}>>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<8x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1, 0.1}>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn2d_bn_weight_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<9xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op bn_weight has shape [9], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<9xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_bn_bias_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<7xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op bn_bias has shape [7], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<7xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_running_mean_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<1x8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op running_mean has shape [1, 8], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<1x8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_running_var_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<1xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op running_var has shape [1], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<1xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv_bn2d_eps_negative(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op eps must be non-negative}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %bb, %m, %v) {eps = -1.0e-05}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

// BatchNorm parameters are float.
func.func @conv_bn2d_bn_weight_quantized(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8x!quant.uniform<i8:f32, 0.1>>, %v: tensor<8xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op operand #3 must be ranked tensor of floating-point values, but got 'tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_bn2d %x, %w, bias %b, bn(%g, %v, %v, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8x!quant.uniform<i8:f32, 0.1>>,
         tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.conv_bn3d
//===----------------------------------------------------------------------===//

func.func @conv_bn3d_input_rank(%x: tensor<2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op expects an input (N x C_in x spatial) of rank 5, got [2, 4, 4, 4]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_weight_rank(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3x1xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op expects a weight of rank 5, got [4, 2, 3, 3, 3, 1]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3x1xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_stride_length(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op expects `stride` to have 3 value(s), got 4}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {stride = array<i64: 1, 1, 1, 1>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_stride_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op `stride` values must be >= 1, got [0, 0, 0]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {stride = array<i64: 0, 0, 0>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_padding_negative(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op `padding` values must be >= 0, got [-1, -1, -1]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {padding = array<i64: -1, -1, -1>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_padding_length(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op expects `padding` to have 3 value(s), got 1}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {padding = array<i64: 1>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_dilation_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op `dilation` values must be >= 1, got [0, 0, 0]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {dilation = array<i64: 0, 0, 0>}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_groups_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op groups must be positive, got 0}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 0 : i64}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_in_channels_mismatch(%x: tensor<1x3x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op given groups=1, weight of size [4, 2, 3, 3, 3] expects an input with 2 channels, but got 3 channels}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x3x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_out_channels_not_divisible_by_groups(%x: tensor<1x4x4x4x4xf32>, %w: tensor<5x2x3x3x3xf32>, %b: tensor<5xf32>, %g: tensor<5xf32>, %bb: tensor<5xf32>, %m: tensor<5xf32>, %v: tensor<5xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op out_channels (5) must be divisible by groups (2)}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x4x4x4x4xf32>, tensor<5x2x3x3x3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<1x5x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_in_channels_not_divisible_by_groups(%x: tensor<1x3x4x4x4xf32>, %w: tensor<4x?x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op in_channels (3) must be divisible by groups (2)}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x3x4x4x4xf32>, tensor<4x?x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_groups_channel_mismatch(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op given groups=2, weight of size [4, 2, 3, 3, 3] expects an input with 4 channels, but got 2 channels}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {groups = 2 : i64}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_bias_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<5xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op bias has shape [5], expected [4]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_kernel_zero(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x0x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op kernel sizes must be positive, got weight [4, 2, 0, 3, 3]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x0x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_output_too_small(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x9x9x9xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op calculated output size along spatial dimension 0 is 0: the input [1, 2, 4, 4, 4] is too small for kernel [9, 9, 9] with this padding and dilation}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x9x9x9xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_result_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op result has shape [1, 4, 2, 2, 3], expected [1, 4, 2, 2, 2]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x3xf32>
  return
}

// -----

func.func @conv_bn3d_result_channels(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op result has shape [1, 5, 2, 2, 2], expected [1, 4, 2, 2, 2]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x5x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_quantized_input_float_result(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op input and result must both be float or both be quantized, got 'tensor<1x2x4x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x4x2x2x2xf32>'}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_float_input_quantized_result(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op input and result must both be float or both be quantized, got 'tensor<1x2x4x4x4xf32>' and 'tensor<1x4x2x2x2x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn3d_quantized_input_float_weight(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op a quantized input needs a quantized weight, got 'tensor<4x2x3x3x3xf32>'}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

// Convolutions have no dynamically quantized form.
func.func @conv_bn3d_float_input_quantized_weight(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op a float input needs a float weight (this op has no dynamically quantized form), got 'tensor<4x2x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>'}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_per_axis_input(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32:1, {0.1, 0.1}>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op activations must be quantized per tensor, got 'tensor<1x2x4x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32:1, {0.1, 0.1}>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn3d_per_axis_result(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op activations must be quantized per tensor, got 'tensor<1x4x2x2x2x!quant.uniform<u8:f32:1, {1.000000e-01,1.000000e-01,1.000000e-01,1.000000e-01}>>'}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32:1, {0.1, 0.1, 0.1, 0.1}>>
  return
}

// -----

// Forward convolutions quantize the weight per output channel (axis 0).
func.func @conv_bn3d_weight_axis_1(%x: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<4x2x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1}>>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op weight must be quantized per tensor or along axis 0, got axis 1}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32:1, {0.1, 0.1}>>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @conv_bn3d_bn_weight_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<5xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op bn_weight has shape [5], expected [4]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_bn_bias_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<3xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op bn_bias has shape [3], expected [4]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_running_mean_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<1x4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op running_mean has shape [1, 4], expected [4]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_running_var_shape(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<1xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op running_var has shape [1], expected [4]}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v)
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

func.func @conv_bn3d_eps_negative(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<4xf32>, %bb: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn3d' op eps must be non-negative}}
  %0 = qnn.conv_bn3d %x, %w, bias %b, bn(%g, %bb, %m, %v) {eps = -1.0e-05}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return
}

// -----

// conv_bn without a conv bias.
func.func @conv_bn2d_no_bias_running_var_shape(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %g: tensor<8xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.conv_bn2d' op running_var has shape [4], expected [8]}}
  %0 = qnn.conv_bn2d %x, %w, bn(%g, %g, %g, %v)
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

// The output size arithmetic must not wrap around to a plausible size.
func.func @conv_transpose_stride_overflow(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+1 {{'qnn.conv_transpose2d' op calculated output size along spatial dimension 0 is too large}}
  %0 = qnn.conv_transpose2d %x, %w {stride = array<i64: 2635249153387078803, 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x10xf32>
  return
}
