// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of pooling / resizing, FloatFunctional arithmetic and shape ops.

//===----------------------------------------------------------------------===//
// max_pool2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x8x8xf32>, %[[X7:[^:]+]]: tensor<1x8x7x7xf32>)
// CHECK:      qnn.max_pool2d %[[X]] {kernel_size = array<i64: 3, 3>, name = "pool", padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// The stride defaults to the kernel size and is then absent.
// CHECK-NEXT: qnn.max_pool2d %[[X]] {kernel_size = array<i64: 2, 2>, name = "pool_default"} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.max_pool2d %[[X7]] {kernel_size = array<i64: 2, 2>, name = "pool_floor", stride = array<i64: 2, 2>} : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
// CHECK-NEXT: qnn.max_pool2d %[[X7]] {ceil_mode, kernel_size = array<i64: 2, 2>, name = "pool_ceil", stride = array<i64: 2, 2>} : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.max_pool2d %[[X]] {dilation = array<i64: 2, 2>, kernel_size = array<i64: 3, 3>, name = "pool_dil", stride = array<i64: 1, 1>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.max_pool2d %[[X]] {dilation = array<i64: 2, 1>, kernel_size = array<i64: 3, 3>, name = "pool_dil_pad", padding = array<i64: 1, 1>, stride = array<i64: 1, 1>} : tensor<1x8x8x8xf32> -> tensor<1x8x6x8xf32>
// CHECK-NEXT: qnn.max_pool2d %[[X7]] {ceil_mode, dilation = array<i64: 1, 2>, kernel_size = array<i64: 3, 2>, name = "pool_mix", padding = array<i64: 1, 0>, qconfig = #qnn.qconfig<fbgemm>, stride = array<i64: 2, 3>} : tensor<1x8x7x7xf32> -> tensor<1x8x4x3xf32>
func.func @max_pool2d(%x: tensor<1x8x8x8xf32>, %x7: tensor<1x8x7x7xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x3x3xf32>, tensor<1x8x4x4xf32>,
        tensor<1x8x4x4xf32>, tensor<1x8x6x8xf32>, tensor<1x8x4x3xf32>) {
  %0 = qnn.max_pool2d %x {name = "pool", kernel_size = array<i64: 3, 3>,
                          stride = array<i64: 2, 2>, padding = array<i64: 1, 1>}
      : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  %1 = qnn.max_pool2d %x {name = "pool_default", kernel_size = array<i64: 2, 2>,
                          padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>}
      : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  %2 = qnn.max_pool2d %x7 {name = "pool_floor", kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>}
      : tensor<1x8x7x7xf32> -> tensor<1x8x3x3xf32>
  %3 = qnn.max_pool2d %x7 {name = "pool_ceil", kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>, ceil_mode}
      : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  // (8 - 2 * 2 - 1) / 1 + 1 = 4
  %4 = qnn.max_pool2d %x {name = "pool_dil", kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>,
                          dilation = array<i64: 2, 2>}
      : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  // Padding up to half the (undilated) kernel, as PyTorch 1.13 checks.
  // H: (8 + 2 - 2 * 2 - 1) / 1 + 1 = 6
  %5 = qnn.max_pool2d %x {name = "pool_dil_pad", kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>,
                          padding = array<i64: 1, 1>, dilation = array<i64: 2, 1>}
      : tensor<1x8x8x8xf32> -> tensor<1x8x6x8xf32>
  // H: ceil((7 + 2 - 3) / 2) + 1 = 4, W: ceil((7 - 2 - 1) / 3) + 1 = 3
  %6 = qnn.max_pool2d %x7 {name = "pool_mix", kernel_size = array<i64: 3, 2>, stride = array<i64: 2, 3>,
                           padding = array<i64: 1, 0>, dilation = array<i64: 1, 2>, ceil_mode,
                           qconfig = #qnn.qconfig<fbgemm>}
      : tensor<1x8x7x7xf32> -> tensor<1x8x4x3xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x3x3xf32>,
      tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x6x8xf32>, tensor<1x8x4x3xf32>
}

// CHECK-LABEL: func.func @max_pool2d_unbatched_and_quantized
// CHECK: qnn.max_pool2d %{{.+}} {kernel_size = array<i64: 2, 2>, name = "pool3d"} : tensor<8x8x8xf32> -> tensor<8x4x4xf32>
// CHECK: qnn.max_pool2d %{{.+}} {kernel_size = array<i64: 3, 3>, name = "qpool", padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<?x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<?x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @max_pool2d_unbatched_and_quantized(%x: tensor<8x8x8xf32>, %q: tensor<?x8x8x8x!quant.uniform<u8:f32, 0.05:128>>)
    -> (tensor<8x4x4xf32>, tensor<?x8x4x4x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.max_pool2d %x {name = "pool3d", kernel_size = array<i64: 2, 2>} : tensor<8x8x8xf32> -> tensor<8x4x4xf32>
  %1 = qnn.max_pool2d %q {name = "qpool", kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>,
                          padding = array<i64: 1, 1>}
      : tensor<?x8x8x8x!quant.uniform<u8:f32, 0.05:128>> -> tensor<?x8x4x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<8x4x4xf32>, tensor<?x8x4x4x!quant.uniform<u8:f32, 0.05:128>>
}

//===----------------------------------------------------------------------===//
// avg_pool2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @avg_pool2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x8x8xf32>, %[[X7:[^:]+]]: tensor<1x8x7x7xf32>)
// count_include_pad = true is the default and is not printed.
// CHECK:      qnn.avg_pool2d %[[X]] {kernel_size = array<i64: 2, 2>, name = "pool"} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.avg_pool2d %[[X]] {count_include_pad = false, kernel_size = array<i64: 3, 3>, name = "pool_nopad", padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.avg_pool2d %[[X]] {divisor_override = 3 : i64, kernel_size = array<i64: 2, 2>, name = "pool_div", stride = array<i64: 1, 1>} : tensor<1x8x8x8xf32> -> tensor<1x8x7x7xf32>
// CHECK-NEXT: qnn.avg_pool2d %[[X7]] {ceil_mode, count_include_pad = false, divisor_override = 4 : i64, kernel_size = array<i64: 2, 2>, name = "pool_all", padding = array<i64: 1, 0>, qconfig = #qnn.qconfig<qnnpack>, stride = array<i64: 2, 2>} : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
func.func @avg_pool2d(%x: tensor<1x8x8x8xf32>, %x7: tensor<1x8x7x7xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x7x7xf32>, tensor<1x8x4x4xf32>) {
  %0 = qnn.avg_pool2d %x {name = "pool", kernel_size = array<i64: 2, 2>, count_include_pad = true}
      : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  %1 = qnn.avg_pool2d %x {name = "pool_nopad", kernel_size = array<i64: 3, 3>, stride = array<i64: 2, 2>,
                          padding = array<i64: 1, 1>, count_include_pad = false}
      : tensor<1x8x8x8xf32> -> tensor<1x8x4x4xf32>
  %2 = qnn.avg_pool2d %x {name = "pool_div", kernel_size = array<i64: 2, 2>, stride = array<i64: 1, 1>,
                          divisor_override = 3 : i64}
      : tensor<1x8x8x8xf32> -> tensor<1x8x7x7xf32>
  // H: ceil((7 + 2 - 2) / 2) + 1 = 5, but the last window would start in the
  // padding and is dropped: 4. W: ceil((7 - 2) / 2) + 1 = 4.
  %3 = qnn.avg_pool2d %x7 {name = "pool_all", kernel_size = array<i64: 2, 2>, stride = array<i64: 2, 2>,
                           padding = array<i64: 1, 0>, ceil_mode, count_include_pad = false,
                           divisor_override = 4 : i64, qconfig = #qnn.qconfig<qnnpack>}
      : tensor<1x8x7x7xf32> -> tensor<1x8x4x4xf32>
  return %0, %1, %2, %3 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x7x7xf32>, tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @avg_pool2d_quantized
// CHECK: qnn.avg_pool2d %{{.+}} {count_include_pad = false, kernel_size = array<i64: 3, 3>, name = "qpool", padding = array<i64: 1, 1>, stride = array<i64: 1, 1>} : tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnn.avg_pool2d %{{.+}} {kernel_size = array<i64: 2, 2>, name = "qpool3d"} : tensor<8x8x8x!quant.uniform<i8:f32, 1.000000e-01>> -> tensor<8x4x4x!quant.uniform<i8:f32, 1.000000e-01>>
func.func @avg_pool2d_quantized(%x: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>,
                                %y: tensor<8x8x8x!quant.uniform<i8:f32, 0.1>>)
    -> (tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<8x4x4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qnn.avg_pool2d %x {name = "qpool", kernel_size = array<i64: 3, 3>, stride = array<i64: 1, 1>,
                          padding = array<i64: 1, 1>, count_include_pad = false}
      : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>
  %1 = qnn.avg_pool2d %y {name = "qpool3d", kernel_size = array<i64: 2, 2>}
      : tensor<8x8x8x!quant.uniform<i8:f32, 0.1>> -> tensor<8x4x4x!quant.uniform<i8:f32, 0.1>>
  return %0, %1 : tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<8x4x4x!quant.uniform<i8:f32, 0.1>>
}

//===----------------------------------------------------------------------===//
// mean (quantized, innermost dims)
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mean
// CHECK: qnn.mean %{{.+}} {dims = array<i64: 2, 3>, name = "m"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:3>> -> tensor<1x8x!quant.uniform<u8:f32, 5.000000e-02:3>>
// CHECK: qnn.mean %{{.+}} {dims = array<i64: -1>, name = "k"} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:3>> -> tensor<1x8x4x1x!quant.uniform<u8:f32, 5.000000e-02:3>>
// CHECK: qnn.mean %{{.+}} {dims = array<i64: 0, 1>, name = "all"} : tensor<6x5x!quant.uniform<i8:f32, 1.000000e-01:-2>> -> tensor<!quant.uniform<i8:f32, 1.000000e-01:-2>>
func.func @mean(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>>,
                %y: tensor<6x5x!quant.uniform<i8:f32, 0.1:-2>>)
    -> (tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x8x4x1x!quant.uniform<u8:f32, 0.05:3>>,
        tensor<!quant.uniform<i8:f32, 0.1:-2>>) {
  %0 = qnn.mean %x {name = "m", dims = array<i64: 2, 3>}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>
  %1 = qnn.mean %x {name = "k", dims = array<i64: -1>}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x8x4x1x!quant.uniform<u8:f32, 0.05:3>>
  %2 = qnn.mean %y {name = "all", dims = array<i64: 0, 1>}
      : tensor<6x5x!quant.uniform<i8:f32, 0.1:-2>> -> tensor<!quant.uniform<i8:f32, 0.1:-2>>
  return %0, %1, %2 : tensor<1x8x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x8x4x1x!quant.uniform<u8:f32, 0.05:3>>,
                      tensor<!quant.uniform<i8:f32, 0.1:-2>>
}

//===----------------------------------------------------------------------===//
// adaptive_avg_pool2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @adaptive_avg_pool2d
// CHECK: qnn.adaptive_avg_pool2d %{{.+}} {name = "avgpool", output_size = array<i64: 1, 1>} : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
// CHECK: qnn.adaptive_avg_pool2d %{{.+}} {name = "avgpool35", output_size = array<i64: 3, 5>} : tensor<1x512x7x7xf32> -> tensor<1x512x3x5xf32>
// Upsampling output sizes are allowed too.
// CHECK: qnn.adaptive_avg_pool2d %{{.+}} {name = "avgpool_up", output_size = array<i64: 9, 9>} : tensor<512x7x7xf32> -> tensor<512x9x9xf32>
// CHECK: qnn.adaptive_avg_pool2d %{{.+}} {name = "qavgpool", output_size = array<i64: 1, 1>} : tensor<?x16x?x?x!quant.uniform<u8:f32, 2.000000e-02:3>> -> tensor<?x16x1x1x!quant.uniform<u8:f32, 2.000000e-02:3>>
func.func @adaptive_avg_pool2d(%x: tensor<1x512x7x7xf32>, %x3: tensor<512x7x7xf32>,
                               %q: tensor<?x16x?x?x!quant.uniform<u8:f32, 0.02:3>>)
    -> (tensor<1x512x1x1xf32>, tensor<1x512x3x5xf32>, tensor<512x9x9xf32>,
        tensor<?x16x1x1x!quant.uniform<u8:f32, 0.02:3>>) {
  %0 = qnn.adaptive_avg_pool2d %x {name = "avgpool", output_size = array<i64: 1, 1>}
      : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
  %1 = qnn.adaptive_avg_pool2d %x {name = "avgpool35", output_size = array<i64: 3, 5>}
      : tensor<1x512x7x7xf32> -> tensor<1x512x3x5xf32>
  %2 = qnn.adaptive_avg_pool2d %x3 {name = "avgpool_up", output_size = array<i64: 9, 9>}
      : tensor<512x7x7xf32> -> tensor<512x9x9xf32>
  %3 = qnn.adaptive_avg_pool2d %q {name = "qavgpool", output_size = array<i64: 1, 1>}
      : tensor<?x16x?x?x!quant.uniform<u8:f32, 0.02:3>> -> tensor<?x16x1x1x!quant.uniform<u8:f32, 0.02:3>>
  return %0, %1, %2, %3 : tensor<1x512x1x1xf32>, tensor<1x512x3x5xf32>, tensor<512x9x9xf32>,
                          tensor<?x16x1x1x!quant.uniform<u8:f32, 0.02:3>>
}

//===----------------------------------------------------------------------===//
// interpolate
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @interpolate
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4xf32>)
// mode = nearest is the default and is not printed.
// CHECK:      qnn.interpolate %[[X]] {name = "up", scale_factor = array<f64: 2.000000e+00, 2.000000e+00>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT: qnn.interpolate %[[X]] {name = "up_size", size = array<i64: 6, 10>} : tensor<1x8x4x4xf32> -> tensor<1x8x6x10xf32>
// CHECK-NEXT: qnn.interpolate %[[X]] {align_corners = false, mode = #qnn<interpolate_mode bilinear>, name = "bilinear", scale_factor = array<f64: 2.000000e+00, 2.000000e+00>} : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
// CHECK-NEXT: qnn.interpolate %[[X]] {align_corners = true, mode = #qnn<interpolate_mode bilinear>, name = "bilinear_ac", size = array<i64: 7, 5>} : tensor<1x8x4x4xf32> -> tensor<1x8x7x5xf32>
// CHECK-NEXT: qnn.interpolate %[[X]] {mode = #qnn<interpolate_mode bilinear>, name = "bilinear_frac", scale_factor = array<f64: 1.500000e+00, 2.750000e+00>} : tensor<1x8x4x4xf32> -> tensor<1x8x6x11xf32>
// CHECK-NEXT: qnn.interpolate %[[X]] {name = "down", qconfig = #qnn.qconfig<fbgemm>, scale_factor = array<f64: 5.000000e-01, 7.500000e-01>} : tensor<1x8x4x4xf32> -> tensor<1x8x2x3xf32>
func.func @interpolate(%x: tensor<1x8x4x4xf32>)
    -> (tensor<1x8x8x8xf32>, tensor<1x8x6x10xf32>, tensor<1x8x8x8xf32>, tensor<1x8x7x5xf32>,
        tensor<1x8x6x11xf32>, tensor<1x8x2x3xf32>) {
  %0 = qnn.interpolate %x {name = "up", scale_factor = array<f64: 2.0, 2.0>, mode = #qnn<interpolate_mode nearest>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  %1 = qnn.interpolate %x {name = "up_size", size = array<i64: 6, 10>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x6x10xf32>
  %2 = qnn.interpolate %x {name = "bilinear", scale_factor = array<f64: 2.0, 2.0>,
                           mode = #qnn<interpolate_mode bilinear>, align_corners = false}
      : tensor<1x8x4x4xf32> -> tensor<1x8x8x8xf32>
  %3 = qnn.interpolate %x {name = "bilinear_ac", size = array<i64: 7, 5>,
                           mode = #qnn<interpolate_mode bilinear>, align_corners = true}
      : tensor<1x8x4x4xf32> -> tensor<1x8x7x5xf32>
  // floor(4 * 1.5) = 6, floor(4 * 2.75) = 11
  %4 = qnn.interpolate %x {name = "bilinear_frac", scale_factor = array<f64: 1.5, 2.75>,
                           mode = #qnn<interpolate_mode bilinear>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x6x11xf32>
  %5 = qnn.interpolate %x {name = "down", scale_factor = array<f64: 0.5, 0.75>, qconfig = #qnn.qconfig<fbgemm>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<1x8x8x8xf32>, tensor<1x8x6x10xf32>, tensor<1x8x8x8xf32>,
      tensor<1x8x7x5xf32>, tensor<1x8x6x11xf32>, tensor<1x8x2x3xf32>
}

// CHECK-LABEL: func.func @interpolate_and_quantized
// CHECK: qnn.interpolate %{{.+}} {name = "up3d", scale_factor = array<f64: 3.000000e+00, 1.000000e+00>} : tensor<1x8x4x4xf32> -> tensor<1x8x12x4xf32>
// CHECK: qnn.interpolate %{{.+}} {name = "qup", size = array<i64: 8, 8>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnn.interpolate %{{.+}} {align_corners = true, mode = #qnn<interpolate_mode bilinear>, name = "qbilinear", scale_factor = array<f64: 2.000000e+00, 2.000000e+00>} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @interpolate_and_quantized(%x: tensor<1x8x4x4xf32>, %q: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>)
    -> (tensor<1x8x12x4xf32>, tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.interpolate %x {name = "up3d", scale_factor = array<f64: 3.0, 1.0>}
      : tensor<1x8x4x4xf32> -> tensor<1x8x12x4xf32>
  %1 = qnn.interpolate %q {name = "qup", size = array<i64: 8, 8>}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>
  %2 = qnn.interpolate %q {name = "qbilinear", scale_factor = array<f64: 2.0, 2.0>,
                           mode = #qnn<interpolate_mode bilinear>, align_corners = true}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1, %2 : tensor<1x8x12x4xf32>, tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>,
                      tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:128>>
}

//===----------------------------------------------------------------------===//
// add / mul / add_relu / add_scalar / mul_scalar
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary_float
// CHECK-SAME: (%[[A:[^:]+]]: tensor<1x8x4x4xf32>, %[[B:[^:]+]]: tensor<1x8x4x4xf32>, %[[C:[^:]+]]: tensor<1x8x1x1xf32>, %[[R:[^:]+]]: tensor<8x1xf32>, %[[S:[^:]+]]: tensor<4xf32>)
// CHECK:      qnn.add %[[A]], %[[B]] {name = "skip"} : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.mul %[[A]], %[[C]] {name = "scale"} : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.add_relu %[[C]], %[[A]] {name = "add_relu", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.add_relu %[[R]], %[[S]] {name = "outer"} : (tensor<8x1xf32>, tensor<4xf32>) -> tensor<8x4xf32>
// CHECK-NEXT: qnn.mul %[[S]], %[[A]] {name = "rank_bcast"} : (tensor<4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
func.func @binary_float(%a: tensor<1x8x4x4xf32>, %b: tensor<1x8x4x4xf32>, %c: tensor<1x8x1x1xf32>,
                        %r: tensor<8x1xf32>, %s: tensor<4xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<8x4xf32>, tensor<1x8x4x4xf32>) {
  %0 = qnn.add %a, %b {name = "skip"} : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %1 = qnn.mul %a, %c {name = "scale"} : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %2 = qnn.add_relu %c, %a {name = "add_relu", qconfig = #qnn.qconfig<fbgemm>}
      : (tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %3 = qnn.add_relu %r, %s {name = "outer"} : (tensor<8x1xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  %4 = qnn.mul %s, %a {name = "rank_bcast"} : (tensor<4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0, %1, %2, %3, %4 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<8x4xf32>, tensor<1x8x4x4xf32>
}

// Quantized operands with different qparams; the result has its own.
// CHECK-LABEL: func.func @binary_quantized
// CHECK-SAME: (%[[A:[^:]+]]: tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, %[[B:[^:]+]]: tensor<1x8x4x4x!quant.uniform<u8:f32, 1.000000e-01:64>>, %[[C:[^:]+]]: tensor<1x8x1x1x!quant.uniform<u8:f32, 2.000000e-02>>)
// CHECK:      qnn.add %[[A]], %[[B]] {name = "skip"} : (tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 1.000000e-01:64>>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 1.500000e-01:100>>
// CHECK-NEXT: qnn.mul %[[A]], %[[C]] {name = "scale"} : (tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x8x1x1x!quant.uniform<u8:f32, 2.000000e-02>>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 3.000000e-02:90>>
// CHECK-NEXT: qnn.add_relu %[[C]], %[[B]] {name = "add_relu"} : (tensor<1x8x1x1x!quant.uniform<u8:f32, 2.000000e-02>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 1.000000e-01:64>>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @binary_quantized(%a: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>,
                            %b: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:64>>,
                            %c: tensor<1x8x1x1x!quant.uniform<u8:f32, 0.02>>)
    -> (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.15:100>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:90>>,
        tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qnn.add %a, %b {name = "skip"}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:64>>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.15:100>>
  %1 = qnn.mul %a, %c {name = "scale"}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x1x1x!quant.uniform<u8:f32, 0.02>>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:90>>
  %2 = qnn.add_relu %c, %b {name = "add_relu"}
      : (tensor<1x8x1x1x!quant.uniform<u8:f32, 0.02>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:64>>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1>>
  return %0, %1, %2 : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.15:100>>, tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:90>>,
                      tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1>>
}

// CHECK-LABEL: func.func @scalar_ops
// CHECK-SAME: (%[[X:[^:]+]]: tensor<4xf32>, %[[Q:[^:]+]]: tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK:      %[[A:.+]] = qnn.add_scalar %[[X]] {name = "f", scalar = 2.000000e+00 : f64} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: %[[M:.+]] = qnn.mul_scalar %[[A]] {name = "g", scalar = -5.000000e-01 : f64} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT: %[[QA:.+]] = qnn.add_scalar %[[Q]] {name = "qf", scalar = 1.000000e+00 : f64} : tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:108>>
// CHECK-NEXT: %[[QM:.+]] = qnn.mul_scalar %[[QA]] {name = "qg", scalar = 3.000000e+00 : f64} : tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:108>> -> tensor<2x4x!quant.uniform<u8:f32, 1.500000e-01:108>>
// CHECK-NEXT: return %[[M]], %[[QM]]
func.func @scalar_ops(%x: tensor<4xf32>, %q: tensor<2x4x!quant.uniform<u8:f32, 0.05:128>>)
    -> (tensor<4xf32>, tensor<2x4x!quant.uniform<u8:f32, 0.15:108>>) {
  %0 = qnn.add_scalar %x {name = "f", scalar = 2.0 : f64} : tensor<4xf32> -> tensor<4xf32>
  %1 = qnn.mul_scalar %0 {name = "g", scalar = -0.5 : f64} : tensor<4xf32> -> tensor<4xf32>
  %2 = qnn.add_scalar %q {name = "qf", scalar = 1.0 : f64}
      : tensor<2x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<2x4x!quant.uniform<u8:f32, 0.05:108>>
  %3 = qnn.mul_scalar %2 {name = "qg", scalar = 3.0 : f64}
      : tensor<2x4x!quant.uniform<u8:f32, 0.05:108>> -> tensor<2x4x!quant.uniform<u8:f32, 0.15:108>>
  return %1, %3 : tensor<4xf32>, tensor<2x4x!quant.uniform<u8:f32, 0.15:108>>
}

//===----------------------------------------------------------------------===//
// cat
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @cat_float
// CHECK-SAME: (%[[A:[^:]+]]: tensor<1x4x8x8xf32>, %[[B:[^:]+]]: tensor<1x2x8x8xf32>, %[[C:[^:]+]]: tensor<1x4x8x3xf32>)
// CHECK:      qnn.cat %[[A]], %[[B]] {dim = 1 : i64, name = "cat"} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
// CHECK-NEXT: qnn.cat %[[A]], %[[C]], %[[A]] {dim = -1 : i64, name = "cat_last"} : (tensor<1x4x8x8xf32>, tensor<1x4x8x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x19xf32>
// dim = 0 is the default and is not printed.
// CHECK-NEXT: qnn.cat %[[A]], %[[A]] {name = "cat0"} : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<2x4x8x8xf32>
// CHECK-NEXT: qnn.cat %[[B]] {dim = 2 : i64, name = "cat_one"} : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
func.func @cat_float(%a: tensor<1x4x8x8xf32>, %b: tensor<1x2x8x8xf32>, %c: tensor<1x4x8x3xf32>)
    -> (tensor<1x6x8x8xf32>, tensor<1x4x8x19xf32>, tensor<2x4x8x8xf32>, tensor<1x2x8x8xf32>) {
  %0 = qnn.cat %a, %b {name = "cat", dim = 1 : i64}
      : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
  %1 = qnn.cat %a, %c, %a {name = "cat_last", dim = -1 : i64}
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x3xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x19xf32>
  %2 = qnn.cat %a, %a {name = "cat0", dim = 0 : i64}
      : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  %3 = qnn.cat %b {name = "cat_one", dim = 2 : i64} : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8xf32>
  return %0, %1, %2, %3 : tensor<1x6x8x8xf32>, tensor<1x4x8x19xf32>, tensor<2x4x8x8xf32>, tensor<1x2x8x8xf32>
}

// CHECK-LABEL: func.func @cat_quantized
// CHECK-SAME: (%[[A:[^:]+]]: tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, %[[B:[^:]+]]: tensor<1x2x8x8x!quant.uniform<u8:f32, 1.000000e-01:10>>, %[[C:[^:]+]]: tensor<1x?x8x8x!quant.uniform<u8:f32, 2.000000e-02>>)
// CHECK:      qnn.cat %[[A]], %[[B]] {dim = 1 : i64, name = "qcat"} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x2x8x8x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x6x8x8x!quant.uniform<u8:f32, 1.000000e-01:64>>
// CHECK-NEXT: qnn.cat %[[A]], %[[C]], %[[B]] {dim = 1 : i64, name = "qcat_dyn"} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<1x?x8x8x!quant.uniform<u8:f32, 2.000000e-02>>, tensor<1x2x8x8x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x?x8x8x!quant.uniform<u8:f32, 1.000000e-01:64>>
func.func @cat_quantized(%a: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>,
                         %b: tensor<1x2x8x8x!quant.uniform<u8:f32, 0.1:10>>,
                         %c: tensor<1x?x8x8x!quant.uniform<u8:f32, 0.02>>)
    -> (tensor<1x6x8x8x!quant.uniform<u8:f32, 0.1:64>>, tensor<1x?x8x8x!quant.uniform<u8:f32, 0.1:64>>) {
  %0 = qnn.cat %a, %b {name = "qcat", dim = 1 : i64}
      : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x2x8x8x!quant.uniform<u8:f32, 0.1:10>>)
        -> tensor<1x6x8x8x!quant.uniform<u8:f32, 0.1:64>>
  %1 = qnn.cat %a, %c, %b {name = "qcat_dyn", dim = 1 : i64}
      : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x?x8x8x!quant.uniform<u8:f32, 0.02>>,
         tensor<1x2x8x8x!quant.uniform<u8:f32, 0.1:10>>) -> tensor<1x?x8x8x!quant.uniform<u8:f32, 0.1:64>>
  return %0, %1 : tensor<1x6x8x8x!quant.uniform<u8:f32, 0.1:64>>, tensor<1x?x8x8x!quant.uniform<u8:f32, 0.1:64>>
}

//===----------------------------------------------------------------------===//
// flatten / reshape
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x512x1x1xf32>, %[[Y:[^:]+]]: tensor<2x3x4x5xf32>)
// start_dim = 1 and end_dim = -1 are the defaults and are not printed.
// CHECK:      qnn.flatten %[[X]] {name = "flatten"} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
// CHECK-NEXT: qnn.flatten %[[Y]] {end_dim = 2 : i64, name = "flatten12"} : tensor<2x3x4x5xf32> -> tensor<2x12x5xf32>
// CHECK-NEXT: qnn.flatten %[[Y]] {name = "flatten_all", start_dim = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<120xf32>
// CHECK-NEXT: qnn.flatten %[[Y]] {end_dim = -2 : i64, name = "flatten_neg", start_dim = -3 : i64} : tensor<2x3x4x5xf32> -> tensor<2x12x5xf32>
func.func @flatten(%x: tensor<1x512x1x1xf32>, %y: tensor<2x3x4x5xf32>)
    -> (tensor<1x512xf32>, tensor<2x12x5xf32>, tensor<120xf32>, tensor<2x12x5xf32>) {
  %0 = qnn.flatten %x {name = "flatten", start_dim = 1 : i64, end_dim = -1 : i64}
      : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  %1 = qnn.flatten %y {name = "flatten12", end_dim = 2 : i64} : tensor<2x3x4x5xf32> -> tensor<2x12x5xf32>
  %2 = qnn.flatten %y {name = "flatten_all", start_dim = 0 : i64} : tensor<2x3x4x5xf32> -> tensor<120xf32>
  %3 = qnn.flatten %y {name = "flatten_neg", start_dim = -3 : i64, end_dim = -2 : i64}
      : tensor<2x3x4x5xf32> -> tensor<2x12x5xf32>
  return %0, %1, %2, %3 : tensor<1x512xf32>, tensor<2x12x5xf32>, tensor<120xf32>, tensor<2x12x5xf32>
}

// CHECK-LABEL: func.func @flatten_reshape_quantized
// CHECK: qnn.flatten %{{.+}} {name = "qflatten"} : tensor<?x16x2x2x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<?x64x!quant.uniform<u8:f32, 5.000000e-02:128>>
// CHECK: qnn.reshape %{{.+}} {name = "qview"} : tensor<?x64x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<?x8x8x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @flatten_reshape_quantized(%x: tensor<?x16x2x2x!quant.uniform<u8:f32, 0.05:128>>)
    -> tensor<?x8x8x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.flatten %x {name = "qflatten"}
      : tensor<?x16x2x2x!quant.uniform<u8:f32, 0.05:128>> -> tensor<?x64x!quant.uniform<u8:f32, 0.05:128>>
  %1 = qnn.reshape %0 {name = "qview"}
      : tensor<?x64x!quant.uniform<u8:f32, 0.05:128>> -> tensor<?x8x8x!quant.uniform<u8:f32, 0.05:128>>
  return %1 : tensor<?x8x8x!quant.uniform<u8:f32, 0.05:128>>
}

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x3x4xf32>)
// CHECK:      %[[A:.+]] = qnn.reshape %[[X]] {name = "view"} : tensor<2x3x4xf32> -> tensor<6x4xf32>
// CHECK-NEXT: %[[B:.+]] = qnn.reshape %[[A]] {name = "view2"} : tensor<6x4xf32> -> tensor<24xf32>
// CHECK-NEXT: %[[C:.+]] = qnn.reshape %[[B]] {name = "view3"} : tensor<24xf32> -> tensor<1x2x1x12xf32>
// CHECK-NEXT: return %[[C]]
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<1x2x1x12xf32> {
  %0 = qnn.reshape %x {name = "view"} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = qnn.reshape %0 {name = "view2"} : tensor<6x4xf32> -> tensor<24xf32>
  %2 = qnn.reshape %1 {name = "view3"} : tensor<24xf32> -> tensor<1x2x1x12xf32>
  return %2 : tensor<1x2x1x12xf32>
}

//===----------------------------------------------------------------------===//
// permute / slice
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @permute
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x2x24x8x8xf32>, %[[Y:[^:]+]]: tensor<3x5xf32>, %[[S:[^:]+]]: tensor<f32>)
// CHECK:      qnn.permute %[[X]] {dims = array<i64: 0, 2, 1, 3, 4>, name = "shuffle"} : tensor<1x2x24x8x8xf32> -> tensor<1x24x2x8x8xf32>
// Negative dims count from the end, as in torch.permute.
// CHECK-NEXT: qnn.permute %[[Y]] {dims = array<i64: -1, 0>, name = "t"} : tensor<3x5xf32> -> tensor<5x3xf32>
// CHECK-NEXT: qnn.permute %[[S]] {dims = array<i64>, name = "scalar"} : tensor<f32> -> tensor<f32>
func.func @permute(%x: tensor<1x2x24x8x8xf32>, %y: tensor<3x5xf32>, %s: tensor<f32>)
    -> (tensor<1x24x2x8x8xf32>, tensor<5x3xf32>, tensor<f32>) {
  %0 = qnn.permute %x {name = "shuffle", dims = array<i64: 0, 2, 1, 3, 4>}
      : tensor<1x2x24x8x8xf32> -> tensor<1x24x2x8x8xf32>
  %1 = qnn.permute %y {name = "t", dims = array<i64: -1, 0>} : tensor<3x5xf32> -> tensor<5x3xf32>
  %2 = qnn.permute %s {name = "scalar", dims = array<i64>} : tensor<f32> -> tensor<f32>
  return %0, %1, %2 : tensor<1x24x2x8x8xf32>, tensor<5x3xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @permute_quantized
// CHECK: qnn.permute %{{.+}} {dims = array<i64: 1, 0, 2>, name = "qt", qconfig = #qnn.qconfig<qnnpack>} : tensor<?x4x2x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<4x?x2x!quant.uniform<i8:f32, 5.000000e-02:-3>>
func.func @permute_quantized(%x: tensor<?x4x2x!quant.uniform<i8:f32, 0.05:-3>>)
    -> tensor<4x?x2x!quant.uniform<i8:f32, 0.05:-3>> {
  %0 = qnn.permute %x {name = "qt", dims = array<i64: 1, 0, 2>, qconfig = #qnn.qconfig<qnnpack>}
      : tensor<?x4x2x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<4x?x2x!quant.uniform<i8:f32, 0.05:-3>>
  return %0 : tensor<4x?x2x!quant.uniform<i8:f32, 0.05:-3>>
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x8x8xf32>, %[[H:[^:]+]]: tensor<2x3x6xf32>)
// The step defaults to all ones and is then absent.
// CHECK:      qnn.slice %[[X]] {end = array<i64: 1, 4, 8, 8>, name = "chunk.0", start = array<i64: 0, 0, 0, 0>} : tensor<1x8x8x8xf32> -> tensor<1x4x8x8xf32>
// CHECK-NEXT: qnn.slice %[[X]] {end = array<i64: 1, 8, 8, 8>, name = "stride", start = array<i64: 0, 1, 0, 0>, step = array<i64: 1, 3, 1, 2>} : tensor<1x8x8x8xf32> -> tensor<1x3x8x4xf32>
// select h[-1]: a slice of one, then a reshape dropping the dimension.
// CHECK-NEXT: %[[L:.+]] = qnn.slice %[[H]] {end = array<i64: 2, 3, 6>, name = "last", start = array<i64: 1, 0, 0>} : tensor<2x3x6xf32> -> tensor<1x3x6xf32>
// CHECK-NEXT: qnn.reshape %[[L]] {name = "last"} : tensor<1x3x6xf32> -> tensor<3x6xf32>
// An empty slice.
// CHECK-NEXT: qnn.slice %[[H]] {end = array<i64: 2, 2, 6>, name = "empty", start = array<i64: 0, 2, 0>} : tensor<2x3x6xf32> -> tensor<2x0x6xf32>
func.func @slice(%x: tensor<1x8x8x8xf32>, %h: tensor<2x3x6xf32>)
    -> (tensor<1x4x8x8xf32>, tensor<1x3x8x4xf32>, tensor<3x6xf32>, tensor<2x0x6xf32>) {
  %0 = qnn.slice %x {name = "chunk.0", start = array<i64: 0, 0, 0, 0>, end = array<i64: 1, 4, 8, 8>}
      : tensor<1x8x8x8xf32> -> tensor<1x4x8x8xf32>
  %1 = qnn.slice %x {name = "stride", start = array<i64: 0, 1, 0, 0>, end = array<i64: 1, 8, 8, 8>,
                     step = array<i64: 1, 3, 1, 2>} : tensor<1x8x8x8xf32> -> tensor<1x3x8x4xf32>
  %2 = qnn.slice %h {name = "last", start = array<i64: 1, 0, 0>, end = array<i64: 2, 3, 6>}
      : tensor<2x3x6xf32> -> tensor<1x3x6xf32>
  %3 = qnn.reshape %2 {name = "last"} : tensor<1x3x6xf32> -> tensor<3x6xf32>
  %4 = qnn.slice %h {name = "empty", start = array<i64: 0, 2, 0>, end = array<i64: 2, 2, 6>}
      : tensor<2x3x6xf32> -> tensor<2x0x6xf32>
  return %0, %1, %3, %4 : tensor<1x4x8x8xf32>, tensor<1x3x8x4xf32>, tensor<3x6xf32>, tensor<2x0x6xf32>
}

// CHECK-LABEL: func.func @slice_quantized
// A dynamic input dimension: the result size follows from start, end and step.
// CHECK: qnn.slice %{{.+}} {end = array<i64: 5, 4>, name = "qslice", start = array<i64: 1, 0>, step = array<i64: 2, 1>} : tensor<?x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<2x4x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @slice_quantized(%x: tensor<?x4x!quant.uniform<u8:f32, 0.05:128>>)
    -> tensor<2x4x!quant.uniform<u8:f32, 0.05:128>> {
  %0 = qnn.slice %x {name = "qslice", start = array<i64: 1, 0>, end = array<i64: 5, 4>, step = array<i64: 2, 1>}
      : tensor<?x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<2x4x!quant.uniform<u8:f32, 0.05:128>>
  return %0 : tensor<2x4x!quant.uniform<u8:f32, 0.05:128>>
}

// CHECK-LABEL: func.func @pad
// CHECK: qnn.pad %{{.+}} {name = "pad", pad = array<i64: 1, 2, 0, 1>} : tensor<1x8x4x4xf32> -> tensor<1x8x5x7xf32>
// CHECK: qnn.pad %{{.+}} {name = "qpad", pad = array<i64: 1, 1, 1, 1, 2, 0>, value = 5.000000e-01 : f64} : tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x10x6x6x!quant.uniform<u8:f32, 5.000000e-02:128>>
func.func @pad(%x: tensor<1x8x4x4xf32>, %q: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>)
    -> (tensor<1x8x5x7xf32>, tensor<1x10x6x6x!quant.uniform<u8:f32, 0.05:128>>) {
  %0 = qnn.pad %x {name = "pad", pad = array<i64: 1, 2, 0, 1>} : tensor<1x8x4x4xf32> -> tensor<1x8x5x7xf32>
  %1 = qnn.pad %q {name = "qpad", pad = array<i64: 1, 1, 1, 1, 2, 0>, value = 0.5 : f64}
      : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>> -> tensor<1x10x6x6x!quant.uniform<u8:f32, 0.05:128>>
  return %0, %1 : tensor<1x8x5x7xf32>, tensor<1x10x6x6x!quant.uniform<u8:f32, 0.05:128>>
}

//===----------------------------------------------------------------------===//
// max_pool3d, avg_pool3d, adaptive_avg_pool3d, adaptive_max_pool2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @pool3d
// CHECK:      qnn.max_pool3d %{{.+}} {kernel_size = array<i64: 3, 3, 3>, name = "mp", padding = array<i64: 1, 1, 1>, stride = array<i64: 2, 2, 2>} : tensor<1x4x5x8x8xf32> -> tensor<1x4x3x4x4xf32>
// CHECK-NEXT: qnn.max_pool3d %{{.+}} {ceil_mode, dilation = array<i64: 1, 2, 1>, kernel_size = array<i64: 2, 2, 2>, name = "mp_ceil"} : tensor<1x4x5x8x8xf32> -> tensor<1x4x3x4x4xf32>
// CHECK-NEXT: qnn.avg_pool3d %{{.+}} {count_include_pad = false, divisor_override = 5 : i64, kernel_size = array<i64: 2, 3, 3>, name = "ap", padding = array<i64: 1, 1, 1>} : tensor<1x4x5x8x8x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x4x3x3x3x!quant.uniform<i8:f32, 5.000000e-02:-3>>
// CHECK-NEXT: qnn.adaptive_avg_pool3d %{{.+}} {name = "aap", output_size = array<i64: 2, 3, 5>} : tensor<1x4x5x8x8xf32> -> tensor<1x4x2x3x5xf32>
// CHECK-NEXT: qnn.adaptive_max_pool2d %{{.+}} {name = "amp", output_size = array<i64: 3, 5>} : tensor<1x4x8x8x!quant.uniform<u8:f32, 5.000000e-02:3>> -> tensor<1x4x3x5x!quant.uniform<u8:f32, 5.000000e-02:3>>
func.func @pool3d(%x: tensor<1x4x5x8x8xf32>, %q: tensor<1x4x5x8x8x!quant.uniform<i8:f32, 0.05:-3>>,
                  %q2: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:3>>) {
  %0 = qnn.max_pool3d %x {name = "mp", kernel_size = array<i64: 3, 3, 3>, stride = array<i64: 2, 2, 2>,
                          padding = array<i64: 1, 1, 1>} : tensor<1x4x5x8x8xf32> -> tensor<1x4x3x4x4xf32>
  %1 = qnn.max_pool3d %x {name = "mp_ceil", kernel_size = array<i64: 2, 2, 2>, dilation = array<i64: 1, 2, 1>,
                          ceil_mode} : tensor<1x4x5x8x8xf32> -> tensor<1x4x3x4x4xf32>
  %2 = qnn.avg_pool3d %q {name = "ap", kernel_size = array<i64: 2, 3, 3>, padding = array<i64: 1, 1, 1>,
                          count_include_pad = false, divisor_override = 5 : i64}
      : tensor<1x4x5x8x8x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x4x3x3x3x!quant.uniform<i8:f32, 0.05:-3>>
  %3 = qnn.adaptive_avg_pool3d %x {name = "aap", output_size = array<i64: 2, 3, 5>}
      : tensor<1x4x5x8x8xf32> -> tensor<1x4x2x3x5xf32>
  %4 = qnn.adaptive_max_pool2d %q2 {name = "amp", output_size = array<i64: 3, 5>}
      : tensor<1x4x8x8x!quant.uniform<u8:f32, 0.05:3>> -> tensor<1x4x3x5x!quant.uniform<u8:f32, 0.05:3>>
  return
}
