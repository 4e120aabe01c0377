// RUN: qnn-opt %s -split-input-file -verify-diagnostics

// Negative tests for pooling and resizing (max_pool2d, avg_pool2d,
// adaptive_avg_pool2d, interpolate), FloatFunctional arithmetic (add, mul,
// add_relu, add_scalar, mul_scalar, cat) and the shape ops (flatten, reshape,
// permute, slice).

//===----------------------------------------------------------------------===//
// qnn.max_pool2d
//===----------------------------------------------------------------------===//

func.func @max_pool_rank_2(%x: tensor<8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op expects a 3-D or 4-D input (N x C x H x W), got [8, 8]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<8x8xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @max_pool_rank_5(%x: tensor<1x1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op expects a 3-D or 4-D input (N x C x H x W), got [1, 1, 8, 8, 8]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x1x8x8x8xf32> -> tensor<1x1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_missing_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op requires attribute 'kernel_size'}}
  %0 = qnn.max_pool2d %x : tensor<1x8x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @max_pool_kernel_length(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op expects `kernel_size` to have 2 values, got 1}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_kernel_zero(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op `kernel_size` values must be >= 1, got [0, 2]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 0, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_stride_zero(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op `stride` values must be >= 1, got [0, 2]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 0, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_stride_length(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op expects `stride` to have 2 values, got 3}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_padding_negative(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op `padding` values must be >= 0, got [-1, 0]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>, padding = array<i64: -1, 0>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_padding_length(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op expects `padding` to have 2 values, got 3}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>, padding = array<i64: 0, 0, 0>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @max_pool_dilation_zero(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op `dilation` values must be >= 1, got [1, 0]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>, dilation = array<i64: 1, 0>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

// pad should be at most half of the effective kernel size.
func.func @max_pool_padding_over_half_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op pad should be at most half of kernel size, got padding [2, 2] for kernel [3, 3]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x5x5xf32>
  return
}

// -----

func.func @max_pool_padding_over_half_kernel_2(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op pad should be at most half of kernel size, got padding [1, 2] for kernel [2, 2]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>, padding = array<i64: 1, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x5x4xf32>
  return
}

// -----

func.func @max_pool_output_too_small(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op output size is too small: input [1, 8, 2, 2] gives 0 along spatial dimension 0}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 3, 3>} : tensor<1x8x2x2xf32> -> tensor<1x8x0x0xf32>
  return
}

// -----

func.func @max_pool_output_too_small_dilation(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op output size is too small: input [1, 8, 4, 4] gives 0 along spatial dimension 0}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 3, 3>, dilation = array<i64: 2, 2>} : tensor<1x8x4x4xf32> -> tensor<1x8x1x1xf32>
  return
}

// -----

// ceil_mode rounds the output size up: 5, not 4.
func.func @max_pool_result_shape(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op result has shape [1, 8, 4, 4], expected [1, 8, 5, 5]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, ceil_mode} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

// stride defaults to the kernel size.
func.func @max_pool_result_default_stride(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op result has shape [1, 8, 6, 6], expected [1, 8, 2, 2]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 3, 3>} : tensor<1x8x8x8xf32> -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @max_pool_result_channels(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool2d' op result has shape [1, 4, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @max_pool_quantized_input_float_result(%x: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op input and result must both be float or both be quantized, got 'tensor<1x8x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4xf32>
  return
}

// -----

// Quantized max_pool2d keeps the input's qparams.
func.func @max_pool_requantizes(%x: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @max_pool_per_axis(%x: tensor<1x2x8x8x!quant.uniform<u8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.max_pool2d' op activations must be quantized per tensor, got 'tensor<1x2x8x8x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.max_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x2x8x8x!quant.uniform<u8:f32:1, {0.1, 0.2}>> -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.avg_pool2d
//===----------------------------------------------------------------------===//

func.func @avg_pool_divisor_zero(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op divisor must be not zero}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>, divisor_override = 0 : i64} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @avg_pool_padding_over_half_kernel(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op pad should be at most half of kernel size, got padding [2, 2] for kernel [3, 3]}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x5x5xf32>
  return
}

// -----

// avg_pool2d has no dilation: half of kernel_size itself.
func.func @avg_pool_padding_over_half_kernel_no_dilation(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op pad should be at most half of kernel size, got padding [1, 1] for kernel [1, 1]}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 1, 1>, padding = array<i64: 1, 1>} : tensor<1x8x8x8xf32> -> tensor<1x8x9x9xf32>
  return
}

// -----

func.func @avg_pool_kernel_length(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op expects `kernel_size` to have 2 values, got 3}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @avg_pool_stride_negative(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op `stride` values must be >= 1, got [-2, 2]}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>, stride = array<i64: -2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @avg_pool_output_too_small(%x: tensor<1x8x1x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op output size is too small: input [1, 8, 1, 8] gives 0 along spatial dimension 0}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x1x8xf32> -> tensor<1x8x0x4xf32>
  return
}

// -----

func.func @avg_pool_result_shape(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op result has shape [1, 8, 8, 8], expected [1, 8, 4, 4]}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @avg_pool_result_ceil_mode(%x: tensor<1x8x7x7xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op result has shape [1, 8, 3, 3], expected [1, 8, 4, 4]}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>, ceil_mode} : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  return
}

// -----

func.func @avg_pool_float_input_quantized_result(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op input and result must both be float or both be quantized, got 'tensor<1x8x8x8xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @avg_pool_requantizes(%x: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>} : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @avg_pool_count_include_pad_type(%x: tensor<1x8x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool2d' op attribute 'count_include_pad' failed to satisfy constraint: bool attribute}}
  %0 = qnn.avg_pool2d %x {kernel_size = array<i64: 2, 2>, count_include_pad = 1 : i64} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.adaptive_avg_pool2d
//===----------------------------------------------------------------------===//

func.func @adaptive_output_size_length(%x: tensor<1x512x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op expects `output_size` to have 2 values, got 1}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 1>} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @adaptive_output_size_zero(%x: tensor<1x512x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op `output_size` values must be >= 1, got [0, 1]}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 0, 1>} : tensor<1x512x7x7xf32> -> tensor<1x512x0x1xf32>
  return
}

// -----

func.func @adaptive_result_shape(%x: tensor<1x512x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op result has shape [1, 512, 1, 1], expected [1, 512, 2, 2]}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 2, 2>} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @adaptive_result_flattened(%x: tensor<1x512x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op result has shape [1, 512], expected [1, 512, 1, 1]}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : tensor<1x512x7x7xf32> -> tensor<1x512xf32>
  return
}

// -----

func.func @adaptive_rank_5(%x: tensor<1x1x512x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op expects a 3-D or 4-D input (N x C x H x W), got [1, 1, 512, 7, 7]}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : tensor<1x1x512x7x7xf32> -> tensor<1x1x512x1x1xf32>
  return
}

// -----

func.func @adaptive_missing_output_size(%x: tensor<1x512x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op requires attribute 'output_size'}}
  %0 = qnn.adaptive_avg_pool2d %x : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @adaptive_requantizes(%x: tensor<1x512x7x7x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : tensor<1x512x7x7x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x512x1x1x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @adaptive_quantized_input_float_result(%x: tensor<1x512x7x7x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool2d' op input and result must both be float or both be quantized, got 'tensor<1x512x7x7x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x512x1x1xf32>'}}
  %0 = qnn.adaptive_avg_pool2d %x {output_size = array<i64: 1, 1>} : tensor<1x512x7x7x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x512x1x1xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.interpolate
//===----------------------------------------------------------------------===//

func.func @interpolate_neither_size_nor_scale(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op exactly one of size and scale_factor must be given}}
  %0 = qnn.interpolate %x : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_both_size_and_scale(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op exactly one of size and scale_factor must be given}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>, scale_factor = array<f64: 2.0, 2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_align_corners_nearest(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op align_corners option can only be set with the interpolating modes: bilinear}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>, align_corners = true} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// PyTorch rejects any align_corners value (even False) with nearest.
func.func @interpolate_align_corners_false_nearest(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op align_corners option can only be set with the interpolating modes: bilinear}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>, mode = #qnn<interpolate_mode nearest>, align_corners = false} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_bilinear_3d(%x: tensor<8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op expects a 4-D input (N x C x H x W) for 2-D resizing}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>, mode = #qnn<interpolate_mode bilinear>} : tensor<8x4x4xf32> -> tensor<8x8x8xf32>
  return
}

// -----

func.func @interpolate_rank_2(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op expects a 3-D or 4-D input (N x C x H x W), got [4, 4]}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>} : tensor<4x4xf32> -> tensor<8x8xf32>
  return
}

// -----

func.func @interpolate_size_length(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op expects `size` to have 2 values, got 1}}
  %0 = qnn.interpolate %x {size = array<i64: 8>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_size_zero(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op `size` values must be >= 1, got [0, 8]}}
  %0 = qnn.interpolate %x {size = array<i64: 0, 8>} : tensor<1x8x4x4xf32> -> tensor<1x8x0x8xf32>
  return
}

// -----

func.func @interpolate_scale_length(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op expects `scale_factor` to have 2 values, got 1}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_scale_zero(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op scale_factor must be positive and finite, got 0.000000e+00}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 0.0, 2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x0x8xf32>
  return
}

// -----

func.func @interpolate_scale_negative(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op scale_factor must be positive and finite, got -2.000000e+00}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 2.0, -2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_scale_inf(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op scale_factor must be positive and finite, got INF}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 0x7FF0000000000000, 2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_scale_nan(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op scale_factor must be positive and finite, got nan}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 0x7FF8000000000000, 2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

// floor(4 * 0.2) = 0.
func.func @interpolate_scale_empty_output(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op scale_factor 2.000000e-01 gives an empty output}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 2.0, 0.2>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_result_shape_size(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op result has shape [1, 8, 8, 4], expected [1, 8, 8, 8]}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x4xf32>
  return
}

// -----

func.func @interpolate_result_shape_scale(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op result has shape [1, 8, 8, 8], expected [1, 8, 10, 8]}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 2.5, 2.0>, mode = #qnn<interpolate_mode bilinear>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_requantizes(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.interpolate' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @interpolate_float_input_quantized_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @interpolate_unknown_mode(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+2 {{expected ::mlir::qnn::InterpolateMode to be one of: nearest, bilinear}}
  // expected-error @+1 {{failed to parse QNN_InterpolateModeAttr parameter 'value' which is to be a `::mlir::qnn::InterpolateMode`}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>, mode = #qnn<interpolate_mode bicubic>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_mode_string(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op attribute 'mode' failed to satisfy constraint: interpolation mode of torch.nn.functional.interpolate}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>, mode = "bilinear"} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_size_float(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op attribute 'size' failed to satisfy constraint: i64 dense array attribute}}
  %0 = qnn.interpolate %x {size = array<f64: 8.0, 8.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.add
//===----------------------------------------------------------------------===//

func.func @add_not_broadcastable(%a: tensor<1x8x4x4xf32>, %b: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{'qnn.add' op operand shapes [1, 8, 4, 4] and [1, 4, 4, 4] are not broadcastable}}
  %0 = qnn.add %a, %b : (tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @add_result_shape(%a: tensor<1x8x4x4xf32>, %b: tensor<8x1x1xf32>) {
  // expected-error @+1 {{'qnn.add' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.add %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<8x4x4xf32>
  return
}

// -----

func.func @add_quantized_lhs_float_rhs(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.add' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.add %a, %b : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @add_float_lhs_quantized_rhs(%a: tensor<1x8x4x4xf32>, %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.add' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.add %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @add_quantized_operands_float_result(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.add' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.add %a, %b : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @add_per_axis_lhs(%a: tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, %b: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.add' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.add %a, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @add_per_axis_result(%a: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.add' op activations must be quantized per tensor, got 'tensor<1x2x4x4x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.add %a, %b : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x2x4x4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x2x4x4x!quant.uniform<u8:f32:1, {0.1, 0.2}>>
  return
}

// -----

func.func @add_broadcast_trailing(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+1 {{'qnn.add' op operand shapes [2, 3] and [2] are not broadcastable}}
  %0 = qnn.add %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.mul
//===----------------------------------------------------------------------===//

func.func @mul_not_broadcastable(%a: tensor<1x8x4x4xf32>, %b: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{'qnn.mul' op operand shapes [1, 8, 4, 4] and [1, 4, 4, 4] are not broadcastable}}
  %0 = qnn.mul %a, %b : (tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @mul_result_shape(%a: tensor<1x8x4x4xf32>, %b: tensor<8x1x1xf32>) {
  // expected-error @+1 {{'qnn.mul' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.mul %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<8x4x4xf32>
  return
}

// -----

func.func @mul_quantized_lhs_float_rhs(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.mul' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.mul %a, %b : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @mul_float_lhs_quantized_rhs(%a: tensor<1x8x4x4xf32>, %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.mul' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.mul %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @mul_quantized_operands_float_result(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.mul' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.mul %a, %b : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.add_relu
//===----------------------------------------------------------------------===//

func.func @add_relu_not_broadcastable(%a: tensor<1x8x4x4xf32>, %b: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{'qnn.add_relu' op operand shapes [1, 8, 4, 4] and [1, 4, 4, 4] are not broadcastable}}
  %0 = qnn.add_relu %a, %b : (tensor<1x8x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @add_relu_result_shape(%a: tensor<1x8x4x4xf32>, %b: tensor<8x1x1xf32>) {
  // expected-error @+1 {{'qnn.add_relu' op result has shape [8, 4, 4], expected [1, 8, 4, 4]}}
  %0 = qnn.add_relu %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<8x4x4xf32>
  return
}

// -----

func.func @add_relu_quantized_lhs_float_rhs(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.add_relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4xf32>' and 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.add_relu %a, %b : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @add_relu_float_lhs_quantized_rhs(%a: tensor<1x8x4x4xf32>, %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.add_relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.add_relu %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @add_relu_quantized_operands_float_result(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.add_relu' op input and result must both be float or both be quantized, got 'tensor<1x8x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x8x4x4xf32>'}}
  %0 = qnn.add_relu %a, %b : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) -> tensor<1x8x4x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.add_scalar
//===----------------------------------------------------------------------===//

func.func @add_scalar_result_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.add_scalar' op result has shape [5], expected [4]}}
  %0 = qnn.add_scalar %x {scalar = 2.0} : tensor<4xf32> -> tensor<5xf32>
  return
}

// -----

func.func @add_scalar_quantized_input_float_result(%x: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.add_scalar' op input and result must both be float or both be quantized, got 'tensor<4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<4xf32>'}}
  %0 = qnn.add_scalar %x {scalar = 2.0} : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4xf32>
  return
}

// -----

func.func @add_scalar_missing_scalar(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.add_scalar' op requires attribute 'scalar'}}
  %0 = qnn.add_scalar %x : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @add_scalar_integer_scalar(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.add_scalar' op attribute 'scalar' failed to satisfy constraint: 64-bit float attribute}}
  %0 = qnn.add_scalar %x {scalar = 2 : i64} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.mul_scalar
//===----------------------------------------------------------------------===//

func.func @mul_scalar_result_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.mul_scalar' op result has shape [5], expected [4]}}
  %0 = qnn.mul_scalar %x {scalar = 2.0} : tensor<4xf32> -> tensor<5xf32>
  return
}

// -----

func.func @mul_scalar_quantized_input_float_result(%x: tensor<4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.mul_scalar' op input and result must both be float or both be quantized, got 'tensor<4x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<4xf32>'}}
  %0 = qnn.mul_scalar %x {scalar = 2.0} : tensor<4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<4xf32>
  return
}

// -----

func.func @mul_scalar_missing_scalar(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.mul_scalar' op requires attribute 'scalar'}}
  %0 = qnn.mul_scalar %x : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @mul_scalar_integer_scalar(%x: tensor<4xf32>) {
  // expected-error @+1 {{'qnn.mul_scalar' op attribute 'scalar' failed to satisfy constraint: 64-bit float attribute}}
  %0 = qnn.mul_scalar %x {scalar = 2 : i64} : tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.cat
//===----------------------------------------------------------------------===//

func.func @cat_no_inputs() {
  // expected-error @+1 {{'qnn.cat' op expects at least one input}}
  %0 = qnn.cat {dim = 0 : i64} : () -> tensor<4xf32>
  return
}

// -----

func.func @cat_dim_out_of_range(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op dim 4 is out of range for rank 4}}
  %0 = qnn.cat %a0, %a1 {dim = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @cat_negative_dim_out_of_range(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op dim -5 is out of range for rank 4}}
  %0 = qnn.cat %a0, %a1 {dim = -5 : i64} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @cat_rank_mismatch(%a0: tensor<1x4x8x8xf32>, %a1: tensor<4x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op input #1 has rank 3, expected 4}}
  %0 = qnn.cat %a0, %a1 {dim = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<4x8x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @cat_size_mismatch(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x2x8x7xf32>) {
  // expected-error @+1 {{'qnn.cat' op sizes of tensors must match except in dimension 1: input #1 has shape [1, 2, 8, 7]}}
  %0 = qnn.cat %a0, %a1 {dim = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x2x8x7xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

// dim defaults to 0.
func.func @cat_size_mismatch_default_dim(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op sizes of tensors must match except in dimension 0: input #1 has shape [1, 2, 8, 8]}}
  %0 = qnn.cat %a0, %a1 : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<2x6x8x8xf32>
  return
}

// -----

func.func @cat_result_shape(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op result has shape [1, 8, 8, 8], expected [1, 6, 8, 8]}}
  %0 = qnn.cat %a0, %a1 {dim = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @cat_result_shape_negative_dim(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x4x8x2xf32>) {
  // expected-error @+1 {{'qnn.cat' op result has shape [1, 4, 8, 8], expected [1, 4, 8, 10]}}
  %0 = qnn.cat %a0, %a1 {dim = -1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x4x8x2xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @cat_quantized_and_float(%a0: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, %a1: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op input and result must both be float or both be quantized, got 'tensor<1x2x8x8xf32>' and 'tensor<1x6x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.cat %a0, %a1 {dim = 1 : i64} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @cat_float_inputs_quantized_result(%a0: tensor<1x4x8x8xf32>, %a1: tensor<1x2x8x8xf32>) {
  // expected-error @+1 {{'qnn.cat' op input and result must both be float or both be quantized, got 'tensor<1x4x8x8xf32>' and 'tensor<1x6x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.cat %a0, %a1 {dim = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @cat_per_axis_input(%a0: tensor<1x2x8x8x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, %a1: tensor<1x2x8x8x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.cat' op activations must be quantized per tensor, got 'tensor<1x2x8x8x!quant.uniform<u8:f32:1, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.cat %a0, %a1 {dim = 1 : i64} : (tensor<1x2x8x8x!quant.uniform<u8:f32:1, {0.1, 0.2}>>, tensor<1x2x8x8x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.flatten
//===----------------------------------------------------------------------===//

func.func @flatten_start_after_end(%x: tensor<1x512x1x1xf32>) {
  // expected-error @+1 {{'qnn.flatten' op start_dim cannot come after end_dim}}
  %0 = qnn.flatten %x {start_dim = 2 : i64, end_dim = 1 : i64} : tensor<1x512x1x1xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @flatten_start_after_end_negative(%x: tensor<1x512x1x1xf32>) {
  // expected-error @+1 {{'qnn.flatten' op start_dim cannot come after end_dim}}
  %0 = qnn.flatten %x {start_dim = -1 : i64, end_dim = -2 : i64} : tensor<1x512x1x1xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @flatten_start_out_of_range(%x: tensor<1x512x1x1xf32>) {
  // expected-error @+1 {{'qnn.flatten' op start_dim 4 is out of range for rank 4}}
  %0 = qnn.flatten %x {start_dim = 4 : i64} : tensor<1x512x1x1xf32> -> tensor<512xf32>
  return
}

// -----

func.func @flatten_end_out_of_range(%x: tensor<1x512x1x1xf32>) {
  // expected-error @+1 {{'qnn.flatten' op end_dim -5 is out of range for rank 4}}
  %0 = qnn.flatten %x {start_dim = 0 : i64, end_dim = -5 : i64} : tensor<1x512x1x1xf32> -> tensor<512xf32>
  return
}

// -----

// nn.Flatten's start_dim = 1 does not exist for a 0-d tensor.
func.func @flatten_rank_0_default_start(%x: tensor<f32>) {
  // expected-error @+1 {{'qnn.flatten' op start_dim 1 is out of range for rank 1}}
  %0 = qnn.flatten %x : tensor<f32> -> tensor<1xf32>
  return
}

// -----

func.func @flatten_result_shape(%x: tensor<1x512x2x2xf32>) {
  // expected-error @+1 {{'qnn.flatten' op result has shape [1, 512], expected [1, 2048]}}
  %0 = qnn.flatten %x : tensor<1x512x2x2xf32> -> tensor<1x512xf32>
  return
}

// -----

func.func @flatten_result_shape_start_0(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'qnn.flatten' op result has shape [6, 4], expected [24]}}
  %0 = qnn.flatten %x {start_dim = 0 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return
}

// -----

func.func @flatten_result_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'qnn.flatten' op result has shape [], expected [1]}}
  %0 = qnn.flatten %x {start_dim = 0 : i64} : tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @flatten_requantizes(%x: tensor<1x512x1x1x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.flatten' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.flatten %x : tensor<1x512x1x1x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x512x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @flatten_quantized_input_float_result(%x: tensor<1x512x1x1x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.flatten' op input and result must both be float or both be quantized, got 'tensor<1x512x1x1x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<1x512xf32>'}}
  %0 = qnn.flatten %x : tensor<1x512x1x1x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x512xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.reshape
//===----------------------------------------------------------------------===//

func.func @reshape_element_count(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'qnn.reshape' op shape [5, 4] is invalid for input of size 24}}
  %0 = qnn.reshape %x : tensor<2x3x4xf32> -> tensor<5x4xf32>
  return
}

// -----

func.func @reshape_element_count_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'qnn.reshape' op shape [2] is invalid for input of size 1}}
  %0 = qnn.reshape %x : tensor<f32> -> tensor<2xf32>
  return
}

// -----

func.func @reshape_requantizes(%x: tensor<2x3x4x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.reshape' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.reshape %x : tensor<2x3x4x!quant.uniform<u8:f32, 0.02:128>> -> tensor<6x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @reshape_float_input_quantized_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'qnn.reshape' op input and result must both be float or both be quantized, got 'tensor<2x3x4xf32>' and 'tensor<6x4x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.reshape %x : tensor<2x3x4xf32> -> tensor<6x4x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @reshape_per_axis(%x: tensor<2x3x!quant.uniform<u8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.reshape' op result must keep the input's quantization parameters '!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01}>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01}>'; use qnn.requantize to change them}}
  %0 = qnn.reshape %x : tensor<2x3x!quant.uniform<u8:f32:0, {0.1, 0.2}>> -> tensor<3x2x!quant.uniform<u8:f32:0, {0.1, 0.2, 0.3}>>
  return
}

// -----

func.func @cat_zero_dim(%a: tensor<f32>, %b: tensor<f32>) {
  // expected-error @+1 {{'qnn.cat' op zero-dimensional tensors cannot be concatenated}}
  %0 = qnn.cat %a, %b : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @interpolate_scale_overflow(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op scale_factor 1.000000e+300 gives an output that is too large}}
  %0 = qnn.interpolate %x {scale_factor = array<f64: 1.0e300, 2.0>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @interpolate_3d(%x: tensor<8x4x4xf32>) {
  // expected-error @+1 {{'qnn.interpolate' op expects a 4-D input (N x C x H x W) for 2-D resizing}}
  %0 = qnn.interpolate %x {size = array<i64: 8, 8>} : tensor<8x4x4xf32> -> tensor<8x8x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.permute
//===----------------------------------------------------------------------===//

func.func @permute_dims_count(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'qnn.permute' op dims has 2 entries, expected one per input dimension (3)}}
  %0 = qnn.permute %x {dims = array<i64: 1, 0>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @permute_dim_out_of_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'qnn.permute' op dims entry 3 is out of range for rank 3}}
  %0 = qnn.permute %x {dims = array<i64: 0, 3, 1>} : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
  return
}

// -----

func.func @permute_repeated_dim(%x: tensor<2x3x4xf32>) {
  // -1 and 2 name the same dimension.
  // expected-error @+1 {{'qnn.permute' op dims is not a permutation: dimension 2 appears twice}}
  %0 = qnn.permute %x {dims = array<i64: 2, 0, -1>} : tensor<2x3x4xf32> -> tensor<4x2x4xf32>
  return
}

// -----

func.func @permute_result_shape(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'qnn.permute' op result has shape [3, 2, 4], expected [4, 2, 3]}}
  %0 = qnn.permute %x {dims = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  return
}

// -----

func.func @permute_missing_dims(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.permute' op requires attribute 'dims'}}
  %0 = qnn.permute %x : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @permute_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.permute' op result element type 'f16' must equal the input's 'f32'}}
  %0 = qnn.permute %x {dims = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf16>
  return
}

// -----

func.func @permute_requantizes(%x: tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.permute' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<u8:f32, 5.000000e-02:3>'; use qnn.requantize to change them}}
  %0 = qnn.permute %x {dims = array<i64: 1, 0>} : tensor<2x3x!quant.uniform<u8:f32, 0.02:128>> -> tensor<3x2x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @permute_quantized_input_float_result(%x: tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.permute' op input and result must both be float or both be quantized, got 'tensor<2x3x!quant.uniform<u8:f32, 2.000000e-02:128>>' and 'tensor<3x2xf32>'}}
  %0 = qnn.permute %x {dims = array<i64: 1, 0>} : tensor<2x3x!quant.uniform<u8:f32, 0.02:128>> -> tensor<3x2xf32>
  return
}

// -----

func.func @permute_per_axis(%x: tensor<2x3x!quant.uniform<u8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+1 {{'qnn.permute' op activations must be quantized per tensor, got 'tensor<2x3x!quant.uniform<u8:f32:0, {1.000000e-01,2.000000e-01}>>'}}
  %0 = qnn.permute %x {dims = array<i64: 0, 1>} : tensor<2x3x!quant.uniform<u8:f32:0, {0.1, 0.2}>> -> tensor<2x3x!quant.uniform<u8:f32:0, {0.1, 0.2}>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.slice
//===----------------------------------------------------------------------===//

func.func @slice_start_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op start has 1 entries, expected one per input dimension (2)}}
  %0 = qnn.slice %x {start = array<i64: 0>, end = array<i64: 2, 3>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_end_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op end has 3 entries, expected one per input dimension (2)}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 2, 3, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_step_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op step has 1 entries, expected one per input dimension (2)}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 2, 3>, step = array<i64: 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_step_zero(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op step 0 of dimension 1 must be at least 1}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 2, 3>, step = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_negative_step(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op step -1 of dimension 0 must be at least 1}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 2, 3>, step = array<i64: -1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_negative_start(%x: tensor<2x3xf32>) {
  // Bounds are clamped by the importer as PyTorch does; the op takes them normalized.
  // expected-error @+1 {{'qnn.slice' op slice [-1, 3) of dimension 1 is out of bounds: expected 0 <= start <= end <= 3}}
  %0 = qnn.slice %x {start = array<i64: 0, -1>, end = array<i64: 2, 3>} : tensor<2x3xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_end_past_size(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op slice [0, 4) of dimension 1 is out of bounds: expected 0 <= start <= end <= 3}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 2, 4>} : tensor<2x3xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_start_after_end(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op slice [2, 1) of dimension 1 is out of bounds: expected 0 <= start <= end <= 3}}
  %0 = qnn.slice %x {start = array<i64: 0, 2>, end = array<i64: 2, 1>} : tensor<2x3xf32> -> tensor<2x0xf32>
  return
}

// -----

func.func @slice_dynamic_end_too_large(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op slice [0, 562949953421313) of dimension 0 is out of bounds: expected 0 <= start <= end <= the size}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 562949953421313, 3>} : tensor<?x3xf32> -> tensor<?x3xf32>
  return
}

// -----

func.func @slice_result_shape(%x: tensor<1x8x8x8xf32>) {
  // ceil((8 - 1) / 3) = 3 channels.
  // expected-error @+1 {{'qnn.slice' op result has shape [1, 2, 8, 8], expected [1, 3, 8, 8]}}
  %0 = qnn.slice %x {start = array<i64: 0, 1, 0, 0>, end = array<i64: 1, 8, 8, 8>, step = array<i64: 1, 3, 1, 1>}
      : tensor<1x8x8x8xf32> -> tensor<1x2x8x8xf32>
  return
}

// -----

func.func @slice_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op result element type 'bf16' must equal the input's 'f32'}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 2, 3>} : tensor<2x3xf32> -> tensor<2x3xbf16>
  return
}

// -----

func.func @slice_requantizes(%x: tensor<2x3x!quant.uniform<u8:f32, 0.02:128>>) {
  // expected-error @+1 {{'qnn.slice' op result must keep the input's quantization parameters '!quant.uniform<u8:f32, 2.000000e-02:128>' (PyTorch's kernel does not requantize here), got '!quant.uniform<i8:f32, 2.000000e-02>'; use qnn.requantize to change them}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 1, 3>} : tensor<2x3x!quant.uniform<u8:f32, 0.02:128>> -> tensor<1x3x!quant.uniform<i8:f32, 0.02>>
  return
}

// -----

func.func @slice_float_input_quantized_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op input and result must both be float or both be quantized, got 'tensor<2x3xf32>' and 'tensor<1x3x!quant.uniform<u8:f32, 2.000000e-02:128>>'}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>, end = array<i64: 1, 3>} : tensor<2x3xf32> -> tensor<1x3x!quant.uniform<u8:f32, 0.02:128>>
  return
}

// -----

func.func @slice_missing_end(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'qnn.slice' op requires attribute 'end'}}
  %0 = qnn.slice %x {start = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.pad
//===----------------------------------------------------------------------===//

func.func @pad_odd_length(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.pad' op pad has 3 entries, expected (before, after) pairs}}
  %0 = qnn.pad %x {pad = array<i64: 1, 1, 1>} : tensor<1x8x4x4xf32> -> tensor<1x8x4x6xf32>
  return
}

// -----

func.func @pad_too_long(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'qnn.pad' op pad has 6 entries, more than two per input dimension (2)}}
  %0 = qnn.pad %x {pad = array<i64: 1, 1, 1, 1, 1, 1>} : tensor<4x4xf32> -> tensor<6x6xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'qnn.pad' op pad entries must be non-negative, got (-1, 1)}}
  %0 = qnn.pad %x {pad = array<i64: -1, 1>} : tensor<4x4xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @pad_result_shape(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'qnn.pad' op result has shape [4, 5], expected [4, 6]}}
  %0 = qnn.pad %x {pad = array<i64: 1, 1>} : tensor<4x4xf32> -> tensor<4x5xf32>
  return
}

// -----

func.func @pad_nan_value(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'qnn.pad' op value must not be NaN}}
  %0 = qnn.pad %x {pad = array<i64: 1, 1>, value = 0x7FF8000000000000 : f64} : tensor<4x4xf32> -> tensor<4x6xf32>
  return
}

// -----

func.func @pad_changes_qparams(%x: tensor<4x4x!quant.uniform<u8:f32, 0.05:128>>) {
  // expected-error @+1 {{'qnn.pad' op}}
  %0 = qnn.pad %x {pad = array<i64: 1, 1>} : tensor<4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<4x6x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.max_pool3d, qnn.avg_pool3d, qnn.adaptive_avg_pool3d,
// qnn.adaptive_max_pool2d
//===----------------------------------------------------------------------===//

func.func @max_pool3d_rank(%x: tensor<4x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool3d' op expects a 4-D or 5-D input (N x C x D x H x W), got [4, 8, 8]}}
  %0 = qnn.max_pool3d %x {kernel_size = array<i64: 2, 2, 2>} : tensor<4x8x8xf32> -> tensor<4x4x4xf32>
  return
}

// -----

func.func @max_pool3d_kernel_length(%x: tensor<1x4x4x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool3d' op expects `kernel_size` to have 3 values, got 2}}
  %0 = qnn.max_pool3d %x {kernel_size = array<i64: 2, 2>} : tensor<1x4x4x8x8xf32> -> tensor<1x4x2x4x4xf32>
  return
}

// -----

func.func @max_pool3d_result_shape(%x: tensor<1x4x4x8x8xf32>) {
  // expected-error @+1 {{'qnn.max_pool3d' op result has shape [1, 4, 2, 4, 4], expected [1, 4, 3, 5, 5]}}
  %0 = qnn.max_pool3d %x {kernel_size = array<i64: 2, 2, 2>, padding = array<i64: 1, 1, 1>} : tensor<1x4x4x8x8xf32> -> tensor<1x4x2x4x4xf32>
  return
}

// -----

func.func @max_pool3d_qparams(%x: tensor<1x4x4x8x8x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.max_pool3d' op result must keep the input's quantization parameters}}
  %0 = qnn.max_pool3d %x {kernel_size = array<i64: 2, 2, 2>} : tensor<1x4x4x8x8x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x4x2x4x4x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @avg_pool3d_pad(%x: tensor<1x4x4x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool3d' op pad should be at most half of kernel size, got padding [0, 2, 0] for kernel [2, 2, 2]}}
  %0 = qnn.avg_pool3d %x {kernel_size = array<i64: 2, 2, 2>, padding = array<i64: 0, 2, 0>} : tensor<1x4x4x8x8xf32> -> tensor<1x4x2x6x4xf32>
  return
}

// -----

func.func @avg_pool3d_divisor(%x: tensor<1x4x4x8x8xf32>) {
  // expected-error @+1 {{'qnn.avg_pool3d' op divisor must be not zero}}
  %0 = qnn.avg_pool3d %x {kernel_size = array<i64: 2, 2, 2>, divisor_override = 0 : i64} : tensor<1x4x4x8x8xf32> -> tensor<1x4x2x4x4xf32>
  return
}

// -----

func.func @adaptive_avg_pool3d_length(%x: tensor<1x4x4x8x8xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool3d' op expects `output_size` to have 3 values, got 2}}
  %0 = qnn.adaptive_avg_pool3d %x {output_size = array<i64: 1, 1>} : tensor<1x4x4x8x8xf32> -> tensor<1x4x1x1x1xf32>
  return
}

// -----

func.func @adaptive_avg_pool3d_result(%x: tensor<1x4x4x8x8xf32>) {
  // expected-error @+1 {{'qnn.adaptive_avg_pool3d' op result has shape [1, 4, 1, 1, 1], expected [1, 4, 2, 3, 3]}}
  %0 = qnn.adaptive_avg_pool3d %x {output_size = array<i64: 2, 3, 3>} : tensor<1x4x4x8x8xf32> -> tensor<1x4x1x1x1xf32>
  return
}

// -----

func.func @adaptive_max_pool2d_zero(%x: tensor<1x4x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_max_pool2d' op `output_size` values must be >= 1, got [0, 3]}}
  %0 = qnn.adaptive_max_pool2d %x {output_size = array<i64: 0, 3>} : tensor<1x4x7x7xf32> -> tensor<1x4x0x3xf32>
  return
}

// -----

func.func @adaptive_max_pool2d_rank(%x: tensor<1x4x7x7x7xf32>) {
  // expected-error @+1 {{'qnn.adaptive_max_pool2d' op expects a 3-D or 4-D input (N x C x H x W), got [1, 4, 7, 7, 7]}}
  %0 = qnn.adaptive_max_pool2d %x {output_size = array<i64: 3, 3>} : tensor<1x4x7x7x7xf32> -> tensor<1x4x7x3x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// qnn.mean
//===----------------------------------------------------------------------===//

func.func @mean_not_innermost(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.mean' op reduces the innermost dims only (torch's integer kernel): dims [1, 3] of a 4-D input must be the last 2}}
  %0 = qnn.mean %x {dims = array<i64: 1, 3>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x4x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @mean_float(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{'qnn.mean' op operand #0 must be ranked tensor of quantized type values}}
  %0 = qnn.mean %x {dims = array<i64: 3>} : tensor<1x8x4x4xf32> -> tensor<1x8x4xf32>
  return
}

// -----

func.func @mean_requantizes(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.mean' op result must keep the input's quantization parameters}}
  %0 = qnn.mean %x {dims = array<i64: 3>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x8x4x!quant.uniform<u8:f32, 0.1:3>>
  return
}

// -----

func.func @mean_bad_shape(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.mean' op expects a result of shape [1, 8] or [1, 8, 1, 1] (keepdim), got [1, 8, 1]}}
  %0 = qnn.mean %x {dims = array<i64: 2, 3>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x8x1x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @mean_duplicate(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.mean' op dim 3 appears more than once in [3, -1]}}
  %0 = qnn.mean %x {dims = array<i64: 3, -1>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @mean_out_of_range(%x: tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>) {
  // expected-error @+1 {{'qnn.mean' op}}
  %0 = qnn.mean %x {dims = array<i64: 2>} : tensor<1x8x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x!quant.uniform<u8:f32, 0.05:3>>
  return
}

// -----

func.func @mean_per_axis(%x: tensor<2x8x!quant.uniform<u8:f32:0, {0.05:3, 0.1:4}>>) {
  // expected-error @+1 {{'qnn.mean' op expects a per-tensor quantized input}}
  %0 = qnn.mean %x {dims = array<i64: 1>} : tensor<2x8x!quant.uniform<u8:f32:0, {0.05:3, 0.1:4}>> -> tensor<2x!quant.uniform<u8:f32:0, {0.05:3, 0.1:4}>>
  return
}
