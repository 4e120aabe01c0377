// Instruction selection for the channels-last depthwise kernel: on AVX2,
// taps go in pairs through vpmaddwd (inputs interleaved with vpunpck*wd); on
// AVX-512 VNNI a kernel row of 3 taps goes through one vpdpbusd (byte quads,
// isel-depthwise-quads.mlir). (The
// NEON form is a widening multiply-add per tap, which LLVM strength-reduces
// for constant weights; the end-to-end tests run it under qemu.)
// RUN: qnn-compile %s --target=x86-64-avx2 --emit=asm -o - | FileCheck %s --check-prefix=AVX2
// RUN: qnn-compile %s --target=x86-64-avx512vnni --emit=asm -o - | FileCheck %s --check-prefix=VNNI
// REQUIRES: x86-registered-target

// AVX2-LABEL: depthwise:
// AVX2: vpunpck{{[lh]}}wd
// AVX2: vpmaddwd {{.*}}%ymm
// VNNI-LABEL: depthwise:
// 32 channels: one block of ymm quads.
// VNNI: vpdpbusd {{.*}}%ymm
// VNNI-NOT: vpdpwssd
func.func @depthwise(%x: tensor<1x32x10x10xf32>) -> tensor<1x32x10x10xf32> {
  %w = qnn.qconstant dense<3> : tensor<32x1x3x3xi8> -> tensor<32x1x3x3x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x32x10x10xf32> -> tensor<1x32x10x10x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "dw", groups = 32 : i64, padding = array<i64: 1, 1>}
      : (tensor<1x32x10x10x!quant.uniform<u8:f32, 0.02:3>>, tensor<32x1x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x32x10x10x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x32x10x10x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x32x10x10xf32>
  return %y : tensor<1x32x10x10xf32>
}
