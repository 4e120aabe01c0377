// qnn-compile --threads and --dynamic-batch: a thread count under 1 and a
// dynamic batch for a model not imported at batch 1 are refused; the header
// states each form's dependency and the batch it takes.
// RUN: not qnn-compile %s --target=generic -o %t.o --threads=0 2>&1 | FileCheck %s --check-prefix=THREADS
// RUN: not qnn-compile %s --target=generic -o %t.o --dynamic-batch 2>&1 | FileCheck %s --check-prefix=BATCH
// RUN: qnn-compile %s --target=generic -o %t.o --header %t.h --threads=2
// RUN: FileCheck %s --check-prefix=OMP < %t.h
// RUN: qnn-compile %s --target=generic -o %t.o --header %t.h
// RUN: FileCheck %s --check-prefix=SERIAL < %t.h

// THREADS: qnn-compile: error: --threads must be at least 1
// BATCH: compile-parallel-batch.mlir:[[@LINE+9]]:1: error: --dynamic-batch needs a model imported at batch 1, but input #0 has shape [2, 8, 16, 16] (the leading dimension must be the batch, 1)
// OMP: Compiled with --threads=2: the kernels run on an OpenMP team; link
// OMP-NEXT: with LLVM's libomp (-lomp).
// OMP: #define QNN_F_BATCH 2
// OMP-NEXT: #define QNN_F_DYNAMIC_BATCH 0
// OMP-NEXT: #define QNN_F_THREADS 2 /* qnn-compile --threads: 1 = no OpenMP */
// OMP: #define QNN_F_E_BATCH 3 /* batch is not QNN_F_BATCH */
// SERIAL: Serial code (--threads=1): needs only libc and libm.
// SERIAL: #define QNN_F_THREADS 1
func.func @f(%x: tensor<2x8x16x16xf32>) -> tensor<2x8x16x16xf32> {
  %q = qnn.quantize %x : tensor<2x8x16x16xf32> -> tensor<2x8x16x16x!quant.uniform<u8:f32, 0.5:3>>
  %r = qnn.relu %q : tensor<2x8x16x16x!quant.uniform<u8:f32, 0.5:3>> -> tensor<2x8x16x16x!quant.uniform<u8:f32, 0.5:3>>
  %y = qnn.dequantize %r : tensor<2x8x16x16x!quant.uniform<u8:f32, 0.5:3>> -> tensor<2x8x16x16xf32>
  return %y : tensor<2x8x16x16xf32>
}
