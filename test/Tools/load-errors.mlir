// qnn-run, qnn-run --compare and qnn-calibrate load their input through
// one helper (ModelLoader::loadEntry): a missing file is a "<tool>: error:"
// line, a missing or ambiguous entry function an error at the module, and
// every case a failing exit code.
//
// RUN: split-file %s %t
// RUN: not qnn-run %t/does-not-exist.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=RUN-MISSING -DMSG=%errc_ENOENT
// RUN-MISSING: qnn-run: error: cannot open input file '{{.*}}does-not-exist.mlir': [[MSG]]
// RUN: not qnn-calibrate %t/does-not-exist.mlir --data %t -o %t/c.mlir 2>&1 | FileCheck %s --check-prefix=CAL-MISSING -DMSG=%errc_ENOENT
// CAL-MISSING: qnn-calibrate: error: cannot open input file '{{.*}}does-not-exist.mlir': [[MSG]]
// RUN: not qnn-run %t/two.mlir --function=f --compare %t/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=CMP-MISSING -DMSG=%errc_ENOENT
// CMP-MISSING: qnn-run: error: cannot open input file '{{.*}}does-not-exist.mlir': [[MSG]]
//
// RUN: not qnn-run %t/two.mlir --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not qnn-calibrate %t/two.mlir --data %t -o %t/c.mlir 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: two.mlir:{{.*}}: error: expected exactly one function with a body, found 2; choose one with --function
// RUN: not qnn-run %t/two.mlir --function=h --output-dir %t/out 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not qnn-calibrate %t/two.mlir --function=h --data %t -o %t/c.mlir 2>&1 | FileCheck %s --check-prefix=NONE
// NONE: two.mlir:{{.*}}: error: no function 'h' with a body
// RUN: test ! -e %t/c.mlir

//--- two.mlir
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func @g(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
