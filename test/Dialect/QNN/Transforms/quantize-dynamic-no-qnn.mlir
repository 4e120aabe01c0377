// The dynamic-quantization presets are qnn attributes: the pass must load the
// qnn dialect itself when its input holds no qnn op (it used to crash on
// such modules, found by the ptq fuzz target).
// RUN: qnn-opt %s --qnn-quantize-dynamic | FileCheck %s
// RUN: qnn-opt %s --qnn-quantize-dynamic=dtype=float16 | FileCheck %s

// CHECK-LABEL: func.func private @decl
func.func private @decl(tensor<4xf32>) -> tensor<4xf32>
// CHECK-LABEL: func.func @plain
// CHECK-NEXT: return %arg0
func.func @plain(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
