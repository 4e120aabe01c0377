// --qnn-lower-to-llvm: micro-kernels, bufferization, and the intrinsic
// declarations materialized as llvm.call_intrinsic.
// RUN: qnn-opt %s --qnn-lower-to-llvm="target=x86-64-avx512vnni" | FileCheck %s
// After qnn-split-functions, the passes that work inside one function run
// nested on func.func (MLIR's thread pool spreads them over the pieces);
// those that declare symbols in the module stay module passes.
// The canonicalizations before that (structured control flow: one block per
// region) skip the driver's region simplification, also those of the
// deallocation pipeline.
// RUN: qnn-opt %s --qnn-lower-to-llvm="target=x86-64-avx2" --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=NEST
// RUN: qnn-opt %s --qnn-to-kernels=target=x86-64-avx2 --qnn-materialize-intrinsics | FileCheck %s --check-prefix=MAT
// RUN: not qnn-opt %s --qnn-to-kernels=target=riscv 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not qnn-opt %s --qnn-lower-to-llvm="target=riscv" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: llvm.mlir.global private constant @__qnn_fc_packed
// CHECK-LABEL: llvm.func @fc
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: func.call
// NEST: qnn-to-kernels
// NEST-NEXT: canonicalize{{.*}} region-simplify=disabled
// NEST: qnn-fuse-elementwise
// NEST: canonicalize{{.*}} region-simplify=disabled
// NEST: expand-realloc{emit-deallocs=false}
// NEST-NEXT: canonicalize{{.*}} region-simplify=disabled
// NEST-NEXT: ownership-based-buffer-deallocation{private-function-dynamic-ownership=false}
// NEST-NEXT: canonicalize{{.*}} region-simplify=disabled
// NEST-NEXT: buffer-deallocation-simplification
// NEST-NEXT: bufferization-lower-deallocations
// NEST-NEXT: cse
// NEST-NEXT: canonicalize{{.*}} region-simplify=disabled
// NEST-NOT: canonicalize
// NEST: qnn-split-functions
// NEST-NEXT: func.func(
// NEST-NEXT: lower-affine
// NEST: func.func(
// NEST-NEXT: convert-scf-to-cf
// NEST: func.func(
// NEST-NEXT: expand-strided-metadata
// NEST: func.func(
// NEST-NEXT: lower-affine
// NEST: func.func(
// NEST-NEXT: convert-math-to-llvm
// NEST-NEXT: ),
// NEST-NEXT: convert-math-to-libm,
// NEST-NEXT: func.func(
// NEST-NEXT: convert-vector-to-llvm
// NEST-NEXT: ),
// NEST-NEXT: finalize-memref-to-llvm
// NEST: func.func(
// NEST-NEXT: convert-math-to-llvm
// NEST: func.func(
// NEST-NEXT: convert-arith-to-llvm
// NEST-NEXT: ),
// NEST-NEXT: convert-func-to-llvm
// NEST-NEXT: convert-cf-to-llvm
// MAT-NOT: func.func private @__qnn_intrinsic
// MAT-LABEL: func.func @fc
// MAT: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// MAT-NOT: func.call
// BAD: error: qnn-to-kernels: unknown micro-kernel target 'riscv' (expected generic, x86-64-avx2, x86-64-avx512vnni, aarch64-neon, aarch64-neon-dotprod, aarch64-neon-i8mm or native, or reference)
func.func @fc(%x: tensor<4x32x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>> {
  %w = qnn.qconstant dense<5> : tensor<16x32xi8> -> tensor<16x32x!quant.uniform<i8:f32, 0.01>>
  %y = qnn.linear %x, %w {name = "fc"}
      : (tensor<4x32x!quant.uniform<u8:f32, 0.1:128>>, tensor<16x32x!quant.uniform<i8:f32, 0.01>>)
      -> tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
  return %y : tensor<4x16x!quant.uniform<u8:f32, 0.2:0>>
}
