// The reference lowering is a registered pipeline: its output runs under
// mlir-runner. quantize rounds half to even and saturates.
// RUN: qnn-opt %s --qnn-reference-lowering | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs | FileCheck %s

// CHECK: [0.25,  -1,  0,  31.75]
func.func private @printMemrefF32(memref<*xf32>)
func.func @main() {
  %x = arith.constant dense<[0.26, -1.0, 0.125, 100.0]> : tensor<4xf32>
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.25:128>>
  %d = qnn.dequantize %q : tensor<4x!quant.uniform<u8:f32, 0.25:128>> -> tensor<4xf32>
  %m = bufferization.to_buffer %d : tensor<4xf32> to memref<4xf32>
  %u = memref.cast %m : memref<4xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
