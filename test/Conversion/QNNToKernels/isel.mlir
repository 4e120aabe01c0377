// Instruction selection per target: the compiled micro-kernels use the
// intended multiply-accumulate instructions.
// RUN: qnn-compile %s --target=x86-64-avx2 --winograd=false --emit=asm -o - | FileCheck %s --check-prefix=AVX2
// RUN: qnn-compile %s --target=x86-64-avx512vnni --winograd=false --emit=asm -o - | FileCheck %s --check-prefix=VNNI
// RUN: qnn-compile %s --target=aarch64-neon --winograd=false --emit=asm -o - | FileCheck %s --check-prefix=NEON
// RUN: qnn-compile %s --target=aarch64-neon-dotprod --winograd=false --emit=asm -o - | FileCheck %s --check-prefix=DOT
// RUN: qnn-compile %s --target=x86-64-avx2 --winograd=false --emit=llvm -o - | FileCheck %s --check-prefix=LLVM
// REQUIRES: x86-registered-target, aarch64-registered-target

// AVX2: vpmaddwd {{.*}}%ymm
// AVX2-NOT: vpmaddubsw
// The epilogue rounds and converts with one vcvtps2dq, then narrows the
// two vectors of a row together with saturating packs (its values are
// already in range): no byte shuffles, one 16-byte store.
// AVX2: vcvtps2dq %ymm
// AVX2: vpackssdw %ymm{{[0-9]+}}, %ymm{{[0-9]+}}, %ymm
// AVX2-NEXT: vextracti128 $1
// AVX2-NEXT: vpackuswb %xmm
// AVX2-NEXT: vpshufd $216
// AVX2: vmov{{dqa|dqu}} %xmm{{[0-9]+}}, {{-?[0-9]*}}(
// VNNI: vpdpbusd {{.*}}%zmm
// VNNI-NOT: vpmaddubsw
// VNNI: vcvtps2dq {rn-sae}, %zmm
// NEON: smlal{{2?}} v{{[0-9]+}}.4s, v{{[0-9]+}}.4h, v{{[0-9]+}}.4h
// DOT: sdot v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.4b[{{[0-3]}}]
// The prepacked weights are read-only data.
// LLVM: @__qnn_conv_packed = private unnamed_addr constant [2 x [72 x [32 x i16]]]
// LLVM: call <8 x i32> @llvm.x86.avx2.pmadd.wd(<16 x i16>
func.func @conv(%x: tensor<1x16x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w = qnn.qconstant dense<3> : tensor<32x16x3x3xi8> -> tensor<32x16x3x3x!quant.uniform<i8:f32, 0.01>>
  %q = qnn.quantize %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>
  %c = qnn.conv2d %q, %w {name = "conv", padding = array<i64: 1, 1>}
      : (tensor<1x16x8x8x!quant.uniform<u8:f32, 0.02:3>>, tensor<32x16x3x3x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>>
  %y = qnn.dequantize %c : tensor<1x32x8x8x!quant.uniform<u8:f32, 0.05:7>> -> tensor<1x32x8x8xf32>
  return %y : tensor<1x32x8x8xf32>
}

