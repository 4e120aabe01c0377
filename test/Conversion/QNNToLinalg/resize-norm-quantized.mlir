// RUN: qnn-opt %s -split-input-file --qnn-to-linalg | FileCheck %s

// Quantized bilinear interpolate is ATen's upsample_bilinear2d_out_frame on
// the storage values: h0l * (w0l * p00 + w1l * p01) + h1l * (w0l * p10 +
// w1l * p11), minus the input zero point, then quantize_val with the scale
// ratio (1 here: the result keeps the input's qparams). No dequantize.
// CHECK-LABEL: func.func @bilinear
// CHECK: linalg.generic
// CHECK: %[[P00:.+]] = tensor.extract
// CHECK-NEXT: %[[E00:.+]] = arith.extui %[[P00]] : i8 to i32
// CHECK-NEXT: %[[F00:.+]] = arith.sitofp %[[E00]] : i32 to f32
// CHECK-NEXT: %[[A:.+]] = arith.mulf %[[W0L:[^,]+]], %[[F00]]
// CHECK: %[[C:.+]] = arith.mulf %[[W1L:[^,]+]], %{{.+}}
// CHECK-NEXT: %[[TOPSUM:.+]] = arith.addf %[[A]], %[[C]]
// CHECK-NEXT: %[[TOP:.+]] = arith.mulf %[[H0L:[^,]+]], %[[TOPSUM]]
// CHECK: %[[BOTSUM:.+]] = arith.addf
// CHECK-NEXT: %[[BOT:.+]] = arith.mulf %[[H1L:[^,]+]], %[[BOTSUM]]
// CHECK-NEXT: %[[R:.+]] = arith.addf %[[TOP]], %[[BOT]]
// CHECK-NEXT: %[[ZP:.+]] = arith.constant 1.000000e+02 : f32
// CHECK-NEXT: %[[RC:.+]] = arith.subf %[[R]], %[[ZP]]
// CHECK-NEXT: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: arith.mulf %[[RC]], %[[ONE]]
// CHECK: math.roundeven
// CHECK: linalg.yield %{{.+}} : i8
func.func @bilinear(%x: tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>>) -> tensor<1x1x3x5x!quant.uniform<u8:f32, 0.05:100>> {
  %y = qnn.interpolate %x {name = "up", mode = #qnn<interpolate_mode bilinear>, size = array<i64: 3, 5>, align_corners = false} : tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>> -> tensor<1x1x3x5x!quant.uniform<u8:f32, 0.05:100>>
  return %y : tensor<1x1x3x5x!quant.uniform<u8:f32, 0.05:100>>
}

// -----

// Equal sizes: ATen copies the storage.
// CHECK-LABEL: func.func @bilinear_same_size
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x3xi8>)
// CHECK-NEXT: return %[[X]]
func.func @bilinear_same_size(%x: tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>>) -> tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>> {
  %y = qnn.interpolate %x {name = "up", mode = #qnn<interpolate_mode bilinear>, scale_factor = array<f64: 1.1, 1.1>} : tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>> -> tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>>
  return %y : tensor<1x1x2x3x!quant.uniform<u8:f32, 0.05:100>>
}

// -----

// Quantized layer_norm: ATen's quantized_normalize_kernel. Integer sums of
// the storage values and their squares, the moments in float32 with the
// variance term in double, then ((q - zp) - mean) * s * gamma + beta.
// CHECK-LABEL: func.func @layer_norm
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.extsi %{{.+}} : i32 to i64
// CHECK: arith.addi %{{.+}} : i64
// CHECK: arith.muli %{{.+}} : i64
// CHECK: arith.addi %{{.+}} : i64
// CHECK: arith.sitofp %{{.+}} : i64 to f32
// CHECK: arith.subf
// CHECK: arith.maximumf
// CHECK: arith.extf %{{.+}} : f32 to f64
// CHECK: arith.addf %{{.+}} : f64
// CHECK: math.sqrt %{{.+}} : f64
// CHECK: arith.divf %{{.+}} : f64
// CHECK: arith.truncf %{{.+}} : f64 to f32
// CHECK: linalg.generic
// CHECK: %[[D:.+]] = arith.subi
// CHECK-NEXT: %[[DF:.+]] = arith.sitofp %[[D]] : i32 to f32
// CHECK-NEXT: %[[V:.+]] = arith.subf %[[DF]], %[[MEAN:[^ ]+]]
// CHECK-NEXT: %[[VS:.+]] = arith.mulf %[[V]], %[[S:[^ ]+]]
// CHECK-NEXT: %[[VG:.+]] = arith.mulf %[[VS]], %[[G:[^ ]+]]
// CHECK-NEXT: %[[VB:.+]] = arith.addf %[[VG]], %[[B:[^ ]+]]
// CHECK: math.roundeven
func.func @layer_norm(%x: tensor<2x6x!quant.uniform<u8:f32, 0.05:100>>, %w: tensor<6xf32>, %b: tensor<6xf32>) -> tensor<2x6x!quant.uniform<u8:f32, 0.04:120>> {
  %y = qnn.layer_norm %x, weight %w, bias %b {name = "n", normalized_shape = array<i64: 6>} : (tensor<2x6x!quant.uniform<u8:f32, 0.05:100>>, tensor<6xf32>, tensor<6xf32>) -> tensor<2x6x!quant.uniform<u8:f32, 0.04:120>>
  return %y : tensor<2x6x!quant.uniform<u8:f32, 0.04:120>>
}

// -----

// group_norm: per-channel affine, gamma folded into s first:
// ((q - zp) - mean) * (s * gamma) + beta.
// CHECK-LABEL: func.func @group_norm
// CHECK: %[[D:.+]] = arith.subi
// CHECK-NEXT: %[[DF:.+]] = arith.sitofp %[[D]] : i32 to f32
// CHECK-NEXT: %[[V:.+]] = arith.subf %[[DF]], %{{.+}}
// CHECK-NEXT: %[[GP:.+]] = arith.mulf %[[S:[^,]+]], %[[G:[^ ]+]]
// CHECK-NEXT: %[[VS:.+]] = arith.mulf %[[V]], %[[GP]]
// CHECK-NEXT: arith.addf %[[VS]], %{{.+}}
func.func @group_norm(%x: tensor<1x4x3x!quant.uniform<u8:f32, 0.05:100>>, %w: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<1x4x3x!quant.uniform<u8:f32, 0.04:120>> {
  %y = qnn.group_norm %x, weight %w, bias %b {name = "n", num_groups = 2 : i64} : (tensor<1x4x3x!quant.uniform<u8:f32, 0.05:100>>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x!quant.uniform<u8:f32, 0.04:120>>
  return %y : tensor<1x4x3x!quant.uniform<u8:f32, 0.04:120>>
}
