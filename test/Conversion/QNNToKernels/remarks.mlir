// --qnn-kernel-remarks: each quantized conv/linear the kernels leave to the
// reference lowering gets one remark naming the op and the reason; ops a
// kernel takes get none, and without the option there are no remarks.
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=generic kernel-remarks=1" -verify-diagnostics -o /dev/null
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=x86-64-avx512vnni kernel-remarks=1" -verify-diagnostics -o /dev/null
// RUN: qnn-opt %s -split-input-file --qnn-lower-to-llvm="target=generic kernel-remarks=1" -verify-diagnostics -o /dev/null
// RUN: qnn-opt %s -split-input-file --qnn-to-kernels="target=generic" 2>&1 | FileCheck %s --check-prefix=QUIET
// RUN: qnn-compile %s --function=weight_argument --target=generic --qnn-kernel-remarks -o %t.o 2>&1 | FileCheck %s --check-prefix=COMPILE
// QUIET-NOT: remark: qnn-to-kernels
// COMPILE: remarks.mlir:{{[0-9]+}}:8: remark: qnn-to-kernels: 'qnn.linear' takes the reference lowering: the weight is not a constant

// A linear whose weight is an argument: no packed B at compile time.
func.func @weight_argument(%x: tensor<4x32x!quant.uniform<u8:f32, 0.1:128>>,
                           %w: tensor<16x32x!quant.uniform<i8:f32, 0.01>>)
    -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  // expected-remark @+1 {{qnn-to-kernels: 'qnn.linear' takes the reference lowering: the weight is not a constant}}
  %y = qnn.linear %x, %w {name = "fc"}
      : (tensor<4x32x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x32x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}

// -----

// A conv with a constant weight and bias (a kernel takes it: no remark)
// next to one whose bias is an argument.
func.func @convs(%x: tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>,
                 %b: tensor<32xf32>)
    -> (tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>,
        tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>) {
  %w = qnn.qconstant dense<3> : tensor<32x16x3x3xi8> -> tensor<32x16x3x3x!quant.uniform<i8:f32, 0.01>>
  %cb = arith.constant dense<0.5> : tensor<32xf32>
  %c = qnn.conv2d %x, %w, %cb {name = "taken", padding = array<i64: 1, 1>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<32x16x3x3x!quant.uniform<i8:f32, 0.01>>, tensor<32xf32>)
      -> tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>
  // expected-remark @+1 {{qnn-to-kernels: 'qnn.conv2d' takes the reference lowering: the bias is not a constant f32 per output channel}}
  %d = qnn.conv2d %x, %w, %b {name = "bias_argument", padding = array<i64: 1, 1>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<32x16x3x3x!quant.uniform<i8:f32, 0.01>>, tensor<32xf32>)
      -> tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>
  return %c, %d : tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>, tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>
}
