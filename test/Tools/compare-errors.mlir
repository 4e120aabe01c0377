// Bad uses of qnn-run --compare are errors, never crashes.
// RUN: rm -rf %t && split-file %s %t

// The models must take the same inputs.
// RUN: not qnn-run %S/Inputs/compare-quantized.mlir --compare %t/one-input.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=INPUTS
// INPUTS: qnn-run: error: the float model takes 1 input(s), the quantized model 0

// A float model that does not parse: the parser's diagnostic, with location.
// RUN: not qnn-run %S/Inputs/compare-quantized.mlir --compare %t/bad.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PARSE
// PARSE: bad.mlir:2:8: error: custom op 'qnn.no_such_op' is unknown
// PARSE-NOT: per-layer

// So does a quantized model that does not parse.
// RUN: not qnn-run %t/bad.mlir --compare %S/Inputs/compare-float.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PARSE

// A missing file.
// RUN: not qnn-run %S/Inputs/compare-quantized.mlir --compare %t/missing.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING
// MISSING: qnn-run: error: {{.*}}missing.mlir{{.*}}

// No module name in common.
// RUN: not qnn-run %S/Inputs/compare-quantized.mlir --compare %t/other.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOMATCH
// NOMATCH: qnn-run: error: no layer of {{.*}}compare-quantized.mlir matches a layer of {{.*}}other.mlir by module name

// Without --compare, --output-dir is still required.
// RUN: not qnn-run %S/Inputs/compare-quantized.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTDIR
// OUTDIR: qnn-run: error: --output-dir is required (unless --compare)

//--- one-input.mlir
func.func @m(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = qnn.relu %x {name = "fc1"} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

//--- bad.mlir
func.func @m() -> tensor<1x4xf32> {
  %r = qnn.no_such_op : tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

//--- other.mlir
func.func @m() -> tensor<1x4xf32> {
  %x = arith.constant dense<1.0> : tensor<1x4xf32>
  %r = qnn.relu %x {name = "other"} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
