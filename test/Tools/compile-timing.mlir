// qnn-compile --timing prints the time of every phase on stderr: parsing,
// each pass of the MLIR pipeline, translation, LLVM's optimization and code
// generation. Without it nothing is printed.
// RUN: qnn-compile %s --target=generic -o %t.o --timing 2>&1 | FileCheck %s
// RUN: qnn-compile %s --target=generic -o %t.o 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty

// CHECK: Execution time report
// CHECK: parse (and check resource blobs)
// CHECK: MLIR pipeline (qnn -> LLVM dialect)
// CHECK: ConvertQNNToKernels
// CHECK: PlanScratch
// CHECK: translation to LLVM IR
// CHECK: LLVM optimization (O3)
// CHECK: LLVM code generation
// CHECK: Total

// QUIET-NOT: Execution time report

func.func @forward(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = qnn.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<u8:f32, 0.5:3>>
  %r = qnn.relu %q {name = "relu"} : tensor<1x8x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8x!quant.uniform<u8:f32, 0.5:3>>
  %d = qnn.dequantize %r : tensor<1x8x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}
