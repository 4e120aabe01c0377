// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of conv{1,2,3}d, conv_transpose{1,2,3}d and conv_bn{1,2,3}d.
// Default-valued attributes (stride 1, padding 0, dilation 1, groups 1,
// output_padding 0, eps 1e-5, momentum 0.1) are not printed.

//===----------------------------------------------------------------------===//
// conv1d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv1d_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x16xf32>, %[[W:[^:]+]]: tensor<8x4x3xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK:      %[[Y0:.+]] = qnn.conv1d %[[X]], %[[W]], %[[B]] {name = "conv", padding = array<i64: 1>} : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT: %[[Y1:.+]] = qnn.conv1d %[[X]], %[[W]] {name = "conv_s2", padding = array<i64: 1>, stride = array<i64: 2>} : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x8xf32>
// CHECK-NEXT: %[[Y2:.+]] = qnn.conv1d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 2>, fused_relu, name = "conv_relu"} : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x12xf32>
// CHECK-NEXT: return %[[Y0]], %[[Y1]], %[[Y2]]
func.func @conv1d_float(%x: tensor<1x4x16xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>)
    -> (tensor<1x8x16xf32>, tensor<1x8x8xf32>, tensor<1x8x12xf32>) {
  %0 = qnn.conv1d %x, %w, %b {name = "conv", padding = array<i64: 1>}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x16xf32>
  %1 = qnn.conv1d %x, %w {name = "conv_s2", stride = array<i64: 2>, padding = array<i64: 1>}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>) -> tensor<1x8x8xf32>
  %2 = qnn.conv1d %x, %w, %b {name = "conv_relu", dilation = array<i64: 2>, fused_relu}
      : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x12xf32>
  return %0, %1, %2 : tensor<1x8x16xf32>, tensor<1x8x8xf32>, tensor<1x8x12xf32>
}

// Explicitly spelled defaults are dropped by the printer.
// CHECK-LABEL: func.func @conv1d_explicit_defaults
// CHECK: qnn.conv1d %{{[^,]+}}, %{{[^ ]+}} {name = "conv"} : (tensor<2x4x16xf32>, tensor<8x4x3xf32>) -> tensor<2x8x14xf32>
func.func @conv1d_explicit_defaults(%x: tensor<2x4x16xf32>, %w: tensor<8x4x3xf32>) -> tensor<2x8x14xf32> {
  %0 = qnn.conv1d %x, %w {name = "conv", stride = array<i64: 1>, padding = array<i64: 0>,
                          dilation = array<i64: 1>, groups = 1 : i64}
      : (tensor<2x4x16xf32>, tensor<8x4x3xf32>) -> tensor<2x8x14xf32>
  return %0 : tensor<2x8x14xf32>
}

// CHECK-LABEL: func.func @conv1d_groups_quantized
// CHECK: qnn.conv1d %{{.+}}, %{{.+}}, %{{.+}} {groups = 2 : i64, name = "conv", qconfig = #qnn.qconfig<qnnpack>} : (tensor<1x4x16x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<6x2x3x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<6xf32>) -> tensor<1x6x14x!quant.uniform<u8:f32, 5.000000e-02:3>>
// CHECK: qnn.conv1d %{{.+}}, %{{.+}} {groups = 4 : i64, name = "dw", padding = array<i64: 1>} : (tensor<1x4x16x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<4x1x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>) -> tensor<1x4x16x!quant.uniform<u8:f32, 2.500000e-02>>
func.func @conv1d_groups_quantized(%x: tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>,
                                   %w: tensor<6x2x3x!quant.uniform<i8:f32, 0.1>>,
                                   %b: tensor<6xf32>,
                                   %wd: tensor<4x1x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>)
    -> (tensor<1x6x14x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x4x16x!quant.uniform<u8:f32, 0.025>>) {
  %0 = qnn.conv1d %x, %w, %b {name = "conv", groups = 2 : i64, qconfig = #qnn.qconfig<qnnpack>}
      : (tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<6x2x3x!quant.uniform<i8:f32, 0.1>>, tensor<6xf32>)
        -> tensor<1x6x14x!quant.uniform<u8:f32, 0.05:3>>
  %1 = qnn.conv1d %x, %wd {name = "dw", groups = 4 : i64, padding = array<i64: 1>}
      : (tensor<1x4x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x1x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>)
        -> tensor<1x4x16x!quant.uniform<u8:f32, 0.025>>
  return %0, %1 : tensor<1x6x14x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x4x16x!quant.uniform<u8:f32, 0.025>>
}

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv2d_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x8x8xf32>, %[[W:[^:]+]]: tensor<8x3x3x3xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK:      qnn.conv2d %[[X]], %[[W]], %[[B]] {fused_relu, name = "layer1.0.conv1", padding = array<i64: 1, 1>, qconfig = #qnn.qconfig<fbgemm>, stride = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.conv2d %[[X]], %[[W]] {name = "conv"} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
// Asymmetric stride, padding and dilation.
// CHECK-NEXT: qnn.conv2d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 2, 1>, name = "conv_asym", padding = array<i64: 2, 0>, stride = array<i64: 1, 3>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x2xf32>
func.func @conv2d_float(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x6x6xf32>, tensor<1x8x8x2xf32>) {
  %0 = qnn.conv2d %x, %w, %b {name = "layer1.0.conv1", stride = array<i64: 2, 2>,
                              padding = array<i64: 1, 1>, fused_relu, qconfig = #qnn.qconfig<fbgemm>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %1 = qnn.conv2d %x, %w {name = "conv"}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  // H: (8 + 4 - 2*2 - 1) / 1 + 1 = 8, W: (8 - 2 - 1) / 3 + 1 = 2
  %2 = qnn.conv2d %x, %w, %b {name = "conv_asym", stride = array<i64: 1, 3>,
                              padding = array<i64: 2, 0>, dilation = array<i64: 2, 1>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x2xf32>
  return %0, %1, %2 : tensor<1x8x4x4xf32>, tensor<1x8x6x6xf32>, tensor<1x8x8x2xf32>
}

// CHECK-LABEL: func.func @conv2d_groups_depthwise
// CHECK: qnn.conv2d %{{.+}}, %{{.+}}, %{{.+}} {groups = 2 : i64, name = "grouped"} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
// CHECK: qnn.conv2d %{{.+}}, %{{.+}} {groups = 4 : i64, name = "depthwise", padding = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
// CHECK: qnn.conv2d %{{.+}}, %{{.+}} {fused_relu, groups = 4 : i64, name = "depthwise_x2", padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
func.func @conv2d_groups_depthwise(%x: tensor<1x4x8x8xf32>, %wg: tensor<6x2x3x3xf32>, %bg: tensor<6xf32>,
                                   %wd: tensor<4x1x3x3xf32>, %wm: tensor<8x1x3x3xf32>)
    -> (tensor<1x6x6x6xf32>, tensor<1x4x8x8xf32>, tensor<1x8x4x4xf32>) {
  %0 = qnn.conv2d %x, %wg, %bg {name = "grouped", groups = 2 : i64}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %1 = qnn.conv2d %x, %wd {name = "depthwise", groups = 4 : i64, padding = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x8x8xf32>
  // Depthwise with channel multiplier 2.
  %2 = qnn.conv2d %x, %wm {name = "depthwise_x2", groups = 4 : i64, padding = array<i64: 1, 1>,
                           stride = array<i64: 2, 2>, fused_relu}
      : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0, %1, %2 : tensor<1x6x6x6xf32>, tensor<1x4x8x8xf32>, tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @conv2d_dynamic_batch
// CHECK: qnn.conv2d %{{.+}}, %{{.+}} {name = "conv", padding = array<i64: 1, 1>} : (tensor<?x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<?x8x8x8xf32>
func.func @conv2d_dynamic_batch(%x: tensor<?x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<?x8x8x8xf32> {
  %0 = qnn.conv2d %x, %w {name = "conv", padding = array<i64: 1, 1>}
      : (tensor<?x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<?x8x8x8xf32>
  return %0 : tensor<?x8x8x8xf32>
}

// CHECK-LABEL: func.func @conv2d_quantized_per_tensor
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>, %[[W:[^:]+]]: tensor<4x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>, %[[B:[^:]+]]: tensor<4xf32>)
// CHECK: qnn.conv2d %[[X]], %[[W]], %[[B]] {name = "conv"} : (tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<4xf32>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 5.000000e-02:3>>
// CHECK: qnn.conv2d %[[X]], %[[W]] {fused_relu, name = "conv_relu", padding = array<i64: 1, 1>} : (tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x4x8x8x!quant.uniform<u8:f32, 4.000000e-02>>
func.func @conv2d_quantized_per_tensor(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>,
                                       %w: tensor<4x3x3x3x!quant.uniform<i8:f32, 0.1>>,
                                       %b: tensor<4xf32>)
    -> (tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x4x8x8x!quant.uniform<u8:f32, 0.04>>) {
  %0 = qnn.conv2d %x, %w, %b {name = "conv"}
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<4xf32>)
        -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>
  %1 = qnn.conv2d %x, %w {name = "conv_relu", padding = array<i64: 1, 1>, fused_relu}
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32, 0.1>>)
        -> tensor<1x4x8x8x!quant.uniform<u8:f32, 0.04>>
  return %0, %1 : tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x4x8x8x!quant.uniform<u8:f32, 0.04>>
}

// CHECK-LABEL: func.func @conv2d_quantized_per_axis
// CHECK: qnn.conv2d %{{.+}}, %{{.+}}, %{{.+}} {name = "conv"} : (tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,1.000000e-01,3.000000e-01}>>, tensor<4xf32>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 5.000000e-02:3>>
// CHECK: qnn.conv2d %{{.+}}, %{{.+}} {groups = 3 : i64, name = "dw", padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x3x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<3x1x3x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01}>>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 2.000000e-02:128>>
func.func @conv2d_quantized_per_axis(%x: tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>,
                                     %w: tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.1, 0.3}>>,
                                     %b: tensor<4xf32>,
                                     %wd: tensor<3x1x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>)
    -> (tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x3x4x4x!quant.uniform<u8:f32, 0.02:128>>) {
  %0 = qnn.conv2d %x, %w, %b {name = "conv"}
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>,
         tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.1, 0.3}>>,
         tensor<4xf32>) -> tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>
  %1 = qnn.conv2d %x, %wd {name = "dw", groups = 3 : i64, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>}
      : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:128>>,
         tensor<3x1x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) -> tensor<1x3x4x4x!quant.uniform<u8:f32, 0.02:128>>
  return %0, %1 : tensor<1x4x6x6x!quant.uniform<u8:f32, 0.05:3>>, tensor<1x3x4x4x!quant.uniform<u8:f32, 0.02:128>>
}

//===----------------------------------------------------------------------===//
// conv3d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv3d
// CHECK: qnn.conv3d %{{[^,]+}}, %{{[^ ]+}} {name = "conv"} : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
// CHECK: qnn.conv3d %{{.+}}, %{{.+}}, %{{.+}} {dilation = array<i64: 1, 2, 1>, fused_relu, groups = 2 : i64, name = "conv_g", padding = array<i64: 1, 2, 0>, stride = array<i64: 2, 1, 1>} : (tensor<1x2x4x4x4xf32>, tensor<4x1x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x2x4x2xf32>
// CHECK: qnn.conv3d %{{.+}}, %{{.+}}, %{{.+}} {name = "qconv", qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 1.000000e-01:10>>, tensor<4x2x3x3x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>, tensor<4xf32>) -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 2.000000e-01:5>>
func.func @conv3d(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>,
                  %wg: tensor<4x1x3x3x3xf32>, %b: tensor<4xf32>,
                  %xq: tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.1:10>>,
                  %wq: tensor<4x2x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>)
    -> (tensor<1x4x2x2x2xf32>, tensor<1x4x2x4x2xf32>, tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.2:5>>) {
  %0 = qnn.conv3d %x, %w {name = "conv"}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>) -> tensor<1x4x2x2x2xf32>
  // D: (4 + 2 - 2 - 1) / 2 + 1 = 2, H: (4 + 4 - 4 - 1) + 1 = 4, W: 4 - 2 = 2
  %1 = qnn.conv3d %x, %wg, %b {name = "conv_g", groups = 2 : i64, stride = array<i64: 2, 1, 1>,
                               padding = array<i64: 1, 2, 0>, dilation = array<i64: 1, 2, 1>, fused_relu}
      : (tensor<1x2x4x4x4xf32>, tensor<4x1x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x2x4x2xf32>
  %2 = qnn.conv3d %xq, %wq, %b {name = "qconv", qconfig = #qnn.qconfig<fbgemm_qat>}
      : (tensor<1x2x4x4x4x!quant.uniform<u8:f32, 0.1:10>>,
         tensor<4x2x3x3x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<4xf32>)
        -> tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.2:5>>
  return %0, %1, %2 : tensor<1x4x2x2x2xf32>, tensor<1x4x2x4x2xf32>, tensor<1x4x2x2x2x!quant.uniform<u8:f32, 0.2:5>>
}

//===----------------------------------------------------------------------===//
// conv_transpose{1,2,3}d
// out = (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv_transpose1d
// CHECK: qnn.conv_transpose1d %{{[^,]+}}, %{{[^ ]+}} {name = "up", stride = array<i64: 2>} : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x16xf32>
// CHECK: qnn.conv_transpose1d %{{.+}}, %{{.+}}, %{{.+}} {name = "up_op", output_padding = array<i64: 1>, padding = array<i64: 1>, stride = array<i64: 2>} : (tensor<1x4x8xf32>, tensor<4x2x3xf32>, tensor<2xf32>) -> tensor<1x2x16xf32>
func.func @conv_transpose1d(%x: tensor<1x4x8xf32>, %w: tensor<4x2x2xf32>, %w3: tensor<4x2x3xf32>, %b: tensor<2xf32>)
    -> (tensor<1x2x16xf32>, tensor<1x2x16xf32>) {
  %0 = qnn.conv_transpose1d %x, %w {name = "up", stride = array<i64: 2>}
      : (tensor<1x4x8xf32>, tensor<4x2x2xf32>) -> tensor<1x2x16xf32>
  // 7 * 2 - 2 + 2 + 1 + 1 = 16
  %1 = qnn.conv_transpose1d %x, %w3, %b {name = "up_op", stride = array<i64: 2>, padding = array<i64: 1>,
                                         output_padding = array<i64: 1>}
      : (tensor<1x4x8xf32>, tensor<4x2x3xf32>, tensor<2xf32>) -> tensor<1x2x16xf32>
  return %0, %1 : tensor<1x2x16xf32>, tensor<1x2x16xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d
// CHECK: qnn.conv_transpose2d %{{.+}}, %{{.+}}, %{{.+}} {name = "up", output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x16x16xf32>
// CHECK: qnn.conv_transpose2d %{{.+}}, %{{.+}} {groups = 2 : i64, name = "up_g"} : (tensor<1x4x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x10x10xf32>
// CHECK: qnn.conv_transpose2d %{{.+}}, %{{.+}} {dilation = array<i64: 2, 2>, name = "up_d", output_padding = array<i64: 1, 0>} : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x13x12xf32>
func.func @conv_transpose2d(%x: tensor<1x4x8x8xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<2xf32>,
                            %wg: tensor<4x3x3x3xf32>)
    -> (tensor<1x2x16x16xf32>, tensor<1x6x10x10xf32>, tensor<1x2x13x12xf32>) {
  %0 = qnn.conv_transpose2d %x, %w, %b {name = "up", stride = array<i64: 2, 2>,
                                        padding = array<i64: 1, 1>,
                                        output_padding = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x16x16xf32>
  // C_out = 3 * groups
  %1 = qnn.conv_transpose2d %x, %wg {name = "up_g", groups = 2 : i64}
      : (tensor<1x4x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x6x10x10xf32>
  // output_padding < dilation is allowed with stride 1: 7 + 2 * 2 + 1 + 1 = 13
  %2 = qnn.conv_transpose2d %x, %w {name = "up_d", dilation = array<i64: 2, 2>,
                                    output_padding = array<i64: 1, 0>}
      : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x13x12xf32>
  return %0, %1, %2 : tensor<1x2x16x16xf32>, tensor<1x6x10x10xf32>, tensor<1x2x13x12xf32>
}

// CHECK-LABEL: func.func @conv_transpose2d_quantized
// CHECK: qnn.conv_transpose2d %{{.+}}, %{{.+}}, %{{.+}} {name = "qup", output_padding = array<i64: 1, 1>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x4x8x8x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<2xf32>) -> tensor<1x2x16x16x!quant.uniform<u8:f32, 5.000000e-02:64>>
func.func @conv_transpose2d_quantized(%x: tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>,
                                      %w: tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>,
                                      %b: tensor<2xf32>)
    -> tensor<1x2x16x16x!quant.uniform<u8:f32, 0.05:64>> {
  %0 = qnn.conv_transpose2d %x, %w, %b {name = "qup", stride = array<i64: 2, 2>,
                                        padding = array<i64: 1, 1>, output_padding = array<i64: 1, 1>}
      : (tensor<1x4x8x8x!quant.uniform<u8:f32, 0.02:128>>, tensor<4x2x3x3x!quant.uniform<i8:f32, 0.1>>,
         tensor<2xf32>) -> tensor<1x2x16x16x!quant.uniform<u8:f32, 0.05:64>>
  return %0 : tensor<1x2x16x16x!quant.uniform<u8:f32, 0.05:64>>
}

// CHECK-LABEL: func.func @conv_transpose3d
// CHECK: qnn.conv_transpose3d %{{[^,]+}}, %{{[^ ]+}} {name = "up"} : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
// CHECK: qnn.conv_transpose3d %{{.+}}, %{{.+}}, %{{.+}} {name = "up_op", output_padding = array<i64: 1, 0, 1>, qconfig = #qnn.qconfig<none>, stride = array<i64: 2, 1, 2>} : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x5x3x5xf32>
func.func @conv_transpose3d(%x: tensor<1x2x2x2x2xf32>, %w: tensor<2x3x2x2x2xf32>, %b: tensor<3xf32>)
    -> (tensor<1x3x3x3x3xf32>, tensor<1x3x5x3x5xf32>) {
  %0 = qnn.conv_transpose3d %x, %w {name = "up"}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>) -> tensor<1x3x3x3x3xf32>
  %1 = qnn.conv_transpose3d %x, %w, %b {name = "up_op", stride = array<i64: 2, 1, 2>,
                                        output_padding = array<i64: 1, 0, 1>, qconfig = #qnn.qconfig<none>}
      : (tensor<1x2x2x2x2xf32>, tensor<2x3x2x2x2xf32>, tensor<3xf32>) -> tensor<1x3x5x3x5xf32>
  return %0, %1 : tensor<1x3x3x3x3xf32>, tensor<1x3x5x3x5xf32>
}

//===----------------------------------------------------------------------===//
// conv_bn{1,2,3}d
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv_bn1d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x8xf32>, %[[W:[^:]+]]: tensor<8x4x3xf32>, %[[CB:[^:]+]]: tensor<8xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[BB:[^:]+]]: tensor<8xf32>, %[[M:[^:]+]]: tensor<8xf32>, %[[V:[^:]+]]: tensor<8xf32>)
// CHECK:      qnn.conv_bn1d %[[X]], %[[W]], bias %[[CB]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {name = "conv"} : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
// CHECK-NEXT: qnn.conv_bn1d %[[X]], %[[W]], bias %[[CB]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {eps = 1.000000e-03 : f64, freeze_bn, fused_relu, momentum = 1.000000e-02 : f64, name = "conv_relu", padding = array<i64: 1>, qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8xf32>
func.func @conv_bn1d(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>, %cb: tensor<8xf32>,
                     %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>)
    -> (tensor<1x8x6xf32>, tensor<1x8x8xf32>) {
  // eps and momentum spelled with their defaults are not printed.
  %0 = qnn.conv_bn1d %x, %w, bias %cb, bn(%g, %bb, %m, %v) {name = "conv", eps = 1.0e-5, momentum = 0.1}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>,
         tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  %1 = qnn.conv_bn1d %x, %w, bias %cb, bn(%g, %bb, %m, %v)
      {name = "conv_relu", padding = array<i64: 1>, eps = 1.0e-3, momentum = 0.01, fused_relu, freeze_bn,
       qconfig = #qnn.qconfig<fbgemm_qat>}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
         tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8xf32>
  return %0, %1 : tensor<1x8x6xf32>, tensor<1x8x8xf32>
}

// CHECK-LABEL: func.func @conv_bn2d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x3x8x8xf32>, %[[W:[^:]+]]: tensor<8x3x3x3xf32>, %[[CB:[^:]+]]: tensor<8xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[BB:[^:]+]]: tensor<8xf32>, %[[M:[^:]+]]: tensor<8xf32>, %[[V:[^:]+]]: tensor<8xf32>
// CHECK:      qnn.conv_bn2d %[[X]], %[[W]], bias %[[CB]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {fused_relu, name = "conv"} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
// CHECK-NEXT: qnn.conv_bn2d %[[X]], %[[W]], bias %[[CB]], bn(%[[G]], %[[BB]], %[[M]], %[[V]]) {freeze_bn, name = "conv_frozen", padding = array<i64: 1, 1>, qconfig = #qnn.qconfig<qnnpack_qat>, stride = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.conv_bn2d %{{[^,]+}}, %{{[^,]+}}, bias %{{[^,]+}}, bn(%{{[^)]+}}) {dilation = array<i64: 2, 2>, groups = 2 : i64, name = "conv_g", padding = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
func.func @conv_bn2d(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %cb: tensor<8xf32>,
                     %g: tensor<8xf32>, %bb: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>,
                     %x4: tensor<1x4x8x8xf32>, %wg: tensor<6x2x3x3xf32>, %p6: tensor<6xf32>)
    -> (tensor<1x8x6x6xf32>, tensor<1x8x4x4xf32>, tensor<1x6x8x8xf32>) {
  %0 = qnn.conv_bn2d %x, %w, bias %cb, bn(%g, %bb, %m, %v) {name = "conv", fused_relu}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
         tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6x6xf32>
  %1 = qnn.conv_bn2d %x, %w, bias %cb, bn(%g, %bb, %m, %v)
      {name = "conv_frozen", stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, freeze_bn,
       qconfig = #qnn.qconfig<qnnpack_qat>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
         tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %2 = qnn.conv_bn2d %x4, %wg, bias %p6, bn(%p6, %p6, %p6, %p6)
      {name = "conv_g", groups = 2 : i64, padding = array<i64: 2, 2>, dilation = array<i64: 2, 2>}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>,
         tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  return %0, %1, %2 : tensor<1x8x6x6xf32>, tensor<1x8x4x4xf32>, tensor<1x6x8x8xf32>
}

// CHECK-LABEL: func.func @conv_bn3d
// CHECK: qnn.conv_bn3d %{{[^,]+}}, %{{[^,]+}}, bias %{{[^,]+}}, bn(%{{[^)]+}}) {name = "conv"} : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
// CHECK: qnn.conv_bn3d %{{[^,]+}}, %{{[^,]+}}, bias %{{[^,]+}}, bn(%{{[^)]+}}) {eps = 1.000000e-04 : f64, freeze_bn, fused_relu, momentum = 0.000000e+00 : f64, name = "conv_relu", padding = array<i64: 1, 1, 1>} : (tensor<?x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x4x4x4xf32>
func.func @conv_bn3d(%x: tensor<1x2x4x4x4xf32>, %xd: tensor<?x2x4x4x4xf32>, %w: tensor<4x2x3x3x3xf32>, %p: tensor<4xf32>)
    -> (tensor<1x4x2x2x2xf32>, tensor<?x4x4x4x4xf32>) {
  %0 = qnn.conv_bn3d %x, %w, bias %p, bn(%p, %p, %p, %p) {name = "conv"}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
         tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  %1 = qnn.conv_bn3d %xd, %w, bias %p, bn(%p, %p, %p, %p)
      {name = "conv_relu", padding = array<i64: 1, 1, 1>, eps = 1.0e-4, momentum = 0.0, fused_relu, freeze_bn}
      : (tensor<?x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
         tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x4x4x4xf32>
  return %0, %1 : tensor<1x4x2x2x2xf32>, tensor<?x4x4x4x4xf32>
}

// Without a conv bias (`bias=False`, the usual case before a BatchNorm). The
// explicit default stride of conv3d is not printed.
// CHECK-LABEL: func.func @conv_bn_no_bias
// CHECK-SAME: (%[[X1:[^:]+]]: tensor<1x4x8xf32>, %[[W1:[^:]+]]: tensor<8x4x3xf32>, %[[P8:[^:]+]]: tensor<8xf32>, %[[X2:[^:]+]]: tensor<1x3x8x8xf32>, %[[W2:[^:]+]]: tensor<8x3x3x3xf32>, %[[X3:[^:]+]]: tensor<1x2x4x4x4xf32>, %[[W3:[^:]+]]: tensor<4x2x3x3x3xf32>, %[[P4:[^:]+]]: tensor<4xf32>)
// CHECK:      qnn.conv_bn1d %[[X1]], %[[W1]], bn(%[[P8]], %[[P8]], %[[P8]], %[[P8]]) {name = "conv1d"} : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
// CHECK-NEXT: qnn.conv_bn2d %[[X2]], %[[W2]], bn(%[[P8]], %[[P8]], %[[P8]], %[[P8]]) {freeze_bn, fused_relu, name = "conv2d", padding = array<i64: 1, 1>, qconfig = #qnn.qconfig<fbgemm_qat>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
// CHECK-NEXT: qnn.conv_bn3d %[[X3]], %[[W3]], bn(%[[P4]], %[[P4]], %[[P4]], %[[P4]]) {eps = 1.000000e-03 : f64, fused_relu, momentum = 3.000000e-01 : f64, name = "conv3d"} : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
func.func @conv_bn_no_bias(%x1: tensor<1x4x8xf32>, %w1: tensor<8x4x3xf32>, %p8: tensor<8xf32>,
                           %x2: tensor<1x3x8x8xf32>, %w2: tensor<8x3x3x3xf32>,
                           %x3: tensor<1x2x4x4x4xf32>, %w3: tensor<4x2x3x3x3xf32>, %p4: tensor<4xf32>)
    -> (tensor<1x8x6xf32>, tensor<1x8x8x8xf32>, tensor<1x4x2x2x2xf32>) {
  %0 = qnn.conv_bn1d %x1, %w1, bn(%p8, %p8, %p8, %p8) {name = "conv1d"}
      : (tensor<1x4x8xf32>, tensor<8x4x3xf32>, tensor<8xf32>, tensor<8xf32>,
         tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x6xf32>
  %1 = qnn.conv_bn2d %x2, %w2, bn(%p8, %p8, %p8, %p8)
      {name = "conv2d", padding = array<i64: 1, 1>, fused_relu, freeze_bn, qconfig = #qnn.qconfig<fbgemm_qat>}
      : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>, tensor<8xf32>,
         tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %2 = qnn.conv_bn3d %x3, %w3, bn(%p4, %p4, %p4, %p4)
      {name = "conv3d", stride = array<i64: 1, 1, 1>, eps = 1.0e-3, momentum = 0.3, fused_relu}
      : (tensor<1x2x4x4x4xf32>, tensor<4x2x3x3x3xf32>, tensor<4xf32>, tensor<4xf32>,
         tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return %0, %1, %2 : tensor<1x8x6xf32>, tensor<1x8x8x8xf32>, tensor<1x4x2x2x2xf32>
}
