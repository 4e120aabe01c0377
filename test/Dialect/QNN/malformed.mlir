// Malformed input is rejected with a located diagnostic and a failing exit
// code, never a crash: `not` (without --crash) fails the test if qnn-opt
// crashes or succeeds.
//
// RUN: split-file --leading-lines %s %t
//
// A file that ends in the middle of an op.
// RUN: not qnn-opt %S/Inputs/truncated.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: {{.*}}truncated.mlir:3:63: error: expected integer literal
//
// RUN: not qnn-opt %t/truncated-type.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED-TYPE
// RUN: not qnn-opt %t/truncated-block.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED-BLOCK
// RUN: not qnn-opt %t/truncated-attr.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED-ATTR
//
// Unknown ops, in custom and generic form.
// RUN: not qnn-opt %t/unknown-op.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not qnn-opt %t/unknown-op-generic.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN-GENERIC
//
// Attributes of the wrong kind.
// RUN: not qnn-opt %t/stride-string.mlir 2>&1 | FileCheck %s --check-prefix=STRIDE
// RUN: not qnn-opt %t/stride-string-generic.mlir 2>&1 | FileCheck %s --check-prefix=STRIDE-GENERIC
// RUN: not qnn-opt %t/qconfig-integer.mlir 2>&1 | FileCheck %s --check-prefix=QCONFIG
// RUN: not qnn-opt %t/observer-is-qconfig.mlir 2>&1 | FileCheck %s --check-prefix=OBSERVER
// RUN: not qnn-opt %t/qconfig-activation-integer.mlir 2>&1 | FileCheck %s --check-prefix=QCONFIG-ACT
//
// Operands of the wrong type.
// RUN: not qnn-opt %t/conv-int-input.mlir 2>&1 | FileCheck %s --check-prefix=CONV-INT
// RUN: not qnn-opt %t/conv-memref-input.mlir 2>&1 | FileCheck %s --check-prefix=CONV-MEMREF
// RUN: not qnn-opt %t/relu-unranked.mlir 2>&1 | FileCheck %s --check-prefix=UNRANKED
// RUN: not qnn-opt %t/missing-result-type.mlir 2>&1 | FileCheck %s --check-prefix=MISSING-TYPE
//
// A file that does not exist.
// RUN: not qnn-opt %t/does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING -DMSG=%errc_ENOENT
// MISSING: cannot open input file '{{.*}}does-not-exist.mlir': [[MSG]]
//
// split-file keeps line numbers, so the checks below use [[@LINE]].

//--- truncated-type.mlir
func.func @f(%x: tensor<4xf32>) {
  // TRUNCATED-TYPE: truncated-type.mlir:[[@LINE+1]]:66: error: unbalanced '<' character in pretty dialect name
  %0 = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.1
//--- truncated-block.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.relu %x : tensor<4xf32> -> tensor<4xf32>
  // The region is never closed: the parser runs into the end of the file,
  // which is the end of this line.
  // TRUNCATED-BLOCK: truncated-block.mlir:[[@LINE]]:{{[0-9]+}}: error: expected operation name in quotes
//--- truncated-attr.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // The observer attribute is never closed.
  // TRUNCATED-ATTR: truncated-attr.mlir:[[@LINE+1]]:48: error: unbalanced '<' character in pretty dialect name
  %0 = qnn.observe %x {observer = #qnn.observer<minmax, bins = 3} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
//--- unknown-op.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // UNKNOWN: unknown-op.mlir:[[@LINE+1]]:8: error: custom op 'qnn.bogus' is unknown
  %0 = qnn.bogus %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
//--- unknown-op-generic.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // UNKNOWN-GENERIC: unknown-op-generic.mlir:[[@LINE+1]]:8: error: unregistered operation 'qnn.bogus' found in dialect ('qnn') that does not allow unknown operations
  %0 = "qnn.bogus"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
//--- stride-string.mlir
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // STRIDE: stride-string.mlir:[[@LINE+1]]:26: error: {{.*}}'qnn.conv2d' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute
  %y = qnn.conv2d %x, %w {stride = "x"} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}
//--- stride-string-generic.mlir
func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // STRIDE-GENERIC: stride-string-generic.mlir:[[@LINE+1]]:8: error: invalid properties {stride = "x"} for op qnn.conv2d: Invalid attribute `stride` in property conversion: "x"
  %y = "qnn.conv2d"(%x, %w) <{stride = "x"}> : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}
//--- qconfig-integer.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // QCONFIG: qconfig-integer.mlir:[[@LINE+1]]:20: error: {{.*}}'qnn.relu' op attribute 'qconfig' failed to satisfy constraint: a PyTorch QConfig
  %0 = qnn.relu %x {qconfig = 3} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
//--- observer-is-qconfig.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // OBSERVER: observer-is-qconfig.mlir:[[@LINE+1]]:23: error: {{.*}}'qnn.observe' op attribute 'observer' failed to satisfy constraint: configuration of a PyTorch observer
  %0 = qnn.observe %x {observer = #qnn.qconfig<fbgemm>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}
//--- qconfig-activation-integer.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // QCONFIG-ACT: qconfig-activation-integer.mlir:[[@LINE+1]]:55: error: expected a #qnn.observer attribute
  %0 = qnn.relu %x {qconfig = #qnn.qconfig<activation = 3, weight = #qnn.observer<minmax>>} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
//--- conv-int-input.mlir
func.func @f(%x: tensor<?xi32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // CONV-INT: conv-int-input.mlir:[[@LINE+1]]:8: error: 'qnn.conv2d' op operand #0 must be ranked tensor of floating-point or quantized type values, but got 'tensor<?xi32>'
  %y = qnn.conv2d %x, %w : (tensor<?xi32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}
//--- conv-memref-input.mlir
func.func @f(%x: memref<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // CONV-MEMREF: conv-memref-input.mlir:[[@LINE+1]]:8: error: 'qnn.conv2d' op operand #0 must be ranked tensor of floating-point or quantized type values, but got 'memref<1x3x8x8xf32>'
  %y = qnn.conv2d %x, %w : (memref<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}
//--- relu-unranked.mlir
func.func @f(%x: tensor<*xf32>) -> tensor<*xf32> {
  // UNRANKED: relu-unranked.mlir:[[@LINE+1]]:22: error: custom op 'qnn.relu' invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'
  %0 = qnn.relu %x : tensor<*xf32> -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
//--- missing-result-type.mlir
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  // MISSING-TYPE: missing-result-type.mlir:[[@LINE+1]]:35: error: expected '->'
  %0 = qnn.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
