// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s -mlir-print-op-generic | qnn-opt | FileCheck %s

// Roundtrip of qnn.linear and the normalization ops (batch_norm, layer_norm,
// group_norm, instance_norm).

//===----------------------------------------------------------------------===//
// linear
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @linear_float
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x16xf32>, %[[W:[^:]+]]: tensor<10x16xf32>, %[[B:[^:]+]]: tensor<10xf32>, %[[X3:[^:]+]]: tensor<2x5x16xf32>)
// CHECK:      qnn.linear %[[X]], %[[W]], %[[B]] {name = "fc"} : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
// CHECK-NEXT: qnn.linear %[[X]], %[[W]] {name = "fc_nobias"} : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
// CHECK-NEXT: qnn.linear %[[X]], %[[W]], %[[B]] {fused_relu, name = "fc_relu", qconfig = #qnn.qconfig<fbgemm>} : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
// CHECK-NEXT: qnn.linear %[[X3]], %[[W]], %[[B]] {name = "fc3d"} : (tensor<2x5x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x5x10xf32>
func.func @linear_float(%x: tensor<2x16xf32>, %w: tensor<10x16xf32>, %b: tensor<10xf32>, %x3: tensor<2x5x16xf32>)
    -> (tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x5x10xf32>) {
  %0 = qnn.linear %x, %w, %b {name = "fc"}
      : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  %1 = qnn.linear %x, %w {name = "fc_nobias"}
      : (tensor<2x16xf32>, tensor<10x16xf32>) -> tensor<2x10xf32>
  %2 = qnn.linear %x, %w, %b {name = "fc_relu", fused_relu, qconfig = #qnn.qconfig<fbgemm>}
      : (tensor<2x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x10xf32>
  %3 = qnn.linear %x3, %w, %b {name = "fc3d"}
      : (tensor<2x5x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<2x5x10xf32>
  return %0, %1, %2, %3 : tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x10xf32>, tensor<2x5x10xf32>
}

// CHECK-LABEL: func.func @linear_dynamic_shapes
// CHECK: qnn.linear %{{.+}}, %{{.+}} {name = "fc"} : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
func.func @linear_dynamic_shapes(%x: tensor<?x16xf32>, %w: tensor<10x16xf32>) -> tensor<?x10xf32> {
  %0 = qnn.linear %x, %w {name = "fc"} : (tensor<?x16xf32>, tensor<10x16xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// CHECK-LABEL: func.func @linear_static_quantized
// CHECK: qnn.linear %{{.+}}, %{{.+}}, %{{.+}} {name = "fc"} : (tensor<2x16x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<10x16x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<10xf32>) -> tensor<2x10x!quant.uniform<u8:f32, 5.000000e-02:64>>
// CHECK: qnn.linear %{{.+}}, %{{.+}} {fused_relu, name = "fc_relu"} : (tensor<2x16x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<4x16x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02,3.000000e-02,4.000000e-02}>>) -> tensor<2x4x!quant.uniform<u8:f32, 4.000000e-02>>
func.func @linear_static_quantized(%x: tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>,
                                   %w: tensor<10x16x!quant.uniform<i8:f32, 0.01>>,
                                   %b: tensor<10xf32>,
                                   %wc: tensor<4x16x!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04}>>)
    -> (tensor<2x10x!quant.uniform<u8:f32, 0.05:64>>, tensor<2x4x!quant.uniform<u8:f32, 0.04>>) {
  %0 = qnn.linear %x, %w, %b {name = "fc"}
      : (tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>, tensor<10x16x!quant.uniform<i8:f32, 0.01>>, tensor<10xf32>)
        -> tensor<2x10x!quant.uniform<u8:f32, 0.05:64>>
  %1 = qnn.linear %x, %wc {name = "fc_relu", fused_relu}
      : (tensor<2x16x!quant.uniform<u8:f32, 0.02:128>>,
         tensor<4x16x!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04}>>)
        -> tensor<2x4x!quant.uniform<u8:f32, 0.04>>
  return %0, %1 : tensor<2x10x!quant.uniform<u8:f32, 0.05:64>>, tensor<2x4x!quant.uniform<u8:f32, 0.04>>
}

// Dynamic quantization: float input and result, quantized weight.
// CHECK-LABEL: func.func @linear_dynamic_quantized
// CHECK: qnn.linear %{{.+}}, %{{.+}}, %{{.+}} {name = "fc", qconfig = #qnn.qconfig<dynamic>} : (tensor<2x16xf32>, tensor<10x16x!quant.uniform<i8:f32, 1.000000e-02>>, tensor<10xf32>) -> tensor<2x10xf32>
// CHECK: qnn.linear %{{.+}}, %{{.+}} {fused_relu, name = "fc_relu"} : (tensor<2x16xf32>, tensor<4x16x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02,3.000000e-02,4.000000e-02}>>) -> tensor<2x4xf32>
// float16 dynamic quantization keeps an f16 weight.
// CHECK: qnn.linear %{{.+}}, %{{.+}}, %{{.+}} {name = "fc_fp16", qconfig = #qnn.qconfig<float16_dynamic>} : (tensor<2x16xf32>, tensor<10x16xf16>, tensor<10xf32>) -> tensor<2x10xf32>
func.func @linear_dynamic_quantized(%x: tensor<2x16xf32>,
                                    %w: tensor<10x16x!quant.uniform<i8:f32, 0.01>>,
                                    %b: tensor<10xf32>,
                                    %wc: tensor<4x16x!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04}>>,
                                    %wh: tensor<10x16xf16>)
    -> (tensor<2x10xf32>, tensor<2x4xf32>, tensor<2x10xf32>) {
  %0 = qnn.linear %x, %w, %b {name = "fc", qconfig = #qnn.qconfig<dynamic>}
      : (tensor<2x16xf32>, tensor<10x16x!quant.uniform<i8:f32, 0.01>>, tensor<10xf32>) -> tensor<2x10xf32>
  %1 = qnn.linear %x, %wc {name = "fc_relu", fused_relu}
      : (tensor<2x16xf32>, tensor<4x16x!quant.uniform<i8:f32:0, {0.01, 0.02, 0.03, 0.04}>>) -> tensor<2x4xf32>
  %2 = qnn.linear %x, %wh, %b {name = "fc_fp16", qconfig = #qnn.qconfig<float16_dynamic>}
      : (tensor<2x16xf32>, tensor<10x16xf16>, tensor<10xf32>) -> tensor<2x10xf32>
  return %0, %1, %2 : tensor<2x10xf32>, tensor<2x4xf32>, tensor<2x10xf32>
}

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm_ranks
// CHECK-SAME: (%[[X2:[^:]+]]: tensor<4x8xf32>, %[[X3:[^:]+]]: tensor<4x8x10xf32>, %[[X4:[^:]+]]: tensor<1x8x4x4xf32>, %[[X5:[^:]+]]: tensor<1x8x2x4x4xf32>, %[[M:[^:]+]]: tensor<8xf32>, %[[V:[^:]+]]: tensor<8xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK:      qnn.batch_norm %[[X2]], %[[M]], %[[V]], weight %[[G]], bias %[[B]] {name = "bn1d"} : (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT: qnn.batch_norm %[[X3]], %[[M]], %[[V]] {eps = 1.000000e-03 : f64, momentum = 0.000000e+00 : f64, name = "bn1d_seq"} : (tensor<4x8x10xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8x10xf32>
// CHECK-NEXT: qnn.batch_norm %[[X4]], %[[M]], %[[V]], weight %[[G]], bias %[[B]] {fused_relu, name = "bn2d", qconfig = #qnn.qconfig<fbgemm>} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.batch_norm %[[X4]], %[[M]], %[[V]] {name = "bn2d_noaffine"} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.batch_norm %[[X5]], %[[M]], %[[V]], weight %[[G]], bias %[[B]] {fused_relu, momentum = 2.000000e-01 : f64, name = "bn3d"} : (tensor<1x8x2x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4xf32>
// CHECK-NEXT: qnn.batch_norm %[[X5]], %[[M]], %[[V]] {name = "bn3d_noaffine"} : (tensor<1x8x2x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4xf32>
func.func @batch_norm_ranks(%x2: tensor<4x8xf32>, %x3: tensor<4x8x10xf32>, %x4: tensor<1x8x4x4xf32>,
                            %x5: tensor<1x8x2x4x4xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>,
                            %g: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<4x8xf32>, tensor<4x8x10xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>,
        tensor<1x8x2x4x4xf32>, tensor<1x8x2x4x4xf32>) {
  %0 = qnn.batch_norm %x2, %m, %v, weight %g, bias %b {name = "bn1d", eps = 1.0e-5, momentum = 0.1}
      : (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  %1 = qnn.batch_norm %x3, %m, %v {name = "bn1d_seq", eps = 1.0e-3, momentum = 0.0}
      : (tensor<4x8x10xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8x10xf32>
  %2 = qnn.batch_norm %x4, %m, %v, weight %g, bias %b {name = "bn2d", fused_relu, qconfig = #qnn.qconfig<fbgemm>}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %3 = qnn.batch_norm %x4, %m, %v {name = "bn2d_noaffine"}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %4 = qnn.batch_norm %x5, %m, %v, weight %g, bias %b {name = "bn3d", fused_relu, momentum = 0.2}
      : (tensor<1x8x2x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4xf32>
  %5 = qnn.batch_norm %x5, %m, %v {name = "bn3d_noaffine"}
      : (tensor<1x8x2x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4x8xf32>, tensor<4x8x10xf32>, tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>,
                                  tensor<1x8x2x4x4xf32>, tensor<1x8x2x4x4xf32>
}

// CHECK-LABEL: func.func @batch_norm_quantized
// CHECK: qnn.batch_norm %{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}, weight %{{[^,]+}}, bias %{{[^ ]+}} {name = "bn"} : (tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 1.000000e-01:120>>
// CHECK: qnn.batch_norm %{{[^,]+}}, %{{[^,]+}}, %{{[^,]+}}, weight %{{[^,]+}}, bias %{{[^ ]+}} {fused_relu, name = "bn_relu"} : (tensor<1x8x2x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4x!quant.uniform<u8:f32, 1.000000e-01>>
func.func @batch_norm_quantized(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>,
                                %x5: tensor<1x8x2x4x4x!quant.uniform<u8:f32, 0.05:128>>,
                                %m: tensor<8xf32>, %v: tensor<8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:120>>, tensor<1x8x2x4x4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qnn.batch_norm %x, %m, %v, weight %g, bias %b {name = "bn"}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:120>>
  %1 = qnn.batch_norm %x5, %m, %v, weight %g, bias %b {name = "bn_relu", fused_relu}
      : (tensor<1x8x2x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<1x8x2x4x4x!quant.uniform<u8:f32, 0.1>>
  return %0, %1 : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.1:120>>, tensor<1x8x2x4x4x!quant.uniform<u8:f32, 0.1>>
}

//===----------------------------------------------------------------------===//
// layer_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<2x5x16xf32>, %[[G:[^:]+]]: tensor<16xf32>, %[[B:[^:]+]]: tensor<16xf32>, %[[G2:[^:]+]]: tensor<5x16xf32>, %[[B2:[^:]+]]: tensor<5x16xf32>)
// CHECK:      qnn.layer_norm %[[X]], weight %[[G]], bias %[[B]] {name = "ln", normalized_shape = array<i64: 16>} : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
// CHECK-NEXT: qnn.layer_norm %[[X]] {eps = 9.9999999999999995E-7 : f64, name = "ln_noaffine", normalized_shape = array<i64: 16>} : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
// CHECK-NEXT: qnn.layer_norm %[[X]], weight %[[G2]], bias %[[B2]] {name = "ln2", normalized_shape = array<i64: 5, 16>, qconfig = #qnn.qconfig<qnnpack>} : (tensor<2x5x16xf32>, tensor<5x16xf32>, tensor<5x16xf32>) -> tensor<2x5x16xf32>
// CHECK-NEXT: qnn.layer_norm %[[X]] {name = "ln_all", normalized_shape = array<i64: 2, 5, 16>} : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
func.func @layer_norm(%x: tensor<2x5x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>,
                      %g2: tensor<5x16xf32>, %b2: tensor<5x16xf32>)
    -> (tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>) {
  %0 = qnn.layer_norm %x, weight %g, bias %b {name = "ln", normalized_shape = array<i64: 16>, eps = 1.0e-5}
      : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
  %1 = qnn.layer_norm %x {name = "ln_noaffine", normalized_shape = array<i64: 16>, eps = 1.0e-6}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  %2 = qnn.layer_norm %x, weight %g2, bias %b2 {name = "ln2", normalized_shape = array<i64: 5, 16>,
                                                qconfig = #qnn.qconfig<qnnpack>}
      : (tensor<2x5x16xf32>, tensor<5x16xf32>, tensor<5x16xf32>) -> tensor<2x5x16xf32>
  %3 = qnn.layer_norm %x {name = "ln_all", normalized_shape = array<i64: 2, 5, 16>}
      : (tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
  return %0, %1, %2, %3 : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
}

// CHECK-LABEL: func.func @layer_norm_quantized
// CHECK: qnn.layer_norm %{{[^,]+}}, weight %{{[^,]+}}, bias %{{[^ ]+}} {name = "ln", normalized_shape = array<i64: 16>} : (tensor<?x5x16x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x5x16x!quant.uniform<u8:f32, 2.000000e-02:100>>
func.func @layer_norm_quantized(%x: tensor<?x5x16x!quant.uniform<u8:f32, 0.05:128>>, %g: tensor<16xf32>, %b: tensor<16xf32>)
    -> tensor<?x5x16x!quant.uniform<u8:f32, 0.02:100>> {
  %0 = qnn.layer_norm %x, weight %g, bias %b {name = "ln", normalized_shape = array<i64: 16>}
      : (tensor<?x5x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<16xf32>, tensor<16xf32>)
        -> tensor<?x5x16x!quant.uniform<u8:f32, 0.02:100>>
  return %0 : tensor<?x5x16x!quant.uniform<u8:f32, 0.02:100>>
}

//===----------------------------------------------------------------------===//
// group_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @group_norm
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x8x4x4xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[XQ:[^:]+]]: tensor<2x8x6x!quant.uniform<u8:f32, 5.000000e-02:128>>)
// CHECK:      qnn.group_norm %[[X]], weight %[[G]], bias %[[B]] {name = "gn", num_groups = 2 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.group_norm %[[X]] {eps = 1.000000e-03 : f64, name = "gn_noaffine", num_groups = 8 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.group_norm %[[XQ]], weight %[[G]], bias %[[B]] {name = "gn_q", num_groups = 4 : i64} : (tensor<2x8x6x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8x6x!quant.uniform<u8:f32, 1.000000e-01:128>>
func.func @group_norm(%x: tensor<1x8x4x4xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>,
                      %xq: tensor<2x8x6x!quant.uniform<u8:f32, 0.05:128>>)
    -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<2x8x6x!quant.uniform<u8:f32, 0.1:128>>) {
  %0 = qnn.group_norm %x, weight %g, bias %b {name = "gn", num_groups = 2 : i64}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %1 = qnn.group_norm %x {name = "gn_noaffine", num_groups = 8 : i64, eps = 1.0e-3}
      : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %2 = qnn.group_norm %xq, weight %g, bias %b {name = "gn_q", num_groups = 4 : i64}
      : (tensor<2x8x6x!quant.uniform<u8:f32, 0.05:128>>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<2x8x6x!quant.uniform<u8:f32, 0.1:128>>
  return %0, %1, %2 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>, tensor<2x8x6x!quant.uniform<u8:f32, 0.1:128>>
}

//===----------------------------------------------------------------------===//
// instance_norm
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @instance_norm
// CHECK-SAME: (%[[X3:[^:]+]]: tensor<2x8x10xf32>, %[[X4:[^:]+]]: tensor<1x8x4x4xf32>, %[[X5:[^:]+]]: tensor<1x8x2x4x4xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK:      qnn.instance_norm %[[X3]] {name = "in1d"} : (tensor<2x8x10xf32>) -> tensor<2x8x10xf32>
// CHECK-NEXT: qnn.instance_norm %[[X4]], weight %[[G]], bias %[[B]] {eps = 1.000000e-03 : f64, name = "in2d"} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: qnn.instance_norm %[[X5]], weight %[[G]], bias %[[B]] {name = "in3d", qconfig = #qnn.qconfig<onednn>} : (tensor<1x8x2x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4xf32>
func.func @instance_norm(%x3: tensor<2x8x10xf32>, %x4: tensor<1x8x4x4xf32>, %x5: tensor<1x8x2x4x4xf32>,
                         %g: tensor<8xf32>, %b: tensor<8xf32>)
    -> (tensor<2x8x10xf32>, tensor<1x8x4x4xf32>, tensor<1x8x2x4x4xf32>) {
  %0 = qnn.instance_norm %x3 {name = "in1d"} : (tensor<2x8x10xf32>) -> tensor<2x8x10xf32>
  %1 = qnn.instance_norm %x4, weight %g, bias %b {name = "in2d", eps = 1.0e-3}
      : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %2 = qnn.instance_norm %x5, weight %g, bias %b {name = "in3d", qconfig = #qnn.qconfig<onednn>}
      : (tensor<1x8x2x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x2x4x4xf32>
  return %0, %1, %2 : tensor<2x8x10xf32>, tensor<1x8x4x4xf32>, tensor<1x8x2x4x4xf32>
}

// CHECK-LABEL: func.func @instance_norm_quantized
// CHECK: qnn.instance_norm %{{[^,]+}}, weight %{{[^,]+}}, bias %{{[^ ]+}} {name = "in"} : (tensor<1x8x4x4x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4x!quant.uniform<u8:f32, 3.000000e-02:128>>
func.func @instance_norm_quantized(%x: tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, %g: tensor<8xf32>, %b: tensor<8xf32>)
    -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:128>> {
  %0 = qnn.instance_norm %x, weight %g, bias %b {name = "in"}
      : (tensor<1x8x4x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<8xf32>, tensor<8xf32>)
        -> tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:128>>
  return %0 : tensor<1x8x4x4x!quant.uniform<u8:f32, 0.03:128>>
}
