// A dense_resource blob whose alignment (its first 4 bytes) is 0, not a power
// of two, or huge is rejected before MLIR's parser allocates for it (upstream
// aborts with "out of memory"), by every tool that reads IR.
// RUN: split-file %s %t
// RUN: not qnn-opt %t/zero.mlir 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not qnn-run %t/zero.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not qnn-compile %t/zero.mlir -o %t/m.o 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not qnn-calibrate %t/zero.mlir --data %t -o %t/c.mlir 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not qnn-opt %t/three.mlir 2>&1 | FileCheck %s --check-prefix=THREE
// RUN: not qnn-opt %t/huge.mlir 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: qnn-opt %t/four.mlir | FileCheck %s --check-prefix=FOUR

// ZERO: zero.mlir:8:10: error: resource blob alignment 0 is not a power of two up to 4096
// THREE: three.mlir:8:10: error: resource blob alignment 3 is not a power of two
// HUGE: huge.mlir:8:10: error: resource blob alignment 65536 is not a power of two up to 4096
// FOUR: w: "0x040000000000803F00000040"

//--- zero.mlir
func.func @f() -> tensor<2xf32> {
  %c = arith.constant dense_resource<w> : tensor<2xf32>
  return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x000000000000803F00000040"
    }
  }
#-}
//--- three.mlir
func.func @f() -> tensor<2xf32> {
  %c = arith.constant dense_resource<w> : tensor<2xf32>
  return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x030000000000803F00000040"
    }
  }
#-}
//--- huge.mlir
func.func @f() -> tensor<2xf32> {
  %c = arith.constant dense_resource<w> : tensor<2xf32>
  return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x000001000000803F00000040"
    }
  }
#-}
//--- four.mlir
func.func @f() -> tensor<2xf32> {
  %c = arith.constant dense_resource<w> : tensor<2xf32>
  return %c : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F00000040"
    }
  }
#-}
