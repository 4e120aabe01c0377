// qnn-compile --timing prints the time of every phase on stderr: parsing,
// each pass of the MLIR pipeline, translation, LLVM's optimization and code
// generation. Without it nothing is printed.
// RUN: qnn-compile %s --target=generic -o %t.o --timing --jobs=1 2>&1 | FileCheck %s
// RUN: qnn-compile %s --target=generic -o %t.o 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
//
// --jobs=2 optimizes and compiles the module's functions on two threads and
// joins the objects (ld.lld -r); the object exports the same symbols.
// RUN: qnn-compile %s --target=generic -o %t.par.o --timing --jobs=2 2>&1 | FileCheck %s --check-prefix=PAR
// RUN: llvm-nm --extern-only --defined-only %t.o | FileCheck %s --check-prefix=EXPORTS
//
// The module is verified once after the MLIR pipeline (its own phase);
// --verify-each verifies it after every pass instead (no such phase).
// RUN: qnn-compile %s --target=generic -o %t.v.o --timing --jobs=1 --verify-each 2>&1 | FileCheck %s --check-prefix=EACH
// RUN: cmp %t.o %t.v.o
// RUN: llvm-nm --extern-only --defined-only %t.par.o | FileCheck %s --check-prefix=EXPORTS

// CHECK: Execution time report
// CHECK: parse (and check resource blobs)
// CHECK: MLIR pipeline (qnn -> LLVM dialect)
// CHECK: ConvertQNNToKernels
// CHECK: PlanScratch
// CHECK: 'func.func' Pipeline
// CHECK: ConvertVectorToLLVMPass
// CHECK: verification of the lowered module
// CHECK: translation to LLVM IR
// CHECK: LLVM optimization (O2)
// CHECK: LLVM code generation
// CHECK: Total

// QUIET-NOT: Execution time report

// EACH: MLIR pipeline (qnn -> LLVM dialect)
// EACH-NOT: verification of the lowered module
// EACH: translation to LLVM IR

// PAR: translation to LLVM IR
// PAR: LLVM optimization (O2) and code generation, 2 threads

// EXPORTS: T _mlir_ciface_forward
// EXPORTS-NEXT: T forward
// EXPORTS-NEXT: T qnn_forward_run
// EXPORTS-NEXT: T qnn_forward_workspace_size
// EXPORTS-NOT: T

func.func @forward(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = qnn.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<u8:f32, 0.5:3>>
  %r = qnn.relu %q {name = "relu"} : tensor<1x8x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8x!quant.uniform<u8:f32, 0.5:3>>
  %d = qnn.dequantize %r : tensor<1x8x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}
