// qnn-compile refuses what it cannot build cleanly, with located errors:
// an arena over --max-arena-bytes, an output it cannot write, and a
// QNN_MAX_CPU_ISA cap that is not a target of this host.
// RUN: not qnn-compile %s --target=x86-64-avx2 -o %t.o --max-arena-bytes=4096 2>&1 | FileCheck %s --check-prefix=ARENA
// RUN: qnn-compile %s --target=x86-64-avx2 -o %t.o --max-arena-bytes=0
// RUN: qnn-compile %s --target=x86-64-avx2 -o %t.o --max-arena-bytes=8192
// RUN: not qnn-compile %s --target=generic -o /dev/full 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: not qnn-compile %s --target=generic -o %t.o --header /dev/full 2>&1 | FileCheck %s --check-prefix=FULL
// RUN: not qnn-compile %s --target=generic -o %t-missing-dir/m.o 2>&1 | FileCheck %s --check-prefix=NODIR
// RUN: not qnn-opt %s -o /dev/full 2>&1 | FileCheck %s --check-prefix=FULL-OPT
// RUN: env QNN_MAX_CPU_ISA=sse9 not qnn-compile %s -o %t.o 2>&1 | FileCheck %s --check-prefix=CAP
// RUN: env QNN_MAX_CPU_ISA=sse9 not qnn-opt %s --qnn-lower-to-llvm=target=native 2>&1 | FileCheck %s --check-prefix=CAP-OPT
// RUN: not qnn-compile %s --target=riscv -o %t.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not qnn-compile %s --target=reference -o %t.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN-REF
// RUN: qnn-compile --help | FileCheck %s --check-prefix=HELP
// REQUIRES: x86-registered-target

// ARENA: compile-errors.mlir:[[@LINE+9]]:8: error: the compiled model needs a scratch arena of at least 8192 bytes, more than the limit of 4096 (qnn-compile --max-arena-bytes); its largest temporary, 8192 bytes of 'memref<1x8x16x16xf32>', is allocated here
// ARENA-NOT: see current operation
// FULL: qnn-compile: error: cannot write /dev/full: No space left on device
// NODIR: qnn-compile: error: cannot write {{.*}}missing-dir/m.o: No such file or directory
// FULL-OPT: qnn-opt: error: cannot write /dev/full: No space left on device
func.func @f(%x: tensor<1x8x16x16xf32>) -> tensor<1x8x16x16xf32> {
  %q = qnn.quantize %x : tensor<1x8x16x16xf32> -> tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>>
  %r = qnn.relu %q : tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>>
  %y = qnn.dequantize %r : tensor<1x8x16x16x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x8x16x16xf32>
  %z = qnn.relu6 %y : tensor<1x8x16x16xf32> -> tensor<1x8x16x16xf32>
  return %z : tensor<1x8x16x16xf32>
}
// The target names in messages and help come from the target table.
// UNKNOWN: qnn-compile: error: unknown target 'riscv' (expected generic, x86-64-avx2, x86-64-avx512vnni, aarch64-neon, aarch64-neon-dotprod, aarch64-neon-i8mm or native)
// UNKNOWN-REF: qnn-compile: error: unknown target 'reference' (expected generic,
// HELP: --target=<string> - generic, x86-64-avx2, x86-64-avx512vnni, aarch64-neon, aarch64-neon-dotprod, aarch64-neon-i8mm or native
// CAP: qnn-compile: error: QNN_MAX_CPU_ISA='sse9' is not a target of this
// CAP-OPT: error: qnn-to-kernels: QNN_MAX_CPU_ISA='sse9' is not a target of this
