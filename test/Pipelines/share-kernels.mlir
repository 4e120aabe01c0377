// qnn-lower-to-llvm shares kernel code between convs of one shape class
// (qnn-share-kernels): convs a and b (3x3, 8 -> 8 channels on 8x8, other
// weights, scales and zero points) call one function with their own packed
// weights; conv c (1x1, 16 channels) is of another class and keeps its
// kernel in place.
// RUN: qnn-opt %s --qnn-lower-to-llvm="target=x86-64-avx2" -mlir-print-ir-after=qnn-share-kernels -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: func.func private @__qnn_kernel(
// CHECK-SAME:    memref<1x36x32xi16>
// CHECK-SAME:    attributes {passthrough = ["noinline"]}
// CHECK-NOT:   func.func private
// CHECK-LABEL: func.func @net(
// CHECK:         %[[WA:.*]] = memref.get_global @__qnn_a_packed
// CHECK:         call @__qnn_kernel({{.*}}%[[WA]]
// CHECK:         %[[WB:.*]] = memref.get_global @__qnn_b_packed
// CHECK:         call @__qnn_kernel({{.*}}%[[WB]]
// CHECK:         memref.get_global @__qnn_c_packed
// CHECK-NOT:     call @__qnn_kernel
// CHECK:         vector.load
// CHECK:         return
func.func @net(%x: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02>>) -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.03:5>> {
  %wa = qnn.qconstant dense<3> : tensor<8x8x3x3xi8> -> tensor<8x8x3x3x!quant.uniform<i8:f32, 0.01>>
  %a = qnn.conv2d %x, %wa {name = "a", padding = array<i64: 1, 1>}
      : (tensor<1x8x8x8x!quant.uniform<u8:f32, 0.02>>, tensor<8x8x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:7>>
  %wb = qnn.qconstant dense<-2> : tensor<8x8x3x3xi8> -> tensor<8x8x3x3x!quant.uniform<i8:f32, 0.02>>
  %b = qnn.conv2d %a, %wb {name = "b", padding = array<i64: 1, 1>}
      : (tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:7>>, tensor<8x8x3x3x!quant.uniform<i8:f32, 0.02>>)
      -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.04:3>>
  %wc = qnn.qconstant dense<1> : tensor<16x8x1x1xi8> -> tensor<16x8x1x1x!quant.uniform<i8:f32, 0.01>>
  %c = qnn.conv2d %b, %wc {name = "c"}
      : (tensor<1x8x8x8x!quant.uniform<u8:f32, 0.04:3>>, tensor<16x8x1x1x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.03:5>>
  return %c : tensor<1x16x8x8x!quant.uniform<u8:f32, 0.03:5>>
}
