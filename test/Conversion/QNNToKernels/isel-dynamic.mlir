// Instruction selection for the dynamic linear (float input, quantized
// weight): its GEMM uses the same instructions as the static kernels.
// RUN: qnn-compile %s --target=x86-64-avx2 --emit=asm -o - | FileCheck %s --check-prefix=AVX2
// RUN: qnn-compile %s --target=x86-64-avx512vnni --emit=asm -o - | FileCheck %s --check-prefix=VNNI
// RUN: qnn-compile %s --target=aarch64-neon --emit=asm -o - | FileCheck %s --check-prefix=NEON
// RUN: qnn-compile %s --target=aarch64-neon-dotprod --emit=asm -o - | FileCheck %s --check-prefix=DOT
// REQUIRES: x86-registered-target, aarch64-registered-target

// AVX2-LABEL: dynamic_linear:
// AVX2: vpmaddwd {{.*}}%ymm
// VNNI-LABEL: dynamic_linear:
// VNNI: vpdpbusd {{.*}}%zmm
// NEON-LABEL: dynamic_linear:
// NEON: smlal{{2?}} v{{[0-9]+}}.4s, v{{[0-9]+}}.4h, v{{[0-9]+}}.4h
// DOT-LABEL: dynamic_linear:
// DOT: sdot v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.4b[{{[0-3]}}]
func.func @dynamic_linear(%x: tensor<16x64xf32>) -> tensor<16x48xf32> {
  %w = qnn.qconstant dense<-3> : tensor<48x64xi8> -> tensor<48x64x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc"}
      : (tensor<16x64xf32>, tensor<48x64x!quant.uniform<i8:f32, 0.01>>) -> tensor<16x48xf32>
  return %y : tensor<16x48xf32>
}
